import * as nodePath from 'node:path';
import { isMainThread } from 'node:worker_threads';
import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import { describeFileError, openTextSoon, type OpenedText, type OpenTextOptions } from '../core/files/files';
import type { FormattedBatch } from '../core/report/writers';
import { QUIET_GAP_MS } from '../core/scanner/liveInput';
import { scanInput, scanShortText } from '../core/scanner/scanInput';
import { scanSlice, shiftFinding, type FileSlice } from '../core/scanner/sliceScan';
import { isKmsError, type Finding } from '../core/scanner/types';
import type { JobEmitter, JobHandler } from '../core/workers/jobs';
import { ReportBatch, type BatchContext } from './reportBatch';
import { findingFormatter, type ReportFormat } from './reportWriter';
import { isPlainRelative } from './scanPaths';
import { styleWith } from './terminal';
import { inRange, type TimeRange } from './timeRange';

/** What a large file scanned on the main thread is read in (see the ReportScanner constructor). */
const MAIN_THREAD_READ_BYTES = 1 << 20;

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
  /**
   * Files being scanned, one after the other (each counts as a scanned file); their findings follow.
   * Their paths come only when the summary tables count them.
   */
  | { t: 'files'; count: number; paths: string[] | null }
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
  | { t: 'filesDone'; count: number };

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
  private readonly context: BatchContext;
  /** How files are opened: the run's read settings, pipes on the command line read as they come. */
  private readonly openOptions: OpenTextOptions;
  /** How the files a folder walk listed are opened (see OpenTextOptions.listedAsFile). */
  private readonly listedOptions: OpenTextOptions;
  /** The run's directory with a separator after it (none after the root), when it is absolute and normalised. */
  private readonly baseDirSlash: string | null;

  constructor(
    private readonly catalog: Catalog,
    readonly settings: ReportSettings,
  ) {
    const format = findingFormatter(settings.format, { catalog, ...settings, style: styleWith(settings.color) });
    const diagnosed = settings.format === 'json' || settings.format === 'sarif' || settings.format === 'jsonl';
    this.context = { catalog, settings, format, diagnosed };
    // A large log scanned on the main thread is read 1 MB at a time: the reads overlap the scan, a
    // tenth less wall time on a 200 MB log. Workers keep the smaller default reads (see files.ts).
    this.openOptions = {
      ...settings.read,
      streams: true,
      streamQuietMs: QUIET_GAP_MS,
      ...(isMainThread ? { readBytes: MAIN_THREAD_READ_BYTES } : {}),
    };
    this.listedOptions = { ...this.openOptions, listedAsFile: true };
    const base = settings.baseDir;
    this.baseDirSlash =
      nodePath.resolve(base) !== base ? null : base.endsWith(nodePath.sep) ? base : base + nodePath.sep;
  }

  /** A task of the run; any read error is an event, never thrown. */
  readonly scanTask: JobHandler<ReportTask, ReportEvent> = async (task, emitter) => {
    const batch = new ReportBatch(this.context, new FindingFilter(this.settings), emitter);
    if ('paths' in task) {
      // The small files of a group go out together; once a few milliseconds of work wait, they are
      // handed on (what a reader sees, a progress bar, an interrupt do not wait for the whole group).
      let flushed = performance.now();
      for (const path of task.paths) {
        if (emitter.cancelled()) return;
        const scanning = this.scanFile(path, batch, emitter, true);
        if (scanning) await scanning;
        if (performance.now() - flushed < GROUP_FLUSH_MS) continue;
        if (!(await batch.flush())) return;
        flushed = performance.now();
      }
    } else if (task.slice) await this.scanFileSlice(task.path, task.slice, batch);
    else await this.scanFile(task.path, batch, emitter);
    batch.emit();
  };

  /**
   * A file named on the command line or found in a folder (`listed`: by the walk, see
   * OpenTextOptions.listedAsFile). A small file is read and scanned with no wait: nothing is returned.
   */
  private scanFile(
    path: string,
    batch: ReportBatch,
    emitter: JobEmitter<ReportEvent>,
    listed = false,
  ): Promise<void> | undefined {
    const read = listed ? this.listedOptions : this.openOptions;
    try {
      const opened = openTextSoon(
        this.resolved(path),
        this.settings.progress ? { ...read, onRawBytes: batch.addBytes } : read,
      );
      const scanning =
        opened instanceof Promise
          ? opened.then((text) => this.scanOpened(path, text, batch, emitter))
          : this.scanOpened(path, opened, batch, emitter);
      if (scanning) return this.finishing(path, scanning, batch);
    } catch (error) {
      batch.instead({ t: 'ioError', path, message: describeFileError(error) });
    }
    if (this.settings.progress) batch.fileDone();
    return undefined;
  }

  /** Waits for a file's scan; its error is reported in its place, after its findings. */
  private async finishing(path: string, scanning: Promise<void>, batch: ReportBatch): Promise<void> {
    try {
      await scanning;
    } catch (error) {
      batch.instead({ t: 'ioError', path, message: describeFileError(error) });
    } finally {
      if (this.settings.progress) batch.fileDone();
    }
  }

  /** An opened file into the batch: what it could not give instead, a pipe as it comes, else its text. */
  private scanOpened(
    path: string,
    opened: OpenedText,
    batch: ReportBatch,
    emitter: JobEmitter<ReportEvent>,
  ): Promise<void> | undefined {
    if (opened.kind === 'binary') batch.instead({ t: 'binary', path });
    else if (opened.kind === 'output') batch.instead({ t: 'output', path });
    // A pipe on the command line (`<(kubectl logs -f ...)`) is live, as stdin is.
    else if ('live' in opened) {
      batch.emit();
      return this.scanText(path, opened.chunks, emitter, FROM_THE_START);
    } else {
      batch.file(path);
      const { chunks } = opened;
      if (Array.isArray(chunks) && scanShortText(chunks, this.catalog, batch.found, batch.scanOptions))
        return undefined;
      return this.scan(chunks, batch);
    }
    return undefined;
  }

  /** A path of the run as the file system reads it: relative ones from the run's directory. */
  private resolved(path: string): string {
    if (nodePath.isAbsolute(path)) return path;
    // A walk's names are normalised: most need no resolving, only the directory before them.
    return this.baseDirSlash !== null && isPlainRelative(path)
      ? this.baseDirSlash + path
      : nodePath.resolve(this.settings.baseDir, path);
  }

  /** One slice of a large file (a task of its own, on any worker): the file is reported once, by its first slice. */
  private async scanFileSlice(path: string, slice: SliceTask, batch: ReportBatch): Promise<void> {
    batch.file(path, slice.first);
    try {
      const place = (finding: Finding) => batch.found(shiftFinding(finding, slice.lines, slice.offset));
      const file = this.resolved(path);
      await scanSlice(file, slice, this.catalog, place, {
        recordText: this.context.diagnosed,
        afterChunk: batch.flush,
      });
    } catch (error) {
      batch.instead({ t: 'ioError', path, message: describeFileError(error) });
    } finally {
      if (this.settings.progress) {
        batch.addBytes(slice.end - slice.start);
        if (slice.last) batch.fileDone();
      }
    }
  }

  /** Scans one live input's text (stdin, a pipe, a followed log), its findings handed on as records complete. */
  async scanText(
    path: string,
    chunks: AsyncIterable<string>,
    emitter: JobEmitter<ReportEvent>,
    live: LiveInput,
  ): Promise<void> {
    const batch = new ReportBatch(this.context, new FindingFilter(this.settings), emitter, true);
    const found =
      live.reportFrom > 0 || live.lines > 0 || live.offset > 0
        ? (finding: Finding) => {
            if (finding.offset >= live.reportFrom) batch.found(shiftFinding(finding, live.lines, live.offset));
          }
        : batch.found;
    try {
      batch.file(path);
      await scanInput(chunks, this.catalog, found, { ...batch.scanOptions, live: { quietMs: QUIET_GAP_MS } });
    } finally {
      batch.emit();
    }
  }

  /** Scans the text of the batch's current file; a read error part way is thrown on after the findings before it. */
  private async scan(chunks: AsyncIterable<string> | Iterable<string>, batch: ReportBatch): Promise<void> {
    await scanInput(chunks, this.catalog, batch.found, batch.scanOptions);
  }
}
