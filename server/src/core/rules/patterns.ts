import type { Catalog } from '../catalog/catalog';
import type { CatalogEntry } from '../catalog/types';
import { KMS_ONLY_APIS, KMS_SHARED_OPERATIONS, OTHER_PRODUCT_NAMES } from '../scanner/markers';
import { anyCase, checkPortable, literal, NOT_WORD, oneOf, WS } from './portable';

/**
 * The one source of every fleet query and rule: which codes to look for and how the scanner decides
 * that a line is a KMS error, written in the regular-expression subset JavaScript and RE2 share
 * (portable.ts). Each target renders these patterns in its own syntax and escaping; none adds its own.
 *
 * A query sees one line (one row) at a time, so these are the scanner's rules as they apply within a
 * line: a KMS-only code counts wherever it stands as a whole token; a generic code counts when the
 * same line holds KMS context; nothing in a URL counts. What a line cannot show (context on another
 * line of the record, a message with no code) is the scanner's alone.
 */

/** A code or alias refused because a target could not look for it without changing its meaning. */
export class RulesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RulesError';
  }
}

/** How a code counts on a line. */
export type CodeKind =
  /** Only KMS returns it: it counts wherever it stands. */
  | 'kms-only'
  /** Only KMS and the named products return it: it counts unless the line names another product. */
  | 'also-used'
  /** Many products return it: it counts only with KMS context on the line. */
  | 'shared';

export interface RuleCode {
  code: string;
  /** The spellings looked for: the code and its known misspellings. */
  spellings: string[];
  kind: CodeKind;
  /** A bare word (`Throttling`) that only counts as the value of a code field. */
  fieldOnly: boolean;
  /** The code's documented message, whose presence makes a generic code a KMS error; null when none. */
  message: string | null;
  entry: CatalogEntry;
}

export interface RulePatterns {
  codes: RuleCode[];
  /**
   * Every match is either noise (a URL, an escape, a colour sequence) with an empty group 1, or a whole
   * token in group 1; a token that is a code's spelling is a candidate.
   */
  token: string;
  /** Group 1: a field-only code as the value of a code field (`Code: Throttling`, `错误码=Throttling`). */
  fieldCode: string;
  /** Group 1: a field-only code that names a Tea error (`Unauthorized: code: 404, ...`). */
  teaNameCode: string;
  /** Group 1 of the first that matches: the line's RequestId (a field, a Chinese label, a URL parameter). */
  requestId: string[];
  /** Text that says "Alibaba Cloud KMS" (the scanner's KMS markers). */
  kmsMarker: string;
  /** Alibaba Cloud named on the line, and an operation KMS shares with other key services. */
  alibaba: string;
  kmsOperation: string;
  /** Another product named on the line (not conclusive when the line also has a KMS marker). */
  otherProduct: string;
  /** AWS named on the line: an AWS record is not an Alibaba Cloud KMS error, even when it says KMS. */
  aws: string;
  /** Every spelling of every code as plain text: a cheap first filter before the tokens are read. */
  anyCode: string[];
}

const TOKEN_CHAR = '[A-Za-z0-9_]';
// A lazy run, so that `InvalidAccessKeyId.NotFoundError:` ends before `Error:` (pop-core error names).
const TOKEN = `${TOKEN_CHAR}(?:[A-Za-z0-9_.]*?${TOKEN_CHAR})?`;
// A URL from its `://` to the first space, quote, bracket or backslash: codes in it are never findings.
const URL_REST = '://[^\\x00-\\x20"\'<>()\\\\`]*';
// Escapes after which a code still starts a token: JSON `\n`, terminal colours raw or escaped, and
// percent-encoded punctuation of URLs and form bodies.
const ESCAPES = [
  '\\x1b\\[[0-9;]*m',
  '\\\\(?:u001[bB]|x1[bB]|033|e)\\[[0-9;]*m',
  '\\\\[ntr]',
  '%(?:2[027cC8]|3[aAdDeE]|5[bB]|7[bB])',
];
const NOISE = oneOf([URL_REST, ...ESCAPES]);
// What may follow a whole token: noise, `Error:`, a character that is not part of a token, or a
// full stop that ends it.
const TOKEN_END = oneOf([URL_REST, ...ESCAPES, 'Error:', '[^A-Za-z0-9_.]', `\\.${NOT_WORD}`, '\\.?$']);

// `Code: X`, `"Code":"X"`, `<Code>X`, `ErrorCode: X`, `Error:X`, `'code': u'X'`, and the Chinese labels.
const CODE_FIELD = oneOf([
  `(?:^|${NOT_WORD})(?:[Cc]ode|ErrorCode|errorCode|error_code|Error)\\\\?["']?${WS}*(?:[:=]|=>|>)${WS}*u?\\\\?["']?`,
  `(?:错误码|错误代码|錯誤碼|錯誤代碼)${WS}*[:=：]${WS}*["']?`,
  `(?:^|${NOT_WORD})(?:[Cc]ode|ErrorCode)${WS}*：${WS}*["']?`,
]);

const RID = '([A-Za-z0-9][A-Za-z0-9-]{3,63})(?:[^A-Za-z0-9*]|$)';
const REQUEST_ID = [
  `(?:<${anyCase('RequestId')}>${WS}*|(?:^|[^A-Za-z0-9_?&]|\\\\[nrtNRT])${anyCase('request')}[ _-]?${anyCase('id')}\\\\?["']?${WS}*(?:[:=]|=>)${WS}*[Uu]?\\\\?["']?)${RID}`,
  `(?:(?:请求|請求)${WS}?${anyCase('id')}${WS}*(?:[:=：]|=>)${WS}*|${anyCase('request')}[ _-]?${anyCase('id')}${WS}*：${WS}*)${RID}`,
  `[?&]requestId=${RID}`,
];

const WORD_END = `(?:${NOT_WORD}|$)`;
const WORD_START = `(?:^|${NOT_WORD})`;

const KMS_MARKER = oneOf([
  anyCase('acs:kms:'),
  `${anyCase('kms')}[-_]?20160120`,
  anyCase('dkms'),
  anyCase('x-kms-'),
  `${anyCase('product=kms')}${WORD_END}`,
  `${anyCase('/product/kms')}${WORD_END}`,
  `${anyCase('aliyun')}${WS}+${anyCase('kms')}${WORD_END}`,
  anyCase('alicloud_kms'),
  anyCase('aliyunsdkkms'),
  `${WORD_START}${anyCase('HttpStatus')}${WORD_END}`,
  `(?:^|[^A-Za-z0-9])${anyCase('kms')}(?:[^A-Za-z]|$)`,
  `${WORD_START}${oneOf(KMS_ONLY_APIS.map(anyCase))}${WORD_END}`,
]);

const OTHER_PRODUCT = oneOf([
  // `product=kms` is a KMS marker, which makes this inconclusive: no need to leave it out here.
  `${anyCase('product=')}[A-Za-z]`,
  `${WORD_START}${oneOf(OTHER_PRODUCT_NAMES.map(anyCase))}${WORD_END}`,
  `${anyCase('Forbidden.RAM')}${WORD_END}`,
  // ARNs of services other than KMS and RAM.
  `${anyCase('acs:')}(?:[A-Ja-jL-Ql-qS-Zs-z-]|[Kk](?:[A-La-lN-Zn-z-]|[Mm](?:[A-Ra-rT-Zt-z-]|[Ss][A-Za-z-]))|[Rr](?:[B-Zb-z-]|[Aa](?:[A-La-lN-Zn-z-]|[Mm][A-Za-z-])))[A-Za-z-]*:`,
  // Endpoints; a KMS one is a KMS marker too.
  `(?:^|[^A-Za-z0-9_])[A-Za-z][A-Za-z0-9-]{0,62}\\.(?:[A-Za-z0-9-]{1,63}\\.)?${anyCase('aliyuncs.com')}`,
]);

const AWS = oneOf([
  anyCase('amazonaws'),
  anyCase('arn:aws'),
  `${WORD_START}${anyCase('AWS')}${WORD_END}`,
  anyCase('botocore'),
  anyCase('boto3'),
  anyCase('An error occurred ('),
]);

// A code's spelling as the catalog schema allows it, and as every target can look for it as one token.
const SAFE_SPELLING = /^[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*$/;

// A `< placeholder >` of a documented message, with its quotes: any text fills it.
const PLACEHOLDER = /["'“”]?<[^<>]*>["'“”]?/;

/**
 * The documented message as the scanner compares messages: its words in any case, with punctuation
 * or spaces between them (at least one, or `Internal Failure.` would be found in the code
 * `InternalFailure` itself), a placeholder matching anything.
 */
function messagePattern(message: string | null): string | null {
  if (message === null) return null;
  const words = (part: string) => (part.match(/[A-Za-z0-9]+/g) ?? []).join('[^A-Za-z0-9]+');
  const parts = message
    .split(PLACEHOLDER)
    .map(words)
    .filter((p) => p !== '');
  return parts.length > 0 ? parts.join('.*') : null;
}

function kindOf(entry: CatalogEntry): CodeKind {
  if (entry.shared) return 'shared';
  return entry.alsoUsedBy.length > 0 ? 'also-used' : 'kms-only';
}

/** Refuses a spelling no target can look for as the scanner does; the message names it. */
function checkSpelling(spelling: string, entry: CatalogEntry): void {
  const what = spelling === entry.code ? `code ${spelling}` : `alias ${spelling} of ${entry.code}`;
  if (!SAFE_SPELLING.test(spelling)) {
    throw new RulesError(`the ${what} is not one token of letters, digits and dots; no rule can look for it`);
  }
  // Queries end a token before `Error:` (Node errors are named `<code>Error`), which would cut this one short.
  if (spelling.endsWith('Error')) {
    throw new RulesError(`the ${what} ends in "Error", which queries read as an error name's suffix`);
  }
}

/** The patterns of every code of `catalog`, in code order so that the output is deterministic. */
export function rulePatterns(catalog: Catalog): RulePatterns {
  const codes: RuleCode[] = [...catalog.entries]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((entry) => {
      const spellings = [entry.code, ...entry.aliases];
      for (const spelling of spellings) checkSpelling(spelling, entry);
      const kind = kindOf(entry);
      const message = kind === 'shared' ? messagePattern(entry.message) : null;
      return { code: entry.code, spellings, kind, fieldOnly: entry.requiresCodeField, message, entry };
    });
  const fieldOnly = codes.filter((c) => c.fieldOnly).flatMap((c) => c.spellings.map(literal));
  // `^` after a character never matches (no multi-line flag in either engine).
  const none = 'x^';
  const fieldAlternatives = fieldOnly.length > 0 ? oneOf(fieldOnly) : none;
  const everySpelling = codes.flatMap((c) => c.spellings).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const patterns: RulePatterns = {
    codes,
    token: `${NOISE}|(${TOKEN})${TOKEN_END}`,
    fieldCode: `${CODE_FIELD}(${fieldAlternatives})${TOKEN_END}`,
    teaNameCode: `(?:^|[^A-Za-z0-9_.])(${fieldAlternatives}):${WS}*code:${WS}*[0-9]{3}`,
    requestId: REQUEST_ID,
    kmsMarker: KMS_MARKER,
    alibaba: oneOf([anyCase('aliyun'), anyCase('alibaba'), anyCase('alicloud'), anyCase('acs:')]),
    kmsOperation: `${WORD_START}${oneOf(KMS_SHARED_OPERATIONS)}${WORD_END}`,
    otherProduct: OTHER_PRODUCT,
    aws: AWS,
    anyCode: everySpelling.map(literal),
  };
  for (const pattern of [
    patterns.token,
    patterns.fieldCode,
    patterns.teaNameCode,
    ...patterns.requestId,
    patterns.kmsMarker,
    patterns.alibaba,
    patterns.kmsOperation,
    patterns.otherProduct,
    patterns.aws,
    ...patterns.anyCode,
    ...codes.flatMap((c) => (c.message ? [c.message] : [])),
  ]) {
    checkPortable(pattern);
  }
  return patterns;
}

/** The spellings of the codes of one kind (field-only codes are looked for in code fields only). */
export function spellingsOf(patterns: RulePatterns, kind: CodeKind, fieldOnly = false): string[] {
  return patterns.codes.filter((c) => c.kind === kind && c.fieldOnly === fieldOnly).flatMap((c) => c.spellings);
}

/** Misspellings and the code they stand for, for the targets' CASE expressions. */
export function aliasesOf(patterns: RulePatterns): [string, string][] {
  return patterns.codes.flatMap((c) => c.spellings.slice(1).map((alias): [string, string] => [alias, c.code]));
}
