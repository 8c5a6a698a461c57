// The workspace case of `npm run bench`: a generated folder of 1 GB of logs in 200 files (4 folders
// of 50), scanned by the CLI and by the language server's kms/inspectLogs, side by side with ripgrep;
// memory is compared between one folder (250 MB) and all four (1 GB).
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLog } from './generate.mjs';
import { measure } from './measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { TestClient } = require(path.join(root, 'out', 'test', 'support', 'lspClient.js'));
const data = path.join(root, 'bench', 'data');
const ws = path.join(data, 'workspace-1g');
const cli = path.join(root, 'dist', 'cli.js');
const codes = path.join(data, 'codes.txt');
const FILE_BYTES = 5 * 1024 * 1024;

let generated = 0;
for (let part = 0; part < 4; part++) {
  const dir = path.join(ws, `part-${part}`);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < 50; i++) {
    const file = path.join(dir, `service-${String(i).padStart(2, '0')}.log`);
    if (existsSync(file) && statSync(file).size >= FILE_BYTES) continue;
    if (generated++ === 0) console.error('generating bench/data/workspace-1g (200 files of 5 MB)...');
    await writeLog(file, FILE_BYTES, 1000 + part * 50 + i);
  }
}

function folderBytes(dir) {
  let total = 0;
  for (let part = 0; part < 4; part++) {
    const p = path.join(ws, `part-${part}`);
    if (dir !== ws && p !== dir) continue;
    for (let i = 0; i < 50; i++) total += statSync(path.join(p, `service-${String(i).padStart(2, '0')}.log`)).size;
  }
  return total;
}

/** Runs kms/inspectLogs on `dir` in a fresh server; returns its time and the server's peak RSS. */
async function inspect(dir) {
  process.env.KMS_SERVER_NODE_ARGS = '--expose-gc';
  const client = await TestClient.start();
  const started = performance.now();
  const result = await client.request('kms/inspectLogs', { folders: [dir] });
  const seconds = (performance.now() - started) / 1000;
  const status = readFileSync(`/proc/${client.process.pid}/status`, 'utf8');
  const peakMB = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  // What the server still holds once the answer is sent, after a full garbage collection.
  const heldMB = (await client.request('kms/serverStatus', {})).heapUsed / 1048576;
  await client.stop();
  return { seconds, rssMB: peakMB, heldMB, findings: result.summary.findings };
}

const small = path.join(ws, 'part-0');
const rows = [];
for (const [label, dir] of [
  ['250 MB, 50 files', small],
  ['1 GB, 200 files', ws],
]) {
  const bytes = folderBytes(dir);
  const scan = measure([process.execPath, cli, 'scan', dir, '--format', 'json']);
  rows.push({ tool: 'kms-diagnose scan --format json', label, ...scan, mbps: bytes / 1048576 / scan.seconds });
  const lsp = await inspect(dir);
  rows.push({ tool: 'language server kms/inspectLogs', label, ...lsp, mbps: bytes / 1048576 / lsp.seconds });
  const rg = measure(['rg', '--no-config', '-o', '-n', '--column', '-F', '-f', codes, dir]);
  rows.push({ tool: 'rg -o -n --column -F -f codes', label, ...rg, mbps: bytes / 1048576 / rg.seconds });
  const rgw = measure(['rg', '--no-config', '-w', '-n', '--column', '-F', '-f', codes, dir]);
  rows.push({ tool: 'rg -w -n --column -F -f codes', label, ...rgw, mbps: bytes / 1048576 / rgw.seconds });
}

console.log(`\nWorkspace benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}; median of 3 runs for processes, 1 for the server)\n`);
console.log('| command | folder | time (s) | MB/s | peak RSS (MB) | held after GC (MB) |');
console.log('|---|---|---:|---:|---:|---:|');
for (const r of rows) {
  const held = r.heldMB === undefined ? '' : r.heldMB.toFixed(0);
  console.log(`| ${r.tool} | ${r.label} | ${r.seconds.toFixed(2)} | ${r.mbps.toFixed(0)} | ${r.rssMB.toFixed(0)} | ${held} |`);
}
