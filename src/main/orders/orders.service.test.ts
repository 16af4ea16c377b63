// Orders through the real dispatcher (real SQLite in memory, the real stock ledger).
// The test clock starts at 2026-11-28T03:00Z = 10:00 on 28 Nov 2026 in Vietnam.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Envelope } from '@shared/contract/errors'
import type { CreateOrderInput, OrderDto } from '@shared/contract/orders'
import { allowedActions, isPartialReturnAllowed, nextStatus, ORDER_ACTIONS, ORDER_STATUSES, type OrderAction, type OrderStatus } from '@shared/domain/order-state'
import { validateOrderTotals } from '@shared/domain/order-totals'
import { COOP, createTestApp, type TestApp } from '../test-support'
import { pdftotext } from '../pdf/poppler.test-support'


const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

async function setup() {
  const app = await createTestApp()
  apps.push(app)
  await app.ok('sellers.createSeller', COOP)
  const honey = await app.ok('catalog.createProduct', {
    name: 'Mật ong hoa nhãn Hưng Yên',
    category: 'ocop.food',
    variants: [
      { sku: 'MOHN-500', optionLabel: 'Hũ 500 g', unit: 'hũ', priceVnd: 150_000 },
      { sku: 'MOHN-250', optionLabel: 'Hũ 250 g', unit: 'hũ', priceVnd: 85_000 },
    ],
  })
  const rice = await app.ok('catalog.createProduct', { name: 'Gạo nếp cái hoa vàng', variants: [{ sku: 'GNCHV-2', unit: 'túi', priceVnd: 120_000 }] })
  return { app, honey, rice, honey500: honey.variants[0]!, honey250: honey.variants[1]!, riceBag: rice.variants[0]! }
}

interface ErrorShape {
  code: string
  message: string
  details: {
    reason?: string
    shortages?: { variantId: string; sku: string; productName: string; requested: number; available: number }[]
    issues?: { path: (string | number)[]; code: string; params?: Record<string, unknown> }[]
    [key: string]: unknown
  }
}
function errorOf(result: Envelope<unknown>): ErrorShape {
  expect(result.ok, JSON.stringify(result)).toBe(false)
  return (result as unknown as { error: ErrorShape }).error
}

const receive = (app: TestApp, variantId: string, quantity: number) => app.ok('stock.receiveStock', { variantId, quantity })
async function stockOf(app: TestApp, variantId: string) {
  return (await app.ok('stock.listStock', { variantIds: [variantId] })).items[0]!
}
const order = (lines: CreateOrderInput['lines'], extra: Partial<CreateOrderInput> = {}): CreateOrderInput => ({ channel: 'phone', lines, ...extra })

/** Rows in the tables an order writes, to prove a refused call wrote nothing. */
function footprint(app: TestApp) {
  const n = (table: string) => (app.database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  return {
    orders: n('sales_order'),
    lines: n('order_line'),
    events: n('order_event'),
    movements: n('stock_movement'),
    numbers: app.database.sqlite.prepare('SELECT year, last FROM order_number ORDER BY year').all(),
    levels: app.database.sqlite.prepare('SELECT variant_id, on_hand, reserved FROM stock_level ORDER BY variant_id').all(),
    lots: app.database.sqlite.prepare('SELECT lot_id, on_hand FROM stock_lot_level ORDER BY lot_id').all(),
    returned: app.database.sqlite.prepare('SELECT id, returned_quantity FROM order_line ORDER BY id').all(),
    statuses: app.database.sqlite.prepare('SELECT id, status, version FROM sales_order ORDER BY seq').all(),
  }
}

/** The cached levels equal the ledger, for every variant and every lot. */
function expectLedgerConsistent(app: TestApp) {
  const variants = app.database.sqlite
    .prepare(
      `SELECT v.id,
              ifnull(s.on_hand, 0) AS on_hand, ifnull(s.reserved, 0) AS reserved,
              (SELECT ifnull(sum(on_hand_delta), 0) FROM stock_movement m WHERE m.variant_id = v.id) AS ledger_on_hand,
              (SELECT ifnull(sum(reserved_delta), 0) FROM stock_movement m WHERE m.variant_id = v.id) AS ledger_reserved,
              (SELECT ifnull(sum(on_hand), 0) FROM stock_lot_level l WHERE l.variant_id = v.id) AS in_lots
       FROM product_variant v LEFT JOIN stock_level s ON s.variant_id = v.id`,
    )
    .all() as { id: string; on_hand: number; reserved: number; ledger_on_hand: number; ledger_reserved: number; in_lots: number }[]
  for (const v of variants) {
    expect(v.on_hand, v.id).toBe(v.ledger_on_hand)
    expect(v.reserved, v.id).toBe(v.ledger_reserved)
    expect(v.on_hand - v.reserved, v.id).toBeGreaterThanOrEqual(0)
    expect(v.in_lots, v.id).toBeLessThanOrEqual(v.on_hand)
  }
  const lots = app.database.sqlite
    .prepare(`SELECT l.lot_id, l.on_hand, (SELECT ifnull(sum(on_hand_delta), 0) FROM stock_movement m WHERE m.lot_id = l.lot_id) AS ledger FROM stock_lot_level l`)
    .all() as { lot_id: string; on_hand: number; ledger: number }[]
  for (const l of lots) {
    expect(l.on_hand, l.lot_id).toBe(l.ledger)
    expect(l.on_hand, l.lot_id).toBeGreaterThanOrEqual(0)
  }
}

async function act(app: TestApp, id: string, action: Exclude<OrderAction, 'return'>) {
  return app.ok('orders.transitionOrder', { id, action })
}

describe('orders.createOrder', () => {
  it('creates a draft whose lines are snapshots: renaming or repricing the product later changes nothing on it', async () => {
    const { app, honey, honey500, riceBag } = await setup()
    const created = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 2 }, { variantId: riceBag.id, quantity: 1 }]))
    expect(created).toMatchObject({
      number: 'DH-2026-000001',
      channel: 'phone',
      status: 'draft',
      customerId: null,
      paymentStatus: 'unpaid',
      allowedActions: ['confirm', 'cancel'],
      version: 1,
      createdAt: '2026-11-28T03:00:00.000Z',
    })
    expect(created.lines.map((l) => ({ position: l.position, productName: l.productName, variantLabel: l.variantLabel, sku: l.sku, unit: l.unit, quantity: l.quantity, unitPriceVnd: l.unitPriceVnd, lots: l.lots }))).toEqual([
      { position: 0, productName: 'Mật ong hoa nhãn Hưng Yên', variantLabel: 'Hũ 500 g', sku: 'MOHN-500', unit: 'hũ', quantity: 2, unitPriceVnd: 150_000, lots: [] },
      { position: 1, productName: 'Gạo nếp cái hoa vàng', variantLabel: null, sku: 'GNCHV-2', unit: 'túi', quantity: 1, unitPriceVnd: 120_000, lots: [] },
    ])
    // A draft holds no stock.
    expect(app.database.sqlite.prepare('SELECT count(*) AS n FROM stock_movement').get()).toEqual({ n: 0 })

    await app.ok('catalog.updateProduct', {
      id: honey.id,
      name: 'Mật ong hoa nhãn loại đặc biệt',
      variants: [
        { id: honey500.id, sku: 'MOHN-500', optionLabel: 'Lọ 500 g', unit: 'lọ', priceVnd: 175_000 },
        { id: honey.variants[1]!.id, sku: 'MOHN-250', optionLabel: 'Hũ 250 g', unit: 'hũ', priceVnd: 85_000 },
      ],
    })
    const again = await app.ok('orders.getOrder', { id: created.id })
    expect(again.lines[0]).toMatchObject({ productName: 'Mật ong hoa nhãn Hưng Yên', variantLabel: 'Hũ 500 g', unit: 'hũ', unitPriceVnd: 150_000, totalVnd: 300_000 })
    expect(again.totalVnd).toBe(created.totalVnd)
    // A new order takes the new name and price.
    const fresh = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }]))
    expect(fresh.lines[0]).toMatchObject({ productName: 'Mật ong hoa nhãn loại đặc biệt', variantLabel: 'Lọ 500 g', unitPriceVnd: 175_000 })
  })

  it('works out line % and amount discounts, an order discount and shipping exactly as validateOrderTotals does', async () => {
    const { app, honey500, honey250, riceBag } = await setup()
    const lines = [
      { variantId: honey500.id, quantity: 3, discount: { kind: 'percent' as const, percent: 12.5 } },
      { variantId: honey250.id, quantity: 1, unitPriceVnd: 10_010, discount: { kind: 'percent' as const, percent: 5 } },
      { variantId: riceBag.id, quantity: 2, discount: { kind: 'amount' as const, vnd: 15_000 } },
    ]
    const orderDiscount = { kind: 'percent' as const, percent: 3.33 }
    const created = await app.ok('orders.createOrder', order(lines, { orderDiscount, shippingFeeVnd: 30_000 }))
    const expected = validateOrderTotals({
      lines: [
        { quantity: 3, unitPriceVnd: 150_000, discount: lines[0]!.discount },
        { quantity: 1, unitPriceVnd: 10_010, discount: lines[1]!.discount },
        { quantity: 2, unitPriceVnd: 120_000, discount: lines[2]!.discount },
      ],
      orderDiscount,
      shippingFeeVnd: 30_000,
    }).totals!
    expect(expected).not.toBeNull()
    expect(created.lines.map((l) => ({ discountVnd: l.discountVnd, totalVnd: l.totalVnd }))).toEqual(expected.lines.map((l) => ({ discountVnd: l.discountVnd, totalVnd: l.totalVnd })))
    // 12.5 % of 450 000 = 56 250; 5 % of 10 010 = 500.5 → 501 (half up); 15 000 off 240 000.
    expect(created.lines.map((l) => l.discountVnd)).toEqual([56_250, 501, 15_000])
    expect({ subtotal: created.subtotalVnd, discount: created.orderDiscountVnd, shipping: created.shippingFeeVnd, total: created.totalVnd }).toEqual({
      subtotal: expected.subtotalVnd,
      discount: expected.orderDiscountVnd,
      shipping: expected.shippingFeeVnd,
      total: expected.totalVnd,
    })
    expect(created.totalVnd).toBe(created.subtotalVnd - created.orderDiscountVnd + created.shippingFeeVnd)
    // Stored the same way.
    const row = app.database.sqlite.prepare('SELECT subtotal_vnd, order_discount_vnd, shipping_fee_vnd, total_vnd FROM sales_order WHERE id = ?').get(created.id)
    expect(row).toEqual({ subtotal_vnd: expected.subtotalVnd, order_discount_vnd: expected.orderDiscountVnd, shipping_fee_vnd: 30_000, total_vnd: expected.totalVnd })
  })

  it('refuses a line discount above the line (discount_exceeds_line on [lines, i, discount]) and writes nothing', async () => {
    const { app, honey500, riceBag } = await setup()
    const before = footprint(app)
    const error = errorOf(
      await app.call('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }, { variantId: riceBag.id, quantity: 1, discount: { kind: 'amount', vnd: 120_001 } }])),
    )
    expect(error.code).toBe('VALIDATION')
    expect(error.details.issues).toEqual([expect.objectContaining({ path: ['lines', 1, 'discount'], code: 'discount_exceeds_line' })])
    expect(footprint(app)).toEqual(before)
  })

  it('numbers orders DH-2026-000001, -000002 …; a refused create gives its number back (the transaction rolls back), a cancelled order keeps its number', async () => {
    const { app, honey500 } = await setup()
    const first = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }]))
    const second = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }]))
    expect([first.number, second.number]).toEqual(['DH-2026-000001', 'DH-2026-000002'])

    // An unknown variant is refused before anything is written: the counter does not move.
    const unknown = errorOf(await app.call('orders.createOrder', order([{ variantId: 'var_missing', quantity: 1 }])))
    expect(unknown.code).toBe('VALIDATION')
    expect(unknown.details.issues).toEqual([expect.objectContaining({ path: ['lines', 0, 'variantId'], code: 'variant_unknown' })])
    // A refusal after the number was drawn (confirm with no stock) rolls it back as well.
    expect(errorOf(await app.call('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }], { confirm: true }))).details.reason).toBe('insufficient_stock')
    expect(app.database.sqlite.prepare('SELECT year, last FROM order_number').all()).toEqual([{ year: 2026, last: 2 }])

    const third = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }]))
    expect(third.number).toBe('DH-2026-000003')
    await act(app, third.id, 'cancel')
    const fourth = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }]))
    expect(fourth.number).toBe('DH-2026-000004')

    // The year of the number is the year in Vietnam: 17:00Z on 31 Dec is already 2027 there.
    app.clock.advance(Date.parse('2026-12-31T17:00:00.000Z') - app.clock.now())
    const nextYear = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }]))
    expect(nextYear.number).toBe('DH-2027-000001')

    const numbers = (app.database.sqlite.prepare('SELECT number FROM sales_order').all() as { number: string }[]).map((r) => r.number)
    expect(new Set(numbers).size).toBe(numbers.length)
    expect(numbers).toHaveLength(5)
  })

  it('refuses an archived variant (variant_archived) and a discount above the subtotal', async () => {
    const { app, honey, honey500, honey250 } = await setup()
    await app.ok('catalog.updateProduct', { id: honey.id, variants: [{ id: honey500.id, sku: 'MOHN-500', optionLabel: 'Hũ 500 g', unit: 'hũ', priceVnd: 150_000 }] })
    const archived = errorOf(await app.call('orders.createOrder', order([{ variantId: honey250.id, quantity: 1 }])))
    expect(archived.details.issues).toEqual([expect.objectContaining({ path: ['lines', 0, 'variantId'], code: 'variant_archived' })])
    const tooMuch = errorOf(await app.call('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }], { orderDiscount: { kind: 'amount', vnd: 150_001 } })))
    expect(tooMuch.details.issues).toEqual([expect.objectContaining({ path: ['orderDiscount'], code: 'discount_exceeds_subtotal' })])
  })

  it('refuses a second order with the same external reference on the same channel (CONFLICT external_ref_taken); another channel may reuse it', async () => {
    const { app, honey500 } = await setup()
    const shopee = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }], { channel: 'shopee', externalRef: '2611280001ABC' }))
    const before = footprint(app)
    const dup = errorOf(await app.call('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }], { channel: 'shopee', externalRef: '2611280001ABC' })))
    expect(dup.code).toBe('CONFLICT')
    expect(dup.details).toMatchObject({ reason: 'external_ref_taken', number: shopee.number })
    expect(footprint(app)).toEqual(before)
    const lazada = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }], { channel: 'lazada', externalRef: '2611280001ABC' }))
    expect(lazada.externalRef).toBe('2611280001ABC')
  })

  it('refuses, on updating a draft, an external reference already taken on that channel with CONFLICT (not an internal error)', async () => {
    const { app, honey500 } = await setup()
    await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }], { channel: 'shopee', externalRef: 'SP-1' }))
    const other = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }], { channel: 'shopee', externalRef: 'SP-2' }))
    const result = await app.call('orders.updateOrder', { id: other.id, externalRef: 'SP-1' })
    const error = errorOf(result)
    expect(error.code).toBe('CONFLICT')
    expect(error.details.reason).toBe('external_ref_taken')
  })
})

describe('orders.updateOrder', () => {
  it('changes a draft (lines, discounts, shipping), bumps the version, and refuses a stale version or a non-draft', async () => {
    const { app, honey500, riceBag } = await setup()
    await receive(app, honey500.id, 10)
    const draft = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }]))
    app.clock.advance(1000)
    const edited = await app.ok('orders.updateOrder', { id: draft.id, expectedVersion: 1, lines: [{ variantId: riceBag.id, quantity: 2 }], shippingFeeVnd: 20_000 })
    expect(edited).toMatchObject({ version: 2, subtotalVnd: 240_000, shippingFeeVnd: 20_000, totalVnd: 260_000, number: draft.number })
    expect(edited.lines.map((l) => l.sku)).toEqual(['GNCHV-2'])
    expect(app.database.sqlite.prepare('SELECT count(*) AS n FROM order_line WHERE order_id = ?').get(draft.id)).toEqual({ n: 1 })
    const stale = errorOf(await app.call('orders.updateOrder', { id: draft.id, expectedVersion: 1, shippingFeeVnd: 0 }))
    expect(stale.details).toMatchObject({ reason: 'version_mismatch', current: 2 })
    // Only the shipping fee given: the lines and the rest stay.
    expect(await app.ok('orders.updateOrder', { id: draft.id, shippingFeeVnd: 0 })).toMatchObject({ totalVnd: 240_000, version: 3 })
    await receive(app, riceBag.id, 5)
    await act(app, draft.id, 'confirm')
    const locked = errorOf(await app.call('orders.updateOrder', { id: draft.id, shippingFeeVnd: 10_000 }))
    expect(locked.code).toBe('CONFLICT')
    expect(locked.details.reason).toBe('order_not_editable')
  })
})

describe('confirming reserves stock', () => {
  it('confirm (at create or later) holds the quantities: on hand stays, reserved goes up, available down', async () => {
    const { app, honey500, riceBag } = await setup()
    await receive(app, honey500.id, 10)
    await receive(app, riceBag.id, 4)
    const a = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 3 }], { confirm: true }))
    expect(a).toMatchObject({ status: 'confirmed', allowedActions: ['pack', 'ship', 'cancel'] })
    expect(await stockOf(app, honey500.id)).toMatchObject({ onHand: 10, reserved: 3, available: 7 })
    // Two lines of the same variant are held together.
    const b = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 2 }, { variantId: riceBag.id, quantity: 4 }, { variantId: honey500.id, quantity: 1 }]))
    expect(await stockOf(app, honey500.id)).toMatchObject({ reserved: 3, available: 7 })
    await act(app, b.id, 'confirm')
    expect(await stockOf(app, honey500.id)).toMatchObject({ onHand: 10, reserved: 6, available: 4 })
    expect(await stockOf(app, riceBag.id)).toMatchObject({ onHand: 4, reserved: 4, available: 0 })
    const history = await app.ok('stock.history', { variantId: honey500.id })
    expect(history[0]).toMatchObject({ kind: 'reserve', onHandDelta: 0, reservedDelta: 3, orderNumber: b.number, actor: 'tester' })
    expectLedgerConsistent(app)
  })

  it('refuses a confirm that stock cannot cover with CONFLICT insufficient_stock naming every short variant, and writes NOTHING', async () => {
    const { app, honey500, honey250, riceBag } = await setup()
    await receive(app, honey500.id, 2)
    await receive(app, honey250.id, 10)
    // Another confirmed order already holds one honey 500.
    await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }], { confirm: true }))
    const draft = await app.ok('orders.createOrder', order([
      { variantId: honey500.id, quantity: 1 },
      { variantId: honey250.id, quantity: 3 },
      { variantId: riceBag.id, quantity: 2 },
      { variantId: honey500.id, quantity: 1 },
    ]))
    const before = footprint(app)
    const error = errorOf(await app.call('orders.transitionOrder', { id: draft.id, action: 'confirm' }))
    expect(error.code).toBe('CONFLICT')
    expect(error.details.reason).toBe('insufficient_stock')
    expect(error.details.shortages).toHaveLength(2)
    expect(error.details.shortages).toEqual(
      expect.arrayContaining([
        { variantId: honey500.id, sku: 'MOHN-500', productName: 'Mật ong hoa nhãn Hưng Yên', requested: 2, available: 1 },
        { variantId: riceBag.id, sku: 'GNCHV-2', productName: 'Gạo nếp cái hoa vàng', requested: 2, available: 0 },
      ]),
    )
    expect(footprint(app)).toEqual(before)
    expect(await app.ok('orders.getOrder', { id: draft.id })).toMatchObject({ status: 'draft', version: 1 })
    expect(await stockOf(app, honey250.id)).toMatchObject({ reserved: 0, available: 10 })

    // The same at create time: no order, no number, no reservation.
    const atCreate = errorOf(await app.call('orders.createOrder', order([{ variantId: honey250.id, quantity: 11 }], { confirm: true })))
    expect(atCreate.details.shortages).toEqual([expect.objectContaining({ variantId: honey250.id, requested: 11, available: 10 })])
    expect(footprint(app)).toEqual(before)
    expectLedgerConsistent(app)
  })
})

describe('shipping issues stock from lots, earliest expiry first', () => {
  const lot = (variantId: string, lotCode: string, quantity: number, expiryDate: string | null, harvestDate = '2026-10-01') => ({ variantId, lotCode, quantity, harvestDate, expiryDate })

  it('drains the lot that expires first, skips an expired lot, and records the lots on the lines', async () => {
    const { app, honey500 } = await setup()
    const late = await app.ok('lots.createLot', lot(honey500.id, 'MO-LATE', 5, '2027-03-01'))
    const early = await app.ok('lots.createLot', lot(honey500.id, 'MO-EARLY', 3, '2026-12-15'))
    const expired = await app.ok('lots.createLot', lot(honey500.id, 'MO-OLD', 10, '2026-11-20'))
    // Recording a lot receives it.
    expect(await stockOf(app, honey500.id)).toMatchObject({ onHand: 18, reserved: 0 })
    const o = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 6 }], { confirm: true }))
    expect((await act(app, o.id, 'pack')).status).toBe('packed')
    // Packing moves no stock.
    expect(await stockOf(app, honey500.id)).toMatchObject({ onHand: 18, reserved: 6 })
    const shipped = await act(app, o.id, 'ship')
    expect(shipped.status).toBe('shipped')
    expect(shipped.lines[0]!.lots).toEqual([
      { lotId: early.id, lotCode: 'MO-EARLY', quantity: 3 },
      { lotId: late.id, lotCode: 'MO-LATE', quantity: 3 },
    ])
    const level = await stockOf(app, honey500.id)
    expect(level).toMatchObject({ onHand: 12, reserved: 0, available: 12 })
    expect(level.lots).toEqual([
      expect.objectContaining({ lotId: expired.id, onHand: 10 }),
      expect.objectContaining({ lotId: late.id, onHand: 2 }),
    ])
    const issues = app.database.sqlite.prepare("SELECT lot_id, on_hand_delta, reserved_delta FROM stock_movement WHERE kind = 'issue' ORDER BY seq").all()
    expect(issues).toEqual([
      { lot_id: early.id, on_hand_delta: -3, reserved_delta: -3 },
      { lot_id: late.id, on_hand_delta: -3, reserved_delta: -3 },
    ])
    expectLedgerConsistent(app)
  })

  it('does not count expired lots as available, and refuses to ship goods whose lot expired after confirmation (nothing moves)', async () => {
    const { app, honey250, riceBag } = await setup()
    // Already expired: confirming is refused at once, and says how much is stuck in expired lots.
    await app.ok('lots.createLot', lot(riceBag.id, 'GN-OLD', 5, '2026-11-01'))
    const refused = errorOf(await app.call('orders.createOrder', order([{ variantId: riceBag.id, quantity: 2 }], { confirm: true })))
    expect(refused.code).toBe('CONFLICT')
    expect(refused.details).toMatchObject({ reason: 'insufficient_stock', shortages: [{ sku: 'GNCHV-2', requested: 2, available: 0, expired: 5 }] })

    // Still good when confirmed, expired by the time it ships.
    await app.ok('lots.createLot', lot(riceBag.id, 'GN-DEC', 3, '2026-12-01'))
    const o = await app.ok('orders.createOrder', order([{ variantId: riceBag.id, quantity: 2 }], { confirm: true }))
    app.clock.advance(5 * 86_400_000)
    const before = footprint(app)
    const error = errorOf(await app.call('orders.transitionOrder', { id: o.id, action: 'ship' }))
    expect(error.code).toBe('CONFLICT')
    expect(error.details).toMatchObject({ reason: 'only_expired_lots', variantId: riceBag.id, sku: 'GNCHV-2', missing: 2 })
    expect(footprint(app)).toEqual(before)
    expect(await app.ok('orders.getOrder', { id: o.id })).toMatchObject({ status: 'confirmed' })
    expect(await stockOf(app, riceBag.id)).toMatchObject({ onHand: 8, reserved: 2 })

    // Goods received without a lot are sold after the lots that have not expired.
    const good = await app.ok('lots.createLot', lot(honey250.id, 'M250-A', 2, '2027-01-31'))
    await app.ok('lots.createLot', lot(honey250.id, 'M250-OLD', 4, '2026-12-02'))
    await receive(app, honey250.id, 3)
    const p = await app.ok('orders.createOrder', order([{ variantId: honey250.id, quantity: 4 }], { confirm: true }))
    const shipped = await act(app, p.id, 'ship')
    expect(shipped.lines[0]!.lots).toEqual([{ lotId: good.id, lotCode: 'M250-A', quantity: 2 }])
    expect(app.database.sqlite.prepare("SELECT lot_id, on_hand_delta FROM stock_movement WHERE kind = 'issue' AND order_id = ? ORDER BY seq").all(p.id)).toEqual([
      { lot_id: good.id, on_hand_delta: -2 },
      { lot_id: null, on_hand_delta: -2 },
    ])
    // 1 without a lot + 4 expired left: 2 more cannot even be confirmed.
    const q = errorOf(await app.call('orders.createOrder', order([{ variantId: honey250.id, quantity: 2 }], { confirm: true })))
    expect(q.details).toMatchObject({ reason: 'insufficient_stock', shortages: [{ available: 1, expired: 4 }] })
    expectLedgerConsistent(app)
  })

  it('a lot that expires today is still sold', async () => {
    const { app, riceBag } = await setup()
    const today = await app.ok('lots.createLot', lot(riceBag.id, 'GN-TODAY', 2, '2026-11-28'))
    const o = await app.ok('orders.createOrder', order([{ variantId: riceBag.id, quantity: 2 }], { confirm: true }))
    expect((await act(app, o.id, 'ship')).lines[0]!.lots).toEqual([{ lotId: today.id, lotCode: 'GN-TODAY', quantity: 2 }])
  })

  it('each line shows only its own share of the lots when two lines sell the same variant', async () => {
    const { app, honey500 } = await setup()
    await app.ok('lots.createLot', lot(honey500.id, 'MO-A', 10, '2027-03-01'))
    const o = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 2 }, { variantId: honey500.id, quantity: 3 }], { confirm: true }))
    const shipped = await act(app, o.id, 'ship')
    for (const line of shipped.lines) expect(line.lots.reduce((n, x) => n + x.quantity, 0), `line ${line.position}`).toBe(line.quantity)
  })
})

describe('cancelling', () => {
  it('cancel from confirmed or packed gives the reservation back; a draft cancels without touching stock', async () => {
    const { app, honey500 } = await setup()
    await receive(app, honey500.id, 5)
    const a = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 2 }], { confirm: true }))
    const b = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 3 }], { confirm: true }))
    await act(app, b.id, 'pack')
    expect(await stockOf(app, honey500.id)).toMatchObject({ reserved: 5, available: 0 })
    expect((await act(app, a.id, 'cancel')).status).toBe('cancelled')
    expect(await stockOf(app, honey500.id)).toMatchObject({ onHand: 5, reserved: 3, available: 2 })
    expect((await act(app, b.id, 'cancel')).allowedActions).toEqual([])
    expect(await stockOf(app, honey500.id)).toMatchObject({ onHand: 5, reserved: 0, available: 5 })
    const movements = app.database.sqlite.prepare('SELECT count(*) AS n FROM stock_movement').get()
    const d = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }]))
    await act(app, d.id, 'cancel')
    expect(app.database.sqlite.prepare('SELECT count(*) AS n FROM stock_movement').get()).toEqual(movements)
    const row = app.database.sqlite.prepare('SELECT cancelled_at FROM sales_order WHERE id = ?').get(a.id)
    expect(row).toEqual({ cancelled_at: '2026-11-28T03:00:00.000Z' })
    expectLedgerConsistent(app)
  })

  it('refuses to cancel a shipped order (CONFLICT order_transition_not_allowed) and leaves it as it was', async () => {
    const { app, honey500 } = await setup()
    await receive(app, honey500.id, 5)
    const o = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 2 }], { confirm: true }))
    const shipped = await act(app, o.id, 'ship')
    const before = footprint(app)
    const error = errorOf(await app.call('orders.transitionOrder', { id: o.id, action: 'cancel' }))
    expect(error.code).toBe('CONFLICT')
    expect(error.details).toMatchObject({ reason: 'order_transition_not_allowed', from: 'shipped', action: 'cancel', allowed: 'deliver,complete,return' })
    expect(footprint(app)).toEqual(before)
    expect((await app.ok('orders.getOrder', { id: o.id })).version).toBe(shipped.version)
  })

  it('refuses a stale expectedVersion on a transition', async () => {
    const { app, honey500 } = await setup()
    const o = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }]))
    const error = errorOf(await app.call('orders.transitionOrder', { id: o.id, action: 'cancel', expectedVersion: 2 }))
    expect(error.details).toMatchObject({ reason: 'version_mismatch', current: 1 })
    expect(errorOf(await app.call('orders.transitionOrder', { id: 'ord_missing', action: 'cancel' })).code).toBe('NOT_FOUND')
  })
})

describe('the service follows domain/order-state exhaustively', () => {
  it('for every status the service can reach and every action, answers exactly what nextStatus says', async () => {
    const { app, honey500 } = await setup()
    await receive(app, honey500.id, 10_000)
    const QTY = 2

    /** Takes one action through the service; `return` is a whole return (restock; at least 1 unit, the contract's minimum). */
    async function take(o: OrderDto, action: OrderAction): Promise<Envelope<OrderDto>> {
      if (action === 'return') return app.call('orders.returnOrder', { id: o.id, disposition: 'restock', lines: o.lines.map((l) => ({ lineId: l.id, quantity: Math.max(1, l.quantity - l.returnedQuantity) })) })
      return app.call('orders.transitionOrder', { id: o.id, action })
    }
    async function drive(path: readonly OrderAction[]): Promise<OrderDto> {
      let o = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: QTY }]))
      for (const action of path) {
        const result = await take(o, action)
        if (!result.ok) throw new Error(`${path.join('→')}: ${JSON.stringify(result.error)}`)
        o = result.data
      }
      return o
    }
    /** What this order does to the ledger, from the ledger. */
    function ledgerOf(id: string) {
      return app.database.sqlite.prepare('SELECT ifnull(sum(on_hand_delta), 0) AS onHand, ifnull(sum(reserved_delta), 0) AS reserved FROM stock_movement WHERE order_id = ?').get(id) as { onHand: number; reserved: number }
    }
    const EXPECTED_LEDGER: Record<OrderStatus, { onHand: number; reserved: number }> = {
      draft: { onHand: 0, reserved: 0 },
      confirmed: { onHand: 0, reserved: QTY },
      packed: { onHand: 0, reserved: QTY },
      shipped: { onHand: -QTY, reserved: 0 },
      delivered: { onHand: -QTY, reserved: 0 },
      completed: { onHand: -QTY, reserved: 0 },
      cancelled: { onHand: 0, reserved: 0 },
      returned: { onHand: 0, reserved: 0 },
    }

    // Breadth-first from a fresh draft: every status found is explored with every action.
    const pathTo = new Map<OrderStatus, OrderAction[]>([['draft', []]])
    const queue: OrderStatus[] = ['draft']
    let checked = 0
    while (queue.length > 0) {
      const from = queue.shift()!
      for (const action of ORDER_ACTIONS) {
        const o = await drive(pathTo.get(from)!)
        expect(o.status).toBe(from)
        expect(o.allowedActions).toEqual(allowedActions(from))
        expect(ledgerOf(o.id)).toEqual(EXPECTED_LEDGER[from])
        const expected = nextStatus(from, action)
        const result = await take(o, action)
        const after = await app.ok('orders.getOrder', { id: o.id })
        if (expected === null) {
          const error = errorOf(result)
          expect(error.code, `${from} ${action}`).toBe('CONFLICT')
          expect(error.details.reason, `${from} ${action}`).toBe('order_transition_not_allowed')
          expect(after.status).toBe(from)
          expect(after.version).toBe(o.version)
          expect(after.events).toHaveLength(o.events.length)
          expect(ledgerOf(o.id)).toEqual(EXPECTED_LEDGER[from])
        } else {
          expect(result.ok, `${from} ${action}: ${JSON.stringify(result)}`).toBe(true)
          expect(after.status, `${from} ${action}`).toBe(expected)
          expect(after.allowedActions).toEqual(allowedActions(expected))
          expect(after.version).toBeGreaterThan(o.version)
          expect(after.events.at(-1)).toMatchObject({ kind: 'status', fromStatus: from, toStatus: expected })
          expect(ledgerOf(o.id), `${from} ${action}`).toEqual(EXPECTED_LEDGER[expected])
          if (!pathTo.has(expected)) {
            pathTo.set(expected, [...pathTo.get(from)!, action])
            queue.push(expected)
          }
        }
        // A partial return is possible exactly where a whole return is.
        if (action === 'return') expect(expected !== null).toBe(isPartialReturnAllowed(from))
        checked++
      }
    }
    expect([...pathTo.keys()].sort()).toEqual([...ORDER_STATUSES].sort())
    expect(checked).toBe(ORDER_STATUSES.length * ORDER_ACTIONS.length)
    // 'return' is not a transition action: it goes through orders.returnOrder.
    const draft = await drive([])
    expect(errorOf(await app.call('orders.transitionOrder', { id: draft.id, action: 'return' as never })).code).toBe('VALIDATION')
    expectLedgerConsistent(app)
  })
})

describe('returns', () => {
  async function delivered(app: TestApp, lines: CreateOrderInput['lines']) {
    const o = await app.ok('orders.createOrder', order(lines, { confirm: true }))
    await act(app, o.id, 'ship')
    return act(app, o.id, 'deliver')
  }

  it('restocks part of a line back into the lot it left from, then the rest: the order becomes returned', async () => {
    const { app, honey500 } = await setup()
    const early = await app.ok('lots.createLot', { variantId: honey500.id, lotCode: 'MO-EARLY', quantity: 3, harvestDate: '2026-10-01', expiryDate: '2026-12-15' })
    const late = await app.ok('lots.createLot', { variantId: honey500.id, lotCode: 'MO-LATE', quantity: 5, harvestDate: '2026-10-01', expiryDate: '2027-03-01' })
    const o = await delivered(app, [{ variantId: honey500.id, quantity: 5 }])
    expect(o.lines[0]!.lots).toEqual([
      { lotId: early.id, lotCode: 'MO-EARLY', quantity: 3 },
      { lotId: late.id, lotCode: 'MO-LATE', quantity: 2 },
    ])
    const lineId = o.lines[0]!.id
    const partial = await app.ok('orders.returnOrder', { id: o.id, disposition: 'restock', lines: [{ lineId, quantity: 2 }], note: 'Khách đổi ý' })
    expect(partial).toMatchObject({ status: 'delivered', version: o.version + 1 })
    expect(partial.lines[0]!.returnedQuantity).toBe(2)
    expect(partial.events.at(-1)).toMatchObject({ kind: 'partial_return', note: 'Khách đổi ý' })
    // The two units go back where they came from: the last-picked lot first.
    expect(app.database.sqlite.prepare("SELECT lot_id, on_hand_delta, reserved_delta FROM stock_movement WHERE kind = 'return' ORDER BY seq").all()).toEqual([
      { lot_id: late.id, on_hand_delta: 2, reserved_delta: 0 },
    ])
    expect(await stockOf(app, honey500.id)).toMatchObject({ onHand: 5, reserved: 0 })
    const lotLevel = () => Object.fromEntries((app.database.sqlite.prepare('SELECT lot_id, on_hand FROM stock_lot_level').all() as { lot_id: string; on_hand: number }[]).map((r) => [r.lot_id, r.on_hand]))
    expect(lotLevel()).toEqual({ [early.id]: 0, [late.id]: 5 })

    const whole = await app.ok('orders.returnOrder', { id: o.id, disposition: 'restock', lines: [{ lineId, quantity: 3 }] })
    expect(whole).toMatchObject({ status: 'returned', allowedActions: [] })
    expect(whole.lines[0]!.returnedQuantity).toBe(5)
    expect(whole.lines[0]!.lots).toEqual([])
    expect(lotLevel()).toEqual({ [early.id]: 3, [late.id]: 5 })
    expect(await stockOf(app, honey500.id)).toMatchObject({ onHand: 8, reserved: 0, available: 8 })
    expect(whole.events.slice(-2).map((e) => [e.kind, e.fromStatus, e.toStatus])).toEqual([
      ['returned', null, null],
      ['status', 'delivered', 'returned'],
    ])
    expectLedgerConsistent(app)
  })

  it('a write-off records the return without putting goods back into stock', async () => {
    const { app, riceBag } = await setup()
    await receive(app, riceBag.id, 5)
    const o = await delivered(app, [{ variantId: riceBag.id, quantity: 3 }])
    await act(app, o.id, 'complete')
    const movements = app.database.sqlite.prepare('SELECT count(*) AS n FROM stock_movement').get()
    const back = await app.ok('orders.returnOrder', { id: o.id, disposition: 'write_off', lines: [{ lineId: o.lines[0]!.id, quantity: 1 }] })
    expect(back).toMatchObject({ status: 'completed' })
    expect(back.lines[0]!.returnedQuantity).toBe(1)
    expect(await stockOf(app, riceBag.id)).toMatchObject({ onHand: 2, reserved: 0 })
    expect(app.database.sqlite.prepare('SELECT count(*) AS n FROM stock_movement').get()).toEqual(movements)
    // Restocking the rest afterwards still works (2 of the 3 that left).
    const rest = await app.ok('orders.returnOrder', { id: o.id, disposition: 'restock', lines: [{ lineId: o.lines[0]!.id, quantity: 2 }] })
    expect(rest.status).toBe('returned')
    expect(await stockOf(app, riceBag.id)).toMatchObject({ onHand: 4 })
    expectLedgerConsistent(app)
  })

  it('refuses to return more than was sold (VALIDATION return_exceeds_sold) and writes nothing, even for the valid lines before it', async () => {
    const { app, honey500, riceBag } = await setup()
    await receive(app, honey500.id, 5)
    await receive(app, riceBag.id, 5)
    const o = await delivered(app, [{ variantId: honey500.id, quantity: 2 }, { variantId: riceBag.id, quantity: 1 }])
    const [honeyLine, riceLine] = o.lines
    const before = footprint(app)
    const error = errorOf(await app.call('orders.returnOrder', { id: o.id, disposition: 'restock', lines: [{ lineId: honeyLine!.id, quantity: 2 }, { lineId: riceLine!.id, quantity: 2 }] }))
    expect(error.code).toBe('VALIDATION')
    expect(error.details.issues).toEqual([expect.objectContaining({ path: ['lines', 1, 'quantity'], code: 'return_exceeds_sold', params: { left: 1 } })])
    expect(footprint(app)).toEqual(before)
    // The same line twice in one request counts both.
    const twice = errorOf(await app.call('orders.returnOrder', { id: o.id, disposition: 'restock', lines: [{ lineId: honeyLine!.id, quantity: 1 }, { lineId: honeyLine!.id, quantity: 2 }] }))
    expect(twice.details.issues).toEqual([expect.objectContaining({ path: ['lines', 1, 'quantity'], code: 'return_exceeds_sold' })])
    const unknownLine = errorOf(await app.call('orders.returnOrder', { id: o.id, disposition: 'restock', lines: [{ lineId: 'oln_missing', quantity: 1 }] }))
    expect(unknownLine.details.issues).toEqual([expect.objectContaining({ path: ['lines', 0, 'lineId'], code: 'line_unknown' })])
    expect(footprint(app)).toEqual(before)
    // Nothing to return before the customer has the goods.
    const confirmed = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }], { confirm: true }))
    const early = errorOf(await app.call('orders.returnOrder', { id: confirmed.id, disposition: 'restock', lines: [{ lineId: confirmed.lines[0]!.id, quantity: 1 }] }))
    expect(early.code).toBe('CONFLICT')
    expect(early.details.reason).toBe('order_transition_not_allowed')
  })
})

describe('orders.counterSale', () => {
  it('confirms, issues and completes at once and works out the change', async () => {
    const { app, honey500, riceBag } = await setup()
    await receive(app, honey500.id, 10)
    await receive(app, riceBag.id, 10)
    const sale = await app.ok('orders.counterSale', { lines: [{ variantId: honey500.id, quantity: 2 }, { variantId: riceBag.id, quantity: 1 }], cashReceivedVnd: 500_000 })
    expect(sale.order).toMatchObject({ channel: 'counter', status: 'completed', totalVnd: 420_000, allowedActions: ['return'] })
    expect(sale).toMatchObject({ cashReceivedVnd: 500_000, changeVnd: 80_000 })
    // Cash in hand: the sale is paid, and the timeline keeps what was handed over.
    expect(sale.order.paymentStatus).toBe('paid')
    expect(sale.order.events.at(-1)).toMatchObject({ kind: 'cash', data: { received: 500_000, change: 80_000 } })
    expect(sale.order.events.map((e) => [e.kind, e.fromStatus, e.toStatus])).toEqual([
      ['created', null, 'draft'],
      ['status', 'draft', 'confirmed'],
      ['status', 'confirmed', 'shipped'],
      ['status', 'shipped', 'completed'],
      ['cash', null, null],
    ])
    expect(await stockOf(app, honey500.id)).toMatchObject({ onHand: 8, reserved: 0, available: 8 })
    expect(await stockOf(app, riceBag.id)).toMatchObject({ onHand: 9, reserved: 0 })
    const row = app.database.sqlite.prepare('SELECT confirmed_at, shipped_at, completed_at FROM sales_order WHERE id = ?').get(sale.order.id)
    expect(row).toEqual({ confirmed_at: '2026-11-28T03:00:00.000Z', shipped_at: '2026-11-28T03:00:00.000Z', completed_at: '2026-11-28T03:00:00.000Z' })
    // Exact cash: no change; no cash given: no change worked out.
    expect(await app.ok('orders.counterSale', { lines: [{ variantId: riceBag.id, quantity: 1 }], cashReceivedVnd: 120_000 })).toMatchObject({ changeVnd: 0 })
    expect(await app.ok('orders.counterSale', { lines: [{ variantId: riceBag.id, quantity: 1 }] })).toMatchObject({ cashReceivedVnd: null, changeVnd: null, order: { paymentStatus: 'unpaid' } })
    expectLedgerConsistent(app)
  })

  it('refuses cash short of the total (VALIDATION cash_short) and short stock (CONFLICT), writing nothing', async () => {
    const { app, honey500 } = await setup()
    await receive(app, honey500.id, 1)
    const before = footprint(app)
    const short = errorOf(await app.call('orders.counterSale', { lines: [{ variantId: honey500.id, quantity: 1 }], cashReceivedVnd: 149_999 }))
    expect(short.code).toBe('VALIDATION')
    expect(short.details.issues).toEqual([expect.objectContaining({ path: ['cashReceivedVnd'], code: 'cash_short', params: { total: 150_000 } })])
    expect(footprint(app)).toEqual(before)
    const noStock = errorOf(await app.call('orders.counterSale', { lines: [{ variantId: honey500.id, quantity: 2 }], cashReceivedVnd: 300_000 }))
    expect(noStock.code).toBe('CONFLICT')
    expect(noStock.details.reason).toBe('insufficient_stock')
    expect(footprint(app)).toEqual(before)
  })
})

describe('order events', () => {
  it('keep the timeline in order: created, edited, each status with its time and actor', async () => {
    const { app, honey500 } = await setup()
    await receive(app, honey500.id, 5)
    const o = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 1 }]))
    const steps: Exclude<OrderAction, 'return'>[] = ['confirm', 'pack', 'ship', 'deliver', 'complete']
    app.clock.advance(60_000)
    await app.ok('orders.updateOrder', { id: o.id, notes: 'Gọi trước khi giao' })
    for (const step of steps) {
      app.clock.advance(60_000)
      await app.ok('orders.transitionOrder', { id: o.id, action: step, note: `bước ${step}` })
    }
    const done = await app.ok('orders.getOrder', { id: o.id })
    expect(done.events.map((e) => [e.kind, e.fromStatus, e.toStatus, e.note])).toEqual([
      ['created', null, 'draft', null],
      ['edited', null, null, null],
      ['status', 'draft', 'confirmed', 'bước confirm'],
      ['status', 'confirmed', 'packed', 'bước pack'],
      ['status', 'packed', 'shipped', 'bước ship'],
      ['status', 'shipped', 'delivered', 'bước deliver'],
      ['status', 'delivered', 'completed', 'bước complete'],
    ])
    const times = done.events.map((e) => e.at)
    expect(times).toEqual([...times].sort())
    expect(new Set(times).size).toBe(times.length)
    expect(done.events.every((e) => e.actor === 'tester')).toBe(true)
    expect(done.version).toBe(7)
  })
})

describe('orders.listOrders', () => {
  async function seed() {
    const ctx = await setup()
    const { app, honey500 } = ctx
    await receive(app, honey500.id, 100)
    const huong = await app.ok('customers.createCustomer', { name: 'Nguyễn Thị Hương', phone: '0912345678' })
    const duc = await app.ok('customers.createCustomer', { name: 'Trần Văn Đức', phone: '0388111222' })
    const line = [{ variantId: honey500.id, quantity: 1 }]
    const o1 = await app.ok('orders.createOrder', order(line, { channel: 'phone', customerId: huong.id })) // 03:00
    app.clock.advance(3_600_000)
    const o2 = await app.ok('orders.createOrder', order(line, { channel: 'zalo', customerId: duc.id, confirm: true })) // 04:00
    app.clock.advance(3_600_000)
    const o3 = await app.ok('orders.createOrder', order(line, { channel: 'zalo', customerId: huong.id, confirm: true })) // 05:00
    app.clock.advance(3_600_000)
    const o4 = (await app.ok('orders.counterSale', { lines: line })).order // 06:00
    app.clock.advance(3_600_000)
    const o5 = await app.ok('orders.createOrder', order(line, { channel: 'facebook', deliveryAddress: { recipientName: 'Đặng Thùy Dung', recipientPhone: '+84 977 000 555', legacyText: 'Thôn Đông, Gia Lâm' } })) // 07:00
    return { ...ctx, huong, duc, o1, o2, o3, o4, o5 }
  }
  const numbers = (page: { items: { number: string }[] }) => page.items.map((o) => o.number)

  it('lists newest first with line counts, and filters by status, channel, customer and dates (from inclusive, to exclusive)', async () => {
    const { app, huong, o1, o2, o3, o4, o5 } = await seed()
    const all = await app.ok('orders.listOrders', {})
    expect(all.total).toBe(5)
    expect(numbers(all)).toEqual([o5, o4, o3, o2, o1].map((o) => o.number))
    expect(all.items[0]).toMatchObject({ channel: 'facebook', status: 'draft', customerName: 'Đặng Thùy Dung', customerPhone: '0977000555', lineCount: 1, totalVnd: 150_000 })
    expect(numbers(await app.ok('orders.listOrders', { status: 'confirmed' }))).toEqual([o3.number, o2.number])
    expect(numbers(await app.ok('orders.listOrders', { status: 'completed' }))).toEqual([o4.number])
    expect(numbers(await app.ok('orders.listOrders', { channel: 'zalo' }))).toEqual([o3.number, o2.number])
    expect(numbers(await app.ok('orders.listOrders', { channel: 'zalo', status: 'confirmed', customerId: huong.id }))).toEqual([o3.number])
    expect(numbers(await app.ok('orders.listOrders', { customerId: huong.id }))).toEqual([o3.number, o1.number])
    expect(numbers(await app.ok('orders.listOrders', { from: '2026-11-28T04:00:00.000Z', to: '2026-11-28T06:00:00.000Z' }))).toEqual([o3.number, o2.number])
    expect(numbers(await app.ok('orders.listOrders', { from: '2026-11-28T06:00:00.000Z' }))).toEqual([o5.number, o4.number])
    expect(numbers(await app.ok('orders.listOrders', { to: '2026-11-28T03:00:00.000Z' }))).toEqual([])
    const page = await app.ok('orders.listOrders', { limit: 2, offset: 1 })
    expect(page.total).toBe(5)
    expect(numbers(page)).toEqual([o4.number, o3.number])
    expect((await app.ok('customers.getCustomer', { id: huong.id })).orderCount).toBe(2)
  })

  it('searches by number (padded, compact), customer name without diacritics and phone digits', async () => {
    const { app, o1, o2, o3, o5 } = await seed()
    expect(numbers(await app.ok('orders.listOrders', { query: '000002' }))).toEqual([o2.number])
    expect(numbers(await app.ok('orders.listOrders', { query: 'DH-2026-000002' }))).toEqual([o2.number])
    expect(numbers(await app.ok('orders.listOrders', { query: 'DH2026000002' }))).toEqual([o2.number])
    expect(numbers(await app.ok('orders.listOrders', { query: 'huong' }))).toEqual([o3.number, o1.number])
    expect(numbers(await app.ok('orders.listOrders', { query: 'nguyen thi huong' }))).toEqual([o3.number, o1.number])
    expect(numbers(await app.ok('orders.listOrders', { query: 'tran duc' }))).toEqual([o2.number])
    expect(numbers(await app.ok('orders.listOrders', { query: 'dang thuy dung' }))).toEqual([o5.number])
    expect(numbers(await app.ok('orders.listOrders', { query: '0912345678' }))).toEqual([o3.number, o1.number])
    expect(numbers(await app.ok('orders.listOrders', { query: '+84 912 345 678' }))).toEqual([o3.number, o1.number])
    // Digits that are not a whole phone match the START of a phone (searchPlan: {phone} : "digits"*).
    expect(numbers(await app.ok('orders.listOrders', { query: '0388 111' }))).toEqual([o2.number])
    expect(numbers(await app.ok('orders.listOrders', { query: '0912' }))).toEqual([o3.number, o1.number])
    expect((await app.ok('orders.listOrders', { query: 'khong co ai' })).total).toBe(0)
    expect(numbers(await app.ok('orders.listOrders', { query: 'huong', status: 'draft' }))).toEqual([o1.number])
  })

  it('finds an order by its number typed without the zeros ("2"), not every order of the year 2026', async () => {
    const { app, o2, o5 } = await seed()
    expect(numbers(await app.ok('orders.listOrders', { query: '2' }))).toEqual([o2.number])
    expect(numbers(await app.ok('orders.listOrders', { query: '5' }))).toEqual([o5.number])
    expect(numbers(await app.ok('orders.listOrders', { query: '2026-2' }))).toEqual([o2.number])
    expect(numbers(await app.ok('orders.listOrders', { query: '2', channel: 'zalo' }))).toEqual([o2.number])
    expect((await app.ok('orders.listOrders', { query: '9' })).total).toBe(0)
  })
})

describe('orders.renderDocument', () => {
  it('renders a receipt PDF naming the product and titled PHIẾU BÁN HÀNG', async () => {
    const { app, honey500 } = await setup()
    await receive(app, honey500.id, 5)
    const sale = await app.ok('orders.counterSale', { lines: [{ variantId: honey500.id, quantity: 2 }], cashReceivedVnd: 500_000 })
    for (const format of ['roll80', 'a5'] as const) {
      const file = await app.ok('orders.renderDocument', { id: sale.order.id, kind: 'receipt', format })
      expect(file).toMatchObject({ fileName: `phieu-ban-hang-${sale.order.number}.pdf`, mimeType: 'application/pdf', rowCount: 1 })
      const pdf = Buffer.from(file.contentBase64, 'base64')
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      const dir = mkdtempSync(join(tmpdir(), 'ocop-receipt-'))
      try {
        const path = join(dir, 'receipt.pdf')
        writeFileSync(path, pdf)
        const text = pdftotext(['-layout', path, '-'])
        expect(text).toContain('PHIẾU BÁN HÀNG')
        expect(text).toContain('Mật ong hoa nhãn Hưng Yên')
        expect(text).toContain(sale.order.number)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }
    expect(errorOf(await app.call('orders.renderDocument', { id: 'ord_missing', kind: 'receipt', format: 'a5' })).code).toBe('NOT_FOUND')
  })
})

describe('what an order remembers for editing', () => {
  it('keeps discounts as given (a percentage stays a percentage) and the parts of a typed address', async () => {
    const { app, honey500 } = await setup()
    const ward = (await app.ok('addresses.searchUnits', { query: 'phu dien' }))[0]!
    const draft = await app.ok('orders.createOrder', {
      channel: 'phone',
      lines: [{ variantId: honey500.id, quantity: 2, discount: { kind: 'percent', percent: 10 } }],
      orderDiscount: { kind: 'amount', vnd: 5_000 },
      deliveryAddress: { recipientName: 'Chị Lan', recipientPhone: '0912 345 678', street: 'Số 5, ngõ 12', wardCode: ward.wardCode },
    })
    expect(draft.lines[0]).toMatchObject({ discount: { kind: 'percent', percent: 10 }, discountVnd: 30_000 })
    expect(draft.orderDiscount).toEqual({ kind: 'amount', vnd: 5_000 })
    expect(draft.deliveryAddress).toEqual({
      recipientName: 'Chị Lan',
      recipientPhone: '0912345678',
      street: 'Số 5, ngõ 12',
      wardCode: ward.wardCode,
      legacyText: null,
      text: 'Số 5, ngõ 12, Phường Phú Diễn, Thành phố Hà Nội',
    })
  })
})


describe('a parcel refused at the door', () => {
  it('comes back from shipped, whole, into the lot it left: the order is returned and the stock whole again', async () => {
    const { app, honey500 } = await setup()
    await receive(app, honey500.id, 5)
    const o = await app.ok('orders.createOrder', order([{ variantId: honey500.id, quantity: 2 }], { confirm: true }))
    const shipped = await act(app, o.id, 'ship')
    expect(shipped.allowedActions).toEqual(['deliver', 'complete', 'return'])
    expect(await stockOf(app, honey500.id)).toMatchObject({ onHand: 3, reserved: 0 })
    const back = await app.ok('orders.returnOrder', { id: o.id, lines: [{ lineId: shipped.lines[0]!.id, quantity: 2 }], disposition: 'restock', note: 'Khách không nhận hàng' })
    expect(back.status).toBe('returned')
    expect(await stockOf(app, honey500.id)).toMatchObject({ onHand: 5, reserved: 0, available: 5 })
    expectLedgerConsistent(app)
  })
})
