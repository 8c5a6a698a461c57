import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import {
  EDITOR_SYNC_LIMIT_BYTES,
  type InspectDiagnosis,
  type InspectedFile,
  type InspectLogsParams,
  type InspectLogsResult,
  type InspectOccurrence,
} from '#shared/protocol';
import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import { diagnoseFinding } from '../core/diagnosis/finding';
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

// A cause or fix of the view is a tooltip and a copy button, not a document; bounded like the result.
const MAX_CAUSE_CHARS = 500;
const MAX_FIX_CHARS = 4000;

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

/** The likely causes and fixes read from a finding's record, bounded; undefined when it has none. */
function diagnosisOf(finding: Finding, path: string, catalog: Catalog, locale: Locale): InspectDiagnosis | undefined {
  const diagnosis = diagnoseFinding(finding, path, catalog, locale);
  const causes = diagnosis.causes.map((c) => c.text.slice(0, MAX_CAUSE_CHARS));
  // A fix cut short would be a wrong fix: one too long is left out rather than shortened.
  const fixes = diagnosis.fixes
    .filter((f) => f.text.length <= MAX_FIX_CHARS)
    .map((f) => ({ kind: f.kind, title: f.title, text: f.text }));
  return causes.length > 0 || fixes.length > 0 ? { causes, fixes } : undefined;
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
  // The current file's distinct diagnoses, by their JSON, to their index in its `diagnoses`.
  let diagnosisIndex = new Map<string, number>();
  const locale = await context.locale();
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
      diagnosisIndex = new Map();
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
        const listed = occurrence(finding);
        const diagnosis = diagnosisOf(finding, path, catalog, locale);
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
    },
    problem(_path, message) {
      if (entry) entry.error = message;
    },
  });
  const result = summary.result();
  const codes: InspectLogsResult['codes'] = emptyRecord();
  const s = strings(locale);
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
    summaryHtml: params.summaryHtml ? summaryHtml(result, catalog, locale) : null,
    scannedBytes: scan.bytes,
    cancelled: !scan.complete,
  };
}
