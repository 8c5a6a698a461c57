/**
 * Field patterns for every textual shape of an Alibaba Cloud error record: XML and JSON bodies
 * (also JSON escaped inside JSON), Python dict reprs, Tea messages, Go `SDK.ServerError` and
 * `SDKError:` blocks, Python/Java/.NET/Node core SDK strings. Shared by the scanner (records around a
 * code) and the decoder (a selected response), so both read records the same way.
 */

import {
  literalStartMatches,
  reachStart,
  stopZoneEnd,
  windowHasHint,
  windowFirstValue,
  windowIncludes,
  windowMatches,
  type StopMarks,
} from './sharedMatches';
import { WordSearch } from '../wordSearch';
import { cleanMessage, cleanUrl, teaMessageHead } from './messageText';
import type { ScanCache } from './scanCache';

const Q = `\\\\?["']?`; // an optional (escaped) quote around keys and values

/*
 * Every pattern here runs on untrusted text (whole selections of up to 1 MB in the decoder), so each
 * one is linear: no two quantifiers that can match the same character follow each other, and a run
 * of whitespace is always followed by something whitespace cannot be (a quote, a colon, a value
 * that starts with a non-space). Values that may hold spaces are read as "non-space, then (spaces,
 * non-space) repeated", so the end of a value is tried only after a non-space and each space is
 * read a bounded number of times. A value also stops where the same key starts again, so that a
 * run of keys (`Message:Message:...`) is not re-read from each of them. Changes here must keep
 * that shape; test/unit/linearFields.test.ts feeds every key and tag long runs of whitespace.
 */

/** Whitespace inside a line: every \s but the line ends. */
const HS = '[^\\S\\n\\r]';

/**
 * Alternatives (regex fragments) that must start a word, also right after a JSON escape such as the
 * `\n` of `...\nRequestId: X`; `alsoNotAfter` lists characters that may not come before them either.
 * The boundary is checked behind the fragment rather than before it: a pattern that starts with
 * literal text lets the regex engine skip straight to its candidates, which on a long line (a
 * minified response) is over 20 times faster than testing a boundary at every position.
 */
function wordStart(alternatives: readonly string[], alsoNotAfter = ''): string {
  const before = `(?:^|[^A-Za-z0-9_${alsoNotAfter}]|\\\\[nrt])`;
  return `(?:${alternatives.map((a) => `${a}(?<=${before}${a})`).join('|')})`;
}

const STATUS_FIELD = new RegExp(
  `(?:<HttpStatus>\\s*|${wordStart(['HttpStatus', 'HTTP Status', 'StatusCode', 'Status Code', 'httpCode'])}${Q}\\s*[:=]\\s*${Q}|${wordStart(['code:'])}\\s*(?=\\d{3},))([1-5]\\d\\d)\\b`,
  'gi',
);
// A JSON, Python or Go empty value (`"requestId": null`, `'RequestId': None`) is no RequestId.
const NOT_EMPTY = '(?!(?:null|None|nil)(?![A-Za-z0-9-]))';
const REQUEST_ID_FIELD = new RegExp(
  `(?:<RequestId>\\s*|${wordStart(['request[ _-]?id'], '?&')}${Q}\\s*(?:[:=]|=>)\\s*u?${Q})${NOT_EMPTY}([A-Za-z0-9][A-Za-z0-9-]{3,63})(?![A-Za-z0-9*])`,
  'gi',
);
/** A RequestId only found inside a troubleshooting URL (`...&requestId=X`). */
const REQUEST_ID_IN_URL = /[?&]requestId=([A-Za-z0-9][A-Za-z0-9-]{3,63})(?![A-Za-z0-9*])/g;
const HOST_ID_FIELD = new RegExp(
  `(?:<HostId>\\s*|${wordStart(['HostId'])}${Q}\\s*[:=]\\s*u?${Q})([A-Za-z0-9][A-Za-z0-9.-]{2,253})`,
  'gi',
);
// The spaces after the key, the colon and the optional quote are each read once (`\s*` then a quote
// or the URL's `h`), never by two adjacent `\s*`. A URL runs on through `\u0026`, the `&` that JSON
// encoders of Go and others escape (a backslash ends it otherwise: it starts the escaped quote after it).
const RECOMMEND_FIELD = new RegExp(
  `(?:<Recommend>\\s*(?:<!\\[CDATA\\[\\s*)?|${wordStart(['Recommend'])}${Q}\\s*[:=]\\s*(?:\\\\?["']\\s*|\\\\\\s*)?)(https?://(?:[^\\s"'<\\]\\\\]|\\\\u0026)+)`,
  'gi',
);
const API_FIELD = new RegExp(
  `(?:${wordStart(['Action'])}${Q}\\s*(?:\\]\\s*)?(?:[:=]|=>)\\s*u?${Q}|\\bResource \\S+ (?=[A-Z]\\w+ Failed))([A-Z][A-Za-z0-9]{2,60})\\b`,
  'g',
);
/**
 * Labels of Chinese logs and consoles (`错误码=X 请求ID=Y 说明：...`, Traditional `錯誤碼`/`請求ID` too), and the full-width colon after
 * the English ones (`RequestId：Y`). Kept apart from the patterns above, which they complete.
 */
const LABEL_SEPARATOR = '\\s*(?:[:=：]|=>)\\s*';
const LABELLED_STATUS_FIELD = new RegExp(`(?:HTTP\\s?)?(?:状态码|狀態碼)${LABEL_SEPARATOR}([1-5]\\d\\d)\\b`, 'g');
const LABELLED_REQUEST_ID_FIELD = new RegExp(
  `(?:(?:请求|請求)\\s?ID${LABEL_SEPARATOR}|${wordStart(['request[ _-]?id'])}\\s*：\\s*)([A-Za-z0-9][A-Za-z0-9-]{3,63})(?![A-Za-z0-9*])`,
  'gi',
);
const NEXT_LABEL =
  '错误码|错误代码|錯誤碼|錯誤代碼|请求\\s?ID|請求\\s?ID|RequestId|HTTP|状态码|狀態碼|错误信息|錯誤訊息|说明|說明';
const LABELLED_MESSAGE_FIELD = new RegExp(
  `(?:错误信息|错误消息|說明|錯誤訊息|说明)${LABEL_SEPARATOR}([^\\n\\r]{1,2000}?)[ \\t]*(?=[ \\t]+(?:${NEXT_LABEL})|\\\\[nr]|[\\r\\n]|$)`,
  'g',
);
const ALIYUNCS_HOST_END = /\.aliyuncs\.com/i;
const HOST_IN_TEXT = /\b([a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63}){0,4}\.aliyuncs\.com)\b/i;

/** Message fields; each pattern's group 1 is the raw message. */
const MESSAGE_FIELDS: readonly RegExp[] = [
  // A pretty-printed JSON line, read to its last quote so unescaped inner quotes (seen in docs) survive.
  /^[ \t]*"[Mm]essage"\s*:\s*"([^\n]{0,2000})"[ \t]*(?:,[ \t]*)?\r?$/gm,
  // The element's text without the spaces and CDATA around it; an empty element is no message.
  /<Message>\s*(?:<!\[CDATA\[\s*)?((?!\]\]>|<\/Message>)\S(?:\s*(?!<Message>)\S){0,1999}?)\s*(?:\]\]>\s*)?<\/Message>/g,
  /"[Mm]essage"\s*:\s*"((?:[^"\\\n]|\\.){0,2000})"/g,
  /\\"[Mm]essage\\"\s*:\s*\\"((?:[^"\\\n]|\\[^"\n]){0,2000})\\"/g,
  /'[Mm]essage'\s*:\s*u?(?:'([^'\n]{0,2000})'|"([^"\n]{0,2000})")/g,
  // `Message: text` up to the line end, a JSON `\n`, Terraform's gutter or the next Data/RequestId field.
  new RegExp(
    `${wordStart(['Message:'])}${HS}*([^\\s│](?:${HS}*(?!Message:)[^\\s│]){0,1999}?)(?=\\s+(?:Data|RequestId):|${HS}*(?:\\\\[nr]|\\r|\\n|│|$))`,
    'g',
  ),
  /\bcode:\s*\d{3},\s*(\S(?:[^\S\n]*(?!\bcode:\s*\d{3},)\S){0,1999}?)(?:[^\S\n]*,)?\s+request ?id:/gi,
];

export interface FieldMatch {
  value: string;
  index: number;
}

// Lower-case words a block must contain for a pattern to match at all; skips most regex passes.
const HINTS = new Map<RegExp, readonly string[]>([
  [STATUS_FIELD, ['status', 'httpcode', 'code:']],
  [REQUEST_ID_FIELD, ['request']],
  [REQUEST_ID_IN_URL, ['requestid=']],
  [HOST_ID_FIELD, ['hostid']],
  [RECOMMEND_FIELD, ['recommend']],
  [API_FIELD, ['action', 'failed!!!']],
  [LABELLED_STATUS_FIELD, ['状态码', '狀態碼']],
  [LABELLED_REQUEST_ID_FIELD, ['请求', '請求', '：']],
  [LABELLED_MESSAGE_FIELD, ['错误信息', '错误消息', '说明', '錯誤訊息', '說明']],
  // The key each message pattern starts from, as written in lower case.
  ...MESSAGE_FIELDS.map((pattern, i): [RegExp, readonly string[]] => [
    pattern,
    [['"message"'], ['<message>'], ['"message"'], ['\\"message\\"'], ["'message'"], ['message:'], ['code:']][i] ?? [''],
  ]),
]);

// Every ASCII hint word, each with its bit, in one search: a short block finds the words it holds in
// one pass, rather than lower-casing itself and searching for each word. (A bit each for at most 30
// words; any further word is looked for in the lower-cased block.) The Chinese labels are left out:
// held in the search, they slow it on any text stored two bytes a character, and a block holds them
// only if it holds a character from U+3000 up.
const HINT_BITS = new Map(
  [...new Set([...HINTS.values()].flat())]
    .filter((word) => word.length > 0 && /^[\x20-\x7e]+$/.test(word))
    .slice(0, 30)
    .map((word, i) => [word, 1 << i] as const),
);
const HINT_SEARCH = new WordSearch([...HINT_BITS]);
const CJK_CHAR = /[\u3000-\uffff]/;

/**
 * How many non-whitespace characters an attempt of each pattern reads at most from where it starts
 * (every unbounded run in them is whitespace), so that a window of a long line can take most of its
 * matches from one scan of the whole text (sharedMatches.ts). Patterns with an unbounded run of
 * other characters (a URL, `Resource \S+`) are not listed and always read their whole block.
 */
const REACH = new Map<RegExp, number>([
  [STATUS_FIELD, 80],
  [REQUEST_ID_FIELD, 120],
  [REQUEST_ID_IN_URL, 100],
  [HOST_ID_FIELD, 300],
  [LABELLED_STATUS_FIELD, 40],
  [LABELLED_REQUEST_ID_FIELD, 120],
  [LABELLED_MESSAGE_FIELD, 2100],
  // 2,000 characters of value; the JSON ones read them as escapes of up to two characters each.
  ...MESSAGE_FIELDS.map((pattern, i): [RegExp, number] => [pattern, i === 2 || i === 3 ? 4100 : 2100]),
]);

/**
 * Keys that end every value of a message pattern: the value stops before the same key starts again
 * (see the linearity note above), so an attempt never reads far past the next key (sharedMatches.ts).
 */
const STOP_MARKS = new Map<RegExp, StopMarks>(
  (
    [
      [1, /<Message>/g],
      [2, /"[Mm]essage"/g],
      [3, /\\"[Mm]essage\\"/g],
      [5, /Message:/g],
      [6, /\bcode:\s*\d{3},/gi],
    ] as const
  ).map(([i, marks]) => [MESSAGE_FIELDS[i] as RegExp, { marks, after: 16 }]),
);

// The texts every match of a pattern starts with, for patterns that have no reach (see literalStartMatches).
const LITERAL_STARTS = new Map<RegExp, readonly string[]>([[API_FIELD, ['Action', 'Resource ']]]);

const NO_MATCHES: readonly FieldMatch[] = [];

/**
 * Every match of the global `pattern` in `text`, as `text.matchAll(pattern)` gives them; an exec loop,
 * as matchAll copies the pattern on each call (a new RegExp per block and pattern).
 */
function allMatches(pattern: RegExp, text: string): FieldMatch[] {
  const list: FieldMatch[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const value = m[1] ?? m[2];
    if (value !== undefined) list.push({ value, index: m.index + m[0].lastIndexOf(value) });
    if (m[0].length === 0) pattern.lastIndex++;
  }
  return list;
}

/** Where a block lies in the text it was cut from, when that text is long, and the scan's cache of that text. */
export interface BlockSource {
  text: string;
  start: number;
  end: number;
  cache: ScanCache;
}

/**
 * The field matches of one block of text, found once and shared by every code token in the block
 * (a Tea error names its code three times: `Code:`, `Data: {"Code":...}` and the Recommend URL).
 */
export class BlockFields {
  private lowerText: string | undefined;
  private hintBits: number | undefined;
  private holdsCjk: boolean | undefined;
  private readonly found = new Map<RegExp, readonly FieldMatch[]>();
  /** Where the shared scan's zone of each reach ends, for a long block (made when first asked). */
  private zoneEnds: Map<number, number> | undefined;

  /**
   * `memo`: the cache of the scan the block is read in, where cleaned messages are kept for the next
   * blocks (a scanner's records repeat the same few messages).
   */
  constructor(
    readonly text: string,
    private readonly source?: BlockSource,
    readonly memo?: ScanCache,
  ) {}

  /** Whether the lower-cased block contains `hint`; for a long block, from an index of its source. */
  private hasHint(hint: string): boolean {
    if (this.source) {
      const { cache, text, start, end } = this.source;
      const found = windowHasHint(cache, text, start, end, hint);
      if (found !== null) return found;
    }
    const bit = this.source ? undefined : HINT_BITS.get(hint);
    if (bit !== undefined) {
      this.hintBits ??= HINT_SEARCH.flagsIn(this.text);
      return (this.hintBits & bit) !== 0;
    }
    if (!this.source && hint.charCodeAt(0) >= 0x3000) {
      // Chinese labels and the full-width colon have no case: the block holds them as written, if at all.
      this.holdsCjk ??= CJK_CHAR.test(this.text);
      return this.holdsCjk && this.text.includes(hint);
    }
    this.lowerText ??= this.text.toLowerCase();
    return this.lowerText.includes(hint);
  }

  /** The block's matches of `pattern` from the shared scan of its source text, when that pays. */
  private sharedMatches(pattern: RegExp): FieldMatch[] | null {
    const starts = LITERAL_STARTS.get(pattern);
    if (this.source && starts) return literalStartMatches(pattern, this.text, starts);
    const reach = REACH.get(pattern);
    if (!this.source || reach === undefined) return null;
    const { cache, text, start, end } = this.source;
    this.zoneEnds ??= new Map();
    let zoneEnd = this.zoneEnds.get(reach);
    if (zoneEnd === undefined) {
      zoneEnd = reachStart(cache, text, start, end, reach);
      this.zoneEnds.set(reach, zoneEnd);
    }
    const stop = STOP_MARKS.get(pattern);
    if (stop) zoneEnd = stopZoneEnd(cache, stop, text, start, end, zoneEnd);
    return windowMatches(cache, pattern, text, this.text, start, zoneEnd);
  }

  /** Whether the block holds one of the words every match of `pattern` holds (true for a pattern without hints). */
  private hinted(pattern: RegExp): boolean {
    const hints = HINTS.get(pattern);
    if (!hints) return true;
    for (const hint of hints) if (this.hasHint(hint)) return true;
    return false;
  }

  private matches(pattern: RegExp): readonly FieldMatch[] {
    let list = this.found.get(pattern);
    if (list) return list;
    list = this.hinted(pattern) ? (this.sharedMatches(pattern) ?? allMatches(pattern, this.text)) : NO_MATCHES;
    this.found.set(pattern, list);
    return list;
  }

  private host: string | null | undefined;

  /** The first Alibaba Cloud endpoint host the block names, read once per block. */
  hostInText(): string | null {
    if (this.host === undefined) {
      // A long block asks an index of its source text rather than reading its 4 to 8 KB.
      const source = this.source;
      const named = source
        ? windowIncludes(source.cache, source.text, source.start, source.end, 'aliyuncs')
        : this.text.includes('aliyuncs');
      // A host name reads at most 340 characters, all of them non-space.
      if (!named) this.host = null;
      else if (source) this.host = windowFirstValue(HOST_IN_TEXT, 340, this.text, source);
      // Every host it reads ends in `.aliyuncs.com`: one literal test first, as `aliyuncs` is also in Java class names.
      else this.host = ALIYUNCS_HOST_END.test(this.text) ? (HOST_IN_TEXT.exec(this.text)?.[1] ?? null) : null;
    }
    return this.host;
  }

  /** The match of `pattern` nearest to `anchor` (ties go to the later match, as records read top-down). */
  nearest(pattern: RegExp, anchor: number): FieldMatch | null {
    let best: FieldMatch | null = null;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const match of this.matches(pattern)) {
      const distance = Math.abs(match.index - anchor);
      if (distance <= bestDistance) {
        best = match;
        bestDistance = distance;
      }
    }
    return best;
  }
}

/** The fields of a record nearest to its code (at `anchor`), as every reader of records picks them. */
export interface NearestFields {
  status: number | null;
  requestId: FieldMatch | null;
  /** The cleaned message, and how far from the anchor it was written. */
  message: { text: string; distance: number } | null;
  hostId: string | null;
  recommend: string | null;
  api: string | null;
}

/** The nearer of two patterns' matches to `anchor`. */
function nearer(fields: BlockFields, anchor: number, a: RegExp, b: RegExp): FieldMatch | null {
  const x = fields.nearest(a, anchor);
  const y = fields.nearest(b, anchor);
  if (!x || !y) return x ?? y;
  return Math.abs(y.index - anchor) < Math.abs(x.index - anchor) ? y : x;
}

/** The cleaned text of a message field, from the scan's memo of them when the block has one. */
function cleanedMessage(match: FieldMatch, memo: ScanCache | undefined): string | null {
  if (!memo) return cleanMessage(match.value);
  const head = teaMessageHead(match.value);
  return head === null
    ? memo.cleanedMessage(match.value, cleanMessage)
    : memo.cleanedTeaMessage(head, match.value, cleanMessage);
}

const ALL_MESSAGE_FIELDS: readonly RegExp[] = [...MESSAGE_FIELDS, LABELLED_MESSAGE_FIELD];

export function nearestFields(fields: BlockFields, anchor: number): NearestFields {
  const status = nearer(fields, anchor, STATUS_FIELD, LABELLED_STATUS_FIELD);
  let message: NearestFields['message'] = null;
  for (const pattern of ALL_MESSAGE_FIELDS) {
    const found = fields.nearest(pattern, anchor);
    const distance = found ? Math.abs(found.index - anchor) : Number.POSITIVE_INFINITY;
    if (found && distance < (message?.distance ?? Number.POSITIVE_INFINITY)) {
      const cleaned = cleanedMessage(found, fields.memo);
      if (cleaned) message = { text: cleaned, distance };
    }
  }
  const recommend = fields.nearest(RECOMMEND_FIELD, anchor)?.value;
  return {
    status: status ? Number(status.value) : null,
    requestId:
      nearer(fields, anchor, REQUEST_ID_FIELD, LABELLED_REQUEST_ID_FIELD) ?? fields.nearest(REQUEST_ID_IN_URL, anchor),
    message,
    hostId: fields.nearest(HOST_ID_FIELD, anchor)?.value ?? null,
    recommend: recommend ? cleanUrl(recommend) : null,
    api: fields.nearest(API_FIELD, anchor)?.value ?? null,
  };
}
