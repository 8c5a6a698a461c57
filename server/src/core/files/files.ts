import { constants, createReadStream, promises as fs } from 'node:fs';
import { pipeline, Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';

const SNIFF_BYTES = 8192;

/** True when the first bytes hold a NUL, as binary files do and text in any UTF-8 log does not. */
export function looksBinary(head: Uint8Array): boolean {
  return head.subarray(0, SNIFF_BYTES).includes(0);
}

export interface OpenTextOptions {
  chunkSize?: number;
  /** Told how many raw bytes were read from disk (compressed bytes for `.gz`), for progress displays. */
  onRawBytes?: (count: number) => void;
  /**
   * Read a pipe or character device (`<(cmd)`, `/dev/stdin`) as a stream, as the CLI does for paths it
   * is given. Otherwise only regular files are read, and anything else is refused without blocking.
   */
  streams?: boolean;
}

/** A path that is neither a regular file nor, where streams are allowed, a pipe or character device. */
export class NotRegularFileError extends Error {
  readonly code = 'ENOTREG';
  constructor(readonly path: string) {
    super('not a regular file (a FIFO, socket or device is not read)');
    this.name = 'NotRegularFileError';
  }
}

/**
 * Opens a regular file for reading without ever blocking on a FIFO: opened non-blocking, then checked
 * on the open handle itself, so nothing can swap the file in between.
 */
export async function openRegular(file: string): Promise<fs.FileHandle> {
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: ${file}`), { code: 'EISDIR' });
    if (!stat.isFile()) throw new NotRegularFileError(file);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The whole text of a small regular file (a catalog, a `.gitignore`); refuses FIFOs and devices. */
export async function readRegularFile(file: string): Promise<string> {
  const handle = await openRegular(file);
  try {
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

async function isStream(file: string): Promise<boolean> {
  const stat = await fs.stat(file);
  return stat.isFIFO() || stat.isCharacterDevice();
}

async function openBytes(file: string, options: OpenTextOptions): Promise<Readable> {
  const highWaterMark = options.chunkSize ?? 1 << 20;
  // A pipe cannot seek (ESPIPE) nor be opened twice; read it once, front to back.
  if (options.streams && (await isStream(file))) return createReadStream(file, { highWaterMark });
  const handle = await openRegular(file);
  return handle.createReadStream({ highWaterMark });
}

/**
 * The text of a file as chunks of UTF-8 decoded strings, never the whole file at once; `.gz` files
 * are decompressed on the fly. Returns null for binary files (a NUL in the first bytes).
 */
export async function openText(file: string, options: OpenTextOptions = {}): Promise<AsyncIterable<string> | null> {
  const raw = await openBytes(file, options);
  const onRawBytes = options.onRawBytes;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onRawBytes?.(chunk.length);
      done(null, chunk);
    },
  });
  // pipeline passes a read or inflate error on to the stream being iterated.
  const bytes = file.endsWith('.gz') ? pipeline(raw, meter, createGunzip(), () => {}) : pipeline(raw, meter, () => {});
  const chunks = (bytes as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (!first.done && looksBinary(first.value)) {
    await chunks.return?.();
    return null;
  }
  return withoutBom(decodeUtf8(rest(first, chunks)));
}

/** The chunk already read, then the remaining ones; giving up early closes the source. */
async function* rest(first: IteratorResult<Buffer>, chunks: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    if (first.done) return;
    yield first.value;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  } finally {
    await chunks.return?.();
  }
}

/** Where a trailing, incomplete UTF-8 sequence starts in `bytes` (its length when there is none). */
export function completeLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) !== 0x80) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      return needed > back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}

// Strings of at most 32 KB: V8 puts larger ones in its large-object space, where each one costs
// fresh pages from the system (page faults), which made decoding and joining 1 MB pieces the
// largest cost of a scan (2.5 s of 7.6 s on a 200 MB log; 0.15 s in 32 KB pieces).
const DECODED_PIECE_BYTES = 1 << 15;

/**
 * UTF-8 bytes to strings of at most DECODED_PIECE_BYTES, never splitting a character. Pure ASCII
 * pieces take the latin1 path: one byte per character in memory, and faster to decode and to search.
 */
export async function* decodeUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  // Never drops a BOM itself: it would at the start of every piece; withoutBom drops the file's own.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let carry: Buffer | null = null;
  for await (const chunk of chunks) {
    const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const cut = completeLength(bytes);
    carry = cut < bytes.length ? Buffer.from(bytes.subarray(cut)) : null;
    yield* utf8Pieces(bytes.subarray(0, cut), decoder);
  }
  if (carry) yield decoder.decode(carry);
}

/** Whole UTF-8 text (no character cut at its end) as strings of at most DECODED_PIECE_BYTES. */
export function* utf8Pieces(body: Buffer, decoder: TextDecoder): Generator<string> {
  for (let at = 0; at < body.length;) {
    const to = pieceEnd(body, at);
    const part = body.subarray(at, to);
    yield isAscii(part) ? part.toString('latin1') : decoder.decode(part);
    at = to;
  }
}

/** The UTF-16 length of what utf8Pieces yields, decoding only the pieces that are not ASCII. */
export function utf16Length(body: Buffer, decoder: TextDecoder): number {
  let length = 0;
  for (let at = 0; at < body.length;) {
    const to = pieceEnd(body, at);
    const part = body.subarray(at, to);
    length += isAscii(part) ? part.length : decoder.decode(part).length;
    at = to;
  }
  return length;
}

/** Where the piece from `at` ends: at most DECODED_PIECE_BYTES on, before a character's first byte. */
function pieceEnd(body: Buffer, at: number): number {
  let to = Math.min(body.length, at + DECODED_PIECE_BYTES);
  while (to < body.length && to > at + 4 && ((body[to] as number) & 0xc0) === 0x80) to--;
  return to;
}

export async function* withoutBom(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let first = true;
  for await (const chunk of chunks) {
    yield first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
    first = false;
  }
}

/** A file system error in a few plain words, for one-line messages (CLI and server alike). */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTREG':
      return 'not a regular file';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENXIO':
      return 'a FIFO without a reader';
    default:
      return (error as Error).message;
  }
}
