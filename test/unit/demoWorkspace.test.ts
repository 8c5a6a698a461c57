import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/paths';

describe('the workspace of npm start', () => {
  it('is a fresh copy of examples/, so that what the demo edits never reaches the repository', async () => {
    const { demoWorkspace } = (await import(path.join(ROOT, 'scripts', 'demo-workspace.mjs'))) as {
      demoWorkspace(examples: string): string;
    };
    const examples = path.join(ROOT, 'examples');
    const log = path.join('logs', 'aliyun-cli.log');
    const before = readFileSync(path.join(examples, log), 'utf8');
    const first = demoWorkspace(examples);
    const second = demoWorkspace(examples);
    try {
      assert.notEqual(first, second, 'each start gets its own copy');
      assert.ok(!first.startsWith(ROOT), `outside the repository (${first})`);
      assert.deepEqual(readdirSync(path.join(first, 'logs')).sort(), readdirSync(path.join(examples, 'logs')).sort());
      writeFileSync(path.join(first, log), 'edited in the demo\n');
      assert.equal(readFileSync(path.join(examples, log), 'utf8'), before);
      assert.equal(readFileSync(path.join(second, log), 'utf8'), before);
    } finally {
      for (const copy of [first, second]) rmSync(path.dirname(copy), { recursive: true, force: true });
    }
  });
});
