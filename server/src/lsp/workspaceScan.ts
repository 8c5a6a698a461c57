import { setImmediate as nextTurn } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import type { CancellationToken, Connection, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import type { InspectLogsParams, KmsSettings, UnreadPath } from '#shared/protocol';
import { describeFileError, openText, type FileIdentity } from '../core/files/files';
import { listedSizes } from '../core/files/listedSizes';
import { selectInFolders } from '../core/files/selection';
import { turnTaker } from '../core/turns';
import { scanInput } from '../core/scanner/scanInput';
import { isKmsError, type Finding } from '../core/scanner/types';
import { settled, type ServerContext } from './context';
import { recordText } from './documents';

const PROGRESS_EVERY_BYTES = 32 << 20;

export interface WorkspaceScan {
  /** Called once the files are listed, before any is read; may refuse the scan by throwing. */
  before?(files: readonly string[], identities: ReadonlyArray<FileIdentity | null>): Promise<void>;
  /** Called before each file's findings. */
  file(path: string, size: number): void;
  /** A high-confidence finding of the current file, with its line preview and its record's text. */
  finding(path: string, finding: Finding): void;
  /** The current file could not be read (`error`), or is binary (`warning`). */
  problem(path: string, message: string, level: 'error' | 'warning'): void;
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

/** The listed files of a workspace scan: their sizes and identities (null when gone), and the settings read. */
export interface WorkspaceFiles {
  files: string[];
  sizes: number[];
  identities: Array<FileIdentity | null>;
  settings: KmsSettings;
}

/**
 * Lists the workspace's log files (with their sizes) for a scan run by `body`, inside a work-done
 * progress titled `title`. The walk lets other requests run between its steps and stops when the
 * request is cancelled. `body` resolves to whether it ran to the end.
 */
export async function withWorkspaceFiles(
  params: InspectLogsParams,
  title: string,
  token: CancellationToken,
  connection: Connection,
  context: ServerContext,
  body: (listed: WorkspaceFiles, progress: ScanProgress) => Promise<boolean>,
): Promise<{ complete: boolean; bytes: number; unreadable: UnreadPath[] }> {
  const settings = await context.settings();
  const include = params.include ?? settings.inspect.files;
  const exclude = [...(params.exclude ?? []), ...settings.inspect.exclude];
  const reporter = connection.window.attachWorkDoneProgress(params.workDoneToken);
  reporter.begin(title, 0, 'Listing log files…', true);
  try {
    const pause = async () => {
      await nextTurn();
      return !token.isCancellationRequested;
    };
    const { files, unreadable } = await selectInFolders(params.folders, { include, exclude }, params.files, { pause });
    if (token.isCancellationRequested) return { complete: false, bytes: 0, unreadable };
    const listed = await listedSizes(files, () => token.isCancellationRequested);
    if (!listed) return { complete: false, bytes: 0, unreadable };
    const { sizes, identities } = listed;
    const progress = new ScanProgress(reporter, sizes);
    const complete = await body({ files, sizes, identities, settings }, progress);
    return { complete, bytes: progress.bytes, unreadable };
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
): Promise<{ complete: boolean; bytes: number; unreadable: UnreadPath[] }> {
  return withWorkspaceFiles(params, title, token, connection, context, async (listed, progress) => {
    const { files, sizes, identities, settings } = listed;
    await sink.before?.(files, identities);
    // Small files are read and scanned without waiting on I/O: other requests get their turn here.
    const turn = turnTaker();
    for (let i = 0; i < files.length && !token.isCancellationRequested; i++) {
      await turn();
      if (token.isCancellationRequested) break;
      const file = files[i] as string;
      progress.report(i);
      sink.file(file, sizes[i] as number);
      try {
        const onProgress = (read: number) => progress.report(i, Math.min(sizes[i] as number, read));
        await scanFile(file, context, settings, sink, token, onProgress);
      } catch (error) {
        sink.problem(file, describeFileError(error), 'error');
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
  settings: KmsSettings,
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
  const opened = await openText(file, { ...settings.files, onRawBytes: (count) => (read += count) });
  if (opened.kind !== 'text') return sink.problem(file, 'binary file skipped', 'warning');
  await scanInput(opened.chunks, context.catalog(), keep, {
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
