import type { Catalog } from '../catalog/catalog';
import { severityClass } from '../format/severity';
import type { FileFinding } from './types';

export const CSV_HEADER = [
  'path',
  'line',
  'column',
  'code',
  'token',
  'confidence',
  'httpStatus',
  'requestId',
  'message',
  'timestamp',
  'severity',
];

/** Quotes a CSV cell, and defuses cells a spreadsheet would run as a formula. */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One CSV row (without line end); line and column are 1-based. The severity is the one the editor
 * and SARIF give: `error` when someone must act (a transient fault whose retries ran out too), else
 * `warning`.
 */
export function csvRow({ path, finding }: FileFinding, catalog: Catalog): string {
  const { record } = finding;
  const entry = catalog.lookup(finding.code)?.entry;
  return [
    path,
    finding.range.start.line + 1,
    finding.range.start.character + 1,
    finding.code,
    finding.token,
    finding.confidence,
    record.httpStatus ?? entry?.httpStatus ?? null,
    record.requestId,
    record.message,
    record.timestamp === null ? null : new Date(record.timestamp).toISOString(),
    entry ? (severityClass(entry, record) === 'transient' ? 'warning' : 'error') : null,
  ]
    .map(cell)
    .join(',');
}
