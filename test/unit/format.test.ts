import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { diagnosticMessage, explain } from '../../server/src/core/format/explanation';
import { statusText } from '../../server/src/core/format/http';
import { hoverMarkdown } from '../../server/src/core/format/hover';
import { troubleshootUrl } from '../../server/src/core/format/links';
import { resolveLocale } from '../../server/src/core/format/locale';
import { escapeMarkdown } from '../../server/src/core/format/markdown';
import { severityClass } from '../../server/src/core/format/severity';
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

  it('maps editor locales to ours', () => {
    assert.equal(resolveLocale('zh-cn'), 'zh-CN');
    assert.equal(resolveLocale('zh-Hans'), 'zh-CN');
    assert.equal(resolveLocale('zh-tw'), 'zh-TW');
    assert.equal(resolveLocale('zh-Hant-HK'), 'zh-TW');
    assert.equal(resolveLocale('fr'), 'en');
    assert.equal(resolveLocale(undefined), 'en');
  });

  it('classes severities: server faults and throttling above client errors', () => {
    assert.equal(severityClass(entry('InternalFailure')), 'server');
    assert.equal(severityClass(entry('Rejected.Throttling')), 'throttling');
    assert.equal(severityClass(entry('Forbidden.KeyNotFound')), 'client');
  });

  it('explains in each language', () => {
    const zh = explain(entry('Rejected.Disabled'), 'zh-CN');
    assert.equal(zh.category, '密钥状态');
    assert.match(zh.description, /[\u4e00-\u9fff]/);
    assert.equal(explain(entry('Rejected.Disabled'), 'zh-TW').category, '金鑰狀態');
  });
});

describe('hover Markdown', () => {
  it('holds the code, status, message, steps, retry advice, APIs and links', () => {
    const [finding] = scanText(
      'ERROR: SDK.ServerError\nErrorCode: Forbidden.KeyNotFound\nRequestId: 7C5A2F3B-4D6E\nMessage: The specified Key is not found.\nHostId: kms.cn-hangzhou.aliyuncs.com',
      catalog,
    );
    assert.ok(finding);
    const md = hoverMarkdown(
      { entry: entry(finding.code), token: finding.token, isAlias: false, record: finding.record },
      'en',
    );
    assert.match(md, /\*\*Forbidden\\\.KeyNotFound\*\* · 404 Not Found/);
    assert.match(md, /1\. /);
    assert.match(md, /Worth retrying/);
    assert.match(md, /Returned by:\*\* DescribeKey/);
    assert.match(md, /RequestId: 7C5A2F3B\\-4D6E/);
    assert.match(md, /kms\\\.cn\\-hangzhou/);
    assert.match(md, /\(https:\/\/api\.alibabacloud\.com\/troubleshoot\?[^)]*requestId=7C5A2F3B-4D6E\)/);
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
    assert.match(differing, /- HTTP status: 409 Conflict/);
    const same = hover('HTTP Status: 404 Error:Forbidden.KeyNotFound The specified Key is not found. RequestID: AB-12');
    assert.doesNotMatch(same, /- HTTP status/);
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
      /- HTTP status: 400 Bad Request \(documented for CreateKey, GetKeyPolicy, GetSecretPolicy, SetKeyPolicy, SetSecretPolicy\)/,
    );
    assert.match(hover(createKey, 'zh-CN'), /CreateKey、GetKeyPolicy/);
    const elsewhere = hover(createKey.replace('CreateKey', 'DescribeSecret'));
    assert.match(
      elsewhere,
      /- HTTP status: 400 Bad Request\n/,
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
