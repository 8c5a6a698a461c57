import data from '../../../catalog/kms-errors.json';
import { Catalog } from './catalog';
import { normalizeCatalog } from './validate';

let builtin: Catalog | undefined;

/** The catalog shipped with the tool (test/unit/catalog.test.ts validates it against the schema). */
export function builtinCatalog(): Catalog {
  builtin ??= new Catalog(normalizeCatalog(data, 'built-in').codes);
  return builtin;
}
