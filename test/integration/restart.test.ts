import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import { ServerLifecycle } from '../../client/src/serverLifecycle';
import { KmsStatusBar } from '../../client/src/statusBar';
import { ServerStatusRequest, type ServerStatus } from '#shared/protocol';
import { activate, hoverText, open, positionOf, until } from './helpers';

/** The hover text at `needle` in the editor, once the server answers with a KMS hover. */
async function kmsHover(editor: vscode.TextEditor, needle: string): Promise<string> {
  const at = positionOf(editor.document, needle, 3);
  return until(async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      at,
    );
    const value = hoverText(hovers ?? []);
    return value.includes('404 Not Found') ? value : undefined;
  }, `a hover on ${needle}`);
}

function kmsDiagnostics(editor: vscode.TextEditor): number {
  return vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'kms').length;
}

/** The pid of the running server, once it answers. */
async function serverPid(): Promise<number> {
  const api = await activate();
  let lastError: unknown;
  try {
    return await until(async () => {
      try {
        // By method name: the test's copy of the protocol module is not the extension's.
        return (await api.client.sendRequest<ServerStatus>(ServerStatusRequest.method, {})).pid;
      } catch (error) {
        lastError = error;
        return undefined; // not running yet
      }
    }, 'the language server to answer');
  } catch (error) {
    throw new Error(`${(error as Error).message}; last answer: ${String(lastError)}`, { cause: error });
  }
}

// Runs last (files run in name order): it kills the server the other suites use.
describe('KMS language server restarts', () => {
  it('comes back after its process is killed, with hovers and diagnostics', async () => {
    const editor = await open('app.log');
    await kmsHover(editor, 'Forbidden.KeyNotFound');
    const before = await until(() => kmsDiagnostics(editor) || undefined, 'diagnostics before the kill');
    const killed = await serverPid();
    process.kill(killed, 'SIGKILL');
    const restarted = await until(async () => {
      const pid = await serverPid();
      return pid !== killed ? pid : undefined;
    }, 'a new server process');
    assert.notEqual(restarted, killed);
    assert.match(await kmsHover(editor, 'Forbidden.KeyNotFound'), /Forbidden\\?\.KeyNotFound/);
    assert.equal(await until(() => kmsDiagnostics(editor) || undefined, 'diagnostics after the restart'), before);
  });

  it('shows a stopped server in the status bar, and KMS: Restart Language Server brings it back', async () => {
    const api = await activate();
    const editor = await open('app.log');
    const before = await serverPid();
    await api.client.stop();
    await until(() => api.statusBar.text?.includes('KMS: server down'), 'the status bar to say the server is down');
    await vscode.commands.executeCommand('kms.restartServer');
    const after = await serverPid();
    assert.notEqual(after, before);
    assert.ok(!api.statusBar.text?.includes('server down'), `status bar: ${api.statusBar.text}`);
    await kmsHover(editor, 'Forbidden.KeyNotFound');
    assert.ok(await until(() => kmsDiagnostics(editor) || undefined, 'diagnostics after the restart command'));
    // A running server restarts in place.
    await vscode.commands.executeCommand('kms.restartServer');
    assert.notEqual(await serverPid(), after);
    await kmsHover(editor, 'Forbidden.KeyNotFound');
  });

  it('survives a server that fails to start, says why, and starts once it can', async () => {
    // A server module that exits at once, then one that works: the lifecycle the extension uses.
    const dir = mkdtempSync(path.join(tmpdir(), 'kms-broken-'));
    const broken = path.join(dir, 'server.js');
    writeFileSync(broken, 'process.exit(3);\n');
    const extension = vscode.extensions.getExtension('kms-diagnostics.kms-diagnostics')!;
    let module = broken;
    const statusBar = new KmsStatusBar();
    const output = vscode.window.createOutputChannel('KMS restart test', { log: true });
    const lifecycle = new ServerLifecycle(
      () =>
        new LanguageClient(
          'kms-test',
          'KMS test',
          { module, transport: TransportKind.ipc },
          {
            documentSelector: [{ scheme: 'file', pattern: '**/*.nothing' }],
            outputChannel: output,
          },
        ),
      statusBar,
      output,
    );
    try {
      assert.equal(await lifecycle.start(), false, 'start reports the failure instead of throwing');
      assert.match(statusBar.text ?? '', /KMS: server down/);
      module = path.join(extension.extensionPath, 'dist', 'server.js');
      assert.equal(await lifecycle.restart(), true);
      assert.equal(statusBar.text?.includes('server down') ?? false, false, `status bar: ${statusBar.text}`);
      assert.equal((await lifecycle.client.sendRequest<ServerStatus>(ServerStatusRequest.method, {})).documents, 0);
    } finally {
      if (lifecycle.client.isRunning()) await lifecycle.client.stop();
      lifecycle.dispose();
      // The output channel stays open: the broken server's client may log its exit after the test
      // ends (a busy machine delays it), and a closed channel would fail whatever test runs then.
    }
  });
});
