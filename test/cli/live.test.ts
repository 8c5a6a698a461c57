import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { arrival, runInProcess, startInProcess, type InProcessRun } from '../support/run';
import { ROOT } from '../support/paths';
import { loadCorpus } from '../support/corpus';

// Findings as they happen: stdin is scanned as it comes, each finding written once its record is
// complete, and the count at the end. In process, with a stdin the test writes to.

/** A log entry with a KMS error; `n` makes its RequestId. */
const record = (n: number, code = 'Forbidden.KeyNotFound') =>
  `2026-11-20T08:00:${String(n % 60).padStart(2, '0')}Z ERROR decrypt failed: ErrorCode: ${code} RequestId: ${String(n).padStart(8, '0')}-3910-447D-87BC-AC049166F216\n`;

const lines = (text: string) => text.split('\n').filter((line) => line !== '');

/** A run of `scan -` whose stdin the test writes to. */
function piped(args: string[]): InProcessRun & { stdin: PassThrough; finished: () => boolean } {
  const stdin = new PassThrough();
  const run = startInProcess(['scan', '-', ...args], { stdin });
  let finished = false;
  const end = () => (finished = true);
  run.done.then(end, end);
  return { ...run, stdin, finished: () => finished };
}

describe('scan - (a live pipe)', () => {
  for (const format of ['text', 'csv', 'jsonl'] as const) {
    it(
      `writes each ${format} finding while stdin stays open, and the count when it ends`,
      { timeout: 60_000 },
      async () => {
        const run = piped(['--format', format]);
        const header = format === 'csv' ? 1 : 0;
        for (let n = 1; n <= 3; n++) {
          run.stdin.write(record(n));
          await arrival(() => lines(run.out.text()).length === header + n);
          const expected = format === 'text' ? `-:${n}:` : `${String(n).padStart(8, '0')}-3910`;
          assert.ok(
            lines(run.out.text())[header + n - 1]?.includes(expected),
            `finding ${n} is the record just written`,
          );
          assert.equal(run.finished(), false, 'the scan goes on while stdin is open');
        }
        run.stdin.end();
        const result = await run.done;
        assert.equal(result.code, 1);
        const written = lines(result.stdout);
        if (format === 'jsonl') {
          assert.equal(written.length, 4);
          assert.deepEqual(JSON.parse(written[3] as string), {
            type: 'summary',
            files: 1,
            findings: 3,
            byCode: { 'Forbidden.KeyNotFound': 3 },
          });
        } else assert.equal(written.length, header + 3);
        if (format === 'text') assert.equal(result.stderr, '3 KMS error(s) in 1 file(s)\n');
      },
    );
  }

  it('gives a multi-line record whole, once the next log entry starts', { timeout: 60_000 }, async () => {
    const run = piped(['--format', 'jsonl']);
    run.stdin.write('2026-11-20 08:00:01 ERROR SDK.ServerError\nErrorCode: Rejected.Disabled\n');
    run.stdin.write('Message: The key is disabled.\nRequestId: 6F1E2D3C-AAAA-4BBB-8CCC-DDDDEEEEFFFF\n');
    run.stdin.write('2026-11-20 08:00:02 INFO next request\n');
    await arrival(() => lines(run.out.text()).length === 1);
    const finding = JSON.parse(lines(run.out.text())[0] as string);
    assert.equal(finding.code, 'Rejected.Disabled');
    assert.equal(
      finding.requestId,
      '6F1E2D3C-AAAA-4BBB-8CCC-DDDDEEEEFFFF',
      'the lines after the code are in its record',
    );
    assert.equal(finding.message, 'The key is disabled.');
    run.stdin.end();
    assert.equal((await run.done).code, 1);
  });

  it('puts --summary on stderr with jsonl, and gives the same findings as a file scan', async () => {
    const text = readFileSync(path.join(ROOT, 'examples', 'logs', 'app-service.log'), 'utf8');
    const stdin = await runInProcess(['scan', '-', '--format', 'jsonl', '--summary'], { input: text });
    assert.match(stdin.stderr, /KMS errors by code/);
    const file = await runInProcess(['scan', 'examples/logs/app-service.log', '--format', 'json'], { cwd: ROOT });
    const report = JSON.parse(file.stdout) as { findings: Array<Record<string, unknown>>; summary: object };
    const objects = lines(stdin.stdout).map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      objects.slice(0, -1),
      report.findings.map((f) => ({ type: 'finding', ...f, path: '-' })),
    );
    assert.deepEqual(objects.at(-1), { type: 'summary', ...report.summary });
  });
});

describe('--format jsonl', () => {
  it('writes lines that docs/jsonl.schema.json accepts: findings (diagnoses, inferred ones), then the summary', async () => {
    const schema = JSON.parse(readFileSync(path.join(ROOT, 'docs', 'jsonl.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    const logs = readdirSync(path.join(ROOT, 'examples', 'logs')).map((name) => path.join('examples', 'logs', name));
    const corpus = loadCorpus()
      .map((entry) => entry.text)
      .join('\n\n');
    const fromFiles = await runInProcess(['scan', ...logs, '--format', 'jsonl', '--confidence', 'low'], { cwd: ROOT });
    const fromStdin = await runInProcess(['scan', '-', '--format', 'jsonl'], { input: corpus });
    const objects = [...lines(fromFiles.stdout), ...lines(fromStdin.stdout)].map(
      (line) => JSON.parse(line) as { type: string; confidence?: string; diagnosis?: object },
    );
    for (const object of objects)
      assert.ok(validate(object), `${JSON.stringify(object).slice(0, 300)}\n${JSON.stringify(validate.errors)}`);
    const findings = objects.filter((o) => o.type === 'finding');
    assert.ok(findings.length > 50);
    assert.ok(
      findings.some((f) => f.diagnosis),
      'with diagnoses',
    );
    assert.ok(
      findings.some((f) => f.confidence === 'inferred'),
      'with inferred findings',
    );
    assert.ok(
      findings.some((f) => f.confidence === 'low'),
      'with low-confidence findings',
    );
    assert.equal(objects.filter((o) => o.type === 'summary').length, 2, 'one summary per run, at its end');
    assert.equal(lines(fromFiles.stdout).at(-1)?.startsWith('{"type":"summary"'), true);
    assert.equal(validate({ type: 'finding', path: 'x' }), false, 'the schema is not empty');
  });
});
