/** Zero-based line and UTF-16 code unit offset, as LSP positions are. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/**
 * `high`: a KMS error (a KMS-only code, or a generic code with KMS evidence). `low`: a generic code
 * without KMS evidence, or in a record of another product. `inferred`: no code in the text; the code
 * was recognised from the documented message of a KMS record (a Tea exception's `code: 403, ...`).
 */
export type Confidence = 'high' | 'low' | 'inferred';

/** True for the findings reported as KMS errors: high and inferred ones. */
export function isKmsError(finding: { confidence: Confidence }): boolean {
  return finding.confidence !== 'low';
}

/** What the error record around a code says about the failed call; null where the text does not say. */
export interface ErrorRecord {
  httpStatus: number | null;
  requestId: string | null;
  message: string | null;
  hostId: string | null;
  recommend: string | null;
  /** The API (action) that failed, when the record names it. */
  api: string | null;
  /** Endpoint host named in the record (HostId or a URL). */
  host: string | null;
  /** Time of the log entry in milliseconds since the epoch (UTC when the text has no zone). */
  timestamp: number | null;
  /** The log entry says the client's retries ran out: a transient fault that now needs someone to act. */
  retriesExhausted: boolean;
  /** Offset range of the record in the scanned text, and the range of its RequestId. */
  start: number;
  end: number;
  requestIdRange: Range | null;
}

export interface Finding {
  /** Canonical catalog code. */
  code: string;
  /** The token as written (an alias such as `Rejetced.PendingDeletion` keeps its spelling). */
  token: string;
  isAlias: boolean;
  range: Range;
  /** UTF-16 offset of the token in the whole input. */
  offset: number;
  confidence: Confidence;
  /** Why a generic code was or was not taken for a KMS error. */
  reason: ConfidenceReason;
  record: ErrorRecord;
  /**
   * The other places where the same error record states this code (a Tea block's `Data: {"Code": ...}`,
   * the Recommend URL's `q=`): one record is one finding, reported where the record states its code.
   */
  related?: Range[];
  /** The text of the token's line, cut to 200 characters, when the scan was asked for previews. */
  preview?: string;
  /** The text of the record, when the scan was asked for it (`recordText`). */
  recordText?: string;
}

export type ConfidenceReason =
  | 'kms-code'
  | 'kms-context'
  | 'kms-message'
  | 'no-kms-context'
  | 'other-product'
  /** The record carries no code; the code is the one whose documented message the record's message is. */
  | 'inferred-from-message';
