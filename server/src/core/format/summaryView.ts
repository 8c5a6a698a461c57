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
    totals: (findings: number, files: number) => string;
    noTime: (count: number) => string;
    asOf: (time: string) => string;
    filtered: (shown: number, filter: string) => string;
    empty: string;
    count: string;
    code: string;
    filter: string;
    openRequestId: string;
  }
> = {
  en: {
    byCode: 'KMS errors by code',
    overTime: 'KMS errors per hour (UTC)',
    topIds: 'Most frequent RequestIds',
    totals: (findings, files) => `${findings} KMS errors in ${files} files`,
    noTime: (count) => `${count} without a timestamp`,
    asOf: (time) => `As listed in the KMS Errors view at ${time}.`,
    filtered: (shown, filter) => `With its filter "${filter}" the view shows ${shown} of them.`,
    empty: 'No KMS errors were found.',
    count: 'Count',
    code: 'Code',
    filter: 'Click a bar to show only that code in the KMS Errors view.',
    openRequestId: 'Open the log line of this RequestId',
  },
  'zh-CN': {
    byCode: '按错误码统计的 KMS 错误',
    overTime: '每小时 KMS 错误数（UTC）',
    topIds: '出现最多的 RequestId',
    totals: (findings, files) => `${files} 个文件中有 ${findings} 个 KMS 错误`,
    noTime: (count) => `${count} 个没有时间戳`,
    asOf: (time) => `即 ${time} 时“KMS 错误”视图所列的内容。`,
    filtered: (shown, filter) => `视图按“${filter}”筛选后显示其中 ${shown} 个。`,
    empty: '未发现 KMS 错误。',
    count: '次数',
    code: '错误码',
    filter: '单击条形可在“KMS 错误”视图中只显示该错误码。',
    openRequestId: '打开此 RequestId 所在的日志行',
  },
  'zh-TW': {
    byCode: '依錯誤碼統計的 KMS 錯誤',
    overTime: '每小時 KMS 錯誤數（UTC）',
    topIds: '出現最多的 RequestId',
    totals: (findings, files) => `${files} 個檔案中有 ${findings} 個 KMS 錯誤`,
    noTime: (count) => `${count} 個沒有時間戳記`,
    asOf: (time) => `即 ${time} 時「KMS 錯誤」檢視所列的內容。`,
    filtered: (shown, filter) => `檢視依「${filter}」篩選後顯示其中 ${shown} 個。`,
    empty: '未發現 KMS 錯誤。',
    count: '次數',
    code: '錯誤碼',
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

/** What the summary is of: the view's data at `asOf`, and the view's filter when it has one. */
export interface SummaryMeta {
  /** When the data last changed, in ms since the epoch. */
  asOf?: number;
  filter?: { text: string; findings: number };
}

/**
 * The summary as an HTML fragment that fits any width: bars per code (each a button carrying its
 * code, to filter the tree) drawn as percentages of their row, errors per hour as percentages of the
 * chart, and the most frequent RequestIds with their count first. Colours come from CSS classes the
 * page maps to theme variables, so light, dark and high-contrast themes all read well. Every piece of
 * text is escaped; nothing here loads remote content, and no element carries a style attribute (the
 * page's content security policy allows only its own style sheet).
 */
export function summaryHtml(data: SummaryData, catalog: Catalog, locale: Locale, meta: SummaryMeta = {}): string {
  const l = LABELS[locale];
  const totals = [
    l.totals(data.findings, data.files),
    ...(data.withoutTimestamp > 0 ? [l.noTime(data.withoutTimestamp)] : []),
  ];
  const context = [
    ...(meta.asOf !== undefined && Number.isFinite(meta.asOf) ? [l.asOf(utcTime(meta.asOf))] : []),
    ...(meta.filter && meta.filter.text ? [l.filtered(meta.filter.findings, meta.filter.text)] : []),
  ];
  const head =
    `<p class="totals">${escapeHtml(totals.join(' · '))}</p>` +
    (context.length > 0 ? `<p class="as-of">${escapeHtml(context.join(' '))}</p>` : '');
  if (data.findings === 0) return `${head}<p>${escapeHtml(l.empty)}</p>`;
  return [
    head,
    `<h2>${escapeHtml(l.byCode)}</h2>`,
    `<p class="hint">${escapeHtml(l.filter)}</p>`,
    codeChart(data, catalog, locale),
    data.byHour.length > 0 ? `<h2>${escapeHtml(l.overTime)}</h2>${hourChart(data)}` : '',
    data.topRequestIds.length > 0 ? `<h2>${escapeHtml(l.topIds)}</h2>${requestIdTable(data, l)}` : '',
  ].join('\n');
}

function utcTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** A percentage for an SVG attribute: at most two decimals. */
const pct = (value: number) => `${Math.round(value * 100) / 100}%`;

/** A row per code: its label (cut with an ellipsis when the panel is narrow), its bar, its count. */
function codeChart(data: SummaryData, catalog: Catalog, locale: Locale): string {
  const rows = data.byCode.slice(0, 40);
  const max = Math.max(...rows.map((r) => r.count), 1);
  const classes = strings(locale).codeClasses;
  const bars = rows.map((row) => {
    const entry = catalog.lookup(row.code)?.entry;
    const cls: CodeClass = entry ? codeClass(entry) : 'parameter';
    const label = `${row.code}${row.httpStatus ? ` · ${statusText(row.httpStatus)}` : ''}`;
    const width = Math.max(0.5, (row.count / max) * 100);
    return (
      `<tr class="bar-link" data-code="${escapeHtml(row.code)}" tabindex="0" role="button" aria-label="${escapeHtml(`${label}, ${classes[cls]}: ${row.count}`)}">` +
      `<td class="label"><div class="label-text" title="${escapeHtml(label)}">${escapeHtml(label)}</div></td>` +
      `<td class="track"><svg width="100%" height="18" aria-hidden="true"><rect class="bar ${cls}" x="0" y="1" width="${pct(width)}" height="16" rx="2"/></svg></td>` +
      `<td class="value">${row.count}</td></tr>`
    );
  });
  return `<table class="code-chart"><tbody>${bars.join('')}</tbody></table>${legend(rows, catalog, locale)}`;
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

/** The hours labelled under the chart: up to seven, evenly spread; all but three hide when it is narrow. */
function hourLabels(count: number): Array<{ index: number; rank: 'end' | 'mid' | 'minor' }> {
  const slots = Math.min(7, count);
  const out: Array<{ index: number; rank: 'end' | 'mid' | 'minor' }> = [];
  for (let k = 0; k < slots; k++) {
    const index = slots === 1 ? 0 : Math.round((k * (count - 1)) / (slots - 1));
    if (out.some((o) => o.index === index)) continue;
    const rank = k === 0 || k === slots - 1 ? 'end' : k === (slots - 1) / 2 ? 'mid' : 'minor';
    out.push({ index, rank });
  }
  return out;
}

const PLOT_TOP = 6;
const PLOT_HEIGHT = 150;

/**
 * Errors per hour: the bars and grid lines are placed in percentages of the chart's width, so the
 * chart fills any panel; the y ticks stand in a column of their own beside it.
 */
function hourChart(data: SummaryData): string {
  const hours = data.byHour;
  const top = Math.max(...hours.map((h) => h.count), 1);
  const yTicks = ticks(top);
  const max = yTicks[yTicks.length - 1] as number;
  const y = (v: number) => PLOT_TOP + PLOT_HEIGHT - Math.round((v / max) * PLOT_HEIGHT);
  const step = 100 / hours.length;
  const gap = Math.min(step * 0.2, 0.6);
  const grid = yTicks.map((v) => `<line class="grid" x1="0" y1="${y(v)}" x2="100%" y2="${y(v)}"/>`).join('');
  const bars = hours.map((h, i) => {
    const height = h.count === 0 ? 0 : Math.max(1, Math.round((h.count / max) * PLOT_HEIGHT));
    return `<rect class="bar time" x="${pct(i * step + gap / 2)}" y="${PLOT_TOP + PLOT_HEIGHT - height}" width="${pct(step - gap)}" height="${height}"><title>${escapeHtml(`${h.hour}: ${h.count}`)}</title></rect>`;
  });
  const labels = hourLabels(hours.length).map(({ index, rank }) => {
    const hour = hours[index]?.hour ?? '';
    const anchor = index === 0 ? 'start' : index === hours.length - 1 ? 'end' : 'middle';
    const x = anchor === 'start' ? 0 : anchor === 'end' ? 100 : (index + 0.5) * step;
    return `<text class="axis hour ${rank}" x="${pct(x)}" y="${PLOT_TOP + PLOT_HEIGHT + 18}" text-anchor="${anchor}">${escapeHtml(`${hour.slice(5, 10)} ${hour.slice(11, 13)}:00`)}</text>`;
  });
  const yAxis = [...yTicks]
    .reverse()
    .map((v) => `<span>${v}</span>`)
    .join('');
  return (
    `<div class="hour-chart"><div class="y-axis" aria-hidden="true">${yAxis}</div>` +
    `<svg class="chart" width="100%" height="${PLOT_TOP + PLOT_HEIGHT + 24}" role="img">${grid}${bars.join('')}${labels.join('')}</svg></div>`
  );
}

/** Count first, so that a narrow panel never hides it; a long RequestId breaks only at its dashes. */
function requestIdTable(data: SummaryData, l: (typeof LABELS)[Locale]): string {
  const rows = data.topRequestIds
    .map(
      (r) =>
        `<tr><td class="num">${r.count}</td><td class="id"><a href="#" class="request-id" data-request-id="${escapeHtml(r.requestId)}" title="${escapeHtml(l.openRequestId)}"><code>${escapeHtml(r.requestId)}</code></a><div class="code-below">${escapeHtml(r.code)}</div></td><td class="code" title="${escapeHtml(r.code)}">${escapeHtml(r.code)}</td></tr>`,
    )
    .join('');
  return `<table class="request-ids"><thead><tr><th class="num">${escapeHtml(l.count)}</th><th>RequestId</th><th class="code">${escapeHtml(l.code)}</th></tr></thead><tbody>${rows}</tbody></table>`;
}
