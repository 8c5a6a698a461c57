import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { openText } from '../../server/src/core/files/files';
import { scanJobs } from '../../server/src/cli/scanInputs';
import { ReportScanner, type ReportSettings } from '../../server/src/cli/scanJob';
import { runInProcess } from '../support/run';
import { tempFolder } from '../support/tempFiles';

const folder = tempFolder('kms-small-files-');

interface ReportShape {
  findings: Array<{ path: string; code: string; requestId: string | null; range: { start: { line: number } } }>;
  summary: { files: number; notScanned?: number };
}

interface SarifShape {
  runs: Array<{
    invocations?: Array<{
      toolExecutionNotifications?: Array<{
        locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string } } }>;
      }>;
    }>;
  }>;
}

const SETTINGS: ReportSettings = {
  format: 'json',
  locale: 'en',
  color: false,
  minConfidence: 'high',
  failOn: 'low',
  timeRange: { since: null, until: null },
  summary: false,
  progress: false,
  baseDir: '/',
  read: {},
};

describe('a folder of many small logs: the work per file', () => {
  it('sends the files of a folder to the worker threads in groups, not one task per file', async () => {
    for (let i = 0; i < 1000; i++) folder.file(`many/d${i % 7}/${i}.log`, `line ${i} ErrorCode: Rejected.Disabled\n`);
    const root = path.join(folder.dir, 'many');
    const scanner = new ReportScanner(builtinCatalog(), SETTINGS);
    let tasks = 0;
    const files: string[] = [];
    for await (const job of scanJobs([root], { include: [], exclude: [] }, Readable.from([]), scanner, { cwd: '/' })) {
      assert.ok('task' in job);
      tasks++;
      if ('task' in job && 'paths' in job.task) files.push(...job.task.paths);
    }
    assert.equal(files.length, 1000);
    assert.ok(tasks <= Math.ceil(1000 / 32) + 7, `${tasks} tasks for 1,000 files`);
    assert.deepEqual(files, [...files].sort(), 'in walk order');
  });

  it('hands large files of a folder to the workers one per task, so that they share them evenly', async () => {
    const line = 'ErrorCode: Rejected.Disabled '.padEnd(99, '.') + '\n';
    for (let i = 0; i < 6; i++) folder.file(`large/${i}.log`, line.repeat(7000));
    const scanner = new ReportScanner(builtinCatalog(), SETTINGS);
    const groups: number[] = [];
    const root = path.join(folder.dir, 'large');
    for await (const job of scanJobs([root], { include: [], exclude: [] }, Readable.from([]), scanner, { cwd: '/' }))
      if ('task' in job && 'paths' in job.task) groups.push(job.task.paths.length);
    assert.deepEqual(groups, [1, 1, 1, 1, 1, 1]);
  });

  it('reads a small file with one read, and hands its text over whole', async () => {
    const file = folder.file('one.log', 'ErrorCode: Rejected.Disabled\n'.repeat(100));
    const reads: number[] = [];
    const opened = await openText(file, { onRawBytes: (count) => reads.push(count) });
    assert.deepEqual(reads, [2900]);
    assert.equal(opened.kind, 'text');
    assert.ok(opened.kind === 'text' && Array.isArray(opened.chunks), 'decoded at once, not streamed');
  });

  it('reports the same findings in the same order in groups as file by file', async () => {
    for (let i = 0; i < 300; i++)
      folder.file(
        `order/${String(i).padStart(3, '0')}.log`,
        i % 3 ? 'ok\n' : `ErrorCode: Forbidden.KeyNotFound n=${i}\n`,
      );
    const cwd = path.join(folder.dir, 'order');
    const pooled = await runInProcess(['scan', '.', '--format', 'json', '--jobs', '2'], { cwd });
    const one = await runInProcess(['scan', '.', '--format', 'json', '--jobs', '1'], { cwd });
    assert.equal(pooled.stdout, one.stdout);
    assert.equal((JSON.parse(one.stdout) as { findings: unknown[] }).findings.length, 100);
  });

  for (const jobs of ['1', '2']) {
    it(`keeps each finding of a group to its own file (--jobs ${jobs})`, async () => {
      // The RequestId that follows a code belongs to its record, unless it is in the next file.
      folder.file('bounds/a.log', 'ErrorCode: Forbidden.KeyNotFound\n');
      folder.file('bounds/b.log', 'RequestId: 11111111-2222-3333-4444-555555555555\n');
      folder.file('bounds/c.log', 'ErrorCode: Rejected.Disabled\nRequestId: 66666666-7777-8888-9999-000000000000\n');
      const cwd = path.join(folder.dir, 'bounds');
      const run = await runInProcess(['scan', '.', '--format', 'json', '--jobs', jobs], { cwd });
      const report = JSON.parse(run.stdout) as ReportShape;
      assert.deepEqual(
        report.findings.map((f) => [f.path, f.code, f.requestId, f.range.start.line]),
        [
          ['a.log', 'Forbidden.KeyNotFound', null, 0],
          ['c.log', 'Rejected.Disabled', '66666666-7777-8888-9999-000000000000', 0],
        ],
      );
      assert.equal(report.summary.files, 3);
    });

    it(`reports a file of a group it cannot scan by its path, in its place (--jobs ${jobs})`, async () => {
      // More files than a group holds, so that --jobs 2 hands groups to worker threads.
      const name = (i: number) => `${String(i).padStart(3, '0')}.log`;
      for (let i = 0; i < 300; i++) folder.file(`mixed/${name(i)}`, `ErrorCode: Forbidden.KeyNotFound n=${i}\n`);
      const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0, 0, 0, 3, 4, 0, 0, 9]);
      for (const i of [4, 200]) folder.file(`mixed/${name(i)}`, binary);
      const cwd = path.join(folder.dir, 'mixed');
      const json = await runInProcess(['scan', '.', '--format', 'json', '--jobs', jobs], { cwd });
      const report = JSON.parse(json.stdout) as ReportShape;
      const scanned = Array.from({ length: 300 }, (_, i) => i).filter((i) => i !== 4 && i !== 200);
      assert.deepEqual(
        report.findings.map((f) => f.path),
        scanned.map(name),
      );
      assert.deepEqual([report.summary.files, report.summary.notScanned], [298, 2]);
      assert.match(json.stderr, /^kms-diagnose: 004\.log: binary file skipped\nkms-diagnose: 200\.log: binary/m);
      const sarif = await runInProcess(['scan', '.', '--format', 'sarif', '--jobs', jobs], { cwd });
      const notes = (JSON.parse(sarif.stdout) as SarifShape).runs[0]?.invocations?.[0]?.toolExecutionNotifications;
      assert.deepEqual(
        notes?.map((n) => n.locations?.[0]?.physicalLocation?.artifactLocation?.uri),
        ['004.log', '200.log'],
      );
    });
  }
});
