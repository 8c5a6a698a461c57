import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { decode } from '../../server/src/core/decoder/decoder';
import type { DecodeResult } from '../../server/src/core/decoder/types';
import { scanText } from '../../server/src/core/scanner/scan';
import { StreamScanner, type ScanOptions } from '../../server/src/core/scanner/streamScanner';
import type { Finding } from '../../server/src/core/scanner/types';
import { decodeViolations, scanViolations } from '../fuzz/invariants';

/*
 * Inputs that once threw, took seconds or returned what the input does not say, reported in
 * issue 9 or found by the fuzzer (`npm run fuzz`, seed 1, input numbers below). Bounds in
 * milliseconds of CPU time are generous guards against an order of growth, not speed claims.
 */
const catalog = builtinCatalog();

/** Runs `run` and checks the CPU time it took (a busy machine stretches wall-clock time, not this). */
function within<T>(ms: number, label: string, run: () => T): T {
  const started = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(started);
  const took = (used.user + used.system) / 1000;
  assert.ok(took < ms, `${label} took ${took.toFixed(0)} ms of CPU time`);
  return result;
}

/** The findings of `text` pushed in pieces of `piece` characters into a streaming scanner. */
function streamedScan(text: string, piece: number, options: ScanOptions): Finding[] {
  const streamed: Finding[] = [];
  const scanner = new StreamScanner(catalog, (f) => streamed.push(f), options);
  for (let at = 0; at < text.length; at += piece) scanner.push(text.slice(at, at + piece));
  scanner.end();
  return streamed;
}

function decoded(text: string): DecodeResult {
  const outcome = decode(text, catalog);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.error.reason);
  return outcome.result;
}

describe('inputs that threw', () => {
  it('scans 300,000 lone CR line ends and keeps every finding on its line', () => {
    const lines = Array.from({ length: 300_000 }, (_, i) =>
      i % 1000 === 0 ? `Code: Forbidden.KeyNotFound ${i}` : 'x',
    );
    const text = lines.join('\r');
    const findings = within(5000, 'scan', () => scanText(text, catalog));
    assert.equal(findings.length, 300);
    assert.deepEqual(
      findings.slice(0, 3).map((f) => f.range.start.line),
      [0, 1000, 2000],
    );
    assert.deepEqual(scanViolations(text, findings, catalog), []);
  });

  it('decodes the same text without throwing', () => {
    const text = `Forbidden.KeyNotFound\r${'x\r'.repeat(300_000)}`;
    assert.equal(decoded(text).code, 'Forbidden.KeyNotFound');
  });
});

describe('inputs that took seconds', () => {
  it('decodes a 1 MB single line in one pass, however many formats it tries', () => {
    // `Code: x` is no code (lower case); the catalog code at the very end is found in one pass.
    const text = `${'word Code: x {"a": 1} '.repeat(45_000)} Forbidden.KeyNotFound`;
    const result = within(3000, 'decode', () => decoded(text));
    assert.equal(result.code, 'Forbidden.KeyNotFound');
  });

  it('decodes a line of repeated SDK shapes (python-tea, dotnet-core) in one pass', () => {
    within(3000, 'python-tea run', () => decode('Error: A '.repeat(100_000), catalog));
    within(3000, 'dotnet-core run', () => decode('a : '.repeat(250_000), catalog));
  });

  it('scans a long line of repeated errors block by block (scan #208, #1835: a 5 MB line took 9 s)', () => {
    const text = 'RequestId: R-0001 Code: Forbidden.KeyNotFound Message: gone. '.repeat(5000);
    const findings = within(3000, 'scan', () => scanText(text, catalog));
    assert.equal(findings.length, 5000);
    assert.deepEqual(scanViolations(text, findings, catalog), []);
    // Blocks are cut on a grid of the whole input, so a scan in chunks reads the same records.
    assert.deepEqual(streamedScan(text, 7777, { chunkSize: 20_000 }), findings);
  });

  it('scans a line of repeated Tea errors with shared block matches (scan #84126 and nine more took over 1 s)', () => {
    // The shape of #84126: a Tea error with its code, status and message, repeated on one line.
    const unit =
      '- Run `kubectl get externalsecrets -nteam-b team-b-bad -oyaml` and check the `status` field:   ```yaml   ' +
      'client namespace/team-b/team-b get data error SDKError:            StatusCode: 403            ' +
      'Code: Forbidden.NoPermission            Message: code: 403, This operation for acs:kms:cn-hangzhou:xxxxx:secret/team-a ' +
      'is forbidden by permission system. request id: ...   ```';
    const count = Math.ceil(1_000_000 / unit.length);
    const text = unit.repeat(count);
    // Each block of the line used to match every pattern on its own 7 KB again; a reading of the
    // line that grew with the square of its length would take minutes.
    const findings = within(3000, 'scan', () => scanText(text, catalog));
    assert.equal(findings.filter((f) => f.code === 'Forbidden.NoPermission').length, count);
    assert.deepEqual(scanViolations(text, findings, catalog), []);
    assert.deepEqual(streamedScan(text, 33_333, { chunkSize: 50_000 }), findings);
  });

  it('reads a Tea message followed by a long run of spaces once (scan #76099: 32 KB took 460 ms)', () => {
    // Each `code: 404,` opens a message of up to 2,000 characters, which ends at its `request id:`
    // label. Without one, the pattern that looked for it read the run of spaces again from each space.
    const message = 'Tea.TeaException: code: 404, The specified Key is not found.';
    const unlabelled = `${message}${'\u3000'.repeat(1990)}x\n`.repeat(1000);
    const none = within(1000, 'scan', () => scanText(unlabelled, catalog));
    assert.deepEqual(none, []);
    const labelled = `${message}${'\u3000'.repeat(1900)} request id: 0AB1C2D3-E4F5\n`.repeat(200);
    const findings = within(1000, 'scan', () => scanText(labelled, catalog));
    assert.equal(findings.filter((f) => f.confidence === 'inferred' && f.code === 'Forbidden.KeyNotFound').length, 200);
    assert.deepEqual(scanViolations(labelled, findings, catalog), []);
  });

  // Single lines of 3 to 10 MB made of one record repeated took over 1 s each; these are their
  // records, repeated to 1 MB. Per record they cost a bounded amount, however long the line.
  const repeatedRecords: ReadonlyArray<readonly [string, string, (count: number, findings: Finding[]) => void]> = [
    [
      'scan #87520: a Terraform error with its gutter and colours',
      '\u001b[31m│\u001b[0m \u001b[1m\u001b[31mError: \u001b[0m\u001b[0m\u001b[1m[ERROR] terraform-provider-alicloud/alicloud/resource_alicloud_kms_key.go:168: ' +
        'Resource alicloud_kms_key CreateKey Failed!!! [SDK alibaba-cloud-sdk-go ERROR]: \u001b[31m│\u001b[0m SDKError: \u001b[31m│\u001b[0m    ' +
        'StatusCode: 403 \u001b[31\ufeffm│\u001b[0m    Code: Forbidden.DKMSInstanceNotFound \u001b[31m│\u001b[0m    Message: code: 403, ' +
        'The specified DKMS Instance is not found. request id: 4A5B6C7D-8E9F-4A0B-9C1D-2E3F4A5B6C7D \u001b[31m│\u001b[0m    ' +
        'Data: {"Code":"Forbidden.DKMSInstanceNotFound","HostId":"kms.cn-hangzhou.aliyuncs.com","Message":"The specified DKMS Instance is not found.",' +
        '"RequestId":"4A5B6C7D-8E9F-4A0B-9C1D-2E3F4A5B6C7D"} \u001b[31m│\u001b[0m',
      // One RequestId throughout: neighbouring records merge, and each code token is a finding or related to one.
      (count, findings) =>
        assert.equal(
          findings.reduce((n, f) => n + 1 + (f.related?.length ?? 0), 0),
          2 * count,
        ),
    ],
    [
      'scan #11639: an XML error body',
      '<KMS>      <HttpStatus>400</HttpStatus>      <Code>IllegalTimestamp</Code>      <Message>The input parameter "Timestamp" ' +
        'that is mandatory for processing this request iResponse: {Duplicate.TagKeys not supplied.</Message>      ' +
        '<RequestId>3b237773-bc2c-4bea-95fc-319a1a5baa68</RequestId> </KMS>',
      (count, findings) => assert.equal(findings.filter((f) => f.code === 'IllegalTimestamp').length, count),
    ],
    [
      'scan #10334: a Java core SDK exception naming com.aliyuncs',
      'com.aliyuncs.exceptions;requestId:Unauthorized.ClientException: Forbidden.NoPermission : This operation for ' +
        'acs:kms:ap-southeast-5:1234567890:key/fd3c46b8-xxxx-xxxx-xxxx-6e659a8217d4 is forbidden by permission system. ' +
        'RequestId : D1E2F3A4-B5C6-4D7E-8F90-A1B2C3D4E5F6 \tat com.aliyuncs.DefaultAcsClient.parseAcsResponse(DefaultAcsClient.java:190)',
      (count, findings) => assert.equal(findings.filter((f) => f.code === 'Forbidden.NoPermission').length, count),
    ],
    [
      'scan #47650: a Go constant block',
      'const ( \tREJECTED_THROTTLING           = "Reje<!DOCTYPE e SYSTEM "file:///etc/passwd">cted.Throttling" ' +
        '\tSERVICE_UNAVAILABLE_TEMPORARY = "ServiceUnavailableTemporary" \tINTERNAL_FAILURE              = "InternalFailure" )',
      (count, findings) => assert.equal(findings.length, 2 * count),
    ],
  ];
  for (const [name, record, check] of repeatedRecords) {
    it(`scans a 1 MB line of one record repeated (${name})`, () => {
      const count = Math.ceil(1_000_000 / record.length);
      const text = record.repeat(count);
      const findings = within(3000, 'scan', () => scanText(text, catalog, { previews: true }));
      check(count, findings);
      assert.deepEqual(scanViolations(text, findings, catalog), []);
      // Read in rounds of 50,000 characters, the line gives the same records and findings.
      const streamed = streamedScan(text, 50_000, { chunkSize: 50_000, previews: true });
      assert.equal(streamed.length, findings.length);
      assert.deepEqual(streamed, findings);
    });
  }

  it('decodes XML nested 20,000 deep without the XML parser (decode #1224 took 270 ms)', () => {
    const text = `${'<a>'.repeat(20_000)}<Code>Forbidden.KeyNotFound</Code><RequestId>R-1234</RequestId>`;
    const result = within(1000, 'decode', () => decoded(text));
    assert.equal(result.code, 'Forbidden.KeyNotFound');
    assert.equal(result.requestId, 'R-1234');
  });
});

describe('decoded values the input did not show', () => {
  it('removes terminal colours once, so a broken escape does not join a code', () => {
    const text = 'Code: Forbidden.Key\u001b[\u001b[0mmNotFound RequestId: R-1234';
    const outcome = decode(text, catalog);
    assert.ok(!outcome.ok || outcome.result.code !== 'Forbidden.KeyNotFound');
    assert.deepEqual(decodeViolations(text, outcome), []);
  });

  for (const [name, code] of [
    ['a line end', 'Forbidden.\nKeyNotFound'],
    ['markup', '&lt;b&gt;Forbidden.KeyNotFound&lt;/b&gt;'],
    ['a lone surrogate', 'Forbidden.KeyNotFound&#xD800;'],
    ['an entity for a letter', '&#x46;orbidden.KeyNotFound'],
  ]) {
    it(`does not take XML element text holding ${name} for a code`, () => {
      const text = `<Error><Code>${code}</Code><RequestId>R-1234</RequestId></Error>`;
      const result = decoded(text);
      assert.equal(result.code, null);
      assert.deepEqual(decodeViolations(text, { ok: true, result }), []);
    });
  }

  it('marks a code recognised from the message as inferred when the written one is not a token', () => {
    const result = decoded(
      '<Error><Code>Forbidden.&#xD800;</Code><Message>The specified Key is not found.</Message><RequestId>R-1234</RequestId></Error>',
    );
    assert.equal(result.code, 'Forbidden.KeyNotFound');
    assert.equal(result.codeInferred, true);
  });

  it('does not return a RequestId the input spells only through escapes or across lines', () => {
    assert.equal(decoded('{"Code":"Forbidden.KeyNotFound","RequestId":"R\\u002d1234"}').requestId, null);
    assert.equal(decoded('{"Code":"Forbidden.KeyNotFound","RequestId":"R-1\\n234"}').requestId, null);
    assert.equal(decoded('{"Code":"Forbidden.KeyNotFound","RequestId":"R-1234"}').requestId, 'R-1234');
  });

  // A JSON log line whose "error" value is a whole escaped SDK.ServerError block, broken by a mutation.
  const logLine = (requestId: string, after: string) =>
    '{"level":"error","msg":"failed to get secret value from kms","key":"XYZ","error":"SDK.ServerError\\nErrorCode: ' +
    `Rejected.Throttling\\nRecommend: \\nRequestId: ${requestId}${after}"}`;

  for (const [input, after] of [
    [56078, '\\404, Resource not found request id: A8E2B3C4-D5E6-47F8-9A0B-1C2D3E4F5A6BnMessage: QPS Limit Exceeded'],
    [9015, `\\${'Message:'.repeat(20)}`],
    [52240, '\\60-b7fnMessage: QPS Limit Exceeded'],
  ] as const) {
    it(`ends a RequestId at a backslash that is no JSON escape (decode #${input})`, () => {
      const id = '2158b760-07bd-4a60-b7f7-b680f1517e9a';
      const text = logLine(id, after);
      const result = decoded(text);
      assert.equal(result.code, 'Rejected.Throttling');
      assert.equal(result.requestId, id);
      assert.deepEqual(decodeViolations(text, { ok: true, result }), []);
    });
  }

  it('does not join an id split by a colour spelled as a JSON escape (decode #97292)', () => {
    const text = `\uFEFF${logLine('2158b760-07bd-4a60-b7\\u001b[31mf7-b680f1517e9a', '\\nMessage: QPS Limit Exceeded')}`;
    const result = decoded(text);
    assert.equal(result.code, 'Rejected.Throttling');
    assert.equal(result.message, 'QPS Limit Exceeded');
    assert.equal(result.requestId, null);
    assert.deepEqual(decodeViolations(text, { ok: true, result }), []);
  });

  it('still reads the colours and escapes an escaped block really has', () => {
    const text = logLine('\\u001b[31m2158b760-07bd-4a60-b7f7-b680f1517e9a\\u001b[0m', '\\nMessage: QPS Limit Exceeded');
    const result = decoded(text);
    assert.equal(result.requestId, '2158b760-07bd-4a60-b7f7-b680f1517e9a');
    assert.equal(result.message, 'QPS Limit Exceeded');
  });
});

describe('fuzz invariants', () => {
  // The checks the fuzzer relies on must see a broken result, or the fuzzer could pass by accident.
  it('catch findings that do not match the text', () => {
    const text = 'x\rCode: Forbidden.KeyNotFound';
    const [finding] = scanText(text, catalog);
    assert.ok(finding);
    assert.deepEqual(scanViolations(text, [finding], catalog), []);
    const shifted = { ...finding, offset: finding.offset + 1 };
    assert.ok(scanViolations(text, [shifted], catalog).length > 0);
    const wrongLine = { ...finding, range: { ...finding.range, start: { line: 0, character: 8 } } };
    assert.ok(scanViolations(text, [wrongLine], catalog).length > 0);
    assert.ok(scanViolations(text, [finding, finding], catalog).length > 0);
  });

  it('catch decoded codes and RequestIds that the input does not show', () => {
    const result = decoded('Code: Forbidden.KeyNotFound RequestId: R-1234');
    assert.deepEqual(decodeViolations('Code: Forbidden.KeyNotFound RequestId: R-1234', { ok: true, result }), []);
    assert.ok(decodeViolations('Code: Forbidden.Key\nNotFound', { ok: true, result }).length > 0);
    assert.ok(decodeViolations('Code: Forbidden.KeyNotFound', { ok: true, result }).length > 0);
  });
});
