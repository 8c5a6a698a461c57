import type { CatalogEntry } from './types';

/**
 * One code can carry several statuses: the API metadata gives `Forbidden.NoPermission` as 400 for
 * CreateKey and the policy APIs, 403 elsewhere. These answer "which status is documented here".
 */

/** The documented status of `entry` for `api` (its per-API status, else the common one). */
export function statusForApi(entry: CatalogEntry, api: string | null): number | null {
  if (api !== null && Object.hasOwn(entry.apiStatuses, api)) return entry.apiStatuses[api] as number;
  return entry.httpStatus;
}

/** Every status the code is documented with, the common one first. */
export function documentedStatuses(entry: CatalogEntry): number[] {
  const all = [entry.httpStatus, ...entry.statusVariants, ...Object.values(entry.apiStatuses)];
  return [...new Set(all.filter((s): s is number => s !== null))];
}

/**
 * True when a record's status is one the catalog documents for the code: for the record's API when it
 * names one (its own status, else the common one or a variant), else any documented status.
 */
export function isDocumentedStatus(entry: CatalogEntry, status: number, api: string | null): boolean {
  if (api === null) return documentedStatuses(entry).includes(status);
  if (Object.hasOwn(entry.apiStatuses, api)) return entry.apiStatuses[api] === status;
  return status === entry.httpStatus || entry.statusVariants.includes(status);
}
