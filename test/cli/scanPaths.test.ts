import assert from 'node:assert/strict';
import * as nodePath from 'node:path';
import { describe, it } from 'node:test';
import { isPlainRelative, namesUnder } from '../../server/src/cli/scanPaths';

// The walk's paths under a folder, as it finds them: normalised, absolute.
const FOUND = ['a.log', 'x/b.log', 'x/y/c..log', '.hidden/d.log', 'e f/g h.log', 'é/文件.log', '..x/f.log'];

describe('names of the files a folder walk finds', () => {
  const cwd = '/home/user/project';
  const targets = [
    'logs',
    'logs/',
    './logs',
    './logs/',
    'logs//x',
    'logs/./x',
    'logs/..',
    'logs/../other',
    '..',
    '../..',
    '../up/logs',
    '.',
    './',
    'a b/文件',
    '/home/user/project/logs',
    '/home/user/project/logs/',
    '/',
    '//',
  ];

  it('are the target joined with the path under it, as path.join names them, for any way of writing it', () => {
    for (const target of targets) {
      const resolved = nodePath.resolve(cwd, target);
      const named = namesUnder(target, resolved);
      for (const under of FOUND) {
        const found = resolved === '/' ? `/${under}` : `${resolved}/${under}`;
        const expected =
          target === resolved
            ? found
            : target === '.' && resolved !== '/'
              ? found.slice(resolved.length + 1)
              : nodePath.join(target, found.slice(resolved.length));
        assert.equal(named(found), expected, `${target} + ${under}`);
      }
    }
  });

  it('are read from the directory joined as they are only where path.resolve gives the same', () => {
    const names = [
      ...FOUND,
      'logs/a.log',
      './a.log',
      '../a.log',
      'a/../b.log',
      'a//b.log',
      'a/./b.log',
      'a/',
      '',
      '.',
      '..',
    ];
    for (const name of names) {
      if (isPlainRelative(name)) assert.equal(`${cwd}/${name}`, nodePath.resolve(cwd, name), name);
    }
    assert.deepEqual(
      names.filter((name) => !isPlainRelative(name)),
      ['.hidden/d.log', '..x/f.log', './a.log', '../a.log', 'a/../b.log', 'a//b.log', 'a/./b.log', 'a/', '', '.', '..'],
    );
  });
});
