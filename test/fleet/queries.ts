/** The generated queries each engine runs in the tests, and their rows read back as line errors. */
import type { Catalog } from '../../server/src/core/catalog/catalog';
import { generateRules, type RuleFile, type Target } from '../../server/src/core/rules/targets';
import type { LineError } from './agreement';
import type { EngineRow } from './run';

/** Columns the test tables carry through every query, to place each row on its line. */
export const CARRY = ['source_file', 'line_no'];

function text(files: readonly RuleFile[], kind: RuleFile['kind']): string {
  const file = files.find((f) => f.kind === kind);
  if (!file) throw new Error(`no ${kind} query`);
  return file.text;
}

export interface EngineQueries {
  rows: string;
  hourly: string;
}

/** The SLS analytic statements, without the search statement before the `|` (the index does that part). */
export function slsQueries(catalog: Catalog): EngineQueries & { search: string } {
  const files = generateRules('sls', catalog, { carry: CARRY });
  const search = text(files, 'search').trim();
  const analytic = (kind: RuleFile['kind']) => {
    const full = text(files, kind);
    if (!full.startsWith(`${search} | `)) throw new Error('the SLS query does not start with its search statement');
    return full.slice(search.length + 3);
  };
  return { rows: analytic('rows'), hourly: analytic('hourly'), search };
}

export function targetQueries(
  target: Exclude<Target, 'sls' | 'sigma'>,
  catalog: Catalog,
  table?: string,
): EngineQueries {
  const files = generateRules(target, catalog, { carry: CARRY, ...(table ? { table } : {}) });
  return { rows: text(files, 'rows'), hourly: text(files, 'hourly') };
}

export function lineErrors(rows: readonly EngineRow[]): LineError[] {
  return rows.map((r) => ({
    file: String(r['source_file']),
    line: Number(r['line_no']),
    code: String(r['code']),
    requestId: r['request_id'] === null || r['request_id'] === undefined ? null : String(r['request_id']),
  }));
}

/** An engine's hour (`2026-11-20 08:00:00`, with or without a zone) as the summary writes it. */
export function summaryHour(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  const text = String(value)
    .replace(' ', 'T')
    .replace(/(?:\+00(?::?00)?|Z)$/, '');
  return `${text.slice(0, 19)}Z`;
}
