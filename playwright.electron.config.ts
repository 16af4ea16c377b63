import { defineConfig } from '@playwright/test'

/**
 * The desktop-shell suite (test/electron): Playwright's `_electron` against the built app.
 * It skips itself where the Electron binary is absent. Run: `npx playwright test -c playwright.electron.config.ts`.
 */
export default defineConfig({
  testDir: 'test/electron',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/electron',
  // One Electron at a time: each test launches the whole app with its own data folder.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  forbidOnly: Boolean(process.env['CI']),
  reporter: [['list'], ['json', { outputFile: 'reports/playwright-electron.json' }]],
})
