// The process split is enforced here: each folder may import only what its process can run.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'tls',
  'net',
  'child_process',
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-output/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    plugins: { 'import-x': importX },
    languageOptions: {
      globals: { process: 'readonly', Buffer: 'readonly', console: 'readonly', URL: 'readonly' },
    },
    rules: {
      curly: ['error', 'all'],
      'no-console': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index'],
          'newlines-between': 'always',
          alphabetize: { order: 'asc' },
        },
      ],
    },
  },
  {
    files: ['src/main/core/**/*.ts', 'src/dev-server/**/*.ts', 'src/main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The core runs in plain Node: inject what Electron provides.',
            },
          ],
          patterns: [
            {
              group: ['**/electron/**', 'electron-*'],
              message: 'The core must not depend on the Electron adapter.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Shared code runs in every process.' }],
          patterns: [
            {
              group: nodeBuiltins,
              message: 'Shared code runs in the renderer too: no Node modules.',
            },
            {
              group: ['**/main/**', '**/preload/**', '**/renderer/**'],
              message: 'Shared code imports only shared code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.ts'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly' } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer has no Electron or Node: use window.tokenTray.',
            },
          ],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer has no Node.' },
            {
              group: ['**/main/**', '**/preload/**', '**/dev-server/**'],
              message: 'The renderer imports only renderer and shared code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'A sandboxed preload has no Node modules.' },
            {
              group: ['**/main/**', '**/renderer/**'],
              message: 'The preload imports only electron and shared code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'test/**/*.ts',
      'scripts/**/*.{ts,mjs,cjs}',
      'src/main/core/logger.ts',
      'src/main/cli/**/*.ts',
      'src/dev-server/main.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
  },
);
