import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FIXTURES } from './paths';

/** One labelled snippet of the public corpus: real text and the KMS codes it truly contains. */
export interface CorpusEntry {
  id: string;
  kind: string;
  text: string;
  expected_codes: string[];
  expected_request_ids: string[];
  expected_http_status: number | null;
  ambiguous: boolean;
  lang?: string;
}

export function loadCorpus(): CorpusEntry[] {
  return readFileSync(path.join(FIXTURES, 'corpus-public.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusEntry);
}

/** Snippets whose label is debatable (a generic code in another product's record); scored separately. */
export const KNOWN_DISAGREEMENTS = new Set(['resp-nls-json-invalidaccesskeyid-notfound']);

export function precisionRecall(results: Array<{ expected: string[]; found: string[] }>) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const { expected, found } of results) {
    const want = new Set(expected);
    const got = new Set(found);
    for (const code of got) {
      if (want.has(code)) tp++;
      else fp++;
    }
    for (const code of want) if (!got.has(code)) fn++;
  }
  return { tp, fp, fn, precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp + fn === 0 ? 1 : tp / (tp + fn) };
}
