import { promises as fs } from 'node:fs';
import { decodeUtf8, describeFileError, openText, withoutBom } from '../core/files/files';
import { selectFiles, type SelectOptions } from '../core/files/selection';

/** What the scan loop is told about each input on the command line, and the files under folders. */
export interface InputHandlers {
  /** An input to scan, as text chunks; `path` is `-` for stdin. */
  scan(path: string, chunks: AsyncIterable<string>): Promise<void>;
  /** A binary file was skipped; `explicit` when it was named on the command line. */
  binary(path: string, explicit: boolean): void;
  /** An input could not be read, or failed part way (its findings so far are kept). */
  ioError(path: string, message: string): void;
  /** Raw bytes read, for the progress bar. */
  onRawBytes?: (count: number) => void;
  /** After each file, read or not. */
  fileDone?: () => void;
}

/**
 * Reads the command line's inputs in order: `-` is stdin, a folder is walked with the core's file
 * selection, and any other path (a file, a pipe from `<(cmd)`, a character device) is read as given.
 */
export async function scanInputs(
  targets: readonly string[],
  selection: SelectOptions,
  stdin: AsyncIterable<string | Buffer>,
  handlers: InputHandlers,
): Promise<void> {
  for (const target of targets) {
    try {
      if (target === '-') await handlers.scan('-', withoutBom(decodeStdin(stdin)));
      else if (!(await fs.stat(target)).isDirectory()) await scanFile(target, true, handlers);
      else for await (const file of selectFiles(target, selection)) await scanFile(file, false, handlers);
    } catch (error) {
      handlers.ioError(target, describeFileError(error));
    }
  }
}

async function scanFile(file: string, explicit: boolean, handlers: InputHandlers): Promise<void> {
  try {
    const options = handlers.onRawBytes ? { onRawBytes: handlers.onRawBytes, streams: true } : { streams: true };
    const chunks = await openText(file, options);
    if (chunks) await handlers.scan(file, chunks);
    else handlers.binary(file, explicit);
  } catch (error) {
    if (explicit) throw error;
    handlers.ioError(file, describeFileError(error));
  } finally {
    handlers.fileDone?.();
  }
}

/** Stdin as text, through the core's UTF-8 decoder (which never splits a character across chunks). */
async function* decodeStdin(stdin: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  yield* decodeUtf8(asBytes(stdin));
}

async function* asBytes(stdin: AsyncIterable<string | Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of stdin) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}
