import type { Catalog } from '../catalog/catalog';
import type { Locale } from '../catalog/types';
import type { InspectionSummary } from '../report/summary';
import { statusText } from './http';
import { codeClass, type CodeClass } from './severity';
import { strings } from './strings';

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
    openRequestId: string;
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
    openRequestId: 'Open the log line of this RequestId',
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
    openRequestId: '打开此 RequestId 所在的日志行',
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
    openRequestId: '開啟此 RequestId 所在的記錄行',
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
    codeChart(data, catalog, locale),
    data.byHour.length > 0 ? `<h2>${escapeHtml(l.overTime)}</h2>${hourChart(data)}` : '',
    data.topRequestIds.length > 0
      ? `<h2>${escapeHtml(l.topIds)}</h2>${requestIdTable(data, l.count, l.openRequestId)}`
      : '',
  ].join('\n');
}

/** Pixels per character of the 12 px chart font, generous, so that labels never run into bars. */
const CHAR_WIDTH = 7.4;

function codeChart(data: SummaryData, catalog: Catalog, locale: Locale): string {
  const rows = data.byCode.slice(0, 40);
  const max = Math.max(...rows.map((r) => r.count), 1);
  const rowHeight = 26;
  const labels = rows.map((row) => `${row.code}${row.httpStatus ? ` · ${statusText(row.httpStatus)}` : ''}`);
  const labelWidth = Math.ceil(Math.max(...labels.map((l) => l.length), 10) * CHAR_WIDTH) + 12;
  const barWidth = 360;
  const valueWidth = 12 + String(max).length * CHAR_WIDTH;
  const width = labelWidth + barWidth + valueWidth;
  const height = rows.length * rowHeight + 8;
  const classes = strings(locale).codeClasses;
  const bars = rows.map((row, i) => {
    const entry = catalog.lookup(row.code)?.entry;
    const cls: CodeClass = entry ? codeClass(entry) : 'parameter';
    const y = 4 + i * rowHeight;
    const w = Math.max(2, Math.round((row.count / max) * barWidth));
    const label = labels[i] as string;
    return (
      `<g class="bar-link" data-code="${escapeHtml(row.code)}" tabindex="0" role="button" aria-label="${escapeHtml(`${label}, ${classes[cls]}: ${row.count}`)}">` +
      `<text class="label" x="0" y="${y + 17}">${escapeHtml(label)}</text>` +
      `<rect class="bar ${cls}" x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 8}" rx="2"/>` +
      `<text class="value" x="${labelWidth + w + 6}" y="${y + 17}">${row.count}</text></g>`
    );
  });
  // Drawn at its own size (no viewBox scaling): text stays 12 px whatever the column's width.
  return `<div class="scroll"><svg class="chart" width="${width}" height="${height}" role="img">${bars.join('')}</svg></div>${legend(rows, catalog, locale)}`;
}

/** The colour of each class found, in the order of the chart. */
function legend(rows: SummaryData['byCode'], catalog: Catalog, locale: Locale): string {
  const classes = strings(locale).codeClasses;
  const present = new Set<CodeClass>();
  for (const row of rows) {
    const entry = catalog.lookup(row.code)?.entry;
    present.add(entry ? codeClass(entry) : 'parameter');
  }
  const items = (Object.keys(classes) as CodeClass[])
    .filter((cls) => present.has(cls))
    .map(
      (cls) =>
        `<li><svg width="12" height="12" aria-hidden="true"><rect class="bar ${cls}" width="12" height="12" rx="2"/></svg>${escapeHtml(classes[cls])}</li>`,
    );
  return `<ul class="legend">${items.join('')}</ul>`;
}

/** 0 and round steps up to at least `max`: 0, 2, 4, 6, 8 for 7. */
function ticks(max: number): number[] {
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? magnitude * 10;
  const out: number[] = [];
  for (let v = 0; v < max + step; v += step) out.push(v);
  return out;
}

function hourChart(data: SummaryData): string {
  const hours = data.byHour;
  const top = Math.max(...hours.map((h) => h.count), 1);
  const yTicks = ticks(top);
  const max = yTicks[yTicks.length - 1] as number;
  const plotHeight = 160;
  const pad = 8;
  const step = Math.max(6, Math.min(28, 900 / hours.length));
  const labelText = (hour: string) => `${hour.slice(5, 10)} ${hour.slice(11, 13)}:00`;
  // Labels are centred under their bar and thinned so that each has room for its width.
  const labelWidth = 11 * CHAR_WIDTH + 10;
  // Room for the y ticks, and for the first hour label to stay inside the chart.
  const left = Math.ceil(Math.max(12 + String(max).length * CHAR_WIDTH, labelWidth / 2 - step / 2 + 2));
  const labelEvery = Math.max(1, Math.ceil(labelWidth / step));
  const width = Math.ceil(left + hours.length * step + labelWidth / 2);
  const y = (v: number) => pad + plotHeight - Math.round((v / max) * plotHeight);
  const grid = yTicks
    .map(
      (v) =>
        `<line class="grid" x1="${left}" y1="${y(v)}" x2="${left + hours.length * step}" y2="${y(v)}"/>` +
        `<text class="axis" x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`,
    )
    .join('');
  const bars = hours.map((h, i) => {
    const height = h.count === 0 ? 0 : Math.max(1, Math.round((h.count / max) * plotHeight));
    const x = left + i * step;
    const tick =
      i % labelEvery === 0
        ? `<text class="axis hour" x="${(x + step / 2).toFixed(1)}" y="${pad + plotHeight + 20}" text-anchor="middle">${escapeHtml(labelText(h.hour))}</text>`
        : '';
    return `<rect class="bar time" x="${(x + 1).toFixed(1)}" y="${pad + plotHeight - height}" width="${Math.max(1, step - 2).toFixed(1)}" height="${height}"><title>${escapeHtml(`${h.hour}: ${h.count}`)}</title></rect>${tick}`;
  });
  return `<div class="scroll"><svg class="chart" width="${width}" height="${pad + plotHeight + 28}" role="img">${grid}${bars.join('')}</svg></div>`;
}

function requestIdTable(data: SummaryData, countLabel: string, openLabel: string): string {
  const rows = data.topRequestIds
    .map(
      (r) =>
        `<tr><td><a href="#" class="request-id" data-request-id="${escapeHtml(r.requestId)}" title="${escapeHtml(openLabel)}"><code>${escapeHtml(r.requestId)}</code></a></td><td>${escapeHtml(r.code)}</td><td class="num">${r.count}</td></tr>`,
    )
    .join('');
  return `<table><thead><tr><th>RequestId</th><th>Code</th><th class="num">${escapeHtml(countLabel)}</th></tr></thead><tbody>${rows}</tbody></table>`;
}
