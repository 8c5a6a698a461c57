import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import type { SelectOptions } from '../core/files/selection';
import { SummaryBuilder } from '../core/report/summary';
import { ScanTally } from '../core/report/tally';
import { runOrdered } from '../core/workers/orderedPool';
import { scanWorkerFile, type WorkerSetup } from '../scanWorkerSetup';
import { isLarge, measureInputs, ProgressBar, type ProgressStream } from './progress';
import { reportWriter, type ReportFormat } from './reportWriter';
import { summaryTables } from './summaryTable';
import { ScanInterrupt } from './interrupt';
import type { CliIo } from './io';
import { oneLine, type Style } from './terminal';
import { scanJobs } from './scanInputs';
import { displayPath } from '../core/files/fsNames';
import { FindingFilter, ReportScanner, type ReadSettings, type ReportEvent, type ReportSettings } from './scanJob';
import type { TimeRange } from './timeRange';

export interface ScanCommandOptions {
  paths: string[];
  format: ReportFormat;
  include: string[];
  exclude: string[];
  minConfidence: 'high' | 'low';
  failOn: 'none' | 'low' | 'high';
  locale: Locale;
  catalog: Catalog;
  out: ((text: string) => void) & { ready?: () => Promise<void>; flush?: () => void; written?: () => Promise<void> };
  err: (text: string) => void;
  style: Style;
  stdin: AsyncIterable<string | Buffer>;
  /** Relative paths are read from here, and SARIF locations are relative to it. */
  cwd: string;
  /** Where SIGINT and SIGTERM are heard: the scan then ends its report with what it found. */
  onInterrupt?: CliIo['onInterrupt'];
  /** Ends the program at once (a second signal). */
  exit(code: number): void;
  /** Print the `--summary` tables after the scan (stdout for text, stderr for machine formats). */
  summary: boolean;
  /** Keep only findings timestamped within the range (`--since` / `--until`). */
  timeRange: TimeRange;
  /** Where a progress bar may go (stderr, unless `--no-progress`); drawn only on a TTY for large inputs. */
  progress: ProgressStream | null;
  /** True when stdout is the same kind of terminal, so the bar is cleared before findings are printed. */
  stdoutIsTTY: boolean;
  /** Worker threads for a scan of several files (`--jobs`); 1 scans every file on the main thread. */
  jobs: number;
  /** Whether a log over 16 MB is cut into slices for the workers (see slicesPay). */
  sliceLargeFiles?: boolean;
  /** `--encoding`, `--binary`, `--max-gzip-ratio`, and the file stdout writes to (never scanned). */
  read: ReadSettings;
}

/** A bar on a TTY for large inputs; measuring the inputs costs a walk, so only when a bar may show. */
async function progressBar(
  options: ScanCommandOptions,
  targets: readonly string[],
  selection: SelectOptions,
): Promise<ProgressBar | null> {
  const stream = options.progress;
  if (!stream?.isTTY) return null;
  const totals = await measureInputs(targets, selection, options.cwd);
  if (!isLarge(totals)) return null;
  return new ProgressBar(stream, totals, { beforeDraw: options.stdoutIsTTY ? () => options.out.flush?.() : () => {} });
}

function hiding(bar: ProgressBar, print: (text: string) => void) {
  return (text: string) => {
    bar.hide();
    print(text);
  };
}

interface ScanCounts {
  failing: number;
  ioErrors: number;
  binarySkipped: number;
  outputSkipped: boolean;
}

/** What every input of a scan (or of `--follow`) shares, from the command's options. */
export function reportSettings(
  options: Pick<
    ScanCommandOptions,
    'locale' | 'style' | 'minConfidence' | 'failOn' | 'timeRange' | 'summary' | 'cwd' | 'read'
  > & { format: ReportSettings['format'] },
  progress: boolean,
): ReportSettings {
  return {
    format: options.format,
    locale: options.locale,
    color: options.style.enabled,
    minConfidence: options.minConfidence,
    failOn: options.failOn,
    timeRange: options.timeRange,
    summary: options.summary,
    progress,
    baseDir: options.cwd,
    read: options.read,
  };
}

/** Runs `kms-diagnose scan`; resolves to the exit code. Findings are written as they are found. */
export async function scanCommand(options: ScanCommandOptions): Promise<number> {
  const targets = options.paths.length > 0 ? options.paths : ['.'];
  const selection: SelectOptions = { include: options.include, exclude: options.exclude };
  const bar = await progressBar(options, targets, selection);
  // Whatever else reaches the terminal while the bar is up clears it first.
  const out = bar && options.stdoutIsTTY ? hiding(bar, options.out) : options.out;
  const err = bar ? hiding(bar, options.err) : options.err;
  const settings = reportSettings(options, bar !== null);
  const writer = reportWriter(options.format, { ...options, out, err, baseDir: settings.baseDir });
  const tally = new ScanTally();
  const tables = options.summary ? new SummaryBuilder({ catalog: options.catalog }) : null;
  const filter = new FindingFilter(options);
  const counts: ScanCounts = { failing: 0, ioErrors: 0, binarySkipped: 0, outputSkipped: false };
  let path = '';
  // Events come in the order of the inputs, whichever thread scanned them.
  const deliver = (event: ReportEvent): void | Promise<void> => {
    switch (event.t) {
      case 'files':
        for (let i = 0; i < event.count; i++) tally.addFile();
        for (const file of event.paths ?? []) {
          tables?.addFile(file);
          path = file;
        }
        return;
      case 'found':
        for (const [code, count] of event.codes) tally.add(code, count);
        for (const [code, httpStatus, timestamp, requestId] of event.counted ?? [])
          tables?.add({ code, record: { httpStatus, timestamp, requestId } }, path);
        counts.failing += event.failing;
        writer.formatted(event.batch);
        // A live input's findings are written at once, not gathered into a larger write.
        if (event.live) options.out.flush?.();
        // Waits while stdout is backed up, so memory stays flat.
        return options.out.ready?.();
      case 'leftOut':
        filter.leftOut.outsideRange += event.outsideRange;
        filter.leftOut.withoutTimestamp += event.withoutTimestamp;
        return;
      case 'binary':
        counts.binarySkipped++;
        tally.notScanned++;
        writer.notScanned(event.path, 'binary file skipped', 'warning');
        err(`kms-diagnose: ${oneLine(displayPath(event.path))}: binary file skipped`);
        return;
      case 'output':
        if (!counts.outputSkipped)
          err(`kms-diagnose: ${oneLine(displayPath(event.path))}: skipped, it is this scan's own output (stdout)`);
        counts.outputSkipped = true;
        return;
      case 'ioError':
        counts.ioErrors++;
        tally.notScanned++;
        writer.notScanned(event.path, event.message, 'error');
        err(`kms-diagnose: ${oneLine(displayPath(event.path))}: ${event.message}`);
        return;
      case 'bytes':
        bar?.addBytes(event.count);
        return;
      case 'filesDone':
        for (let i = 0; i < event.count; i++) bar?.fileDone();
    }
  };
  const scanner = new ReportScanner(options.catalog, settings);
  const interrupt = new ScanInterrupt(options.onInterrupt, options.exit);
  try {
    await runOrdered(
      scanJobs(targets, selection, interrupt.reading(options.stdin), scanner, {
        cwd: options.cwd,
        sliceLargeFiles: (options.sliceLargeFiles ?? false) && options.jobs > 1,
      }),
      {
        workerFile: scanWorkerFile(),
        workerData: { kind: 'report', entries: options.catalog.entries, settings } satisfies WorkerSetup,
        size: options.jobs,
        runHere: scanner.scanTask,
        deliver,
        failed: (task, message): ReportEvent => ({
          t: 'ioError',
          path: 'paths' in task ? task.paths.join(', ') : task.path,
          message,
        }),
        cancelled: interrupt.cancelled,
      },
    );
    bar?.stop();
    // The report is written before the messages after it: one that cannot be written ends the run first.
    await options.out.written?.();
    const signal = interrupt.signal;
    writer.end(signal ? { ...tally.summary(), interrupted: signal } : tally.summary());
    await options.out.written?.();
    printNotes(options, counts, filter, tables);
    if (signal) {
      err(`kms-diagnose: interrupted (${signal}): the report holds what was found before`);
      return interrupt.exitCode;
    }
  } finally {
    interrupt.dispose();
  }
  // Something was not scanned (unreadable, binary): the findings are not the whole answer.
  if (counts.ioErrors > 0 || counts.binarySkipped > 0) return 2;
  return counts.failing > 0 ? 1 : 0;
}

/** After the report: skipped binaries, findings left out by the time range, the `--summary` tables (scan and --follow). */
export function printNotes(
  options: Pick<ScanCommandOptions, 'err' | 'out' | 'style'> & { format: ReportFormat },
  counts: Pick<ScanCounts, 'binarySkipped'>,
  filter: FindingFilter,
  tables: SummaryBuilder | null,
): void {
  if (counts.binarySkipped > 0)
    options.err(options.style.dim(`${counts.binarySkipped} binary file(s) skipped; --binary text scans them as text`));
  if (filter.filtered && !tables && filter.leftOut.withoutTimestamp > 0)
    options.err(
      `kms-diagnose: ${filter.leftOut.withoutTimestamp} finding(s) without a timestamp left out by --since/--until`,
    );
  if (tables) {
    // Machine formats keep stdout parseable: their tables go to stderr.
    const print = options.format === 'text' ? options.out : options.err;
    if (options.format === 'text') print('');
    for (const line of summaryTables(tables.result(), filter.filtered ? filter.leftOut : null)) print(line);
  }
}
