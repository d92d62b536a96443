// Zero warnings in CI (`eslint --max-warnings 0`). Never switch a rule off to get green.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const vendorImports = [
  { group: ['next', 'next/*', 'react', 'react/*', 'react-dom', 'react-dom/*'], message: 'lib/core is pure: no UI framework.' },
  { group: ['@prisma/*', '.prisma/*', 'better-sqlite3', 'pg'], message: 'lib/core is pure: storage lives in lib/store.' },
  { group: ['@kubernetes/*', '@alicloud/*', '@aws-sdk/*'], message: 'lib/core is pure: SDKs live in lib/collect.' },
  { group: ['**/store/*', '**/collect/*', '**/server/*', 'server-only'], message: 'lib/core must not reach the adapters.' },
  { group: ['node:fs', 'fs', 'node:fs/*', 'node:net', 'node:http', 'node:https', 'node:child_process'], message: 'lib/core does no I/O.' },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.next/',
      '.next-*/',
      'test-results-*/',
      'lib/store/generated/',
      'data/',
      'test-results/',
      'playwright-report/',
      'e2e/artifacts/',
      'bench/out/',
      'next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // node:test's describe/test return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'test', 'it', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['lib/core/**/*.ts'],
    // Tests and their test data may read fixture files; the engine itself may not.
    ignores: ['lib/core/**/*.test.ts', 'lib/core/**/testdata/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: vendorImports }] },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, project: null },
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
);
