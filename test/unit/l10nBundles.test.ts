import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/paths';

/** Every text the client passes to its `t()`, as written in its sources. */
function clientTexts(): Set<string> {
  const texts = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts'))
        for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'((?:[^'\\]|\\.)*)'/g))
          texts.add((m[1] ?? '').replace(/\\'/g, "'"));
    }
  };
  walk(path.join(ROOT, 'client', 'src'));
  return texts;
}

describe('the texts of the VS Code client', () => {
  it('are in every language bundle, so that kms.language never mixes two languages in one view', () => {
    const texts = clientTexts();
    assert.ok(texts.size > 50, `the client's texts are found (${texts.size})`);
    for (const bundle of ['bundle.l10n.json', 'bundle.l10n.zh-cn.json', 'bundle.l10n.zh-tw.json']) {
      const translated = JSON.parse(readFileSync(path.join(ROOT, 'l10n', bundle), 'utf8')) as Record<string, string>;
      const missing = [...texts].filter((text) => !(text in translated));
      assert.deepEqual(missing, [], `${bundle} lacks them`);
    }
  });
});
