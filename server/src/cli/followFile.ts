import { promises as fs } from 'node:fs';
import { describeFileError, openRegular, withoutBom, type FileIdentity } from '../core/files/files';
import { decodeInput, readsAsUtf16, type TextOptions } from '../core/files/textDecoding';
import { QUIET_GAP_MS } from '../core/scanner/liveInput';
import { leadInStart, sliceExtent } from '../core/scanner/sliceScan';
import type { LiveInput } from './scanJob';

/** A stretch of a followed path: one file, from where it is read, until it is replaced or truncated. */
export interface FollowedStretch {
  /** Its text; or `binary`, and the path is no longer followed (see `--binary`). */
  chunks: AsyncIterable<string> | 'binary';
  /** Where the text read starts in the file, and where its findings start being reported. */
  place: LiveInput;
}

export interface FollowOptions {
  /** Read what the file holds first, rather than start at its end. */
  fromStart: boolean;
  /** How often the path is looked at for more text, or for a new file under its name. */
  pollMs: number;
  /** Aborted when following ends (Ctrl-C): the stretch being read ends with what was read. */
  stop: AbortSignal;
  /** A change of the file, said on stderr as `tail -F` says it. */
  notice(message: string): void;
  /** `--encoding` and `--binary`: a followed log is decoded as a scanned one is (see textDecoding.ts). */
  text: TextOptions;
  /** The file stdout writes to: following it would read the findings written about it, without end. */
  output: FileIdentity | null;
}

const READ_BYTES = 1 << 18;

/** What became of the file being read, looked at once all of it is read. */
type Change = 'truncated' | 'replaced' | 'gone' | null;

/**
 * One path followed as `tail -F` does: from its end (or start), reading what is appended; when the
 * name is given to a new file (rotation by rename and re-create), the rest of the old file is read and
 * the new one followed from its start; when the file shrinks (`copytruncate`), it is read again from
 * its start. A path that does not exist yet is waited for. Reads happen only when the reader of the
 * stretches asks for text: a slow reader holds the reads, not memory.
 */
export class FollowedFile {
  private stopped: Promise<void>;
  // Aborted when following stops (Ctrl-C), or when the file is no longer followed (binary): a read
  // waiting for more text then ends rather than polling on.
  private readonly halt = new AbortController();

  constructor(
    readonly file: string,
    private readonly options: FollowOptions,
  ) {
    const halt = this.halt;
    if (options.stop.aborted) halt.abort();
    else options.stop.addEventListener('abort', () => halt.abort(), { once: true });
    this.stopped = new Promise((resolve) => {
      if (halt.signal.aborted) resolve();
      else halt.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  /** The stretches of the path, one after another; throws the error of a path that cannot be followed. */
  async *stretches(): AsyncGenerator<FollowedStretch> {
    let first = true;
    for (;;) {
      const opened = await this.open(first);
      if (!opened) return;
      const { handle, appeared } = opened;
      // A file that appears under the name is new: it is read from its start.
      if (appeared) first = false;
      let place: LiveInput = { lines: 0, offset: 0, reportFrom: 0 };
      let position = 0;
      // The file's size when following began: shorter later, it was truncated, even before a byte was read.
      let known = 0;
      if (await this.isOutput(handle)) {
        await handle.close();
        this.options.notice("not followed: it is this run's own output (stdout)");
        return;
      }
      // A line start near the end is found by its byte `\n`, which UTF-16 text does not have.
      const wide = first && !this.options.fromStart && (await this.readsAsUtf16(handle));
      if (first && !this.options.fromStart && !wide) {
        let line: number;
        ({ place, position, line, known } = await this.startAtEnd(handle));
        this.options.notice(`following from line ${line + 1}`);
      } else if (first)
        this.options.notice(wide ? 'UTF-16 text: following from the start' : 'following from the start');
      first = false;
      // NUL runs (the hole `copytruncate` leaves), UTF-16 and GB18030 as in a scan; a verdict on
      // what came before the writer first paused, as for stdin.
      const decoded = await decodeInput(this.read(handle, position, known), {
        ...this.options.text,
        quietMs: QUIET_GAP_MS,
      });
      if (decoded.kind === 'binary') {
        this.halt.abort();
        yield { chunks: 'binary', place };
        return;
      }
      yield { chunks: position === 0 ? withoutBom(decoded.chunks) : decoded.chunks, place };
      if (this.halt.signal.aborted) return;
    }
  }

  private async isOutput(handle: fs.FileHandle): Promise<boolean> {
    const output = this.options.output;
    if (!output) return false;
    const stat = await handle.stat();
    return stat.dev === output.dev && stat.ino === output.ino;
  }

  /** Whether the file, judged by its first bytes, is read as UTF-16. */
  private async readsAsUtf16(handle: fs.FileHandle): Promise<boolean> {
    const head = Buffer.alloc(8192);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return readsAsUtf16(head.subarray(0, bytesRead), this.options.text);
  }

  /** The file, once the path names one, and whether it was waited for; null when following stopped first. */
  private async open(first: boolean): Promise<{ handle: fs.FileHandle; appeared: boolean } | null> {
    let waited = false;
    for (;;) {
      if (this.halt.signal.aborted) return null;
      try {
        const handle = await openRegular(this.file);
        if (waited) this.options.notice('has appeared; following new file');
        return { handle, appeared: waited };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        if (!waited && first) this.options.notice(`${describeFileError(error)}; waiting for it to appear`);
        waited = true;
      }
      await this.pause();
    }
  }

  /**
   * Where reading starts when the file is followed from its end: at the start of its last line (one
   * still being written is read whole), after a lead-in of earlier lines that gives records and the
   * context of generic codes, as a scan of the whole file would; findings are placed at their line.
   */
  private async startAtEnd(
    handle: fs.FileHandle,
  ): Promise<{ place: LiveInput; position: number; line: number; known: number }> {
    const { size } = await handle.stat();
    const lineStart = await lastLineStart(handle, size);
    const leadStart = await leadInStart(handle, lineStart);
    const before = await sliceExtent(this.file, { start: 0, end: leadStart });
    const lead = await sliceExtent(this.file, { start: leadStart, end: lineStart });
    return {
      place: { lines: before.lines, offset: before.length, reportFrom: lead.length },
      position: leadStart,
      line: before.lines + lead.lines,
      known: size,
    };
  }

  /**
   * The bytes of the file from `position`, as they are appended, until it is replaced, truncated (shorter
   * than what was read, or than the `known` size it had) or following stops.
   */
  private async *read(handle: fs.FileHandle, position: number, known: number): AsyncGenerator<Buffer> {
    let gone = false;
    try {
      for (;;) {
        if (this.halt.signal.aborted) return;
        const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(READ_BYTES), 0, READ_BYTES, position);
        if (bytesRead > 0) {
          position += bytesRead;
          yield buffer.subarray(0, bytesRead);
          continue;
        }
        const change = await this.changeOf(handle, Math.max(position, known));
        if (change === 'truncated') {
          this.options.notice('file truncated');
          return;
        }
        if (change === 'replaced') {
          // What the writer of the old file wrote before it moved on is still read.
          for (let more = await handle.read(Buffer.allocUnsafe(READ_BYTES), 0, READ_BYTES, position); ;) {
            if (more.bytesRead === 0) break;
            position += more.bytesRead;
            yield more.buffer.subarray(0, more.bytesRead);
            more = await handle.read(Buffer.allocUnsafe(READ_BYTES), 0, READ_BYTES, position);
          }
          this.options.notice('has been replaced; following new file');
          return;
        }
        if (change === 'gone' && !gone) this.options.notice('has become inaccessible: no such file or directory');
        gone = change === 'gone';
        await this.pause();
      }
    } finally {
      await handle.close();
    }
  }

  private async changeOf(handle: fs.FileHandle, position: number): Promise<Change> {
    const own = await handle.stat();
    if (own.size < position) return 'truncated';
    try {
      const named = await fs.stat(this.file);
      return named.ino !== own.ino || named.dev !== own.dev ? 'replaced' : null;
    } catch {
      return 'gone';
    }
  }

  /** Waits one poll interval, or less when following stops. */
  private async pause(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.stopped,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.pollMs))),
    ]);
    clearTimeout(timer);
  }
}

/** Where the last line of the first `size` bytes starts: just after its last `\n`, or 0. */
async function lastLineStart(handle: fs.FileHandle, size: number): Promise<number> {
  const block = Buffer.allocUnsafe(1 << 16);
  for (let end = size; end > 0;) {
    const from = Math.max(0, end - block.length);
    const { bytesRead } = await handle.read(block, 0, end - from, from);
    // A `\n` that ends the file ends its last line: the line after it is the (empty) last one.
    const newline = block.subarray(0, bytesRead).lastIndexOf(10);
    if (newline !== -1) return from + newline + 1;
    end = from;
  }
  return 0;
}
