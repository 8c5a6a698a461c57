import type { Catalog } from '../catalog/catalog';
import { CSV_HEADER, csvRow } from './csv';
import { jsonFinding } from './json';
import type { Notification } from 'sarif';
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

/** One finding's text in a report; null when the report leaves it out (SARIF without a catalog entry). */
export type FindingFormatter = (found: FileFinding) => string | null;

export type DocumentFormat = 'json' | 'sarif' | 'csv';

/**
 * Formatted findings on their way to the writer: their texts joined as the writer writes them (one
 * string crosses threads, not one per finding), or for SARIF each result with its code, which the
 * writer numbers.
 */
export type FormattedBatch = { count: number; joined: string } | { results: Array<[string, string]> };

/** Packs the texts of findings formatted for `format` (codes alongside) into one batch. */
export function packBatch(
  format: DocumentFormat | 'text',
  codes: readonly string[],
  texts: readonly (string | null)[],
): FormattedBatch {
  if (format === 'sarif') {
    const results: Array<[string, string]> = [];
    texts.forEach((text, i) => {
      if (text !== null) results.push([codes[i] as string, text]);
    });
    return { results };
  }
  const lines = texts.filter((t): t is string => t !== null);
  return { count: lines.length, joined: lines.join(format === 'json' ? '\n,' : '\n') };
}

export interface DocumentContext {
  catalog: Catalog;
  /** Receives the document line by line (without line ends). */
  out: (line: string) => void;
  /** SARIF locations are relative to this directory. */
  baseDir: string;
}

/** The machine-readable reports (JSON version 1, SARIF 2.1.0, CSV), streamed: used by the CLI and by editor exports. */
export function documentWriter(format: DocumentFormat, context: DocumentContext): ReportWriter {
  const format1 = documentFormatter(format, context);
  const writer =
    format === 'json' ? jsonWriter(context) : format === 'sarif' ? sarifWriter(context) : csvWriter(context);
  return {
    finding(found) {
      writer.formatted(packBatch(format, [found.finding.code], [format1(found)]));
    },
    formatted: (batch) => writer.formatted(batch),
    notScanned: (path, message, level) => writer.notScanned?.(path, message, level),
    end: (summary) => writer.end(summary),
  };
}

/** How each finding of a document format is written (SARIF: its result after the rule index). */
export function documentFormatter(
  format: DocumentFormat,
  { catalog, baseDir }: Pick<DocumentContext, 'catalog' | 'baseDir'>,
): FindingFormatter {
  if (format === 'json') return (found) => JSON.stringify(jsonFinding(found, catalog));
  if (format === 'csv') return (found) => `${csvRow(found, catalog)}\r`;
  return (found) => {
    const result = sarifResult(found, catalog, baseDir, 0);
    return result && JSON.stringify(result).slice(sarifHead(result.ruleId ?? '', 0).length);
  };
}

type Writer = Omit<ReportWriter, 'finding' | 'notScanned'> & Partial<Pick<ReportWriter, 'notScanned'>>;

/** The joined texts of a batch of a format other than SARIF. */
const joined = (batch: FormattedBatch) => ('joined' in batch && batch.count > 0 ? batch : null);

/** The version 1 JSON document: one finding per line. */
function jsonWriter({ out }: DocumentContext): Writer {
  let count = 0;
  out('{"version":1,"findings":[');
  return {
    formatted(batch) {
      const lines = joined(batch);
      if (!lines) return;
      out(`${count === 0 ? '' : ','}${lines.joined}`);
      count += lines.count;
    },
    end(summary) {
      out(`],"summary":${JSON.stringify(summary)}}`);
    },
  };
}

/** The start of a SARIF result as JSON.stringify writes it; the rest of the result follows. */
function sarifHead(ruleId: string, ruleIndex: number): string {
  return `{"ruleId":${JSON.stringify(ruleId)},"ruleIndex":${ruleIndex}`;
}

/** SARIF 2.1.0: results stream first, rules (known only at the end) follow in the same run object. */
function sarifWriter({ catalog, out, baseDir }: DocumentContext): Writer {
  const builder = new SarifBuilder(catalog, baseDir);
  const notifications: Notification[] = [];
  let count = 0;
  const head = builder.log(TOOL, []);
  out(
    `{"$schema":${JSON.stringify(head.$schema)},"version":"2.1.0","runs":[{"columnKind":"utf16CodeUnits","results":[`,
  );
  return {
    formatted(batch) {
      if (!('results' in batch)) return;
      for (const [code, rest] of batch.results) {
        const entry = catalog.lookup(code)?.entry;
        if (!entry) continue;
        // Rules are numbered as codes first appear in the report, so only the writer can number them.
        out(`${count++ === 0 ? '' : ','}${sarifHead(entry.code, builder.ruleIndexOf(entry))}${rest}`);
      }
    },
    notScanned(path, message, level) {
      notifications.push(sarifNotification(path, message, level, baseDir));
    },
    end() {
      const tool = builder.log(TOOL, []).runs[0]?.tool;
      // Only a run that left something out has an invocation: the inputs it could not scan.
      const invocations =
        notifications.length > 0
          ? `,"invocations":${JSON.stringify([{ executionSuccessful: false, toolExecutionNotifications: notifications }])}`
          : '';
      out(`],"tool":${JSON.stringify(tool)}${invocations}}]}`);
    },
  };
}

/** RFC 4180 rows end in CRLF; `out` adds the LF. */
function csvWriter({ out }: DocumentContext): Writer {
  out(`${CSV_HEADER.join(',')}\r`);
  return {
    formatted(batch) {
      const lines = joined(batch);
      if (lines) out(lines.joined);
    },
    end() {},
  };
}
