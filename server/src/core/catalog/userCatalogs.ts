import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { openRegular } from '../files/files';
import { readStart } from '../files/readStart';
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
      text = await readCatalogText(options.baseDir === undefined ? file : path.resolve(options.baseDir, file), options);
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

/** The built-in catalog of 65 codes takes about 220 KB: a user catalog this large is a mistake. */
const MAX_CATALOG_BYTES = 8 << 20;

/**
 * A catalog file's text, its size checked before it is read: a regular file over MAX_CATALOG_BYTES
 * is refused unread, a pipe or device (`streams`) is read up to that size and refused past it.
 */
async function readCatalogText(file: string, options: { streams?: boolean }): Promise<string> {
  const stat = await fs.stat(file);
  const limit = `a catalog holds at most ${MAX_CATALOG_BYTES >> 20} MB`;
  if (stat.isFile() && stat.size > MAX_CATALOG_BYTES)
    throw new Error(`it is ${Math.ceil(stat.size / (1 << 20))} MB, and ${limit}`);
  const stream = options.streams === true && (stat.isFIFO() || stat.isCharacterDevice());
  const source = stream ? createReadStream(file) : (await openRegular(file)).createReadStream();
  // Characters, not bytes: a text of MAX_CATALOG_BYTES characters has at least as many bytes.
  const { text, cut } = await readStart(source, MAX_CATALOG_BYTES);
  if (cut) throw new Error(`it holds more than ${MAX_CATALOG_BYTES >> 20} MB, and ${limit}`);
  return text;
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
