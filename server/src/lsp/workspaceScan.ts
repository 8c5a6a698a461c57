import { promises as fs } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { CancellationToken, Connection, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import type { InspectLogsParams } from '#shared/protocol';
import { openText } from '../core/files/files';
import { selectInFolders } from '../core/files/selection';
import { scanInput } from '../core/scanner/scanInput';
import { isKmsError, type Finding } from '../core/scanner/types';
import { settled, type ServerContext } from './context';
import { recordText } from './documents';

const PROGRESS_EVERY_BYTES = 32 << 20;

export interface WorkspaceScan {
  /** Called before each file's findings. */
  file(path: string, size: number): void;
  /** A high-confidence finding of the current file, with its line preview and its record's text. */
  finding(path: string, finding: Finding): void;
  /** The current file could not be read (or is binary, or not a regular file). */
  problem(path: string, message: string): void;
}

/** Work-done progress over the files' total size: per file, and every 32 MB inside a large one. */
export class ScanProgress {
  private doneBytes = 0;
  private readonly totalBytes: number;

  constructor(
    private readonly reporter: WorkDoneProgressReporter,
    private readonly sizes: readonly number[],
  ) {
    this.totalBytes = sizes.reduce((a, b) => a + b, 0) || 1;
  }

  report(index: number, extra = 0): void {
    const bytes = this.doneBytes + extra;
    const percentage = Math.min(100, Math.floor((bytes / this.totalBytes) * 100));
    this.reporter.report(percentage, `${index}/${this.sizes.length} files, ${Math.round(bytes / 1048576)} MB`);
  }

  fileDone(index: number): void {
    this.doneBytes += this.sizes[index] ?? 0;
  }

  get bytes(): number {
    return this.doneBytes;
  }
}

/**
 * Lists the workspace's log files (with their sizes) for a scan run by `body`, inside a work-done
 * progress titled `title`. `body` resolves to whether it ran to the end.
 */
export async function withWorkspaceFiles(
  params: InspectLogsParams,
  title: string,
  connection: Connection,
  context: ServerContext,
  body: (files: string[], sizes: number[], progress: ScanProgress) => Promise<boolean>,
): Promise<{ complete: boolean; bytes: number }> {
  const settings = await context.settings();
  const include = params.include ?? settings.inspect.files;
  const exclude = [...(params.exclude ?? []), ...settings.inspect.exclude];
  const reporter = connection.window.attachWorkDoneProgress(params.workDoneToken);
  reporter.begin(title, 0, 'Listing log files…', true);
  try {
    const files = await selectInFolders(params.folders, { include, exclude }, params.files);
    const sizes = await Promise.all(
      files.map((f) =>
        fs.stat(f).then(
          (s) => s.size,
          () => 0,
        ),
      ),
    );
    const progress = new ScanProgress(reporter, sizes);
    const complete = await body(files, sizes, progress);
    return { complete, bytes: progress.bytes };
  } finally {
    reporter.done();
  }
}

/**
 * Scans the workspace's log files for KMS errors: files are streamed from disk in constant memory
 * (or taken from the editor when open), progress is reported per file and every 32 MB, and a
 * cancelled request stops between chunks. Resolves to whether it ran to the end, and the bytes read.
 */
export async function scanWorkspace(
  params: InspectLogsParams,
  title: string,
  token: CancellationToken,
  connection: Connection,
  context: ServerContext,
  sink: WorkspaceScan,
): Promise<{ complete: boolean; bytes: number }> {
  return withWorkspaceFiles(params, title, connection, context, async (files, sizes, progress) => {
    for (let i = 0; i < files.length && !token.isCancellationRequested; i++) {
      const file = files[i] as string;
      progress.report(i);
      sink.file(file, sizes[i] as number);
      try {
        await scanFile(file, context, sink, token, (read) => progress.report(i, Math.min(sizes[i] as number, read)));
      } catch (error) {
        sink.problem(file, (error as Error).message);
      }
      progress.fileDone(i);
    }
    return !token.isCancellationRequested;
  });
}

/** One file's high-confidence findings: from the editor when the file is open there, else from disk. */
async function scanFile(
  file: string,
  context: ServerContext,
  sink: WorkspaceScan,
  token: CancellationToken,
  onProgress: (bytesRead: number) => void,
): Promise<void> {
  const keep = (finding: Finding) => {
    if (isKmsError(finding)) sink.finding(file, finding);
  };
  const open = context.documents.get(pathToFileURL(file).href);
  if (open) {
    await settled(open);
    for (const finding of open.index.all()) {
      const line = open.doc.linesText(finding.range.start.line, finding.range.start.line + 1);
      keep({ ...finding, preview: line.trim().slice(0, 200), recordText: recordText(open.doc, finding) });
    }
    return;
  }
  let read = 0;
  let nextReport = PROGRESS_EVERY_BYTES;
  // Regular files only: a FIFO among the files must not hold the scan (and every later one) forever.
  const chunks = await openText(file, { onRawBytes: (count) => (read += count) });
  if (!chunks) return sink.problem(file, 'binary file skipped');
  await scanInput(chunks, context.catalog(), keep, {
    previews: true,
    // The view shows each occurrence's likely cause and fix, read from its record.
    recordText: true,
    afterChunk: () => {
      if (read >= nextReport) {
        onProgress(read);
        nextReport += PROGRESS_EVERY_BYTES;
      }
      return !token.isCancellationRequested;
    },
  });
}
