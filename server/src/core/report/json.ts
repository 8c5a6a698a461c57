import type { Catalog } from '../catalog/catalog';
import { hasDiagnosis, type Diagnosis } from '../diagnosis/diagnose';
import type { Position, Range } from '../scanner/types';
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

// The JSON text of the strings findings repeat (codes, tokens), written once; forgotten whole when full.
const repeatedJson = new Map<string, string>();

// The path's JSON text, written once for the findings of a file: one after the other, so only the
// last is kept (in a folder of small files each path is new, and a map of them missed every time).
let lastPath = '';
let lastPathJson = '""';

function pathJson(path: string): string {
  if (path !== lastPath) {
    lastPath = path;
    lastPathJson = JSON.stringify(path);
  }
  return lastPathJson;
}

function repeatedString(value: string): string {
  let json = repeatedJson.get(value);
  if (json === undefined) {
    if (repeatedJson.size >= 1024) repeatedJson.clear();
    json = JSON.stringify(value);
    repeatedJson.set(value, json);
  }
  return json;
}

/** A number as JSON.stringify writes it. */
function numberJson(value: number | null): string {
  return value !== null && Number.isFinite(value) ? `${value}` : 'null';
}

function positionJson({ line, character }: Position): string {
  return `{"line":${numberJson(line)},"character":${numberJson(character)}}`;
}

function rangeJson({ start, end }: Range): string {
  return `{"start":${positionJson(start)},"end":${positionJson(end)}}`;
}

/**
 * `JSON.stringify(findingFields(found, catalog))` (with the `type` field first when given) with `last`
 * before its closing brace, written from its parts: a finding's JSON is built for each of tens of
 * thousands of findings, and its paths, codes and tokens repeat. Undefined where a field is missing
 * (a finding not made by the scanner), where JSON.stringify would leave the field out.
 */
function fieldsText(
  { path, finding }: FileFinding,
  catalog: Catalog,
  type: 'finding' | undefined,
  last: string,
): string | undefined {
  const { record, related, range, confidence } = finding;
  const { requestId, message } = record;
  if (requestId === undefined || message === undefined || range === undefined) return undefined;
  const httpStatus = record.httpStatus ?? catalog.lookup(finding.code)?.entry.httpStatus ?? null;
  const messageText = message === null ? 'null' : JSON.stringify(message);
  let relatedText = '';
  if (related) for (const r of related) relatedText += `${relatedText === '' ? '' : ','}${rangeJson(r)}`;
  return (
    `{${type ? `"type":${JSON.stringify(type)},` : ''}"path":${pathJson(path)},"range":${rangeJson(range)}` +
    `,"code":${repeatedString(finding.code)},"token":${repeatedString(finding.token)},"confidence":${repeatedString(confidence)}` +
    `,"httpStatus":${numberJson(httpStatus)},"requestId":${requestId === null ? 'null' : JSON.stringify(requestId)}` +
    `,"message":${messageText}${confidence === 'inferred' ? `,"inferredFrom":${messageText}` : ''},"related":[${relatedText}]${last}}`
  );
}

/**
 * `JSON.stringify(jsonFinding(found, catalog))`, after a `type` field when one is given (JSON Lines),
 * with the text of a shared diagnosis written once.
 */
export function jsonFindingText(found: FileFinding, catalog: Catalog, type?: 'finding'): string {
  const { diagnosis } = found;
  let last = '';
  if (diagnosis && hasDiagnosis(diagnosis)) {
    let written = diagnosisJson.get(diagnosis);
    if (written === undefined) {
      written = JSON.stringify(diagnosis);
      diagnosisJson.set(diagnosis, written);
    }
    // The diagnosis is the object's last field.
    last = `,"diagnosis":${written}`;
  }
  const text = fieldsText(found, catalog, type, last);
  if (text !== undefined) return text;
  const fields = JSON.stringify(type ? { type, ...findingFields(found, catalog) } : findingFields(found, catalog));
  return last === '' ? fields : `${fields.slice(0, -1)}${last}}`;
}
