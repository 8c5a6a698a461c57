import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

/**
 * Bytes of a log to text. Detected, unless an encoding is given: UTF-16LE and UTF-16BE by their byte
 * order mark or by the NULs of their ASCII characters (PowerShell and .NET logs on Windows); then
 * UTF-8, or GB18030 when the first bytes that are not ASCII are not valid UTF-8 and decode cleanly
 * as GB18030 (GBK logs of Java and Windows services in China). NUL bytes are not text: a run of
 * them at the start (a log rotated with `copytruncate`) or anywhere is skipped. A file whose first
 * bytes after that still hold NULs and read as no text (control bytes, neither UTF-8 nor GB18030)
 * is binary. Columns are UTF-16 code units of the decoded text.
 */

export interface TextOptions {
  /** `auto` (the default), or a label `TextDecoder` knows (`utf-8`, `utf-16le`, `gb18030`, `shift_jis`...). */
  encoding?: string;
  /** `skip` (the default): a binary file is not read; `text`: every file is read as text. */
  binary?: 'skip' | 'text';
}

/** An input's text, or the verdict that it is binary (nothing of it was read as text). */
export type DecodedInput = { kind: 'text'; chunks: AsyncIterable<string> } | { kind: 'binary' };

const SNIFF_BYTES = 8192;
// The first bytes that are not ASCII decide between UTF-8 and GB18030: this many, or to the end.
export const DECIDE_BYTES = 4096;
// Strings of at most 32 KB: V8 puts larger ones in its large-object space, where each one costs
// fresh pages from the system (page faults), which made decoding and joining 1 MB pieces the
// largest cost of a scan (2.5 s of 7.6 s on a 200 MB log; 0.15 s in 32 KB pieces).
const DECODED_PIECE_BYTES = 1 << 15;

/** Whether `label` names an encoding this runtime decodes (for `--encoding` and `kms.files.encoding`). */
export function isKnownEncoding(label: string): boolean {
  if (label === 'auto') return true;
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes an input given as byte chunks, deciding its encoding (and whether it is binary) from its
 * first bytes; nothing is decoded before that verdict.
 */
export async function decodeInput(bytes: AsyncIterable<Buffer>, options: TextOptions = {}): Promise<DecodedInput> {
  const source = bytes[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let leading = true;
  for (;;) {
    const next = await source.next();
    if (next.done) break;
    let chunk = next.value;
    if (leading) {
      chunk = chunk.subarray(leadingNuls(chunk));
      leading = chunk.length === 0;
    }
    if (chunk.length > 0) head.push(chunk);
    headBytes += chunk.length;
    if (headBytes >= SNIFF_BYTES) break;
  }
  const decoder = decoderFor(head.length === 1 ? (head[0] as Buffer) : Buffer.concat(head), options);
  if (!decoder) {
    await source.return?.();
    return { kind: 'binary' };
  }
  return { kind: 'text', chunks: decodeAll(decoder, head, source) };
}

/** The text of a whole input held in memory (a small file read at once), decided as {@link decodeInput} does. */
export function decodeWhole(
  bytes: Buffer,
  options: TextOptions = {},
): { kind: 'text'; chunks: string[] } | { kind: 'binary' } {
  const body = bytes.subarray(leadingNuls(bytes));
  const decoder = decoderFor(body, options);
  if (!decoder) return { kind: 'binary' };
  const out: string[] = [];
  decoder.push(body, out);
  decoder.end(out);
  return { kind: 'text', chunks: out };
}

async function* decodeAll(decoder: ByteDecoder, head: Buffer[], source: AsyncIterator<Buffer>): AsyncGenerator<string> {
  try {
    const out: string[] = [];
    for (const chunk of head) decoder.push(chunk, out);
    yield* out;
    for (let next = await source.next(); !next.done; next = await source.next()) {
      out.length = 0;
      decoder.push(next.value, out);
      yield* out;
    }
    out.length = 0;
    decoder.end(out);
    yield* out;
  } finally {
    await source.return?.();
  }
}

/**
 * How many bytes of a run of NULs at the start to skip: two at a time, so a UTF-16BE text after a
 * hole keeps its first byte (an even hole, then `\0A`); an odd NUL left in UTF-8 text is dropped
 * with the others.
 */
function leadingNuls(bytes: Buffer): number {
  let at = 0;
  while (at + 1 < bytes.length && bytes[at] === 0 && bytes[at + 1] === 0) at += 2;
  return at;
}

/** The decoder for an input whose first bytes (after a leading NUL run) are `head`; null when it is binary. */
function decoderFor(head: Buffer, options: TextOptions): ByteDecoder | null {
  const given = options.encoding && options.encoding !== 'auto' ? options.encoding : null;
  const encoding = given ?? detectEncoding(head);
  const wide = encoding !== 'auto' && new TextDecoder(encoding).encoding.startsWith('utf-16');
  if (options.binary !== 'text' && !wide && looksBinary(head.subarray(0, SNIFF_BYTES))) return null;
  if (encoding === 'auto') return new Utf8OrGb18030();
  return new TextDecoder(encoding).encoding === 'utf-8' ? new Utf8Only() : new Labelled(encoding);
}

/** `utf-16le`, `utf-16be` or `utf-8` from a byte order mark or the NULs of UTF-16, else `auto`. */
export function detectEncoding(head: Buffer): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // ASCII in UTF-16 has a NUL in every other byte: at odd offsets in LE, even ones in BE.
  const pairs = Math.min(head.length, SNIFF_BYTES) >> 1;
  if (pairs < 4) return 'auto';
  let even = 0;
  let odd = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  if (odd * 5 >= pairs * 2 && even * 8 <= odd) return 'utf-16le';
  if (even * 5 >= pairs * 2 && odd * 8 <= even) return 'utf-16be';
  return 'auto';
}

/**
 * Binary: NULs among the first bytes (after a leading run of them), and no text around them: more
 * than one byte in twenty a control character other than tab, line ends, form feed, backspace and
 * escape, or bytes that are neither UTF-8 nor GB18030.
 */
function looksBinary(head: Buffer): boolean {
  if (!hasNul(head)) return false;
  const rest = withoutNuls(head);
  let controls = 0;
  for (const byte of rest) if ((byte < 0x20 && !TEXT_CONTROLS.has(byte)) || byte === 0x7f) controls++;
  if (controls * 20 > rest.length) return true;
  return !isUtf8(rest.subarray(0, completeLength(rest))) && !decodesAs('gb18030', rest);
}

const TEXT_CONTROLS = new Set([8, 9, 10, 11, 12, 13, 27]);

function decodesAs(encoding: string, bytes: Buffer): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Not UTF-8 and cleanly GB18030 (a character cut at the end aside): the first bytes that are not ASCII of a GBK log. */
export function needsGb18030(bytes: Buffer): boolean {
  return !isUtf8(bytes.subarray(0, completeLength(bytes))) && decodesAs('gb18030', bytes);
}

/** Whether the bytes hold a NUL; a loop for a few bytes, where `indexOf` costs more than it saves. */
function hasNul(bytes: Buffer): boolean {
  if (bytes.length > 256) return bytes.indexOf(0) !== -1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0) return true;
  return false;
}

/** The bytes without their NULs (the same bytes when there are none). */
export function withoutNuls(bytes: Buffer): Buffer {
  if (!hasNul(bytes)) return bytes;
  let at = bytes.indexOf(0);
  const kept = Buffer.allocUnsafe(bytes.length);
  let length = 0;
  let from = 0;
  while (at !== -1) {
    length += bytes.copy(kept, length, from, at);
    from = at + 1;
    at = bytes.indexOf(0, from);
  }
  length += bytes.copy(kept, length, from);
  return kept.subarray(0, length);
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

/** Bytes in, text out, chunk by chunk: a character cut between chunks is held back until the next. */
interface ByteDecoder {
  push(bytes: Buffer, out: string[]): void;
  end(out: string[]): void;
}

/** UTF-8 given, or found by its byte order mark; NULs dropped. The BOM is kept here (see withoutBom). */
class Utf8Only implements ByteDecoder {
  private readonly utf8 = new LazyUtf8();
  private carry: Buffer | null = null;

  push(chunk: Buffer, out: string[]): void {
    const bytes = withoutNuls(this.carry ? Buffer.concat([this.carry, chunk]) : chunk);
    const cut = completeLength(bytes);
    this.carry = cut < bytes.length ? Buffer.from(bytes.subarray(cut)) : null;
    utf8Pieces(bytes.subarray(0, cut), this.utf8, out);
  }

  end(out: string[]): void {
    if (this.carry) out.push(this.utf8.decode(this.carry));
    this.carry = null;
  }
}

/** A UTF-8 decoder made on first use: ASCII text, most logs, never needs one (and each costs a few microseconds). */
class LazyUtf8 {
  private decoder: TextDecoder | null = null;

  decode(bytes: Uint8Array): string {
    this.decoder ??= new TextDecoder('utf-8', { ignoreBOM: true });
    return this.decoder.decode(bytes);
  }
}

/**
 * UTF-8, unless the first bytes that are not ASCII say GB18030; until then the text is ASCII, the
 * same in both. NULs are dropped. The BOM of UTF-8 is kept here (see withoutBom).
 */
class Utf8OrGb18030 implements ByteDecoder {
  private readonly utf8 = new LazyUtf8();
  private gb18030: TextDecoder | null = null;
  private decided = false;
  // Bytes not decoded yet: a character cut at the end of a chunk, or, before the decision, the
  // first bytes that are not ASCII when fewer than DECIDE_BYTES follow them.
  private pending: Buffer | null = null;

  push(chunk: Buffer, out: string[]): void {
    let bytes = withoutNuls(this.pending ? Buffer.concat([this.pending, chunk]) : chunk);
    this.pending = null;
    if (this.gb18030) return decodedPieces(this.gb18030, bytes, false, out);
    if (!this.decided && !isAscii(bytes)) {
      const start = firstNonAscii(bytes);
      utf8Pieces(bytes.subarray(0, start), this.utf8, out);
      bytes = bytes.subarray(start);
      if (bytes.length < DECIDE_BYTES) {
        this.pending = Buffer.from(bytes);
        return;
      }
      this.decided = true;
      if (needsGb18030(bytes.subarray(0, DECIDE_BYTES))) {
        this.gb18030 = new TextDecoder('gb18030');
        return decodedPieces(this.gb18030, bytes, false, out);
      }
    }
    const cut = completeLength(bytes);
    if (cut < bytes.length) this.pending = Buffer.from(bytes.subarray(cut));
    utf8Pieces(bytes.subarray(0, cut), this.utf8, out);
  }

  end(out: string[]): void {
    const rest = this.pending ?? Buffer.alloc(0);
    this.pending = null;
    if (!this.gb18030 && !this.decided && rest.length > 0 && needsGb18030(rest))
      this.gb18030 = new TextDecoder('gb18030');
    if (this.gb18030) decodedPieces(this.gb18030, rest, true, out);
    else if (rest.length > 0) out.push(this.utf8.decode(rest));
  }
}

/** Any other encoding given (or UTF-16 found), through the runtime's decoder; NULs dropped from the text. */
class Labelled implements ByteDecoder {
  private readonly decoder: TextDecoder;

  constructor(encoding: string) {
    // The byte order marks of UTF-16 are dropped by the decoder.
    this.decoder = new TextDecoder(encoding);
  }

  push(bytes: Buffer, out: string[]): void {
    decodedPieces(this.decoder, bytes, false, out);
  }

  end(out: string[]): void {
    decodedPieces(this.decoder, Buffer.alloc(0), true, out);
  }
}

function firstNonAscii(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return i;
  return bytes.length;
}

/** Bytes through one decoder (`stream` keeps a character cut between chunks), in pieces, without NULs. */
function decodedPieces(decoder: TextDecoder, bytes: Buffer, final: boolean, out: string[]): void {
  let at = 0;
  do {
    const piece = bytes.subarray(at, at + DECODED_PIECE_BYTES);
    at += DECODED_PIECE_BYTES;
    const text = decoder.decode(piece, { stream: !(final && at >= bytes.length) });
    const kept = text.includes('\0') ? text.replace(/\0/g, '') : text;
    if (kept.length > 0) out.push(kept);
  } while (at < bytes.length);
}

/**
 * Whole UTF-8 text (no character cut at its end) as strings of at most DECODED_PIECE_BYTES. Pure
 * ASCII pieces take the latin1 path: one byte per character in memory, and faster to decode and search.
 */
export function utf8Pieces(body: Buffer, decoder: Pick<TextDecoder, 'decode'>, out: string[]): string[] {
  for (let at = 0; at < body.length;) {
    const to = pieceEnd(body, at);
    const part = body.subarray(at, to);
    out.push(isAscii(part) ? part.toString('latin1') : decoder.decode(part));
    at = to;
  }
  return out;
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
