import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runInProcess } from '../support/run';

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kms-diagnosis-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

// A Go Tea SDKError as the runtime prints it, inside a log line, naming API, key ARN and endpoint.
const TEA_LOG = [
  '2026-11-20T08:00:00Z ERROR decrypt failed: SDKError:',
  '   StatusCode: 403',
  '   Code: Forbidden.NoPermission',
  '   Message: code: 403, This operation for acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8 is forbidden by permission system. request id: 9A5A3C4B-1D2E-4F00-8A7B-0C1D2E3F4A5B',
  '   Data: {"Code":"Forbidden.NoPermission","HostId":"kms.cn-beijing.aliyuncs.com","Action":"Decrypt","RequestId":"9A5A3C4B-1D2E-4F00-8A7B-0C1D2E3F4A5B"}',
  '',
].join('\n');

interface Diagnosis {
  causes: Array<{ id: string; text: string; evidence: Record<string, string> }>;
  fixes: Array<{ kind: string; title: string; text: string; note?: string }>;
}

describe('diagnosis in the CLI', () => {
  it('scan --format json adds the diagnosis to findings whose record says more than the code', async () => {
    const log = path.join(dir, 'tea.log');
    writeFileSync(log, `${TEA_LOG}2026-11-20T08:00:01Z ERROR ErrorCode: Forbidden.KeyNotFound\n`);
    const result = await runInProcess(['scan', log, '--format', 'json']);
    const findings = JSON.parse(result.stdout).findings as Array<{ code: string; diagnosis?: Diagnosis }>;
    const denied = findings.find((f) => f.code === 'Forbidden.NoPermission')!;
    assert.deepEqual(
      denied.diagnosis?.causes.map((c) => c.id),
      ['region-mismatch'],
    );
    assert.deepEqual(
      denied.diagnosis?.fixes.map((f) => f.kind),
      ['ram-policy', 'console-url'],
    );
    const policy = JSON.parse(denied.diagnosis!.fixes[0]!.text);
    assert.deepEqual(policy.Statement[0].Action, ['kms:Decrypt']);
    // Nothing in the record beyond the code: no diagnosis field at all (the pinned shape stays).
    const bare = findings.find((f) => f.code === 'Forbidden.KeyNotFound')!;
    assert.equal('diagnosis' in bare, false);
  });

  it('scan --format sarif carries causes and fixes in result properties', async () => {
    const log = path.join(dir, 'sarif.log');
    writeFileSync(log, TEA_LOG);
    const result = await runInProcess(['scan', log, '--format', 'sarif']);
    const sarif = JSON.parse(result.stdout);
    const properties = sarif.runs[0].results[0].properties;
    assert.deepEqual(
      properties.fixes.map((f: { kind: string }) => f.kind),
      ['ram-policy', 'console-url'],
    );
    assert.equal(properties.causes[0].id, 'region-mismatch');
  });

  it('decode prints Likely cause and Fix after the record and before the generic advice', async () => {
    const text = await runInProcess(['decode', '-'], { input: TEA_LOG });
    assert.equal(text.code, 0);
    const cause = text.stdout.indexOf('Likely cause:');
    const fix = text.stdout.indexOf('Fix:');
    const meaning = text.stdout.indexOf('What it means:');
    assert.ok(cause > 0 && cause < fix && fix < meaning, text.stdout);
    assert.match(text.stdout, /https:\/\/kms\.console\.aliyun\.com\/cn-shanghai\/key\/detail\/key-shh65f3c6d4pxy9b8/);
    const json = await runInProcess(['decode', '-', '--format', 'json'], { input: TEA_LOG });
    const decoded = JSON.parse(json.stdout) as { code: string; diagnosis: Diagnosis };
    assert.equal(decoded.code, 'Forbidden.NoPermission');
    assert.deepEqual(decoded.diagnosis.causes[0]!.evidence, {
      endpoint: 'kms.cn-beijing.aliyuncs.com',
      endpointRegion: 'cn-beijing',
      arn: 'acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8',
      arnRegion: 'cn-shanghai',
    });
  });

  it('explain prints the fixes a code alone allows, in the chosen language', async () => {
    const text = await runInProcess(['explain', 'Rejected.Disabled']);
    assert.match(text.stdout, /Likely cause:\n {2}- \[key-state\] The key is Disabled\./);
    assert.match(text.stdout, /aliyun kms EnableKey --KeyId '<KeyId>' --region '<region-id>'/);
    const zh = await runInProcess(['explain', 'Rejected.Throttling', '--lang', 'zh-TW']);
    assert.match(
      zh.stdout,
      /修正:\n {2}重試設定（各語言 SDK）:\n {4}Go: +&util\.RuntimeOptions\{Autoretry: tea\.Bool\(true\)/,
    );
    const json = JSON.parse((await runInProcess(['explain', 'Rejected.Throttling', '--format', 'json'])).stdout);
    assert.deepEqual(
      json.diagnosis.fixes.map((f: { kind: string }) => f.kind),
      ['sdk-config'],
    );
  });

  it('never carries hostile record values into fixes', async () => {
    const log = path.join(dir, 'hostile.log');
    writeFileSync(
      log,
      `{"Code":"Rejected.Disabled","KeyId":"abc'; rm -rf ~","AliasName":"alias/<script>alert(1)</script>","RequestId":"1F2E3D4C"}\n`,
    );
    const result = await runInProcess(['scan', log, '--format', 'json']);
    const finding = JSON.parse(result.stdout).findings[0] as { diagnosis: Diagnosis };
    const fixes = JSON.stringify(finding.diagnosis.fixes);
    assert.ok(!fixes.includes('rm -rf') && !fixes.includes('<script'), fixes);
    assert.match(finding.diagnosis.fixes[0]!.text, /aliyun kms EnableKey --KeyId '<KeyId>'/);
  });
});
