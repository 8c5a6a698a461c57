import type { Catalog } from '../catalog/catalog';
import { hasDiagnosis, type Diagnosis } from '../diagnosis/diagnose';
import type { FileFinding } from './types';

/** The fields of a finding in the `--format json` document but its diagnosis, which comes last. */
function findingFields({ path, finding }: FileFinding, catalog: Catalog) {
  return {
    path,
    range: finding.range,
    code: finding.code,
    token: finding.token,
    confidence: finding.confidence,
    httpStatus: finding.record.httpStatus ?? catalog.lookup(finding.code)?.entry.httpStatus ?? null,
    requestId: finding.record.requestId,
    message: finding.record.message,
    // An inferred finding says what it was inferred from: the record's message (it has no code token).
    ...(finding.confidence === 'inferred' ? { inferredFrom: finding.record.message } : {}),
    // The record's other mentions of the code (a Data body, a Recommend URL): one record, one finding.
    related: finding.related ?? [],
  };
}

/** One finding of the `--format json` document: LSP range, and null for what the text does not say. */
export function jsonFinding(found: FileFinding, catalog: Catalog) {
  const { diagnosis } = found;
  return { ...findingFields(found, catalog), ...(diagnosis && hasDiagnosis(diagnosis) ? { diagnosis } : {}) };
}

// The JSON text of each diagnosis object: the findings of records with the same facts share one (diagnose.ts).
const diagnosisJson = new WeakMap<Diagnosis, string>();

/**
 * `JSON.stringify(jsonFinding(found, catalog))`, after a `type` field when one is given (JSON Lines),
 * with the text of a shared diagnosis written once.
 */
export function jsonFindingText(found: FileFinding, catalog: Catalog, type?: 'finding'): string {
  const fields = findingFields(found, catalog);
  const text = JSON.stringify(type ? { type, ...fields } : fields);
  const { diagnosis } = found;
  if (!diagnosis || !hasDiagnosis(diagnosis)) return text;
  let written = diagnosisJson.get(diagnosis);
  if (written === undefined) {
    written = JSON.stringify(diagnosis);
    diagnosisJson.set(diagnosis, written);
  }
  // The object's closing brace gives way to the diagnosis, its last field.
  return `${text.slice(0, -1)},"diagnosis":${written}}`;
}
