import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { diagnosticMessage, explain, firstSentence } from '../../server/src/core/format/explanation';
import { statusText } from '../../server/src/core/format/http';
import { hoverMarkdown } from '../../server/src/core/format/hover';
import { troubleshootUrl } from '../../server/src/core/format/links';
import { resolveLocale } from '../../server/src/core/format/locale';
import { escapeMarkdown } from '../../server/src/core/format/markdown';
import { codeClass, severityClass } from '../../server/src/core/format/severity';
import { explanationMarkdown } from '../../server/src/core/format/explanationView';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/paths';
import { scanText } from '../../server/src/core/scanner/scan';

const catalog = builtinCatalog();
const entry = (code: string) => catalog.lookup(code)!.entry;

describe('explanations', () => {
  it('formats statuses with their reason phrase', () => {
    assert.equal(statusText(404), '404 Not Found');
    assert.equal(statusText(409), '409 Conflict');
    assert.equal(statusText(429), '429 Too Many Requests');
    assert.equal(statusText(null), null);
  });

  it('builds the troubleshooting link with code, product and RequestId', () => {
    const url = new URL(troubleshootUrl('Forbidden.KeyNotFound', 'ABC-123', 'en'));
    assert.equal(url.searchParams.get('q'), 'Forbidden.KeyNotFound');
    assert.equal(url.searchParams.get('product'), 'Kms');
    assert.equal(url.searchParams.get('requestId'), 'ABC-123');
    assert.equal(new URL(troubleshootUrl('X', null, 'zh-CN')).host, 'api.aliyun.com');
  });

  it('writes the short diagnostic message', () => {
    assert.match(
      diagnosticMessage(entry('Forbidden.KeyNotFound'), 'en'),
      /^Forbidden\.KeyNotFound \(404 Not Found\): \S/,
    );
  });

  it('keeps every diagnostic message to one sentence, in every language', () => {
    for (const e of builtinCatalog().entries)
      for (const locale of ['en', 'zh-CN', 'zh-TW'] as const) {
        const meaning = diagnosticMessage(e, locale).slice(e.code.length);
        // One sentence: a full stop only at the end (Latin ones count before a space).
        assert.doesNotMatch(meaning.slice(0, -1), /[。！？]|[.!?]\s/, `${e.code} ${locale}: ${meaning}`);
      }
    assert.equal(
      diagnosticMessage(entry('Rejected.Throttling'), 'zh-CN'),
      'Rejected.Throttling (429 Too Many Requests): 请求频率超过了该操作、账号或 KMS 实例的 QPS 上限，KMS 对请求进行了限流。',
    );
  });

  it('maps editor locales to ours', () => {
    assert.equal(resolveLocale('zh-cn'), 'zh-CN');
    assert.equal(resolveLocale('zh-Hans'), 'zh-CN');
    assert.equal(resolveLocale('zh-tw'), 'zh-TW');
    assert.equal(resolveLocale('zh-Hant-HK'), 'zh-TW');
    assert.equal(resolveLocale('fr'), 'en');
    assert.equal(resolveLocale(undefined), 'en');
  });

  it('classes severities by what the user must do: act, or let the SDK retry', () => {
    for (const code of ['Forbidden.KeyNotFound', 'Forbidden.NoPermission', 'Rejected.Disabled', 'Forbidden.InDebt'])
      assert.equal(severityClass(entry(code)), 'actionRequired', code);
    for (const code of ['Rejected.Throttling', 'ServiceUnavailableTemporary', 'InternalFailure'])
      assert.equal(severityClass(entry(code)), 'transient', code);
    assert.equal(severityClass(entry('Rejected.Throttling'), { retriesExhausted: true }), 'actionRequired');
    assert.equal(severityClass(entry('Rejected.Disabled'), { retriesExhausted: false }), 'actionRequired');
  });

  it('reads from a log entry whether the retries ran out', () => {
    const exhausted = (head: string) =>
      scanText(`${head}: SDK.ServerError\nErrorCode: Rejected.Throttling\nRequestId: R-1234\n`, catalog)[0]!.record
        .retriesExhausted;
    assert.equal(exhausted('2026-11-20T09:00:02Z ERROR entry skipped after 4 attempts'), true);
    assert.equal(exhausted('2026-11-20T09:00:02Z ERROR retries exhausted'), true);
    assert.equal(exhausted('2026-11-20T09:00:02Z WARN giving up'), true);
    assert.equal(exhausted('2026-11-20T09:00:02Z WARN kms call throttled, backing off'), false);
    assert.equal(exhausted('2026-11-20T09:00:02Z WARN attempt 1 of 4'), false);
  });

  it('shows one class per code, the one the grammar colours it with', async () => {
    const grammar = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'generate-grammar.mjs')).href)) as {
      classOf(entry: unknown): string;
    };
    for (const e of catalog.entries) {
      assert.equal(codeClass(e), grammar.classOf(e), e.code);
      assert.ok(['permission', 'key-state', 'service', 'parameter'].includes(codeClass(e)), `${e.code} has a class`);
    }
    assert.equal(codeClass(entry('Forbidden.KeyNotFound')), 'permission');
  });

  it('explains in each language', () => {
    const zh = explain(entry('Rejected.Disabled'), 'zh-CN');
    assert.equal(zh.category, '密钥状态');
    assert.match(zh.description, /[\u4e00-\u9fff]/);
    assert.equal(explain(entry('Rejected.Disabled'), 'zh-TW').category, '金鑰狀態');
  });
});

describe('hover Markdown', () => {
  it('puts this occurrence first: code, status, class, then the record, two steps and links', () => {
    const [finding] = scanText(
      '2026-11-20T08:14:07.392Z ERROR read entry: SDK.ServerError\nErrorCode: Forbidden.KeyNotFound\nRequestId: 7C5A2F3B-4D6E\nMessage: The specified Key is not found.\nHostId: kms.cn-hangzhou.aliyuncs.com',
      catalog,
    );
    assert.ok(finding);
    const md = hoverMarkdown(
      { entry: entry(finding.code), token: finding.token, isAlias: false, record: finding.record },
      'en',
      { commandLinks: true },
    );
    const [head, record] = md.split('\n\n');
    assert.match(head!, /^\*\*Forbidden\\\.KeyNotFound\*\* · 404 Not Found · permission, account, quota or not found/);
    assert.match(head!, /needs action/);
    assert.match(
      record!,
      /^RequestId: 7C5A2F3B\\-4D6E · Host: kms\\\.cn\\-hangzhou\\\.aliyuncs\\\.com · Time: 2026\\-11\\-20 08\\:14\\:07 UTC/,
    );
    assert.match(md, /\n1\. .*\n2\. /);
    assert.doesNotMatch(md, /\n3\. /, 'two steps only');
    assert.doesNotMatch(md, /Worth retrying|Returned by/, 'the rest is in the full explanation');
    assert.match(
      md,
      /\(https:\/\/api\.alibabacloud\.com\/troubleshoot\?[^)]*requestId=7C5A2F3B-4D6E "Open Alibaba Cloud's troubleshooting page for RequestId 7C5A2F3B-4D6E"\)/,
    );
    assert.match(md, /\[Full explanation\]\(command:kms\.explainCode\?%5B%22Forbidden\.KeyNotFound%22%5D /);
    const plain = hoverMarkdown(
      { entry: entry(finding.code), token: finding.token, isAlias: false, record: finding.record },
      'en',
    );
    assert.doesNotMatch(plain, /command:/, 'no command link for clients that did not ask for them');
    assert.match(md, /\[Troubleshoot this request\]/);
    // Without a RequestId there is no request to troubleshoot: the link is for the code.
    const codeOnly = hoverMarkdown(
      { entry: entry('Rejected.Disabled'), token: 'Rejected.Disabled', isAlias: false },
      'en',
    );
    assert.match(codeOnly, /\[Troubleshoot this code\]/);
    assert.doesNotMatch(codeOnly, /this request/);
    assert.match(
      hoverMarkdown({ entry: entry('Rejected.Disabled'), token: 'Rejected.Disabled', isAlias: false }, 'zh-CN'),
      /\[诊断此错误码\]/,
    );
  });

  it('leaves out the retry step where the retries ran out, and says they did', () => {
    const [finding] = scanText(
      '2026-11-20T08:00:00Z ERROR giving up after 4 attempts: ErrorCode: Rejected.Throttling RequestId: AB-12',
      catalog,
    );
    assert.ok(finding?.record.retriesExhausted);
    const md = hoverMarkdown(
      { entry: entry('Rejected.Throttling'), token: 'Rejected.Throttling', isAlias: false, record: finding.record },
      'en',
    );
    assert.match(md, /the retries ran out: needs action/);
    assert.doesNotMatch(md, /1\. Retry with exponential backoff/);
    assert.match(md, /1\. Reduce call volume/);
    const transient = hoverMarkdown(
      { entry: entry('Rejected.Throttling'), token: 'Rejected.Throttling', isAlias: false },
      'en',
    );
    assert.match(transient, /transient: the same call can succeed later/);
    assert.match(transient, /1\. Retry with exponential backoff/);
  });

  it("leaves the meaning to the diagnostic's message when there is one", () => {
    const subject = { entry: entry('Rejected.Disabled'), token: 'Rejected.Disabled', isAlias: false };
    const meaning = escapeMarkdown(firstSentence(entry('Rejected.Disabled').text.en.description));
    assert.ok(hoverMarkdown(subject, 'en').includes(meaning));
    assert.ok(!hoverMarkdown({ ...subject, meaningShown: true }, 'en').includes(meaning));
  });

  it('puts diagnosis sections between the record and the steps', () => {
    const md = hoverMarkdown(
      {
        entry: entry('Rejected.Disabled'),
        token: 'Rejected.Disabled',
        isAlias: false,
        diagnosis: {
          causes: [{ id: 'key-state', text: 'key disabled by its owner', evidence: {} }],
          fixes: [{ kind: 'aliyun-cli', title: 'Enable the key', text: 'aliyun kms EnableKey' }],
        },
      },
      'en',
    );
    const cause = md.indexOf('key disabled by its owner');
    assert.ok(cause > 0 && cause < md.indexOf('**What to do:**'));
    assert.ok(md.indexOf('aliyun kms EnableKey') < md.indexOf('**What to do:**'));
  });

  it('keeps everything for the full explanation', () => {
    const md = explanationMarkdown(entry('Forbidden.KeyNotFound'), 'en', 'R-1');
    assert.match(md, /^# Forbidden\\\.KeyNotFound/);
    assert.match(md, /Worth retrying/);
    assert.match(md, /Returned by:\*\* DescribeKey/);
    assert.match(md, /\n5\. /);
  });

  it("adds the record's HTTP status where it differs from the documented one", () => {
    const hover = (text: string) => {
      const [finding] = scanText(text, catalog);
      assert.ok(finding);
      return hoverMarkdown(
        { entry: entry(finding.code), token: finding.token, isAlias: false, record: finding.record },
        'en',
      );
    };
    const differing = hover('return genResult(409, "Rejected.UnsupportedOperation", "This action is not supported.");');
    assert.match(differing, /· 400 Bad Request/);
    assert.match(differing, /\nHTTP status: 409 Conflict/);
    const same = hover('HTTP Status: 404 Error:Forbidden.KeyNotFound The specified Key is not found. RequestID: AB-12');
    assert.doesNotMatch(same, /HTTP status:/);
  });

  it('does not call a status documented for the API a mismatch (Forbidden.NoPermission is 400 for CreateKey)', () => {
    const hover = (text: string, locale: 'en' | 'zh-CN' = 'en') => {
      const [finding] = scanText(text, catalog);
      assert.ok(finding);
      return hoverMarkdown(
        { entry: entry(finding.code), token: finding.token, isAlias: false, record: finding.record },
        locale,
      );
    };
    const createKey =
      '{"RequestId":"A1B2C3D4-0000","HostId":"kms.cn-hangzhou.aliyuncs.com","Code":"Forbidden.NoPermission","Message":"This operation is forbidden by permission system.","HttpStatus":400,"Action":"CreateKey"}';
    const documented = hover(createKey);
    assert.match(
      documented,
      /HTTP status: 400 Bad Request \(documented for CreateKey, GetKeyPolicy, GetSecretPolicy, SetKeyPolicy, SetSecretPolicy\)/,
    );
    assert.match(hover(createKey, 'zh-CN'), /CreateKey、GetKeyPolicy/);
    const elsewhere = hover(createKey.replace('CreateKey', 'DescribeSecret'));
    assert.match(
      elsewhere,
      /HTTP status: 400 Bad Request\s/,
      'DescribeSecret documents 403: 400 stands as the response gave it',
    );
    assert.doesNotMatch(elsewhere, /documented for/);
  });

  it('says when a token is a misspelling and when a generic code lacks KMS context', () => {
    const alias = hoverMarkdown(
      { entry: entry('Rejected.PendingDeletion'), token: 'Rejetced.PendingDeletion', isAlias: true },
      'en',
    );
    assert.match(alias, /misspelling/);
    const generic = hoverMarkdown(
      { entry: entry('InvalidParameter'), token: 'InvalidParameter', isAlias: false, reason: 'no-kms-context' },
      'en',
    );
    assert.match(generic, /generic code/);
  });

  it('escapes untrusted record text so it cannot become HTML, links or commands', () => {
    const [finding] = scanText(
      '{"Code":"Forbidden.KeyNotFound","Message":"<script>alert(1)</script> [click](command:evil) **bold**","RequestId":"R1234"}',
      catalog,
    );
    const md = hoverMarkdown(
      {
        entry: entry('Forbidden.KeyNotFound'),
        token: 'Forbidden.KeyNotFound',
        isAlias: false,
        record: finding!.record,
      },
      'en',
    );
    assert.ok(!md.includes('<script>'));
    assert.ok(!md.includes('](command:'));
    assert.ok(!md.includes('**bold**'));
    assert.equal(escapeMarkdown('a_b*c[d](e)<f>'), 'a\\_b\\*c\\[d\\]\\(e\\)\\<f\\>');
  });

  it('follows the locale', () => {
    const md = hoverMarkdown(
      { entry: entry('Forbidden.KeyNotFound'), token: 'Forbidden.KeyNotFound', isAlias: false },
      'zh-TW',
    );
    assert.match(md, /處理建議/);
    assert.match(md, /api\.alibabacloud\.com/);
  });
});
