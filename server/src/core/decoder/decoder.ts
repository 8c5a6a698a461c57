import type { Catalog } from '../catalog/catalog';
import { scanText } from '../scanner/scan';
import { decodeJson } from './json';
import { maskSecrets } from './secrets';
import { SDK_TEXT_SHAPES, cleanTerminalText, decodeText as decodeSdkText } from './text';
import type { DecodeFailure, DecodeOutcome, DecodeResult, DecodedFormat, RawFields } from './types';
import { decodeXml, isXmlFailure } from './xml';

/** Longer selections are cut: a response or an error record is never this large. */
const MAX_INPUT = 1 << 20;

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

  const findCatalogCode = (t: string) => {
    const finding = scanText(t, catalog).find((f) => !catalog.lookup(f.token)?.entry.requiresCodeField);
    if (!finding) return null;
    return { code: finding.token, index: finding.offset };
  };
  const asText = (t: string) => decodeSdkText(t, findCatalogCode);

  const cleaned = cleanTerminalText(text);
  const firstXml = cleaned.search(/<[A-Za-z?!]/);
  const looksXml = cleaned.startsWith('<') || /<(?:Code|RequestId|Error|KMS)>/.test(cleaned);
  if (looksXml && firstXml !== -1) {
    const xml = decodeXml(cleaned.slice(firstXml));
    if (!isXmlFailure(xml)) return finish(xml, 'xml', catalog);
    if (cleaned.startsWith('<')) {
      const fallback = asText(cleaned);
      if (fallback?.code) {
        const where = xml.line !== null ? ` (line ${xml.line}, column ${xml.column ?? 1})` : '';
        const warning = `the XML is malformed${where}: ${xml.message}; its fields were read leniently`;
        return finish({ ...fallback, warnings: [warning] }, 'xml', catalog);
      }
      return failure(`the XML could not be read: ${xml.message}`, xml.line, xml.column);
    }
  }

  if (!cleaned.startsWith('{')) {
    const sdkText = asText(cleaned);
    if (sdkText?.code && SDK_TEXT_SHAPES.has(sdkText.shape)) return finish(sdkText, 'text', catalog);
  }
  const json = cleaned.includes('{') ? decodeJson(cleaned, asText) : { fields: null, parseError: null };
  if (json.fields) return finish(json.fields, 'json', catalog);

  const fromText = asText(cleaned);
  if (fromText && (fromText.code || fromText.message)) {
    // A Python dict repr ({u'Code': u'...'}) is not broken JSON; a body opening with "key" is.
    if (json.parseError && /^\{\s*"/.test(cleaned)) {
      const { line, column } = lineAndColumn(cleaned, json.parseError.offset);
      const warning = `the JSON is malformed (line ${line}, column ${column}: ${json.parseError.message}); its fields were read leniently`;
      return finish({ ...fromText, warnings: [warning] }, 'json', catalog);
    }
    return finish(fromText, 'text', catalog);
  }

  if (json.parseError && cleaned.trimStart().startsWith('{')) {
    const { line, column } = lineAndColumn(cleaned, json.parseError.offset);
    return failure(`the JSON could not be read: ${json.parseError.message}`, line, column);
  }
  return failure('no error code, message or RequestId was found');
}

function finish(raw: RawFields, format: DecodedFormat, catalog: Catalog): DecodeOutcome {
  let codeInferred = false;
  let code = raw.code;
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
  if (!isError && !raw.requestId) {
    return failure('a JSON or XML body was found, but it has no Code and no RequestId');
  }
  const httpStatus = raw.httpStatus ?? (isError ? (entry?.httpStatus ?? null) : 200);
  const httpStatusSource =
    raw.httpStatus !== null ? 'response' : isError ? (entry?.httpStatus ? 'catalog' : null) : 'success';
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
    requestId: raw.requestId,
    hostId: raw.hostId,
    recommend: raw.recommend,
    api: raw.api,
    fields: raw.fields,
    maskedFields: [],
    warnings: raw.warnings ?? [],
    entry,
  };
  return { ok: true, result };
}
