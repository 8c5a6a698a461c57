// The editor's side of `npm run bench`: the language server's kms/inspectLogs on the generated
// folder of 200 logs (1 GB; see scan-bench.mjs for the CLI on it), with its files scanned on worker
// threads (one per core) and on the main thread only (KMS_SCAN_JOBS=1, as before worker threads);
// time, the server's peak RSS, and what it still holds after a full garbage collection.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWorkspace } from './generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { TestClient } = require(path.join(root, 'out', 'test', 'support', 'lspClient.js'));
const ws = path.join(root, 'bench', 'data', 'workspace-1g');
const bytes = await writeWorkspace(ws);

/** Runs kms/inspectLogs on the folder in a fresh server; returns its time and the server's peak RSS. */
async function inspect(jobs) {
  process.env.KMS_SERVER_NODE_ARGS = '--expose-gc';
  if (jobs === null) delete process.env.KMS_SCAN_JOBS;
  else process.env.KMS_SCAN_JOBS = String(jobs);
  const client = await TestClient.start();
  const started = performance.now();
  const result = await client.request('kms/inspectLogs', { folders: [ws] });
  const seconds = (performance.now() - started) / 1000;
  // VmHWM counts the worker threads too: they are threads of the server's process.
  const status = readFileSync(`/proc/${client.process.pid}/status`, 'utf8');
  const peakMB = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  const heldMB = (await client.request('kms/serverStatus', {})).heapUsed / 1048576;
  await client.stop();
  return { seconds, rssMB: peakMB, heldMB, findings: result.summary.findings, files: result.files.length };
}

const rows = [];
for (const [label, jobs] of [
  [`worker threads (${availableParallelism()})`, null],
  ['main thread only (KMS_SCAN_JOBS=1)', 1],
]) {
  console.error(`kms/inspectLogs, ${label}...`);
  rows.push({ label, ...(await inspect(jobs)) });
}
delete process.env.KMS_SCAN_JOBS;

console.log(
  `\nWorkspace benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}; one run each; ` +
    `load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})\n`,
);
console.log(
  '| kms/inspectLogs on the 1 GB folder (200 files) | time (s) | MB/s | peak RSS (MB) | held after GC (MB) | findings |',
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.label} | ${r.seconds.toFixed(2)} | ${(bytes / 1048576 / r.seconds).toFixed(0)} | ${r.rssMB.toFixed(0)} | ${r.heldMB.toFixed(0)} | ${r.findings} |`,
  );
}
