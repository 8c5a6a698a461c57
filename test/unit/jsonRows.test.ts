import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { scanText } from '../../server/src/core/scanner/scan';

// Rows of a log store or SQL engine (JSONEachRow, JSON Lines) with the original line in a column,
// as `kms-diagnose rules` queries give them: the scanner reads the line as it would read it alone.
const catalog = builtinCatalog();
const found = (text: string) =>
  scanText(text, catalog).map((f) => [f.range.start.line, f.code, f.record.requestId, f.related?.length ?? 0]);

describe('JSON rows with the original line in a column', () => {
  it('a code column and the line beside it are one finding, on the line, in either order', () => {
    const line = 'ERROR decrypt failed ErrorCode: Forbidden.KeyNotFound RequestId: 4C467B38-3910-447D';
    assert.deepEqual(
      found(JSON.stringify({ time: '2026-11-20 08:00:01', code: 'Forbidden.KeyNotFound', content: line })),
      [[0, 'Forbidden.KeyNotFound', '4C467B38-3910-447D', 1]],
    );
    assert.deepEqual(found(JSON.stringify({ content: line, code: 'Forbidden.KeyNotFound' })), [
      [0, 'Forbidden.KeyNotFound', '4C467B38-3910-447D', 1],
    ]);
  });

  it('a code that only a column holds is still a finding', () => {
    assert.deepEqual(found('{"level":"error","code":"Rejected.Disabled","msg":"kms decrypt failed"}'), [
      [0, 'Rejected.Disabled', null, 0],
    ]);
  });

  it('two records of one code on a line stay two findings', () => {
    const text = 'Code: Rejected.Disabled RequestId: AAAA-1111; then Code: Rejected.Disabled RequestId: BBBB-2222';
    assert.equal(found(text).length, 2);
  });

  it('an empty RequestId column (null, None, nil) is no RequestId', () => {
    assert.deepEqual(
      found('{"code":"Forbidden.KeyNotFound","request_id":null,"content":"ErrorCode: Forbidden.KeyNotFound"}'),
      [[0, 'Forbidden.KeyNotFound', null, 1]],
    );
    assert.deepEqual(found("{'Code': 'Forbidden.KeyNotFound', 'RequestId': None}"), [
      [0, 'Forbidden.KeyNotFound', null, 0],
    ]);
  });

  it('a URL whose slashes JSON escaped (`https:\\/\\/...`) is still a URL: a code in it is not a finding', () => {
    const row = JSON.stringify({
      content:
        'Code: Forbidden.ResourceNotFound Recommend: https://api.aliyun.com/troubleshoot?q=Forbidden.ResourceNotFound',
    });
    assert.deepEqual(found(row.replace(/\//g, '\\/')), [[0, 'Forbidden.ResourceNotFound', null, 1]]);
  });
});
