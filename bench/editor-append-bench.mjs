// `npm run bench:editor`: a log of about 50 MB (just under the 50 MB VS Code hands to extensions)
// open in a real VS Code (code-server, newest supported, in headless Chromium) while KMS errors are
// appended to it on disk, one a second. Prints, for each append, the time from the write to its
// problem in VS Code's diagnostics and to the KMS Errors view's count (test/integration/appendBench.ts
// measures in the extension host), with p50, p99 and max.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLog } from './generate.mjs';
import { ensureCodeServer } from '../scripts/vscode/install.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { CodeServer } = require(path.join(root, 'out', 'test', 'support', 'codeServer.js'));
const entry = path.join(root, 'out', 'test', 'integration', 'appendBench.js');
if (!existsSync(entry) || !existsSync(path.join(root, 'dist', 'extension.js'))) {
  console.error('build first: npm run build && npx tsc -b');
  process.exit(2);
}

const LOG = 'growing-50.log';
const record = (n) =>
  `2026-11-20T09:00:${String(n % 60).padStart(2, '0')}Z ERROR decrypt failed: ErrorCode: Rejected.Disabled RequestId: ${String(n).padStart(8, '0')}-1111-4222-8333-444455556666\n`;
const scratch = mkdtempSync(path.join(tmpdir(), 'kms-editor-bench-'));
// 1 error entry in 500: about 500 problems, fewer than the 1,000 VS Code shows of a file. A 1 MB
// log beside it shows what of the time grows with the file.
const SMALL = 'small-1.log';
console.error(`generating ${LOG} (49 MB) and ${SMALL} (1 MB)...`);
await writeLog(path.join(scratch, LOG), 49 * 1024 * 1024, 42, 0.002);
await writeLog(path.join(scratch, SMALL), 1024 * 1024, 43, 0.002);

// The language server's part alone, over stdio as an editor drives it: each append sent as VS Code
// sends it (text inserted at the end), timed to the pulled diagnostics that hold its line.
const { TestClient } = require(path.join(root, 'out', 'test', 'support', 'lspClient.js'));
const serverOnly = [];
{
  const text = readFileSync(path.join(scratch, LOG), 'utf8');
  const client = await TestClient.start();
  const uri = 'file:///bench/growing-50.log';
  client.open(uri, text);
  await client.until(async () => (await client.diagnostics(uri)).resultId?.endsWith(':all'), 600_000);
  let line = text.split('\n').length - 1;
  for (let n = 1; n <= 15; n++) {
    const written = performance.now();
    client.edit(uri, { start: { line, character: 0 }, end: { line, character: 0 } }, record(n));
    await client.until(
      async () => (await client.diagnostics(uri)).items.some((d) => d.range.start.line === line),
      60_000,
    );
    serverOnly.push(performance.now() - written);
    line++;
  }
  await client.stop();
}

const results = path.join(scratch, 'results.json');
const install = ensureCodeServer('newest');
const run = await CodeServer.start({
  install,
  workspace: scratch,
  env: { KMS_TEST_RESULTS: results, KMS_BENCH_LOGS: `${SMALL},${LOG}` },
  testPayload: true,
});
let report;
try {
  await run.runExtensionTests(root, entry, 900_000);
  report = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : { error: 'no results were written' };
} finally {
  await run.stop();
  rmSync(scratch, { recursive: true, force: true });
}
if (report.error) {
  console.error(report.error);
  process.exit(1);
}
const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const row = (log, name, values) =>
  `| ${log} | ${name} | ${values.length} | ${[50, 99].map((p) => percentile(values, p).toFixed(0)).join(' | ')} | ${Math.max(...values).toFixed(0)} | ${values.map((v) => v.toFixed(0)).join(', ')} |`;
console.log(
  `Appends to logs open in VS Code ${install.version} (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')})\n`,
);
console.log('| log | from the write to | appends | p50 (ms) | p99 (ms) | max (ms) | each (ms) |');
console.log('|---|---|---:|---:|---:|---:|---|');
for (const log of report.logs) {
  const name = `${log.sizeMB.toFixed(1)} MB, ${log.findings} problems, indexed in ${(log.indexedMs / 1000).toFixed(1)} s`;
  console.log(row(name, "VS Code's reloaded text (extension host)", log.text));
  console.log(row(name, 'its problem in the editor', log.problems));
  console.log(row(name, 'the KMS Errors view', log.view));
}
console.log(row('49.0 MB', 'diagnostics from the language server alone (stdio, no VS Code)', serverOnly));
process.exit(0);
