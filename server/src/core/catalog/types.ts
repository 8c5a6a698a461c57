/** The three languages every user-facing text is written in. */
export type Locale = 'en' | 'zh-CN' | 'zh-TW';
export const LOCALES: readonly Locale[] = ['en', 'zh-CN', 'zh-TW'];

export type Category =
  'authentication' | 'permission' | 'key-state' | 'parameter' | 'quota-throttling' | 'billing-account' | 'service';

/** Which KMS API surface returns a code: the OpenAPI (2016-01-20) or the KMS instance gateway. */
export type Surface = 'openapi' | 'instance';

export interface LocalizedText {
  description: string;
  remediation: string[];
  notes: string[];
}

/** One error code as stored in a catalog file (see catalog.schema.json). */
export interface CatalogEntry {
  code: string;
  /** null when no source documents the status. */
  httpStatus: number | null;
  /** The official message, verbatim; null when undocumented. */
  message: string | null;
  /** Other messages seen for this code in docs, API metadata and SDKs. */
  messageVariants: string[];
  /** Other statuses the code was documented with. */
  statusVariants: number[];
  /** Per-API statuses where an API documents the code with another status than `httpStatus` (the default). */
  apiStatuses: Record<string, number>;
  category: Category;
  /** A generic code that other Alibaba Cloud products also return. */
  shared: boolean;
  /** A bare word that only counts as a code in a code field (`Code: X`, `<Code>X`). */
  requiresCodeField: boolean;
  /** Other products known to return this exact code. */
  alsoUsedBy: string[];
  retryable: boolean;
  /** The remediation step that says to retry (an index into every language's steps), if there is one. */
  retryStep: number | null;
  apis: string[];
  surfaces: Surface[];
  /** Misspellings seen in real docs and output that mean this code. */
  aliases: string[];
  /** True for the rows of the common error table of the KMS "Responses" page. */
  common: boolean;
  text: Record<Locale, LocalizedText>;
}

export interface CatalogFile {
  $schema?: string;
  version: 1;
  name: string;
  codes: CatalogEntry[];
}
