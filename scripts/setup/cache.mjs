// Where downloaded tools live: one cache per user, shared by every clone, `npm start` and the tests, so
// what one command downloaded the next one reuses. KMS_CACHE_DIR moves it; by default it is
// $XDG_CACHE_HOME/kms-diagnostics (~/.cache/kms-diagnostics).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const CACHE = process.env.KMS_CACHE_DIR
  ? path.resolve(process.env.KMS_CACHE_DIR)
  : path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'kms-diagnostics');

/** Earlier versions installed into the clone's .cache/; complete installs found there are still used, never changed. */
const LEGACY_CACHE = path.join(root, '.cache');

/** Written last into a folder of the cache: the folder is complete. */
const MARKER = '.installed';

/**
 * The cache folder `name`, complete: an earlier one when there is one (here or, read-only, in the legacy
 * .cache/), else made by `fill(folder)`. The folder is filled under a temporary name and renamed when
 * complete, so an interrupted install leaves nothing half-made in its place, and two commands installing at
 * once each get a complete folder.
 */
export function cached(name, fill) {
  const found = findCached(name);
  if (found) return found;
  const final = path.join(CACHE, name);
  removeAbandoned(name);
  const partial = `${final}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    fill(partial);
    writeFileSync(path.join(partial, MARKER), `${new Date().toISOString()}\n`);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
  if (existsSync(final)) {
    if (existsSync(path.join(final, MARKER))) {
      // Another command finished the same install first: keep its folder, which may be in use.
      rmSync(partial, { recursive: true, force: true });
      return final;
    }
    rmSync(final, { recursive: true, force: true });
  }
  renameSync(partial, final);
  return final;
}

/** A complete cache folder `name`, or null. */
export function findCached(name) {
  for (const dir of [path.join(CACHE, name), path.join(LEGACY_CACHE, name)]) {
    if (existsSync(path.join(dir, MARKER))) return dir;
  }
  return null;
}

/** Removes partial folders of `name` whose install was killed (their process is gone). */
function removeAbandoned(name) {
  let entries;
  try {
    entries = readdirSync(CACHE);
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = entry.startsWith(`${name}.partial-`) ? Number(entry.slice(name.length + 9)) : NaN;
    if (Number.isInteger(pid) && !alive(pid)) rmSync(path.join(CACHE, entry), { recursive: true, force: true });
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}
