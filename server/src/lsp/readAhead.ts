import { promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import { EDITOR_SYNC_LIMIT_BYTES, type ReadAheadParams, type ReadAheadResult } from '#shared/protocol';
import { openText } from '../core/files/files';
import { strings } from '../core/format/strings';
import type { ServerContext } from './context';
import { computeDiagnostics } from './diagnostics';
import { PROGRESS_CHARS } from './documents';
import { isLogDocument } from './logDocuments';
import { check, paramsObject } from './params';
import { fileName } from './uris';

const NOTHING: ReadAheadResult = { diagnostics: null };

/** The file's text, or null when it cannot be read (the editor's copy will come the usual way). */
async function readText(path: string): Promise<string | null> {
  try {
    const opened = await openText(path);
    if (opened.kind !== 'text') return null;
    const parts: string[] = [];
    for await (const chunk of opened.chunks) parts.push(chunk);
    return parts.join('');
  } catch {
    return null;
  }
}

/** The path of a large log the server should read ahead, or undefined when it is not one. */
async function largeLog(uri: string, context: ServerContext): Promise<string | undefined> {
  if (!uri.startsWith('file:') || context.documents.get(uri)) return undefined;
  let path: string;
  try {
    path = fileURLToPath(uri);
  } catch {
    return undefined;
  }
  const settings = await context.settings(uri);
  if (!settings.diagnostics.enable || !isLogDocument(uri, 'plaintext', settings)) return undefined;
  const size = await fs.stat(path).then(
    (s) => (s.isFile() ? s.size : 0),
    () => 0,
  );
  // Smaller logs reach the server quickly the usual way; larger ones get no diagnostics at all.
  const limit = Math.min(settings.maxFileSizeMB * 1024 * 1024, EDITOR_SYNC_LIMIT_BYTES);
  return size > PROGRESS_CHARS && size <= limit ? path : undefined;
}

/** The params of kms/readAhead, checked: a client may send anything. */
export function checkReadAhead(params: unknown): ReadAheadParams {
  const p = paramsObject(params);
  check(typeof p['uri'] === 'string' ? undefined : 'uri is not a string');
  const workDone = p['workDoneToken'];
  check(
    workDone === undefined || typeof workDone === 'string' || Number.isInteger(workDone)
      ? undefined
      : 'workDoneToken is not a progress token',
  );
  return p as unknown as ReadAheadParams;
}

/**
 * `kms/readAhead`: a large log's tab opened. Reads the file from disk and indexes it, with work-done
 * progress as it goes, and answers its problems; the document store keeps the index for the
 * editor's copy of the text. Anything else (a small file, not a log, already open) is answered at
 * once with no problems.
 */
export async function readAhead(
  { uri, workDoneToken }: ReadAheadParams,
  token: CancellationToken,
  connection: Connection,
  context: ServerContext,
): Promise<ReadAheadResult> {
  const path = await largeLog(uri, context);
  if (!path) return NOTHING;
  const reporter = connection.window.attachWorkDoneProgress(workDoneToken);
  reporter.begin(strings(await context.locale()).indexing(fileName(uri)), 0, undefined, false);
  try {
    const text = await readText(path);
    if (text === null || token.isCancellationRequested) return NOTHING;
    let percent = 0;
    const state = context.documents.readAhead(uri, text, (read) => {
      const now = Math.min(99, Math.floor((read / text.length) * 100));
      if (now > percent) reporter.report((percent = now));
    });
    await state.ready;
    if (token.isCancellationRequested || !state.index.complete) return NOTHING;
    return { diagnostics: await computeDiagnostics(state, context) };
  } finally {
    reporter.done();
  }
}
