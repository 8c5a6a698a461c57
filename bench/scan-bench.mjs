// `npm run bench`: kms-diagnose side by side with ripgrep and GNU grep, in one run, on four inputs:
// a mixed 200 MB log (errors rarer), the dense 200 MB log, a 1 GB folder of 200 logs and a folder of
// 50,000 one-line logs. Every tool searches the same list of codes and aliases and writes to a pipe
// that is read; median wall time of BENCH_RUNS runs (3 by default) and the peak RSS of the process.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DENSE, MIXED, ONE_LINE_ERROR, writeLog, writeOneLineLogs, writeWorkspace } from './generate.mjs';
import { ensureDebianTool, haveCommand, measure } from './measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const data = path.join(root, 'bench', 'data');
const cli = path.join(root, 'dist', 'cli.js');
const runs = Number(process.env.BENCH_RUNS ?? 3);
mkdirSync(data, { recursive: true });

if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run npm run build first');
const catalog = JSON.parse(readFileSync(path.join(root, 'server', 'catalog', 'kms-errors.json'), 'utf8'));
const codes = path.join(data, 'codes.txt');
writeFileSync(codes, `${catalog.codes.flatMap((c) => [c.code, ...(c.aliases ?? [])]).join('\n')}\n`);

/** A 200 MB log of the given error share, named by it so that a log of another share is never reused. */
async function log(name, share) {
  const file = path.join(data, name);
  if (!existsSync(file)) {
    console.error(`generating bench/data/${name} (200 MB)...`);
    await writeLog(file, 200 * 1024 * 1024, 42, share);
  }
  return { file, bytes: statSync(file).size };
}

const folder = path.join(data, 'workspace-1g');
const SMALL_FILES = 50_000;
const inputs = [
  { label: 'mixed 200 MB log (1 % error entries)', ...(await log('log-1pct-200.log', MIXED)), folder: false },
  { label: 'dense 200 MB log (4.5 % error entries)', ...(await log('log-4.5pct-200.log', DENSE)), folder: false },
  { label: '1 GB folder, 200 files', file: folder, bytes: await writeWorkspace(folder), folder: true },
  // The per-file cost: the folder `npm run bench:files` uses too.
  {
    label: '50,000 one-line logs',
    file: writeOneLineLogs(path.join(data, 'files', 'one-line-50000'), SMALL_FILES),
    bytes: Array.from({ length: SMALL_FILES }, (_, i) => ONE_LINE_ERROR(i).length).reduce((a, b) => a + b, 0),
    folder: true,
  },
];

// The machine may be shared: CPU time (user + system, all threads) is the figure its load disturbs least.
const loadAtStart = loadavg();
const hasRg = ensureDebianTool('rg', 'ripgrep');
const hasGrep = haveCommand('grep');
const ours = (input, ...args) => [process.execPath, cli, 'scan', input.file, ...args];
const rows = [];
for (const input of inputs) {
  const commands = [
    ['kms-diagnose scan --format json', ours(input, '--format', 'json')],
    ['kms-diagnose scan (text)', ours(input, '--no-color')],
    ...(input.folder
      ? [[`kms-diagnose scan --format json --jobs 1`, ours(input, '--format', 'json', '--jobs', '1')]]
      : []),
    // bench/data is git-ignored: --no-ignore, or ripgrep would skip the folder's files.
    ...(hasRg
      ? [
          [
            'rg -w -n --column -F -f codes',
            ['rg', '--no-config', '--no-ignore', '-w', '-n', '--column', '-F', '-f', codes, input.file],
          ],
        ]
      : []),
    ...(hasGrep
      ? [
          [
            `grep${input.folder ? ' -r' : ''} -w -n -F -f codes`,
            ['grep', ...(input.folder ? ['-r'] : []), '-w', '-n', '-F', '-f', codes, input.file],
          ],
        ]
      : []),
  ];
  for (const [name, command] of commands) {
    console.error(`${input.label}: ${name}...`);
    const m = measure(command, runs);
    rows.push({
      input: input.label,
      name,
      seconds: m.seconds,
      cpuSeconds: m.cpuSeconds,
      mbps: input.bytes / 1048576 / m.seconds,
      rssMB: m.rssMB,
    });
  }
}

console.log(
  `\nScan benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${availableParallelism()} cores, ` +
    `median of ${runs} runs; load average at the start ${loadText(loadAtStart)}, at the end ${loadText(loadavg())})\n`,
);
const cpu = (r) => (r?.cpuSeconds === undefined ? 'n/a' : r.cpuSeconds.toFixed(2));
console.log('| input | command | time (s) | CPU (s) | MB/s | peak RSS (MB) | kms-diagnose json / this |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const json = rows.find((o) => o.input === r.input && o.name === 'kms-diagnose scan --format json');
  console.log(
    `| ${r.input} | ${r.name} | ${r.seconds.toFixed(2)} | ${cpu(r)} | ${r.mbps.toFixed(0)} | ${r.rssMB.toFixed(0)} | ${(json.seconds / r.seconds).toFixed(2)} |`,
  );
}
console.log('\nRatios of wall time (CPU time in brackets):\n');
console.log('| input | json / rg -w | json / grep -w | text / rg -w | text / grep -w |');
console.log('|---|---:|---:|---:|---:|');
for (const input of inputs) {
  const row = (prefix) => rows.find((r) => r.input === input.label && r.name.startsWith(prefix));
  const of = (a, b, key) => (row(a)?.[key] && row(b)?.[key] ? `${(row(a)[key] / row(b)[key]).toFixed(2)}x` : 'n/a');
  const ratio = (a, b) => `${of(a, b, 'seconds')} (${of(a, b, 'cpuSeconds')})`;
  const [json, text] = ['kms-diagnose scan --format json', 'kms-diagnose scan (text)'];
  console.log(
    `| ${input.label} | ${ratio(json, 'rg')} | ${ratio(json, 'grep')} | ${ratio(text, 'rg')} | ${ratio(text, 'grep')} |`,
  );
}
if (!hasRg) console.log('\nripgrep is not installed and could not be installed: no ratio to it.');
writeFileSync(path.join(data, 'scan-bench.json'), JSON.stringify(rows, null, 2));

function loadText(load) {
  return load.map((l) => l.toFixed(1)).join(' ');
}
