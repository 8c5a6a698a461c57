// Generates syntaxes/kms.injection.tmLanguage.json, the injection grammar that colours KMS error codes,
// RequestIds, HTTP statuses and error-record field keys in logs and in string literals of source code.
// The error catalog (server/catalog/kms-errors.json) stays the single source of truth: rerun this
// script after editing it. `--check` exits 1 when the file on disk differs from what would be generated.
//
// The code rules follow the scanner's whole-token rules (server/src/core/scanner/tokens.ts): a code
// counts only when it is not glued to an ASCII word character or to a dotted prefix/suffix, except
// right after a JSON escape (`\n`), right after an ANSI colour sequence, and before Node's `Error:`
// suffix. Oniguruma lookbehinds are fixed-length, so the ANSI sequence (variable length) is consumed
// by the match instead of being looked behind.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CATALOG = join(root, 'server', 'catalog', 'kms-errors.json');
const OUTPUT = join(root, 'syntaxes', 'kms.injection.tmLanguage.json');

/** Where the grammar applies. Single-match host rules (a log's `"..."`) are not entered by injections. */
export const INJECTION_SELECTOR = [
  'L:text.log',
  'L:string.quoted',
  'L:string.template',
  'L:string.unquoted',
  'L:string.interpolated',
  // XML element content (a saved response body); tags, attributes and comments stay the XML grammar's.
  'L:text.xml -meta.tag -comment -string',
  // Markdown fences without a known language (pasted logs); fences with a language embed that grammar,
  // whose strings match the selectors above. A `log` fence embeds the log grammar without its root scope.
  'L:markup.fenced_code.block.markdown -meta.embedded',
  'L:meta.embedded.block.log',
].join(', ');

/**
 * The four colour classes, each a scope every built-in theme of VS Code colours clearly apart from
 * its strings, and the four apart from each other in the Dark and Light Modern, Plus and 2026 themes
 * (test/ui measures it on those themes' token colours). A class whose own scope some theme leaves
 * uncoloured, or colours as a string, comes with a fallback scope before it that every theme
 * colours: the innermost scope a theme colours wins. `invalid.illegal` is gone: Light+ and Light
 * Modern give it nearly their strings' red; `string.regexp` is coloured as a string by the 2026 themes.
 */
const CLASSES = [
  { id: 'permission', scope: 'keyword.control.error-code.permission.kms' },
  { id: 'key-state', scope: 'keyword.other.unit.error-code.kms entity.name.type.error-code.key-state.kms' },
  { id: 'service', scope: 'keyword.control.error-code.kms support.function.error-code.service.kms' },
  { id: 'parameter', scope: 'constant.numeric.error-code.parameter.kms' },
];

// The class of each catalog category and code: data shared with the core (server/src/core/format/severity.ts).
const CLASSES_DATA = JSON.parse(readFileSync(join(root, 'server', 'catalog', 'code-classes.json'), 'utf8'));
const CATEGORY_CLASS = CLASSES_DATA.byCategory;
const CODE_CLASS = new Map(Object.entries(CLASSES_DATA.byCode ?? {}));

/** The class of a catalog entry, as the core gives it (format/severity.ts codeClass). */
export function classOf(entry) {
  if (CODE_CLASS.has(entry.code)) return CODE_CLASS.get(entry.code);
  if (entry.code.includes('NotFound')) return 'permission';
  const cls = CATEGORY_CLASS[entry.category];
  if (!cls) throw new Error(`${entry.code}: unknown category ${JSON.stringify(entry.category)}`);
  return cls;
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Longest first (so `Forbidden.InDebtOverdue` wins over `Forbidden.InDebt`), then code-point order. */
function alternation(words) {
  const sorted = [...new Set(words)].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return sorted.map(escapeRegExp).join('|');
}

// ---------------------------------------------------------------------------------------------------
// A small regex builder: capture groups carry their scope, so numbering and `captures` stay in sync.

/** A capturing group; `spec` is a scope name, `{ patterns }` or null (no scope). */
const cap = (spec, ...parts) => ({ kind: 'cap', spec, parts });
/** A backreference to the nth capturing group of the rule (1-based). */
const ref = (n) => ({ kind: 'ref', n });

function build(...parts) {
  const captures = {};
  let count = 0;
  const emit = (part) => {
    if (typeof part === 'string') return part;
    if (part.kind === 'ref') return `\\${part.n}`;
    const index = ++count;
    const inner = part.parts.map(emit).join('');
    if (typeof part.spec === 'string') captures[index] = { name: part.spec };
    else if (part.spec) captures[index] = part.spec;
    return `(${inner})`;
  };
  const match = parts.map(emit).join('');
  return Object.keys(captures).length > 0 ? { match, captures } : { match };
}

// ---------------------------------------------------------------------------------------------------
// Shared pieces.

const W = 'A-Za-z0-9_';
/** A word start, also right after a JSON escape such as the `\n` of `...\nRequestId: X`. */
const WORD_START = `(?:(?<=\\\\[ntr])|(?<![${W}]))`;
/** An ANSI colour sequence, raw or written escaped (`\u001b[31m`, `\x1b[31m`, `\033[31m`, `\e[31m`). */
const ANSI = `(?:\\x1b|\\\\u001[bB]|\\\\x1[bB]|\\\\033|\\\\e)\\[[0-9;]{0,16}m`;
/**
 * Non-ASCII text glued to a code (`返回Rejected.PendingDeletion`) is consumed with it: the scanner accepts
 * the code there, and VS Code's log grammar would otherwise claim the whole run as one dotted name.
 */
const GLUED_TEXT = '[^\\x00-\\x7F\\s]{1,64}';
const CODE_START = `(?:${ANSI}|(?:${GLUED_TEXT})?(?:(?<=\\\\[ntr])|(?<![${W}])(?<![${W}]\\.)))`;
const CODE_END = `(?:(?=Error:)|(?![${W}])(?!\\.[${W}]))`;
/** An optional (JSON-escaped) quote, captured so the closing one can be required to be the same. */
const QUOTE = '\\\\?["\']';
const REQUEST_ID = '[A-Za-z0-9][A-Za-z0-9-]{3,63}';
const REQUEST_ID_END = '(?![A-Za-z0-9*])';
const STATUS = '[1-5][0-9]{2}';
const STATUS_END = `(?![${W}])`;

const FIELD = 'keyword.other.field.kms';
const SEPARATOR = 'punctuation.separator.key-value.kms';
const QUOTE_BEGIN = 'punctuation.definition.string.begin.kms';
const QUOTE_END = 'punctuation.definition.string.end.kms';
const TAG = 'entity.name.tag.kms';
const TAG_BEGIN = 'punctuation.definition.tag.begin.kms';
const TAG_END = 'punctuation.definition.tag.end.kms';
const REQUEST_ID_SCOPE = 'constant.numeric.request-id.kms';
const STATUS_SCOPE = 'constant.numeric.http-status.kms';

/** `<Name>` as a tag: the whole tag is entity.name.tag.kms, its brackets punctuation. */
const openTag = (name) => cap(TAG, cap(TAG_BEGIN, '<'), name, cap(TAG_END, '>'));

// ---------------------------------------------------------------------------------------------------

/** `"Key":` (any quote, escaped or not): the parts of a quoted field key and its separator. */
const quotedKey = (keys, separator) => [
  `(?<![${W}])`,
  cap(QUOTE_BEGIN, QUOTE),
  cap(FIELD, keys),
  cap(QUOTE_END, ref(1)),
  '\\s*',
  cap(SEPARATOR, separator),
];

/** `Key:` written bare, as in SDK error text and logs. */
const bareKey = (keys, separator, start = WORD_START) => [start, cap(FIELD, keys), '\\s*', cap(SEPARATOR, separator)];

/** HTTP statuses next to error fields. First, so `code: 404,` wins over the `Code:` key on a tie. */
function httpStatusRules() {
  const statusKeys = '(?i:HttpStatus|HTTP Status|StatusCode|Status Code|httpCode)';
  const status = ['\\s*', cap(STATUS_SCOPE, STATUS), STATUS_END];
  return {
    patterns: [
      {
        comment: '<HttpStatus>400</HttpStatus>',
        ...build(openTag('HttpStatus'), ...status),
      },
      { comment: '"HttpStatus": 400', ...build(...quotedKey(statusKeys, '[:=]'), ...status) },
      {
        comment: 'HTTP Status: 404, StatusCode: 403, Status Code: 404',
        ...build(...bareKey(statusKeys, '[:=]'), ...status),
      },
      {
        comment: 'Tea messages: code: 404, ...',
        ...build(WORD_START, cap(FIELD, '[Cc]ode'), cap(SEPARATOR, ':'), '\\s*', cap(STATUS_SCOPE, STATUS), '(?=,)'),
      },
    ],
  };
}

/** RequestIds: the value after a RequestId key. */
function requestIdRules() {
  return {
    patterns: [
      {
        comment: '<RequestId>X</RequestId>',
        ...build(openTag('RequestId'), '\\s*', cap(REQUEST_ID_SCOPE, REQUEST_ID), REQUEST_ID_END),
      },
      {
        comment: '"RequestId":"X", \'request-id\': u\'X\', \\"RequestId\\":\\"X\\"',
        ...build(
          ...quotedKey('RequestId|RequestID|requestId|request-id|request_id', ':'),
          '\\s*u?',
          cap(QUOTE_BEGIN, ref(1)),
          cap(REQUEST_ID_SCOPE, REQUEST_ID),
          cap(QUOTE_END, ref(1)),
        ),
      },
      {
        comment: 'RequestId: X, RequestID: X, request id: X, [ RequestId : X ]',
        ...build(
          ...bareKey('RequestId|RequestID|requestId|request id', '[:=]', `(?<![?&])${WORD_START}`),
          '\\s*',
          cap(REQUEST_ID_SCOPE, REQUEST_ID),
          REQUEST_ID_END,
        ),
      },
    ],
  };
}

/** Field keys (the key only; the value is left to the other rules). */
function fieldKeyRules() {
  const keys = 'ErrorCode|RequestId|RequestID|Recommend|Message|HostId|Code';
  return {
    patterns: [
      { comment: '"Code":, "RequestId":, \'Message\':', ...build(...quotedKey(keys, ':')) },
      {
        comment: 'ErrorCode:, Code:, RequestId:, request id:, Recommend:, HostId:, Message:',
        ...build(...bareKey(`${keys}|request id`, ':')),
      },
    ],
  };
}

/**
 * Codes, one rule pair per class. A quoted code is matched with its quotes, so that a host rule for
 * "..." (VS Code's log grammar) cannot claim it first; a capture with nested patterns would do the
 * same with one alternation, but retokenizing the captured text costs O(line length) per code.
 */
function codeRules(catalog) {
  const byClass = Object.fromEntries(CLASSES.map((c) => [c.id, []]));
  for (const entry of catalog.codes) {
    // Bare words (Unauthorized, Throttling, ...) only count in a code field: too generic for a regex.
    if (entry.requiresCodeField) continue;
    byClass[classOf(entry)].push(entry.code, ...(entry.aliases ?? []));
  }
  const rules = { codes: { patterns: [] } };
  for (const c of CLASSES) {
    if (byClass[c.id].length === 0) continue;
    const codes = alternation(byClass[c.id]);
    rules.codes.patterns.push({ include: `#code-${c.id}` });
    rules[`code-${c.id}`] = {
      patterns: [
        {
          comment: 'quoted',
          ...build(`(?<![${W}])`, cap(QUOTE_BEGIN, QUOTE), cap(c.scope, codes), cap(QUOTE_END, ref(1))),
        },
        { comment: 'whole token', ...build(CODE_START, cap(c.scope, codes), CODE_END) },
      ],
    };
  }
  return rules;
}

export function generate(catalog) {
  return {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    information_for_contributors: [
      'Generated by scripts/generate-grammar.mjs from server/catalog/kms-errors.json. Do not edit by hand:',
      'edit the catalog or the script, then run `node scripts/generate-grammar.mjs`.',
    ],
    name: 'KMS error codes',
    scopeName: 'kms.injection',
    injectionSelector: INJECTION_SELECTOR,
    patterns: [
      { include: '#http-status' },
      { include: '#request-id' },
      { include: '#field-tags' },
      { include: '#field-keys' },
      { include: '#codes' },
    ],
    repository: {
      'http-status': httpStatusRules(),
      'request-id': requestIdRules(),
      // <Code>, </Code> and the other field tags, whatever their content.
      'field-tags': build(cap(TAG, cap(TAG_BEGIN, '</?'), '(?:Code|RequestId|HttpStatus)', cap(TAG_END, '>'))),
      'field-keys': fieldKeyRules(),
      ...codeRules(catalog),
    },
  };
}

export function render(catalog) {
  return `${JSON.stringify(generate(catalog), null, 2)}\n`;
}

function main() {
  const check = process.argv.includes('--check');
  const text = render(JSON.parse(readFileSync(CATALOG, 'utf8')));
  const shown = relative(process.cwd(), OUTPUT) || OUTPUT;
  if (check) {
    let current = null;
    try {
      current = readFileSync(OUTPUT, 'utf8');
    } catch {
      // Missing: reported below.
    }
    if (current !== text) {
      console.error(
        `${shown} is ${current === null ? 'missing' : 'out of date'}: run \`node scripts/generate-grammar.mjs\``,
      );
      process.exit(1);
    }
    console.log(`${shown} is up to date`);
    return;
  }
  mkdirSync(dirname(OUTPUT), { recursive: true });
  writeFileSync(OUTPUT, text);
  console.log(`wrote ${shown}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
