import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import Ajv2020 from 'ajv/dist/2020';
import { CLI, ROOT } from '../support/paths';
import { runInProcess } from '../support/run';
import { tempFolder } from '../support/tempFiles';

const folder = tempFolder('kms-not-scanned-');
const ERROR =
  '2026-11-20T08:00:00Z ERROR ErrorCode: Forbidden.KeyNotFound RequestId: 4C467B38-3910-447D-87BC-AC049166F216\n';
const paths = (stdout: string) => [
  ...new Set((JSON.parse(stdout) as { findings: Array<{ path: string }> }).findings.map((f) => f.path)),
];

interface SarifNotification {
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
}
interface SarifLog {
  runs: Array<{
    results: unknown[];
    invocations?: Array<{ executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }>;
  }>;
}

/** Nested folders of 200-character names, deeper than a path may be long (PATH_MAX, 4096 bytes). */
function tooDeep(root: string): string {
  const name = 'd'.repeat(200);
  const made = spawnSync('bash', ['-c', `cd "${root}" && for i in $(seq 25); do mkdir ${name} && cd ${name}; done`]);
  assert.equal(made.status, 0, String(made.stderr));
  return name;
}

describe('a folder that cannot be read never ends the walk', () => {
  it('names the folder nested too deep on stderr, scans its siblings and the folders after it, exits 2', async () => {
    const root = path.join(folder.dir, 'deep');
    folder.file('deep/a/first.log', ERROR);
    folder.file('deep/z/last.log', ERROR);
    const deep = tooDeep(root);
    const result = await runInProcess(['scan', '.', '--format', 'json'], { cwd: root });
    assert.equal(result.code, 2);
    assert.deepEqual(paths(result.stdout), ['a/first.log', 'z/last.log']);
    const lines = result.stderr.trim().split('\n');
    const unreadable = lines.filter((line) => line.includes('path too long'));
    assert.equal(unreadable.length, 1);
    assert.ok(unreadable[0]?.startsWith(`kms-diagnose: ${deep}/`), 'named by its own path, not the top folder');
    spawnSync('rm', ['-rf', root]);
  });

  // Permissions stop everyone but root: as root, the scan runs as nobody, from a folder nobody can read.
  const asRoot = process.getuid?.() === 0;
  const open = mkdtempSync(path.join(tmpdir(), 'kms-perm-'));
  after(() => {
    spawnSync('chmod', ['-R', 'u+rwx', open]);
    rmSync(open, { recursive: true, force: true });
  });

  it('names a folder without read permission, scans every other folder, exits 2', () => {
    chmodSync(open, 0o755);
    for (const [name, text] of [
      ['a/1.log', ERROR],
      ['b/locked/2.log', ERROR],
      ['b/open.log', ERROR],
      ['c/3.log', ERROR],
    ] as const) {
      const file = path.join(open, name);
      spawnSync('mkdir', ['-p', path.dirname(file)]);
      writeFileSync(file, text);
    }
    spawnSync('chmod', ['-R', 'a+rX', open]);
    chmodSync(path.join(open, 'b', 'locked'), 0o000);
    const run = spawnSync(process.execPath, [CLI, 'scan', '.', '--format', 'json'], {
      cwd: open,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    assert.equal(run.status, 2, run.stderr);
    assert.deepEqual(paths(run.stdout), ['a/1.log', 'b/open.log', 'c/3.log']);
    assert.equal(run.stderr.split('\n')[0], 'kms-diagnose: b/locked: permission denied');
  });
});

describe('binary files are counted and the exit code says so', () => {
  const binary = Buffer.concat([
    Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 3, 0, 0x3e, 0, 1]),
    Buffer.from(ERROR),
  ]);

  it('skips a binary file (counted in the summary), exits 2 even with --fail-on high and findings elsewhere', async () => {
    folder.file('bin/app.log', ERROR);
    folder.file('bin/core.log', binary);
    const cwd = path.join(folder.dir, 'bin');
    for (const failOn of ['low', 'high', 'none']) {
      const result = await runInProcess(['scan', '.', '--format', 'json', '--fail-on', failOn], { cwd });
      assert.equal(result.code, 2, failOn);
      const report = JSON.parse(result.stdout) as { summary: { files: number; notScanned: number } };
      assert.equal(report.summary.files, 1);
      assert.equal(report.summary.notScanned, 1);
      assert.match(result.stderr, /^kms-diagnose: core\.log: binary file skipped$/m);
    }
    const text = await runInProcess(['scan', '.'], { cwd });
    assert.match(text.stderr, /1 KMS error\(s\) in 1 file\(s\), 1 not scanned/);
  });

  it('scans it as text with --binary text', async () => {
    folder.file('bin-text/core.log', binary);
    const result = await runInProcess(['scan', '.', '--binary', 'text', '--format', 'json'], {
      cwd: path.join(folder.dir, 'bin-text'),
    });
    assert.equal(result.code, 1);
    assert.deepEqual(paths(result.stdout), ['core.log']);
  });

  it('scans a log rotated with copytruncate (a run of NULs, then text) and one with NULs in its lines', async () => {
    folder.file('nul/rotated.log', Buffer.concat([Buffer.alloc(200_000), Buffer.from(ERROR)]));
    folder.file('nul/holes.log', Buffer.from(`${ERROR}\0\0\0\0${ERROR}x\0y ${ERROR}`));
    const result = await runInProcess(['scan', '.', '--format', 'json'], { cwd: path.join(folder.dir, 'nul') });
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as { findings: Array<{ path: string; range: { start: unknown } }> };
    assert.deepEqual(
      report.findings.map((f) => [f.path, f.range.start]),
      [
        ['holes.log', { line: 0, character: 38 }],
        ['holes.log', { line: 1, character: 38 }],
        ['holes.log', { line: 2, character: 41 }],
        ['rotated.log', { line: 0, character: 38 }],
      ],
    );
  });
});

describe('a .gz that decompresses past its limit', () => {
  // 12 MB of one repeated line (about 1,000 times its compressed size), a KMS error first.
  const bomb = gzipSync(Buffer.concat([Buffer.from(ERROR), Buffer.alloc(12 << 20, 'INFO ok\n')]));

  it('is stopped and reported, after the findings before the limit; exit 2', async () => {
    folder.file('gz/bomb.log.gz', bomb);
    folder.file('gz/plain.log.gz', gzipSync(ERROR.repeat(20)));
    const result = await runInProcess(['scan', '.', '--format', 'json'], { cwd: path.join(folder.dir, 'gz') });
    assert.equal(result.code, 2);
    assert.deepEqual(paths(result.stdout), ['bomb.log.gz', 'plain.log.gz']);
    assert.match(
      result.stderr,
      /^kms-diagnose: bomb\.log\.gz: stopped after \d+ MB: the \.gz decompresses to more than 100 times its size/m,
    );
  });

  it('is read whole when the limit is raised, or off', async () => {
    folder.file('gz-raised/bomb.log.gz', bomb);
    for (const ratio of ['2000', '0']) {
      const result = await runInProcess(['scan', '.', '--max-gzip-ratio', ratio], {
        cwd: path.join(folder.dir, 'gz-raised'),
      });
      assert.equal(result.code, 1, result.stderr);
    }
    const bad = await runInProcess(['scan', '.', '--max-gzip-ratio', 'lots']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--max-gzip-ratio must be a whole number/);
  });
});

describe('SARIF: what was not scanned is a tool execution notification', () => {
  it('lists the unreadable folder, the truncated .gz and the binary file, with their locations', async () => {
    const root = path.join(folder.dir, 'sarif');
    folder.file('sarif/app.log', ERROR);
    folder.file('sarif/core.log', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 3, 0, 0x3e, 0, 1]));
    const gz = gzipSync(ERROR.repeat(500));
    folder.file('sarif/cut.log.gz', gz.subarray(0, gz.length >> 1));
    const deep = tooDeep(root);
    const result = await runInProcess(['scan', '.', '--format', 'sarif'], { cwd: root });
    spawnSync('rm', ['-rf', path.join(root, deep)]);
    assert.equal(result.code, 2);
    const sarif = JSON.parse(result.stdout) as SarifLog;
    const schemaPath = path.join(ROOT, 'node_modules', '@microsoft', 'sarif-multitool-linux', 'sarif-2.1.0.json');
    const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(
      JSON.parse(readFileSync(schemaPath, 'utf8')),
    );
    assert.equal(validate(sarif), true, JSON.stringify(validate.errors));
    const [invocation] = sarif.runs[0]?.invocations ?? [];
    assert.equal(invocation?.executionSuccessful, false);
    const notes = (invocation?.toolExecutionNotifications ?? []).map((n) => [
      n.level,
      n.locations[0]?.physicalLocation.artifactLocation.uri.replace(/d{200}/g, 'D'),
      n.message.text.replace(/d{200}/g, 'D'),
    ]);
    assert.deepEqual(
      notes.slice(0, 2).map(([level, uri]) => [level, uri]),
      [
        ['warning', 'core.log'],
        ['error', 'cut.log.gz'],
      ],
    );
    assert.match(notes[1]?.[2] ?? '', /^cut\.log\.gz: unexpected end of file$/);
    assert.equal(notes.length, 3);
    assert.equal(notes[2]?.[0], 'error');
    assert.match(notes[2]?.[1] ?? '', /^(D\/)+D$/, 'the folder nested too deep, by its own path');
    assert.match(notes[2]?.[2] ?? '', /: path too long/);
  });

  it('leaves no invocation when everything was scanned, as before', async () => {
    folder.file('sarif-ok/app.log', ERROR);
    const result = await runInProcess(['scan', '.', '--format', 'sarif'], { cwd: path.join(folder.dir, 'sarif-ok') });
    assert.equal((JSON.parse(result.stdout) as SarifLog).runs[0]?.invocations, undefined);
  });
});
