import type {
  Connection,
  DidChangeTextDocumentParams,
  DidOpenTextDocumentParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';
import type { Catalog } from '../core/catalog/catalog';
import { FindingIndex } from '../core/index/findingIndex';
import { LineDocument } from '../core/index/lineDocument';
import { IndexProgress } from './indexProgress';

/** An open document, its findings and the indexing still running on them. */
export class DocumentState {
  readonly index: FindingIndex;
  /** Resolves when the index matches the current text. */
  ready: Promise<void> = Promise.resolve();
  private generation = 0;

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

  /** Applies changes to the text, and to the index when it is complete; true when a full re-index is needed. */
  apply(changes: readonly TextDocumentContentChangeEvent[], version: number): boolean {
    let needsFull = !this.index.complete;
    for (const change of changes) {
      const edit = this.doc.apply(change, version);
      if (edit === null) needsFull = true;
      else if (!needsFull && !this.index.update(this.doc, edit)) needsFull = true;
    }
    return needsFull;
  }
}

/** What the store tells the rest of the server. */
export interface DocumentEvents {
  /** A document's findings changed; `complete` is false while a large one is still being indexed. */
  changed(uri: string, complete: boolean): void;
  closed(uri: string): void;
  /** The title of the progress shown while a large document is indexed. */
  indexingTitle(uri: string): Promise<string>;
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
      this.close(p.textDocument.uri);
      this.events.closed(p.textDocument.uri);
    });
  }

  get(uri: string): DocumentState | undefined {
    return this.states.get(uri);
  }

  all(): DocumentState[] {
    return [...this.states.values()];
  }

  open({ textDocument: t }: DidOpenTextDocumentParams): void {
    const state = new DocumentState(new LineDocument(t.uri, t.languageId, t.version, t.text), this.catalog());
    this.states.set(t.uri, state);
    this.reindex(state);
  }

  change({ textDocument, contentChanges }: DidChangeTextDocumentParams): void {
    const state = this.states.get(textDocument.uri);
    if (!state) return;
    if (state.apply(contentChanges, textDocument.version)) this.reindex(state);
    else this.events.changed(textDocument.uri, true);
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
      this.connection && total > PROGRESS_CHARS
        ? new IndexProgress(this.connection, this.events.indexingTitle(uri), total)
        : undefined;
    const done = state.reindex((read) => {
      this.events.changed(uri, false);
      progress?.report(read);
    });
    void done.then(() => {
      progress?.done();
      if (this.states.get(uri) === state && state.ready === done && state.index.complete)
        this.events.changed(uri, true);
    });
  }
}
