import { fileURLToPath } from 'node:url';
import type { KmsSettings } from '#shared/protocol';
import { matchesAny } from '../core/files/globs';

/**
 * Whether a document gets log diagnostics: the `log` language, untitled plain text (pasted logs), or
 * a path matching `kms.diagnostics.files`. Everything else is source code: only typo warnings there.
 */
export function isLogDocument(uri: string, languageId: string, settings: KmsSettings): boolean {
  if (languageId === 'log') return true;
  if (uri.startsWith('untitled:')) return languageId === 'plaintext';
  let path: string;
  try {
    path = uri.startsWith('file:') ? fileURLToPath(uri) : decodeURIComponent(new URL(uri).pathname);
  } catch {
    return false;
  }
  const normalized = path.replace(/\\/g, '/');
  return matchesAny(normalized, settings.diagnostics.files);
}
