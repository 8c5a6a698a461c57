import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { gitignoreGlobs } from './gitignore';
import { matchesAny } from './globs';

/** Never scanned, whatever the globs say: dependencies and version control metadata. */
export const DEFAULT_EXCLUDES = ['**/node_modules/**', '**/.git/**', '**/.hg/**', '**/.svn/**'];

export interface SelectOptions {
  /** Globs of the files to take (relative to the root); empty for every file. */
  include: readonly string[];
  /** Globs to skip, besides {@link DEFAULT_EXCLUDES} and the `.gitignore` files met on the way. */
  exclude: readonly string[];
}

interface Walk {
  root: string;
  realRoot: string;
  include: readonly string[];
}

type Entry = { name: string; isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean };

const byName = (a: Entry, b: Entry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The files a folder scan reads, for the CLI, the editor's inspection and its export alike: regular
 * files only (no FIFOs, sockets or devices), depth first in name order so output is stable, minus the
 * excluded globs and what `.gitignore` files ignore. Symbolic links to directories are not followed
 * (no loops); a symbolic link to a file is taken only when the file lies inside `root`.
 */
export async function* selectFiles(root: string, options: SelectOptions): AsyncGenerator<string> {
  const walk: Walk = { root, realRoot: await fs.realpath(root), include: options.include };
  yield* walkFolder(walk, root, '', [...DEFAULT_EXCLUDES, ...options.exclude]);
}

async function* walkFolder(walk: Walk, dir: string, relative: string, inherited: string[]): AsyncGenerator<string> {
  const exclude = [...inherited, ...(await gitignoreGlobs(dir, relative))];
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort(byName);
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      if (!matchesAny(`${rel}/`, exclude) && !matchesAny(`${rel}/x`, exclude))
        yield* walkFolder(walk, full, rel, exclude);
      continue;
    }
    if (!(await isRegularFile(entry, full, walk))) continue;
    if (matchesAny(rel, exclude)) continue;
    if (walk.include.length > 0 && !matchesAny(rel, walk.include)) continue;
    yield full;
  }
}

async function isRegularFile(entry: Entry, full: string, walk: Walk): Promise<boolean> {
  if (!entry.isSymbolicLink()) return entry.isFile();
  const stat = await fs.stat(full).catch(() => null);
  return stat !== null && stat.isFile() && (await isInside(full, walk.realRoot));
}

/** Whether `file`, with its symbolic links resolved, lies inside `folder` (false when either is missing). */
export async function isInside(file: string, folder: string): Promise<boolean> {
  try {
    const [real, root] = await Promise.all([fs.realpath(file), fs.realpath(folder)]);
    return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  } catch {
    return false;
  }
}

/**
 * The files of several folders (an editor's workspace), each selected as {@link selectFiles} does, or
 * only those of `only` that lie inside a folder (files a watcher reported). A folder that cannot be
 * read contributes nothing; the others still count. No file is listed twice.
 */
export async function selectInFolders(
  folders: readonly string[],
  options: SelectOptions,
  only?: readonly string[],
): Promise<string[]> {
  const files: string[] = [];
  for (const folder of folders) {
    if (only) {
      for (const file of only) if (await isInside(file, folder)) files.push(file);
      continue;
    }
    try {
      for await (const file of selectFiles(folder, options)) files.push(file);
    } catch {
      // An unreadable folder contributes nothing; the others still count.
    }
  }
  return [...new Set(files)];
}
