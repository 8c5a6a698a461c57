import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { RawFields } from './types';
import { fieldsFromObject } from './objectFields';

// Entities and DOCTYPE are never expanded: the input is untrusted.
const parser = new XMLParser({
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  // Keep a Message as written even when it holds markup (`<script>` in hostile input): it is data.
  stopNodes: ['*.Message'],
});

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes XML's predefined and numeric character references; custom (DOCTYPE) entities stay as written. */
function decodeXmlEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (whole, name: string) => {
    if (name.startsWith('#x')) return safeCodePoint(parseInt(name.slice(2), 16)) ?? whole;
    if (name.startsWith('#')) return safeCodePoint(parseInt(name.slice(1), 10)) ?? whole;
    return PREDEFINED[name] ?? whole;
  });
}

/** A character XML allows; a reference to a surrogate half or a control character stays as written. */
function safeCodePoint(code: number): string | null {
  const allowed =
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff));
  return allowed ? String.fromCodePoint(code) : null;
}

// Fields are read at most three levels down; deeper elements (hostile nesting) are left out.
const MAX_DEPTH = 4;

function decodeValues(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return decodeXmlEntities(value);
  if (depth >= MAX_DEPTH) return undefined;
  if (Array.isArray(value)) return value.map((v) => decodeValues(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, decodeValues(v, depth + 1)]),
    );
  }
  return value;
}

type Validation = true | { err: { msg: string; line: number; col: number } };

/** XMLValidator.validate, which must not throw out of the decoder on any input. */
function validate(text: string): Validation {
  try {
    return XMLValidator.validate(text) as Validation;
  } catch (error) {
    return { err: { msg: (error as Error).message, line: 1, col: 1 } };
  }
}

export interface XmlFailure {
  message: string;
  line: number | null;
  column: number | null;
}

// Responses nest a few elements deep. Deeper text (hostile or broken) is not handed to the parser,
// whose time and memory grow with the depth; the decoder then reads its fields as text.
const MAX_NESTING = 100;

/** True when elements open more than `limit` deep; one pass, counting `<x`, `</x` and `<x/>`. */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let gt = -1;
  for (let lt = text.indexOf('<'); lt !== -1; lt = text.indexOf('<', lt + 1)) {
    const next = text.charCodeAt(lt + 1);
    if (next === 47 /* / */) {
      depth--;
      continue;
    }
    if (next === 33 /* ! */ || next === 63 /* ? */) continue;
    if (gt < lt) gt = text.indexOf('>', lt);
    if (gt === -1) return false;
    if (text.charCodeAt(gt - 1) !== 47 /* / */ && ++depth > limit) return true;
  }
  return false;
}

/** Fields of an XML response (`<KMS>`, `<Error>`, `<XxxResponse>`), or why it is not readable XML. */
export function decodeXml(text: string): RawFields | XmlFailure {
  if (nestsDeeperThan(text, MAX_NESTING)) {
    return { message: `elements are nested more than ${MAX_NESTING} deep`, line: null, column: null };
  }
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch (error) {
    const validation = validate(text);
    if (validation !== true)
      return { message: validation.err.msg, line: validation.err.line, column: validation.err.col };
    return { message: (error as Error).message, line: null, column: null };
  }
  if (parsed && typeof parsed === 'object') {
    const roots = Object.entries(parsed as Record<string, unknown>);
    for (const [rootName, root] of roots) {
      if (!root || typeof root !== 'object') continue;
      const fields = fieldsFromObject(decodeValues(root) as Record<string, unknown>);
      if (fields.code || fields.requestId || fields.message) {
        const shape = rootName === 'KMS' ? 'kms-xml' : rootName === 'Error' ? 'pop-xml' : 'xml';
        const validation = validate(text);
        const warnings =
          validation === true
            ? []
            : [
                `the XML is malformed (line ${validation.err.line}, column ${validation.err.col}: ${validation.err.msg}); its fields were read leniently`,
              ];
        return { ...fields, shape, warnings };
      }
    }
  }
  const validation = validate(text);
  if (validation !== true) {
    return { message: validation.err.msg, line: validation.err.line, column: validation.err.col };
  }
  return { message: 'the XML has no Code, Message or RequestId element', line: null, column: null };
}

export function isXmlFailure(value: RawFields | XmlFailure): value is XmlFailure {
  return !('shape' in value);
}
