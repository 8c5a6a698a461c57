import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
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

  it('answers initialize with UTF-16 positions, incremental sync and pull diagnostics', async () => {
    const other = await TestClient.start();
    const result = await other
      .request<{ capabilities: Record<string, unknown> }>('initialize', {
        processId: null,
        rootUri: null,
        capabilities: { textDocument: { diagnostic: {} } },
      })
      .catch(() => null);
    await other.stop();
    // A second initialize is refused; the first one's answer is what matters, checked through behaviour below.
    assert.equal(result === null || typeof result === 'object', true);
  });

  it('puts a diagnostic on every high-confidence finding of a log, with exact ranges, codes and links', async () => {
    client.open(uri('app.log'), LOG);
    const report = await client.diagnostics(uri('app.log'));
    const got = report.items.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]);
    const expected = [
      ['Forbidden.KeyNotFound', ...span(LOG, 'ErrorCode: Forbidden.KeyNotFound', 11, 'Forbidden.KeyNotFound')],
      ['Forbidden.KeyNotFound', ...span(LOG, 'q=Forbidden.KeyNotFound', 2, 'Forbidden.KeyNotFound')],
      ['Rejected.Disabled', ...span(LOG, 'Rejected.Disabled', 0, 'Rejected.Disabled')],
      ['Rejected.Throttling', ...span(LOG, 'Rejected.Throttling', 0, 'Rejected.Throttling')],
      ['InternalFailure', ...span(LOG, '<Code>InternalFailure', 6, 'InternalFailure')],
      ['Forbidden.NoPermission', ...span(LOG, 'Error:Forbidden.NoPermission', 6, 'Forbidden.NoPermission')],
      ['Rejected.PendingDeletion', ...span(LOG, 'Rejected.PendingDeletion :', 0, 'Rejected.PendingDeletion')],
      ['Forbidden.AliasNotFound', ...span(LOG, 'Forbidden.AliasNotFoundError', 0, 'Forbidden.AliasNotFound')],
    ];
    assert.deepEqual(got, expected);
    const first = report.items[0] as Diagnostic;
    assert.equal(first.source, 'kms');
    assert.equal(first.severity, 2, '4xx is a warning');
    assert.match(first.message, /^Forbidden\.KeyNotFound \(404 Not Found\): \S/);
    assert.equal(
      first.codeDescription?.href,
      'https://api.alibabacloud.com/troubleshoot?intl_lang=EN_US&q=Forbidden.KeyNotFound&product=Kms&requestId=7C5A2F3B-4D6E-4F70-8A91-B2C3D4E5F607',
    );
    const severities = Object.fromEntries(report.items.map((d) => [d.code, d.severity]));
    assert.equal(severities['InternalFailure'], 1, '5xx is an error');
    assert.equal(severities['Rejected.Throttling'], 1, 'throttling is an error');
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

  it('offers explain, copy and troubleshooting actions on an error record', async () => {
    const at = positionOf(LOG, 'ErrorCode: Forbidden.KeyNotFound');
    const actions = await client.request<Array<{ title: string; command?: { command: string; arguments: unknown[] } }>>(
      'textDocument/codeAction',
      {
        textDocument: { uri: uri('app.log') },
        range: { start: { line: at.line, character: 14 }, end: { line: at.line, character: 14 } },
        context: { diagnostics: [] },
      },
    );
    assert.deepEqual(
      actions.map((a) => a.command?.command),
      ['kms.explainCode', 'kms.copyRequestId', 'kms.openTroubleshooting'],
    );
    assert.deepEqual(actions[1]?.command?.arguments, ['7C5A2F3B-4D6E-4F70-8A91-B2C3D4E5F607']);
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
    assert.match(notResponse.markdown, /Not a decodable response/);
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

describe('language server in source code', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start();
  });
  after(() => client.stop());

  const PY = `from Tea.exceptions import TeaException

def read(client, name):
    try:
        return client.get_secret_value(name)
    except TeaException as e:
        if e.code == 'Forbidden.KeyNotFond':
            return None
        if e.code in ("Rejected.Throttling", "Forbidden.ResourceNotFound"):
            raise
        page = "forbidden.html"; n = len(rejected.length); other = 'Forbidden.RAM'
        ecs = "InvalidParameter.KMSKeyId.CMKNotEnabled"
`;

  it('warns on a misspelled code in a string literal, and nowhere else', async () => {
    client.open(uri('secrets.py'), PY, 'python');
    const report = await client.diagnostics(uri('secrets.py'));
    assert.equal(report.items.length, 1);
    const [typo] = report.items as [Diagnostic];
    assert.equal(typo.severity, 2);
    assert.match(typo.message, /Unknown KMS error code 'Forbidden\.KeyNotFond': did you mean Forbidden\.KeyNotFound\?/);
    assert.deepEqual(typo.range, {
      start: positionOf(PY, "Forbidden.KeyNotFond'"),
      end: { line: 6, character: positionOf(PY, "Forbidden.KeyNotFond'").character + 20 },
    });
  });

  it('offers a quick fix that replaces the typo', async () => {
    const report = await client.diagnostics(uri('secrets.py'));
    const actions = await client.request<
      Array<{ title: string; isPreferred: boolean; edit: { changes: Record<string, Array<{ newText: string }>> } }>
    >('textDocument/codeAction', {
      textDocument: { uri: uri('secrets.py') },
      range: report.items[0]!.range,
      context: { diagnostics: report.items },
    });
    const fix = actions.find((a) => a.edit);
    assert.equal(fix?.title, "Change to 'Forbidden.KeyNotFound'");
    assert.equal(fix?.isPreferred, true);
    assert.equal(fix?.edit.changes[uri('secrets.py')]?.[0]?.newText, 'Forbidden.KeyNotFound');
  });

  it('hovers correct codes in code', async () => {
    const at = positionOf(PY, 'Rejected.Throttling');
    const hover = await client.hover(uri('secrets.py'), at.line, at.character + 3);
    assert.match(hover!.contents.value, /\*\*Rejected\\\.Throttling\*\* · 429 Too Many Requests/);
  });

  it('completes codes inside string literals', async () => {
    const text = 'if err.code == "Forbidden.Key';
    client.open(uri('complete.ts'), text, 'typescript');
    const items = await client.request<
      Array<{ label: string; detail?: string; textEdit: { range: { start: { character: number } } } }>
    >('textDocument/completion', {
      textDocument: { uri: uri('complete.ts') },
      position: { line: 0, character: text.length },
    });
    assert.deepEqual(
      items.map((i) => i.label),
      ['Forbidden.KeyNotFound', 'Forbidden.KeyVersionNotFound'],
    );
    assert.equal(items[0]?.detail, '404 Not Found');
    assert.equal(items[0]?.textEdit.range.start.character, text.indexOf('Forbidden'));
    const outside = await client.request<unknown[]>('textDocument/completion', {
      textDocument: { uri: uri('complete.ts') },
      position: { line: 0, character: 3 },
    });
    assert.deepEqual(outside, []);
  });
});

describe('language server settings', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kms-lsp-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('follows the client locale and kms.language', async () => {
    const client = await TestClient.start({ locale: 'zh-tw' });
    try {
      client.open(uri('l.log'), 'ErrorCode: Rejected.Disabled\n');
      const zhTW = await client.hover(uri('l.log'), 0, 14);
      assert.match(zhTW!.contents.value, /處理建議/);
      client.configure({ language: 'zh-CN' });
      await client.until(() => client.refreshes > 0);
      assert.match((await client.hover(uri('l.log'), 0, 14))!.contents.value, /处理建议/);
      client.configure({ language: 'en' });
      await client.until(() => client.refreshes > 1);
      assert.match((await client.hover(uri('l.log'), 0, 14))!.contents.value, /What to do/);
    } finally {
      await client.stop();
    }
  });

  it('reports a broken user catalog once and keeps the built-in one working; a valid one adds codes', async () => {
    const broken = path.join(dir, 'broken.json');
    writeFileSync(broken, '{ "version": 1, "codes": [');
    const team = path.join(dir, 'team.json');
    writeFileSync(
      team,
      JSON.stringify({
        version: 1,
        name: 'team',
        codes: [
          {
            code: 'Team.RotationLate',
            httpStatus: 409,
            message: 'late',
            category: 'key-state',
            text: { en: { description: 'Our rotation check failed.', remediation: ['Rotate.', 'Tell us.'] } },
          },
        ],
      }),
    );
    const client = await TestClient.start({ settings: { catalog: { paths: [broken, team] } }, workspaceFolder: dir });
    try {
      client.open(uri('c.log'), 'ErrorCode: Team.RotationLate\nErrorCode: Forbidden.KeyNotFound\n');
      await client.until(() => client.messages.length > 0);
      assert.equal(client.messages.length, 1);
      assert.equal(client.messages[0]?.type, 1);
      assert.match(
        client.messages[0]!.message,
        /broken\.json is invalid: not valid JSON.*built-in catalog keeps working/,
      );
      const codes = await client.until(async () => {
        const items = (await client.diagnostics(uri('c.log'))).items.map((d) => d.code);
        return items.length === 2 ? items : undefined;
      });
      assert.deepEqual(await codes, ['Team.RotationLate', 'Forbidden.KeyNotFound']);
      writeFileSync(broken, '{ "version": 1, "codes": [ }');
      await client.until(() => client.messages.length > 1);
      assert.equal(client.messages.length, 2, 'a new problem is reported once more');
    } finally {
      await client.stop();
    }
  });

  it('gives no diagnostics above kms.maxFileSizeMB, with one message saying why', async () => {
    const client = await TestClient.start({ settings: { maxFileSizeMB: 0.001 } });
    try {
      client.open(uri('big.log'), `${'x'.repeat(2000)}\nErrorCode: Rejected.Disabled\n`);
      assert.deepEqual((await client.diagnostics(uri('big.log'))).items, []);
      await client.until(() => client.messages.length > 0);
      assert.match(client.messages[0]!.message, /big\.log is 0 MB, above kms\.maxFileSizeMB/);
      assert.ok(await client.hover(uri('big.log'), 1, 14), 'hovers still work');
    } finally {
      await client.stop();
    }
  });

  it('turns diagnostics off with kms.diagnostics.enable and per class with severity off', async () => {
    const client = await TestClient.start({ settings: { diagnostics: { enable: false } } });
    try {
      client.open(uri('off.log'), 'ErrorCode: Rejected.Disabled\n');
      assert.deepEqual((await client.diagnostics(uri('off.log'))).items, []);
      client.configure({ diagnostics: { severity: { client: 'off' } } });
      await client.until(() => client.refreshes > 0);
      client.open(uri('sev.log'), 'ErrorCode: Rejected.Disabled\nErrorCode: ServiceUnavailableTemporary\n');
      assert.deepEqual(
        (await client.diagnostics(uri('sev.log'))).items.map((d) => d.code),
        ['ServiceUnavailableTemporary'],
      );
    } finally {
      await client.stop();
    }
  });

  it('sends at most kms.diagnostics.maxPerFile diagnostics, errors first, with a note on the rest', async () => {
    const client = await TestClient.start({ settings: { diagnostics: { maxPerFile: 5 } } });
    try {
      // 6 client errors (warnings) then 3 server errors (errors): 4 errors fit, then the note.
      const lines = [
        ...Array.from({ length: 6 }, (_, i) => `req ${i} ErrorCode: Rejected.Disabled`),
        ...Array.from({ length: 3 }, (_, i) => `req ${i} ErrorCode: ServiceUnavailableTemporary`),
      ];
      client.open(uri('many.log'), `${lines.join('\n')}\n`);
      const items = (await client.diagnostics(uri('many.log'))).items;
      assert.deepEqual(
        items.map((d) => `${d.range.start.line} ${d.code}`),
        ['0 Rejected.Disabled', '6 ServiceUnavailableTemporary', '7 ServiceUnavailableTemporary', '8 ServiceUnavailableTemporary', '1 more-not-shown'],
      );
      assert.equal(items[4]!.severity, 3);
      assert.match(items[4]!.message, /^5 more KMS errors .*maxPerFile is 5\)/);
      client.configure({ diagnostics: { maxPerFile: 0 } });
      await client.until(() => client.refreshes > 0);
      assert.equal((await client.diagnostics(uri('many.log'))).items.length, 9);
    } finally {
      await client.stop();
    }
  });

  it('treats only log-like documents as logs', async () => {
    const client = await TestClient.start();
    try {
      client.open(uri('notes.md'), 'ErrorCode: Rejected.Disabled\n', 'markdown');
      client.open(uri('run.out'), 'ErrorCode: Rejected.Disabled\n', 'plaintext');
      client.open('untitled:Untitled-1', 'ErrorCode: Rejected.Disabled\n', 'plaintext');
      assert.equal((await client.diagnostics(uri('notes.md'))).items.length, 0);
      assert.equal((await client.diagnostics(uri('run.out'))).items.length, 1);
      assert.equal((await client.diagnostics('untitled:Untitled-1')).items.length, 1);
    } finally {
      await client.stop();
    }
  });
});

describe('language server transports and robustness', () => {
  it('speaks LSP over node IPC, and pushes diagnostics to clients without pull support', async () => {
    const client = await TestClient.start({ transport: 'ipc', pullDiagnostics: false });
    try {
      client.open(uri('push.log'), 'x\nErrorCode: Rejected.PendingImport\n');
      const published = await client.until(() => client.published.get(uri('push.log')));
      assert.deepEqual(
        (published.diagnostics as Diagnostic[]).map((d) => d.code),
        ['Rejected.PendingImport'],
      );
    } finally {
      await client.stop();
    }
  });

  it('pushes the first findings of a large log while it is still being indexed, then all of them', async () => {
    const client = await TestClient.start({ pullDiagnostics: false });
    try {
      const filler = `${'2026-11-20T08:00:00Z INFO request ok\n'.repeat(60_000)}`;
      const text = `ErrorCode: Rejected.Disabled\n${filler}${filler}ErrorCode: Rejected.PendingImport\n`;
      client.open(uri('large.log'), text);
      await client.until(() => (client.publications.get(uri('large.log'))?.at(-1) ?? 0) >= 2 || undefined);
      assert.deepEqual(client.publications.get(uri('large.log')), [1, 2]);
    } finally {
      await client.stop();
    }
  });

  it('survives hostile input and keeps answering', async () => {
    const client = await TestClient.start();
    try {
      const nasty = `\u0000\u0001\uFFFF${'\ud800'.repeat(3)}${'Forbidden.'.repeat(50000)}\n${'{"Code":'.repeat(20000)}\n<![CDATA[<!DOCTYPE x [<!ENTITY a "b">]>\nErrorCode: Rejected.Disabled`;
      client.open(uri('nasty.log'), nasty);
      const report = await client.diagnostics(uri('nasty.log'));
      assert.deepEqual(
        report.items.map((d) => d.code),
        ['Rejected.Disabled'],
      );
      const decoded = await client.request<{ ok: boolean }>('kms/decodeResponse', { text: nasty });
      assert.equal(typeof decoded.ok, 'boolean');
      client.edit(uri('nasty.log'), { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } }, '');
      assert.ok(await client.diagnostics(uri('nasty.log')));
    } finally {
      await client.stop();
    }
  });

  it('works for a workspace file URI with spaces and Unicode', async () => {
    const client = await TestClient.start();
    try {
      const fileUri = pathToFileURL('/tmp/my logs/日志 1.log').href;
      client.open(fileUri, 'ErrorCode: Rejected.Disabled\n', 'plaintext');
      assert.equal((await client.diagnostics(fileUri)).items.length, 1);
    } finally {
      await client.stop();
    }
  });
});

/** [line, startCharacter, endCharacter] of `token` found at `needle` + `shift`. */
function span(text: string, needle: string, shift: number, token: string): [number, number, number] {
  const at = positionOf(text, needle);
  return [at.line, at.character + shift, at.character + shift + token.length];
}
