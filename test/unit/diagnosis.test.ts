import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { LOCALES } from '../../server/src/core/catalog/types';
import { diagnose, languageOfPath, type Diagnosis, type Fix } from '../../server/src/core/diagnosis/diagnose';
import { readFacts } from '../../server/src/core/diagnosis/facts';
import { KEY_STATE_MATRIX } from '../../server/src/core/diagnosis/keyStates';
import { diagnoseFinding } from '../../server/src/core/diagnosis/finding';
import { shellQuote } from '../../server/src/core/diagnosis/identifiers';
import { diagnosisLines, diagnosisMarkdown } from '../../server/src/core/diagnosis/render';
import { scanText } from '../../server/src/core/scanner/scan';
import { loadCorpus } from '../support/corpus';

const catalog = builtinCatalog();
const run = (code: string, text: string, extra: Partial<Parameters<typeof diagnose>[0]> = {}, locale = 'en' as const) =>
  diagnose({ code, text, ...extra }, catalog, locale);
const apiNames = new Set([
  ...catalog.entries.flatMap((e) => e.apis),
  ...Object.keys(KEY_STATE_MATRIX),
  'GetSecretValue',
]);
const causeIds = (d: Diagnosis) => d.causes.map((c) => c.id);
const fix = (d: Diagnosis, kind: Fix['kind']) => d.fixes.find((f) => f.kind === kind);

/** The Go Tea runtime's SDKError.Error() format: "SDKError:\n   StatusCode: %d\n   Code: %s\n   Message: %s\n   Data: %s\n". */
function teaGo(status: number, code: string, message: string, data: object): string {
  return `SDKError:\n   StatusCode: ${status}\n   Code: ${code}\n   Message: code: ${status}, ${message} request id: 9A5A3C4B-1D2E-4F00-8A7B-0C1D2E3F4A5B\n   Data: ${JSON.stringify(data)}\n`;
}

const NO_PERMISSION_SHANGHAI = teaGo(
  403,
  'Forbidden.NoPermission',
  'This operation for acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8 is forbidden by permission system.',
  {
    Code: 'Forbidden.NoPermission',
    HostId: 'kms.cn-beijing.aliyuncs.com',
    RequestId: '9A5A3C4B-1D2E-4F00-8A7B-0C1D2E3F4A5B',
  },
);

describe('diagnosis rules', () => {
  it('region-mismatch: the endpoint region differs from the ARN region, quoting both', () => {
    const d = run('Forbidden.NoPermission', NO_PERMISSION_SHANGHAI, { api: 'Decrypt' });
    const cause = d.causes.find((c) => c.id === 'region-mismatch');
    assert.ok(cause);
    assert.deepEqual(cause.evidence, {
      endpoint: 'kms.cn-beijing.aliyuncs.com',
      endpointRegion: 'cn-beijing',
      arn: 'acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8',
      arnRegion: 'cn-shanghai',
    });
    assert.match(cause.text, /kms\.cn-beijing\.aliyuncs\.com \(cn-beijing\).*cn-shanghai/);
    const sameRegion = NO_PERMISSION_SHANGHAI.replace('kms.cn-beijing', 'kms.cn-shanghai');
    assert.ok(!causeIds(run('Forbidden.NoPermission', sameRegion)).includes('region-mismatch'));
    // Only for the not-found and permission codes.
    assert.ok(!causeIds(run('InternalFailure', NO_PERMISSION_SHANGHAI)).includes('region-mismatch'));
  });

  it('sts-token-missing: an STS. AccessKeyId, or an STS note, on the three credential codes', () => {
    const record =
      'ErrorCode: InvalidAccessKeyId.NotFound\nAccessKeyId: STS.L4aBSCSJVMuKg5U1vFDw\nMessage: Specified access key is not found.';
    const d = run('InvalidAccessKeyId.NotFound', record);
    assert.deepEqual(
      d.causes.filter((c) => c.id === 'sts-token-missing').map((c) => c.evidence),
      [{ accessKeyId: 'STS.L4aBSCSJVMuKg5U1vFDw' }],
    );
    const note = run('Forbidden.AccessKey', 'Code: Forbidden.AccessKey, check the SecurityToken of the credentials');
    assert.deepEqual(causeIds(note), ['sts-token-missing']);
    assert.deepEqual(causeIds(run('InvalidAccessKeyId.NotFound', 'AccessKeyId: LTAI5tAbCdEfGh12 not found')), []);
    assert.deepEqual(causeIds(run('Rejected.Disabled', record)).includes('sts-token-missing'), false);
  });

  it('alias-prefix: a KeyId that is neither a key id nor an ARN, and aliases that break the rules', () => {
    const d = run('Forbidden.KeyNotFound', '{"Code":"Forbidden.KeyNotFound","KeyId":"my-app-key","Action":"Encrypt"}');
    assert.deepEqual(
      d.causes.map((c) => [c.id, c.evidence]),
      [['alias-prefix', { keyId: 'my-app-key' }]],
    );
    assert.match(
      fix(d, 'aliyun-cli')?.text ?? '',
      /^aliyun kms DescribeKey --KeyId 'alias\/my-app-key' --region '<region-id>'$/,
    );
    // Source code: an expression or a variable after KeyId is not an alias.
    assert.deepEqual(causeIds(run('Forbidden.KeyNotFound', 'KeyId: tea.String(keyId), // Forbidden.KeyNotFound')), []);
    assert.deepEqual(causeIds(run('Forbidden.KeyNotFound', 'KeyId: keyId, // Forbidden.KeyNotFound')), []);
    assert.deepEqual(causeIds(run('Forbidden.KeyNotFound', 'KeyId: payments, code Forbidden.KeyNotFound')), [
      'alias-prefix',
    ]);
    const uuid = run('Forbidden.KeyNotFound', '{"KeyId":"05754286-3ba2-4fa6-8d41-4323aca6a1b2"}');
    assert.deepEqual(causeIds(uuid), []);
    const empty = run('Forbidden.AliasNotFound', '<Code>Forbidden.AliasNotFound</Code><AliasName>alias/</AliasName>');
    assert.deepEqual(causeIds(empty), ['alias-prefix']);
  });

  it('instance-vs-shared-endpoint: a code of one API surface answered on the other gateway', () => {
    const onShared = run('SignatureNotMatch', 'Code: SignatureNotMatch host=kms.cn-hangzhou.aliyuncs.com');
    assert.deepEqual(
      onShared.causes.map((c) => [c.id, c.evidence]),
      [['instance-vs-shared-endpoint', { endpoint: 'kms.cn-hangzhou.aliyuncs.com', surface: 'instance' }]],
    );
    const onInstance = run(
      'Forbidden.KmsServiceNotEnabled',
      'Forbidden.KmsServiceNotEnabled at https://kst-hzz664da459rvtjtd.cryptoservice.kms.aliyuncs.com/',
    );
    assert.deepEqual(causeIds(onInstance), ['instance-vs-shared-endpoint']);
    assert.deepEqual(causeIds(run('InternalFailure', 'InternalFailure from kms.cn-hangzhou.aliyuncs.com')), []);
  });

  it('masked ids are no cause: the fix that uses placeholders for them names them in its note', () => {
    // aliyun-openapi-java-sdk issue 426, as the Java core SDK prints it.
    const java =
      'com.aliyuncs.exceptions.ClientException: Forbidden.NoPermission : This operation for acs:kms:ap-southeast-5:1234567890:key/fd3c46b8-xxxx-xxxx-xxxx-6e659a8217d4 is forbidden by permission system.\n\tat com.aliyuncs.DefaultAcsClient.parseAcsResponse(DefaultAcsClient.java:190)';
    const d = run('Forbidden.NoPermission', java);
    assert.deepEqual(causeIds(d), ['permission-denied']);
    const policy = JSON.parse(fix(d, 'ram-policy')!.text);
    assert.deepEqual(policy.Statement[0].Resource, ['acs:kms:ap-southeast-5:1234567890:key/<KeyId>']);
    assert.deepEqual(policy.Statement[0].Action, ['kms:<ApiName>']);
    assert.match(fix(d, 'ram-policy')!.note ?? '', /names no API/);
    assert.match(fix(d, 'ram-policy')!.note ?? '', /The record masks fd3c46b8-xxxx-xxxx-xxxx-6e659a8217d4: replace/);
    assert.ok(!JSON.stringify(d.fixes.map((f) => f.text)).includes('xxxx'), 'no masked value in a fix');
    assert.match(fix(d, 'console-url')?.note ?? '', /masks the key id/, 'a masked key is not taken for an alias');
    const masked = run('Rejected.Disabled', 'ErrorCode: Rejected.Disabled KeyId: key-****');
    assert.match(fix(masked, 'aliyun-cli')!.text, /--KeyId '<KeyId>'/);
    assert.match(fix(masked, 'aliyun-cli')!.note ?? '', /^The record masks key-\*{4}: replace the <placeholders>/);
  });

  it('permission-denied: who may not call which API on which resource, as the record says', () => {
    const cli = [
      'ops@bastion-01:~/kms-debug$ aliyun kms Decrypt --profile reports --region cn-hangzhou --CiphertextBlob "$(cat b.b64)"',
      'ERROR: SDK.ServerError',
      'ErrorCode: Forbidden.NoPermission',
      'RequestId: 62F746B4-84E6-4CEB-95BD-447E7184D454',
      'Message: This operation for acs:kms:cn-hangzhou:123456789012****:key/key-hzz63a1f0c9e2b7d5x8q is forbidden by permission system.',
    ].join('\n');
    const d = run('Forbidden.NoPermission', cli);
    const cause = d.causes.find((c) => c.id === 'permission-denied');
    assert.equal(
      cause?.text,
      'The identity of aliyun CLI profile reports may not call kms:Decrypt on key key-hzz63a1f0c9e2b7d5x8q (cn-hangzhou): no RAM policy of that identity allows it, or one denies it.',
    );
    assert.deepEqual(cause?.evidence, {
      action: 'kms:Decrypt',
      resource: 'acs:kms:cn-hangzhou:123456789012****:key/key-hzz63a1f0c9e2b7d5x8q',
      principal: 'reports',
    });
    assert.equal(fix(d, 'ram-policy')?.title, 'RAM policy allowing kms:Decrypt');
    // The permission system's own report names the refused action and the identity.
    const tea = teaGo(
      403,
      'Forbidden.NoPermission',
      'This operation for acs:kms:cn-hangzhou:123456789012****:secret/prod/token is forbidden by permission system.',
      {
        AccessDeniedDetail: { AuthAction: 'kms:GetSecretValue', AuthPrincipalDisplayName: 'sync-v2:ack-prod' },
      },
    );
    const secret = run('Forbidden.NoPermission', JSON.stringify({ level: 'error', error: tea }));
    assert.match(
      secret.causes[0]?.text ?? '',
      /^The RAM identity sync-v2:ack-prod may not call kms:GetSecretValue on secret prod\/token \(cn-hangzhou\)/,
    );
    assert.equal(run('Forbidden.NoPermission', 'ErrorCode: Forbidden.NoPermission').causes.length, 0);
  });

  it('reads the API from the command line, the SDK call, the request URL and the text around the code', () => {
    const api = (text: string) => readFacts(text, {}, apiNames).api;
    assert.equal(api('$ aliyun kms GenerateDataKey --KeyId alias/x --region cn-hangzhou'), 'GenerateDataKey');
    assert.equal(
      api('GET https://kms.cn-hangzhou.aliyuncs.com/?Action=ScheduleKeyDeletion&KeyId=k'),
      'ScheduleKeyDeletion',
    );
    assert.equal(
      api('resp = legacy.do_action_with_exception(ListKeyVersionsRequest.ListKeyVersionsRequest())'),
      'ListKeyVersions',
    );
    assert.equal(api('DecryptRequest request = new DecryptRequest();'), 'Decrypt');
    assert.equal(api('at com.aliyun.kms20160120.Client.getSecretValueWithOptions(Client.java:812)'), 'GetSecretValue');
    assert.equal(api('Data: {"AccessDeniedDetail":{"AuthAction":"kms:AsymmetricSign"}}'), 'AsymmetricSign');
    assert.equal(api('You are not authorized to perform kms:CreateKey on this resource'), 'CreateKey');
    // Request classes and actions of APIs KMS does not have are not taken.
    assert.equal(api('new HttpRequest(); kms:FlyToTheMoon'), null);
  });

  it('takes a region from the record when no ARN or endpoint names one', () => {
    const d = run(
      'Rejected.PendingDeletion',
      '$ aliyun kms Decrypt --region cn-shanghai --CiphertextBlob x\nErrorCode: Rejected.PendingDeletion',
    );
    assert.equal(
      fix(d, 'aliyun-cli')?.text.split('\n')[0],
      "aliyun kms CancelKeyDeletion --KeyId '<KeyId>' --region 'cn-shanghai'",
    );
    const json = run(
      'Forbidden.ResourceNotFound',
      '{"msg":"x","secret":"a","SecretName":"prod/db","region":"ap-southeast-1"}',
    );
    assert.match(fix(json, 'aliyun-cli')?.text ?? '', /--region 'ap-southeast-1'/);
  });

  it('takes no variable of source code for a name: a fix keeps its placeholder', () => {
    const python =
      'request = kms_models.GetSecretValueRequest(secret_name=name)\nif e.code == "Forbidden.ResourceNotFound":';
    const fromCode = run('Forbidden.ResourceNotFound', python, { sourceCode: true, language: 'python' });
    assert.equal(fix(fromCode, 'aliyun-cli'), undefined, 'no command for a secret the code does not name');
    const literal = run(
      'Forbidden.ResourceNotFound',
      "get_secret(secret_name='rds/prod')\nForbidden.ResourceNotFound",
      {
        sourceCode: true,
      },
    );
    assert.match(fix(literal, 'aliyun-cli')?.text ?? '', /--SecretName 'rds\/prod'/);
    // In a log the same unquoted value is the name.
    assert.match(fix(run('Forbidden.ResourceNotFound', python), 'aliyun-cli')?.text ?? '', /--SecretName 'name'/);
  });

  it('key-state: the state and what it still allows, from the key-state matrix', () => {
    const d = run('Rejected.Disabled', 'ErrorCode: Rejected.Disabled\nAction=Decrypt');
    const cause = d.causes.find((c) => c.id === 'key-state')!;
    assert.deepEqual(cause.evidence, { state: 'Disabled', api: 'Decrypt' });
    assert.match(cause.text, /EnableKey/);
    assert.doesNotMatch(cause.text, /\bEncrypt\b|\bDecrypt\b/);
    const smf = run(
      'Rejected.StateModifiedFailed',
      'https://kms.cn-hangzhou.aliyuncs.com/?Action=CancelKeyDeletion&KeyId=x',
    );
    assert.deepEqual(smf.causes.find((c) => c.id === 'key-state')?.evidence, {
      api: 'CancelKeyDeletion',
      states: 'Enabled, Disabled, PendingImport',
    });
  });
});

describe('diagnosis fixes', () => {
  it('ram-policy: one Allow statement, Version "1", the API and the ARN of the record', () => {
    const d = run('Forbidden.NoPermission', NO_PERMISSION_SHANGHAI, { api: 'Decrypt' });
    const policy = fix(d, 'ram-policy')!;
    assert.deepEqual(JSON.parse(policy.text), {
      Version: '1',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['kms:Decrypt'],
          Resource: ['acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8'],
        },
      ],
    });
    assert.equal(policy.note, undefined);
    const anyResource = fix(
      run('Forbidden.NoPermission', 'Forbidden.NoPermission Action=GetSecretValue'),
      'ram-policy',
    )!;
    assert.deepEqual(JSON.parse(anyResource.text).Statement[0].Resource, ['*']);
    assert.match(anyResource.note ?? '', /Resource is "\*"/);
    assert.equal(fix(run('Forbidden.NoPermission', 'Forbidden.NoPermission'), 'ram-policy'), undefined);
  });

  it('aliyun-cli: the command that fixes or checks each state, values shell-quoted', () => {
    const key = 'KeyId: 05754286-3ba2-4fa6-8d41-4323aca6a1b2 endpoint kms.cn-hangzhou.aliyuncs.com';
    const cli = (code: string, text = key) => fix(run(code, `ErrorCode: ${code} ${text}`), 'aliyun-cli')?.text;
    const quoted = `--KeyId '05754286-3ba2-4fa6-8d41-4323aca6a1b2' --region 'cn-hangzhou'`;
    assert.equal(cli('Rejected.Disabled'), `aliyun kms EnableKey ${quoted}\naliyun kms DescribeKey ${quoted}`);
    assert.match(cli('Rejected.PendingDeletion')!, /^aliyun kms CancelKeyDeletion /);
    assert.match(cli('Rejected.PendingImport')!, /^aliyun kms GetParametersForImport /);
    assert.match(cli('ExpiredImportToken')!, /^aliyun kms GetParametersForImport /);
    assert.match(cli('Rejected.StateModifiedFailed')!, /^aliyun kms DescribeKey /);
    assert.equal(
      cli('Forbidden.ResourceNotFound', '"SecretName":"rds/prod-password" host kms.cn-shanghai.aliyuncs.com'),
      `aliyun kms DescribeSecret --SecretName 'rds/prod-password' --region 'cn-shanghai'`,
    );
    assert.equal(cli('Forbidden.KeyNotFound', 'nothing named'), undefined);
  });

  it('console-url: the key page of its region; the console start page for secrets', () => {
    const d = run('Forbidden.NoPermission', NO_PERMISSION_SHANGHAI, { api: 'Decrypt' });
    assert.equal(
      fix(d, 'console-url')?.text,
      'https://kms.console.aliyun.com/cn-shanghai/key/detail/key-shh65f3c6d4pxy9b8',
    );
    const secret = fix(
      run('Forbidden.ResourceNotFound', 'acs:kms:cn-hangzhou:154035569884****:secret/mydbconninfo'),
      'console-url',
    )!;
    assert.equal(secret.text, 'https://kms.console.aliyun.com/');
    assert.match(secret.title, /cn-hangzhou/);
  });

  it('sdk-config: Tea runtime options in the SDK the record or file gives away', () => {
    // AliyunContainerService/ack-secret-manager PR 6: a Go SDK.ServerError of Rejected.Throttling.
    const goRecord =
      'SDK.ServerError\nErrorCode: Rejected.Throttling\nRecommend: \nRequestId: 2158b760-07bd-4a60-b7f7-b680f1517e9a\nMessage: QPS Limit Exceeded';
    const go = run('Rejected.Throttling', goRecord, { api: 'GetSecretValue' }).fixes;
    assert.deepEqual(
      go.map((f) => [f.kind, f.language]),
      [['sdk-config', 'go']],
    );
    assert.match(go[0]!.text, /Autoretry: +tea\.Bool\(true\)/);
    assert.match(go[0]!.text, /client\.GetSecretValueWithOptions\(request, runtime\)/);
    const python = run('Rejected.Throttling', 'Throttling!', { api: 'GetSecretValue', language: 'python' }).fixes[0]!;
    assert.match(python.text, /max_attempts=3, backoff_policy='exponential', backoff_period=1/);
    assert.match(python.text, /client\.get_secret_value_with_options\(request, runtime\)/);
    const java = run(
      'InternalFailure',
      'InternalFailure\n\tat com.aliyun.kms20160120.Client.decryptWithOptions(Client.java:812)',
    );
    assert.deepEqual(
      java.fixes.map((f) => f.language),
      ['java'],
    );
    assert.match(java.fixes[0]!.text, /\.setMaxAttempts\(3\)[\s\S]*client\.decryptWithOptions/);
    // No SDK in the record or file: one fix, a line per SDK.
    const every = run('ServiceUnavailableTemporary', 'ServiceUnavailableTemporary').fixes;
    assert.deepEqual(
      every.map((f) => [f.kind, f.language]),
      [['sdk-config', undefined]],
    );
    for (const sdk of ['Go:', 'Java:', 'Python:', 'TypeScript:', 'C#:', 'PHP:'])
      assert.ok(every[0]!.text.includes(`\n${sdk}`) || every[0]!.text.startsWith(sdk), sdk);
    assert.deepEqual(run('Forbidden.KeyNotFound', 'Forbidden.KeyNotFound').fixes, []);
    assert.equal(languageOfPath('src/kms/client.go'), 'go');
    assert.equal(languageOfPath('app.log'), null);
  });
});

describe('one voice on retries', () => {
  it('says what the SDK of the record retries, and that a throttling answer reaches the code in every SDK', () => {
    const note = (language?: 'go' | 'java' | 'python' | 'typescript' | 'csharp' | 'php') =>
      run('Rejected.Throttling', 'Rejected.Throttling', language ? { language } : {}).fixes[0]?.note ?? '';
    assert.match(note('go'), /Go SDK retries failed connections and 5xx answers/);
    for (const sdk of ['java', 'python', 'typescript', 'csharp', 'php'] as const)
      assert.match(note(sdk), /SDK retries failed connections only/, sdk);
    for (const sdk of ['go', 'java', 'python', 'typescript', 'csharp', 'php', undefined] as const)
      assert.match(
        note(sdk),
        /throttling answer reaches your code|every error answer, throttling and 5xx, reaches your code/,
      );
    assert.match(note(), /Go SDK retries failed connections and 5xx answers, the other SDKs failed connections only/);
  });

  it('leads with the call rate or the quota when the retries ran out, and offers no retry settings again', () => {
    const record = '2026-11-20T08:00:00Z ERROR giving up after 4 attempts: ErrorCode: Rejected.Throttling';
    const d = run('Rejected.Throttling', record, { retriesExhausted: true, language: 'go' });
    assert.equal(d.causes[0]?.id, 'retries-exhausted');
    assert.match(d.causes[0]?.text ?? '', /Lower the call rate .* or raise the limit/);
    assert.equal(fix(d, 'sdk-config'), undefined);
    const service = run('InternalFailure', 'InternalFailure', { retriesExhausted: true });
    assert.match(service.causes[0]?.text ?? '', /more retries will not help now/);
    assert.deepEqual(run('Rejected.Throttling', record, { language: 'go' }).causes, []);
    assert.equal(run('Rejected.Disabled', 'Rejected.Disabled', { retriesExhausted: true }).causes[0]?.id, 'key-state');
  });
});

describe('diagnosis of hostile records', () => {
  it('drops a KeyId holding shell syntax, and quotes what it keeps', () => {
    const d = run('Rejected.Disabled', `{"Code":"Rejected.Disabled","KeyId":"abc'; rm -rf ~"}`);
    assert.ok(!JSON.stringify(d).includes('rm -rf'), 'the hostile value is dropped, not carried');
    assert.match(fix(d, 'aliyun-cli')!.text, /--KeyId '<KeyId>'/);
    assert.equal(shellQuote(`abc'; rm -rf ~`), `'abc'\\''; rm -rf ~'`);
    assert.equal(shellQuote(`$(id)\`x\``), `'$(id)\`x\`'`);
  });

  it('keeps a <script> alias out of fixes and escapes it in Markdown', () => {
    const d = run(
      'Forbidden.AliasNotFound',
      '{"Code":"Forbidden.AliasNotFound","AliasName":"alias/<script>alert(1)</script>"}',
    );
    assert.ok(!JSON.stringify(d.fixes).includes('<script'));
    const md = diagnosisMarkdown(d, 'en');
    assert.doesNotMatch(md, /(?:^|[^\\])<script/, 'only escaped: shown as text, never as HTML');
    assert.match(md, /\\<script\\>/);
  });

  it('cuts a 10,000-character ARN in evidence and keeps it out of fixes', () => {
    const arn = `acs:kms:cn-shanghai:1234567890123456:key/${'a'.repeat(10_000)}`;
    const d = run(
      'Forbidden.NoPermission',
      `Forbidden.NoPermission: This operation for ${arn} is forbidden. host kms.cn-beijing.aliyuncs.com`,
    );
    const cause = d.causes.find((c) => c.id === 'region-mismatch')!;
    assert.ok(cause.evidence['arn']!.length <= 160);
    assert.ok(
      d.fixes.every((f) => f.text.length < 1000),
      'no fix carries the long value',
    );
    assert.equal(fix(d, 'ram-policy'), undefined, 'no API and no valid resource: no policy');
  });

  it('fences fixes so backticks in them cannot close the fence', () => {
    const md = diagnosisMarkdown(
      { causes: [], fixes: [{ kind: 'aliyun-cli', title: 't', text: 'echo ```` done' }] },
      'en',
    );
    assert.match(md, /`````sh\necho ```` done\n`````/);
  });
});

describe('diagnosis in three languages', () => {
  it('writes causes, titles and section names in every locale', () => {
    const texts = LOCALES.map((locale) => {
      const d = run('Forbidden.NoPermission', NO_PERMISSION_SHANGHAI, { api: 'Decrypt' }, locale as 'en');
      assert.equal(d.causes.length, 1);
      return [d.causes[0]!.text, d.fixes[0]!.title, diagnosisLines(d, locale)[0]];
    });
    assert.equal(new Set(texts.map((t) => t.join('|'))).size, 3);
    assert.deepEqual(
      texts.map((t) => t[2]),
      ['Likely cause:', '可能原因:', '可能原因:'],
    );
  });
});

describe('diagnosis of records from the public corpus', () => {
  const corpus = new Map(loadCorpus().map((e) => [e.id, e]));
  const diagnosed = (id: string, code: string, path = 'snippet.log') => {
    const entry = corpus.get(id)!;
    const finding = scanText(entry.text, catalog).find((f) => f.code === code)!;
    return diagnoseFinding(finding, path, catalog, 'en', entry.text.slice(finding.record.start, finding.record.end));
  };

  it('an ESO status with a Tea 403 on a secret ARN of a masked account', () => {
    const d = diagnosed('log-eso-ack-teaerror-forbidden-nopermission-en', 'Forbidden.NoPermission');
    assert.deepEqual(
      d.causes.map((c) => c.id),
      ['permission-denied'],
    );
    assert.match(fix(d, 'ram-policy')?.note ?? '', /The record masks xxxxx/);
    const policy = JSON.parse(fix(d, 'ram-policy')!.text);
    assert.deepEqual(policy.Statement[0].Resource, ['acs:kms:cn-hangzhou:<account-id>:secret/team-a']);
    assert.deepEqual(fix(d, 'console-url'), {
      kind: 'console-url',
      title: 'Open the KMS console (cn-hangzhou)',
      text: 'https://kms.console.aliyun.com/',
      note: "The console has no verified deep link for secret: find it in the region's list.",
    });
  });

  it('the KMS instance API error table row of a disabled key', () => {
    const d = diagnosed('text-kms-instance-api-decrypt-error-table', 'Rejected.Disabled');
    assert.deepEqual(causeIds(d), ['key-state']);
    assert.match(fix(d, 'aliyun-cli')!.text, /^aliyun kms EnableKey --KeyId '<KeyId>'/);
  });

  it('retry constants in a Go source file get the Go snippet', () => {
    const d = diagnosed('code-ack-secret-manager-retry', 'Rejected.Throttling', 'pkg/utils/util.go');
    assert.deepEqual(
      d.fixes.map((f) => f.language),
      ['go'],
    );
  });
});

describe('diagnosis on the public corpus', () => {
  it('gives every high-confidence finding whose record names a key, alias, secret or API a fix', () => {
    let named = 0;
    let fixed = 0;
    for (const entry of loadCorpus()) {
      for (const finding of scanText(entry.text, catalog)) {
        if (finding.confidence !== 'high') continue;
        const text = entry.text.slice(finding.record.start, finding.record.end);
        const facts = readFacts(text, { api: finding.record.api });
        if (!(facts.keyId || facts.alias || facts.secretName || facts.arn || facts.api)) continue;
        named++;
        const d = diagnose(
          { code: finding.code, text, api: finding.record.api, host: finding.record.host },
          catalog,
          'en',
        );
        if (d.fixes.length > 0) fixed++;
        else assert.fail(`${entry.id}: ${finding.code} names a resource or API but gets no fix`);
      }
    }
    assert.ok(named > 0, 'the corpus has records that name a resource');
    assert.equal(fixed, named);
  });
});
