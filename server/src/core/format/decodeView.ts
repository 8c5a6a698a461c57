import type { Locale } from '../catalog/types';
import { STATUS_NOTES } from '../decoder/statusNotes';
import type { DecodeOutcome } from '../decoder/types';
import { diagnosisMarkdown } from '../diagnosis/render';
import type { Diagnosis } from '../diagnosis/types';
import { explain } from './explanation';
import { statusText } from './http';
import { formatName } from './formatNames';
import { escapeMarkdown, link } from './markdown';
import { strings } from './strings';

const LABELS: Record<
  Locale,
  {
    title: string;
    success: string;
    error: string;
    fields: string;
    notDecodable: string;
    masked: (count: number, names: string) => string;
    shown: (names: string) => string;
    secretsShown: string;
    expected: string;
    warnings: string;
    format: string;
    inferred: string;
  }
> = {
  en: {
    title: 'KMS response',
    success: 'Success',
    error: 'Error',
    fields: 'Other fields',
    notDecodable: 'Not a KMS response or error',
    masked: (n, names) =>
      `${n} secret value(s) masked (${names}). To see them, run **KMS: Decode Response, Showing Secrets** (or \`kms-diagnose decode --show-secrets\`).`,
    shown: (names) =>
      `**Secrets on screen:** ${names} ${names.includes(',') ? 'are' : 'is'} shown in clear, as asked. Close this panel before sharing your screen or copying the page; **KMS: Decode Response** masks them.`,
    secretsShown: '⚠️ secrets shown',
    expected: 'Expected',
    warnings: 'Warnings',
    format: 'Format',
    inferred: 'recognised from the message',
  },
  'zh-CN': {
    title: 'KMS 响应',
    success: '成功',
    error: '错误',
    fields: '其他字段',
    notDecodable: '不是 KMS 响应或错误',
    masked: (n, names) =>
      `已隐藏 ${n} 个机密值（${names}）。如需查看，请运行 **KMS: Decode Response, Showing Secrets**（或 \`kms-diagnose decode --show-secrets\`）。`,
    shown: (names) =>
      `**机密值正显示在屏幕上：**已按要求明文显示 ${names}。共享屏幕或复制本页之前请关闭此面板；**KMS: Decode Response** 会隐藏它们。`,
    secretsShown: '⚠️ 显示机密值',
    expected: '期望的输入',
    warnings: '警告',
    format: '格式',
    inferred: '根据错误信息识别',
  },
  'zh-TW': {
    title: 'KMS 回應',
    success: '成功',
    error: '錯誤',
    fields: '其他欄位',
    notDecodable: '不是 KMS 回應或錯誤',
    masked: (n, names) =>
      `已隱藏 ${n} 個機密值（${names}）。如需檢視，請執行 **KMS: Decode Response, Showing Secrets**（或 \`kms-diagnose decode --show-secrets\`）。`,
    shown: (names) =>
      `**機密值正顯示在螢幕上：**已依要求以明文顯示 ${names}。分享螢幕或複製本頁之前請關閉此面板；**KMS: Decode Response** 會隱藏它們。`,
    secretsShown: '⚠️ 顯示機密值',
    expected: '預期的輸入',
    warnings: '警告',
    format: '格式',
    inferred: '依錯誤訊息辨識',
  },
};

/**
 * The decode result as a Markdown page (shown by the editor's Markdown preview). All text from the
 * response is escaped: a `<script>` or a command link in a Message stays visible text.
 */
export function decodeMarkdown(outcome: DecodeOutcome, locale: Locale, diagnosis: Diagnosis | null = null): string {
  const l = LABELS[locale];
  const s = strings(locale);
  if (!outcome.ok) {
    const where = outcome.error.line !== null ? ` (${outcome.error.line}:${outcome.error.column ?? 1})` : '';
    return [
      `# ${l.notDecodable}`,
      escapeMarkdown(outcome.error.reason + where, 2000),
      `**${l.expected}:** ${escapeMarkdown(outcome.error.expected, 2000)}`,
    ].join('\n\n');
  }
  const r = outcome.result;
  const status = statusText(r.httpStatus);
  const out: string[] = [];
  // Secrets in clear come first, before anything else on the page, so that nobody misses them.
  const secrets = r.shownSecrets ?? [];
  if (secrets.length > 0) out.push(`> ⚠️ ${l.shown(secrets.map((f) => escapeMarkdown(f)).join(', '))}`);
  out.push(`# ${r.kind === 'success' ? l.success : l.error}${status ? ` · \`${status}\`` : ''}`);
  const rows: Array<[string, string | null]> = [
    ['Code', r.code && `${escapeMarkdown(r.code)}${r.codeInferred ? ` (${l.inferred})` : ''}`],
    ['Message', r.message && escapeMarkdown(r.message, 2000)],
    ['RequestId', r.requestId && escapeMarkdown(r.requestId)],
    ['HostId', r.hostId && escapeMarkdown(r.hostId)],
    ['API', r.api && escapeMarkdown(r.api)],
    ['Recommend', r.recommend && urlLink(r.recommend)],
    [l.format, escapeMarkdown(formatName(r.shape, locale))],
  ];
  out.push(['| | |', '|---|---|', ...rows.filter(([, v]) => v).map(([k, v]) => `| ${k} | ${v} |`)].join('\n'));
  if (r.maskedFields.length > 0)
    out.push(`> ${l.masked(r.maskedFields.length, r.maskedFields.map((f) => escapeMarkdown(f)).join(', '))}`);
  if (r.kind === 'error' && r.code && !r.entry) out.push(`_${escapeMarkdown(s.notInCatalog)}_`);
  // The record's own causes and fixes (fixes code-fenced: shown, never run), before the generic advice.
  const diagnosed = diagnosis ? diagnosisMarkdown(diagnosis, locale) : '';
  if (diagnosed) out.push(diagnosed);
  if (r.entry) {
    const x = explain(r.entry, locale, r.requestId);
    out.push(`## ${s.whatItMeans}\n\n${escapeMarkdown(x.description, 2000)}`);
    out.push(
      `## ${s.whatToDo}\n\n${x.remediation.map((step, i) => `${i + 1}. ${escapeMarkdown(step, 2000)}`).join('\n')}`,
    );
    if (x.notes.length > 0)
      out.push(`## ${s.notes}\n\n${x.notes.map((n) => `- ${escapeMarkdown(n, 2000)}`).join('\n')}`);
    out.push(`**${s.retry}:** ${x.retryable ? s.retryYes : s.retryNo}`);
    out.push(
      `${link(s.troubleshoot(r.requestId), x.troubleshootUrl, s.troubleshootTitle(r.requestId))} · ${link(s.documentation, x.documentationUrl)}`,
    );
  }
  if (r.statusNote) {
    const note = STATUS_NOTES[r.statusNote][locale];
    out.push(`## ${note.title}\n\n${escapeMarkdown(note.description, 2000)}`);
    out.push(
      `## ${s.whatToDo}\n\n${note.remediation.map((step, i) => `${i + 1}. ${escapeMarkdown(step, 2000)}`).join('\n')}`,
    );
  }
  if (r.warnings.length > 0)
    out.push(`## ${l.warnings}\n\n${r.warnings.map((w) => `- ${escapeMarkdown(w, 2000)}`).join('\n')}`);
  // Only the fields the table above does not already show.
  const shown = new Set([r.code, r.message, r.requestId, r.hostId, r.api, r.recommend].filter((v) => v));
  const fields = Object.entries(r.fields).filter(([, v]) => v !== '' && !shown.has(v));
  if (fields.length > 0) {
    out.push(
      `## ${l.fields}\n\n| | |\n|---|---|\n${fields.map(([k, v]) => `| ${escapeMarkdown(k)} | ${escapeMarkdown(v, 1000)} |`).join('\n')}`,
    );
  }
  return out.join('\n\n');
}

/** A link for a URL from the response only when it leads to Alibaba Cloud over https; otherwise text. */
function urlLink(url: string): string {
  try {
    const parsed = new URL(url);
    if (
      parsed.protocol === 'https:' &&
      /(?:^|\.)(?:aliyun\.com|alibabacloud\.com|aliyuncs\.com)$/.test(parsed.hostname)
    )
      return link(url, parsed.href);
  } catch {
    // Not a URL: shown as text.
  }
  return escapeMarkdown(url, 2000);
}

/** The result panel's title; it says so when secrets are on screen. */
export function decodeTitle(locale: Locale, outcome?: DecodeOutcome): string {
  const l = LABELS[locale];
  return outcome?.ok && (outcome.result.shownSecrets ?? []).length > 0 ? `${l.title} · ${l.secretsShown}` : l.title;
}
