import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { withCatalogText } from '../../server/src/core/catalog/userCatalogs';
import { decode } from '../../server/src/core/decoder/decoder';
import { scanText } from '../../server/src/core/scanner/scan';
import { decodeViolations, prototypePolluted, scanViolations } from './invariants';
import { mutate, mutateCatalog } from './mutate';
import { Random, inputSeed } from './random';
import type { Seeds } from './seeds';

export const TARGETS = ['scan', 'decode', 'catalog'] as const;
export type Target = (typeof TARGETS)[number];

/** Inputs taking more CPU time than this are reported, with what it takes to make them again. */
export const SLOW_MS = 100;

/**
 * The CPU time an input may take: 1 s, plus 0.5 us per character (2 MB/s) for the inputs of several
 * megabytes. The check is there to catch work that grows faster than the input; a fixed second would
 * flag a linear scan of a 10 MB line full of findings, and a quadratic one takes minutes at that size.
 */
export function timeBudgetMs(length: number): number {
  return 1000 + length * 0.0005;
}

export interface Problem {
  target: Target;
  index: number;
  kind: 'exception' | 'violation' | 'slow' | 'over budget';
  detail: string;
  ms: number;
  length: number;
}

export interface TargetReport {
  target: Target;
  inputs: number;
  exceptions: number;
  violations: number;
  slow: number;
  /** Inputs over their time budget (timeBudgetMs): the run fails on any. */
  overBudget: number;
  slowestMs: number;
  slowestIndex: number;
  /** The longest input in wall-clock time, which includes waiting for a busy machine. */
  slowestWallMs: number;
  totalMs: number;
  problems: Problem[];
}

const catalog = builtinCatalog();
const FLATTEN = /$^/;

/** Input `index` of `target` for `seed`: the same text on every run. */
export function makeInput(target: Target, seed: number, index: number, seeds: Seeds, hugeChance: number): string {
  const rng = new Random(inputSeed(seed, target, index));
  if (target === 'catalog') {
    let text = rng.pick(seeds.catalogs);
    for (let n = rng.size(1, 3); n > 0; n--) text = mutateCatalog(text, rng, seeds);
    return text;
  }
  let text = rng.pick(seeds.texts);
  if (target === 'decode' && rng.chance(0.7)) {
    // a selection: a piece of a log or file, as people select responses
    const from = rng.int(text.length);
    text = text.slice(from, from + rng.size(20, 6000));
  }
  return mutate(text, rng, seeds, { hugeChance, hugeMax: target === 'decode' ? 2_000_000 : 10_000_000 });
}

/**
 * Runs one input through its target and returns the check of its invariants, to be called after:
 * the time an input takes is the product's, not the checker's.
 */
export function runInput(target: Target, input: string, seeds: Seeds, index: number): () => string[] {
  if (target === 'scan') {
    const findings = scanText(input, catalog, { previews: index % 2 === 0 });
    return () => scanViolations(input, findings, catalog);
  }
  if (target === 'decode') {
    const outcome = decode(input, catalog);
    return () => decodeViolations(input, outcome);
  }
  const loaded = withCatalogText(catalog, input, 'fuzz.json');
  if (loaded.error !== null && typeof loaded.error !== 'string') return () => ['a catalog error that is not a message'];
  if (loaded.catalog === catalog) return () => [];
  // A catalog that loads must scan and decode like the built-in one.
  const text = `${seeds.texts[index % seeds.texts.length] ?? ''}\n${loaded.catalog.entries.at(-1)?.code ?? ''}`;
  const findings = scanText(text, loaded.catalog);
  const outcome = decode(text, loaded.catalog);
  return () => [...scanViolations(text, findings, loaded.catalog), ...decodeViolations(text, outcome)];
}

export interface FuzzOptions {
  target: Target;
  seed: number;
  count: number;
  first?: number;
  seeds: Seeds;
  hugeChance?: number;
  onProgress?: (done: number) => void;
}

export function fuzzTarget(options: FuzzOptions): TargetReport {
  const { target, seed, count, seeds } = options;
  const first = options.first ?? 0;
  const hugeChance = options.hugeChance ?? 1 / 1500;
  const report: TargetReport = {
    target,
    inputs: 0,
    exceptions: 0,
    violations: 0,
    slow: 0,
    overBudget: 0,
    slowestMs: 0,
    slowestIndex: -1,
    slowestWallMs: 0,
    totalMs: 0,
    problems: [],
  };
  for (let index = first; index < first + count; index++) {
    const input = makeInput(target, seed, index, seeds, hugeChance);
    // Mutations build strings out of pieces; files and editors hand over flat ones. A regular
    // expression flattens it in place, outside the timed part.
    FLATTEN.test(input);
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    let violations: string[] = [];
    let exception: string | null = null;
    let check: () => string[] = () => [];
    try {
      check = runInput(target, input, seeds, index);
    } catch (error) {
      exception = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuStarted);
    try {
      violations = check();
    } catch (error) {
      exception ??= `invariant check: ${error instanceof Error ? error.message : String(error)}`;
    }
    // CPU time, so that a machine busy with other work does not make inputs look slow.
    const ms = (cpu.user + cpu.system) / 1000;
    report.slowestWallMs = Math.max(report.slowestWallMs, wallMs);
    if (prototypePolluted()) violations.push('prototype polluted');
    report.inputs++;
    report.totalMs += ms;
    const problem = { target, index, ms, length: input.length };
    if (exception !== null) {
      report.exceptions++;
      report.problems.push({ ...problem, kind: 'exception', detail: exception });
    }
    if (violations.length > 0) {
      report.violations++;
      report.problems.push({ ...problem, kind: 'violation', detail: violations.slice(0, 3).join('; ') });
    }
    if (ms > timeBudgetMs(input.length)) {
      report.overBudget++;
      const budget = timeBudgetMs(input.length).toFixed(0);
      report.problems.push({ ...problem, kind: 'over budget', detail: `${ms.toFixed(0)} ms of ${budget} ms` });
    } else if (ms > SLOW_MS) {
      report.slow++;
      report.problems.push({ ...problem, kind: 'slow', detail: `${ms.toFixed(0)} ms` });
    }
    if (ms > report.slowestMs) {
      report.slowestMs = ms;
      report.slowestIndex = index;
    }
    options.onProgress?.(report.inputs);
  }
  return report;
}
