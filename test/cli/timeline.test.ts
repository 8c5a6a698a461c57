import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import type { TimelineReport } from '../../server/src/core/incidents/timeline';
import { generateWorld, trailText } from '../support/incidentWorld';
import { runCli, runInProcess } from '../support/run';
import { tempFolder } from '../support/tempFiles';

const folder = tempFolder('kms-cli-timeline-');

/** A generated world on disk: its logs under `logs/`, its trail in the given file. */
function writeWorld(seed: number, trailFile: string, trail: (text: string) => string | Buffer = (t) => t) {
  const world = generateWorld(seed);
  const dir = `world-${seed}`;
  for (const [file, entries] of world.logs) folder.file(`${dir}/logs/${file}`, entries.join('\n') + '\n');
  folder.file(`${dir}/${trailFile}`, trail(trailText(world.events, trailFile.includes('sls') ? 'sls' : 'lines')));
  return { world, cwd: `${folder.dir}/${dir}` };
}

describe('kms-diagnose timeline', () => {
  it('names each incident and its cause, reading a gzipped SLS trail found among the paths by its content', async () => {
    const { world, cwd } = writeWorld(11, 'export/sls-events.json.gz', (text) => gzipSync(text));
    const run = await runInProcess(['timeline', 'logs', 'export', '--format', 'json'], { cwd });
    assert.equal(run.stderr, '');
    assert.equal(run.code, 1, 'incidents found');
    const report = JSON.parse(run.stdout) as TimelineReport;
    assert.equal(report.version, 1);
    assert.equal(report.window, '24h');
    assert.equal(report.inputs.trail.files, 1);
    assert.equal(report.inputs.trail.events, world.events.length);
    const causes = new Set(report.incidents.map((i) => i.cause?.change));
    for (const expected of world.expected) if (expected.cause) assert.ok(causes.has(expected.cause), expected.scenario);
    const named = report.incidents.find((i) => i.cause)?.files ?? [];
    assert.ok(
      named.every((file) => file.startsWith('logs/')),
      'files named as the paths given name them',
    );
  });

  it('prints the same incidents as text, with the cause and what ended it', async () => {
    const { world, cwd } = writeWorld(12, 'trail.jsonl');
    const run = await runInProcess(['timeline', 'logs', '--trail', 'trail.jsonl'], { cwd });
    assert.equal(run.code, 1);
    const disabled = world.expected.find((e) => e.scenario === 'disable');
    assert.ok(disabled?.cause);
    assert.match(
      run.stdout,
      new RegExp(
        `Likely cause: \\d+ s earlier DisableKey on key \\S+ by RAM user \\w+ from [\\d.]+ \\(event id ${disabled.cause}\\)`,
      ),
    );
    assert.match(run.stdout, /Ended by EnableKey on key /);
    assert.match(run.stdout, /^KMS incident timeline \(24h\)$/m);
  });

  it('writes one HTML page', async () => {
    const { cwd } = writeWorld(13, 'trail.jsonl');
    const run = await runInProcess(
      ['timeline', 'logs', '--trail', 'trail.jsonl', '--format', 'html', '--window', '2h'],
      {
        cwd,
      },
    );
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^<!DOCTYPE html>/);
    assert.match(run.stdout, /Changes in the 2h before the first error/);
    assert.ok(!run.stdout.includes('<script'));
  });

  it('gives the same report on worker threads as on one thread', async () => {
    const { cwd } = writeWorld(14, 'trail.jsonl');
    const args = ['timeline', 'logs', '--trail', 'trail.jsonl', '--format', 'json'];
    const one = await runInProcess([...args, '-j', '1'], { cwd });
    const two = await runInProcess([...args, '-j', '2'], { cwd });
    assert.equal(one.code, 1);
    assert.equal(two.stdout, one.stdout);
  });

  it('counts malformed trail lines and goes on; a missing path is an error (exit 2) after the report', async () => {
    const { cwd } = writeWorld(15, 'trail.jsonl', (text) => `${text}{"eventName": broken\n42\n`);
    const run = await runInProcess(['timeline', 'logs', 'missing.log', '--trail', 'trail.jsonl'], { cwd });
    assert.equal(run.code, 2);
    assert.match(run.stdout, /2 trail values not read \(not JSON, or not an event\): trail\.jsonl:\d+ not JSON/);
    assert.match(run.stderr, /^kms-diagnose: missing\.log: /m);
    assert.match(run.stdout, /Likely cause:/);
  });

  it('refuses a bad window or nothing to read with a one-line message (exit 2)', async () => {
    const bad = await runInProcess(['timeline', 'x.log', '--window', '24 hours']);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'kms-diagnose: --window must be a duration such as 30m, 24h or 7d (got "24 hours")\n');
    const none = await runInProcess(['timeline']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /^kms-diagnose: timeline needs logs, trails or both/);
  });

  it('runs as a process from the bundle', async () => {
    const { cwd } = writeWorld(16, 'trail.jsonl');
    const run = await runCli(['timeline', 'logs', '--trail', 'trail.jsonl', '--format', 'json'], { cwd });
    assert.equal(run.code, 1);
    assert.ok((JSON.parse(run.stdout) as TimelineReport).incidents.some((i) => i.cause !== null));
  });
});
