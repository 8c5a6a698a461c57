import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFacts } from '../../server/src/core/diagnosis/facts';

// readFacts runs a pattern only where one of the words all its matches hold is: these records hold
// them in other cases, in overlapping places and at the edges of the text.
describe('record facts', () => {
  it('gives away the SDK language of each shape', () => {
    const cases: Array<[string, string]> = [
      ['\tat com.example.App.main(App.java:12)', 'java'],
      ['com.aliyuncs.exceptions.ServerException: Forbidden', 'java'],
      ['SDKError:\n   StatusCode: 403', 'go'],
      ['main.go:42 failed', 'go'],
      ['Traceback (most recent call last):\n  File "x.py"', 'python'],
      ['alibabacloud_kms20160120.client failed', 'python'],
      ['    at Client.decrypt (/app/node_modules/@alicloud/kms/dist/client.js:10:5)', 'typescript'],
      ['    at Object.run (/srv/app/main.ts:3:9)', 'typescript'],
      ['AlibabaCloud.SDK.Kms20160120.Client threw', 'csharp'],
      ['Aliyun.Acs.Core.Exceptions.ServerException', 'csharp'],
      ['PHP Fatal error: AlibabaCloud\\Tea\\Exception\\TeaError in /var/www/a.php on line 7', 'php'],
      ['no SDK here', ''],
    ];
    for (const [text, language] of cases) assert.equal(readFacts(text).language ?? '', language, text);
  });

  it('reads case-insensitive fields whatever their case', () => {
    const facts = readFacts(
      'SECURITY_TOKEN present; KEYID: key-abcdefgh12345678; host KST-ABCD1234.cryptoservice.KMS.ALIYUNCS.COM',
    );
    assert.equal(facts.mentionsSts, true);
    assert.equal(facts.keyId, 'key-abcdefgh12345678');
    assert.equal(facts.endpoint?.kind, 'instance');
    assert.equal(facts.instanceId, 'KST-ABCD1234');
    assert.equal(readFacts('Secret_Name=db-pass').secretName, 'db-pass');
    assert.equal(readFacts('x-kms-acccesskeyid: LTAI5tAbCdEf').accessKeyId, 'LTAI5tAbCdEf');
    assert.equal(readFacts('kms.cn-hangzhou.aliyuncs.com').endpoint?.region, 'cn-hangzhou');
    assert.equal(readFacts('kst-abcd1234 and com.aliyuncs.com').instanceId, 'kst-abcd1234');
  });

  it('finds none of them in a record without their words', () => {
    const facts = readFacts('ERROR Forbidden.NoPermission RequestId: 0AB1C2D3-E4F5 HostId: ecs.aliyun.com');
    assert.deepEqual(
      [facts.mentionsSts, facts.keyId, facts.endpoint, facts.instanceId, facts.language],
      [false, null, null, null, null],
    );
  });
});
