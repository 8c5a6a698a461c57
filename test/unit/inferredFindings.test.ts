import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { decode } from '../../server/src/core/decoder/decoder';
import { hoverMarkdown } from '../../server/src/core/format/hover';
import { jsonFinding } from '../../server/src/core/report/json';
import { scanText } from '../../server/src/core/scanner/scan';
import { present } from '../support/assertions';

const catalog = builtinCatalog();

// The Java Tea SDK's exception: status and official message, no code token.
const TEA_403 =
  'com.aliyun.tea.TeaException: code: 403, This operation for acs:kms:cn-shanghai:1234567890123456:key/key-shh65f1c2d3e4f5a6b7c8d is forbidden by permission system. request id: 7d2c9e1a-4b3f-4e5d-9c8b-1a2b3c4d5e6f\n' +
  '\tat com.aliyun.tea.TeaModel.validateParams(TeaModel.java:214)\n' +
  '\tat com.aliyun.kms20160120.Client.decryptWithOptions(Client.java:1021)';

describe('findings inferred from a message without a code', () => {
  it('reports the Tea exception once, inferred, on the message text, with its record', () => {
    const findings = scanText(TEA_403, catalog);
    assert.equal(findings.length, 1);
    const [f] = findings;
    assert.equal(f?.code, 'Forbidden.NoPermission');
    assert.equal(f?.confidence, 'inferred');
    assert.equal(f?.reason, 'inferred-from-message');
    const start = TEA_403.indexOf('This operation');
    const end = TEA_403.indexOf(' request id');
    assert.deepEqual(f?.range, { start: { line: 0, character: start }, end: { line: 0, character: end } });
    assert.equal(f?.record.httpStatus, 403);
    assert.equal(f?.record.requestId, '7d2c9e1a-4b3f-4e5d-9c8b-1a2b3c4d5e6f');
  });

  it('says in the hover and the JSON output that it was inferred, and from what', () => {
    const [f] = scanText(TEA_403, catalog);
    assert.ok(f);
    const md = hoverMarkdown(
      {
        entry: present(catalog.lookup(f.code), f.code).entry,
        token: f.token,
        isAlias: false,
        reason: f.reason,
        record: f.record,
      },
      'en',
    );
    assert.match(
      md,
      /_inferred\\: the text has no error code; recognised from the documented message "This operation for acs\\:kms/,
    );
    const zh = hoverMarkdown(
      {
        entry: present(catalog.lookup(f.code), f.code).entry,
        token: f.token,
        isAlias: false,
        reason: f.reason,
        record: f.record,
      },
      'zh-CN',
    );
    assert.match(zh, /推断所得/);
    const json = jsonFinding({ path: 'app.log', finding: f }, catalog);
    assert.equal(json.confidence, 'inferred');
    assert.match(String(json.inferredFrom), /^This operation for acs:kms:cn-shanghai/);
  });

  it('infers the C# and .NET variants and KMS-only codes without other KMS evidence', () => {
    const found = scanText(
      'Tea.TeaException: code: 404, The specified Key is not found. request id: 0AB1C2D3-E4F5\n' +
        'AlibabaCloud.TeaException: code: 409, The request was rejected because the key state is Disabled. request id: 9F8E-7D6C',
      catalog,
    ).map((f) => [f.code, f.confidence, f.record.httpStatus]);
    assert.deepEqual(found, [
      ['Forbidden.KeyNotFound', 'inferred', 404],
      ['Rejected.Disabled', 'inferred', 409],
    ]);
  });

  it('does not infer from the messages of other products, nor a shared code without KMS evidence', () => {
    for (const text of [
      'Exception in thread "main" com.aliyun.tea.TeaException: code: 409, Database example already exists request id: 598B1E2F-9AEF-4B13-AE4D-EB8733B643EB',
      'com.aliyun.tea.TeaException: code: 404, Specified access key is not found. request id: 11-22',
      'com.aliyun.tea.TeaException: code: 400, The specified parameter is not valid. request id: 33-44',
      'com.aliyun.tea.TeaException: code: 404, The specified Key is not found. request id: 55-66 host ecs.cn-hangzhou.aliyuncs.com',
    ]) {
      assert.deepEqual(scanText(text, catalog), [], text);
    }
  });

  it('leaves a record that states its code to the code token', () => {
    const block =
      'SDKError:\n   StatusCode: 404\n   Code: Forbidden.KeyNotFound\n   Message: code: 404, The specified Key is not found. request id: 0AB1-C2D3\n';
    assert.ok(scanText(block, catalog).every((f) => f.confidence === 'high' && f.token === 'Forbidden.KeyNotFound'));
  });

  it('keeps decode reading the message as inferred rather than as a code in the text', () => {
    const outcome = decode(TEA_403, catalog);
    assert.ok(outcome.ok);
    assert.equal(outcome.result.code, 'Forbidden.NoPermission');
    assert.equal(outcome.result.codeInferred, true);
  });
});

describe('identifiers named like codes', () => {
  it('are not KMS errors: class, def, raise, except, const, calls and assignments', () => {
    const django = [
      'class ServiceUnavailableTemporary(ValidationError, ErrorWithStatus):',
      '    status_code = 503',
      'def InternalFailure():',
      '    raise InternalFailure',
      'except Throttling:',
      'const InternalFailure = new Error("x")',
      'throw new InvalidParameter("bad")',
      'InternalFailure = 500',
    ].join('\n');
    assert.deepEqual(scanText(django, catalog), []);
  });

  it('while string literals, comments and log text keep their findings', () => {
    const text = [
      'if code == "ServiceUnavailableTemporary":  # retry KMS on ServiceUnavailableTemporary',
      '2026-11-20 08:00:00 ERROR kms Decrypt failed: InternalFailure (500)',
      '<Code>InternalFailure</Code><HostId>kms.cn-hangzhou.aliyuncs.com</HostId>',
    ].join('\n');
    assert.deepEqual(
      scanText(text, catalog)
        .filter((f) => f.confidence === 'high')
        .map((f) => f.code),
      ['ServiceUnavailableTemporary', 'ServiceUnavailableTemporary', 'InternalFailure', 'InternalFailure'],
    );
  });
});

describe('the XML root <KMS>', () => {
  it('is no error by itself: a certificate API success response decodes as success and has no finding', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<KMS>\n  <RequestId>5979d897-d69f-4fc9-87dd-f3bb73c40b80</RequestId>\n  <CertificateId>9a28de48-8d8b-484d-a766-dec4****</CertificateId>\n</KMS>';
    const outcome = decode(xml, catalog);
    assert.ok(outcome.ok);
    assert.equal(outcome.result.kind, 'success');
    assert.equal(outcome.result.code, null);
    assert.deepEqual(scanText(xml, catalog), []);
  });
});
