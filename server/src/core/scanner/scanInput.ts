import type { Catalog } from '../catalog/catalog';
import { StreamScanner, type ScanOptions } from './streamScanner';
import type { Finding } from './types';

export interface ScanInputOptions extends ScanOptions {
  /**
   * Called after each chunk: may wait (while the reader of the results lags behind), and returns
   * `false` to stop the scan there (a cancelled request); findings past that point are not reported.
   */
  afterChunk?: () => boolean | void | Promise<boolean | void>;
}

/**
 * Scans one input as it is read, handing each finding to `found`: the one scan loop of the CLI,
 * the workspace inspection and the export. When reading fails part way (a truncated `.gz`, a read
 * error), every finding of the text read so far is still reported before the error is thrown on.
 * Resolves to false when `afterChunk` stopped the scan.
 */
export async function scanInput(
  chunks: AsyncIterable<string>,
  catalog: Catalog,
  found: (finding: Finding) => void,
  options: ScanInputOptions = {},
): Promise<boolean> {
  const scanner = new StreamScanner(catalog, found, options);
  try {
    for await (const chunk of chunks) {
      scanner.push(chunk);
      if ((await options.afterChunk?.()) === false) return false;
    }
  } catch (error) {
    scanner.end();
    throw error;
  }
  scanner.end();
  return true;
}
