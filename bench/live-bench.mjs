// `npm run bench:live`: how long a KMS error written to a live input takes to come out of
// kms-diagnose. Log entries of bench/generate.mjs (half of them errors, decoys and other products'
// errors) are written one at a time, with pauses, to the stdin of `kms-diagnose scan -` (text and
// jsonl) through a pipe, or appended to a file followed with `scan --follow`; each finding's latency
// is the time from the write of its entry to the arrival of its line on stdout. Prints p50, p99 and max.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { logLines, mulberry32 } from './generate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const lineBreaks = (text) => (text.match(/\r\n|\r|\n/g) ?? []).length;

/** The line (from 0) of the finding a line of output reports, or undefined for any other line. */
const findingLine = {
  jsonl: (line) => {
    const object = JSON.parse(line);
    return object.type === 'finding' ? object.range.start.line : undefined;
  },
  // `path:line:column  code ...`, lines from 1.
  text: (line) => {
    const match = /^.*?:(\d+):\d+ {2}/.exec(line);
    return match ? Number(match[1]) - 1 : undefined;
  },
};

/**
 * Writes `count` entries with `write(child, text)`, pausing a random time in [minPause, maxPause) ms after each,
 * while `child` (kms-diagnose) reads them; returns the latency of every finding in ms.
 */
async function run({ args, format, write, count, minPause, maxPause, seed, ready, firstLine = 0 }) {
  const child = spawn(process.execPath, [cli, ...args, '--format', format], { env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  await ready(() => stderr);
  // Each entry's first line and the time it was written.
  const entries = [];
  const latencies = [];
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (data) => {
    const now = performance.now();
    pending += data;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines) {
      const at = findingLine[format](line);
      if (at === undefined) continue;
      let entry = entries.length - 1;
      while (entry > 0 && entries[entry].line > at) entry--;
      if (entry === 0) warmedUp();
      else latencies.push(now - entries[entry].written);
    }
  });
  const closed = new Promise((resolve) => child.on('close', resolve));
  // A first error, not measured: the clock starts once kms-diagnose has started and answered it.
  let warmedUp;
  const warm = new Promise((resolve) => (warmedUp = resolve));
  const first = '2026-11-20T07:59:59.000Z ERROR warm-up: ErrorCode: Rejected.Disabled RequestId: 00000000-0000\n';
  entries.push({ line: firstLine, written: performance.now() });
  write(child, first);
  await warm;
  const rand = mulberry32(seed);
  const lines = logLines(mulberry32(seed + 1), undefined, 0.5);
  let line = firstLine + 1;
  for (let i = 0; i < count; i++) {
    const text = `${lines.next().value}\n`;
    entries.push({ line, written: performance.now() });
    write(child, text);
    line += lineBreaks(text);
    await sleep(minPause + rand() * (maxPause - minPause));
  }
  // The last findings come out at the last quiet gap; then the input ends.
  await sleep(1000);
  return {
    latencies,
    end: () => {
      child.stdin.end();
      child.kill('SIGINT');
      return closed;
    },
  };
}

const scratch = mkdtempSync(path.join(tmpdir(), 'kms-live-bench-'));
const results = [];
try {
  for (const profile of [
    { name: 'pipe, text, busy (pauses 0-60 ms)', format: 'text', count: 600, minPause: 0, maxPause: 60, seed: 1 },
    { name: 'pipe, jsonl, busy (pauses 0-60 ms)', format: 'jsonl', count: 600, minPause: 0, maxPause: 60, seed: 1 },
    {
      name: 'pipe, text, sparse (pauses 250-750 ms)',
      format: 'text',
      count: 120,
      minPause: 250,
      maxPause: 750,
      seed: 2,
    },
    {
      name: 'pipe, jsonl, sparse (pauses 250-750 ms)',
      format: 'jsonl',
      count: 120,
      minPause: 250,
      maxPause: 750,
      seed: 2,
    },
  ]) {
    const { latencies, end } = await run({
      ...profile,
      args: ['scan', '-'],
      write: (child, text) => child.stdin.write(text),
      ready: async () => {},
    });
    await end();
    results.push({ ...profile, latencies });
  }
  const log = path.join(scratch, 'app.log');
  writeFileSync(log, '2026-11-20T08:00:00.000Z INFO  started\n');
  const follow = {
    name: '--follow, jsonl, sparse (pauses 250-750 ms)',
    format: 'jsonl',
    count: 120,
    minPause: 250,
    maxPause: 750,
    seed: 3,
  };
  const followed = await run({
    ...follow,
    args: ['scan', '--follow', log],
    firstLine: 1,
    write: (_child, text) => appendFileSync(log, text),
    ready: async (stderr) => {
      while (!stderr().includes('following from')) await sleep(20);
    },
  });
  await followed.end();
  results.push({ ...follow, latencies: followed.latencies });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

console.log(
  `Live latency benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')})\n`,
);
console.log('| input | entries | findings | p50 (ms) | p99 (ms) | max (ms) |');
console.log('|---|---:|---:|---:|---:|---:|');
const row = (name, count, latencies) => {
  const f = (p) => percentile(latencies, p).toFixed(0);
  return `| ${name} | ${count} | ${latencies.length} | ${f(50)} | ${f(99)} | ${Math.max(...latencies).toFixed(0)} |`;
};
for (const r of results) console.log(row(r.name, r.count, r.latencies));
// Busy and sparse together: the figures of a pipe in each format.
for (const format of ['text', 'jsonl']) {
  const pipe = results.filter((r) => r.format === format && r.name.startsWith('pipe'));
  const entries = pipe.reduce((n, r) => n + r.count, 0);
  console.log(
    row(
      `pipe, ${format}, all`,
      entries,
      pipe.flatMap((r) => r.latencies),
    ),
  );
}
