import type { CatalogEntry, Locale } from '../catalog/types';
import { statusText } from './http';
import { documentationUrl, troubleshootUrl } from './links';
import { strings } from './strings';

/** Everything the catalog knows about a code, in one language: what hovers, the CLI and the client show. */
export interface Explanation {
  code: string;
  httpStatus: number | null;
  status: string | null;
  message: string | null;
  category: string;
  description: string;
  remediation: string[];
  notes: string[];
  retryable: boolean;
  apis: string[];
  aliases: string[];
  shared: boolean;
  troubleshootUrl: string;
  documentationUrl: string;
  locale: Locale;
}

export function explain(entry: CatalogEntry, locale: Locale, requestId: string | null = null): Explanation {
  const text = entry.text[locale];
  return {
    code: entry.code,
    httpStatus: entry.httpStatus,
    status: statusText(entry.httpStatus),
    message: entry.message,
    category: strings(locale).categories[entry.category],
    description: text.description,
    remediation: text.remediation,
    notes: text.notes,
    retryable: entry.retryable,
    apis: entry.apis,
    aliases: entry.aliases,
    shared: entry.shared,
    troubleshootUrl: troubleshootUrl(entry.code, requestId, locale),
    documentationUrl: documentationUrl(entry, locale),
    locale,
  };
}

/** The first sentence of a description (the rest belongs in the hover). */
export function firstSentence(text: string): string {
  // Chinese full stops end a sentence where they stand; Latin ones only before a space or the end.
  const end = /[。！？]|[.!?](?=\s|$)/.exec(text);
  return end ? text.slice(0, end.index + 1) : text;
}

/** The start of a diagnostic message: `Forbidden.KeyNotFound (404 Not Found)`. */
export function diagnosticHead(entry: CatalogEntry): string {
  const status = statusText(entry.httpStatus);
  return `${entry.code}${status ? ` (${status})` : ''}`;
}

/** The short diagnostic message: `Forbidden.KeyNotFound (404 Not Found): <first sentence of the description>`. */
export function diagnosticMessage(entry: CatalogEntry, locale: Locale): string {
  return `${diagnosticHead(entry)}: ${firstSentence(entry.text[locale].description)}`;
}
