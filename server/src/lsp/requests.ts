import type { Connection } from 'vscode-languageserver/node';
import {
  DecodeResponseRequest,
  ExplainCodeRequest,
  ListCodesRequest,
  type DecodeResponseParams,
  type DecodeResponseResult,
} from '../../../shared/src/protocol';
import { decode } from '../core/decoder/decoder';
import { decodeMarkdown, decodeTitle } from '../core/format/decodeView';
import { hoverMarkdown } from '../core/format/hover';
import { statusText } from '../core/format/http';
import { troubleshootUrl } from '../core/format/links';
import { recordBounds } from '../core/scanner/record';
import type { ServerContext } from './context';

// A multi-line XML or JSON body around the cursor can be long; records in logs are shorter.
const DECODE_REACH_LINES = 80;

/** The custom requests of shared/src/protocol.ts. */
export function listenForRequests(connection: Connection, context: ServerContext): void {
  connection.onRequest(DecodeResponseRequest.type, (params) => decodeResponse(params, context));

  connection.onRequest(ExplainCodeRequest.type, async ({ code, requestId }) => {
    const match = context.catalog().lookupLoose(code.trim());
    if (!match) return null;
    const locale = await context.locale();
    const markdown = hoverMarkdown({ entry: match.entry, token: code, isAlias: match.isAlias }, locale);
    return {
      code: match.entry.code,
      markdown,
      troubleshootUrl: troubleshootUrl(match.entry.code, requestId ?? null, locale),
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

async function decodeResponse(params: DecodeResponseParams, context: ServerContext): Promise<DecodeResponseResult> {
  const locale = await context.locale();
  let text = params.text;
  let range: DecodeResponseResult['range'] = null;
  if (text === undefined && params.uri && params.position) {
    const state = context.documents.get(params.uri);
    if (state) {
      const full = state.doc.getText();
      const offset = state.doc.offsetAt(params.position);
      const bounds = recordBounds(full, offset, offset, 0, full.length, DECODE_REACH_LINES);
      text = full.slice(bounds.start, bounds.end);
      range = { start: state.doc.positionAt(bounds.start), end: state.doc.positionAt(bounds.end) };
    }
  }
  const outcome = decode(text ?? '', context.catalog());
  return { ok: outcome.ok, markdown: decodeMarkdown(outcome, locale), title: decodeTitle(locale), outcome, range };
}
