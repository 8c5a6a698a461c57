import { promises as fs, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describeFileError } from './files';
import { decodeFileName, fsPath } from './fsNames';
import { gitignoreGlobs, readGitignore } from './gitignore';
import { GlobSet, type MatchWork } from './globs';

/** Never scanned, whatever the globs say: dependencies and version control metadata. */
export const DEFAULT_EXCLUDES = ['**/node_modules/**', '**/.git/**', '**/.hg/**', '**/.svn/**'];

export interface SelectOptions {
  /** Globs of the files to take (relative to the root); empty for every file. */
  include: readonly string[];
  /** Globs to skip, besides {@link DEFAULT_EXCLUDES} and the `.gitignore` files met on the way. */
  exclude: readonly string[];
}

/** A folder (or the root itself) that could not be read: the walk went on without it. */
export interface Unreadable {
  path: string;
  message: string;
}

/** What the walk yields: a file to scan, or a folder it could not read. */
export type Selected = string | Unreadable;

export interface WalkControl {
  /**
   * Called after every {@link PAUSE_STEPS} steps of glob matching or {@link PAUSE_ENTRIES} entries, so
   * that other work can run (by default it waits for the next turn of the event loop); resolving to
   * false stops the walk there.
   */
  pause?: () => boolean | Promise<boolean>;
  /** Where the glob matching of the walk counts its steps. */
  work?: MatchWork;
}

/** The most matching work between two pauses (a step is about a nanosecond or ten), and entries. */
export const PAUSE_STEPS = 200_000;
export const PAUSE_ENTRIES = 2_000;

/** Excludes of one level: the globs of a `.gitignore` match paths from its folder (`prefix` long). */
interface Excludes {
  set: GlobSet;
  prefix: number;
}

interface Folder {
  dir: string;
  rel: string;
  excludes: Excludes[];
  entries: Dirent[];
  next: number;
  /** The folder's own `.gitignore`, when it has one: what it left out is said once the folder is done. */
  gitignore?: { file: string; set: GlobSet };
}

const byName = (a: Dirent, b: Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

const waitTurn = async () => {
  await nextTurn();
  return true;
};

/**
 * The files a folder scan reads, for the CLI, the editor's inspection and its export alike: regular
 * files only (no FIFOs, sockets or devices), depth first in name order so output is stable, minus the
 * excluded globs and what `.gitignore` files ignore. Symbolic links to directories are not followed
 * (no loops); a symbolic link to a file is taken only when the file lies inside `root`. A folder that
 * cannot be read (permissions, deleted meanwhile, a path too long) is yielded as {@link Unreadable}
 * and the walk goes on. Each glob is compiled once per walk and matched in time linear in the path.
 */
export async function* selectFiles(
  root: string,
  options: SelectOptions,
  control: WalkControl = {},
): AsyncGenerator<Selected> {
  for await (const batch of selectFileBatches(root, options, control)) yield* batch;
}

/** The most files of one folder the walk gathers before handing them on together. */
const BATCH_FILES = 256;

/**
 * What {@link selectFiles} yields, in the same order, a few hundred at a time (the files of a folder
 * together): a folder of 50,000 small logs costs a few hundred steps of the walk, not one per file.
 */
export async function* selectFileBatches(
  root: string,
  options: SelectOptions,
  control: WalkControl = {},
): AsyncGenerator<Selected[]> {
  const work = control.work ?? { steps: 0 };
  const pause = control.pause ?? waitTurn;
  let realRoot: string;
  try {
    realRoot = decodeFileName(await fs.realpath(fsPath(root), { encoding: 'buffer' }));
  } catch (error) {
    yield [{ path: root, message: describeFileError(error) }];
    return;
  }
  const include = options.include.length > 0 ? new GlobSet(options.include, work) : null;
  const base: Excludes = { set: new GlobSet([...DEFAULT_EXCLUDES, ...options.exclude], work), prefix: 0 };
  const stack: Folder[] = [];
  const opened = await openFolder(root, '', [base], work);
  if ('message' in opened) {
    yield [opened];
    return;
  }
  stack.push(opened);
  let batch: Selected[] = [];
  if (opened.gitignore && opened.gitignore.set.left > 0)
    batch.push(tooLarge(opened.gitignore.file, opened.gitignore.set.left));
  let pausedAt = { steps: work.steps, entries: 0 };
  let entries = 0;
  while (stack.length > 0) {
    const folder = stack[stack.length - 1] as Folder;
    const entry = folder.entries[folder.next++];
    if (!entry) {
      stack.pop();
      const givenUp = folder.gitignore?.set.givenUp ?? 0;
      if (folder.gitignore && givenUp > 0)
        batch.push({
          path: folder.gitignore.file,
          message: `${givenUp} path(s) took too long to match its patterns and were taken as not ignored`,
        });
      // A folder's files go out together, before the walk goes on to read the next folder.
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
      continue;
    }
    entries++;
    if (work.steps - pausedAt.steps >= PAUSE_STEPS || entries - pausedAt.entries >= PAUSE_ENTRIES) {
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
      if (!(await pause())) return;
      pausedAt = { steps: work.steps, entries };
    }
    const full = folder.dir.endsWith(path.sep) ? folder.dir + entry.name : `${folder.dir}${path.sep}${entry.name}`;
    const rel = folder.rel === '' ? entry.name : `${folder.rel}/${entry.name}`;
    if (entry.isDirectory()) {
      if (excluded(folder.excludes, rel, true)) continue;
      // What was found before it goes out before the walk reads inside it.
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
      const inner = await openFolder(full, rel, folder.excludes, work);
      if ('message' in inner) batch.push(inner);
      else {
        stack.push(inner);
        const left = inner.gitignore?.set.left ?? 0;
        if (inner.gitignore && left > 0) batch.push(tooLarge(inner.gitignore.file, left));
      }
      continue;
    }
    // A symbolic link is followed (a wait); any other entry is known from the folder's listing.
    if (entry.isSymbolicLink() ? !(await linksToFileInside(full, realRoot)) : !entry.isFile()) continue;
    if (excluded(folder.excludes, rel, false)) continue;
    if (include && !include.matches(rel)) continue;
    batch.push(full);
    if (batch.length >= BATCH_FILES) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** A `.gitignore` whose wildcard lines passed the bound of a glob set: the last ones are not used. */
function tooLarge(file: string, left: number): Unreadable {
  return { path: file, message: `its last ${left} wildcard line(s) are not used: the file holds too many` };
}

function excluded(excludes: readonly Excludes[], rel: string, folder: boolean): boolean {
  for (const { set, prefix } of excludes) {
    const own = prefix === 0 ? rel : rel.slice(prefix);
    if (folder ? set.matchesFolder(own) : set.matches(own)) return true;
  }
  return false;
}

/** A folder's entries in name order, and the excludes inside it (its `.gitignore` added). */
async function openFolder(
  dir: string,
  rel: string,
  inherited: Excludes[],
  work: MatchWork,
): Promise<Folder | Unreadable> {
  let entries: Dirent[];
  try {
    entries = await readFolder(dir);
  } catch (error) {
    return { path: dir, message: describeFileError(error) };
  }
  entries.sort(byName);
  if (!entries.some((entry) => entry.name === '.gitignore' && !entry.isDirectory()))
    return { dir, rel, excludes: inherited, entries, next: 0 };
  const file = path.join(dir, '.gitignore');
  const globs = gitignoreGlobs(readGitignore(file));
  if (globs.length === 0) return { dir, rel, excludes: inherited, entries, next: 0 };
  const set = new GlobSet(globs, work, { baseNames: false });
  const excludes = [...inherited, { set, prefix: rel === '' ? 0 : rel.length + 1 }];
  return { dir, rel, excludes, entries, next: 0, gitignore: { file, set } };
}

/**
 * A folder's entries. Names that are not valid UTF-8 come back from Node with U+FFFD in them; such a
 * folder is read again as bytes so that those names keep their bytes (see fsNames.ts).
 */
async function readFolder(dir: string): Promise<Dirent[]> {
  const entries = await fs.readdir(fsPath(dir), { withFileTypes: true });
  if (!entries.some((entry) => entry.name.includes('\ufffd'))) return entries;
  const raw = await fs.readdir(fsPath(dir), { withFileTypes: true, encoding: 'buffer' });
  return raw.map((entry) => Object.assign(entry, { name: decodeFileName(entry.name) }) as unknown as Dirent);
}

/** Whether a symbolic link leads to a regular file inside the walk's root. */
async function linksToFileInside(full: string, realRoot: string): Promise<boolean> {
  const stat = await fs.stat(fsPath(full)).catch(() => null);
  return stat !== null && stat.isFile() && (await isInside(full, realRoot));
}

/** Whether `file`, with its symbolic links resolved, lies inside `folder` (false when either is missing). */
export async function isInside(file: string, folder: string): Promise<boolean> {
  try {
    const [real, root] = await Promise.all([realPath(file), realPath(folder)]);
    return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  } catch {
    return false;
  }
}

async function realPath(file: string): Promise<string> {
  return decodeFileName(await fs.realpath(fsPath(file), { encoding: 'buffer' }));
}

/**
 * The files of several folders (an editor's workspace), each selected as {@link selectFiles} does, or
 * only those of `only` that lie inside a folder (files a watcher reported), and the folders that could
 * not be read. No file is listed twice.
 */
export async function selectInFolders(
  folders: readonly string[],
  options: SelectOptions,
  only?: readonly string[],
  control: WalkControl = {},
): Promise<{ files: string[]; unreadable: Unreadable[] }> {
  const files: string[] = [];
  const unreadable: Unreadable[] = [];
  let stopped = false;
  const pause = control.pause ?? waitTurn;
  const walk: WalkControl = {
    ...control,
    pause: async () => {
      stopped ||= !(await pause());
      return !stopped;
    },
  };
  for (const folder of folders) {
    if (stopped) break;
    if (only) {
      for (const file of only) if (await isInside(file, folder)) files.push(file);
      continue;
    }
    for await (const found of selectFiles(folder, options, walk)) {
      if (typeof found === 'string') files.push(found);
      else unreadable.push(found);
    }
  }
  return { files: [...new Set(files)], unreadable };
}
