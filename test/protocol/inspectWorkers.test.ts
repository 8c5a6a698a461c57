import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { InspectLogsResult } from '#shared/protocol';
import { TestClient } from '../support/lspClient';
import { loadCorpus } from '../support/corpus';
import { runInProcess } from '../support/run';
import { tempFolder } from '../support/tempFiles';

const folder = tempFolder('kms-inspect-workers-');

const corpus = loadCorpus().map((entry) => entry.text);

interface CliFinding {
  path: string;
  code: string;
  range: { start: { line: number; character: number } };
}

describe('kms/inspectLogs on many files (worker threads)', () => {
  let client: TestClient;
  let open: string;
  before(async () => {
    // Logs of very different sizes, so that workers finish out of order; CRLF, CJK and emoji included.
    corpus.forEach((text, i) => {
      const big = i % 6 === 0;
      const body = big ? Array.from({ length: 300 }, (_, n) => `${text}\n第 ${n} 行 😀`).join('\n') : text;
      folder.file(
        `logs/${i % 4}/snippet-${String(i).padStart(2, '0')}.log`,
        i % 3 === 0 ? body.replace(/\n/g, '\r\n') : body,
      );
    });
    folder.file('logs/1/core.bin.log', Buffer.from([0x45, 0x72, 0x72, 0, 1, 2, 3]));
    folder.file('logs/2/corrupt.log.gz', Buffer.from('not gzip at all\n'));
    folder.file('logs/3/rotated.log.gz', gzipSync('2026-11-20T10:00:00Z ERROR ErrorCode: Rejected.Throttling\n'));
    open = folder.file('logs/0/open.log', 'on disk: ErrorCode: Rejected.Disabled\n');
    client = await TestClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('reports every file in the listed order with the findings the CLI finds, open documents from the editor', async () => {
    client.open(`file://${open}`, 'edited: ErrorCode: Rejected.PendingImport\nErrorCode: Forbidden.KeyNotFound\n');
    const logs = path.join(folder.dir, 'logs');
    const result = await client.request<InspectLogsResult>('kms/inspectLogs', { folders: [logs] });
    client.close(`file://${open}`);
    const cli = await runInProcess(['scan', logs, '--format', 'json', '--jobs', '1']);
    const expected = new Map<string, string[]>();
    for (const f of (JSON.parse(cli.stdout) as { findings: CliFinding[] }).findings) {
      const list = expected.get(f.path) ?? [];
      list.push(`${f.range.start.line}:${f.range.start.character} ${f.code}`);
      expected.set(f.path, list);
    }

    const paths = result.files.map((f) => f.path);
    assert.deepEqual(paths, [...paths].sort(), 'files in the order they are listed');
    assert.equal(result.files.length, corpus.length + 4);
    for (const file of result.files) {
      const listed = file.occurrences.map((o) => `${o.line}:${o.character} ${o.code}`);
      if (file.path === open) assert.deepEqual(listed, ['0:19 Rejected.PendingImport', '1:11 Forbidden.KeyNotFound']);
      else assert.deepEqual(listed, expected.get(file.path) ?? [], file.path);
      assert.equal(file.findings, listed.length);
    }
    const error = (name: string) => result.files.find((f) => f.path.endsWith(name))?.error;
    assert.equal(error('core.bin.log'), 'binary file skipped');
    assert.match(error('corrupt.log.gz') ?? '', /incorrect header check/);
    assert.equal(
      result.summary.findings,
      result.files.reduce((sum, f) => sum + f.findings, 0),
    );
    assert.equal(result.cancelled, false);
  });

  it('lists at most 2,000 occurrences of a file and 20,000 in all, counting the rest', async () => {
    const lines = Array.from(
      { length: 2500 },
      (_, i) => `2026-11-20T08:00:00Z ERROR ErrorCode: Rejected.Disabled n=${i}`,
    );
    for (let i = 0; i < 12; i++) folder.file(`many/f-${String(i).padStart(2, '0')}.log`, lines.join('\n'));
    const result = await client.request<InspectLogsResult>('kms/inspectLogs', {
      folders: [path.join(folder.dir, 'many')],
    });
    assert.deepEqual(
      result.files.map((f) => [f.findings, f.occurrences.length, f.truncated]),
      [...Array.from({ length: 10 }, () => [2500, 2000, true]), [2500, 0, true], [2500, 0, true]],
    );
    assert.equal(result.summary.findings, 30000);
  });
});
