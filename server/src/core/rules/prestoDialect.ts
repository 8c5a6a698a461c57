import { quotedIdentifier, type SqlDialect } from './sql';

/** String literals of standard SQL: a backslash is itself, a quote is doubled. */
export function standardString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * SQL in the Presto style that Simple Log Service's analytic statements use, which DuckDB reads too
 * but for `regexp_like` (DuckDB's `regexp_matches`) and its comments.
 */
export function prestoStyleDialect(options: { regexpLike: string; comments: boolean }): SqlDialect {
  const d: SqlDialect = {
    string: standardString,
    identifier: quotedIdentifier,
    matches: (expr, pattern) => `${options.regexpLike}(${expr}, ${standardString(pattern)})`,
    matchesAny: (expr, patterns) => d.matches(expr, `(?:${patterns.join('|')})`),
    extractAll: (expr, pattern) => `regexp_extract_all(${expr}, ${standardString(pattern)}, 1)`,
    extractFirst: (expr, pattern) => `regexp_extract(${expr}, ${standardString(pattern)}, 1)`,
    array: (values) => `ARRAY[${values.map(standardString).join(', ')}]`,
    contains: (array, element) => `contains(${array}, ${element})`,
    // Not empty once filtered: compared with the same array filtered to nothing, which has its element
    // type (Presto and DuckDB share no function for "any element matches" or for an array's length).
    containsAny: (array, values) => `filter(${array}, t -> contains(${values}, t)) <> filter(${array}, t -> false)`,
    keep: (array, values) => `filter(${array}, t -> contains(${values}, t))`,
    concat: (arrays) => `(${arrays.join(' || ')})`,
    distinct: (array) => `array_distinct(${array})`,
    unnest: (source, array, as) => `${source} CROSS JOIN UNNEST(${array}) AS t(${as})`,
    hour: (time) => `date_trunc('hour', ${time})`,
    comment: (lines) => (options.comments ? lines.map((l) => `-- ${l}\n`).join('') : ''),
  };
  return d;
}
