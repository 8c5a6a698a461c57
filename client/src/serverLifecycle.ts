import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { Commands } from '#shared/commands';
import { inBackground } from './background';
import type { KmsStatusBar } from './statusBar';

/**
 * The language server's life as the user sees it. The client library restarts a server that
 * crashed (up to 5 times in 3 minutes); beyond that, or when it fails to start, the status bar says
 * the server is down and why, and KMS: Restart Language Server starts a fresh one. A client whose
 * start failed cannot start again, so a restart makes a new client.
 */
export class ServerLifecycle implements vscode.Disposable {
  private current: LanguageClient;
  private stateListener: vscode.Disposable;

  constructor(
    private readonly create: () => LanguageClient,
    private readonly statusBar: KmsStatusBar,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.current = create();
    this.stateListener = this.follow(this.current);
  }

  /** The client of the server running now (or last started). */
  get client(): LanguageClient {
    return this.current;
  }

  /** Starts the server; a failure is shown (with its reason) and logged, never thrown. */
  async start(): Promise<boolean> {
    try {
      await this.current.start();
      this.statusBar.setServerDown(undefined);
      return true;
    } catch (error) {
      this.failed(vscode.l10n.t('The KMS language server did not start: {0}', reason(error)));
      return false;
    }
  }

  /** KMS: Restart Language Server. */
  async restart(): Promise<boolean> {
    const old = this.current;
    if (old.state === State.Running) {
      try {
        await old.restart();
        this.statusBar.setServerDown(undefined);
        return true;
      } catch (error) {
        this.output.warn(`restarting the language server failed: ${reason(error)}; starting a new one`);
      }
    }
    this.stateListener.dispose();
    await old
      .dispose()
      .then(undefined, (error: unknown) =>
        this.output.warn(`disposing the stopped language client failed: ${reason(error)}`),
      );
    this.current = this.create();
    this.stateListener = this.follow(this.current);
    return this.start();
  }

  private follow(client: LanguageClient): vscode.Disposable {
    return client.onDidChangeState(({ newState }) => {
      if (newState === State.Running) this.statusBar.setServerDown(undefined);
      // Stopped without a stop asked for: the client library gave up restarting a crashing server.
      else if (newState === State.Stopped && this.current === client)
        this.statusBar.setServerDown(vscode.l10n.t('The KMS language server stopped.'));
    });
  }

  private failed(message: string): void {
    this.output.error(message);
    this.statusBar.setServerDown(message);
    const restart = vscode.l10n.t('Restart');
    inBackground(
      'server start message',
      vscode.window
        .showErrorMessage(message, restart)
        .then((choice) => (choice === restart ? vscode.commands.executeCommand(Commands.restartServer) : undefined)),
    );
  }

  dispose(): void {
    this.stateListener.dispose();
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
