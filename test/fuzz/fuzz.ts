/**
 * The seeded mutational fuzzer over the scanner, the decoder and user catalog loading.
 *
 *   npm run fuzz                                  100,000 inputs per target, seed 1
 *   npm run fuzz -- --count 5000 --seed 7         another run
 *   npm run fuzz -- --target decode --replay 123  input 123 of decode again, with its text saved
 *
 * Exits 1 when an input throws, breaks an invariant or takes more CPU time than its budget (1 s plus
 * 0.5 us per character, see timeBudgetMs); lists every input over 100 ms.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TARGETS, fuzzTarget, makeInput, runInput, type Target, type TargetReport } from './run';
import { loadSeeds } from './seeds';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    target: { type: 'string', multiple: true },
    replay: { type: 'string' },
    first: { type: 'string', default: '0' },
  },
});
const seed = Number(values.seed);
const targets = (values.target ?? [...TARGETS]) as Target[];
for (const t of targets) if (!TARGETS.includes(t)) throw new Error(`unknown target ${t}; one of ${TARGETS.join(', ')}`);
const seeds = loadSeeds();

if (values.replay !== undefined) {
  const index = Number(values.replay);
  for (const target of targets) {
    const input = makeInput(target, seed, index, seeds, 1 / 1500);
    const file = `fuzz-${target}-${seed}-${index}.txt`;
    writeFileSync(file, input);
    const started = performance.now();
    const check = runInput(target, input, seeds, index);
    const ms = performance.now() - started;
    const violations = check();
    console.log(`${target} #${index}: ${input.length} chars saved to ${file}, ${ms.toFixed(1)} ms`);
    for (const v of violations) console.log(`  violation: ${v}`);
  }
  process.exit(0);
}

const reports: TargetReport[] = [];
for (const target of targets) {
  const count = Number(values.count);
  let last = Date.now();
  const report = fuzzTarget({
    target,
    seed,
    count,
    first: Number(values.first),
    seeds,
    onProgress: (done) => {
      if (Date.now() - last > 10_000) {
        last = Date.now();
        process.stderr.write(`${target}: ${done}/${count}\n`);
      }
    },
  });
  reports.push(report);
  for (const p of report.problems) {
    console.log(`${p.kind.padEnd(9)} ${target} #${p.index} (${p.length} chars, ${p.ms.toFixed(0)} ms): ${p.detail}`);
  }
}

console.log(`\nseed ${seed}`);
console.log(
  'target    inputs  exceptions  violations  over budget  over 100 ms  slowest CPU ms (input)  slowest wall ms  total CPU s',
);
for (const r of reports) {
  console.log(
    `${r.target.padEnd(8)} ${String(r.inputs).padStart(7)} ${String(r.exceptions).padStart(11)} ${String(r.violations).padStart(11)}` +
      ` ${String(r.overBudget).padStart(12)} ${String(r.slow).padStart(12)} ${r.slowestMs.toFixed(0).padStart(15)} (#${r.slowestIndex})` +
      ` ${r.slowestWallMs.toFixed(0).padStart(16)} ${(r.totalMs / 1000).toFixed(1).padStart(12)}`,
  );
}
const failed = reports.some((r) => r.exceptions > 0 || r.violations > 0 || r.overBudget > 0);
process.exit(failed ? 1 : 0);
