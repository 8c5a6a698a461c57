// Bundles the CLI, the language server, their scan worker and the VS Code client into dist/ with esbuild.
// `--watch` rebuilds on change; `--production` minifies and drops source maps; `--outdir DIR` writes
// the bundles to DIR instead of dist/ (the VSIX is packaged from its own).
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt === -1 ? 'dist' : process.argv[outdirAt + 1];
if (!outdir) throw new Error('--outdir needs a folder');

const entries = [
  { in: 'server/src/cli.ts', out: 'cli.js' },
  { in: 'server/src/server.ts', out: 'server.js' },
  // The worker thread of folder scans, loaded by the CLI and the server from beside their bundle.
  { in: 'server/src/scanWorker.ts', out: 'scanWorker.js' },
  { in: 'client/src/extension.ts', out: 'extension.js', external: ['vscode'] },
].filter((entry) => existsSync(entry.in));

const contexts = await Promise.all(
  entries.map((entry) =>
    esbuild.context({
      entryPoints: [entry.in],
      outfile: path.join(outdir, entry.out),
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      external: entry.external ?? [],
      minify: production,
      sourcemap: !production,
      sourcesContent: false,
      legalComments: 'none',
      // '#shared/protocol' (package.json "imports") resolves to the TypeScript source, not tsc's output;
      // 'module' is esbuild's default condition, kept.
      conditions: ['source', 'module'],
      logLevel: 'warning',
    }),
  ),
);

if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
  console.log(`watching ${entries.length} bundles`);
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
