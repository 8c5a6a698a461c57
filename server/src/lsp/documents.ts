import type {
  Connection,
  DidChangeTextDocumentParams,
  DidOpenTextDocumentParams,
  Range,
} from 'vscode-languageserver/node';
import type { Catalog } from '../core/catalog/catalog';
import { FindingIndex } from '../core/index/findingIndex';
import type { Finding } from '../core/scanner/types';
import { LineDocument } from '../core/index/lineDocument';
import { applyChanges, type Applied } from '../core/index/applyChanges';
import { EditBatch, type Change, type Pos } from '../core/index/editBatch';
import { lineBreaks } from '../core/index/lines';
import { DirtyLines } from '../core/index/dirtyLines';
import { refineLines } from '../core/index/rescan';
import { IndexProgress } from './indexProgress';
import { rangeProblem } from './params';

/** An open document, its findings and the indexing still running on them. */
export class DocumentState {
  readonly index: FindingIndex;
  /** Resolves when the index matches the current text. */
  ready: Promise<void> = Promise.resolve();
  private generation = 0;
  /** Lines whose findings are provisional until a rescan in the background (see applyChanges). */
  private readonly unsettled = new DirtyLines();

  constructor(
    readonly doc: LineDocument,
    catalog: Catalog,
  ) {
    this.index = new FindingIndex(catalog);
  }

  /**
   * Re-indexes the whole text in the background; a newer call or a close cancels an older one.
   * `onSlice` hears between the slices of a large document.
   */
  reindex(onSlice: (read: number) => void = () => undefined): Promise<void> {
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    this.ready = this.index.rebuild(this.doc, { cancelled: () => !current(), onSlice }).then(() => undefined);
    return this.ready;
  }

  cancel(): void {
    this.generation++;
  }

  /**
   * Applies changes to the text, and to the index when it is complete (see applyChanges). A malformed
   * change is refused with the changes after it (they were made on a text this one would have
   * produced); those before it stay applied, so text and index always agree.
   */
  apply(changes: readonly unknown[], version: number): Applied {
    this.doc.version = version;
    // A log that grows while it is indexed (the app appends, the editor sends each append): the
    // rebuild still running reads the appended text on (FindingIndex.rebuild), so it goes on.
    if (this.index.rebuilding && onlyAppends(changes, this.doc)) {
      const batch = new EditBatch(this.doc);
      for (const change of changes) batch.add(change as Change);
      batch.finish();
      return { needsFull: false, needsRefine: false };
    }
    // A rescan running in the background reads the text before: it stops at its next slice.
    this.generation++;
    return applyChanges(this.doc, this.index, changes, changeProblem, this.unsettled);
  }

  /**
   * True when the findings at and before `offset` may be read now (see FindingIndex.settledAt), and
   * none of them is missing: an edited line whose findings wait for the background rescan is not.
   */
  settledAt(offset: number): boolean {
    if (!this.index.settledAt(offset)) return false;
    return !this.index.gapped || !this.unsettled.covers(this.doc.positionAt(offset).line);
  }

  /** Rescans the lines left unsettled by edits, in the background; an edit, re-index or close cancels it. */
  refine(): Promise<void> {
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    this.ready = refineLines(this.index, this.doc, this.unsettled.all, () => !current()).then((done) => {
      if (done) this.unsettled.clear();
    });
    return this.ready;
  }
}

/** True when every change inserts text at the end of the text the changes before it made. */
function onlyAppends(changes: readonly unknown[], doc: LineDocument): boolean {
  let end = doc.positionAt(doc.length);
  let last = doc.length > 0 ? doc.slice(doc.length - 1, doc.length) : '';
  for (const change of changes) {
    const { range, text } = (change ?? {}) as { range?: Partial<Range>; text?: unknown };
    const at = (p: unknown) =>
      typeof p === 'object' && p !== null && (p as Pos).line === end.line && (p as Pos).character === end.character;
    if (typeof text !== 'string' || !at(range?.start) || !at(range?.end)) return false;
    // A `\n` after a `\r` makes one line end of two: the lines counted here would be wrong.
    if (last === '\r' && text.startsWith('\n')) return false;
    const { breaks, lastLength } = lineBreaks(text);
    end =
      breaks === 0
        ? { line: end.line, character: end.character + text.length }
        : { line: end.line + breaks, character: lastLength };
    if (text !== '') last = text.charAt(text.length - 1);
  }
  return changes.length > 0;
}

/**
 * What is wrong with a change to `doc`, if anything. A range must hold whole non-negative line and
 * character numbers, start before it ends and lie inside the document: its lines exist, or it is the
 * position just past the last line end (some clients say so for the end). A character past the end
 * of its line means the end of the line, as LSP says.
 */
function changeProblem(change: unknown, lineCount: number): string | undefined {
  if (typeof change !== 'object' || change === null) return 'not a change';
  const { text, range } = change as { text?: unknown; range?: unknown };
  if (typeof text !== 'string') return 'text is not a string';
  if (range === undefined) return undefined;
  const problem = rangeProblem(range);
  if (problem) return problem;
  const { start, end } = range as Range;
  for (const [name, p] of [
    ['start', start],
    ['end', end],
  ] as const) {
    const pastEnd = p.line === lineCount && p.character === 0;
    if (p.line >= lineCount && !pastEnd)
      return `range.${name} is on line ${p.line}, past the document's ${lineCount} lines`;
  }
  return undefined;
}

/** What the store tells the rest of the server. */
export interface DocumentEvents {
  /** A document's findings changed; `complete` is false while a large one is still being indexed. */
  changed(uri: string, complete: boolean): void;
  closed(uri: string): void;
  /** The title of the progress shown while a large document is indexed. */
  indexingTitle(uri: string): Promise<string>;
  /** A malformed notification was refused: logged as an error. */
  refused(message: string): void;
}

// Documents of more characters than this show progress while they are indexed (about a second).
const PROGRESS_CHARS = 8 << 20;

/**
 * Open documents, kept in sync incrementally. Unlike the stock TextDocuments manager it sees each
 * change's range, so the findings index is updated around the edit instead of rescanned whole, and
 * it keeps the text as lines, so an edit does not copy a large document.
 */
export class DocumentStore {
  private readonly states = new Map<string, DocumentState>();
  private connection: Connection | undefined;
  /** Whether the client declared work-done progress; only then is it asked to create one. */
  progressSupported = false;

  constructor(
    private catalog: () => Catalog,
    private readonly events: DocumentEvents,
  ) {}

  listen(connection: Connection): void {
    this.connection = connection;
    connection.onDidOpenTextDocument((p) => this.open(p));
    connection.onDidChangeTextDocument((p) => this.change(p));
    // The only didClose handler (a connection keeps one per notification): the store owns the lifecycle.
    connection.onDidCloseTextDocument((p) => {
      const uri: unknown = p?.textDocument?.uri;
      if (typeof uri !== 'string')
        return this.events.refused('textDocument/didClose refused: textDocument.uri is missing');
      this.close(uri);
      this.events.closed(uri);
    });
  }

  get(uri: string): DocumentState | undefined {
    return this.states.get(uri);
  }

  all(): DocumentState[] {
    return [...this.states.values()];
  }

  open(params: DidOpenTextDocumentParams): void {
    const t = params?.textDocument as Partial<DidOpenTextDocumentParams['textDocument']> | undefined;
    if (
      !t ||
      typeof t.uri !== 'string' ||
      typeof t.text !== 'string' ||
      typeof t.languageId !== 'string' ||
      !Number.isInteger(t.version)
    ) {
      this.events.refused(
        'textDocument/didOpen refused: textDocument needs a uri, languageId, integer version and text',
      );
      return;
    }
    const state = new DocumentState(new LineDocument(t.uri, t.languageId, t.version as number, t.text), this.catalog());
    this.states.set(t.uri, state);
    this.reindex(state);
  }

  change(params: DidChangeTextDocumentParams): void {
    const { textDocument, contentChanges } = (params ?? {}) as Partial<DidChangeTextDocumentParams>;
    if (
      typeof textDocument?.uri !== 'string' ||
      !Number.isInteger(textDocument.version) ||
      !Array.isArray(contentChanges)
    ) {
      this.events.refused(
        'textDocument/didChange refused: it needs textDocument.uri, an integer version and contentChanges',
      );
      return;
    }
    const state = this.states.get(textDocument.uri);
    if (!state) return;
    const { needsFull, needsRefine, refused } = state.apply(contentChanges, textDocument.version);
    if (refused)
      this.events.refused(
        `textDocument/didChange of ${textDocument.uri} (version ${textDocument.version}) refused: ${refused}; the text keeps the changes before it`,
      );
    if (needsFull) return this.reindex(state);
    this.events.changed(textDocument.uri, !state.index.rebuilding);
    if (needsRefine) this.refine(state);
  }

  close(uri: string): void {
    this.states.get(uri)?.cancel();
    this.states.delete(uri);
  }

  /** Rebuilds every index, after the catalog changed. */
  reindexAll(): void {
    for (const [uri, state] of this.states) {
      const fresh = new DocumentState(state.doc, this.catalog());
      state.cancel();
      this.states.set(uri, fresh);
      this.reindex(fresh);
    }
  }

  private reindex(state: DocumentState): void {
    const uri = state.doc.uri;
    const total = state.doc.length;
    const progress =
      this.connection && this.progressSupported && total > PROGRESS_CHARS
        ? new IndexProgress(this.connection, this.events.indexingTitle(uri), total)
        : undefined;
    const done = state.reindex((read) => {
      this.events.changed(uri, false);
      progress?.report(read);
    });
    done.then(
      () => {
        progress?.done();
        if (this.states.get(uri) === state && state.ready === done && state.index.complete)
          this.events.changed(uri, true);
      },
      (error: unknown) => {
        progress?.done();
        this.events.refused(`indexing ${uri} failed: ${(error as Error).stack ?? String(error)}`);
      },
    );
  }

  private refine(state: DocumentState): void {
    const uri = state.doc.uri;
    const done = state.refine();
    done.then(
      () => {
        if (this.states.get(uri) === state && state.ready === done && state.index.complete)
          this.events.changed(uri, true);
      },
      (error: unknown) => this.events.refused(`indexing ${uri} failed: ${(error as Error).stack ?? String(error)}`),
    );
  }
}

/** The text of a finding's record, cut from the document (records are bounded by the scanner). */
export function recordText(doc: { slice(start: number, end: number): string }, finding: Finding): string {
  return doc.slice(finding.record.start, finding.record.end);
}
