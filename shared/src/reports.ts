/**
 * The data shapes that the core computes and the protocol carries, declared once here (no imports,
 * no logic) so the core, the language server and the client cannot drift apart.
 */

/** Counts over a scan, for the CLI's `--summary` tables and the language server's summary view. */
export interface InspectionSummary {
  files: number;
  findings: number;
  /** Most frequent first, then by code. */
  byCode: Array<{ code: string; httpStatus: number | null; count: number }>;
  /** UTC hour buckets, chronological, empty hours included so charts have no gaps. */
  byHour: Array<{ hour: string; count: number }>;
  /** Timestamped findings older than the first bucket of `byHour` (when the span exceeds its cap). */
  beforeFirstHour: number;
  /** Most frequent first, then by RequestId; at most `topRequestIds` (10) rows. */
  topRequestIds: Array<{ requestId: string; code: string; count: number }>;
  /** Findings with a RequestId first seen after the RequestId counter was full, so not counted. */
  uncountedRequestIds: number;
  withoutTimestamp: number;
}

/**
 * One file's share of a summary, so that the summary of a workspace is the sum of its files' parts
 * (a file that changes replaces its own part). Counts per code are the file's `byCode`.
 */
export interface SummaryPart {
  /** Findings per UTC hour: [start of the hour in ms since the epoch, count], chronological. */
  hours: Array<[number, number]>;
  /** Timestamped findings of hours older than those kept in `hours`. */
  beforeFirstHour: number;
  withoutTimestamp: number;
  /** [RequestId, its first code, count], most frequent first; as many as the inspection's budget allowed. */
  requestIds: Array<[string, string, number]>;
  /** Findings whose RequestId is not in `requestIds` because the budget was spent. */
  uncountedRequestIds: number;
  /** The first HTTP status a record carried, per code, for codes the catalog gives none. */
  statuses: Array<[string, number]>;
}

/**
 * How urgent an error is, by what the user must do about it: `actionRequired` when the call fails the
 * same way until someone acts, `transient` for a fault that can succeed when retried later (unless the
 * record shows its retries ran out).
 */
export type SeverityClass = 'actionRequired' | 'transient';

/** The textual form a decoded response came in. */
export type DecodedFormat = 'xml' | 'json' | 'text';

/** Where the HTTP status of a decoded response came from. */
export type StatusSource = 'response' | 'catalog' | 'success' | null;

/** A decoded response or error text: what the core's decoder read, sent as is to clients. */
export interface DecodedResponse {
  kind: 'error' | 'success';
  format: DecodedFormat;
  shape: string;
  httpStatus: number | null;
  httpStatusSource: StatusSource;
  code: string | null;
  /** True when the text carried no code and it was recognised from the message. */
  codeInferred: boolean;
  /** True when the code was written as a known misspelling. */
  codeIsAlias: boolean;
  message: string | null;
  requestId: string | null;
  hostId: string | null;
  recommend: string | null;
  api: string | null;
  fields: Record<string, string>;
  /** Fields whose secret values (key material, secrets, passwords) are masked in `fields`. */
  maskedFields: string[];
  /** Secret fields shown as they are, because they were asked for: a view warns that they are on screen. */
  shownSecrets?: string[];
  /** Problems that did not stop decoding, such as a malformed body whose fields were still read. */
  warnings: string[];
}

/** Why a text could not be decoded: what was expected, and where parsing stopped when that is known. */
export interface DecodeFailure {
  reason: string;
  expected: string;
  line: number | null;
  column: number | null;
}

/** What `kms/decodeResponse` carries: the core's decode outcome, without the catalog entry's type. */
export type DecodedOutcome = { ok: true; result: DecodedResponse } | { ok: false; error: DecodeFailure };

/** One link in a terminal line: where it is, and what it is about (the core finds them, kms/terminalLinks carries them). */
export interface TerminalLinkItem {
  /** Start and length in the line (UTF-16 code units). */
  start: number;
  length: number;
  kind: 'code' | 'requestId';
  /** The record's code (for a RequestId link too). */
  code: string;
  requestId: string | null;
  /** The text of the error record, when the lines around hold it: the explanation adds its cause and fix. */
  record: string | null;
}
