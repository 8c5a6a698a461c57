import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ROOT } from '../support/paths';
import { loadCorpus } from '../support/corpus';
import { runInProcess } from '../support/run';
import { tempFolder } from '../support/tempFiles';
import { bySize, TEST_SIZE } from '../support/testSize';

const folder = tempFolder('kms-cli-workers-');

/** The public corpus's snippets: every shape of error record the scanner reads, and decoys. */
const corpus = loadCorpus().map((entry) => entry.text);

/**
 * A folder of many logs of very different sizes (so that worker threads finish out of order), in
 * nested folders, with CRLF, CJK and emoji text, plus files that cannot be read: a corrupt and a
 * truncated `.gz`, a binary file and a FIFO. Its large logs are smaller at the smoke size.
 */
before(() => {
  const { file } = folder;
  corpus.forEach((text, i) => {
    const big = i % 7 === 0;
    const copies = bySize(60, 400);
    const body = big ? Array.from({ length: copies }, (_, n) => `${text}\nline ${n} 中文 😀 ok`).join('\n') : text;
    const name = `logs/${String.fromCharCode(97 + (i % 5))}/snippet-${String(i).padStart(2, '0')}.log`;
    file(name, i % 3 === 0 ? body.replace(/\n/g, '\r\n') : body);
  });
  const lines = Array.from({ length: 3000 }, (_, i) =>
    i % 50 === 0 ? `2026-11-20T08:00:00Z ERROR ErrorCode: Rejected.Disabled n=${i}` : `INFO ok n=${i}`,
  ).join('\n');
  const gz = gzipSync(lines);
  file('logs/c/rotated.log.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
  file('logs/d/corrupt.log.gz', Buffer.from('not gzip at all\n'));
  file('logs/b/core.bin.log', Buffer.from([0x45, 0x72, 0x72, 0, 1, 2, 3]));
  assert.equal(spawnSync('mkfifo', [path.join(folder.dir, 'logs', 'a', 'pipe.log')]).status, 0);
});

const scan = (args: string[]) => runInProcess(['scan', 'logs', ...args], { cwd: folder.dir });

describe('kms-diagnose scan: a folder on worker threads', () => {
  for (const format of ['text', 'json', 'sarif', 'csv']) {
    it(`writes the same ${format} bytes, in the same order, as on one thread`, { timeout: 60000 }, async () => {
      const one = await scan(['--format', format, '--jobs', '1']);
      const pool = await scan(['--format', format, '--jobs', '4']);
      assert.ok(one.stdout.length > 10000, 'the folder has many findings');
      assert.equal(pool.stdout, one.stdout);
      assert.equal(pool.stderr, one.stderr);
      assert.equal(pool.code, one.code);
      if (TEST_SIZE === 'full') {
        const again = await scan(['--format', format, '--jobs', '3']);
        assert.equal(again.stdout, one.stdout, 'the order does not depend on which worker finishes first');
      }
    });
  }

  it('lists files in the walk order and reports the files it cannot read as before', { timeout: 60000 }, async () => {
    const result = await scan(['--format', 'json', '--jobs', '4']);
    assert.equal(result.code, 2, 'a read error exits 2');
    const report = JSON.parse(result.stdout) as { findings: Array<{ path: string }>; summary: { files: number } };
    const paths = [...new Set(report.findings.map((f) => f.path))];
    assert.deepEqual(paths, [...paths].sort(), 'files come in name order, folder by folder');
    assert.ok(paths.includes(path.join('logs', 'c', 'rotated.log.gz')), 'findings before the cut are kept');
    // Every snippet and the truncated .gz are scanned; the corrupt .gz fails on open, the FIFO is not read.
    assert.equal(report.summary.files, corpus.length + 1);
    assert.match(result.stderr, /logs\/c\/rotated\.log\.gz: unexpected end of file/);
    assert.match(result.stderr, /logs\/d\/corrupt\.log\.gz: incorrect header check/);
    assert.match(result.stderr, /logs\/b\/core\.bin\.log: binary file skipped/);
    assert.doesNotMatch(result.stderr, /pipe\.log/);
  });

  it('keeps --summary, --since and the binary note the same', { timeout: 60000 }, async () => {
    const args = ['--summary', '--since', '2026-11-20T00:00:00Z', '--confidence', 'low'];
    const one = await scan([...args, '--jobs', '1']);
    const pool = await scan([...args, '--jobs', '2']);
    assert.match(one.stdout, /KMS errors by code/);
    assert.equal(pool.stdout, one.stdout);
    assert.equal(pool.stderr, one.stderr);
  });

  it('reads stdin between files in the order given', { timeout: 60000 }, async () => {
    const args = ['scan', 'logs/a', '-', 'logs/b', '--format', 'json'];
    const input = 'ErrorCode: Rejected.Disabled\n';
    const one = await runInProcess([...args, '--jobs', '1'], { cwd: folder.dir, input });
    const pool = await runInProcess([...args, '--jobs', '2'], { cwd: folder.dir, input });
    assert.equal(pool.stdout, one.stdout);
    assert.ok(JSON.parse(one.stdout).findings.some((f: { path: string }) => f.path === '-'));
  });

  it('refuses a --jobs that is not a positive whole number', async () => {
    for (const jobs of ['0', '-1', 'two', '1.5']) {
      const result = await scan([`--jobs=${jobs}`]);
      assert.equal(result.code, 2, jobs);
      assert.match(result.stderr, /--jobs must be a whole number/);
    }
  });
});

describe('kms-diagnose scan: one large log in slices, on worker threads', () => {
  const large = tempFolder('kms-cli-slices-');
  // Over twice the slice size (8 MB), so the file is cut into slices: generated lines, the corpus's
  // snippets between them (CRLF in some), CJK, emoji, a byte order mark and a long minified line.
  before(async () => {
    const generator = (await import(path.join(ROOT, 'bench', 'generate.mjs'))) as {
      logLines(rand: () => number): Iterable<string>;
      mulberry32(seed: number): () => number;
    };
    const parts: string[] = ['\ufeff'];
    let size = 0;
    let n = 0;
    for (const line of generator.logLines(generator.mulberry32(11))) {
      parts.push(line, '\n');
      size += line.length + 1;
      if (++n % 2000 === 0) {
        const text = corpus[(n / 2000) % corpus.length] as string;
        parts.push(
          n % 3 === 0 ? text.replace(/\n/g, '\r\n') : text,
          '\n中文 😀 ',
          'x'.repeat(n % 7 === 0 ? 300_000 : 10),
          '\n',
        );
      }
      if (size > 18_500_000) break;
    }
    large.file('big.log', parts.join(''));
  });

  // Slices are 8 MB, so the log stays over 16 MB at either size; the smoke size compares JSON (with
  // the summary tables, on stderr) only.
  for (const format of bySize(['json'], ['json', 'text'])) {
    it(`writes the same ${format} bytes as a scan from the start`, { timeout: 120000 }, async () => {
      const args = ['scan', 'big.log', '--format', format, ...(format === 'json' ? ['--summary'] : [])];
      const one = await runInProcess([...args, '--jobs', '1'], { cwd: large.dir });
      const sliced = await runInProcess([...args, '--jobs', '2'], { cwd: large.dir });
      assert.ok(one.stdout.split('\n').length > 2000, 'the log has many findings');
      assert.equal(sliced.stdout, one.stdout);
      assert.equal(sliced.stderr, one.stderr);
      assert.equal(sliced.code, one.code);
    });
  }

  if (TEST_SIZE === 'full')
    it('keeps --summary and --since the same', { timeout: 120000 }, async () => {
      const args = ['scan', 'big.log', '--summary', '--since', '2026-11-20T09:00:00Z'];
      const one = await runInProcess([...args, '--jobs', '1'], { cwd: large.dir });
      const sliced = await runInProcess([...args, '--jobs', '2'], { cwd: large.dir });
      assert.match(one.stdout, /KMS errors by code/);
      assert.equal(sliced.stdout, one.stdout);
    });
});
