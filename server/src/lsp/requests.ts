import type { Connection } from 'vscode-languageserver/node';
import {
  DecodeResponseRequest,
  ExplainCodeRequest,
  ListCodesRequest,
  ServerStatusRequest,
  InspectLogsRequest,
  ExportFindingsRequest,
  TroubleshootUrlRequest,
  SummaryViewRequest,
  type DecodeResponseParams,
  type ExportFindingsParams,
  type InspectLogsParams,
  type DecodeResponseResult,
} from '#shared/protocol';
import { decode } from '../core/decoder/decoder';
import { diagnose } from '../core/diagnosis/diagnose';
import { decodeMarkdown, decodeTitle } from '../core/format/decodeView';
import { explanationMarkdown } from '../core/format/explanationView';
import { statusText } from '../core/format/http';
import { troubleshootUrl } from '../core/format/links';
import { recordBounds } from '../core/scanner/record';
import type { ServerContext } from './context';
import { exportFindings } from './export';
import { inspectLogs } from './inspect';
import { summaryView } from './summaryView';
import { check, optionalProblem, paramsObject, positionProblem, stringListProblem } from './params';

// A multi-line XML or JSON body around the cursor can be long; records in logs are shorter.
const DECODE_REACH_LINES = 80;

/** The custom requests of shared/src/protocol.ts. */
export function listenForRequests(connection: Connection, context: ServerContext): void {
  connection.onRequest(DecodeResponseRequest.type, (params) => decodeResponse(checkDecode(params), context));

  connection.onRequest(InspectLogsRequest.type, (params, token) =>
    inspectLogs(checkInspect(params), token, connection, context),
  );
  connection.onRequest(ExportFindingsRequest.type, (params, token) =>
    exportFindings(checkExport(params), token, connection, context),
  );
  connection.onRequest(SummaryViewRequest.type, (params) => summaryView(params, context));

  connection.onRequest(ExplainCodeRequest.type, async (params) => {
    const p = paramsObject(params);
    check(typeof p['code'] === 'string' ? undefined : 'code is not a string');
    const requestId = p['requestId'];
    check(
      requestId === undefined || requestId === null || typeof requestId === 'string'
        ? undefined
        : 'requestId is not a string',
    );
    const code = p['code'] as string;
    const match = context.catalog().lookupLoose(code.trim());
    if (!match) return null;
    const locale = await context.locale();
    const markdown = explanationMarkdown(match.entry, locale, (requestId as string | null | undefined) ?? null);
    return {
      code: match.entry.code,
      markdown,
      troubleshootUrl: troubleshootUrl(match.entry.code, (requestId as string | null | undefined) ?? null, locale),
    };
  });

  connection.onRequest(TroubleshootUrlRequest.type, async ({ requestId, code }) => ({
    url: troubleshootUrl(typeof code === 'string' ? code : null, String(requestId), await context.locale()),
  }));

  connection.onRequest(ServerStatusRequest.type, async () => {
    await collectGarbage();
    const documents = context.documents.all();
    const memory = process.memoryUsage();
    return {
      pid: process.pid,
      documents: documents.length,
      findings: documents.reduce((n, d) => n + d.index.all().length, 0),
      heapUsed: memory.heapUsed + memory.external + memory.arrayBuffers,
      heapTotal: memory.heapTotal,
      rss: memory.rss,
      scanned: documents.reduce((n, d) => n + d.index.scanned, 0),
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

/** The params of kms/decodeResponse, checked: a client may send anything. */
function checkDecode(params: unknown): DecodeResponseParams {
  const p = paramsObject(params);
  check(optionalProblem(p, 'text', 'string') ?? optionalProblem(p, 'uri', 'string'));
  if (p['position'] !== undefined) check(positionProblem(p['position']));
  return p as DecodeResponseParams;
}

function checkInspect(params: unknown): InspectLogsParams {
  const p = paramsObject(params);
  check(
    stringListProblem(p['folders'], 'folders', false) ??
      stringListProblem(p['files'], 'files', true) ??
      stringListProblem(p['include'], 'include', true) ??
      stringListProblem(p['exclude'], 'exclude', true) ??
      optionalProblem(p, 'summaryHtml', 'boolean'),
  );
  const token = p['workDoneToken'];
  check(
    token === undefined || typeof token === 'string' || Number.isInteger(token)
      ? undefined
      : 'workDoneToken is not a progress token',
  );
  return p as unknown as InspectLogsParams;
}

function checkExport(params: unknown): ExportFindingsParams {
  const p = checkInspect(params) as unknown as Record<string, unknown>;
  check(['json', 'csv', 'sarif'].includes(p['format'] as string) ? undefined : 'format is not json, csv or sarif');
  check(typeof p['target'] === 'string' && p['target'] !== '' ? undefined : 'target is not a path');
  return p as unknown as ExportFindingsParams;
}

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
  const diagnosis =
    outcome.ok && outcome.result.kind === 'error' && outcome.result.code
      ? diagnose(
          { code: outcome.result.code, text: text ?? '', api: outcome.result.api, hostId: outcome.result.hostId },
          context.catalog(),
          locale,
        )
      : null;
  const markdown = decodeMarkdown(outcome, locale, diagnosis);
  return { ok: outcome.ok, markdown, title: decodeTitle(locale), outcome, range, ...(diagnosis ? { diagnosis } : {}) };
}
