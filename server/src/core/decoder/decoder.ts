import type { Catalog } from '../catalog/catalog';
import type { Locale } from '../catalog/types';
import { decoderTexts, type DecoderTexts } from './texts';
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

function failure(
  t: DecoderTexts,
  reason: string,
  line: number | null = null,
  column: number | null = null,
): DecodeOutcome {
  return { ok: false, error: { reason, expected: t.expected, line, column } satisfies DecodeFailure };
}

function malformedWarning(
  { line, column, detail }: NonNullable<RawFields['malformed']>,
  format: DecodedFormat,
  t: DecoderTexts,
): string {
  return t.malformed(format === 'json' ? 'JSON' : 'XML', line !== null ? t.at(line, column ?? 1, detail) : detail);
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

export interface DecodeOptions {
  /** Show key material and secret values of success responses instead of masking them. */
  showSecrets?: boolean;
  /** The language of what the decoder says about its input (warnings, why it could not decode). */
  locale?: Locale;
}

/**
 * Turns a selected response or error text into a structured result. Never throws on input: text that
 * is not a response yields `{ ok: false }` saying what was expected and where parsing stopped. Secret
 * values of success responses (a data key's Plaintext, a SecretData) are masked unless asked for.
 */
export function decode(input: string, catalog: Catalog, options: DecodeOptions = {}): DecodeOutcome {
  const t = decoderTexts(options.locale ?? 'en');
  return maskSecrets(decodeUnmasked(input, catalog, t), options.showSecrets === true);
}

function decodeUnmasked(input: string, catalog: Catalog, t: DecoderTexts): DecodeOutcome {
  const text = (input.length > MAX_INPUT ? input.slice(0, MAX_INPUT) : input).replace(/^\uFEFF/, '').trim();
  if (text === '') return failure(t, t.empty);
  if (text.includes('\u0000')) return failure(t, t.binary);

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
  const finish = (raw: RawFields, format: DecodedFormat) => finishFields(raw, format, catalog, views, t);
  const firstXml = cleaned.search(/<[A-Za-z?!]/);
  const looksXml = cleaned.startsWith('<') || /<(?:Code|RequestId|Error|KMS)>/.test(cleaned);
  if (looksXml && firstXml !== -1) {
    const xml = decodeXml(cleaned.slice(firstXml));
    if (!isXmlFailure(xml)) return finish(xml, 'xml');
    if (cleaned.startsWith('<')) {
      const fallback = asText(cleaned);
      if (fallback?.code)
        return finish({ ...fallback, malformed: { line: xml.line, column: xml.column, detail: xml.message } }, 'xml');
      return failure(t, t.xmlUnreadable(xml.message), xml.line, xml.column);
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
      return finish({ ...fromText, malformed: { line, column, detail: json.parseError.message } }, 'json');
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
    return failure(t, t.jsonUnreadable(json.parseError.message), line, column);
  }
  return failure(t, t.nothingFound);
}

function finishFields(
  raw: RawFields,
  format: DecodedFormat,
  catalog: Catalog,
  views: readonly string[],
  t: DecoderTexts,
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
    return failure(t, t.noCodeOrRequestId);
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
    warnings: raw.malformed ? [malformedWarning(raw.malformed, format, t)] : [],
    entry,
    statusNote: entry ? null : statusNoteFor(views[views.length - 1] ?? '', httpStatus),
  };
  return { ok: true, result };
}
