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
  /** The text is source code: a name counts only as a string literal, never as a variable. */
  sourceCode?: boolean;
  /** The record says the client's retries ran out (the scanner's `retriesExhausted`). */
  retriesExhausted?: boolean;
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
 * Everything a diagnosis depends on besides its catalog: the code, the locale of its texts, whether
 * retries ran out, and every fact read from the record. Records repeat the same few errors with other
 * RequestIds and times, which no rule reads: equal keys, equal diagnoses.
 */
export function diagnosisKey(code: string, locale: Locale, retriesExhausted: boolean, facts: RecordFacts): string {
  const { arn, endpoint, principal } = facts;
  // Each value after its length, so that no two lists of values make the same key (ten times quicker than JSON).
  const arnPart = arn ? `${part(arn.arn)}${part(arn.region)}${part(arn.account)}${part(arn.type)}${part(arn.id)}` : '-';
  const endpointPart = endpoint
    ? `${part(endpoint.host)}${part(endpoint.kind)}${part(endpoint.region)}${part(endpoint.instanceId)}`
    : '-';
  const principalPart = principal ? `${part(principal.kind)}${part(principal.name)}` : '-';
  const names = `${part(facts.keyId)}${part(facts.alias)}${part(facts.secretName)}${part(facts.accessKeyId)}`;
  const call = `${part(facts.api)}${part(facts.region)}${part(facts.instanceId)}${part(facts.language)}`;
  return `${part(code)}${locale}|${retriesExhausted}|${facts.mentionsSts}|${arnPart}|${endpointPart}|${principalPart}|${names}${call}`;
}

/** A value of a diagnosis key: its length, then itself; `-` for none. */
function part(value: string | null): string {
  return value === null ? '-' : `${value.length}:${value}`;
}

// Diagnoses by their key, per catalog; forgotten whole when full. Diagnosing takes longer than reading the facts.
const diagnosesCache = new WeakMap<Catalog, Map<string, Diagnosis>>();
const MAX_DIAGNOSES = 1024;

/**
 * The likely causes of one error and the fixes for it, read from the record around the code. Pure:
 * nothing is run, fetched or written; every value from the record is validated, quoted or dropped.
 * Records with the same facts share one diagnosis object: callers must not change it.
 */
export function diagnose(input: DiagnosisInput, catalog: Catalog, locale: Locale): Diagnosis {
  const raw = readFacts(input.text, input, apiNamesOf(catalog), input.sourceCode ?? false);
  const facts: RecordFacts = {
    ...raw,
    api: raw.api && looksLikeApi(raw.api) ? raw.api : null,
    language: raw.language ?? input.language ?? null,
  };
  const retriesExhausted = input.retriesExhausted ?? false;
  let known = diagnosesCache.get(catalog);
  if (!known) {
    known = new Map();
    diagnosesCache.set(catalog, known);
  }
  const key = diagnosisKey(input.code, locale, retriesExhausted, facts);
  let diagnosis = known.get(key);
  if (!diagnosis) {
    if (known.size >= MAX_DIAGNOSES) known.clear();
    diagnosis = diagnoseFacts(input.code, facts, catalog, locale, retriesExhausted);
    known.set(key, diagnosis);
  }
  return diagnosis;
}

/** The diagnosis of facts already read (tests and callers holding facts use this directly). */
function diagnoseFacts(
  code: string,
  facts: RecordFacts,
  catalog: Catalog,
  locale: Locale,
  retriesExhausted = false,
): Diagnosis {
  const entry = catalog.lookup(code)?.entry ?? null;
  const t = diagnosisTexts(locale);
  const causes = RULES.map((rule) => rule({ code: entry?.code ?? code, entry, facts, t, retriesExhausted })).filter(
    (c) => c !== null,
  );
  if (!entry) return { causes, fixes: [] };
  const values = fixValues(facts);
  const fixes = [
    ramPolicyFix(entry, facts, values, t),
    aliyunCliFix(entry, values, t),
    consoleFix(values, t),
    // Retries that ran out are not helped by retry settings: the cause says what is.
    ...(retriesExhausted ? [] : sdkConfigFixes(entry, facts.language, values.api, t)),
  ].filter((f) => f !== null);
  return { causes, fixes };
}

/** True when a diagnosis has something to show. */
export function hasDiagnosis(d: Diagnosis): boolean {
  return d.causes.length > 0 || d.fixes.length > 0;
}
