import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CancellationTokenSource, type Connection } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, type InspectLogsParams, type KmsSettings } from '#shared/protocol';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import type { ServerContext } from '../../server/src/lsp/context';
import { DocumentStore } from '../../server/src/lsp/documents';
import { exportFindings } from '../../server/src/lsp/export';
import { inspectLogs } from '../../server/src/lsp/inspect';
import { scanWorkspace } from '../../server/src/lsp/workspaceScan';
import { encodeGbk } from '../support/encodings';
import { tempFolder } from '../support/tempFiles';
import { spawnSync } from 'node:child_process';

const folder = tempFolder('kms-handlers-');

/**
 * The handlers of the workspace requests in this process, without a client: a connection that only
 * records work-done progress, the real document store and catalog, and the given settings.
 */
function handlerSetup(settings: KmsSettings = DEFAULT_SETTINGS) {
  const progress: string[] = [];
  const reporter = {
    begin: (title: string) => progress.push(`begin ${title}`),
    report: (_percentage: number, message?: string) => progress.push(`report ${message ?? ''}`),
    done: () => progress.push('done'),
  };
  const connection = { window: { attachWorkDoneProgress: () => reporter } } as unknown as Connection;
  const documents = new DocumentStore(builtinCatalog, {
    changed: () => {},
    closed: () => {},
    indexingTitle: async () => '',
    refused: (message: string) => assert.fail(message),
  });
  const context: ServerContext = {
    documents,
    catalog: builtinCatalog,
    settings: async () => settings,
    locale: async () => 'en',
    commandLinks: () => false,
    relatedInformation: () => false,
  };
  return { connection, context, progress, cancel: new CancellationTokenSource() };
}

function logs(name: string): InspectLogsParams {
  folder.file(`${name}/a.log`, '2026-11-20T08:00:00Z ERROR ErrorCode: Rejected.Disabled\n');
  folder.file(`${name}/b/c.log`, 'ErrorCode: Forbidden.KeyNotFound\nErrorCode: Rejected.Disabled\n');
  return { folders: [path.join(folder.dir, name)] };
}

describe('workspace request handlers, in process', () => {
  it('inspectLogs counts per file and overall, and ends its progress', async () => {
    const { connection, context, progress, cancel } = handlerSetup();
    const result = await inspectLogs(logs('inspect'), cancel.token, connection, context);
    assert.deepEqual(
      result.files.map((f) => [path.basename(f.path), { ...f.byCode }]),
      [
        ['a.log', { 'Rejected.Disabled': 1 }],
        ['c.log', { 'Forbidden.KeyNotFound': 1, 'Rejected.Disabled': 1 }],
      ],
    );
    assert.equal(result.summary.findings, 3);
    assert.equal(result.cancelled, false);
    assert.deepEqual(progress, ['begin KMS: Inspect Logs', 'report 0/2 files, 0 MB', 'report 1/2 files, 0 MB', 'done']);
  });

  it('ends the progress when a cancelled scan stops, and when a scan fails', async () => {
    const cancelled = handlerSetup();
    cancelled.cancel.cancel();
    const result = await inspectLogs(
      logs('cancelled'),
      cancelled.cancel.token,
      cancelled.connection,
      cancelled.context,
    );
    assert.equal(result.cancelled, true);
    assert.deepEqual(cancelled.progress, ['begin KMS: Inspect Logs', 'done']);

    const failing = handlerSetup();
    const sink = {
      file: () => {
        throw new Error('sink failed');
      },
      finding: () => {},
      problem: () => {},
    };
    await assert.rejects(
      scanWorkspace(logs('failing'), 'T', failing.cancel.token, failing.connection, failing.context, sink),
      /sink failed/,
    );
    assert.equal(failing.progress.at(-1), 'done');
  });

  it('exportFindings writes the CLI document, or refuses a target it cannot write before scanning', async () => {
    const { connection, context, progress, cancel } = handlerSetup();
    const params = { ...logs('export'), format: 'json' as const, target: path.join(folder.dir, 'out.json') };
    const result = await exportFindings(params, cancel.token, connection, context);
    assert.deepEqual(result, { findings: 3, files: 2, cancelled: false, unreadable: [] });
    const written = JSON.parse(readFileSync(params.target, 'utf8')) as { summary: unknown };
    assert.deepEqual(written.summary, {
      files: 2,
      findings: 3,
      byCode: { 'Rejected.Disabled': 2, 'Forbidden.KeyNotFound': 1 },
    });
    progress.length = 0;
    await assert.rejects(exportFindings({ ...params, target: folder.dir }, cancel.token, connection, context), {
      message: `Cannot write ${folder.dir}: is a directory`,
    });
    assert.deepEqual(progress, [], 'nothing scanned');
  });
});

/** A folder nested deeper than a path may be long, inside `root` (made one relative step at a time). */
function tooDeep(root: string): string {
  const name = 'd'.repeat(200);
  const made = spawnSync('bash', ['-c', `cd "${root}" && for i in $(seq 25); do mkdir ${name} && cd ${name}; done`]);
  assert.equal(made.status, 0, String(made.stderr));
  return path.join(root, name);
}

describe('workspace requests and the files they cannot read', () => {
  it('inspectLogs lists a folder it cannot read in the result and inspects the rest', async () => {
    const { connection, context, cancel } = handlerSetup();
    const params = logs('unreadable');
    const root = params.folders[0] as string;
    folder.file('unreadable/z/last.log', 'ErrorCode: Rejected.Throttling\n');
    tooDeep(root);
    const result = await inspectLogs(params, cancel.token, connection, context);
    assert.deepEqual(
      result.files.map((f) => path.relative(root, f.path)),
      ['a.log', 'b/c.log', 'z/last.log'],
    );
    assert.equal(result.unreadable.length, 1);
    assert.ok(result.unreadable[0]?.path.startsWith(path.join(root, 'd'.repeat(200))));
    assert.match(result.unreadable[0]?.message ?? '', /path too long/);
    spawnSync('rm', ['-rf', root]);
  });

  it('exportFindings lists what it could not read, and SARIF has a notification for each', async () => {
    const { connection, context, cancel } = handlerSetup();
    const params = logs('export-unreadable');
    const root = params.folders[0] as string;
    folder.file(
      'export-unreadable/core.log',
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 3, 0, 0x3e, 0, 1]),
    );
    tooDeep(root);
    const target = path.join(folder.dir, 'export-unreadable.sarif');
    const result = await exportFindings({ ...params, format: 'sarif', target }, cancel.token, connection, context);
    assert.equal(result.findings, 3);
    assert.deepEqual(
      result.unreadable.map((u) => [path.relative(root, u.path).slice(0, 12), u.message.replace(/ \(.*/, '')]),
      [
        ['core.log', 'binary file skipped'],
        ['d'.repeat(12), 'path too long'],
      ],
    );
    const sarif = JSON.parse(readFileSync(target, 'utf8')) as {
      runs: Array<{ invocations: Array<{ toolExecutionNotifications: Array<{ level: string }> }> }>;
    };
    assert.deepEqual(
      sarif.runs[0]?.invocations[0]?.toolExecutionNotifications.map((n) => n.level),
      ['warning', 'error'],
    );
    spawnSync('rm', ['-rf', root]);
  });

  it('exportFindings refuses a target that is one of the inspected files, and the log is kept', async () => {
    const { connection, context, cancel, progress } = handlerSetup();
    const params = logs('export-into-log');
    const target = path.join(params.folders[0] as string, 'a.log');
    const before = readFileSync(target, 'utf8');
    await assert.rejects(exportFindings({ ...params, format: 'csv', target }, cancel.token, connection, context), {
      message: `Cannot write ${target}: it is one of the inspected files (${target}); exporting into it would overwrite that log`,
    });
    assert.equal(readFileSync(target, 'utf8'), before, 'the log is untouched');
    assert.ok(!progress.some((p) => p.startsWith('report')), 'nothing scanned');
    // The same file by another name (a hard link into the folder) is found by device and inode.
    const linked = path.join(folder.dir, 'linked.log');
    spawnSync('ln', [target, linked]);
    await assert.rejects(
      exportFindings({ ...params, format: 'json', target: linked }, cancel.token, connection, context),
      /it is one of the inspected files/,
    );
    assert.equal(readFileSync(target, 'utf8'), before);
  });

  it('inspectLogs reads logs in the encoding of kms.files.encoding, and GBK on its own', async () => {
    const text = '错误码: Forbidden.KeyNotFound 请求ID: 4C467B38-3910-447D-87BC-AC049166F216\n';
    folder.file('gbk/app.log', encodeGbk(text));
    folder.file('latin/app.log', Buffer.from('Caf\xc3\xa9 ErrorCode: Rejected.Disabled\n', 'latin1'));
    const auto = handlerSetup();
    const gbk = await inspectLogs(
      { folders: [path.join(folder.dir, 'gbk')] },
      auto.cancel.token,
      auto.connection,
      auto.context,
    );
    assert.deepEqual(
      gbk.files[0]?.occurrences.map((o) => [o.character, o.requestId]),
      [[5, '4C467B38-3910-447D-87BC-AC049166F216']],
    );
    const latinFolder = { folders: [path.join(folder.dir, 'latin')] };
    const asUtf8 = await inspectLogs(latinFolder, auto.cancel.token, auto.connection, auto.context);
    assert.equal(asUtf8.files[0]?.occurrences[0]?.character, 16);
    const given = handlerSetup({ ...DEFAULT_SETTINGS, files: { ...DEFAULT_SETTINGS.files, encoding: 'windows-1252' } });
    const as1252 = await inspectLogs(latinFolder, given.cancel.token, given.connection, given.context);
    assert.equal(as1252.files[0]?.occurrences[0]?.character, 17);
  });
});
