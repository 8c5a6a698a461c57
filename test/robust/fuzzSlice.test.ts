import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TARGETS, fuzzTarget } from '../fuzz/run';
import { loadSeeds } from '../fuzz/seeds';
import { bySize } from '../support/testSize';

/*
 * A bounded slice of `npm run fuzz` (the first 400 inputs of seed 1 for every target; 3,000 with
 * KMS_TEST_SIZE=full): no input may throw or break an invariant. Inputs over 100 ms are listed as
 * diagnostics with their index, to replay with `npm run fuzz -- --target T --replay N`; only an
 * input over 10 s fails the slice, a guard against an order of growth rather than a speed claim
 * (the full run's figures are in docs/reliability.md).
 */
const SLICE = bySize(400, 3000);
const seeds = loadSeeds();

describe('fuzz slice', () => {
  for (const target of TARGETS) {
    it(`${target}: ${SLICE} mutated inputs, no exception, no broken invariant`, (t) => {
      const report = fuzzTarget({ target, seed: 1, count: SLICE, seeds });
      for (const p of report.problems) {
        t.diagnostic(`${p.kind} ${target} #${p.index} (${p.length} chars, ${p.ms.toFixed(0)} ms): ${p.detail}`);
      }
      assert.equal(report.inputs, SLICE);
      const broken = report.problems.filter((p) => p.kind !== 'slow' && p.kind !== 'over budget');
      assert.deepEqual(broken, [], 'inputs that threw or broke an invariant');
      assert.ok(report.slowestMs < 10_000, `input #${report.slowestIndex} took ${report.slowestMs.toFixed(0)} ms`);
    });
  }
});
