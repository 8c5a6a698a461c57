import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { InspectLogsResult, SummaryViewResult } from '#shared/protocol';
import { TestClient } from '../support/lspClient';

describe('kms/inspectLogs', () => {
  let dir: string;
  let outside: string;
  let client: TestClient;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kms-inspect-'));
    outside = mkdtempSync(path.join(tmpdir(), 'kms-outside-'));
    const write = (name: string, text: string | Buffer) => {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    };
    write(
      'app.log',
      '2026-11-20T08:00:00Z ERROR ErrorCode: Forbidden.KeyNotFound RequestId: AAAA-1111\n2026-11-20T09:30:00Z ERROR ErrorCode: Rejected.Disabled\n',
    );
    write('old/app.log.gz', gzipSync('2026-11-20T10:00:00Z ERROR ErrorCode: Rejected.Throttling\n'));
    write('notes.md', 'ErrorCode: Rejected.PendingImport\n');
    write('ignored/skip.log', 'ErrorCode: InternalFailure kms\n');
    write('.gitignore', 'ignored/\n');
    write(
      'big/huge.log',
      `${'2026-11-20T11:00:00Z INFO nothing to see here\n'.repeat(200000)}ErrorCode: Rejected.PendingDeletion\n`,
    );
    writeFileSync(path.join(outside, 'secret.log'), 'ErrorCode: Forbidden.AccessKey\n');
    symlinkSync(path.join(outside, 'secret.log'), path.join(dir, 'link.log'));
    client = await TestClient.start();
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('scans the log files with progress, honouring .gitignore and never leaving the folder', async () => {
    const progress: Array<{ kind: string; percentage?: number; message?: string }> = [];
    client.connection.onNotification('$/progress', (p: { token: string; value: (typeof progress)[number] }) => {
      if (p.token === 'inspect-1') progress.push(p.value);
    });
    const result = await client.request<InspectLogsResult>('kms/inspectLogs', {
      folders: [dir],
      workDoneToken: 'inspect-1',
      summaryHtml: true,
    });
    const found = Object.fromEntries(
      result.files.filter((f) => f.findings > 0).map((f) => [path.relative(dir, f.path), f.byCode]),
    );
    assert.deepEqual(found, {
      'app.log': { 'Forbidden.KeyNotFound': 1, 'Rejected.Disabled': 1 },
      'old/app.log.gz': { 'Rejected.Throttling': 1 },
      'big/huge.log': { 'Rejected.PendingDeletion': 1 },
    });
    assert.ok(
      !result.files.some(
        (f) => f.path.includes('ignored') || f.path.endsWith('notes.md') || f.path.endsWith('link.log'),
      ),
    );
    assert.equal(result.summary.findings, 4);
    assert.deepEqual(
      result.summary.byHour.map((h) => [h.hour.slice(11, 13), h.count]),
      [
        ['08', 1],
        ['09', 1],
        ['10', 1],
        ['11', 1],
      ],
    );
    const occurrence = result.files.find((f) => f.path.endsWith('app.log'))!.occurrences[0]!;
    assert.deepEqual(
      [occurrence.code, occurrence.line, occurrence.character, occurrence.requestId, occurrence.timestamp],
      ['Forbidden.KeyNotFound', 0, 38, 'AAAA-1111', Date.UTC(2026, 10, 20, 8)],
    );
    assert.match(occurrence.preview, /ErrorCode: Forbidden\.KeyNotFound/);
    assert.equal(result.codes['Rejected.Disabled']?.status, '409 Conflict');
    assert.match(result.summaryHtml ?? '', /<svg/);
    assert.equal(progress[0]?.kind, 'begin');
    assert.equal(progress.at(-1)?.kind, 'end');
    assert.ok(progress.some((p) => /\d+\/\d+ files/.test(p.message ?? '')));
  });

  it('sums the summary of the view from its files, and follows a file that changes', async () => {
    const first = await client.request<InspectLogsResult>('kms/inspectLogs', { folders: [dir] });
    const listed = () => [...files.values()].filter((f) => f.findings > 0);
    const files = new Map(first.files.map((f) => [f.path, f]));
    const summed = await client.request<SummaryViewResult>('kms/summaryView', { files: listed(), asOf: 0 });
    assert.deepEqual(summed.summary, first.summary);
    assert.equal(first.summary.files, 3, 'files with KMS errors, as the view counts them');
    // A log gains errors: the view replaces that file, and the summary of the view is a new inspection's.
    const file = path.join(dir, 'app.log');
    writeFileSync(
      file,
      '2026-11-21T07:00:00Z ERROR ErrorCode: Rejected.Throttling RequestId: BBBB-2222\n'.repeat(3) +
        '2026-11-21T07:10:00Z ERROR ErrorCode: Forbidden.KeyNotFound RequestId: AAAA-1111\n',
    );
    const changed = await client.request<InspectLogsResult>('kms/inspectLogs', { folders: [dir], files: [file] });
    for (const f of changed.files) files.set(f.path, f);
    const after = await client.request<SummaryViewResult>('kms/summaryView', {
      files: listed(),
      asOf: Date.UTC(2026, 11, 7, 14, 5, 12),
      filter: { text: 'Throttling', findings: 4 },
    });
    const fresh = await client.request<InspectLogsResult>('kms/inspectLogs', { folders: [dir] });
    assert.deepEqual(after.summary, fresh.summary);
    assert.equal(after.summary.findings, 6);
    assert.deepEqual(after.summary.topRequestIds[0], { requestId: 'BBBB-2222', code: 'Rejected.Throttling', count: 3 });
    assert.match(after.html, /6 KMS errors in 3 files/);
    assert.match(after.html, /at 2026-12-07 14:05:12 UTC/);
    assert.match(after.html, /the view shows 4 of them/);
  });

  it('inspects single files, and reads open documents from the editor', async () => {
    const file = path.join(dir, 'app.log');
    client.open(`file://${file}`, 'edited in the editor: ErrorCode: Rejected.PendingImport\n');
    const result = await client.request<InspectLogsResult>('kms/inspectLogs', { folders: [dir], files: [file] });
    assert.deepEqual(
      result.files.map((f) => f.byCode),
      [{ 'Rejected.PendingImport': 1 }],
    );
    client.close(`file://${file}`);
  });

  it('stops when cancelled and says so', async () => {
    for (let i = 0; i < 40; i++)
      writeFileSync(path.join(dir, 'big', `more-${i}.log`), 'x ErrorCode: Rejected.Disabled\n'.repeat(20000));
    const source = new CancellationTokenSource();
    // Cancelled as soon as the scan reports its first file.
    client.connection.onNotification('$/progress', (p: { token: string; value: { kind: string } }) => {
      if (p.token === 'inspect-cancel' && p.value.kind === 'report') source.cancel();
    });
    const pending = client.connection.sendRequest(
      'kms/inspectLogs',
      { folders: [dir], workDoneToken: 'inspect-cancel' },
      source.token,
    ) as Promise<InspectLogsResult>;
    const result = await pending.catch((error: { code?: number }) => ({ cancelledWith: error.code }));
    if ('cancelledWith' in result) assert.equal(result.cancelledWith, -32800);
    else {
      assert.equal(result.cancelled, true);
      assert.ok(result.files.length < 45, `stopped early (${result.files.length} files)`);
    }
  });
});
