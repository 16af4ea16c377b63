// The Lazada connector against test/fakes/lazada.ts, a local Lazada that checks signatures,
// timestamps, tokens and payloads the way the reference says the real one does, and misbehaves
// on request. A few answers the fake never gives are scripted through an axios adapter.
import { createServer, type AddressInfo } from 'node:net'
import axios, { AxiosHeaders, type AxiosAdapter, type AxiosInstance } from 'axios'
import sharp from 'sharp'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FAKE_LAZADA_APP, FAKE_LAZADA_SELLER, startFakeLazada, type FakeLazada } from '../../../../test/fakes/lazada'
import { ConnectorFailure, type ListingPayload, type MarketplaceConnector, type ShopTokens, type UploadedImage } from '../connector'
import { nextStep, seededRandom } from '../outbox-policy'
import { createLazadaConnector, lazadaDescriptionHtml, lazadaOrderState, lazadaTime, LAZADA_ORDER_OVERLAP_MS } from './lazada.connector'

const DAY = 24 * 3600_000
const T0 = Date.UTC(2026, 2, 10, 3, 0, 0)
let now = T0
let fake: FakeLazada
let lazada: MarketplaceConnector
let jpeg: Buffer

function connector(options: { secret?: string; timeoutMs?: number; http?: AxiosInstance } = {}): MarketplaceConnector {
  return createLazadaConnector({
    http: options.http ?? axios.create(),
    hosts: { apiBase: fake.url, authBase: fake.authUrl },
    app: { appKey: FAKE_LAZADA_APP.appKey, appSecret: options.secret ?? FAKE_LAZADA_APP.appSecret },
    timeoutMs: options.timeoutMs ?? 3000,
  })
}

async function failureOf(promise: Promise<unknown>): Promise<ConnectorFailure> {
  try {
    await promise
  } catch (error) {
    if (error instanceof ConnectorFailure) return error
    throw error
  }
  throw new Error('expected a ConnectorFailure, got a result')
}

async function authorise(): Promise<ShopTokens> {
  return lazada.exchangeCode({ code: fake.authorizeCode() }, now)
}

async function hostedImages(tokens: ShopTokens, count = 2): Promise<UploadedImage[]> {
  const out: UploadedImage[] = []
  for (let i = 0; i < count; i++) {
    const bytes = await sharp({ create: { width: 400 + i, height: 400, channels: 3, background: { r: 200, g: 150, b: 20 } } }).jpeg().toBuffer()
    out.push(await lazada.uploadImage(tokens, { bytes, fileName: `mat-ong-${i}.jpg` }, now))
  }
  return out
}

function honeyListing(images: readonly UploadedImage[], overrides: Partial<ListingPayload> = {}): ListingPayload {
  return {
    listingId: 'lst_01HONEY',
    title: 'Mật ong hoa cà phê Đắk Lắk – OCOP 4 sao',
    description: 'Mật ong nguyên chất từ vườn cà phê.\nThu hoạch tháng 3.\n\nSản phẩm OCOP 4 sao <chính hãng> & an toàn.',
    categoryId: '10002019',
    attributes: { warranty_type: 'No Warranty', package_length: '12', package_width: '12', package_height: '15', package_content: '1 hũ mật ong' },
    brandId: '30768',
    images,
    skus: [
      { sku: 'MO-500', priceVnd: 185_000, quantity: 12, optionLabel: 'Hũ 500 g', weightGrams: 750, barcode: null },
      { sku: 'MO-250', priceVnd: 99_000, quantity: 5, optionLabel: 'Hũ 250 g', weightGrams: 400, barcode: null },
    ],
    ...overrides,
  }
}

beforeAll(async () => {
  fake = await startFakeLazada({ clock: () => now })
  jpeg = await sharp({ create: { width: 420, height: 420, channels: 3, background: { r: 240, g: 190, b: 40 } } }).jpeg().toBuffer()
})

afterAll(async () => {
  await fake.close()
})

beforeEach(() => {
  now = T0
  fake.reset()
  lazada = connector()
})

describe('authorisation (section 2, seller-authorization-introduction.md)', () => {
  it('sends the seller to the authorize page and exchanges the code it redirects back with', async () => {
    const redirect = 'http://127.0.0.1:5173/kenh-ban/lazada/callback'
    const url = new URL(lazada.authorizeUrl(redirect, 'st_9F2A', now))
    expect(url.origin + url.pathname).toBe(`${fake.authUrl}/oauth/authorize`)
    expect(Object.fromEntries(url.searchParams)).toEqual({ response_type: 'code', force_auth: 'true', redirect_uri: redirect, client_id: FAKE_LAZADA_APP.appKey, state: 'st_9F2A' })

    // What a person does: open the page and press "Đồng ý".
    const page = await axios.get<string>(url.href, { responseType: 'text' })
    const link = /<a href="([^"]+)"[^>]*>Đồng ý<\/a>/.exec(page.data)?.[1]
    expect(link).toBeDefined()
    const callback = new URL((link ?? '').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))))
    expect(callback.origin + callback.pathname).toBe(redirect)
    expect(callback.searchParams.get('state')).toBe('st_9F2A')

    const tokens = await lazada.exchangeCode(Object.fromEntries(callback.searchParams), now)
    expect(tokens).toMatchObject({ shopId: FAKE_LAZADA_SELLER.sellerId, accessExpiresAt: now + 30 * DAY, refreshExpiresAt: now + 180 * DAY })
    expect(tokens.accessToken).not.toBe(tokens.refreshToken)

    const reused = await failureOf(lazada.exchangeCode(Object.fromEntries(callback.searchParams), now))
    expect(reused).toMatchObject({ kind: 'rejected', details: { code: 'InvalidCode' } })
  })

  it('refuses a callback without a code before calling Lazada', async () => {
    const failure = await failureOf(lazada.exchangeCode({ state: 'x', error: 'access_denied' }, now))
    expect(failure).toMatchObject({ kind: 'rejected', details: { code: 'missing_code', field: 'code' } })
    expect(fake.requests).toHaveLength(0)
  })

  it('refreshes into a new pair without resetting the refresh token clock, and the old access token stops working', async () => {
    const first = await authorise()
    now += 3 * DAY
    const second = await lazada.refresh(first, now)
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(second.refreshToken).not.toBe(first.refreshToken)
    expect(second.accessExpiresAt).toBe(now + 30 * DAY)
    expect(second.refreshExpiresAt).toBe(first.refreshExpiresAt)
    expect(second.shopId).toBe(first.shopId)

    const stale = await failureOf(lazada.findItem(first, { listingId: 'lst_x', skus: honeyListing([]).skus }, now))
    expect(stale).toMatchObject({ kind: 'auth', details: { code: 'IllegalAccessToken' } })
    expect(await lazada.findItem(second, { listingId: 'lst_x', skus: honeyListing([]).skus }, now)).toBeNull()

    const reusedRefresh = await failureOf(lazada.refresh(first, now))
    expect(reusedRefresh).toMatchObject({ kind: 'auth', details: { code: 'IllegalRefreshToken' } })
  })

  it('reports an expired access token as auth, and works again after a refresh', async () => {
    const tokens = await authorise()
    fake.expireTokens()
    const expired = await failureOf(lazada.findItem(tokens, { listingId: 'lst_x', skus: honeyListing([]).skus }, now))
    expect(expired).toMatchObject({ kind: 'auth', details: { code: 'IllegalAccessToken' } })
    const fresh = await lazada.refresh(tokens, now)
    expect(await lazada.findItem(fresh, { listingId: 'lst_x', skus: honeyListing([]).skus }, now)).toBeNull()

    fake.setMisbehaviour({ expiredTokenNext: 1 })
    expect(await failureOf(lazada.findItem(fresh, { listingId: 'lst_x', skus: honeyListing([]).skus }, now))).toMatchObject({ kind: 'auth' })
    expect(await lazada.findItem(fresh, { listingId: 'lst_x', skus: honeyListing([]).skus }, now)).toBeNull()
  })
})

describe('publishing a listing', () => {
  it('uploads an image as a multipart `image` part that is not signed, and gets its Lazada URL', async () => {
    const tokens = await authorise()
    const image = await lazada.uploadImage(tokens, { bytes: jpeg, fileName: 'mat-ong.jpg' }, now)
    expect(image.ref).toMatch(/^https:\/\/vn-test-11\.slatic\.net\/p\/[0-9a-f]{32}\.jpg$/)
    expect(image.url).toBe(image.ref)
    expect(fake.images()).toMatchObject([{ url: image.ref, width: 420, height: 420 }])
    const upload = fake.requests.find((r) => r.apiPath === '/image/upload')
    expect(upload).toMatchObject({ method: 'POST', files: ['image'], verified: true, code: '0' })
  })

  it('has images Lazada refuses (too small, not an image) rejected with its code', async () => {
    const tokens = await authorise()
    const tiny = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#fff' } }).png().toBuffer()
    expect(await failureOf(lazada.uploadImage(tokens, { bytes: tiny, fileName: 'nho.png' }, now))).toMatchObject({ kind: 'rejected', details: { code: '300' } })
    expect(await failureOf(lazada.uploadImage(tokens, { bytes: Buffer.from('not an image'), fileName: 'x.jpg' }, now))).toMatchObject({ kind: 'rejected', details: { code: '300' } })
  })

  it('creates, finds, updates, restocks, reprices and unlists a two-variant product', async () => {
    const tokens = await authorise()
    const images = await hostedImages(tokens)
    const listing = honeyListing(images)

    const created = await lazada.createItem(tokens, listing, now)
    expect(Object.keys(created.skuIds).sort()).toEqual(['MO-250', 'MO-500'])
    const stored = fake.item(created.itemId)
    expect(stored).toMatchObject({
      status: 'Active',
      primaryCategory: '10002019',
      images: images.map((i) => i.ref),
      variation: [{ name: 'Phân loại', options: ['Hũ 500 g', 'Hũ 250 g'] }],
    })
    expect(stored?.attributes).toEqual({
      name: listing.title,
      description: '<p>Mật ong nguyên chất từ vườn cà phê.<br/>Thu hoạch tháng 3.</p><p>Sản phẩm OCOP 4 sao &lt;chính hãng&gt; &amp; an toàn.</p>',
      brand_id: '30768',
      warranty_type: 'No Warranty',
    })
    expect(stored?.skus.map((s) => [s.sellerSku, s.skuId, s.price, s.quantity, s.packageWeight, s.packageLength, s.saleProp])).toEqual([
      ['MO-500', created.skuIds['MO-500'], 185_000, 12, '0.75', '12', { 'Phân loại': 'Hũ 500 g' }],
      ['MO-250', created.skuIds['MO-250'], 99_000, 5, '0.40', '12', { 'Phân loại': 'Hũ 250 g' }],
    ])

    expect(await lazada.findItem(tokens, { listingId: listing.listingId, skus: listing.skus }, now)).toEqual(created)

    const withIds = listing.skus.map((s) => ({ ...s, externalSkuId: created.skuIds[s.sku] ?? null }))
    await lazada.updateItem(tokens, created.itemId, { ...listing, title: 'Mật ong hoa cà phê Đắk Lắk 500 g', skus: withIds }, now)
    expect(fake.item(created.itemId)?.attributes.name).toBe('Mật ong hoa cà phê Đắk Lắk 500 g')
    expect(fake.item(created.itemId)?.skus.map((s) => s.price)).toEqual([185_000, 99_000])
    expect(fake.requests.some((r) => r.apiPath === '/product/item/get')).toBe(false)

    await lazada.updateStock(
      tokens,
      created.itemId,
      [
        { sku: 'MO-500', externalSkuId: created.skuIds['MO-500'] ?? null, quantity: 3 },
        { sku: 'MO-250', externalSkuId: null, quantity: 0 },
      ],
      now,
    )
    expect(fake.item(created.itemId)?.skus.map((s) => s.quantity)).toEqual([3, 0])
    // One SKU id was unknown: it was looked up with GetProductItem first.
    expect(fake.requests.filter((r) => r.apiPath === '/product/item/get')).toHaveLength(1)

    await lazada.updatePrice(tokens, created.itemId, withIds.map((s) => ({ sku: s.sku, externalSkuId: s.externalSkuId, priceVnd: s.priceVnd + 10_000 })), now)
    expect(fake.item(created.itemId)?.skus.map((s) => [s.price, s.quantity])).toEqual([
      [195_000, 3],
      [109_000, 0],
    ])

    await lazada.unlistItem(tokens, created.itemId, now)
    expect(fake.item(created.itemId)?.status).toBe('InActive')
    // Already inactive (E0004) is the goal reached, not an error.
    await lazada.unlistItem(tokens, created.itemId, now)
    expect(await lazada.findItem(tokens, { listingId: listing.listingId, skus: listing.skus }, now)).toEqual(created)

    // Published again: UpdateProduct sets every SKU's Status back to active, and the product is on sale.
    await lazada.relistItem(tokens, created.itemId, now)
    expect(fake.item(created.itemId)).toMatchObject({ status: 'Active', skus: [{ status: 'active' }, { status: 'active' }] })
    const updates = () => fake.requests.filter((r) => r.apiPath === '/product/update')
    expect(JSON.parse(updates().at(-1)?.params.payload ?? '{}')).toEqual({
      Request: { Product: { ItemId: created.itemId, Attributes: {}, Skus: { Sku: Object.values(created.skuIds).map((SkuId) => ({ SkuId, Status: 'active' })) } } },
    })
    // Already on sale (a retry after a lost answer): nothing is written.
    const written = updates().length
    await lazada.relistItem(tokens, created.itemId, now)
    expect(updates()).toHaveLength(written)
    expect(fake.item(created.itemId)?.status).toBe('Active')
    expect(fake.createCalls).toBe(1)

    expect(fake.requests.every((r) => r.verified)).toBe(true)
  })

  it('creates a single-SKU product without a variation', async () => {
    const tokens = await authorise()
    const images = await hostedImages(tokens, 1)
    const [first] = honeyListing(images).skus
    const created = await lazada.createItem(tokens, honeyListing(images, { skus: first ? [first] : [] }), now)
    expect(fake.item(created.itemId)).toMatchObject({ variation: [], skus: [{ sellerSku: 'MO-500', saleProp: {} }] })
  })

  it('finds nothing when no product carries our SKUs', async () => {
    const tokens = await authorise()
    expect(await lazada.findItem(tokens, { listingId: 'lst_none', skus: honeyListing([]).skus }, now)).toBeNull()
    expect(await lazada.findItem(tokens, { listingId: 'lst_none', skus: [] }, now)).toBeNull()
  })

  it('never publishes twice when the answer to a create is lost: findItem finds the first one', async () => {
    const tokens = await authorise()
    const listing = honeyListing(await hostedImages(tokens))
    fake.setMisbehaviour({ dropResponseAfterCreate: 1 })

    const lost = await failureOf(lazada.createItem(tokens, listing, now))
    expect(lost.kind).toBe('transient')
    expect(fake.createCalls).toBe(1)

    // What the outbox does before retrying an uncertain create.
    const found = await lazada.findItem(tokens, { listingId: listing.listingId, skus: listing.skus }, now)
    const item = fake.items()[0]
    expect(found).toEqual({ itemId: item?.itemId, skuIds: Object.fromEntries(item?.skus.map((s) => [s.sellerSku, s.skuId]) ?? []) })
    expect(fake.createCalls).toBe(1)
    // Creating again would be refused by Lazada anyway (SellerSku is unique in the shop).
    expect(await failureOf(lazada.createItem(tokens, listing, now))).toMatchObject({ kind: 'rejected', details: { code: '500', field: 'SellerSku' } })
    expect(fake.createCalls).toBe(1)
  })
})

describe('every answer is a result or a ConnectorFailure of the right kind', () => {
  it('rate limited with Retry-After: waits what the header says', async () => {
    const tokens = await authorise()
    fake.setMisbehaviour({ rateLimitNext: 1, rateLimitStyle: 'http429', retryAfterSeconds: 3 })
    const failure = await failureOf(lazada.findItem(tokens, { listingId: 'l', skus: honeyListing([]).skus }, now))
    expect(failure).toMatchObject({ kind: 'rate_limited', details: { code: 'ApiCallLimit', httpStatus: 429, retryAfterMs: 3000 } })
    expect(await lazada.findItem(tokens, { listingId: 'l', skus: honeyListing([]).skus }, now)).toBeNull()
  })

  it('ApiCallLimit in an HTTP 200 answer: waits the ban the message announces', async () => {
    const tokens = await authorise()
    fake.setMisbehaviour({ rateLimitNext: 1, rateLimitStyle: 'ApiCallLimit' })
    const failure = await failureOf(lazada.updateStock(tokens, '3000000001', [{ sku: 'A', externalSkuId: '1', quantity: 1 }], now))
    expect(failure).toMatchObject({ kind: 'rate_limited', details: { code: 'ApiCallLimit', httpStatus: 200, retryAfterMs: 1000 } })
  })

  it('HTTP 5xx and ISP errors are transient', async () => {
    const tokens = await authorise()
    fake.setMisbehaviour({ serverErrorNext: 1, systemErrorNext: 1 })
    expect(await failureOf(lazada.refresh(tokens, now))).toMatchObject({ kind: 'transient', details: { httpStatus: 503 } })
    expect(await failureOf(lazada.refresh(tokens, now))).toMatchObject({ kind: 'transient', details: { code: 'ServiceTimeout' } })
    await expect(lazada.refresh(tokens, now)).resolves.toMatchObject({ shopId: FAKE_LAZADA_SELLER.sellerId })
  })

  it('a call that is never answered times out as transient', async () => {
    const tokens = await authorise()
    const impatient = connector({ timeoutMs: 250 })
    fake.setMisbehaviour({ timeoutNext: 1 })
    const started = Date.now()
    const failure = await failureOf(impatient.findItem(tokens, { listingId: 'l', skus: honeyListing([]).skus }, now))
    expect(failure).toMatchObject({ kind: 'transient', details: { code: 'timeout' } })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('validation errors are rejected with the code and the field Lazada names', async () => {
    const tokens = await authorise()
    const images = await hostedImages(tokens, 1)
    expect(await failureOf(lazada.createItem(tokens, honeyListing(images, { title: 'M'.repeat(256) }), now))).toMatchObject({ kind: 'rejected', details: { code: '500', field: 'name' } })
    expect(await failureOf(lazada.createItem(tokens, honeyListing(images, { attributes: {} }), now))).toMatchObject({ kind: 'rejected', details: { code: '500', field: 'package_length' } })
    const outside = [{ ref: 'https://example.com/a.jpg', url: 'https://example.com/a.jpg' }]
    expect(await failureOf(lazada.createItem(tokens, honeyListing(outside), now))).toMatchObject({ kind: 'rejected', details: { code: '500', field: 'Images' } })
    expect(fake.createCalls).toBe(0)
  })

  it('an item Lazada does not know is not_found, whichever API names it', async () => {
    const tokens = await authorise()
    const listing = honeyListing([])
    const withIds = listing.skus.map((s, i) => ({ ...s, externalSkuId: String(15_000_000_901 + i) }))
    expect(await failureOf(lazada.updateItem(tokens, '3999999999', { ...listing, skus: withIds }, now))).toMatchObject({ kind: 'not_found', details: { code: '4137' } })
    expect(await failureOf(lazada.updateItem(tokens, '3999999999', listing, now))).toMatchObject({ kind: 'not_found', details: { code: '208' } })
    expect(await failureOf(lazada.unlistItem(tokens, '3999999999', now))).toMatchObject({ kind: 'not_found', details: { code: 'E0002' } })
    expect(await failureOf(lazada.relistItem(tokens, '3999999999', now))).toMatchObject({ kind: 'not_found', details: { code: '208' } })
    expect(await failureOf(lazada.updateStock(tokens, '3999999999', withIds, now))).toMatchObject({ kind: 'not_found', details: { code: '501', field: 'ItemId' } })
    expect(await failureOf(lazada.updatePrice(tokens, '3999999999', withIds, now))).toMatchObject({ kind: 'not_found', details: { code: '501' } })
  })

  it('no connection at all → transient and offline: Lazada cannot have seen the call, and the job keeps its attempts', async () => {
    // The port of a server that has just closed: connecting to it is refused, as with no network.
    const gone = createServer()
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve))
    const { port } = gone.address() as AddressInfo
    await new Promise<void>((resolve) => gone.close(() => resolve()))
    const tokens = await authorise()
    const offline = createLazadaConnector({
      http: axios.create(),
      hosts: { apiBase: `http://127.0.0.1:${port}/rest`, authBase: `http://127.0.0.1:${port}` },
      app: { appKey: FAKE_LAZADA_APP.appKey, appSecret: FAKE_LAZADA_APP.appSecret },
      timeoutMs: 3000,
    })
    const failure = await failureOf(offline.createItem(tokens, honeyListing([]), now))
    expect(failure).toMatchObject({ kind: 'transient', details: { code: 'ECONNREFUSED', offline: true } })
    expect(failure.message).not.toMatch(/may have taken effect/)
    expect(nextStep({ kind: failure.kind, offline: failure.details.offline }, 8, false, () => 0)).toMatchObject({ kind: 'retry', countsAsAttempt: false })
    // The token host too: a refresh without network waits like any other call.
    expect(await failureOf(offline.refresh(tokens, now))).toMatchObject({ kind: 'transient', details: { offline: true } })
  })

  it('a wrong app secret or a clock more than 7200 s off is refused by Lazada, not retried', async () => {
    const tokens = await authorise()
    const forged = connector({ secret: 'not-the-secret' })
    expect(await failureOf(forged.findItem(tokens, { listingId: 'l', skus: honeyListing([]).skus }, now))).toMatchObject({ kind: 'rejected', details: { code: 'IncompleteSignature' } })
    expect(await failureOf(lazada.findItem(tokens, { listingId: 'l', skus: honeyListing([]).skus }, now - 7201_000))).toMatchObject({ kind: 'rejected', details: { code: 'InvalidTimestamp' } })
    await expect(lazada.findItem(tokens, { listingId: 'l', skus: honeyListing([]).skus }, now - 7000_000)).resolves.toBeNull()
  })
})

describe('answers the fake never gives (scripted through an axios adapter)', () => {
  function scripted(status: number, body: string, headers: Record<string, string> = {}): MarketplaceConnector {
    const adapter: AxiosAdapter = async (config) => ({ status, statusText: '', data: body, headers: new AxiosHeaders(headers), config })
    return connector({ http: axios.create({ adapter }) })
  }
  const tokens: ShopTokens = { accessToken: 'a', accessExpiresAt: T0 + DAY, refreshToken: 'r', refreshExpiresAt: null, shopId: '1' }
  const find = (c: MarketplaceConnector, at = T0) => failureOf(c.findItem(tokens, { listingId: 'l', skus: honeyListing([]).skus }, at))

  it('a bare HTTP 429 waits for the next second; an HTTP-date Retry-After is honoured', async () => {
    expect(await find(scripted(429, ''), T0 + 350)).toMatchObject({ kind: 'rate_limited', details: { retryAfterMs: 650 } })
    expect(await find(scripted(429, '', { 'retry-after': new Date(T0 + 5000).toUTCString() }))).toMatchObject({ kind: 'rate_limited', details: { retryAfterMs: 5000 } })
  })

  it('gateway pages: 502 is transient, 404 rejected, a 200 that is not JSON transient', async () => {
    expect(await find(scripted(502, '<html>Bad Gateway</html>'))).toMatchObject({ kind: 'transient', details: { httpStatus: 502 } })
    expect(await find(scripted(404, '<html>Not Found</html>'))).toMatchObject({ kind: 'rejected', details: { httpStatus: 404 } })
    expect(await find(scripted(200, '<html>captive portal</html>'))).toMatchObject({ kind: 'transient', details: { code: 'unexpected_response' } })
  })

  it('SYSTEM errors and rate-limit code 901 are classified by code and type', async () => {
    expect(await find(scripted(200, JSON.stringify({ type: 'SYSTEM', code: 'X', message: 'platform error', request_id: 'r' })))).toMatchObject({ kind: 'transient' })
    expect(await find(scripted(200, JSON.stringify({ type: 'ISV', code: '901', message: 'Limit service request speed in server side temporarily.', request_id: 'r' })), T0 + 900)).toMatchObject({
      kind: 'rate_limited',
      details: { code: '901', retryAfterMs: 100 },
    })
  })

  it('refuses to round an item id that JSON has already made imprecise', async () => {
    const c = scripted(200, '{"code":"0","data":{"products":[{"item_id":90071992547409931,"skus":[{"SellerSku":"MO-500","SkuId":1}]}]},"request_id":"r"}')
    expect(await find(c)).toMatchObject({ kind: 'transient', details: { code: 'unexpected_response' } })
  })

  it('tokens answered with string lifetimes and the refresh answer shape are both read', async () => {
    const body = { access_token: 'A2', refresh_token: 'R2', expires_in: '600', refresh_expires_in: 0, country_user_info_list: [{ country: 'VN', seller_id: 200099, user_id: 1 }], code: '0' }
    const refreshed = await scripted(200, JSON.stringify(body)).refresh(tokens, T0)
    // refresh_expires_in = 0: "the token cannot be refreshed" — it is expired as of now.
    expect(refreshed).toEqual({ accessToken: 'A2', accessExpiresAt: T0 + 600_000, refreshToken: 'R2', refreshExpiresAt: T0, shopId: '200099' })
  })
})

describe('pulling orders', () => {
  function seedHoneyOrders(count: number, firstUpdate: number): string[] {
    const ids: string[] = []
    for (let i = 0; i < count; i++) {
      ids.push(
        fake.seedOrder({
          createdAt: firstUpdate + i * 10_000 - 60_000,
          updatedAt: firstUpdate + i * 10_000,
          status: i % 3 === 0 ? 'unpaid' : 'pending',
          lines: [
            { sku: 'MO-500', name: 'Mật ong 500 g', unitPrice: 185_000, quantity: 2 },
            { sku: 'MO-250', name: 'Mật ong 250 g', unitPrice: 99_000 },
          ],
          shippingFee: 30_000,
          voucher: 20_000,
          buyer: { firstName: 'Trần Văn', lastName: 'Bình', phone: '84987654321', address1: '5 Lê Lợi', district: 'Phường Bến Thành', city: 'Hồ Chí Minh' },
        }),
      )
    }
    return ids
  }

  it('walks the pages of a window with offset paging and maps orders, lines and amounts', async () => {
    const tokens = await authorise()
    const ids = seedHoneyOrders(60, T0 - 3600_000)

    const first = await lazada.pullOrders(tokens, null, T0 - 2 * 3600_000, now)
    expect(first.orders).toHaveLength(50)
    expect(first.more).toBe(true)
    const second = await lazada.pullOrders(tokens, first.cursor, T0 - 2 * 3600_000, now)
    expect(second.orders).toHaveLength(10)
    expect(second.more).toBe(false)
    expect([...first.orders, ...second.orders].map((o) => o.externalId)).toEqual(ids)

    const order = first.orders[1]
    expect(order).toEqual({
      externalId: ids[1],
      status: 'pending',
      state: 'to_ship',
      createdAt: new Date(T0 - 3600_000 + 10_000 - 60_000).toISOString(),
      updatedAt: new Date(T0 - 3600_000 + 10_000).toISOString(),
      buyerName: 'Trần Văn Bình',
      buyerPhone: '84987654321',
      addressText: '5 Lê Lợi, Phường Bến Thành, Hồ Chí Minh',
      // price 2 × 185 000 + 99 000, minus the voucher, plus shipping.
      totalVnd: 469_000 - 20_000 + 30_000,
      shippingFeeVnd: 30_000,
      lines: [
        { sku: 'MO-500', quantity: 2, unitPriceVnd: 185_000, name: 'Mật ong 500 g' },
        { sku: 'MO-250', quantity: 1, unitPriceVnd: 99_000, name: 'Mật ong 250 g' },
      ],
      trackingCode: null,
    })
    expect(first.orders[0]?.state).toBe('unpaid')
    // Two calls per page: the orders, then their lines in one GetMultipleOrderItems call.
    expect(fake.requests.map((r) => r.apiPath).filter((p) => p.startsWith('/orders'))).toEqual(['/orders/get', '/orders/items/get', '/orders/get', '/orders/items/get'])
    expect(fake.requests.find((r) => r.apiPath === '/orders/get')?.params).toMatchObject({ update_after: lazadaTime(T0 - 2 * 3600_000), sort_by: 'updated_at', sort_direction: 'ASC', limit: '50' })
  })

  it('starts the next window before the newest change seen, so a late change is never missed', async () => {
    const tokens = await authorise()
    const ids = seedHoneyOrders(3, T0 - 3600_000)
    let page = await lazada.pullOrders(tokens, null, T0 - 2 * 3600_000, now)
    expect(page.more).toBe(false)
    expect(page.orders).toHaveLength(3)

    // The next pull overlaps the last window: the same orders come again (import is idempotent).
    const again = await lazada.pullOrders(tokens, page.cursor, T0 - 2 * 3600_000, now)
    expect(again.orders.map((o) => o.externalId)).toEqual(ids)
    expect(fake.requests.filter((r) => r.apiPath === '/orders/get').at(-1)?.params.update_after).toBe(lazadaTime(T0 - 3600_000 + 20_000 - LAZADA_ORDER_OVERLAP_MS))

    // An order changed after the pull shows up in the next one with its new state.
    now = T0 + 5 * 60_000
    fake.setOrderStatus(ids[0] ?? '', 'shipped', { trackingCode: 'LEXVN0012345678' })
    const late = fake.seedOrder({ createdAt: now, status: 'pending', lines: [{ sku: 'MO-250', unitPrice: 99_000 }] })
    page = await lazada.pullOrders(tokens, again.cursor, T0 - 2 * 3600_000, now)
    const seen = new Map(page.orders.map((o) => [o.externalId, o]))
    expect(seen.get(ids[0] ?? '')).toMatchObject({ state: 'shipped', trackingCode: 'LEXVN0012345678' })
    expect(seen.get(late)).toMatchObject({ state: 'to_ship', totalVnd: 99_000 })
  })

  it('answers an empty page without asking for lines, and keeps the window where it was', async () => {
    const tokens = await authorise()
    const page = await lazada.pullOrders(tokens, null, T0 - 3600_000, now)
    expect(page).toMatchObject({ orders: [], more: false })
    expect(fake.requests.filter((r) => r.apiPath === '/orders/items/get')).toHaveLength(0)
    const next = await lazada.pullOrders(tokens, page.cursor, T0 - 3600_000, now)
    expect(fake.requests.at(-1)?.params.update_after).toBe(lazadaTime(T0 - 3600_000))
    expect(next.orders).toEqual([])
  })

  it('refuses a cursor it did not write', async () => {
    const tokens = await authorise()
    expect(await failureOf(lazada.pullOrders(tokens, 'page=2', T0, now))).toMatchObject({ kind: 'rejected', details: { code: 'bad_cursor' } })
  })
})

describe('reading Lazada statuses, times and text', () => {
  it('maps item statuses onto one order state', () => {
    expect(lazadaOrderState(['unpaid'])).toBe('unpaid')
    expect(lazadaOrderState(['pending'])).toBe('to_ship')
    expect(lazadaOrderState(['packed', 'ready_to_ship'])).toBe('to_ship')
    expect(lazadaOrderState(['shipped', 'delivered'])).toBe('shipped')
    expect(lazadaOrderState(['delivered'])).toBe('delivered')
    expect(lazadaOrderState(['confirmed'])).toBe('completed')
    expect(lazadaOrderState(['canceled', 'shipped'])).toBe('shipped')
    expect(lazadaOrderState(['canceled'])).toBe('cancelled')
    expect(lazadaOrderState(['returned', 'canceled'])).toBe('returned')
    expect(lazadaOrderState(['failed_delivery'])).toBe('returned')
    expect(lazadaOrderState(['lost_by_3pl'])).toBe('returned')
    expect(lazadaOrderState(['something_new'])).toBe('to_ship')
    expect(lazadaOrderState([])).toBe('to_ship')
  })

  it('writes times the way GetOrders wants them, on the Vietnam clock', () => {
    expect(lazadaTime(Date.UTC(2023, 9, 17, 17, 0, 1, 999))).toBe('2023-10-18T00:00:01+07:00')
  })

  it('turns a plain-text description into escaped HTML paragraphs', () => {
    expect(lazadaDescriptionHtml('Dòng 1\r\nDòng 2\n\n\nA & <b>')).toBe('<p>Dòng 1<br/>Dòng 2</p><p>A &amp; &lt;b&gt;</p>')
  })
})

describe('random faults from a seeded PRNG, driven the way the outbox drives them', () => {
  it('publishes each listing exactly once and lands stock and price, whatever fails on the way', async () => {
    const tokens0 = await authorise()
    const images = await hostedImages(tokens0, 1)
    const listings = Array.from({ length: 5 }, (_, n) =>
      honeyListing(images, {
        listingId: `lst_${n}`,
        skus: honeyListing(images).skus.map((s) => ({ ...s, sku: `${s.sku}-${n}` })),
      }),
    )
    const flaky = connector({ timeoutMs: 150 })
    fake.setMisbehaviour({ failRate: { rate429: 0.2, rate5xx: 0.2, rateTimeout: 0.15, seed: 20260310 }, dropResponseAfterCreate: 2 })
    const random = seededRandom(42)
    let tokens = tokens0

    // A job is retried after each failure as outbox-policy says; after a transient failure the
    // create is uncertain and findItem is asked first, as the outbox does.
    async function run<T>(job: (uncertain: boolean) => Promise<T>): Promise<T> {
      let attempts = 0
      let uncertain = false
      let refreshed = false
      for (;;) {
        try {
          return await job(uncertain)
        } catch (error) {
          if (!(error instanceof ConnectorFailure)) throw error
          attempts += error.kind === 'rate_limited' ? 0 : 1
          if (error.kind === 'transient') uncertain = true
          const step = nextStep(error, attempts, refreshed, random, { baseMs: 1, capMs: 1, maxAttempts: 40, rateLimitDefaultMs: 1, uncertainMinMs: 1 })
          if (step.kind === 'dead') throw error
          if (step.kind === 'refresh_then_retry') {
            tokens = await lazada.refresh(tokens, now)
            refreshed = true
          }
        }
      }
    }

    for (const listing of listings) {
      const item = await run(async (uncertain) => {
        if (uncertain) {
          const found = await flaky.findItem(tokens, listing, now)
          if (found) return found
        }
        return flaky.createItem(tokens, listing, now)
      })
      await run(() => flaky.updateStock(tokens, item.itemId, listing.skus.map((s) => ({ sku: s.sku, externalSkuId: item.skuIds[s.sku] ?? null, quantity: 7 })), now))
      await run(() => flaky.updatePrice(tokens, item.itemId, listing.skus.map((s) => ({ sku: s.sku, externalSkuId: null, priceVnd: 150_000 })), now))
    }

    expect(fake.createCalls).toBe(listings.length)
    expect(fake.items()).toHaveLength(listings.length)
    for (const item of fake.items()) expect(item.skus.map((s) => [s.quantity, s.price])).toEqual([[7, 150_000], [7, 150_000]])
    // The seed is chosen so that every kind of fault happened, lost creates included.
    const faults = new Set(fake.requests.map((r) => r.fault))
    for (const fault of ['timeout', 'rate_limit', 'server_error', 'dropped'] as const) expect(faults).toContain(fault)
  })
})
