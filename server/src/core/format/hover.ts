import { isDocumentedStatus } from '../catalog/statuses';
import type { CatalogEntry, Locale } from '../catalog/types';
import { diagnosisMarkdown } from '../diagnosis/render';
import type { Diagnosis } from '../diagnosis/types';
import type { ConfidenceReason, ErrorRecord } from '../scanner/types';
import { explain } from './explanation';
import { statusText } from './http';
import { link, escapeMarkdown } from './markdown';
import { strings } from './strings';

export interface HoverSubject {
  entry: CatalogEntry;
  /** The token as written; differs from the code for aliases. */
  token: string;
  isAlias: boolean;
  /** Why the token was or was not taken for a KMS error, when it came from a scan. */
  reason?: ConfidenceReason;
  record?: ErrorRecord | null;
  /** Likely causes and fixes read from the record, when the caller had its text. */
  diagnosis?: Diagnosis | null;
}

const MAX_APIS = 12;

/** The Markdown hover for a KMS code: meaning, status, remediation, the record it sits in and links. */
export function hoverMarkdown(subject: HoverSubject, locale: Locale): string {
  const s = strings(locale);
  const { entry, record } = subject;
  const requestId = record?.requestId ?? null;
  const x = explain(entry, locale, requestId);
  const out: string[] = [];

  const head = [`**${escapeMarkdown(entry.code)}**`, x.status ?? `${s.httpStatus}: ${s.unknownStatus}`, x.category];
  out.push(head.join(' · '));
  if (subject.isAlias) out.push(`_${escapeMarkdown(s.aliasOf(subject.token, entry.code))}_`);
  if (subject.reason === 'no-kms-context') out.push(`_${escapeMarkdown(s.genericCode(entry.code))}_`);
  if (subject.reason === 'other-product') out.push(`_${escapeMarkdown(s.otherProduct(entry.code))}_`);
  if (subject.reason === 'inferred-from-message') {
    out.push(`_${escapeMarkdown(s.inferredFinding(record?.message ?? ''), 600)}_`);
  }
  out.push(`${s.officialMessage}: ${x.message ? escapeMarkdown(x.message) : s.undocumentedMessage}`);
  out.push(`**${s.whatItMeans}:** ${escapeMarkdown(x.description, 2000)}`);
  if (x.remediation.length > 0) {
    out.push(
      `**${s.whatToDo}:**\n\n${x.remediation.map((step, i) => `${i + 1}. ${escapeMarkdown(step, 2000)}`).join('\n')}`,
    );
  }
  if (x.notes.length > 0)
    out.push(`**${s.notes}:**\n\n${x.notes.map((n) => `- ${escapeMarkdown(n, 2000)}`).join('\n')}`);
  out.push(`**${s.retry}:** ${x.retryable ? s.retryYes : s.retryNo}`);
  if (x.apis.length > 0) {
    const shown = x.apis.slice(0, MAX_APIS).join(', ');
    out.push(`**${s.returnedBy}:** ${shown}${x.apis.length > MAX_APIS ? `, … (+${x.apis.length - MAX_APIS})` : ''}`);
  }
  const recordLines = recordSummary(record ?? null, entry, locale);
  if (recordLines) out.push(recordLines);
  // The record's own causes and fixes, right after its fields and before the links.
  const diagnosed = subject.diagnosis ? diagnosisMarkdown(subject.diagnosis, locale) : '';
  if (diagnosed) out.push(diagnosed);
  out.push(`${link(s.troubleshoot, x.troubleshootUrl)} · ${link(s.documentation, x.documentationUrl)}`);
  return out.join('\n\n');
}

function recordSummary(record: ErrorRecord | null, entry: CatalogEntry, locale: Locale): string | null {
  if (!record) return null;
  const s = strings(locale);
  const parts: string[] = [];
  // The status the response carried, where it is not the common one; a status documented for some
  // APIs (Forbidden.NoPermission is 400 for CreateKey) says so rather than reading as a mismatch.
  if (record.httpStatus !== null && record.httpStatus !== entry.httpStatus) {
    const status = record.httpStatus;
    const documented = isDocumentedStatus(entry, status, record.api);
    const apis = Object.keys(entry.apiStatuses).filter((api) => entry.apiStatuses[api] === status);
    parts.push(`${s.httpStatus}: ${statusText(status) ?? status}${documented ? ` (${s.documentedStatus(apis)})` : ''}`);
  }
  if (record.requestId) parts.push(`${s.requestId}: ${escapeMarkdown(record.requestId)}`);
  const host = record.host ?? record.hostId;
  if (host) parts.push(`${s.host}: ${escapeMarkdown(host)}`);
  if (record.message) parts.push(`${s.messageInRecord}: ${escapeMarkdown(record.message)}`);
  if (parts.length === 0) return null;
  return `**${s.thisRecord}:**\n\n${parts.map((p) => `- ${p}`).join('\n')}`;
}
