import { promises as fs } from 'node:fs';
import { TextDecoder } from 'node:util';
import type { Catalog } from '../catalog/catalog';
import { fsPath } from '../files/fsNames';
import { completeLength, utf16Length, utf8Pieces, withoutNuls } from '../files/byteDecoders';
import { StreamScanner, type ScanOptions } from './streamScanner';
import type { Finding, Range } from './types';

/**
 * One large file scanned in slices, one slice per core, with exactly the findings of a scan from
 * the start. Each slice is read from a lead-in before it (enough lines and bytes for the KMS context
 * of generic codes and for records reaching into the slice) to a lead-out after it (for the context
 * and records of its last findings); only the findings that start inside the slice are kept, and their
 * positions are given relative to the slice's start, to be shifted once the slices before are counted.
 * Slices start and end at line starts, so a slice boundary never changes a column.
 */

/** Lines and bytes of lead-in and lead-out: more than a generic code's 50 lines of context and a record's reach. */
const LEAD_LINES = 64;
const LEAD_BYTES = 1 << 16;
const READ_BYTES = 1 << 18;

/** A byte range of a file; both ends are line starts (0, or just after a `\n`), `end` may be the file size. */
export interface FileSlice {
  start: number;
  end: number;
}

/** What a slice holds, to place the slices after it: its UTF-16 length and its number of line breaks. */
export interface SliceExtent {
  length: number;
  lines: number;
}

/** Cuts a file into slices of about `sliceBytes`, each starting just after a `\n` (few slices for a file of long lines). */
export async function planSlices(file: string, size: number, sliceBytes: number): Promise<FileSlice[]> {
  const handle = await fs.open(fsPath(file), 'r');
  try {
    const slices: FileSlice[] = [];
    let start = 0;
    const block = Buffer.allocUnsafe(1 << 16);
    for (let nominal = sliceBytes; nominal < size;) {
      let next = -1;
      for (let at = nominal; at < size && next === -1; at += block.length) {
        const { bytesRead } = await handle.read(block, 0, block.length, at);
        if (bytesRead === 0) break;
        const newline = block.subarray(0, bytesRead).indexOf(10);
        if (newline !== -1) next = at + newline + 1;
      }
      if (next === -1 || next >= size) break;
      slices.push({ start, end: next });
      start = next;
      nominal = next + sliceBytes;
    }
    slices.push({ start, end: size });
    return slices;
  } finally {
    await handle.close();
  }
}

/** Where the lead-in of a slice starts: a line start at least LEAD_LINES lines and LEAD_BYTES bytes before it. */
export async function leadInStart(handle: fs.FileHandle, start: number): Promise<number> {
  let lines = 0;
  let at = start;
  const block = Buffer.allocUnsafe(1 << 16);
  while (at > 0) {
    const from = Math.max(0, at - block.length);
    const { bytesRead } = await handle.read(block, 0, at - from, from);
    const bytes = block.subarray(0, bytesRead);
    for (let i = bytes.lastIndexOf(10); i !== -1; i = i > 0 ? bytes.lastIndexOf(10, i - 1) : -1) {
      // The line start after this `\n` (the `\n` just before `start` ends the lead-in's last line).
      if (from + i + 1 < start) lines++;
      if (lines > LEAD_LINES && start - (from + i + 1) >= LEAD_BYTES) return from + i + 1;
    }
    at = from;
  }
  return 0;
}

/** Counts LSP line breaks (`\n`, `\r\n`, a lone `\r`) in text given in pieces. */
class LineBreaks {
  count = 0;
  private pendingCR = false;

  add(text: string): void {
    if (text.length === 0) return;
    if (this.pendingCR && text.charCodeAt(0) !== 10) this.count++;
    this.pendingCR = false;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.count++;
    for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) {
      if (i === text.length - 1) this.pendingCR = true;
      else if (text.charCodeAt(i + 1) !== 10) this.count++;
    }
  }
}

/**
 * Scans one slice of a regular file, handing each finding that starts in it to `found`, relative to
 * the slice's start (line 0 is the slice's first line, offset 0 its first character). Resolves to the
 * slice's extent. `options` are the scanner's (previews, record text), and `afterChunk`, called after
 * each read, which may wait, and stops the scan by returning false.
 */
export async function scanSlice(
  file: string,
  slice: FileSlice,
  catalog: Catalog,
  found: (finding: Finding) => void,
  options: ScanOptions & { afterChunk?: () => unknown } = {},
): Promise<SliceExtent> {
  const handle = await fs.open(fsPath(file), 'r');
  try {
    const leadStart = await leadInStart(handle, slice.start);
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    // UTF-16 length and line breaks of the lead-in, then of the slice; the lead-out needs neither.
    const lead = { length: 0, breaks: new LineBreaks() };
    const body = { length: 0, breaks: new LineBreaks() };
    let bodyStart = -1;
    let bodyEnd = Number.POSITIVE_INFINITY;
    const scanner = new StreamScanner(
      catalog,
      (finding) => {
        if (bodyStart === -1 || finding.offset < bodyStart || finding.offset >= bodyEnd) return;
        found(shiftFinding(finding, -lead.breaks.count, -bodyStart));
      },
      options,
    );
    const push = (bytes: Buffer, part: { length: number; breaks: LineBreaks } | null, atFileStart: boolean) => {
      // NULs are not text, as in a scan from the start (see textDecoding.ts).
      for (let text of utf8Pieces(withoutNuls(bytes), decoder, [])) {
        // A file's byte order mark is not text (the scan from the start drops it too).
        if (atFileStart && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        atFileStart = false;
        if (part) {
          part.length += text.length;
          part.breaks.add(text);
        }
        scanner.push(text);
      }
    };
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    const afterEnd = { bytes: 0, lines: 0 };
    let position = leadStart;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      const atEof = bytesRead < buffer.length;
      const chunkEnd = position + bytesRead;
      let at = position;
      while (at < chunkEnd) {
        const part = at < slice.start ? 0 : at < slice.end ? 1 : 2;
        const limit = Math.min(part === 0 ? slice.start : part === 1 ? slice.end : chunkEnd, chunkEnd);
        let bytes = buffer.subarray(at - position, limit - position);
        // Slice ends are line starts; only the end of a read can cut a character: its bytes are read again.
        if (limit === chunkEnd && !atEof) bytes = bytes.subarray(0, completeLength(bytes));
        if (bytes.length === 0) break;
        if (part >= 1 && bodyStart === -1) bodyStart = lead.length;
        if (part === 2 && bodyEnd === Number.POSITIVE_INFINITY) bodyEnd = bodyStart + body.length;
        push(bytes, part === 0 ? lead : part === 1 ? body : null, at === 0);
        if (part === 2) {
          afterEnd.bytes += bytes.length;
          afterEnd.lines += countNewlines(bytes);
        }
        at += bytes.length;
      }
      position = at;
      if (atEof || (afterEnd.lines > LEAD_LINES && afterEnd.bytes >= LEAD_BYTES)) break;
      // Lets the caller pass findings on, and wait while their reader lags behind (bounded memory).
      if ((await options.afterChunk?.()) === false) break;
    }
    if (bodyStart === -1) bodyStart = lead.length;
    if (bodyEnd === Number.POSITIVE_INFINITY) bodyEnd = bodyStart + body.length;
    scanner.end();
    return { length: body.length, lines: body.breaks.count };
  } finally {
    await handle.close();
  }
}

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) count++;
  return count;
}

/** A finding moved by `lines` lines and `offset` characters (slice boundaries are line starts: columns stay). */
export function shiftFinding(finding: Finding, lines: number, offset: number): Finding {
  const range = (r: Range): Range => ({
    start: { line: r.start.line + lines, character: r.start.character },
    end: { line: r.end.line + lines, character: r.end.character },
  });
  const moved: Finding = { ...finding, range: range(finding.range), offset: finding.offset + offset };
  if (finding.related) moved.related = finding.related.map(range);
  moved.record = {
    ...finding.record,
    start: finding.record.start + offset,
    end: finding.record.end + offset,
    requestIdRange: finding.record.requestIdRange ? range(finding.record.requestIdRange) : null,
  };
  return moved;
}

/** Where the next slice starts in the whole file: its findings are shifted by this, slice after slice. */
export class SlicePlacement {
  private lines = 0;
  private offset = 0;

  place(finding: Finding): Finding {
    return this.lines === 0 && this.offset === 0 ? finding : shiftFinding(finding, this.lines, this.offset);
  }

  /** After a slice's findings are placed: the following slice starts after it. */
  advance(extent: SliceExtent): void {
    this.lines += extent.lines;
    this.offset += extent.length;
  }
}

/**
 * The extent of a slice, read before it is scanned so that it can be placed, and its findings
 * formatted, while the others are scanned: line breaks counted on the bytes (a slice ends just after
 * a `\n`, so a `\r\n` is never cut), UTF-16 lengths decoding only the pieces that are not ASCII
 * (0.28 s for a 200 MB log).
 */
export async function sliceExtent(file: string, slice: FileSlice): Promise<SliceExtent> {
  const handle = await fs.open(fsPath(file), 'r');
  try {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    const extent = { length: 0, lines: 0 };
    for (let position = slice.start; position < slice.end;) {
      const want = Math.min(buffer.length, slice.end - position);
      const { bytesRead } = await handle.read(buffer, 0, want, position);
      if (bytesRead === 0) break;
      let bytes = buffer.subarray(0, bytesRead);
      if (position + bytesRead < slice.end) bytes = bytes.subarray(0, completeLength(bytes));
      extent.length += utf16Length(withoutNuls(bytes), decoder);
      extent.lines += countBreaks(bytes, position + bytes.length < slice.end ? (buffer[bytes.length] ?? -1) : -1);
      // The file's byte order mark is not text.
      if (position === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) extent.length--;
      position += bytes.length;
    }
    return extent;
  } finally {
    await handle.close();
  }
}

/** `\n` and lone `\r` line breaks in bytes; `next` is the byte after them (-1 when none is known). */
function countBreaks(bytes: Buffer, next: number): number {
  let count = countNewlines(bytes);
  for (let i = bytes.indexOf(13); i !== -1; i = bytes.indexOf(13, i + 1)) {
    const after = i + 1 < bytes.length ? (bytes[i + 1] as number) : next;
    if (after !== 10) count++;
  }
  return count;
}
