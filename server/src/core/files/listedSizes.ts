import { statSync } from 'node:fs';
import { turnTaker } from '../turns';
import type { FileIdentity } from './files';
import { fsPath } from './fsNames';

/** What the status of each listed file says: its size (0 when gone) and identity (null when gone). */
export interface ListedSizes {
  sizes: number[];
  identities: Array<FileIdentity | null>;
}

/**
 * The sizes and identities of listed files: one status call each, on this thread (thousands of them
 * queued on the thread pool at once held other requests for seconds), the event loop turning every
 * few milliseconds. Null as soon as `cancelled()` says so: on 50,000 files the calls take longer
 * than a cancelled request may wait for its answer.
 */
export async function listedSizes(files: readonly string[], cancelled: () => boolean): Promise<ListedSizes | null> {
  const sizes: number[] = [];
  const identities: Array<FileIdentity | null> = [];
  const turn = turnTaker();
  for (const file of files) {
    await turn();
    if (cancelled()) return null;
    const stat = statSync(fsPath(file), { throwIfNoEntry: false });
    sizes.push(stat?.size ?? 0);
    identities.push(stat ? { dev: stat.dev, ino: stat.ino } : null);
  }
  return { sizes, identities };
}
