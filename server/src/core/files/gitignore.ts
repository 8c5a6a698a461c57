import * as path from 'node:path';
import { readRegularFile } from './files';

/**
 * The lines of a folder's `.gitignore` as globs relative to the walk's root (`prefix` is the folder's
 * path from there, `''` for the root): `dist/` → `**\/dist/**`, `/out` → `out/**`, `*.tmp` → `**\/*.tmp`.
 * Negations (`!keep.log`) are not supported and are left out, so they never exclude anything.
 */
export async function gitignoreGlobs(folder: string, prefix: string): Promise<string[]> {
  let text: string;
  try {
    text = await readRegularFile(path.join(folder, '.gitignore'));
  } catch {
    return [];
  }
  const under = prefix === '' ? '' : `${prefix}/`;
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!'))
    .flatMap((line) => {
      const anchored = line.startsWith('/');
      const body = line.replace(/^\//, '').replace(/\/$/, '');
      const base = anchored || body.includes('/') ? `${under}${body}` : `${under}**/${body}`;
      return [base, `${base}/**`];
    });
}
