import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CLI, ROOT } from '../support/paths';
import { tempFolder } from '../support/tempFiles';
import { bySize } from '../support/testSize';

const folder = tempFolder('kms-cli-pipe-');

describe('kms-diagnose scan through a pipe', () => {
  it(
    'writes the whole report through a pipe, whatever the pace of the reader (backpressure)',
    { timeout: 120000 },
    async () => {
      // Many files of generated log: the reader drains the pipe while the next file opens, a moment the
      // CLI once missed (it then waited for a 'drain' that had already happened, and exited early).
      // Each file's report is larger than the pipe holds (64 KB) at either size: 1.5 or 3 MB of log.
      const { writeLog } = (await import(path.join(ROOT, 'bench', 'generate.mjs'))) as {
        writeLog(file: string, bytes: number, seed: number): Promise<void>;
      };
      const log = path.join(folder.dir, 'many');
      mkdirSync(log);
      for (let f = 0; f < 12; f++) await writeLog(path.join(log, `part-${f}.log`), bySize(3 << 19, 3 << 20), f);
      const child = spawn(process.execPath, [CLI, 'scan', log, '--format', 'json']);
      const parts: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => parts.push(chunk));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      const report = JSON.parse(Buffer.concat(parts).toString('utf8'));
      assert.equal(code, 1);
      assert.equal(report.summary.files, 12);
      assert.ok(report.findings.length > bySize(2500, 5000));
      assert.equal(report.findings.length, report.summary.findings);
    },
  );
});
