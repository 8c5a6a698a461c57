import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { decode } from '../../server/src/core/decoder/decoder';
import { escapedRecord } from '../../server/src/core/decoder/escapedValue';
import type { DecodeResult } from '../../server/src/core/decoder/types';
import { decodeMarkdown } from '../../server/src/core/format/decodeView';
import { scanText } from '../../server/src/core/scanner/scan';

const catalog = builtinCatalog();

function decoded(text: string): DecodeResult {
  const outcome = decode(text, catalog);
  assert.ok(outcome.ok, outcome.ok ? '' : JSON.stringify(outcome.error));
  return outcome.result;
}

const RID = '3C2B1A0F-5E6D-4C7B-8A9F-0E1D2C3B4A59';
// A Go service logging a Tea SDKError with logfmt: the whole block is one escaped, quoted value.
const LOGFMT = String.raw`time=2026-11-20T08:30:00Z level=error msg="decrypt failed" err="SDKError:\n   StatusCode: 404\n   Code: Forbidden.AliasNotFound\n   Message: code: 404, The specified Alias is not found. request id: ${RID}\n   Data: {\"Code\":\"Forbidden.AliasNotFound\",\"HostId\":\"kms.cn-hangzhou.aliyuncs.com\",\"HttpStatus\":404,\"Message\":\"The specified Alias is not found.\",\"Recommend\":\"https://api.aliyun.com/troubleshoot?q=Forbidden.AliasNotFound&product=Kms&requestId=${RID}\",\"RequestId\":\"${RID}\"}"`;

describe('an SDK block escaped inside a quoted log value', () => {
  it('decodes the logfmt line as the block it holds, not as the code "Message"', () => {
    const r = decoded(LOGFMT);
    assert.equal(r.code, 'Forbidden.AliasNotFound');
    assert.equal(r.httpStatus, 404);
    assert.equal(r.requestId, RID);
    assert.equal(r.message, 'The specified Alias is not found.');
    assert.equal(r.shape, 'tea-sdk-error');
  });

  it('decodes the same block as the value of a JSON log line', () => {
    const json = `{"level":"error","msg":"decrypt failed","err":"SDKError:\\n   StatusCode: 403\\n   Code: Forbidden.NoPermission\\n   Message: code: 403, This operation for acs:kms:cn-shanghai:1234:key/key-shh6 is forbidden by permission system. request id: 7D2C9E1A-0000\\n"}`;
    const r = decoded(json);
    assert.equal(r.code, 'Forbidden.NoPermission');
    assert.equal(r.httpStatus, 403);
    assert.equal(r.requestId, '7D2C9E1A-0000');
  });

  it('reads the record fields of the line in the scanner alike', () => {
    const findings = scanText(LOGFMT, catalog);
    assert.ok(findings.length > 0);
    for (const f of findings) {
      assert.equal(f.record.httpStatus, 404);
      assert.equal(f.record.requestId, RID);
    }
  });

  it('leaves quoted values without an SDK block alone, and reads hostile input in one pass', { timeout: 20000 }, () => {
    assert.equal(escapedRecord('msg="a\\nb" err="plain text"'), null);
    assert.equal(escapedRecord('a="x\\nCode: y'), null, 'an unclosed value is not a record');
    // Quadratic work on this input would not finish within the test's timeout.
    assert.equal(escapedRecord('k="'.repeat(200_000)), null);
  });
});

describe('Chinese field labels', () => {
  const ISSUE =
    '2026-11-20 10:00:00 ERROR 解密失败 错误码=Forbidden.KeyVersionNotFound 请求ID=4a5b6c7d-1e2f-4a3b-9c8d-7e6f5a4b3c2d 说明：The specified key version is not found.';

  it('keep the RequestId and message of a simplified-Chinese log line, in the decoder and the scanner', () => {
    const r = decoded(ISSUE);
    assert.equal(r.code, 'Forbidden.KeyVersionNotFound');
    assert.equal(r.requestId, '4a5b6c7d-1e2f-4a3b-9c8d-7e6f5a4b3c2d');
    assert.equal(r.message, 'The specified key version is not found.');
    const [finding] = scanText(ISSUE, catalog);
    assert.equal(finding?.record.requestId, '4a5b6c7d-1e2f-4a3b-9c8d-7e6f5a4b3c2d');
    assert.equal(finding?.record.message, 'The specified key version is not found.');
  });

  for (const [name, text, status, rid] of [
    [
      'full-width colons and 请求 ID with a space',
      'HTTP状态码：409 错误代码：Rejected.Disabled 请求 ID：1A2B3C4D-5E6F 错误信息：The request was rejected because the key state is Disabled.',
      409,
      '1A2B3C4D-5E6F',
    ],
    [
      'traditional Chinese labels',
      '錯誤代碼：Forbidden.KeyNotFound 請求ID：0B1C2D3E-4F50 狀態碼：404 錯誤訊息：The specified Key is not found.',
      404,
      '0B1C2D3E-4F50',
    ],
    [
      'RequestId with a full-width colon',
      '状态码=404 错误码=Forbidden.KeyNotFound RequestId：9F8E7D6C-5B4A',
      404,
      '9F8E7D6C-5B4A',
    ],
  ] as const) {
    it(`read ${name}`, () => {
      const r = decoded(text);
      assert.equal(r.httpStatus, status);
      assert.equal(r.requestId, rid);
      const [finding] = scanText(text, catalog);
      assert.equal(finding?.record.httpStatus, status);
      assert.equal(finding?.record.requestId, rid);
    });
  }

  it('make a bare-word code a code (错误码=Throttling)', () => {
    assert.deepEqual(
      scanText('限流 错误码=Throttling 请求ID=5E6F7A8B-0000', catalog).map((f) => f.code),
      ['Throttling'],
    );
    assert.deepEqual(scanText('Throttling happened', catalog), []);
  });
});

describe('statuses the catalog documents', () => {
  it('explains a bare 413 from a KMS instance endpoint', () => {
    const text =
      'POST https://kst-hzz65f176a1ogplgqobxt.cryptoservice.kms.aliyuncs.com/ failed: HTTP/1.1 413 Request Entity Too Large';
    const r = decoded(text);
    assert.equal(r.kind, 'error');
    assert.equal(r.code, null);
    assert.equal(r.httpStatus, 413);
    assert.equal(r.statusNote, 'instance-body-too-large');
    assert.equal(r.hostId, 'kst-hzz65f176a1ogplgqobxt.cryptoservice.kms.aliyuncs.com');
    const md = decodeMarkdown({ ok: true, result: r }, 'en');
    assert.match(md, /over 3 MB/);
    assert.match(decodeMarkdown({ ok: true, result: r }, 'zh-CN'), /3 MB/);
    assert.match(decodeMarkdown({ ok: true, result: r }, 'zh-TW'), /信封加密/);
  });

  it('does not explain a 413 of any other endpoint', () => {
    assert.equal(
      decode('POST https://oss-cn-hangzhou.aliyuncs.com/ HTTP/1.1 413 Request Entity Too Large', catalog).ok,
      false,
    );
  });

  it('takes the status documented for the API of a record without one', () => {
    const r = decoded(
      '<Error><Code>Forbidden.NoPermission</Code><Action>CreateKey</Action><RequestId>AB-12</RequestId></Error>',
    );
    assert.equal(r.httpStatus, 400);
    assert.equal(r.httpStatusSource, 'catalog');
    const other = decoded(
      '<Error><Code>Forbidden.NoPermission</Code><Action>DescribeSecret</Action><RequestId>AB-12</RequestId></Error>',
    );
    assert.equal(other.httpStatus, 403);
  });
});

describe('a terminal transcript of the aliyun CLI', () => {
  const TRANSCRIPT = [
    'ops@bastion-01:~/kms-debug$ aliyun kms Decrypt --region cn-hangzhou --CiphertextBlob "$(cat b.b64)"',
    'ERROR: SDK.ServerError',
    'ErrorCode: Forbidden.NoPermission',
    'RequestId: 62F746B4-84E6-4CEB-95BD-447E7184D454',
    'Message: This operation for acs:kms:cn-hangzhou:123456789012****:key/key-hzz63a1f0c9e2b7d5x8q is forbidden by permission system.',
    'ops@bastion-01:~/kms-debug$ aliyun kms DescribeKey --region cn-shanghai --KeyId key-shh6471b2e8f09c3ad1m',
    '$ echo done',
    '',
  ].join('\n');

  it('takes the command the error is printed under into its record, and ends the record at the next prompt', () => {
    const [finding] = scanText(TRANSCRIPT, catalog);
    assert.equal(finding?.code, 'Forbidden.NoPermission');
    const record = TRANSCRIPT.slice(finding.record.start, finding.record.end);
    assert.ok(record.startsWith('ops@bastion-01:~/kms-debug$ aliyun kms Decrypt'), record);
    assert.ok(record.endsWith('is forbidden by permission system.'), record);
    assert.equal(finding.record.requestId, '62F746B4-84E6-4CEB-95BD-447E7184D454');
  });

  it('takes no line above an ERROR line that is not an aliyun command', () => {
    const text = 'deploy step 3 of 5\nERROR: SDK.ServerError\nErrorCode: Rejected.Disabled\n';
    const [finding] = scanText(text, catalog);
    assert.equal(text.slice(finding?.record.start, finding?.record.end).split('\n')[0], 'ERROR: SDK.ServerError');
  });
});
