// `npm run bench:lsp`: drives the real language server (dist/server.js) over stdio with a 50 MB log,
// as an editor would, and prints: time to first diagnostics, hover latency percentiles, time to
// re-diagnose after a one-line edit, server memory against the document size, and cancellation.
import { readFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLog } from './generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { TestClient } = require(path.join(root, 'out', 'test', 'support', 'lspClient.js'));

const data = path.join(root, 'bench', 'data');
mkdirSync(data, { recursive: true });
const file = path.join(data, 'mixed-50.log');
if (!existsSync(file)) {
  console.error('generating bench/data/mixed-50.log (50 MB)...');
  await writeLog(file, 50 * 1024 * 1024);
}
const text = readFileSync(file, 'utf8');
const uri = 'file:///bench/mixed-50.log';

function rssMB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

// --expose-gc lets the status request collect garbage first, so heap figures show what the server holds.
process.env.KMS_SERVER_NODE_ARGS = `${process.env.KMS_SERVER_NODE_ARGS ?? ''} --expose-gc`;
const client = await TestClient.start();
const pid = client.process.pid;
const docMB = Buffer.byteLength(text) / 1024 / 1024;

// 1. Open, and pull diagnostics at once, as VS Code does; three times (two copies opened and closed
// first), as the time to first diagnostics varies with the machine's load.
async function openAndPull(target) {
  const t = performance.now();
  client.open(target, text);
  const first = await client.diagnostics(target);
  const firstMs = performance.now() - t;
  let complete = first;
  while (!complete.resultId.endsWith(':all')) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    complete = await client.diagnostics(target);
  }
  return { first, firstMs, complete, completeMs: performance.now() - t };
}
const openRuns = [];
for (const copy of ['copy-1', 'copy-2']) {
  openRuns.push(await openAndPull(`file:///bench/${copy}.log`));
  client.close(`file:///bench/${copy}.log`);
}
const main = await openAndPull(uri);
openRuns.push(main);
const { first, complete } = main;
const afterOpen = rssMB(pid);
const openStatus = await client.request('kms/serverStatus', {});
const heldAfterOpen = openStatus.heapUsed / 1024 / 1024;
const firstTimes = openRuns.map((r) => r.firstMs);
const completeTimes = openRuns.map((r) => r.completeMs);
let t0;

// 2. Hovers: on findings (the interesting case) and on random positions.
const lines = text.split('\n');
const targets = [];
for (let i = 0; i < 1000; i++) {
  const d = complete.items[Math.floor((i * 7919) % complete.items.length)];
  targets.push({ line: d.range.start.line, character: d.range.start.character + 3 });
  const line = (i * 104729) % lines.length;
  targets.push({ line, character: Math.min(lines[line].length, 30) });
}
const hoverMs = [];
for (const at of targets) {
  const t = performance.now();
  await client.hover(uri, at.line, at.character);
  hoverMs.push(performance.now() - t);
}

// 3. One-line edits in the middle of the log: append a KMS error to a line, 20 times. Timed with the
// default kms.diagnostics.maxPerFile (1000, what VS Code shows of a file), then with no limit.
async function edits(round) {
  const applyMs = [];
  const editMs = [];
  let items = 0;
  for (let i = 0; i < 20; i++) {
    const line = Math.floor(lines.length / 2) + round * 20000 + i * 1000;
    const end = lines[line].length;
    const t = performance.now();
    client.edit(
      uri,
      { start: { line, character: end }, end: { line, character: end } },
      ' ErrorCode: Rejected.Disabled',
    );
    // A request queued behind the edit answers once the server has applied it and updated the index.
    const hover = await client.hover(uri, line, end + 14);
    applyMs.push(performance.now() - t);
    const report = await client.diagnostics(uri);
    editMs.push(performance.now() - t);
    items = report.items.length;
    if (!JSON.stringify(hover ?? '').includes('Rejected.Disabled')) throw new Error('edit not re-indexed');
    if (round === 1 && !report.items.some((d) => d.range.start.line === line && d.code === 'Rejected.Disabled'))
      throw new Error('edit not re-diagnosed');
  }
  return { applyMs, editMs, items };
}
const capped = await edits(0);
client.configure({ diagnostics: { maxPerFile: 0 } });
await client.until(() => client.refreshes > 0);
const uncapped = await edits(1);
const afterEdits = rssMB(pid);
const heldAfterEdits = (await client.request('kms/serverStatus', {})).heapUsed / 1024 / 1024;

// 4. Cancellation: a diagnostics request for a document still being indexed, cancelled at once.
client.open('file:///bench/second.log', text);
const cancellable = client.connection.sendRequest(
  'textDocument/diagnostic',
  { textDocument: { uri: 'file:///bench/second.log' } },
  {
    isCancellationRequested: false,
    onCancellationRequested: () => ({ dispose() {} }),
  },
);
t0 = performance.now();
let cancelOutcome = 'completed';
const source = new (require('vscode-jsonrpc').CancellationTokenSource)();
const cancelled = client.connection.sendRequest(
  'textDocument/diagnostic',
  { textDocument: { uri: 'file:///bench/second.log' } },
  source.token,
);
source.cancel();
try {
  await cancelled;
} catch (error) {
  cancelOutcome = `cancelled (${error.code})`;
}
const cancelMs = performance.now() - t0;
await cancellable.catch(() => undefined);
await client.stop();

// 5. A client without pull diagnostics (Emacs eglot, older Neovim): open to the first publication.
const pushClient = await TestClient.start({ pullDiagnostics: false });
t0 = performance.now();
pushClient.open(uri, text);
const firstPush = await pushClient.until(() => pushClient.publications.get(uri)?.[0], 60_000);
const firstPushMs = performance.now() - t0;
await pushClient.until(() => (pushClient.publications.get(uri)?.length ?? 0) >= 2 || undefined, 60_000);
const completePushMs = performance.now() - t0;
await pushClient.stop();

const fmt = (n) => n.toFixed(1);
console.log(`\nLanguage server benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version})`);
console.log(
  `document: ${docMB.toFixed(1)} MB, ${lines.length} lines, ${openStatus.findings} findings; ${uncapped.items} diagnostics with no limit, ${complete.items.length} with the default limit (${first.items.length} in the first answer)\n`,
);
console.log('| measure | result | target |');
console.log('|---|---:|---:|');
const range = (values) =>
  `${fmt(percentile(values, 50))} ms (${fmt(Math.min(...values))} to ${fmt(Math.max(...values))})`;
console.log(`| open to first diagnostics, median of 3 opens (range) | ${range(firstTimes)} | < 1000 ms |`);
console.log(`| open to complete diagnostics, median of 3 opens (range) | ${range(completeTimes)} | |`);
console.log(
  `| push client: open to first / complete publication (${firstPush} diagnostics first) | ${fmt(firstPushMs)} / ${fmt(completePushMs)} ms | |`,
);
console.log(
  `| hover p50 / p99 / max (${hoverMs.length} hovers) | ${fmt(percentile(hoverMs, 50))} / ${fmt(percentile(hoverMs, 99))} / ${fmt(Math.max(...hoverMs))} ms | p99 < 5 ms |`,
);
const all = [...capped.applyMs, ...uncapped.applyMs];
console.log(
  `| one-line edit applied, re-indexed and hovered, p50 / max (${all.length} edits) | ${fmt(percentile(all, 50))} / ${fmt(Math.max(...all))} ms | |`,
);
for (const [name, run] of [
  ['default limit', capped],
  ['no limit', uncapped],
]) {
  console.log(
    `| one-line edit to new diagnostics received (${name}: ${run.items} diagnostics), p50 / max | ${fmt(percentile(run.editMs, 50))} / ${fmt(Math.max(...run.editMs))} ms | < 50 ms |`,
  );
}
console.log(
  `| memory held after a full GC, after open / after edits | ${heldAfterOpen.toFixed(0)} / ${heldAfterEdits.toFixed(0)} MB (${(heldAfterEdits / docMB).toFixed(1)}x the document) | < 3x |`,
);
console.log(
  `| server RSS after open / after edits / peak | ${afterOpen.rss.toFixed(0)} / ${afterEdits.rss.toFixed(0)} / ${afterEdits.peak.toFixed(0)} MB (${(afterEdits.peak / docMB).toFixed(1)}x the document) | |`,
);
console.log(`| cancelled diagnostics request answered | ${fmt(cancelMs)} ms, ${cancelOutcome} | honoured |`);
