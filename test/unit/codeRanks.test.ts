import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { byUse, completeCodes } from '../../server/src/core/code/completion';
import { loadCorpus } from '../support/corpus';
import { ROOT } from '../support/paths';

const catalog = builtinCatalog();
const ranks = JSON.parse(readFileSync(path.join(ROOT, 'server', 'catalog', 'code-ranks.json'), 'utf8')) as {
  mostSeen: string[];
};

describe('codes met most often first', () => {
  it('ranks the codes by how many snippets of the public corpus hold them, every one it holds', () => {
    const counts = new Map<string, number>();
    for (const entry of loadCorpus())
      for (const code of new Set(entry.expected_codes)) counts.set(code, (counts.get(code) ?? 0) + 1);
    const ranked = ranks.mostSeen.map((code) => counts.get(code) ?? 0);
    for (let i = 1; i < ranked.length; i++)
      assert.ok((ranked[i] ?? 0) <= (ranked[i - 1] ?? 0), `${ranks.mostSeen[i]} comes after a code met less often`);
    for (const code of counts.keys())
      if (catalog.lookup(code)) assert.ok(ranks.mostSeen.includes(code), `${code} is met ${counts.get(code)} times`);
    for (const code of ranks.mostSeen) assert.ok(catalog.lookup(code), `${code} is a catalog code`);
  });

  it('completes the codes met most often first, the rest in catalog order', () => {
    const rejected = completeCodes('Rejected.', catalog).map((e) => e.code);
    assert.deepEqual(rejected.slice(0, 2), ['Rejected.Throttling', 'Rejected.PendingDeletion']);
    assert.equal(rejected.length, catalog.entries.filter((e) => e.code.startsWith('Rejected.')).length);
    const all = byUse(catalog.entries).map((e) => e.code);
    assert.deepEqual(all.slice(0, 2), ['Forbidden.NoPermission', 'Forbidden.ResourceNotFound']);
    assert.deepEqual(new Set(all), new Set(catalog.entries.map((e) => e.code)));
  });
});
