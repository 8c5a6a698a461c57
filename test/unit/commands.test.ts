import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Commands } from '#shared/commands';
import { ROOT } from '../support/paths';

interface Contributes {
  commands: Array<{ command: string; title: string; category?: string }>;
  menus: Record<string, Array<{ command: string }>>;
}
const read = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;
const contributes = read('package.json')['contributes'] as Contributes;
const table = Object.values(Commands);

describe('the table of commands', () => {
  it('lists exactly the commands package.json contributes, each in the KMS category', () => {
    assert.deepEqual(contributes.commands.map((c) => c.command).sort(), [...table].sort());
    for (const { command, category } of contributes.commands) assert.equal(category, 'KMS', command);
  });

  it('holds every command the menus name', () => {
    for (const [menu, items] of Object.entries(contributes.menus))
      for (const { command } of items) assert.ok((table as readonly string[]).includes(command), `${menu}: ${command}`);
  });

  it('has a title for every command in English, Simplified and Traditional Chinese', () => {
    for (const file of ['package.nls.json', 'package.nls.zh-cn.json', 'package.nls.zh-tw.json']) {
      const texts = read(file);
      for (const { command, title } of contributes.commands) {
        const key = /^%(.+)%$/.exec(title)?.[1] ?? '';
        assert.equal(typeof texts[key], 'string', `${file}: ${command}`);
      }
    }
  });
});
