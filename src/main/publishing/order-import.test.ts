// Marketplace orders into the orders module: idempotent by (channel, external id), confirmed
// when paid (holding stock), kept as drafts when unpaid or when the stock is gone, cancelled
// when the platform cancels them.
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { addressBook } from '../customers/address-book'
import { createCustomersService } from '../customers/customers.service'
import { createIdFactory } from '../ids'
import { createOrdersService } from '../orders/orders.service'
import { COOP, createTestApp, type TestApp } from '../test-support'
import type { ExternalOrder } from './connector'
import { importMarketplaceOrders } from './order-import'

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

const ctx = { actor: 'shopee (sàn)' }

async function setup() {
  const app = await createTestApp()
  apps.push(app)
  await app.ok('sellers.createSeller', COOP)
  const rice = await app.ok('catalog.createProduct', { name: 'Gạo ST25', status: 'active', variants: [{ sku: 'ST25-5', unit: 'túi', priceVnd: 250_000 }] })
  await app.ok('stock.receiveStock', { variantId: rice.variants[0]!.id, quantity: 5 })
  const deps = { db: app.database.db, clock: app.clock, newId: createIdFactory(app.clock.now) }
  const units = addressBook()
  const orders = createOrdersService(deps, createCustomersService(deps, units), units)
  const pull = (list: ExternalOrder[]) => importMarketplaceOrders(app.database.db, orders, 'shopee', list, ctx)
  return { app, rice, pull }
}

const order = (id: string, state: ExternalOrder['state'], quantity = 2, sku = 'ST25-5'): ExternalOrder => ({
  externalId: id,
  status: state.toUpperCase(),
  state,
  createdAt: '2026-11-28T02:00:00.000Z',
  updatedAt: '2026-11-28T02:30:00.000Z',
  buyerName: 'Nguyễn Văn An',
  buyerPhone: '84******89',
  addressText: 'Thôn Đông, xã Dương Xá, Hà Nội',
  totalVnd: 500_000 * quantity,
  shippingFeeVnd: 22_000,
  lines: [{ sku, quantity, unitPriceVnd: 250_000, name: 'Gạo ST25 túi 5 kg' }],
  trackingCode: null,
})

async function stock(app: TestApp, variantId: string) {
  return (await app.ok('stock.listStock', { variantIds: [variantId] })).items[0]!
}

describe('importing marketplace orders', () => {
  it('confirms a paid order once, however often it is pulled, and keeps what the phone mask hides out', async () => {
    const { app, rice, pull } = await setup()
    expect(await pull([order('SN1', 'to_ship')])).toMatchObject({ created: 1, unchanged: 0 })
    expect(await pull([order('SN1', 'to_ship'), order('SN1', 'to_ship')])).toMatchObject({ created: 0, unchanged: 2 })
    const { items } = await app.ok('orders.listOrders', { channel: 'shopee' })
    expect(items).toHaveLength(1)
    const imported = await app.ok('orders.getOrder', { id: items[0]!.id })
    expect(imported).toMatchObject({ status: 'confirmed', externalRef: 'SN1', shippingFeeVnd: 22_000, deliveryAddress: expect.objectContaining({ recipientName: 'Nguyễn Văn An', recipientPhone: null }) })
    expect((await stock(app, rice.variants[0]!.id)).available).toBe(3)
  })

  it('keeps an unpaid order as a draft, confirms it when it is paid, and cancels it when the platform does', async () => {
    const { app, rice, pull } = await setup()
    await pull([order('SN2', 'unpaid')])
    const id = (await app.ok('orders.listOrders', { channel: 'shopee' })).items[0]!.id
    expect((await app.ok('orders.getOrder', { id })).status).toBe('draft')
    expect((await stock(app, rice.variants[0]!.id)).available).toBe(5)
    expect(await pull([order('SN2', 'to_ship')])).toMatchObject({ confirmed: 1 })
    expect((await app.ok('orders.getOrder', { id })).status).toBe('confirmed')
    expect(await pull([order('SN2', 'cancelled')])).toMatchObject({ cancelled: 1 })
    expect((await app.ok('orders.getOrder', { id })).status).toBe('cancelled')
    expect((await stock(app, rice.variants[0]!.id)).available).toBe(5)
  })

  it('keeps an order whose stock is gone as a draft with the reason, and names SKUs it does not know', async () => {
    const { app, pull } = await setup()
    const summary = await pull([order('SN3', 'to_ship', 9), order('SN4', 'to_ship', 1, 'UNKNOWN-1')])
    expect(summary).toMatchObject({ created: 0, drafts: 1, unknownSkus: ['UNKNOWN-1'] })
    const { items } = await app.ok('orders.listOrders', { channel: 'shopee' })
    const kept = await app.ok('orders.getOrder', { id: items[0]!.id })
    expect(kept).toMatchObject({ status: 'draft', externalRef: 'SN3' })
    expect(kept.notes).toContain('Không đủ hàng')
    // An order first seen cancelled never needed our stock.
    expect(await pull([order('SN5', 'cancelled')])).toMatchObject({ created: 0, unchanged: 1 })
  })
})
