// `npm run bench`: scan throughput and peak memory of kms-diagnose on a generated mixed log,
// side by side with ripgrep and GNU grep searching the same code list in the same file.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLog } from './generate.mjs';
import { ensureDebianTool, haveCommand, measure } from './measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const data = path.join(root, 'bench', 'data');
const cli = path.join(root, 'dist', 'cli.js');
mkdirSync(data, { recursive: true });

if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build first');
const catalog = JSON.parse(readFileSync(path.join(root, 'server', 'catalog', 'kms-errors.json'), 'utf8'));
const codesFile = path.join(data, 'codes.txt');
writeFileSync(codesFile, `${catalog.codes.flatMap((c) => [c.code, ...(c.aliases ?? [])]).join('\n')}\n`);

const sizes = [50, 200];
for (const mb of sizes) {
  const file = path.join(data, `mixed-${mb}.log`);
  if (!existsSync(file)) {
    console.error(`generating ${path.relative(root, file)} (${mb} MB)...`);
    await writeLog(file, mb * 1024 * 1024);
  }
}

const hasRg = ensureDebianTool('rg', 'ripgrep');
const rows = [];
const add = (name, command, file) => {
  const bytes = statSync(file).size;
  const m = measure(command);
  rows.push({ name, file: path.basename(file), seconds: m.seconds, mbps: bytes / 1024 / 1024 / m.seconds, rssMB: m.rssMB });
};

const big = path.join(data, 'mixed-200.log');
const small = path.join(data, 'mixed-50.log');
add('kms-diagnose scan --format json', [process.execPath, cli, 'scan', small, '--format', 'json'], small);
add('kms-diagnose scan --format json', [process.execPath, cli, 'scan', big, '--format', 'json'], big);
add('kms-diagnose scan (text)', [process.execPath, cli, 'scan', big, '--no-color'], big);
if (hasRg) {
  add('rg -F -f codes (count)', ['rg', '--no-config', '-c', '-F', '-f', codesFile, big], big);
  add('rg -o -n --column -F -f codes', ['rg', '--no-config', '-o', '-n', '--column', '-F', '-f', codesFile, big], big);
  add('rg -w -n --column -F -f codes', ['rg', '--no-config', '-w', '-n', '--column', '-F', '-f', codesFile, big], big);
  add('rg --json -F -f codes', ['rg', '--no-config', '--json', '-F', '-f', codesFile, big], big);
}
if (haveCommand('grep')) add('grep -o -n -F -f codes', ['grep', '-o', '-n', '-F', '-f', codesFile, big], big);

const ours = rows.find((r) => r.name === 'kms-diagnose scan --format json' && r.file === 'mixed-200.log');
console.log(`\nScan benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, median of 3 runs)\n`);
console.log('| command | file | time (s) | MB/s | peak RSS (MB) | kms-diagnose / this |');
console.log('|---|---|---:|---:|---:|---:|');
for (const r of rows) {
  const ratio = r.file === 'mixed-200.log' ? (ours.seconds / r.seconds).toFixed(2) : '';
  console.log(`| ${r.name} | ${r.file} | ${r.seconds.toFixed(2)} | ${r.mbps.toFixed(0)} | ${r.rssMB.toFixed(0)} | ${ratio} |`);
}
const smallRun = rows.find((r) => r.file === 'mixed-50.log');
console.log(`\nMemory as the file grows: ${smallRun.rssMB.toFixed(0)} MB on 50 MB, ${ours.rssMB.toFixed(0)} MB on 200 MB.`);
if (hasRg) {
  const rg = rows.find((r) => r.name.startsWith('rg -o'));
  console.log(`Ratio to ripgrep (rg -o): ${(ours.seconds / rg.seconds).toFixed(1)}x; to rg -w: ${(ours.seconds / rows.find((r) => r.name.startsWith('rg -w')).seconds).toFixed(1)}x`);
} else {
  console.log('ripgrep is not installed and could not be installed: no ratio.');
}
writeFileSync(path.join(data, 'scan-bench.json'), JSON.stringify(rows, null, 2));
