import type { Catalog } from '../catalog/catalog';
import { StreamScanner, type ScanOptions } from './streamScanner';
import type { Finding } from './types';

const AFTER_CHUNK_CHARS = 1 << 18;

export interface ScanInputOptions extends ScanOptions {
  /**
   * Called after every 256K characters or so: may wait (while the reader of the results lags behind), and returns
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
  chunks: AsyncIterable<string> | Iterable<string>,
  catalog: Catalog,
  found: (finding: Finding) => void,
  options: ScanInputOptions = {},
): Promise<boolean> {
  const scanner = new StreamScanner(catalog, found, options);
  try {
    // Chunks are small pieces (see decodeUtf8): the caller hears from the scan every 256K characters.
    let since = 0;
    for await (const chunk of chunks) {
      scanner.push(chunk);
      since += chunk.length;
      if (since < AFTER_CHUNK_CHARS) continue;
      since = 0;
      if ((await options.afterChunk?.()) === false) return false;
    }
  } catch (error) {
    scanner.end();
    throw error;
  }
  scanner.end();
  return true;
}
