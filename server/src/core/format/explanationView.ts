import type { CatalogEntry, Locale } from '../catalog/types';
import { hasDiagnosis, type Diagnosis } from '../diagnosis/diagnose';
import { diagnosisMarkdown } from '../diagnosis/render';
import { explain } from './explanation';
import { link, escapeMarkdown } from './markdown';
import { codeClass } from './severity';
import { strings } from './strings';

/**
 * Everything the catalog knows about a code, as one Markdown page: what the Explain command shows in
 * the result view (the hover shows the record first and links here). With the `diagnosis` of a record
 * (a terminal link's), its likely cause and fix come first.
 */
export function explanationMarkdown(
  entry: CatalogEntry,
  locale: Locale,
  requestId: string | null = null,
  diagnosis: Diagnosis | null = null,
): string {
  const s = strings(locale);
  const x = explain(entry, locale, requestId);
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(entry.code)}`);
  out.push(
    [
      x.status ?? `${s.httpStatus}: ${s.unknownStatus}`,
      s.codeClasses[codeClass(entry)],
      x.retryable ? s.severities.transient : s.severities.actionRequired,
    ]
      .map((part) => escapeMarkdown(part))
      .join(' · '),
  );
  out.push(`${s.officialMessage}: ${x.message ? escapeMarkdown(x.message) : s.undocumentedMessage}`);
  if (diagnosis && hasDiagnosis(diagnosis)) out.push(diagnosisMarkdown(diagnosis, locale));
  out.push(`## ${s.whatItMeans}\n\n${escapeMarkdown(x.description, 2000)}`);
  if (x.remediation.length > 0) {
    out.push(
      `## ${s.whatToDo}\n\n${x.remediation.map((step, i) => `${i + 1}. ${escapeMarkdown(step, 2000)}`).join('\n')}`,
    );
  }
  if (x.notes.length > 0) out.push(`## ${s.notes}\n\n${x.notes.map((n) => `- ${escapeMarkdown(n, 2000)}`).join('\n')}`);
  out.push(`**${s.retry}:** ${x.retryable ? s.retryYes : s.retryNo}`);
  if (x.apis.length > 0) out.push(`**${s.returnedBy}:** ${x.apis.map((api) => escapeMarkdown(api)).join(', ')}`);
  out.push(
    `${link(s.troubleshoot, x.troubleshootUrl, s.troubleshootTitle(requestId))} · ${link(s.documentation, x.documentationUrl)}`,
  );
  return out.join('\n\n');
}
