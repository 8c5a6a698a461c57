// Packages the VS Code extension (kms-diagnostics.vsix) from a staging folder. vsce refuses a
// .vscodeignore next to package.json's "files" (which is the npm package's allow-list), so the
// files that .vscodeignore allows are copied to a temporary folder, with package.json minus "files",
// and packaged there.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minimatch } from 'minimatch';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'kms-diagnostics.vsix');

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Every file under `dir`, as paths relative to `root` with `/` separators. */
function listFiles(dir) {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory())
      return ['node_modules', '.git', '.cache', 'out'].includes(relative) ? [] : listFiles(relative);
    return entry.isFile() ? [relative] : [];
  });
}

const allowed = readFileSync(path.join(root, '.vscodeignore'), 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('!'))
  .map((line) => line.slice(1).trim());
const stage = mkdtempSync(path.join(tmpdir(), 'kms-vsix-'));
try {
  // The bundles are built for production into the staging folder: dist/ stays as it is, for the
  // tests that run meanwhile.
  run(process.execPath, ['scripts/build.mjs', '--production', '--outdir', path.join(stage, 'dist')], root);
  for (const file of listFiles('')) {
    if (!file.startsWith('dist/') && allowed.some((glob) => minimatch(file, glob, { dot: true })))
      cpSync(path.join(root, file), path.join(stage, file));
  }
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  delete manifest.files;
  delete manifest.scripts;
  writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  cpSync(path.join(root, '.vscodeignore'), path.join(stage, '.vscodeignore'));
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], stage);
  console.log(`${path.relative(process.cwd(), out) || out}: ${Math.round(statSync(out).size / 1024)} KB`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
