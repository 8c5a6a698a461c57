import { readWholeListed, type OpenTextOptions } from './files';

/**
 * The small files of a group, read by the thread that hands the group on (the CLI's main thread,
 * idle most of a run), so that a worker only decodes, scans and formats them: their bytes one after
 * the other, and where each file's lie (`[start, end]`, or `-1` for a file not read here). A file not
 * read here (larger than one read, a `.gz`, or one whose open or read failed) is read by the worker
 * as before, which reports its error in its place.
 */
export interface GroupRead {
  bytes: Uint8Array;
  spans: number[];
}

/**
 * Reads the small files of a group; undefined when none could be read here, or when they must be
 * read where they are scanned: when the report goes to a regular file, each file's identity is asked.
 */
export function readGroup(files: readonly string[], options: Pick<OpenTextOptions, 'output'>): GroupRead | undefined {
  if (options.output) return undefined;
  const pieces: Buffer[] = [];
  const spans: number[] = [];
  let end = 0;
  for (const file of files) {
    let whole: Buffer | null = null;
    if (!file.endsWith('.gz'))
      try {
        whole = readWholeListed(file);
      } catch {
        // Read again where it is scanned, which reports the reason in its place.
      }
    if (whole === null) {
      spans.push(-1, -1);
      continue;
    }
    pieces.push(Buffer.from(whole));
    spans.push(end, end + whole.length);
    end += whole.length;
  }
  return pieces.length > 0 ? { bytes: Buffer.concat(pieces, end), spans } : undefined;
}

/** The bytes of the group's file at `index`, or null when it was not read with the group. */
export function groupFileBytes(read: GroupRead, index: number): Buffer | null {
  const start = read.spans[2 * index] ?? -1;
  const end = read.spans[2 * index + 1] ?? -1;
  if (start < 0) return null;
  // After a message between threads the bytes are a plain Uint8Array: a Buffer view of them, no copy.
  return Buffer.from(read.bytes.buffer, read.bytes.byteOffset + start, end - start);
}
