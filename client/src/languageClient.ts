import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { Commands, type KmsInitializationOptions } from '#shared/protocol';

/**
 * The language client: starts dist/server.js over IPC for every file and untitled document of any
 * language. `kms.trace.server` is read by the client library itself.
 */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  diagnosticsArrived: (uri: vscode.Uri) => void,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
    outputChannel: output,
    synchronize: { configurationSection: 'kms' },
    initializationOptions: {
      settings: vscode.workspace.getConfiguration('kms'),
      commandLinks: true,
    } satisfies KmsInitializationOptions,
    // Hovers link to the full explanation (`command:kms.explainCode`); only these commands may run from them.
    markdown: { isTrusted: { enabledCommands: [Commands.explainCode] } },
    // Untrusted workspaces: VS Code itself drops workspace values of kms.catalog.paths
    // (restrictedConfigurations in package.json), so catalogs named by a workspace are not read.
    // A document's own diagnostics replace the problems shown while its text was read ahead from disk.
    middleware: {
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const report = await next(document, previousResultId, token);
        diagnosticsArrived(document instanceof vscode.Uri ? document : document.uri);
        return report;
      },
      handleDiagnostics: (uri, diagnostics, next) => {
        diagnosticsArrived(uri);
        next(uri, diagnostics);
      },
    },
  };
  return new LanguageClient('kms', 'KMS Diagnostics', serverOptions, clientOptions);
}
