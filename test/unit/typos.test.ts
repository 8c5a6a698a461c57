import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { findTypos } from '../../server/src/core/code/typos';

const catalog = builtinCatalog();
const suggestion = (literal: string) => findTypos(`code = ${literal}\n`, catalog).map((t) => t.suggestion.code);

describe('typos in string literals', () => {
  it('suggests the catalog code a misspelled literal meant, with the range of its content', () => {
    const text = `if err.Code == "Forbidden.KeyNotFond" {`;
    const [typo] = findTypos(text, catalog);
    assert.equal(typo?.suggestion.code, 'Forbidden.KeyNotFound');
    assert.equal(text.slice(typo.start, typo.end), 'Forbidden.KeyNotFond');
    for (const [literal, code] of [
      ["'Rejected.Disable'", 'Rejected.Disabled'],
      ['`Forbidden.NoPermisson`', 'Forbidden.NoPermission'],
      ["'Rejected.Throtling'", 'Rejected.Throttling'],
      ["'Rejected.ResourceExists'", 'Rejected.ResourceExist'],
    ] as const) {
      assert.deepEqual(suggestion(literal), [code], literal);
    }
  });

  it('takes a case-only difference for a typo: callers compare codes case-sensitively', () => {
    assert.deepEqual(suggestion("'InvalidAccessKeyId.Notfound'"), ['InvalidAccessKeyId.NotFound']);
    assert.deepEqual(suggestion('"IllegalTimeStamp"'), ['IllegalTimestamp']);
  });

  it('leaves correct codes, identifiers, dotted names and other products alone', () => {
    for (const literal of [
      "'Forbidden.KeyNotFound'",
      "'Rejetced.PendingDeletion'",
      "'Forbidden.html'",
      "'Rejected.length'",
      "'com.aliyun.kms.Forbidden'",
      "'Forbidden.RAM'",
      "'Forbidden.RiskControl'",
      "'Forbidden.AccessKeyDisabled'",
      "'InvalidParameter.KMSKeyId.CMKNotEnabled'",
      "'InvalidParameter.Length'",
      "'Throttling.User'",
      "'ServiceUnavailable'",
      'Forbidden.KeyNotFond',
    ]) {
      assert.deepEqual(suggestion(literal), [], literal);
    }
  });
});
