import { readSmallText } from '../files/files';
import type { Catalog } from './catalog';
import { CatalogError, parseCatalog } from './validate';

export interface CatalogLoad {
  catalog: Catalog;
  /** One message per catalog file that could not be used; the others still apply. */
  errors: string[];
}

/**
 * Adds the entries of user catalog files to `base`. A broken file is reported and skipped, never fatal.
 * Only regular files are read, unless `streams` allows pipes and devices (the CLI's `--catalog <(cmd)`).
 */
export async function withUserCatalogs(
  base: Catalog,
  files: readonly string[],
  options: { streams?: boolean } = {},
): Promise<CatalogLoad> {
  let catalog = base;
  const errors: string[] = [];
  for (const file of files) {
    try {
      const parsed = parseCatalog(await readSmallText(file, options), file);
      catalog = catalog.withEntries(parsed.codes);
    } catch (error) {
      errors.push(
        error instanceof CatalogError
          ? error.message
          : `Catalog ${file} could not be read: ${(error as Error).message}`,
      );
    }
  }
  return { catalog, errors };
}
