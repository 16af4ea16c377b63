#!/usr/bin/env node
// `npm test`: every check a change must pass — typecheck, lint, build, unit and integration
// tests (vitest, real SQLite), end-to-end tests in Chromium (browser mode), and the desktop
// shell suite (skipped where no Electron binary exists). Ends with one plain line:
// "N passed, N failed" (", N skipped" when some were skipped).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)
const reports = join(root, 'reports')
rmSync(join(reports, 'vitest.json'), { force: true })
rmSync(join(reports, 'playwright.json'), { force: true })
rmSync(join(reports, 'playwright-electron.json'), { force: true })
mkdirSync(reports, { recursive: true })

const totals = { passed: 0, failed: 0, skipped: 0 }
const lines = []

function run(title, command, args) {
  console.log(`\n━━ ${title}: ${[command.replace(root + '/', ''), ...args].join(' ')}`)
  const started = Date.now()
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env })
  const ok = result.status === 0
  lines.push(`${ok ? 'ok  ' : 'FAIL'} ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  return ok
}

function step(title, command, args) {
  const ok = run(title, command, args)
  if (ok) totals.passed++
  else totals.failed++
  return ok
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

/** A suite counts its own tests; if it crashed before writing a report, it counts as one failure. */
function suite(title, command, args, reportFile, count) {
  const ok = run(title, command, args)
  const report = readJson(reportFile)
  if (!report) {
    totals.failed++
    lines.push(`     ${title}: no report written`)
    return
  }
  const c = count(report)
  totals.passed += c.passed
  totals.failed += c.failed
  totals.skipped += c.skipped
  if (!ok && c.failed === 0) totals.failed++
  lines.push(`     ${title}: ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`)
}

const playwrightCount = (r) => ({
  passed: (r.stats?.expected ?? 0) + (r.stats?.flaky ?? 0),
  failed: r.stats?.unexpected ?? 0,
  skipped: r.stats?.skipped ?? 0,
})

step('typecheck (main, preload, shared, tests)', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.node.json'])
step('typecheck (renderer)', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.web.json'])
step('lint', bin('eslint'), ['--max-warnings=0', '.'])
const built = step('build', bin('electron-vite'), ['build'])
suite('unit and integration tests', bin('vitest'), ['run'], join(reports, 'vitest.json'), (r) => ({
  passed: r.numPassedTests ?? 0,
  failed: r.numFailedTests ?? 0,
  skipped: (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0),
}))
if (built) {
  suite('end-to-end tests (Chromium, browser mode)', bin('playwright'), ['test'], join(reports, 'playwright.json'), playwrightCount)
  if (existsSync(join(root, 'playwright.electron.config.ts'))) {
    suite('desktop shell tests (Electron)', bin('playwright'), ['test', '-c', 'playwright.electron.config.ts'], join(reports, 'playwright-electron.json'), playwrightCount)
  }
} else {
  totals.failed++
  lines.push('     end-to-end tests not run: the build failed')
}

console.log('\n━━ summary')
for (const line of lines) console.log(line)
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`)
process.exit(totals.failed > 0 ? 1 : 0)
