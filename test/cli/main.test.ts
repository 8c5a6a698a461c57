import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { CapturedOutput, runCli, runInProcess, type RunResult } from '../support/run';
import { tempFolder, userCatalogEntry } from '../support/tempFiles';

const folder = tempFolder('kms-cli-main-');
const ESC = '\u001b';
const codes = (stdout: string) => (JSON.parse(stdout).findings as Array<{ code: string }>).map((f) => f.code);

describe('kms-diagnose main(argv, io)', () => {
  it('reads relative paths from the working directory it is given, and names them as given', async () => {
    folder.file('work/logs/a.log', 'ErrorCode: Rejected.Disabled\n');
    folder.file('work/logs/sub/b.log', 'ErrorCode: Forbidden.KeyNotFound\n');
    folder.file('work/team.json', JSON.stringify({ version: 1, name: 'team', codes: [userCatalogEntry('Team.Late')] }));
    folder.file('work/team.log', 'ErrorCode: Team.Late\n');
    folder.file('work/resp.json', '{"Code":"Rejected.Disabled","RequestId":"2c0a5a5b-1111","HttpStatus":409}');
    const cwd = `${folder.dir}/work`;
    const scan = await runInProcess(['scan', 'logs', 'team.log', '--catalog', 'team.json', '--format', 'json'], {
      cwd,
    });
    assert.equal(scan.stderr, '');
    const report = JSON.parse(scan.stdout) as { findings: Array<{ path: string; code: string }> };
    assert.deepEqual(
      report.findings.map((f) => [f.path, f.code]),
      [
        ['logs/a.log', 'Rejected.Disabled'],
        ['logs/sub/b.log', 'Forbidden.KeyNotFound'],
        ['team.log', 'Team.Late'],
      ],
    );
    const sarif = await runInProcess(['scan', `${cwd}/logs`, '--format', 'sarif'], { cwd });
    const uris = (
      JSON.parse(sarif.stdout) as {
        runs: Array<{
          results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
        }>;
      }
    ).runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri);
    assert.deepEqual(uris, ['logs/a.log', 'logs/sub/b.log'], 'SARIF locations relative to that directory');
    const decoded = await runInProcess(['decode', 'resp.json', '--format', 'json'], { cwd });
    assert.equal(JSON.parse(decoded.stdout).code, 'Rejected.Disabled');
    const missing = await runInProcess(['scan', 'nope.log'], { cwd });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^kms-diagnose: nope\.log: no such file or directory\n/);
  });

  it('takes the language and colours from the environment it is given', async () => {
    const before = { ...process.env };
    const zh = await runInProcess(['explain', 'Forbidden.KeyNotFound'], { env: { KMS_LANG: 'zh-CN' } });
    assert.match(zh.stdout, /处理建议/);
    const en = await runInProcess(['explain', 'Forbidden.KeyNotFound'], { env: { KMS_LANG: 'en' } });
    assert.doesNotMatch(en.stdout, /处理建议/);
    const log = folder.file('colour.log', 'ErrorCode: Rejected.Disabled\n');
    const colours = await runInProcess(['scan', log], { env: { NO_COLOR: '' }, stdoutIsTTY: true });
    assert.ok(colours.stdout.includes(`${ESC}[31mRejected.Disabled${ESC}[39m`), 'red on a terminal');
    const noColour = await runInProcess(['scan', log], { env: { NO_COLOR: '1' }, stdoutIsTTY: true });
    assert.ok(!noColour.stdout.includes(ESC), 'NO_COLOR is honoured');
    const dumb = await runInProcess(['scan', log], { env: { NO_COLOR: '', TERM: 'dumb' }, stdoutIsTTY: true });
    assert.ok(!dumb.stdout.includes(ESC), 'no colours on a dumb terminal');
    const pipe = await runInProcess(['scan', log], { env: { NO_COLOR: '' } });
    assert.ok(!pipe.stdout.includes(ESC), 'no colours through a pipe');
    assert.deepEqual({ ...process.env }, before, "the process's own environment is neither read nor changed");
  });

  it('keeps two runs at once apart: each gets its own stdin and output', async () => {
    const [a, b] = await Promise.all([
      runInProcess(['scan', '-', '--format', 'json'], { input: 'ErrorCode: Rejected.Disabled\n' }),
      runInProcess(['scan', '-', '--format', 'json'], { input: 'ErrorCode: Forbidden.KeyNotFound\n' }),
    ]);
    assert.deepEqual(codes(a.stdout), ['Rejected.Disabled']);
    assert.deepEqual(codes(b.stdout), ['Forbidden.KeyNotFound']);
  });

  it('ends quietly through its exit when stdout is closed (a reader such as head stops early)', async () => {
    const exits: number[] = [];
    const closed = new Writable({
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    await main(['explain', 'Forbidden.KeyNotFound'], {
      stdin: Readable.from([]),
      stdout: closed,
      stderr: new CapturedOutput(),
      env: {},
      cwd: folder.dir,
      exit: (code) => exits.push(code),
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(exits, [0]);
  });
});

describe('kms-diagnose, the binary', () => {
  // The few runs that need the real process; the other CLI tests call main in process.
  const same = (binary: RunResult, inProcess: RunResult, what: string) => {
    assert.equal(binary.stdout, inProcess.stdout, what);
    assert.equal(binary.stderr, inProcess.stderr, what);
    assert.equal(binary.code, inProcess.code, what);
  };

  it("passes the process's own arguments, stdin, working directory and environment, and exits with the code", async () => {
    folder.file('bin/logs/a.log', 'ErrorCode: Rejected.Disabled\nErrorCode: Forbidden.KeyNotFound\n');
    const cwd = `${folder.dir}/bin`;
    const runs: Array<[string[], { input?: string; env?: NodeJS.ProcessEnv }]> = [
      [['scan', 'logs', 'missing.log', '--format', 'json'], {}],
      [['scan', '-', '--summary'], { input: 'ErrorCode: Rejected.Throttling\n' }],
      [['explain', 'Rejected.Disabled'], { env: { KMS_LANG: 'zh-TW' } }],
      [['decode', '-'], { input: 'not a response' }],
      [['--frobnicate'], {}],
    ];
    for (const [args, options] of runs) {
      const env = { KMS_LANG: '', ...options.env };
      same(
        await runCli(args, { ...options, cwd, env }),
        await runInProcess(args, { ...options, cwd, env }),
        args.join(' '),
      );
    }
  });
});
