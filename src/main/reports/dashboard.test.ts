// The dashboard's figures against a small order book worked out by hand (docs/reports.md):
// a counter sale late on the 27th (Vietnamese time) that is still the 27th, an order confirmed
// half an hour after midnight that is the 28th although it is the 27th in UTC, an order
// discount shared out over the lines, a partial return and its partial refund, a cancelled
// order, a draft, and a Shopee order the marketplace collects.
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test-support'
import { orderBook } from './reports.test-support'

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

describe('the dashboard', () => {
  it('adds up sales, returns and money as worked out by hand, on Vietnamese days', async () => {
    const { app, honey, tea } = await orderBook(apps)
    const d = await app.ok('reports.dashboard', { from: '2026-11-27', to: '2026-11-28' })

    // 27th: 2 × 150,000 − 10 % = 270,000. 28th: the phone order's goods 390,000 − 30,000 = 360,000
    // (shipping apart) and the Shopee order's 150,000; the tea back is 1/3 of what its line was
    // sold for after its share of the discount: 240,000 − 18,462 = 221,538, a third is 73,846.
    expect(d.byDay).toEqual([
      { day: '2026-11-27', orders: 1, grossVnd: 270_000, returnsVnd: 0, netVnd: 270_000, shippingVnd: 0 },
      { day: '2026-11-28', orders: 2, grossVnd: 510_000, returnsVnd: 73_846, netVnd: 436_154, shippingVnd: 25_000 },
    ])
    expect(d.total).toEqual({ orders: 3, grossVnd: 780_000, returnsVnd: 73_846, netVnd: 706_154, shippingVnd: 25_000 })
    expect(d.today).toBe('2026-11-28')
    const { day: _day, ...todaySums } = d.byDay[1]!
    expect(d.windows.today).toEqual(todaySums)
    expect(d.windows.last7).toEqual(d.total)

    expect(d.byChannel).toEqual([
      { channel: 'phone', orders: 1, netVnd: 360_000 - 73_846 },
      { channel: 'counter', orders: 1, netVnd: 270_000 },
      { channel: 'shopee', orders: 1, netVnd: 150_000 },
    ])
    // Orders created in the period, as they stand now (the counter sale is completed at once).
    expect(Object.fromEntries(d.byStatus.filter((s) => s.orders > 0).map((s) => [s.status, s.orders]))).toEqual({ completed: 1, delivered: 1, cancelled: 1, draft: 1, confirmed: 1 })

    // Honey: 270,000 at the counter, 150,000 − 11,538 by phone, 150,000 on Shopee.
    expect(d.topProducts).toEqual([
      { productId: honey.id, productName: 'Mật ong hoa nhãn', quantity: 4, netVnd: 270_000 + 138_462 + 150_000 },
      { productId: tea.id, productName: 'Trà shan tuyết', quantity: 2, netVnd: 221_538 - 73_846 },
    ])

    // Money: cash 270,000; the transfer 385,000 less the 73,846 paid back; Shopee collects 150,000.
    expect(d.collections).toEqual([
      { method: 'cash', amountVnd: 270_000 },
      { method: 'cod', amountVnd: 0 },
      { method: 'vietqr', amountVnd: 385_000 - 73_846 },
      { method: 'vnpay', amountVnd: 0 },
      { method: 'marketplace', amountVnd: 150_000 },
    ])
    expect(d.cashlessShare).toBeCloseTo((311_154 + 150_000) / (270_000 + 311_154 + 150_000), 10)

    // The months: November holds it all, the eleven before are empty.
    expect(d.byMonth).toHaveLength(12)
    expect(d.byMonth[0]!.month).toBe('2025-12')
    expect(d.byMonth[11]).toEqual({ month: '2026-11', ...d.total })
  })

  it('keeps the day sums right as orders change after they were read', async () => {
    const { app } = await orderBook(apps)
    await app.ok('reports.dashboard', { from: '2026-11-27', to: '2026-11-28' })
    // The Shopee order is cancelled by the marketplace after the dashboard was read.
    const [shopee] = (await app.ok('orders.listOrders', { channel: 'shopee' })).items
    await app.ok('orders.transitionOrder', { id: shopee!.id, action: 'cancel' })
    const d = await app.ok('reports.dashboard', { from: '2026-11-28', to: '2026-11-28' })
    expect(d.total).toMatchObject({ orders: 1, grossVnd: 360_000, returnsVnd: 73_846 })
    expect(d.collections.find((c) => c.method === 'marketplace')).toEqual({ method: 'marketplace', amountVnd: 0 })
  })

  it('names a period that ends before it starts', async () => {
    const app = await createTestApp()
    apps.push(app)
    const answer = await app.call('reports.dashboard', { from: '2026-11-28', to: '2026-11-01' })
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
  })
})
