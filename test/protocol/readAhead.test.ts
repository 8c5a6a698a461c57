import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { ReadAheadResult } from '#shared/protocol';
import { TestClient } from '../support/lspClient';

/** About 9 MB of log: over the size from which a log is read ahead, with a KMS error every 400 lines. */
function largeLog(): string {
  const quiet = '2026-11-20T08:00:00Z INFO  [svc-1] request handled user cache refresh took=12ms';
  const block: string[] = [];
  for (let i = 0; i < 400; i++) block.push(quiet);
  block.push('2026-11-20T08:00:01Z ERROR decrypt failed: ErrorCode: Rejected.Disabled RequestId: 1B2C3D4E-5F60-4718');
  const chunk = `${block.join('\n')}\n`;
  return chunk.repeat(Math.ceil((9 << 20) / chunk.length));
}

describe('kms/readAhead', () => {
  let dir: string;
  let client: TestClient;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kms-read-ahead-'));
    writeFileSync(path.join(dir, 'big.log'), largeLog());
    writeFileSync(path.join(dir, 'small.log'), 'ErrorCode: Rejected.Disabled\n');
    writeFileSync(path.join(dir, 'big.json'), `${'{"a":1}\n'.repeat(1 << 20)}ErrorCode: Rejected.Disabled\n`);
    client = await TestClient.start({ settings: { diagnostics: { maxPerFile: 0 } } });
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("indexes a large log from disk as its tab opens, with progress, and the editor's text takes that index over", async () => {
    const file = path.join(dir, 'big.log');
    const uri = pathToFileURL(file).href;
    const progress: Array<{ kind: string; percentage?: number; title?: string }> = [];
    client.connection.onNotification('$/progress', (p: { token: string; value: (typeof progress)[number] }) => {
      if (p.token === 'ahead-1') progress.push(p.value);
    });
    const ahead = await client.request<ReadAheadResult>('kms/readAhead', { uri, workDoneToken: 'ahead-1' });
    assert.ok(ahead.diagnostics, 'the problems of the file read from disk');
    const text = readFileSync(file, 'utf8');
    const errors = text.split('Rejected.Disabled').length - 1;
    assert.equal(ahead.diagnostics.length, errors);
    assert.equal(progress[0]?.kind, 'begin');
    assert.match(progress[0]?.title ?? '', /KMS: indexing big\.log/);
    assert.equal(progress.at(-1)?.kind, 'end');
    // The editor opens the same text: the index read ahead is complete from its first answer on.
    client.open(uri, text);
    const opened = await client.diagnostics(uri);
    assert.match(opened.resultId ?? '', /:all$/, 'complete at once, not indexed again');
    assert.deepEqual(opened.items, ahead.diagnostics);
    const status = await client.request<{ scanned: number }>('kms/serverStatus', {});
    assert.ok(status.scanned <= text.length * 1.05, `the text was scanned once (${status.scanned} of ${text.length})`);
    client.close(uri);
  });

  it('answers at once, without progress, for a small log, a file that is no log, and one already open', async () => {
    for (const name of ['small.log', 'big.json', 'missing.log']) {
      const result = await client.request<ReadAheadResult>('kms/readAhead', {
        uri: pathToFileURL(path.join(dir, name)).href,
      });
      assert.equal(result.diagnostics, null, name);
    }
    const open = pathToFileURL(path.join(dir, 'big.log')).href;
    client.open(open, 'ErrorCode: Rejected.Disabled\n');
    assert.equal((await client.request<ReadAheadResult>('kms/readAhead', { uri: open })).diagnostics, null);
    client.close(open);
  });

  it('opens the text the editor sends when it differs from the file read ahead', async () => {
    const uri = pathToFileURL(path.join(dir, 'big.log')).href;
    await client.request<ReadAheadResult>('kms/readAhead', { uri });
    client.open(uri, 'edited before it opened: ErrorCode: Forbidden.KeyNotFound\n');
    const opened = await client.diagnostics(uri);
    assert.deepEqual(
      opened.items.map((d) => d.code),
      ['Forbidden.KeyNotFound'],
    );
    client.close(uri);
  });
});
