// Runs the integration suite (test/integration, mocha in the extension host) inside a real VS Code:
// code-server, opened in headless Chromium with the `payload` that makes the workbench load this
// extension for development and run its tests, then report through `codeAutomationExit`.
// Usage: node scripts/vscode/run-integration.mjs oldest|newest
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from './install.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { CodeServer } = require(path.join(root, 'out', 'test', 'support', 'codeServer.js'));

const target = process.argv[2] ?? 'oldest';
const install = ensureCodeServer(target);
const testsEntry = path.join(root, 'out', 'test', 'integration', 'index.js');
if (!existsSync(testsEntry) || !existsSync(path.join(root, 'dist', 'extension.js'))) {
  console.error('build first: npm run build && npx tsc -b');
  process.exit(2);
}

// The extension host reads where to write its report from code-server's environment.
const results = path.join(await import('node:os').then((os) => os.tmpdir()), `kms-integration-${process.pid}.txt`);
const run = await CodeServer.start({
  install,
  workspace: path.join(root, 'test', 'integration', 'workspace'),
  env: { KMS_TEST_RESULTS: results },
  testPayload: true,
});

let exitCode = 1;
try {
  const code = await run.runExtensionTests(root, testsEntry, 300_000);
  const report = existsSync(results) ? readFileSync(results, 'utf8') : '(no test report was written)';
  console.log(`\nIntegration tests in VS Code ${install.version} (code-server):\n${report}`);
  if (code === 'timeout') console.error('the test run did not finish in 5 minutes');
  exitCode = code === 0 ? 0 : 1;
} catch (error) {
  console.error(error);
  console.error(run.logs());
} finally {
  await run.stop();
}
process.exit(exitCode);
