import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minimatch } from 'minimatch';
import { GlobSet, type MatchWork } from '../../server/src/core/files/globs';
import { gitignoreGlobs } from '../../server/src/core/files/gitignore';
import { ordinaryGitignore } from '../support/gitignore';

/** What the walk used before: minimatch with `dot`, and a base name match for globs without a slash. */
const reference = (path: string, glob: string) => minimatch(path, glob, { dot: true, matchBase: !glob.includes('/') });

describe('globs: the same answers as minimatch', () => {
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

describe('globs: a .gitignore of many lines', () => {
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

describe('globs: files of one folder after another', () => {
  it('answers each file as minimatch does, whatever the folder of the file asked about before', () => {
    const globs = ['**/node_modules/**', '**/.git/**', 'tmp/**'];
    const set = new GlobSet(globs, { steps: 0 });
    const paths = [
      'a.log',
      'node_modules/x.log',
      'node_modules/y.log',
      'node_modulesx/y.log',
      'node_modules2/y.log',
      'a/node_modules/b/c.log',
      'a/node_modules/b/d.log',
      'a/node_module/b/d.log',
      'b.log',
      '.git/HEAD',
      '.git/config',
      'tmp/x.log',
      'tmpx/x.log',
      'node_modules/z.log',
    ];
    for (const path of [...paths, ...[...paths].reverse()])
      assert.equal(
        set.matches(path),
        globs.some((glob) => reference(path, glob)),
        path,
      );
  });
});
