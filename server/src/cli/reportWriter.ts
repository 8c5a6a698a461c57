import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import { strings } from '../core/format/strings';
import { statusText } from '../core/format/http';
import { severityClass } from '../core/format/severity';
import {
  documentFormatter,
  documentWriter,
  linesOf,
  packBatch,
  type FindingFormatter,
  type FormattedBatch,
  type ReportWriter,
} from '../core/report/writers';
import { displayPath } from '../core/files/fsNames';
import { oneLine, safeForTerminal, type Style } from './terminal';

export type ReportFormat = 'text' | 'json' | 'sarif' | 'csv' | 'jsonl';

/** Formats written a finding per line as findings come (json and sarif are one document each). */
export type LineFormat = Exclude<ReportFormat, 'json' | 'sarif'>;

export interface WriterContext {
  catalog: Catalog;
  locale: Locale;
  style: Style;
  out: (text: string) => void;
  err: (text: string) => void;
  baseDir: string;
}

export type { ReportWriter };

export function reportWriter(format: ReportFormat, context: WriterContext): ReportWriter {
  return format === 'text' ? textWriter(context) : documentWriter(format, context);
}

/** How each finding of the format is written, on a worker thread or here. */
export function findingFormatter(
  format: ReportFormat,
  context: Pick<WriterContext, 'catalog' | 'locale' | 'style' | 'baseDir'>,
): FindingFormatter {
  return format === 'text' ? textLine(context) : documentFormatter(format, context);
}

/** `path:line:col  CODE  404 Not Found  description`, compiler style, one finding per line. */
function textLine({ catalog, locale, style }: Pick<WriterContext, 'catalog' | 'locale' | 'style'>): FindingFormatter {
  return ({ path, finding }) => {
    const entry = catalog.lookup(finding.code)?.entry;
    const status = statusText(finding.record.httpStatus ?? entry?.httpStatus ?? null) ?? '';
    const description = entry ? entry.text[locale].description : '';
    const color = entry && severityClass(entry, finding.record) === 'actionRequired' ? style.red : style.yellow;
    const where = `${oneLine(displayPath(path))}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
    const low =
      finding.confidence === 'low'
        ? style.dim(' (low confidence)')
        : finding.confidence === 'inferred'
          ? style.dim(` (${strings(locale).inferredFinding(finding.record.message ?? '')})`)
          : '';
    return `${style.bold(safeForTerminal(where))}  ${color(finding.code)}  ${status}  ${description}${low}`;
  };
}

function textWriter(context: WriterContext): ReportWriter {
  const { out, err, style } = context;
  const line = textLine(context);
  const formatted = (batch: FormattedBatch) => {
    const lines = linesOf(batch, 'text');
    if (lines.count > 0) out(lines.joined);
  };
  return {
    finding: (found) => formatted(packBatch('text', [line(found)])),
    formatted,
    // Said on stderr as it happens.
    notScanned() {},
    end(summary) {
      const left = summary.notScanned ? `, ${summary.notScanned} not scanned` : '';
      err(style.dim(`${summary.findings} KMS error(s) in ${summary.files} file(s)${left}`));
    },
  };
}
