import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRequestId } from '../../shared/src/requestId';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { scanText } from '../../server/src/core/scanner/scan';

describe('what the client takes for a RequestId', () => {
  it('takes what the scanner reads as one, and nothing else', () => {
    for (const id of ['5e571eaa-66c1-44e7-8859-90d2e844c762', 'ABCD', 'a'.repeat(64)]) {
      assert.equal(isRequestId(id), true, id);
      const [finding] = scanText(`ErrorCode: Forbidden.KeyNotFound\nRequestId: ${id}\n`, builtinCatalog());
      assert.equal(finding?.record.requestId, id, `the scanner reads ${id}`);
    }
    for (const id of ['ABC', 'a'.repeat(65), '-ABCD', 'AB CD', '<img src=x>', ''])
      assert.equal(isRequestId(id), false, id);
  });
});
