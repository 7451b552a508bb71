import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'ui-extensions/**', '.vip-care/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    // The core is pure: no HTTP, database drivers, CRM SDKs or Node I/O.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'http', 'https'], message: 'core/ is platform-free: no Node I/O.' },
          { group: ['pg', 'kysely', '@electric-sql/*', 'express', 'jsforce', '@hubspot/*'], message: 'core/ may not import drivers, HTTP or CRM SDKs.' },
          { group: ['**/server/**', '**/connectors/**'], message: 'core/ may not import the host or connectors.' },
        ],
      }],
    },
  },
);
