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
import { tempFolder } from '../support/tempFiles';

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
