import {
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type CodeActionParams,
  type DocumentLinkParams,
  type InitializeError,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type TextDocumentPositionParams,
} from 'vscode-languageserver/node';
import { IncidentTimelineRequest, type KmsInitializationOptions } from '#shared/protocol';
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
import { checkedBy, handler } from './handler';
import { codeActionParamsProblem, positionParamsProblem, uriProblem } from './params';
import { listenForRequests } from './requests';
import { IncidentStore, incidentTimeline } from './timeline';
import { SettingsStore } from './settings';
import { ToClient, describe } from './toClient';
import { fileName } from './uris';

/** The KMS language server: LSP wiring over the editor-independent core. */
export class KmsLanguageServer {
  private settings: SettingsStore;
  private diagnostics: DiagnosticsProvider | undefined;
  private clientLocale: Locale = 'en';
  private commandLinks = false;
  private folders: string[] = [];
  private initialized = false;
  private followFolders = false;
  private readonly toClient: ToClient;
  private relatedInformation = false;
  private readonly catalogs: CatalogStore;
  private readonly documents: DocumentStore;
  private readonly context: ServerContext;
  /** The last incident timeline, for the hovers of the errors it groups. */
  private readonly incidents = new IncidentStore();

  constructor(private readonly connection: Connection) {
    this.toClient = new ToClient(connection);
    // Until initialize says otherwise: the defaults, no pull.
    this.settings = new SettingsStore(connection, this.toClient, false, undefined);
    this.catalogs = new CatalogStore(
      () => {
        this.documents.reindexAll();
        this.diagnostics?.refreshAll();
      },
      (message) => {
        this.locale().then(
          (l) => this.toClient.show('error', catalogMessage(message, l)),
          (error: unknown) => this.toClient.error(`catalog message failed: ${describe(error)}`),
        );
      },
    );
    this.documents = new DocumentStore(() => this.catalogs.get(), {
      changed: (uri, complete) => this.diagnostics?.changed(uri, complete),
      closed: (uri) => {
        this.settings.forget(uri);
        this.diagnostics?.closed(uri);
      },
      indexingTitle: async (uri) => strings(await this.locale()).indexing(fileName(uri)),
      refused: (message) => this.toClient.error(message),
    });
    this.context = {
      documents: this.documents,
      catalog: () => this.catalogs.get(),
      settings: (uri) => this.settings.get(uri),
      locale: () => this.locale(),
      commandLinks: () => this.commandLinks,
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
    c.onInitialized(() => {
      // `initialized` before `initialize` (a client out of order): nothing is known yet to configure.
      if (!this.diagnostics) {
        this.toClient.warn('initialized arrived before initialize; ignored');
        return;
      }
      this.initialized = true;
      this.listenForFolders();
      this.reconfigure();
    });
    c.onDidChangeConfiguration((change) => {
      if (this.initialized) this.reconfigure((change as { settings?: unknown } | null)?.settings);
    });
    this.documents.listen(c);
    const atPosition = checkedBy<TextDocumentPositionParams>(positionParamsProblem);
    const ctx = this.context;
    const incidents = this.incidents;
    c.onHover(handler(c, 'hover', atPosition, (p) => provideHover(p, ctx, incidents), { value: null }));
    c.onCompletion(handler(c, 'completion', atPosition, (p) => provideCompletion(p, ctx), { value: [] }));
    const actionParams = checkedBy<CodeActionParams>(codeActionParamsProblem);
    c.onCodeAction(handler(c, 'codeAction', actionParams, (p) => provideCodeActions(p, ctx), { value: [] }));
    const linkParams = checkedBy<DocumentLinkParams>(uriProblem);
    c.onDocumentLinks(handler(c, 'documentLinks', linkParams, (p) => provideDocumentLinks(p, ctx), { value: [] }));
    listenForRequests(c, this.context);
    c.onRequest(IncidentTimelineRequest.type, (params, token) =>
      incidentTimeline(params, token, c, this.context, this.incidents),
    );
    c.onShutdown(() => this.catalogs.dispose());
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult | ResponseError<InitializeError> {
    // LSP allows one initialize: a second would replace what every handler was set up with.
    if (this.diagnostics)
      return new ResponseError(ErrorCodes.InvalidRequest, 'initialize was already received', { retry: false });
    const p = (params ?? {}) as Partial<InitializeParams>;
    this.clientLocale = resolveLocale(typeof p.locale === 'string' ? p.locale : undefined);
    const folderUris = workspaceFolderUris(p.workspaceFolders);
    // Clients without workspace folders name the project by its root URI only.
    if (folderUris.length === 0 && typeof p.rootUri === 'string') folderUris.push(p.rootUri);
    this.folders = folderPaths(folderUris);
    this.commandLinks = (p.initializationOptions as KmsInitializationOptions | undefined)?.commandLinks === true;
    const caps = p.capabilities ?? {};
    const pullConfiguration = caps.workspace?.configuration === true;
    // Pull diagnostics need the refresh request (settings, catalogs and large logs change them without
    // an edit). A client that pulls but cannot be asked to pull again is served by push instead.
    const pullDiagnostics =
      caps.textDocument?.diagnostic !== undefined && caps.workspace?.diagnostics?.refreshSupport === true;
    const pullRelated = (caps.textDocument?.diagnostic as { relatedInformation?: boolean } | undefined)
      ?.relatedInformation;
    this.relatedInformation =
      caps.textDocument?.publishDiagnostics?.relatedInformation === true || pullRelated === true;
    this.followFolders = caps.workspace?.workspaceFolders === true;
    this.documents.progressSupported = caps.window?.workDoneProgress === true;
    this.settings = new SettingsStore(
      this.connection,
      this.toClient,
      pullConfiguration,
      p.initializationOptions?.settings,
    );
    this.diagnostics = new DiagnosticsProvider(this.connection, this.toClient, this.context, pullDiagnostics);
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
        // Declared statically, so following folders needs no registration request.
        ...(this.followFolders
          ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } }
          : {}),
      },
      serverInfo: { name: 'kms-language-server' },
    };
  }

  /** Workspace folders added or removed: relative catalog paths resolve against the new set. */
  private listenForFolders(): void {
    if (!this.followFolders) return;
    this.followFolders = false; // once: a second `initialized` must not subscribe twice
    this.connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(folderPaths(event.removed.map((f) => f.uri)));
      const added = folderPaths(event.added.map((f) => f.uri));
      this.folders = [
        ...this.folders.filter((f) => !removed.has(f)),
        ...added.filter((f) => !this.folders.includes(f)),
      ];
      this.reconfigure();
    });
  }

  private reconfigure(pushed?: unknown): void {
    this.configure(pushed).catch((error: unknown) =>
      this.toClient.error(`configuration failed: ${(error as Error).stack ?? describe(error)}`),
    );
  }

  private async configure(pushed?: unknown): Promise<void> {
    const settings = await this.settings.refresh(pushed);
    await this.catalogs.configure(settings.catalog.paths, this.folders);
    this.diagnostics?.refreshAll();
  }
}

/** The folder URIs of initialize params, whatever shape they came in. */
function workspaceFolderUris(folders: unknown): string[] {
  if (!Array.isArray(folders)) return [];
  return folders.flatMap((f) =>
    typeof (f as { uri?: unknown })?.uri === 'string' ? [(f as { uri: string }).uri] : [],
  );
}

function catalogMessage(message: string, locale: Locale): string {
  return strings(locale).catalogBroken(message);
}
