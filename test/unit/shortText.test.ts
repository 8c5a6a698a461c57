import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { scanText } from '../../server/src/core/scanner/scan';
import { scanShortText } from '../../server/src/core/scanner/scanInput';
import type { Finding } from '../../server/src/core/scanner/types';
import { loadCorpus } from '../support/corpus';

const catalog = builtinCatalog();

// One-line logs as a folder of small files holds them, with and without a place a finding starts.
const LINES = [
  '2026-11-20T08:00:00Z ERROR ErrorCode: Forbidden.KeyNotFound RequestId: 4C467B38-3910-447D-87BC-AC0491000000\n',
  '2026-11-20T08:00:00Z INFO request served in 12 ms\n',
  '2026-11-20T08:00:00Z WARN retrying: Rejected.Throttling\n',
  // No code token: a Tea exception whose message is a code's documented one.
  'com.aliyun.tea.TeaException: code: 403, This operation for acs:kms:cn-shanghai:1234567890123456:key/key-shh65f1c2d3e4f5a6b7c8d is forbidden by permission system. request id: 7d2c9e1a-4b3f-4e5d-9c8b-1a2b3c4d5e6f\n',
  'the word forbidden, and keynotfound in lower case, are not codes\n',
  '',
];

function shortScan(text: string): Finding[] | null {
  const findings: Finding[] = [];
  return scanShortText([text], catalog, (f) => findings.push(f)) ? findings : null;
}

describe('a short text scanned at once', () => {
  it('finds what the whole scanner finds, on every corpus snippet and one-line log', () => {
    const texts = [...LINES, ...loadCorpus().map((entry) => entry.text)];
    let withFindings = 0;
    let without = 0;
    for (const text of texts) {
      const short = shortScan(text);
      assert.ok(short, `scanned at once: ${text.slice(0, 60)}`);
      assert.deepEqual(short, scanText(text, catalog), text.slice(0, 80));
      if (short.length > 0) withFindings++;
      else without++;
    }
    assert.ok(withFindings >= 30 && without >= 20, `${withFindings} with findings, ${without} without`);
  });

  it('still reads a Tea message without a code token, where no token is a candidate', () => {
    const findings = shortScan(LINES[3] ?? '');
    assert.equal(findings?.length, 1);
    assert.equal(findings?.[0]?.confidence, 'inferred');
  });
});
