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
});
