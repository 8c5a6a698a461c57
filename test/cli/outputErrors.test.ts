import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { main } from '../../server/src/cli/main';
import { CLI } from '../support/paths';
import { CapturedOutput } from '../support/run';
import { tempFolder } from '../support/tempFiles';

// Output that cannot be written: a closed pipe ends the run quietly (exit 0), any other error (a full
// disk, `> /dev/full`, an I/O error) is one line on stderr and exit 2, never a stack trace.

const folder = tempFolder('kms-cli-output-');

/** A stdout whose every write fails with `code`, at once or a tick later. */
function failing(code: string, later: boolean): Writable {
  return new Writable({
    write(_chunk, _encoding, done) {
      const error = Object.assign(new Error(`write ${code}`), { code });
      if (later) setImmediate(() => done(error));
      else done(error);
    },
  });
}

async function runTo(stdout: Writable, args: string[]) {
  const err = new CapturedOutput();
  const exits: number[] = [];
  const code = await main(args, {
    stdin: Readable.from([Buffer.from('ErrorCode: Rejected.Disabled\n')]),
    stdout,
    stderr: err,
    env: { NO_COLOR: '1' },
    cwd: folder.dir,
    exit: (c) => exits.push(c),
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stderr: err.text(), exits };
}

const COMMANDS = [
  ['scan', '-'],
  ['scan', 'logs', '--format', 'json'],
  ['scan', 'logs', '--format', 'sarif'],
  ['scan', 'logs', '--format', 'csv', '--summary'],
  ['decode', 'response.json'],
  ['explain', 'Forbidden.KeyNotFound'],
  ['--help'],
];

describe('kms-diagnose when its output cannot be written', () => {
  it('says so in one line and exits 2 for any error but a closed pipe, which exits 0', async () => {
    folder.file('logs/a.log', 'ErrorCode: Rejected.Disabled\n'.repeat(300));
    folder.file('response.json', '{"Code":"Rejected.Disabled","RequestId":"0A1B-22"}');
    const reasons: Record<string, string> = {
      ENOSPC: 'no space left on the device',
      EIO: 'write EIO',
      EACCES: 'permission denied',
    };
    for (const args of COMMANDS) {
      for (const later of [false, true]) {
        for (const [code, reason] of Object.entries(reasons)) {
          const run = await runTo(failing(code, later), args);
          const what = `${args.join(' ')} (${code}${later ? ', later' : ''})`;
          assert.equal(run.code, 2, what);
          assert.deepEqual(run.exits, [2], what);
          assert.equal(run.stderr, `kms-diagnose: cannot write the output: ${reason}\n`, what);
        }
        const closed = await runTo(failing('EPIPE', later), args);
        assert.deepEqual(closed.exits, [0], `${args.join(' ')} (EPIPE)`);
        assert.equal(closed.stderr, '');
      }
    }
  });

  it('writes one line and exits 2 with stdout on /dev/full', async () => {
    folder.file('full/a.log', 'ErrorCode: Rejected.Disabled\n'.repeat(20000));
    for (const args of [
      ['scan', 'full'],
      ['scan', 'full', '--format', 'json'],
      ['explain', 'Rejected.Disabled'],
    ]) {
      const full = openSync('/dev/full', 'w');
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd: folder.dir,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', full, 'pipe'],
      });
      closeSync(full);
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const code = await new Promise((resolve) => child.on('close', resolve));
      assert.equal(code, 2, args.join(' '));
      assert.equal(stderr, 'kms-diagnose: cannot write the output: no space left on the device\n', args.join(' '));
    }
  });
});
