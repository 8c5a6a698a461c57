import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient, positionOf, type Diagnostic } from '../support/lspClient';

const LOG = `2026-11-20T08:00:01Z INFO  service started
2026-11-20T08:00:02Z ERROR decrypt failed: SDK.ServerError
ErrorCode: Forbidden.KeyNotFound
Recommend: https://api.aliyun.com/troubleshoot?q=Forbidden.KeyNotFound&product=Kms&requestId=7C5A2F3B-4D6E-4F70-8A91-B2C3D4E5F607
RequestId: 7C5A2F3B-4D6E-4F70-8A91-B2C3D4E5F607
Message: The specified Key is not found.
2026-11-20T08:00:03Z ERROR com.aliyun.tea.TeaException: code: 409, The request was rejected because the key state is Disabled. request id: 1B2C3D4E-5F60 Rejected.Disabled
2026-11-20T08:00:04Z WARN  {"RequestId":"9A1B2C3D-0000","HostId":"kms.cn-shanghai.aliyuncs.com","Code":"Rejected.Throttling","Message":"QPS Limit Exceeded"}
2026-11-20T08:00:05Z ERROR <Error><RequestId>B3311876-1111</RequestId><HostId>kms.cn-hangzhou.aliyuncs.com</HostId><Code>InternalFailure</Code><Message>Internal Failure.</Message></Error>
2026-11-20T08:00:06Z ERROR aliyunsdkcore.acs_exception.exceptions.ServerException: HTTP Status: 403 Error:Forbidden.NoPermission This operation for acs:kms:cn-hangzhou:123:key/k is forbidden by permission system. RequestID: C7E393EC-A6D6
2026-11-20T08:00:07Z ERROR Aliyun.Acs.Core.Exceptions.ClientException: Rejected.PendingDeletion : The request was rejected because the key state is PendingDeletion. + [ RequestId : 0E0AC82F-B026 ]
2026-11-20T08:00:08Z ERROR Forbidden.AliasNotFoundError: code: 404, The specified Alias is not found., requestid: 3DF885FD-1A2B
2026-11-20T08:00:09Z ERROR dns: {"RequestId":"5555-6666","HostId":"alidns.aliyuncs.com","Code":"InvalidAccessKeyId.NotFound","Message":"Specified access key is not found."}
`;

const uri = (name: string) => `file:///workspace/${name}`;

describe('language server over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start();
  });
  after(() => client.stop());

  it('answers initialize with UTF-16 positions, incremental sync and pull diagnostics, and refuses a second one', async () => {
    assert.deepEqual(client.initializeResult?.serverInfo, { name: 'kms-language-server' });
    const caps = client.initializeResult!.capabilities;
    assert.equal(caps['positionEncoding'], 'utf-16');
    assert.deepEqual(caps['textDocumentSync'], { openClose: true, change: 2 });
    assert.deepEqual(caps['diagnosticProvider'], { interFileDependencies: false, workspaceDiagnostics: false });
    assert.equal(caps['hoverProvider'], true);
    assert.deepEqual(caps['workspace'], { workspaceFolders: { supported: true, changeNotifications: true } });
    await assert.rejects(
      client.request('initialize', {
        processId: null,
        rootUri: null,
        capabilities: { textDocument: { diagnostic: {} } },
      }),
    );
  });

  it('puts a diagnostic on every high-confidence finding of a log, with exact ranges, codes and links', async () => {
    client.open(uri('app.log'), LOG);
    const report = await client.diagnostics(uri('app.log'));
    const got = report.items.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]);
    const expected = [
      ['Forbidden.KeyNotFound', ...span(LOG, 'ErrorCode: Forbidden.KeyNotFound', 11, 'Forbidden.KeyNotFound')],
      ['Rejected.Disabled', ...span(LOG, 'Rejected.Disabled', 0, 'Rejected.Disabled')],
      ['Rejected.Throttling', ...span(LOG, 'Rejected.Throttling', 0, 'Rejected.Throttling')],
      ['InternalFailure', ...span(LOG, '<Code>InternalFailure', 6, 'InternalFailure')],
      ['Forbidden.NoPermission', ...span(LOG, 'Error:Forbidden.NoPermission', 6, 'Forbidden.NoPermission')],
      ['Rejected.PendingDeletion', ...span(LOG, 'Rejected.PendingDeletion :', 0, 'Rejected.PendingDeletion')],
      ['Forbidden.AliasNotFound', ...span(LOG, 'Forbidden.AliasNotFoundError', 0, 'Forbidden.AliasNotFound')],
    ];
    assert.deepEqual(got, expected);
    const first = report.items[0] as Diagnostic;
    // One record, one problem, with no rows under it: the Recommend URL's code hovers as its record.
    const [, urlLine, urlStart] = ['', ...span(LOG, 'q=Forbidden.KeyNotFound', 2, 'Forbidden.KeyNotFound')];
    assert.ok(report.items.every((d) => (d as Diagnostic).relatedInformation === undefined));
    const urlHover = await client.hover(uri('app.log'), urlLine as number, (urlStart as number) + 2);
    assert.match(urlHover!.contents.value, /RequestId: 7C5A2F3B\\-4D6E/, 'the URL mention still hovers');
    assert.equal(first.source, 'kms');
    assert.equal(first.severity, 1, 'a missing key needs someone to act: an error');
    // The RequestId tells apart the problems of one code in the Problems list.
    assert.match(
      first.message,
      /^Forbidden\.KeyNotFound \(404 Not Found\), RequestId 7C5A2F3B-4D6E-4F70-8A91-B2C3D4E5F607: \S/,
    );
    assert.equal(
      first.codeDescription?.href,
      'https://api.alibabacloud.com/troubleshoot?intl_lang=EN_US&q=Forbidden.KeyNotFound&product=Kms&requestId=7C5A2F3B-4D6E-4F70-8A91-B2C3D4E5F607',
    );
    const severities = Object.fromEntries(report.items.map((d) => [d.code, d.severity]));
    assert.equal(severities['InternalFailure'], 2, 'a transient 500 is a warning');
    assert.equal(severities['Rejected.Throttling'], 2, 'transient throttling is a warning');
    assert.equal(severities['Rejected.Disabled'], 1, 'a disabled key needs someone to act: an error');
  });

  it("hovers every format with the code, status, steps and the record's RequestId", async () => {
    const cases: Array<[string, number, string, RegExp]> = [
      ['ErrorCode: Forbidden.KeyNotFound', 11, '404 Not Found', /RequestId: 7C5A2F3B\\-4D6E/],
      ['Rejected.Disabled', 0, '409 Conflict', /RequestId: 1B2C3D4E\\-5F60/],
      ['Rejected.Throttling', 0, '429 Too Many Requests', /Host: kms\\\.cn\\-shanghai/],
      ['<Code>InternalFailure', 6, '500 Internal Server Error', /RequestId: B3311876\\-1111/],
      ['Error:Forbidden.NoPermission', 6, '403 Forbidden', /RequestId: C7E393EC\\-A6D6/],
      ['Rejected.PendingDeletion :', 0, '409 Conflict', /RequestId: 0E0AC82F\\-B026/],
      ['Forbidden.AliasNotFoundError', 0, '404 Not Found', /RequestId: 3DF885FD\\-1A2B/],
    ];
    for (const [needle, shift, status, record] of cases) {
      const at = positionOf(LOG, needle);
      const hover = await client.hover(uri('app.log'), at.line, at.character + shift + 2);
      assert.ok(hover, needle);
      assert.match(hover.contents.value, new RegExp(status), needle);
      assert.match(hover.contents.value, /What to do:\*\*\n\n1\. /, needle);
      assert.match(hover.contents.value, record, needle);
      assert.equal(hover.range.start.character, at.character + shift, needle);
    }
  });

  it('hovers a generic code of another product, saying it is probably not KMS, and gives it no diagnostic', async () => {
    const at = positionOf(LOG, 'InvalidAccessKeyId.NotFound');
    const hover = await client.hover(uri('app.log'), at.line, at.character + 3);
    assert.match(hover!.contents.value, /names another Alibaba Cloud product/);
    const report = await client.diagnostics(uri('app.log'));
    assert.ok(!report.items.some((d) => d.code === 'InvalidAccessKeyId.NotFound'));
  });

  it('gives no hover away from codes', async () => {
    assert.equal(await client.hover(uri('app.log'), 0, 5), null);
  });

  it('links RequestIds to the troubleshooting page', async () => {
    const links = await client.request<Array<{ range: { start: { line: number } }; target: string }>>(
      'textDocument/documentLink',
      {
        textDocument: { uri: uri('app.log') },
      },
    );
    const target = links.find((l) => l.range.start.line === 4)?.target;
    assert.match(
      target ?? '',
      /troubleshoot\?.*q=Forbidden\.KeyNotFound.*requestId=7C5A2F3B-4D6E-4F70-8A91-B2C3D4E5F607/,
    );
  });

  it('offers explain, copy and troubleshooting as quick fixes of the diagnostic on an error record', async () => {
    const at = positionOf(LOG, 'ErrorCode: Forbidden.KeyNotFound');
    const diagnostic = ((await client.diagnostics(uri('app.log'))).items as Diagnostic[]).find(
      (d) => d.code === 'Forbidden.KeyNotFound',
    );
    assert.ok(diagnostic);
    type Action = {
      title: string;
      kind?: string;
      diagnostics?: Diagnostic[];
      command?: { command: string; arguments: unknown[] };
    };
    const ask = (only?: string[]) =>
      client.request<Action[]>('textDocument/codeAction', {
        textDocument: { uri: uri('app.log') },
        range: { start: { line: at.line, character: 14 }, end: { line: at.line, character: 14 } },
        context: { diagnostics: [diagnostic], ...(only ? { only } : {}) },
      });
    const actions = await ask(['quickfix']);
    assert.deepEqual(
      actions.map((a) => a.command?.command),
      ['kms.explainCode', 'kms.copyRequestId', 'kms.openTroubleshooting'],
    );
    assert.deepEqual(actions[1]?.command?.arguments, ['7C5A2F3B-4D6E-4F70-8A91-B2C3D4E5F607']);
    assert.ok(actions.every((a) => a.kind === 'quickfix' && a.diagnostics?.[0]?.code === 'Forbidden.KeyNotFound'));
    assert.deepEqual(await ask(['refactor']), [], 'nothing for other kinds');
  });

  it("leads the hover with the record and leaves the meaning to the diagnostic's message", async () => {
    const at = positionOf(LOG, 'ErrorCode: Forbidden.KeyNotFound');
    const hover = await client.hover(uri('app.log'), at.line, 14);
    assert.ok(hover);
    const [head, record] = hover.contents.value.split('\n\n');
    assert.match(head!, /^\*\*Forbidden\\\.KeyNotFound\*\* · 404 Not Found · permission, account, quota or not found/);
    assert.match(record!, /^RequestId: 7C5A2F3B\\-4D6E/);
    const diagnostic = ((await client.diagnostics(uri('app.log'))).items as Diagnostic[]).find(
      (d) => d.code === 'Forbidden.KeyNotFound',
    );
    const meaning = diagnostic!.message.replace(/^[^:]*: /, '');
    assert.ok(!hover.contents.value.replace(/\\/g, '').includes(meaning), 'the meaning is not said twice');
    assert.doesNotMatch(hover.contents.value, /command:/, 'no command links for a client that did not declare them');
  });

  it('keeps ranges exact with emoji, CJK text and CRLF line ends', async () => {
    const text = 'first line\r\n🔥 解密失败 Forbidden.KeyNotFound\r\n\r\n⚠️ ErrorCode: Rejected.Disabled\r\n';
    client.open(uri('crlf.log'), text);
    const report = await client.diagnostics(uri('crlf.log'));
    assert.deepEqual(
      report.items.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
      [
        ['Forbidden.KeyNotFound', 1, 8, 29],
        ['Rejected.Disabled', 3, 14, 31],
      ],
    );
    const hover = await client.hover(uri('crlf.log'), 3, 20);
    assert.equal(hover?.range.start.character, 14);
  });

  it('re-diagnoses after an incremental edit', async () => {
    const text = Array.from({ length: 300 }, (_, i) => `2026-11-20T08:00:00Z INFO line ${i}`).join('\n');
    client.open(uri('edit.log'), text);
    assert.equal((await client.diagnostics(uri('edit.log'))).items.length, 0);
    const end = '2026-11-20T08:00:00Z INFO line 150'.length;
    client.edit(
      uri('edit.log'),
      { start: { line: 150, character: end }, end: { line: 150, character: end } },
      ' ErrorCode: Rejected.PendingImport',
    );
    const afterInsert = await client.diagnostics(uri('edit.log'));
    assert.deepEqual(
      afterInsert.items.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['Rejected.PendingImport', 150, end + 12]],
    );
    client.edit(uri('edit.log'), { start: { line: 10, character: 0 }, end: { line: 12, character: 0 } }, '');
    const afterDelete = await client.diagnostics(uri('edit.log'));
    assert.deepEqual(
      afterDelete.items.map((d) => d.range.start.line),
      [148],
    );
  });

  it('answers an unchanged document with an unchanged report', async () => {
    const first = await client.diagnostics(uri('app.log'));
    const second = await client.request<{ kind: string }>('textDocument/diagnostic', {
      textDocument: { uri: uri('app.log') },
      previousResultId: first.resultId,
    });
    assert.equal(second.kind, 'unchanged');
  });

  it('decodes a selected response and the record around the cursor', async () => {
    const selected = await client.request<{ ok: boolean; markdown: string }>('kms/decodeResponse', {
      text: '<Error><Code>Rejected.Disabled</Code><Message><script>alert(1)</script></Message><RequestId>R-1234</RequestId></Error>',
    });
    assert.equal(selected.ok, true);
    assert.match(selected.markdown, /409 Conflict/);
    assert.ok(!selected.markdown.includes('<script>'), 'hostile text is escaped');
    const at = positionOf(LOG, 'RequestId: 7C5A2F3B');
    const around = await client.request<{ ok: boolean; outcome: { result: { code: string; requestId: string } } }>(
      'kms/decodeResponse',
      { uri: uri('app.log'), position: at },
    );
    assert.equal(around.outcome.result.code, 'Forbidden.KeyNotFound');
    assert.equal(around.outcome.result.requestId, '7C5A2F3B-4D6E-4F70-8A91-B2C3D4E5F607');
    const notResponse = await client.request<{ ok: boolean; markdown: string }>('kms/decodeResponse', {
      text: 'hello',
    });
    assert.equal(notResponse.ok, false);
    assert.match(notResponse.markdown, /Not a KMS response or error/);
  });

  it('explains codes and lists the catalog', async () => {
    const explained = await client.request<{ code: string; markdown: string } | null>('kms/explainCode', {
      code: 'rejected.disabled',
    });
    assert.equal(explained?.code, 'Rejected.Disabled');
    assert.equal(await client.request('kms/explainCode', { code: 'No.Such' }), null);
    const codes = await client.request<Array<{ code: string; status: string }>>('kms/listCodes', {});
    assert.ok(codes.length >= 59);
    assert.equal(codes.find((c) => c.code === 'Forbidden.KeyNotFound')?.status, '404 Not Found');
  });
});

/** [line, startCharacter, endCharacter] of `token` found at `needle` + `shift`. */
function span(text: string, needle: string, shift: number, token: string): [number, number, number] {
  const at = positionOf(text, needle);
  return [at.line, at.character + shift, at.character + shift + token.length];
}
