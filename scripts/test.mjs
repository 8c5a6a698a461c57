// Runs every test layer and ends with one summary line per layer. Layers that share nothing run at
// the same time (up to --jobs N, 3 by default); each layer's output is kept and printed in one piece
// when it ends. `node scripts/test.mjs unit cli` runs only the named layers (the layers they come
// after must have run before: typecheck and build). `--full` runs the robust layer at its full size
// (KMS_TEST_SIZE=full, as `npm run test:robust` does).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { prepare } from './setup/prepare.mjs';

const node = process.execPath;
const nodeTest = (...args) => [node, '--test', '--test-reporter=spec', ...args];

/**
 * The layers, in the order they start when free to. `after`: layers that must pass first (when they
 * run at all); a failed one leaves its followers unrun. `needs`: a path whose absence fails the layer.
 */
const layers = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '-b'] },
  { name: 'lint', cmd: ['npm', 'run', '--silent', 'lint'] },
  { name: 'build', cmd: [node, 'scripts/build.mjs'] },
  // Builds its own production bundles in a staging folder: dist/ stays as the other layers use it.
  { name: 'package', cmd: ['npm', 'run', '--silent', 'package'] },
  // The longest layer starts first. VS Code (code-server) is installed by prepare() before any layer
  // runs, so the layers that use it no longer wait for each other.
  { name: 'ui', cmd: nodeTest('--test-concurrency=1', 'out/test/ui/'), after: ['typecheck', 'package'] },
  { name: 'vscode-oldest', cmd: [node, 'scripts/vscode/run-integration.mjs', 'oldest'], after: ['typecheck', 'build'] },
  { name: 'vscode-newest', cmd: [node, 'scripts/vscode/run-integration.mjs', 'newest'], after: ['typecheck', 'build'] },
  { name: 'protocol', cmd: nodeTest('out/test/protocol/'), after: ['typecheck', 'build'], needs: 'out/test/protocol' },
  { name: 'cli', cmd: nodeTest('out/test/cli/'), after: ['typecheck', 'build'] },
  { name: 'unit', cmd: nodeTest('out/test/unit/'), after: ['typecheck'] },
  { name: 'robust', cmd: nodeTest('out/test/robust/'), after: ['typecheck', 'build'] },
  // Installs DuckDB and chDB (pinned, into .cache/) on first use: about a minute more on a fresh clone.
  { name: 'fleet', cmd: nodeTest('out/test/fleet/'), after: ['typecheck', 'build'], needs: 'out/test/fleet' },
  { name: 'grammar', cmd: nodeTest('test/grammar/') },
  { name: 'editors', cmd: nodeTest('test/editors/'), after: ['build'] },
];

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args.splice(at, 2)[1];
};
const jobs = Number(option('--jobs') ?? 3);
if (!(jobs >= 1)) throw new Error('--jobs must be a number from 1');
const env = { ...process.env };
if (args.includes('--full')) {
  args.splice(args.indexOf('--full'), 1);
  env.KMS_TEST_SIZE = 'full';
}
const unknown = args.filter((name) => !layers.some((l) => l.name === name));
if (unknown.length > 0) throw new Error(`unknown layer ${unknown.join(', ')}; one of ${layers.map((l) => l.name)}`);
const selected = args.length > 0 ? layers.filter((l) => args.includes(l.name)) : layers;
prepare(
  'npm test',
  selected.map((l) => l.name),
);

/** Runs a layer's command with its output gathered; resolves to whether it passed and what it wrote. */
function run(layer) {
  // A layer whose compiled tests are missing fails: skipping it would report a pass nothing earned.
  if (layer.needs && !existsSync(layer.needs))
    return Promise.resolve({ ok: false, output: `${layer.needs} is missing (run the typecheck layer first)\n` });
  return new Promise((resolve) => {
    const chunks = [];
    const child = spawn(layer.cmd[0], layer.cmd.slice(1), {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => chunks.push(Buffer.from(`${error.message}\n`)));
    child.on('close', (code) => resolve({ ok: code === 0, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

const results = new Map();
const running = new Set();
const waiting = [...selected];
const isSelected = (name) => selected.some((l) => l.name === name);
const blockedBy = (layer) =>
  (layer.after ?? []).find((name) => isSelected(name) && results.has(name) && !results.get(name).ok);
const ready = (layer) => (layer.after ?? []).every((name) => !isSelected(name) || results.get(name)?.ok);
const started = Date.now();

await new Promise((finish) => {
  const next = () => {
    for (const layer of [...waiting]) {
      const failed = blockedBy(layer);
      if (failed) {
        waiting.splice(waiting.indexOf(layer), 1);
        results.set(layer.name, { ok: false, seconds: 0, note: `not run: ${failed} failed` });
      }
    }
    for (const layer of [...waiting]) {
      if (running.size >= jobs) break;
      if (!ready(layer)) continue;
      waiting.splice(waiting.indexOf(layer), 1);
      running.add(layer.name);
      console.log(`... ${layer.name} started (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      const layerStarted = Date.now();
      void run(layer).then(({ ok, output }) => {
        const seconds = (Date.now() - layerStarted) / 1000;
        running.delete(layer.name);
        results.set(layer.name, { ok, seconds });
        console.log(`\n=== ${layer.name}: ${layer.cmd.join(' ')}\n${output.trimEnd()}`);
        console.log(`=== ${layer.name}: ${ok ? 'pass' : 'FAIL'} in ${seconds.toFixed(1)} s\n`);
        next();
      });
    }
    if (running.size === 0 && waiting.length > 0 && !waiting.some(ready)) {
      for (const layer of waiting.splice(0)) results.set(layer.name, { ok: false, seconds: 0, note: 'not run' });
    }
    if (running.size === 0 && waiting.length === 0) finish();
  };
  next();
});

console.log('\n=== summary');
for (const { name } of selected) {
  const r = results.get(name);
  console.log(`${r.ok ? 'pass' : 'FAIL'}  ${name.padEnd(13)} ${r.note ?? `${r.seconds.toFixed(1)} s`}`);
}
const failed = selected.filter((l) => !results.get(l.name).ok).length;
console.log(`${selected.length - failed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed > 0 ? 1 : 0);
