import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { scanText } from '../../server/src/core/scanner/scan';
import { StreamScanner } from '../../server/src/core/scanner/streamScanner';
import { isKmsError, type Finding } from '../../server/src/core/scanner/types';
import { KNOWN_DISAGREEMENTS, loadCorpus, precisionRecall } from '../support/corpus';
import { present } from '../support/assertions';

const catalog = builtinCatalog();
const high = (text: string) => scanText(text, catalog).filter(isKmsError);
const codes = (text: string) => high(text).map((f) => f.code);

describe('scanner on the public corpus', () => {
  const corpus = loadCorpus();

  for (const entry of corpus) {
    if (KNOWN_DISAGREEMENTS.has(entry.id)) continue;
    it(`finds exactly the labelled codes in ${entry.id}`, () => {
      assert.deepEqual([...new Set(codes(entry.text))].sort(), [...entry.expected_codes].sort());
    });
  }

  it('keeps precision and recall at or above 0.95 over the whole corpus', () => {
    const score = precisionRecall(corpus.map((e) => ({ expected: e.expected_codes, found: codes(e.text) })));
    assert.ok(score.precision >= 0.95 && score.recall >= 0.95, JSON.stringify(score));
  });

  it("reports a generic code in another product's record with low confidence", () => {
    const entry = present(
      corpus.find((e) => e.id === 'resp-nls-json-invalidaccesskeyid-notfound'),
      'corpus entry',
    );
    const findings = scanText(entry.text, catalog);
    assert.ok(findings.length > 0);
    assert.ok(findings.every((f) => f.confidence === 'low' && f.reason === 'other-product'));
  });

  it('finds the labelled RequestIds in the records of its findings', () => {
    const labelled = corpus.filter((e) => e.expected_codes.length > 0 && e.expected_request_ids.length > 0);
    for (const entry of labelled.filter((e) => !KNOWN_DISAGREEMENTS.has(e.id))) {
      const ids = high(entry.text).map((f) => f.record.requestId);
      for (const id of entry.expected_request_ids) assert.ok(ids.includes(id), `${entry.id}: ${id}`);
    }
  });
});

describe('whole tokens', () => {
  const decoys = [
    'If Not ChkRejected Is Nothing Then ChkRejected.Disabled = True',
    'expect(rejected.pendingDeletionId).toBe(1)',
    'class ForbiddenKeyNotFoundException extends Error {}',
    '400 | InvalidParameter.KMSKeyId.CMKNotEnabled | The CMK needs to be enabled.',
    'Code: SSLPri.MissingParameter',
    '<Code>KmsInDebt</Code> from OSS',
    'ErrorCode: Forbidden.RAM',
    'ErrorCode: Forbidden.RiskControl',
    'see errors/Forbidden.KeyNotFound.md',
    'throwError("FORBIDDEN", "errors:forbidden.noPermission")',
  ];
  for (const text of decoys) {
    it(`finds nothing in: ${text}`, () => assert.deepEqual(scanText(text, catalog), []));
  }

  it('finds codes next to punctuation, CJK text, backticks and quotes', () => {
    assert.deepEqual(codes('返回Rejected.PendingDeletion，否则返回Success。'), ['Rejected.PendingDeletion']);
    assert.deepEqual(codes('If `Forbidden.ResourceNotFound` is returned'), ['Forbidden.ResourceNotFound']);
    assert.deepEqual(codes('raise Exception("Forbidden.KeyNotFound")'), ['Forbidden.KeyNotFound']);
    assert.deepEqual(codes('the key is gone: Forbidden.KeyNotFound.'), ['Forbidden.KeyNotFound']);
  });

  it('finds codes right after ANSI colour codes and JSON escapes', () => {
    assert.deepEqual(codes('\u001b[31mRejected.Disabled\u001b[0m'), ['Rejected.Disabled']);
    assert.deepEqual(codes('"error":"SDK.ServerError\\nErrorCode: Rejected.Throttling\\nRecommend: "'), [
      'Rejected.Throttling',
    ]);
    assert.deepEqual(codes('"msg":"failed:\\nForbidden.AliasNotFound"'), ['Forbidden.AliasNotFound']);
  });

  it('finds codes after percent-encoded punctuation, and not inside encoded words', () => {
    assert.deepEqual(codes('GET /log?body=%7B%22Code%22%3A%22Rejected.Disabled%22%7D'), ['Rejected.Disabled']);
    assert.deepEqual(codes('q%3DForbidden.KeyNotFound&x=1'), ['Forbidden.KeyNotFound']);
    assert.deepEqual(codes('id=%41Rejected.Disabled'), []);
  });

  it('finds Node SDK error names built from the code', () => {
    const [finding] = high('Forbidden.KeyNotFoundError: code: 404, The specified Key is not found., requestid: X1');
    assert.equal(finding?.code, 'Forbidden.KeyNotFound');
    assert.equal(finding?.token, 'Forbidden.KeyNotFound');
  });

  it('keeps the spelling of aliases and reports the canonical code', () => {
    const [finding] = high('ErrorCode: Rejetced.PendingDeletion');
    assert.equal(finding?.code, 'Rejected.PendingDeletion');
    assert.equal(finding?.token, 'Rejetced.PendingDeletion');
    assert.equal(finding?.isAlias, true);
  });

  it('takes bare-word codes only in code fields', () => {
    const kms = 'kms.cn-hangzhou.aliyuncs.com said ';
    assert.deepEqual(codes(`${kms}Unauthorized access is denied`), []);
    assert.deepEqual(codes(`${kms}{"Code":"Unauthorized","Message":"x"}`), ['Unauthorized']);
    assert.deepEqual(codes(`${kms}const INVALID_PARAM_ERROR_CODE = "InvalidParam";`), []);
    assert.deepEqual(codes(`${kms}ErrorCode: InvalidParam`), ['InvalidParam']);
  });
});

describe('generic codes need KMS context', () => {
  it('is low without context and high with a KMS host, ARN, product or KMS body nearby', () => {
    assert.deepEqual(codes('ErrorCode: InvalidParameter'), []);
    assert.deepEqual(codes('ErrorCode: InvalidParameter host=kms.cn-hangzhou.aliyuncs.com'), ['InvalidParameter']);
    assert.deepEqual(codes('Forbidden.NoPermission on acs:kms:cn-hangzhou:123:key/k'), ['Forbidden.NoPermission']);
    // A code in a URL is never a finding of its own: the record's code field is the finding.
    assert.deepEqual(codes('Recommend: https://api.aliyun.com/troubleshoot?q=InternalFailure&product=Kms'), []);
    assert.deepEqual(codes('{"HttpStatus": 400, "Code": "IllegalTimestamp"}'), ['IllegalTimestamp']);
  });

  it('takes context from KMS evidence up to 50 lines after the code, even across stream chunks', () => {
    const filler = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    const text = `ErrorCode: MissingParameter\n${filler}\ncalling kms.cn-shanghai.aliyuncs.com\n`;
    assert.deepEqual(codes(text), ['MissingParameter']);
    const streamed = streamFindings(text, 7);
    assert.deepEqual(
      streamed.filter((f) => f.confidence === 'high').map((f) => f.code),
      ['MissingParameter'],
    );
    const far = `ErrorCode: MissingParameter\n${filler}\n${filler}\ncalling kms.cn-shanghai.aliyuncs.com\n`;
    assert.deepEqual(codes(far), []);
  });

  it('does not let nearby KMS evidence claim a record of another product', () => {
    const text = [
      'ErrorCode: Forbidden.KeyNotFound',
      '{"RequestId":"1","HostId":"alidns.aliyuncs.com","Code":"InvalidAccessKeyId.NotFound"}',
    ].join('\n');
    assert.deepEqual(codes(text), ['Forbidden.KeyNotFound']);
  });

  it('takes an AWS record for AWS even when it says KMS', () => {
    assert.deepEqual(
      codes(
        'botocore.exceptions.ClientError: An error occurred (InternalFailure) when calling the Decrypt operation of AWS KMS',
      ),
      [],
    );
    assert.deepEqual(codes('AWS KMS said IncompleteSignature for arn:aws:kms:us-east-1:1:key/x'), []);
  });

  it('takes an Alibaba Cloud call of a KMS operation as KMS context', () => {
    assert.deepEqual(codes('aliyun-go-sdk: GetSecretValue failed: ErrorCode: Forbidden.NoPermission'), [
      'Forbidden.NoPermission',
    ]);
    assert.deepEqual(codes('GetSecretValue failed: ErrorCode: Forbidden.NoPermission'), []);
  });

  it('drops codes that other products share when the record names one of them', () => {
    assert.deepEqual(codes('DirectMail rate limiter: avoid Rejected.Throttling errors'), []);
    assert.deepEqual(codes('if err.code == "Rejected.Throttling": retry()'), ['Rejected.Throttling']);
  });
});

describe('positions', () => {
  it('counts UTF-16 code units, so an emoji before a code does not shift it', () => {
    const text = '🔥 解密失败 Forbidden.KeyNotFound';
    const [finding] = high(text);
    assert.equal(finding?.range.start.line, 0);
    assert.equal(finding?.range.start.character, text.indexOf('Forbidden'));
    assert.equal(finding?.range.start.character, 8, '🔥 is two UTF-16 code units');
    assert.equal(finding?.range.end.character, 8 + 'Forbidden.KeyNotFound'.length);
  });

  it('counts CRLF, LF and lone CR line ends as LSP does', () => {
    const text = 'a\r\nb\nc\rRejected.Disabled\r\nx Rejected.PendingImport';
    const found = high(text).map((f) => [f.range.start.line, f.range.start.character]);
    assert.deepEqual(found, [
      [3, 0],
      [4, 2],
    ]);
  });

  it('reports the same findings whatever the chunk size of a stream', () => {
    const text = loadCorpus()
      .map((e) => e.text)
      .join('\r\n\n');
    const whole = scanText(text, catalog);
    for (const size of [1, 3, 64, 1000]) {
      const streamed = streamFindings(text, size);
      assert.deepEqual(streamed.map(summary), whole.map(summary), `chunk size ${size}`);
    }
  });

  it('reads a line of megabytes (a minified response) in pieces, as one scan would', () => {
    const records = Array.from({ length: 3000 }, (_, i) =>
      i % 5 === 0
        ? `{"RequestId":"R-${i}","HostId":"kms.cn-hangzhou.aliyuncs.com","Code":"InvalidParameter","Message":"bad ${i}"}`
        : `{"RequestId":"R-${i}","Code":"Forbidden.KeyNotFound","Message":"${'x'.repeat(900)}"}`,
    );
    const text = `[${records.join(',')}]\nlast line ErrorCode: Rejected.Disabled`;
    const whole = scanText(text, catalog);
    assert.equal(whole.length, 3001);
    const found: Finding[] = [];
    const scanner = new StreamScanner(catalog, (f) => found.push(f), { chunkSize: 1 << 16 });
    for (let i = 0; i < 2_000_000; i += 1 << 16) scanner.push(text.slice(i, Math.min(i + (1 << 16), 2_000_000)));
    assert.ok(found.length > 1000, 'findings come out before the line ends');
    scanner.push(text.slice(2_000_000));
    scanner.end();
    assert.deepEqual(found.map(summary), whole.map(summary));
  });
});

describe('records', () => {
  it('reads the status, RequestId, message and host of a multi-line SDK.ServerError block', () => {
    const text = [
      'E0323 17:49:13.715484 1 kms.go:56] decrypt failed: SDK.ServerError',
      'ErrorCode: Forbidden.KeyNotFound',
      'Recommend: https://api.aliyun.com/troubleshoot?q=Forbidden.KeyNotFound&product=Kms&requestId=7C5A2F3B-4D6E',
      'RequestId: 7C5A2F3B-4D6E',
      'Message: The specified Key is not found.',
      '',
      'I0323 17:49:14.000000 1 kms.go:60] next',
    ].join('\n');
    const [finding] = high(text);
    assert.equal(finding?.record.requestId, '7C5A2F3B-4D6E');
    assert.equal(finding?.record.message, 'The specified Key is not found.');
    assert.equal(
      finding?.record.recommend,
      'https://api.aliyun.com/troubleshoot?q=Forbidden.KeyNotFound&product=Kms&requestId=7C5A2F3B-4D6E',
    );
    assert.deepEqual(finding?.record.requestIdRange, {
      start: { line: 3, character: 11 },
      end: { line: 3, character: 24 },
    });
  });

  it('keeps neighbouring log entries apart', () => {
    const text = [
      '2026-11-20T08:00:01Z ERROR code: 404, The specified Key is not found. request id: AAAA-1111 Forbidden.KeyNotFound',
      '2026-11-20T08:00:02Z ERROR ErrorCode: Rejected.Disabled RequestId: BBBB-2222',
    ].join('\n');
    const found = high(text);
    assert.deepEqual(
      found.map((f) => [f.code, f.record.requestId, f.record.httpStatus]),
      [
        ['Forbidden.KeyNotFound', 'AAAA-1111', 404],
        ['Rejected.Disabled', 'BBBB-2222', null],
      ],
    );
    assert.equal(found[0]?.record.timestamp, Date.UTC(2026, 10, 20, 8, 0, 1));
  });

  it("starts a log entry at Go's yyyy/MM/dd timestamps too", () => {
    const text = [
      '2026/11/20 10:00:03 Aliyun API Error: RequestId: CCCC-3333 Status Code: 404 Code: Forbidden.AliasNotFound',
      '2026/11/20 10:00:04 kms: decrypt failed: ErrorCode: Rejected.Disabled',
    ].join('\n');
    assert.deepEqual(
      high(text).map((f) => [f.code, f.record.requestId, f.record.httpStatus, f.record.timestamp]),
      [
        ['Forbidden.AliasNotFound', 'CCCC-3333', 404, Date.UTC(2026, 10, 20, 10, 0, 3)],
        ['Rejected.Disabled', null, null, Date.UTC(2026, 10, 20, 10, 0, 4)],
      ],
    );
  });

  it('ends a log line before an XML error body that follows it', () => {
    const text = [
      '2026-11-20T10:01:01Z ERROR upload failed: {"Code":"Forbidden.NoPermission","HostId":"bucket.oss-cn-hangzhou.aliyuncs.com","RequestId":"OSS-1"}',
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<Error>',
      '  <RequestId>E2B3-0001</RequestId>',
      '  <HostId>kms.cn-hangzhou.aliyuncs.com</HostId>',
      '  <Code>IllegalTimestamp</Code>',
      '</Error>',
    ].join('\n');
    assert.deepEqual(
      scanText(text, catalog).map((f) => [f.code, f.confidence, f.record.requestId]),
      [
        ['Forbidden.NoPermission', 'low', 'OSS-1'],
        ['IllegalTimestamp', 'high', 'E2B3-0001'],
      ],
    );
  });

  it('ends a Java exception record with its stack frames', () => {
    const text = [
      '2026-11-20 10:05:00.123 [exec-1] ERROR c.e.KmsService - decrypt failed',
      'com.aliyun.tea.TeaException: code: 409, The key state is Disabled. request id: 7D2E-BB Rejected.Disabled',
      '\tat com.aliyun.teaopenapi.Client.doRPCRequest(Client.java:420)',
      'Caused by: java.io.IOException: ErrorCode: Rejected.Disabled',
      '\t... 3 more',
      'ErrorCode: Forbidden.KeyNotFound Message: The specified Key is not found.',
    ].join('\n');
    assert.deepEqual(
      high(text).map((f) => [f.code, f.record.requestId, f.record.httpStatus]),
      [
        ['Rejected.Disabled', '7D2E-BB', 409],
        ['Rejected.Disabled', '7D2E-BB', 409],
        ['Forbidden.KeyNotFound', null, null],
      ],
    );
  });

  it('reads each row of an error table on its own', () => {
    const text =
      '<Error><RequestId>E2B3-0001</RequestId><Code>IllegalTimestamp</Code></Error>\n|HttpCode|Code|\n|400|InvalidParameter|\n|409|Rejected.ResourceExist|\n|429|Rejected.Throttling|\nKms';
    assert.deepEqual(
      high(text).map((f) => [f.code, f.record.httpStatus, f.record.requestId]),
      [
        ['IllegalTimestamp', null, 'E2B3-0001'],
        ['InvalidParameter', 400, null],
        ['Rejected.ResourceExist', 409, null],
        ['Rejected.Throttling', 429, null],
      ],
    );
  });

  it('survives pathological input: long lines, no newlines, many near-miss tokens', { timeout: 20000 }, () => {
    const long = `${'Forbidden.'.repeat(200000)}KeyNotFound ${'x'.repeat(2_000_000)} Rejected.Disabled`;
    assert.deepEqual(codes(long), ['Rejected.Disabled']);
    const noisy = 'RequestId: '.repeat(100000) + 'ErrorCode: Rejected.Disabled';
    assert.deepEqual(codes(noisy), ['Rejected.Disabled']);
  });
});

function streamFindings(text: string, size: number): Finding[] {
  const found: Finding[] = [];
  const scanner = new StreamScanner(catalog, (f) => found.push(f), { chunkSize: size });
  for (let i = 0; i < text.length; i += size) scanner.push(text.slice(i, i + size));
  scanner.end();
  return found;
}

function summary(f: Finding) {
  return `${f.code}@${f.range.start.line}:${f.range.start.character}-${f.range.end.character} ${f.confidence} ${f.record.requestId} ${f.record.httpStatus}`;
}

describe('scans side by side', () => {
  it('find what each finds alone when two scans of long lines take turns in one process', () => {
    // Long lines use what the scan learnt of them for the next tokens; each scan keeps that to itself.
    const tea = (rid: string) =>
      `SDKError: Code: Forbidden.NoPermission Message: code: 403, forbidden. request id: ${rid} Data: {"Code":"Forbidden.NoPermission"} `;
    const texts = [
      tea('R-1').repeat(400),
      `${'<Error><Code>Rejected.Disabled</Code><RequestId>R-2</RequestId></Error>'.repeat(600)}`,
    ];
    const found: Finding[][] = [[], []];
    const scanners = found.map((list) => new StreamScanner(catalog, (f) => list.push(f), { chunkSize: 20_000 }));
    for (let at = 0; at < Math.max(...texts.map((t) => t.length)); at += 9_000)
      texts.forEach((text, i) => scanners[i]?.push(text.slice(at, at + 9_000)));
    for (const scanner of scanners) scanner.end();
    assert.ok((found[0]?.length ?? 0) >= 400 && (found[1]?.length ?? 0) >= 600, 'every record found');
    texts.forEach((text, i) => assert.deepEqual(found[i], scanText(text, catalog), `text ${i}`));
  });
});
