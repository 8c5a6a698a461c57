// `npm start`: the demo. Packages the extension, installs it into a real VS Code (code-server, served
// on 127.0.0.1) and opens the examples/ workspace: logs and code full of KMS errors to hover, see in
// Problems, and decode. The first run installs the Debian packages it needs (as root; otherwise it names the
// command) and Node 24 and code-server into the per-user cache (scripts/setup/).
// `npm start -- --desktop` opens desktop VS Code instead when a `code` binary is on the PATH.
// `npm start -- --cli` runs the command-line demo only.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CACHE } from './setup/cache.mjs';
import { prepare } from './setup/prepare.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');
const args = process.argv.slice(2);
const say = (message) => console.log(`[kms-demo] ${message}`);

function run(cmd, cmdArgs, options = {}) {
  const result = spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root, ...options });
  if (result.status !== 0) {
    console.error(`[kms-demo] ${cmd} ${cmdArgs.join(' ')} failed`);
    process.exit(1);
  }
}

if (args.includes('--cli')) {
  run('node', ['scripts/build.mjs']);
  const cli = path.join(root, 'dist', 'cli.js');
  say('$ kms-diagnose scan examples');
  spawnSync(process.execPath, [cli, 'scan', 'examples'], { stdio: 'inherit', cwd: root });
  say('$ kms-diagnose explain Rejected.PendingDeletion');
  spawnSync(process.execPath, [cli, 'explain', 'Rejected.PendingDeletion'], { stdio: 'inherit', cwd: root });
  process.exit(0);
}

if (args.includes('--desktop')) {
  const code = spawnSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' });
  if (code.status !== 0) {
    console.error('[kms-demo] no `code` binary on the PATH; run `npm start` for the browser demo.');
    process.exit(1);
  }
  run('node', ['scripts/build.mjs']);
  run(code.stdout.trim(), ['--extensionDevelopmentPath', root, examples]);
  process.exit(0);
}

const install = prepare('npm start', ['start']).newest;
say('packaging the extension...');
run('npm', ['run', '--silent', 'package'], { stdio: ['ignore', 'ignore', 'inherit'] });

const demo = path.join(CACHE, 'demo');
const userData = path.join(demo, 'user-data');
const extensions = path.join(demo, 'extensions');
mkdirSync(path.join(userData, 'User'), { recursive: true });
mkdirSync(extensions, { recursive: true });
const settings = path.join(userData, 'User', 'settings.json');
if (!existsSync(settings)) {
  writeFileSync(
    settings,
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
      },
      null,
      2,
    ),
  );
}
writeFileSync(path.join(demo, 'config.yaml'), 'auth: none\ncert: false\n');
const common = [
  '--config',
  path.join(demo, 'config.yaml'),
  '--user-data-dir',
  userData,
  '--extensions-dir',
  extensions,
];
say(`installing the extension into VS Code ${install.version}...`);
run(
  install.node,
  [install.entry, ...common, '--force', '--install-extension', path.join(root, 'kms-diagnostics.vsix')],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);

const port = Number(process.env.PORT ?? 8080);
const server = spawn(
  install.node,
  [
    install.entry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    ...common,
    examples,
  ],
  { stdio: ['ignore', 'pipe', 'pipe'] },
);
server.stderr.on('data', (d) => {
  if (/EADDRINUSE/.test(d.toString())) {
    console.error(`[kms-demo] port ${port} is taken; run PORT=8081 npm start`);
  }
});
const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(examples)}`;
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
  } catch {
    await new Promise((r) => setTimeout(r, 200));
  }
}
say(`VS Code ${install.version} with KMS Diagnostics is ready:\n\n    ${url}\n`);
say(
  'Open logs/app-service.log and hover a code, look at Problems, or select a response in logs/kms-responses.txt and run "KMS: Decode Response". Ctrl+C stops.',
);
const stop = () => {
  server.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  say(`code-server exited (${code})`);
  process.exit(code ?? 1);
});
