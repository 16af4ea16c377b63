// Scenario 5 at the service level, against the fake Shopee (signatures, timestamps and fields
// checked as Shopee does): a shop authorises the app, two products are published in one action
// through the outbox, a Shopee order comes back and stock falls on the channel, and repeated
// pulls never import an order twice.
import { rmSync } from 'node:fs'
import axios from 'axios'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createChannelAccountInput, listingsActionInput, upsertListingInput } from '@shared/contract/publishing'
import { createIdFactory } from '../ids'
import { keyFileSecretBox } from '../payments/secret-box'
import { photoJpeg } from '../media/test-fixtures'
import { COOP, createTestApp, type TestApp } from '../test-support'
import { FAKE_SHOPEE_APP, FAKE_SHOPEE_SHOP_ID, startFakeShopee, type FakeShopee } from '../../../test/fakes/shopee'
import { marketplaceConnectors } from './connectors'
import { createListingsService } from './listings.service'
import { scheduleOrderPulls } from './order-import'
import { connectShopee, drainOutbox } from './outbox.test-support'
import { createOutbox } from './outbox'
import { createPublishingHandlers, LOGISTICS_ATTRIBUTE } from './publishing.handlers'
import { createOrdersService } from '../orders/orders.service'
import { createCustomersService } from '../customers/customers.service'
import { addressBook } from '../customers/address-book'

let shopee: FakeShopee
let now: () => number = Date.now
beforeAll(async () => {
  shopee = await startFakeShopee({ clock: () => now() })
})
afterAll(async () => {
  await shopee.close()
})

const apps: TestApp[] = []
afterEach(async () => {
  shopee.reset()
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

const ctx = { actor: 'tester' }

async function setup() {
  const app = await createTestApp()
  apps.push(app)
  now = () => app.clock.now()
  await app.ok('sellers.createSeller', COOP)
  const secrets = keyFileSecretBox(`${app.paths.dataDir}/secret.key`)
  const deps = { db: app.database.db, clock: app.clock, newId: createIdFactory(app.clock.now) }
  const connectors = marketplaceConnectors(axios.create())
  const listings = createListingsService({ ...deps, secrets })
  const units = addressBook()
  const orders = createOrdersService(deps, createCustomersService(deps, units), units)
  const outbox = createOutbox({ db: app.database.db, clock: app.clock, logger: app.logger }, createPublishingHandlers({ ...deps, secrets, media: app.media, connectorFor: connectors, orders }))
  const account = await listings.createAccount(
    createChannelAccountInput.parse({ kind: 'shopee', displayName: 'Shopee', apiBase: shopee.url, authBase: shopee.url, appKey: FAKE_SHOPEE_APP.partnerId, secret: FAKE_SHOPEE_APP.partnerKey }),
    ctx,
  )
  // The shop authorises the app; the code is exchanged exactly as the redirect would bring it.
  await connectShopee(app.database.db, secrets, connectors, { id: account.id, apiBase: shopee.url, app: FAKE_SHOPEE_APP }, { code: shopee.authorizeCode(), shopId: FAKE_SHOPEE_SHOP_ID }, app.clock.now())
  const products = []
  for (const [name, sku, price] of [['Gạo ST25 túi 5 kg', 'ST25-5', 250_000], ['Mật ong hoa nhãn', 'MO-500', 150_000]] as const) {
    const p = await app.ok('catalog.createProduct', { name, status: 'active', variants: [{ sku, unit: 'túi', priceVnd: price, weightGrams: 5_000 }] })
    await app.ok('stock.receiveStock', { variantId: p.variants[0]!.id, quantity: 30 })
    await app.ok('catalog.addProductImages', { productId: p.id, files: [{ name: `${sku}.jpg`, bytes: new Uint8Array(await photoJpeg({ width: 640, height: 480, seed: price })) }] })
    products.push(p)
  }
  return { app, listings, outbox, account, products }
}


describe('Shopee through the outbox', () => {
  it('publishes two products in one action, imports a Shopee order once, and pushes the lower stock back', async () => {
    const { app, listings, outbox, account, products } = await setup()
    const ids = []
    for (const p of products) {
      const l = await listings.upsertListing(upsertListingInput.parse({ channelAccountId: account.id, productId: p.id, categoryId: '100629', stockBuffer: 1, attributes: { [LOGISTICS_ATTRIBUTE]: '50011' } }), ctx)
      ids.push(l.id)
    }
    await listings.publish(listingsActionInput.parse({ listingIds: ids }), ctx)
    await drainOutbox(app.clock, outbox)
    const published = await listings.listListings({ channelAccountId: account.id })
    expect(published.map((l) => [l.status, l.lastErrorCode, l.lastErrorMessage])).toEqual([['published', null, null], ['published', null, null]])
    expect(shopee.createCalls).toBe(2)
    expect(shopee.items().map((i) => [i.itemSku, i.stock]).sort()).toEqual([
      ['MO-500', 29],
      ['ST25-5', 29],
    ])

    // A buyer orders 3 bags on Shopee.
    const rice = shopee.items().find((i) => i.itemSku === 'ST25-5')!
    shopee.seedOrder({
      orderSn: '2611280001ABCD',
      status: 'READY_TO_SHIP',
      createdAtMs: app.clock.now() - 60_000,
      lines: [{ itemId: rice.itemId, itemName: rice.itemName, itemSku: 'ST25-5', modelId: 0, modelSku: '', quantity: 3, originalPrice: 250_000, discountedPrice: 250_000 }],
    })
    expect(await scheduleOrderPulls(app.database.db, createIdFactory(app.clock.now), app.clock.now())).toBe(1)
    await drainOutbox(app.clock, outbox)
    const imported = await app.ok('orders.listOrders', { channel: 'shopee' })
    expect(imported.items).toHaveLength(1)
    const order = await app.ok('orders.getOrder', { id: imported.items[0]!.id })
    expect(order).toMatchObject({ channel: 'shopee', status: 'confirmed', externalRef: '2611280001ABCD' })
    expect(order.lines.map((l) => [l.sku, l.quantity])).toEqual([['ST25-5', 3]])
    // The reservation moved stock: Shopee now shows 30 − 3 − buffer 1.
    expect(shopee.items().find((i) => i.itemSku === 'ST25-5')!.stock).toBe(26)

    // Pulling again (an overlapping window) imports nothing twice.
    app.clock.advance(11 * 60_000)
    expect(await scheduleOrderPulls(app.database.db, createIdFactory(app.clock.now), app.clock.now())).toBe(1)
    await drainOutbox(app.clock, outbox)
    expect((await app.ok('orders.listOrders', { channel: 'shopee' })).items).toHaveLength(1)
  })

  it('puts an unlisted item back on sale when it is published again, without making a second one', async () => {
    const { app, listings, outbox, account, products } = await setup()
    const rice = products[0]!
    const listing = await listings.upsertListing(upsertListingInput.parse({ channelAccountId: account.id, productId: rice.id, categoryId: '100629', attributes: { [LOGISTICS_ATTRIBUTE]: '50011' } }), ctx)
    await listings.publish(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    await drainOutbox(app.clock, outbox)
    await listings.unlist(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    await drainOutbox(app.clock, outbox)
    expect(shopee.items().map((i) => i.status)).toEqual(['UNLIST'])

    await listings.publish(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    await drainOutbox(app.clock, outbox)
    expect(shopee.items().map((i) => [i.itemSku, i.status])).toEqual([['ST25-5', 'NORMAL']])
    expect(shopee.createCalls).toBe(1)
    expect((await listings.listListings({ channelAccountId: account.id }))[0]).toMatchObject({ status: 'published', lastErrorCode: null, pendingJobs: 0 })
  })
})
