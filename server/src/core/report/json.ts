import type { Catalog } from '../catalog/catalog';
import { hasDiagnosis } from '../diagnosis/diagnose';
import type { FileFinding } from './types';

/** One finding of the `--format json` document: LSP range, and null for what the text does not say. */
export function jsonFinding({ path, finding, diagnosis }: FileFinding, catalog: Catalog) {
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
    ...(diagnosis && hasDiagnosis(diagnosis) ? { diagnosis } : {}),
  };
}
