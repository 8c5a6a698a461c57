import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runInProcess } from '../support/run';

let dir: string;
const file = (name: string, content: string) => {
  const full = path.join(dir, name);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
  return full;
};
const codes = (stdout: string) => (JSON.parse(stdout).findings as Array<{ code: string }>).map((f) => f.code);
const csvTimes = (stdout: string) =>
  stdout
    .trim()
    .split('\r\n')
    .slice(1)
    .map((row) => row.split(',').at(-1));

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kms-cli-options-'));
  file(
    'sum/a.log',
    [
      '2026-11-20T08:05:00Z ERROR ErrorCode: Rejected.Throttling RequestId: REQ-1',
      '2026-11-20T08:40:00Z ERROR ErrorCode: Rejected.Throttling RequestId: REQ-1',
      '2026-11-20T10:15:00Z ERROR ErrorCode: Forbidden.KeyNotFound RequestId: REQ-2',
      '',
    ].join('\n'),
  );
  file('sum/b.log', 'ErrorCode: Rejected.Throttling\n');
  // JSON log lines with epoch seconds: 08:00, 09:10 and 10:10:00.25 UTC on 2026-11-20.
  file(
    'epoch.log',
    [1795161600, 1795165800, '1795169400.25']
      .map((ts) => `{"ts":${ts},"level":"error","msg":"Forbidden.KeyNotFound"}`)
      .join('\n'),
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('kms-diagnose scan --summary', () => {
  it('prints tables per code and per hour (empty hours included) after the findings', async () => {
    const result = await runInProcess(['scan', 'sum', '--summary'], { cwd: dir });
    assert.equal(result.code, 1);
    const split = result.stdout.indexOf('\n\nKMS errors by code') + 1;
    assert.equal(result.stdout.slice(0, split).split('\n').length - 1, 4, 'four findings first');
    assert.equal(
      result.stdout.slice(split),
      `
KMS errors by code
  code                   status  count
  Rejected.Throttling       429      3  ${'█'.repeat(30)}
  Forbidden.KeyNotFound     404      1  ${'█'.repeat(10)}

KMS errors by hour (UTC)
  hour              count
  2026-11-20 08:00      2  ${'█'.repeat(30)}
  2026-11-20 09:00      0
  2026-11-20 10:00      1  ${'█'.repeat(15)}
  1 finding(s) without a timestamp

Top RequestIds
  requestId  code                   count
  REQ-1      Rejected.Throttling        2
  REQ-2      Forbidden.KeyNotFound      1
`,
    );
  });

  it('says when there is nothing to count', async () => {
    const result = await runInProcess(['scan', file('quiet.log', 'all good\n'), '--summary']);
    assert.equal(result.code, 0);
    assert.match(
      result.stdout,
      /^\nKMS errors by code\n {2}\(none\)\n\nKMS errors by hour \(UTC\)\n {2}\(no timestamps\)\n$/,
    );
  });

  it('keeps stdout valid JSON (and CSV) with a machine format: the tables go to stderr', async () => {
    const json = await runInProcess(['scan', 'sum', '--summary', '--format', 'json'], { cwd: dir });
    assert.equal(json.code, 1);
    assert.equal(JSON.parse(json.stdout).summary.findings, 4);
    assert.match(json.stderr, /KMS errors by code\n {2}code +status +count\n {2}Rejected\.Throttling +429 +3 /);
    assert.match(json.stderr, / {2}2026-11-20 09:00 +0\n/);
    const csv = await runInProcess(['scan', 'sum', '--summary', '--format', 'csv'], { cwd: dir });
    assert.equal(csv.stdout.trim().split('\r\n').length, 5);
    assert.match(csv.stderr, /KMS errors by hour \(UTC\)/);
  });
});

describe('kms-diagnose scan --since / --until', () => {
  it('keeps findings in [since, until) by ISO 8601 times and says what was left out', async () => {
    const result = await runInProcess(
      ['scan', 'sum', '--since', '2026-11-20T08:30:00Z', '--until', '2026-11-20T10:15:00Z', '--format', 'csv'],
      { cwd: dir },
    );
    assert.equal(result.code, 1);
    assert.deepEqual(csvTimes(result.stdout), ['2026-11-20T08:40:00.000Z']);
    assert.match(result.stderr, /1 finding\(s\) without a timestamp left out by --since\/--until/);
  });

  it('reads dates as UTC midnight and honours zone offsets', async () => {
    const day = await runInProcess(['scan', 'sum', '--since', '2026-11-21', '--format', 'json'], { cwd: dir });
    assert.equal(day.code, 0);
    assert.deepEqual(codes(day.stdout), []);
    const before = await runInProcess(['scan', 'sum', '--until', '2026-11-20', '--format', 'json'], { cwd: dir });
    assert.deepEqual(codes(before.stdout), []);
    // 16:30 in UTC+8 is 08:30 UTC.
    const zoned = await runInProcess(['scan', 'sum', '--until', '2026-11-20T16:30:00+08:00', '--format', 'csv'], {
      cwd: dir,
    });
    assert.deepEqual(csvTimes(zoned.stdout), ['2026-11-20T08:05:00.000Z']);
  });

  it('filters JSON logs by their epoch timestamps', async () => {
    const result = await runInProcess(
      ['scan', 'epoch.log', '--since', '2026-11-20T09:00', '--until', '2026-11-20T10:10:00.250Z', '--format', 'csv'],
      { cwd: dir },
    );
    assert.deepEqual(csvTimes(result.stdout), ['2026-11-20T09:10:00.000Z']);
    const until = await runInProcess(['scan', 'epoch.log', '--since', '2026-11-20T10:10:00.250Z', '--format', 'csv'], {
      cwd: dir,
    });
    assert.deepEqual(csvTimes(until.stdout), ['2026-11-20T10:10:00.250Z'], 'since is inclusive');
  });

  it('counts what was left out in the summary', async () => {
    const result = await runInProcess(['scan', 'sum', '--since', '2026-11-20T08:30:00Z', '--summary'], { cwd: dir });
    assert.match(
      result.stdout,
      /\n {2}2026-11-20 08:00 +1 +█+\n {2}2026-11-20 09:00 +0\n {2}2026-11-20 10:00 +1 +█+\n/,
    );
    assert.match(result.stdout, / {2}left out by --since\/--until: 1 outside the range, 1 without a timestamp\n/);
    assert.doesNotMatch(result.stderr, /left out/, 'said once, in the summary');
  });

  it('exits 2 with one clear line for an invalid or empty range', async () => {
    for (const args of [
      ['--since', 'yesterday'],
      ['--until', '2026-02-30'],
      ['--since', '2026-11-20T25:00'],
      ['--since', '2026-11-20T10:00Z', '--until', '2026-11-20T09:00Z'],
    ]) {
      const result = await runInProcess(['scan', 'sum', ...args], { cwd: dir });
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stdout, '');
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
    const bad = await runInProcess(['scan', 'sum', '--since', 'yesterday'], { cwd: dir });
    assert.equal(
      bad.stderr,
      'kms-diagnose: --since must be an ISO 8601 date or date-time such as 2026-11-20 or 2026-11-20T08:30:00Z (got "yesterday")\n',
    );
  });
});

describe('kms-diagnose scan progress', () => {
  it('never draws a progress bar when stderr is not a terminal, even for many files', async () => {
    for (let i = 0; i < 25; i++) file(`many/f${String(i).padStart(2, '0')}.log`, 'ErrorCode: Rejected.Disabled\n');
    for (const extra of [[], ['--no-progress']]) {
      const result = await runInProcess(['scan', 'many', '--format', 'json', ...extra], { cwd: dir });
      assert.equal(result.code, 1);
      assert.equal(JSON.parse(result.stdout).summary.files, 25);
      assert.ok(!result.stderr.includes('\r') && !result.stdout.includes('\r'));
      assert.doesNotMatch(result.stderr, /MB\/s|files/);
    }
  });
});
