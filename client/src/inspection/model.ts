import * as vscode from 'vscode';
import type {
  CodeInfo,
  IncidentTimelineResult,
  IncidentView,
  InspectLogsResult,
  InspectedFile,
  SummaryViewParams,
  UnreadPath,
} from '#shared/protocol';
import { inBackground } from '../background';

/** The workspaceState key of the last inspection, kept across window reloads. */
const STATE_KEY = 'kms.lastInspection';

/** The inspection as kept across reloads, with the time its data last changed, and its incidents. */
type Stored = InspectLogsResult & { asOf?: number; timeline?: IncidentTimelineResult };
/** A larger inspection is not kept across reloads: workspace state is not meant for megabytes. */
const MAX_STORED_CHARS = 4_000_000;

export type GroupBy = 'code' | 'file' | 'incident';

/**
 * The last inspection of the workspace's logs, updated file by file when logs change, with the
 * tree's grouping and filter. The server computed every count; this only keeps and slices them.
 */
export class InspectionModel {
  private result: InspectLogsResult | undefined;
  /** The incidents of the last inspection, with the changes before them. */
  private incidentTimeline: IncidentTimelineResult | undefined;
  private readonly files = new Map<string, InspectedFile>();
  /** Folders the last inspection could not read, and what exports since could not read. */
  private readonly unreadable = new Map<string, string>();
  groupBy: GroupBy = 'code';
  filter = '';
  /** When the files last changed (an inspection, a re-inspected file, a deleted one), in ms since the epoch. */
  asOf = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** The incidents changed (a timeline arrived after an inspection); the files did not. */
  private readonly timelineChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeTimeline = this.timelineChanged.event;

  constructor(private readonly state?: vscode.Memento) {
    const stored = state?.get<Stored>(STATE_KEY);
    if (stored && Array.isArray(stored.files) && stored.codes) {
      this.result = stored;
      this.asOf = typeof stored.asOf === 'number' ? stored.asOf : 0;
      for (const file of stored.files) this.files.set(file.path, file);
      if (stored.timeline?.report && Array.isArray(stored.timeline.report.incidents))
        this.incidentTimeline = stored.timeline;
      this.noteUnreadable(stored.unreadable ?? []);
    }
  }

  /** Keeps the inspection (as the view shows it) for the next window. */
  private save(): void {
    if (!this.state || !this.result) return;
    // The summary is made from the files: the inspection's own rendering would be stale after a change.
    const kept: Stored = {
      ...this.result,
      files: [...this.files.values()],
      summaryHtml: null,
      asOf: this.asOf,
      ...(this.incidentTimeline ? { timeline: this.incidentTimeline } : {}),
    };
    const text = JSON.stringify(kept);
    inBackground(
      'save the inspection',
      this.state.update(STATE_KEY, text.length <= MAX_STORED_CHARS ? kept : undefined),
    );
  }

  get last(): InspectLogsResult | undefined {
    return this.result;
  }

  set(result: InspectLogsResult): void {
    this.result = withoutPrototypes(result);
    this.files.clear();
    for (const file of result.files) this.files.set(file.path, file);
    this.unreadable.clear();
    this.noteUnreadable(result.unreadable ?? []);
    this.asOf = Date.now();
    this.save();
    this.changed.fire();
  }

  /** Adds folders or files that were not read (by an export) to those the view lists. */
  addUnreadable(paths: readonly UnreadPath[]): void {
    if (paths.length === 0) return;
    this.noteUnreadable(paths);
    this.changed.fire();
  }

  private noteUnreadable(paths: readonly UnreadPath[]): void {
    for (const { path, message } of paths) this.unreadable.set(path, message);
  }

  /**
   * What the inspection did not read, with the reason: folders it could not list, and files it could
   * not read or skipped (binary). Sorted by path.
   */
  notRead(): UnreadPath[] {
    const entries = new Map(this.unreadable);
    for (const file of this.files.values()) if (file.error !== undefined) entries.set(file.path, file.error);
    return [...entries].map(([path, message]) => ({ path, message })).sort((a, b) => a.path.localeCompare(b.path));
  }

  /** Replaces the entries of re-inspected files (a watcher fired, an open log was edited). */
  update(result: InspectLogsResult, paths: readonly string[]): void {
    if (!this.result) return this.set(result);
    withoutPrototypes(result);
    for (const p of paths) this.files.delete(p);
    for (const file of result.files) this.files.set(file.path, file);
    Object.assign(this.result.codes, result.codes);
    this.asOf = Date.now();
    this.save();
    this.changed.fire();
  }

  remove(path: string): void {
    if (!this.files.delete(path)) return;
    this.asOf = Date.now();
    this.save();
    this.changed.fire();
  }

  /** The incidents of the workspace, as the last timeline found them. */
  get timeline(): IncidentTimelineResult | undefined {
    return this.incidentTimeline;
  }

  setTimeline(timeline: IncidentTimelineResult): void {
    this.incidentTimeline = timeline;
    this.save();
    this.timelineChanged.fire();
  }

  /** The incidents the filter shows: those whose code or files contain the filter's text. */
  visibleIncidents(): IncidentView[] {
    const needle = this.filter.toLowerCase();
    return (this.incidentTimeline?.report.incidents ?? []).filter(
      (i) =>
        !needle ||
        i.code.toLowerCase().includes(needle) ||
        i.files.some((f) => f.toLowerCase().includes(needle)) ||
        (i.resource?.id.toLowerCase().includes(needle) ?? false),
    );
  }

  /** The listed occurrence at a line of a file, if the view lists it. */
  occurrenceAt(path: string, line: number): InspectedFile['occurrences'][number] | undefined {
    return this.files.get(path)?.occurrences.find((o) => o.line === line);
  }

  file(path: string): InspectedFile | undefined {
    return this.files.get(path);
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

  info(code: string): CodeInfo {
    return (
      this.result?.codes[code] ?? { status: null, severity: 'actionRequired', codeClass: 'parameter', classLabel: '' }
    );
  }

  /** The codes of a file the filter shows: all of them when the filter matches its path. */
  visibleCodes(file: InspectedFile): Array<[string, number]> {
    const needle = this.filter.toLowerCase();
    const entries = Object.entries(file.byCode);
    if (!needle || file.path.toLowerCase().includes(needle)) return entries;
    return entries.filter(([code]) => code.toLowerCase().includes(needle));
  }

  /** KMS errors of a file that the filter shows. */
  visibleCount(file: InspectedFile): number {
    return this.visibleCodes(file).reduce((n, [, count]) => n + count, 0);
  }

  /** The listed occurrences of a RequestId, with their files. */
  occurrencesOf(requestId: string): Array<{ path: string; occurrence: InspectedFile['occurrences'][number] }> {
    const found: Array<{ path: string; occurrence: InspectedFile['occurrences'][number] }> = [];
    for (const file of this.files.values())
      for (const occurrence of file.occurrences)
        if (occurrence.requestId === requestId) found.push({ path: file.path, occurrence });
    return found;
  }

  /** What the summary sums: every file the view lists (whatever the filter), and the filter's count. */
  summaryParams(): SummaryViewParams {
    const files = [...this.files.values()]
      .filter((f) => f.findings > 0)
      .sort((a, b) => a.path.localeCompare(b.path))
      .map(({ path, findings, byCode, summary }) => ({ path, findings, byCode, ...(summary ? { summary } : {}) }));
    return {
      files,
      asOf: this.asOf,
      ...(this.filter ? { filter: { text: this.filter, findings: this.visibleFindings() } } : {}),
    };
  }

  totalFindings(): number {
    return [...this.files.values()].reduce((n, f) => n + f.findings, 0);
  }

  /** KMS errors the view shows with the current filter. */
  visibleFindings(): number {
    return this.visibleFiles().reduce((n, f) => n + this.visibleCount(f), 0);
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
