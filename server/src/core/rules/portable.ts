/**
 * Regular expressions that mean the same in JavaScript and in RE2 (the engine of Simple Log Service,
 * ClickHouse and DuckDB): literals, escaped punctuation, character classes, groups `(?:...)` and
 * `(...)`, alternation, the quantifiers `* + ? {n,m}` (also lazy), `^` and `$`. Nothing else: no
 * lookaround or backreferences (RE2 refuses them), no named groups or inline flags (written
 * differently in each), no `\s`, `\d`, `\w` or `\b` (JavaScript's `\s` also takes Unicode spaces).
 * Case-insensitive parts are spelled out (`[Kk][Mm][Ss]`).
 */

/** Whitespace as both engines read `\s` in ASCII text. */
export const WS = '[\\t\\n\\v\\f\\r ]';
/** A character of a word: what the scanner counts as one around a code. */
export const WORD = '[A-Za-z0-9_]';
export const NOT_WORD = '[^A-Za-z0-9_]';

/** `text` as a literal: punctuation escaped with a backslash. */
export function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** `text` matched without regard to the case of its ASCII letters. */
export function anyCase(text: string): string {
  return [...text].map((c) => (/[A-Za-z]/.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : literal(c))).join('');
}

export function oneOf(alternatives: readonly string[]): string {
  return `(?:${alternatives.join('|')})`;
}

/** The escapes the portable subset allows after a backslash. */
const ESCAPABLE = new Set([...'.*+?^${}()|[]\\/-tnvfr']);
const CLASS_ESCAPABLE = new Set([...'\\]^-[tnvfr.']);

/**
 * Throws unless `pattern` keeps to the portable subset (see the file comment). Returns the number of
 * capturing groups, which callers use to pick a group by number.
 */
export function checkPortable(pattern: string): number {
  let groups = 0;
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      i = escapeEnd(pattern, i, ESCAPABLE);
    } else if (c === '[') {
      i = classEnd(pattern, i);
    } else if (c === '(') {
      depth++;
      if (pattern[i + 1] === '?') {
        if (pattern[i + 2] !== ':') throw new Error(`not portable: (?${pattern[i + 2] ?? ''} at ${i}`);
        i += 2;
      } else groups++;
    } else if (c === ')') {
      if (--depth < 0) throw new Error(`unbalanced ) at ${i}`);
    } else if (c === '{') {
      const m = /^\{\d{1,4}(?:,\d{0,4})?\}/.exec(pattern.slice(i));
      if (!m) throw new Error(`not portable: { at ${i}`);
      i += m[0].length - 1;
    } else if (c === '}' || c === ']') {
      throw new Error(`unescaped ${c} at ${i}`);
    }
  }
  if (depth !== 0) throw new Error('unbalanced (');
  return groups;
}

/** Index of the `]` closing the class that opens at `start`. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') throw new Error(`not portable: class starting with ] at ${start}`);
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === ']') return i;
    if (c === '[') throw new Error(`not portable: [ inside a class at ${i}`);
    if (c === '\\') i = escapeEnd(pattern, i, CLASS_ESCAPABLE);
  }
  throw new Error(`unclosed class at ${start}`);
}

/** Index of the last character of the escape at `start`: `\xHH`, or a backslash and one allowed character. */
function escapeEnd(pattern: string, start: number, allowed: ReadonlySet<string>): number {
  const next = pattern[start + 1];
  if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(pattern.slice(start + 2, start + 4))) return start + 3;
  if (next === undefined || !allowed.has(next)) throw new Error(`not portable: \\${next ?? ''} at ${start}`);
  return start + 1;
}
