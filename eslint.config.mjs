// Lint rules for the whole project: typescript-eslint's recommended set plus a few house rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'examples/**', '.vscode-test/**', 'test-results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: Object.fromEntries(
        [
          'console',
          'process',
          '__dirname',
          'require',
          'URL',
          'URLSearchParams',
          'setTimeout',
          'clearTimeout',
          'setImmediate',
          'Buffer',
          'performance',
          'fetch',
          'TextDecoder',
          'TextEncoder',
          'AbortController',
          'structuredClone',
        ].map((name) => [name, 'readonly']),
      ),
    },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
      'prefer-const': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // No `x!`: say what happens when the value is missing (`?.`, `??`, a check, or `as T` where a
      // preceding test proves it).
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  // Type-aware rules where a dropped promise can take the server down or lose an error: every promise
  // of the server, the client and the tests is awaited or has its failure handled (`void` does not
  // count). node:test's describe and it return promises the runner itself waits for.
  {
    files: ['server/src/**/*.ts', 'client/src/**/*.ts', 'shared/src/**/*.ts', 'test/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          ignoreVoid: false,
          checkThenables: true,
          allowForKnownSafeCalls: [
            { from: 'package', name: ['describe', 'it', 'test', 'suite'], package: 'node:test' },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  // Tests written before non-null assertions were refused; new files follow the rule.
  {
    files: [
      'test/cli/diagnosis.test.ts',
      'test/integration/extension.test.ts',
      'test/integration/inspection.test.ts',
      'test/integration/restart.test.ts',
      'test/protocol/code.test.ts',
      'test/protocol/corpus.test.ts',
      'test/protocol/diagnosis.test.ts',
      'test/protocol/hostile.test.ts',
      'test/protocol/inspect.test.ts',
      'test/protocol/inspectDiagnosis.test.ts',
      'test/protocol/recordCorners.test.ts',
      'test/protocol/server.test.ts',
      'test/protocol/settings.test.ts',
      'test/unit/diagnosis.test.ts',
      'test/unit/format.test.ts',
    ],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  // Custom LSP messages follow the protocol libraries' convention: `export namespace XRequest { method; type }`.
  { files: ['shared/src/protocol.ts'], rules: { '@typescript-eslint/no-namespace': 'off' } },
);
