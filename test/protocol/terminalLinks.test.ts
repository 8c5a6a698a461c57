import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../support/lspClient';

// kms/terminalLinks and kms/explainCode's record, over stdio as the VS Code client uses them.

const RECORD = [
  '2026-11-20T08:14:02Z ERROR api: decrypt with acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8 via kms.cn-beijing.aliyuncs.com failed: SDK.ServerError',
  'ErrorCode: Forbidden.KeyNotFound',
  'RequestId: 4C467B38-3910-447D-87BC-AC049166F216',
];
// The same generic code, from KMS (a link) and from another product (no link).
const KMS_GENERIC =
  '2026-11-20T08:14:04Z ERROR api: {"Code":"InvalidParameter","HostId":"kms.cn-hangzhou.aliyuncs.com","RequestId":"0A1B2C3D-4E5F-6789-ABCD-EF0123456789"}';
const DECOY =
  '2026-11-20T08:14:03Z ERROR ecs: {"Code":"InvalidParameter","HostId":"ecs.aliyuncs.com","RequestId":"D1E2F3A4-0000"}';
// As written to the terminal: shell integration's escape sequence, colours, CRLF line ends.
const OUTPUT = ['\u001b]633;C\u0007$ ./api', ...RECORD, `\u001b[31m${DECOY}\u001b[0m`, KMS_GENERIC, ''].join('\r\n');

interface Link {
  start: number;
  length: number;
  kind: string;
  code: string;
  requestId: string | null;
  record: string | null;
}

const INVALID_PARAMS = (error: { code?: number }) => error.code === -32602;

describe('terminal links from the language server', () => {
  let client: TestClient;
  const links = (line: string, output = OUTPUT) => client.request<Link[]>('kms/terminalLinks', { line, output });
  before(async () => {
    client = await TestClient.start();
  });
  after(() => client.stop());

  it("links a KMS record's code and RequestId, read across its lines", async () => {
    const [code, ...more] = await links('ErrorCode: Forbidden.KeyNotFound');
    assert.equal(more.length, 0);
    assert.deepEqual([code?.kind, code?.start, code?.length, code?.code], ['code', 11, 21, 'Forbidden.KeyNotFound']);
    assert.equal(code?.requestId, '4C467B38-3910-447D-87BC-AC049166F216', 'the RequestId of the line after');
    assert.match(code?.record ?? '', /via kms\.cn-beijing\.aliyuncs\.com/, 'the record holds the line before');
    const id = await links('RequestId: 4C467B38-3910-447D-87BC-AC049166F216');
    assert.deepEqual(
      id.map((l) => [l.kind, l.start, l.length, l.code]),
      [['requestId', 11, 36, 'Forbidden.KeyNotFound']],
    );
  });

  it("judges a generic code by its context: KMS's InvalidParameter is a link, another product's is not", async () => {
    const kms = await links(KMS_GENERIC);
    assert.deepEqual(
      kms.map((l) => [l.kind, KMS_GENERIC.slice(l.start, l.start + l.length)]),
      [
        ['code', 'InvalidParameter'],
        ['requestId', '0A1B2C3D-4E5F-6789-ABCD-EF0123456789'],
      ],
    );
    assert.deepEqual(await links(DECOY), [], 'next to KMS errors');
    assert.deepEqual(await links(DECOY, ''), [], 'on its own');
    assert.deepEqual(await links('$ ./api'), []);
  });

  it('finds the record at the end of a long output (the server reads its end)', async () => {
    const filler = 'INFO request served in 3 ms\r\n'.repeat(20_000);
    const [code] = await links('ErrorCode: Forbidden.KeyNotFound', `${filler}${OUTPUT}`);
    assert.equal(code?.requestId, '4C467B38-3910-447D-87BC-AC049166F216');
    assert.ok(code?.record);
  });

  it("explains a code link with its record's likely cause and fix, and without a record without them", async () => {
    const [code] = await links('ErrorCode: Forbidden.KeyNotFound');
    assert.ok(code);
    const explained = await client.request<{ markdown: string; troubleshootUrl: string }>('kms/explainCode', {
      code: code.code,
      requestId: code.requestId,
      record: code.record,
    });
    assert.match(explained.markdown, /\*\*Likely cause:\*\*/);
    // The request went to cn-beijing, the key is in cn-shanghai (Markdown escapes the dashes).
    assert.match(explained.markdown, /cn\\-beijing\\\.aliyuncs/);
    assert.match(explained.markdown, /--region 'cn-shanghai'/);
    assert.match(explained.troubleshootUrl, /requestId=4C467B38-3910-447D-87BC-AC049166F216/);
    const plain = await client.request<{ markdown: string }>('kms/explainCode', { code: 'Forbidden.KeyNotFound' });
    assert.doesNotMatch(plain.markdown, /Likely cause/);
  });

  it('refuses malformed params with InvalidParams and answers the next request', async () => {
    for (const params of [{}, { line: 3 }, { line: 'x', output: 4 }, null, 'ErrorCode: Forbidden.KeyNotFound']) {
      await assert.rejects(client.request('kms/terminalLinks', params), INVALID_PARAMS, JSON.stringify(params));
    }
    await assert.rejects(
      client.request('kms/explainCode', { code: 'Forbidden.KeyNotFound', record: 7 }),
      INVALID_PARAMS,
    );
    const [code] = await links('ErrorCode: Forbidden.KeyNotFound');
    assert.equal(code?.code, 'Forbidden.KeyNotFound');
  });
});
