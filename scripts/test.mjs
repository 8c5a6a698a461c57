// Runs every test layer in order and ends with one summary line per layer.
// `node scripts/test.mjs unit cli` runs only the named layers.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { prepare } from './setup/prepare.mjs';

const node = process.execPath;
const layers = [
  { name: 'typecheck', cmd: ['npx', 'tsc', '-b'] },
  { name: 'lint', cmd: ['npm', 'run', '--silent', 'lint'] },
  { name: 'build', cmd: [node, 'scripts/build.mjs'] },
  { name: 'unit', cmd: [node, '--test', '--test-reporter=spec', 'out/test/unit/'] },
  { name: 'cli', cmd: [node, '--test', '--test-reporter=spec', 'out/test/cli/'] },
  { name: 'protocol', cmd: [node, '--test', '--test-reporter=spec', 'out/test/protocol/'], needs: 'out/test/protocol' },
  { name: 'grammar', cmd: [node, '--test', '--test-reporter=spec', 'test/grammar/'] },
  { name: 'editors', cmd: [node, '--test', '--test-reporter=spec', 'test/editors/'] },
  { name: 'vscode-oldest', cmd: [node, 'scripts/vscode/run-integration.mjs', 'oldest'] },
  { name: 'vscode-newest', cmd: [node, 'scripts/vscode/run-integration.mjs', 'newest'] },
  { name: 'package', cmd: ['npm', 'run', '--silent', 'package'] },
  { name: 'ui', cmd: [node, '--test', '--test-reporter=spec', '--test-concurrency=1', 'out/test/ui/'] },
];

const wanted = process.argv.slice(2);
const selected = wanted.length > 0 ? layers.filter((l) => wanted.includes(l.name)) : layers;
prepare(
  'npm test',
  selected.map((l) => l.name),
);
const results = [];
for (const layer of selected) {
  const started = Date.now();
  // A layer whose compiled tests are missing fails: skipping it would report a pass nothing earned.
  if (layer.needs && !existsSync(layer.needs)) {
    console.log(`\n=== ${layer.name}: ${layer.needs} is missing (run the typecheck layer first)`);
    results.push({ name: layer.name, ok: false, seconds: 0 });
    continue;
  }
  console.log(`\n=== ${layer.name}: ${layer.cmd.join(' ')}`);
  const run = spawnSync(layer.cmd[0], layer.cmd.slice(1), { stdio: 'inherit', shell: process.platform === 'win32' });
  results.push({ name: layer.name, ok: run.status === 0, seconds: (Date.now() - started) / 1000 });
  if (run.status !== 0 && ['typecheck', 'build'].includes(layer.name)) break;
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'pass' : 'FAIL'}  ${r.name.padEnd(12)} ${r.seconds.toFixed(1)} s`);
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
