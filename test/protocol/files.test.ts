import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ExportFindingsResult, InspectLogsResult } from '#shared/protocol';
import { TestClient } from '../support/lspClient';
import { runInProcess } from '../support/run';
import { OBJECT_METHODS, tempFolder } from '../support/tempFiles';

const folder = tempFolder('kms-files-');
const elsewhere = tempFolder('kms-files-outside-');
const file = folder.file;

describe('the CLI and the editor select the same files', () => {
  it('from a folder with .gitignore files, excluded globs and symbolic links', async () => {
    const root = path.join(folder.dir, 'same');
    const log = (name: string) => file(path.join('same', name), `ErrorCode: Rejected.Disabled ${name}\n`);
    for (const name of ['app.log', 'a/b/deep.log', 'build/out.log', 'a/tmp.log', 'a/keep.log', 'skip/x.log']) log(name);
    log('notes.md');
    file('same/.gitignore', '# generated\nbuild/\n');
    file('same/a/.gitignore', 'tmp.log\n');
    symlinkSync(elsewhere.file('secret.log', 'ErrorCode: Forbidden.KeyNotFound\n'), path.join(root, 'outside.log'));
    symlinkSync(path.join(root, 'app.log'), path.join(root, 'inside.log'));
    symlinkSync(root, path.join(root, 'a', 'loop'));
    assert.equal(spawnSync('mkfifo', [path.join(root, 'pipe.log')]).status, 0);
    const include = ['*.log'];
    const exclude = ['skip/**'];

    const cli = await runInProcess([
      'scan',
      root,
      '--include',
      ...include,
      '--exclude',
      ...exclude,
      '--format',
      'json',
    ]);
    const byCli = [...new Set((JSON.parse(cli.stdout).findings as Array<{ path: string }>).map((f) => f.path))];
    const client = await TestClient.start();
    try {
      const editor = await client.request<InspectLogsResult>('kms/inspectLogs', { folders: [root], include, exclude });
      const byEditor = editor.files.map((f) => f.path);
      const expected = ['a/b/deep.log', 'a/keep.log', 'app.log', 'inside.log'].map((name) => path.join(root, name));
      assert.deepEqual(byCli, expected);
      assert.deepEqual(byEditor, expected);
      const exported = path.join(folder.dir, 'same-export.json');
      await client.request<ExportFindingsResult>('kms/exportFindings', {
        folders: [root],
        include,
        exclude,
        format: 'json',
        target: exported,
      });
      const fromExport = JSON.parse(readFileSync(exported, 'utf8'));
      const paths = (fromExport.findings as Array<{ path: string }>).map((f) => path.join(root, f.path));
      assert.deepEqual([...new Set(paths)], expected);
    } finally {
      await client.stop();
    }
  });
});

describe('the server and special files', () => {
  let client: TestClient;
  before(async () => {
    const catalog = file('proto-catalog.json', OBJECT_METHODS.catalog);
    client = await TestClient.start({ settings: { catalog: { paths: [catalog] } } });
  });
  after(() => client.stop());

  it(
    'answers an inspection with a FIFO among its files, with a one-line message for it',
    { timeout: 20000 },
    async () => {
      const fifo = path.join(folder.dir, 'special', 'pipe.log');
      const plain = file('special/app.log', 'ErrorCode: Rejected.Disabled\n');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      const result = await client.request<InspectLogsResult>('kms/inspectLogs', {
        folders: [path.join(folder.dir, 'special')],
        files: [fifo, plain],
      });
      const special = result.files.find((f) => f.path === fifo);
      assert.match(special?.error ?? '', /^not a regular file[^\n]*$/);
      assert.equal(result.files.find((f) => f.path === plain)?.findings, 1);
    },
  );

  it('counts codes named after Object methods in inspections and exports', async () => {
    const log = file('proto/proto.log', OBJECT_METHODS.log);
    const result = await client.request<InspectLogsResult>('kms/inspectLogs', { folders: [path.dirname(log)] });
    assert.deepEqual({ ...result.files[0]?.byCode }, OBJECT_METHODS.byCode);
    assert.deepEqual(
      result.summary.byCode.map((c) => [c.code, c.count]),
      [
        ['constructor', 2],
        ['Team.Value', 1],
        ['toString', 1],
      ],
    );
    assert.deepEqual(Object.keys(result.codes).sort(), ['Team.Value', 'constructor', 'toString']);
    const target = path.join(folder.dir, 'proto-export.json');
    await client.request('kms/exportFindings', { folders: [path.dirname(log)], format: 'json', target });
    const exported = JSON.parse(readFileSync(target, 'utf8'));
    assert.deepEqual(exported.summary.byCode, OBJECT_METHODS.byCode);
  });

  it('refuses an export to a folder, a device or a missing folder with a clear error, and keeps serving', async () => {
    const folders = [path.join(folder.dir, 'special')];
    const targets: Array<[string, RegExp]> = [
      [folder.dir, /is a directory/],
      [path.join(folder.dir, 'missing', 'out.json'), /no such file or directory/],
    ];
    if (existsSync('/dev/full')) targets.push(['/dev/full', /not a regular file/]);
    for (const [target, reason] of targets) {
      await assert.rejects(
        client.request('kms/exportFindings', { folders, format: 'csv', target }),
        (error: Error) => error.message.startsWith(`Cannot write ${target}: `) && reason.test(error.message),
      );
    }
    const status = await client.request<{ documents: number }>('kms/serverStatus', {});
    assert.equal(typeof status.documents, 'number');
    assert.equal(client.process.exitCode, null, 'the server is still running');
  });

  it(
    'refuses a user catalog that is a FIFO with a one-line message, and keeps serving',
    { timeout: 20000 },
    async () => {
      const fifo = path.join(folder.dir, 'catalog-fifo.json');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
      const other = await TestClient.start({ settings: { catalog: { paths: [fifo] } } });
      try {
        const shown = await other.until(() => other.messages.find((m) => m.message.includes('catalog-fifo.json')));
        assert.match(shown.message, /not a regular file/);
        const explained = await other.request<{ code: string } | null>('kms/explainCode', {
          code: 'Rejected.Disabled',
        });
        assert.equal(explained?.code, 'Rejected.Disabled');
      } finally {
        await other.stop();
      }
    },
  );
});
