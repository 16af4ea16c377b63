// The TikTok Shop connector against the local fake of test/fakes/tiktok-shop.ts, which checks
// signatures, timestamps, tokens, shop ciphers and fields on its own (it shares no code with the
// connector). Each test authorises a shop and builds what it needs from a reset fake.
import { createHmac } from 'node:crypto'
import { createServer, type AddressInfo } from 'node:net'
import axios from 'axios'
import sharp from 'sharp'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFakeTiktokShop, type FakeTiktokShop, type FakeTiktokShopOptions } from '../../../../test/fakes/tiktok-shop'
import { ConnectorFailure, type ListingPayload, type MarketplaceConnector, type ShopTokens, type UploadedImage } from '../connector'
import { nextStep } from '../outbox-policy'
import {
  createTikTokConnector,
  descriptionToHtml,
  gramsToKilogramText,
  mapOrderStatus,
  ORDER_PAGE_SIZE,
  ORDER_WINDOW_OVERLAP_SECONDS,
  parseVndAmount,
  TIKTOK_RATE_LIMIT_WAIT_MS,
  type TikTokConnectorOptions,
} from './tiktok.connector'

const START = Date.parse('2025-06-02T02:00:00.000Z') // 09:00 in Hà Nội
const HOUR = 3_600_000
let now = START
let fake: FakeTiktokShop
let connector: MarketplaceConnector
let jpeg: Buffer
const http = axios.create()

function connectorFor(target: FakeTiktokShop, over: Partial<TikTokConnectorOptions> = {}): MarketplaceConnector {
  return createTikTokConnector({
    http,
    hosts: { apiBase: target.url, authBase: target.servicesUrl, tokenBase: target.authUrl },
    app: target.app,
    timeoutMs: 2_000,
    ...over,
  })
}

async function startFake(options: FakeTiktokShopOptions = {}): Promise<FakeTiktokShop> {
  return startFakeTiktokShop({ clock: () => now, redirectUrl: 'http://127.0.0.1:9/tiktok/callback', ...options })
}

beforeAll(async () => {
  fake = await startFake()
  connector = connectorFor(fake)
  jpeg = await sharp({ create: { width: 800, height: 800, channels: 3, background: '#f4f1e8' } }).jpeg({ quality: 70 }).toBuffer()
})
afterAll(() => fake.close())
beforeEach(() => {
  now = START
  fake.reset()
})

async function authorised(target = connector, shop = fake): Promise<ShopTokens> {
  return target.exchangeCode({ code: shop.authorizeCode(), state: 'st-1' }, now)
}

async function uploaded(tokens: ShopTokens): Promise<UploadedImage> {
  return connector.uploadImage(tokens, { bytes: jpeg, fileName: 'che-tan-cuong.jpg' }, now)
}

function listing(images: readonly UploadedImage[], over: Partial<ListingPayload> = {}): ListingPayload {
  return {
    listingId: 'lst_01JX5TIKTOK00000000000001',
    title: 'Chè búp Tân Cương Thái Nguyên OCOP 4 sao hộp 500 g',
    description: 'Chè búp hái tay.\nSao thủ công.\n\nBảo quản nơi khô ráo & thoáng mát <tránh nắng>.',
    categoryId: '700645',
    attributes: { '100392': 'Thái Nguyên', '100107': '1001533' },
    brandId: null,
    images,
    skus: [
      { sku: 'CHE-TC-500', priceVnd: 250_000, quantity: 40, optionLabel: 'Hộp 500 g', weightGrams: 550, barcode: '8938505974012' },
      { sku: 'CHE-TC-200', priceVnd: 110_000, quantity: 25, optionLabel: 'Túi 200 g', weightGrams: 230, barcode: null },
    ],
    ...over,
  }
}

async function failureOf(promise: Promise<unknown>): Promise<ConnectorFailure> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof ConnectorFailure)) throw new Error(`expected a ConnectorFailure, got ${String(error)}`)
  return error
}

// ----------------------------------------------------------------------------------------------

describe('authorisation', () => {
  it('sends the seller to the services page, whose "Đồng ý" link brings back a code that becomes tokens and a shop cipher', async () => {
    const url = new URL(connector.authorizeUrl('http://ignored.invalid/cb', 'csrf-9f2', now))
    expect(url.origin + url.pathname).toBe(`${fake.servicesUrl}/open/authorize`)
    expect(Object.fromEntries(url.searchParams)).toEqual({ service_id: fake.app.serviceId, state: 'csrf-9f2' })

    const page = await http.get<string>(url.href, { responseType: 'text' })
    const href = /<a id="approve" href="([^"]+)">Đồng ý<\/a>/.exec(page.data)?.[1]?.replace(/&#38;/g, '&')
    expect(href).toBeDefined()
    const redirect = new URL(href as string)
    expect(redirect.origin + redirect.pathname).toBe(fake.redirectUrl)
    expect(redirect.searchParams.get('state')).toBe('csrf-9f2')

    const tokens = await connector.exchangeCode(Object.fromEntries(redirect.searchParams), now)
    expect(tokens.shopId).toBe(fake.shops[0]?.id)
    expect(tokens.shopCipher).toBe(fake.shops[0]?.cipher)
    // expire_in values are absolute Unix times: 7 days and 365 days from the fake's now.
    expect(tokens.accessExpiresAt).toBe(Math.floor(now / 1000) * 1000 + 7 * 24 * HOUR)
    expect(tokens.refreshExpiresAt).toBe(Math.floor(now / 1000) * 1000 + 365 * 24 * HOUR)

    const [tokenCall, shopsCall] = fake.requests.filter((r) => r.host !== 'services')
    expect(tokenCall).toMatchObject({ host: 'auth', method: 'GET', path: '/api/v2/token/get', query: { grant_type: 'authorized_code', app_key: fake.app.appKey } })
    expect(shopsCall).toMatchObject({ host: 'api', path: '/authorization/202309/shops', accessToken: tokens.accessToken, httpStatus: 200, code: 0 })
    expect(shopsCall?.query.shop_cipher).toBeUndefined()
  })

  it('refuses a code used twice, as TikTok (auth codes work once)', async () => {
    const code = fake.authorizeCode()
    await connector.exchangeCode({ code }, now)
    const failure = await failureOf(connector.exchangeCode({ code }, now))
    expect(failure.kind).toBe('rejected')
    expect(failure.details.code).toBe('36004005')
  })

  it('refuses an auth code older than 30 minutes', async () => {
    const code = fake.authorizeCode()
    now += 31 * 60_000
    expect((await failureOf(connector.exchangeCode({ code }, now))).kind).toBe('rejected')
  })

  it('refreshes into a new token pair; the old refresh token is then spent', async () => {
    const first = await authorised()
    now += 6 * 24 * HOUR
    const second = await connector.refresh(first, now)
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(second.refreshToken).not.toBe(first.refreshToken)
    expect(second).toMatchObject({ shopId: first.shopId, shopCipher: first.shopCipher, accessExpiresAt: Math.floor(now / 1000) * 1000 + 7 * 24 * HOUR })
    expect(await connector.findItem(second, { listingId: 'x', skus: [] }, now)).toBeNull()
    expect(await connector.findItem(second, { listingId: 'x', skus: [{ sku: 'NONE', priceVnd: 1, quantity: 0, optionLabel: null, weightGrams: null, barcode: null }] }, now)).toBeNull()

    const reused = await failureOf(connector.refresh(first, now))
    expect(reused.kind).toBe('auth')
    expect(reused.details.code).toBe('36004005')
  })

  it('looks the shop cipher up again when refreshing tokens stored without one', async () => {
    const { shopCipher: _dropped, ...withoutCipher } = await authorised()
    const refreshed = await connector.refresh(withoutCipher, now)
    expect(refreshed.shopCipher).toBe(fake.shops[0]?.cipher)
  })

  it('turns an expired access token into "auth", and works again after a refresh', async () => {
    const tokens = await authorised()
    fake.expireTokens()
    const failure = await failureOf(uploaded(tokens))
    expect(failure).toMatchObject({ kind: 'auth', details: { code: '105002' } })
    const fresh = await connector.refresh(tokens, now)
    expect((await uploaded(fresh)).ref).toMatch(/^tos-/)
  })

  it('cannot build a link without the service id', () => {
    const bare = createTikTokConnector({ http, hosts: { apiBase: fake.url, authBase: fake.servicesUrl }, app: { appKey: 'k', appSecret: 's' } })
    expect(() => bare.authorizeUrl('http://x.invalid', 's', now)).toThrow(ConnectorFailure)
  })
})

// ----------------------------------------------------------------------------------------------

describe('images', () => {
  it('uploads a JPEG as a multipart MAIN_IMAGE without shop_cipher', async () => {
    const tokens = await authorised()
    const image = await uploaded(tokens)
    const [stored] = fake.images()
    expect(image).toEqual({ ref: stored?.uri, url: stored?.url })
    expect(stored).toMatchObject({ use_case: 'MAIN_IMAGE', format: 'JPEG', width: 800, height: 800 })
    const call = fake.requests.find((r) => r.path === '/product/202309/images/upload')
    expect(call?.contentType).toMatch(/^multipart\/form-data; boundary=/)
    expect(call?.query.shop_cipher).toBeUndefined()
  })

  it('refuses what is not an image, or is over 10 MB, before sending anything', async () => {
    const tokens = await authorised()
    const before = fake.requests.length
    expect(await failureOf(connector.uploadImage(tokens, { bytes: Buffer.from('không phải ảnh'), fileName: 'a.txt' }, now))).toMatchObject({
      kind: 'rejected',
      details: { code: 'image_format', field: 'data' },
    })
    const huge = Buffer.concat([jpeg, Buffer.alloc(10 * 1024 * 1024)])
    expect((await failureOf(connector.uploadImage(tokens, { bytes: huge, fileName: 'big.jpg' }, now))).details.code).toBe('image_size')
    expect(fake.requests.length).toBe(before)
  })

  it('passes on the platform refusing a main image smaller than 300 px', async () => {
    const tokens = await authorised()
    const tiny = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#fff' } }).png().toBuffer()
    expect(await failureOf(connector.uploadImage(tokens, { bytes: tiny, fileName: 'tiny.png' }, now))).toMatchObject({ kind: 'rejected', details: { code: '12038014' } })
  })
})

// ----------------------------------------------------------------------------------------------

describe('products', () => {
  it('creates, finds, edits, restocks, reprices and unlists a listing', async () => {
    const tokens = await authorised()
    const image = await uploaded(tokens)
    const payload = listing([image])

    const created = await connector.createItem(tokens, payload, now)
    const [product] = fake.items()
    expect(product).toBeDefined()
    expect(created).toEqual({ itemId: product?.id, skuIds: { 'CHE-TC-500': product?.skus[0]?.id, 'CHE-TC-200': product?.skus[1]?.id } })
    expect(product).toMatchObject({
      status: 'ACTIVATE',
      external_product_id: payload.listingId,
      idempotency_key: payload.listingId,
      package_weight: { value: '0.55', unit: 'KILOGRAM' },
      description: '<p>Chè búp hái tay.<br>Sao thủ công.</p><p>Bảo quản nơi khô ráo &amp; thoáng mát &lt;tránh nắng&gt;.</p>',
      main_images: [{ uri: image.ref }],
      product_attributes: [
        { id: '100107', values: [{ id: '1001533' }] },
        { id: '100392', values: [{ name: 'Thái Nguyên' }] },
      ],
    })
    // The SALES warehouse, not the return one the fake lists first.
    const salesWarehouse = fake.warehouses.find((w) => w.type === 'SALES_WAREHOUSE')?.id
    expect(product?.skus[0]).toMatchObject({
      seller_sku: 'CHE-TC-500',
      price: { amount: '250000', currency: 'VND' },
      inventory: [{ warehouse_id: salesWarehouse, quantity: 40 }],
      sales_attributes: [{ name: 'Phân loại', value_name: 'Hộp 500 g' }],
      identifier_code: { code: '8938505974012', type: 'EAN' },
    })

    expect(await connector.findItem(tokens, payload, now)).toEqual(created)

    // Edit: a new title, one SKU kept by id, one new SKU; the dropped one disappears.
    const withIds = payload.skus.map((s) => ({ ...s, externalSkuId: created.skuIds[s.sku] ?? null }))
    const edited = listing([image], {
      title: 'Chè búp Tân Cương đặc biệt OCOP 4 sao – hộp 500 g',
      skus: [withIds[0] as (typeof withIds)[number], { sku: 'CHE-TC-1KG', priceVnd: 460_000, quantity: 7, optionLabel: 'Túi 1 kg', weightGrams: 1_050, barcode: null }],
    })
    await connector.updateItem(tokens, created.itemId, edited, now)
    const [afterEdit] = fake.items()
    expect(afterEdit?.title).toBe(edited.title)
    expect(afterEdit?.package_weight.value).toBe('1.05')
    expect(afterEdit?.skus.map((s) => [s.seller_sku, s.inventory[0]?.quantity])).toEqual([
      ['CHE-TC-500', 40],
      ['CHE-TC-1KG', 7],
    ])
    expect(afterEdit?.skus[0]?.id).toBe(created.skuIds['CHE-TC-500'])

    // Stock: the 1 kg SKU's id is unknown to us and is looked up; 0 marks it sold out.
    await connector.updateStock(
      tokens,
      created.itemId,
      [
        { sku: 'CHE-TC-500', externalSkuId: created.skuIds['CHE-TC-500'] ?? null, quantity: 12 },
        { sku: 'CHE-TC-1KG', externalSkuId: null, quantity: 0 },
      ],
      now,
    )
    expect(fake.items()[0]?.skus.map((s) => s.inventory)).toEqual([[{ warehouse_id: salesWarehouse, quantity: 12 }], [{ warehouse_id: salesWarehouse, quantity: 0 }]])

    await connector.updatePrice(tokens, created.itemId, [{ sku: 'CHE-TC-1KG', externalSkuId: null, priceVnd: 455_000 }], now)
    expect(fake.items()[0]?.skus[1]?.price).toEqual({ amount: '455000', currency: 'VND' })

    await connector.unlistItem(tokens, created.itemId, now)
    expect(fake.items()[0]?.status).toBe('SELLER_DEACTIVATED')
    // Unlisting again (a retry after a lost answer) is done, not an error.
    await connector.unlistItem(tokens, created.itemId, now)
    // Still found while deactivated: the item exists.
    expect((await connector.findItem(tokens, payload, now))?.itemId).toBe(created.itemId)

    // Published again: Activate Product puts it back on sale.
    await connector.relistItem(tokens, created.itemId, now)
    expect(fake.items()[0]?.status).toBe('ACTIVATE')
    const activations = fake.requests.filter((r) => r.path === '/product/202309/products/activate')
    expect(JSON.parse(activations.at(-1)?.body ?? '{}')).toEqual({ product_ids: [created.itemId] })
    // Already on sale (a retry after a lost answer): TikTok refuses with 12052901, Get Product
    // says ACTIVATE, and that is done, not an error.
    await connector.relistItem(tokens, created.itemId, now)
    expect(fake.items()[0]?.status).toBe('ACTIVATE')
    expect(fake.requests.filter((r) => r.method === 'GET' && r.path === `/product/202309/products/${created.itemId}`)).toHaveLength(1)
    expect(fake.createCalls).toBe(1)
  })

  it('does not call a product on sale when TikTok cannot activate it, and reads an unknown one as not_found', async () => {
    const tokens = await authorised()
    const created = await connector.createItem(tokens, listing([await uploaded(tokens)]), now)
    // A failed audit answers 12052901 like an active product does; Get Product tells them apart.
    fake.setProductStatus(created.itemId, 'FAILED')
    expect(await failureOf(connector.relistItem(tokens, created.itemId, now))).toMatchObject({ kind: 'rejected', details: { code: '12052901', field: 'status' } })
    // Platform-deactivated products can be activated (the spec's own words).
    fake.setProductStatus(created.itemId, 'PLATFORM_DEACTIVATED')
    await connector.relistItem(tokens, created.itemId, now)
    expect(fake.items()[0]?.status).toBe('ACTIVATE')
    // Unknown: 12052990 "check failed" whose nested reason is 12052048.
    expect(await failureOf(connector.relistItem(tokens, '1729384756102938475', now))).toMatchObject({ kind: 'not_found', details: { code: '12052048' } })
  })

  it('creates once when the answer to a create is lost: the retry and findItem return the same product', async () => {
    const tokens = await authorised()
    const payload = listing([await uploaded(tokens)])
    fake.setMisbehaviour({ dropResponseAfterCreate: 1 })

    const lost = await failureOf(connector.createItem(tokens, payload, now))
    expect(lost.kind).toBe('transient')
    expect(fake.createCalls).toBe(1)

    const found = await connector.findItem(tokens, payload, now)
    expect(found?.itemId).toBe(fake.items()[0]?.id)
    const retried = await connector.createItem(tokens, payload, now)
    expect(retried).toEqual(found)
    expect(fake.createCalls).toBe(1)
    expect(fake.items()).toHaveLength(1)
  })

  it('answers a create repeated after the idempotency window with the product that exists', async () => {
    const tokens = await authorised()
    const payload = listing([await uploaded(tokens)])
    const first = await connector.createItem(tokens, payload, now)
    now += 25 * HOUR
    expect(await connector.createItem(tokens, payload, now)).toEqual(first)
    expect(fake.createCalls).toBe(1)
    expect(fake.requests.some((r) => r.code === 12052996)).toBe(true)
  })

  it('sends one SKU without sales attributes, and clamps stock to 0 … 99,999', async () => {
    const tokens = await authorised()
    const single = listing([await uploaded(tokens)], { skus: [{ sku: 'MAT-ONG-1L', priceVnd: 320_000, quantity: 150_000, optionLabel: null, weightGrams: 1_420.2, barcode: null }] })
    const created = await connector.createItem(tokens, single, now)
    expect(fake.items()[0]?.skus[0]).toMatchObject({ sales_attributes: [], inventory: [{ quantity: 99_999 }] })
    expect(fake.items()[0]?.package_weight.value).toBe('1.421')
    await connector.updateStock(tokens, created.itemId, [{ sku: 'MAT-ONG-1L', externalSkuId: created.skuIds['MAT-ONG-1L'] ?? null, quantity: -3 }], now)
    expect(fake.items()[0]?.skus[0]?.inventory[0]?.quantity).toBe(0)
  })

  it('reports a validation error as rejected, with the code and the field', async () => {
    const tokens = await authorised()
    const failure = await failureOf(connector.createItem(tokens, listing([await uploaded(tokens)], { title: 'Chè ngon' }), now))
    expect(failure).toMatchObject({ kind: 'rejected', details: { code: '12052051', field: 'title', httpStatus: 200 } })
    expect(fake.createCalls).toBe(0)
  })

  it('names the SKU field a price error is about', async () => {
    const tokens = await authorised()
    const payload = listing([await uploaded(tokens)])
    const bad = { ...payload, skus: [payload.skus[0] as ListingPayload['skus'][number], { ...(payload.skus[1] as ListingPayload['skus'][number]), priceVnd: 0 }] }
    expect(await failureOf(connector.createItem(tokens, bad, now))).toMatchObject({ kind: 'rejected', details: { code: '12052073', field: 'skus[1].price.amount' } })
  })

  it('refuses a listing without any weight before sending it', async () => {
    const tokens = await authorised()
    const payload = listing([await uploaded(tokens)])
    const weightless = { ...payload, skus: payload.skus.map((s) => ({ ...s, weightGrams: null })) }
    const before = fake.requests.length
    expect(await failureOf(connector.createItem(tokens, weightless, now))).toMatchObject({ kind: 'rejected', details: { code: 'missing_weight', field: 'package_weight' } })
    expect(fake.requests.length).toBe(before)
  })

  it('reports products and SKUs that do not exist as not_found', async () => {
    const tokens = await authorised()
    const missing = '1729000000000099999'
    expect((await failureOf(connector.updatePrice(tokens, missing, [{ sku: 'X', externalSkuId: '1729000000000088888', priceVnd: 1000 }], now))).kind).toBe('not_found')
    expect((await failureOf(connector.updateStock(tokens, missing, [{ sku: 'X', externalSkuId: null, quantity: 1 }], now))).kind).toBe('not_found')
    expect(await failureOf(connector.unlistItem(tokens, missing, now))).toMatchObject({ kind: 'not_found', details: { code: '12052032' } })
    expect((await failureOf(connector.updateItem(tokens, missing, listing([await uploaded(tokens)]), now))).kind).toBe('not_found')

    const created = await connector.createItem(tokens, listing([await uploaded(tokens)]), now)
    const unknownSku = await failureOf(connector.updatePrice(tokens, created.itemId, [{ sku: 'CHE-TC-500', externalSkuId: '1729000000000077777', priceVnd: 1 }], now))
    expect(unknownSku).toMatchObject({ kind: 'not_found', details: { code: '12052557' } })
  })

  it('needs the shop cipher for shop-scoped calls', async () => {
    const { shopCipher: _gone, ...tokens } = await authorised()
    expect(await failureOf(connector.findItem(tokens, { listingId: 'x', skus: listing([]).skus }, now))).toMatchObject({ kind: 'auth', details: { code: 'missing_shop_cipher' } })
  })
})

// ----------------------------------------------------------------------------------------------

describe('failures', () => {
  const probe = (tokens: ShopTokens, c = connector) => c.findItem(tokens, { listingId: 'x', skus: listing([]).skus }, now)

  it('no connection at all → transient and offline: TikTok cannot have seen the call, and the job keeps its attempts', async () => {
    // The port of a server that has just closed: connecting to it is refused, as with no network.
    const gone = createServer()
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve))
    const { port } = gone.address() as AddressInfo
    await new Promise<void>((resolve) => gone.close(() => resolve()))
    const tokens = await authorised()
    const base = `http://127.0.0.1:${port}`
    const offline = connectorFor(fake, { hosts: { apiBase: base, authBase: base, tokenBase: base } })
    const failure = await failureOf(offline.createItem(tokens, listing([{ ref: 'tos-alisg-i-fake-sg/never-sent', url: null }]), now))
    expect(failure).toMatchObject({ kind: 'transient', details: { code: 'ECONNREFUSED', offline: true } })
    expect(failure.message).not.toMatch(/may have taken effect/)
    expect(nextStep({ kind: failure.kind, offline: failure.details.offline }, 8, false, () => 0)).toMatchObject({ kind: 'retry', countsAsAttempt: false })
    // The token host too: a refresh without network waits like any other call.
    expect(await failureOf(offline.refresh(tokens, now))).toMatchObject({ kind: 'transient', details: { offline: true } })
  })

  it('waits as long as Retry-After says on HTTP 429', async () => {
    const tokens = await authorised()
    fake.setMisbehaviour({ rateLimitNext: 1, retryAfterSeconds: 7 })
    expect(await failureOf(probe(tokens))).toMatchObject({ kind: 'rate_limited', details: { retryAfterMs: 7_000, httpStatus: 429, code: '36009002' } })
    expect(await probe(tokens)).toBeNull()
  })

  it('waits one second on HTTP 429 without Retry-After (50 QPS per API)', async () => {
    const tokens = await authorised()
    fake.setMisbehaviour({ rateLimitNext: 1 })
    expect((await failureOf(probe(tokens))).details.retryAfterMs).toBe(TIKTOK_RATE_LIMIT_WAIT_MS)
  })

  it('meets the fake\'s own QPS limit as rate_limited', async () => {
    const strict = await startFake({ qpsLimit: 2 })
    try {
      const c = connectorFor(strict)
      const tokens = await authorised(c, strict)
      await probe(tokens, c)
      await probe(tokens, c)
      expect((await failureOf(probe(tokens, c))).kind).toBe('rate_limited')
      now += 1_000
      expect(await probe(tokens, c)).toBeNull()
    } finally {
      await strict.close()
    }
  })

  it('retries server errors and overload as transient', async () => {
    const tokens = await authorised()
    fake.setMisbehaviour({ serverErrorNext: 1, overloadNext: 1 })
    expect(await failureOf(probe(tokens))).toMatchObject({ kind: 'transient', details: { httpStatus: 503 } })
    expect(await failureOf(probe(tokens))).toMatchObject({ kind: 'transient', details: { httpStatus: 500, code: '36009003' } })
    expect(await probe(tokens)).toBeNull()
  })

  it('gives up on a silent server after the timeout, as transient', async () => {
    const tokens = await authorised()
    const impatient = connectorFor(fake, { timeoutMs: 300 })
    fake.setMisbehaviour({ timeoutNext: 1 })
    const started = Date.now()
    expect(await failureOf(probe(tokens, impatient))).toMatchObject({ kind: 'transient', details: { code: 'timeout' } })
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(await probe(tokens, impatient)).toBeNull()
  })

  it('treats an unreachable host as transient', async () => {
    const gone = await startFake()
    const c = connectorFor(gone)
    const tokens = await authorised(c, gone)
    await gone.close()
    expect((await failureOf(probe(tokens, c))).kind).toBe('transient')
  })

  it('turns an expired-token answer into auth', async () => {
    const tokens = await authorised()
    fake.setMisbehaviour({ expiredTokenNext: 1 })
    expect(await failureOf(probe(tokens))).toMatchObject({ kind: 'auth', details: { code: '105002' } })
  })

  it('reports an invalid sign (a wrong secret: our bug) as rejected, never as auth', async () => {
    const tokens = await authorised()
    const wrong = connectorFor(fake, { app: { ...fake.app, appSecret: 'not-the-secret' } })
    expect(await failureOf(probe(tokens, wrong))).toMatchObject({ kind: 'rejected', details: { code: '106001', field: 'sign' } })
  })

  it('reports a clock outside the timestamp window as rejected', async () => {
    const tokens = await authorised()
    const late = await failureOf(connector.findItem(tokens, { listingId: 'x', skus: listing([]).skus }, now - 6 * 60_000))
    expect(late).toMatchObject({ kind: 'rejected', details: { code: '36009004', field: 'timestamp' } })
    expect((await failureOf(connector.findItem(tokens, { listingId: 'x', skus: listing([]).skus }, now + 31_000))).kind).toBe('rejected')
  })

  it('classifies every answer of a seeded flaky platform as a retryable kind', async () => {
    const tokens = await authorised()
    const impatient = connectorFor(fake, { timeoutMs: 250 })
    fake.setMisbehaviour({ failRate: { rate429: 0.3, rate5xx: 0.3, rateTimeout: 0.1, seed: 42 } })
    const kinds: string[] = []
    for (let i = 0; i < 20; i++) {
      kinds.push(await probe(tokens, impatient).then(
        () => 'ok',
        (e: unknown) => (e instanceof ConnectorFailure ? e.kind : 'other'),
      ))
    }
    expect(new Set(kinds)).toEqual(new Set(['ok', 'rate_limited', 'transient']))
    expect(kinds.filter((k) => k === 'ok').length).toBeGreaterThan(0)
  })
})

// ----------------------------------------------------------------------------------------------

describe('orders', () => {
  const seconds = (ms: number) => Math.floor(ms / 1000)

  function seedOrders(count: number, from: number): string[] {
    return Array.from({ length: count }, (_, i) =>
      fake.seedOrder({
        status: 'AWAITING_SHIPMENT',
        createTime: seconds(from) + i * 30,
        lines: [{ sellerSku: 'CHE-TC-500', productName: 'Chè búp Tân Cương', salePrice: 250_000, quantity: 1 }],
        shippingFee: 18_000,
      }),
    )
  }

  it('pages through a window with page_token and finds every order once', async () => {
    const tokens = await authorised()
    const ids = seedOrders(120, START - 2 * HOUR)
    const seen: string[] = []
    let cursor: string | null = null
    const pages: number[] = []
    for (;;) {
      const page = await connector.pullOrders(tokens, cursor, START - 3 * HOUR, now)
      seen.push(...page.orders.map((o) => o.externalId))
      pages.push(page.orders.length)
      cursor = page.cursor
      if (!page.more) break
    }
    expect(pages).toEqual([ORDER_PAGE_SIZE, ORDER_PAGE_SIZE, 120 - 2 * ORDER_PAGE_SIZE])
    expect(seen).toEqual(ids)
    const calls = fake.requests.filter((r) => r.path === '/order/202309/orders/search')
    expect(calls.map((c) => c.query.page_token !== undefined)).toEqual([false, true, true])
    expect(calls.every((c) => c.query.sort_field === 'update_time' && c.query.sort_order === 'ASC')).toBe(true)
    // The window is pinned while it is paged.
    expect(new Set(calls.map((c) => c.body)).size).toBe(1)
    expect(JSON.parse(calls[0]?.body ?? '{}')).toEqual({ update_time_ge: seconds(START - 3 * HOUR), update_time_lt: seconds(START) })
  })

  it('maps an order: states, unit lines counted, amounts in đồng, address only once paid', async () => {
    const tokens = await authorised()
    fake.seedOrder({
      id: '576461413038785752',
      status: 'IN_TRANSIT',
      createTime: seconds(START - HOUR),
      updateTime: seconds(START - 30 * 60_000),
      lines: [
        { sellerSku: 'CHE-TC-500', skuId: '1729000000000000011', productName: 'Chè búp Tân Cương', skuName: 'Hộp 500 g', salePrice: 250_000, quantity: 3 },
        { sellerSku: 'MAT-ONG-1L', productName: 'Mật ong rừng U Minh', salePrice: 320_000, quantity: 1 },
      ],
      shippingFee: 22_000,
      buyerName: 'Trần Thị Bích',
      buyerPhone: '(+84)98***4321',
      fullAddress: '45 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội',
      trackingNumber: 'GHN0123456789',
    })
    fake.seedOrder({ id: '576461413038785753', status: 'UNPAID', createTime: seconds(START - HOUR), lines: [{ sellerSku: 'CHE-TC-200', productName: 'Chè túi', salePrice: 110_000, quantity: 1 }] })
    const page = await connector.pullOrders(tokens, null, START - 2 * HOUR, now)
    const [unpaid, shipped] = [...page.orders].sort((a, b) => (a.status < b.status ? 1 : -1))
    expect(shipped).toEqual({
      externalId: '576461413038785752',
      status: 'IN_TRANSIT',
      state: 'shipped',
      createdAt: new Date(seconds(START - HOUR) * 1000).toISOString(),
      updatedAt: new Date(seconds(START - 30 * 60_000) * 1000).toISOString(),
      buyerName: 'Trần Thị Bích',
      buyerPhone: '(+84)98***4321',
      addressText: '45 Lý Thường Kiệt, Hoàn Kiếm, Hà Nội',
      totalVnd: 3 * 250_000 + 320_000 + 22_000,
      shippingFeeVnd: 22_000,
      lines: [
        { sku: 'CHE-TC-500', quantity: 3, unitPriceVnd: 250_000, name: 'Chè búp Tân Cương (Hộp 500 g)' },
        { sku: 'MAT-ONG-1L', quantity: 1, unitPriceVnd: 320_000, name: 'Mật ong rừng U Minh' },
      ],
      trackingCode: 'GHN0123456789',
    })
    expect(unpaid).toMatchObject({ state: 'unpaid', buyerName: null, addressText: null, totalVnd: 110_000, trackingCode: null })
  })

  it('starts the next window before the last one ended, and sees orders updated since', async () => {
    const tokens = await authorised()
    const [early, lateInWindow] = [
      fake.seedOrder({ status: 'AWAITING_SHIPMENT', createTime: seconds(START - HOUR), lines: [{ sellerSku: 'A', productName: 'A', salePrice: 1_000, quantity: 1 }] }),
      fake.seedOrder({ status: 'AWAITING_SHIPMENT', createTime: seconds(START - 2 * 60_000), lines: [{ sellerSku: 'B', productName: 'B', salePrice: 2_000, quantity: 1 }] }),
    ]
    const first = await connector.pullOrders(tokens, null, START - 2 * HOUR, now)
    expect(first.orders.map((o) => o.externalId)).toEqual([early, lateInWindow])
    expect(first.more).toBe(false)

    now = START + 10 * 60_000
    fake.seedOrder({ id: early, status: 'COMPLETED', createTime: seconds(START - HOUR), updateTime: seconds(START + 5 * 60_000), lines: [{ sellerSku: 'A', productName: 'A', salePrice: 1_000, quantity: 1 }] })
    const fresh = fake.seedOrder({ status: 'UNPAID', createTime: seconds(START + 8 * 60_000), lines: [{ sellerSku: 'C', productName: 'C', salePrice: 3_000, quantity: 1 }] })
    const second = await connector.pullOrders(tokens, first.cursor, START - 2 * HOUR, now)
    // lateInWindow again (inside the overlap), early with its new state, and the new order.
    expect(second.orders.map((o) => [o.externalId, o.state])).toEqual([
      [lateInWindow, 'to_ship'],
      [early, 'completed'],
      [fresh, 'unpaid'],
    ])
    const body = JSON.parse(fake.requests.filter((r) => r.path === '/order/202309/orders/search').at(-1)?.body ?? '{}') as Record<string, number>
    expect(body).toEqual({ update_time_ge: seconds(START) - ORDER_WINDOW_OVERLAP_SECONDS, update_time_lt: seconds(now) })
  })

  it('restarts from sinceMs when the stored cursor cannot be read', async () => {
    const tokens = await authorised()
    seedOrders(2, START - HOUR)
    const page = await connector.pullOrders(tokens, 'not a cursor', START - 2 * HOUR, now)
    expect(page.orders).toHaveLength(2)
  })

  it('refuses an order in another currency rather than misreading its amounts', async () => {
    const tokens = await authorised()
    fake.seedOrder({ status: 'COMPLETED', currency: 'THB', createTime: seconds(START - HOUR), lines: [{ sellerSku: 'A', productName: 'A', salePrice: 100, quantity: 1 }] })
    expect(await failureOf(connector.pullOrders(tokens, null, START - 2 * HOUR, now))).toMatchObject({ kind: 'rejected', details: { code: 'currency' } })
  })
})

// ----------------------------------------------------------------------------------------------

describe('mappings', () => {
  it('maps every TikTok order status and refuses to guess an unknown one', () => {
    expect(
      Object.fromEntries(
        ['UNPAID', 'ON_HOLD', 'AWAITING_SHIPMENT', 'PARTIALLY_SHIPPING', 'AWAITING_COLLECTION', 'IN_TRANSIT', 'DELIVERED', 'COMPLETED', 'CANCELLED'].map((s) => [s, mapOrderStatus(s)]),
      ),
    ).toEqual({
      UNPAID: 'unpaid',
      ON_HOLD: 'to_ship',
      AWAITING_SHIPMENT: 'to_ship',
      PARTIALLY_SHIPPING: 'to_ship',
      AWAITING_COLLECTION: 'to_ship',
      IN_TRANSIT: 'shipped',
      DELIVERED: 'delivered',
      COMPLETED: 'completed',
      CANCELLED: 'cancelled',
    })
    expect(() => mapOrderStatus('RETURNED_TO_SENDER')).toThrow(ConnectorFailure)
  })

  it('reads money strings as whole đồng', () => {
    expect([parseVndAmount('125000'), parseVndAmount('125000.00'), parseVndAmount('99.5'), parseVndAmount(undefined), parseVndAmount(42)]).toEqual([125_000, 125_000, 100, 0, 42])
    expect(() => parseVndAmount('1,000')).toThrow(ConnectorFailure)
  })

  it('writes weights in kilograms with at most three decimals, rounding up', () => {
    expect([550, 1_000, 1_050, 1_420.2, 7].map(gramsToKilogramText)).toEqual(['0.55', '1', '1.05', '1.421', '0.007'])
  })

  it('turns plain text into escaped paragraphs', () => {
    expect(descriptionToHtml('Dòng 1\r\nDòng 2\n\n\nĐoạn <2> "x"')).toBe('<p>Dòng 1<br>Dòng 2</p><p>Đoạn &lt;2&gt; &quot;x&quot;</p>')
  })
})

// ----------------------------------------------------------------------------------------------

describe('the fake checks requests the way the reference says', () => {
  // Signed here with a few lines of node:crypto, not with ./signing, so the fake's checks are
  // tested on their own.
  function signed(path: string, query: Record<string, string>, body: string, secret = fake.app.appSecret): string {
    const keys = Object.keys(query).sort()
    const input = secret + path + keys.map((k) => k + query[k]).join('') + body + secret
    const sign = createHmac('sha256', secret).update(input).digest('hex')
    return `${fake.url}${path}?${new URLSearchParams({ ...query, sign }).toString()}`
  }
  const ts = () => String(Math.floor(now / 1000))
  const post = (url: string, body: string, token: string) =>
    http.post<string>(url, body, { headers: { 'content-type': 'application/json', 'x-tts-access-token': token }, responseType: 'text', transformResponse: [(d: unknown) => d], validateStatus: () => true })
  const codeOf = (data: string) => (JSON.parse(data) as { code: number }).code

  it('accepts its own reading of a correctly signed call and refuses a tampered body', async () => {
    const tokens = await authorised()
    const query = { app_key: fake.app.appKey, timestamp: ts(), shop_cipher: tokens.shopCipher ?? '', page_size: '10' }
    const body = '{"seller_skus":["CHE-TC-500"]}'
    const url = signed('/product/202309/products/search', query, body)
    expect(codeOf((await post(url, body, tokens.accessToken)).data)).toBe(0)
    expect(codeOf((await post(url, body.replace('500', '200'), tokens.accessToken)).data)).toBe(106001)
  })

  it('wants shop_cipher on shop-scoped calls only', async () => {
    const tokens = await authorised()
    const base = { app_key: fake.app.appKey, timestamp: ts(), page_size: '10' }
    expect(codeOf((await post(signed('/product/202309/products/search', base, '{}'), '{}', tokens.accessToken)).data)).toBe(106013)
    const shops = await http.get<string>(signed('/authorization/202309/shops', { app_key: fake.app.appKey, timestamp: ts(), shop_cipher: tokens.shopCipher ?? '' }, ''), {
      headers: { 'content-type': 'application/json', 'x-tts-access-token': tokens.accessToken },
      responseType: 'text',
      transformResponse: [(d: unknown) => d],
    })
    expect(JSON.parse(shops.data)).toMatchObject({ code: 36009004, message: expect.stringContaining('Unexpected identifier') })
  })

  it('refuses a missing or unknown access token', async () => {
    const url = signed('/authorization/202309/shops', { app_key: fake.app.appKey, timestamp: ts() }, '')
    const answer = await http.get<string>(url, { headers: { 'content-type': 'application/json', 'x-tts-access-token': 'TTP_forged' }, responseType: 'text', transformResponse: [(d: unknown) => d] })
    expect(JSON.parse(answer.data)).toMatchObject({ code: 36009004, message: expect.stringContaining('x-tts-access-token') })
  })
})
