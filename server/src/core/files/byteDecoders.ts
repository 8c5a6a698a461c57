import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

/**
 * Decoders of a log's bytes, chunk by chunk, once its encoding is known (see textDecoding.ts); and
 * the byte-level helpers they share with the scan of a large log in slices. NULs are dropped.
 */

// The first bytes that are not ASCII decide between UTF-8 and GB18030: this many, or to the end.
export const DECIDE_BYTES = 4096;
// Strings of at most 32 KB: V8 puts larger ones in its large-object space, where each one costs
// fresh pages from the system (page faults), which made decoding and joining 1 MB pieces the
// largest cost of a scan (2.5 s of 7.6 s on a 200 MB log; 0.15 s in 32 KB pieces).
const DECODED_PIECE_BYTES = 1 << 15;

/** Whether the bytes decode without error as `encoding` (a character cut at the end aside). */
export function decodesAs(encoding: string, bytes: Buffer): boolean {
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
export function hasNul(bytes: Buffer): boolean {
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
export interface ByteDecoder {
  push(bytes: Buffer, out: string[]): void;
  end(out: string[]): void;
  /** Whether text is held back until more bytes decide its encoding. */
  deciding?(): boolean;
  /** Decides on the bytes held back as they are (a live input whose writer paused). */
  settle?(out: string[]): void;
}

/** UTF-8 given, or found by its byte order mark; NULs dropped. The BOM is kept here (see withoutBom). */
export class Utf8Only implements ByteDecoder {
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
export class Utf8OrGb18030 implements ByteDecoder {
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

  deciding(): boolean {
    return !this.decided && this.pending !== null;
  }

  settle(out: string[]): void {
    const held = this.pending;
    if (this.decided || !held) return;
    this.pending = null;
    this.decided = true;
    if (needsGb18030(held)) {
      this.gb18030 = new TextDecoder('gb18030');
      return decodedPieces(this.gb18030, held, false, out);
    }
    const cut = completeLength(held);
    if (cut < held.length) this.pending = Buffer.from(held.subarray(cut));
    utf8Pieces(held.subarray(0, cut), this.utf8, out);
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
export class Labelled implements ByteDecoder {
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
