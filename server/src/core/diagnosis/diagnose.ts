import type { Catalog } from '../catalog/catalog';
import type { Locale } from '../catalog/types';
import { readFacts, type RecordFacts, type SdkLanguage } from './facts';
import { aliyunCliFix, consoleFix, fixValues, ramPolicyFix, sdkConfigFixes } from './fixes';
import { looksLikeApi } from './identifiers';
import { KEY_STATE_MATRIX } from './keyStates';
import { RULES } from './rules';
import { diagnosisTexts } from './texts';
import type { Diagnosis } from './types';

export type { Cause, Diagnosis, Fix, FixKind, RuleId } from './types';
export { languageOfPath, type SdkLanguage } from './facts';

/** One error record to diagnose: its code, its text, and the fields already read from it. */
export interface DiagnosisInput {
  code: string;
  /** The record's text (the scanner's record block, or the decoded response). */
  text: string;
  api?: string | null;
  host?: string | null;
  hostId?: string | null;
  /** The SDK of the open source file, used when the record itself does not give one away. */
  language?: SdkLanguage | null;
}

const apiNamesCache = new WeakMap<Catalog, ReadonlySet<string>>();

/** Every API the catalog and the key-state matrix know, to recognise API names in stack frames. */
export function apiNamesOf(catalog: Catalog): ReadonlySet<string> {
  let names = apiNamesCache.get(catalog);
  if (!names) {
    names = new Set([...catalog.entries.flatMap((e) => e.apis), ...Object.keys(KEY_STATE_MATRIX), 'GetSecretValue']);
    apiNamesCache.set(catalog, names);
  }
  return names;
}

/**
 * The likely causes of one error and the fixes for it, read from the record around the code. Pure:
 * nothing is run, fetched or written; every value from the record is validated, quoted or dropped.
 */
export function diagnose(input: DiagnosisInput, catalog: Catalog, locale: Locale): Diagnosis {
  const raw = readFacts(input.text, input, apiNamesOf(catalog));
  const facts: RecordFacts = {
    ...raw,
    api: raw.api && looksLikeApi(raw.api) ? raw.api : null,
    language: raw.language ?? input.language ?? null,
  };
  return diagnoseFacts(input.code, facts, catalog, locale);
}

/** The diagnosis of facts already read (tests and callers holding facts use this directly). */
function diagnoseFacts(code: string, facts: RecordFacts, catalog: Catalog, locale: Locale): Diagnosis {
  const entry = catalog.lookup(code)?.entry ?? null;
  const t = diagnosisTexts(locale);
  const causes = RULES.map((rule) => rule({ code: entry?.code ?? code, entry, facts, t })).filter((c) => c !== null);
  if (!entry) return { causes, fixes: [] };
  const values = fixValues(facts);
  const fixes = [
    ramPolicyFix(entry, facts, values, t),
    aliyunCliFix(entry, values, t),
    consoleFix(values, t),
    ...sdkConfigFixes(entry, facts.language, values.api, t),
  ].filter((f) => f !== null);
  return { causes, fixes };
}

/** True when a diagnosis has something to show. */
export function hasDiagnosis(d: Diagnosis): boolean {
  return d.causes.length > 0 || d.fixes.length > 0;
}
