import { createHash } from 'node:crypto';
import { codeClass, type CodeClass } from '../format/severity';
import { documentationUrl } from '../format/links';
import { TOOL } from '../report/tool';
import { spellingsOf, type CodeKind, type RulePatterns } from './patterns';
import { literal, oneOf, WS } from './portable';
import type { RuleFile } from './targets';

/**
 * Sigma: one keyword rule per error class, within the specification's limits. Values are
 * case-insensitive unless the `re` modifier makes them regular expressions, which are case-sensitive
 * and may only use `.`, `^`, `$`, `*`, `+`, `?`, `{n,m}`, `[a-z]`, `[^a-z]`, `|` and `()` (modifiers
 * appendix): no backslash, so a literal dot is `[.]`. A keyword list is searched across the whole
 * event (here: the log line). Sigma cannot extract values, so a rule finds lines, not RequestIds;
 * and it cannot express "not inside a URL" or a JSON escape before a code, which the SQL queries can.
 */

const LEVELS: Record<CodeClass, 'high' | 'medium'> = {
  permission: 'high',
  'key-state': 'high',
  parameter: 'medium',
  service: 'medium',
};

const TITLES: Record<CodeClass, string> = {
  permission: 'permission, authentication and not-found errors',
  'key-state': 'key state errors',
  service: 'throttling and service errors',
  parameter: 'parameter errors',
};

// Our namespace for name-based (version 5) UUIDs: a rule keeps its id from one release to the next.
const NAMESPACE = Buffer.from('6f1c2a8e4b7d4e1f9a3c5d7e8f901234', 'hex');

function stableId(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name).digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const CONTROL: Record<string, string> = { t: '\t', n: '\n', v: '\v', f: '\f', r: '\r' };

/**
 * A portable pattern in Sigma's subset: escaped punctuation becomes a one-character class, `(?:`
 * a plain group, escaped control characters the characters themselves. Throws on what Sigma cannot
 * say (a literal backslash, a lazy quantifier).
 */
export function toSigmaRegex(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const next = pattern[++i] ?? '';
      if (next === 'x') {
        out += String.fromCharCode(parseInt(pattern.slice(i + 1, i + 3), 16));
        i += 2;
      } else if (CONTROL[next] !== undefined) out += CONTROL[next];
      else if (next === '\\' || next === ']' || next === '^') throw new Error(`Sigma cannot say \\${next}`);
      else if (inClass || next === '-' || next === '/') out += next;
      else out += `[${next}]`;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '(' && pattern.startsWith('?:', i + 1)) {
      out += '(';
      i += 2;
    } else if ((c === '?' || c === '*' || c === '+') && pattern[i + 1] === '?') {
      throw new Error('Sigma has no lazy quantifiers');
    } else out += c;
  }
  return out;
}

// A whole token in the scanner's sense, within what Sigma can say.
const BEFORE = '(?:^|[^A-Za-z0-9_.])';
const AFTER = oneOf(['[^A-Za-z0-9_.]', '\\.[^A-Za-z0-9_]', '\\.?$', 'Error:']);
const CODE_FIELD = oneOf([
  `(?:^|[^A-Za-z0-9_])(?:[Cc]ode|ErrorCode|errorCode|error_code|Error)["']?${WS}*(?:[:=]|=>|>)${WS}*u?["']?`,
  `(?:错误码|错误代码|錯誤碼|錯誤代碼)${WS}*[:=：]${WS}*["']?`,
  `(?:^|[^A-Za-z0-9_])(?:[Cc]ode|ErrorCode)${WS}*：${WS}*["']?`,
]);

interface Detection {
  [identifier: string]: { '|re': string[] } | string;
}

/** The detection of one class: its codes by kind, and the context the generic ones need. */
function detection(patterns: RulePatterns, cls: CodeClass): Detection | null {
  const inClass = (kind: CodeKind, fieldOnly = false) =>
    spellingsOf(patterns, kind, fieldOnly).filter((s) => {
      const code = patterns.codes.find((c) => c.spellings.includes(s));
      return code !== undefined && codeClass(code.entry) === cls;
    });
  const re = (...values: string[]) => ({ '|re': values.map(toSigmaRegex) });
  const tokens = (spellings: string[]) => `${BEFORE}${oneOf(spellings.map(literal))}${AFTER}`;
  const found: Detection = {};
  const kmsOnly = inClass('kms-only');
  const alsoUsed = inClass('also-used');
  const shared = inClass('shared');
  const fieldOnly = inClass('shared', true);
  if (kmsOnly.length > 0) found['kms_only_code'] = re(tokens(kmsOnly));
  if (alsoUsed.length > 0) found['also_used_code'] = re(tokens(alsoUsed));
  if (shared.length > 0 || fieldOnly.length > 0) {
    const values: string[] = [];
    if (shared.length > 0) values.push(tokens(shared));
    if (fieldOnly.length > 0) {
      const field = oneOf(fieldOnly.map(literal));
      values.push(`${CODE_FIELD}${field}${AFTER}`, `(?:^|[^A-Za-z0-9_.])${field}:${WS}*code:${WS}*[0-9]{3}`);
    }
    found['generic_code'] = re(...values);
  }
  if (Object.keys(found).length === 0) return null;
  const conditions: string[] = [];
  if (found['kms_only_code']) conditions.push('kms_only_code');
  const other = 'not (aws and not alibaba) and not (other_product and not kms_marker)';
  if (found['also_used_code']) conditions.push(`(also_used_code and ${other})`);
  // A generic code with its documented message on the line: the code and the message in either order.
  const withMessage = patterns.codes.flatMap((c) =>
    c.message !== null && c.kind === 'shared' && codeClass(c.entry) === cls
      ? c.spellings.map((s) => {
          const token = c.fieldOnly ? `${CODE_FIELD}${literal(s)}${AFTER}` : `${BEFORE}${literal(s)}${AFTER}`;
          return `${token}.*${c.message as string}|${c.message as string}.*${token}`;
        })
      : [],
  );
  if (withMessage.length > 0) found['generic_code_with_message'] = re(...withMessage);
  if (found['generic_code']) {
    const message = withMessage.length > 0 ? ' or generic_code_with_message' : '';
    conditions.push(
      `(generic_code and ${other} and (kms_marker or any_kms_code or (alibaba and kms_operation)${message}))`,
    );
    found['any_kms_code'] = re(tokens(spellingsOf(patterns, 'kms-only')));
    found['kms_operation'] = re(patterns.kmsOperation);
  }
  if (found['also_used_code'] || found['generic_code']) {
    found['kms_marker'] = re(patterns.kmsMarker);
    found['other_product'] = re(patterns.otherProduct);
    found['aws'] = re(patterns.aws);
    found['alibaba'] = re(patterns.alibaba);
  }
  found['condition'] = conditions.join(' or ');
  return found;
}

export interface SigmaRule {
  title: string;
  id: string;
  status: string;
  description: string;
  references: string[];
  author: string;
  logsource: { category: string; product: string };
  detection: Detection;
  falsepositives: string[];
  level: string;
}

/** One rule per class that has codes, in a fixed order. */
export function sigmaRules(patterns: RulePatterns): { cls: CodeClass; rule: SigmaRule }[] {
  const classes: CodeClass[] = ['permission', 'key-state', 'service', 'parameter'];
  return classes.flatMap((cls) => {
    const found = detection(patterns, cls);
    if (!found) return [];
    const codes = patterns.codes.filter((c) => codeClass(c.entry) === cls).map((c) => c.code);
    const rule: SigmaRule = {
      title: `Alibaba Cloud KMS ${TITLES[cls]}`,
      id: stableId(`kms-errors/${cls}`),
      status: 'experimental',
      description:
        `A log line with an Alibaba Cloud KMS error code of the ${cls} class (${codes.join(', ')}). ` +
        'Codes that other products also return count only with KMS context on the same line. ' +
        'Pipe the matching lines into `kms-diagnose scan -` for the meaning, the RequestId and the fix.',
      references: [documentationUrl(null, 'en'), TOOL.informationUri],
      author: 'KMS Diagnostics (kms-diagnose rules --target sigma)',
      logsource: { category: 'application', product: 'alibaba_cloud_kms' },
      detection: found,
      falsepositives: ['Documentation, tests or source code that quote KMS error codes'],
      level: LEVELS[cls],
    };
    return [{ cls, rule }];
  });
}

/** A YAML scalar: single-quoted, or double-quoted with escapes when it holds control characters. */
function scalar(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters need the double-quoted form
  if (/[\u0000-\u001f\u007f]/.test(value)) return JSON.stringify(value);
  return /^[A-Za-z_][A-Za-z0-9_ .,()-]*$/.test(value) && !/ $/.test(value) ? value : `'${value.replace(/'/g, "''")}'`;
}

function yaml(value: unknown, indent: string): string {
  if (typeof value === 'string') return ` ${scalar(value)}\n`;
  if (Array.isArray(value)) return `\n${value.map((v) => `${indent}- ${scalar(String(v))}\n`).join('')}`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `\n${entries.map(([k, v]) => `${indent}${scalar(k)}:${yaml(v, `${indent}  `)}`).join('')}`;
}

export function sigmaYaml(rule: SigmaRule): string {
  return yaml(rule, '').slice(1);
}

export function sigmaFiles(patterns: RulePatterns): RuleFile[] {
  return sigmaRules(patterns).map(({ cls, rule }) => ({
    name: `kms-errors-${cls}.sigma.yml`,
    kind: 'rule',
    text: sigmaYaml(rule),
  }));
}
