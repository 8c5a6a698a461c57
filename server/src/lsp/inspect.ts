import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import {
  EDITOR_SYNC_LIMIT_BYTES,
  type InspectedFile,
  type InspectLogsParams,
  type InspectLogsResult,
  type InspectOccurrence,
} from '#shared/protocol';
import { statusText } from '../core/format/http';
import { codeClass, severityClass } from '../core/format/severity';
import { strings } from '../core/format/strings';
import { summaryHtml } from '../core/format/summaryView';
import { SummaryBuilder } from '../core/report/summary';
import { emptyRecord } from '../core/report/tally';
import type { Finding } from '../core/scanner/types';
import type { ServerContext } from './context';
import { scanWorkspace } from './workspaceScan';

// The view lists occurrences; a log with a million errors still answers with counts, not a million rows.
const MAX_PER_FILE = 2000;
const MAX_TOTAL = 20000;

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

/** `kms/inspectLogs`: the workspace's KMS errors, per file (occurrences capped) and summarised. */
export async function inspectLogs(
  params: InspectLogsParams,
  token: CancellationToken,
  connection: Connection,
  context: ServerContext,
): Promise<InspectLogsResult> {
  const catalog = context.catalog();
  // Fewer RequestIds than the CLI counts: the server stays small however large the workspace.
  const summary = new SummaryBuilder({ catalog, maxRequestIds: 20_000 });
  const inspected: InspectedFile[] = [];
  let entry: InspectedFile | undefined;
  let kept = 0;
  const exhausted = new Set<string>();
  const scan = await scanWorkspace(params, 'KMS: Inspect Logs', token, connection, context, {
    file(path, size) {
      entry = {
        path,
        size,
        tooLargeForEditor: size > EDITOR_SYNC_LIMIT_BYTES,
        findings: 0,
        byCode: emptyRecord(),
        occurrences: [],
        truncated: false,
      };
      inspected.push(entry);
      summary.addFile(path);
    },
    finding(path, finding) {
      if (!entry) return;
      entry.findings++;
      entry.byCode[finding.code] = (entry.byCode[finding.code] ?? 0) + 1;
      summary.add(finding, path);
      if (finding.record.retriesExhausted) exhausted.add(finding.code);
      if (entry.occurrences.length < MAX_PER_FILE && kept < MAX_TOTAL) {
        entry.occurrences.push(occurrence(finding));
        kept++;
      } else entry.truncated = true;
    },
    problem(_path, message) {
      if (entry) entry.error = message;
    },
  });
  const result = summary.result();
  const codes: InspectLogsResult['codes'] = emptyRecord();
  const s = strings(await context.locale());
  for (const { code } of result.byCode) {
    const found = catalog.lookup(code)?.entry;
    const cls = found ? codeClass(found) : 'parameter';
    codes[code] = {
      status: statusText(found?.httpStatus ?? null),
      // A code counts as needing action when any of its records does (a throttle whose retries ran out).
      severity: found ? severityClass(found, { retriesExhausted: exhausted.has(code) }) : 'actionRequired',
      codeClass: cls,
      classLabel: s.codeClasses[cls],
    };
  }
  return {
    files: inspected,
    summary: result,
    codes,
    summaryHtml: params.summaryHtml ? summaryHtml(result, catalog, await context.locale()) : null,
    scannedBytes: scan.bytes,
    cancelled: !scan.complete,
  };
}
