import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { arrival } from '../support/run';
import { CLI } from '../support/paths';
import { tempFolder } from '../support/tempFiles';

// The real binary, where a real pipe and a real signal are the point: a writer process feeds its
// stdin through a pipe it never closes while waiting, and Ctrl-C (SIGINT) ends `--follow`.

const folder = tempFolder('kms-live-pipe-');

// Writes the next record to stdout each time it reads a line on stdin, and exits on `end`.
const WRITER = `
let n = 0;
process.stdin.setEncoding('utf8');
process.stdin.on('data', (commands) => {
  for (const command of commands.split('\\n').filter(Boolean)) {
    if (command === 'end') return process.exit(0);
    n++;
    const id = String(n).padStart(8, '0') + '-3910-447D-87BC-AC049166F216';
    process.stdout.write('2026-11-20T08:00:0' + (n % 10) + 'Z ERROR Decrypt failed\\nErrorCode: Forbidden.KeyNotFound\\nRequestId: ' + id + '\\n');
  }
});
`;

/** Output of a child gathered as it comes. */
function gather(child: ChildProcess) {
  const seen = { stdout: '', stderr: '' };
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (seen.stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (seen.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { seen, exited };
}

const env = { ...process.env, NO_COLOR: '1', KMS_LANG: '' };

describe('kms-diagnose through a real pipe', () => {
  it(
    'writes each finding before the writer, still holding the pipe open, writes the next record',
    { timeout: 120_000 },
    async () => {
      const writer = spawn(process.execPath, ['-e', WRITER], { stdio: ['pipe', 'pipe', 'inherit'] });
      const cli = spawn(process.execPath, [CLI, 'scan', '-', '--format', 'jsonl'], {
        stdio: [writer.stdout, 'pipe', 'pipe'],
        env,
      });
      const { seen, exited } = gather(cli);
      const findings = () => seen.stdout.split('\n').filter((line) => line.includes('"type":"finding"'));
      for (let n = 1; n <= 5; n++) {
        writer.stdin.write('next\n');
        // The writer writes nothing more until told: the finding must come from what it wrote so far.
        await arrival(() => findings().length === n);
        const finding = JSON.parse(findings()[n - 1] as string) as {
          requestId: string;
          range: { start: { line: number } };
        };
        assert.equal(finding.requestId, `${String(n).padStart(8, '0')}-3910-447D-87BC-AC049166F216`);
        assert.equal(finding.range.start.line, 3 * (n - 1) + 1);
        assert.equal(cli.exitCode, null, 'the scan still runs: the pipe is open');
      }
      writer.stdin.write('end\n');
      assert.equal(await exited, 1);
      assert.match(seen.stdout.trim().split('\n').at(-1) ?? '', /^\{"type":"summary","files":1,"findings":5,/);
    },
  );

  it(
    'ends --follow on Ctrl-C (SIGINT) with the summary and the exit code of a scan',
    { timeout: 120_000 },
    async () => {
      const log = folder.file('app.log', '2026-11-20T08:00:00Z INFO started\n');
      const cli = spawn(process.execPath, [CLI, 'scan', '--follow', log, '--summary'], { env });
      const { seen, exited } = gather(cli);
      await arrival(() => seen.stderr.includes('following from line 2'));
      appendFileSync(log, '2026-11-20T08:00:01Z ERROR ErrorCode: Rejected.Disabled RequestId: 11112222-3333\n');
      await arrival(() => seen.stdout.includes('Rejected.Disabled'));
      cli.kill('SIGINT');
      assert.equal(await exited, 1);
      assert.match(seen.stdout, /app\.log:2:\d+ {2}Rejected\.Disabled/);
      assert.match(seen.stdout, /KMS errors by code\n.*\n {2}Rejected\.Disabled +409 +1/);
      assert.match(seen.stderr, /1 KMS error\(s\) in 1 file\(s\)\n$/);
    },
  );
});
