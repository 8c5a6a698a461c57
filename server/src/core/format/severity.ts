import classes from '../../../catalog/code-classes.json';
import type { CatalogEntry } from '../catalog/types';
import type { SeverityClass } from '#shared/reports';

export type { SeverityClass };

/**
 * The severity class of a code (the type is shared with the protocol), by what the user must do about it:
 * - `actionRequired`: the call fails the same way until someone acts (a missing key or permission, a
 *   key state, billing, a wrong parameter);
 * - `transient`: a fault the SDK retries (throttling, 500, 503), unless the record shows the retries
 *   ran out, which makes it `actionRequired` too.
 */
export function severityClass(
  entry: CatalogEntry,
  record: { retriesExhausted?: boolean } | null = null,
): SeverityClass {
  if (!entry.retryable) return 'actionRequired';
  return record?.retriesExhausted ? 'actionRequired' : 'transient';
}

/**
 * The class a code is shown as everywhere (hover label, editor colour, tree): the same rule as the
 * grammar's colour classes (server/catalog/code-classes.json, read by scripts/generate-grammar.mjs too).
 */
export type CodeClass = 'permission' | 'key-state' | 'service' | 'parameter';

// The category table is data, shared with the grammar generator (scripts/generate-grammar.mjs).
// (a unit test checks that it names a class for every category).
const CATEGORY_CLASS = classes.byCategory as Record<CatalogEntry['category'], CodeClass>;

/** Anything "NotFound" reads as a permission/not-found problem: the key or resource is not reachable. */
export function codeClass(entry: CatalogEntry): CodeClass {
  if (entry.code.includes('NotFound')) return 'permission';
  return CATEGORY_CLASS[entry.category];
}
