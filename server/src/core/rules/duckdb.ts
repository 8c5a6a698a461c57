import type { RulePatterns } from './patterns';
import { prestoStyleDialect, standardString } from './prestoDialect';
import { quotedIdentifier, sqlQueries } from './sql';
import type { RuleFile, TargetOptions } from './targets';

/**
 * DuckDB: the same two queries over exported files on one machine (JSON Lines, CSV or Parquet, read
 * with `read_json_auto`, `read_csv_auto`, `read_parquet`; globs allowed) or over a table. DuckDB's
 * regular expressions are RE2, its string literals keep backslashes, and `regexp_matches` is its
 * name for `regexp_like`.
 */

const READERS: [RegExp, string][] = [
  [/\.parquet$/i, 'read_parquet'],
  [/\.(?:csv|tsv)(?:\.gz|\.zst)?$/i, 'read_csv_auto'],
  [/\.(?:jsonl|ndjson|json)(?:\.gz|\.zst)?$/i, 'read_json_auto'],
];

/** A file path or glob becomes a reader of it; anything else is a table name (`schema.table`). */
export function duckdbSource(table: string): string {
  for (const [extension, reader] of READERS) {
    if (extension.test(table)) return `${reader}(${standardString(table)})`;
  }
  return table.split('.').map(quotedIdentifier).join('.');
}

export function duckdbRules(patterns: RulePatterns, options: Required<TargetOptions>, header: string[]): RuleFile[] {
  const d = prestoStyleDialect({ regexpLike: 'regexp_matches', comments: true });
  const queries = sqlQueries(patterns, d, {
    from: duckdbSource(options.table),
    column: options.column,
    time: quotedIdentifier(options.timeColumn),
    carry: options.carry,
    limit: options.limit,
  });
  return [
    { name: 'kms-errors.duckdb.sql', kind: 'rows', text: `${d.comment(header)}${queries.rows}\n` },
    { name: 'kms-errors-hourly.duckdb.sql', kind: 'hourly', text: `${d.comment(header)}${queries.hourly}\n` },
  ];
}
