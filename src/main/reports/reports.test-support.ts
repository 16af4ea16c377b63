/**
 * A small order book worked out by hand, for the reports' tests (figures in dashboard.test.ts):
 * - 23:30 on 27 November in Vietnam: a counter sale of two jars of honey, 10 % off, cash;
 * - 00:30 on the 28th (still the 27th in UTC): a phone order of a jar and three packets of tea,
 *   30,000 đ off, 25,000 đ shipping, paid by VietQR at 09:00, delivered;
 * - 10:00 on the 28th: one packet of tea back, its 73,846 đ refunded;
 * - a cancelled Zalo order, a Facebook draft, and a Shopee order of one jar.
 */
import { COOP, createTestApp, type TestApp } from '../test-support'

/** Moves the test clock to an instant (only forward). */
export function at(app: TestApp, iso: string) {
  const target = Date.parse(iso)
  if (target < app.clock.now()) throw new Error(`the clock cannot go back to ${iso}`)
  app.clock.advance(target - app.clock.now())
}

export async function orderBook(apps: TestApp[]) {
  const app = await createTestApp({ clockStart: '2026-11-27T01:00:00.000Z' })
  apps.push(app)
  await app.ok('sellers.createSeller', { ...COOP, bankBin: '970436', bankAccountNumber: '0123456789', bankAccountName: 'HTX NONG NGHIEP DUONG XA' })
  const honey = await app.ok('catalog.createProduct', { name: 'Mật ong hoa nhãn', status: 'active', variants: [{ sku: 'MO-500', unit: 'hũ', priceVnd: 150_000 }] })
  const tea = await app.ok('catalog.createProduct', { name: 'Trà shan tuyết', status: 'active', variants: [{ sku: 'TRA-100', unit: 'gói', priceVnd: 80_000 }] })
  const honeyV = honey.variants[0]!.id
  const teaV = tea.variants[0]!.id
  await app.ok('stock.receiveStock', { variantId: honeyV, quantity: 50 })
  await app.ok('stock.receiveStock', { variantId: teaV, quantity: 50 })

  // 23:30 on the 27th in Vietnam (16:30 UTC): two jars at the counter, 10 % off, paid cash.
  at(app, '2026-11-27T16:30:00.000Z')
  await app.ok('orders.counterSale', { lines: [{ variantId: honeyV, quantity: 2 }], orderDiscount: { kind: 'percent', percent: 10 }, cashReceivedVnd: 300_000 })

  // 00:30 on the 28th in Vietnam (still the 27th in UTC): a phone order, 30,000 đ off, 25,000 đ shipping.
  at(app, '2026-11-27T17:30:00.000Z')
  const phone = await app.ok('orders.createOrder', {
    channel: 'phone',
    lines: [
      { variantId: honeyV, quantity: 1 },
      { variantId: teaV, quantity: 3 },
    ],
    orderDiscount: { kind: 'amount', vnd: 30_000 },
    shippingFeeVnd: 25_000,
    confirm: true,
  })
  // Paid by bank transfer (VietQR), seen on the account at 09:00.
  at(app, '2026-11-28T02:00:00.000Z')
  const transfer = await app.ok('payments.createIntent', { orderId: phone.id, method: 'vietqr', idempotencyKey: 'qr-phone-1' })
  await app.ok('payments.confirmReceived', { id: transfer.id, note: 'CK Vietcombank 09:00' })
  await app.ok('orders.transitionOrder', { id: phone.id, action: 'ship' })
  await app.ok('orders.transitionOrder', { id: phone.id, action: 'deliver' })

  // 10:00: one packet of tea comes back, and its price is paid back.
  at(app, '2026-11-28T03:00:00.000Z')
  const teaLine = phone.lines.find((l) => l.sku === 'TRA-100')!
  await app.ok('orders.returnOrder', { id: phone.id, lines: [{ lineId: teaLine.id, quantity: 1 }], disposition: 'restock' })
  await app.ok('payments.refund', { intentId: transfer.id, amountVnd: 73_846, reason: 'returned_goods' })

  // A cancelled order and a draft: neither is a sale.
  const cancelled = await app.ok('orders.createOrder', { channel: 'zalo', lines: [{ variantId: teaV, quantity: 5 }], confirm: true })
  await app.ok('orders.transitionOrder', { id: cancelled.id, action: 'cancel' })
  await app.ok('orders.createOrder', { channel: 'facebook', lines: [{ variantId: teaV, quantity: 1 }] })

  // A Shopee order: the marketplace collects the money and pays the seller out.
  await app.ok('orders.createOrder', { channel: 'shopee', lines: [{ variantId: honeyV, quantity: 1 }], externalRef: '2611280001ABCD', confirm: true })
  return { app, honey, tea }
}

