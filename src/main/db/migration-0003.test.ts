// Migration 0003 puts lots recorded before the stock ledger existed into stock, once: a database
// at 0002 with a seller, a product, its variants and lots written with raw SQL (as an older
// version of the app left them) is migrated to the latest schema.
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, tempDir, type TestApp } from '../test-support'
import { openSqlite } from './connection'
import { migrations } from './migrations'

type Sqlite = ReturnType<typeof openSqlite>

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function migratorOn(sqlite: Sqlite) {
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) })
  return { db, migrator: new Migrator({ db, provider: { getMigrations: async () => migrations } }) }
}

const T = '2026-09-15T02:00:00.000Z'

/** What version 0002 of the app wrote: a cooperative, one product with two variants, three lots. */
function seed0002(sqlite: Sqlite) {
  sqlite.prepare(`INSERT INTO seller (id, kind, name, is_default, created_at, updated_at) VALUES ('sel_a', 'cooperative', 'HTX Nông nghiệp Dương Xá', 1, ?, ?)`).run(T, T)
  sqlite
    .prepare(
      `INSERT INTO product (id, seller_id, name, name_folded, status, version, variant_count, min_price_vnd, max_price_vnd, created_at, updated_at)
       VALUES ('prd_a', 'sel_a', 'Mật ong hoa nhãn', 'mat ong hoa nhan', 'active', 1, 2, 85000, 150000, ?, ?)`,
    )
    .run(T, T)
  const variant = sqlite.prepare(`INSERT INTO product_variant (id, product_id, sku, unit, price_vnd, position, created_at, updated_at) VALUES (?, 'prd_a', ?, 'hũ', ?, ?, ?, ?)`)
  variant.run('var_500', 'MO-500', 150_000, 0, T, T)
  variant.run('var_250', 'MO-250', 85_000, 1, T, T)
  const lot = sqlite.prepare(
    `INSERT INTO lot (id, product_id, variant_id, lot_code, trace_code, date_kind, harvest_date, expiry_date, quantity, unit, version, created_at, updated_at)
     VALUES (?, 'prd_a', ?, ?, ?, 'harvest', '2026-09-10', ?, ?, 'hũ', 1, ?, ?)`,
  )
  lot.run('lot_1', 'var_500', 'MO-500-260910-01', 'AAAAA-AAAAA', '2027-03-10', 120, T, T)
  lot.run('lot_2', 'var_500', 'MO-500-260910-02', 'BBBBB-BBBBB', '2026-12-31', 30, '2026-09-16T02:00:00.000Z', '2026-09-16T02:00:00.000Z')
  lot.run('lot_3', 'var_250', 'MO-250-260910-01', 'CCCCC-CCCCC', null, 45, T, T)
}

describe('migration 0003_orders_inventory', () => {
  it('backfills every lot as a receipt: one movement per lot, lot levels and variant levels that equal the ledger', async () => {
    const sqlite = openSqlite(':memory:')
    const { db, migrator } = migratorOn(sqlite)
    cleanups.push(() => db.destroy())
    const to0002 = await migrator.migrateTo('0002_media_ocop_lots')
    expect(to0002.error).toBeUndefined()
    expect(sqlite.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'stock_movement'`).get()).toEqual({ n: 0 })
    seed0002(sqlite)

    const latest = await migrator.migrateTo('0003_orders_inventory')
    expect(latest.error).toBeUndefined()
    expect(latest.results?.map((r) => [r.migrationName, r.status])).toEqual([['0003_orders_inventory', 'Success']])

    expect(sqlite.prepare('SELECT id, variant_id, lot_id, kind, on_hand_delta, reserved_delta, order_id, reason, actor, at FROM stock_movement ORDER BY seq').all()).toEqual([
      { id: 'stm_0003_lot_1', variant_id: 'var_500', lot_id: 'lot_1', kind: 'receive', on_hand_delta: 120, reserved_delta: 0, order_id: null, reason: 'lot recorded before 0003', actor: 'migration', at: T },
      { id: 'stm_0003_lot_2', variant_id: 'var_500', lot_id: 'lot_2', kind: 'receive', on_hand_delta: 30, reserved_delta: 0, order_id: null, reason: 'lot recorded before 0003', actor: 'migration', at: '2026-09-16T02:00:00.000Z' },
      { id: 'stm_0003_lot_3', variant_id: 'var_250', lot_id: 'lot_3', kind: 'receive', on_hand_delta: 45, reserved_delta: 0, order_id: null, reason: 'lot recorded before 0003', actor: 'migration', at: T },
    ])
    expect(sqlite.prepare('SELECT lot_id, variant_id, on_hand FROM stock_lot_level ORDER BY lot_id').all()).toEqual([
      { lot_id: 'lot_1', variant_id: 'var_500', on_hand: 120 },
      { lot_id: 'lot_2', variant_id: 'var_500', on_hand: 30 },
      { lot_id: 'lot_3', variant_id: 'var_250', on_hand: 45 },
    ])
    expect(sqlite.prepare('SELECT variant_id, on_hand, reserved FROM stock_level ORDER BY variant_id').all()).toEqual([
      { variant_id: 'var_250', on_hand: 45, reserved: 0 },
      { variant_id: 'var_500', on_hand: 150, reserved: 0 },
    ])
    // The cached levels are the ledger.
    expect(
      sqlite
        .prepare(`SELECT count(*) AS n FROM stock_level s WHERE on_hand != (SELECT sum(on_hand_delta) FROM stock_movement m WHERE m.variant_id = s.variant_id)`)
        .get(),
    ).toEqual({ n: 0 })
    // Nothing else appeared: no order numbers, no low-stock thresholds.
    expect(sqlite.prepare('SELECT count(*) AS n FROM order_number').get()).toEqual({ n: 0 })
    expect(sqlite.prepare('SELECT count(*) AS n FROM product_variant WHERE low_stock_threshold IS NOT NULL').get()).toEqual({ n: 0 })
    expect(sqlite.pragma('foreign_key_check')).toEqual([])
  })

  it('an empty 0002 database migrates with empty stock tables', async () => {
    const sqlite = openSqlite(':memory:')
    const { db, migrator } = migratorOn(sqlite)
    cleanups.push(() => db.destroy())
    expect((await migrator.migrateTo('0002_media_ocop_lots')).error).toBeUndefined()
    expect((await migrator.migrateToLatest()).error).toBeUndefined()
    for (const table of ['stock_movement', 'stock_level', 'stock_lot_level']) {
      expect(sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 })
    }
  })

  it('the app started on an old 0002 file copies it, migrates it, and sells from the backfilled lots earliest-expiry first', async () => {
    const dir = tempDir('ocop-0003-')
    cleanups.push(() => dir.remove())
    const file = `${dir.path}/ocop-storefront.sqlite`
    const old = openSqlite(file)
    const { db, migrator } = migratorOn(old)
    expect((await migrator.migrateTo('0002_media_ocop_lots')).error).toBeUndefined()
    seed0002(old)
    await db.destroy()

    const app: TestApp = await createTestApp({ onDisk: dir.path })
    cleanups.push(() => app.close())
    expect(app.startup.applied[0]).toBe('0003_orders_inventory')
    expect(app.startup.backupFile).toMatch(/before-0003_orders_inventory/)

    const stock = await app.ok('stock.listStock', { variantIds: ['var_500', 'var_250'] })
    expect(stock.items.map((s) => ({ sku: s.sku, onHand: s.onHand, reserved: s.reserved, lots: s.lots.map((l) => [l.lotCode, l.onHand]) }))).toEqual([
      { sku: 'MO-500', onHand: 150, reserved: 0, lots: [['MO-500-260910-02', 30], ['MO-500-260910-01', 120]] },
      { sku: 'MO-250', onHand: 45, reserved: 0, lots: [['MO-250-260910-01', 45]] },
    ])
    const history = await app.ok('stock.history', { variantId: 'var_500' })
    expect(history.map((h) => [h.kind, h.lotCode, h.onHandDelta, h.actor])).toEqual([
      ['receive', 'MO-500-260910-02', 30, 'migration'],
      ['receive', 'MO-500-260910-01', 120, 'migration'],
    ])
    const sale = await app.ok('orders.counterSale', { lines: [{ variantId: 'var_500', quantity: 35 }] })
    expect(sale.order.lines[0]!.lots).toEqual([
      { lotId: 'lot_2', lotCode: 'MO-500-260910-02', quantity: 30 },
      { lotId: 'lot_1', lotCode: 'MO-500-260910-01', quantity: 5 },
    ])
    expect((await app.ok('stock.listStock', { variantIds: ['var_500'] })).items[0]).toMatchObject({ onHand: 115, available: 115 })
  })
})
