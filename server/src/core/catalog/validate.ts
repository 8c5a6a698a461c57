import type Ajv from 'ajv';
import schema from '../../../catalog/catalog.schema.json';
import type { CatalogEntry, CatalogFile, LocalizedText, Locale } from './types';

/** A catalog file that failed to parse or validate; `message` is fit to show users as is. */
export class CatalogError extends Error {
  constructor(
    readonly source: string,
    readonly details: string[],
  ) {
    super(`Catalog ${source} is invalid: ${details.join('; ')}`);
    this.name = 'CatalogError';
  }
}

// Loaded and compiled on first use: the built-in catalog, checked against the schema by the tests,
// does not need it at run time, and loading the validator alone took 15-20 ms of every CLI start.
let validateFile: ReturnType<Ajv['compile']> | undefined;
const schemaValidator = () => (validateFile ??= new (loadAjv())({ allErrors: true, strict: false }).compile(schema));

function loadAjv(): typeof Ajv {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, which an import cannot be
  return (require('ajv') as { default: typeof Ajv }).default;
}

type RawText = Omit<LocalizedText, 'notes'> & { notes?: string[] };
type RawEntry = Partial<CatalogEntry> &
  Pick<CatalogEntry, 'code' | 'httpStatus' | 'message' | 'category'> & {
    text: { en: RawText } & Partial<Record<Locale, RawText>>;
  };

/** Parses and validates catalog JSON text; every problem found is listed in the error. */
export function parseCatalog(jsonText: string, source: string): CatalogFile {
  let data: unknown;
  try {
    data = JSON.parse(jsonText);
  } catch (error) {
    throw new CatalogError(source, [`not valid JSON (${(error as Error).message})`]);
  }
  return validateCatalog(data, source);
}

function validateCatalog(data: unknown, source: string): CatalogFile {
  const validate = schemaValidator();
  if (!validate(data)) {
    const details = (validate.errors ?? [])
      .slice(0, 10)
      .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    throw new CatalogError(source, details);
  }
  return normalizeCatalog(data, source);
}

/** A catalog already known to match the schema (the built-in one): duplicates checked, entries filled in. */
export function normalizeCatalog(data: unknown, source: string): CatalogFile {
  const file = data as { version: 1; name: string; codes: RawEntry[] };
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const entry of file.codes) {
    for (const token of [entry.code, ...(entry.aliases ?? [])]) {
      if (seen.has(token)) duplicates.push(`duplicate code or alias ${token}`);
      seen.add(token);
    }
  }
  if (duplicates.length > 0) throw new CatalogError(source, duplicates);
  return { version: 1, name: file.name, codes: file.codes.map(normalizeEntry) };
}

/** Fills the optional fields of a validated entry; missing translations fall back to English. */
function normalizeEntry(raw: RawEntry): CatalogEntry {
  const text = (t: RawText | undefined): LocalizedText | undefined =>
    t && { description: t.description, remediation: t.remediation, notes: t.notes ?? [] };
  const en = text(raw.text.en) as LocalizedText;
  return {
    code: raw.code,
    httpStatus: raw.httpStatus,
    message: raw.message,
    messageVariants: raw.messageVariants ?? [],
    statusVariants: raw.statusVariants ?? [],
    apiStatuses: raw.apiStatuses ?? {},
    category: raw.category,
    shared: raw.shared ?? false,
    requiresCodeField: raw.requiresCodeField ?? false,
    alsoUsedBy: raw.alsoUsedBy ?? [],
    retryable: raw.retryable ?? false,
    retryStep: raw.retryStep ?? null,
    apis: raw.apis ?? [],
    surfaces: raw.surfaces ?? ['openapi'],
    aliases: raw.aliases ?? [],
    common: raw.common ?? false,
    text: { en, 'zh-CN': text(raw.text['zh-CN']) ?? en, 'zh-TW': text(raw.text['zh-TW']) ?? en },
  };
}
