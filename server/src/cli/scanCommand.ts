import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import type { SelectOptions } from '../core/files/selection';
import { diagnoseFinding } from '../core/diagnosis/finding';
import { SummaryBuilder } from '../core/report/summary';
import { ScanTally } from '../core/report/tally';
import { scanInput } from '../core/scanner/scanInput';
import { isKmsError, type Finding } from '../core/scanner/types';
import { isLarge, measureInputs, ProgressBar, type ProgressStream } from './progress';
import { reportWriter, type ReportFormat } from './reportWriter';
import { summaryTables } from './summaryTable';
import type { Style } from './terminal';
import { scanInputs, type InputHandlers } from './scanInputs';
import { inRange, type TimeRange } from './timeRange';

export interface ScanCommandOptions {
  paths: string[];
  format: ReportFormat;
  include: string[];
  exclude: string[];
  minConfidence: 'high' | 'low';
  failOn: 'none' | 'low' | 'high';
  locale: Locale;
  catalog: Catalog;
  out: ((text: string) => void) & { ready?: () => Promise<void>; flush?: () => void };
  err: (text: string) => void;
  style: Style;
  stdin: AsyncIterable<string | Buffer>;
  /** Print the `--summary` tables after the scan (stdout for text, stderr for machine formats). */
  summary: boolean;
  /** Keep only findings timestamped within the range (`--since` / `--until`). */
  timeRange: TimeRange;
  /** Where a progress bar may go (stderr, unless `--no-progress`); drawn only on a TTY for large inputs. */
  progress: ProgressStream | null;
  /** True when stdout is the same kind of terminal, so the bar is cleared before findings are printed. */
  stdoutIsTTY: boolean;
}

/** A bar on a TTY for large inputs; measuring the inputs costs a walk, so only when a bar may show. */
async function progressBar(
  options: ScanCommandOptions,
  targets: readonly string[],
  selection: SelectOptions,
): Promise<ProgressBar | null> {
  const stream = options.progress;
  if (!stream?.isTTY) return null;
  const totals = await measureInputs(targets, selection);
  if (!isLarge(totals)) return null;
  return new ProgressBar(stream, totals, { beforeDraw: options.stdoutIsTTY ? () => options.out.flush?.() : () => {} });
}

function hiding(bar: ProgressBar, print: (text: string) => void) {
  return (text: string) => {
    bar.hide();
    print(text);
  };
}

/** `--confidence`, `--since` and `--until`: which findings are reported, and how many were left out. */
class FindingFilter {
  readonly filtered: boolean;
  readonly leftOut = { outsideRange: 0, withoutTimestamp: 0 };

  constructor(private readonly options: Pick<ScanCommandOptions, 'minConfidence' | 'timeRange'>) {
    this.filtered = options.timeRange.since !== null || options.timeRange.until !== null;
  }

  keeps(finding: Finding): boolean {
    if (this.options.minConfidence === 'high' && !isKmsError(finding)) return false;
    if (!this.filtered) return true;
    const time = finding.record.timestamp;
    if (time === null) {
      this.leftOut.withoutTimestamp++;
      return false;
    }
    if (!inRange(this.options.timeRange, time)) {
      this.leftOut.outsideRange++;
      return false;
    }
    return true;
  }
}

interface ScanCounts {
  failing: number;
  ioErrors: number;
  binarySkipped: number;
}

/** Runs `kms-diagnose scan`; resolves to the exit code. Findings are written as they are found. */
export async function scanCommand(options: ScanCommandOptions): Promise<number> {
  const targets = options.paths.length > 0 ? options.paths : ['.'];
  const selection: SelectOptions = { include: options.include, exclude: options.exclude };
  const bar = await progressBar(options, targets, selection);
  // Whatever else reaches the terminal while the bar is up clears it first.
  const out = bar && options.stdoutIsTTY ? hiding(bar, options.out) : options.out;
  const err = bar ? hiding(bar, options.err) : options.err;
  const writer = reportWriter(options.format, { ...options, out, err, baseDir: process.cwd() });
  const tally = new ScanTally();
  const tables = options.summary ? new SummaryBuilder({ catalog: options.catalog }) : null;
  // JSON and SARIF reports carry each finding's likely causes and fixes, read from its record.
  const diagnosed = options.format === 'json' || options.format === 'sarif';
  const filter = new FindingFilter(options);
  const counts: ScanCounts = { failing: 0, ioErrors: 0, binarySkipped: 0 };
  const found = (path: string) => (finding: Finding) => {
    if (!filter.keeps(finding)) return;
    tables?.add(finding, path);
    tally.add(finding.code);
    if (options.failOn === 'low' || (options.failOn === 'high' && isKmsError(finding))) counts.failing++;
    const diagnosis = diagnosed ? diagnoseFinding(finding, path, options.catalog, options.locale) : undefined;
    writer.finding({ path, finding, ...(diagnosis ? { diagnosis } : {}) });
  };
  const handlers: InputHandlers = {
    // Pauses between chunks while stdout is backed up, so memory stays flat.
    async scan(path, chunks) {
      tally.addFile();
      tables?.addFile(path);
      await scanInput(chunks, options.catalog, found(path), {
        recordText: diagnosed,
        afterChunk: () => options.out.ready?.(),
      });
    },
    binary(path, explicit) {
      counts.binarySkipped++;
      if (explicit) err(`kms-diagnose: ${path}: binary file skipped`);
    },
    ioError(path, message) {
      counts.ioErrors++;
      err(`kms-diagnose: ${path}: ${message}`);
    },
    ...(bar && { onRawBytes: (count: number) => bar.addBytes(count), fileDone: () => bar.fileDone() }),
  };
  await scanInputs(targets, selection, options.stdin, handlers);
  bar?.stop();
  writer.end(tally.summary());
  printNotes(options, counts, filter, tables);
  if (counts.ioErrors > 0) return 2;
  return counts.failing > 0 ? 1 : 0;
}

/** After the report: skipped binaries, findings left out by the time range, the `--summary` tables. */
function printNotes(
  options: ScanCommandOptions,
  counts: ScanCounts,
  filter: FindingFilter,
  tables: SummaryBuilder | null,
): void {
  if (counts.binarySkipped > 0 && options.format === 'text')
    options.err(options.style.dim(`${counts.binarySkipped} binary file(s) skipped`));
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
