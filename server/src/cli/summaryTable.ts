import type { InspectionSummary } from '../core/report/summary';
import { safeForTerminal } from './terminal';

const BAR_WIDTH = 30;

/** Findings that `--since` / `--until` left out, shown under the tables. */
export interface LeftOut {
  outsideRange: number;
  withoutTimestamp: number;
}

/** `█` characters scaled to the largest count; any count above zero gets at least one. */
export function bar(count: number, max: number, width = BAR_WIDTH): string {
  if (count <= 0 || max <= 0) return '';
  return '█'.repeat(Math.max(1, Math.round((count / max) * width)));
}

/** Rows of cells, columns padded to their widest cell; `right` columns are right-aligned (numbers). */
function table(header: string[], rows: string[][], right: ReadonlySet<number>): string[] {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, i) => (right.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

/** `2026-11-20T08:00:00Z` as `2026-11-20 08:00`. */
const hourLabel = (hour: string) => `${hour.slice(0, 10)} ${hour.slice(11, 16)}`;

/** The `--summary` tables: counts per code, per UTC hour, and the most frequent RequestIds. */
export function summaryTables(summary: InspectionSummary, leftOut: LeftOut | null): string[] {
  const lines = ['KMS errors by code'];
  if (summary.byCode.length === 0) lines.push('  (none)');
  else {
    const max = summary.byCode[0]?.count ?? 0;
    const rows = summary.byCode.map(({ code, httpStatus, count }) => [
      safeForTerminal(code),
      httpStatus === null ? '-' : String(httpStatus),
      String(count),
      bar(count, max),
    ]);
    lines.push(...table(['code', 'status', 'count', ''], rows, new Set([1, 2])));
  }

  lines.push('', 'KMS errors by hour (UTC)');
  if (summary.byHour.length === 0) lines.push('  (no timestamps)');
  else {
    const max = Math.max(...summary.byHour.map((h) => h.count));
    const rows = summary.byHour.map(({ hour, count }) => [hourLabel(hour), String(count), bar(count, max)]);
    lines.push(...table(['hour', 'count', ''], rows, new Set([1])));
  }
  if (summary.beforeFirstHour > 0) lines.push(`  ${summary.beforeFirstHour} earlier finding(s) not shown by hour`);
  if (summary.withoutTimestamp > 0) lines.push(`  ${summary.withoutTimestamp} finding(s) without a timestamp`);
  if (leftOut)
    lines.push(
      `  left out by --since/--until: ${leftOut.outsideRange} outside the range, ${leftOut.withoutTimestamp} without a timestamp`,
    );

  if (summary.topRequestIds.length > 0) {
    lines.push('', 'Top RequestIds');
    const rows = summary.topRequestIds.map(({ requestId, code, count }) => [
      safeForTerminal(requestId),
      safeForTerminal(code),
      String(count),
    ]);
    lines.push(...table(['requestId', 'code', 'count'], rows, new Set([2])));
    if (summary.uncountedRequestIds > 0)
      lines.push(`  ${summary.uncountedRequestIds} finding(s) with RequestIds beyond the counter's limit not counted`);
  }
  return lines;
}
