import { minimatch } from 'minimatch';

/**
 * Whether a `/`-separated path matches one of the globs. A glob without a `/` matches a base name
 * anywhere (`*.log`); dot files match like any other. The one glob matcher of the CLI and the server.
 */
export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((glob) => minimatch(path, glob, { dot: true, matchBase: !glob.includes('/') }));
}
