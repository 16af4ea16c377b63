// Listings through the outbox to a marketplace, on a real SQLite database: publish (photos
// uploaded once), stock pushes queued by the stock ledger itself and coalesced, unlist, token
// refresh, and a refused publish marking its listing. The marketplace is an in-memory
// connector here; the platforms' own fakes (signatures and all) are exercised by their
// connectors' tests.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createIdFactory } from '../ids'
import { photoJpeg } from '../media/test-fixtures'
import { keyFileSecretBox } from '../payments/secret-box'
import { COOP, createTestApp, type TestApp } from '../test-support'
import { ConnectorFailure, type CreatedItem, type ListingPayload, type MarketplaceConnector, type ShopTokens } from './connector'
import { createChannelAccountInput, listingsActionInput, publishProductsInput, upsertListingInput } from '@shared/contract/publishing'
import { createListingsService, queueUpdate } from './listings.service'
import { drainOutbox } from './outbox.test-support'
import { createOutbox } from './outbox'
import { createPublishingHandlers, LOGISTICS_ATTRIBUTE } from './publishing.handlers'
import { queueOcopClaimUpdates } from './ocop-claims'
import { refreshExpiringTokens } from './order-import'

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

/** A marketplace in memory: what it was sent, and what it now shows. */
function memoryMarketplace() {
  const items = new Map<string, { payload: ListingPayload; stock: Record<string, number>; unlisted: boolean }>()
  const calls: string[] = []
  const state = { rejectNextCreate: false, rejectNextRelist: false, expiredToken: 'none' as 'none' | 'once', uploads: 0, refreshedTo: '' }
  let n = 0
  const checkToken = (tokens: ShopTokens) => {
    if (state.expiredToken === 'once' && tokens.accessToken === 'access-1') throw new ConnectorFailure('auth', 'access token expired', { code: 'error_auth' })
  }
  const connector: MarketplaceConnector = {
    kind: 'shopee',
    authorizeUrl: () => 'https://example.invalid/auth',
    exchangeCode: async () => {
      throw new Error('not used')
    },
    refresh: async (tokens) => {
      calls.push('refresh')
      state.refreshedTo = 'access-2'
      return { ...tokens, accessToken: 'access-2', refreshToken: 'refresh-2', accessExpiresAt: Date.parse('2026-11-28T07:00:00Z') }
    },
    uploadImage: async (tokens) => {
      checkToken(tokens)
      state.uploads++
      return { ref: `img-${state.uploads}`, url: null }
    },
    createItem: async (tokens, payload): Promise<CreatedItem> => {
      checkToken(tokens)
      if (state.rejectNextCreate) {
        state.rejectNextCreate = false
        throw new ConnectorFailure('rejected', 'Thiếu thuộc tính bắt buộc: Xuất xứ', { code: 'error_param', field: 'attribute_list' })
      }
      const itemId = `item-${++n}`
      items.set(itemId, { payload, stock: Object.fromEntries(payload.skus.map((s) => [s.sku, s.quantity])), unlisted: false })
      calls.push(`create ${payload.title}`)
      return { itemId, skuIds: Object.fromEntries(payload.skus.map((s, i) => [s.sku, `${itemId}-m${i}`])) }
    },
    findItem: async (_tokens, listing) => {
      for (const [itemId, item] of items) if (item.payload.listingId === listing.listingId) return { itemId, skuIds: {} }
      return null
    },
    updateItem: async (tokens, itemId, payload) => {
      checkToken(tokens)
      items.get(itemId)!.payload = payload
      calls.push(`update ${itemId}`)
    },
    unlistItem: async (tokens, itemId) => {
      checkToken(tokens)
      items.get(itemId)!.unlisted = true
      calls.push(`unlist ${itemId}`)
    },
    relistItem: async (tokens, itemId) => {
      checkToken(tokens)
      if (state.rejectNextRelist) {
        state.rejectNextRelist = false
        throw new ConnectorFailure('rejected', 'Sản phẩm đang bị khoá, không thể hiển thị lại', { code: 'item_locked' })
      }
      items.get(itemId)!.unlisted = false
      calls.push(`relist ${itemId}`)
    },
    updateStock: async (tokens, itemId, skus) => {
      checkToken(tokens)
      for (const s of skus) items.get(itemId)!.stock[s.sku] = s.quantity
      calls.push(`stock ${itemId} ${skus.map((s) => `${s.sku}=${s.quantity}`).join(',')}`)
    },
    updatePrice: async () => undefined,
    pullOrders: async () => ({ orders: [], cursor: '', more: false }),
  }
  return { connector, items, calls, state }
}

async function setup() {
  const app = await createTestApp()
  apps.push(app)
  await app.ok('sellers.createSeller', COOP)
  const secrets = keyFileSecretBox(join(app.paths.dataDir, 'secret.key'))
  const newId = createIdFactory(app.clock.now)
  const deps = { db: app.database.db, clock: app.clock, newId }
  const listings = createListingsService({ ...deps, secrets })
  const market = memoryMarketplace()
  const handlers = createPublishingHandlers({ ...deps, secrets, media: app.media, connectorFor: () => market.connector })
  const outbox = createOutbox({ db: app.database.db, clock: app.clock, logger: app.logger }, handlers)
  const account = await listings.createAccount(createChannelAccountInput.parse({ kind: 'shopee', displayName: 'Shopee HTX Dương Xá', appKey: '2001887', secret: 'partner-key-abcdef' }), { actor: 'tester' })
  // As if the shop had authorised the app.
  await app.database.db
    .updateTable('channel_account')
    .set({ state: 'connected', shop_id: '14701711', access_token_sealed: secrets.seal('access-1'), access_expires_at: '2026-11-28T04:00:00.000Z', refresh_token_sealed: secrets.seal('refresh-1') })
    .where('id', '=', account.id)
    .execute()
  const honey = await app.ok('catalog.createProduct', {
    name: 'Mật ong hoa nhãn',
    status: 'active',
    variants: [
      { sku: 'MO-500', unit: 'hũ', priceVnd: 150_000, weightGrams: 600 },
      { sku: 'MO-250', unit: 'hũ', priceVnd: 85_000, weightGrams: 320 },
    ],
  })
  await app.ok('catalog.addProductImages', { productId: honey.id, files: [{ name: 'a.jpg', bytes: new Uint8Array(await photoJpeg({ width: 480, height: 360, seed: 3 })) }] })
  for (const v of honey.variants) await app.ok('stock.receiveStock', { variantId: v.id, quantity: 20 })
  return { app, secrets, listings, outbox, market, account, honey, handlers }
}


const ctx = { actor: 'tester' }
/** Shopee refuses an item without a shipping channel: every Shopee listing here names one. */
const SHIPPING = { [LOGISTICS_ATTRIBUTE]: '50011' }

describe('publishing through the outbox', () => {
  it('publishes a listing with its photo, the channel price and stock less the buffer, then keeps stock in step', async () => {
    const { app, listings, outbox, market, account, honey } = await setup()
    const listing = await listings.upsertListing(
      upsertListingInput.parse({ channelAccountId: account.id, productId: honey.id, categoryId: '100629', attributes: { '100037': 'Việt Nam', [LOGISTICS_ATTRIBUTE]: '50011' }, stockBuffer: 2, prices: [{ variantId: honey.variants[0]!.id, priceVnd: 155_000 }], titleOverride: 'Mật ong hoa nhãn Hưng Yên OCOP 4 sao' }),
      ctx,
    )
    expect(listing).toMatchObject({ status: 'draft', pendingJobs: 0, skus: [expect.objectContaining({ sku: 'MO-500', priceVnd: 155_000 }), expect.objectContaining({ sku: 'MO-250', priceVnd: null })] })
    // Stock moves before publishing queue nothing: the listing is not on the channel yet.
    await app.ok('stock.receiveStock', { variantId: honey.variants[0]!.id, quantity: 1 })
    expect((await listings.listListings({})).map((l) => l.pendingJobs)).toEqual([0])

    const [queued] = await listings.publish(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    expect(queued).toMatchObject({ status: 'queued', pendingJobs: 1 })
    await drainOutbox(app.clock, outbox)
    const [published] = await listings.listListings({ productId: honey.id })
    expect(published).toMatchObject({ status: 'published', externalItemId: 'item-1', pendingJobs: 0 })
    expect(published!.skus.map((s) => [s.sku, s.externalSkuId, s.pushedQuantity])).toEqual([
      ['MO-500', 'item-1-m0', 19],
      ['MO-250', 'item-1-m1', 18],
    ])
    const item = market.items.get('item-1')!
    // No certificate backs the "OCOP 4 sao" typed into the title: it is not sent.
    expect(item.payload).toMatchObject({ title: 'Mật ong hoa nhãn Hưng Yên', categoryId: '100629', images: [{ ref: 'img-1', url: null }] })
    expect(item.payload.skus.map((s) => [s.sku, s.priceVnd, s.quantity])).toEqual([
      ['MO-500', 155_000, 19],
      ['MO-250', 85_000, 18],
    ])

    // A sale confirmed and a delivery received: the ledger queues one push (coalesced), sent with the latest numbers.
    await app.ok('orders.createOrder', { channel: 'phone', lines: [{ variantId: honey.variants[0]!.id, quantity: 4 }], confirm: true })
    await app.ok('stock.receiveStock', { variantId: honey.variants[1]!.id, quantity: 5 })
    expect((await outbox.counts())[0]).toMatchObject({ pending: 1 })
    await drainOutbox(app.clock, outbox)
    expect(item.stock).toEqual({ 'MO-500': 15, 'MO-250': 23 })
    expect(market.calls.filter((c) => c.startsWith('stock'))).toEqual(['stock item-1 MO-500=15,MO-250=23'])

    // Editing a published listing queues an update; the photo is not uploaded again.
    await listings.upsertListing(upsertListingInput.parse({ channelAccountId: account.id, productId: honey.id, categoryId: '100629', attributes: SHIPPING, stockBuffer: 0 }), ctx)
    await drainOutbox(app.clock, outbox)
    expect(market.calls.at(-1)).toBe('update item-1')
    expect(market.state.uploads).toBe(1)

    await listings.unlist(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    await drainOutbox(app.clock, outbox)
    expect(item.unlisted).toBe(true)
    expect((await listings.listListings({}))[0]!.status).toBe('unlisted')
    // Stock moves of an unlisted product queue nothing.
    await app.ok('stock.receiveStock', { variantId: honey.variants[1]!.id, quantity: 1 })
    expect(await outbox.counts()).toEqual([])
  })

  it('refuses to publish without a category, and marks a listing the platform refused', async () => {
    const { app, listings, outbox, market, account, honey } = await setup()
    const draft = await listings.upsertListing(upsertListingInput.parse({ channelAccountId: account.id, productId: honey.id }), ctx)
    // Everything missing is named at once: Shopee's category and its shipping channel.
    await expect(listings.publish(listingsActionInput.parse({ listingIds: [draft.id] }), ctx)).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { issues: [expect.objectContaining({ code: 'category_required' }), expect.objectContaining({ code: 'logistics_required', params: { product: 'Mật ong hoa nhãn' } })] },
    })
    // A variant without a weight: Shopee would refuse the item, so nothing is queued.
    const jam = await app.ok('catalog.createProduct', { name: 'Mứt gừng', status: 'active', variants: [{ sku: 'MG-1', unit: 'hộp', priceVnd: 60_000 }] })
    await app.ok('catalog.addProductImages', { productId: jam.id, files: [{ name: 'g.jpg', bytes: new Uint8Array(await photoJpeg({ width: 480, height: 360, seed: 9 })) }] })
    const jamListing = await listings.upsertListing(upsertListingInput.parse({ channelAccountId: account.id, productId: jam.id, categoryId: '100629', attributes: SHIPPING }), ctx)
    await expect(listings.publish(listingsActionInput.parse({ listingIds: [jamListing.id] }), ctx)).rejects.toMatchObject({
      details: { issues: [expect.objectContaining({ code: 'weight_required', params: { product: 'Mứt gừng' } })] },
    })
    expect(await outbox.counts()).toEqual([])
    await listings.upsertListing(upsertListingInput.parse({ channelAccountId: account.id, productId: honey.id, categoryId: '100629', attributes: SHIPPING }), ctx)
    market.state.rejectNextCreate = true
    await listings.publish(listingsActionInput.parse({ listingIds: [draft.id] }), ctx)
    await drainOutbox(app.clock, outbox)
    expect((await listings.listListings({}))[0]).toMatchObject({ status: 'error', lastErrorCode: 'error_param', lastErrorMessage: 'Thiếu thuộc tính bắt buộc: Xuất xứ' })
    expect((await listings.listAccounts())[0]).toMatchObject({ deadJobs: 1 })
  })

  it('claims OCOP stars only while the certificate is in force, and takes them off when it lapses', async () => {
    const { app, listings, outbox, market, account, honey } = await setup()
    // Issued 1 Dec 2023: in force through 1 Dec 2026, three days after the test clock's today.
    await app.ok('ocop.createCertificate', { productId: honey.id, stars: 4, group: 'ocop.food', certificateNumber: '1234/QĐ-UBND', issueDate: '2023-12-01' })
    const listing = await listings.upsertListing(
      upsertListingInput.parse({ channelAccountId: account.id, productId: honey.id, categoryId: '100629', attributes: SHIPPING, titleOverride: 'Mật ong hoa nhãn OCOP 5 sao' }),
      ctx,
    )
    await listings.publish(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    await drainOutbox(app.clock, outbox)
    const item = market.items.get('item-1')!
    expect(item.payload.title).toBe('Mật ong hoa nhãn')
    expect(item.payload.description).toContain('Sản phẩm OCOP 4 sao – giấy chứng nhận số 1234/QĐ-UBND, hiệu lực đến 01/12/2026.')
    expect(await queueOcopClaimUpdates(app.database.db, createIdFactory(app.clock.now), app.clock.now())).toBe(0)

    app.clock.advance(4 * 86_400_000)
    expect(await queueOcopClaimUpdates(app.database.db, createIdFactory(app.clock.now), app.clock.now())).toBe(1)
    await drainOutbox(app.clock, outbox)
    expect(market.calls.at(-1)).toBe('update item-1')
    expect(item.payload.description).not.toContain('OCOP')
    expect(await queueOcopClaimUpdates(app.database.db, createIdFactory(app.clock.now), app.clock.now())).toBe(0)
  })

  it('publishes many products on several channels in one action, or nothing when one is not ready', async () => {
    const { app, listings, outbox, market, account, honey } = await setup()
    const files = await listings.createAccount(createChannelAccountInput.parse({ kind: 'file_export', displayName: 'Xuất file cho Postmart' }), ctx)
    const tea = await app.ok('catalog.createProduct', { name: 'Trà shan tuyết', status: 'active', variants: [{ sku: 'TST-100', unit: 'gói', priceVnd: 180_000, weightGrams: 100 }] })
    const both = publishProductsInput.parse({ productIds: [honey.id, tea.id], channelAccountIds: [account.id, files.id] })
    // Shopee has no usual category yet, and the tea has no photo: nothing is made or queued.
    await expect(listings.publishProducts(both, ctx)).rejects.toMatchObject({ code: 'VALIDATION' })
    expect(await listings.listListings({})).toEqual([])

    await listings.upsertListing(upsertListingInput.parse({ channelAccountId: account.id, productId: honey.id, categoryId: '100629', attributes: SHIPPING, stockBuffer: 2 }), ctx)
    await app.ok('catalog.addProductImages', { productId: tea.id, files: [{ name: 't.jpg', bytes: new Uint8Array(await photoJpeg({ width: 400, height: 400, seed: 5 })) }] })
    const queued = await listings.publishProducts(both, ctx)
    expect(queued.map((l) => [l.productName, l.channelKind, l.status, l.categoryId, l.stockBuffer]).sort()).toEqual([
      ['Mật ong hoa nhãn', 'file_export', 'published', null, 0],
      ['Mật ong hoa nhãn', 'shopee', 'queued', '100629', 2],
      ['Trà shan tuyết', 'file_export', 'published', null, 0],
      // Made from the channel's usual settings.
      ['Trà shan tuyết', 'shopee', 'queued', '100629', 2],
    ])
    await drainOutbox(app.clock, outbox)
    expect(market.calls.filter((c) => c.startsWith('create'))).toHaveLength(2)
  })

  it('refuses to publish a product without a photo to a marketplace', async () => {
    const { app, listings, account } = await setup()
    const tea = await app.ok('catalog.createProduct', { name: 'Trà shan tuyết', status: 'active', variants: [{ sku: 'TST-100', unit: 'gói', priceVnd: 180_000, weightGrams: 100 }] })
    const listing = await listings.upsertListing(upsertListingInput.parse({ channelAccountId: account.id, productId: tea.id, categoryId: '100629', attributes: SHIPPING }), ctx)
    await expect(listings.publish(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { issues: [expect.objectContaining({ code: 'images_required', params: { product: 'Trà shan tuyết' } })] },
    })
    expect((await listings.listListings({ productId: tea.id }))[0]).toMatchObject({ status: 'draft', pendingJobs: 0 })
  })

  it('renews a token half an hour before it runs out, without waiting for a failure', async () => {
    const { app, secrets, market, account, handlers } = await setup()
    // The test clock reads 03:00Z; the token runs out at 04:00Z.
    expect(await refreshExpiringTokens(app.database.db, (id) => handlers.refresh(id), app.clock.now())).toBe(0)
    app.clock.advance(31 * 60_000)
    expect(await refreshExpiringTokens(app.database.db, (id) => handlers.refresh(id), app.clock.now())).toBe(1)
    expect(market.calls).toEqual(['refresh'])
    const row = await app.database.db.selectFrom('channel_account').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow()
    expect(secrets.open(row.access_token_sealed!)).toBe('access-2')
    expect(row.access_expires_at).toBe('2026-11-28T07:00:00.000Z')
  })

  it('refreshes an expired token once, storing the new pair sealed, and carries on', async () => {
    const { app, secrets, listings, outbox, market, account, honey } = await setup()
    market.state.expiredToken = 'once'
    const listing = await listings.upsertListing(upsertListingInput.parse({ channelAccountId: account.id, productId: honey.id, categoryId: '100629', attributes: SHIPPING }), ctx)
    await listings.publish(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    await drainOutbox(app.clock, outbox)
    expect(market.calls.filter((c) => c === 'refresh')).toHaveLength(1)
    expect((await listings.listListings({}))[0]!.status).toBe('published')
    const row = await app.database.db.selectFrom('channel_account').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow()
    expect(secrets.open(row.access_token_sealed!)).toBe('access-2')
    expect(secrets.open(row.refresh_token_sealed!)).toBe('refresh-2')
    expect(row.refresh_token_sealed).not.toContain('refresh-2')
  })
})

describe('publishing again what was unlisted', () => {
  async function publishedListing() {
    const fixture = await setup()
    const { app, listings, outbox, account, honey } = fixture
    const listing = await listings.upsertListing(upsertListingInput.parse({ channelAccountId: account.id, productId: honey.id, categoryId: '100629', attributes: SHIPPING }), ctx)
    await listings.publish(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    await drainOutbox(app.clock, outbox)
    const updates = () =>
      app.database.db.selectFrom('outbox_job').select(['kind', 'status', 'payload_json']).where('listing_id', '=', listing.id).where('kind', '=', 'update').orderBy('seq').execute()
    return { ...fixture, listing, updates }
  }

  it('puts the item back on sale: published → unlisted → published, one item, on sale again', async () => {
    const { app, listings, outbox, market, listing, updates } = await publishedListing()
    await listings.unlist(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    await drainOutbox(app.clock, outbox)
    expect(market.items.get('item-1')!.unlisted).toBe(true)
    expect((await listings.listListings({}))[0]!.status).toBe('unlisted')

    const [queued] = await listings.publish(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    expect(queued).toMatchObject({ status: 'queued', pendingJobs: 1 })
    expect(await updates()).toEqual([{ kind: 'update', status: 'pending', payload_json: JSON.stringify({ relist: true }) }])
    await drainOutbox(app.clock, outbox)

    expect(market.items.get('item-1')!.unlisted).toBe(false)
    expect(market.items.size).toBe(1)
    // Content first, then back on sale.
    expect(market.calls.filter((c) => !c.startsWith('stock'))).toEqual(['create Mật ong hoa nhãn', 'unlist item-1', 'update item-1', 'relist item-1'])
    expect((await listings.listListings({}))[0]).toMatchObject({ status: 'published', externalItemId: 'item-1', pendingJobs: 0 })
  })

  it('keeps the relist when updates are coalesced, in either order', async () => {
    const { app, market, listing, account, updates } = await publishedListing()
    const newId = createIdFactory(app.clock.now)
    const queue = (relist: boolean) =>
      app.database.db.transaction().execute((trx) => queueUpdate(trx, newId, app.clock.isoNow(), { channelAccountId: account.id, listingId: listing.id, relist }))
    // A relist waiting, then a plain edit: still one update, still a relist.
    await queue(true)
    await queue(false)
    expect(await updates()).toEqual([{ kind: 'update', status: 'pending', payload_json: JSON.stringify({ relist: true }) }])
    // A plain update waiting, then a relist: the relist wins.
    await app.database.db.updateTable('outbox_job').set({ payload_json: '{}' }).where('listing_id', '=', listing.id).where('kind', '=', 'update').execute()
    await queue(false)
    expect(await updates()).toEqual([{ kind: 'update', status: 'pending', payload_json: '{}' }])
    await queue(true)
    expect(await updates()).toEqual([{ kind: 'update', status: 'pending', payload_json: JSON.stringify({ relist: true }) }])
    expect(market.calls.filter((c) => c.startsWith('relist'))).toEqual([])
  })

  it('published again while offline, before the unlist ran: the update runs after the unlist and puts the item back', async () => {
    const { app, listings, outbox, market, listing, account, honey, updates } = await publishedListing()
    // An edit, an unlist and a publish, all before the worker runs (no network, say).
    await listings.upsertListing(upsertListingInput.parse({ channelAccountId: account.id, productId: honey.id, categoryId: '100629', attributes: SHIPPING, titleOverride: 'Mật ong hoa nhãn Hưng Yên' }), ctx)
    await listings.unlist(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    await listings.publish(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    // The edit's update would have run before the unlist: it gave way to one after it.
    expect((await updates()).map((u) => [u.status, u.payload_json])).toEqual([
      ['dropped', '{}'],
      ['pending', JSON.stringify({ relist: true })],
    ])
    await drainOutbox(app.clock, outbox)
    expect(market.calls.filter((c) => !c.startsWith('stock')).slice(1)).toEqual(['unlist item-1', 'update item-1', 'relist item-1'])
    expect(market.items.get('item-1')).toMatchObject({ unlisted: false, payload: expect.objectContaining({ title: 'Mật ong hoa nhãn Hưng Yên' }) })
    expect((await listings.listListings({}))[0]).toMatchObject({ status: 'published', pendingJobs: 0 })
  })

  it('a relist the platform refused, dropped by a person, is asked for again on the next publish', async () => {
    const { app, listings, outbox, market, listing, updates } = await publishedListing()
    await listings.unlist(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    await drainOutbox(app.clock, outbox)
    market.state.rejectNextRelist = true
    await listings.publish(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    await drainOutbox(app.clock, outbox)
    expect((await listings.listListings({}))[0]).toMatchObject({ status: 'error', lastErrorCode: 'item_locked' })
    const dead = await app.database.db.selectFrom('outbox_job').select('id').where('listing_id', '=', listing.id).where('status', '=', 'dead').executeTakeFirstOrThrow()
    expect(await outbox.drop(dead.id)).toBe(true)

    await listings.publish(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    expect((await updates()).map((u) => [u.status, u.payload_json])).toEqual([
      ['dropped', JSON.stringify({ relist: true })],
      ['pending', JSON.stringify({ relist: true })],
    ])
    await drainOutbox(app.clock, outbox)
    expect(market.items.get('item-1')!.unlisted).toBe(false)
    expect((await listings.listListings({}))[0]).toMatchObject({ status: 'published', lastErrorCode: null })
  })

  it('an edit queued while an unlist waited leaves the listing unlisted, as the item is', async () => {
    const { app, listings, outbox, market, listing, account, honey } = await publishedListing()
    await listings.unlist(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    // The unlist has not run: the listing still reads published, so the edit queues an update.
    await listings.upsertListing(upsertListingInput.parse({ channelAccountId: account.id, productId: honey.id, categoryId: '100629', attributes: SHIPPING, titleOverride: 'Mật ong hoa nhãn Hưng Yên' }), ctx)
    await drainOutbox(app.clock, outbox)
    expect(market.calls.filter((c) => !c.startsWith('stock')).slice(1)).toEqual(['unlist item-1', 'update item-1'])
    expect(market.items.get('item-1')!.unlisted).toBe(true)
    expect((await listings.listListings({}))[0]!.status).toBe('unlisted')
  })
})

describe('fetching orders on demand', () => {
  it('queues one pull for a connected marketplace, brings a waiting one forward, and refuses what cannot be pulled', async () => {
    const app = await createTestApp()
    apps.push(app)
    await app.ok('sellers.createSeller', COOP)
    const shop = await app.ok('channels.createAccount', { kind: 'shopee', displayName: 'Shopee HTX', appKey: '2001887', secret: 'partner-key-abcdef' })
    const refused = await app.call('channels.pullOrders', { id: shop.id })
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'not_connected' } } })
    const files = await app.ok('channels.createAccount', { kind: 'file_export', displayName: 'Postmart' })
    expect(await app.call('channels.pullOrders', { id: files.id })).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'not_a_marketplace' } } })
    expect(await app.call('channels.pullOrders', { id: 'cha_missing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })

    app.database.sqlite.prepare(`UPDATE channel_account SET state = 'connected' WHERE id = ?`).run(shop.id)
    const pulled = await app.ok('channels.pullOrders', { id: shop.id })
    expect(pulled).toMatchObject({ id: shop.id, pullingOrders: true, pendingJobs: 1 })
    const jobs = () => app.database.sqlite.prepare(`SELECT id, next_attempt_at FROM outbox_job WHERE channel_account_id = ? AND kind = 'pull_orders'`).all(shop.id) as { id: string; next_attempt_at: string }[]
    expect(jobs()).toEqual([{ id: expect.any(String), next_attempt_at: app.clock.isoNow() }])

    // A pull waiting after a server error is brought forward; asking twice still makes one pull.
    const later = new Date(app.clock.now() + 10 * 60_000).toISOString()
    app.database.sqlite.prepare(`UPDATE outbox_job SET next_attempt_at = ?, last_error_kind = 'transient' WHERE kind = 'pull_orders'`).run(later)
    app.clock.advance(1_000)
    await app.ok('channels.pullOrders', { id: shop.id })
    expect(jobs()).toEqual([{ id: expect.any(String), next_attempt_at: app.clock.isoNow() }])

    // One the marketplace told to wait (429) keeps its time: asking early would only be refused.
    app.database.sqlite.prepare(`UPDATE outbox_job SET next_attempt_at = ?, last_error_kind = 'rate_limited' WHERE kind = 'pull_orders'`).run(later)
    await app.ok('channels.pullOrders', { id: shop.id })
    expect(jobs()).toEqual([{ id: expect.any(String), next_attempt_at: later }])
    expect((await app.ok('channels.listAccounts', {})).find((a) => a.id === files.id)).toMatchObject({ pullingOrders: false })
  })
})
