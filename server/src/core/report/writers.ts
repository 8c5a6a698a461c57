import type { Catalog } from '../catalog/catalog';
import { CSV_HEADER, csvRow } from './csv';
import { jsonFinding } from './json';
import { SarifBuilder } from './sarif';
import { TOOL } from './tool';
import type { FileFinding, ScanSummary } from './types';

/** Writes a report while a scan runs, so memory stays flat however many findings there are. */
export interface ReportWriter {
  finding(found: FileFinding): void;
  end(summary: ScanSummary): void;
}

export type DocumentFormat = 'json' | 'sarif' | 'csv';

export interface DocumentContext {
  catalog: Catalog;
  /** Receives the document line by line (without line ends). */
  out: (line: string) => void;
  /** SARIF locations are relative to this directory. */
  baseDir: string;
}

/** The machine-readable reports (JSON version 1, SARIF 2.1.0, CSV), streamed: used by the CLI and by editor exports. */
export function documentWriter(format: DocumentFormat, context: DocumentContext): ReportWriter {
  if (format === 'json') return jsonWriter(context);
  if (format === 'sarif') return sarifWriter(context);
  return csvWriter(context);
}

/** The version 1 JSON document: one finding per line. */
function jsonWriter({ catalog, out }: DocumentContext): ReportWriter {
  let count = 0;
  out('{"version":1,"findings":[');
  return {
    finding(found) {
      out(`${count++ === 0 ? '' : ','}${JSON.stringify(jsonFinding(found, catalog))}`);
    },
    end(summary) {
      out(`],"summary":${JSON.stringify(summary)}}`);
    },
  };
}

/** SARIF 2.1.0: results stream first, rules (known only at the end) follow in the same run object. */
function sarifWriter({ catalog, out, baseDir }: DocumentContext): ReportWriter {
  const builder = new SarifBuilder(catalog, baseDir);
  let count = 0;
  const head = builder.log(TOOL, []);
  out(
    `{"$schema":${JSON.stringify(head.$schema)},"version":"2.1.0","runs":[{"columnKind":"utf16CodeUnits","results":[`,
  );
  return {
    finding(found) {
      const result = builder.result(found);
      if (result) out(`${count++ === 0 ? '' : ','}${JSON.stringify(result)}`);
    },
    end() {
      const tool = builder.log(TOOL, []).runs[0]?.tool;
      out(`],"tool":${JSON.stringify(tool)}}]}`);
    },
  };
}

/** RFC 4180 rows end in CRLF; `out` adds the LF. */
function csvWriter({ catalog, out }: DocumentContext): ReportWriter {
  out(`${CSV_HEADER.join(',')}\r`);
  return {
    finding(found) {
      out(`${csvRow(found, catalog)}\r`);
    },
    end() {},
  };
}
