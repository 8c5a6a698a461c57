import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import type { Interruption } from '../../server/src/cli/io';
import { CLI } from '../support/paths';
import { CapturedOutput, runInProcess } from '../support/run';
import { tempFolder } from '../support/tempFiles';

// SIGINT or SIGTERM during a scan: the report is closed with what was found (a JSON or SARIF document
// that parses, saying it was interrupted), a line on stderr says so, and the exit code is 130 or 143.

const folder = tempFolder('kms-cli-interrupt-');
const LINE = 'ErrorCode: Rejected.Disabled RequestId: 0A1B-22\n';

interface Report {
  findings: unknown[];
  summary: { files: number; findings: number; interrupted?: string };
}
interface Sarif {
  runs: Array<{
    results: unknown[];
    invocations?: Array<{ executionSuccessful: boolean; exitSignalName?: string }>;
  }>;
}

/** Stdin that gives `lines` lines of findings, then waits for more that never come (calling `waiting`). */
async function* openEnded(lines: number, waiting: () => void = () => undefined) {
  yield Buffer.from(LINE.repeat(lines));
  waiting();
  await new Promise(() => undefined);
}

/**
 * Runs main with `signal` sent (twice when `twice`) at the first write to stdout, or when stdin
 * (lines of findings, then nothing more) waits for more.
 */
async function interruptedRun(args: string[], signal: Interruption, stdinLines = 0, twice = false) {
  let interrupt: ((signal: Interruption) => void) | undefined;
  let listening = 0;
  const fire = () => {
    interrupt?.(signal);
    if (twice) interrupt?.(signal);
    interrupt = undefined;
  };
  const stdin = openEnded(stdinLines, fire);
  const captured = new CapturedOutput();
  const stdout = new Writable({
    write(chunk: Buffer, encoding, done) {
      fire();
      captured.write(chunk, encoding, done);
    },
  });
  const err = new CapturedOutput();
  const exits: number[] = [];
  const code = await main(args, {
    stdin,
    stdout,
    stderr: err,
    env: { NO_COLOR: '1' },
    cwd: folder.dir,
    exit: (c) => exits.push(c),
    onInterrupt(handler) {
      interrupt = handler;
      listening++;
      return () => listening--;
    },
  });
  assert.equal(listening, 0, 'no longer listening once the scan ends');
  return { code, stdout: captured.text(), stderr: err.text(), exits };
}

// A scan that does not hear the signal waits for stdin forever: such a test fails by its timeout.
describe('kms-diagnose scan interrupted', { timeout: 180_000 }, () => {
  it('closes a JSON report read from stdin with what was found, says so, and exits 130', async () => {
    const run = await interruptedRun(['scan', '-', '--format', 'json'], 'SIGINT', 1000);
    assert.equal(run.code, 130);
    const report = JSON.parse(run.stdout) as Report;
    assert.ok(report.findings.length > 0);
    assert.equal(report.summary.findings, report.findings.length);
    assert.equal(report.summary.interrupted, 'SIGINT');
    assert.match(run.stderr, /^kms-diagnose: interrupted \(SIGINT\): the report holds what was found before\n$/);
  });

  it('closes a SARIF report of a folder on worker threads, saying the run was interrupted, and exits 143', async () => {
    for (let i = 0; i < 20; i++) folder.file(`logs/f${String(i).padStart(2, '0')}.log`, LINE.repeat(1000));
    for (const jobs of ['1', '2']) {
      const run = await interruptedRun(['scan', 'logs', '--format', 'sarif', '--jobs', jobs], 'SIGTERM');
      assert.equal(run.code, 143);
      const sarif = JSON.parse(run.stdout) as Sarif;
      const [scanRun] = sarif.runs;
      assert.ok(scanRun && scanRun.results.length > 0 && scanRun.results.length < 20 * 1000, `--jobs ${jobs}`);
      assert.deepEqual(
        scanRun.invocations?.map((i) => [i.executionSuccessful, i.exitSignalName]),
        [[false, 'SIGTERM']],
      );
      assert.match(run.stderr, /interrupted \(SIGTERM\)/);
    }
    // Not interrupted: no invocation, and the summary says nothing of it.
    const sarif = await runInProcess(['scan', 'logs/f00.log', '--format', 'sarif'], { cwd: folder.dir });
    assert.equal((JSON.parse(sarif.stdout) as Sarif).runs[0]?.invocations, undefined);
    const json = await runInProcess(['scan', 'logs/f00.log', '--format', 'json'], { cwd: folder.dir });
    assert.equal('interrupted' in (JSON.parse(json.stdout) as Report).summary, false);
    assert.equal(json.code, 1);
  });

  it('ends at once on a second signal', async () => {
    const run = await interruptedRun(['scan', '-', '--format', 'csv'], 'SIGINT', 1000, true);
    assert.deepEqual(run.exits, [130]);
  });

  it('stops the binary on SIGINT and SIGTERM with its report closed', async () => {
    for (const [signal, format, code] of [
      ['SIGINT', 'json', 130],
      ['SIGTERM', 'sarif', 143],
      ['SIGINT', 'text', 130],
    ] as const) {
      const child = spawn(process.execPath, [CLI, 'scan', '-', '--format', format], {
        cwd: folder.dir,
        env: { ...process.env, NO_COLOR: '1' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8');
      // The rest of what is written may meet a process that has stopped reading.
      child.stdin.on('error', () => undefined);
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      // Findings first, stdin left open as a `tail -f` would: the signal comes once output has arrived.
      child.stdin.write(LINE.repeat(10000));
      const closed = new Promise((resolve) => child.on('close', resolve));
      await new Promise<void>((resolve) =>
        child.stdout.on('data', (d: string) => {
          if (stdout === '') {
            child.kill(signal);
            resolve();
          }
          stdout += d;
        }),
      );
      assert.equal(await closed, code, `${signal} ${format}: ${stderr}`);
      assert.match(stderr, new RegExp(`kms-diagnose: interrupted \\(${signal}\\)`));
      if (format === 'json') assert.equal((JSON.parse(stdout) as Report).summary.interrupted, signal);
      if (format === 'sarif')
        assert.equal((JSON.parse(stdout) as Sarif).runs[0]?.invocations?.[0]?.exitSignalName, signal);
      child.stdin.destroy();
    }
  });
});
