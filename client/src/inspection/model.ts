import * as vscode from 'vscode';
import type { InspectLogsResult, InspectedFile, SeverityClass } from '#shared/protocol';
import { inBackground } from '../background';

export type GroupBy = 'code' | 'file';

/**
 * The last inspection of the workspace's logs, updated file by file when logs change, with the
 * tree's grouping and filter. The server computed every count; this only keeps and slices them.
 */
export class InspectionModel {
  private result: InspectLogsResult | undefined;
  private readonly files = new Map<string, InspectedFile>();
  groupBy: GroupBy = 'code';
  filter = '';
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  get last(): InspectLogsResult | undefined {
    return this.result;
  }

  set(result: InspectLogsResult): void {
    this.result = withoutPrototypes(result);
    this.files.clear();
    for (const file of result.files) this.files.set(file.path, file);
    this.changed.fire();
  }

  /** Replaces the entries of re-inspected files (a watcher fired, an open log was edited). */
  update(result: InspectLogsResult, paths: readonly string[]): void {
    if (!this.result) return this.set(result);
    withoutPrototypes(result);
    for (const p of paths) this.files.delete(p);
    for (const file of result.files) this.files.set(file.path, file);
    Object.assign(this.result.codes, result.codes);
    this.changed.fire();
  }

  remove(path: string): void {
    if (this.files.delete(path)) this.changed.fire();
  }

  setGrouping(groupBy: GroupBy): void {
    this.groupBy = groupBy;
    inBackground('setContext', vscode.commands.executeCommand('setContext', 'kms.errors.groupBy', groupBy));
    this.changed.fire();
  }

  setFilter(filter: string): void {
    this.filter = filter.trim();
    inBackground('setContext', vscode.commands.executeCommand('setContext', 'kms.errors.filtered', this.filter !== ''));
    this.changed.fire();
  }

  /** Files with KMS errors that pass the filter (which matches a code or a path, case-insensitively). */
  visibleFiles(): InspectedFile[] {
    const needle = this.filter.toLowerCase();
    return [...this.files.values()]
      .filter((f) => f.findings > 0)
      .filter(
        (f) =>
          !needle ||
          f.path.toLowerCase().includes(needle) ||
          Object.keys(f.byCode).some((c) => c.toLowerCase().includes(needle)),
      )
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  codeMatches(code: string): boolean {
    const needle = this.filter.toLowerCase();
    return (
      !needle ||
      code.toLowerCase().includes(needle) ||
      [...this.files.values()].some((f) => f.path.toLowerCase().includes(needle))
    );
  }

  info(code: string): { status: string | null; severity: SeverityClass } {
    return this.result?.codes[code] ?? { status: null, severity: 'client' };
  }

  totalFindings(): number {
    return [...this.files.values()].reduce((n, f) => n + f.findings, 0);
  }
}

/**
 * Codes come from user catalogs: counts keyed by them get no prototype, so a code named `toString`
 * or `constructor` that a file lacks reads as absent rather than as an Object method.
 */
function withoutPrototypes(result: InspectLogsResult): InspectLogsResult {
  for (const file of result.files)
    file.byCode = Object.assign(Object.create(null) as Record<string, number>, file.byCode);
  result.codes = Object.assign(Object.create(null) as InspectLogsResult['codes'], result.codes);
  return result;
}
