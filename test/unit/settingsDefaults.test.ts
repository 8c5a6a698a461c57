import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '#shared/protocol';
import { ROOT } from '../support/paths';

interface Contributes {
  configuration: { properties: Record<string, { default: unknown }> };
}
const contributes = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { contributes: Contributes })
  .contributes;

/** The default at a dotted path under `kms.` in DEFAULT_SETTINGS. */
function defaultAt(key: string): unknown {
  let value: unknown = DEFAULT_SETTINGS;
  for (const part of key.replace(/^kms\./, '').split('.')) value = (value as Record<string, unknown>)[part];
  return value;
}

describe('setting defaults, declared in three places', () => {
  it("package.json's defaults equal DEFAULT_SETTINGS, for every setting the server reads", () => {
    const declared = Object.entries(contributes.configuration.properties).filter(
      ([key]) => key !== 'kms.trace.server', // read by the VS Code client only
    );
    for (const [key, { default: value }] of declared) assert.deepEqual(value, defaultAt(key), key);
    const leaves = (prefix: string, value: unknown): string[] =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) => leaves(`${prefix}.${k}`, v))
        : [prefix];
    assert.deepEqual(
      leaves('kms', DEFAULT_SETTINGS).sort(),
      declared.map(([key]) => key).sort(),
      'every server setting is declared in package.json',
    );
  });

  it('docs/editors.md lists the same defaults as DEFAULT_SETTINGS', () => {
    const rows = readFileSync(path.join(ROOT, 'docs', 'editors.md'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('| `kms.'));
    assert.ok(rows.length >= 6, 'the settings table is found');
    for (const row of rows) {
      const [keys = '', values = ''] = row.split(' | ');
      const key = /`(kms\.[\w.]+)`/.exec(keys)?.[1] ?? '';
      // The first code span of the row is the default; later ones are examples.
      const first = /`([^`]+)`/.exec(values)?.[1] ?? '';
      assert.deepEqual(JSON.parse(first) as unknown, defaultAt(key), key);
    }
  });
});
