import { pathToFileURL } from 'node:url';
import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import {
  EDITOR_SYNC_LIMIT_BYTES,
  type InspectedFile,
  type InspectLogsParams,
  type InspectLogsResult,
} from '#shared/protocol';
import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import { statusText } from '../core/format/http';
import { codeClass, severityClass } from '../core/format/severity';
import { strings } from '../core/format/strings';
import { summaryHtml } from '../core/format/summaryView';
import { SummaryBuilder, SummaryPartBuilder, type RequestIdBudget } from '../core/report/summary';
import { emptyRecord } from '../core/report/tally';
import {
  inspectFile,
  inspectItems,
  type InspectEvent,
  type InspectItem,
  type InspectSettings,
  type InspectTask,
} from '../core/report/inspectFile';
import { turnTaker } from '../core/turns';
import { runOrdered, type Job } from '../core/workers/orderedPool';
import { defaultScanJobs, scanWorkerFile, type WorkerSetup } from '../scanWorkerSetup';
import { settled, type ServerContext } from './context';
import { recordText } from './documents';
import { sendFilesInParts } from './inspectParts';
import { withWorkspaceFiles } from './workspaceScan';

// The view lists occurrences; a log with a million errors still answers with counts, not a million rows.
const MAX_PER_FILE = 2000;
const MAX_TOTAL = 20000;
// Fewer RequestIds than the CLI counts: the server and the view stay small however large the workspace.
const MAX_REQUEST_IDS = 20_000;

/** The inspection's files as jobs: a file open in the editor is read from it here, others on worker threads. */
async function* inspectJobs(
  files: readonly string[],
  context: ServerContext,
  catalog: Catalog,
  locale: Locale,
  listed: () => number,
): AsyncGenerator<Job<InspectTask, InspectEvent>> {
  for (const [index, path] of files.entries()) {
    const open = context.documents.get(pathToFileURL(path).href);
    if (!open) {
      yield { task: { path, index, listed: listed() } };
      continue;
    }
    const budget = listed();
    yield {
      local: async (emitter) => {
        emitter.emit({ t: 'file', index });
        try {
          await settled(open);
          const items = inspectItems(path, catalog, locale, budget);
          for (const finding of open.index.all()) {
            const line = open.doc.linesText(finding.range.start.line, finding.range.start.line + 1);
            items.add({ ...finding, preview: line.trim().slice(0, 200), recordText: recordText(open.doc, finding) });
          }
          items.emitTo(emitter);
        } catch (error) {
          emitter.emit({ t: 'problem', message: (error as Error).message });
        }
        emitter.emit({ t: 'end', index });
      },
    };
  }
}

/**
 * `kms/inspectLogs`: the workspace's KMS errors, per file (occurrences capped) and summarised. Files
 * are scanned on worker threads, one per core, and reported in the order they are listed.
 */
export async function inspectLogs(
  params: InspectLogsParams,
  token: CancellationToken,
  connection: Connection,
  context: ServerContext,
): Promise<InspectLogsResult> {
  const catalog = context.catalog();
  const inspected: InspectedFile[] = [];
  // Each file's share of the summary; their RequestIds take from one budget.
  const budget: RequestIdBudget = { left: MAX_REQUEST_IDS };
  const parts = new Map<InspectedFile, SummaryPartBuilder>();
  let entry: InspectedFile | undefined;
  let part: SummaryPartBuilder | undefined;
  let kept = 0;
  // The current file's distinct diagnoses, by their JSON, to their index in its `diagnoses`.
  let diagnosisIndex = new Map<string, number>();
  const locale = await context.locale();
  const scan = await withWorkspaceFiles(
    params,
    'KMS: Inspect Logs',
    token,
    connection,
    context,
    (workspace, progress) => {
      const { files, sizes } = workspace;
      const settings: InspectSettings = { locale, read: workspace.settings.files };
      let current = -1;
      const startFile = (index: number) => {
        const path = files[index] as string;
        const size = sizes[index] as number;
        current = index;
        progress.report(index);
        entry = {
          path,
          size,
          tooLargeForEditor: size > EDITOR_SYNC_LIMIT_BYTES,
          findings: 0,
          byCode: emptyRecord(),
          occurrences: [],
          truncated: false,
        };
        diagnosisIndex = new Map();
        inspected.push(entry);
        part = new SummaryPartBuilder(budget);
        parts.set(entry, part);
      };
      const add = (item: InspectItem) => {
        if (!entry) return;
        const [code, httpStatus, timestamp, requestId, retriesExhausted, listed, diagnosis] = item;
        entry.findings++;
        entry.byCode[code] = (entry.byCode[code] ?? 0) + 1;
        part?.add(code, httpStatus, timestamp, requestId);
        if (retriesExhausted) {
          const counts = (entry.exhaustedByCode ??= emptyRecord());
          counts[code] = (counts[code] ?? 0) + 1;
        }
        if (entry.occurrences.length < MAX_PER_FILE && kept < MAX_TOTAL && listed) {
          if (diagnosis) {
            const key = JSON.stringify(diagnosis);
            let index = diagnosisIndex.get(key);
            if (index === undefined) {
              index = (entry.diagnoses ??= []).push(diagnosis) - 1;
              diagnosisIndex.set(key, index);
            }
            listed.diagnosis = index;
          }
          entry.occurrences.push(listed);
          kept++;
        } else entry.truncated = true;
      };
      const deliver = (event: InspectEvent) => {
        if (event.t === 'file') startFile(event.index);
        else if (event.t === 'found') event.items.forEach(add);
        else if (event.t === 'read') progress.report(event.index, Math.min(sizes[event.index] as number, event.bytes));
        else if (event.t === 'problem') {
          if (entry) entry.error = event.message;
        } else if (event.t === 'lost') {
          if (current !== event.index) startFile(event.index);
          if (entry) entry.error = event.message;
          progress.fileDone(event.index);
        } else progress.fileDone(event.index);
      };
      const listed = () => Math.max(0, Math.min(MAX_PER_FILE, MAX_TOTAL - kept));
      return runOrdered(inspectJobs(files, context, catalog, locale, listed), {
        workerFile: scanWorkerFile(),
        workerData: { kind: 'inspect', entries: catalog.entries, settings } satisfies WorkerSetup,
        size: Math.min(defaultScanJobs(), files.length),
        runHere: inspectFile(catalog, settings),
        deliver,
        // A worker that died: its file is listed with the reason, as a file that could not be read.
        failed: (task, message): InspectEvent => ({ t: 'lost', index: task.index, message }),
        cancelled: () => token.isCancellationRequested,
      });
    },
  );
  // The summary is the sum of the files' parts, as the client sums them after a file changes.
  const summary = new SummaryBuilder({ catalog, maxRequestIds: MAX_REQUEST_IDS });
  // 50,000 files' parts take over 100 ms: other requests are answered in between.
  const turn = turnTaker();
  for (const [file, builder] of parts) {
    if (file.findings === 0) continue;
    await turn();
    file.summary = builder.result();
    summary.addPart(file.path, file.byCode, file.summary);
  }
  const result = summary.result();
  const codes: InspectLogsResult['codes'] = emptyRecord();
  const s = strings(locale);
  for (const { code } of result.byCode) {
    const found = catalog.lookup(code)?.entry;
    const cls = found ? codeClass(found) : 'parameter';
    codes[code] = {
      status: statusText(found?.httpStatus ?? null),
      // The code's own severity; the records whose retries ran out are counted per file.
      severity: found ? severityClass(found) : 'actionRequired',
      codeClass: cls,
      classLabel: s.codeClasses[cls],
    };
  }
  // A client that takes partial results gets the files in parts, the answer then holds none.
  const partial = params.partialResultToken;
  if (partial !== undefined) await sendFilesInParts(connection, partial, inspected);
  return {
    files: partial === undefined ? inspected : [],
    unreadable: scan.unreadable,
    summary: result,
    codes,
    summaryHtml: params.summaryHtml ? summaryHtml(result, catalog, locale) : null,
    scannedBytes: scan.bytes,
    cancelled: !scan.complete,
  };
}
