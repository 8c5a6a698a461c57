import { promises as fs } from 'node:fs';
import { decodeUtf8, describeFileError, withoutBom } from '../core/files/files';
import { selectFiles, type SelectOptions } from '../core/files/selection';
import type { Job } from '../core/workers/orderedPool';
import type { ReportEvent, ReportScanner, ReportTask } from './scanJob';

type ScanJob = Job<ReportTask, ReportEvent>;

/** A job that only reports an input that could not be read. */
const failed = (path: string, error: unknown): ScanJob => ({
  local: async (emitter) => emitter.emit({ t: 'ioError', path, message: describeFileError(error) }),
});

/**
 * The command line's inputs as scan jobs, in order: `-` is stdin (read on the main thread), a folder is
 * walked with the core's file selection, and any other path (a file, a pipe from `<(cmd)`, a character
 * device) is read as given. A folder that fails part way reports its error after the files before it.
 */
export async function* scanJobs(
  targets: readonly string[],
  selection: SelectOptions,
  stdin: AsyncIterable<string | Buffer>,
  scanner: ReportScanner,
): AsyncGenerator<ScanJob> {
  for (const target of targets) {
    if (target === '-') {
      yield {
        local: async (emitter) => {
          try {
            await scanner.scanText('-', withoutBom(decodeStdin(stdin)), emitter);
          } catch (error) {
            emitter.emit({ t: 'ioError', path: '-', message: describeFileError(error) });
          }
        },
      };
      continue;
    }
    let folder: boolean;
    try {
      folder = (await fs.stat(target)).isDirectory();
    } catch (error) {
      yield failed(target, error);
      continue;
    }
    if (!folder) {
      yield { task: { path: target, explicit: true } };
      continue;
    }
    try {
      for await (const file of selectFiles(target, selection)) yield { task: { path: file, explicit: false } };
    } catch (error) {
      yield failed(target, error);
    }
  }
}

/** Stdin as text, through the core's UTF-8 decoder (which never splits a character across chunks). */
async function* decodeStdin(stdin: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  yield* decodeUtf8(asBytes(stdin));
}

async function* asBytes(stdin: AsyncIterable<string | Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of stdin) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}
