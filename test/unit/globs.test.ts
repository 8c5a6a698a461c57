import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minimatch } from 'minimatch';
import { GlobSet, type MatchWork } from '../../server/src/core/files/globs';
import { gitignoreGlobs } from '../../server/src/core/files/gitignore';
import { ordinaryGitignore } from '../support/gitignore';

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
  it('matches files and folders as the walk did, on 40,000 generated globs and paths', () => {
    const rand = seeded(7);
    let compared = 0;
    while (compared < 40_000) {
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

  it('matches the globs people write', () => {
    const globs = ['**/*.log', '**/*.log.[0-9]*', '**/node_modules/**', 'build/', '*.{log,out}', 'logs/**/*.gz'];
    const paths = [
      'a.log',
      'x/y/a.log',
      'a.log.1',
      'a.log.x',
      'node_modules/p/a.log',
      'build',
      'b.out',
      'logs/1/2/x.gz',
    ];
    for (const glob of globs)
      for (const path of paths)
        assert.equal(new GlobSet([glob]).matches(path), reference(path, glob), `${glob} ${path}`);
  });
});

describe('globs: hostile patterns cost time linear in the name', () => {
  const HOSTILE = [
    `*${'a*'.repeat(15)}b`,
    `${'{a,b}'.repeat(40)}c`,
    `**/*${'a*'.repeat(10)}b/**`,
    `${'{a,{b,c}}'.repeat(20)}*`,
  ];

  it('matches names of 1,000 to 100,000 characters in steps growing with the name, not faster', () => {
    for (const glob of HOSTILE) {
      const counted = (length: number) => {
        const work: MatchWork = { steps: 0 };
        const set = new GlobSet([glob], work);
        set.matches('a'.repeat(length));
        set.matchesFolder(`${'a'.repeat(length)}x`);
        return work.steps;
      };
      const small = counted(1_000);
      const large = counted(100_000);
      // A name 100 times longer costs at most about 100 times the steps: each character costs at most
      // one step per state of the glob, and once a transition is known, one step.
      assert.ok(large <= 100 * small + 10_000, `${glob}: ${small} steps for 1,000, ${large} for 100,000`);
      assert.ok(large <= 4 * 100_000, `${glob}: ${large} steps for 100,000 characters`);
    }
  });

  it('matches a name against a 300-line .gitignore in a few steps per character, not one pass per line', () => {
    const work: MatchWork = { steps: 0 };
    const set = new GlobSet(gitignoreGlobs(ordinaryGitignore(300)), work, { baseNames: false });
    const names = Array.from({ length: 2_000 }, (_, i) => `src/module-${i % 50}/file-${i}.log`);
    const characters = names.reduce((n, name) => n + name.length, 0);
    for (const name of names) set.matches(name);
    // Learning the transitions the names need is paid once; it is not one pass per glob per name.
    assert.ok(work.steps < characters * 10, `${work.steps} steps for ${characters} characters`);
    work.steps = 0;
    for (const name of names) set.matches(name);
    assert.ok(work.steps <= characters + 3 * names.length, `then ${work.steps} steps for ${characters} characters`);
  });

  it('keeps an anchored .gitignore line to its own folder', () => {
    const set = new GlobSet(gitignoreGlobs('/out\nbuild/\n*.tmp\nlogs/*.gz\n'), undefined, { baseNames: false });
    assert.deepEqual(
      ['out', 'a/out', 'build', 'a/build', 'x.tmp', 'a/x.tmp', 'logs/a.gz', 'a/logs/a.gz'].map((p) => set.matches(p)),
      [true, false, true, true, true, true, true, false],
    );
  });
});
