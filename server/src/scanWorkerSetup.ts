import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import type { CatalogEntry } from './core/catalog/types';
import type { InspectSettings } from './core/report/inspectFile';
import type { ReportSettings } from './cli/scanJob';

/** What a scan worker thread is started with: the run's catalog, and the settings of its kind of job. */
export type WorkerSetup =
  | { kind: 'report'; entries: readonly CatalogEntry[]; settings: ReportSettings }
  | { kind: 'inspect'; entries: readonly CatalogEntry[]; settings: InspectSettings }
  | { kind: 'timeline'; entries: readonly CatalogEntry[] };

/**
 * The worker script: `scanWorker.js` beside the bundle (dist/), or beside this module when compiled
 * without bundling. Never guessed elsewhere: a package without it fails loudly, file by file.
 */
export function scanWorkerFile(): string {
  return path.join(__dirname, 'scanWorker.js');
}

/** More worker threads than this per core only cost memory: `--jobs` and `KMS_SCAN_JOBS` are capped at it. */
export const MAX_JOBS_PER_CORE = 4;

export function maxScanJobs(): number {
  return MAX_JOBS_PER_CORE * availableParallelism();
}

/**
 * How many worker threads scan the files of a folder: `KMS_SCAN_JOBS` when it is a positive whole
 * number (1 scans on the main thread, as benchmarks compare), else one per core; at most MAX_JOBS_PER_CORE per core.
 */
export function defaultScanJobs(env: Environment = process.env): number {
  return Math.min(requestedScanJobs(env), maxScanJobs());
}

/** The worker threads `KMS_SCAN_JOBS` asks for, else one per core; not capped. */
export function requestedScanJobs(env: Environment = process.env): number {
  return jobsFrom(env) ?? availableParallelism();
}

type Environment = Readonly<Record<string, string | undefined>>;

/** `KMS_SCAN_JOBS` when it is a whole number from 1 to 9999, else null. */
function jobsFrom(env: Environment): number | null {
  const value = env['KMS_SCAN_JOBS'] ?? '';
  return /^[1-9]\d{0,3}$/.test(value) ? Number(value) : null;
}

/**
 * Whether a single large log is cut into slices for the workers. Its slices cost more CPU in all than
 * one pass (each worker's small heap collects often, and the main thread counts the slices and writes
 * the report): on 2 cores the dense 200 MB bench log took 3.9 to 4.4 s in slices against 3.75 s on one
 * thread. So by default only from 4 cores, or when `--jobs` or `KMS_SCAN_JOBS` asks for workers.
 */
export function slicesPay(jobsGiven: boolean, env: Environment): boolean {
  return jobsGiven || jobsFrom(env) !== null || availableParallelism() >= 4;
}
