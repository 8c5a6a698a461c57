import type { Connection } from 'vscode-languageserver/node';
import {
  DecodeResponseRequest,
  ExplainCodeRequest,
  ListCodesRequest,
  ServerStatusRequest,
  InspectLogsRequest,
  ExportFindingsRequest,
  type DecodeResponseParams,
  type DecodeResponseResult,
} from '../../../shared/src/protocol';
import { decode } from '../core/decoder/decoder';
import { decodeMarkdown, decodeTitle } from '../core/format/decodeView';
import { explanationMarkdown } from '../core/format/explanationView';
import { statusText } from '../core/format/http';
import { troubleshootUrl } from '../core/format/links';
import { recordBounds } from '../core/scanner/record';
import type { ServerContext } from './context';
import { exportFindings } from './export';
import { inspectLogs } from './inspect';

// A multi-line XML or JSON body around the cursor can be long; records in logs are shorter.
const DECODE_REACH_LINES = 80;

/** The custom requests of shared/src/protocol.ts. */
export function listenForRequests(connection: Connection, context: ServerContext): void {
  connection.onRequest(DecodeResponseRequest.type, (params) => decodeResponse(params, context));

  connection.onRequest(InspectLogsRequest.type, (params, token) => inspectLogs(params, token, connection, context));
  connection.onRequest(ExportFindingsRequest.type, (params, token) =>
    exportFindings(params, token, connection, context),
  );

  connection.onRequest(ExplainCodeRequest.type, async ({ code, requestId }) => {
    const match = context.catalog().lookupLoose(code.trim());
    if (!match) return null;
    const locale = await context.locale();
    const markdown = explanationMarkdown(match.entry, locale, requestId ?? null);
    return {
      code: match.entry.code,
      markdown,
      troubleshootUrl: troubleshootUrl(match.entry.code, requestId ?? null, locale),
    };
  });

  connection.onRequest(ServerStatusRequest.type, async () => {
    await collectGarbage();
    const documents = context.documents.all();
    const memory = process.memoryUsage();
    return {
      documents: documents.length,
      findings: documents.reduce((n, d) => n + d.index.all().length, 0),
      heapUsed: memory.heapUsed + memory.external + memory.arrayBuffers,
      heapTotal: memory.heapTotal,
      rss: memory.rss,
    };
  });

  connection.onRequest(ListCodesRequest.type, async () => {
    const locale = await context.locale();
    return context.catalog().entries.map((e) => ({
      code: e.code,
      httpStatus: e.httpStatus,
      status: statusText(e.httpStatus),
      message: e.message,
      description: e.text[locale].description,
    }));
  });
}

/** Memory is read after a full garbage collection when Node exposes one, so the figure is what the server holds. */
/**
 * A full collection when the server runs with --expose-gc (benchmarks), twice: buffers freed by the
 * first are only released once the event loop has turned.
 */
async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  gc();
  await new Promise<void>((resolve) => setImmediate(resolve));
  gc();
}

async function decodeResponse(params: DecodeResponseParams, context: ServerContext): Promise<DecodeResponseResult> {
  const locale = await context.locale();
  let text = params.text;
  let range: DecodeResponseResult['range'] = null;
  if (text === undefined && params.uri && params.position) {
    const state = context.documents.get(params.uri);
    if (state) {
      // Only the lines around the cursor are read: the record cannot reach further.
      const { doc } = state;
      const firstLine = Math.max(0, params.position.line - DECODE_REACH_LINES);
      const base = doc.lineStart(firstLine);
      const around = doc.linesText(firstLine, params.position.line + DECODE_REACH_LINES + 1);
      const offset = doc.offsetAt(params.position) - base;
      const bounds = recordBounds(around, offset, offset, 0, around.length, DECODE_REACH_LINES);
      text = around.slice(bounds.start, bounds.end);
      range = { start: doc.positionAt(base + bounds.start), end: doc.positionAt(base + bounds.end) };
    }
  }
  const outcome = decode(text ?? '', context.catalog(), { showSecrets: params.showSecrets === true });
  return { ok: outcome.ok, markdown: decodeMarkdown(outcome, locale), title: decodeTitle(locale), outcome, range };
}
