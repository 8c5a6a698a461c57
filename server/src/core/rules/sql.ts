import { aliasesOf, spellingsOf, type RulePatterns } from './patterns';

/**
 * The two queries every SQL target gives, built once from the portable patterns: the KMS errors per
 * line (time, code, RequestId, the line) and the errors per code per hour. A dialect says how its
 * engine writes strings, regular expressions, arrays and the unnesting of an array into rows; the
 * logic is the same text everywhere.
 *
 * No match yields an empty string in DuckDB and ClickHouse and NULL in Presto-style engines, so every
 * test is a `regexp_like`-style match and every extracted value goes through `nullif(..., '')`.
 */
export interface SqlDialect {
  /** A string literal holding `text` exactly (regular expressions are passed through it). */
  string(text: string): string;
  identifier(name: string): string;
  /** True when the regular expression matches somewhere in `expr`. */
  matches(expr: string, pattern: string): string;
  /** True when one of the regular expressions matches: the cheap first filter of the lines. */
  matchesAny(expr: string, patterns: readonly string[]): string;
  /** Group 1 of every match (an empty string or NULL where group 1 took no part). */
  extractAll(expr: string, pattern: string): string;
  /** Group 1 of the first match, or NULL. */
  extractFirst(expr: string, pattern: string): string;
  array(values: readonly string[]): string;
  /** True when `element` is in `array`. */
  contains(array: string, element: string): string;
  /** True when some element of `array` is in `values`. */
  containsAny(array: string, values: string): string;
  /** The elements of `array` that are in `values`. */
  keep(array: string, values: string): string;
  concat(arrays: readonly string[]): string;
  distinct(array: string): string;
  /** FROM ... that gives one row per element of `array` of `source`, the element named `as`. */
  unnest(source: string, array: string, as: string): string;
  hour(time: string): string;
  /** Comments before the query, if the engine takes them. */
  comment(lines: readonly string[]): string;
}

export interface SqlSource {
  /** FROM clause of the rows (a table, or a reader of files). */
  from: string;
  /** The column holding the original line. */
  column: string;
  /** The expression of each row's time. */
  time: string;
  /** More columns carried through to the output, as named. */
  carry: readonly string[];
  /** The most rows a query returns (every query gives an explicit LIMIT). */
  limit: number;
}

export interface SqlQueries {
  rows: string;
  hourly: string;
  /** Errors per code with one of their RequestIds, for alerts over a recent window. */
  byCode: string;
}

/** The per-row columns both queries read: the line's codes and what the line says about its product. */
function linesQuery(patterns: RulePatterns, d: SqlDialect, source: SqlSource, line: string): string {
  const tokenSpellings = d.array(
    [
      ...spellingsOf(patterns, 'kms-only'),
      ...spellingsOf(patterns, 'also-used'),
      ...spellingsOf(patterns, 'shared'),
    ].sort(),
  );
  const tokens = d.distinct(
    d.concat([
      d.keep(d.extractAll(line, patterns.token), tokenSpellings),
      d.extractAll(line, patterns.fieldCode),
      d.extractAll(line, patterns.teaNameCode),
    ]),
  );
  const kmsOnly = d.array(spellingsOf(patterns, 'kms-only').sort());
  const carried = source.carry.map((c) => `${d.identifier(c)}, `).join('');
  return [
    `SELECT ${source.time} AS time, ${carried}${line},`,
    `    ${tokens} AS tokens,`,
    `    ${d.matches(line, patterns.kmsMarker)} AS kms_marker,`,
    `    ${d.matches(line, patterns.alibaba)} AS alibaba,`,
    `    ${d.matches(line, patterns.kmsOperation)} AS kms_operation,`,
    `    ${d.matches(line, patterns.otherProduct)} AS other_product,`,
    `    ${d.matches(line, patterns.aws)} AS aws,`,
    `    ${d.containsAny(tokens, kmsOnly)} AS kms_code`,
    `  FROM ${source.from}`,
    `  WHERE ${d.matchesAny(line, patterns.anyCode)}`,
  ].join('\n');
}

/** True when the line holds the documented message of the token's code (generic codes only). */
function documentedMessage(patterns: RulePatterns, d: SqlDialect, line: string): string {
  const whens = patterns.codes.flatMap((c) =>
    c.message === null
      ? []
      : c.spellings.map((s) => `WHEN token = ${d.string(s)} THEN ${d.matches(line, c.message as string)}`),
  );
  // The searched form: ClickHouse then tests only the message of each row's own code.
  return whens.length === 0 ? 'false' : `CASE ${whens.join(' ')} ELSE false END`;
}

/** The condition under which a token of a line is a KMS error, as the scanner decides within one line. */
function kmsErrorCondition(patterns: RulePatterns, d: SqlDialect, line: string): string {
  const list = (kind: Parameters<typeof spellingsOf>[1]) =>
    d.array([...spellingsOf(patterns, kind), ...spellingsOf(patterns, kind, true)].sort());
  // Another product named, with nothing pointing at KMS (the scanner's "other product" record).
  const otherProduct = '((aws AND NOT alibaba) OR (other_product AND NOT kms_marker))';
  return [
    `${d.contains(list('kms-only'), 'token')}`,
    `    OR (${d.contains(list('also-used'), 'token')} AND NOT ${otherProduct})`,
    `    OR (${d.contains(list('shared'), 'token')} AND NOT ${otherProduct}`,
    `      AND (kms_marker OR kms_code OR (alibaba AND kms_operation)`,
    `        OR ${documentedMessage(patterns, d, line)}))`,
  ].join('\n');
}

function codeOf(patterns: RulePatterns, d: SqlDialect): string {
  const aliases = aliasesOf(patterns);
  if (aliases.length === 0) return 'token';
  const whens = aliases.map(([alias, code]) => `WHEN ${d.string(alias)} THEN ${d.string(code)}`).join(' ');
  return `CASE token ${whens} ELSE token END`;
}

function requestIdOf(patterns: RulePatterns, d: SqlDialect, line: string): string {
  // As the scanner: an empty JSON, Python or Go value (`"requestId": null`) is no RequestId.
  const found = patterns.requestId.map(
    (p) => `nullif(nullif(nullif(nullif(${d.extractFirst(line, p)}, ''), 'null'), 'None'), 'nil')`,
  );
  return `coalesce(${found.join(', ')})`;
}

/** The rows query and the hourly counts of one dialect over one source. */
export function sqlQueries(patterns: RulePatterns, d: SqlDialect, source: SqlSource): SqlQueries {
  const line = d.identifier(source.column);
  const carried = source.carry.map((c) => `${d.identifier(c)}, `).join('');
  const errors = [
    `SELECT time, ${codeOf(patterns, d)} AS code, ${requestIdOf(patterns, d, line)} AS request_id, ${carried}${line}`,
    `FROM ${d.unnest(`(\n  ${linesQuery(patterns, d, source, line)}\n)`, 'tokens', 'token')}`,
    `WHERE ${kmsErrorCondition(patterns, d, line)}`,
  ].join('\n');
  const rows = `${errors}\nORDER BY time, code, request_id\nLIMIT ${source.limit}`;
  const hourly = [
    `SELECT ${d.hour('time')} AS hour, code, count(*) AS errors`,
    `FROM (\n${errors}\n)`,
    `GROUP BY ${d.hour('time')}, code`,
    `ORDER BY hour, code`,
    `LIMIT ${source.limit}`,
  ].join('\n');
  const byCode = [
    'SELECT code, count(*) AS errors, min(request_id) AS request_id',
    `FROM (\n${errors}\n)`,
    'GROUP BY code',
    'ORDER BY errors DESC, code',
    `LIMIT ${source.limit}`,
  ].join('\n');
  return { rows, hourly, byCode };
}

/** A double-quoted SQL identifier (standard SQL, Presto, DuckDB and ClickHouse alike). */
export function quotedIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
