import type { Notification, Result } from 'sarif';
import type { Catalog } from '../catalog/catalog';
import { CSV_HEADER, csvRow } from './csv';
import { jsonFindingText } from './json';
import { SarifBuilder, sarifNotification, sarifResult } from './sarif';
import { TOOL } from './tool';
import type { FileFinding, ScanSummary } from './types';

/**
 * Writes a report while a scan runs, so memory stays flat however many findings there are. A finding
 * is formatted on its own (`formatter`, possibly on a worker thread) and written in order: the text
 * of a finding never depends on the findings before it, only where it goes does (a separator, a rule index).
 */
export interface ReportWriter {
  finding(found: FileFinding): void;
  /** Findings formatted by the format's {@link FindingFormatter} elsewhere (a worker thread), in order. */
  formatted(batch: FormattedBatch): void;
  /** A file or folder that was not scanned (could not be read, or binary): SARIF lists it in the run's invocation. */
  notScanned(path: string, message: string, level: 'error' | 'warning'): void;
  end(summary: ScanSummary): void;
}

/**
 * One finding as its report has it: a line (text, JSON, CSV) or a SARIF result, whose rule the writer
 * numbers; null when the report leaves it out (SARIF without a catalog entry).
 */
export type FormattedFinding = string | Result | null;

export type FindingFormatter = (found: FileFinding) => FormattedFinding;

export type DocumentFormat = 'json' | 'sarif' | 'csv' | 'jsonl';

/**
 * Formatted findings on their way to the writer, from a worker thread too: for the line formats their
 * lines joined as the writer writes them (one string crosses threads, not one per finding); for SARIF
 * the result objects. The format says which, and a writer refuses a batch of another.
 */
export type FormattedBatch = LineBatch | SarifBatch;

export interface LineBatch {
  format: 'text' | 'json' | 'csv' | 'jsonl';
  count: number;
  joined: string;
}

export interface SarifBatch {
  format: 'sarif';
  results: Result[];
}

/** Packs the findings formatted for `format` into one batch; a finding of another kind of format throws. */
export function packBatch(format: DocumentFormat | 'text', findings: readonly FormattedFinding[]): FormattedBatch {
  const kept = findings.filter((f) => f !== null);
  if (format === 'sarif') {
    const results = kept.map((f) => (typeof f === 'object' ? f : wrongShape(format, 'a line')));
    return { format, results };
  }
  const lines = kept.map((f) => (typeof f === 'string' ? f : wrongShape(format, 'a SARIF result')));
  return { format, count: lines.length, joined: lines.join(format === 'json' ? '\n,' : '\n') };
}

function wrongShape(format: string, given: string): never {
  throw new Error(`a ${format} report was given ${given}`);
}

/** The lines of a batch, which must be one of `format`'s: a writer never skips a batch of another. */
export function linesOf(batch: FormattedBatch, format: LineBatch['format']): LineBatch {
  if (batch.format !== format) wrongShape(format, `a batch of ${String(batch.format)}`);
  return batch as LineBatch;
}

/** The results of a SARIF batch; a batch of another format throws. */
function resultsOf(batch: FormattedBatch): Result[] {
  if (batch.format !== 'sarif') wrongShape('sarif', `a batch of ${String(batch.format)}`);
  return batch.results;
}

export interface DocumentContext {
  catalog: Catalog;
  /** Receives the document line by line (without line ends). */
  out: (line: string) => void;
  /** SARIF locations are relative to this directory. */
  baseDir: string;
}

/** The machine-readable reports (JSON version 1, SARIF 2.1.0, CSV, JSON Lines), streamed: used by the CLI and by editor exports. */
export function documentWriter(format: DocumentFormat, context: DocumentContext): ReportWriter {
  const format1 = documentFormatter(format, context);
  const writer =
    format === 'json'
      ? jsonWriter(context)
      : format === 'sarif'
        ? sarifWriter(context)
        : format === 'jsonl'
          ? jsonLinesWriter(context)
          : csvWriter(context);
  return {
    finding(found) {
      writer.formatted(packBatch(format, [format1(found)]));
    },
    formatted: (batch) => writer.formatted(batch),
    notScanned: (path, message, level) => writer.notScanned?.(path, message, level),
    end: (summary) => writer.end(summary),
  };
}

/** How each finding of a document format is written (SARIF: its result, numbered by the writer). */
export function documentFormatter(
  format: DocumentFormat,
  { catalog, baseDir }: Pick<DocumentContext, 'catalog' | 'baseDir'>,
): FindingFormatter {
  if (format === 'json') return (found) => jsonFindingText(found, catalog);
  if (format === 'jsonl') return (found) => jsonFindingText(found, catalog, 'finding');
  if (format === 'csv') return (found) => `${csvRow(found, catalog)}\r`;
  // Rules are numbered as codes first appear in the report: only the writer can, so 0 until then.
  return (found) => sarifResult(found, catalog, baseDir, 0);
}

type Writer = Omit<ReportWriter, 'finding' | 'notScanned'> & Partial<Pick<ReportWriter, 'notScanned'>>;

/** The version 1 JSON document: one finding per line. */
function jsonWriter({ out }: DocumentContext): Writer {
  let count = 0;
  out('{"version":1,"findings":[');
  return {
    formatted(batch) {
      const lines = linesOf(batch, 'json');
      if (lines.count === 0) return;
      out(`${count === 0 ? '' : ','}${lines.joined}`);
      count += lines.count;
    },
    end(summary) {
      out(`],"summary":${JSON.stringify(summary)}}`);
    },
  };
}

/** SARIF 2.1.0: results stream first, rules (known only at the end) follow in the same run object. */
function sarifWriter({ catalog, out, baseDir }: DocumentContext): Writer {
  const builder = new SarifBuilder();
  const notifications: Notification[] = [];
  let count = 0;
  const head = builder.log(TOOL, []);
  out(
    `{"$schema":${JSON.stringify(head.$schema)},"version":"2.1.0","runs":[{"columnKind":"utf16CodeUnits","results":[`,
  );
  return {
    formatted(batch) {
      for (const result of resultsOf(batch)) {
        const entry = catalog.lookup(result.ruleId ?? '')?.entry;
        if (!entry) throw new Error(`a SARIF result of a code the catalog does not know: ${String(result.ruleId)}`);
        // Rules are numbered as codes first appear in the report, so only the writer can number them.
        result.ruleIndex = builder.ruleIndexOf(entry);
        out(`${count++ === 0 ? '' : ','}${JSON.stringify(result)}`);
      }
    },
    notScanned(path, message, level) {
      notifications.push(sarifNotification(path, message, level, baseDir));
    },
    end(summary) {
      const tool = builder.log(TOOL, []).runs[0]?.tool;
      out(`],"tool":${JSON.stringify(tool)}${invocations(summary, notifications)}}]}`);
    },
  };
}

/**
 * JSON Lines: a `finding` object per line as each is found, then a `summary` object; the `type`
 * field tells them apart (docs/jsonl.schema.json).
 */
function jsonLinesWriter({ out }: DocumentContext): Writer {
  return {
    formatted(batch) {
      const lines = linesOf(batch, 'jsonl');
      if (lines.count > 0) out(lines.joined);
    },
    end(summary) {
      out(JSON.stringify({ type: 'summary', ...summary }));
    },
  };
}

/** The invocation of a SARIF run that a signal stopped: not successful, and why. */
/**
 * The run's invocation, only when the run was not complete: interrupted by a signal, or inputs it
 * could not scan (each a tool execution notification with its location).
 */
function invocations({ interrupted }: ScanSummary, notScanned: readonly Notification[]): string {
  if (!interrupted && notScanned.length === 0) return '';
  const notifications: Notification[] = [];
  if (interrupted) {
    const text = `The scan was interrupted (${interrupted}) before it read all its inputs; the results are those found until then.`;
    notifications.push({ level: 'error', message: { text } });
  }
  notifications.push(...notScanned);
  const invocation = {
    executionSuccessful: false,
    ...(interrupted ? { exitSignalName: interrupted } : {}),
    toolExecutionNotifications: notifications,
  };
  return `,"invocations":${JSON.stringify([invocation])}`;
}

/** RFC 4180 rows end in CRLF; `out` adds the LF. */
function csvWriter({ out }: DocumentContext): Writer {
  out(`${CSV_HEADER.join(',')}\r`);
  return {
    formatted(batch) {
      const lines = linesOf(batch, 'csv');
      if (lines.count > 0) out(lines.joined);
    },
    end() {},
  };
}
