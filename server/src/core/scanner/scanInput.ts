import type { Catalog } from '../catalog/catalog';
import { teaMessageStarts } from './inferred';
import { liveSteps } from './liveInput';
import { StreamScanner, type ScanOptions } from './streamScanner';
import { candidatePatternOf } from './tokens';
import type { Finding } from './types';

const AFTER_CHUNK_CHARS = 1 << 18;

export interface ScanInputOptions extends ScanOptions {
  /**
   * Called after every 256K characters or so: may wait (while the reader of the results lags behind), and returns
   * `false` to stop the scan there (a cancelled request); findings past that point are not reported.
   */
  afterChunk?: () => boolean | void | Promise<boolean | void>;
  /**
   * The input is live (a pipe, a growing log): each finding is handed out once its record is complete,
   * when the next log entry starts or when no text has come for `quietMs`, and `afterChunk` is called
   * then too, so that the caller passes it on at once.
   */
  live?: { quietMs: number };
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
    if (isAsync(chunks)) {
      if (options.live) {
        if (!(await scanLive(chunks, scanner, options, options.live.quietMs))) return false;
      } else {
        // Chunks are small pieces (see byteDecoders.ts): the caller hears from the scan every 256K characters.
        const due = scanEvery(scanner);
        for await (const chunk of chunks) if (due(chunk) && (await options.afterChunk?.()) === false) return false;
      }
    } else {
      // Text already in memory (a small file read at once): scanned without a promise per piece.
      const due = scanEvery(scanner);
      for (const chunk of chunks) if (due(chunk) && (await options.afterChunk?.()) === false) return false;
    }
  } catch (error) {
    scanner.end();
    throw error;
  }
  scanner.end();
  return true;
}

/**
 * Scans text already in memory (a small file read at once) with no wait, when it is too short for
 * `afterChunk` to fall due, as {@link scanInput} would; false, scanning nothing, when it is longer.
 */
export function scanShortText(
  chunks: readonly string[],
  catalog: Catalog,
  found: (finding: Finding) => void,
  options: ScanOptions = {},
): boolean {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  if (length >= AFTER_CHUNK_CHARS) return false;
  // Every finding starts at a candidate token or a Tea message: a text in one piece with neither
  // needs no scanner (half of a folder of one-line logs; a token may span pieces, so only one).
  if (chunks.length === 1 && !holdsCandidate(catalog, chunks[0] as string)) return true;
  const scanner = new StreamScanner(catalog, found, options);
  try {
    for (const chunk of chunks) scanner.push(chunk);
  } finally {
    scanner.end();
  }
  return true;
}

/** Whether `text` holds a place where a finding may start: a candidate token, or a Tea message. */
function holdsCandidate(catalog: Catalog, text: string): boolean {
  const tokens = candidatePatternOf(catalog);
  tokens.lastIndex = 0;
  return tokens.test(text) || teaMessageStarts(text, 0, text.length).length > 0;
}

/** Pushes a chunk to the scanner; true once another 256K characters have been scanned. */
function scanEvery(scanner: StreamScanner): (chunk: string) => boolean {
  let since = 0;
  return (chunk) => {
    scanner.push(chunk);
    since += chunk.length;
    if (since < AFTER_CHUNK_CHARS) return false;
    since = 0;
    return true;
  };
}

function isAsync(chunks: AsyncIterable<string> | Iterable<string>): chunks is AsyncIterable<string> {
  return Symbol.asyncIterator in chunks;
}

/** The loop of a live input: the caller hears from the scan whenever the writer stops, too. */
async function scanLive(
  chunks: AsyncIterable<string>,
  scanner: StreamScanner,
  options: ScanInputOptions,
  quietMs: number,
): Promise<boolean> {
  let since = 0;
  for await (const step of liveSteps(chunks, quietMs)) {
    if (step === 'caught-up') scanner.caughtUp();
    else if (step === 'quiet') scanner.pause();
    else {
      scanner.push(step.text);
      since += step.text.length;
      if (since < AFTER_CHUNK_CHARS) continue;
    }
    since = 0;
    if ((await options.afterChunk?.()) === false) return false;
  }
  return true;
}
