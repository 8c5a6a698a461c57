/**
 * Candidate search and whole-token rules. A catalog code counts only as a whole token: not inside
 * identifiers (`ChkRejected.Disabled`, `ForbiddenKeyNotFoundException`) and not as one segment of a
 * longer dotted code (`SSLPri.MissingParameter`, `InvalidParameter.KMSKeyId.CMKNotEnabled`).
 */

import type { Catalog } from '../catalog/catalog';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One alternation of every token, longest first so `Forbidden.InDebtOverdue` wins over `Forbidden.InDebt`. */
function candidatePattern(tokens: readonly string[]): RegExp {
  // Among tokens of one length at most one matches at a place, so their order only keeps the pattern
  // the same from run to run: code units, as localeCompare would load the collator at every start
  // (0.05 to 0.15 s of CPU, in the main thread and in each worker).
  const sorted = [...new Set(tokens)].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
}

// One pattern per catalog (catalogs are immutable), built on first use: a folder of many small logs
// would otherwise compile it again for every file. Users set `lastIndex` and match synchronously.
const patterns = new WeakMap<Catalog, RegExp>();

/** The candidate pattern of a catalog's codes and aliases (a global regular expression). */
export function candidatePatternOf(catalog: Catalog): RegExp {
  let pattern = patterns.get(catalog);
  if (!pattern) {
    pattern = candidatePattern(catalog.tokens());
    patterns.set(catalog, pattern);
  }
  return pattern;
}

// Its sticky copy, tried at one place (the places come from anchors.ts).
const stickyPatterns = new WeakMap<Catalog, RegExp>();

/** The candidate pattern of a catalog, matching only where `lastIndex` is; built once per catalog. */
export function candidatePatternHereOf(catalog: Catalog): RegExp {
  let pattern = stickyPatterns.get(catalog);
  if (!pattern) {
    pattern = new RegExp(candidatePatternOf(catalog).source, 'y');
    stickyPatterns.set(catalog, pattern);
  }
  return pattern;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

// An ANSI colour sequence (raw or JSON-escaped) or a JSON string escape (\n, \t, \r) right before the token.
// eslint-disable-next-line no-control-regex -- terminal colour codes are part of the text we read
const ESCAPE_BEFORE = new RegExp('(?:(?:\u001b|\\\\u001[bB]|\\\\x1[bB]|\\\\033|\\\\e)\\[[0-9;]*m|\\\\[ntr])$');
// Percent-encoded punctuation in URLs and form bodies: `%22Forbidden.KeyNotFound%22`, `q%3DRejected...`.
const URL_ESCAPE_BEFORE = /%(?:2[027cC8]|3[aAdDeE]|5[bB]|7[bB])$/;
// Node's pop-core names its errors after the code: `InvalidAccessKeyId.NotFoundError: code: 404, ...`.
const ERROR_SUFFIX = /^Error:/;

export function isWholeToken(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text.charCodeAt(start - 1) : 32;
  if (isWordChar(before)) {
    const head = text.slice(Math.max(0, start - 12), start);
    if (!ESCAPE_BEFORE.test(head) && !URL_ESCAPE_BEFORE.test(head)) return false;
  } else if (before === 46 /* . */ && start > 1 && isWordChar(text.charCodeAt(start - 2))) {
    return false;
  }
  const after = end < text.length ? text.charCodeAt(end) : 32;
  if (isWordChar(after)) return ERROR_SUFFIX.test(text.slice(end, end + 6));
  if (after === 46 /* . */ && end + 1 < text.length && isWordChar(text.charCodeAt(end + 1))) return false;
  return true;
}

// `Code: X`, `"Code":"X"`, `<Code>X`, `ErrorCode: X`, `Error:X` (Python core SDK), `'code': u'X'`.
const CODE_FIELD_BEFORE =
  /(?<![A-Za-z0-9_])(?:[Cc]ode|ErrorCode|errorCode|error_code|Error)\\?["']?\s*(?:[:=]|=>|>)\s*u?\\?["']?$/;
// Chinese labels and the full-width colon: `错误码=Throttling`, `错误代码：X`, `Code：X`.
const LABELLED_CODE_BEFORE =
  /(?:错误码|错误代码|錯誤碼|錯誤代碼|(?<![A-Za-z0-9_])(?:[Cc]ode|ErrorCode)\s*(?=：))\s*(?:[:=：])\s*["']?$/;
// Tea TypeScript errors: `Unauthorized: code: 404, ...`.
const TEA_NAME_AFTER = /^:\s*code:\s*\d{3}\b/;

/** For bare-word codes (`Unauthorized`, `Throttling`): true only where the text presents it as an error code. */
export function isInCodeField(text: string, start: number, end: number): boolean {
  return (
    CODE_FIELD_BEFORE.test(text.slice(Math.max(0, start - 24), start)) ||
    LABELLED_CODE_BEFORE.test(text.slice(Math.max(0, start - 24), start)) ||
    TEA_NAME_AFTER.test(text.slice(end, end + 16))
  );
}

// A name being declared, raised, caught or imported: `class ServiceUnavailableTemporary(ValidationError)`,
// `def InternalFailure():`, `except Throttling:`, `const InternalFailure = ...`.
const DECLARING_BEFORE =
  /(?:^|[^\w$])(?:class|def|function|func|interface|type|enum|struct|trait|const|let|var|val|new|extends|implements|except|raise|throw|import)\s+$/;
// A name being called or assigned: `InternalFailure(...)`, `InternalFailure = 500`.
const CALLED_OR_ASSIGNED_AFTER = /^(?:\(|\s*=(?![=>]))/;

/**
 * True when the token is an identifier of source code rather than an error code: a class, type,
 * function or constant named like a code. Decided by its syntactic role (declared, called, assigned),
 * so string literals, comments and log text keep their findings.
 */
export function isIdentifierRole(text: string, start: number, end: number): boolean {
  return (
    DECLARING_BEFORE.test(text.slice(Math.max(0, start - 16), start)) ||
    CALLED_OR_ASSIGNED_AFTER.test(text.slice(end, end + 8))
  );
}
