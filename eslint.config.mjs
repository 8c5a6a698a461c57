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
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // Type-aware rules where a dropped promise can take the server down or lose an error: every promise
  // of the server and the client is awaited or has its failure handled (`void` does not count).
  {
    files: ['server/src/**/*.ts', 'client/src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false, checkThenables: true }],
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  // Custom LSP messages follow the protocol libraries' convention: `export namespace XRequest { method; type }`.
  { files: ['shared/src/protocol.ts'], rules: { '@typescript-eslint/no-namespace': 'off' } },
);
