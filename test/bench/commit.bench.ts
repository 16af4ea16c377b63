/**
 * What synchronous=FULL costs (for the record: the app keeps FULL on purpose, a committed sale
 * must survive a power cut). Commit latency of small write transactions on a file database in
 * WAL mode, FULL vs NORMAL, interleaved in blocks so both see the same disk conditions.
 */
import { readFileSync } from 'node:fs'
import { afterAll, describe, it } from 'vitest'
import { createApp, type App } from '../../src/main/app'
import { memoryLogger } from '../../src/main/logger'
import { dataPaths } from '../../src/main/paths'
import { flushReport, median, percentile, record, scratchDir } from './report'

const BLOCKS = 8
const PER_BLOCK = 25
const ROW_PER_BLOCK = 50

const scratch = scratchDir('commit')
let app: App | undefined

afterAll(async () => {
  await app?.close()
  scratch.remove()
  flushReport()
})

/** The file system the scratch folder is on (the longest matching mount point). */
function fileSystemOf(path: string): string {
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' '))
    .filter((f) => f.length > 2 && path.startsWith(f[1]!))
    .sort((a, b) => b[1]!.length - a[1]!.length)
  const m = mounts[0]
  return m ? `${m[2]} (${m[0]} on ${m[1]})` : 'unknown'
}

describe('commit latency, synchronous FULL vs NORMAL', () => {
  it('creates products and inserts rows in both modes', async () => {
    app = await createApp({ paths: dataPaths(scratch.path), transport: 'http', appVersion: '0.0.0-bench', logger: memoryLogger(), reportRollups: false })
    const a = app
    const ctx = { actor: 'bench' }
    const created = await a.invoke('sellers.createSeller', { name: 'HTX Nông nghiệp Dương Xá', kind: 'cooperative', taxCode: '0101234567' }, ctx)
    if (!created.ok) throw new Error('seller')
    const sqlite = a.database.sqlite
    const journal = String(sqlite.pragma('journal_mode', { simple: true }))
    let n = 0
    const createProduct = async () => {
      n++
      const r = await a.invoke(
        'catalog.createProduct',
        {
          name: `Mật ong hoa nhãn Hưng Yên lô ${n}`,
          category: 'ocop.food',
          description: 'Mật ong nguyên chất, khai thác từ các đàn ong nuôi tại Hưng Yên.',
          variants: [
            { sku: `BENCH-${n}-500G`, optionLabel: 'Hũ 500g', unit: 'hũ', priceVnd: 180_000, weightGrams: 650 },
            { sku: `BENCH-${n}-1KG`, optionLabel: 'Hũ 1kg', unit: 'hũ', priceVnd: 340_000, weightGrams: 1250 },
          ],
        },
        ctx,
      )
      if (!r.ok) throw new Error(JSON.stringify(r.error))
    }
    const insert = sqlite.prepare(`INSERT INTO audit_log (id, entity_type, entity_id, action, actor, at) VALUES (?, 'bench', ?, 'bench', 'bench', ?)`)
    const insertRow = () => {
      n++
      insert.run(`aud_bench_${n}`, `bench_${n}`, new Date().toISOString())
    }

    const modes = ['FULL', 'NORMAL'] as const
    const create: Record<(typeof modes)[number], number[]> = { FULL: [], NORMAL: [] }
    const row: Record<(typeof modes)[number], number[]> = { FULL: [], NORMAL: [] }
    for (const mode of modes) {
      sqlite.pragma(`synchronous = ${mode}`)
      for (let i = 0; i < 10; i++) await createProduct() // warm-up
    }
    for (let block = 0; block < BLOCKS; block++) {
      for (const mode of block % 2 === 0 ? modes : [...modes].reverse()) {
        sqlite.pragma(`synchronous = ${mode}`)
        for (let i = 0; i < PER_BLOCK; i++) {
          const t = performance.now()
          await createProduct()
          create[mode].push(performance.now() - t)
        }
        for (let i = 0; i < ROW_PER_BLOCK; i++) {
          const t = performance.now()
          insertRow()
          row[mode].push(performance.now() - t)
        }
      }
    }
    sqlite.pragma('synchronous = FULL')

    const fs = fileSystemOf(scratch.path)
    const how = `on ${fs}, journal_mode=${journal}; ${BLOCKS} interleaved blocks per mode`
    for (const mode of modes) {
      record({
        name: `db.commit_ms.sync_${mode.toLowerCase()}`,
        value: median(create[mode]),
        unit: 'ms',
        p50: median(create[mode]),
        p95: percentile(create[mode], 95),
        rowInsertP50: median(row[mode]),
        rowInsertP95: percentile(row[mode], 95),
        samples: create[mode].length,
        detail: `Median time of catalog.createProduct (2 variants; one transaction with its audit entry, through the dispatcher) with synchronous=${mode}, ${how}. p95 ${percentile(create[mode], 95).toFixed(2)} ms. One-row INSERT in autocommit: median ${median(row[mode]).toFixed(3)} ms, p95 ${percentile(row[mode], 95).toFixed(3)} ms.`,
      })
    }
    record({
      name: 'db.commit_ms.row_insert.sync_full',
      value: median(row.FULL),
      unit: 'ms',
      p95: percentile(row.FULL, 95),
      detail: `One-row INSERT (autocommit) with synchronous=FULL, ${how}.`,
    })
    record({
      name: 'db.commit_ms.row_insert.sync_normal',
      value: median(row.NORMAL),
      unit: 'ms',
      p95: percentile(row.NORMAL, 95),
      detail: `One-row INSERT (autocommit) with synchronous=NORMAL, ${how}.`,
    })
    record({
      name: 'db.commit_ms.full_over_normal_ratio',
      value: median(create.FULL) / median(create.NORMAL),
      unit: '×',
      p95Ratio: percentile(create.FULL, 95) / percentile(create.NORMAL, 95),
      rowInsertRatio: median(row.FULL) / median(row.NORMAL),
      detail:
        `Median createProduct FULL ÷ NORMAL (p95 ratio ${(percentile(create.FULL, 95) / percentile(create.NORMAL, 95)).toFixed(2)}; ` +
        `one-row insert ratio ${(median(row.FULL) / median(row.NORMAL)).toFixed(2)}). In WAL mode FULL adds an fsync of the WAL at every commit; ` +
        `this VM's virtual disk may acknowledge fsync faster (or slower) than a farm office PC's SSD or HDD.`,
    })
  })
})
