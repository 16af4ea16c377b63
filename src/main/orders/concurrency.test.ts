// Concurrent orders over HTTP: the real server in-process on a free port, a file-backed database
// (WAL, as in production), requests fired at once with the global fetch. The ledger must never
// promise a unit twice: of N racing confirmations for the last units, only as many as fit win.
import { afterEach, describe, expect, it } from 'vitest'
import type { Envelope } from '@shared/contract/errors'
import type { OrderDto } from '@shared/contract/orders'
import { COOP, createTestApp, tempDir, type TestApp } from '../test-support'
import { startHttpServer, type RunningServer } from '../server/http-server'

const TOKEN = 'concurrency-token-0123456789'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function serve(): Promise<{ app: TestApp; server: RunningServer; variantId: string }> {
  const dir = tempDir('ocop-concurrency-')
  cleanups.push(() => dir.remove())
  const app = await createTestApp({ onDisk: dir.path })
  cleanups.push(() => app.close())
  expect(app.paths.databaseFile).not.toBe(':memory:')
  await app.ok('sellers.createSeller', COOP)
  const product = await app.ok('catalog.createProduct', { name: 'Mật ong hoa nhãn', variants: [{ sku: 'MO-500', unit: 'hũ', priceVnd: 150_000 }] })
  const server = await startHttpServer({ invoke: app.invoke, media: app.media, token: TOKEN, host: '127.0.0.1', port: 0, logger: app.logger })
  cleanups.push(() => server.close())
  return { app, server, variantId: product.variants[0]!.id }
}

async function post<T>(server: RunningServer, op: string, input: unknown): Promise<{ status: number; body: Envelope<T> }> {
  const res = await fetch(`${server.url}/api/${op}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  })
  return { status: res.status, body: (await res.json()) as Envelope<T> }
}

/** Fires `count` confirmations of `quantity` units at once and sorts the answers. */
async function race(server: RunningServer, variantId: string, count: number, quantity: number) {
  const answers = await Promise.all(
    Array.from({ length: count }, () => post<OrderDto>(server, 'orders.createOrder', { channel: 'website', lines: [{ variantId, quantity }], confirm: true })),
  )
  const won = answers.filter((a) => a.status === 200)
  const lost = answers.filter((a) => a.status !== 200)
  return { answers, won, lost }
}

function ledgerOf(app: TestApp, variantId: string) {
  return app.database.sqlite
    .prepare(
      `SELECT s.on_hand, s.reserved,
              (SELECT sum(on_hand_delta) FROM stock_movement WHERE variant_id = s.variant_id) AS ledger_on_hand,
              (SELECT sum(reserved_delta) FROM stock_movement WHERE variant_id = s.variant_id) AS ledger_reserved
       FROM stock_level s WHERE s.variant_id = ?`,
    )
    .get(variantId) as { on_hand: number; reserved: number; ledger_on_hand: number; ledger_reserved: number }
}

describe('orders racing for the last units over HTTP', () => {
  it('10 concurrent confirmations of 1 unit with 1 in stock: exactly one 200, nine 409 insufficient_stock', async () => {
    const { app, server, variantId } = await serve()
    await app.ok('stock.receiveStock', { variantId, quantity: 1 })
    const { answers, won, lost } = await race(server, variantId, 10, 1)
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(9)
    for (const a of lost) {
      expect(a.status).toBe(409)
      expect(a.body.ok).toBe(false)
      if (!a.body.ok) {
        expect(a.body.error.code).toBe('CONFLICT')
        expect(a.body.error.details).toMatchObject({ reason: 'insufficient_stock', shortages: [{ variantId, requested: 1, available: 0 }] })
      }
    }
    const winner = won[0]!.body
    expect(winner.ok && winner.data.status).toBe('confirmed')
    const level = (await app.ok('stock.listStock', { variantIds: [variantId] })).items[0]!
    expect(level).toMatchObject({ onHand: 1, reserved: 1, available: 0 })
    expect(ledgerOf(app, variantId)).toEqual({ on_hand: 1, reserved: 1, ledger_on_hand: 1, ledger_reserved: 1 })
    // The losers left nothing behind: one order, one number used.
    expect(app.database.sqlite.prepare('SELECT count(*) AS n FROM sales_order').get()).toEqual({ n: 1 })
    expect(app.database.sqlite.prepare('SELECT last FROM order_number').get()).toEqual({ last: 1 })
    expect(answers.filter((a) => a.status === 500)).toEqual([])
  })

  it('5 in stock, 3 concurrent confirmations of 2 units: exactly two succeed, the numbers differ', async () => {
    const { app, server, variantId } = await serve()
    await app.ok('stock.receiveStock', { variantId, quantity: 5 })
    const { won, lost } = await race(server, variantId, 3, 2)
    expect(won).toHaveLength(2)
    expect(lost).toHaveLength(1)
    expect(lost[0]!.status).toBe(409)
    expect(lost[0]!.body.ok === false && lost[0]!.body.error.details).toMatchObject({ reason: 'insufficient_stock', shortages: [{ requested: 2, available: 1 }] })
    const numbers = won.map((a) => (a.body.ok ? a.body.data.number : ''))
    expect(new Set(numbers).size).toBe(2)
    expect((await app.ok('stock.listStock', { variantIds: [variantId] })).items[0]).toMatchObject({ onHand: 5, reserved: 4, available: 1 })
    expect(ledgerOf(app, variantId)).toEqual({ on_hand: 5, reserved: 4, ledger_on_hand: 5, ledger_reserved: 4 })
  })

  it('counter sales and confirmations mixed: never more sold or held than received', async () => {
    const { app, server, variantId } = await serve()
    await app.ok('stock.receiveStock', { variantId, quantity: 7 })
    const calls = Array.from({ length: 12 }, (_, i) =>
      i % 2 === 0
        ? post<{ order: OrderDto }>(server, 'orders.counterSale', { lines: [{ variantId, quantity: 1 }] })
        : post<OrderDto>(server, 'orders.createOrder', { channel: 'zalo', lines: [{ variantId, quantity: 1 }], confirm: true }),
    )
    const answers = await Promise.all(calls)
    expect(answers.filter((a) => a.status === 200)).toHaveLength(7)
    expect(answers.filter((a) => a.status === 409)).toHaveLength(5)
    const level = ledgerOf(app, variantId)
    expect(level.on_hand).toBe(level.ledger_on_hand)
    expect(level.reserved).toBe(level.ledger_reserved)
    expect(level.on_hand - level.reserved).toBe(0)
    const sold = answers.filter((a, i) => a.status === 200 && i % 2 === 0).length
    expect(level.on_hand).toBe(7 - sold)
  })
})
