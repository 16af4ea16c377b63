// A shop authorising the app, over real HTTP: the fake Shopee's authorisation page, its redirect
// to the app's loopback address, the code exchanged, the tokens stored sealed.
import { rmSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startCallbackServer, type CallbackServer } from '../loopback-callbacks'
import { COOP, createTestApp, type TestApp } from '../test-support'
import { FAKE_SHOPEE_APP, FAKE_SHOPEE_SHOP_ID, startFakeShopee, type FakeShopee } from '../../../test/fakes/shopee'
import { serveChannelCallback } from './channel-callback-route'

let shopee: FakeShopee
let app: TestApp
let loopback: CallbackServer
beforeAll(async () => {
  shopee = await startFakeShopee({ clock: () => app.clock.now() })
})
afterAll(async () => {
  await shopee.close()
})
afterEach(async () => {
  shopee.reset()
  await loopback.close()
  await app.close()
  rmSync(app.paths.dataDir, { recursive: true, force: true })
})

async function setup() {
  app = await createTestApp()
  await app.ok('sellers.createSeller', COOP)
  const running = app
  loopback = await startCallbackServer([(req, res, url) => serveChannelCallback(req, res, url, running.channelCallbacks, () => undefined)], app.logger)
  app.vnpayCallbacks.setBaseUrl(loopback.url)
  return app.ok('channels.createAccount', { kind: 'shopee', displayName: 'Shopee HTX', apiBase: shopee.url, authBase: shopee.url, appKey: FAKE_SHOPEE_APP.partnerId, secret: FAKE_SHOPEE_APP.partnerKey })
}

/** The seller presses "Đồng ý" on the marketplace's page: its link is the redirect back to us. */
async function approve(url: string): Promise<string> {
  const html = await (await fetch(url)).text()
  const href = /href="([^"]+)"[^>]*>\s*Đồng ý/.exec(html)?.[1]
  expect(href, html.slice(0, 400)).toBeTruthy()
  return href!.replace(/&amp;/g, '&')
}

describe('connecting a shop', () => {
  it('exchanges the code from the redirect and stores the shop’s tokens sealed', async () => {
    const account = await setup()
    expect(account).toMatchObject({ state: 'not_connected', hasSecret: true })
    const { url } = await app.ok('channels.startAuthorization', { id: account.id })
    expect(new URL(url).origin).toBe(new URL(shopee.url).origin)
    const back = await approve(url)
    expect(new URL(back).origin).toBe(loopback.url)
    const page = await (await fetch(back)).text()
    expect(page).toContain('Đã kết nối cửa hàng')
    const [connected] = await app.ok('channels.listAccounts', {})
    expect(connected).toMatchObject({ state: 'connected', shopId: FAKE_SHOPEE_SHOP_ID })
    expect(JSON.stringify(connected)).not.toMatch(/token|partnerKey/i)
    const row = app.database.sqlite.prepare('SELECT access_token_sealed, refresh_token_sealed, secret_sealed FROM channel_account').get() as Record<string, string>
    expect(row['access_token_sealed']).toMatch(/^v1:/)
    expect(row['secret_sealed']).not.toContain(FAKE_SHOPEE_APP.partnerKey)

    // The same redirect again (a reload, a replay) is refused: the state was single-use.
    expect(await (await fetch(back)).text()).toContain('Liên kết này không do ứng dụng tạo ra, hoặc đã được dùng.')
  })

  it('refuses a state that is forged or more than 10 minutes old', async () => {
    const account = await setup()
    expect(await (await fetch(`${loopback.url}/channels/callback?state=forged&code=1&shop_id=1`)).text()).toContain('Chưa kết nối được cửa hàng')
    const { url } = await app.ok('channels.startAuthorization', { id: account.id })
    const back = await approve(url)
    app.clock.advance(11 * 60_000)
    expect(await (await fetch(back)).text()).toContain('Liên kết đã quá 10 phút')
    expect((await app.ok('channels.listAccounts', {}))[0]!.state).toBe('not_connected')
  })

  it('authorises only marketplace shops', async () => {
    await setup()
    const portal = await app.ok('channels.createAccount', { kind: 'file_export', displayName: 'Xuất file' })
    const refused = await app.call('channels.startAuthorization', { id: portal.id })
    expect(refused.ok).toBe(false)
    expect((refused as { error: { details: { reason: string } } }).error.details.reason).toBe('not_a_marketplace')
  })

  it('tells the return address to register with Lazada and TikTok Shop, once the app listens', async () => {
    app = await createTestApp()
    loopback = await startCallbackServer([], app.logger)
    expect(await app.ok('channels.getRedirectUrl', {})).toEqual({ url: null })
    app.vnpayCallbacks.setBaseUrl(loopback.url)
    expect(await app.ok('channels.getRedirectUrl', {})).toEqual({ url: `${loopback.url}/channels/callback` })
  })
})

