import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pipeline, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isAscii } from 'node:buffer';
import { minimatch } from 'minimatch';

export const DEFAULT_EXCLUDES = ['**/node_modules/**', '**/.git/**', '**/.hg/**', '**/.svn/**'];

export interface WalkOptions {
  include: string[];
  exclude: string[];
}

function matchesAny(relative: string, globs: readonly string[]): boolean {
  return globs.some((glob) => minimatch(relative, glob, { dot: true, matchBase: !glob.includes('/') }));
}

/**
 * Files under `root`, depth first in name order so output is stable. Symbolic links to directories
 * are not followed (no loops, no leaving the tree); globs match paths relative to `root`.
 */
export async function* walk(root: string, options: WalkOptions): AsyncGenerator<string> {
  const entries = await fs.readdir(root, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    yield* walkEntry(root, entry.name, entry, options, root);
  }
}

async function* walkEntry(
  dir: string,
  name: string,
  entry: { isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean },
  options: WalkOptions,
  root: string,
): AsyncGenerator<string> {
  const full = path.join(dir, name);
  const relative = path.relative(root, full).split(path.sep).join('/');
  if (entry.isDirectory()) {
    if (matchesAny(`${relative}/`, options.exclude) || matchesAny(`${relative}/x`, options.exclude)) return;
    const children = await fs.readdir(full, { withFileTypes: true });
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) yield* walkEntry(full, child.name, child, options, root);
    return;
  }
  let isFile = entry.isFile();
  if (entry.isSymbolicLink()) {
    const stat = await fs.stat(full).catch(() => null);
    isFile = stat?.isFile() ?? false;
  }
  if (!isFile) return;
  if (matchesAny(relative, options.exclude)) return;
  if (options.include.length > 0 && !matchesAny(relative, options.include)) return;
  yield full;
}

const SNIFF_BYTES = 8192;

/** True when the first bytes hold a NUL, as binary files do and text in any UTF-8 log does not. */
export function looksBinary(head: Uint8Array): boolean {
  return head.subarray(0, SNIFF_BYTES).includes(0);
}

export interface OpenTextOptions {
  chunkSize?: number;
  /** Told how many raw bytes were read from disk (compressed bytes for `.gz`), for progress displays. */
  onRawBytes?: (count: number) => void;
}

/**
 * The text of a file as chunks of UTF-8 decoded strings, never the whole file at once; `.gz` files
 * are decompressed on the fly. Returns null for binary files.
 */
export async function openText(file: string, options: OpenTextOptions = {}): Promise<AsyncIterable<string> | null> {
  const gzip = file.endsWith('.gz');
  const head = await readHead(file, gzip);
  if (looksBinary(head)) return null;
  const raw = createReadStream(file, { highWaterMark: options.chunkSize ?? 1 << 20 });
  const onRawBytes = options.onRawBytes;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onRawBytes?.(chunk.length);
      done(null, chunk);
    },
  });
  // pipeline passes a read or inflate error on to the stream being iterated.
  const bytes = gzip ? pipeline(raw, meter, createGunzip(), () => {}) : pipeline(raw, meter, () => {});
  return withoutBom(decodeUtf8(bytes as AsyncIterable<Buffer>));
}

/** Where a trailing, incomplete UTF-8 sequence starts in `bytes` (its length when there is none). */
function completeLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] as number;
    if ((byte & 0xc0) !== 0x80) {
      const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
      return needed > back ? bytes.length - back : bytes.length;
    }
  }
  return bytes.length;
}

/**
 * UTF-8 bytes to strings, chunk by chunk, never splitting a character. Pure ASCII chunks take the
 * latin1 path: one byte per character in memory, and faster to decode and to search.
 */
export async function* decodeUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let carry: Buffer | null = null;
  for await (const chunk of chunks) {
    const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
    const cut = completeLength(bytes);
    carry = cut < bytes.length ? Buffer.from(bytes.subarray(cut)) : null;
    const body = bytes.subarray(0, cut);
    if (body.length > 0) yield isAscii(body) ? body.toString('latin1') : decoder.decode(body);
  }
  if (carry) yield decoder.decode(carry);
}

async function readHead(file: string, gzip: boolean): Promise<Uint8Array> {
  if (!gzip) {
    const handle = await fs.open(file, 'r');
    try {
      const buffer = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }
  const stream = createReadStream(file).pipe(createGunzip());
  for await (const chunk of stream) {
    stream.destroy();
    return chunk as Buffer;
  }
  return new Uint8Array();
}

export async function* withoutBom(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let first = true;
  for await (const chunk of chunks) {
    yield first && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk;
    first = false;
  }
}
