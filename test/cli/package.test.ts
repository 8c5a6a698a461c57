import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/paths';
import { tempFolder } from '../support/tempFiles';

const folder = tempFolder('kms-package-');

/** What a CLI or editor user needs, and nothing else: no tests, sources, examples or CI files. */
const SHIPPED = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'dist/cli.js',
  'dist/extension.js',
  'dist/scanWorker.js',
  'dist/server.js',
  'l10n/bundle.l10n.json',
  'l10n/bundle.l10n.zh-cn.json',
  'l10n/bundle.l10n.zh-tw.json',
  'package.json',
  'package.nls.json',
  'package.nls.zh-cn.json',
  'package.nls.zh-tw.json',
  'server/catalog/catalog.schema.json',
  'server/catalog/kms-errors.json',
  'syntaxes/kms.injection.tmLanguage.json',
];

function run(command: string, args: string[], cwd: string) {
  // No registry: everything must come from the tarball.
  const env = { ...process.env, npm_config_offline: 'true', npm_config_cache: path.join(folder.dir, 'cache') };
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, `${command} ${args.join(' ')}: ${result.stderr}`);
  return result;
}

describe('the npm package', () => {
  it(
    'ships only the bundles, catalog, grammar and l10n, and runs from the tarball offline',
    { timeout: 240_000 },
    () => {
      const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', folder.dir], ROOT);
      const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
      assert.ok(info);
      assert.deepEqual(info.files.map((f) => f.path).sort(), SHIPPED);
      const tarball = path.join(folder.dir, info.filename);

      const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
      assert.equal(manifest['dependencies'], undefined, 'the bundles hold every library: nothing to install');
      const scripts = manifest['scripts'] as Record<string, string>;
      for (const hook of ['preinstall', 'install', 'postinstall', 'prepare'])
        assert.equal(scripts[hook], undefined, `no ${hook} script for a global install to warn about`);

      const unpacked = path.join(folder.dir, 'unpacked');
      mkdirSync(unpacked);
      run('tar', ['-xzf', tarball, '-C', unpacked], folder.dir);
      const fromTarball = run(
        process.execPath,
        [path.join(unpacked, 'package', 'dist', 'cli.js'), 'explain', 'Forbidden.KeyNotFound'],
        unpacked,
      );
      assert.match(fromTarball.stdout, /^Forbidden\.KeyNotFound {2}404 Not Found/);
      // A folder of several files is scanned on worker threads: their script ships beside the CLI.
      const logs = path.join(folder.dir, 'logs');
      mkdirSync(logs);
      writeFileSync(path.join(logs, 'a.log'), 'ErrorCode: Rejected.Disabled\n');
      writeFileSync(path.join(logs, 'b.log'), 'ErrorCode: Forbidden.KeyNotFound\n');
      const cli = path.join(unpacked, 'package', 'dist', 'cli.js');
      const scanned = spawnSync(process.execPath, [cli, 'scan', logs, '--format', 'json', '--jobs', '2'], {
        encoding: 'utf8',
      });
      assert.equal(scanned.stderr, '');
      const found = JSON.parse(scanned.stdout) as { findings: Array<{ code: string }> };
      assert.deepEqual(
        found.findings.map((f) => f.code),
        ['Rejected.Disabled', 'Forbidden.KeyNotFound'],
      );

      const npx = run(
        'npx',
        ['--yes', '--package', tarball, '--', 'kms-diagnose', 'explain', 'Forbidden.KeyNotFound'],
        folder.dir,
      );
      assert.equal(npx.stdout, fromTarball.stdout);
      assert.doesNotMatch(npx.stderr, /warn/i);
    },
  );
});
