import type { Connection } from 'vscode-languageserver/node';
import {
  DecodeResponseRequest,
  ExplainCodeRequest,
  ListCodesRequest,
  ServerStatusRequest,
  InspectLogsRequest,
  ExportFindingsRequest,
  TerminalLinksRequest,
  TroubleshootUrlRequest,
  SummaryViewRequest,
  ReadAheadRequest,
  type DecodeResponseParams,
  type ExplainCodeParams,
  type ExportFindingsParams,
  type InspectLogsParams,
  type DecodeResponseResult,
  type TerminalLinksParams,
  type TroubleshootUrlParams,
} from '#shared/protocol';
import { byUse } from '../core/code/completion';
import { decode } from '../core/decoder/decoder';
import { diagnose } from '../core/diagnosis/diagnose';
import { decodeMarkdown, decodeTitle } from '../core/format/decodeView';
import { explanationMarkdown } from '../core/format/explanationView';
import { terminalLinks } from '../core/format/terminalLinks';
import { statusText } from '../core/format/http';
import { strings } from '../core/format/strings';
import { troubleshootUrl } from '../core/format/links';
import { recordBounds } from '../core/scanner/record';
import type { ServerContext } from './context';
import { exportFindings } from './export';
import { inspectLogs } from './inspect';
import { anyParams, handler } from './handler';
import { checkReadAhead, readAhead } from './readAhead';
import { checkSummaryParams, summaryView } from './summaryView';
import { isRequestId } from '#shared/requestId';
import { check, optionalProblem, paramsObject, positionProblem, stringListProblem } from './params';

// A multi-line XML or JSON body around the cursor can be long; records in logs are shorter.
const DECODE_REACH_LINES = 80;
// Records are bounded (13 lines, 4 KB); terminal output is read back no further than a few screens.
const MAX_RECORD_CHARS = 16_384;
const MAX_TERMINAL_OUTPUT = 256 * 1024;

/** The custom requests of shared/src/protocol.ts, each through the one handler that checks and catches. */
export function listenForRequests(connection: Connection, context: ServerContext): void {
  const c = connection;
  c.onRequest(
    DecodeResponseRequest.type,
    handler(c, DecodeResponseRequest.method, checkDecode, (p) => decodeResponse(p, context)),
  );
  c.onRequest(
    InspectLogsRequest.type,
    handler(c, InspectLogsRequest.method, checkInspect, (p, token) => inspectLogs(p, token, c, context)),
  );
  c.onRequest(
    ExportFindingsRequest.type,
    handler(c, ExportFindingsRequest.method, checkExport, (p, token) => exportFindings(p, token, c, context)),
  );
  c.onRequest(
    SummaryViewRequest.type,
    handler(c, SummaryViewRequest.method, checkSummaryParams, (p) => summaryView(p, context)),
  );
  c.onRequest(
    ReadAheadRequest.type,
    handler(c, ReadAheadRequest.method, checkReadAhead, (p, token) => readAhead(p, token, c, context)),
  );

  c.onRequest(
    ExplainCodeRequest.type,
    handler(c, ExplainCodeRequest.method, checkExplain, async ({ code, requestId = null, record }) => {
      const match = context.catalog().lookupLoose(code.trim());
      if (!match) return null;
      const locale = await context.locale();
      // A record (a terminal link's) gives the page its likely cause and fix.
      const diagnosis = record
        ? diagnose({ code: match.entry.code, text: record.slice(0, MAX_RECORD_CHARS) }, context.catalog(), locale)
        : null;
      const markdown = explanationMarkdown(match.entry, locale, requestId, diagnosis);
      return {
        code: match.entry.code,
        markdown,
        troubleshootUrl: troubleshootUrl(match.entry.code, requestId, locale),
      };
    }),
  );

  c.onRequest(
    TerminalLinksRequest.type,
    handler(c, TerminalLinksRequest.method, checkTerminalLinks, ({ line, output = '' }) =>
      // The output's end is the part around the lines the terminal shows.
      terminalLinks(line, output.slice(-MAX_TERMINAL_OUTPUT), context.catalog()),
    ),
  );

  c.onRequest(
    TroubleshootUrlRequest.type,
    handler(c, TroubleshootUrlRequest.method, checkTroubleshoot, async ({ requestId, code }) => ({
      url: troubleshootUrl(code ?? null, requestId, await context.locale()),
    })),
  );

  c.onRequest(ServerStatusRequest.type, handler(c, ServerStatusRequest.method, anyParams, serverStatus(context)));
  c.onRequest(ListCodesRequest.type, handler(c, ListCodesRequest.method, anyParams, listCodes(context)));
}

/** `kms/serverStatus`: the process, its documents and findings, and its memory. */
function serverStatus(context: ServerContext) {
  return async () => {
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
  };
}

/** `kms/listCodes`: the catalog, in the server's language. */
function listCodes(context: ServerContext) {
  return async () => {
    const locale = await context.locale();
    return byUse(context.catalog().entries).map((e) => ({
      code: e.code,
      httpStatus: e.httpStatus,
      status: statusText(e.httpStatus),
      message: e.message,
      description: e.text[locale].description,
      category: strings(locale).categories[e.category],
      remediation: e.text[locale].remediation,
    }));
  };
}

/** A string, or absent or null where `optional`. */
function stringProblem(value: unknown, name: string, optional: boolean): string | undefined {
  if (typeof value === 'string' || (optional && (value === undefined || value === null))) return undefined;
  return `${name} is not a string`;
}

function checkExplain(params: unknown): ExplainCodeParams {
  const p = paramsObject(params);
  check(
    stringProblem(p['code'], 'code', false) ??
      stringProblem(p['requestId'], 'requestId', true) ??
      stringProblem(p['record'], 'record', true),
  );
  return p as unknown as ExplainCodeParams;
}

function checkTerminalLinks(params: unknown): TerminalLinksParams {
  const p = paramsObject(params);
  check(stringProblem(p['line'], 'line', false) ?? optionalProblem(p, 'output', 'string'));
  return p as unknown as TerminalLinksParams;
}

function checkTroubleshoot(params: unknown): TroubleshootUrlParams {
  const p = paramsObject(params);
  const { requestId, code } = p;
  check(typeof requestId === 'string' && isRequestId(requestId) ? undefined : 'requestId is not a RequestId');
  check(
    code === undefined || code === null || (typeof code === 'string' && /^[A-Za-z][A-Za-z0-9.]{0,79}$/.test(code))
      ? undefined
      : 'code is not an error code',
  );
  return p as unknown as TroubleshootUrlParams;
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
  for (const name of ['workDoneToken', 'partialResultToken']) {
    const token = p[name];
    check(
      token === undefined || typeof token === 'string' || Number.isInteger(token)
        ? undefined
        : `${name} is not a progress token`,
    );
  }
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
  const outcome = decode(text ?? '', context.catalog(), { showSecrets: params.showSecrets === true, locale });
  const diagnosis =
    outcome.ok && outcome.result.kind === 'error' && outcome.result.code
      ? diagnose(
          { code: outcome.result.code, text: text ?? '', api: outcome.result.api, hostId: outcome.result.hostId },
          context.catalog(),
          locale,
        )
      : null;
  const markdown = decodeMarkdown(outcome, locale, diagnosis);
  return {
    ok: outcome.ok,
    markdown,
    title: decodeTitle(locale, outcome),
    outcome,
    range,
    ...(diagnosis ? { diagnosis } : {}),
  };
}
