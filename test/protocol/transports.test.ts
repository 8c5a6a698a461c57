import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TestClient, type Diagnostic } from '../support/lspClient';

const uri = (name: string) => `file:///workspace/${name}`;

describe('language server transports and robustness', () => {
  // One server over stdio with pull diagnostics for the tests that need no other client.
  let shared: TestClient;
  before(async () => {
    shared = await TestClient.start();
  });
  after(() => shared.stop());

  it('speaks LSP over node IPC, pushes diagnostics to clients without pull support, and forgets closed documents', async () => {
    const client = await TestClient.start({ transport: 'ipc', pullDiagnostics: false });
    try {
      client.open(uri('push.log'), 'x\nErrorCode: Rejected.PendingImport\n');
      const published = await client.until(() => client.published.get(uri('push.log')));
      assert.deepEqual(
        (published.diagnostics as Diagnostic[]).map((d) => d.code),
        ['Rejected.PendingImport'],
      );
      // Closing drops the document and clears its diagnostics.
      client.close(uri('push.log'));
      await client.until(() => client.published.get(uri('push.log'))?.diagnostics.length === 0 || undefined);
      const status = await client.request<{ documents: number }>('kms/serverStatus', {});
      assert.equal(status.documents, 0);
    } finally {
      await client.stop();
    }
  });

  it('pushes the first findings of a large log while it is still being indexed, then all of them', async () => {
    const client = await TestClient.start({ pullDiagnostics: false });
    try {
      const filler = `${'2026-11-20T08:00:00Z INFO request ok\n'.repeat(60_000)}`;
      const text = `ErrorCode: Rejected.Disabled\n${filler}${filler}ErrorCode: Rejected.PendingImport\n`;
      client.open(uri('large.log'), text);
      await client.until(() => (client.publications.get(uri('large.log'))?.at(-1) ?? 0) >= 2 || undefined);
      assert.deepEqual(client.publications.get(uri('large.log')), [1, 2]);
    } finally {
      await client.stop();
    }
  });

  it('shows progress while a large log is indexed', async () => {
    const client = shared;
    const progress: Array<{ kind: string; title?: string; percentage?: number }> = [];
    client.connection.onNotification('$/progress', (p: { value: (typeof progress)[number] }) => {
      progress.push(p.value);
    });
    const line = '2026-11-20T08:00:00Z INFO request ok ErrorCode: Rejected.Disabled\n';
    client.open(uri('big progress.log'), line.repeat(Math.ceil((9 << 20) / line.length)));
    await client.until(() => progress.some((p) => p.kind === 'end') || undefined, 120_000);
    assert.equal(progress[0]?.kind, 'begin');
    assert.equal(progress[0]?.title, 'KMS: indexing big progress.log');
    const percentages = progress.filter((p) => p.kind === 'report').map((p) => p.percentage ?? -1);
    assert.ok(percentages.length > 0);
    assert.deepEqual(
      percentages,
      [...percentages].sort((a, b) => a - b),
      'percentages only grow',
    );
    assert.equal(progress.at(-1)?.kind, 'end');
  });

  it('survives hostile input and keeps answering', async () => {
    const client = shared;
    const nasty = `\u0000\u0001\uFFFF${'\ud800'.repeat(3)}${'Forbidden.'.repeat(50000)}\n${'{"Code":'.repeat(20000)}\n<![CDATA[<!DOCTYPE x [<!ENTITY a "b">]>\nErrorCode: Rejected.Disabled`;
    client.open(uri('nasty.log'), nasty);
    const report = await client.diagnostics(uri('nasty.log'));
    assert.deepEqual(
      report.items.map((d) => d.code),
      ['Rejected.Disabled'],
    );
    const decoded = await client.request<{ ok: boolean }>('kms/decodeResponse', { text: nasty });
    assert.equal(typeof decoded.ok, 'boolean');
    // An edit past the end is refused, with a logged error, and the document keeps its text.
    client.expectErrors(/didChange .* refused: .*past the document's 4 lines/);
    const errors = client.logs.filter((l) => l.type === 1).length;
    client.edit(uri('nasty.log'), { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } }, '');
    await client.until(() => client.logs.filter((l) => l.type === 1).length > errors || undefined);
    assert.deepEqual(
      (await client.diagnostics(uri('nasty.log'))).items.map((d) => [d.code, d.range.start.line]),
      [['Rejected.Disabled', 3]],
    );
  });

  it('works for a workspace file URI with spaces and Unicode', async () => {
    const client = shared;
    const fileUri = pathToFileURL('/tmp/my logs/日志 1.log').href;
    client.open(fileUri, 'ErrorCode: Rejected.Disabled\n', 'plaintext');
    assert.equal((await client.diagnostics(fileUri)).items.length, 1);
  });
});
