// Migration 0004 makes an order's money the sum of its payment intents: counter sales an
// older version marked "paid" (cash, with change written in an order event) become succeeded
// cash intents, so refunds and reports see them like any other payment.
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { openSqlite } from './connection'
import { migrations } from './migrations'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const T = '2026-10-01T02:00:00.000Z'

describe('migration 0004_payments', () => {
  it('turns paid counter sales into succeeded cash intents, and leaves unpaid orders alone', async () => {
    const sqlite = openSqlite(':memory:')
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) })
    cleanups.push(() => db.destroy())
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
    expect((await migrator.migrateTo('0003_orders_inventory')).error).toBeUndefined()

    const order = sqlite.prepare(
      `INSERT INTO sales_order (id, number, channel, status, subtotal_vnd, total_vnd, payment_status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    order.run('ord_paid', 'DH-2026-000001', 'counter', 'completed', 170_000, 170_000, 'paid', T, T)
    order.run('ord_open', 'DH-2026-000002', 'phone', 'confirmed', 120_000, 120_000, 'unpaid', T, T)
    order.run('ord_free', 'DH-2026-000003', 'counter', 'completed', 0, 0, 'paid', T, T)
    sqlite
      .prepare(`INSERT INTO order_event (id, order_id, kind, actor, at, data_json) VALUES ('oev_1', 'ord_paid', 'cash', 'lan', ?, ?)`)
      .run(T, JSON.stringify({ received: 200_000, change: 30_000 }))

    const latest = await migrator.migrateTo('0004_payments')
    expect(latest.error).toBeUndefined()

    expect(sqlite.prepare(`SELECT order_id, method, status, amount_vnd, amount_received_vnd, cash_tendered_vnd, change_vnd FROM payment_intent`).all()).toEqual([
      { order_id: 'ord_paid', method: 'cash', status: 'succeeded', amount_vnd: 170_000, amount_received_vnd: 170_000, cash_tendered_vnd: 200_000, change_vnd: 30_000 },
    ])
    expect(sqlite.prepare(`SELECT id, paid_vnd, refunded_vnd, payment_status FROM sales_order ORDER BY id`).all()).toEqual([
      { id: 'ord_free', paid_vnd: 0, refunded_vnd: 0, payment_status: 'paid' },
      { id: 'ord_open', paid_vnd: 0, refunded_vnd: 0, payment_status: 'unpaid' },
      { id: 'ord_paid', paid_vnd: 170_000, refunded_vnd: 0, payment_status: 'paid' },
    ])
  })
})
