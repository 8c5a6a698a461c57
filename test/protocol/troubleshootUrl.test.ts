import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
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
      requestId: 'AB 12&x',
      code: 'Rejected.Disabled',
    });
    assert.equal(
      withCode.url,
      'https://api.aliyun.com/troubleshoot?q=Rejected.Disabled&product=Kms&requestId=AB+12%26x',
    );
  });
});
