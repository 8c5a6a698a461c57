import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, copyFileSync, openSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { after, describe, it } from 'node:test';
import { CLI } from '../support/paths';
import { encodeGbk, encodeUtf16 } from '../support/encodings';
import { arrival, CapturedOutput, jsonLines, startInProcess } from '../support/run';
import { tempFolder } from '../support/tempFiles';

// Live inputs (stdin left open, a followed log) are decoded as files are: UTF-16, GB18030, NUL runs,
// binary. Their encoding is decided on what came before the writer paused, not once 8 KB came.

const folder = tempFolder('kms-live-encodings-');

const record = (n: number, code = 'Forbidden.KeyNotFound') =>
  `2026-11-20T08:00:${String(n % 60).padStart(2, '0')}Z ERROR decrypt failed: ErrorCode: ${code} RequestId: ${String(n).padStart(8, '0')}-3910-447D-87BC-AC049166F216\n`;
const GBK_RECORD =
  '2026-11-20 08:00:01,456 ERROR 调用密钥服务失败 错误码: Forbidden.KeyNotFound 请求ID: 4C467B38-3910-447D-87BC-AC049166F216\n';

interface JsonLine {
  type: string;
  code?: string;
  requestId?: string | null;
  range?: { start: { line: number; character: number } };
}
const objects = (text: string) => jsonLines<JsonLine>(text);
const findings = (text: string) => objects(text).filter((o) => o.type === 'finding');

/** A `scan -` whose stdin the test writes to and leaves open. */
function piped() {
  const stdin = new PassThrough();
  const run = startInProcess(['scan', '-', '--format', 'jsonl'], { stdin });
  let finished = false;
  const end = () => (finished = true);
  run.done.then(end, end);
  return { ...run, stdin, finished: () => finished };
}

// Follows a test left running (it failed or timed out before its Ctrl-C): stopped at the end, or
// their watchers would keep the test process alive.
const following = new Set<AbortController>();
after(() => {
  for (const interrupt of following) interrupt.abort();
});

/** `scan --follow` in this process; `stop()` is Ctrl-C. Resolves once it says where it follows from. */
async function follow(args: string[], stderr?: CapturedOutput) {
  const interrupt = new AbortController();
  following.add(interrupt);
  const run = startInProcess(['scan', '--follow', '--format', 'jsonl', ...args], {
    cwd: folder.dir,
    interrupt: interrupt.signal,
    ...(stderr ? { stderr } : {}),
  });
  await arrival(() => /following from/.test(run.err.text()));
  return { ...run, stop: () => interrupt.abort() };
}

describe('scan - left open', () => {
  for (const [name, bytes] of [
    ['UTF-16LE without BOM', encodeUtf16(record(1), 'le', false)],
    ['UTF-16BE with BOM', encodeUtf16(record(1), 'be', true)],
    ['GBK', encodeGbk(GBK_RECORD)],
  ] as const) {
    it(`gives the finding of one ${name} record while stdin stays open`, { timeout: 60_000 }, async () => {
      const run = piped();
      run.stdin.write(bytes);
      await arrival(() => findings(run.out.text()).length === 1);
      const [finding] = findings(run.out.text());
      assert.equal(finding?.code, 'Forbidden.KeyNotFound');
      assert.match(finding?.requestId ?? '', /-3910-447D-87BC-AC049166F216$/);
      assert.equal(run.finished(), false, 'stdin is still open');
      run.stdin.end();
      assert.equal((await run.done).code, 1);
    });
  }

  it('says a binary stdin is skipped and exits 2, without waiting for it to end', { timeout: 60_000 }, async () => {
    const run = piped();
    run.stdin.write(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0, 0, 4, 5, 6, 7, 0, 8, 0x7f]));
    const result = await run.done;
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^kms-diagnose: -: binary file skipped\n/);
    run.stdin.end();
  });
});

/**
 * Once the run says the followed log was truncated, the writer (whose descriptor still points past
 * the old end) writes its next line after a hole: what the run reports then, once stopped.
 */
async function findingsAfterHole(log: string, run: Awaited<ReturnType<typeof follow>>) {
  await arrival(() => run.err.text().includes('file truncated'));
  const fd = openSync(log, 'r+');
  writeSync(fd, record(2, 'Rejected.Disabled'), Buffer.byteLength(record(1)));
  closeSync(fd);
  await arrival(() => findings(run.out.text()).length === 1);
  run.stop();
  return findings((await run.done).stdout);
}

describe('scan --follow', () => {
  it(
    'reads the hole copytruncate leaves (NULs up to where the writer was) as nothing, as a scan does',
    { timeout: 60_000 },
    async () => {
      const log = folder.file('hole.log', record(1));
      const run = await follow(['hole.log']);
      copyFileSync(log, `${log}.1`);
      truncateSync(log, 0);
      const [finding] = await findingsAfterHole(log, run);
      assert.equal(finding?.code, 'Rejected.Disabled');
      assert.deepEqual(finding?.range?.start, {
        line: 0,
        character: record(2, 'Rejected.Disabled').indexOf('Rejected'),
      });
    },
  );

  it('notices a truncation made as following begins, before its first read', { timeout: 60_000 }, async () => {
    const log = folder.file('early-hole.log', record(1));
    // Truncated the moment the run says where it follows from: before it has read a byte.
    class TruncatingStderr extends CapturedOutput {
      override _write(chunk: Buffer, encoding: BufferEncoding, done: (error?: Error | null) => void): void {
        if (chunk.toString('utf8').includes('following from')) truncateSync(log, 0);
        super._write(chunk, encoding, done);
      }
    }
    const run = await follow(['early-hole.log'], new TruncatingStderr());
    const [finding] = await findingsAfterHole(log, run);
    assert.equal(finding?.code, 'Rejected.Disabled');
    assert.equal(finding?.range?.start.line, 0);
  });

  it('reads GBK appended to a followed log', { timeout: 60_000 }, async () => {
    const log = folder.file('gbk.log', record(1));
    const run = await follow(['gbk.log']);
    appendFileSync(log, encodeGbk(GBK_RECORD));
    await arrival(() => findings(run.out.text()).length === 1);
    run.stop();
    const [finding] = findings((await run.done).stdout);
    assert.equal(finding?.requestId, '4C467B38-3910-447D-87BC-AC049166F216', '请求ID read as the label it is');
    assert.equal(finding?.range?.start.line, 1);
  });

  it('follows a UTF-16 log from its start, its lines numbered as in the file', { timeout: 60_000 }, async () => {
    const log = folder.file('wide.log', encodeUtf16(record(1) + record(2), 'le', true));
    const run = await follow(['wide.log']);
    assert.match(run.err.text(), /wide\.log: UTF-16 text: following from the start/);
    await arrival(() => findings(run.out.text()).length === 2);
    appendFileSync(log, encodeUtf16(record(3, 'Rejected.Disabled'), 'le', false));
    await arrival(() => findings(run.out.text()).length === 3);
    run.stop();
    const result = await run.done;
    assert.deepEqual(
      findings(result.stdout).map((f) => [f.range?.start.line, f.code]),
      [
        [0, 'Forbidden.KeyNotFound'],
        [1, 'Forbidden.KeyNotFound'],
        [2, 'Rejected.Disabled'],
      ],
    );
  });

  it('says a binary file is skipped and no longer followed, and exits 2', { timeout: 60_000 }, async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7) % 32;
    writeFileSync(`${folder.dir}/image.log`, bytes);
    const run = await follow(['image.log', '--from-start']);
    await arrival(() => run.err.text().includes('binary file skipped'));
    const result = await run.done;
    assert.equal(result.code, 2);
    assert.match(result.stderr, /image\.log: binary file skipped, no longer followed; --binary text reads it as text/);
  });

  it('does not follow the file its own stdout writes to', { timeout: 60_000 }, async () => {
    const out = folder.file('findings.log', record(1));
    const fd = openSync(out, 'a');
    const child = spawn(process.execPath, [CLI, 'scan', '--follow', 'findings.log'], {
      cwd: folder.dir,
      stdio: ['ignore', fd, 'pipe'],
      timeout: 50_000,
    });
    closeSync(fd);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.match(stderr, /findings\.log: not followed: it is this run's own output \(stdout\)/);
    assert.equal(code, 0);
  });
});
