import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  Connection,
  DidChangeTextDocumentParams,
  DidOpenTextDocumentParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';
import type { Catalog } from '../core/catalog/catalog';
import { FindingIndex } from '../core/index/findingIndex';

/** An open document, its findings and the work still running on them. */
export class DocumentState {
  readonly index: FindingIndex;
  /** Resolves when the index matches the current text. */
  ready: Promise<void> = Promise.resolve();
  private generation = 0;

  constructor(
    public doc: TextDocument,
    catalog: Catalog,
  ) {
    this.index = new FindingIndex(catalog);
  }

  /** Re-indexes the whole text in the background; a newer call or a close cancels an older one. */
  reindex(): Promise<void> {
    const generation = ++this.generation;
    const text = this.doc.getText();
    this.ready = this.index.rebuild(text, () => generation !== this.generation).then(() => undefined);
    return this.ready;
  }

  cancel(): void {
    this.generation++;
  }

  /** Applies an incremental change to the text, and to the index when no full re-index is running. */
  apply(changes: readonly TextDocumentContentChangeEvent[], version: number, indexing: boolean): boolean {
    let needsFull = false;
    for (const change of changes) {
      if (!('range' in change) || needsFull || indexing) {
        this.doc = TextDocument.update(this.doc, [change], version);
        needsFull = true;
        continue;
      }
      const start = this.doc.offsetAt(change.range.start);
      const oldEnd = this.doc.offsetAt(change.range.end);
      this.doc = TextDocument.update(this.doc, [change], version);
      const newEnd = start + change.text.length;
      this.index.update(this.doc.getText(), {
        start,
        oldEnd,
        newEnd,
        startLine: change.range.start.line,
        oldEndLine: change.range.end.line,
        newEndLine: this.doc.positionAt(newEnd).line,
      });
    }
    return needsFull;
  }
}

/**
 * Open documents, kept in sync incrementally. Unlike the stock TextDocuments manager it sees each
 * change's range, so the findings index is updated around the edit instead of rescanned whole.
 */
export class DocumentStore {
  private readonly states = new Map<string, DocumentState>();
  private readonly indexing = new Set<string>();

  constructor(
    private catalog: () => Catalog,
    private readonly onChanged: (uri: string) => void,
  ) {}

  listen(connection: Connection): void {
    connection.onDidOpenTextDocument((p) => this.open(p));
    connection.onDidChangeTextDocument((p) => this.change(p));
    connection.onDidCloseTextDocument((p) => this.close(p.textDocument.uri));
  }

  get(uri: string): DocumentState | undefined {
    return this.states.get(uri);
  }

  all(): DocumentState[] {
    return [...this.states.values()];
  }

  open({ textDocument: t }: DidOpenTextDocumentParams): void {
    const state = new DocumentState(TextDocument.create(t.uri, t.languageId, t.version, t.text), this.catalog());
    this.states.set(t.uri, state);
    this.reindex(state);
  }

  change({ textDocument, contentChanges }: DidChangeTextDocumentParams): void {
    const state = this.states.get(textDocument.uri);
    if (!state) return;
    const needsFull = state.apply(contentChanges, textDocument.version, this.indexing.has(textDocument.uri));
    if (needsFull) this.reindex(state);
    else this.onChanged(textDocument.uri);
  }

  close(uri: string): void {
    this.states.get(uri)?.cancel();
    this.states.delete(uri);
    this.indexing.delete(uri);
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
    this.indexing.add(uri);
    const done = state.reindex();
    void done.then(() => {
      if (this.states.get(uri) !== state || state.ready !== done) return;
      this.indexing.delete(uri);
      this.onChanged(uri);
    });
  }
}
