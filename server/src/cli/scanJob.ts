import * as nodePath from 'node:path';
import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import { diagnoseFinding } from '../core/diagnosis/finding';
import { describeFileError, openText, type OpenTextOptions } from '../core/files/files';
import { packBatch, type FindingFormatter, type FormattedBatch, type FormattedFinding } from '../core/report/writers';
import { QUIET_GAP_MS } from '../core/scanner/liveInput';
import { scanInput } from '../core/scanner/scanInput';
import { scanSlice, shiftFinding, type FileSlice } from '../core/scanner/sliceScan';
import { isKmsError, type Finding } from '../core/scanner/types';
import type { JobEmitter, JobHandler } from '../core/workers/jobs';
import { findingFormatter, type ReportFormat } from './reportWriter';
import { styleWith } from './terminal';
import { inRange, type TimeRange } from './timeRange';

/** The most work, in milliseconds, whose events a task of several files holds before handing them on. */
const GROUP_FLUSH_MS = 5;

/** What every file of a `kms-diagnose scan` run shares; plain data, sent once to each worker thread. */
export interface ReportSettings {
  format: ReportFormat;
  locale: Locale;
  /** Colours on or off in text output. */
  color: boolean;
  minConfidence: 'high' | 'low';
  failOn: 'none' | 'low' | 'high';
  timeRange: TimeRange;
  /** Whether the `--summary` tables are built: each finding then also carries its counted fields. */
  summary: boolean;
  /** Whether a progress bar counts bytes and files. */
  progress: boolean;
  /** Relative paths are read from this directory, and SARIF locations are relative to it. */
  baseDir: string;
  /** How files are read: encoding, binary files, the `.gz` limit, and the report's own file (never read). */
  read: ReadSettings;
}

/** The options of {@link openText} that a scan run sets (`--encoding`, `--binary`, `--max-gzip-ratio`, stdout's file). */
export type ReadSettings = Pick<OpenTextOptions, 'encoding' | 'binary' | 'maxGzipRatio' | 'output'>;

/**
 * A file of the run, named on the command line or found in a folder, or one slice of a large file;
 * or a group of files found in a folder, scanned one after the other in one task (a task costs a few
 * messages between threads, more than a small log costs to scan).
 */
export type ReportTask = { path: string; slice?: SliceTask } | { paths: string[] };

/** A slice of a large file, and where it starts in the file (lines and UTF-16 offset before it). */
export interface SliceTask extends FileSlice {
  lines: number;
  offset: number;
  first: boolean;
  last: boolean;
}

/** What the summary tables count of a finding: its code, HTTP status, timestamp and RequestId. */
export type CountedFields = [string, number | null, number | null, string | null];

/** What a scanned file tells the report, in order. */
export type ReportEvent =
  /** The file is being scanned (it counts as a scanned file). */
  | { t: 'file'; path: string }
  /** Findings of one chunk that the filters kept: how many of each code (in the order first seen), formatted. */
  | {
      t: 'found';
      codes: Array<[string, number]>;
      batch: FormattedBatch;
      failing: number;
      counted: CountedFields[] | null;
      /** Found in a live input: written out at once rather than gathered with later ones. */
      live?: true;
    }
  | { t: 'leftOut'; outsideRange: number; withoutTimestamp: number }
  /** The file is binary: not scanned (see `--binary`). */
  | { t: 'binary'; path: string }
  /** The file is the report being written (stdout redirected into a scanned folder): not read. */
  | { t: 'output'; path: string }
  | { t: 'ioError'; path: string; message: string }
  | { t: 'bytes'; count: number }
  | { t: 'fileDone' };

/**
 * A live input (stdin, a pipe, a followed log), scanned as it comes: each finding is handed on once
 * its record is complete. A followed log may be read from a line start inside it, after a lead-in.
 */
export interface LiveInput {
  /** Lines and UTF-16 offset of the file before the text read. */
  lines: number;
  offset: number;
  /** Findings starting before this offset of the text read are context only (the lead-in). */
  reportFrom: number;
}

/** A live input read from its start. */
export const FROM_THE_START: LiveInput = { lines: 0, offset: 0, reportFrom: 0 };

/** `--confidence`, `--since` and `--until`: which findings are reported, and how many were left out. */
export class FindingFilter {
  readonly filtered: boolean;
  readonly leftOut = { outsideRange: 0, withoutTimestamp: 0 };

  constructor(private readonly options: Pick<ReportSettings, 'minConfidence' | 'timeRange'>) {
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

/** The per-file work of a scan run, the same on a worker thread and on the main thread. */
export class ReportScanner {
  private readonly format: FindingFormatter;
  // JSON and SARIF reports carry each finding's likely causes and fixes, read from its record.
  private readonly diagnosed: boolean;

  constructor(
    private readonly catalog: Catalog,
    readonly settings: ReportSettings,
  ) {
    this.format = findingFormatter(settings.format, { catalog, ...settings, style: styleWith(settings.color) });
    this.diagnosed = settings.format === 'json' || settings.format === 'sarif' || settings.format === 'jsonl';
  }

  /** A task of the run; any read error is an event, never thrown. */
  readonly scanTask: JobHandler<ReportTask, ReportEvent> = async (task, emitter) => {
    if ('paths' in task) {
      // The events of small files go together; once a few milliseconds of work wait, they are handed
      // on (what a reader sees, a progress bar, an interrupt do not wait for the whole group).
      let flushed = performance.now();
      for (const path of task.paths) {
        if (emitter.cancelled()) return;
        await this.scanFile(path, emitter);
        if (performance.now() - flushed < GROUP_FLUSH_MS) continue;
        if (!(await emitter.flush())) return;
        flushed = performance.now();
      }
    } else if (task.slice) await this.scanFileSlice(task.path, task.slice, emitter);
    else await this.scanFile(task.path, emitter);
  };

  /** A file named on the command line or found in a folder. */
  private async scanFile(path: string, emitter: JobEmitter<ReportEvent>): Promise<void> {
    let bytes = 0;
    const counter = this.settings.progress ? { onRawBytes: (count: number) => (bytes += count) } : {};
    const progress = () => {
      if (bytes > 0) emitter.emit({ t: 'bytes', count: bytes });
      bytes = 0;
    };
    try {
      const opened = await openText(this.resolved(path), {
        ...counter,
        ...this.settings.read,
        streams: true,
        streamQuietMs: QUIET_GAP_MS,
      });
      // A pipe on the command line (`<(kubectl logs -f ...)`) is live, as stdin is.
      const live = 'live' in opened ? FROM_THE_START : undefined;
      if (opened.kind === 'text') await this.scanText(path, opened.chunks, emitter, progress, live);
      else if (opened.kind === 'binary') emitter.emit({ t: 'binary', path });
      else emitter.emit({ t: 'output', path });
    } catch (error) {
      emitter.emit({ t: 'ioError', path, message: describeFileError(error) });
    } finally {
      progress();
      if (this.settings.progress) emitter.emit({ t: 'fileDone' });
    }
  }

  /** A path of the run as the file system reads it: relative ones from the run's directory. */
  private resolved(path: string): string {
    return nodePath.isAbsolute(path) ? path : nodePath.resolve(this.settings.baseDir, path);
  }

  /** One slice of a large file (a task of its own, on any worker): the file is reported once, by its first slice. */
  private async scanFileSlice(path: string, slice: SliceTask, emitter: JobEmitter<ReportEvent>): Promise<void> {
    if (slice.first) emitter.emit({ t: 'file', path });
    const collect = this.collector(path, emitter);
    try {
      const place = (finding: Finding) => collect.found(shiftFinding(finding, slice.lines, slice.offset));
      const file = this.resolved(path);
      await scanSlice(file, slice, this.catalog, place, { recordText: this.diagnosed, afterChunk: collect.flush });
    } catch (error) {
      emitter.emit({ t: 'ioError', path, message: describeFileError(error) });
    } finally {
      collect.finish();
      if (this.settings.progress) {
        emitter.emit({ t: 'bytes', count: slice.end - slice.start });
        if (slice.last) emitter.emit({ t: 'fileDone' });
      }
    }
  }

  /** Scans one input's text; a read error part way is thrown on after the findings before it. */
  async scanText(
    path: string,
    chunks: AsyncIterable<string> | Iterable<string>,
    emitter: JobEmitter<ReportEvent>,
    beforeFlush: () => void = () => {},
    live?: LiveInput,
  ): Promise<void> {
    emitter.emit({ t: 'file', path });
    const collect = this.collector(path, emitter, beforeFlush, live !== undefined);
    const found =
      live && (live.reportFrom > 0 || live.lines > 0 || live.offset > 0)
        ? (finding: Finding) => {
            if (finding.offset >= live.reportFrom) collect.found(shiftFinding(finding, live.lines, live.offset));
          }
        : collect.found;
    try {
      await scanInput(chunks, this.catalog, found, {
        recordText: this.diagnosed,
        afterChunk: collect.flush,
        ...(live ? { live: { quietMs: QUIET_GAP_MS } } : {}),
      });
    } finally {
      collect.finish();
    }
  }

  /** Filters, diagnoses and formats an input's findings, and hands them on in batches, one per chunk read. */
  private collector(path: string, emitter: JobEmitter<ReportEvent>, beforeFlush: () => void = () => {}, live = false) {
    const filter = new FindingFilter(this.settings);
    const { failOn, summary, locale, format } = this.settings;
    let codes: string[] = [];
    let texts: FormattedFinding[] = [];
    let counted: CountedFields[] | null = summary ? [] : null;
    let failing = 0;
    const found = (finding: Finding) => {
      if (!filter.keeps(finding)) return;
      codes.push(finding.code);
      counted?.push([finding.code, finding.record.httpStatus, finding.record.timestamp, finding.record.requestId]);
      if (failOn === 'low' || (failOn === 'high' && isKmsError(finding))) failing++;
      const diagnosis = this.diagnosed ? diagnoseFinding(finding, path, this.catalog, locale) : undefined;
      texts.push(this.format({ path, finding, ...(diagnosis ? { diagnosis } : {}) }));
    };
    const emitFound = () => {
      if (codes.length > 0)
        emitter.emit({
          t: 'found',
          codes: countCodes(codes),
          batch: packBatch(format, texts),
          failing,
          counted,
          ...(live ? { live: true as const } : {}),
        });
      codes = [];
      texts = [];
      counted = summary ? [] : null;
      failing = 0;
    };
    const flush = () => {
      emitFound();
      beforeFlush();
      return emitter.flush();
    };
    const finish = () => {
      emitFound();
      const { outsideRange, withoutTimestamp } = filter.leftOut;
      if (outsideRange + withoutTimestamp > 0) emitter.emit({ t: 'leftOut', outsideRange, withoutTimestamp });
    };
    return { found, flush, finish };
  }
}

/** How many findings of each code, in the order codes first appear. */
function countCodes(codes: readonly string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts];
}
