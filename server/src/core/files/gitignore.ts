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
