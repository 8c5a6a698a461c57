import * as path from 'node:path';
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
 * Relative paths are read from `baseDir` when given; messages name the files as given.
 */
export async function withUserCatalogs(
  base: Catalog,
  files: readonly string[],
  options: { streams?: boolean; baseDir?: string } = {},
): Promise<CatalogLoad> {
  let catalog = base;
  const errors: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readSmallText(options.baseDir === undefined ? file : path.resolve(options.baseDir, file), options);
    } catch (error) {
      errors.push(`Catalog ${file} could not be read: ${(error as Error).message}`);
      continue;
    }
    const added = withCatalogText(catalog, text, file);
    catalog = added.catalog;
    if (added.error !== null) errors.push(added.error);
  }
  return { catalog, errors };
}

/**
 * Adds the entries of one catalog file's text to `catalog`; on any problem, `catalog` unchanged
 * and a message fit to show users. The part of loading that sees the file's content.
 */
export function withCatalogText(
  catalog: Catalog,
  text: string,
  source: string,
): { catalog: Catalog; error: string | null } {
  try {
    return { catalog: catalog.withEntries(parseCatalog(text, source).codes), error: null };
  } catch (error) {
    const message =
      error instanceof CatalogError
        ? error.message
        : `Catalog ${source} could not be read: ${(error as Error).message}`;
    return { catalog, error: message };
  }
}
