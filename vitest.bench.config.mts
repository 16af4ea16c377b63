import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

/**
 * The bench suite (`npm run bench` → scripts/bench.mjs). Measurements run inside ordinary
 * tests, one file at a time so they never compete for the CPU, and write reports/bench.json.
 * Targets are reported, never asserted.
 */
export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'src/shared') } },
  test: {
    include: ['test/bench/**/*.bench.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    reporters: ['verbose'],
  },
})
