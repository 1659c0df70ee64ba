// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/** The folder rule of the codebase (STYLE.md), enforced here as well as by the TypeScript projects. */
const noElectron = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };
const nodeOnly = nodeBuiltins.map((name) => ({ name, message: 'This layer must not use Node.js modules.' }));
/** The IPC primitives each have one home: ipcMain in electron/main/ipc.ts, the bridge in electron/preload. */
const ipcMainOnlyInIpc = {
  name: 'electron',
  importNames: ['ipcMain'],
  message: 'Only electron/main/ipc.ts uses ipcMain: register channels there, through the contract.',
};
const bridgeOnlyInPreload = {
  name: 'electron',
  importNames: ['ipcRenderer', 'contextBridge'],
  message: 'Only electron/preload uses ipcRenderer and contextBridge.',
};
/** Main hosts the application: it may use the core and shared/, never the renderer or the preload. */
const mainPatterns = [
  { group: ['**/renderer/**', '**/preload/**'], message: 'Main reaches the renderer only through the IPC contract.' },
];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'coverage/**',
      '.stryker-tmp*/**',
      'reports/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...nodeOnly],
          patterns: [
            {
              group: ['react', 'react-dom', 'react/*', '@fluentui/*', 'zustand', 'zustand/*'],
              message: 'shared/ is UI-free.',
            },
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'shared/ imports nothing from electron/ or renderer/.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...nodeOnly],
          patterns: [{ group: ['**/electron/**'], message: 'The renderer reaches main only through window.api.' }],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/web/**/*.ts', 'electron/cli.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['**/renderer/**', '**/main/**', '**/preload/**'], message: 'The core is Electron-free.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/main/ipc.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [ipcMainOnlyInIpc, bridgeOnlyInPreload], patterns: mainPatterns }],
    },
  },
  {
    files: ['electron/main/ipc.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [bridgeOnlyInPreload], patterns: mainPatterns }] },
  },
  {
    // The preload runs sandboxed: electron's bridge and the contract's channel list, nothing else.
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ipcMainOnlyInIpc, ...nodeOnly],
          patterns: [
            {
              group: ['**/core/**', '**/main/**', '**/renderer/**', '**/web/**', '**/cli/**', '**/cli'],
              message: 'The preload bridges the IPC contract only: it imports electron and shared/ipc.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'electron/cli.ts',
      'electron/cli/**/*.ts',
      'electron/core/sandbox/run.ts',
      'scripts/**/*.ts',
      'bench/**/*.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
);
