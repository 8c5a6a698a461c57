import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import {
  EDITOR_SYNC_LIMIT_BYTES,
  type InspectedFile,
  type InspectLogsParams,
  type InspectLogsResult,
  type InspectOccurrence,
} from '../../../shared/src/protocol';
import { openText, walk } from '../core/files/files';
import { statusText } from '../core/format/http';
import { severityClass } from '../core/format/severity';
import { summaryHtml } from '../core/format/summaryView';
import { SummaryBuilder } from '../core/report/summary';
import { StreamScanner } from '../core/scanner/streamScanner';
import type { Finding } from '../core/scanner/types';
import { settled, type ServerContext } from './context';

// The view lists occurrences; a log with a million errors still answers with counts, not a million rows.
const MAX_PER_FILE = 2000;
const MAX_TOTAL = 20000;
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

function occurrence(finding: Finding): InspectOccurrence {
  return {
    line: finding.range.start.line,
    character: finding.range.start.character,
    endCharacter: finding.range.end.character,
    code: finding.code,
    token: finding.token,
    confidence: finding.confidence,
    requestId: finding.record.requestId,
    timestamp: finding.record.timestamp,
    preview: finding.preview ?? '',
  };
}

/**
 * Scans the workspace's log files for KMS errors (`kms/inspectLogs`): files are streamed from disk in
 * constant memory (or taken from the editor when open), progress is reported per file and every
 * 32 MB, and a cancelled request stops between chunks with what was found so far.
 */
export async function inspectLogs(
  params: InspectLogsParams,
  token: CancellationToken,
  connection: Connection,
  context: ServerContext,
): Promise<InspectLogsResult> {
  const settings = await context.settings();
  const catalog = context.catalog();
  const include = params.include ?? settings.inspect.files;
  const exclude = [...(params.exclude ?? []), ...settings.inspect.exclude];
  const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
  progress.begin('KMS: Inspect Logs', 0, 'Listing log files…', true);
  const cancelled = () => token.isCancellationRequested;

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
  const summary = new SummaryBuilder({ catalog });
  const inspected: InspectedFile[] = [];
  let kept = 0;
  let doneBytes = 0;
  let stopped = false;

  const report = (index: number, extra = 0) => {
    const percentage = Math.min(100, Math.floor(((doneBytes + extra) / totalBytes) * 100));
    progress.report(percentage, `${index}/${files.length} files, ${Math.round((doneBytes + extra) / 1048576)} MB`);
  };

  for (let i = 0; i < files.length && !stopped; i++) {
    const file = files[i] as string;
    const size = sizes[i] as number;
    report(i);
    const entry: InspectedFile = {
      path: file,
      size,
      tooLargeForEditor: size > EDITOR_SYNC_LIMIT_BYTES,
      findings: 0,
      byCode: {},
      occurrences: [],
      truncated: false,
    };
    summary.addFile(file);
    const keep = (finding: Finding) => {
      if (finding.confidence !== 'high') return;
      entry.findings++;
      entry.byCode[finding.code] = (entry.byCode[finding.code] ?? 0) + 1;
      summary.add(finding, file);
      if (entry.occurrences.length < MAX_PER_FILE && kept < MAX_TOTAL) {
        entry.occurrences.push(occurrence(finding));
        kept++;
      } else entry.truncated = true;
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
        if (!chunks) entry.error = 'binary file skipped';
        else {
          const scanner = new StreamScanner(catalog, keep, { previews: true });
          for await (const chunk of chunks) {
            scanner.push(chunk);
            if (read >= nextReport) {
              report(i, Math.min(size, read));
              nextReport += PROGRESS_EVERY_BYTES;
            }
            if (cancelled()) {
              stopped = true;
              break;
            }
          }
          if (!stopped) scanner.end();
        }
      }
    } catch (error) {
      entry.error = (error as Error).message;
    }
    doneBytes += size;
    inspected.push(entry);
    if (cancelled()) stopped = true;
  }
  progress.done();
  const result = summary.result();
  const locale = await context.locale();
  const codes: InspectLogsResult['codes'] = {};
  for (const { code } of result.byCode) {
    const entry = catalog.lookup(code)?.entry;
    codes[code] = { status: statusText(entry?.httpStatus ?? null), severity: entry ? severityClass(entry) : 'client' };
  }
  return {
    files: inspected,
    summary: result,
    codes,
    summaryHtml: params.summaryHtml ? summaryHtml(result, catalog, locale) : null,
    scannedBytes: doneBytes,
    cancelled: stopped,
  };
}
