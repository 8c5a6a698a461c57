import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { listedSizes } from '../../server/src/core/files/listedSizes';
import { tempFolder } from '../support/tempFiles';

const folder = tempFolder('kms-listed-sizes-');

describe('the sizes of listed files', () => {
  let files: string[] = [];
  before(() => {
    files = Array.from({ length: 200 }, (_, i) => folder.file(`logs/${i}.log`, 'x'.repeat(i)));
  });

  it('gives each listed file its size and identity, and 0 and null for one that is gone', async () => {
    const gone = path.join(folder.dir, 'logs', 'gone.log');
    const listed = await listedSizes([...files, gone], () => false);
    assert.deepEqual(listed?.sizes, [...files.map((_, i) => i), 0]);
    const first = statSync(files[0] as string);
    assert.deepEqual(listed?.identities[0], { dev: first.dev, ino: first.ino });
    assert.equal(listed?.identities[200], null);
  });

  it('stops as soon as it is cancelled, before asking for the status of the next file', async () => {
    let asked = 0;
    // Cancelled once 50 files were looked at: the answer is null, and no file after them is asked for.
    const listed = await listedSizes(files, () => ++asked > 50);
    assert.equal(listed, null);
    assert.equal(asked, 51);
  });
});
