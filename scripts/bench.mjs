#!/usr/bin/env node
/**
 * `npm run bench`: builds out/ when it is missing or older than the sources (always under the
 * shared build lock), runs the bench suite (vitest.bench.config.mts: test/bench/*.bench.ts, one
 * file at a time), then prints reports/bench.json as a table. Targets are reported, not
 * asserted: the exit code is non-zero only when a bench could not run.
 *
 *   node scripts/bench.mjs [--no-build] [vitest filters…]     e.g. `npm run bench -- search`
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const cli = join(root, 'out/main/cli.js')
const report = join(root, 'reports/bench.json')
const args = process.argv.slice(2)
const noBuild = args.includes('--no-build')
const filters = args.filter((a) => a !== '--no-build')
const started = Date.now()
const loadBefore = loadavg()[0]

function newestSource(dir) {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

function buildReason() {
  if (!existsSync(cli)) return 'out/main/cli.js is missing'
  const built = statSync(cli).mtimeMs
  const sources = Math.max(newestSource(join(root, 'src/main')), newestSource(join(root, 'src/shared')), statSync(join(root, 'electron.vite.config.ts')).mtimeMs)
  return sources > built ? 'out/main/cli.js is older than src/main or src/shared' : null
}

let buildNote = 'out/ up to date'
const reason = buildReason()
if (reason && noBuild) {
  buildNote = `${reason}; not rebuilt (--no-build)`
} else if (reason) {
  console.log(`[bench] ${reason}: building (flock /tmp/ocop-build.lock npx electron-vite build)`)
  const built = spawnSync('flock', ['/tmp/ocop-build.lock', 'npx', 'electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  if (built.status === 0) buildNote = 'out/ rebuilt'
  else if (existsSync(cli)) buildNote = `build FAILED (exit ${built.status}); the serve bench uses the previous out/`
  else {
    console.error('[bench] the build failed and out/main/cli.js is missing: cannot run the serve bench')
    process.exit(1)
  }
  console.log(`[bench] ${buildNote}`)
}

rmSync(report, { force: true })
const vitest = spawnSync(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'vitest.bench.config.mts', ...filters], {
  cwd: root,
  stdio: 'inherit',
})

if (!existsSync(report)) {
  console.error('[bench] no reports/bench.json was written')
  process.exit(vitest.status || 1)
}
const metrics = JSON.parse(readFileSync(report, 'utf8'))

const fmt = (v) => (typeof v !== 'number' ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2))
const rows = metrics.map((m) => [
  m.name,
  `${fmt(m.value)} ${m.unit}`,
  m.target === undefined ? '' : `${m.better === 'higher' ? '≥' : '≤'} ${m.target}`,
  m.met === undefined ? '' : m.met ? 'met' : 'MISSED',
])
const head = ['metric', 'value', 'target', '']
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
const line = (r) => r.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()
console.log('')
console.log(
  `OCOP Storefront bench — node ${process.version}, ${cpus().length} cores, load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)}, ${buildNote}, ${((Date.now() - started) / 1000).toFixed(0)} s`,
)
console.log(line(head))
console.log(widths.map((w) => '─'.repeat(w)).join('  '))
for (const r of rows) console.log(line(r))
const withTarget = metrics.filter((m) => m.met !== undefined)
console.log(`\n${withTarget.filter((m) => m.met).length} of ${withTarget.length} targets met; details in reports/bench.json`)
process.exit(vitest.status ?? 1)
