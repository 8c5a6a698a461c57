import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { fsPath } from './fsNames';

/** More of a `.gitignore` than any project writes; the rest of a larger one is not read. */
const MAX_GITIGNORE_BYTES = 1 << 20;

/**
 * The text of a folder's `.gitignore`, read at once (one small file per folder with one; waiting on
 * the thread pool four times cost more than the file), and only when it is a regular file (a FIFO
 * there must not hold the walk); empty when it cannot be read.
 */
export function readGitignore(file: string): string {
  let fd: number;
  try {
    fd = openSync(fsPath(file), constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return '';
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return '';
    const buffer = Buffer.allocUnsafe(Math.min(stat.size + 1, MAX_GITIGNORE_BYTES));
    return buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0));
  } catch {
    return '';
  } finally {
    closeSync(fd);
  }
}

/**
 * The lines of a `.gitignore` as globs relative to its own folder: `dist/` → `**\/dist`, `/out` →
 * `out`, `*.tmp` → `**\/*.tmp`, `logs/*.gz` → `logs/*.gz`. A folder that matches is skipped with all
 * it holds. Negations (`!keep.log`) are not supported and are left out, so they never exclude anything.
 */
export function gitignoreGlobs(text: string): string[] {
  const globs: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const anchored = line.startsWith('/');
    const body = line.replace(/^\//, '').replace(/\/$/, '');
    if (body === '') continue;
    globs.push(anchored || body.includes('/') ? body : `**/${body}`);
  }
  return globs;
}
