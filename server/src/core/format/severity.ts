import type { CatalogEntry } from '../catalog/types';
import type { SeverityClass } from '#shared/reports';

export type { SeverityClass };

/** How bad an error is for the caller: server faults and throttling need attention first. */
export function severityClass(entry: CatalogEntry, httpStatus: number | null = null): SeverityClass {
  if (entry.category === 'quota-throttling' && entry.retryable) return 'throttling';
  const status = httpStatus ?? entry.httpStatus;
  if (status !== null && status >= 500) return 'server';
  if (status === null && entry.category === 'service') return 'server';
  return 'client';
}
