import * as path from 'node:path';
import type { CatalogEntry } from './core/catalog/types';
import type { InspectSettings } from './core/report/inspectFile';
import type { ReportSettings } from './cli/scanJob';

/** What a scan worker thread is started with: the run's catalog, and the settings of its kind of job. */
export type WorkerSetup =
  | { kind: 'report'; entries: readonly CatalogEntry[]; settings: ReportSettings }
  | { kind: 'inspect'; entries: readonly CatalogEntry[]; settings: InspectSettings };

/**
 * The worker script: `scanWorker.js` beside the bundle (dist/), or beside this module when compiled
 * without bundling. Never guessed elsewhere: a package without it fails loudly, file by file.
 */
export function scanWorkerFile(): string {
  return path.join(__dirname, 'scanWorker.js');
}
