import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createWriteStream, truncateSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { MAX_INPUT } from '../../server/src/core/decoder/decoder';
import { CapturedOutput, runInProcess } from '../support/run';
import { tempFolder, userCatalogEntry } from '../support/tempFiles';

// Reads are bounded by what is documented: decode reads at most 1 MB of any input (a file, a pipe,
// stdin, a device), user catalogs are size-checked before they are read, --jobs is capped.

const folder = tempFolder('kms-cli-limits-');
const RESPONSE = '{"Code":"Rejected.Disabled","Message":"The key is disabled.","RequestId":"0A1B-22","HttpStatus":409}';

/** An endless stream that counts the bytes it handed out. */
function endless(head: string, filler: string) {
  const counter = { pulled: 0 };
  const chunk = Buffer.from(filler.repeat(Math.ceil(65536 / filler.length)));
  async function* generate() {
    counter.pulled += head.length;
    yield Buffer.from(head);
    for (;;) {
      counter.pulled += chunk.length;
      yield chunk;
      // As a pipe would: the event loop turns between chunks (a reader that never stops times out).
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return { stream: generate(), counter };
}

async function runWithStdin(args: string[], stdin: AsyncIterable<Buffer>) {
  const out = new CapturedOutput();
  const err = new CapturedOutput();
  const exits: number[] = [];
  const code = await main(args, {
    stdin,
    stdout: out,
    stderr: err,
    env: { NO_COLOR: '1' },
    cwd: folder.dir,
    exit: (c) => exits.push(c),
  });
  return { code, stdout: out.text(), stderr: err.text(), exits };
}

const CUT = /only its first 1,048,576 characters \(1 MB\) are decoded; the rest was not read/;

// A reader without a limit never ends on these inputs: each test fails by its timeout instead.
const ENDS = { timeout: 120_000 };

describe('kms-diagnose reads no more than its limits', () => {
  it('decodes the start of an endless stdin, reading about its limit, and says the input was cut', ENDS, async () => {
    for (const [head, filler, code] of [
      [`${RESPONSE}\n`, ' ', 0],
      ['', 'y\n', 2],
      ['', '\u0000', 2],
      ['SDK.ServerError\nErrorCode: Forbidden.KeyNotFound\n', '请求ID 解密失败 ', 0],
    ] as const) {
      const { stream, counter } = endless(head, filler);
      const run = await runWithStdin(['decode', '-'], stream);
      assert.equal(run.code, code, run.stderr);
      assert.match(run.stderr, CUT);
      assert.doesNotMatch(run.stderr, /Invalid string length|\n\s+at /);
      // At most the limit in characters, as bytes (3 per character at most), and a chunk more.
      assert.ok(counter.pulled <= 3 * MAX_INPUT + 65536 * 4, `${counter.pulled} bytes read`);
      if (code === 0) assert.match(run.stdout, /Code\s+(Rejected\.Disabled|Forbidden\.KeyNotFound)/);
    }
  });

  it('decodes the start of a file over its limit as it decodes that start alone', async () => {
    const filler = 'INFO request handled in 3 ms\n'.repeat(Math.ceil((3 * MAX_INPUT) / 29));
    const large = folder.file('large.log', `${RESPONSE}\n${filler}`);
    const start = folder.file('start.log', `${RESPONSE}\n${filler}`.slice(0, MAX_INPUT));
    for (const format of ['text', 'json']) {
      const whole = await runInProcess(['decode', large, '--format', format]);
      const alone = await runInProcess(['decode', start, '--format', format]);
      assert.equal(whole.code, 0);
      assert.equal(whole.stdout, alone.stdout);
      assert.match(whole.stderr, CUT);
      assert.equal(alone.stderr, '', 'a file within the limit is not said to be cut');
    }
  });

  it('stops reading /dev/zero and /dev/urandom at its limit, with a one-line reason', ENDS, async () => {
    for (const device of ['/dev/zero', '/dev/urandom']) {
      const run = await runInProcess(['decode', device]);
      assert.equal(run.code, 2);
      const lines = run.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 2, run.stderr);
      assert.match(lines[0] as string, CUT);
      assert.match(lines[1] as string, /^kms-diagnose: not a decodable response: /);
    }
  });

  it('checks the size of a user catalog before reading it, and stops reading an endless one', ENDS, async () => {
    const log = folder.file('catalog.log', 'ErrorCode: Rejected.Disabled\n');
    // A sparse file: 100 MB on paper, of NULs that would fail as JSON if they were read.
    const big = folder.file('big.json', '');
    truncateSync(big, 100 << 20);
    const sized = await runInProcess(['scan', log, '--catalog', big, '--format', 'json']);
    assert.match(sized.stderr, /Catalog .*big\.json could not be read: it is 100 MB, and a catalog holds at most 8 MB/);
    assert.equal(JSON.parse(sized.stdout).summary.findings, 1, 'the built-in catalog still applies');

    const fifo = path.join(folder.dir, 'endless.json');
    execFileSync('mkfifo', [fifo]);
    const writer = createWriteStream(fifo);
    let written = 0;
    const entry = JSON.stringify(userCatalogEntry('Team.Endless'));
    const pump = () => {
      while (writer.write(`${entry},`)) written += entry.length + 1;
    };
    writer.on('drain', pump);
    writer.on('error', () => undefined);
    writer.once('open', () => {
      writer.write('{"version":1,"name":"endless","codes":[');
      pump();
    });
    const endlessRun = await runInProcess(['scan', log, '--catalog', fifo, '--format', 'json']);
    writer.destroy();
    assert.match(endlessRun.stderr, /endless\.json could not be read: it holds more than 8 MB/);
    assert.equal(JSON.parse(endlessRun.stdout).summary.findings, 1);
    assert.ok(written < 10 << 20, `${written} bytes written before the reader stopped`);
  });

  it('caps --jobs and KMS_SCAN_JOBS at 4 per core, with a note', async () => {
    const dir = path.join(folder.dir, 'jobs');
    for (let i = 0; i < 6; i++) folder.file(`jobs/f${i}.log`, `ErrorCode: Rejected.Disabled ${i}\n`);
    const most = 4 * availableParallelism();
    const one = await runInProcess(['scan', dir, '--format', 'json', '--jobs', '1']);
    const flag = await runInProcess(['scan', dir, '--format', 'json', '--jobs', '9999']);
    const env = await runInProcess(['scan', dir, '--format', 'json'], { env: { KMS_SCAN_JOBS: '5000' } });
    assert.equal(flag.stderr, `kms-diagnose: --jobs 9999 is more than 4 per core; ${most} are used\n`);
    assert.equal(env.stderr, `kms-diagnose: KMS_SCAN_JOBS=5000 is more than 4 per core; ${most} are used\n`);
    assert.equal(flag.stdout, one.stdout);
    assert.equal(env.stdout, one.stdout);
    const within = await runInProcess(['scan', dir, '--format', 'json', '--jobs', String(most)]);
    assert.equal(within.stderr, '');
  });
});
