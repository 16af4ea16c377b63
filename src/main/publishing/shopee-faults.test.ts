// The acceptance test for the outbox under faults, end to end against the fake Shopee over
// HTTP (signatures, timestamps and fields checked as Shopee does): 200 products with photos are
// published in one action, and the real handlers and Shopee connector push them through random
// 429s, 5xx answers, timeouts (some of which the platform still acts on, late) and creates whose
// answer is lost; then the same with the network cut halfway and restored. Every listing must end
// up on Shopee exactly once: one item per SKU, the one the listing names.
import { rmSync } from 'node:fs'
import axios from 'axios'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createChannelAccountInput, publishProductsInput, upsertListingInput } from '@shared/contract/publishing'
import { createIdFactory } from '../ids'
import { keyFileSecretBox } from '../payments/secret-box'
import { photoJpeg } from '../media/test-fixtures'
import { COOP, createTestApp, type TestApp } from '../test-support'
import { FAKE_SHOPEE_APP, FAKE_SHOPEE_SHOP_ID, PATHS, startFakeShopee, type FakeShopee } from '../../../test/fakes/shopee'
import { startNetworkSwitch, type NetworkSwitch } from '../../../test/fakes/network-switch'
import { marketplaceConnectors } from './connectors'
import { createListingsService } from './listings.service'
import { connectShopee, drainOutbox } from './outbox.test-support'
import { createOutbox, type Outbox } from './outbox'
import { seededRandom } from './outbox-policy'
import { createPublishingHandlers, LOGISTICS_ATTRIBUTE } from './publishing.handlers'

const PRODUCTS = 200
/** How long the app waits for Shopee here (20 s in the app): each timed-out call costs this much real time. */
const HTTP_TIMEOUT_MS = 250
const RANDOM_FAULTS = { rate429: 0.08, rate5xx: 0.08, rateTimeout: 0.03 } as const

let shopee: FakeShopee
let line: NetworkSwitch
let now: () => number = Date.now
beforeAll(async () => {
  shopee = await startFakeShopee({ clock: () => now() })
  line = await startNetworkSwitch(shopee.url)
})
afterAll(async () => {
  await line.close()
  await shopee.close()
})

const apps: TestApp[] = []
afterEach(async () => {
  await line.restore()
  shopee.reset()
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

const ctx = { actor: 'tester' }

/** The same JPEG with a comment segment after its start marker: other bytes, so its own media key, at no extra encoding cost. */
function withComment(jpeg: Buffer, text: string): Uint8Array<ArrayBuffer> {
  const comment = Buffer.from(text, 'utf8')
  const segment = Buffer.alloc(4 + comment.length)
  segment.writeUInt16BE(0xfffe, 0)
  segment.writeUInt16BE(2 + comment.length, 2)
  comment.copy(segment, 4)
  return new Uint8Array(Buffer.concat([jpeg.subarray(0, 2), segment, jpeg.subarray(2)]))
}

async function setup() {
  const app = await createTestApp()
  apps.push(app)
  now = () => app.clock.now()
  await app.ok('sellers.createSeller', COOP)
  const secrets = keyFileSecretBox(`${app.paths.dataDir}/secret.key`)
  const deps = { db: app.database.db, clock: app.clock, newId: createIdFactory(app.clock.now) }
  const connectors = marketplaceConnectors(axios.create({ timeout: HTTP_TIMEOUT_MS }))
  const listings = createListingsService({ ...deps, secrets })
  const outbox = createOutbox(
    { db: app.database.db, clock: app.clock, logger: app.logger, random: seededRandom(17) },
    createPublishingHandlers({ ...deps, secrets, media: app.media, connectorFor: connectors }),
  )
  // The app only ever reaches Shopee through the switch, so cutting it cuts the app off.
  const account = await listings.createAccount(
    createChannelAccountInput.parse({ kind: 'shopee', displayName: 'Shopee', apiBase: line.url, authBase: line.url, appKey: FAKE_SHOPEE_APP.partnerId, secret: FAKE_SHOPEE_APP.partnerKey }),
    ctx,
  )
  await connectShopee(app.database.db, secrets, connectors, { id: account.id, apiBase: line.url, app: FAKE_SHOPEE_APP }, { code: shopee.authorizeCode(), shopId: FAKE_SHOPEE_SHOP_ID }, app.clock.now())

  // 500×500 is the smallest photo Shopee accepts (the app uploads an 800 px square made from it
  // anyway). Each product gets its own photo, so each is uploaded on its own, under the faults.
  const photo = await photoJpeg({ width: 500, height: 500, seed: 7 })
  const productIds: string[] = []
  const skus: string[] = []
  for (let i = 0; i < PRODUCTS; i++) {
    const sku = `OCOP-${String(i + 1).padStart(3, '0')}`
    const p = await app.ok('catalog.createProduct', { name: `Đặc sản OCOP số ${i + 1}`, status: 'active', variants: [{ sku, unit: 'hộp', priceVnd: 50_000 + i * 1_000, weightGrams: 500 }] })
    await app.ok('stock.receiveStock', { variantId: p.variants[0]!.id, quantity: 20 })
    await app.ok('catalog.addProductImages', { productId: p.id, files: [{ name: `${sku}.jpg`, bytes: withComment(photo, sku) }] })
    productIds.push(p.id)
    skus.push(sku)
  }
  // The first listing sets the channel's habits (category, shipping channel); publishing all
  // products in one action makes the other listings from it, as the "publish many" dialog does.
  await listings.upsertListing(upsertListingInput.parse({ channelAccountId: account.id, productId: productIds[0], categoryId: '100629', attributes: { [LOGISTICS_ATTRIBUTE]: '50011' } }), ctx)
  const queued = await listings.publishProducts(publishProductsInput.parse({ productIds, channelAccountIds: [account.id] }), ctx)
  expect(queued.map((l) => l.status)).toEqual(Array<string>(PRODUCTS).fill('queued'))
  return { app, listings, outbox, account, skus }
}

type Setup = Awaited<ReturnType<typeof setup>>

/**
 * The outbox as the drain sees it, with two things added:
 * - every `dropEvery` rounds, the next create is performed but its answer is lost;
 * - before the drain moves the test clock on (it asks when the next job is due), the fake is let
 *   finish the work it is holding back. The fake's "late" is real milliseconds while backoffs
 *   pass on the test clock in no real time, so without this a retry due 10 s later would run a
 *   few real milliseconds later, before a create the platform performs 100 ms late: an order of
 *   events one shared clock would not allow.
 */
function underFaults(outbox: Outbox, dropEvery: number): Outbox {
  let rounds = 0
  return {
    ...outbox,
    async drainOnce(limit) {
      if (++rounds % dropEvery === 0) shopee.setMisbehaviour({ dropResponseAfterCreate: 1 })
      return outbox.drainOnce(limit)
    },
    async nextDueAt() {
      await shopee.settled()
      return outbox.nextDueAt()
    },
  }
}

function jobCounts(app: TestApp): Record<string, number> {
  const rows = app.database.sqlite.prepare(`SELECT status, count(*) AS n FROM outbox_job GROUP BY status`).all() as { status: string; n: number }[]
  return Object.fromEntries(rows.map((r) => [r.status, r.n]))
}

/** Every job done, every listing published, and Shopee holding exactly one item per SKU: the one its listing names. */
async function expectPublishedExactlyOnce({ app, listings, account, skus }: Setup) {
  expect(jobCounts(app)).toEqual({ done: PRODUCTS })
  const published = await listings.listListings({ channelAccountId: account.id })
  expect(published.filter((l) => l.status !== 'published').map((l) => [l.status, l.lastErrorCode, l.lastErrorMessage])).toEqual([])
  expect(new Set(published.map((l) => l.externalItemId)).size).toBe(PRODUCTS)

  const items = shopee.items()
  // A create performed twice would leave a second item (add_item calls all make one).
  expect(shopee.createCalls).toBe(PRODUCTS)
  expect(items.map((i) => i.itemSku).sort()).toEqual([...skus].sort())
  const itemBySku = new Map(items.map((i) => [i.itemSku, String(i.itemId)]))
  expect(published.filter((l) => l.externalItemId !== itemBySku.get(l.skus[0]!.sku))).toEqual([])
  expect(items.every((i) => i.status === 'NORMAL' && i.imageIds.length === 1 && i.logisticIds[0] === 50011 && i.stock === 20)).toBe(true)
}

/** What the faults did at the fake, to show each kind was met. */
function faultsMet() {
  const requests = shopee.requests
  const creates = requests.filter((r) => r.path === PATHS.addItem)
  return {
    throttled: requests.filter((r) => r.status === 429).length,
    serverErrors: requests.filter((r) => r.status === 500).length,
    timedOut: requests.filter((r) => r.outcome === 'hung').length,
    // Timed out at the app, and performed by the platform all the same, after the app gave up.
    createsDoneLate: creates.filter((r) => r.outcome === 'hung' && r.status === 200).length,
    createsAnswerLost: creates.filter((r) => r.outcome === 'dropped').length,
    // Looked up before creating again, after an attempt whose outcome was unknown.
    searches: requests.filter((r) => r.path === PATHS.searchItem && r.status === 200).length,
  }
}

describe('publishing 200 listings to the fake Shopee under faults', () => {
  it('publishes every listing exactly once through random 429s, 5xx, timeouts and lost answers', async () => {
    const s = await setup()
    shopee.setMisbehaviour({
      failRate: { ...RANDOM_FAULTS, seed: 20261128 },
      retryAfter: '3',
      // Half the timed-out calls are still performed, a little after the app stopped waiting.
      timeoutAnswerAfterMs: HTTP_TIMEOUT_MS + 100,
    })
    await drainOutbox(s.app.clock, underFaults(s.outbox, 15))

    await expectPublishedExactlyOnce(s)
    const met = faultsMet()
    expect(Object.entries(met).filter(([, n]) => n === 0)).toEqual([])
  }, 120_000)

  it('waits without dying while the network is cut halfway, and publishes every listing exactly once when it is back', async () => {
    const s = await setup()
    const { app, outbox } = s
    shopee.setMisbehaviour({ failRate: { ...RANDOM_FAULTS, seed: 1128 }, retryAfter: '3', timeoutAnswerAfterMs: HTTP_TIMEOUT_MS + 100 })
    const faulty = underFaults(outbox, 15)

    while (shopee.items().length < PRODUCTS / 2) await faulty.drainOnce()
    // The line drops in the middle of a create: Shopee, slow for a moment, is holding an add_item
    // it has just received when the connection goes. The app never gets the answer; Shopee makes
    // the item all the same. (No random faults meanwhile, so that create surely goes through.)
    const seen = shopee.requests.length
    shopee.setMisbehaviour({ failRate: null, dropResponseAfterCreate: 0, latencyMs: 40 })
    const watch = setInterval(() => {
      if (!line.isCut && shopee.requests.slice(seen).some((r) => r.path === PATHS.addItem && r.outcome === 'pending')) void line.cut()
    }, 2)
    for (let round = 0; round < 20 && !line.isCut; round++) await outbox.drainOnce()
    clearInterval(watch)
    expect(line.isCut).toBe(true)
    await shopee.settled()
    shopee.setMisbehaviour({ failRate: { ...RANDOM_FAULTS, seed: 2811 }, latencyMs: 0 })
    // Performed (200) and never answered: the item exists, its listing does not know it.
    const lostCreates = shopee.requests.slice(seen).filter((r) => r.path === PATHS.addItem)
    expect(lostCreates.map((r) => [r.outcome, r.status])).toEqual([['pending', 200]])
    const lostSku = (lostCreates[0]!.body as { item_sku: string }).item_sku
    expect(shopee.items().filter((i) => i.itemSku === lostSku)).toHaveLength(1)
    const itemsAtCut = shopee.items().length
    const publishedAtCut = jobCounts(app).done ?? 0

    // An hour without network, the worker trying every minute.
    for (let minute = 0; minute < 60; minute++) {
      await faulty.drainOnce()
      app.clock.advance(60_000)
    }
    expect(jobCounts(app)).toEqual({ done: publishedAtCut, pending: PRODUCTS - publishedAtCut })
    expect(shopee.items()).toHaveLength(itemsAtCut)
    const waiting = (await s.listings.listListings({ channelAccountId: s.account.id })).filter((l) => l.status !== 'published')
    expect(waiting).toHaveLength(PRODUCTS - publishedAtCut)
    expect(waiting.every((l) => l.status === 'queued' && l.lastErrorCode === null)).toBe(true)

    await line.restore()
    await drainOutbox(app.clock, faulty)
    await expectPublishedExactlyOnce(s)
  }, 120_000)
})
