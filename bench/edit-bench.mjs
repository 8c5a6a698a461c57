// `npm run bench:lsp` (second part): edits that touch many places at once, or one very long line,
// sent to the real language server (dist/server.js) over stdio as an editor sends them. Prints how
// long the server takes to answer the request queued behind the edit, how long until the diagnostics
// are complete again, and the memory the server holds before and after.
//
// 1. A 40,000-line log; one didChange of 2,000 changes (a multi-cursor insertion on every 20th line,
//    in the order VS Code sends them: last first), the same ascending, a Replace All of 2,000 words,
//    2,000 insertions in no order, and one of 20,000 changes.
// 2. A 10 MB log on one line (a minified response dump with KMS errors in it); 50 characters typed
//    one notification each in its middle, each followed by a hover.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { logLines, mulberry32 } from './generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { TestClient } = require(path.join(root, 'out', 'test', 'support', 'lspClient.js'));

process.env.KMS_SERVER_NODE_ARGS = `${process.env.KMS_SERVER_NODE_ARGS ?? ''} --expose-gc`;

function rssMB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

const held = async (client) => (await client.request('kms/serverStatus', {})).heapUsed / 1024 / 1024;

// Pulls diagnostics as VS Code does: once, then again each time the server asks for a refresh.
async function untilComplete(client, uri) {
  for (;;) {
    const seen = client.refreshes;
    const report = await client.diagnostics(uri);
    if (report.resultId?.endsWith(':all')) return report;
    await client.until(() => client.refreshes > seen, 600_000);
  }
}

/** Resets the peak RSS the kernel keeps for a process (VmHWM), so a later peak is that of what follows. */
function resetPeak(pid) {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

let version = 1;
function change(client, uri, contentChanges) {
  client.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: ++version },
    contentChanges,
  });
}

/** Sends one notification of `changes`, then times the hover queued behind it and the complete diagnostics. */
async function timed(client, uri, changes, hoverAt) {
  const t = performance.now();
  change(client, uri, changes);
  await client.hover(uri, hoverAt.line, hoverAt.character);
  const answered = performance.now() - t;
  const report = await untilComplete(client, uri);
  return { answered, complete: performance.now() - t, items: report.items.length };
}

const fmt = (n) => n.toFixed(1);
const rows = [];

// `node bench/edit-bench.mjs changes` or `... line` runs one part only.
const only = process.argv[2];

// 1. Many changes in one notification.
if (only !== 'line') {
  const generate = logLines(mulberry32(7));
  const lines = [];
  while (lines.length < 40_000) for (const line of generate.next().value.split('\n')) lines.push(line);
  lines.length = 40_000;
  const text = `${lines.join('\n')}\n`;
  const uri = 'file:///bench/many-changes.log';
  const client = await TestClient.start();
  client.configure({ diagnostics: { maxPerFile: 0 } });
  client.open(uri, text);
  await untilComplete(client, uri);
  const before = await held(client);
  const cursors = (count, every) => Array.from({ length: count }, (_, i) => i * every);
  const insertAt = (line, character = 0) => ({
    range: { start: { line, character }, end: { line, character } },
    text: '> ',
  });
  const descending = cursors(2000, 20)
    .reverse()
    .map((line) => insertAt(line));
  // Ascending, each position in the text the changes before it produced (the same lines: insertions keep them).
  const ascending = cursors(2000, 20).map((line) => insertAt(line));
  // Replace All of the first 2,000 `INFO ` (5 characters) by `NOTE: ` (6), last first.
  const replaceAll = [];
  for (let line = 0; line < lines.length && replaceAll.length < 2000; line++) {
    const character = lines[line].indexOf('INFO ');
    // The lines edited so far hold `> ` at their start: count them in.
    const shift = line % 20 === 0 ? 4 : 0;
    if (character !== -1)
      replaceAll.push({
        range: { start: { line, character: character + shift }, end: { line, character: character + shift + 5 } },
        text: 'NOTE: ',
      });
  }
  replaceAll.reverse();
  // The same lines in no order (a client sending changes as they were made): a round per run in order.
  const shuffle = mulberry32(3);
  const noOrder = cursors(2000, 20).map((line) => insertAt(line + 10));
  for (let i = noOrder.length - 1; i > 0; i--) {
    const j = Math.floor(shuffle() * (i + 1));
    [noOrder[i], noOrder[j]] = [noOrder[j], noOrder[i]];
  }
  const many = cursors(20_000, 2)
    .reverse()
    .map((line) => insertAt(line));
  const hoverAt = { line: 20_000, character: 3 };
  for (const [name, changes] of [
    ['2,000 insertions, last first (as VS Code sends them)', descending],
    ['2,000 insertions, first first', ascending],
    ['Replace All: 2,000 words', replaceAll],
    ['2,000 insertions in no order', noOrder],
    ['20,000 insertions, last first', many],
  ]) {
    const run = await timed(client, uri, changes, hoverAt);
    rows.push([`40,000-line log (${(text.length / 1e6).toFixed(1)} MB): ${name}`, run]);
  }
  const after = await held(client);
  rows.push(['40,000-line log: memory held before / after the edits', `${fmt(before)} / ${fmt(after)} MB`]);
  await client.stop();
}

// 2. Typing in one 10 MB line.
if (only !== 'changes') {
  const generate = logLines(mulberry32(11));
  const records = [];
  let length = 0;
  while (length < 10 * 1024 * 1024) {
    const record = JSON.stringify({ entry: generate.next().value });
    records.push(record);
    length += record.length + 1;
  }
  const text = `[${records.join(',')}]`;
  const uri = 'file:///bench/one-line.log';
  const client = await TestClient.start();
  client.configure({ diagnostics: { maxPerFile: 0 } });
  const pid = client.process.pid;
  const t = performance.now();
  client.open(uri, text);
  const opened = await untilComplete(client, uri);
  const openMs = performance.now() - t;
  const before = { held: await held(client), ...rssMB(pid) };
  resetPeak(pid);
  const middle = Math.floor(text.length / 2);
  const typed = ' ErrorCode: Rejected.Disabled RequestId: 0A1B';
  const keystrokes = [];
  const typedStart = performance.now();
  for (let i = 0; i < 50; i++) {
    const character = middle + i;
    const t0 = performance.now();
    change(client, uri, [
      { range: { start: { line: 0, character }, end: { line: 0, character } }, text: typed[i % typed.length] },
    ]);
    await client.hover(uri, 0, character);
    keystrokes.push(performance.now() - t0);
  }
  const typedMs = performance.now() - typedStart;
  const report = await untilComplete(client, uri);
  const completeMs = performance.now() - typedStart;
  const after = { held: await held(client), ...rssMB(pid) };
  keystrokes.sort((a, b) => a - b);
  rows.push([`one 10 MB line (${opened.items.length} diagnostics): open to complete diagnostics`, `${fmt(openMs)} ms`]);
  rows.push([
    '10 MB line: a keystroke answered (hover behind it), p50 / max of 50',
    `${fmt(keystrokes[25])} / ${fmt(keystrokes[49])} ms`,
  ]);
  rows.push([
    `10 MB line: 50 keystrokes typed, then complete diagnostics (${report.items.length})`,
    `${fmt(typedMs)} / ${fmt(completeMs)} ms`,
  ]);
  rows.push([
    '10 MB line: memory held before / after typing (RSS before / after / peak while typing and re-indexing)',
    `${fmt(before.held)} / ${fmt(after.held)} MB (${fmt(before.rss)} / ${fmt(after.rss)} / ${fmt(after.peak)} MB)`,
  ]);
  await client.stop();
}

console.log(`\nEdit benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version})\n`);
console.log('| measure | answered (hover behind the edit) | complete diagnostics |');
console.log('|---|---:|---:|');
for (const [name, value] of rows) {
  if (typeof value === 'string') console.log(`| ${name} | ${value} | |`);
  else console.log(`| ${name} (${value.items} diagnostics) | ${fmt(value.answered)} ms | ${fmt(value.complete)} ms |`);
}
