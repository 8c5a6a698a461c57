import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInProcess } from '../support/run';
import { tempFolder, userCatalogEntry } from '../support/tempFiles';

// Text a terminal would act on, from paths, options, logs, responses and user catalogs: control
// characters never reach the terminal, on stdout or stderr; bidi controls and the Unicode line
// separators are shown as escapes in text output and messages. Machine formats keep the text as it is.

const folder = tempFolder('kms-cli-terminal-');

// Escapes that retitle the window (OSC), clear the screen and move the cursor (CSI, also as the
// one-byte C1 CSI), ring the bell; a right-to-left override; line and paragraph separators.
const HOSTILE = ['\u001b]0;owned\u0007', '\u001b[2J', '\u001b[1A', '\u009b31m', '\u0007', '\u0008'];
const REORDERING = ['\u202e', '\u2066', '\u200f', '\u2028', '\u2029'];
const ESCAPED = ['\\u202e', '\\u2066', '\\u200f', '\\u2028', '\\u2029'];
// Any control character but a line break and a tab, and any reordering character.
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
// The styles the program writes itself (bold, dim, colours).
// eslint-disable-next-line no-control-regex -- escapes are what is removed
const OWN_STYLES = /\u001b\[(?:1|2|22|3[1236]|39)m/g;

const name = `odd${HOSTILE.join('')}${REORDERING.join('')}name`;

function assertSafe(text: string, what: string): void {
  assert.doesNotMatch(text.replace(OWN_STYLES, ''), UNSAFE, what);
}

function assertShowsEscaped(text: string, what: string): void {
  for (const escaped of ESCAPED) assert.ok(text.includes(escaped), `${what}: ${escaped} shown`);
}

describe('kms-diagnose on a terminal', () => {
  it('keeps control characters out of every message on stderr, and shows reordering characters escaped', async () => {
    folder.file('catalog-bad.json', JSON.stringify({ version: 1, name: `team${HOSTILE.join('')}`, codes: 'none' }));
    const runs: string[][] = [
      ['scan', `${name}.log`],
      ['decode', `${name}.json`],
      ['scan', 'x.log', '--catalog', `${name}.json`],
      ['scan', 'x.log', '--catalog', 'catalog-bad.json'],
      [name],
      [`--${name}`],
      ['scan', '-', '--format', name],
      ['scan', '-', '--since', name],
      ['explain', name],
    ];
    for (const args of runs) {
      for (const stderrIsTTY of [false, true]) {
        const run = await runInProcess(args, { cwd: folder.dir, stderrIsTTY, stdoutIsTTY: stderrIsTTY });
        const what = args.join(' ');
        assert.notEqual(run.stderr, '', what);
        assertSafe(run.stderr, what);
        if (what.includes(name)) assertShowsEscaped(run.stderr, what);
      }
    }
  });

  it('writes paths, response values and catalog texts in text output without control characters', async () => {
    // A log whose name holds escapes and reordering characters, and a user catalog whose texts do.
    const log = folder.file(`${name}.log`, 'ErrorCode: Team.Hostile\nErrorCode: Rejected.Disabled\n');
    const entry = userCatalogEntry('Team.Hostile');
    entry.message = `msg${HOSTILE.join('')}${REORDERING.join('')}`;
    entry.text.en.description = `desc${HOSTILE.join('')}${REORDERING.join('')}`;
    entry.text.en.remediation = [`step${HOSTILE.join('')}${REORDERING.join('')}`];
    const catalog = folder.file('hostile.json', JSON.stringify({ version: 1, name: 'hostile', codes: [entry] }));
    const response = folder.file(
      'response.json',
      JSON.stringify({
        Code: 'Rejected.Disabled',
        Message: `The key is disabled.${HOSTILE.join('')}${REORDERING.join('')}`,
        RequestId: '0A1B-22',
        Extra: `x${HOSTILE.join('')}${REORDERING.join('')}`,
      }),
    );
    for (const stdoutIsTTY of [false, true]) {
      const env = { NO_COLOR: stdoutIsTTY ? '' : '1' };
      const runs = [
        await runInProcess(['scan', log, '--catalog', catalog, '--summary'], { env, stdoutIsTTY }),
        await runInProcess(['explain', 'Team.Hostile', '--catalog', catalog], { env, stdoutIsTTY }),
        await runInProcess(['decode', response], { env, stdoutIsTTY }),
      ];
      for (const run of runs) {
        assertSafe(run.stdout, run.stdout);
        assertSafe(run.stderr, run.stderr);
        assertShowsEscaped(run.stdout, run.stdout);
      }
      if (stdoutIsTTY) assert.ok(runs[0]?.stdout.includes('\u001b[31mRejected.Disabled\u001b[39m'), 'own colours kept');
    }
    // Machine formats are data: the text as it is, escaped as JSON escapes it.
    const json = await runInProcess(['decode', response, '--format', 'json']);
    assert.ok(JSON.parse(json.stdout).message.includes('\u202e'));
    const report = await runInProcess(['scan', log, '--catalog', catalog, '--format', 'json']);
    assert.ok(JSON.parse(report.stdout).findings[0].path.includes('\u202e'));
  });
});
