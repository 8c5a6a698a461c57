/**
 * Runs generated query text on the real engines over a body of logs loaded line by line: DuckDB
 * (the SLS analytic statement with two one-line shims, and the DuckDB target over a JSON Lines
 * file) and chDB, ClickHouse itself embedded (the ClickHouse target over a MergeTree table).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { LogRow } from './corpora';
import { engines } from './engines';

/** A row of an engine's answer, as its JSON output gives it. */
export type EngineRow = Record<string, unknown>;

export interface EngineRun {
  rows: EngineRow[];
  /** Seconds the query took (loading the table not counted). */
  seconds: number;
}

/**
 * The only two adaptations the SLS SQL needs on DuckDB, each one line: DuckDB calls regexp_like
 * `regexp_matches`, and from_unixtime `to_timestamp`.
 */
export const SLS_SHIMS = [
  'CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
  'CREATE MACRO from_unixtime(s) AS to_timestamp(s)',
];

interface DuckConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRowObjectsJson(): EngineRow[] }>;
  closeSync(): void;
}

function isoSeconds(time: number | null): string | null {
  return time === null ? null : new Date(time * 1000).toISOString().replace('T', ' ').replace('.000Z', '');
}

/** Writes the rows as JSON Lines in the shape each target reads: SLS fields, a timestamp, the carried columns. */
export function writeRows(rows: readonly LogRow[], file: string): void {
  const text = rows
    .map((r) =>
      JSON.stringify({
        __time__: r.time,
        time: isoSeconds(r.time),
        content: r.content,
        source_file: r.file,
        line_no: r.line,
      }),
    )
    .join('\n');
  writeFileSync(file, `${text}\n`);
}

/** A temporary folder holding the rows as JSON Lines, removed by `dispose`. */
export function stageRows(rows: readonly LogRow[]): { file: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kms-fleet-'));
  const file = path.join(dir, 'rows.jsonl');
  writeRows(rows, file);
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

async function duckdb(): Promise<DuckConnection> {
  const api = engines().require('@duckdb/node-api') as {
    DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<DuckConnection> }> };
  };
  const instance = await api.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  return connection;
}

async function timed(run: () => Promise<EngineRow[]> | EngineRow[]): Promise<EngineRun> {
  const started = process.hrtime.bigint();
  const rows = await run();
  return { rows, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** The SLS analytic statement (the text after `search |`) on DuckDB, over a table `log` of the rows. */
export async function runSlsOnDuckdb(file: string, sql: readonly string[]): Promise<EngineRun[]> {
  const connection = await duckdb();
  try {
    for (const shim of SLS_SHIMS) await connection.run(shim);
    await connection.run(
      `CREATE TABLE log AS SELECT * FROM read_json('${file}', columns = {__time__: 'BIGINT', content: 'VARCHAR', source_file: 'VARCHAR', line_no: 'INTEGER'})`,
    );
    const runs: EngineRun[] = [];
    for (const text of sql)
      runs.push(await timed(async () => (await connection.runAndReadAll(text)).getRowObjectsJson()));
    return runs;
  } finally {
    connection.closeSync();
  }
}

/** DuckDB target queries, which read the JSON Lines file themselves. */
export async function runDuckdb(sql: readonly string[]): Promise<EngineRun[]> {
  const connection = await duckdb();
  try {
    const runs: EngineRun[] = [];
    for (const text of sql)
      runs.push(await timed(async () => (await connection.runAndReadAll(text)).getRowObjectsJson()));
    return runs;
  } finally {
    connection.closeSync();
  }
}

interface ChdbSession {
  query(sql: string, format?: string): string;
  cleanup(): void;
}

/** ClickHouse target queries on chDB, over a MergeTree table `logs` of the rows; JSONEachRow output. */
export async function runClickhouse(
  file: string,
  sql: readonly string[],
): Promise<{ runs: EngineRun[]; text: string[] }> {
  const chdb = engines().require('chdb') as { Session: new (path?: string) => ChdbSession };
  const session = new chdb.Session();
  try {
    session.query("SET session_timezone = 'UTC'");
    session.query(
      'CREATE TABLE logs (timestamp Nullable(DateTime), message String, source_file String, line_no UInt32) ENGINE = MergeTree ORDER BY (source_file, line_no)',
    );
    session.query(
      `INSERT INTO logs SELECT time, content, source_file, line_no FROM file('${file}', 'JSONEachRow', 'time Nullable(DateTime), content String, source_file String, line_no UInt32')`,
    );
    const runs: EngineRun[] = [];
    const text: string[] = [];
    for (const query of sql) {
      let output = '';
      runs.push(
        await timed(() => {
          output = session.query(query, 'JSONEachRow');
          return output
            .split('\n')
            .filter((l) => l.trim() !== '')
            .map((l) => JSON.parse(l) as EngineRow);
        }),
      );
      text.push(output);
    }
    return { runs, text };
  } finally {
    session.cleanup();
  }
}
