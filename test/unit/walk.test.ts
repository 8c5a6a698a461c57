import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { openText } from '../../server/src/core/files/files';
import { fsPath } from '../../server/src/core/files/fsNames';
import type { MatchWork } from '../../server/src/core/files/globs';
import {
  PAUSE_ENTRIES,
  PAUSE_STEPS,
  selectFileBatches,
  selectFiles,
  type Selected,
  type SelectOptions,
  type WalkControl,
} from '../../server/src/core/files/selection';
import { ordinaryGitignore } from '../support/gitignore';
import { tempFolder } from '../support/tempFiles';

const folder = tempFolder('kms-walk-');
const EVERY: SelectOptions = { include: [], exclude: [] };

async function walk(root: string, options = EVERY, control: WalkControl = {}, onFile?: (file: string) => void) {
  const found: Selected[] = [];
  for await (const item of selectFiles(root, options, control)) {
    found.push(item);
    if (typeof item === 'string') onFile?.(item);
  }
  return found;
}

const relative = (root: string, items: Selected[]) =>
  items.map((item) =>
    typeof item === 'string' ? path.relative(root, item) : `unreadable ${path.relative(root, item.path)}`,
  );

/** Nested folders of 200-character names, deeper than a path may be long (PATH_MAX, 4096 bytes). */
function tooDeep(root: string): string {
  const name = 'd'.repeat(200);
  // Each step is relative to the one before, so no single path is too long while they are made.
  const made = spawnSync('bash', ['-c', `cd "${root}" && for i in $(seq 25); do mkdir ${name} && cd ${name}; done`]);
  assert.equal(made.status, 0, String(made.stderr));
  return path.join(root, name);
}

describe('the walk goes on past a folder it cannot read', () => {
  it('reports a folder deleted during the walk by its own path, and reads the folders after it', async () => {
    const root = path.join(folder.dir, 'vanishing');
    for (const name of ['a/1.log', 'b/2.log', 'b/3.log', 'c/4.log', 'd.log'])
      folder.file(path.join('vanishing', name), 'x\n');
    // Once the walk has given the first file, folder b (already listed) is deleted.
    const found = await walk(root, EVERY, {}, (file) => {
      if (file.endsWith('1.log')) rmSync(path.join(root, 'b'), { recursive: true });
    });
    assert.deepEqual(relative(root, found), ['a/1.log', 'unreadable b', 'c/4.log', 'd.log']);
    assert.match((found[1] as { message: string }).message, /no such file or directory/);
  });

  it('reports a folder nested too deep for a path, and reads its siblings', async () => {
    const root = path.join(folder.dir, 'deep');
    folder.file('deep/a.log', 'x\n');
    folder.file('deep/z/last.log', 'x\n');
    const top = tooDeep(root);
    writeFileSync(path.join(top, 'shallow.log'), 'x\n');
    const found = await walk(root);
    const unreadable = found.filter((item) => typeof item !== 'string');
    assert.equal(unreadable.length, 1);
    assert.match((unreadable[0] as { message: string }).message, /path too long/);
    assert.ok(found.includes(path.join(root, 'a.log')));
    assert.ok(found.includes(path.join(top, 'shallow.log')), 'the parts of the tree that can be read are');
    assert.equal(found.at(-1), path.join(root, 'z', 'last.log'), 'and the folders after it');
    spawnSync('rm', ['-rf', root]);
  });

  it('reports a root that does not exist instead of throwing', async () => {
    const missing = path.join(folder.dir, 'nope');
    assert.deepEqual(await walk(missing), [{ path: missing, message: 'no such file or directory' }]);
  });
});

describe('the walk lets other work run and stops when asked', () => {
  // More entries than a pause allows, long names, and a hostile .gitignore as well as an ordinary one.
  const FILES = PAUSE_ENTRIES + 100;
  let root = '';
  before(() => {
    root = path.join(folder.dir, 'paced');
    for (let i = 0; i < FILES; i++) folder.file(path.join('paced', `m${i % 20}`, `${'a'.repeat(60)}-${i}.log`), 'x\n');
    folder.file('paced/.gitignore', `${ordinaryGitignore(300)}\n${`*${'a*'.repeat(15)}b\n`.repeat(15)}`);
  });

  it('pauses after at most a bounded amount of matching work or entries', async () => {
    const work: MatchWork = { steps: 0 };
    const pauses: Array<{ steps: number; files: number }> = [];
    let files = 0;
    const found = await walk(
      root,
      { include: ['**/*.log'], exclude: [] },
      {
        work,
        pause: () => {
          pauses.push({ steps: work.steps, files });
          return true;
        },
      },
      () => files++,
    );
    assert.equal(found.length, FILES);
    assert.ok(pauses.length >= 1);
    // Between two pauses: PAUSE_STEPS steps and PAUSE_ENTRIES entries, and at most one entry's work more.
    let before = { steps: 0, files: 0 };
    for (const at of [...pauses, { steps: work.steps, files }]) {
      assert.ok(at.steps - before.steps <= 2 * PAUSE_STEPS, `${at.steps - before.steps} steps`);
      assert.ok(at.files - before.files <= PAUSE_ENTRIES, `${at.files - before.files} files`);
      before = at;
    }
  });

  it('stops at the first pause that says so: no entry after it', async () => {
    let files = 0;
    let stoppedAt = -1;
    await walk(
      root,
      EVERY,
      {
        pause: () => {
          stoppedAt = files;
          return false;
        },
      },
      () => files++,
    );
    assert.ok(stoppedAt > 0 && stoppedAt < FILES, `stopped at ${stoppedAt}`);
    assert.equal(files, stoppedAt);
  });
});

describe('file names that are not UTF-8', () => {
  it('are found, opened and read, and keep their bytes', async () => {
    const root = path.join(folder.dir, 'latin1');
    mkdirSync(root, { recursive: true });
    const name = Buffer.concat([Buffer.from(root), Buffer.from('/caf\xe9 \xff.log', 'latin1')]);
    writeFileSync(name, 'ErrorCode: Rejected.Disabled\n');
    const found = await walk(root);
    assert.equal(found.length, 1);
    const file = found[0] as string;
    assert.ok(file.endsWith('caf\udce9 \udcff.log'), JSON.stringify(file));
    assert.deepEqual(fsPath(file), name);
    const opened = await openText(file);
    assert.equal(opened.kind, 'text');
    let text = '';
    if (opened.kind === 'text') for await (const chunk of opened.chunks) text += chunk;
    assert.equal(text, 'ErrorCode: Rejected.Disabled\n');
  });
});

describe('a .gitignore built to be slow or large', () => {
  it('leaves out the wildcard lines past its bound, says so, and walks the rest', async () => {
    const root = path.join(folder.dir, 'huge-gitignore');
    folder.file('huge-gitignore/keep.log', 'x\n');
    folder.file('huge-gitignore/drop.tmp', 'x\n');
    const wildcards = Array.from({ length: 3000 }, (_, i) => `*wild${i}*card*`).join('\n');
    folder.file('huge-gitignore/.gitignore', `*.tmp\n${wildcards}\n`);
    const found = await walk(root, { include: ['*.log', '*.tmp'], exclude: [] });
    assert.deepEqual(relative(root, found), ['unreadable .gitignore', 'keep.log']);
    assert.match((found[0] as { message: string }).message, /wildcard line\(s\) are not used/);
  });

  it('takes a path whose match would cost too much as not ignored, says so once, and goes on', async () => {
    const root = path.join(folder.dir, 'slow-gitignore');
    // `*a` and 16 characters: an automaton must remember where each of the last 16 `a`s was, so names
    // of a and b at random meet a new state at almost every character.
    folder.file('slow-gitignore/.gitignore', `*a${'?'.repeat(16)}c\n`.repeat(400));
    let seed = 3;
    const bit = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 1;
    for (let i = 0; i < 20; i++)
      folder.file(`slow-gitignore/${Array.from({ length: 200 }, () => (bit() ? 'a' : 'b')).join('')}${i}.log`, 'x\n');
    const work: MatchWork = { steps: 0 };
    const found = await walk(root, { include: ['*.log'], exclude: [] }, { work });
    assert.equal(found.filter((item) => typeof item === 'string').length, 20, 'none is ignored');
    const notes = found.filter((item) => typeof item !== 'string');
    assert.equal(notes.length, 1);
    assert.match((notes[0] as { message: string }).message, /took too long to match its patterns/);
    // No path cost more than the bound of a match (and one character's work over it).
    assert.ok(work.steps <= 21 * 1_100_000, `${work.steps} steps`);
  });

  it('reads braces nested 4,000 deep without running out of stack', async () => {
    const root = path.join(folder.dir, 'deep-braces');
    folder.file('deep-braces/a.log', 'x\n');
    folder.file('deep-braces/.gitignore', `${'{a,'.repeat(4_000)}b${'}'.repeat(4_000)}\n`);
    assert.deepEqual(relative(root, await walk(root)), ['.gitignore', 'a.log']);
  });
});

describe('the walk in batches', () => {
  it('gives what the walk one by one gives, in order, a folder at a time and a few hundred at most', async () => {
    const root = path.join(folder.dir, 'batches');
    for (let i = 0; i < 600; i++) folder.file(path.join('batches', 'many', `${String(i).padStart(3, '0')}.log`), 'x\n');
    for (const name of ['a.log', 'sub/b.log', 'sub/inner/c.log', 'z.log'])
      folder.file(path.join('batches', name), 'x\n');
    const batches: Selected[][] = [];
    for await (const batch of selectFileBatches(root, EVERY)) batches.push(batch);
    assert.deepEqual(batches.flat(), await walk(root));
    assert.ok(batches.every((batch) => batch.length > 0 && batch.length <= 256));
    // A folder's files are handed on before the walk reads the next folder.
    const inBatch = (file: string) => batches.findIndex((batch) => batch.includes(path.join(root, file)));
    assert.ok(inBatch('a.log') < inBatch('many/000.log'));
    assert.ok(inBatch('many/599.log') < inBatch('sub/b.log'));
    assert.ok(inBatch('sub/b.log') < inBatch('sub/inner/c.log'));
  });
});
