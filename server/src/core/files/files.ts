import { isAscii } from 'node:buffer';
import { closeSync, constants, createReadStream, fstatSync, openSync, promises as fs, read, readSync } from 'node:fs';
import { pipeline, Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { fsPath } from './fsNames';
import { hasNul } from './byteDecoders';
import { decodeInput, decodeWhole, type DecodedInput, type TextOptions } from './textDecoding';

export interface OpenTextOptions extends TextOptions {
  chunkSize?: number;
  /** The size of each read after the first, for a file larger than one read (256 KB by default). */
  readBytes?: number;
  /** Told how many raw bytes were read from disk (compressed bytes for `.gz`), for progress displays. */
  onRawBytes?: (count: number) => void;
  /**
   * Read a pipe or character device (`<(cmd)`, `/dev/stdin`) as a stream, as the CLI does for paths it
   * is given. Otherwise only regular files are read, and anything else is refused without blocking.
   */
  streams?: boolean;
  /**
   * A pipe or character device read as a stream is live (`<(kubectl logs -f ...)`): its encoding is
   * decided once it pauses this long, and its text is marked live (see {@link OpenedText}).
   */
  streamQuietMs?: number;
  /** The file the run writes its report to (stdout redirected into a scanned folder): never read. */
  output?: FileIdentity | null;
  /** A `.gz` stops once it decompressed to this many times its compressed size (0: no limit); see GzipLimitError. */
  maxGzipRatio?: number;
  /**
   * A folder walk listed the path as a regular file a moment ago: a small one is read without first
   * asking for its status (a call less per file). Its status is still asked when the report's own
   * file is to be skipped, and when the first read fills the small-file buffer (a file swapped for a
   * device since the walk is then refused, never read on).
   */
  listedAsFile?: boolean;
}

/** A file as the system knows it, whatever its path: its device and inode. */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/** An opened input's text, or why there is none: binary, or the run's own output. A stream's text is `live`. */
export type OpenedText =
  | DecodedInput
  | { kind: 'text'; chunks: string[] }
  | { kind: 'text'; chunks: AsyncIterable<string>; live: true }
  | { kind: 'output' };

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

/** By default a `.gz` may decompress to 100 times its compressed size (and at least 1 MB), as zip bomb guards commonly allow. */
export const DEFAULT_MAX_GZIP_RATIO = 100;
const GZIP_ALLOWANCE_BYTES = 1 << 20;

/** A `.gz` that decompressed to more than its limit allows: a likely decompression bomb, stopped there. */
class GzipLimitError extends Error {
  readonly code = 'EGZLIMIT';
  constructor(ratio: number, bytes: number) {
    super(
      `stopped after ${Math.round(bytes / (1 << 20))} MB: the .gz decompresses to more than ${ratio} times its size (a likely decompression bomb; the limit can be raised)`,
    );
    this.name = 'GzipLimitError';
  }
}

/**
 * The text of a file as chunks of decoded strings, never the whole file at once; `.gz` files are
 * decompressed on the fly. The encoding is detected (or given), and binary files are not read (see
 * textDecoding.ts). A regular file is opened without ever blocking on a FIFO, and its first bytes
 * are read at once: most logs of a folder are small, read whole by one system call and decoded
 * without a stream.
 */
export async function openText(file: string, options: OpenTextOptions = {}): Promise<OpenedText> {
  return openTextSoon(file, options);
}

/**
 * {@link openText} with no wait for a file read whole by its first read (most logs of a folder): its
 * text at once, or else a promise of it. A file that cannot be opened throws at once.
 */
export function openTextSoon(file: string, options: OpenTextOptions = {}): OpenedText | Promise<OpenedText> {
  const gz = file.endsWith('.gz');
  // Read and decoded with no wait in between: the read buffer of small files is reused (see readInto).
  const opened = openBytes(file, options, !gz);
  if (opened === 'output') return { kind: 'output' };
  if ('whole' in opened && !gz) {
    const ascii = plainAscii(opened.whole, options);
    if (ascii !== null) return { kind: 'text', chunks: [ascii] };
    const decoded = decodeWhole(opened.whole, options);
    if (decoded.kind === 'binary') return decoded;
    const first = decoded.chunks[0];
    if (first?.charCodeAt(0) === 0xfeff) decoded.chunks[0] = first.slice(1);
    return decoded;
  }
  return readOn(opened, gz, options);
}

/** The text of a file larger than its first read, of a `.gz`, or of a stream. */
async function readOn(opened: OpenedBytes, gz: boolean, options: OpenTextOptions): Promise<OpenedText> {
  let bytes = 'whole' in opened ? once(opened.whole) : opened.bytes;
  if (gz) {
    const ratio = options.maxGzipRatio ?? DEFAULT_MAX_GZIP_RATIO;
    bytes = gunzip(bytes, ratio, () => Math.max(opened.size, opened.read()));
  }
  const quietMs = 'stream' in opened ? options.streamQuietMs : undefined;
  const decoded = await decodeInput(bytes, quietMs === undefined ? options : { ...options, quietMs });
  if (decoded.kind !== 'text') return decoded;
  const chunks = withoutBom(decoded.chunks);
  return quietMs === undefined ? { kind: 'text', chunks } : { kind: 'text', chunks, live: true };
}

/**
 * The text of a small file that is all ASCII with no NUL, when no encoding was asked for: how
 * decodeWhole reads it (no byte order mark, not UTF-16, not binary, one piece), without deciding.
 */
function plainAscii(bytes: Buffer, options: TextOptions): string | null {
  if (options.encoding !== undefined && options.encoding !== 'auto') return null;
  if (bytes.length > PLAIN_ASCII_BYTES || !isAscii(bytes) || hasNul(bytes)) return null;
  return bytes.toString('latin1');
}

/** A file smaller than this is read whole by its first read (and decoded without a stream). */
const WHOLE_BYTES = 1 << 20;

/**
 * What a larger file is read in after its first read, unless the caller asks for more
 * (OpenTextOptions.readBytes). Each read is a new buffer, let go once decoded: reads of 1 MB kept
 * several megabytes each in the allocator (the 1 GB bench folder peaked 10-20 MB higher on two
 * workers, and the language server inspecting it on its main thread 200-204 MB against 154-163 MB).
 */
const READ_ON_BYTES = 1 << 18;

/** At most one decoded piece (see byteDecoders.ts), so the text is in the same pieces as decodeWhole's. */
const PLAIN_ASCII_BYTES = 1 << 15;

/**
 * The buffer small files are read into, one after the other: their text is decoded from it before
 * the next read (a copy), so a folder of small logs costs no buffer per file.
 */
const SMALL_READ_BYTES = 1 << 16;
let smallReads: Buffer | null = null;

/** A buffer for the first `length` bytes of a file: the shared one when they fit (it may be longer). */
function readInto(length: number, reuse: boolean): Buffer {
  if (!reuse || length > SMALL_READ_BYTES) return Buffer.allocUnsafe(length);
  smallReads ??= Buffer.allocUnsafe(SMALL_READ_BYTES);
  return smallReads;
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

/** A regular file read whole by its first read, or the bytes of a larger file or a stream. */
type OpenedBytes = (
  { whole: Buffer } | { bytes: AsyncIterable<Buffer> } | { bytes: AsyncIterable<Buffer>; stream: true }
) & {
  /** The size on disk (0 for a stream). */
  size: number;
  /** Bytes read so far. */
  read(): number;
};

/** Opens a file and reads its first chunk; with `reuse`, into the shared buffer when it is small (see readInto). */
function openBytes(file: string, options: OpenTextOptions, reuse: boolean): OpenedBytes | 'output' {
  // Files under WHOLE_BYTES are read by one read; larger ones, and streams, in reads of READ_ON_BYTES
  // (or of what the caller asks for).
  const whole = options.chunkSize ?? WHOLE_BYTES;
  const chunkSize = options.chunkSize ?? options.readBytes ?? READ_ON_BYTES;
  let total = 0;
  const count = (length: number) => {
    total += length;
    options.onRawBytes?.(length);
  };
  const read = () => total;
  // Opened without blocking (a FIFO without a writer) and checked on the open descriptor itself.
  const fd = openSync(fsPath(file), constants.O_RDONLY | constants.O_NONBLOCK);
  let stat;
  let first: Buffer | null = null;
  let ahead = 0;
  try {
    if (reuse && options.listedAsFile === true && !options.output) {
      // Listed as a regular file: read at once; a read that fills the buffer asks the status below.
      first = readInto(SMALL_READ_BYTES, true);
      ahead = readSync(fd, first, 0, SMALL_READ_BYTES, null);
      if (ahead < SMALL_READ_BYTES) {
        if (ahead > 0) count(ahead);
        closeSync(fd);
        return { whole: first.subarray(0, ahead), size: ahead, read };
      }
    }
    stat = fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: ${file}`), { code: 'EISDIR' });
    const stream = options.streams === true && (stat.isFIFO() || stat.isCharacterDevice());
    if (!stat.isFile() && !stream) throw new NotRegularFileError(file);
    const output = options.output;
    if (output && stat.dev === output.dev && stat.ino === output.ino) {
      closeSync(fd);
      return 'output';
    }
    if (stat.isFile()) {
      // Sized to the file, one byte more to see its end; a log that grows meanwhile is read on.
      const wanted = Math.max(ahead, stat.size > 0 && stat.size < whole ? stat.size + 1 : chunkSize);
      const start = first;
      first = readInto(wanted, reuse);
      // What was read ahead is where the buffer starts (the same shared buffer, or copied to a larger one).
      if (start && first !== start) start.copy(first, 0, 0, ahead);
      const length = ahead + readSync(fd, first, ahead, wanted - ahead, null);
      if (length > 0) count(length);
      if (length < wanted) {
        closeSync(fd);
        return { whole: first.subarray(0, length), size: stat.size, read };
      }
      // A file that grew past its size is read on later: its first chunk must not be overwritten meanwhile.
      if (first === smallReads) first = Buffer.from(first.subarray(0, wanted));
    }
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  if (first) return { bytes: fileChunks(fd, first, chunkSize, count), size: stat.size, read };
  // A pipe cannot seek (ESPIPE) nor be opened twice; it is read once, front to back, waiting for its writer.
  closeSync(fd);
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      count(chunk.length);
      done(null, chunk);
    },
  });
  const source = createReadStream(fsPath(file), { highWaterMark: chunkSize });
  // pipeline passes a read error on to the stream being iterated.
  return { bytes: pipeline(source, meter, () => {}) as AsyncIterable<Buffer>, stream: true, size: 0, read };
}

/**
 * The bytes of an open regular file from its first chunk (already read) to its end (a log may grow
 * meanwhile), then closed. The next reads wait on the thread pool, so that a large file read on the
 * main thread lets other work run between its chunks; each is asked for before the chunk before it
 * is handed on, so the disk (or page cache) is read while that chunk is scanned, not after.
 */
async function* fileChunks(
  fd: number,
  first: Buffer,
  chunkSize: number,
  count: (length: number) => void,
): AsyncGenerator<Buffer> {
  let next: Promise<ChunkRead> | null = readChunk(fd, chunkSize);
  try {
    yield first;
    while (next) {
      const read: ChunkRead = await next;
      next = null;
      if ('error' in read) throw read.error;
      if (read.chunk.length === 0) return;
      // A short read of a regular file is its end: only a full chunk is followed by another read.
      if (read.chunk.length === chunkSize) next = readChunk(fd, chunkSize);
      count(read.chunk.length);
      yield read.chunk;
    }
  } finally {
    // A read still running on the descriptor ends before it is closed (its number could be reused).
    if (next) await next;
    closeSync(fd);
  }
}

/** A chunk read ahead: its failure is held until the chunk is asked for, never left unhandled meanwhile. */
type ChunkRead = { chunk: Buffer } | { error: unknown };

function readChunk(fd: number, chunkSize: number): Promise<ChunkRead> {
  const buffer = Buffer.allocUnsafe(chunkSize);
  return new Promise((resolve) =>
    read(fd, buffer, 0, chunkSize, null, (error, length) =>
      resolve(error ? { error } : { chunk: buffer.subarray(0, length) }),
    ),
  );
}

/** Decompressed `.gz` bytes; past `ratio` times the compressed size (and 1 MB), a GzipLimitError. */
function gunzip(compressed: AsyncIterable<Buffer>, ratio: number, compressedSize: () => number): AsyncIterable<Buffer> {
  let out = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      out += chunk.length;
      if (ratio > 0 && out > Math.max(GZIP_ALLOWANCE_BYTES, ratio * compressedSize()))
        done(new GzipLimitError(ratio, out));
      else done(null, chunk);
    },
  });
  // pipeline passes a read or inflate error on to the stream being iterated.
  return pipeline(Readable.from(compressed), createGunzip(), limit, () => {}) as AsyncIterable<Buffer>;
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
    case 'ENAMETOOLONG':
      return 'path too long (nested too deep)';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOTDIR':
      return 'not a directory';
    case 'EGZLIMIT':
      return (error as Error).message;
    default:
      return (error as Error).message;
  }
}
