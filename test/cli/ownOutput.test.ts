import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, createWriteStream, openSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { CLI } from '../support/paths';
import { CapturedOutput } from '../support/run';
import { tempFolder } from '../support/tempFiles';

const folder = tempFolder('kms-own-output-');

/** A folder whose logs hold enough findings that the report passes any write buffer before the walk reaches it. */
function logsFolder(name: string): string {
  const line =
    '2026-11-20T08:00:00Z ERROR ErrorCode: Forbidden.KeyNotFound RequestId: 4C467B38-3910-447D-87BC-AC049166F216';
  for (let i = 0; i < 40; i++) folder.file(`${name}/a-logs/app-${i}.log`, `${line}\n`.repeat(200));
  return path.join(folder.dir, name);
}

/** Runs `kms-diagnose scan . --format FORMAT > report` in process, stdout being the report file itself. */
async function scanIntoOwnFolder(name: string, format: string, report: string) {
  const cwd = logsFolder(name);
  const target = path.join(cwd, report);
  const fd = openSync(target, 'w');
  const stdout = createWriteStream('', { fd, autoClose: false });
  const stderr = new CapturedOutput();
  const code = await main(['scan', '.', '--format', format], {
    stdin: Readable.from([]),
    stdout,
    stderr,
    env: { NO_COLOR: '1' },
    cwd,
    exit: () => {},
  });
  await new Promise<void>((resolve) => stdout.end(resolve));
  closeSync(fd);
  return { code, stderr: stderr.text(), report: readFileSync(target, 'utf8') };
}

describe('kms-diagnose scan . > report: the report is not scanned', () => {
  for (const [format, report] of [
    ['json', 'report.json'],
    ['sarif', 'report.sarif'],
    ['text', 'report.txt'],
    ['csv', 'report.csv'],
  ] as const) {
    it(`skips its own ${format} report, found by device and inode, and says so once`, async () => {
      const result = await scanIntoOwnFolder(`own-${format}`, format, report);
      assert.equal(result.code, 1);
      const notes = result.stderr.split('\n').filter((line) => line.includes(report));
      assert.deepEqual(notes, [`kms-diagnose: ${report}: skipped, it is this scan's own output (stdout)`]);
      if (format === 'json') {
        const parsed = JSON.parse(result.report) as { findings: Array<{ path: string }>; summary: { files: number } };
        assert.equal(parsed.findings.length, 8000);
        assert.equal(parsed.summary.files, 40, 'the report is not a scanned file');
      } else if (format === 'sarif') {
        const results = (JSON.parse(result.report) as { runs: Array<{ results: unknown[] }> }).runs[0]?.results;
        assert.equal(results?.length, 8000);
      } else assert.doesNotMatch(result.report, new RegExp(report.replace('.', '\\.')));
    });
  }

  it('as a shell redirection does it', () => {
    const cwd = logsFolder('shell');
    const run = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" scan . --format sarif > report.sarif`], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /report\.sarif: skipped, it is this scan's own output/);
    const sarif = JSON.parse(readFileSync(path.join(cwd, 'report.sarif'), 'utf8')) as {
      runs: Array<{
        results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
      }>;
    };
    const uris = new Set(sarif.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri));
    assert.equal(uris.size, 40);
    assert.ok(!uris.has('report.sarif'));
  });
});
