/**
 * The real engines the fleet queries run on, installed from the npm registry on first use into the
 * git-ignored .cache/ (not package.json's dependencies: a plain `npm ci` stays small). Pinned, so every
 * run tests the same engines; installed into a temporary folder and renamed, so that two test runs at
 * once never see half an install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The engines and test tools, pinned. Changing a version installs a new folder beside the old one. */
export const PINNED: Record<string, string> = {
  // DuckDB 1.5.6, its binary inside @duckdb/node-bindings-linux-x64.
  '@duckdb/node-api': '1.5.6-r.1',
  // Embedded ClickHouse 26.7 (chDB), its engine inside @chdb/lib-linux-x64-gnu.
  chdb: '3.4.0',
  // An ANTLR parser of Trino's SQL grammar, for the SLS analytic statements.
  'dt-sql-parser': '4.5.1',
  // For the Sigma rules: YAML, and the formats of the rule schema (ajv itself is a devDependency).
  yaml: '2.9.1',
  'ajv-formats': '3.0.1',
};

function folder(): string {
  const tag = Object.entries(PINNED)
    .map(([name, version]) => `${name.replace(/[@/]/g, '')}-${version}`)
    .join('_');
  return path.join(ROOT, '.cache', `fleet-engines-${Buffer.from(tag).toString('base64url').slice(0, 24)}`);
}

export interface Installed {
  /** Seconds the install took, or 0 when it was already there. */
  installSeconds: number;
  require: NodeRequire;
  /** The Trino SQL parser, bundled at install. */
  trinoParserPath: string;
}

let installed: Installed | undefined;

/** Installs the pinned engines when missing; returns a `require` that loads them from the cache. */
export function engines(): Installed {
  if (installed) return installed;
  const dir = folder();
  const marker = path.join(dir, 'installed.json');
  let installSeconds = 0;
  if (!existsSync(marker)) {
    const started = Date.now();
    const temporary = `${dir}.tmp-${process.pid}`;
    rmSync(temporary, { recursive: true, force: true });
    mkdirSync(temporary, { recursive: true });
    writeFileSync(path.join(temporary, 'package.json'), '{"private":true}\n');
    const specs = Object.entries(PINNED).map(([name, version]) => `${name}@${version}`);
    process.stderr.write(`installing the fleet engines from the npm registry (${specs.join(', ')})...\n`);
    const run = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', ...specs], {
      cwd: temporary,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (run.status !== 0) {
      rmSync(temporary, { recursive: true, force: true });
      throw new Error(`npm install of the fleet engines failed (exit ${run.status}):\n${run.stderr.slice(-2000)}`);
    }
    // The parser ships ES modules that Node cannot load as they are: esbuild (a devDependency) bundles it.
    const bundle = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'esbuild'),
      [
        path.join(temporary, 'node_modules', 'dt-sql-parser', 'dist', 'index.js'),
        '--bundle',
        '--platform=node',
        '--format=cjs',
        '--log-level=warning',
        `--outfile=${path.join(temporary, 'trino-sql.cjs')}`,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    if (bundle.status !== 0) throw new Error(`bundling dt-sql-parser failed: ${bundle.stderr}`);
    installSeconds = (Date.now() - started) / 1000;
    writeFileSync(path.join(temporary, 'installed.json'), `${JSON.stringify({ PINNED, installSeconds })}\n`);
    try {
      renameSync(temporary, dir);
    } catch (error) {
      // Another run finished first: use its install.
      rmSync(temporary, { recursive: true, force: true });
      if (!existsSync(marker)) throw error;
    }
    process.stderr.write(`fleet engines installed in ${installSeconds.toFixed(1)} s\n`);
  }
  installed = {
    installSeconds,
    require: createRequire(path.join(dir, 'package.json')),
    trinoParserPath: path.join(dir, 'trino-sql.cjs'),
  };
  return installed;
}
