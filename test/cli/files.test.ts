import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { CLI } from '../support/paths';
import { runInProcess } from '../support/run';
import { OBJECT_METHODS, tempFolder } from '../support/tempFiles';

const folder = tempFolder('kms-cli-files-');
const file = folder.file;
const codes = (stdout: string) => (JSON.parse(stdout).findings as Array<{ code: string }>).map((f) => f.code);

/** A shell command line, as a user types it; bash gives `<(cmd)` a pipe path such as /dev/fd/63. */
function shell(command: string) {
  const run = spawnSync('bash', ['-c', command], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
const cli = `"${process.execPath}" "${CLI}"`;

describe('kms-diagnose scan: files that are not plain files', () => {
  it('reads a pipe path from process substitution as a stream', () => {
    const result = shell(
      `${cli} scan --format json <(printf 'x\\nErrorCode: Rejected.Disabled\\nErrorCode: Forbidden.KeyNotFound\\n')`,
    );
    assert.equal(result.stderr, '');
    assert.deepEqual(codes(result.stdout), ['Rejected.Disabled', 'Forbidden.KeyNotFound']);
    assert.match(JSON.parse(result.stdout).findings[0].path, /^\/(dev|proc)\//);
    assert.equal(result.code, 1);
  });

  it('reads a user catalog given as a pipe path', () => {
    const catalog = JSON.stringify({
      version: 1,
      name: 'piped',
      codes: [
        {
          code: 'Team.Piped',
          httpStatus: 409,
          message: 'm',
          category: 'key-state',
          text: { en: { description: 'd', remediation: ['r'] } },
        },
      ],
    });
    const log = file('piped.log', 'ErrorCode: Team.Piped\n');
    const result = shell(`${cli} scan --format json --catalog <(printf '%s' '${catalog}') "${log}"`);
    assert.equal(result.stderr, '');
    assert.deepEqual(codes(result.stdout), ['Team.Piped']);
  });

  it('skips a FIFO inside a folder instead of waiting on it', { timeout: 60000 }, async () => {
    file('fifo/app.log', 'ErrorCode: Rejected.Disabled\n');
    assert.equal(spawnSync('mkfifo', [path.join(folder.dir, 'fifo', 'pipe.log')]).status, 0);
    const result = await runInProcess(['scan', path.join(folder.dir, 'fifo'), '--format', 'json']);
    assert.deepEqual(codes(result.stdout), ['Rejected.Disabled']);
    assert.equal(JSON.parse(result.stdout).summary.files, 1);
  });

  it('keeps every finding read before a truncated .gz breaks off, then exits 2 with the error', async () => {
    const lines = Array.from({ length: 4000 }, (_, i) =>
      i % 100 === 0
        ? `2026-11-20T08:00:00Z ERROR ErrorCode: Rejected.Disabled n=${i}`
        : `2026-11-20T08:00:00Z INFO ok n=${i} ${'x'.repeat(i % 37)}`,
    ).join('\n');
    const whole = gzipSync(lines);
    const gz = file('rotated.log.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));
    const result = await runInProcess(['scan', gz, '--format', 'json']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /rotated\.log\.gz: unexpected end of file/);
    const found = (JSON.parse(result.stdout).findings as unknown[]).length;
    const zcat = shell(`zcat "${gz}" 2>/dev/null | ${cli} scan - --format json`);
    assert.ok(found > 0, 'findings before the cut are reported');
    assert.equal(found, JSON.parse(zcat.stdout).findings.length, 'as many as zcat | kms-diagnose scan - finds');
  });
});

describe('kms-diagnose scan: text from users', () => {
  it('counts codes named constructor, toString and valueOf like any other', async () => {
    const catalog = file('proto-catalog.json', OBJECT_METHODS.catalog);
    const log = file('proto.log', OBJECT_METHODS.log);
    const result = await runInProcess(['scan', log, '--catalog', catalog, '--format', 'json']);
    assert.equal(result.stderr, '');
    assert.deepEqual(JSON.parse(result.stdout).summary.byCode, OBJECT_METHODS.byCode);
  });

  it('writes a path holding a line break on one line of the text format', async () => {
    const log = file('odd\nname.log', 'ErrorCode: Rejected.Disabled\nErrorCode: Forbidden.KeyNotFound\n');
    const result = await runInProcess(['scan', log]);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 2, 'one line per finding');
    for (const line of lines) assert.ok(line.startsWith(`${path.join(folder.dir, 'odd')}\\nname.log:`), line);
  });
});
