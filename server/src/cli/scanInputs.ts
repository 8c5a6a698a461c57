import { isAscii } from 'node:buffer';
import { promises as fs, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { describeFileError, withoutBom } from '../core/files/files';
import { fsPath } from '../core/files/fsNames';
import { DECIDE_BYTES, needsGb18030 } from '../core/files/byteDecoders';
import { decodeInput, detectEncoding } from '../core/files/textDecoding';
import { selectFileBatches, type SelectOptions } from '../core/files/selection';
import type { Job } from '../core/workers/orderedPool';
import { planSlices, sliceExtent } from '../core/scanner/sliceScan';
import { QUIET_GAP_MS } from '../core/scanner/liveInput';
import { namesUnder } from './scanPaths';
import { FROM_THE_START, type ReadSettings, type ReportEvent, type ReportScanner, type ReportTask } from './scanJob';

type ScanJob = Job<ReportTask, ReportEvent>;

/** A job that only reports an input that could not be read. */
const failed = (path: string, message: string): ScanJob => ({
  local: async (emitter) => emitter.emit({ t: 'ioError', path, message }),
});

/**
 * The command line's inputs as scan jobs, in order: `-` is stdin (read on the main thread), a folder is
 * walked with the core's file selection, and any other path (a file, a pipe from `<(cmd)`, a character
 * device) is read as given. A folder that cannot be read is reported in its place among the files.
 * Relative paths are read from `cwd`; tasks name files as the command line does (`logs/a.log`).
 */
export async function* scanJobs(
  targets: readonly string[],
  selection: SelectOptions,
  stdin: AsyncIterable<string | Buffer>,
  scanner: ReportScanner,
  { cwd, sliceLargeFiles = false }: { cwd: string; sliceLargeFiles?: boolean },
): AsyncGenerator<ScanJob> {
  const read = scanner.settings.read;
  const file = (path: string) => (sliceLargeFiles ? fileJobs(path, read, cwd) : [{ task: { path } } satisfies ScanJob]);
  for (const target of targets) {
    if (target === '-') {
      yield {
        local: async (emitter) => {
          try {
            // Stdin is live (`kubectl logs -f | kms-diagnose scan -`): its encoding is decided on what
            // came before its writer first paused, and findings go out as records complete.
            const decoded = await decodeInput(asBytes(stdin), { ...read, quietMs: QUIET_GAP_MS });
            if (decoded.kind === 'binary') emitter.emit({ t: 'binary', path: '-' });
            else await scanner.scanText('-', withoutBom(decoded.chunks), emitter, FROM_THE_START);
          } catch (error) {
            emitter.emit({ t: 'ioError', path: '-', message: describeFileError(error) });
          }
        },
      };
      continue;
    }
    const resolved = nodePath.resolve(cwd, target);
    let folder: boolean;
    try {
      folder = (await fs.stat(fsPath(resolved))).isDirectory();
    } catch (error) {
      yield failed(target, describeFileError(error));
      continue;
    }
    if (!folder) {
      yield* file(target);
      continue;
    }
    // Named from the target as given, as a walk from it would name them.
    const named = namesUnder(target, resolved);
    // A folder that cannot be read is reported in its place, and the walk goes on.
    let group: string[] = [];
    let room = 0;
    for await (const batch of selectFileBatches(resolved, selection)) {
      for (const found of batch) {
        const small = typeof found === 'string' && !(sliceLargeFiles && isLarge(found));
        if (small) {
          if (group.length === 0) room = groupRoom(found);
          group.push(named(found));
        }
        if (group.length > 0 && (!small || group.length >= room)) {
          yield { task: { paths: group } };
          group = [];
        }
        if (small) continue;
        if (typeof found === 'string') yield* file(named(found));
        else yield failed(named(found.path), found.message);
      }
    }
    if (group.length > 0) yield { task: { paths: group } };
  }
}

// The files of a folder go to the workers in groups of at most this many (the large ones to be
// sliced apart), and of about GROUP_BYTES: a group of small logs is a few milliseconds of work, and a
// folder of large ones is shared among the workers evenly.
const GROUP_FILES = 128;
const GROUP_BYTES = 1 << 20;

/** How many files a group that starts with this file holds: its size stands for theirs (one stat per group). */
function groupRoom(first: string): number {
  let size = 0;
  try {
    size = statSync(fsPath(first), { throwIfNoEntry: false })?.size ?? 0;
  } catch {
    // The file's own scan reports why it cannot be read.
  }
  return Math.max(1, Math.min(GROUP_FILES, Math.floor(GROUP_BYTES / Math.max(size, 1))));
}

/** Whether a file may be large enough to slice; a synchronous stat costs less than a task. */
function isLarge(path: string): boolean {
  return (statSync(fsPath(path), { throwIfNoEntry: false })?.size ?? 0) >= 2 * SLICE_BYTES;
}

// Files this large are scanned in slices of about SLICE_BYTES, one per task, so that one large log
// uses every core too (core/scanner/sliceScan.ts); the output is the same as a scan from the start.
const SLICE_BYTES = 8 << 20;

/** A file's jobs: the file, or its slices when it is a large, uncompressed, regular text file. */
async function* fileJobs(path: string, read: ReadSettings, cwd: string): AsyncGenerator<ScanJob> {
  const resolved = nodePath.resolve(cwd, path);
  const slices = await sliceable(resolved, read);
  if (!slices) {
    yield { task: { path } };
    return;
  }
  let lines = 0;
  let offset = 0;
  for (const [i, slice] of slices.entries()) {
    const last = i === slices.length - 1;
    yield { task: { path, slice: { ...slice, lines, offset, first: i === 0, last } } };
    // Counted while the slices before are scanned; a file that changes meanwhile gives its error there.
    if (last) break;
    const extent = await sliceExtent(resolved, slice).catch(() => ({ lines: 0, length: 0 }));
    lines += extent.lines;
    offset += extent.length;
  }
}

/**
 * The slices of a file worth scanning in slices, or null: small, compressed, not a regular file,
 * unreadable, the report's own file, or not plain UTF-8 from the start (binary, NULs, UTF-16,
 * GB18030 or another encoding asked for), which is read whole.
 */
async function sliceable(path: string, read: ReadSettings) {
  if (path.endsWith('.gz')) return null;
  if (read.encoding !== undefined && !/^(auto|utf-?8)$/i.test(read.encoding)) return null;
  try {
    const stat = await fs.stat(fsPath(path));
    if (!stat.isFile() || stat.size < 2 * SLICE_BYTES) return null;
    if (read.output && stat.dev === read.output.dev && stat.ino === read.output.ino) return null;
    const handle = await fs.open(fsPath(path), 'r');
    try {
      const head = Buffer.alloc(8192);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      const sniff = head.subarray(0, bytesRead);
      if (sniff.includes(0) || !['auto', 'utf-8'].includes(detectEncoding(sniff))) return null;
      if (read.encoding === undefined || read.encoding === 'auto') {
        if (await firstTextIsGb18030(handle)) return null;
      }
    } finally {
      await handle.close();
    }
    const slices = await planSlices(path, stat.size, SLICE_BYTES);
    return slices.length > 1 ? slices : null;
  } catch {
    return null; // the file's own task reports why it cannot be read
  }
}

/** Whether the first bytes of the file that are not ASCII say GB18030 (reads up to them: slices decode UTF-8). */
async function firstTextIsGb18030(handle: fs.FileHandle): Promise<boolean> {
  const block = Buffer.allocUnsafe(1 << 20);
  for (let position = 0; ;) {
    const { bytesRead } = await handle.read(block, 0, block.length, position);
    if (bytesRead === 0) return false;
    const bytes = block.subarray(0, bytesRead);
    if (!isAscii(bytes)) {
      const start = bytes.findIndex((byte) => byte >= 0x80);
      const window = Buffer.alloc(DECIDE_BYTES);
      const got = await handle.read(window, 0, DECIDE_BYTES, position + start);
      return needsGb18030(window.subarray(0, got.bytesRead));
    }
    position += bytesRead;
  }
}

async function* asBytes(stdin: AsyncIterable<string | Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of stdin) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}
