// `npm run bench:files`: the file side of a folder scan, with figures for docs/performance.md:
// 1. the walk of 2,000 files with and without an ordinary 300-line .gitignore (and with hostile
//    lines added), the core walk alone and `kms-diagnose scan` end to end;
// 2. hover latency in the language server while kms/inspectLogs walks and scans a folder, and how
//    long a cancelled inspection takes to answer;
// 3. 50,000 one-line logs: kms-diagnose against ripgrep and GNU grep on the same folder;
// 4. the cost of each file beyond the first 25,000: the same tools on 25,000 and 50,000 files.
// Times are medians of BENCH_RUNS runs (3 by default) on whatever else the machine is doing.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ONE_LINE_ERROR, ONE_LINE_QUIET, writeOneLineLogs } from './generate.mjs';
import { ensureDebianTool, haveCommand, measure } from './measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const out = (file) => require(path.join(root, 'out', ...file.split('/')));
const { selectFiles } = out('server/src/core/files/selection.js');
const { ordinaryGitignore } = out('test/support/gitignore.js');
const { TestClient } = out('test/support/lspClient.js');
const { CancellationTokenSource } = require('vscode-jsonrpc/node');

const data = path.join(root, 'bench', 'data', 'files');
const cli = path.join(root, 'dist', 'cli.js');
const runs = Number(process.env.BENCH_RUNS ?? 3);
mkdirSync(data, { recursive: true });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values, p) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const HOSTILE = [`*${'a*'.repeat(15)}b`, `${'{a,b}'.repeat(40)}c`, `**/*${'a*'.repeat(12)}b/**`];

/** A folder of `count` one-line logs under bench/data/files, with the given .gitignore (or none). */
function folderOf(name, count, gitignore, line = ONE_LINE_ERROR) {
  return writeOneLineLogs(path.join(data, name), count, gitignore, line);
}

/** One walk of the folder: wall and CPU milliseconds. */
async function walkOnce(dir) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let files = 0;
  for await (const item of selectFiles(dir, { include: [], exclude: ['.complete', '.gitignore'] }))
    if (typeof item === 'string') files++;
  if (files !== 2000) throw new Error(`walked ${files} files`);
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
}

// 1. The walk with and without a 300-line .gitignore: the settings take turns, run after run, so
// that the machine's load weighs on each alike; then `kms-diagnose scan` end to end.
const walkRows = [];
const small = folderOf('walk-2000', 2000, null);
const settings = [
  ['no .gitignore', null],
  ['ordinary 300-line .gitignore', ordinaryGitignore(300)],
  ['300 lines + 15 hostile lines', `${ordinaryGitignore(300)}\n${HOSTILE.join('\n').repeat(5)}\n`],
];
const samples = settings.map(() => ({ wall: [], cpu: [] }));
console.error('walks, the settings taking turns...');
for (let i = 0; i < 15 * runs; i++)
  for (const [k, [, gitignore]] of settings.entries()) {
    folderOf('walk-2000', 2000, gitignore);
    const once = await walkOnce(small);
    samples[k].wall.push(once.wall);
    samples[k].cpu.push(once.cpu);
  }
for (const [k, [label, gitignore]] of settings.entries()) {
  folderOf('walk-2000', 2000, gitignore);
  console.error(`kms-diagnose scan, ${label}...`);
  const scan = measure([process.execPath, cli, 'scan', small, '--format', 'json', '--exclude', '.complete'], runs);
  walkRows.push({ label, wall: median(samples[k].wall), cpu: median(samples[k].cpu), scan: scan.seconds });
}
folderOf('walk-2000', 2000, null);

// 2. Hover latency during inspections, and the answer to a cancelled one.
async function hoversDuring(dir, label, inParts = true) {
  const client = await TestClient.start();
  // As the VS Code client asks: the files in parts ($/progress), or else in the answer itself.
  const token = inParts ? { partialResultToken: 'bench-files' } : {};
  const uri = 'untitled:bench-hover';
  client.open(uri, 'ErrorCode: Forbidden.KeyNotFound\n', 'plaintext');
  await client.hover(uri, 0, 14);
  const latencies = [];
  let done = false;
  const started = performance.now();
  const inspection = client.request('kms/inspectLogs', { folders: [dir], ...token }).then(() => (done = true));
  while (!done) {
    const t = performance.now();
    await client.hover(uri, 0, 14);
    latencies.push(performance.now() - t);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await inspection;
  const seconds = (performance.now() - started) / 1000;
  // Cancelled 200 ms in: how long until the inspection answers.
  const source = new CancellationTokenSource();
  const pending = client.connection.sendRequest('kms/inspectLogs', { folders: [dir], ...token }, source.token);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const cancelledAt = performance.now();
  source.cancel();
  const cancelled = await pending;
  const cancelMs = performance.now() - cancelledAt;
  await client.stop();
  return {
    label,
    seconds,
    hovers: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    cancelMs,
    cancelled: cancelled.cancelled,
  };
}
const hoverRows = [];
folderOf('walk-2000', 2000, `${ordinaryGitignore(300)}\n${HOSTILE.join('\n').repeat(5)}\n`);
console.error('hovers during an inspection of 2,000 files, hostile .gitignore...');
hoverRows.push(await hoversDuring(small, '2,000 files, 300-line .gitignore + 15 hostile lines'));
folderOf('walk-2000', 2000, null);
const many = folderOf('one-line-50000', 50000, null);
console.error('hovers during an inspection of 50,000 files...');
hoverRows.push(await hoversDuring(many, '50,000 one-line logs, files in parts'));
console.error('hovers during an inspection of 50,000 files, answered in one piece...');
hoverRows.push(await hoversDuring(many, '50,000 one-line logs, files in the answer (no partialResultToken)', false));

// 3. 50,000 one-line logs against ripgrep and grep.
const catalog = JSON.parse(readFileSync(path.join(root, 'server', 'catalog', 'kms-errors.json'), 'utf8'));
const codes = path.join(data, 'codes.txt');
writeFileSync(codes, `${catalog.codes.flatMap((c) => [c.code, ...(c.aliases ?? [])]).join('\n')}\n`);
const hasRg = ensureDebianTool('rg', 'ripgrep');
const hasGrep = haveCommand('grep');
const quiet = folderOf('quiet-50000', 50000, null, ONE_LINE_QUIET);
// The floor of a scan on one thread in Node.js: list the folders, then open, read and close each
// file and nothing else (no decoding, no search): what any per-file work comes on top of.
const bareReads = `const fs = require('fs'), p = require('path'); const root = process.argv[1], buf = Buffer.alloc(65536);
for (const d of fs.readdirSync(root, { withFileTypes: true })) if (d.isDirectory())
  for (const f of fs.readdirSync(p.join(root, d.name))) { const fd = fs.openSync(p.join(root, d.name, f), 'r'); fs.readSync(fd, buf, 0, buf.length, null); fs.closeSync(fd); }`;
// Each command on a folder; `marginal`: also measured on 25,000 against 50,000 files (part 4).
const rgWords = ['--no-config', '--no-ignore', '-w', '-n', '--column', '-F', '-f', codes];
const manyCommands = [
  ['kms-diagnose scan (text)', (dir) => [process.execPath, cli, 'scan', dir, '--exclude', '.complete'], true],
  [
    'kms-diagnose scan --format json',
    (dir) => [process.execPath, cli, 'scan', dir, '--format', 'json', '--exclude', '.complete'],
    true,
  ],
  [
    'kms-diagnose scan --jobs 1',
    (dir) => [process.execPath, cli, 'scan', dir, '--jobs', '1', '--exclude', '.complete'],
    false,
  ],
  ['node: open, read and close each file, one thread', (dir) => [process.execPath, '-e', bareReads, dir], false],
  ...(hasRg
    ? [
        ['rg -w -n --column -F -f codes', (dir) => ['rg', ...rgWords, dir], true],
        ['rg -j1 -w -n --column -F -f codes (one thread)', (dir) => ['rg', '-j1', ...rgWords, dir], false],
      ]
    : []),
  ...(hasGrep
    ? [
        ['grep -r -w -n -F -f codes', (dir) => ['grep', '-r', '-w', '-n', '-F', '-f', codes, dir], false],
        ['grep -rl Forbidden', (dir) => ['grep', '-rl', 'Forbidden', dir], false],
      ]
    : []),
];
const manyRows = [];
for (const [folderLabel, dir] of [
  ['50,000 one-line logs, 25,000 with a KMS error', many],
  ['50,000 one-line logs, no KMS error', quiet],
]) {
  for (const [name, command] of manyCommands) {
    console.error(`${folderLabel}: ${name}...`);
    manyRows.push({ folder: folderLabel, name, ...measure(command(dir), runs) });
  }
}

// 4. The cost of one more file: the same kind of folder with 25,000 and with 50,000 files, the runs
// taking turns; the difference over the 25,000 files more is each tool's cost per file, without what
// a run costs once (the process and its threads starting, the code of each thread warming up).
const MARGINAL_RUNS = Math.max(runs, 5);
const marginalRows = [];
for (const [folderLabel, line, small, large] of [
  ['one-line logs, half with a KMS error', ONE_LINE_ERROR, 'one-line-25000', many],
  ['one-line logs, no KMS error', ONE_LINE_QUIET, 'quiet-25000', quiet],
]) {
  const smaller = folderOf(small, 25000, null, line);
  for (const [name, command] of manyCommands.filter(([, , marginal]) => marginal)) {
    console.error(`${folderLabel}, 25,000 against 50,000 files: ${name}...`);
    const times = { small: [], large: [] };
    for (let i = 0; i < MARGINAL_RUNS; i++) {
      times.small.push(measure(command(smaller), 1).seconds);
      times.large.push(measure(command(large), 1).seconds);
    }
    const [s, l] = [median(times.small), median(times.large)];
    marginalRows.push({ folder: folderLabel, name, small: s, large: l, perFile: ((l - s) / 25000) * 1e6 });
  }
}

const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ');
console.log(
  `\nFiles benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${availableParallelism()} cores, median of ${runs} runs; load average at the end ${load})\n`,
);
console.log(
  '| 2,000 one-line logs | walk (ms) | / without | walk CPU (ms) | / without | kms-diagnose scan --format json (s) | / without |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
const [none] = walkRows;
for (const r of walkRows)
  console.log(
    `| ${r.label} | ${r.wall.toFixed(1)} | ${(r.wall / none.wall).toFixed(2)} | ${r.cpu.toFixed(1)} | ${(r.cpu / none.cpu).toFixed(2)} | ${r.scan.toFixed(2)} | ${(r.scan / none.scan).toFixed(2)} |`,
  );
console.log(
  '\n| kms/inspectLogs on | inspection (s) | hovers | hover p50 (ms) | p99 (ms) | max (ms) | cancelled after 200 ms: answered in (ms) |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of hoverRows)
  console.log(
    `| ${r.label} | ${r.seconds.toFixed(2)} | ${r.hovers} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.cancelled ? r.cancelMs.toFixed(0) : 'finished first'} |`,
  );
console.log(
  '\n| folder | command | time (s) | per file (µs) | / rg | CPU (s) | CPU per file (µs) | CPU / rg | peak RSS (MB) |',
);
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of manyRows) {
  const rg = manyRows.find((o) => o.folder === r.folder && o.name.startsWith('rg -w'));
  const perFile = (seconds) => ((seconds / 50000) * 1e6).toFixed(0);
  console.log(
    `| ${r.folder} | ${r.name} | ${r.seconds.toFixed(2)} | ${perFile(r.seconds)} | ${rg ? (r.seconds / rg.seconds).toFixed(2) : 'n/a'} | ${r.cpuSeconds.toFixed(2)} | ${perFile(r.cpuSeconds)} | ${rg ? (r.cpuSeconds / rg.cpuSeconds).toFixed(2) : 'n/a'} | ${r.rssMB.toFixed(0)} |`,
  );
}

console.log(
  `\n| folder (median of ${MARGINAL_RUNS} runs, taking turns) | command | 25,000 files (s) | 50,000 files (s) | each file beyond the first 25,000 (µs) | / rg |`,
);
console.log('|---|---|---:|---:|---:|---:|');
for (const r of marginalRows) {
  const rg = marginalRows.find((o) => o.folder === r.folder && o.name.startsWith('rg -w'));
  console.log(
    `| ${r.folder} | ${r.name} | ${r.small.toFixed(2)} | ${r.large.toFixed(2)} | ${r.perFile.toFixed(1)} | ${rg ? (r.perFile / rg.perFile).toFixed(2) : 'n/a'} |`,
  );
}
