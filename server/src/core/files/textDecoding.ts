import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import {
  completeLength,
  decodesAs,
  hasNul,
  Labelled,
  Utf8Only,
  Utf8OrGb18030,
  withoutNuls,
  type ByteDecoder,
} from './byteDecoders';

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

/** How {@link decodeInput} reads an input: as text options say, and whether it is live. */
export interface DecodeInputOptions extends TextOptions {
  /**
   * A live input (a pipe, a followed log): once some bytes came and nothing more came for this long,
   * the verdict is given on them, rather than waiting for a full sniff that a slow writer may take
   * minutes to fill.
   */
  quietMs?: number;
}

/**
 * Decodes an input given as byte chunks, deciding its encoding (and whether it is binary) from its
 * first bytes; nothing is decoded before that verdict.
 */
export async function decodeInput(
  bytes: AsyncIterable<Buffer>,
  options: DecodeInputOptions = {},
): Promise<DecodedInput> {
  const source = bytes[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let leading = true;
  // A read still under way when a live input's verdict was given: its bytes come first after the head.
  let pending: Promise<IteratorResult<Buffer>> | null = null;
  for (;;) {
    const next = source.next();
    if (options.quietMs !== undefined && headBytes > 0 && (await settlesWithin(next, options.quietMs)) === false) {
      pending = next;
      break;
    }
    const result = await next;
    if (result.done) break;
    let chunk = result.value;
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
    // A read that may never end (a pipe whose writer is silent) is not waited for.
    const closing = source.return?.();
    if (pending) closing?.catch(() => {});
    else await closing;
    return { kind: 'binary' };
  }
  return { kind: 'text', chunks: decodeAll(decoder, head, source, pending, options.quietMs) };
}

/** Whether `promise` settles within `ms` (a failure is left to whoever awaits it). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const settled = promise.then(
    () => true,
    () => true,
  );
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
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

async function* decodeAll(
  decoder: ByteDecoder,
  head: Buffer[],
  source: AsyncIterator<Buffer>,
  pending: Promise<IteratorResult<Buffer>> | null,
  quietMs: number | undefined,
): AsyncGenerator<string> {
  try {
    const out: string[] = [];
    for (const chunk of head) decoder.push(chunk, out);
    yield* out;
    for (;;) {
      const next = pending ?? source.next();
      pending = null;
      // Text held back for the choice of UTF-8 or GB18030 is not held while a live input's writer is silent.
      if (quietMs !== undefined && decoder.deciding?.() && !(await settlesWithin(next, quietMs))) {
        out.length = 0;
        decoder.settle?.(out);
        yield* out;
      }
      const result = await next;
      if (result.done) break;
      out.length = 0;
      decoder.push(result.value, out);
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
  const encoding = encodingOf(head, options);
  const wide = isWide(encoding);
  if (options.binary !== 'text' && !wide && looksBinary(head.subarray(0, SNIFF_BYTES))) return null;
  if (encoding === 'auto') return new Utf8OrGb18030();
  return new TextDecoder(encoding).encoding === 'utf-8' ? new Utf8Only() : new Labelled(encoding);
}

/** The encoding given, or else the one detected from the first bytes (`auto`: UTF-8 or GB18030). */
function encodingOf(head: Buffer, options: TextOptions): string {
  const given = options.encoding && options.encoding !== 'auto' ? options.encoding : null;
  return given ?? detectEncoding(head);
}

const isWide = (encoding: string) => encoding !== 'auto' && new TextDecoder(encoding).encoding.startsWith('utf-16');

/**
 * Whether a file whose first bytes are `head` is read as UTF-16, where a byte `\n` is not a line end:
 * byte offsets found by looking for one (a line start near a file's end) do not apply to it.
 */
export function readsAsUtf16(head: Buffer, options: TextOptions): boolean {
  return isWide(encodingOf(head.subarray(leadingNuls(head)), options));
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
