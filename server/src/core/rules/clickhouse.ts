import type { RulePatterns } from './patterns';
import { quotedIdentifier, sqlQueries, type SqlDialect } from './sql';
import type { RuleFile, TargetOptions } from './targets';

/**
 * ClickHouse: the same two queries over a table the user names. `extractAll` gives group 1 of every
 * match, `ARRAY JOIN` turns the codes of a line into rows, `multiMatchAny` (Hyperscan) is the first
 * filter; the text runs unchanged on one server or on a `Distributed` table across shards.
 */

/** A ClickHouse string literal: backslashes are escapes there (`'\b'` is a backspace), so they are doubled. */
export function clickhouseString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `db.table` as two quoted names; a plain name as one. */
function tableName(name: string): string {
  return name.split('.').map(quotedIdentifier).join('.');
}

const dialect: SqlDialect = {
  string: clickhouseString,
  identifier: quotedIdentifier,
  matches: (expr, pattern) => `match(${expr}, ${clickhouseString(pattern)})`,
  matchesAny: (expr, patterns) => `multiMatchAny(${expr}, [${patterns.map(clickhouseString).join(', ')}])`,
  extractAll: (expr, pattern) => `extractAll(${expr}, ${clickhouseString(pattern)})`,
  extractFirst: (expr, pattern) => `extract(${expr}, ${clickhouseString(pattern)})`,
  array: (values) => `[${values.map(clickhouseString).join(', ')}]`,
  contains: (array, element) => `has(${array}, ${element})`,
  containsAny: (array, values) => `hasAny(${array}, ${values})`,
  keep: (array, values) => `arrayFilter(t -> has(${values}, t), ${array})`,
  concat: (arrays) => `arrayConcat(${arrays.join(', ')})`,
  distinct: (array) => `arrayDistinct(${array})`,
  unnest: (source, array, as) => `${source} ARRAY JOIN ${array} AS ${as}`,
  hour: (time) => `toStartOfHour(${time})`,
  comment: (lines) => lines.map((l) => `-- ${l}\n`).join(''),
};

export function clickhouseRules(
  patterns: RulePatterns,
  options: Required<TargetOptions>,
  header: string[],
): RuleFile[] {
  const queries = sqlQueries(patterns, dialect, {
    from: tableName(options.table),
    column: options.column,
    time: quotedIdentifier(options.timeColumn),
    carry: options.carry,
    limit: options.limit,
  });
  return [
    { name: 'kms-errors.clickhouse.sql', kind: 'rows', text: `${dialect.comment(header)}${queries.rows}\n` },
    { name: 'kms-errors-hourly.clickhouse.sql', kind: 'hourly', text: `${dialect.comment(header)}${queries.hourly}\n` },
  ];
}
