import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import { statusText } from '../core/format/http';
import { severityClass } from '../core/format/severity';
import { CSV_HEADER, csvRow } from '../core/report/csv';
import { jsonFinding } from '../core/report/json';
import { SarifBuilder } from '../core/report/sarif';
import type { FileFinding, ScanSummary } from '../core/report/types';
import { safeForTerminal, type Style } from './terminal';
import { TOOL } from './tool';

/** Writes a report while the scan runs, so memory stays flat however many findings there are. */
export interface ReportWriter {
  finding(found: FileFinding): void;
  end(summary: ScanSummary): void;
}

export type ReportFormat = 'text' | 'json' | 'sarif' | 'csv';

export interface WriterContext {
  catalog: Catalog;
  locale: Locale;
  style: Style;
  out: (text: string) => void;
  err: (text: string) => void;
  baseDir: string;
}

export function reportWriter(format: ReportFormat, context: WriterContext): ReportWriter {
  switch (format) {
    case 'json':
      return jsonWriter(context);
    case 'sarif':
      return sarifWriter(context);
    case 'csv':
      return csvWriter(context);
    default:
      return textWriter(context);
  }
}

/** `path:line:col  CODE  404 Not Found  description`, compiler style, one finding per line. */
function textWriter({ catalog, locale, style, out, err }: WriterContext): ReportWriter {
  return {
    finding({ path, finding }) {
      const entry = catalog.lookup(finding.code)?.entry;
      const status = statusText(finding.record.httpStatus ?? entry?.httpStatus ?? null) ?? '';
      const description = entry ? entry.text[locale].description : '';
      const color = entry && severityClass(entry) !== 'client' ? style.red : style.yellow;
      const where = `${path}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
      const low = finding.confidence === 'low' ? style.dim(' (low confidence)') : '';
      out(`${style.bold(safeForTerminal(where))}  ${color(finding.code)}  ${status}  ${description}${low}`);
    },
    end(summary) {
      err(style.dim(`${summary.findings} KMS error(s) in ${summary.files} file(s)`));
    },
  };
}

/** The version 1 JSON document, written as findings arrive: one finding per line. */
function jsonWriter({ catalog, out }: WriterContext): ReportWriter {
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
function sarifWriter({ catalog, out, baseDir }: WriterContext): ReportWriter {
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

function csvWriter({ catalog, out }: WriterContext): ReportWriter {
  // RFC 4180 rows end in CRLF; `out` adds the LF.
  out(`${CSV_HEADER.join(',')}\r`);
  return {
    finding(found) {
      out(`${csvRow(found, catalog)}\r`);
    },
    end() {},
  };
}
