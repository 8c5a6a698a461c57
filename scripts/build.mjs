// Bundles the CLI, the language server, their scan worker and the VS Code client into dist/ with esbuild.
// `--watch` rebuilds on change; `--production` minifies and drops source maps.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const entries = [
  { in: 'server/src/cli.ts', out: 'dist/cli.js' },
  { in: 'server/src/server.ts', out: 'dist/server.js' },
  // The worker thread of folder scans, loaded by the CLI and the server from beside their bundle.
  { in: 'server/src/scanWorker.ts', out: 'dist/scanWorker.js' },
  { in: 'client/src/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
].filter((entry) => existsSync(entry.in));

const contexts = await Promise.all(
  entries.map((entry) =>
    esbuild.context({
      entryPoints: [entry.in],
      outfile: entry.out,
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
