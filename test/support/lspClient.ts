import assert from 'node:assert/strict';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  ErrorCodes,
  ResponseError,
  createMessageConnection,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { Position, Range } from 'vscode-languageserver-protocol';
import { SERVER } from './paths';

export interface ClientOptions {
  transport?: 'stdio' | 'ipc';
  /** What workspace/configuration answers for section `kms`. */
  settings?: Record<string, unknown>;
  /** Offer pull diagnostics (LSP 3.17); without it the server pushes. */
  pullDiagnostics?: boolean;
  locale?: string;
  workspaceFolder?: string;
  /**
   * A hostile but legal client: declares no optional capability, refuses every server request (with
   * MethodNotFound or an internal error, in turn) and sends `initialized` before `initialize`.
   */
  hostile?: boolean;
  /** Replaces the declared client capabilities. */
  capabilities?: Record<string, unknown>;
}

export interface ShownMessage {
  type: number;
  message: string;
}

/**
 * An LSP client talking to the real server process (`dist/server.js`), as an editor would: it
 * answers configuration requests, collects shown messages and published diagnostics.
 */
export class TestClient {
  readonly messages: ShownMessage[] = [];
  /** Every window/logMessage, in order. */
  readonly logs: ShownMessage[] = [];
  /** Server requests the client refused, by method. */
  readonly refused: string[] = [];
  private readonly expected: RegExp[] = [];
  readonly published = new Map<string, { version?: number; diagnostics: unknown[] }>();
  /** How many diagnostics each publication carried, per document, in order. */
  readonly publications = new Map<string, number[]>();
  settings: Record<string, unknown>;
  /** Settings for one document (a folder's or the file's own), answered when asked with its `scopeUri`. */
  readonly scopedSettings = new Map<string, Record<string, unknown>>();
  /** Every item of every workspace/configuration request. */
  readonly configurationItems: Array<{ section?: string; scopeUri?: string }> = [];
  refreshes = 0;
  /** The server's answer to initialize. */
  initializeResult: { capabilities: Record<string, unknown>; serverInfo?: { name: string } } | undefined;
  private versions = new Map<string, number>();
  private listeners: Array<() => void> = [];

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
    options: ClientOptions,
  ) {
    this.settings = options.settings ?? {};
  }

  static async start(options: ClientOptions = {}): Promise<TestClient> {
    const transport = options.transport ?? 'stdio';
    let child: ChildProcess;
    let connection: MessageConnection;
    if (transport === 'ipc') {
      child = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    } else {
      // KMS_SERVER_NODE_ARGS passes flags to the server's Node (for example --cpu-prof when profiling a benchmark).
      const nodeArgs = (process.env['KMS_SERVER_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
      const stdio = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      connection = createMessageConnection(new StreamMessageReader(stdio.stdout), new StreamMessageWriter(stdio.stdin));
      child = stdio;
    }
    child.stderr?.resume();
    const client = new TestClient(child, connection, options);
    if (options.hostile) {
      // Every request refused, whatever the method: MethodNotFound, then an internal error, in turn.
      connection.onRequest((method: string) => {
        client.refused.push(method);
        client.notify();
        return client.refused.length % 2 === 1
          ? new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`)
          : new ResponseError(ErrorCodes.InternalError, 'refused');
      });
    }
    if (!options.hostile)
      connection.onRequest(
        'workspace/configuration',
        (params: { items: Array<{ section?: string; scopeUri?: string }> }) =>
          params.items.map((item) => {
            client.configurationItems.push(item);
            return (item.scopeUri !== undefined && client.scopedSettings.get(item.scopeUri)) || client.settings;
          }),
      );
    if (!options.hostile) {
      connection.onRequest('workspace/diagnostic/refresh', () => {
        client.refreshes++;
        client.notify();
        return null;
      });
      connection.onRequest('client/registerCapability', () => null);
      connection.onRequest('window/workDoneProgress/create', () => null);
      connection.onRequest('window/showMessageRequest', (m: ShownMessage) => {
        client.messages.push({ type: m.type, message: m.message });
        client.notify();
        return null;
      });
    }
    connection.onNotification('window/showMessage', (m: ShownMessage) => {
      client.messages.push(m);
      client.notify();
    });
    connection.onNotification('window/logMessage', (m: ShownMessage) => {
      client.logs.push(m);
      client.notify();
    });
    connection.onNotification(
      'textDocument/publishDiagnostics',
      (p: { uri: string; version?: number; diagnostics: unknown[] }) => {
        client.published.set(p.uri, p);
        client.publications.set(p.uri, [...(client.publications.get(p.uri) ?? []), p.diagnostics.length]);
        client.notify();
      },
    );
    connection.listen();
    const folder = options.workspaceFolder;
    if (options.hostile) await connection.sendNotification('initialized', {});
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folder ? pathToFileURL(folder).href : null,
      workspaceFolders: folder ? [{ uri: pathToFileURL(folder).href, name: 'ws' }] : null,
      locale: options.locale ?? 'en',
      capabilities:
        options.capabilities ??
        (options.hostile
          ? {}
          : {
              workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: true } },
              textDocument: {
                hover: { contentFormat: ['markdown', 'plaintext'] },
                ...(options.pullDiagnostics === false ? {} : { diagnostic: { dynamicRegistration: false } }),
                publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
                completion: { completionItem: { snippetSupport: false } },
              },
              window: { workDoneProgress: true, showMessage: {} },
              general: { positionEncodings: ['utf-16'] },
            }),
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  /** Logged errors matching `pattern` are expected: `stop` does not fail on them. */
  expectErrors(pattern: RegExp): void {
    this.expected.push(pattern);
  }

  /** Errors the server logged that no test expected. */
  unexpectedErrors(): string[] {
    return this.logs.filter((l) => l.type === 1 && !this.expected.some((p) => p.test(l.message))).map((l) => l.message);
  }

  private notify(): void {
    for (const listener of this.listeners.splice(0)) listener();
  }

  /**
   * Resolves when `check` holds (it may be async: its promise is awaited, never taken as truthy),
   * re-checking whenever the server sends something; fails after `ms`.
   */
  async until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, ms = 10000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.listeners.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Every notification that could not be written to the server; `stop` fails on any. */
  private readonly unsent: string[] = [];

  /** Sends a notification without waiting for it to be written, remembering a failure to write it. */
  send(method: string, params: unknown): void {
    this.connection.sendNotification(method, params).catch((error: unknown) => {
      this.unsent.push(`${method}: ${String(error)}`);
    });
  }

  open(uri: string, text: string, languageId = 'log'): void {
    this.versions.set(uri, 1);
    this.send('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  edit(uri: string, range: { start: Position; end: Position }, text: string): void {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.send('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  close(uri: string): void {
    this.send('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  diagnostics(uri: string): Promise<{ kind: string; items: Diagnostic[]; resultId?: string }> {
    return this.request('textDocument/diagnostic', { textDocument: { uri } });
  }

  hover(uri: string, line: number, character: number): Promise<{ contents: { value: string }; range: Range } | null> {
    return this.request('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  /** Changes the `kms` settings and tells the server, as an editor does. */
  configure(settings: Record<string, unknown>): void {
    this.settings = settings;
    this.send('workspace/didChangeConfiguration', { settings: { kms: settings } });
  }

  /**
   * Shuts the server down, then fails if the server died before (its exit code) or logged an error
   * no test expected: a handler that swallowed an exception fails the test that caused it.
   */
  async stop(): Promise<void> {
    const diedEarly = this.process.exitCode !== null || this.process.signalCode !== null;
    const exit = `${this.process.exitCode ?? this.process.signalCode}`;
    await this.shutdown();
    assert.equal(diedEarly, false, `the server exited (${exit}) before the client stopped it`);
    assert.deepEqual(this.unexpectedErrors(), [], 'the server logged errors');
    assert.deepEqual(this.unsent, [], 'notifications that could not be sent');
  }

  private async shutdown(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    await new Promise<void>((resolve) => {
      if (this.process.exitCode !== null) return resolve();
      const timer = setTimeout(() => {
        this.process.kill('SIGKILL');
        resolve();
      }, 3000);
      this.process.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

export type { Position, Range };
export interface Diagnostic {
  range: Range;
  severity: number;
  code: string;
  source: string;
  message: string;
  codeDescription?: { href: string };
  relatedInformation?: Array<{ location: { uri: string; range: Range }; message: string }>;
  data?: unknown;
}

/** The position of the first occurrence of `needle` in `text` (after `from` occurrences), in UTF-16 units. */
export function positionOf(text: string, needle: string, occurrence = 0): Position {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) index = text.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, index);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: (lines[lines.length - 1] as string).length };
}
