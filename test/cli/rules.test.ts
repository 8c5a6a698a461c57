import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runInProcess } from '../support/run';
import { tempFolder, userCatalogEntry } from '../support/tempFiles';

const folder = tempFolder('kms-cli-rules-');

describe('kms-diagnose rules', () => {
  it('prints the rows query of a target, or another query on request', async () => {
    const sls = await runInProcess(['rules', '--target', 'sls']);
    assert.equal(sls.code, 0);
    assert.match(sls.stdout, /^content:\S+\* or .* \| SELECT time, .*\nLIMIT 10000\n$/s);
    const hourly = await runInProcess(['rules', '--target', 'duckdb', '--query', 'hourly', '--table', 'x.parquet']);
    assert.match(hourly.stdout, /^-- .*date_trunc\('hour', time\) AS hour.*read_parquet\('x\.parquet'\)/s);
    const alert = await runInProcess(['rules', '--target', 'sls', '--query', 'alert']);
    assert.equal((JSON.parse(alert.stdout) as { configuration: { version: string } }).configuration.version, '2.0');
    const sigma = await runInProcess(['rules', '--target', 'sigma']);
    assert.equal(sigma.stdout.split('\n---\n').length, 4, 'one YAML document per class');
  });

  it('writes every file of a target to --out and lists them', async () => {
    const result = await runInProcess(
      ['rules', '--target', 'clickhouse', '--out', 'queries', '--table', 'db.logs_all'],
      {
        cwd: folder.dir,
      },
    );
    assert.equal(result.code, 0);
    assert.deepEqual(result.stdout.trim().split('\n'), [
      path.join('queries', 'kms-errors.clickhouse.sql'),
      path.join('queries', 'kms-errors-hourly.clickhouse.sql'),
    ]);
    assert.deepEqual(readdirSync(path.join(folder.dir, 'queries')).sort(), [
      'kms-errors-hourly.clickhouse.sql',
      'kms-errors.clickhouse.sql',
    ]);
    assert.match(
      readFileSync(path.join(folder.dir, 'queries', 'kms-errors.clickhouse.sql'), 'utf8'),
      /FROM "db"\."logs_all"/,
    );
  });

  it('takes the codes of user catalogs', async () => {
    folder.file('team.json', JSON.stringify({ version: 1, name: 'team', codes: [userCatalogEntry('Team.Late')] }));
    const result = await runInProcess(['rules', '--target', 'clickhouse', '--catalog', 'team.json'], {
      cwd: folder.dir,
    });
    assert.match(result.stdout, /'Team\\\\.Late'/);
  });

  it('refuses an unknown target, a bad option and a code no target can express, in one line with exit 2', async () => {
    const unknown = await runInProcess(['rules', '--target', 'splunk']);
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stderr, 'kms-diagnose: rules needs --target sls|clickhouse|duckdb|sigma (got "splunk")\n');
    const query = await runInProcess(['rules', '--target', 'clickhouse', '--query', 'alert']);
    assert.equal(query.code, 2);
    assert.match(query.stderr, /--query for clickhouse must be one of rows, hourly/);
    const limit = await runInProcess(['rules', '--target', 'sls', '--limit', '50000']);
    assert.equal(limit.code, 2);
    assert.match(limit.stderr, /at most 10000/);
    folder.file(
      'bad.json',
      JSON.stringify({ version: 1, name: 'bad', codes: [userCatalogEntry('Gateway.TimeoutError')] }),
    );
    const bad = await runInProcess(['rules', '--target', 'duckdb', '--catalog', 'bad.json'], { cwd: folder.dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^kms-diagnose: the code Gateway\.TimeoutError ends in "Error"/);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
  });
});
