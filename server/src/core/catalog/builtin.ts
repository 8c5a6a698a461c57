import data from '../../../catalog/kms-errors.json';
import { Catalog } from './catalog';
import { validateCatalog } from './validate';

let builtin: Catalog | undefined;

/** The catalog shipped with the tool, validated once on first use. */
export function builtinCatalog(): Catalog {
  builtin ??= new Catalog(validateCatalog(data, 'built-in').codes);
  return builtin;
}
