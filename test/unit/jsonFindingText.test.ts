import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { diagnoseFinding } from '../../server/src/core/diagnosis/finding';
import { jsonFinding, jsonFindingText } from '../../server/src/core/report/json';
import { scanText } from '../../server/src/core/scanner/scan';
import type { Finding } from '../../server/src/core/scanner/types';
import { loadCorpus } from '../support/corpus';

const catalog = builtinCatalog();

/** The findings of the public corpus and of records with texts JSON must escape, each with its diagnosis. */
function findings(): Array<{ path: string; finding: Finding; diagnosis: ReturnType<typeof diagnoseFinding> }> {
  const texts = [
    ...loadCorpus().map((entry) => entry.text),
    'ERROR Forbidden.KeyNotFound : The "key" \\ was\tnot found \u2028 \u{1F600} \ud800 é 中文. RequestId: 0AB1C2D3-E4F5',
    'com.aliyun.tea.TeaException: code: 404, The specified Key is not found. request id: 0AB1C2D3-E4F5\n\tat x.y(Z.java:1)',
  ];
  return texts.flatMap((text, i) => {
    const path = i % 2 ? `logs/app "${i}".log` : `C:\\logs\\${i}\\app.log`;
    return scanText(text, catalog, { recordText: true }).map((finding) => ({
      path,
      finding,
      diagnosis: diagnoseFinding(finding, path, catalog, 'en'),
    }));
  });
}

describe('jsonFindingText', () => {
  const found = findings();

  it('covers findings with and without related places, inferred ones and diagnoses', () => {
    assert.ok(found.some((f) => (f.finding.related ?? []).length > 0));
    assert.ok(found.some((f) => f.finding.confidence === 'inferred'));
    assert.ok(found.some((f) => f.finding.record.message === null));
    assert.ok(found.some((f) => f.diagnosis.causes.length > 0));
  });

  it('writes what JSON.stringify writes of the finding, for the JSON document and JSON Lines', () => {
    for (const f of found) {
      assert.equal(jsonFindingText(f, catalog), JSON.stringify(jsonFinding(f, catalog)));
      assert.equal(
        jsonFindingText(f, catalog, 'finding'),
        JSON.stringify({ type: 'finding', ...jsonFinding(f, catalog) }),
      );
      const { diagnosis: _, ...bare } = f;
      assert.equal(jsonFindingText(bare, catalog), JSON.stringify(jsonFinding(bare, catalog)));
    }
  });
});
