import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient, positionOf } from '../support/lspClient';

// A Go Tea SDKError (as the runtime prints it) that names the API, the key ARN and the endpoint,
// and a Rejected.Disabled record naming its key.
const LOG = `2026-11-20T08:00:00Z ERROR decrypt failed: SDKError:
   StatusCode: 403
   Code: Forbidden.NoPermission
   Message: code: 403, This operation for acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8 is forbidden by permission system. request id: 9A5A3C4B-1D2E-4F00-8A7B-0C1D2E3F4A5B
   Data: {"Code":"Forbidden.NoPermission","HostId":"kms.cn-beijing.aliyuncs.com","Action":"Decrypt"}
2026-11-20T08:00:01Z ERROR {"Code":"Rejected.Disabled","KeyId":"05754286-3ba2-4fa6-8d41-4323aca6a1b2","HostId":"kms.cn-hangzhou.aliyuncs.com","RequestId":"1B2C3D4E-5F60"}
`;

const URI = 'file:///workspace/diagnosis.log';

interface Action {
  title: string;
  command?: { command: string; arguments: unknown[] };
}

describe('diagnosis in the language server', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start();
    client.open(URI, LOG);
  });
  after(() => client.stop());

  const actionsAt = (needle: string, shift: number) => {
    const at = positionOf(LOG, needle);
    const position = { line: at.line, character: at.character + shift };
    return client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: { start: position, end: position },
      context: { diagnostics: [] },
    });
  };

  it('hovers with the likely cause and the fixes, after the record and before the general steps', async () => {
    const at = positionOf(LOG, 'Code: Forbidden.NoPermission');
    const hover = await client.hover(URI, at.line, at.character + 8);
    const value = hover!.contents.value;
    const record = value.indexOf('RequestId:');
    const cause = value.indexOf('**Likely cause:**');
    const fix = value.indexOf('**Fix:**');
    const steps = value.indexOf('**What to do:**');
    assert.ok(record > 0 && record < cause && cause < fix && fix < steps, value);
    assert.match(value, /kms\\\.cn\\-beijing\\\.aliyuncs\\\.com \\\(cn\\-beijing\\\)/);
    assert.match(value, /```json\n\{\n {2}"Version": "1",[\s\S]*"kms:Decrypt"[\s\S]*\n```/);
  });

  it('offers Copy RAM policy and Open in KMS console on a permission error', async () => {
    const actions = await actionsAt('Code: Forbidden.NoPermission', 8);
    const policy = actions.find((a) => a.title === 'Copy RAM policy');
    assert.equal(policy?.command?.command, 'kms.copyFix');
    const copied = JSON.parse(policy!.command!.arguments[0] as string);
    assert.deepEqual(copied.Statement[0].Resource, ['acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8']);
    const open = actions.find((a) => a.title === 'Open in KMS console');
    assert.deepEqual(open?.command, {
      title: 'Open in KMS console',
      command: 'kms.openTroubleshooting',
      arguments: ['https://kms.console.aliyun.com/cn-shanghai/key/detail/key-shh65f3c6d4pxy9b8'],
    });
  });

  it('offers Copy aliyun command on a disabled key, with its id and region quoted', async () => {
    const actions = await actionsAt('"Code":"Rejected.Disabled"', 10);
    const command = actions.find((a) => a.title === 'Copy aliyun command');
    assert.equal(
      command?.command?.arguments[0],
      [
        "aliyun kms EnableKey --KeyId '05754286-3ba2-4fa6-8d41-4323aca6a1b2' --region 'cn-hangzhou'",
        "aliyun kms DescribeKey --KeyId '05754286-3ba2-4fa6-8d41-4323aca6a1b2' --region 'cn-hangzhou'",
      ].join('\n'),
    );
  });

  it('offers Add retry settings in the language of a source file, on a throttling code string', async () => {
    const go = 'package kms\n\nfunc retryable(code string) bool {\n\treturn code == "Rejected.Throttling"\n}\n';
    const uri = 'file:///workspace/retry.go';
    client.open(uri, go, 'go');
    const at = positionOf(go, 'Rejected.Throttling');
    const position = { line: at.line, character: at.character + 3 };
    const actions = await client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: position, end: position },
      context: { diagnostics: [] },
    });
    const retry = actions.find((a) => a.title.startsWith('Add retry settings (Go)'));
    assert.equal(retry?.command?.command, 'kms.copyFix');
    assert.match(retry!.command!.arguments[0] as string, /Autoretry: +tea\.Bool\(true\)/);
    assert.equal(actions.filter((a) => a.title.startsWith('Add retry settings')).length, 1, 'only the file language');
  });

  it('decodes with the diagnosis, fixes built from a hostile record staying text', async () => {
    const decoded = await client.request<{ markdown: string; diagnosis?: { fixes: Array<{ text: string }> } }>(
      'kms/decodeResponse',
      {
        text: `{"Code":"Forbidden.KeyNotFound","KeyId":"x'; rm -rf ~ <script>alert(1)</script>","HostId":"kms.cn-hangzhou.aliyuncs.com"}`,
      },
    );
    assert.ok(!decoded.markdown.includes('<script>'), 'hostile text is escaped');
    assert.ok(!JSON.stringify(decoded.diagnosis ?? {}).includes('rm -rf'), 'the hostile KeyId is dropped');
    const named = await client.request<{ markdown: string; diagnosis?: { causes: Array<{ id: string }> } }>(
      'kms/decodeResponse',
      { text: LOG.split('\n').slice(0, 5).join('\n') },
    );
    assert.deepEqual(
      named.diagnosis?.causes.map((c) => c.id),
      ['region-mismatch'],
    );
    assert.match(named.markdown, /\*\*Likely cause:\*\*/);
  });
});
