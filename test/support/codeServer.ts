import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export interface CodeServerInstall {
  entry: string;
  node: string;
  version: string;
}

export interface StartOptions {
  install: CodeServerInstall;
  /** A folder copied to a scratch place and opened as the workspace. */
  workspace: string;
  /** User settings (settings.json). */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and its extension host. */
  env?: Record<string, string>;
  /** VSIX files installed before start. */
  vsix?: string[];
  /**
   * Let the workbench honour the `payload` URL parameter (extension development and tests); newer
   * VS Code builds ignore it unless the smoke-test driver is enabled.
   */
  testPayload?: boolean;
}

export const CHROMIUM = process.env['KMS_CHROMIUM'] ?? '/usr/bin/chromium';

/** Newer code-server versions forward VS Code server flags with `--vscode-option`; older ones need none. */
function passesVscodeOptions(install: CodeServerInstall): boolean {
  try {
    return readFileSync(path.join(path.dirname(install.entry), 'cli.js'), 'utf8').includes('"vscode-option"');
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A real VS Code (code-server) bound to 127.0.0.1 with a scratch HOME, profile and workspace, and a
 * headless Debian Chromium driven by playwright-core. `stop()` ends every process it started.
 */
export class CodeServer {
  browser: Browser | undefined;
  context: BrowserContext | undefined;

  private constructor(
    readonly process: ChildProcess,
    readonly port: number,
    readonly scratch: string,
    readonly workspace: string,
    private readonly log: string[],
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The scratch HOME the server and its terminals run with (a test may put dotfiles there). */
  get home(): string {
    return path.join(this.scratch, 'home');
  }

  static async start(options: StartOptions): Promise<CodeServer> {
    const scratch = mkdtempSync(path.join(tmpdir(), 'kms-code-server-'));
    const home = path.join(scratch, 'home');
    const userData = path.join(scratch, 'user-data');
    const extensions = path.join(scratch, 'extensions');
    const workspace = path.join(scratch, 'workspace');
    for (const dir of [home, path.join(userData, 'User'), extensions]) mkdirSync(dir, { recursive: true });
    cpSync(options.workspace, workspace, { recursive: true });
    writeFileSync(
      path.join(userData, 'User', 'settings.json'),
      JSON.stringify(
        {
          'workbench.startupEditor': 'none',
          'workbench.tips.enabled': false,
          'chat.disableAIFeatures': true,
          'workbench.secondarySideBar.defaultVisibility': 'hidden',
          'editor.hover.delay': 100,
          'extensions.ignoreRecommendations': true,
          'telemetry.telemetryLevel': 'off',
          'security.workspace.trust.enabled': false,
          'update.mode': 'none',
          ...options.settings,
        },
        null,
        2,
      ),
    );
    writeFileSync(path.join(scratch, 'config.yaml'), 'auth: none\ncert: false\n');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      TMPDIR: scratch,
      ...options.env,
    };
    // code-server prefers $PORT to --bind-addr: a PORT exported for `npm start` would clash with the free port.
    delete env['PORT'];
    const common = [
      '--config',
      path.join(scratch, 'config.yaml'),
      '--user-data-dir',
      userData,
      '--extensions-dir',
      extensions,
    ];
    for (const vsix of options.vsix ?? []) {
      const installed = spawnSync(
        options.install.node,
        [options.install.entry, ...common, '--install-extension', vsix],
        {
          env,
          encoding: 'utf8',
        },
      );
      if (installed.status !== 0)
        throw new Error(`installing ${vsix} failed:\n${installed.stdout}\n${installed.stderr}`);
    }
    const port = await freePort();
    const args = [
      options.install.entry,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...(options.testPayload && passesVscodeOptions(options.install)
        ? ['--vscode-option', 'enable-smoke-test-driver']
        : []),
      ...common,
      workspace,
    ];
    const log: string[] = [];
    const child = spawn(options.install.node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d: Buffer) => log.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
    const server = new CodeServer(child, port, scratch, workspace, log);
    try {
      await server.waitHealthy();
    } catch (error) {
      // Started detached: a server that never became healthy would outlive the test run.
      await server.stop();
      throw error;
    }
    return server;
  }

  private async waitHealthy(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) throw new Error(`code-server exited:\n${this.log.join('')}`);
      try {
        const response = await fetch(`${this.url}/healthz`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`code-server did not answer /healthz in 60 s:\n${this.log.join('')}`);
  }

  /** Opens the workbench in Chromium; `query` is appended to the URL (after the folder). */
  async openBrowser(query = ''): Promise<Page> {
    const page = await this.launchBrowser();
    // A loaded machine can take a while to serve the workbench to a second browser.
    await page.goto(`${this.url}/?folder=${encodeURIComponent(this.workspace)}${query}`, { timeout: 120_000 });
    return page;
  }

  /** Starts Chromium on a blank page, for callers that must prepare the page before navigating. */
  async launchBrowser(): Promise<Page> {
    this.context = await chromium.launchPersistentContext(path.join(this.scratch, 'chromium'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    return this.context.pages()[0] ?? (await this.context.newPage());
  }

  /**
   * Loads the extension at `extensionPath` for development and runs the tests of `testsEntry` in its
   * extension host, as VS Code's own test runner does (the workbench `payload`). Resolves to the exit
   * code the tests report through `codeAutomationExit`, or 'timeout'.
   */
  async runExtensionTests(extensionPath: string, testsEntry: string, timeoutMs: number): Promise<number | 'timeout'> {
    const page = await this.launchBrowser();
    const finished = new Promise<number>((resolve) => {
      page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)).catch(() => resolve(1));
    });
    await page.exposeFunction('codeAutomationLog', () => undefined);
    const remote = (p: string) => `vscode-remote://127.0.0.1:${this.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(extensionPath)],
      ['extensionTestsPath', remote(testsEntry)],
      ['skipWelcome', 'true'],
    ]);
    await page.goto(`${this.url}/?folder=${encodeURIComponent(this.workspace)}&payload=${encodeURIComponent(payload)}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    try {
      return await Promise.race([finished, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  logs(): string {
    return this.log.join('');
  }

  async stop(): Promise<void> {
    await this.context?.close().catch(() => undefined);
    if (this.process.exitCode === null && this.process.pid) {
      this.process.kill('SIGTERM');
      const exited = await Promise.race([
        new Promise<boolean>((resolve) => this.process.once('exit', () => resolve(true))),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000)),
      ]);
      void exited;
    }
    // The extension hosts and language servers run in code-server's process group: make sure they end.
    if (this.process.pid) {
      try {
        process.kill(-this.process.pid, 'SIGKILL');
      } catch {
        // the group is already gone
      }
    }
    try {
      rmSync(this.scratch, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {
      // A scratch folder left in the temp directory is harmless.
    }
  }
}
