/**
 * What a line-level query finds against what the scanner finds on the same lines, and why they
 * differ. Every difference gets a reason read from the scanner's own findings (a RequestId on
 * another line of the record, KMS context on another line, a record that repeats its code); what no
 * reason explains is `unexplained`, which the tests never accept.
 */
import type { Catalog } from '../../server/src/core/catalog/catalog';
import { SummaryBuilder } from '../../server/src/core/report/summary';
import { scanText } from '../../server/src/core/scanner/scan';
import { isKmsError, type Finding } from '../../server/src/core/scanner/types';
import type { Corpus, LogRow } from './corpora';

/** A KMS error on a line: the scanner's finding or a query's row. */
export interface LineError {
  file: string;
  line: number;
  code: string;
  requestId: string | null;
}

export interface Difference {
  file: string;
  line: number;
  code: string;
  /** `scanner`: only the scanner has it; `query`: only the query; `request-id`: both, RequestIds differ. */
  side: 'scanner' | 'query' | 'request-id';
  reason: string;
}

export interface ScannerView {
  /** High and inferred findings, the ones `kms-diagnose scan` reports by default. */
  errors: Array<LineError & { finding: Finding }>;
  /** Every finding, low ones too, by file. */
  all: Map<string, Finding[]>;
  /** What `kms-diagnose scan --summary` counts per UTC hour, and the findings without a time. */
  byHour: Map<string, number>;
  withoutTimestamp: number;
}

export function scannerView(corpus: Corpus, catalog: Catalog): ScannerView {
  const errors: ScannerView['errors'] = [];
  const all = new Map<string, Finding[]>();
  const summary = new SummaryBuilder({ catalog, maxHours: 24 * 365 });
  for (const file of corpus.files) {
    const findings = scanText(file.lines.join('\n'), catalog);
    all.set(file.name, findings);
    summary.addFile(file.name);
    for (const finding of findings.filter(isKmsError)) {
      summary.add(finding, file.name);
      errors.push({
        file: file.name,
        line: finding.range.start.line,
        code: finding.code,
        requestId: finding.record.requestId,
        finding,
      });
    }
  }
  const result = summary.result();
  return {
    errors,
    all,
    byHour: new Map(result.byHour.filter((h) => h.count > 0).map((h) => [h.hour, h.count])),
    withoutTimestamp: result.withoutTimestamp,
  };
}

const key = (e: { file: string; line: number; code: string }) => `${e.file}\u0000${e.line}\u0000${e.code}`;

/** Why the scanner reports an error the line's query does not. */
function scannerOnlyReason(finding: Finding): string {
  if (finding.confidence === 'inferred')
    return 'inferred-from-message: the record has no code, only its documented message';
  if (finding.reason === 'kms-context')
    return 'kms-context-on-another-line: a generic code whose KMS context is elsewhere in the record or within 50 lines';
  if (finding.reason === 'kms-message') return 'kms-message: a generic code taken for KMS by its documented message';
  return 'unexplained';
}

/** Why the query reports an error the scanner does not (or reports elsewhere). */
function queryOnlyReason(row: LineError, findings: readonly Finding[]): string {
  const sameCode = findings.filter((f) => f.code === row.code);
  const low = sameCode.find((f) => f.range.start.line === row.line && f.confidence === 'low');
  if (low)
    return `scanner-low-${low.reason}: the scanner reads the whole record or its neighbours and finds ${low.reason}`;
  const repeated = sameCode.find((f) => isKmsError(f) && (f.related ?? []).some((r) => r.start.line === row.line));
  if (repeated) return 'repeated-in-record: the record states the code again on this line; one record is one finding';
  return 'unexplained';
}

function requestIdReason(scanner: LineError & { finding: Finding }, query: LineError): string {
  const ridLine = scanner.finding.record.requestIdRange?.start.line;
  if (scanner.requestId !== null && ridLine !== undefined && ridLine !== scanner.line) {
    return 'request-id-on-another-line: the record gives its RequestId on another line';
  }
  if (scanner.requestId !== null && query.requestId !== null) {
    return 'request-id-nearest: the line has several RequestIds; the scanner takes the one nearest the code';
  }
  return 'unexplained';
}

/** The differences between the scanner's errors and a query's rows, in file and line order. */
export function compare(view: ScannerView, rows: readonly LineError[]): Difference[] {
  const fromScanner = new Map<string, ScannerView['errors'][number]>();
  const differences: Difference[] = [];
  for (const e of view.errors) {
    // A query gives a line's code once; the scanner one finding per record, and a line may hold two.
    if (fromScanner.has(key(e))) {
      differences.push({
        file: e.file,
        line: e.line,
        code: e.code,
        side: 'scanner',
        reason: 'several-records-on-line: the line holds two records with this code; a query gives it once',
      });
    } else fromScanner.set(key(e), e);
  }
  const fromQuery = new Map(rows.map((r) => [key(r), r]));
  for (const [k, s] of fromScanner) {
    const q = fromQuery.get(k);
    const at = { file: s.file, line: s.line, code: s.code };
    if (!q) differences.push({ ...at, side: 'scanner', reason: scannerOnlyReason(s.finding) });
    else if (q.requestId !== s.requestId)
      differences.push({ ...at, side: 'request-id', reason: requestIdReason(s, q) });
  }
  for (const [k, q] of fromQuery) {
    if (fromScanner.has(k)) continue;
    const findings = view.all.get(q.file) ?? [];
    differences.push({ file: q.file, line: q.line, code: q.code, side: 'query', reason: queryOnlyReason(q, findings) });
  }
  return differences.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.code < b.code ? -1 : 1),
  );
}

/** A difference's reason id: the text before the colon. */
export const reasonId = (d: Difference) => d.reason.split(':')[0] ?? '';

/** A difference's reason id, counted per side. */
export function reasonCounts(differences: readonly Difference[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of differences) {
    const name = `${d.side}: ${reasonId(d)}`;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The UTC hour of a UNIX time, as the summary writes it. */
export function hourOf(seconds: number): string {
  return new Date(Math.floor(seconds / 3600) * 3_600_000).toISOString().replace('.000Z', 'Z');
}

/**
 * The scanner's counts per hour, moved by the row differences: what the hourly query must give if it
 * agrees with the scanner on every line but the listed differences.
 */
export function expectedHourly(
  view: ScannerView,
  differences: readonly Difference[],
  rowsByLine: ReadonlyMap<string, LogRow>,
): Map<string, number> {
  const hours = new Map(view.byHour);
  hours.set('none', view.withoutTimestamp);
  const add = (hour: string, n: number) => hours.set(hour, (hours.get(hour) ?? 0) + n);
  const scannerHour = new Map(
    view.errors.map((e) => [
      key(e),
      e.finding.record.timestamp === null ? 'none' : hourOf(e.finding.record.timestamp / 1000),
    ]),
  );
  for (const d of differences) {
    const row = rowsByLine.get(`${d.file}\u0000${d.line}`);
    const rowHour = row?.time === null || row === undefined ? 'none' : hourOf(row.time);
    if (d.side === 'scanner') add(scannerHour.get(key(d)) ?? 'none', -1);
    else if (d.side === 'query') add(rowHour, 1);
  }
  // Rows both found but timed differently (a record whose head line has no time of its own).
  const scannerOnly = new Set(differences.filter((d) => d.side === 'scanner').map(key));
  for (const e of view.errors) {
    const hour = scannerHour.get(key(e)) ?? 'none';
    const row = rowsByLine.get(`${e.file}\u0000${e.line}`);
    const rowHour = row?.time === null || row === undefined ? 'none' : hourOf(row.time);
    if (hour !== rowHour && !scannerOnly.has(key(e))) {
      add(hour, -1);
      add(rowHour, 1);
    }
  }
  for (const [hour, count] of [...hours]) if (count === 0) hours.delete(hour);
  return hours;
}

/** A line that one of the SQL queries and the Sigma rules matches and the other does not. */
export interface LineDifference {
  file: string;
  line: number;
  side: 'sql' | 'sigma';
  reason: string;
}

// What Sigma's regular expressions cannot say and the SQL queries can: a URL to leave out, and the
// JSON and terminal escapes right before a code.
// eslint-disable-next-line no-control-regex -- a URL ends at the first control character or space
const URL = /:\/\/[^\x00-\x20"'<>()\\`]*/g;
// eslint-disable-next-line no-control-regex -- terminal colours are part of the lines read
const ESCAPES = /\x1b\[[0-9;]*m|\\(?:u001[bB]|x1[bB]|033|e)\[[0-9;]*m|\\[ntr"]|%(?:2[027cC8]|3[aAdDeE]|5[bB]|7[bB])/g;

/** The lines the Sigma rules and the SQL rows disagree on, each with its reason. */
export function compareLines(
  rows: readonly LogRow[],
  sqlLines: ReadonlySet<string>,
  sigma: (line: string) => boolean,
): LineDifference[] {
  const differences: LineDifference[] = [];
  for (const row of rows) {
    const inSql = sqlLines.has(`${row.file}\u0000${row.line}`);
    const inSigma = sigma(row.content);
    if (inSql === inSigma) continue;
    const at = { file: row.file, line: row.line };
    if (inSigma) {
      const reason = sigma(row.content.replace(URL, ' '))
        ? 'unexplained'
        : 'code-in-url: Sigma cannot leave out a code inside a URL';
      differences.push({ ...at, side: 'sigma', reason });
    } else {
      const reason = sigma(row.content.replace(ESCAPES, (e) => (e === '\\"' ? '"' : ' ')))
        ? 'escape-before-code: Sigma has no backslash, so no JSON or terminal escape before a code'
        : 'unexplained';
      differences.push({ ...at, side: 'sql', reason });
    }
  }
  return differences;
}

/**
 * The lines the SLS analytic statement reports that its search statement would not let through: the
 * search must be a pre-filter that keeps every KMS error, but for terms an index cannot split.
 */
export function searchMisses(
  rows: readonly LineError[],
  rowsByLine: ReadonlyMap<string, LogRow>,
  search: (text: string) => boolean,
  terms: (text: string) => string[],
): LineDifference[] {
  const misses: LineDifference[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const at = `${row.file}\u0000${row.line}`;
    const content = rowsByLine.get(at)?.content ?? '';
    if (seen.has(at) || search(content)) continue;
    seen.add(at);
    const code = row.code.toLowerCase();
    const reason = terms(content).some((t) => t.startsWith(code))
      ? 'context-inside-a-term: the KMS context is inside an index term (kms in 访问KMS实例时)'
      : 'code-inside-a-term: the code is inside an index term (after a backtick, a | or Chinese text, which are no delimiters)';
    misses.push({ file: row.file, line: row.line, side: 'sql', reason });
  }
  return misses;
}
