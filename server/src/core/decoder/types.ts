import type { CatalogEntry } from '../catalog/types';
import type { DecodeFailure, DecodedFormat, DecodedResponse, StatusSource } from '#shared/reports';
import type { StatusNote } from './statusNotes';

export type { DecodeFailure, DecodedFormat, DecodedResponse, StatusSource };

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
  /** The body is malformed but its fields were read leniently: where parsing stopped, and why. */
  malformed?: { line: number | null; column: number | null; detail: string };
}

/** A decoded text with its catalog entry. */
export interface DecodeResult extends DecodedResponse {
  /** The catalog entry; null for codes of other products, which still decode. */
  entry: CatalogEntry | null;
  /** What a status without a code means, where that is documented (a bare 413 from a KMS instance). */
  statusNote: StatusNote | null;
}

export type DecodeOutcome = { ok: true; result: DecodeResult } | { ok: false; error: DecodeFailure };
