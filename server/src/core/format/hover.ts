import { Commands } from '#shared/commands';
import { isDocumentedStatus } from '../catalog/statuses';
import type { CatalogEntry, Locale } from '../catalog/types';
import { diagnosisMarkdown } from '../diagnosis/render';
import type { Diagnosis } from '../diagnosis/types';
import type { ConfidenceReason, ErrorRecord } from '../scanner/types';
import { explain, firstSentence } from './explanation';
import { statusText } from './http';
import { link, escapeMarkdown } from './markdown';
import { codeClass, severityClass } from './severity';
import { strings } from './strings';

export interface HoverSubject {
  entry: CatalogEntry;
  /** The token as written; differs from the code for aliases. */
  token: string;
  isAlias: boolean;
  /** Why the token was or was not taken for a KMS error, when it came from a scan. */
  reason?: ConfidenceReason;
  record?: ErrorRecord | null;
  /** A diagnostic on this token already says what the code means (its message); the hover does not repeat it. */
  meaningShown?: boolean;
  /**
   * Likely causes and fixes read from this very record. They go right after the record and before
   * the general steps: see DIAGNOSIS SLOT below.
   */
  diagnosis?: Diagnosis | null;
}

export interface HoverOptions {
  /** The client runs `command:` links (VS Code): "Full explanation" opens the explain command. */
  commandLinks?: boolean;
}

/** The steps the hover shows; the full explanation has the rest. */
const STEPS_SHOWN = 2;

/**
 * The Markdown hover for a KMS code, most specific first, for someone in the middle of an incident:
 * 1. the code, its status, its class and what it asks of the user;
 * 2. this record: RequestId, host, API, time (and a status or message that differs from the catalog's);
 * 3. the diagnosis of this record, when there is one (DIAGNOSIS SLOT);
 * 4. the two most useful steps;
 * 5. links: troubleshoot this request, the full explanation (in the result view), the documentation.
 */
export function hoverMarkdown(subject: HoverSubject, locale: Locale, options: HoverOptions = {}): string {
  const s = strings(locale);
  const { entry, record } = subject;
  const requestId = record?.requestId ?? null;
  const x = explain(entry, locale, requestId);
  const out: string[] = [];

  const severity = severityClass(entry, record ?? null);
  const exhausted = severity === 'actionRequired' && entry.retryable;
  const head = [
    `**${escapeMarkdown(entry.code)}**`,
    x.status ?? `${s.httpStatus}: ${s.unknownStatus}`,
    s.codeClasses[codeClass(entry)],
  ];
  out.push(`${head.join(' · ')}  \n_${exhausted ? s.retriesExhausted : s.severities[severity]}_`);

  const recordLines = recordSummary(record ?? null, entry, locale);
  if (recordLines) out.push(recordLines);

  if (subject.isAlias) out.push(`_${escapeMarkdown(s.aliasOf(subject.token, entry.code))}_`);
  if (subject.reason === 'no-kms-context') out.push(`_${escapeMarkdown(s.genericCode(entry.code))}_`);
  if (subject.reason === 'other-product') out.push(`_${escapeMarkdown(s.otherProduct(entry.code))}_`);
  if (subject.reason === 'inferred-from-message') {
    out.push(`_${escapeMarkdown(s.inferredFinding(record?.message ?? ''), 600)}_`);
  }
  if (!subject.meaningShown) out.push(escapeMarkdown(firstSentence(x.description), 2000));

  // DIAGNOSIS SLOT: what this record says about the cause and the fix, before the general steps.
  const diagnosed = subject.diagnosis ? diagnosisMarkdown(subject.diagnosis, locale) : '';
  if (diagnosed) out.push(diagnosed);

  const steps = x.remediation.slice(0, STEPS_SHOWN);
  if (steps.length > 0) {
    const more = x.remediation.length - steps.length;
    out.push(
      `**${s.whatToDo}:**\n\n${steps.map((step, i) => `${i + 1}. ${escapeMarkdown(step, 2000)}`).join('\n')}` +
        (more > 0 ? `\n\n_${escapeMarkdown(s.moreSteps(more))}_` : ''),
    );
  }

  const links = [link(s.troubleshoot, x.troubleshootUrl, s.troubleshootTitle(requestId))];
  if (options.commandLinks) links.push(link(s.fullExplanation, explainCommandUri(entry.code), s.fullExplanationTitle));
  links.push(link(s.documentation, x.documentationUrl));
  out.push(links.join(' · '));
  return out.join('\n\n');
}

/** `command:kms.explainCode?["Code"]`: VS Code runs it from a trusted hover. */
function explainCommandUri(code: string): string {
  return `command:${Commands.explainCode}?${encodeURIComponent(JSON.stringify([code]))}`;
}

function recordSummary(record: ErrorRecord | null, entry: CatalogEntry, locale: Locale): string | null {
  if (!record) return null;
  const s = strings(locale);
  const parts: string[] = [];
  if (record.requestId) parts.push(`${s.requestId}: ${escapeMarkdown(record.requestId)}`);
  const host = record.host ?? record.hostId;
  if (host) parts.push(`${s.host}: ${escapeMarkdown(host)}`);
  if (record.api) parts.push(`${s.api}: ${escapeMarkdown(record.api)}`);
  if (record.timestamp !== null) parts.push(`${s.time}: ${escapeMarkdown(utcTime(record.timestamp))}`);
  // The status the response carried, where it is not the common one; a status documented for some
  // APIs (Forbidden.NoPermission is 400 for CreateKey) says so rather than reading as a mismatch.
  if (record.httpStatus !== null && record.httpStatus !== entry.httpStatus) {
    const status = record.httpStatus;
    const documented = isDocumentedStatus(entry, status, record.api);
    const apis = Object.keys(entry.apiStatuses).filter((api) => entry.apiStatuses[api] === status);
    parts.push(`${s.httpStatus}: ${statusText(status) ?? status}${documented ? ` (${s.documentedStatus(apis)})` : ''}`);
  }
  const lines = parts.length > 0 ? [parts.join(' · ')] : [];
  // The record's own message, where it says more than the catalog's.
  if (record.message && record.message !== entry.message) {
    lines.push(`${s.messageInRecord}: ${escapeMarkdown(record.message, 300)}`);
  }
  return lines.length > 0 ? lines.join('  \n') : null;
}

function utcTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}
