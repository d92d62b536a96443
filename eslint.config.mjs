// Zero warnings in CI (`eslint --max-warnings 0`). Never switch a rule off to get green.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The rings (ARCHITECTURE.md): lib/core inside, the adapters (lib/collect, lib/store, lib/server)
// around it, the UI (app/, components/) and the CLI (cli/) outside. Imports point inwards only.
// A flat config replaces a rule's options for the files a later block matches, so each block
// below lists every pattern its files are held to.
const uiFramework = ['next', 'next/*', '@next/*', 'react', 'react/*', 'react-dom', 'react-dom/*'];

const outerRings = {
  group: ['**/app', '**/app/*', '**/components', '**/components/*', '**/cli', '**/cli/*'],
  message: 'lib/ is the inner ring: app/, components/ and cli/ import lib, never the other way.',
};

const frameworkFree = {
  group: uiFramework,
  message: 'lib/core, lib/collect and lib/store also run in the CLI and the scheduler: no Next or React.',
};

const vendorImports = [
  { group: uiFramework, message: 'lib/core is pure: no UI framework.' },
  { group: ['@prisma/*', '.prisma/*', 'better-sqlite3', 'pg'], message: 'lib/core is pure: storage lives in lib/store.' },
  { group: ['@kubernetes/*', '@alicloud/*', '@aws-sdk/*'], message: 'lib/core is pure: SDKs live in lib/collect.' },
  { group: ['**/store/*', '**/collect/*', '**/server/*', 'server-only'], message: 'lib/core must not reach the adapters.' },
  { group: ['node:fs', 'fs', 'node:fs/*', 'node:net', 'node:http', 'node:https', 'node:child_process'], message: 'lib/core does no I/O.' },
];

// components/ render what a page (app/) or an API answer hands them: the data access stays in the page.
const componentImports = [
  {
    group: ['**/lib/store', '**/lib/store/*', '**/lib/collect', '**/lib/collect/*'],
    message: 'components/ never reach the store or the collectors: the page (app/) reads the data and passes it down.',
  },
  {
    group: ['**/lib/server', '**/lib/server/*'],
    allowTypeImports: true,
    message: 'components/ take only types from lib/server (import type): the page (app/) calls it and passes plain data.',
  },
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
    files: ['lib/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [outerRings] }] },
  },
  {
    files: ['lib/core/**/*.{ts,tsx}', 'lib/collect/**/*.{ts,tsx}', 'lib/store/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [outerRings, frameworkFree] }] },
  },
  {
    files: ['lib/core/**/*.{ts,tsx}'],
    // Tests and their test data may read fixture files; the engine itself may not.
    ignores: ['lib/core/**/*.test.ts', 'lib/core/**/testdata/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [outerRings, ...vendorImports] }] },
  },
  {
    files: ['components/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: componentImports }] },
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
