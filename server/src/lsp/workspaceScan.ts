import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import type { InspectLogsParams } from '../../../shared/src/protocol';
import { openText, walk } from '../core/files/files';
import { StreamScanner } from '../core/scanner/streamScanner';
import { isKmsError, type Finding } from '../core/scanner/types';
import { settled, type ServerContext } from './context';

const PROGRESS_EVERY_BYTES = 32 << 20;

/** `.gitignore` lines of a folder as globs: `dist/` → `**\/dist/**`, `/out` → `out/**`, `*.tmp` → `**\/*.tmp`. */
async function gitignoreGlobs(folder: string): Promise<string[]> {
  let text: string;
  try {
    text = await fs.readFile(path.join(folder, '.gitignore'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!'))
    .flatMap((line) => {
      const anchored = line.startsWith('/');
      const body = line.replace(/^\//, '').replace(/\/$/, '');
      const base = anchored || body.includes('/') ? body : `**/${body}`;
      return [base, `${base}/**`];
    });
}

async function insideFolder(file: string, folder: string): Promise<boolean> {
  try {
    const [real, root] = await Promise.all([fs.realpath(file), fs.realpath(folder)]);
    return real === root || real.startsWith(root + path.sep);
  } catch {
    return false;
  }
}

/** The log files to inspect: walked from the folders, or the given files; symbolic links never lead outside a folder. */
async function listFiles(params: InspectLogsParams, include: string[], exclude: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const folder of params.folders) {
    const ignores = [...exclude, ...(await gitignoreGlobs(folder))];
    if (params.files) {
      for (const file of params.files) if (await insideFolder(file, folder)) files.push(file);
      continue;
    }
    try {
      for await (const file of walk(folder, { include, exclude: ignores })) {
        if (await insideFolder(file, folder)) files.push(file);
      }
    } catch {
      // An unreadable folder contributes nothing; the others still count.
    }
  }
  return [...new Set(files)];
}

export interface WorkspaceScan {
  /** Called before each file's findings. */
  file(path: string, size: number): void;
  /** A high-confidence finding of the current file, with its line preview. */
  finding(path: string, finding: Finding): void;
  /** The current file could not be read (or is binary). */
  problem(path: string, message: string): void;
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
  const settings = await context.settings();
  const catalog = context.catalog();
  const include = params.include ?? settings.inspect.files;
  const exclude = [...(params.exclude ?? []), ...settings.inspect.exclude];
  const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
  progress.begin(title, 0, 'Listing log files…', true);
  const files = await listFiles(params, include, exclude);
  const sizes = await Promise.all(
    files.map((f) =>
      fs.stat(f).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const totalBytes = sizes.reduce((a, b) => a + b, 0) || 1;
  let doneBytes = 0;
  const report = (index: number, extra = 0) => {
    const percentage = Math.min(100, Math.floor(((doneBytes + extra) / totalBytes) * 100));
    progress.report(percentage, `${index}/${files.length} files, ${Math.round((doneBytes + extra) / 1048576)} MB`);
  };

  for (let i = 0; i < files.length; i++) {
    if (token.isCancellationRequested) break;
    const file = files[i] as string;
    const size = sizes[i] as number;
    report(i);
    sink.file(file, size);
    const keep = (finding: Finding) => {
      if (isKmsError(finding)) sink.finding(file, finding);
    };
    try {
      const open = context.documents.get(pathToFileURL(file).href);
      if (open) {
        await settled(open);
        for (const finding of open.index.all()) {
          const line = open.doc.linesText(finding.range.start.line, finding.range.start.line + 1);
          keep({ ...finding, preview: line.trim().slice(0, 200) });
        }
      } else {
        let read = 0;
        let nextReport = PROGRESS_EVERY_BYTES;
        const chunks = await openText(file, { onRawBytes: (count) => (read += count) });
        if (!chunks) sink.problem(file, 'binary file skipped');
        else {
          const scanner = new StreamScanner(catalog, keep, { previews: true });
          for await (const chunk of chunks) {
            scanner.push(chunk);
            if (read >= nextReport) {
              report(i, Math.min(size, read));
              nextReport += PROGRESS_EVERY_BYTES;
            }
            if (token.isCancellationRequested) break;
          }
          if (!token.isCancellationRequested) scanner.end();
        }
      }
    } catch (error) {
      sink.problem(file, (error as Error).message);
    }
    doneBytes += size;
  }
  progress.done();
  return { complete: !token.isCancellationRequested, bytes: doneBytes };
}
