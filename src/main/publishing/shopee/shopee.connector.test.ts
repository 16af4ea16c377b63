// The Shopee connector against the fake Shopee of test/fakes/shopee.ts, which checks signatures,
// timestamps, tokens and fields the way section 1 of shared/reference/marketplaces-ocop.md says the
// platform does. The last block checks the fake itself with a few lines of its own signing
// (node:crypto, not ./signing), so a mistake shared by the connector and its signer cannot hide.
import { createHmac } from 'node:crypto'
import { createServer, type AddressInfo } from 'node:net'
import axios from 'axios'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FAKE_SHOPEE_APP, FAKE_SHOPEE_SHOP_ID, PATHS, startFakeShopee, type FakeShopee } from '../../../../test/fakes/shopee'
import { ConnectorFailure, type ListingPayload, type ListingSku, type MarketplaceConnector, type ShopTokens, type UploadedImage } from '../connector'
import { nextStep } from '../outbox-policy'
import { createShopeeConnector, SHOPEE_ORDER_WINDOW_S, SHOPEE_RATE_LIMIT_DEFAULT_MS, shopeeOrderState, type ShopeeConnectorOptions } from './shopee.connector'

const START = Date.parse('2025-06-02T03:00:00.000Z') // 10:00 in Hanoi, a whole second
const HOUR = 3_600_000
const DAY = 24 * HOUR
let now = START
const clock = () => now

let fake: FakeShopee
const http = axios.create()

beforeAll(async () => {
  fake = await startFakeShopee({ clock })
})
afterAll(async () => {
  await fake.close()
})
beforeEach(() => {
  fake.reset()
  now = START
})

function connector(overrides: Partial<ShopeeConnectorOptions> = {}): MarketplaceConnector {
  return createShopeeConnector({
    http,
    hosts: { apiBase: fake.url, authBase: fake.url },
    app: { appKey: FAKE_SHOPEE_APP.partnerId, appSecret: FAKE_SHOPEE_APP.partnerKey },
    timeoutMs: 2_000,
    variationDelayMs: 0,
    ...overrides,
  })
}

async function authorised(shopee: MarketplaceConnector = connector()): Promise<ShopTokens> {
  return shopee.exchangeCode({ code: fake.authorizeCode(FAKE_SHOPEE_SHOP_ID), shop_id: FAKE_SHOPEE_SHOP_ID }, now)
}

/** The ConnectorFailure a promise rejects with. */
async function failureOf(promise: Promise<unknown>): Promise<ConnectorFailure> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ConnectorFailure) return error
    throw error
  }
  throw new Error('expected a ConnectorFailure, got a result')
}

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]), Buffer.alloc(2_000, 7), Buffer.from([0xff, 0xd9])])

async function uploaded(shopee: MarketplaceConnector, tokens: ShopTokens): Promise<UploadedImage> {
  return shopee.uploadImage(tokens, { bytes: JPEG, fileName: 'mat-ong-500g.jpg' }, now)
}

const HONEY_SKU: ListingSku = { sku: 'MO-500', priceVnd: 185_000, quantity: 40, optionLabel: null, weightGrams: 650, barcode: null }

function honeyListing(images: readonly UploadedImage[], overrides: Partial<ListingPayload> = {}): ListingPayload {
  return {
    listingId: 'lst_01JZHONEY500',
    title: 'Mật ong hoa cà phê Đắk Lắk OCOP 4 sao – hũ 500 g',
    description: 'Mật ong nguyên chất từ vườn cà phê Buôn Ma Thuột.\r\nThu hoạch mùa hoa tháng 3.',
    categoryId: '100631',
    attributes: { '100037': '1234', '100999': 'Đắk Lắk' },
    brandId: null,
    images,
    skus: [HONEY_SKU],
    logisticsIds: ['50018'],
    ...overrides,
  }
}

const TEA_SKUS: ListingSku[] = [
  { sku: 'CHE-100', priceVnd: 120_000, quantity: 25, optionLabel: 'Gói 100 g', weightGrams: 150, barcode: null },
  { sku: 'CHE-250', priceVnd: 270_000, quantity: 10, optionLabel: 'Hộp 250 g', weightGrams: 320, barcode: null },
]

// ----------------------------------------------------------------------------------------------

describe('authorisation (1.4)', () => {
  it('sends the seller to a Public-signed auth_partner page that leads back with code, shop_id and our state', async () => {
    const shopee = connector()
    const link = shopee.authorizeUrl('http://127.0.0.1:5173/shopee/callback', 'st_7f3a', now)
    const target = new URL(link)
    expect(target.pathname).toBe('/api/v2/shop/auth_partner')
    expect(target.searchParams.get('timestamp')).toBe(String(START / 1000))
    expect(target.searchParams.has('access_token')).toBe(false)

    const page = await http.get<string>(link, { responseType: 'text' })
    const href = /<a href="([^"]+)">Đồng ý<\/a>/.exec(page.data)?.[1]?.replace(/&amp;/g, '&')
    expect(href).toBeDefined()
    const back = new URL(href ?? '')
    expect(back.pathname).toBe('/shopee/callback')
    expect(back.searchParams.get('state')).toBe('st_7f3a')
    expect(back.searchParams.get('shop_id')).toBe(FAKE_SHOPEE_SHOP_ID)

    const tokens = await shopee.exchangeCode(Object.fromEntries(back.searchParams), now)
    expect(tokens.shopId).toBe(FAKE_SHOPEE_SHOP_ID)
    expect(tokens.accessExpiresAt).toBe(now + 4 * HOUR)
    expect(tokens.refreshExpiresAt).toBe(now + 30 * DAY)
  })

  it('builds links that die after 5 minutes, as Shopee\'s do', async () => {
    const link = connector().authorizeUrl('https://coop.example.vn/shopee', 'st', now)
    now += 301_000
    const page = await http.get<{ error: string; message: string }>(link, { validateStatus: () => true })
    expect(page.status).toBe(400)
    expect(page.data).toMatchObject({ error: 'error_param', message: 'Invalid timestamp' })
  })

  it('exchanges a code once: the second exchange is rejected, not treated as a token to refresh', async () => {
    const shopee = connector()
    const code = fake.authorizeCode(FAKE_SHOPEE_SHOP_ID)
    await shopee.exchangeCode({ code, shop_id: FAKE_SHOPEE_SHOP_ID }, now)
    const failure = await failureOf(shopee.exchangeCode({ code, shop_id: FAKE_SHOPEE_SHOP_ID }, now))
    expect(failure.kind).toBe('rejected')
    expect(failure.details.code).toBe('invalid_code')
  })

  it('refuses a code older than 10 minutes', async () => {
    const code = fake.authorizeCode(FAKE_SHOPEE_SHOP_ID)
    now += 11 * 60_000
    expect((await failureOf(connector().exchangeCode({ code, shop_id: FAKE_SHOPEE_SHOP_ID }, now))).details.code).toBe('invalid_code')
  })

  it('does not pretend to support a main-account authorisation', async () => {
    const failure = await failureOf(connector().exchangeCode({ code: 'abc', main_account_id: '9001' }, now))
    expect(failure).toMatchObject({ kind: 'rejected', details: { code: 'main_account_unsupported' } })
  })

  it('refreshes into a new pair, and the spent refresh token cannot be used again', async () => {
    const shopee = connector()
    const first = await authorised(shopee)
    now += HOUR
    const second = await shopee.refresh(first, now)
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(second.refreshToken).not.toBe(first.refreshToken)
    expect(second.accessExpiresAt).toBe(now + 4 * HOUR)

    const reuse = await failureOf(shopee.refresh(first, now))
    expect(reuse.kind).toBe('auth')
    expect(reuse.details.code).toBe('error_auth')
    // The new pair keeps working, and refreshes again.
    await expect(shopee.pullOrders(second, null, now - DAY, now)).resolves.toMatchObject({ more: false })
    await expect(shopee.refresh(second, now)).resolves.toMatchObject({ shopId: FAKE_SHOPEE_SHOP_ID })
  })

  it('keeps the previous access token alive for 5 minutes after a refresh, then reads its refusal as auth', async () => {
    const shopee = connector()
    const first = await authorised(shopee)
    await shopee.refresh(first, now)
    now += 4 * 60_000
    await expect(shopee.pullOrders(first, null, now - HOUR, now)).resolves.toBeDefined()
    now += 2 * 60_000
    const failure = await failureOf(shopee.pullOrders(first, null, now - HOUR, now))
    expect(failure).toMatchObject({ kind: 'auth', details: { code: 'invalid_acceess_token', httpStatus: 403 } })
  })

  it('reads an expired access token as auth, and a refresh brings the shop back', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    fake.expireTokens()
    const failure = await failureOf(shopee.pullOrders(tokens, null, now - HOUR, now))
    expect(failure.kind).toBe('auth')
    expect(nextStep(failure, 1, false, () => 0).kind).toBe('refresh_then_retry')
    const fresh = await shopee.refresh(tokens, now)
    await expect(shopee.pullOrders(fresh, null, now - HOUR, now)).resolves.toBeDefined()
  })
})

describe('images (1.6, section 4)', () => {
  it('uploads a JPEG as multipart to the media space, signed at partner level', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    const image = await uploaded(shopee, tokens)
    expect(image.ref).toMatch(/^vn-/)
    expect(image.url).toBe(`https://cf.shopee.vn/file/${image.ref}`)
    const upload = fake.requests.find((r) => r.path === PATHS.uploadImage)
    expect(upload?.query).not.toHaveProperty('access_token')
    expect(upload?.body).toMatchObject({ fields: { scene: 'normal' }, files: [{ field: 'image', fileName: 'mat-ong-500g.jpg', contentType: 'image/jpeg', bytes: JPEG.length }] })
  })

  it('refuses a GIF or an 11 MB file without sending it', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    const before = fake.requests.length
    const gif = await failureOf(shopee.uploadImage(tokens, { bytes: Buffer.from('GIF89a\x01\x00\x01\x00'), fileName: 'a.gif' }, now))
    const huge = await failureOf(shopee.uploadImage(tokens, { bytes: Buffer.concat([JPEG, Buffer.alloc(11 * 1024 * 1024)]), fileName: 'big.jpg' }, now))
    expect(gif).toMatchObject({ kind: 'rejected', details: { field: 'image' } })
    expect(huge).toMatchObject({ kind: 'rejected', details: { field: 'image' } })
    expect(fake.requests.length).toBe(before)
  })
})

describe('a listing on Shopee (1.6)', () => {
  it('creates, finds, updates, restocks, reprices and unlists a one-SKU listing', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    const image = await uploaded(shopee, tokens)
    const listing = honeyListing([image])

    const created = await shopee.createItem(tokens, listing, now)
    expect(created.skuIds).toEqual({ 'MO-500': '0' })
    const [item] = fake.items()
    expect(item).toMatchObject({
      itemId: Number(created.itemId),
      itemSku: 'MO-500',
      itemName: listing.title,
      description: 'Mật ong nguyên chất từ vườn cà phê Buôn Ma Thuột.\nThu hoạch mùa hoa tháng 3.',
      categoryId: 100631,
      price: 185_000,
      stock: 40,
      weightKg: 0.65,
      imageIds: [image.ref],
      logisticIds: [50018],
      brandId: 0,
      status: 'NORMAL',
      attributes: [
        { attributeId: 100037, values: [{ valueId: 1234, name: null }] },
        { attributeId: 100999, values: [{ valueId: 0, name: 'Đắk Lắk' }] },
      ],
    })

    await expect(shopee.findItem(tokens, listing, now)).resolves.toEqual(created)

    await shopee.updateItem(tokens, created.itemId, honeyListing([image], { title: 'Mật ong hoa cà phê – hũ 500 g', skus: [{ ...HONEY_SKU, priceVnd: 179_000, externalSkuId: '0' }] }), now)
    expect(fake.items()[0]).toMatchObject({ itemName: 'Mật ong hoa cà phê – hũ 500 g', price: 179_000, stock: 40 })

    await shopee.updateStock(tokens, created.itemId, [{ sku: 'MO-500', externalSkuId: '0', quantity: 12 }], now)
    await shopee.updatePrice(tokens, created.itemId, [{ sku: 'MO-500', externalSkuId: '0', priceVnd: 175_000 }], now)
    expect(fake.items()[0]).toMatchObject({ stock: 12, price: 175_000 })

    await shopee.unlistItem(tokens, created.itemId, now)
    expect(fake.items()[0]?.status).toBe('UNLIST')
    // Unlisted is still "the item created for this listing".
    await expect(shopee.findItem(tokens, listing, now)).resolves.toEqual(created)
    expect(fake.createCalls).toBe(1)

    // Published again: the same unlist_item call with unlist false puts it back on sale.
    await shopee.relistItem(tokens, created.itemId, now)
    expect(fake.items()[0]?.status).toBe('NORMAL')
    const relists = fake.requests.filter((r) => r.path === PATHS.unlistItem)
    expect(relists.at(-1)?.body).toEqual({ item_list: [{ item_id: Number(created.itemId), unlist: false }] })
    // Already on sale (a retry after a lost answer) is done, not an error.
    await shopee.relistItem(tokens, created.itemId, now)
    expect(fake.items()[0]?.status).toBe('NORMAL')
    expect(fake.createCalls).toBe(1)
  })

  it('creates a listing with variants as one tier whose models carry our SKUs', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    const listing = honeyListing([await uploaded(shopee, tokens)], { listingId: 'lst_01JZTEA', title: 'Chè Tân Cương Thái Nguyên OCOP 5 sao', skus: TEA_SKUS })

    const created = await shopee.createItem(tokens, listing, now)
    const [item] = fake.items()
    expect(item?.itemSku).toBe('lst_01JZTEA')
    expect(item?.tierVariation).toEqual([{ name: 'Phân loại', options: ['Gói 100 g', 'Hộp 250 g'] }])
    expect(item?.models.map((m) => [m.modelSku, m.price, m.stock, String(m.modelId)])).toEqual([
      ['CHE-100', 120_000, 25, created.skuIds['CHE-100']],
      ['CHE-250', 270_000, 10, created.skuIds['CHE-250']],
    ])
    expect(item?.weightKg).toBe(0.32)
    await expect(shopee.findItem(tokens, listing, now)).resolves.toEqual(created)

    const withIds = TEA_SKUS.map((s) => ({ ...s, externalSkuId: created.skuIds[s.sku] ?? null }))
    await shopee.updateStock(tokens, created.itemId, [{ sku: 'CHE-250', externalSkuId: created.skuIds['CHE-250'] ?? null, quantity: 3 }], now)
    await shopee.updatePrice(tokens, created.itemId, [{ sku: 'CHE-100', externalSkuId: created.skuIds['CHE-100'] ?? null, priceVnd: 125_000 }], now)
    await shopee.updateItem(tokens, created.itemId, { ...listing, skus: withIds.map((s) => (s.sku === 'CHE-250' ? { ...s, priceVnd: 265_000 } : s)) }, now)
    expect(fake.items()[0]?.models.map((m) => [m.modelSku, m.price, m.stock])).toEqual([
      ['CHE-100', 120_000, 25],
      ['CHE-250', 265_000, 3],
    ])
  })

  it('will not push a variant that Shopee has no model for, before sending anything', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    const before = fake.requests.length
    const failure = await failureOf(shopee.updateStock(tokens, '23620850001', TEA_SKUS.map((s) => ({ sku: s.sku, externalSkuId: null, quantity: 1 })), now))
    expect(failure).toMatchObject({ kind: 'rejected', details: { field: 'externalSkuId' } })
    expect(fake.requests.length).toBe(before)
  })

  it('finds nothing for an item whose SKU only contains ours, or that the seller deleted', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    const image = await uploaded(shopee, tokens)
    const longer = await shopee.createItem(tokens, honeyListing([image], { skus: [{ ...HONEY_SKU, sku: 'MO-500-TET' }] }), now)
    // Shopee's search matches loosely (the fake: by substring), so only an exact item_sku counts.
    await expect(shopee.findItem(tokens, { listingId: 'lst_x', skus: [HONEY_SKU] }, now)).resolves.toBeNull()

    fake.setItemStatus(Number(longer.itemId), 'SELLER_DELETE')
    await expect(shopee.findItem(tokens, { listingId: 'lst_y', skus: [{ ...HONEY_SKU, sku: 'MO-500-TET' }] }, now)).resolves.toBeNull()
  })

  it('reads an unknown item as not_found, for single and batch calls alike', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    const stock = await failureOf(shopee.updateStock(tokens, '99999', [{ sku: 'MO-500', externalSkuId: '0', quantity: 1 }], now))
    expect(stock).toMatchObject({ kind: 'not_found', details: { code: 'product.error_item_not_found' } })
    expect(nextStep(stock, 1, false, () => 0)).toEqual({ kind: 'dead', reason: 'not_found' })
    const unlist = await failureOf(shopee.unlistItem(tokens, '99999', now))
    expect(unlist).toMatchObject({ kind: 'not_found', details: { code: 'failure_list', field: 'item_id' } })
    expect(await failureOf(shopee.relistItem(tokens, '99999', now))).toMatchObject({ kind: 'not_found', details: { code: 'failure_list', field: 'item_id' } })
  })

  it('reads a model Shopee does not know as a rejected push', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    const created = await shopee.createItem(tokens, honeyListing([await uploaded(shopee, tokens)]), now)
    const failure = await failureOf(shopee.updatePrice(tokens, created.itemId, [{ sku: 'MO-500', externalSkuId: '42', priceVnd: 1000 }], now))
    expect(failure).toMatchObject({ kind: 'rejected', details: { code: 'failure_list', field: 'model_id' } })
    expect(failure.message).toContain('Wrong model_id')
  })
})

describe('a create whose answer is lost', () => {
  it('is found by findItem, so the retry creates nothing twice', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    const listing = honeyListing([await uploaded(shopee, tokens)])
    fake.setMisbehaviour({ dropResponseAfterCreate: 1 })

    const lost = await failureOf(shopee.createItem(tokens, listing, now))
    expect(lost.kind).toBe('transient')
    expect(lost.message).toMatch(/may have taken effect/)
    expect(fake.createCalls).toBe(1)

    const found = await shopee.findItem(tokens, listing, now)
    expect(found).toEqual({ itemId: String(fake.items()[0]?.itemId), skuIds: { 'MO-500': '0' } })
    expect(fake.createCalls).toBe(1)
    expect(fake.items()).toHaveLength(1)
  })

  it('with variants: findItem finishes the variants that init_tier_variation never made', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    const listing = honeyListing([await uploaded(shopee, tokens)], { listingId: 'lst_01JZTEA', skus: TEA_SKUS })
    fake.setMisbehaviour({ dropResponseAfterCreate: 1 })
    await failureOf(shopee.createItem(tokens, listing, now))
    expect(fake.items()[0]?.models).toEqual([])

    const found = await shopee.findItem(tokens, listing, now)
    const models = fake.items()[0]?.models ?? []
    expect(models.map((m) => m.modelSku)).toEqual(['CHE-100', 'CHE-250'])
    expect(found?.skuIds).toEqual({ 'CHE-100': String(models[0]?.modelId), 'CHE-250': String(models[1]?.modelId) })
    expect(fake.createCalls).toBe(1)
  })
})

describe('failures map onto what the outbox should do', () => {
  it('429 with Retry-After in seconds → rate_limited for that long', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    fake.setMisbehaviour({ rateLimitNext: 1, retryAfter: '7' })
    const failure = await failureOf(shopee.pullOrders(tokens, null, now - HOUR, now))
    expect(failure).toMatchObject({ kind: 'rate_limited', details: { httpStatus: 429, retryAfterMs: 7_000, code: 'error_too_many_request' } })
  })

  it('429 with Retry-After as an HTTP date → rate_limited until then', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    fake.setMisbehaviour({ rateLimitNext: 1, retryAfter: new Date(now + 30_000).toUTCString() })
    expect((await failureOf(shopee.updateStock(tokens, '1', [{ sku: 'A', externalSkuId: '0', quantity: 1 }], now))).details.retryAfterMs).toBe(30_000)
  })

  it('429 without Retry-After → rate_limited with Shopee\'s default wait', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    fake.setMisbehaviour({ rateLimitNext: 1, retryAfter: '' })
    expect((await failureOf(shopee.pullOrders(tokens, null, now - HOUR, now))).details.retryAfterMs).toBe(SHOPEE_RATE_LIMIT_DEFAULT_MS)
  })

  it('5xx → transient', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    fake.setMisbehaviour({ serverErrorNext: 1 })
    const failure = await failureOf(shopee.unlistItem(tokens, '1', now))
    expect(failure).toMatchObject({ kind: 'transient', details: { httpStatus: 500, code: 'error_server' } })
  })

  it('no answer before the deadline → transient timeout', async () => {
    const shopee = connector({ timeoutMs: 250 })
    const tokens = await authorised(shopee)
    fake.setMisbehaviour({ timeoutNext: 1 })
    const started = Date.now()
    const failure = await failureOf(shopee.pullOrders(tokens, null, now - HOUR, now))
    expect(failure).toMatchObject({ kind: 'transient', details: { code: 'timeout' } })
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('an answer that comes too late is a timeout even though Shopee did the work', async () => {
    const shopee = connector({ timeoutMs: 250 })
    const tokens = await authorised(shopee)
    const listing = honeyListing([await uploaded(shopee, tokens)])
    fake.setMisbehaviour({ timeoutNext: 1, timeoutAnswerAfterMs: 400 })
    expect((await failureOf(shopee.createItem(tokens, listing, now))).details.code).toBe('timeout')
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(fake.createCalls).toBe(1)
    await expect(shopee.findItem(tokens, listing, now)).resolves.not.toBeNull()
  })

  it('no connection at all → transient and offline: Shopee cannot have seen the call, and the job keeps its attempts', async () => {
    // The port of a server that has just closed: connecting to it is refused, as with no network.
    const gone = createServer()
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve))
    const { port } = gone.address() as AddressInfo
    await new Promise<void>((resolve) => gone.close(() => resolve()))
    const tokens = await authorised()
    const offline = connector({ hosts: { apiBase: `http://127.0.0.1:${port}`, authBase: `http://127.0.0.1:${port}` } })
    const failure = await failureOf(offline.createItem(tokens, honeyListing([{ ref: 'vn-11134207-7r98o-000000000001', url: null }]), now))
    expect(failure).toMatchObject({ kind: 'transient', details: { code: 'ECONNREFUSED', offline: true } })
    expect(failure.message).not.toMatch(/may have taken effect/)
    expect(nextStep({ kind: failure.kind, offline: failure.details.offline }, 8, false, () => 0)).toMatchObject({ kind: 'retry', countsAsAttempt: false })
  })

  it('an expired token → auth', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    fake.setMisbehaviour({ expiredTokenNext: 1 })
    expect(await failureOf(shopee.unlistItem(tokens, '1', now))).toMatchObject({ kind: 'auth', details: { code: 'invalid_acceess_token' } })
  })

  it('a field Shopee refuses → rejected, with its code and the field named', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    const failure = await failureOf(shopee.createItem(tokens, honeyListing([{ ref: 'vn-never-uploaded', url: null }]), now))
    expect(failure).toMatchObject({ kind: 'rejected', details: { code: 'product.error_param', field: 'image_id_list', httpStatus: 200 } })
    expect(nextStep(failure, 1, false, () => 0)).toEqual({ kind: 'dead', reason: 'rejected' })
    expect(fake.createCalls).toBe(0)
  })

  it('a listing Shopee could not take is refused before sending (no logistics channel, no weight)', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    const image = await uploaded(shopee, tokens)
    expect(await failureOf(shopee.createItem(tokens, honeyListing([image], { logisticsIds: [] }), now))).toMatchObject({ kind: 'rejected', details: { field: 'logisticsIds' } })
    expect(await failureOf(shopee.createItem(tokens, honeyListing([image], { skus: [{ ...HONEY_SKU, weightGrams: null }] }), now))).toMatchObject({ kind: 'rejected', details: { field: 'weightGrams' } })
    expect(fake.requests.filter((r) => r.path === PATHS.addItem)).toHaveLength(0)
  })

  it('a wrong partner key → rejected "Wrong sign", and a clock 6 minutes off → rejected "Invalid timestamp"', async () => {
    const tokens = await authorised()
    const wrongKey = connector({ app: { appKey: FAKE_SHOPEE_APP.partnerId, appSecret: 'not-the-partner-key' } })
    expect(await failureOf(wrongKey.pullOrders(tokens, null, now - HOUR, now))).toMatchObject({ kind: 'rejected', details: { code: 'error_sign', httpStatus: 403 } })
    expect(await failureOf(connector().pullOrders(tokens, null, now - HOUR, now - 6 * 60_000))).toMatchObject({ kind: 'rejected', details: { code: 'error_param', httpStatus: 400 } })
  })

  it('random faults from a seeded source are each read as rate_limited or transient, and the rest succeed', async () => {
    const shopee = connector({ timeoutMs: 150 })
    const tokens = await authorised(shopee)
    const created = await shopee.createItem(tokens, honeyListing([await uploaded(shopee, tokens)]), now)
    fake.setMisbehaviour({ failRate: { rate429: 0.25, rate5xx: 0.25, rateTimeout: 0.1, seed: 20250602 } })
    const seen = new Map<string, number>()
    for (let i = 0; i < 40; i += 1) {
      let outcome = 'ok'
      try {
        await shopee.updateStock(tokens, created.itemId, [{ sku: 'MO-500', externalSkuId: '0', quantity: i }], now)
      } catch (error) {
        if (!(error instanceof ConnectorFailure)) throw error
        outcome = `${error.kind}:${error.details.code ?? ''}`
      }
      seen.set(outcome, (seen.get(outcome) ?? 0) + 1)
    }
    expect([...seen.keys()].sort()).toEqual(['ok', 'rate_limited:error_too_many_request', 'transient:error_server', 'transient:timeout'])
  })
})

describe('orders (1.7)', () => {
  async function pullAll(shopee: MarketplaceConnector, tokens: ShopTokens, cursor: string | null, sinceMs: number) {
    const pages = []
    let next = cursor
    for (let guard = 0; guard < 20; guard += 1) {
      const page = await shopee.pullOrders(tokens, next, sinceMs, now)
      pages.push(page)
      next = page.cursor
      if (!page.more) break
    }
    return { pages, cursor: next, ids: pages.flatMap((p) => p.orders.map((o) => o.externalId)) }
  }

  it('pulls 120 changed orders in pages of 50 and reads each as our order', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    for (let i = 0; i < 120; i += 1) fake.seedOrder({ createdAtMs: now - 20 * HOUR + i * 60_000 })
    const special = fake.seedOrder({
      orderSn: '250602ABCDEF01',
      createdAtMs: now - 3 * HOUR,
      updatedAtMs: now - 2 * HOUR,
      status: 'SHIPPED',
      lines: [
        { itemSku: 'lst_01JZTEA', modelSku: 'CHE-250', itemName: 'Chè Tân Cương', modelName: 'Hộp 250 g', quantity: 2, originalPrice: 270_000, discountedPrice: 255_000 },
        { itemSku: 'MO-500', modelSku: '', itemName: 'Mật ong', quantity: 1, originalPrice: 185_000, discountedPrice: 0 },
      ],
      totalAmount: 717_000.4,
      estimatedShippingFee: 22_000,
      recipient: { name: 'Trần Văn Bình', phone: '84987654321', fullAddress: '5 Lê Lợi, Huế' },
    })

    const { pages, ids } = await pullAll(shopee, tokens, null, now - DAY)
    expect(pages.map((p) => [p.orders.length, p.more])).toEqual([
      [50, true],
      [50, true],
      [21, false],
    ])
    expect(new Set(ids).size).toBe(121)

    const order = pages.flatMap((p) => p.orders).find((o) => o.externalId === special.orderSn)
    expect(order).toEqual({
      externalId: '250602ABCDEF01',
      status: 'SHIPPED',
      state: 'shipped',
      createdAt: new Date(now - 3 * HOUR).toISOString(),
      updatedAt: new Date(now - 2 * HOUR).toISOString(),
      buyerName: 'Trần Văn Bình',
      buyerPhone: '84987654321',
      addressText: '5 Lê Lợi, Huế',
      totalVnd: 717_000,
      shippingFeeVnd: 22_000,
      lines: [
        { sku: 'CHE-250', quantity: 2, unitPriceVnd: 255_000, name: 'Chè Tân Cương (Hộp 250 g)' },
        { sku: 'MO-500', quantity: 1, unitPriceVnd: 185_000, name: 'Mật ong' },
      ],
      trackingCode: null,
    })
  })

  it('answers the same orders again for an overlapping window (deduplication is the caller\'s)', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    for (let i = 0; i < 8; i += 1) fake.seedOrder({ createdAtMs: now - 5 * HOUR + i * 60_000 })
    const recent = fake.seedOrder({ createdAtMs: now - 2 * 60_000 })

    const first = await pullAll(shopee, tokens, null, now - DAY)
    const again = await pullAll(shopee, tokens, null, now - 6 * HOUR)
    expect(again.ids).toEqual(first.ids)

    // The stored cursor re-reads the last minutes of the window it ended on.
    now += 30 * 60_000
    const resumed = await pullAll(shopee, tokens, first.cursor, 0)
    expect(resumed.ids).toEqual([recent.orderSn])
  })

  it('picks up an order whose status changed after the last pull', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    const order = fake.seedOrder({ createdAtMs: now - 3 * HOUR, status: 'READY_TO_SHIP' })
    const first = await pullAll(shopee, tokens, null, now - DAY)
    expect(first.pages.flatMap((p) => p.orders).map((o) => o.state)).toEqual(['to_ship'])

    now += 2 * HOUR
    fake.setOrderStatus(order.orderSn, 'COMPLETED', now - HOUR)
    const later = await pullAll(shopee, tokens, first.cursor, 0)
    expect(later.pages.flatMap((p) => p.orders).map((o) => [o.externalId, o.state])).toEqual([[order.orderSn, 'completed']])
  })

  it('walks a start older than 15 days in windows Shopee accepts', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    const old = fake.seedOrder({ createdAtMs: now - 35 * DAY })
    const middle = fake.seedOrder({ createdAtMs: now - 20 * DAY })
    const fresh = fake.seedOrder({ createdAtMs: now - DAY })

    const { ids, pages } = await pullAll(shopee, tokens, null, now - 40 * DAY)
    expect(ids).toEqual([old.orderSn, middle.orderSn, fresh.orderSn])
    expect(pages.length).toBe(3)
    expect(pages.at(-1)?.more).toBe(false)
    const windows = fake.requests.filter((r) => r.path === PATHS.getOrderList)
    for (const request of windows) {
      expect(Number(request.query.time_to) - Number(request.query.time_from)).toBeLessThanOrEqual(SHOPEE_ORDER_WINDOW_S)
      expect(request.status).toBe(200)
    }
  })

  it('returns an empty last page when nothing changed', async () => {
    const shopee = connector()
    const tokens = await authorised(shopee)
    const page = await shopee.pullOrders(tokens, null, now - HOUR, now)
    expect(page).toMatchObject({ orders: [], more: false })
    expect(fake.requests.some((r) => r.path === PATHS.getOrderDetail)).toBe(false)
  })

  it('refuses a cursor it did not write', async () => {
    const tokens = await authorised()
    expect(await failureOf(connector().pullOrders(tokens, 'page-3', 0, now))).toMatchObject({ kind: 'rejected', details: { code: 'bad_cursor' } })
  })

  it('maps every Shopee order status onto ours and refuses to guess an unknown one', () => {
    expect(
      Object.fromEntries(
        ['UNPAID', 'READY_TO_SHIP', 'PROCESSED', 'RETRY_SHIP', 'IN_CANCEL', 'INVOICE_PENDING', 'SHIPPED', 'TO_CONFIRM_RECEIVE', 'COMPLETED', 'CANCELLED', 'TO_RETURN'].map((s) => [s, shopeeOrderState(s)]),
      ),
    ).toEqual({
      UNPAID: 'unpaid',
      READY_TO_SHIP: 'to_ship',
      PROCESSED: 'to_ship',
      RETRY_SHIP: 'to_ship',
      IN_CANCEL: 'to_ship',
      INVOICE_PENDING: 'to_ship',
      SHIPPED: 'shipped',
      TO_CONFIRM_RECEIVE: 'delivered',
      COMPLETED: 'completed',
      CANCELLED: 'cancelled',
      TO_RETURN: 'returned',
    })
    expect(() => shopeeOrderState('PENDING')).toThrow(ConnectorFailure)
    expect(() => shopeeOrderState('toString')).toThrow(ConnectorFailure)
  })
})

// ----------------------------------------------------------------------------------------------

describe('the fake checks requests the way Shopee does', () => {
  // The test's own signer (1.3), independent of ./signing.
  const sign = (base: string) => createHmac('sha256', FAKE_SHOPEE_APP.partnerKey).update(base).digest('hex')

  async function getOrderList(tokens: ShopTokens, tamper: (q: Record<string, string>) => void = () => {}) {
    const ts = String(Math.floor(now / 1000))
    const query: Record<string, string> = {
      partner_id: FAKE_SHOPEE_APP.partnerId,
      timestamp: ts,
      access_token: tokens.accessToken,
      shop_id: tokens.shopId,
      sign: sign(`${FAKE_SHOPEE_APP.partnerId}${PATHS.getOrderList}${ts}${tokens.accessToken}${tokens.shopId}`),
      time_range_field: 'update_time',
      time_from: String(Math.floor(now / 1000) - 3600),
      time_to: ts,
      page_size: '20',
    }
    tamper(query)
    const response = await http.get<{ error: string; message: string }>(`${fake.url}${PATHS.getOrderList}?${new URLSearchParams(query).toString()}`, { validateStatus: () => true })
    return { status: response.status, error: response.data.error, message: response.data.message }
  }

  it('accepts a correctly signed Shop API call', async () => {
    expect(await getOrderList(await authorised())).toEqual({ status: 200, error: '', message: '' })
  })

  it('refuses a millisecond timestamp, an upper-case sign, a Public-style sign on a Shop API, and a 16-day window', async () => {
    const tokens = await authorised()
    const ms = String(now)
    expect(
      await getOrderList(tokens, (q) => {
        q.timestamp = ms
        q.sign = sign(`${FAKE_SHOPEE_APP.partnerId}${PATHS.getOrderList}${ms}${tokens.accessToken}${tokens.shopId}`)
      }),
    ).toMatchObject({ status: 400, message: 'Invalid timestamp' })
    expect(await getOrderList(tokens, (q) => (q.sign = (q.sign ?? '').toUpperCase()))).toMatchObject({ status: 403, error: 'error_sign' })
    expect(await getOrderList(tokens, (q) => (q.sign = sign(`${FAKE_SHOPEE_APP.partnerId}${PATHS.getOrderList}${q.timestamp}`)))).toMatchObject({ error: 'error_sign' })
    expect(await getOrderList(tokens, (q) => (q.time_from = String(Number(q.time_to) - 16 * 86_400)))).toMatchObject({ error: 'error_param' })
    expect(await getOrderList(tokens, (q) => delete q.access_token)).toMatchObject({ status: 400, message: 'There is no access_token in query.' })
  })

  it('refuses another shop\'s token even with a valid sign', async () => {
    const tokens = await authorised()
    const otherShop = '55500011'
    expect(
      await getOrderList(tokens, (q) => {
        q.shop_id = otherShop
        q.sign = sign(`${FAKE_SHOPEE_APP.partnerId}${PATHS.getOrderList}${q.timestamp}${tokens.accessToken}${otherShop}`)
      }),
    ).toMatchObject({ status: 403, error: 'error_auth' })
  })
})
