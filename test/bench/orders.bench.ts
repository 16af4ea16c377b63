/**
 * The order book at 1,000,000 orders / 3,000,000 lines: a list page filtered by status and a
 * date window, searches by number, customer name (typed without diacritics) and phone, through
 * the real orders service; confirmations per second (stock reserved, event written, with
 * synchronous=FULL) on a file database through the real dispatcher; and the database's size.
 */
import { copyFileSync, existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { listOrdersInput } from '@shared/contract/orders'
import { createApp, type App } from '../../src/main/app'
import { systemClock } from '../../src/main/clock'
import { addressBook } from '../../src/main/customers/address-book'
import { createCustomersService } from '../../src/main/customers/customers.service'
import { openDatabase, type OpenedDatabase } from '../../src/main/db/connection'
import { createIdFactory } from '../../src/main/ids'
import { memoryLogger } from '../../src/main/logger'
import { createOrdersService } from '../../src/main/orders/orders.service'
import { dataPaths } from '../../src/main/paths'
import { ORDER_BENCH, seededOrders } from './orders-seed'
import { flushReport, median, percentile, record, scratchDir } from './report'

const ROUNDS = 3
const scratch = scratchDir('orders')
let opened: OpenedDatabase | undefined
let app: App | undefined

afterAll(async () => {
  await opened?.close()
  await app?.close()
  scratch.remove()
  flushReport()
})

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now()
  const value = await fn()
  return { ms: performance.now() - t0, value }
}

describe('orders at 1M', () => {
  it('lists and searches the order book', async () => {
    const seeded = await seededOrders()
    // A copy: the bench must never change the cached database.
    const file = join(scratch.path, 'orders.sqlite')
    copyFileSync(seeded.file, file)
    opened = openDatabase(file)
    const deps = { db: opened.db, clock: systemClock, newId: createIdFactory() }
    const orders = createOrdersService(deps, createCustomersService(deps, addressBook()), addressBook())

    const day = 86_400_000
    const statuses = ['completed', 'shipped', 'confirmed', 'cancelled', 'delivered'] as const
    const listInputs = Array.from({ length: 40 }, (_, i) => {
      const endMs = ORDER_BENCH.endMs - ((i * 23) % 900) * day
      return listOrdersInput.parse({ status: statuses[i % statuses.length], from: new Date(endMs - 30 * day).toISOString(), to: new Date(endMs).toISOString(), limit: 50 })
    })
    const listMs: number[] = []
    let lastTotal = 0
    for (let round = 0; round < ROUNDS; round++) {
      for (const input of listInputs) {
        const { ms, value } = await timed(() => orders.list(input))
        if (round > 0) listMs.push(ms)
        lastTotal = value.total
        expect(value.items.length).toBeGreaterThan(0)
      }
    }

    const sample = opened.sqlite.prepare(`SELECT number, customer_name, customer_phone FROM sales_order WHERE customer_name IS NOT NULL AND seq % 99991 = 7 LIMIT 12`).all() as {
      number: string
      customer_name: string
      customer_phone: string
    }[]
    const searches = sample.flatMap((s) => [
      s.number,
      s.number.slice(-6).replace(/^0+/, ''),
      s.customer_name.normalize('NFD').replace(/\p{Diacritic}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase(),
      s.customer_phone,
    ])
    const searchMs: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      for (const query of searches) {
        const { ms, value } = await timed(() => orders.list(listOrdersInput.parse({ query, limit: 50 })))
        if (round > 0) searchMs.push(ms)
        expect(value.total).toBeGreaterThan(0)
      }
    }
    const bytes = statSync(seeded.file).size + (existsSync(`${seeded.file}-wal`) ? statSync(`${seeded.file}-wal`).size : 0)
    const detail = `${ORDER_BENCH.orders.toLocaleString('en')} orders, ${(ORDER_BENCH.orders * ORDER_BENCH.linesPerOrder).toLocaleString('en')} lines, one event each; seed ${seeded.built ? `built in ${seeded.buildSeconds.toFixed(0)} s` : 'from cache'}`
    record({
      name: 'orders.list_p95_ms@1M',
      value: percentile(listMs, 95),
      unit: 'ms',
      target: 20,
      better: 'lower',
      detail: `A page of 50 by status and a 30-day window (incl. the total count; last total ${lastTotal}), ${listMs.length} timed queries, median ${median(listMs).toFixed(2)} ms. ${detail}`,
    })
    record({
      name: 'orders.search_p95_ms@1M',
      value: percentile(searchMs, 95),
      unit: 'ms',
      target: 20,
      better: 'lower',
      detail: `Order number, number typed without zeros, customer name without diacritics, phone; ${searchMs.length} timed queries, median ${median(searchMs).toFixed(2)} ms.`,
    })
    record({ name: 'orders.db_mb@1M', value: bytes / 1024 / 1024, unit: 'MB', detail })
  })

  it('confirms orders: reserve stock and write the event, synchronous=FULL', async () => {
    app = await createApp({ paths: dataPaths(join(scratch.path, 'confirm')), transport: 'http', appVersion: '0.0.0-bench', logger: memoryLogger(), reportRollups: false })
    const ctx = { actor: 'bench' }
    const call = async <T>(name: Parameters<App['invoke']>[0], input: unknown): Promise<T> => {
      const envelope = await app!.invoke(name, input, ctx)
      if (!envelope.ok) throw new Error(`${name}: ${JSON.stringify(envelope.error)}`)
      return envelope.data as T
    }
    await call('sellers.createSeller', { name: 'HTX Bench', kind: 'cooperative' })
    const variants: string[] = []
    for (let p = 0; p < 20; p++) {
      const product = await call<{ variants: { id: string }[] }>('catalog.createProduct', { name: `Gạo nếp ${p}`, variants: [{ sku: `GN-${p}`, unit: 'túi', priceVnd: 60000 }] })
      variants.push(product.variants[0]!.id)
      await call('stock.receiveStock', { variantId: product.variants[0]!.id, quantity: 1_000_000 })
    }
    const N = 300
    const drafts: string[] = []
    for (let i = 0; i < N; i++) {
      const order = await call<{ id: string }>('orders.createOrder', {
        channel: 'phone',
        lines: [0, 1, 2].map((k) => ({ variantId: variants[(i + k * 7) % variants.length]!, quantity: 1 + (k % 3) })),
      })
      drafts.push(order.id)
    }
    const t0 = performance.now()
    for (const id of drafts) await call('orders.transitionOrder', { id, action: 'confirm' })
    const seconds = (performance.now() - t0) / 1000
    record({
      name: 'orders.confirm_per_s',
      value: N / seconds,
      unit: 'orders/s',
      detail: `${N} three-line orders confirmed one after another through the dispatcher on a file database (WAL, synchronous=FULL): each reserves stock for its lines and writes an event in one transaction.`,
    })
  })
})
