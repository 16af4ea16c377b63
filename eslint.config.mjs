// Lint for the whole repository: the recommended JavaScript and TypeScript rules (syntax-only,
// no type information, so a full run stays fast) plus the runtime import boundaries of
// eslint/boundaries.mjs, which fail the build.
import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import ocop from './eslint/boundaries.mjs'

export default defineConfig(
  globalIgnores(['out/', 'node_modules/', 'reports/', 'test-results/', 'playwright-report/', '.data/']),
  {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    plugins: { ocop },
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'ocop/import-boundaries': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'src/preload/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Migrations are "frozen in time" (kysely's docs): they take Kysely<any>, never the app's
    // current schema type.
    files: ['src/main/db/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
