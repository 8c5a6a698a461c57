import type { Catalog } from '../catalog/catalog';
import type { Locale } from '../catalog/types';
import type { InspectionSummary } from '../report/summary';
import { statusText } from './http';
import { severityClass } from './severity';

/** What the summary view shows: the counts SummaryBuilder (report/summary.ts) produces. */
export type SummaryData = Pick<
  InspectionSummary,
  'files' | 'findings' | 'byCode' | 'byHour' | 'topRequestIds' | 'withoutTimestamp'
>;

const LABELS: Record<
  Locale,
  {
    byCode: string;
    overTime: string;
    topIds: string;
    findings: string;
    files: string;
    noTime: string;
    empty: string;
    count: string;
    filter: string;
  }
> = {
  en: {
    byCode: 'KMS errors by code',
    overTime: 'KMS errors per hour (UTC)',
    topIds: 'Most frequent RequestIds',
    findings: 'findings',
    files: 'files',
    noTime: 'without a timestamp',
    empty: 'No KMS errors were found.',
    count: 'Count',
    filter: 'Click a bar to show only that code in the KMS Errors view.',
  },
  'zh-CN': {
    byCode: '按错误码统计的 KMS 错误',
    overTime: '每小时 KMS 错误数（UTC）',
    topIds: '出现最多的 RequestId',
    findings: '个错误',
    files: '个文件',
    noTime: '没有时间戳',
    empty: '未发现 KMS 错误。',
    count: '次数',
    filter: '单击条形可在“KMS 错误”视图中只显示该错误码。',
  },
  'zh-TW': {
    byCode: '依錯誤碼統計的 KMS 錯誤',
    overTime: '每小時 KMS 錯誤數（UTC）',
    topIds: '出現最多的 RequestId',
    findings: '個錯誤',
    files: '個檔案',
    noTime: '沒有時間戳記',
    empty: '未發現 KMS 錯誤。',
    count: '次數',
    filter: '按一下長條可在「KMS 錯誤」檢視中只顯示該錯誤碼。',
  },
};

/** Escapes text for HTML and SVG content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/**
 * The summary as an HTML fragment with inline SVG charts: bars per code (each a button carrying its
 * code, to filter the tree), errors per hour, and the most frequent RequestIds. Colours come from
 * CSS classes the page maps to theme variables, so light, dark and high-contrast themes all read well.
 * Every piece of text is escaped; nothing here loads remote content.
 */
export function summaryHtml(data: SummaryData, catalog: Catalog, locale: Locale): string {
  const l = LABELS[locale];
  const head = `<p class="totals">${data.findings} ${escapeHtml(l.findings)} · ${data.files} ${escapeHtml(l.files)}${
    data.withoutTimestamp > 0 ? ` · ${data.withoutTimestamp} ${escapeHtml(l.noTime)}` : ''
  }</p>`;
  if (data.findings === 0) return `${head}<p>${escapeHtml(l.empty)}</p>`;
  return [
    head,
    `<h2>${escapeHtml(l.byCode)}</h2>`,
    `<p class="hint">${escapeHtml(l.filter)}</p>`,
    codeChart(data, catalog),
    data.byHour.length > 0 ? `<h2>${escapeHtml(l.overTime)}</h2>${hourChart(data)}` : '',
    data.topRequestIds.length > 0 ? `<h2>${escapeHtml(l.topIds)}</h2>${requestIdTable(data, l.count)}` : '',
  ].join('\n');
}

function codeChart(data: SummaryData, catalog: Catalog): string {
  const rows = data.byCode.slice(0, 40);
  const max = Math.max(...rows.map((r) => r.count), 1);
  const rowHeight = 26;
  const labelWidth = 330;
  const barWidth = 420;
  const height = rows.length * rowHeight + 8;
  const bars = rows.map((row, i) => {
    const entry = catalog.lookup(row.code)?.entry;
    const cls = entry ? severityClass(entry) : 'client';
    const y = 4 + i * rowHeight;
    const width = Math.max(2, Math.round((row.count / max) * barWidth));
    const label = `${row.code}${row.httpStatus ? ` · ${statusText(row.httpStatus)}` : ''}`;
    return (
      `<g class="bar-link" data-code="${escapeHtml(row.code)}" tabindex="0" role="button" aria-label="${escapeHtml(`${label}: ${row.count}`)}">` +
      `<text class="label" x="0" y="${y + 17}">${escapeHtml(label)}</text>` +
      `<rect class="bar ${cls}" x="${labelWidth}" y="${y + 3}" width="${width}" height="${rowHeight - 8}" rx="2"/>` +
      `<text class="value" x="${labelWidth + width + 6}" y="${y + 17}">${row.count}</text></g>`
    );
  });
  return `<svg class="chart" viewBox="0 0 ${labelWidth + barWidth + 60} ${height}" width="100%" role="img">${bars.join('')}</svg>`;
}

function hourChart(data: SummaryData): string {
  const hours = data.byHour;
  const max = Math.max(...hours.map((h) => h.count), 1);
  const plotHeight = 160;
  const left = 40;
  const width = Math.max(480, Math.min(1200, hours.length * 14));
  const step = (width - left) / hours.length;
  const labelEvery = Math.max(1, Math.ceil(hours.length / 8));
  const bars = hours.map((h, i) => {
    const height = h.count === 0 ? 0 : Math.max(1, Math.round((h.count / max) * plotHeight));
    const x = left + i * step;
    const tick =
      i % labelEvery === 0
        ? `<text class="axis" x="${x}" y="${plotHeight + 18}">${escapeHtml(h.hour.slice(5, 13).replace('T', ' '))}h</text>`
        : '';
    return `<rect class="bar time" x="${x.toFixed(1)}" y="${plotHeight - height}" width="${Math.max(1, step - 2).toFixed(1)}" height="${height}"><title>${escapeHtml(`${h.hour}: ${h.count}`)}</title></rect>${tick}`;
  });
  const axis = `<text class="axis" x="0" y="12">${max}</text><line class="axis-line" x1="${left}" y1="${plotHeight}" x2="${width}" y2="${plotHeight}"/>`;
  return `<svg class="chart" viewBox="0 0 ${width} ${plotHeight + 24}" width="100%" role="img">${axis}${bars.join('')}</svg>`;
}

function requestIdTable(data: SummaryData, countLabel: string): string {
  const rows = data.topRequestIds
    .map(
      (r) =>
        `<tr><td><code>${escapeHtml(r.requestId)}</code></td><td>${escapeHtml(r.code)}</td><td class="num">${r.count}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>RequestId</th><th>Code</th><th class="num">${escapeHtml(countLabel)}</th></tr></thead><tbody>${rows}</tbody></table>`;
}
