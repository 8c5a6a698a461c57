import type { CatalogEntry } from '../catalog/types';

export type DecodedFormat = 'xml' | 'json' | 'text';

/** Where the HTTP status of a decoded response came from. */
export type StatusSource = 'response' | 'catalog' | 'success' | null;

/** Fields read off a response or error text, before the catalog is consulted. */
export interface RawFields {
  code: string | null;
  message: string | null;
  requestId: string | null;
  hostId: string | null;
  recommend: string | null;
  httpStatus: number | null;
  api: string | null;
  /** Every scalar field of the body, as written, for the "raw fields" view. */
  fields: Record<string, string>;
  /** The textual shape recognised, such as `kms-xml`, `sdk-server-error` or `tea-message`. */
  shape: string;
  /** Problems met on the way that did not stop decoding (a malformed body read leniently). */
  warnings?: string[];
}

export interface DecodeResult {
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
  /** Problems that did not stop decoding, such as a malformed body whose fields were still read. */
  warnings: string[];
  /** The catalog entry; null for codes of other products, which still decode. */
  entry: CatalogEntry | null;
}

/** Why a text could not be decoded: what was expected, and where parsing stopped when that is known. */
export interface DecodeFailure {
  reason: string;
  expected: string;
  line: number | null;
  column: number | null;
}

export type DecodeOutcome = { ok: true; result: DecodeResult } | { ok: false; error: DecodeFailure };
