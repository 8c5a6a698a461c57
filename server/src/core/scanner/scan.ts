import type { Catalog } from '../catalog/catalog';
import { StreamScanner, type ScanOptions } from './streamScanner';
import type { Finding } from './types';

/** All findings in a whole text (a document, a snippet). */
export function scanText(text: string, catalog: Catalog, options: ScanOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const scanner = new StreamScanner(catalog, (f) => findings.push(f), {
    chunkSize: Number.MAX_SAFE_INTEGER,
    ...options,
  });
  scanner.push(text);
  scanner.end();
  return findings;
}
