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

/** Findings of text read from an async source of string chunks (a file stream with an encoding set). */
export async function scanChunks(
  chunks: AsyncIterable<string>,
  catalog: Catalog,
  onFinding: (finding: Finding) => void,
  options: ScanOptions = {},
): Promise<void> {
  const scanner = new StreamScanner(catalog, onFinding, options);
  for await (const chunk of chunks) scanner.push(chunk);
  scanner.end();
}
