import { watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinCatalog } from '../core/catalog/builtin';
import type { Catalog } from '../core/catalog/catalog';
import { withUserCatalogs } from '../core/catalog/userCatalogs';

/**
 * The built-in catalog plus the user catalogs of `kms.catalog.paths`, reloaded when a file changes.
 * A broken file is reported once (per distinct problem) and skipped; the rest keeps working.
 */
export class CatalogStore {
  private catalog: Catalog = builtinCatalog();
  private watchers: FSWatcher[] = [];
  private reported = new Set<string>();
  private files: string[] = [];
  private reloadTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onChange: () => void,
    private readonly reportError: (message: string) => void,
  ) {}

  get(): Catalog {
    return this.catalog;
  }

  /** Sets the catalog files (relative paths resolve against the workspace folders) and loads them. */
  async configure(paths: readonly string[], workspaceFolders: readonly string[]): Promise<void> {
    const files = paths.flatMap((p) =>
      path.isAbsolute(p)
        ? [p]
        : (workspaceFolders.length > 0 ? workspaceFolders : [process.cwd()]).map((f) => path.join(f, p)),
    );
    if (files.join('\n') === this.files.join('\n')) return;
    this.files = files;
    for (const w of this.watchers) w.close();
    this.watchers = [];
    for (const file of files) {
      try {
        // A watcher that fails later (the file's folder removed) stops; the next configuration watches again.
        this.watchers.push(watch(file, () => this.scheduleReload()).on('error', () => undefined));
      } catch {
        // A missing file is reported by load(); it is watched again on the next configuration.
      }
    }
    await this.load();
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.load().catch((error: unknown) => this.reportError((error as Error).message ?? String(error)));
    }, 100);
  }

  private async load(): Promise<void> {
    const result = await withUserCatalogs(builtinCatalog(), this.files);
    for (const message of result.errors) {
      if (!this.reported.has(message)) {
        this.reported.add(message);
        this.reportError(message);
      }
    }
    this.catalog = result.catalog;
    this.onChange();
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    for (const w of this.watchers) w.close();
  }
}

/** The file system paths of folder URIs; other schemes and malformed file URIs are left out. */
export function folderPaths(uris: readonly string[]): string[] {
  return uris.flatMap((uri) => {
    if (!uri.startsWith('file:')) return [];
    try {
      return [fileURLToPath(uri)];
    } catch {
      return [];
    }
  });
}
