import { fieldsFromObject } from './objectFields';
import type { RawFields } from './types';

const MAX_OBJECT = 1 << 20;

/** The text of the JSON object starting at `open` (a `{`), respecting strings; null when unbalanced. */
export function balancedObject(text: string, open: number): string | null {
  let depth = 0;
  let inString = false;
  const limit = Math.min(text.length, open + MAX_OBJECT);
  for (let i = open; i < limit; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  return null;
}

export interface JsonAttempt {
  fields: RawFields | null;
  /** The first JSON.parse error, with its offset in `text`, for the error report. */
  parseError: { message: string; offset: number } | null;
}

/** Strings in a parsed log line that carry an error of their own (escaped JSON, SDK error text). */
function embeddedErrors(value: unknown, depth = 0): string[] {
  if (typeof value === 'string') {
    return /ErrorCode|"Code"|\bCode:|code: \d{3}|RequestId/.test(value) ? [value] : [];
  }
  if (value && typeof value === 'object' && depth < 4) {
    return Object.values(value as Record<string, unknown>).flatMap((v) => embeddedErrors(v, depth + 1));
  }
  return [];
}

/**
 * Decodes JSON bodies: pretty or compact, embedded in a log line, or escaped inside a string field
 * of another JSON object. `decodeEmbeddedText` handles SDK error text found in string fields.
 */
export function decodeJson(text: string, decodeEmbeddedText: (text: string) => RawFields | null): JsonAttempt {
  let parseError: JsonAttempt['parseError'] = null;
  let open = text.indexOf('{');
  for (let attempts = 0; open !== -1 && attempts < 20; attempts++) {
    const candidate = balancedObject(text, open);
    if (!candidate) parseError ??= { message: 'an object is not closed (missing "}")', offset: open };
    if (candidate) {
      try {
        const parsed: unknown = JSON.parse(candidate);
        if (parsed && typeof parsed === 'object') {
          const found = fromParsed(parsed as Record<string, unknown>, decodeEmbeddedText);
          if (found) return { fields: found, parseError };
          open = text.indexOf('{', open + candidate.length);
          continue;
        }
      } catch (error) {
        const message = (error as Error).message;
        const position = /position (\d+)/.exec(message);
        parseError ??= { message, offset: open + (position ? Number(position[1]) : 0) };
      }
    }
    open = text.indexOf('{', open + 1);
  }
  return { fields: null, parseError };
}

function fromParsed(
  object: Record<string, unknown>,
  decodeEmbeddedText: (text: string) => RawFields | null,
): RawFields | null {
  const direct = fieldsFromObject(object);
  if (direct.code) return { ...direct, shape: 'json' };
  for (const embedded of embeddedErrors(object)) {
    const trimmed = embedded.trim();
    if (trimmed.startsWith('{')) {
      try {
        const inner = fieldsFromObject(JSON.parse(trimmed) as Record<string, unknown>);
        if (inner.code) return { ...inner, shape: 'json-in-json' };
      } catch {
        // not JSON after all; try it as text below
      }
    }
    const fromText = decodeEmbeddedText(embedded);
    if (fromText?.code) return { ...fromText, shape: `${fromText.shape}-in-json` };
  }
  return direct.requestId || direct.message ? { ...direct, shape: 'json' } : null;
}
