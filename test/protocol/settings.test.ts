import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../support/lspClient';

const uri = (name: string) => `file:///workspace/${name}`;

describe('language server settings', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kms-lsp-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('follows the client locale and kms.language', async () => {
    const client = await TestClient.start({ locale: 'zh-tw' });
    try {
      client.open(uri('l.log'), 'ErrorCode: Rejected.Disabled\n');
      const zhTW = await client.hover(uri('l.log'), 0, 14);
      assert.match(zhTW!.contents.value, /處理建議/);
      client.configure({ language: 'zh-CN' });
      await client.until(() => client.refreshes > 0);
      assert.match((await client.hover(uri('l.log'), 0, 14))!.contents.value, /处理建议/);
      client.configure({ language: 'en' });
      await client.until(() => client.refreshes > 1);
      assert.match((await client.hover(uri('l.log'), 0, 14))!.contents.value, /What to do/);
    } finally {
      await client.stop();
    }
  });

  it('reports a broken user catalog once and keeps the built-in one working; a valid one adds codes', async () => {
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{ "version": 1, "codes": [');
    const team = path.join(dir, 'team.json');
    writeFileSync(
      team,
      JSON.stringify({
        version: 1,
        name: 'team',
        codes: [
          {
            code: 'Team.RotationLate',
            httpStatus: 409,
            message: 'late',
            category: 'key-state',
            text: { en: { description: 'Our rotation check failed.', remediation: ['Rotate.', 'Tell us.'] } },
          },
        ],
      }),
    );
    const client = await TestClient.start({ settings: { catalog: { paths: [broken, team] } }, workspaceFolder: dir });
    try {
      client.open(uri('c.log'), 'ErrorCode: Team.RotationLate\nErrorCode: Forbidden.KeyNotFound\n');
      await client.until(() => client.messages.length > 0);
      assert.equal(client.messages.length, 1);
      assert.equal(client.messages[0]?.type, 1);
      assert.match(
        client.messages[0]!.message,
        /broken\.json is invalid: not valid JSON.*built-in catalog keeps working/,
      );
      const codes = await client.until(async () => {
        const items = (await client.diagnostics(uri('c.log'))).items.map((d) => d.code);
        return items.length === 2 ? items : undefined;
      });
      assert.deepEqual(codes, ['Team.RotationLate', 'Forbidden.KeyNotFound']);
      writeFileSync(broken, '{ "version": 1, "codes": [ }');
      await client.until(() => client.messages.length > 1);
      assert.equal(client.messages.length, 2, 'a new problem is reported once more');
    } finally {
      await client.stop();
    }
  });

  it('gives no diagnostics above kms.maxFileSizeMB, with one message saying why', async () => {
    const client = await TestClient.start({ settings: { maxFileSizeMB: 0.001 } });
    try {
      client.open(uri('big.log'), `${'x'.repeat(2000)}\nErrorCode: Rejected.Disabled\n`);
      assert.deepEqual((await client.diagnostics(uri('big.log'))).items, []);
      await client.until(() => client.messages.length > 0);
      assert.match(client.messages[0]!.message, /big\.log is 0 MB, above kms\.maxFileSizeMB/);
      assert.ok(await client.hover(uri('big.log'), 1, 14), 'hovers still work');
    } finally {
      await client.stop();
    }
  });

  it('turns diagnostics off with kms.diagnostics.enable and per class with severity off', async () => {
    const client = await TestClient.start({ settings: { diagnostics: { enable: false } } });
    try {
      client.open(uri('off.log'), 'ErrorCode: Rejected.Disabled\n');
      assert.deepEqual((await client.diagnostics(uri('off.log'))).items, []);
      client.configure({ diagnostics: { severity: { actionRequired: 'off' } } });
      await client.until(() => client.refreshes > 0);
      client.open(uri('sev.log'), 'ErrorCode: Rejected.Disabled\nErrorCode: ServiceUnavailableTemporary\n');
      assert.deepEqual(
        (await client.diagnostics(uri('sev.log'))).items.map((d) => d.code),
        ['ServiceUnavailableTemporary'],
      );
    } finally {
      await client.stop();
    }
  });

  it('sends at most kms.diagnostics.maxPerFile diagnostics, errors first, with a note on the rest', async () => {
    const client = await TestClient.start({ settings: { diagnostics: { maxPerFile: 5 } } });
    try {
      // 6 transient faults (warnings) then 3 that need action (errors): 4 errors fit, then the note.
      const lines = [
        ...Array.from({ length: 6 }, (_, i) => `req ${i} ErrorCode: ServiceUnavailableTemporary`),
        ...Array.from({ length: 3 }, (_, i) => `req ${i} ErrorCode: Rejected.Disabled`),
      ];
      client.open(uri('many.log'), `${lines.join('\n')}\n`);
      const items = (await client.diagnostics(uri('many.log'))).items;
      assert.deepEqual(
        items.map((d) => `${d.range.start.line} ${d.code}`),
        [
          '0 ServiceUnavailableTemporary',
          '6 Rejected.Disabled',
          '7 Rejected.Disabled',
          '8 Rejected.Disabled',
          '1 more-not-shown',
        ],
      );
      assert.equal(items[4]!.severity, 3);
      assert.match(items[4]!.message, /^5 more KMS errors .*maxPerFile is 5\)/);
      // The hover says what a code means only where no problem says it: past the limit it does.
      const meaning = /KMS is temporarily unable to handle the request/;
      const shown = await client.hover(uri('many.log'), 0, 20);
      const hidden = await client.hover(uri('many.log'), 2, 20);
      assert.doesNotMatch(shown!.contents.value, meaning, 'its problem says what it means');
      assert.match(hidden!.contents.value, meaning, 'a finding past the limit has no problem to say it');
      client.configure({ diagnostics: { maxPerFile: 0 } });
      await client.until(() => client.refreshes > 0);
      assert.equal((await client.diagnostics(uri('many.log'))).items.length, 9);
    } finally {
      await client.stop();
    }
  });

  it("reads each document's settings with its URI as scopeUri", async () => {
    const client = await TestClient.start();
    try {
      client.scopedSettings.set(uri('quiet/q.log'), { diagnostics: { enable: false } });
      client.open(uri('quiet/q.log'), 'ErrorCode: Rejected.Disabled\n');
      client.open(uri('loud.log'), 'ErrorCode: Rejected.Disabled\n');
      assert.deepEqual((await client.diagnostics(uri('quiet/q.log'))).items, []);
      assert.equal((await client.diagnostics(uri('loud.log'))).items.length, 1);
      assert.ok(client.configurationItems.some((i) => i.scopeUri === uri('quiet/q.log') && i.section === 'kms'));
      // A change notification makes the server read them again.
      client.scopedSettings.delete(uri('quiet/q.log'));
      client.configure({});
      await client.until(async () => (await client.diagnostics(uri('quiet/q.log'))).items.length === 1);
    } finally {
      await client.stop();
    }
  });

  it('follows workspace folders added after start: relative catalog paths resolve against them', async () => {
    const folder = path.join(dir, 'added');
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      path.join(folder, 'team.json'),
      JSON.stringify({
        version: 1,
        name: 'added',
        codes: [
          {
            code: 'Team.Added',
            httpStatus: 409,
            message: 'late',
            category: 'key-state',
            text: { en: { description: 'Added with the folder.', remediation: ['Rotate.'] } },
          },
        ],
      }),
    );
    const client = await TestClient.start({ settings: { catalog: { paths: ['team.json'] } } });
    try {
      await client.until(() => client.messages.length > 0);
      assert.match(client.messages[0]!.message, /team\.json/, 'not found before the folder is added');
      client.open(uri('f.log'), 'ErrorCode: Team.Added\n');
      assert.deepEqual((await client.diagnostics(uri('f.log'))).items, []);
      await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [{ uri: pathToFileURL(folder).href, name: 'added' }], removed: [] },
      });
      const codes = await client.until(async () => {
        const items = (await client.diagnostics(uri('f.log'))).items.map((d) => d.code);
        return items.length > 0 ? items : undefined;
      });
      assert.deepEqual(codes, ['Team.Added']);
    } finally {
      await client.stop();
    }
  });

  it('treats only log-like documents as logs', async () => {
    const client = await TestClient.start();
    try {
      client.open(uri('notes.md'), 'ErrorCode: Rejected.Disabled\n', 'markdown');
      client.open(uri('run.out'), 'ErrorCode: Rejected.Disabled\n', 'plaintext');
      client.open('untitled:Untitled-1', 'ErrorCode: Rejected.Disabled\n', 'plaintext');
      // JSON Lines logs, which Inspect Logs lists, show the same errors when opened.
      client.open(uri('sync.jsonl'), '{"level":"error","error":"ErrorCode: Rejected.Disabled"}\n', 'jsonl');
      assert.equal((await client.diagnostics(uri('sync.jsonl'))).items.length, 1);
      assert.equal((await client.diagnostics(uri('notes.md'))).items.length, 0);
      assert.equal((await client.diagnostics(uri('run.out'))).items.length, 1);
      assert.equal((await client.diagnostics('untitled:Untitled-1')).items.length, 1);
    } finally {
      await client.stop();
    }
  });
});
