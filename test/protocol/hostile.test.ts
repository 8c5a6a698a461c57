import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { hoveredCode } from '../support/assertions';
import { TestClient } from '../support/lspClient';

// A legal client that makes every optional choice against the server; hostileInput.test.ts sends it bad input.
const uri = (name: string) => `file:///workspace/${name}`;
const LOG = 'first line\nErrorCode: Rejected.Disabled\nlast line\n';
const FULL_CAPABILITIES = {
  workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: true } },
  textDocument: { diagnostic: {}, publishDiagnostics: {} },
  window: { workDoneProgress: true, showMessage: {} },
};
const LARGE_LOG = () => {
  const filler = '2026-11-20T08:00:00Z INFO request ok\n'.repeat(60_000);
  return `ErrorCode: Rejected.Disabled\n${filler}${filler}ErrorCode: Rejected.PendingImport\n`;
};

describe('language server under a hostile client', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kms-hostile-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves a client that declares nothing, refuses everything and sends initialized first, asking it nothing', async () => {
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{ "codes": [');
    const client = await TestClient.start({ hostile: true, settings: { catalog: { paths: [broken] } } });
    try {
      // The settings come from the initialization options, since the client cannot be asked.
      await client.request('initialize', { processId: null, rootUri: null, capabilities: {} }).catch(() => null);
      client.send('workspace/didChangeConfiguration', { settings: { kms: { catalog: { paths: [broken] } } } });
      await client.until(() => client.messages.length > 0 || undefined);
      assert.match(client.messages[0]!.message, /broken\.json is invalid/);
      client.open(uri('a.log'), LOG);
      await client.until(() => client.published.get(uri('a.log'))?.diagnostics.length === 1 || undefined);
      assert.equal(await hoveredCode(client, uri('a.log'), 1, 14), 'Rejected.Disabled');
      // A large log: no progress asked for, all its diagnostics pushed.
      client.open(uri('large.log'), LARGE_LOG());
      await client.until(() => client.published.get(uri('large.log'))?.diagnostics.length === 2 || undefined);
      client.configure({ maxFileSizeMB: 0.001 });
      await client.until(() => client.messages.length > 1 || undefined);
      assert.match(client.messages[1]!.message, /above kms\.maxFileSizeMB/);
      assert.deepEqual(client.refused, [], 'the server sent no request the client did not declare');
    } finally {
      await client.stop();
    }
  });

  it('keeps serving a client that declares everything and refuses every request it is sent', async () => {
    const client = await TestClient.start({ hostile: true, capabilities: FULL_CAPABILITIES });
    try {
      client.open(uri('a.log'), LOG);
      // Large enough to ask for indexing progress.
      const quiet = '2026-11-20T08:00:00Z INFO request ok\n';
      client.open(uri('big progress.log'), `${quiet.repeat(Math.ceil((9 << 20) / quiet.length))}${LOG}`);
      client.configure({ language: 'zh-CN' });
      await client.until(
        () =>
          ['workspace/configuration', 'workspace/diagnostic/refresh', 'window/workDoneProgress/create'].every((m) =>
            client.refused.includes(m),
          ) || undefined,
        30000,
      );
      assert.deepEqual(
        (await client.diagnostics(uri('a.log'))).items.map((d) => d.code),
        ['Rejected.Disabled'],
      );
      // The refused configuration leaves the defaults (and the client locale) in force.
      assert.match((await client.hover(uri('a.log'), 1, 14))!.contents.value, /What to do/);
      await client.until(
        () => client.logs.some((l) => /workspace\/diagnostic\/refresh failed/.test(l.message)) || undefined,
      );
    } finally {
      await client.stop();
    }
  });

  it('serves a client that pulls but cannot be asked to refresh by push: a large log gets all its diagnostics', async () => {
    const client = await TestClient.start({
      capabilities: { workspace: { configuration: true }, textDocument: { diagnostic: {} } },
    });
    try {
      client.open(uri('large.log'), LARGE_LOG());
      await client.until(() => (client.publications.get(uri('large.log'))?.at(-1) ?? 0) >= 2 || undefined);
      assert.deepEqual(client.publications.get(uri('large.log')), [1, 2]);
      assert.equal(client.refreshes, 0);
      client.configure({ diagnostics: { severity: { actionRequired: 'off' } } });
      await client.until(() => client.publications.get(uri('large.log'))?.at(-1) === 0 || undefined);
    } finally {
      await client.stop();
    }
  });
});
