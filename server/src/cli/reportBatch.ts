import type { Catalog } from '../core/catalog/catalog';
import { diagnoseFinding } from '../core/diagnosis/finding';
import { packBatch, type FindingFormatter, type FormattedFinding } from '../core/report/writers';
import { isKmsError, type Finding } from '../core/scanner/types';
import type { JobEmitter } from '../core/workers/jobs';
import type { CountedFields, FindingFilter, ReportEvent, ReportSettings } from './scanJob';

/** What every batch of a scan run shares: the catalog, the settings, and how findings are formatted. */
export interface BatchContext {
  catalog: Catalog;
  settings: ReportSettings;
  format: FindingFormatter;
  /** JSON and SARIF reports carry each finding's likely causes and fixes, read from its record. */
  diagnosed: boolean;
}

/**
 * The report events of one file or of several scanned one after the other, gathered and handed on
 * together at each {@link emit}: the files scanned as one event, then their findings (filtered,
 * diagnosed, formatted) as one batch, so a group of small logs costs a few events, not a few per file.
 * The report reads the same: findings keep their order, and what a file could not give (an error, a
 * binary file) is handed on in its place, after the findings of the files before it.
 */
export class ReportBatch {
  private files = 0;
  /** Their paths, only for the summary tables (a message between threads carries no more than it must). */
  private paths: string[] | null;
  /** The file whose findings come now. */
  private path = '';
  private codes = new Map<string, number>();
  private texts: FormattedFinding[] = [];
  private counted: CountedFields[] | null;
  private failing = 0;
  private bytes = 0;
  private filesDone = 0;

  constructor(
    private readonly context: BatchContext,
    private readonly filter: FindingFilter,
    private readonly emitter: JobEmitter<ReportEvent>,
    /** Findings of a live input: written out at once rather than gathered with later ones. */
    private readonly live = false,
  ) {
    this.counted = context.settings.summary ? [] : null;
    this.paths = context.settings.summary ? [] : null;
  }

  /**
   * A file is scanned: the findings after it are its own. It counts as a scanned file unless `counts`
   * is false (a slice after a large file's first: the first counted it).
   */
  file(path: string, counts = true): void {
    // The summary tables count a finding under the last file handed on before it.
    if (this.counted !== null && this.counted.length > 0) this.emit();
    if (counts) {
      this.files++;
      this.paths?.push(path);
    }
    this.path = path;
  }

  /** A finding of the current file, kept if the filters keep it. */
  readonly found = (finding: Finding): void => {
    if (!this.filter.keeps(finding)) return;
    const { catalog, settings, format, diagnosed } = this.context;
    const code = finding.code;
    this.codes.set(code, (this.codes.get(code) ?? 0) + 1);
    const { record } = finding;
    this.counted?.push([code, record.httpStatus, record.timestamp, record.requestId]);
    if (settings.failOn === 'low' || (settings.failOn === 'high' && isKmsError(finding))) this.failing++;
    const path = this.path;
    const diagnosis = diagnosed ? diagnoseFinding(finding, path, catalog, settings.locale) : undefined;
    this.texts.push(format(diagnosis ? { path, finding, diagnosis } : { path, finding }));
  };

  /** Raw bytes read, for a progress bar. */
  readonly addBytes = (count: number): void => {
    this.bytes += count;
  };

  /** A file is done, for a progress bar. */
  fileDone(): void {
    this.filesDone++;
  }

  /** What the file could not give (read error, binary, the report's own file), in its place. */
  instead(event: ReportEvent): void {
    this.emit();
    this.emitter.emit(event);
  }

  /** Emits what was gathered, in order: the files, their findings, what the filters left out, progress. */
  emit(): void {
    const { emitter } = this;
    if (this.files > 0) {
      emitter.emit({ t: 'files', count: this.files, paths: this.paths });
      this.files = 0;
      if (this.paths) this.paths = [];
    }
    if (this.codes.size > 0) {
      emitter.emit({
        t: 'found',
        codes: [...this.codes],
        batch: packBatch(this.context.settings.format, this.texts),
        failing: this.failing,
        counted: this.counted,
        ...(this.live ? { live: true as const } : {}),
      });
      this.codes = new Map();
      this.texts = [];
      this.counted = this.context.settings.summary ? [] : null;
      this.failing = 0;
    }
    const { outsideRange, withoutTimestamp } = this.filter.leftOut;
    if (outsideRange + withoutTimestamp > 0) {
      emitter.emit({ t: 'leftOut', outsideRange, withoutTimestamp });
      this.filter.leftOut.outsideRange = 0;
      this.filter.leftOut.withoutTimestamp = 0;
    }
    if (this.bytes > 0) emitter.emit({ t: 'bytes', count: this.bytes });
    if (this.filesDone > 0) emitter.emit({ t: 'filesDone', count: this.filesDone });
    this.bytes = 0;
    this.filesDone = 0;
  }

  /** Emits what was gathered and hands it on (see JobEmitter.flush); false once the run was cancelled. */
  readonly flush = (): Promise<boolean> => {
    this.emit();
    return this.emitter.flush();
  };
}
