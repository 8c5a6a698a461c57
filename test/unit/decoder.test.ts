import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { decode } from '../../server/src/core/decoder/decoder';
import type { DecodeResult } from '../../server/src/core/decoder/types';
import { decodeMarkdown } from '../../server/src/core/format/decodeView';
import { formatName } from '../../server/src/core/format/formatNames';
import { loadCorpus } from '../support/corpus';
import { FIXTURES } from '../support/paths';
import { present } from '../support/assertions';

interface Sample {
  name: string;
  text: string;
  expect: Partial<Record<keyof DecodeResult, unknown>>;
}

const catalog = builtinCatalog();
const samples = JSON.parse(readFileSync(path.join(FIXTURES, 'responses', 'samples.json'), 'utf8')) as Sample[];

function decoded(text: string): DecodeResult {
  const outcome = decode(text, catalog);
  assert.ok(outcome.ok, outcome.ok ? '' : JSON.stringify(outcome.error));
  return outcome.result;
}

describe('decoder on every response and SDK text format', () => {
  for (const sample of samples) {
    it(`decodes ${sample.name}`, () => {
      const result = decoded(sample.text);
      for (const [key, want] of Object.entries(sample.expect)) {
        const got = key === 'entry' ? (result.entry?.code ?? null) : result[key as keyof DecodeResult];
        assert.deepEqual(got, want, `${sample.name}: ${key}`);
      }
      if (result.kind === 'error' && result.code && 'entry' in sample.expect === false) {
        assert.equal(result.entry?.code, result.code, 'KMS codes come with their catalog entry');
      }
    });
  }
});

describe('decoder on the response snippets of the corpus', () => {
  for (const entry of loadCorpus().filter((e) => e.kind === 'response')) {
    it(`gets the RequestId and code of ${entry.id}`, () => {
      const result = decoded(entry.text);
      assert.deepEqual(result.requestId, entry.expected_request_ids[0] ?? null);
      const wantCode = (entry as unknown as { response_code?: string | null }).response_code ?? null;
      assert.equal(result.code, wantCode);
      if (entry.expected_http_status !== null) assert.equal(result.httpStatus, entry.expected_http_status);
      assert.equal(result.kind, wantCode ? 'error' : 'success');
    });
  }
});

describe('decoder on bad input', () => {
  const failures: Array<[string, string, RegExp]> = [
    ['empty', '   \n ', /empty/],
    ['prose', 'The deployment went fine and nobody saw an error today.', /no error code/],
    ['binary', 'PK\u0003\u0004\u0000\u0000binary', /binary/],
    ['XML with no fields', '<a><b>', /XML could not be read/],
    ['unclosed JSON with no fields', '{"a": 1,', /JSON could not be read/],
    ['JSON without error fields', '{"level":"info","msg":"all good"}', /no Code and no RequestId/],
  ];
  for (const [name, text, reason] of failures) {
    it(`says what was expected for ${name}`, () => {
      const outcome = decode(text, catalog);
      assert.equal(outcome.ok, false);
      if (outcome.ok) return;
      assert.match(outcome.error.reason, reason);
      assert.match(outcome.error.expected, /XML or JSON/);
    });
  }

  it('reads a malformed XML body leniently and says where it is broken', () => {
    const result = decoded('<Error>\n  <Code>Forbidden.KeyNotFound</Code>\n  <Message>oops</Mesage>\n</Error>');
    assert.equal(result.code, 'Forbidden.KeyNotFound');
    assert.match(result.warnings.join(' '), /XML is malformed \(line 3/);
  });

  it("reads the documentation's invalid XML root leniently and says so", () => {
    const sample = present(
      samples.find((s) => s.name === 'success-xml-invalid-root'),
      'sample',
    );
    assert.match(decoded(sample.text).warnings.join(' '), /XML is malformed/);
  });

  it('reads an unclosed JSON body leniently and says so', () => {
    const result = decoded('{"Code": "Forbidden.KeyNotFound", "RequestId": "abc-123"');
    assert.equal(result.code, 'Forbidden.KeyNotFound');
    assert.equal(result.requestId, 'abc-123');
    assert.match(result.warnings.join(' '), /JSON is malformed/);
  });

  it('reads well-formed bodies without warnings', () => {
    for (const sample of samples.filter((s) => !/malformed|root/.test(s.name))) {
      assert.deepEqual(decoded(sample.text).warnings, [], sample.name);
    }
  });

  it('never expands entities or DOCTYPE declarations', () => {
    const result = decoded(
      '<!DOCTYPE e [<!ENTITY x "Forbidden.KeyNotFound">]><Error><Code>&x;</Code><RequestId>R-1234</RequestId></Error>',
    );
    // The entity is neither expanded nor taken for a code: `&x;` is not a token.
    assert.equal(result.code, null);
    assert.equal(result.entry, null);
    assert.equal(result.requestId, 'R-1234');
  });

  it('keeps hostile text as plain data', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> [x](command:workbench.action.quit)';
    const result = decoded(JSON.stringify({ Code: 'Forbidden.KeyNotFound', Message: hostile, RequestId: 'R-5678' }));
    assert.equal(result.message, hostile);
    assert.equal(result.code, 'Forbidden.KeyNotFound');
  });

  it('cuts huge input instead of hanging', { timeout: 20000 }, () => {
    const huge = `ErrorCode: Rejected.Disabled ${'x'.repeat(5_000_000)}`;
    assert.equal(decoded(huge).code, 'Rejected.Disabled');
  });
});

describe('decode view and secrets', () => {
  it('masks key material and secret values of success responses, and names what it masked', () => {
    const outcome = decode(
      '{"SecretName":"db","SecretData":"p@ss","RequestId":"R-1","Plaintext":"a2V5","PrivateKeyPlaintext":"cHJpdg=="}',
      catalog,
    );
    assert.ok(outcome.ok);
    assert.deepEqual(outcome.result.maskedFields.sort(), ['Plaintext', 'PrivateKeyPlaintext', 'SecretData']);
    assert.ok(!JSON.stringify(outcome).includes('p@ss'));
    assert.ok(!JSON.stringify(outcome).includes('a2V5'));
    const shown = decode('{"Plaintext":"a2V5","RequestId":"R-1"}', catalog, { showSecrets: true });
    assert.ok(shown.ok && shown.result.fields['Plaintext'] === 'a2V5' && shown.result.maskedFields.length === 0);
  });

  it('links Alibaba Cloud URLs, names formats for people and does not repeat the table', () => {
    const outcome = decode(
      '<Error><RequestId>R-12345</RequestId><HostId>kms.cn-hangzhou.aliyuncs.com</HostId><Code>Forbidden.KeyNotFound</Code><Message>The specified Key is not found.</Message><Recommend>https://api.aliyun.com/troubleshoot?q=Forbidden.KeyNotFound&amp;requestId=R-12345</Recommend><Extra>x</Extra></Error>',
      catalog,
    );
    const md = decodeMarkdown(outcome, 'en');
    assert.match(
      md,
      /\| Recommend \| \[https.*\]\(https:\/\/api\.aliyun\.com\/troubleshoot\?q=Forbidden\.KeyNotFound&requestId=R-12345\) \|/,
    );
    assert.match(md, /\| Format \| XML error response \|/);
    assert.doesNotMatch(md, /pop-xml|Raw fields/);
    assert.match(md, /## Other fields\n\n\| \| \|\n\|---\|---\|\n\| Extra \| x \|$/);
    assert.equal(formatName('sdk-server-error-in-json', 'en'), 'Go SDK error (SDK.ServerError) inside a JSON field');
    const hostile = decodeMarkdown(
      decode('{"Code":"X.Y","RequestId":"R-1","Recommend":"https://evil.example/x"}', catalog),
      'en',
    );
    assert.doesNotMatch(hostile, /\]\(https:\/\/evil/, 'other hosts stay text');
  });

  it('says plainly when the text is not a response', () => {
    assert.match(decodeMarkdown(decode('hello', catalog), 'en'), /^# Not a KMS response or error/);
  });
});
