import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { codeClass, severityClass } from '../../server/src/core/format/severity';
import { ROOT } from '../support/paths';

const catalog = builtinCatalog();
const doc = readFileSync(path.join(ROOT, 'docs', 'classes.md'), 'utf8');
const classes = JSON.parse(readFileSync(path.join(ROOT, 'server', 'catalog', 'code-classes.json'), 'utf8')) as {
  byCode: Record<string, string>;
};

/** The rows of the docs table of codes: code, class, severity. */
function documented(): Map<string, { cls: string; severity: string }> {
  const rows = new Map<string, { cls: string; severity: string }>();
  for (const line of doc.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const code = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!code || cells.length < 8) continue;
    assert.ok(!rows.has(code), `${code} is listed once`);
    rows.set(code, { cls: cells[4] ?? '', severity: cells[5] ?? '' });
  }
  return rows;
}

describe('classes and severities of the codes (docs/classes.md)', () => {
  it('lists every code of the catalog with the class and severity the core gives it', () => {
    const rows = documented();
    assert.equal(rows.size, catalog.entries.length);
    for (const entry of catalog.entries) {
      const row = rows.get(entry.code);
      assert.ok(row, `${entry.code} is in the table`);
      assert.equal(row.cls, codeClass(entry), `${entry.code}: class`);
      const severity = severityClass(entry) === 'transient' ? 'transient (warning)' : 'needs action (error)';
      assert.equal(row.severity, severity, `${entry.code}: severity`);
    }
  });

  it('keeps the reviewed codes where the review put them', () => {
    const of = (code: string) => {
      const entry = catalog.lookup(code)?.entry;
      assert.ok(entry, code);
      return [codeClass(entry), severityClass(entry)];
    };
    assert.deepEqual(of('IllegalTimestamp'), ['parameter', 'actionRequired']);
    assert.deepEqual(of('Rejected.LimitExceeded'), ['permission', 'actionRequired']);
    assert.deepEqual(of('Forbidden.DKMSInstanceStateInvalid'), ['key-state', 'actionRequired']);
    assert.deepEqual(of('Rejected.Throttling'), ['service', 'transient']);
  });

  it('names in code-classes.json only codes of the catalog, each with a class', () => {
    for (const [code, cls] of Object.entries(classes.byCode)) {
      assert.ok(catalog.lookup(code), `${code} is a catalog code`);
      assert.ok(['permission', 'key-state', 'service', 'parameter'].includes(cls), `${code}: ${cls}`);
    }
  });
});
