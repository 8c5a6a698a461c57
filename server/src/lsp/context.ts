import type { KmsSettings } from '#shared/protocol';
import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import type { DocumentState, DocumentStore } from './documents';

/** What every feature handler reads: the documents, the catalog, the settings and the language. */
export interface ServerContext {
  documents: DocumentStore;
  catalog(): Catalog;
  /** The settings of a document (`uri`, resource-scoped), or of the window. */
  settings(uri?: string): Promise<KmsSettings>;
  locale(): Promise<Locale>;
  /** The client declared (initializationOptions.commandLinks) that it runs `command:` links in hovers. */
  commandLinks(): boolean;
}

/** Waits until the document's findings match its latest text (re-indexing can restart while waiting). */
export async function settled(state: DocumentState): Promise<void> {
  let awaited: Promise<void>;
  do {
    awaited = state.ready;
    await awaited;
  } while (awaited !== state.ready);
}
