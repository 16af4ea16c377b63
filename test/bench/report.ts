/**
 * Bench results: each bench file records metrics and merges them into reports/bench.json when
 * it ends (files run one after another; scripts/bench.mjs removes the old report first).
 * Targets are reported (`target`, `met`), never asserted.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { BENCH_CACHE_DIR, REPO_ROOT } from './seed'

export interface MetricInput {
  readonly name: string
  readonly value: number
  readonly unit: string
  readonly target?: number
  /** Which way is good: `lower` means met when value ≤ target. */
  readonly better?: 'lower' | 'higher'
  readonly detail?: string
  /** Context fields (sample counts, breakdowns…). */
  readonly [extra: string]: unknown
}

export interface Metric extends MetricInput {
  readonly met?: boolean
}

export const REPORT_FILE = join(REPO_ROOT, 'reports/bench.json')

/** Report order: the required metrics first, as the brief lists them. */
const ORDER = [
  'catalog.search.p95_ms@100k',
  'catalog.search.p50_ms@100k',
  'catalog.search.queries@100k',
  'catalog.search.like_scan_ratio@100k',
  'db.kysely_overhead_ratio',
  'catalog.import_xlsx_s@10k',
  'serve.cold_start_ms',
  'serve.cold_start_with_backup_ms@100k',
  'serve.rss_mb@100k',
  'db.commit_ms.sync_full',
  'db.commit_ms.sync_normal',
  'media.ms_per_12mp_photo',
  'media.pipeline_ratio',
  'media.batch20_s',
  'media.batch20_event_loop_p99_ms',
  'orders.list_p95_ms@1M',
  'orders.search_p95_ms@1M',
  'orders.confirm_per_s',
  'orders.db_mb@1M',
  'db.commit_ms.full_over_normal_ratio',
]

const pending: Metric[] = []

function round(value: number): number {
  if (!Number.isFinite(value)) return value
  const abs = Math.abs(value)
  const digits = abs >= 100 ? 1 : abs >= 1 ? 3 : 4
  return Number(value.toFixed(digits))
}

export function record(metric: MetricInput): Metric {
  const better = metric.target === undefined ? undefined : (metric.better ?? 'lower')
  const met = metric.target === undefined ? undefined : better === 'higher' ? metric.value >= metric.target : metric.value <= metric.target
  const full: Metric = {
    ...metric,
    value: round(metric.value),
    ...(better && { better }),
    ...(met !== undefined && { met }),
  }
  pending.push(full)
  const target = full.target === undefined ? '' : `  (target ${better === 'higher' ? '≥' : '≤'} ${full.target}: ${met ? 'met' : 'MISSED'})`
  console.log(`[bench] ${full.name} = ${full.value} ${full.unit}${target}`)
  return full
}

function orderOf(name: string): number {
  const i = ORDER.indexOf(name)
  return i < 0 ? ORDER.length : i
}

/** Merges this file's metrics into reports/bench.json (by name). */
export function flushReport(): void {
  if (pending.length === 0) return
  mkdirSync(join(REPO_ROOT, 'reports'), { recursive: true })
  let existing: Metric[] = []
  if (existsSync(REPORT_FILE)) {
    try {
      const parsed = JSON.parse(readFileSync(REPORT_FILE, 'utf8')) as unknown
      if (Array.isArray(parsed)) existing = parsed as Metric[]
    } catch {
      existing = []
    }
  }
  const byName = new Map(existing.map((m) => [m.name, m]))
  for (const m of pending) byName.set(m.name, m)
  pending.length = 0
  const all = [...byName.values()].sort((a, b) => orderOf(a.name) - orderOf(b.name) || a.name.localeCompare(b.name))
  writeFileSync(REPORT_FILE, `${JSON.stringify(all, null, 2)}\n`)
}

// ---------------------------------------------------------------------------------------------
// Statistics and timing

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  // Nearest rank: the smallest value with at least p% of the samples at or below it.
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

export const median = (samples: readonly number[]) => percentile(samples, 50)

export function sum(samples: readonly number[]): number {
  return samples.reduce((s, x) => s + x, 0)
}

export async function timeMs(fn: () => unknown): Promise<number> {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

// ---------------------------------------------------------------------------------------------
// Scratch folders (next to the cache: same disk as the repository, never a tmpfs)

export function scratchDir(name: string): { path: string; remove(): void } {
  mkdirSync(BENCH_CACHE_DIR, { recursive: true })
  // Leftovers of runs that died (their process is gone) are removed first.
  for (const entry of readdirSync(BENCH_CACHE_DIR)) {
    const m = /^run-(\d+)-/.exec(entry)
    if (m && !processAlive(Number(m[1]))) rmSync(join(BENCH_CACHE_DIR, entry), { recursive: true, force: true })
  }
  const path = join(BENCH_CACHE_DIR, `run-${process.pid}-${name}`)
  rmSync(path, { recursive: true, force: true })
  mkdirSync(path, { recursive: true })
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
