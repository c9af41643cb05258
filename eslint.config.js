import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { importX } from 'eslint-plugin-import-x'

const boundary = (allowed) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['@llm-observatory/*', ...allowed.map((name) => `!@llm-observatory/${name}`)],
          message: 'This import crosses a package boundary that STYLE.md forbids.',
        },
        {
          group: ['@llm-observatory/*/*', '**/packages/*/src/**'],
          message: 'No deep imports into another package.',
        },
      ],
    },
  ],
})

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'data/**',
      '**/dist/**',
      'test/compat/stacks/**',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/require-await': 'off',
      'import-x/no-cycle': 'error',
    },
  },
  { files: ['packages/core/**/*.ts'], rules: boundary(['core']) },
  { files: ['packages/contracts/**/*.ts'], rules: boundary(['contracts', 'core']) },
  { files: ['packages/query/**/*.ts'], rules: boundary(['query', 'core', 'testkit']) },
  {
    files: ['packages/analytics/**/*.ts'],
    rules: boundary(['analytics', 'query', 'storage', 'core', 'testkit']),
  },
  { files: ['packages/storage/**/*.ts'], rules: boundary(['storage', 'query', 'core', 'testkit']) },
  {
    files: ['packages/ingest/**/*.ts'],
    rules: boundary(['ingest', 'storage', 'core', 'contracts', 'testkit']),
  },
  {
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    rules: boundary(['contracts', 'core']),
  },
  // Nothing imports the Vite config or the web tests, so they cannot be in a cycle; and
  // import-x's resolver crashes on the 'vite' package.
  {
    files: ['apps/web/vite.config.ts', 'apps/web/test/**/*.ts'],
    rules: { 'import-x/no-cycle': 'off' },
  },
  { files: ['**/*.js', 'vitest.config.ts'], ...tseslint.configs.disableTypeChecked },
)
