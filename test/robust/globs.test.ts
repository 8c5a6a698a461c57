import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minimatch } from 'minimatch';
import { GlobSet, type MatchWork } from '../../server/src/core/files/globs';
import { bySize } from '../support/testSize';

/*
 * The glob automaton against minimatch (what the walk used before) on generated globs and paths, and
 * hostile globs against long names, counted in steps: the order of growth, not a speed.
 */
const COMPARED = bySize(4_000, 40_000);
const LONG = bySize(20_000, 100_000);

/** A small seeded generator (mulberry32), so every run checks the same inputs. */
function seeded(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** What the walk used before: minimatch with `dot`, and a base name match for globs without a slash. */
const reference = (path: string, glob: string) => minimatch(path, glob, { dot: true, matchBase: !glob.includes('/') });

const GLOB_PARTS = [
  'a',
  'b',
  '.',
  '/',
  '*',
  '**',
  '?',
  '[ab]',
  '[!a]',
  '[a-c]',
  '[^b]',
  '{a,b}',
  '{a/b,c}',
  '-',
  '\\*',
  'é',
];
const PATH_PARTS = ['a', 'b', '.', '/', 'x', '-', 'ab', 'é', '*', 'c'];

describe('globs: the same answers as minimatch, in one pass', () => {
  it('matches files and folders as the walk did, on generated globs and paths (4,000; 40,000 at the full size)', () => {
    const rand = seeded(7);
    let compared = 0;
    while (compared < COMPARED) {
      let glob = '';
      for (let i = 1 + rand(6); i > 0; i--) glob += GLOB_PARTS[rand(GLOB_PARTS.length)];
      let path = '';
      for (let i = 1 + rand(6); i > 0; i--) path += PATH_PARTS[rand(PATH_PARTS.length)];
      // Paths as a walk makes them (no empty, `.` or `..` segment); `**` inside braces is not supported.
      if (path.split('/').some((s) => s === '' || s === '.' || s === '..') || /\{[^}]*\*\*/.test(glob)) continue;
      const set = new GlobSet([glob]);
      assert.equal(set.matches(path), reference(path, glob), `file ${JSON.stringify(path)} ${JSON.stringify(glob)}`);
      assert.equal(
        set.matchesFolder(path),
        reference(`${path}/`, glob),
        `folder ${JSON.stringify(path)} ${JSON.stringify(glob)}`,
      );
      compared++;
    }
  });
});

describe('globs: hostile patterns cost time linear in the name', () => {
  const HOSTILE = [
    `*${'a*'.repeat(15)}b`,
    `${'{a,b}'.repeat(40)}c`,
    `**/*${'a*'.repeat(10)}b/**`,
    `${'{a,{b,c}}'.repeat(20)}*`,
  ];

  it('matches names of 1,000 to 100,000 characters (20,000 at the smoke size) in steps growing with the name, not faster', () => {
    for (const glob of HOSTILE) {
      const counted = (length: number) => {
        const work: MatchWork = { steps: 0 };
        const set = new GlobSet([glob], work);
        set.matches('a'.repeat(length));
        set.matchesFolder(`${'a'.repeat(length)}x`);
        return work.steps;
      };
      const small = counted(1_000);
      const large = counted(LONG);
      // A name n times longer costs at most about n times the steps: each character costs at most
      // one step per state of the glob, and once a transition is known, one step.
      assert.ok(large <= (LONG / 1_000) * small + 10_000, `${glob}: ${small} steps for 1,000, ${large} for ${LONG}`);
      assert.ok(large <= 4 * LONG, `${glob}: ${large} steps for ${LONG} characters`);
    }
  });
});
