/**
 * Custom LSP messages between the KMS language server and its clients, declared once here and
 * imported by both sides. Standard LSP (hover, diagnostics, code actions, completion, links) needs
 * nothing from this file; other editors use only that.
 */
import {
  ProgressType,
  RequestType,
  type Diagnostic,
  type PartialResultParams,
  type Position,
  type Range,
  type WorkDoneProgressParams,
} from 'vscode-languageserver-protocol';
import type { DecodedOutcome, InspectionSummary, SummaryPart, TerminalLinkItem } from './reports';
import type { TimelineReport } from './timeline';

export type * from './reports';
export type * from './timeline';

/** Settings under `kms` (workspace/configuration section `kms`). */
export interface KmsSettings {
  diagnostics: {
    enable: boolean;
    /** Globs of files that get log diagnostics, besides documents of language `log`. */
    files: string[];
    /**
     * Severity by what the user must do: `actionRequired` for calls that fail until someone acts (not
     * found, permission, key state, billing, parameters) and for transient faults whose retries ran out;
     * `transient` for faults that can succeed when retried later (throttling, 500, 503).
     */
    severity: { actionRequired: SeverityName; transient: SeverityName };
    /** Most diagnostics sent for one document, errors first (VS Code shows no more than 1000); 0 for all. */
    maxPerFile: number;
  };
  catalog: { paths: string[] };
  language: 'auto' | 'en' | 'zh-CN' | 'zh-TW';
  maxFileSizeMB: number;
  inspect: { files: string[]; exclude: string[] };
  /** The incident timeline: how far before an incident's first error its changes are looked for (`24h`). */
  timeline: { window: string };
  /** How logs are read from disk by inspections and exports. */
  files: {
    /** `auto` (UTF-8, UTF-16 by BOM or NULs, GB18030 when not UTF-8), or an encoding name (`gbk`, `utf-16le`). */
    encoding: string;
    /** A `.gz` stops once it decompressed to more than this many times its size; 0 for no limit. */
    maxGzipRatio: number;
  };
}

export type SeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';

/**
 * The text logs that get problems when opened. Inspect Logs reads the same files and gzipped logs too,
 * so that a click from the KMS Errors view lands on a file that shows the same errors.
 */
const LOG_FILES = ['**/*.log', '**/*.log.[0-9]*', '**/*.out', '**/*.txt', '**/*.jsonl'];

export const DEFAULT_SETTINGS: KmsSettings = {
  diagnostics: {
    enable: true,
    files: LOG_FILES,
    severity: { actionRequired: 'error', transient: 'warning' },
    maxPerFile: 1000,
  },
  catalog: { paths: [] },
  language: 'auto',
  maxFileSizeMB: 64,
  inspect: {
    files: [...LOG_FILES, '**/*.log.gz'],
    exclude: ['**/node_modules/**', '**/.git/**'],
  },
  timeline: { window: '24h' },
  files: { encoding: 'auto', maxGzipRatio: 100 },
};

/** What a client may send as initializationOptions. */
export interface KmsInitializationOptions {
  /** The `kms` settings, for clients that do not answer workspace/configuration. */
  settings?: unknown;
  /**
   * The client runs `command:` links to the commands of {@link Commands} from hovers (VS Code does,
   * with trusted Markdown); only then does the hover link to the full explanation.
   */
  commandLinks?: boolean;
}

/** Codes of the diagnostics that are not KMS errors found in a log. */
export const DiagnosticCodes = {
  /** A string literal in code that looks like a misspelled KMS code. */
  unknownCode: 'unknown-code',
  /** The note after the first kms.diagnostics.maxPerFile diagnostics; its data is {@link MoreNotShownData}. */
  moreNotShown: 'more-not-shown',
} as const;

export interface MoreNotShownData {
  /** KMS errors of the document not sent as diagnostics. */
  hidden: number;
}

/** Command ids the client implements and the server puts in code actions: the table of commands.ts. */
export { Commands } from './commands';

export interface DecodeResponseParams {
  /** The selected text; when absent, the record around `position` in `uri` is decoded. */
  text?: string;
  uri?: string;
  position?: Position;
  /** Show key material and secret values of success responses instead of masking them. */
  showSecrets?: boolean;
}

export interface DecodeResponseResult {
  ok: boolean;
  /** The result as a Markdown page, every response field escaped. */
  markdown: string;
  title: string;
  /** The decoded structure (the core's `DecodeOutcome`) for clients that render their own view. */
  outcome: DecodedOutcome;
  /** The range that was decoded when the server picked the record around the cursor. */
  range: Range | null;
  /** Likely causes and fixes read from the decoded record (the core's `Diagnosis`), when there are any. */
  diagnosis?: unknown;
}

/** Decodes a response or SDK error text (`kms/decodeResponse`). */
export namespace DecodeResponseRequest {
  export const method = 'kms/decodeResponse' as const;
  export const type = new RequestType<DecodeResponseParams, DecodeResponseResult, void>(method);
}

export interface ExplainCodeParams {
  code: string;
  requestId?: string | null;
  /** The text of an error record with the code (a terminal's): the page adds its likely cause and fix. */
  record?: string | null;
}

export interface ExplainCodeResult {
  code: string;
  markdown: string;
  troubleshootUrl: string;
}

/** Everything the catalog knows about a code, as Markdown (`kms/explainCode`); null for unknown codes. */
export namespace ExplainCodeRequest {
  export const method = 'kms/explainCode' as const;
  export const type = new RequestType<ExplainCodeParams, ExplainCodeResult | null, void>(method);
}

export interface TerminalLinksParams {
  /** A line as the terminal shows it. */
  line: string;
  /** What was written to the terminal recently (escape sequences and all): the lines around the line. */
  output?: string;
}

/** The links of a terminal line (`kms/terminalLinks`): KMS errors, not another product's codes. */
export namespace TerminalLinksRequest {
  export const method = 'kms/terminalLinks' as const;
  export const type = new RequestType<TerminalLinksParams, TerminalLinkItem[], void>(method);
}

export interface TroubleshootUrlParams {
  requestId: string;
  code?: string | null;
}

/** The troubleshooting page of a RequestId (`kms/troubleshootUrl`), in the server's language. */
export namespace TroubleshootUrlRequest {
  export const method = 'kms/troubleshootUrl' as const;
  export const type = new RequestType<TroubleshootUrlParams, { url: string }, void>(method);
}

export interface CodeSummary {
  code: string;
  httpStatus: number | null;
  status: string | null;
  message: string | null;
  description: string;
  /** The code's category, as a label (`quota and throttling`). */
  category: string;
  /** The code's remediation steps: words a search for the code may use (`clock`, `quota`). */
  remediation: string[];
}

/** The catalog, for pickers (`kms/listCodes`), in the server's language, the codes met most often first. */
export namespace ListCodesRequest {
  export const method = 'kms/listCodes' as const;
  export const type = new RequestType<Record<string, never>, CodeSummary[], void>(method);
}

export interface ServerStatus {
  /** The server's process id (to tell a restarted server from the one before). */
  pid: number;
  documents: number;
  findings: number;
  /** Memory of the server process in bytes: V8 heap and buffers in use, V8 heap reserved, resident set. */
  heapUsed: number;
  heapTotal: number;
  rss: number;
  /** Characters the open documents' indexes have scanned (opening them, edits): the work edits cost. */
  scanned: number;
}

/** What the server holds and the memory it uses (`kms/serverStatus`), for status views and benchmarks. */
export namespace ServerStatusRequest {
  export const method = 'kms/serverStatus' as const;
  export const type = new RequestType<Record<string, never>, ServerStatus, void>(method);
}

/** VS Code does not hand files above this size to extensions; such logs are read from disk only. */
export const EDITOR_SYNC_LIMIT_BYTES = 50 * 1024 * 1024;

export interface InspectLogsParams extends WorkDoneProgressParams, PartialResultParams {
  /** Workspace folders (file system paths) to walk. */
  folders: string[];
  /** Globs of log files (relative to a folder); defaults to `kms.inspect.files`. */
  include?: string[];
  /** Globs to skip (`files.exclude`, `kms.inspect.exclude`); `.gitignore` files are honoured too. */
  exclude?: string[];
  /** Inspect only these files (paths), e.g. after a file watcher fired. */
  files?: string[];
  /** Also render the summary as HTML with charts. */
  summaryHtml?: boolean;
}

/** One KMS error in a file. Positions are LSP positions (zero-based). */
export interface InspectOccurrence {
  line: number;
  character: number;
  endCharacter: number;
  code: string;
  token: string;
  /** `inferred`: the text has no code; it was recognised from the record's documented message. */
  confidence: 'high' | 'low' | 'inferred';
  requestId: string | null;
  /** Milliseconds since the epoch, when the log entry has a timestamp. */
  timestamp: number | null;
  preview: string;
  /** The index of the record's likely causes and fixes in its file's `diagnoses`, when it has any. */
  diagnosis?: number;
  /** The record says the client's retries ran out: it needs action whatever its code's severity. */
  retriesExhausted?: true;
}

/**
 * The likely causes read from a record (one line each) and its fixes. Listed once per file: the
 * records of a log mostly repeat one diagnosis, and the result stays near the size of the list.
 */
export interface InspectDiagnosis {
  causes: string[];
  /** Shown and copied (or, for a console URL, opened), never run. */
  fixes: InspectFix[];
}

/** A fix of an occurrence, as the diagnosis builds it (kind: ram-policy, aliyun-cli, console-url, sdk-config). */
export interface InspectFix {
  kind: string;
  title: string;
  text: string;
}

export interface InspectedFile {
  path: string;
  size: number;
  /** Larger than what VS Code syncs to extensions: found on disk, no in-editor diagnostics. */
  tooLargeForEditor: boolean;
  /** High-confidence findings in the file (all counted, even when occurrences are cut). */
  findings: number;
  /** Exact count per code in this file. */
  byCode: Record<string, number>;
  /** Per code, how many of those records say the client's retries ran out (codes with none are left out). */
  exhaustedByCode?: Record<string, number>;
  occurrences: InspectOccurrence[];
  /** The distinct diagnoses of the listed occurrences (see InspectOccurrence.diagnosis). */
  diagnoses?: InspectDiagnosis[];
  /** True when there were more occurrences than the view keeps. */
  truncated: boolean;
  error?: string;
  /** The file's share of the summary (hours, RequestIds), so the summary follows the view file by file. */
  summary?: SummaryPart;
}

/** How a code is classified, the same way in every view (see severityClass and codeClass of the core). */
export interface CodeInfo {
  status: string | null;
  /**
   * The severity class of the code itself; a `transient` code's records whose retries ran out count as
   * `actionRequired` one by one (InspectedFile.exhaustedByCode).
   */
  severity: 'actionRequired' | 'transient';
  /** The class shown by the hover label and the editor colour: permission/not-found, key state, service, parameter. */
  codeClass: 'permission' | 'key-state' | 'service' | 'parameter';
  /** The label of that class in the server's language. */
  classLabel: string;
}

/** A folder (or file) that was not read, and why: the walk and the scan went on without it. */
export interface UnreadPath {
  path: string;
  message: string;
}

export interface InspectLogsResult {
  files: InspectedFile[];
  /** Folders that could not be read (permissions, deleted meanwhile, nested too deep). */
  unreadable: UnreadPath[];
  /**
   * Counts per code, per hour and top RequestIds of the files with KMS errors (`files` counts those,
   * as the KMS Errors view does), as the core's summary builder makes them from the files' parts.
   */
  summary: InspectionSummary;
  summaryHtml: string | null;
  /** Status text and severity class of each code found, for labels and icons. */
  codes: Record<string, CodeInfo>;
  scannedBytes: number;
  cancelled: boolean;
}

/** A part of an inspection's files, sent with `$/progress` to a client that gave a `partialResultToken`. */
export interface InspectLogsPartialResult {
  files: InspectedFile[];
}

/**
 * Scans the workspace's log files on disk (`kms/inspectLogs`), with work-done progress and
 * cancellation; open documents are read from the editor instead. Given a `partialResultToken`, the
 * server sends the files in parts (`partialResult`, in order) and answers with no files of its own:
 * the files are the parts joined. An answer of 50,000 files is 23 MB of JSON, and a reply to any
 * other request would wait behind it.
 */
export namespace InspectLogsRequest {
  export const method = 'kms/inspectLogs' as const;
  export const type = new RequestType<InspectLogsParams, InspectLogsResult, void>(method);
  export const partialResult = new ProgressType<InspectLogsPartialResult>();
}

/** A file of the KMS Errors view as the summary counts it. */
export type SummaryFile = Pick<InspectedFile, 'path' | 'findings' | 'byCode' | 'summary'>;

export interface SummaryViewParams {
  /** The files with KMS errors that the KMS Errors view lists, as inspections and file changes left them. */
  files: SummaryFile[];
  /** When the view's data last changed (ms since the epoch): the summary is as of then. */
  asOf: number;
  /** The view's filter and the KMS errors it shows with it, when it has one. */
  filter?: { text: string; findings: number };
}

export interface SummaryViewResult {
  summary: InspectionSummary;
  /** The summary as an HTML fragment (every value escaped), for the client's page. */
  html: string;
}

/**
 * The summary of the files of the KMS Errors view (`kms/summaryView`): the sum of their summary parts,
 * and its charts as HTML, in the server's language. The client asks again whenever the view changes.
 */
export namespace SummaryViewRequest {
  export const method = 'kms/summaryView' as const;
  export const type = new RequestType<SummaryViewParams, SummaryViewResult, void>(method);
}

/** What to export: the inspection's selection (its files are not sent back, so no partial results). */
export interface ExportFindingsParams extends Omit<InspectLogsParams, 'partialResultToken'> {
  format: 'json' | 'csv' | 'sarif';
  /** The file to write (a file system path). */
  target: string;
  /** Only findings whose code or file path contains this text (case-insensitively), as the KMS Errors view filters. */
  filter?: string;
}

export interface ExportFindingsResult {
  /** The files the exported findings come from. */
  files: number;
  findings: number;
  cancelled: boolean;
  /** Folders and files that were not read (unreadable, binary, a `.gz` over its limit), with the reason. */
  unreadable: UnreadPath[];
}

/** Writes every KMS error of the workspace logs to a file (`kms/exportFindings`), as the CLI would. */
export namespace ExportFindingsRequest {
  export const method = 'kms/exportFindings' as const;
  export const type = new RequestType<ExportFindingsParams, ExportFindingsResult, void>(method);
}

export interface ReadAheadParams extends WorkDoneProgressParams {
  /** A file whose editor tab just opened. */
  uri: string;
}

export interface ReadAheadResult {
  /**
   * The problems of the file as read from disk, to show until the editor's own copy of the text has
   * reached the server; null when the file is no large log (the usual way is quick enough).
   */
  diagnostics: Diagnostic[] | null;
}

/**
 * A large log's tab opened (`kms/readAhead`): the server reads and indexes it from disk while the
 * editor is still loading it and handing it to extensions (seconds for megabytes), with work-done
 * progress from the start, and answers its problems; when the editor opens the same text, the server
 * takes that index over instead of indexing it again.
 */
export namespace ReadAheadRequest {
  export const method = 'kms/readAhead' as const;
  export const type = new RequestType<ReadAheadParams, ReadAheadResult, void>(method);
}

export interface IncidentTimelineParams extends WorkDoneProgressParams {
  /** Workspace folders (file system paths) to walk. */
  folders: string[];
  /** Globs of log files (relative to a folder); defaults to `kms.inspect.files`. Trails are found by their content. */
  include?: string[];
  /** Globs to skip (`files.exclude`, `kms.inspect.exclude`); `.gitignore` files are honoured too. */
  exclude?: string[];
}

export interface IncidentTimelineResult {
  /**
   * The incidents, their changes and causes, as `kms-diagnose timeline --format json` gives them, but
   * those a change explains first (then those with changes before them, then the others).
   */
  report: TimelineReport;
  /** The incidents as an HTML fragment for the summary panel (every value escaped). */
  html: string;
  cancelled: boolean;
}

/**
 * The incident timeline of the workspace (`kms/incidentTimeline`): its logs' KMS errors grouped into
 * incidents, each with the ActionTrail changes before it, from the trail files found in the workspace
 * by their content. The server keeps the last one for hovers.
 */
export namespace IncidentTimelineRequest {
  export const method = 'kms/incidentTimeline' as const;
  export const type = new RequestType<IncidentTimelineParams, IncidentTimelineResult, void>(method);
}
