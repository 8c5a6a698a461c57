// Tries the editor configurations of docs/editors.md against the real language server (dist/server.js):
// headless Neovim (vim.lsp.start_client, works on 0.7) and batch Emacs with eglot and with lsp-mode. An editor that is
// not installed is reported as skipped. Run with `node --test test/editors/` from the repository root.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const server = join(root, 'dist', 'server.js');
const TIMEOUT_MS = 60_000;

const CODE = 'Forbidden.KeyNotFound';
const LINE = `2026-11-20T08:00:00Z ERROR ErrorCode: ${CODE} RequestId: 7C5A2F3B-4D6E`;
// Zero-based LSP position of the code: line 0, character 38.
const EXPECTED = { line: 0, character: LINE.indexOf(CODE) };

/** Whether `name` is an executable on PATH. */
function installed(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** A temporary home with the log file; every HOME/XDG directory points inside it. */
function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'kms-editors-'));
  const log = join(dir, 'app.log');
  writeFileSync(log, `${LINE}\n`);
  const xdg = {};
  for (const [name, sub] of [
    ['XDG_CONFIG_HOME', 'config'],
    ['XDG_DATA_HOME', 'data'],
    ['XDG_STATE_HOME', 'state'],
    ['XDG_CACHE_HOME', 'cache'],
    ['XDG_RUNTIME_DIR', 'run'],
  ]) {
    xdg[name] = join(dir, sub);
    mkdirSync(xdg[name], { mode: 0o700 });
  }
  const env = { ...process.env, ...xdg, HOME: dir, KMS_SERVER: server, KMS_LOG: log };
  delete env.VIMINIT;
  delete env.MYVIMRC;
  delete env.NVIM_LISTEN_ADDRESS;
  delete env.EMACSLOADPATH;
  return { dir, log, env };
}

/** The pids of every descendant of `pid` (Linux /proc; empty elsewhere). */
function descendants(pid) {
  const children = new Map();
  let entries;
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  for (const name of entries) {
    try {
      // The command name in parentheses may hold spaces: the parent pid is the 2nd field after it.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      // the process ended meanwhile
    }
  }
  const found = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * Runs an editor to completion. On timeout it kills the editor's process group and every descendant
 * (Neovim starts language servers in a session of their own, outside the group).
 */
function run(cmd, args, options) {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      const started = descendants(child.pid);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      for (const pid of started) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }, TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      done({ status, signal, stdout, stderr, timedOut });
    });
  });
}

/** Checks the DIAG / HOVER / RESULT lines that both editor scripts print. */
function assertReport(result, editor) {
  const context = `${editor} exited with ${result.status ?? result.signal}${result.timedOut ? ' (timed out)' : ''}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
  assert.equal(result.timedOut, false, context);
  const lines = result.stdout.split(/\r?\n/);
  const diags = lines
    .filter((l) => l.startsWith('DIAG '))
    .map((l) => {
      const [, code, line, character] = l.split(' ');
      return { code, line: Number(line), character: Number(character) };
    });
  assert.deepEqual(diags, [{ code: CODE, ...EXPECTED }], context);
  assert.ok(lines.includes('HOVER ok'), context);
  assert.ok(lines.includes('RESULT ok'), context);
  assert.equal(result.status, 0, context);
}

test('the language server is built', () => {
  assert.ok(existsSync(server), `${server} is missing: run \`node scripts/build.mjs\``);
});

test('Neovim: vim.lsp.start_client gets diagnostics and a hover', async (t) => {
  if (!installed('nvim')) {
    t.skip('nvim is not installed');
    return;
  }
  const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  t.diagnostic(version);
  const { dir, log, env } = workspace();
  try {
    const script = join(here, 'nvim-check.lua');
    const result = await run('nvim', ['--headless', '--clean', '-n', log, '-c', `luafile ${script}`], {
      cwd: dir,
      env,
    });
    assertReport(result, 'nvim');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Emacs: eglot gets Flymake diagnostics and a hover', async (t) => {
  if (!installed('emacs')) {
    t.skip('emacs is not installed');
    return;
  }
  const { dir, env } = workspace();
  try {
    const probe = spawnSync(
      'emacs',
      [
        '--batch',
        '-q',
        '--eval',
        '(progn (require (quote package)) (unless (locate-library "eglot") (package-initialize)) (princ (if (locate-library "eglot") "yes" "no")))',
      ],
      { cwd: dir, env, encoding: 'utf8', timeout: TIMEOUT_MS },
    );
    if (probe.stdout.trim() !== 'yes') {
      t.skip('eglot is not installed for emacs');
      return;
    }
    t.diagnostic(spawnSync('emacs', ['--version'], { env, encoding: 'utf8' }).stdout.split('\n')[0]);
    const script = join(here, 'eglot-check.el');
    const result = await run('emacs', ['--batch', '-q', '-l', script], { cwd: dir, env });
    assertReport(result, 'emacs');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Emacs: lsp-mode, registered as an add-on client, gets diagnostics and a hover', async (t) => {
  if (!installed('emacs')) {
    t.skip('emacs is not installed');
    return;
  }
  const { dir, env } = workspace();
  try {
    const probe = spawnSync(
      'emacs',
      [
        '--batch',
        '-q',
        '--eval',
        '(progn (require (quote package)) (unless (locate-library "lsp-mode") (package-initialize)) (princ (if (locate-library "lsp-mode") "yes" "no")))',
      ],
      { cwd: dir, env, encoding: 'utf8', timeout: TIMEOUT_MS },
    );
    if (probe.stdout.trim() !== 'yes') {
      t.skip('lsp-mode is not installed for emacs');
      return;
    }
    const script = join(here, 'lsp-mode-check.el');
    const result = await run('emacs', ['--batch', '-q', '-l', script], { cwd: dir, env });
    assertReport(result, 'emacs (lsp-mode)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
