// For contributors with desktop VS Code: `npm run test:vscode` runs the integration suite in it
// through @vscode/test-cli. The same suite runs in code-server in CI (scripts/vscode/run-integration.mjs).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  files: 'out/test/integration/*.test.js',
  workspaceFolder: 'test/integration/workspace',
  mocha: { ui: 'bdd', timeout: 60000 },
});
