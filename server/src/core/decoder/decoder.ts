import type { Catalog } from '../catalog/catalog';
import { firstCatalogCode } from './catalogCode';
import { isTokenOf } from './inputTokens';
import { statusForApi } from '../catalog/statuses';
import { escapedRecord } from './escapedValue';
import { decodeJson } from './json';
import { maskSecrets } from './secrets';
import { STATUS_NOTE_SHAPE, statusNoteFor } from './statusNotes';
import { SDK_TEXT_SHAPES, cleanTerminalText, decodeText as decodeSdkText } from './text';
import type { DecodeFailure, DecodeOutcome, DecodeResult, DecodedFormat, RawFields } from './types';
import { decodeXml, isXmlFailure } from './xml';

/** Longer input is cut: a response or an error record is never this large (the CLI reads no more). */
export const MAX_INPUT = 1 << 20;

const EXPECTED =
  'an Alibaba Cloud API response (XML or JSON body) or SDK error text such as "SDK.ServerError ErrorCode: ...", ' +
  '"SDKError: Code: ...", "code: 404, ... request id: ..." or "Forbidden.KeyNotFound : message"';

function failure(reason: string, line: number | null = null, column: number | null = null): DecodeOutcome {
  return { ok: false, error: { reason, expected: EXPECTED, line, column } satisfies DecodeFailure };
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export interface DecodeOptions {
  /** Show key material and secret values of success responses instead of masking them. */
  showSecrets?: boolean;
}

/**
 * Turns a selected response or error text into a structured result. Never throws on input: text that
 * is not a response yields `{ ok: false }` saying what was expected and where parsing stopped. Secret
 * values of success responses (a data key's Plaintext, a SecretData) are masked unless asked for.
 */
export function decode(input: string, catalog: Catalog, options: DecodeOptions = {}): DecodeOutcome {
  return maskSecrets(decodeUnmasked(input, catalog), options.showSecrets === true);
}

function decodeUnmasked(input: string, catalog: Catalog): DecodeOutcome {
  const text = (input.length > MAX_INPUT ? input.slice(0, MAX_INPUT) : input).replace(/^\uFEFF/, '').trim();
  if (text === '') return failure('the input is empty');
  if (text.includes('\u0000')) return failure('the input is binary data, not text');

  // Each text is read once however many formats are tried on it (a 1 MB line costs one pass).
  const findCatalogCode = (t: string) => firstCatalogCode(t, catalog);
  const readText = new Map<string, RawFields | null>();
  const asText = (t: string) => {
    if (!readText.has(t)) readText.set(t, decodeSdkText(t, findCatalogCode));
    return readText.get(t) ?? null;
  };

  const terminal = cleanTerminalText(text);
  // A log line whose quoted value is a whole escaped SDK block decodes as that block.
  const inner = escapedRecord(terminal);
  const cleaned = inner === null ? terminal : cleanTerminalText(inner).trim();
  // What the input shows: decoded codes and RequestIds must be written in one of these. Not the
  // unescaped inner block: removing a colour spelled `\u001b[31m` there would join the two halves
  // of a word that the input and its terminal show apart.
  const views = [text, terminal];
  const finish = (raw: RawFields, format: DecodedFormat) => finishFields(raw, format, catalog, views);
  const firstXml = cleaned.search(/<[A-Za-z?!]/);
  const looksXml = cleaned.startsWith('<') || /<(?:Code|RequestId|Error|KMS)>/.test(cleaned);
  if (looksXml && firstXml !== -1) {
    const xml = decodeXml(cleaned.slice(firstXml));
    if (!isXmlFailure(xml)) return finish(xml, 'xml');
    if (cleaned.startsWith('<')) {
      const fallback = asText(cleaned);
      if (fallback?.code) {
        const where = xml.line !== null ? ` (line ${xml.line}, column ${xml.column ?? 1})` : '';
        const warning = `the XML is malformed${where}: ${xml.message}; its fields were read leniently`;
        return finish({ ...fallback, warnings: [warning] }, 'xml');
      }
      return failure(`the XML could not be read: ${xml.message}`, xml.line, xml.column);
    }
  }

  if (!cleaned.startsWith('{')) {
    const sdkText = asText(cleaned);
    if (sdkText?.code && SDK_TEXT_SHAPES.has(sdkText.shape)) return finish(sdkText, 'text');
  }
  const json = cleaned.includes('{')
    ? decodeJson(cleaned, (embedded) => asText(cleanTerminalText(embedded)))
    : { fields: null, parseError: null };
  if (json.fields) return finish(json.fields, 'json');

  const fromText = asText(cleaned);
  if (fromText && (fromText.code || fromText.message)) {
    // A Python dict repr ({u'Code': u'...'}) is not broken JSON; a body opening with "key" is.
    if (json.parseError && /^\{\s*"/.test(cleaned)) {
      const { line, column } = lineAndColumn(cleaned, json.parseError.offset);
      const warning = `the JSON is malformed (line ${line}, column ${column}: ${json.parseError.message}); its fields were read leniently`;
      return finish({ ...fromText, warnings: [warning] }, 'json');
    }
    return finish(fromText, 'text');
  }

  // A bare status with a documented meaning: HTTP 413 from a KMS instance endpoint has no code at all.
  if (statusNoteFor(cleaned, null)) {
    const host = /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.aliyuncs\.com\b/i.exec(cleaned)?.[0] ?? null;
    const bare = { code: null, message: null, requestId: null, hostId: host, recommend: null, api: null, fields: {} };
    return finish({ ...bare, httpStatus: 413, shape: STATUS_NOTE_SHAPE }, 'text');
  }
  if (json.parseError && cleaned.trimStart().startsWith('{')) {
    const { line, column } = lineAndColumn(cleaned, json.parseError.offset);
    return failure(`the JSON could not be read: ${json.parseError.message}`, line, column);
  }
  return failure('no error code, message or RequestId was found');
}

function finishFields(
  raw: RawFields,
  format: DecodedFormat,
  catalog: Catalog,
  views: readonly string[],
): DecodeOutcome {
  let codeInferred = false;
  // A code or RequestId the input does not show (element text spanning lines, markup, an escape
  // spelled out) is not taken as written; the code may still be recognised from the message.
  let code = raw.code !== null && isTokenOf(raw.code, views) ? raw.code : null;
  const requestId = raw.requestId !== null && isTokenOf(raw.requestId, views) ? raw.requestId : null;
  let match = code ? catalog.lookup(code) : undefined;
  if (!code && raw.message) {
    const inferred = catalog.inferFromMessage(raw.message, raw.httpStatus);
    if (inferred) {
      code = inferred.code;
      match = { entry: inferred, isAlias: false };
      codeInferred = true;
    }
  }
  const entry = match?.entry ?? null;
  const isError = code !== null || (raw.httpStatus !== null && raw.httpStatus >= 400);
  if (!isError && !requestId) {
    return failure('a JSON or XML body was found, but it has no Code and no RequestId');
  }
  // Without a status in the text, the catalog's: the one documented for the record's API when it has its own.
  const documented = entry ? statusForApi(entry, raw.api) : null;
  const httpStatus = raw.httpStatus ?? (isError ? documented : 200);
  const httpStatusSource = raw.httpStatus !== null ? 'response' : isError ? (documented ? 'catalog' : null) : 'success';
  const result: DecodeResult = {
    kind: isError ? 'error' : 'success',
    format,
    shape: raw.shape,
    httpStatus,
    httpStatusSource,
    code: entry && match?.isAlias ? entry.code : code,
    codeInferred,
    codeIsAlias: match?.isAlias ?? false,
    message: raw.message,
    requestId,
    hostId: raw.hostId,
    recommend: raw.recommend,
    api: raw.api,
    fields: raw.fields,
    maskedFields: [],
    warnings: raw.warnings ?? [],
    entry,
    statusNote: entry ? null : statusNoteFor(views[views.length - 1] ?? '', httpStatus),
  };
  return { ok: true, result };
}
