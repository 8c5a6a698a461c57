import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { decodeUtf8, describeFileError, looksBinary, withoutBom } from '../core/files/files';
import { selectFiles, type SelectOptions } from '../core/files/selection';
import type { Job } from '../core/workers/orderedPool';
import { planSlices, sliceExtent } from '../core/scanner/sliceScan';
import { FROM_THE_START, type ReportEvent, type ReportScanner, type ReportTask } from './scanJob';

type ScanJob = Job<ReportTask, ReportEvent>;

/** A job that only reports an input that could not be read. */
const failed = (path: string, error: unknown): ScanJob => ({
  local: async (emitter) => emitter.emit({ t: 'ioError', path, message: describeFileError(error) }),
});

/**
 * The command line's inputs as scan jobs, in order: `-` is stdin (read on the main thread), a folder is
 * walked with the core's file selection, and any other path (a file, a pipe from `<(cmd)`, a character
 * device) is read as given. A folder that fails part way reports its error after the files before it.
 * Relative paths are read from `cwd`; tasks name files as the command line does (`logs/a.log`).
 */
export async function* scanJobs(
  targets: readonly string[],
  selection: SelectOptions,
  stdin: AsyncIterable<string | Buffer>,
  scanner: ReportScanner,
  { cwd, sliceLargeFiles = false }: { cwd: string; sliceLargeFiles?: boolean },
): AsyncGenerator<ScanJob> {
  const file = (path: string, explicit: boolean) =>
    sliceLargeFiles ? fileJobs(path, explicit, cwd) : [{ task: { path, explicit } } satisfies ScanJob];
  for (const target of targets) {
    if (target === '-') {
      yield {
        local: async (emitter) => {
          try {
            // Stdin is live (`kubectl logs -f | kms-diagnose scan -`): findings go out as records complete.
            await scanner.scanText('-', withoutBom(decodeStdin(stdin)), emitter, undefined, FROM_THE_START);
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
      folder = (await fs.stat(resolved)).isDirectory();
    } catch (error) {
      yield failed(target, error);
      continue;
    }
    if (!folder) {
      yield* file(target, true);
      continue;
    }
    try {
      // Named from the target as given, as a walk from it would name them.
      for await (const found of selectFiles(resolved, selection))
        yield* file(nodePath.join(target, nodePath.relative(resolved, found)), false);
    } catch (error) {
      yield failed(target, error);
    }
  }
}

// Files this large are scanned in slices of about SLICE_BYTES, one per task, so that one large log
// uses every core too (core/scanner/sliceScan.ts); the output is the same as a scan from the start.
const SLICE_BYTES = 8 << 20;

/** A file's jobs: the file, or its slices when it is a large, uncompressed, regular text file. */
async function* fileJobs(path: string, explicit: boolean, cwd: string): AsyncGenerator<ScanJob> {
  const resolved = nodePath.resolve(cwd, path);
  const slices = await sliceable(resolved);
  if (!slices) {
    yield { task: { path, explicit } };
    return;
  }
  let lines = 0;
  let offset = 0;
  for (const [i, slice] of slices.entries()) {
    const last = i === slices.length - 1;
    yield { task: { path, explicit, slice: { ...slice, lines, offset, first: i === 0, last } } };
    // Counted while the slices before are scanned; a file that changes meanwhile gives its error there.
    if (last) break;
    const extent = await sliceExtent(resolved, slice).catch(() => ({ lines: 0, length: 0 }));
    lines += extent.lines;
    offset += extent.length;
  }
}

/** The slices of a file worth scanning in slices, or null (small, compressed, binary, not a regular file, unreadable). */
async function sliceable(path: string) {
  if (path.endsWith('.gz')) return null;
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile() || stat.size < 2 * SLICE_BYTES) return null;
    const handle = await fs.open(path, 'r');
    try {
      const head = Buffer.alloc(8192);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      if (looksBinary(head.subarray(0, bytesRead))) return null;
    } finally {
      await handle.close();
    }
    const slices = await planSlices(path, stat.size, SLICE_BYTES);
    return slices.length > 1 ? slices : null;
  } catch {
    return null; // the file's own task reports why it cannot be read
  }
}

/** Stdin as text, through the core's UTF-8 decoder (which never splits a character across chunks). */
async function* decodeStdin(stdin: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  yield* decodeUtf8(asBytes(stdin));
}

async function* asBytes(stdin: AsyncIterable<string | Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of stdin) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}
