import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rejects } from '../support/assertions';
import { TestClient } from '../support/lspClient';

describe('kms/troubleshootUrl', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ settings: { language: 'zh-CN' } });
  });
  after(() => client.stop());

  it("builds the RequestId's page with the core's builder, in the server's language", async () => {
    const plain = await client.request<{ url: string }>('kms/troubleshootUrl', { requestId: 'AB-12' });
    assert.equal(plain.url, 'https://api.aliyun.com/troubleshoot?product=Kms&requestId=AB-12');
    const withCode = await client.request<{ url: string }>('kms/troubleshootUrl', {
      requestId: '62F746B4-84E6-4CEB-95BD-447E7184D454',
      code: 'Rejected.Disabled',
    });
    assert.equal(
      withCode.url,
      'https://api.aliyun.com/troubleshoot?q=Rejected.Disabled&product=Kms&requestId=62F746B4-84E6-4CEB-95BD-447E7184D454',
    );
  });

  it('refuses what is not a RequestId, and a code that is not one, with InvalidParams', async () => {
    for (const params of [
      null,
      {},
      { requestId: {} },
      { requestId: ['AB-12'] },
      { requestId: 'AB 12&x' },
      { requestId: 'AB-12', code: {} },
      { requestId: 'AB-12', code: 'q=1&evil' },
    ])
      await rejects(client.request('kms/troubleshootUrl', params), -32602, JSON.stringify(params));
    assert.ok((await client.request<{ url: string }>('kms/troubleshootUrl', { requestId: 'AB-12' })).url);
  });
});
