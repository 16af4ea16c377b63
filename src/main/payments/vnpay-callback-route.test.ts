// VNPay's way back, over real HTTP: the desktop's loopback server and the browser-mode server
// answer the same routes, without the API token, trusting only VNPay's signature.
import { rmSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { COOP, createTestApp, type TestApp } from '../test-support'
import { createHttpHandler } from '../server/http-server'
import { startCallbackServer, type CallbackServer } from '../loopback-callbacks'
import { serveVnpayCallback } from './vnpay-callback-route'
import { FAKE_VNPAY_MERCHANT, signQuery, startFakeVnpay, type FakeVnpay } from '../../../test/fakes/vnpay-sandbox'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

let fake: FakeVnpay
let app: TestApp
let loopback: CallbackServer
beforeAll(async () => {
  fake = await startFakeVnpay({ clock: () => app.clock.now() })
})
afterAll(async () => {
  await fake.close()
})
afterEach(async () => {
  await loopback.close()
  await app.close()
  rmSync(app.paths.dataDir, { recursive: true, force: true })
})

async function setup() {
  app = await createTestApp()
  await app.ok('sellers.createSeller', COOP)
  await app.ok('payments.updateVnpayConfig', { tmnCode: FAKE_VNPAY_MERCHANT.tmnCode, hashSecret: FAKE_VNPAY_MERCHANT.hashSecret, paymentUrl: fake.paymentUrl, apiUrl: fake.apiUrl })
  const running = app
  loopback = await startCallbackServer([(req, res, url) => serveVnpayCallback(req, res, url, running.vnpayCallbacks, () => undefined)], app.logger)
  app.vnpayCallbacks.setBaseUrl(loopback.url)
  const product = await app.ok('catalog.createProduct', { name: 'Trà shan tuyết', variants: [{ sku: 'TST-100', unit: 'gói', priceVnd: 180_000 }] })
  await app.ok('stock.receiveStock', { variantId: product.variants[0]!.id, quantity: 5 })
  const order = await app.ok('orders.createOrder', { channel: 'zalo', lines: [{ variantId: product.variants[0]!.id, quantity: 1 }], confirm: true })
  const intent = await app.ok('payments.createIntent', { orderId: order.id, method: 'vnpay', idempotencyKey: `route-${Date.now()}-${Math.random()}` })
  return { order, intent }
}

describe('the loopback return route', () => {
  it('follows the customer from VNPay’s page back to a Vietnamese result page, with the order paid', async () => {
    const { order, intent } = await setup()
    const url = (intent.nextAction as { url: string }).url
    expect(new URL(new URL(url).searchParams.get('vnp_ReturnUrl')!).origin).toBe(loopback.url)
    await fetch(url)
    const returnUrl = await fake.approve(intent.providerRef!)
    const page = await fetch(returnUrl)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await page.text()
    expect(html).toContain('data-status="succeeded"')
    expect(html).toContain('Thanh toán thành công')
    expect(html).toContain(order.number)
    expect((await app.ok('orders.getOrder', { id: order.id })).paymentStatus).toBe('paid')
  })

  it('shows a forged return as unconfirmed, and never echoes what it was sent', async () => {
    const { intent } = await setup()
    const page = await fetch(`${loopback.url}/vnpay/return?vnp_TxnRef=${encodeURIComponent(intent.providerRef!)}&vnp_Amount=18000000&vnp_ResponseCode=%3Cscript%3E&vnp_SecureHash=00`)
    const html = await page.text()
    expect(html).toContain('Không xác nhận được kết quả thanh toán')
    expect(html).not.toContain('<script>')
    expect((await app.ok('payments.getIntent', { id: intent.id })).status).toBe('requires_action')
  })

  it('answers IPNs in VNPay’s RspCode JSON', async () => {
    const { intent } = await setup()
    const unknown = signQuery({ vnp_TxnRef: 'NOPE', vnp_Amount: '100', vnp_ResponseCode: '00', vnp_TransactionStatus: '00', vnp_TmnCode: 'OCOPTEST' }, FAKE_VNPAY_MERCHANT.hashSecret)
    expect(await (await fetch(`${loopback.url}/vnpay/ipn?${unknown}`)).json()).toMatchObject({ RspCode: '01' })
    const forged = await fetch(`${loopback.url}/vnpay/ipn?vnp_TxnRef=${encodeURIComponent(intent.providerRef!)}&vnp_Amount=18000000&vnp_SecureHash=ab`)
    expect(await forged.json()).toMatchObject({ RspCode: '97' })
    await fetch((intent.nextAction as { url: string }).url)
    fake.setIpnUrl(`${loopback.url}/vnpay/ipn`)
    try {
      await fake.approve(intent.providerRef!)
      expect(fake.transaction(intent.providerRef!)!.ipnReplies).toEqual([{ RspCode: '00', Message: 'Confirm Success' }])
      await fake.resendIpn(intent.providerRef!)
      expect(fake.transaction(intent.providerRef!)!.ipnReplies.at(-1)).toMatchObject({ RspCode: '02' })
    } finally {
      fake.setIpnUrl(undefined)
    }
    expect((await app.ok('payments.getIntent', { id: intent.id })).status).toBe('succeeded')
  })

  it('answers only GET, and nothing but the two routes', async () => {
    await setup()
    expect((await fetch(`${loopback.url}/vnpay/return`, { method: 'POST' })).status).toBe(405)
    expect((await fetch(`${loopback.url}/api/orders.listOrders`)).status).toBe(404)
  })

  it('is mounted without a token on the browser-mode server too', async () => {
    await setup()
    const server = createServer(createHttpHandler({ invoke: app.invoke, token: 'secret-token-123', host: '127.0.0.1', port: 0, logger: app.logger, vnpay: app.vnpayCallbacks }))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      expect(await (await fetch(`${base}/vnpay/ipn?vnp_TxnRef=X`)).json()).toMatchObject({ RspCode: '97' })
      expect((await fetch(`${base}/api/orders.listOrders`, { method: 'POST' })).status).toBe(401)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
