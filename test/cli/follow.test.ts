import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { arrival, CapturedOutput, jsonLines, runInProcess, startInProcess } from '../support/run';
import { tempFolder } from '../support/tempFiles';

// `scan --follow` as `tail -F`: appends, rotation by rename and re-create, copytruncate, several
// files; Ctrl-C ends it with the count, the summary and the exit code of a scan.

const folder = tempFolder('kms-follow-');

const record = (n: number, code = 'Forbidden.KeyNotFound') =>
  `2026-11-20T08:00:${String(n % 60).padStart(2, '0')}Z ERROR decrypt failed: ErrorCode: ${code} RequestId: ${String(n).padStart(8, '0')}-3910-447D-87BC-AC049166F216\n`;
const quiet = (n: number) => `2026-11-20T08:00:${String(n % 60).padStart(2, '0')}Z INFO request ${n} served\n`;

interface JsonLine {
  type: string;
  path?: string;
  code?: string;
  requestId?: string;
  range?: { start: { line: number } };
  findings?: number;
  files?: number;
}
const objects = (text: string) => jsonLines<JsonLine>(text);
const findings = (text: string) => objects(text).filter((o) => o.type === 'finding');
/** `path:line` of each finding, lines 1-based as editors show them. */
const places = (text: string) => findings(text).map((f) => `${f.path}:${(f.range?.start.line ?? -1) + 1}`);

/**
 * `scan --follow` in this process; `stop()` is the user's Ctrl-C. Resolves once it says where it
 * follows each file from (what is appended later is new to it).
 */
async function follow(args: string[], stdout?: CapturedOutput) {
  const interrupt = new AbortController();
  const run = startInProcess(['scan', '--follow', ...args], {
    cwd: folder.dir,
    interrupt: interrupt.signal,
    ...(stdout ? { stdout } : {}),
  });
  const files = args.filter((a) => a.endsWith('.log')).length;
  await arrival(() => (run.err.text().match(/following from|waiting for it to appear/g) ?? []).length === files);
  return { ...run, stop: () => interrupt.abort() };
}

describe('scan --follow', () => {
  it(
    'starts at the end, numbers lines as in the file, writes appends as they come, and stops on Ctrl-C with the summary',
    { timeout: 60_000 },
    async () => {
      const log = folder.file('app.log', `${quiet(1)}${record(2)}${quiet(3)}`);
      const run = await follow(['app.log', '--format', 'jsonl', '--summary']);
      appendFileSync(log, quiet(4));
      appendFileSync(log, record(5, 'Rejected.Disabled'));
      await arrival(() => findings(run.out.text()).length === 1);
      assert.deepEqual(
        places(run.out.text()),
        ['app.log:5'],
        'what the file held is not reported; lines count from its start',
      );
      assert.match(run.err.text(), /^kms-diagnose: app\.log: following from line 4\n/);
      appendFileSync(log, record(6));
      await arrival(() => findings(run.out.text()).length === 2);
      run.stop();
      const result = await run.done;
      assert.equal(result.code, 1, 'findings: exit code 1, as a scan');
      assert.deepEqual(places(result.stdout), ['app.log:5', 'app.log:6']);
      assert.deepEqual(objects(result.stdout).at(-1), {
        type: 'summary',
        files: 1,
        findings: 2,
        byCode: { 'Rejected.Disabled': 1, 'Forbidden.KeyNotFound': 1 },
      });
      assert.match(result.stderr, /KMS errors by code/, '--summary on stderr, stdout stays JSON Lines');
    },
  );

  it(
    'reads what the file holds first with --from-start, and exits 0 when nothing was found',
    { timeout: 60_000 },
    async () => {
      folder.file('held.log', `${quiet(1)}${record(2)}`);
      const run = await follow(['held.log', '--from-start']);
      await arrival(() => run.out.text().includes('held.log:2:'));
      run.stop();
      const result = await run.done;
      assert.equal(result.code, 1);
      assert.equal(result.stderr, 'kms-diagnose: held.log: following from the start\n1 KMS error(s) in 1 file(s)\n');
      const none = await follow(['held.log', '--format', 'csv']);
      none.stop();
      const empty = await none.done;
      assert.equal(empty.code, 0);
      assert.equal(
        empty.stdout.trim(),
        'path,line,column,code,token,confidence,httpStatus,requestId,message,timestamp,severity',
      );
    },
  );

  it(
    'follows a file rotated by rename and re-create, reading the rest of the old one first',
    { timeout: 60_000 },
    async () => {
      const log = folder.file('rotated.log', quiet(1));
      const run = await follow(['rotated.log', '--format', 'jsonl']);
      appendFileSync(log, record(2));
      await arrival(() => findings(run.out.text()).length === 1);
      renameSync(log, `${log}.1`);
      appendFileSync(`${log}.1`, record(3));
      writeFileSync(log, record(4, 'Rejected.Disabled'));
      await arrival(() => findings(run.out.text()).length === 3);
      appendFileSync(log, record(5));
      await arrival(() => findings(run.out.text()).length === 4);
      run.stop();
      const result = await run.done;
      assert.deepEqual(places(result.stdout), ['rotated.log:2', 'rotated.log:3', 'rotated.log:1', 'rotated.log:2']);
      assert.deepEqual(
        findings(result.stdout).map((f) => f.code),
        ['Forbidden.KeyNotFound', 'Forbidden.KeyNotFound', 'Rejected.Disabled', 'Forbidden.KeyNotFound'],
      );
      assert.match(result.stderr, /rotated\.log: has been replaced; following new file/);
    },
  );

  it('reads a file truncated in place (copytruncate) again from its start', { timeout: 60_000 }, async () => {
    const log = folder.file('copied.log', `${quiet(1)}${quiet(2)}${quiet(3)}`);
    const run = await follow(['copied.log', '--format', 'jsonl']);
    appendFileSync(log, record(4));
    await arrival(() => findings(run.out.text()).length === 1);
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
    await arrival(() => run.err.text().includes('file truncated'));
    appendFileSync(log, record(5, 'Rejected.Disabled'));
    await arrival(() => findings(run.out.text()).length === 2);
    run.stop();
    const result = await run.done;
    assert.deepEqual(places(result.stdout), ['copied.log:4', 'copied.log:1']);
    assert.match(result.stderr, /copied\.log: file truncated/);
  });

  it(
    'follows several files at once, each finding naming its file, and waits for one not there yet',
    { timeout: 60_000 },
    async () => {
      const a = folder.file('a.log', quiet(1));
      const b = `${folder.dir}/later/b.log`;
      folder.file('later/keep', '');
      const run = await follow(['a.log', 'later/b.log', '--format', 'jsonl']);
      await arrival(() => run.err.text().includes('later/b.log: no such file or directory; waiting for it to appear'));
      appendFileSync(a, record(2));
      await arrival(() => findings(run.out.text()).length === 1);
      writeFileSync(b, record(1, 'Rejected.Disabled'));
      await arrival(() => findings(run.out.text()).length === 2);
      appendFileSync(a, record(3));
      await arrival(() => findings(run.out.text()).length === 3);
      run.stop();
      const result = await run.done;
      assert.deepEqual(places(result.stdout), ['a.log:2', 'later/b.log:1', 'a.log:3']);
      assert.match(result.stderr, /later\/b\.log: has appeared; following new file/);
      assert.equal(objects(result.stdout).at(-1)?.files, 2);
    },
  );

  it('refuses json and sarif (suggesting jsonl), folders and stdin', async () => {
    folder.file('x.log', '');
    for (const format of ['json', 'sarif']) {
      const refused = await runInProcess(['scan', '-f', 'x.log', '--format', format], { cwd: folder.dir });
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /^kms-diagnose: --follow writes each finding as it comes.*use --format jsonl/);
      assert.equal(refused.stderr.split('\n').length, 2, 'one line');
    }
    const dir = await runInProcess(['scan', '--follow', '.'], { cwd: folder.dir });
    assert.equal(dir.code, 2);
    assert.match(dir.stderr, /follows files, not folders/);
    const stdin = await runInProcess(['scan', '--follow', '-'], { cwd: folder.dir });
    assert.match(stdin.stderr, /stdin \(-\) is always read as it comes/);
    const alone = await runInProcess(['scan', 'x.log', '--from-start'], { cwd: folder.dir });
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /--from-start goes with --follow/);
  });

  it('reads no faster than a slow reader of its output takes the findings', { timeout: 120_000 }, async () => {
    const count = 40_000;
    folder.file('busy.log', Array.from({ length: count }, (_, n) => record(n)).join(''));
    // Stdout that takes a write only when the test lets it: the CLI must wait rather than pile up text.
    const held: Array<() => void> = [];
    let mostBuffered = 0;
    const stdout = new (class extends CapturedOutput {
      override _write(chunk: Buffer, encoding: BufferEncoding, done: (error?: Error | null) => void): void {
        mostBuffered = Math.max(mostBuffered, this.writableLength);
        super._write(chunk, encoding, () => held.push(done));
      }
    })();
    const run = await follow(['busy.log', '--from-start', '--format', 'jsonl'], stdout);
    // Let writes through one at a time, slowly, until every finding is out.
    let released = 0;
    while (findings(stdout.text()).length < count) {
      await arrival(() => held.length > 0);
      held.shift()?.();
      released++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    run.stop();
    // What is written after Ctrl-C (the summary) is let through too, until the run ends.
    let finished = false;
    const done = run.done.then((result) => {
      finished = true;
      return result;
    });
    while (!finished) {
      held.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const result = await done;
    const total = Buffer.byteLength(result.stdout);
    assert.equal(findings(result.stdout).length, count);
    assert.ok(released > 10, `written in many writes (${released})`);
    assert.ok(
      mostBuffered < total / 6,
      `at most ${mostBuffered} bytes waited for the reader, of ${total} written: reads wait for the reader`,
    );
  });
});
