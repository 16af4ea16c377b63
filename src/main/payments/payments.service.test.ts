// Payments through the real dispatcher and a real SQLite database, against the fake VNPay
// sandbox (test/fakes), which checks our checksums exactly as VNPay does and signs its answers.
// The test clock starts at 2026-11-28T03:00Z = 10:00 in Vietnam; the fake reads the same clock.
import { rmSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Envelope } from '@shared/contract/errors'
import type { PaymentIntentDto } from '@shared/contract/payments'
import { parseVietQrPayload } from '@shared/domain/vietqr'
import { COOP, createTestApp, tempDir, type TestApp } from '../test-support'
import { flatText, pdfScratch, pdftotext } from '../pdf/poppler.test-support'
import { FAKE_VNPAY_MERCHANT, signQuery, startFakeVnpay, type FakeVnpay } from '../../../test/fakes/vnpay-sandbox'

let fake: FakeVnpay
let now: () => number = Date.now
beforeAll(async () => {
  fake = await startFakeVnpay({ clock: () => now() })
})
afterAll(async () => {
  await fake.close()
})

const apps: TestApp[] = []
afterEach(async () => {
  fake.reset()
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

let keys = 0
const key = () => `test-key-${++keys}-${Date.now()}`

async function configure(app: TestApp) {
  await app.ok('payments.updateVnpayConfig', {
    tmnCode: FAKE_VNPAY_MERCHANT.tmnCode,
    hashSecret: FAKE_VNPAY_MERCHANT.hashSecret,
    paymentUrl: fake.paymentUrl,
    apiUrl: fake.apiUrl,
  })
  app.vnpayCallbacks.setBaseUrl('http://127.0.0.1:45999')
}

/** A seller with a VietQR account, a VNPay terminal on the fake, and a confirmed order of 235.000 ₫. */
async function setup(options: { onDisk?: string } = {}) {
  const app = await createTestApp(options)
  apps.push(app)
  now = () => app.clock.now()
  const seller = await app.ok('sellers.createSeller', { ...COOP, bankBin: '970436', bankAccountNumber: '0123456789', bankAccountName: 'HTX NONG NGHIEP DUONG XA' })
  await configure(app)
  const product = await app.ok('catalog.createProduct', { name: 'Mật ong hoa nhãn', variants: [{ sku: 'MO-500', unit: 'hũ', priceVnd: 150_000 }, { sku: 'MO-250', unit: 'hũ', priceVnd: 85_000 }] })
  for (const v of product.variants) await app.ok('stock.receiveStock', { variantId: v.id, quantity: 50 })
  const order = await app.ok('orders.createOrder', {
    channel: 'phone',
    lines: product.variants.map((v) => ({ variantId: v.id, quantity: 1 })),
    confirm: true,
  })
  return { app, seller, order, product }
}

function errorOf(result: Envelope<unknown>): { code: string; details: { reason?: string; issues?: { code: string }[] } } {
  expect(result.ok, JSON.stringify(result)).toBe(false)
  return (result as unknown as { error: { code: string; details: { reason?: string; issues?: { code: string }[] } } }).error
}

function redirectUrl(intent: PaymentIntentDto): string {
  expect(intent.nextAction?.type).toBe('redirect_to_url')
  return (intent.nextAction as { url: string }).url
}

/** The customer's browser opening VNPay's page (the fake records the transaction then). */
async function openPage(intent: PaymentIntentDto): Promise<string> {
  const response = await fetch(redirectUrl(intent))
  const html = await response.text()
  expect(html, html.slice(0, 500)).not.toContain('vnpay-error')
  return intent.providerRef!
}

async function payByVnpay(app: TestApp, orderId: string, amountVnd?: number) {
  const intent = await app.ok('payments.createIntent', { orderId, method: 'vnpay', idempotencyKey: key(), ...(amountVnd && { amountVnd }) })
  const txnRef = await openPage(intent)
  const returnUrl = await fake.approve(txnRef)
  const result = await app.vnpayCallbacks.handle('return', new URL(returnUrl).searchParams)
  return { intent, txnRef, returnUrl, result }
}

async function eventsOf(app: TestApp, intentId: string) {
  return (await app.ok('payments.listEvents', { intentId })).reverse()
}

describe('VNPay: the payment URL', () => {
  it('builds a signed 2.1.0 URL in GMT+7 that the sandbox accepts, amount ×100 only on the wire', async () => {
    const { app, order } = await setup()
    const intent = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: key() })
    expect(intent).toMatchObject({ status: 'requires_action', amountVnd: 235_000, method: 'vnpay', currency: 'vnd' })
    const url = new URL(redirectUrl(intent))
    expect(url.origin + url.pathname).toBe(fake.paymentUrl)
    expect(url.searchParams.get('vnp_Amount')).toBe('23500000')
    expect(url.searchParams.get('vnp_CreateDate')).toBe('20261128100000')
    expect(url.searchParams.get('vnp_ExpireDate')).toBe('20261128101500')
    expect(url.searchParams.get('vnp_ReturnUrl')).toBe('http://127.0.0.1:45999/vnpay/return')
    expect(url.searchParams.get('vnp_OrderInfo')).toMatch(/^Thanh toan don hang DH-\d{4}-\d{6}$/)
    await openPage(intent)
    expect(fake.transaction(intent.providerRef!)).toMatchObject({ amount: 235_000, status: 'pending' })
  })

  it('gives each attempt its own TxnRef, even for the same order', async () => {
    const { app, order } = await setup()
    const a = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: key(), amountVnd: 100_000 })
    const b = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: key(), amountVnd: 100_000 })
    expect(a.providerRef).not.toBe(b.providerRef)
  })

  it('refuses VNPay before a terminal is set up, and never returns the secret', async () => {
    const app = await createTestApp()
    apps.push(app)
    await app.ok('sellers.createSeller', COOP)
    const settings = await app.ok('payments.getSettings', {})
    expect(settings.vnpay).toBeNull()
    await configure(app)
    const after = await app.ok('payments.getSettings', {})
    expect(JSON.stringify(after)).not.toContain(FAKE_VNPAY_MERCHANT.hashSecret)
    expect(after.vnpay).toMatchObject({ tmnCode: 'OCOPTEST', secretProtection: 'key_file', isSandbox: false })
    const stored = app.database.sqlite.prepare('SELECT secret_sealed FROM vnpay_config').get() as { secret_sealed: string }
    expect(stored.secret_sealed).not.toContain(FAKE_VNPAY_MERCHANT.hashSecret)
    const events = app.database.sqlite.prepare('SELECT payload_json FROM payment_event').all() as { payload_json: string }[]
    expect(events.map((e) => e.payload_json).join('')).not.toContain(FAKE_VNPAY_MERCHANT.hashSecret)
  })
})

describe('VNPay: outcomes', () => {
  it('pays an order: the return moves it to processing, querydr confirms it, the order is paid', async () => {
    const { app, order } = await setup()
    const { intent, result } = await payByVnpay(app, order.id)
    expect(result.outcome).toBe('applied')
    expect(result.intent?.status).toBe('succeeded')
    const paid = await app.ok('payments.getIntent', { id: intent.id })
    expect(paid).toMatchObject({ status: 'succeeded', amountReceivedVnd: 235_000, providerCode: '00', nextAction: null })
    expect(paid.providerTransactionNo).toMatch(/^\d+$/)
    expect((await app.ok('orders.getOrder', { id: order.id })).paymentStatus).toBe('paid')
    const events = await eventsOf(app, intent.id)
    expect(events.map((e) => [e.type, e.outcome, e.statusAfter])).toEqual([
      ['vnpay.url_built', 'applied', 'requires_action'],
      ['vnpay.return', 'applied', 'processing'],
      ['vnpay.querydr', 'applied', 'succeeded'],
    ])
    expect(events[1]!.verified).toBe(true)
    expect((events[1]!.payload as Record<string, string>)['vnp_TxnRef']).toBe(intent.providerRef)
  })

  it('records a declined card as failed, and the order stays unpaid', async () => {
    const { app, order } = await setup()
    const intent = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: key() })
    const returnUrl = await fake.decline(await openPage(intent), '51')
    const result = await app.vnpayCallbacks.handle('return', new URL(returnUrl).searchParams)
    expect(result.intent).toMatchObject({ status: 'failed', failureCode: '51' })
    expect((await app.ok('orders.getOrder', { id: order.id })).paymentStatus).toBe('unpaid')
  })

  it('records the customer cancelling on VNPay’s page as canceled (abandoned)', async () => {
    const { app, order } = await setup()
    const intent = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: key() })
    const returnUrl = await fake.cancel(await openPage(intent))
    const result = await app.vnpayCallbacks.handle('return', new URL(returnUrl).searchParams)
    expect(result.intent).toMatchObject({ status: 'canceled', cancellationReason: 'abandoned', providerCode: '24' })
  })

  it('finds a payment whose return never came back, by polling querydr', async () => {
    const { app, order } = await setup()
    const intent = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: key() })
    await fake.approve(await openPage(intent))
    expect(await app.vnpayCallbacks.pollDue()).toBe(0)
    app.clock.advance(61_000)
    expect(await app.vnpayCallbacks.pollDue()).toBe(1)
    expect((await app.ok('payments.getIntent', { id: intent.id })).status).toBe('succeeded')
    expect((await app.ok('orders.getOrder', { id: order.id })).paymentStatus).toBe('paid')
  })

  it('keeps polling with backoff while nothing is paid, and expires the intent after the window', async () => {
    const { app, order } = await setup()
    const intent = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: key() })
    await openPage(intent)
    const seen: string[] = []
    for (let i = 0; i < 40; i++) {
      app.clock.advance(60_000)
      await app.vnpayCallbacks.pollDue()
      seen.push((await app.ok('payments.getIntent', { id: intent.id })).status)
    }
    expect(seen.slice(0, 14), seen.join()).toEqual(Array(14).fill('requires_action'))
    expect(seen.at(-1), seen.join()).toBe('expired')
    expect(await app.ok('payments.getIntent', { id: intent.id })).toMatchObject({ cancellationReason: 'expired', nextAction: null })
    const polls = fake.requests.filter((r) => r.command === 'querydr')
    // Backoff: far fewer questions than minutes waited, and each one correctly signed.
    expect(polls.length).toBeLessThan(20)
    expect(polls.every((p) => p.verified)).toBe(true)
  })

  it('stays processing when VNPay cannot be reached, and settles after a restart', async () => {
    const dir = tempDir()
    try {
      const first = await setup({ onDisk: dir.path })
      const intent = await first.app.ok('payments.createIntent', { orderId: first.order.id, method: 'vnpay', idempotencyKey: key() })
      const returnUrl = await fake.approve(await openPage(intent))
      fake.setMisbehaviour({ serverError: true })
      const result = await first.app.vnpayCallbacks.handle('return', new URL(returnUrl).searchParams)
      expect(result.intent?.status).toBe('processing')
      const events = await eventsOf(first.app, intent.id)
      expect(events.at(-1)).toMatchObject({ type: 'vnpay.querydr', outcome: 'unchanged', reason: 'provider_unreachable' })
      await first.app.close()
      apps.splice(apps.indexOf(first.app), 1)

      fake.setMisbehaviour({ serverError: false })
      const second = await createTestApp({ onDisk: dir.path })
      apps.push(second)
      now = () => second.clock.now()
      second.clock.advance(10 * 60_000)
      expect(await second.vnpayCallbacks.pollDue()).toBe(1)
      expect((await second.ok('payments.getIntent', { id: intent.id })).status).toBe('succeeded')
      expect((await second.ok('orders.getOrder', { id: first.order.id })).paymentStatus).toBe('paid')
    } finally {
      dir.remove()
    }
  })

  it('asks VNPay before cancelling, and refuses to cancel a payment VNPay has taken', async () => {
    const { app, order } = await setup()
    const intent = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: key() })
    await fake.approve(await openPage(intent))
    expect(errorOf(await app.call('payments.cancelIntent', { id: intent.id })).details.reason).toBe('already_succeeded')
    expect((await app.ok('payments.getIntent', { id: intent.id })).status).toBe('succeeded')

    const other = await setup()
    const open = await other.app.ok('payments.createIntent', { orderId: other.order.id, method: 'vnpay', idempotencyKey: key() })
    await openPage(open)
    expect(await other.app.ok('payments.cancelIntent', { id: open.id })).toMatchObject({ status: 'canceled', cancellationReason: 'requested_by_customer' })
  })
})

describe('VNPay: money that arrives late', () => {
  it('records a payment VNPay confirms after the shop cancelled the intent, and answers the IPN with 00', async () => {
    const { app, order } = await setup()
    const intent = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: key() })
    const txnRef = await openPage(intent)
    await app.ok('payments.cancelIntent', { id: intent.id })
    const returnUrl = await fake.approve(txnRef)
    const ipn = await app.vnpayCallbacks.handle('ipn', new URL(returnUrl).searchParams)
    expect(ipn).toMatchObject({ outcome: 'applied', reason: 'late_confirmation', reply: { RspCode: '00' } })
    expect(ipn.intent?.status).toBe('succeeded')
    expect((await app.ok('orders.getOrder', { id: order.id })).paymentStatus).toBe('paid')
  })

  it('stops asking VNPay a day after the window, leaving the payment for a person to check', async () => {
    const { app, order } = await setup()
    const intent = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: key() })
    const returnUrl = await fake.approve(await openPage(intent))
    fake.setMisbehaviour({ serverError: true })
    expect((await app.vnpayCallbacks.handle('return', new URL(returnUrl).searchParams)).intent?.status).toBe('processing')
    app.clock.advance(25 * 60 * 60_000)
    await app.vnpayCallbacks.pollDue()
    expect(app.database.sqlite.prepare('SELECT next_poll_at FROM payment_intent WHERE id = ?').get(intent.id)).toEqual({ next_poll_at: null })
    expect(await app.vnpayCallbacks.pollDue()).toBe(0)
    fake.setMisbehaviour({ serverError: false })
    expect(await app.ok('payments.refreshIntent', { id: intent.id })).toMatchObject({ status: 'succeeded' })
  })
})

describe('VNPay: messages that must change nothing', () => {
  it('rejects a return whose signature does not match (a tampered response code)', async () => {
    const { app, order } = await setup()
    const intent = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: key() })
    const returnUrl = await fake.decline(await openPage(intent), '51')
    const query = new URL(returnUrl).searchParams
    query.set('vnp_ResponseCode', '00')
    query.set('vnp_TransactionStatus', '00')
    const result = await app.vnpayCallbacks.handle('return', query)
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'bad_signature' })
    expect((await app.ok('payments.getIntent', { id: intent.id })).status).toBe('requires_action')
    expect((await eventsOf(app, intent.id)).at(-1)).toMatchObject({ outcome: 'rejected', reason: 'bad_signature', verified: false })
  })

  it('rejects a correctly signed callback whose amount differs from the intent', async () => {
    const { app, order } = await setup()
    const intent = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: key() })
    fake.setMisbehaviour({ changeAmount: 1_000 })
    const returnUrl = await fake.approve(await openPage(intent))
    const result = await app.vnpayCallbacks.handle('return', new URL(returnUrl).searchParams)
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'amount_mismatch' })
    const ipn = await app.vnpayCallbacks.handle('ipn', new URL(returnUrl).searchParams)
    expect(ipn.reply.RspCode).toBe('04')
    expect((await app.ok('orders.getOrder', { id: order.id })).paymentStatus).toBe('unpaid')
  })

  it('rejects a correctly signed callback for a TxnRef we never issued', async () => {
    const { app } = await setup()
    const query = new URLSearchParams(
      signQuery(
        { vnp_Amount: '10000000', vnp_ResponseCode: '00', vnp_TransactionStatus: '00', vnp_TmnCode: 'OCOPTEST', vnp_TxnRef: 'DH2026999999-FORGED', vnp_TransactionNo: '1' },
        FAKE_VNPAY_MERCHANT.hashSecret,
      ),
    )
    const result = await app.vnpayCallbacks.handle('ipn', query)
    expect(result).toMatchObject({ outcome: 'rejected', reason: 'unknown_txn', reply: { RspCode: '01' } })
    const logged = await app.database.db.selectFrom('payment_event').selectAll().where('reason', '=', 'unknown_txn').execute()
    expect(logged).toHaveLength(1)
    expect(logged[0]!.verified).toBe(1)
  })

  it('answers a replayed IPN with 02 and changes nothing the second time', async () => {
    const { app, order } = await setup()
    const intent = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: key() })
    const returnUrl = await fake.approve(await openPage(intent))
    const query = new URL(returnUrl).searchParams
    const first = await app.vnpayCallbacks.handle('ipn', query)
    expect(first).toMatchObject({ outcome: 'applied', reply: { RspCode: '00' } })
    expect(first.intent?.status).toBe('succeeded')
    const second = await app.vnpayCallbacks.handle('ipn', query)
    expect(second).toMatchObject({ outcome: 'unchanged', reason: 'duplicate', reply: { RspCode: '02' } })
    const again = await app.vnpayCallbacks.handle('return', query)
    expect(again.outcome).toBe('unchanged')
    const intentAfter = await app.ok('payments.getIntent', { id: intent.id })
    expect(intentAfter.amountReceivedVnd).toBe(235_000)
    expect((await app.ok('orders.getOrder', { id: order.id })).paidVnd).toBe(235_000)
  })

  it('answers an IPN with a bad checksum with 97', async () => {
    const { app, order } = await setup()
    const intent = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: key() })
    const query = new URL(await fake.approve(await openPage(intent))).searchParams
    query.set('vnp_SecureHash', query.get('vnp_SecureHash')!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')))
    expect((await app.vnpayCallbacks.handle('ipn', query)).reply.RspCode).toBe('97')
  })

  it('does not believe a querydr answer whose checksum is wrong', async () => {
    const { app, order } = await setup()
    const intent = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: key() })
    const returnUrl = await fake.approve(await openPage(intent))
    fake.setMisbehaviour({ badResponseChecksum: true })
    const result = await app.vnpayCallbacks.handle('return', new URL(returnUrl).searchParams)
    expect(result.intent?.status).toBe('processing')
    expect((await eventsOf(app, intent.id)).at(-1)).toMatchObject({ type: 'vnpay.querydr', outcome: 'rejected', reason: 'bad_signature', verified: false })
    expect((await app.ok('orders.getOrder', { id: order.id })).paymentStatus).toBe('unpaid')
  })

  it('handles the sandbox’s duplicate return (server-side replay) idempotently', async () => {
    const { app, order } = await setup()
    const intent = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: key() })
    const returnUrl = await fake.approve(await openPage(intent))
    const results = [await app.vnpayCallbacks.handle('return', new URL(returnUrl).searchParams), await app.vnpayCallbacks.handle('return', new URL(returnUrl).searchParams)]
    expect(results.map((r) => r.intent?.status)).toEqual(['succeeded', 'succeeded'])
    expect(results[1]!.outcome).toBe('unchanged')
    expect((await app.ok('payments.orderPayments', { orderId: order.id })).paidVnd).toBe(235_000)
  })

  it('keeps the event log append-only in the database itself', async () => {
    const { app, order } = await setup()
    await app.ok('payments.createIntent', { orderId: order.id, method: 'cod', idempotencyKey: key() })
    expect(() => app.database.sqlite.prepare(`UPDATE payment_event SET outcome = 'rejected'`).run()).toThrow(/append-only/)
    expect(() => app.database.sqlite.prepare(`DELETE FROM payment_event`).run()).toThrow(/append-only/)
  })
})

describe('VNPay: refunds', () => {
  it('refunds in full with type 02, and the order becomes refunded', async () => {
    const { app, order } = await setup()
    const { intent } = await payByVnpay(app, order.id)
    const refunded = await app.ok('payments.refund', { intentId: intent.id, reason: 'requested_by_customer' })
    expect(refunded).toMatchObject({ amountRefundedVnd: 235_000, amountRefundableVnd: 0 })
    expect(refunded.refunds).toEqual([expect.objectContaining({ amountVnd: 235_000, status: 'succeeded' })])
    expect(fake.transaction(intent.providerRef!)!.refunds.map((r) => [r.transactionType, r.amount])).toEqual([['02', 235_000]])
    expect((await app.ok('orders.getOrder', { id: order.id })).paymentStatus).toBe('refunded')
  })

  it('refunds part (03), then the rest (03), never more than was received', async () => {
    const { app, order } = await setup()
    const { intent } = await payByVnpay(app, order.id)
    await app.ok('payments.refund', { intentId: intent.id, amountVnd: 85_000, reason: 'returned_goods', note: 'Trả 1 hũ 250 g' })
    expect((await app.ok('orders.getOrder', { id: order.id })).paymentStatus).toBe('partially_refunded')
    const tooMuch = errorOf(await app.call('payments.refund', { intentId: intent.id, amountVnd: 150_001, reason: 'other' }))
    expect(tooMuch.details.issues?.[0]?.code).toBe('refund_exceeds_received')
    await app.ok('payments.refund', { intentId: intent.id, reason: 'other' })
    expect(fake.transaction(intent.providerRef!)!.refunds.map((r) => [r.transactionType, r.amount])).toEqual([
      ['03', 85_000],
      ['03', 150_000],
    ])
    expect((await app.ok('orders.getOrder', { id: order.id })).paymentStatus).toBe('refunded')
    expect(errorOf(await app.call('payments.refund', { intentId: intent.id, reason: 'other' })).details.reason).toBe('nothing_to_refund')
  })

  it('records a refund VNPay refuses as failed, and the money as still received', async () => {
    const { app, order } = await setup()
    const { intent } = await payByVnpay(app, order.id)
    fake.setMisbehaviour({ refundUnavailable: true })
    expect(errorOf(await app.call('payments.refund', { intentId: intent.id, reason: 'other' })).details.reason).toBe('provider_refused')
    const after = await app.ok('payments.getIntent', { id: intent.id })
    expect(after).toMatchObject({ amountRefundedVnd: 0, amountRefundableVnd: 235_000 })
    expect(after.refunds[0]).toMatchObject({ status: 'failed', failureCode: 'vnpay_99' })
    expect((await app.ok('orders.getOrder', { id: order.id })).paymentStatus).toBe('paid')
  })

  it('does not record a refund whose answer fails its checksum', async () => {
    const { app, order } = await setup()
    const { intent } = await payByVnpay(app, order.id)
    fake.setMisbehaviour({ badResponseChecksum: true })
    expect(errorOf(await app.call('payments.refund', { intentId: intent.id, reason: 'other' })).details.reason).toBe('bad_signature')
    expect((await app.ok('payments.getIntent', { id: intent.id })).amountRefundedVnd).toBe(0)
  })

  it('answers a replayed refund key with the first answer, a failure included', async () => {
    const { app, order } = await setup()
    const { intent } = await payByVnpay(app, order.id)
    fake.setMisbehaviour({ refundUnavailable: true })
    const k = key()
    const first = errorOf(await app.call('payments.refund', { intentId: intent.id, amountVnd: 50_000, reason: 'other', idempotencyKey: k }))
    fake.setMisbehaviour({ refundUnavailable: false })
    const again = errorOf(await app.call('payments.refund', { intentId: intent.id, amountVnd: 50_000, reason: 'other', idempotencyKey: k }))
    expect(again).toMatchObject({ code: first.code, details: { reason: 'provider_refused' } })
    expect(fake.transaction(intent.providerRef!)!.refunds).toHaveLength(0)
  })

  it('closes a refund an interrupted app left pending, releasing the amount', async () => {
    const { app, order } = await setup()
    const { intent } = await payByVnpay(app, order.id)
    app.database.sqlite
      .prepare(`INSERT INTO payment_refund (id, intent_id, amount_vnd, reason, status, created_by, created_at, updated_at) VALUES ('re_stuck', ?, 50000, 'other', 'pending', 'lan', ?, ?)`)
      .run(intent.id, app.clock.isoNow(), app.clock.isoNow())
    expect((await app.ok('payments.getIntent', { id: intent.id })).amountRefundableVnd).toBe(185_000)
    app.clock.advance(11 * 60_000)
    await app.vnpayCallbacks.pollDue()
    const after = await app.ok('payments.getIntent', { id: intent.id })
    expect(after.amountRefundableVnd).toBe(235_000)
    expect(after.refunds[0]).toMatchObject({ id: 're_stuck', status: 'failed', failureCode: 'interrupted' })
  })

  it('replays a refund with the same idempotency key instead of refunding twice', async () => {
    const { app, order } = await setup()
    const { intent } = await payByVnpay(app, order.id)
    const k = key()
    await app.ok('payments.refund', { intentId: intent.id, amountVnd: 50_000, reason: 'other', idempotencyKey: k })
    const again = await app.ok('payments.refund', { intentId: intent.id, amountVnd: 50_000, reason: 'other', idempotencyKey: k })
    expect(again.amountRefundedVnd).toBe(50_000)
    expect(fake.transaction(intent.providerRef!)!.refunds).toHaveLength(1)
  })
})

describe('the intent facade', () => {
  it('returns the same intent for the same idempotency key, and refuses the key with other parameters', async () => {
    const { app, order } = await setup()
    const k = key()
    const a = await app.ok('payments.createIntent', { orderId: order.id, method: 'cod', idempotencyKey: k })
    const b = await app.ok('payments.createIntent', { orderId: order.id, method: 'cod', idempotencyKey: k })
    expect(b.id).toBe(a.id)
    const error = errorOf(await app.call('payments.createIntent', { orderId: order.id, method: 'vietqr', idempotencyKey: k }))
    expect(error).toMatchObject({ code: 'CONFLICT', details: { reason: 'idempotency_mismatch' } })
    expect(app.database.sqlite.prepare('SELECT count(*) AS n FROM payment_intent').get()).toEqual({ n: 1 })
  })

  it('takes cash with change, part payments, and refuses more than the order owes', async () => {
    const { app, order } = await setup()
    const short = errorOf(await app.call('payments.createIntent', { orderId: order.id, method: 'cash', amountVnd: 100_000, cashTenderedVnd: 50_000, idempotencyKey: key() }))
    expect(short.details.issues?.[0]?.code).toBe('cash_short')
    const cash = await app.ok('payments.createIntent', { orderId: order.id, method: 'cash', amountVnd: 100_000, cashTenderedVnd: 200_000, idempotencyKey: key() })
    expect(cash).toMatchObject({ status: 'succeeded', amountReceivedVnd: 100_000, changeVnd: 100_000 })
    expect(await app.ok('payments.orderPayments', { orderId: order.id })).toMatchObject({ paidVnd: 100_000, outstandingVnd: 135_000, paymentStatus: 'partially_paid' })
    const over = errorOf(await app.call('payments.createIntent', { orderId: order.id, method: 'vietqr', amountVnd: 135_001, idempotencyKey: key() }))
    expect(over.details.issues?.[0]?.code).toBe('amount_exceeds_outstanding')
    const rest = await app.ok('payments.createIntent', { orderId: order.id, method: 'vietqr', idempotencyKey: key() })
    expect(rest.amountVnd).toBe(135_000)
    await app.ok('payments.confirmReceived', { id: rest.id, note: 'CK Vietcombank 10:05' })
    expect((await app.ok('orders.getOrder', { id: order.id })).paymentStatus).toBe('paid')
    expect(errorOf(await app.call('payments.createIntent', { orderId: order.id, method: 'cash', idempotencyKey: key() })).details.reason).toBe('order_already_paid')
  })

  it('cancels the waiting payments of a cancelled order, so its QR can no longer be settled', async () => {
    const { app, order } = await setup()
    const qr = await app.ok('payments.createIntent', { orderId: order.id, method: 'vietqr', amountVnd: 100_000, idempotencyKey: key() })
    const cod = await app.ok('payments.createIntent', { orderId: order.id, method: 'cod', amountVnd: 135_000, idempotencyKey: key() })
    await app.ok('orders.transitionOrder', { id: order.id, action: 'cancel' })
    for (const id of [qr.id, cod.id]) expect(await app.ok('payments.getIntent', { id })).toMatchObject({ status: 'canceled', cancellationReason: 'order_cancelled', nextAction: null })
    expect(errorOf(await app.call('payments.confirmReceived', { id: qr.id, note: 'CK' })).code).toBe('CONFLICT')
    expect((await app.ok('orders.getOrder', { id: order.id })).paymentStatus).toBe('unpaid')
  })

  it('refuses a draft order (its total may still change) and a cancelled one', async () => {
    const { app, product } = await setup()
    const draft = await app.ok('orders.createOrder', { channel: 'phone', lines: [{ variantId: product.variants[0]!.id, quantity: 1 }] })
    expect(errorOf(await app.call('payments.createIntent', { orderId: draft.id, method: 'cash', idempotencyKey: key() })).details.reason).toBe('order_not_payable')
  })

  it('shows a VietQR for the exact amount and a memo that names the order', async () => {
    const { app, order } = await setup()
    const intent = await app.ok('payments.createIntent', { orderId: order.id, method: 'vietqr', idempotencyKey: key() })
    expect(intent.status).toBe('requires_action')
    const action = intent.nextAction as Extract<PaymentIntentDto['nextAction'], { type: 'display_vietqr' }>
    expect(action).toMatchObject({ type: 'display_vietqr', bankBin: '970436', bankName: 'Vietcombank', accountNumber: '0123456789', amountVnd: 235_000 })
    const parsed = parseVietQrPayload(action.data)
    expect(parsed.ok && parsed.value).toMatchObject({ bin: '970436', accountNumber: '0123456789', amountVnd: 235_000, memo: action.memo })
    expect(action.memo).toBe(order.number.replace(/-/g, ''))
    const second = await app.ok('payments.createIntent', { orderId: order.id, method: 'vietqr', amountVnd: 1_000, idempotencyKey: key() })
    expect((second.nextAction as { memo: string }).memo).not.toBe(action.memo)
  })

  it('refuses a VietQR when the seller has no bank account', async () => {
    const { app, seller, order } = await setup()
    await app.ok('sellers.updateSeller', { id: seller.id, bankBin: null })
    expect(errorOf(await app.call('payments.createIntent', { orderId: order.id, method: 'vietqr', idempotencyKey: key() })).details.reason).toBe('vietqr_not_configured')
  })

  it('keeps COD processing until the carrier remits, and lets it be cancelled before', async () => {
    const { app, order } = await setup()
    const cod = await app.ok('payments.createIntent', { orderId: order.id, method: 'cod', idempotencyKey: key() })
    expect(cod).toMatchObject({ status: 'processing', canCancel: true })
    const done = await app.ok('payments.confirmReceived', { id: cod.id, note: 'GHTK đối soát 28/11' })
    expect(done).toMatchObject({ status: 'succeeded', note: 'GHTK đối soát 28/11' })
    expect(errorOf(await app.call('payments.cancelIntent', { id: cod.id })).details.reason).toBe('already_succeeded')
    const events = await eventsOf(app, cod.id)
    expect(events.at(-1)).toMatchObject({ type: 'intent.confirmed_by_hand', actor: 'tester', verified: null })
  })

  it('makes a counter sale’s cash a succeeded payment of the order', async () => {
    const { app, product } = await setup()
    const sale = await app.ok('orders.counterSale', { lines: [{ variantId: product.variants[1]!.id, quantity: 2 }], cashReceivedVnd: 200_000 })
    expect(sale.changeVnd).toBe(30_000)
    const money = await app.ok('payments.orderPayments', { orderId: sale.order.id })
    expect(money).toMatchObject({ paidVnd: 170_000, paymentStatus: 'paid' })
    expect(money.intents[0]).toMatchObject({ method: 'cash', status: 'succeeded', cashTenderedVnd: 200_000, changeVnd: 30_000 })
    const refunded = await app.ok('payments.refund', { intentId: money.intents[0]!.id, amountVnd: 85_000, reason: 'returned_goods' })
    expect(refunded.amountRefundedVnd).toBe(85_000)
  })

  it('asks the courier to collect only what is still owed, and names how the rest was paid', async () => {
    const { app, order } = await setup()
    const qr = await app.ok('payments.createIntent', { orderId: order.id, method: 'vietqr', amountVnd: 100_000, idempotencyKey: key() })
    await app.ok('payments.confirmReceived', { id: qr.id, note: 'CK 100k đặt cọc' })
    const file = await app.ok('orders.renderDocument', { id: order.id, kind: 'delivery_note', format: 'a5' })
    const scratch = pdfScratch('delivery-prepaid')
    try {
      const text = flatText(pdftotext(['-layout', scratch.saved(Buffer.from(file.contentBase64, 'base64')), '-']))
      expect(text).toMatch(/Đã thanh toán 100\.000 ₫/)
      expect(text).toContain('Chuyển khoản (VietQR)')
      expect(text).toMatch(/Thu hộ \(COD\) 135\.000 ₫/)
    } finally {
      scratch.remove()
    }
  })
})
