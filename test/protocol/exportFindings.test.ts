import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ExportFindingsResult } from '#shared/protocol';
import { TestClient } from '../support/lspClient';
import { tempFolder } from '../support/tempFiles';

const folder = tempFolder('kms-export-');
const entry = (code: string, id: string) => `2026-11-20T08:00:00Z ERROR ErrorCode: ${code} RequestId: ${id}\n`;

describe('kms/exportFindings', () => {
  let client: TestClient;
  before(async () => {
    folder.file('logs/a.log', entry('Rejected.Disabled', 'AAAA-0001') + entry('Rejected.Throttling', 'AAAA-0002'));
    folder.file('logs/b.log', entry('Rejected.Throttling', 'BBBB-0001'));
    folder.file('logs/c.log', entry('Forbidden.KeyNotFound', 'CCCC-0001'));
    client = await TestClient.start();
  });
  after(() => client.stop());

  const exported = (format: string, name: string, filter?: string) =>
    client.request<ExportFindingsResult>('kms/exportFindings', {
      folders: [path.join(folder.dir, 'logs')],
      format,
      target: path.join(folder.dir, name),
      ...(filter ? { filter } : {}),
    });

  it("counts the files the exported findings came from, with the view's filter as without", async () => {
    const filtered = await exported('json', 'filtered.json', 'Throttling');
    assert.deepEqual([filtered.findings, filtered.files], [2, 2]);
    const report = JSON.parse(readFileSync(path.join(folder.dir, 'filtered.json'), 'utf8')) as {
      findings: Array<{ code: string; path: string }>;
    };
    assert.deepEqual(report.findings.map((f) => f.path).sort(), ['a.log', 'b.log']);
    const all = await exported('json', 'all.json');
    assert.deepEqual([all.findings, all.files], [4, 3]);
  });

  it('writes a severity column in CSV: error for what needs action, warning for a transient fault', async () => {
    await exported('csv', 'all.csv');
    const [header = '', ...rows] = readFileSync(path.join(folder.dir, 'all.csv'), 'utf8').trim().split(/\r?\n/);
    assert.equal(header.split(',').at(-1), 'severity');
    const severityOf = (code: string) =>
      rows
        .find((row) => row.includes(`,${code},`))
        ?.split(',')
        .at(-1);
    assert.equal(severityOf('Rejected.Disabled'), 'error');
    assert.equal(severityOf('Rejected.Throttling'), 'warning');
    assert.equal(severityOf('Forbidden.KeyNotFound'), 'error');
  });
});
