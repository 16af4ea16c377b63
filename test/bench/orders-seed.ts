/**
 * A cooperative's order book at scale for the bench: 1,000,000 orders with 3,000,000 lines over
 * about three years, written with raw prepared statements the way the orders service writes
 * them (order row, snapshot lines, a `created` event, the folded order_search row keyed by
 * sales_order.seq, the year's order_number counter). Cached under node_modules/.cache/ocop-bench/,
 * keyed by the migrations and this file, so only the first run pays for it.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { foldVietnamese } from '@shared/domain/vietnamese'
import { formatOrderNumber, orderNumberSearchKey } from '@shared/domain/order-number'
import { openDatabase } from '../../src/main/db/connection'
import { loadSqlite } from '../../src/main/db/driver'
import { migrateToLatest } from '../../src/main/db/migrate'
import { BENCH_CACHE_DIR, REPO_ROOT } from './seed'
import { FAMILY_NAMES, GIVEN_NAMES } from './vocabulary'
import { seededRandom } from '../../src/shared/seeded-random'

export const ORDER_BENCH = {
  orders: 1_000_000,
  linesPerOrder: 3,
  customers: 50_000,
  products: 500,
  startMs: Date.parse('2024-01-01T01:00:00.000Z'),
  endMs: Date.parse('2026-11-27T12:00:00.000Z'),
} as const

const CHANNELS = ['counter', 'phone', 'zalo', 'facebook', 'website', 'shopee', 'lazada', 'tiktok', 'ntm_portal', 'other'] as const
/** Old orders are mostly done; a realistic mix. */
const STATUS_MIX: readonly [string, number][] = [
  ['completed', 0.72],
  ['delivered', 0.06],
  ['shipped', 0.05],
  ['packed', 0.02],
  ['confirmed', 0.04],
  ['draft', 0.02],
  ['cancelled', 0.07],
  ['returned', 0.02],
]

const id = (prefix: string, n: number) => `${prefix}_bench${n.toString(36).padStart(10, '0')}`

export interface SeededOrders {
  readonly file: string
  readonly built: boolean
  readonly buildSeconds: number
  readonly bytes: number
}

function cacheKey(): string {
  const hash = createHash('sha256').update(JSON.stringify(ORDER_BENCH)).update('v1')
  const dir = join(REPO_ROOT, 'src/main/db/migrations')
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts')).sort()) hash.update(readFileSync(join(dir, f)))
  hash.update(readFileSync(join(REPO_ROOT, 'test/bench/orders-seed.ts')))
  return hash.digest('hex').slice(0, 16)
}

export async function seededOrders(): Promise<SeededOrders> {
  const key = cacheKey()
  mkdirSync(BENCH_CACHE_DIR, { recursive: true })
  const file = join(BENCH_CACHE_DIR, `orders-${ORDER_BENCH.orders}-${key}.sqlite`)
  if (existsSync(file)) return { file, built: false, buildSeconds: 0, bytes: statSync(file).size }
  for (const old of readdirSync(BENCH_CACHE_DIR)) if (old.startsWith('orders-')) rmSync(join(BENCH_CACHE_DIR, old), { force: true })

  const started = performance.now()
  const building = `${file}.building-${process.pid}`
  for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true })
  const opened = openDatabase(building)
  await migrateToLatest(opened.db)
  await opened.close()

  const sqlite = new (loadSqlite())(building)
  sqlite.pragma('journal_mode = DELETE')
  sqlite.pragma('synchronous = OFF')
  sqlite.pragma('cache_size = -262144')
  const rnd = seededRandom(20261128)
  const at = new Date(ORDER_BENCH.startMs).toISOString()

  sqlite.transaction(() => {
    sqlite
      .prepare(`INSERT INTO seller (id, kind, name, is_default, created_at, updated_at) VALUES ('sel_bench', 'cooperative', 'HTX Bench', 1, ?, ?)`)
      .run(at, at)
    const product = sqlite.prepare(
      `INSERT INTO product (id, seller_id, name, name_folded, status, variant_count, min_price_vnd, max_price_vnd, created_at, updated_at) VALUES (?, 'sel_bench', ?, ?, 'active', 1, ?, ?, ?, ?)`,
    )
    const variant = sqlite.prepare(
      `INSERT INTO product_variant (id, product_id, sku, unit, price_vnd, position, created_at, updated_at) VALUES (?, ?, ?, 'hũ', ?, 0, ?, ?)`,
    )
    for (let p = 1; p <= ORDER_BENCH.products; p++) {
      const name = `Mật ong hoa nhãn loại ${p}`
      const price = (50 + Math.floor(rnd() * 400)) * 1000
      product.run(id('prd', p), name, foldVietnamese(name), price, price, at, at)
      variant.run(id('var', p), id('prd', p), `MO-${p}`, price, at, at)
    }
    const customer = sqlite.prepare(`INSERT INTO customer (id, name, name_folded, phone, version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)`)
    for (let c = 1; c <= ORDER_BENCH.customers; c++) {
      const name = `${FAMILY_NAMES[c % FAMILY_NAMES.length]} ${GIVEN_NAMES[(c * 7) % GIVEN_NAMES.length]}`
      customer.run(id('cus', c), name, foldVietnamese(name), `09${String(10_000_000 + c * 37).slice(-8)}`, at, at)
    }
  })()

  const order = sqlite.prepare(
    `INSERT INTO sales_order (id, number, channel, status, customer_id, customer_name, customer_phone, subtotal_vnd, order_discount_vnd, shipping_fee_vnd, total_vnd, version, created_at, updated_at, confirmed_at, cancelled_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 1, ?, ?, ?, ?)`,
  )
  const line = sqlite.prepare(
    `INSERT INTO order_line (id, order_id, position, variant_id, product_id, product_name, sku, unit, quantity, unit_price_vnd, discount_vnd, total_vnd) VALUES (?, ?, ?, ?, ?, ?, ?, 'hũ', ?, ?, 0, ?)`,
  )
  const event = sqlite.prepare(`INSERT INTO order_event (id, order_id, kind, to_status, actor, at) VALUES (?, ?, 'created', 'draft', 'bench', ?)`)
  // Goods that came back, as orders.returnOrder records them: the event names the lines.
  const returned = sqlite.prepare(`INSERT INTO order_event (id, order_id, kind, to_status, actor, at, data_json) VALUES (?, ?, 'returned', 'returned', 'bench', ?, ?)`)
  const lineBack = sqlite.prepare(`UPDATE order_line SET returned_quantity = quantity WHERE order_id = ?`)
  const search = sqlite.prepare(`INSERT INTO order_search (rowid, number, name, phone) VALUES (?, ?, ?, ?)`)
  const customerOf = sqlite.prepare(`SELECT name, phone FROM customer WHERE id = ?`)
  const prices = sqlite.prepare(`SELECT price_vnd FROM product_variant WHERE id = ?`)
  const priceOf = new Map<number, number>()
  for (let p = 1; p <= ORDER_BENCH.products; p++) priceOf.set(p, (prices.get(id('var', p)) as { price_vnd: number }).price_vnd)
  const customers = new Map<number, { name: string; phone: string }>()
  const span = ORDER_BENCH.endMs - ORDER_BENCH.startMs
  const counters = new Map<number, number>()
  const BATCH = 50_000
  for (let start = 1; start <= ORDER_BENCH.orders; start += BATCH) {
    sqlite.transaction(() => {
      for (let n = start; n < start + BATCH && n <= ORDER_BENCH.orders; n++) {
        const createdMs = ORDER_BENCH.startMs + Math.floor((span * (n - 1)) / ORDER_BENCH.orders) + Math.floor(rnd() * 1000)
        const created = new Date(createdMs).toISOString()
        const year = new Date(createdMs + 7 * 3_600_000).getUTCFullYear()
        const seqInYear = (counters.get(year) ?? 0) + 1
        counters.set(year, seqInYear)
        const number = formatOrderNumber(year, seqInYear)
        let r = rnd()
        let status = 'completed'
        for (const [s, share] of STATUS_MIX) {
          if (r < share) {
            status = s
            break
          }
          r -= share
        }
        const walkIn = rnd() < 0.3
        const c = 1 + Math.floor(rnd() * ORDER_BENCH.customers)
        let cust = customers.get(c)
        if (!walkIn && !cust) {
          cust = customerOf.get(id('cus', c)) as { name: string; phone: string }
          customers.set(c, cust)
        }
        const channel = walkIn ? 'counter' : CHANNELS[1 + Math.floor(rnd() * (CHANNELS.length - 1))]!
        const orderId = id('ord', n)
        let subtotal = 0
        const lines: [number, number, number][] = []
        for (let k = 0; k < ORDER_BENCH.linesPerOrder; k++) {
          const p = 1 + Math.floor(rnd() * ORDER_BENCH.products)
          const q = 1 + Math.floor(rnd() * 4)
          const price = priceOf.get(p)!
          lines.push([p, q, price])
          subtotal += q * price
        }
        const shipping = channel === 'counter' ? 0 : 30_000
        // Every order but a draft was confirmed a few minutes after it was taken; some were cancelled later.
        const confirmed = status === 'draft' ? null : new Date(createdMs + 5 * 60_000).toISOString()
        const cancelled = status === 'cancelled' ? new Date(createdMs + 60 * 60_000).toISOString() : null
        order.run(orderId, number, channel, status, walkIn ? null : id('cus', c), walkIn ? null : cust!.name, walkIn ? null : cust!.phone, subtotal, shipping, subtotal + shipping, created, created, confirmed, cancelled)
        lines.forEach(([p, q, price], k) => line.run(`${orderId}_${k}`, orderId, k, id('var', p), id('prd', p), `Mật ong hoa nhãn loại ${p}`, `MO-${p}`, q, price, q * price))
        event.run(`${orderId}_e`, orderId, created)
        if (status === 'returned') {
          returned.run(`${orderId}_r`, orderId, new Date(createdMs + 5 * 86_400_000).toISOString(), JSON.stringify({ disposition: 'restock', lines: lines.map(([, q], k) => ({ lineId: `${orderId}_${k}`, quantity: q })) }))
          lineBack.run(orderId)
        }
        search.run(n, foldVietnamese(`${number} ${seqInYear} ${orderNumberSearchKey(number) ?? ''}`), walkIn ? '' : foldVietnamese(cust!.name), walkIn ? '' : `${cust!.phone} ${cust!.phone.slice(-4)}`)
      }
    })()
  }
  const counter = sqlite.prepare(`INSERT INTO order_number (year, last) VALUES (?, ?)`)
  for (const [year, last] of counters) counter.run(year, last)
  sqlite.pragma('optimize')
  sqlite.pragma('journal_mode = WAL')
  sqlite.close()
  renameSync(building, file)
  return { file, built: true, buildSeconds: (performance.now() - started) / 1000, bytes: statSync(file).size }
}
