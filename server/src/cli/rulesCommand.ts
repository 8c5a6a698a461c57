import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Catalog } from '../core/catalog/catalog';
import { RulesError } from '../core/rules/patterns';
import { generateRules, TARGETS, type RuleFile, type Target, type TargetOptions } from '../core/rules/targets';
import { CliError } from './errors';

export interface RulesCommandOptions {
  target: string | undefined;
  /** Write every file of the target here instead of printing one query. */
  outDir: string | undefined;
  /** Which query to print: rows (default), hourly, search or alert (SLS). */
  query: string | undefined;
  table: string | undefined;
  column: string | undefined;
  timeColumn: string | undefined;
  carry: string[];
  limit: string | undefined;
  catalog: Catalog;
  cwd: string;
  out: (text: string) => void;
}

const QUERIES: Record<Target, readonly RuleFile['kind'][]> = {
  sls: ['rows', 'hourly', 'search', 'alert'],
  clickhouse: ['rows', 'hourly'],
  duckdb: ['rows', 'hourly'],
  sigma: ['rule'],
};

function name(option: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // A name is quoted in the queries, so any text is safe; control characters never belong in one.
  // eslint-disable-next-line no-control-regex -- refused, not matched in logs
  if (value === '' || /[\u0000-\u001f]/.test(value)) {
    throw new CliError(`kms-diagnose: --${option} must be a non-empty name (got ${JSON.stringify(value)})`);
  }
  return value;
}

function targetOptions(options: RulesCommandOptions): TargetOptions {
  const found: TargetOptions = {};
  const table = name('table', options.table);
  const column = name('column', options.column);
  const timeColumn = name('time-column', options.timeColumn);
  if (table !== undefined) found.table = table;
  if (column !== undefined) found.column = column;
  if (timeColumn !== undefined) found.timeColumn = timeColumn;
  found.carry = options.carry.map((c) => name('with', c) as string);
  if (options.limit !== undefined) {
    if (!/^[1-9]\d{0,6}$/.test(options.limit)) {
      throw new CliError(
        `kms-diagnose: --limit must be a whole number from 1 to 9999999 (got ${JSON.stringify(options.limit)})`,
      );
    }
    found.limit = Number(options.limit);
  }
  return found;
}

/**
 * Runs `kms-diagnose rules --target T`: prints one query (the rows by default; every rule for Sigma,
 * as one YAML stream), or writes every file of the target to `--out DIR` and prints their paths.
 */
export async function rulesCommand(options: RulesCommandOptions): Promise<number> {
  const target = options.target;
  if (target === undefined || !(TARGETS as readonly string[]).includes(target)) {
    throw new CliError(
      `kms-diagnose: rules needs --target ${TARGETS.join('|')}${target === undefined ? '' : ` (got ${JSON.stringify(target)})`}`,
    );
  }
  const allowed = QUERIES[target as Target];
  const query = options.query ?? allowed[0];
  if (!allowed.includes(query as RuleFile['kind'])) {
    throw new CliError(
      `kms-diagnose: --query for ${target} must be one of ${allowed.join(', ')} (got ${JSON.stringify(query)})`,
    );
  }
  let files: RuleFile[];
  try {
    files = generateRules(target as Target, options.catalog, targetOptions(options));
  } catch (error) {
    if (error instanceof RulesError) throw new CliError(`kms-diagnose: ${error.message}`);
    throw error;
  }
  if (options.outDir !== undefined) {
    const dir = path.resolve(options.cwd, options.outDir);
    await mkdir(dir, { recursive: true });
    for (const file of files) {
      await writeFile(path.join(dir, file.name), file.text);
      options.out(path.join(options.outDir, file.name));
    }
    return 0;
  }
  const chosen = files.filter((f) => f.kind === query);
  options.out(chosen.map((f) => f.text.replace(/\n$/, '')).join('\n---\n'));
  return 0;
}
