import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import Ajv2020 from 'ajv/dist/2020';
import { loadCorpus, KNOWN_DISAGREEMENTS, precisionRecall } from '../support/corpus';
import { FIXTURES, ROOT } from '../support/paths';
import { runInProcess } from '../support/run';
import { present } from '../support/assertions';

let dir: string;
const file = (name: string, content: string | Buffer) => {
  const full = path.join(dir, name);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
  return full;
};

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'kms-cli-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface JsonFinding {
  path: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code: string;
  token: string;
  confidence: string;
  httpStatus: number | null;
  requestId: string | null;
  message: string | null;
}

describe('kms-diagnose scan', () => {
  it('prints the JSON report in exactly the documented shape', async () => {
    const log = file(
      'one.log',
      '2026-11-20T08:00:00Z ERROR ErrorCode: Forbidden.KeyNotFound RequestId: 4C467B38-3910\n',
    );
    const result = await runInProcess(['scan', log, '--format', 'json']);
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(report), ['version', 'findings', 'summary']);
    assert.deepEqual(report, {
      version: 1,
      findings: [
        {
          path: log,
          range: { start: { line: 0, character: 38 }, end: { line: 0, character: 59 } },
          code: 'Forbidden.KeyNotFound',
          token: 'Forbidden.KeyNotFound',
          confidence: 'high',
          httpStatus: 404,
          requestId: '4C467B38-3910',
          message: null,
          related: [],
        },
      ],
      summary: { files: 1, findings: 1, byCode: { 'Forbidden.KeyNotFound': 1 } },
    });
  });

  it('reports a Tea error record once, with its other mentions as related locations, and inferred findings as such', async () => {
    const rid = '3C2B1A0F-5E6D';
    const log = file(
      'tea.log',
      [
        '2026-11-20T08:00:00Z ERROR SDKError:',
        '   StatusCode: 404',
        '   Code: Forbidden.AliasNotFound',
        `   Message: code: 404, The specified Alias is not found. request id: ${rid}`,
        `   Data: {"Code":"Forbidden.AliasNotFound","HttpStatus":404,"Recommend":"https://api.aliyun.com/troubleshoot?q=Forbidden.AliasNotFound&product=Kms&requestId=${rid}","RequestId":"${rid}"}`,
        '2026-11-20T08:00:01Z ERROR com.aliyun.tea.TeaException: code: 404, The specified Key is not found. request id: 0AB1-C2D3',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await runInProcess(['scan', log, '--format', 'json'])).stdout);
    assert.deepEqual(
      json.findings.map((f: JsonFinding & { related: unknown[]; inferredFrom?: string }) => [
        f.code,
        f.confidence,
        f.range.start.line,
        f.related.length,
        f.inferredFrom ?? null,
      ]),
      [
        ['Forbidden.AliasNotFound', 'high', 2, 2, null],
        ['Forbidden.KeyNotFound', 'inferred', 5, 0, 'The specified Key is not found.'],
      ],
    );
    assert.deepEqual(json.summary.byCode, { 'Forbidden.AliasNotFound': 1, 'Forbidden.KeyNotFound': 1 });
    const sarif = JSON.parse((await runInProcess(['scan', log, '--format', 'sarif'])).stdout);
    const [first, second] = sarif.runs[0].results;
    assert.deepEqual(
      first.relatedLocations.map(
        (l: { physicalLocation: { region: { startLine: number } } }) => l.physicalLocation.region.startLine,
      ),
      [5, 5],
    );
    assert.equal(second.properties.confidence, 'inferred');
    assert.equal(second.properties.inferredFrom, 'The specified Key is not found.');
    const text = (await runInProcess(['scan', log])).stdout;
    assert.match(
      text,
      /inferred: the text has no error code; recognised from the documented message "The specified Key is not found\."/,
    );
  });

  it('prints compiler-style text lines and exits 0 when nothing is found', async () => {
    const log = file('text.log', 'all fine\nsee Rejected.Disabled here\n');
    const found = await runInProcess(['scan', log]);
    assert.equal(found.code, 1);
    assert.match(
      found.stdout,
      new RegExp(`^${log.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:5  Rejected\\.Disabled  409 Conflict  \\S`),
    );
    assert.ok(!found.stdout.includes('\u001b['), 'no colours when not on a TTY');
    const clean = await runInProcess(['scan', file('clean.log', 'nothing to see\n')]);
    assert.equal(clean.code, 0);
    assert.equal(clean.stdout, '');
  });

  it('walks directories with include and exclude globs, skipping binaries and dependencies', async () => {
    file('tree/app.log', 'ErrorCode: Rejected.PendingImport\n');
    file('tree/sub/worker.txt', 'ErrorCode: Rejected.Disabled\n');
    file('tree/node_modules/dep/x.log', 'ErrorCode: Forbidden.KeyNotFound\n');
    file('tree/image.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0x52, 0x65]));
    const all = await runInProcess(['scan', path.join(dir, 'tree'), '--format', 'json']);
    const codes = (JSON.parse(all.stdout).findings as JsonFinding[]).map((f) => f.code).sort();
    assert.deepEqual(codes, ['Rejected.Disabled', 'Rejected.PendingImport']);
    const logsOnly = await runInProcess(['scan', path.join(dir, 'tree'), '--include', '*.log', '--format', 'json']);
    assert.deepEqual(
      (JSON.parse(logsOnly.stdout).findings as JsonFinding[]).map((f) => f.code),
      ['Rejected.PendingImport'],
    );
    const excluded = await runInProcess(['scan', path.join(dir, 'tree'), '--exclude', 'sub/**', '--format', 'json']);
    assert.deepEqual(
      (JSON.parse(excluded.stdout).findings as JsonFinding[]).map((f) => f.code),
      ['Rejected.PendingImport'],
    );
  });

  it('does not follow symbolic links to directories', async () => {
    file('loop/a.log', 'ErrorCode: Rejected.Disabled\n');
    symlinkSync(path.join(dir, 'loop'), path.join(dir, 'loop', 'self'));
    const result = await runInProcess(['scan', path.join(dir, 'loop'), '--format', 'json']);
    assert.equal(JSON.parse(result.stdout).summary.findings, 1);
  });

  it('reads stdin and gzip-compressed logs', async () => {
    const stdin = await runInProcess(['scan', '-', '--format', 'json'], { input: 'x\nErrorCode: Rejected.Disabled\n' });
    assert.equal(JSON.parse(stdin.stdout).findings[0].path, '-');
    const gz = file('old.log.gz', gzipSync('line\nErrorCode: Forbidden.AliasNotFound\n'));
    const fromGz = await runInProcess(['scan', gz, '--format', 'json']);
    assert.deepEqual(
      (JSON.parse(fromGz.stdout).findings as JsonFinding[]).map((f) => [f.code, f.range.start.line]),
      [['Forbidden.AliasNotFound', 1]],
    );
  });

  it('skips a binary file with a note, and exits 2: something was not scanned', async () => {
    const bin = file('blob.dat', Buffer.from('Forbidden.KeyNotFound\u0000\u0001\u0002'));
    const result = await runInProcess(['scan', bin]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /blob\.dat: binary file skipped/);
  });

  it('exits 2 with a clear message for a missing file and bad options', async () => {
    const missing = await runInProcess(['scan', path.join(dir, 'nope.log')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.log: no such file or directory/);
    const badFormat = await runInProcess(['scan', '--format', 'yaml', dir]);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format must be one of text, json, sarif, csv/);
    const badFlag = await runInProcess(['scan', '--frobnicate']);
    assert.equal(badFlag.code, 2);
    assert.ok(!/\n\s+at /.test(badFlag.stderr), 'no stack trace');
  });

  it('reports generic codes without KMS context only when asked, and fails on them only when asked', async () => {
    const log = file('generic.log', 'ErrorCode: InvalidParameter\n');
    const quiet = await runInProcess(['scan', log, '--format', 'json']);
    assert.equal(quiet.code, 0);
    assert.equal(JSON.parse(quiet.stdout).findings.length, 0);
    const low = await runInProcess(['scan', log, '--format', 'json', '--confidence', 'low']);
    assert.equal(low.code, 1);
    assert.equal(JSON.parse(low.stdout).findings[0].confidence, 'low');
    const highOnly = await runInProcess(['scan', log, '--confidence', 'low', '--fail-on', 'high']);
    assert.equal(highOnly.code, 0);
    const never = await runInProcess(['scan', file('k.log', 'Rejected.Disabled\n'), '--fail-on', 'none']);
    assert.equal(never.code, 0);
  });

  it('writes SARIF 2.1.0 that validates against the SARIF schema', async () => {
    const log = file(
      'sarif/app.log',
      '🔥 ErrorCode: Rejected.Throttling RequestId: 2158b760-07bd\nErrorCode: Forbidden.KeyNotFound\n',
    );
    const result = await runInProcess(['scan', path.join(dir, 'sarif'), '--format', 'sarif'], { cwd: dir });
    const sarif = JSON.parse(result.stdout);
    const schemaPath = path.join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'sarif-2.1.0.json');
    const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(
      JSON.parse(readFileSync(schemaPath, 'utf8')),
    );
    assert.equal(validate(sarif), true, JSON.stringify(validate.errors));
    const run = sarif.runs[0];
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.deepEqual(
      run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level]),
      [
        ['Rejected.Throttling', 'warning'],
        ['Forbidden.KeyNotFound', 'error'],
      ],
    );
    assert.equal(run.results[0].locations[0].physicalLocation.region.startColumn, 15, '🔥 counts two code units');
    assert.equal(
      run.results[0].locations[0].physicalLocation.artifactLocation.uri,
      path.relative(dir, log).split(path.sep).join('/'),
    );
    // The SARIF SDK's own validator, as GitHub code scanning users run it.
    const sarifFile = file('report.sarif', result.stdout);
    const multitool = path.join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool', 'bin.js');
    const checked = spawnSync(process.execPath, [multitool, 'validate', sarifFile], { encoding: 'utf8' });
    assert.equal(checked.status, 0, checked.stdout + checked.stderr);
    assert.doesNotMatch(checked.stdout, /: error /, checked.stdout);
  });

  it('writes CSV with formula cells defused', async () => {
    const log = file('csv.log', 'ErrorCode: Rejected.Disabled Message: =HYPERLINK("x") RequestId: ABCD-1234\n');
    const result = await runInProcess(['scan', log, '--format', 'csv']);
    const [header, row] = result.stdout.trim().split('\r\n');
    assert.equal(header, 'path,line,column,code,token,confidence,httpStatus,requestId,message,timestamp');
    assert.match(row ?? '', /,Rejected\.Disabled,Rejected\.Disabled,high,409,ABCD-1234,"'=HYPERLINK\(""x""\)",$/);
  });
});

describe('kms-diagnose scan on the public corpus', () => {
  it('reports exactly the labelled high-confidence codes (precision and recall at least 0.95)', async () => {
    const corpus = loadCorpus();
    const corpusDir = path.join(dir, 'corpus');
    mkdirSync(corpusDir);
    for (const entry of corpus) writeFileSync(path.join(corpusDir, `${entry.id}.txt`), entry.text);
    const result = await runInProcess(['scan', corpusDir, '--format', 'json']);
    const findings = JSON.parse(result.stdout).findings as JsonFinding[];
    const byEntry = new Map<string, string[]>();
    for (const f of findings) {
      const id = path.basename(f.path, '.txt');
      byEntry.set(id, [...(byEntry.get(id) ?? []), f.code]);
    }
    const results = corpus.map((e) => ({
      id: e.id,
      expected: e.expected_codes,
      found: [...new Set(byEntry.get(e.id) ?? [])],
    }));
    for (const r of results.filter((r) => !KNOWN_DISAGREEMENTS.has(r.id))) {
      assert.deepEqual([...r.found].sort(), [...r.expected].sort(), r.id);
    }
    const score = precisionRecall(results);
    assert.ok(score.precision >= 0.95 && score.recall >= 0.95, JSON.stringify(score));
  });
});

describe('kms-diagnose decode', () => {
  const samples = JSON.parse(readFileSync(path.join(FIXTURES, 'responses', 'samples.json'), 'utf8')) as Array<{
    name: string;
    text: string;
    expect: Record<string, unknown>;
  }>;

  it('gets the code, status and RequestId right on every sample', async () => {
    for (const sample of samples) {
      const result = await runInProcess(['decode', '-', '--format', 'json'], { input: sample.text });
      assert.equal(result.code, 0, `${sample.name}: ${result.stderr}`);
      const decoded = JSON.parse(result.stdout);
      for (const key of ['code', 'httpStatus', 'requestId'] as const) {
        if (key in sample.expect) assert.deepEqual(decoded[key], sample.expect[key], `${sample.name} ${key}`);
      }
    }
  });

  it('prints a readable summary with the remediation', async () => {
    const input = file(
      'resp.xml',
      present(
        samples.find((s) => s.name === 'pop-xml-cdata-recommend'),
        'sample',
      ).text,
    );
    const result = await runInProcess(['decode', input]);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Error {2}404 Not Found/);
    assert.match(result.stdout, /RequestId {3}B3311876-1111-2222-3333-444455556666/);
    assert.match(result.stdout, /What to do:\n {2}1\. /);
  });

  it('masks key material in text and JSON output unless --show-secrets', async () => {
    const input = '{"KeyId":"key-1","Plaintext":"QmFzZTY0IGRhdGEga2V5","RequestId":"2c0a5a5b-1111"}';
    const text = await runInProcess(['decode', '-'], { input });
    assert.equal(text.code, 0);
    assert.ok(!text.stdout.includes('QmFzZTY0IGRhdGEga2V5'));
    assert.match(text.stdout, /1 secret value\(s\) masked \(Plaintext\); --show-secrets shows them/);
    assert.match(text.stdout, /Format {6}JSON response/);
    const json = await runInProcess(['decode', '-', '--format', 'json'], { input });
    assert.ok(!json.stdout.includes('QmFzZTY0IGRhdGEga2V5'));
    assert.deepEqual(JSON.parse(json.stdout).maskedFields, ['Plaintext']);
    const shown = await runInProcess(['decode', '-', '--format', 'json', '--show-secrets'], { input });
    assert.equal(JSON.parse(shown.stdout).fields.Plaintext, 'QmFzZTY0IGRhdGEga2V5');
  });

  it('exits 2 with a one-line reason for text that is not a response', async () => {
    const result = await runInProcess(['decode', '-'], { input: 'just some words\n' });
    assert.equal(result.code, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /not a decodable response: .*expected an Alibaba Cloud API response/);
  });
});

describe('kms-diagnose explain', () => {
  const seed = JSON.parse(readFileSync(path.join(FIXTURES, 'seed-common-errors.json'), 'utf8')) as {
    rows: Array<{ code: string; httpStatus: number }>;
  };

  it('covers every code of the common error table with the right status', async () => {
    for (const row of seed.rows) {
      const result = await runInProcess(['explain', row.code, '--format', 'json']);
      assert.equal(result.code, 0, row.code);
      const x = JSON.parse(result.stdout);
      assert.equal(x.code, row.code);
      assert.equal(x.httpStatus, row.httpStatus, row.code);
      assert.ok(x.remediation.length >= 2);
    }
  });

  it('is case-insensitive, localised, and suggests codes for typos', async () => {
    const text = await runInProcess(['explain', 'forbidden.keynotfound', '--lang', 'zh-CN']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^Forbidden\.KeyNotFound {2}404 Not Found/);
    assert.match(text.stdout, /处理建议/);
    const typo = await runInProcess(['explain', 'Forbidden.KeyNotFond']);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /Did you mean Forbidden\.KeyNotFound\?/);
  });

  it('explains an alias as its canonical code', async () => {
    const result = await runInProcess(['explain', 'SerivceUnvailableTemporary']);
    assert.match(result.stdout, /^ServiceUnavailableTemporary {2}503 Service Unavailable/);
    assert.match(result.stdout, /misspelling/);
  });
});

describe('kms-diagnose with user catalogs', () => {
  it('adds codes from a user catalog and keeps working when one is broken', async () => {
    const good = file(
      'team-catalog.json',
      JSON.stringify({
        version: 1,
        name: 'team',
        codes: [
          {
            code: 'Team.KeyRotationLate',
            httpStatus: 409,
            message: 'rotation late',
            category: 'key-state',
            text: {
              en: { description: 'Our own rotation check failed.', remediation: ['Rotate the key.', 'Tell the team.'] },
            },
          },
        ],
      }),
    );
    const broken = file('broken-catalog.json', '{ "version": 1, "codes": [ ');
    const log = file('team.log', 'ErrorCode: Team.KeyRotationLate\nErrorCode: Rejected.Disabled\n');
    const result = await runInProcess(['scan', log, '--catalog', good, '--catalog', broken, '--format', 'json']);
    assert.equal(result.code, 1);
    assert.deepEqual(
      (JSON.parse(result.stdout).findings as JsonFinding[]).map((f) => f.code),
      ['Team.KeyRotationLate', 'Rejected.Disabled'],
    );
    assert.match(result.stderr, /broken-catalog\.json is invalid: not valid JSON/);
  });
});
