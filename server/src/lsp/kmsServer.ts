import {
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import type { Locale } from '../core/catalog/types';
import { resolveLocale } from '../core/format/locale';
import { strings } from '../core/format/strings';
import { CatalogStore, folderPaths } from './catalogs';
import { provideCodeActions } from './codeActions';
import { provideCompletion } from './completion';
import type { ServerContext } from './context';
import { DiagnosticsProvider } from './diagnostics';
import { DocumentStore } from './documents';
import { provideHover } from './hover';
import { provideDocumentLinks } from './links';
import { listenForRequests } from './requests';
import { SettingsStore } from './settings';
import { fileName } from './uris';

/** Runs a handler; an exception is logged and answered with `fallback`, so no input can kill the server. */
function guard<P, R>(connection: Connection, name: string, fallback: R, handler: (params: P) => Promise<R>) {
  return async (params: P): Promise<R> => {
    try {
      return await handler(params);
    } catch (error) {
      connection.console.error(`${name} failed: ${(error as Error).stack ?? String(error)}`);
      return fallback;
    }
  };
}

/** The KMS language server: LSP wiring over the editor-independent core. */
export class KmsLanguageServer {
  private settings!: SettingsStore;
  private diagnostics!: DiagnosticsProvider;
  private clientLocale: Locale = 'en';
  private folders: string[] = [];
  private relatedInformation = false;
  private readonly catalogs: CatalogStore;
  private readonly documents: DocumentStore;
  private readonly context: ServerContext;

  constructor(private readonly connection: Connection) {
    this.catalogs = new CatalogStore(
      () => {
        this.documents.reindexAll();
        this.diagnostics?.refreshAll();
      },
      (message) => void this.locale().then((l) => this.connection.window.showErrorMessage(catalogMessage(message, l))),
    );
    this.documents = new DocumentStore(() => this.catalogs.get(), {
      changed: (uri, complete) => this.diagnostics?.changed(uri, complete),
      closed: (uri) => this.diagnostics?.closed(uri),
      indexingTitle: async (uri) => strings(await this.locale()).indexing(fileName(uri)),
    });
    this.context = {
      documents: this.documents,
      catalog: () => this.catalogs.get(),
      settings: () => this.settings.get(),
      locale: () => this.locale(),
      relatedInformation: () => this.relatedInformation,
    };
  }

  private async locale(): Promise<Locale> {
    const language = (await this.settings.get()).language;
    return language === 'auto' ? this.clientLocale : language;
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => void this.configure());
    c.onDidChangeConfiguration((change) => void this.configure(change.settings));
    this.documents.listen(c);
    c.onHover(guard(c, 'hover', null, (p) => provideHover(p, this.context)));
    c.onCompletion(guard(c, 'completion', [], (p) => provideCompletion(p, this.context)));
    c.onCodeAction(guard(c, 'codeAction', [], (p) => provideCodeActions(p, this.context)));
    c.onDocumentLinks(guard(c, 'documentLinks', [], (p) => provideDocumentLinks(p, this.context)));
    listenForRequests(c, this.context);
    c.onShutdown(() => this.catalogs.dispose());
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.clientLocale = resolveLocale(params.locale);
    this.folders = folderPaths((params.workspaceFolders ?? []).map((f) => f.uri));
    const caps = params.capabilities;
    const pullConfiguration = caps.workspace?.configuration === true;
    const pullDiagnostics = caps.textDocument?.diagnostic !== undefined;
    const pullRelated = (caps.textDocument?.diagnostic as { relatedInformation?: boolean } | undefined)
      ?.relatedInformation;
    this.relatedInformation =
      caps.textDocument?.publishDiagnostics?.relatedInformation === true || pullRelated === true;
    this.settings = new SettingsStore(this.connection, pullConfiguration, params.initializationOptions?.settings);
    this.diagnostics = new DiagnosticsProvider(this.connection, this.context, pullDiagnostics);
    this.diagnostics.listen();
    return {
      capabilities: {
        positionEncoding: 'utf-16',
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.', '"', "'", '`'] },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        documentLinkProvider: { resolveProvider: false },
        ...(pullDiagnostics
          ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } }
          : {}),
      },
      serverInfo: { name: 'kms-language-server' },
    };
  }

  private async configure(pushed?: unknown): Promise<void> {
    const settings = await this.settings.refresh(pushed);
    await this.catalogs.configure(settings.catalog.paths, this.folders);
    this.diagnostics.refreshAll();
  }
}

function catalogMessage(message: string, locale: Locale): string {
  return strings(locale).catalogBroken(message);
}
