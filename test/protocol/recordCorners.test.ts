import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient, positionOf } from '../support/lspClient';

// Real shapes the scanner used to miss or misread: a code-less Tea exception, an identifier named like a
// code, Chinese field labels and an SDK block escaped inside a logfmt value.
const LOG = String.raw`2026-11-20T08:00:01Z ERROR com.aliyun.tea.TeaException: code: 403, This operation for acs:kms:cn-shanghai:1234567890123456:key/key-shh65f1c2d3e4f5a6b7c8d is forbidden by permission system. request id: 7d2c9e1a-4b3f-4e5d-9c8b-1a2b3c4d5e6f
2026-11-20T08:00:02Z ERROR 解密失败 错误码=Forbidden.KeyVersionNotFound 请求ID=4a5b6c7d-1e2f-4a3b-9c8d-7e6f5a4b3c2d 说明：The specified key version is not found.
2026-11-20T08:00:03Z level=error msg="decrypt failed" err="SDKError:\n   StatusCode: 404\n   Code: Forbidden.AliasNotFound\n   Message: code: 404, The specified Alias is not found. request id: 3C2B1A0F-5E6D\n"
2026-11-20T08:00:04Z ERROR com.aliyun.tea.TeaException: code: 409, Database example already exists request id: 598B1E2F-9AEF-4B13-AE4D-EB8733B643EB
`;
const SOURCE = `from django.core.exceptions import ValidationError


class ServiceUnavailableTemporary(ValidationError):
    """Raised when the backing service answers 503."""
`;

const uri = (name: string) => `file:///workspace/${name}`;

describe('language server on code-less, labelled and escaped records', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start();
  });
  after(() => client.stop());

  it('puts an inferred diagnostic on the message of a code-less Tea exception, saying what it was inferred from', async () => {
    client.open(uri('corners.log'), LOG);
    const report = await client.diagnostics(uri('corners.log'));
    const inferred = report.items.find((d) => d.code === 'Forbidden.NoPermission');
    assert.ok(inferred, JSON.stringify(report.items.map((d) => d.code)));
    const at = positionOf(LOG, 'This operation for');
    assert.equal(inferred.range.start.line, at.line);
    assert.equal(inferred.range.start.character, at.character);
    assert.match(
      inferred.message,
      /inferred: the text has no error code; recognised from the documented message "This operation for acs:kms:/,
    );
    assert.deepEqual(
      report.items.map((d) => d.code),
      ['Forbidden.NoPermission', 'Forbidden.KeyVersionNotFound', 'Forbidden.AliasNotFound'],
      'nothing is inferred from the DLF message of the last line',
    );
    const hover = await client.hover(uri('corners.log'), at.line, at.character + 5);
    // The problem's message says what the code means and that it was inferred: the hover does not repeat it.
    assert.doesNotMatch(hover!.contents.value, /inferred/);
    assert.doesNotMatch(hover!.contents.value, /calling identity is not authorized/);
    assert.match(hover!.contents.value, /RequestId: 7d2c9e1a\\-4b3f/);
  });

  it('hovers the RequestId of Chinese field labels and of an escaped SDK block', async () => {
    client.open(uri('corners.log'), LOG);
    await client.diagnostics(uri('corners.log'));
    const zh = positionOf(LOG, 'Forbidden.KeyVersionNotFound');
    const zhHover = await client.hover(uri('corners.log'), zh.line, zh.character + 3);
    assert.match(zhHover!.contents.value, /RequestId: 4a5b6c7d\\-1e2f/);
    const escaped = positionOf(LOG, 'Forbidden.AliasNotFound');
    const escapedHover = await client.hover(uri('corners.log'), escaped.line, escaped.character + 3);
    assert.match(escapedHover!.contents.value, /RequestId: 3C2B1A0F\\-5E6D/);
  });

  it('decodes the escaped logfmt record around the cursor with its code, not the Message label', async () => {
    const at = positionOf(LOG, 'Forbidden.AliasNotFound');
    const result = await client.request<{
      ok: boolean;
      outcome: { ok: boolean; result: { code: string; requestId: string } };
    }>('kms/decodeResponse', { uri: uri('corners.log'), position: at });
    assert.equal(result.ok, true);
    assert.equal(result.outcome.result.code, 'Forbidden.AliasNotFound');
    assert.equal(result.outcome.result.requestId, '3C2B1A0F-5E6D');
  });

  it('gives a class named like a code no hover in Python source', async () => {
    client.open(uri('errors.py'), SOURCE, 'python');
    const at = positionOf(SOURCE, 'ServiceUnavailableTemporary');
    assert.equal(await client.hover(uri('errors.py'), at.line, at.character + 3), null);
  });
});
