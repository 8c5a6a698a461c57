import type { Catalog } from '../catalog/catalog';
import type { Locale } from '../catalog/types';
import type { Finding } from '../scanner/types';
import { diagnose, languageOfPath, type SdkLanguage } from './diagnose';
import type { Diagnosis } from './types';

// The language of the last path asked about: the findings of a file come one after the other.
let lastPath: string | undefined;
let lastLanguage: SdkLanguage | null = null;

function languageOf(path: string): SdkLanguage | null {
  if (path !== lastPath) {
    lastLanguage = languageOfPath(path);
    lastPath = path;
  }
  return lastLanguage;
}

/**
 * The diagnosis of a scanner finding: its record's text (the finding's `recordText`, or `text` that
 * the caller cut from the document at the record's offsets) and the fields the scanner read. The SDK language of a source
 * file comes from its name when the record does not give one away.
 */
export function diagnoseFinding(
  finding: Finding,
  path: string,
  catalog: Catalog,
  locale: Locale,
  text?: string,
): Diagnosis {
  const { record } = finding;
  const recordText = finding.recordText ?? text ?? '';
  const language = languageOf(path);
  return diagnose(
    {
      code: finding.code,
      text: recordText,
      api: record.api,
      host: record.host,
      hostId: record.hostId,
      language,
      sourceCode: language !== null,
      retriesExhausted: record.retriesExhausted,
    },
    catalog,
    locale,
  );
}
