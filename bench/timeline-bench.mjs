// `npm run bench:timeline`: kms-diagnose timeline on the 1 GB folder of logs (the workspace
// benchmark's 200 dense logs, see generate.mjs) plus the logs of a generated world of incidents, with a
// trail of one million ActionTrail events (that world's events among a million successful calls of
// other applications, as JSON Lines). Reports time and peak RSS (worker threads included), checks that
// every incident of the world still gets its cause, and compares with `kms-diagnose scan` of the logs.
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { writeWorkspace } from './generate.mjs';
import { measure } from './measure.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { generateWorld, backgroundEvents } = require(path.join(root, 'out', 'test', 'support', 'incidentWorld.js'));
const cli = path.join(root, 'dist', 'cli.js');
const EVENTS = 1_000_000;
const SEED = 2026;

const logs = path.join(root, 'bench', 'data', 'workspace-1g');
const data = path.join(root, 'bench', 'data', 'timeline');
const incidentLogs = path.join(data, 'logs');
const trail = path.join(data, `trail-${EVENTS}.jsonl`);
const logBytes = await writeWorkspace(logs);
const world = generateWorld(SEED);

if (!existsSync(trail)) {
  console.error(`generating ${trail} (${EVENTS} events)...`);
  mkdirSync(incidentLogs, { recursive: true });
  for (const [file, entries] of world.logs) writeFileSync(path.join(incidentLogs, file), entries.join('\n') + '\n');
  await writeTrail(trail);
}
const trailBytes = statSync(trail).size;

/** The world's events among the background calls, in time order, one JSON object per line. */
function writeTrail(file) {
  const own = world.events;
  const from = Date.parse(own[0].eventTime) - 86_400_000;
  const to = Date.parse(own.at(-1).eventTime) + 3_600_000;
  const background = backgroundEvents(SEED, EVENTS - own.length, from, to);
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file);
    out.on('error', reject);
    let next = background.next();
    let i = 0;
    const pump = () => {
      while (!next.done || i < own.length) {
        let chunk = '';
        while (chunk.length < 1 << 16 && (!next.done || i < own.length)) {
          const mine = own[i];
          if (mine && (next.done || mine.eventTime <= next.value.eventTime)) {
            chunk += `${JSON.stringify(mine)}\n`;
            i++;
          } else {
            chunk += `${JSON.stringify(next.value)}\n`;
            next = background.next();
          }
        }
        if (!out.write(chunk)) return out.once('drain', pump);
      }
      out.end(resolve);
    };
    pump();
  });
}

// The measured run writes its JSON report, which is then checked: the world's incidents and their causes.
const reportFile = path.join(data, 'report.json');
const quoted = [process.execPath, cli, 'timeline', logs, incidentLogs, '--trail', trail, '--format', 'json']
  .map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`)
  .join(' ');
const timeline = measure(['sh', '-c', `${quoted} > '${reportFile}'`], 1);
const report = JSON.parse(readFileSync(reportFile, 'utf8'));
let right = 0;
for (const expected of world.expected) {
  const incident = report.incidents.find(
    (i) =>
      i.code === expected.code &&
      i.resource &&
      `${i.resource.kind}:${i.resource.id}` === expected.resource &&
      i.region === expected.region &&
      i.files.length > 0,
  );
  if (incident && (incident.cause?.change ?? null) === expected.cause) right++;
}
const decoys = new Set(world.decoys);
const decoysTied = report.incidents.filter((i) => i.changes.some((c) => decoys.has(c.change))).length;

const scan = measure([process.execPath, cli, 'scan', logs, incidentLogs], 1);

console.log(
  `\nTimeline benchmark (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${availableParallelism()} cores; ` +
    `one run each; load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})\n`,
);
console.log(
  `Inputs: ${(logBytes / 1048576).toFixed(0)} MB of logs in 200 files plus ${world.logs.size} incident logs; ` +
    `trail of ${report.inputs.trail.events} events (${(trailBytes / 1048576).toFixed(0)} MB), ${report.inputs.trail.changes} changes, ` +
    `${report.inputs.trail.failures} failed calls. Report: ${report.incidents.length} incidents from ${report.inputs.findings} failed calls; ` +
    `the world's ${world.expected.length} incidents: ${right} with the right cause (or rightly none); incidents tied to a decoy: ${decoysTied}.\n`,
);
console.log('| command | time (s) | peak RSS (MB) |');
console.log('|---|---:|---:|');
console.log(
  `| kms-diagnose timeline --format json (logs + 1M-event trail) | ${timeline.seconds.toFixed(1)} | ${timeline.rssMB.toFixed(0)} |`,
);
console.log(`| kms-diagnose scan (the same logs) | ${scan.seconds.toFixed(1)} | ${scan.rssMB.toFixed(0)} |`);
