// A worker thread of a folder scan: scans the files it is sent, one at a time (see core/workers).
import { parentPort, workerData } from 'node:worker_threads';
import { Catalog } from './core/catalog/catalog';
import { observeFile } from './core/incidents/observeFile';
import { inspectFile } from './core/report/inspectFile';
import { serveJobs } from './core/workers/serveJobs';
import { ReportScanner } from './cli/scanJob';
import type { WorkerSetup } from './scanWorkerSetup';

const setup = workerData as WorkerSetup;
const catalog = new Catalog(setup.entries);
if (parentPort) {
  if (setup.kind === 'report') serveJobs(parentPort, new ReportScanner(catalog, setup.settings).scanTask);
  else if (setup.kind === 'timeline') serveJobs(parentPort, observeFile(catalog));
  else serveJobs(parentPort, inspectFile(catalog, setup.settings));
}
