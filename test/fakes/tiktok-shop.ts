/**
 * A fake TikTok Shop Partner API (version 202309 paths) for tests and demos: three small
 * node:http servers standing in for TikTok's three hosts —
 *
 *   url          the API host (open-api.tiktokglobalshop.com): authorised shops, images,
 *                warehouses, products, orders;
 *   authUrl      the token host (auth.tiktok-shops.com): /api/v2/token/get and /refresh;
 *   servicesUrl  the authorisation page (services.tiktokshop.com): /open/authorize.
 *
 * Every rule is implemented here from shared/reference/marketplaces-ocop.md §3 and the stored
 * TikTok reference it cites (lazykern/ecommerce-api-docs: TT-GUIDE sign-your-api-request,
 * common-parameters, common-errors, rate-limits, authorization-guide-202309; TT-RAW specs of
 * each endpoint), on purpose NOT shared with the app's connector in src/main/publishing/tiktok:
 * the fake exists to check that code, so the two meet only at the wire format.
 *
 * Checks on every API call, in this order: a known path and method (36009009 / 36009010), the
 * app_key (36009004), a sign (36009004 when missing), the timestamp window of the fake's clock
 * (now − 5 min … now + 30 s, 36009004), the sign itself (106001), the x-tts-access-token header
 * (36009004 unknown, 105002 expired), shop_cipher (106013 missing on shop-scoped APIs, 36009004
 * when sent to one that takes none, 101000 when it is not the token's shop), the content type
 * (36009022 / 36009023), the 50 QPS limit per API per app+shop (HTTP 429, 36009002), then the
 * endpoint's own required fields and rules with the error codes its spec lists.
 *
 * Choices the reference leaves open, made here and relied on by the tests:
 * - Business errors answer HTTP 200 with a non-zero `code`; only the rate limit (429), overload
 *   (503), internal errors (500), unknown paths (404) and methods (405) use other statuses.
 * - Messages that name a field put it in backticks (`title`), the way the common-errors page
 *   writes `shop_cipher`; TikTok's exact wording for each field is not in the reference.
 * - The token host's error codes: 36004005 "can not find related auth record" and 36004001
 *   "rt has expired" are the two reported in EcomPHP/tiktokshop-php#15; 36004004 for a wrong
 *   app_key/app_secret is this fake's own.
 * - Auth codes live 30 minutes and work once (authorization guide). Access tokens live 7 days,
 *   refresh tokens 365 days; a refresh rotates both and retires the old refresh token, while the
 *   old access token keeps working until it expires.
 * - idempotency_key: the same key in the same shop within 24 hours answers the first create's
 *   answer again without creating anything (TikTok says only that the key "prevents duplicate
 *   processing"; the window is ours). A second product with the same external_product_id is
 *   refused with 12052996 "external_id duplicated".
 * - save_mode LISTING products are ACTIVATE at once (no audit delay); AS_DRAFT ones are DRAFT.
 *   Activate Product likewise takes a deactivated product straight back to ACTIVATE.
 * - Activate Product reports every refusal as 12052990 "Check failed" with the reason (12052048,
 *   12052901) in detail.extra_errors, the shape of its spec's sample answer; Deactivate Products
 *   reports the reason itself, as its own sample does.
 * - Update Inventory accepts quantity 0 (a sold-out SKU) although its spec says [1, 99,999];
 *   Create Product keeps the documented [1, 99,999].
 * - Get Order List answers full orders; each line item is ONE unit (202309 line items carry no
 *   quantity field), so a seeded line with quantity 3 becomes three line items.
 * - page_token values are opaque, tied to the query that produced them (36009004 otherwise).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { seededRandom } from '../../src/shared/seeded-random'

// ----------------------------------------------------------------------------------------------
// Public types

export interface FakeTiktokApp {
  appKey: string
  appSecret: string
  serviceId?: string
}

export interface FakeTiktokShopSeed {
  id: string
  name: string
  region: string
  cipher?: string
}

export interface FakeTiktokWarehouse {
  id: string
  name: string
  effect_status: 'ENABLED' | 'DISABLED' | 'RESTRICTED'
  type: 'SALES_WAREHOUSE' | 'RETURN_WAREHOUSE'
  sub_type: 'DOMESTIC_WAREHOUSE'
  is_default: boolean
}

export interface FakeTiktokShopOptions {
  /** Epoch milliseconds; defaults to Date.now. */
  clock?: () => number
  app?: FakeTiktokApp
  /** The redirect URL registered for the app in Partner Center (the authorize link carries none). */
  redirectUrl?: string
  /** Defaults to one Vietnamese shop. */
  shops?: FakeTiktokShopSeed[]
  /** Requests per second per API per app+shop before HTTP 429 (rate-limits.md: 50). */
  qpsLimit?: number
}

export interface FakeTiktokFailRate {
  rate429: number
  rate5xx: number
  rateTimeout: number
  seed: number
}

export interface FakeTiktokMisbehaviour {
  /** The next n API/token calls answer HTTP 429 with code 36009002. */
  rateLimitNext: number
  /** Retry-After (seconds) on those 429s; undefined sends none, as TikTok documents none. */
  retryAfterSeconds: number | undefined
  /** The next n calls answer HTTP 500 with code 36009003 and do nothing. */
  serverErrorNext: number
  /** The next n calls answer HTTP 503 (overload) with a plain-text body. */
  overloadNext: number
  /** The next n calls are never answered (the socket stays open until close/reset). */
  timeoutNext: number
  /** The next n token-bearing API calls answer 105002 (expired token). */
  expiredTokenNext: number
  /** The next n executed creates happen, then the socket is destroyed without an answer. */
  dropResponseAfterCreate: number
  /** Random 429 / 500 / no answer, from a seeded PRNG (one draw per call). */
  failRate: FakeTiktokFailRate | undefined
}

export interface FakeTiktokRequest {
  /** Fake-clock time of arrival (epoch ms). */
  at: number
  host: 'api' | 'auth' | 'services'
  method: string
  path: string
  query: Record<string, string>
  contentType: string | undefined
  accessToken: string | undefined
  /** The raw body (multipart bodies are summarised). */
  body: string
  /** null while unanswered, or when the answer was withheld. */
  httpStatus: number | null
  code: number | null
}

export interface FakeTiktokSku {
  id: string
  seller_sku: string
  price: { amount: string; currency: string }
  inventory: { warehouse_id: string; quantity: number }[]
  sales_attributes: { id?: string; name?: string; value_id?: string; value_name?: string }[]
  identifier_code?: { code: string; type: string }
}

export type FakeTiktokProductStatus = 'DRAFT' | 'PENDING' | 'FAILED' | 'ACTIVATE' | 'SELLER_DEACTIVATED' | 'PLATFORM_DEACTIVATED' | 'FREEZE' | 'DELETED'

export interface FakeTiktokProduct {
  id: string
  shopId: string
  status: FakeTiktokProductStatus
  title: string
  description: string
  category_id: string
  brand_id: string | undefined
  main_images: { uri: string }[]
  skus: FakeTiktokSku[]
  package_weight: { value: string; unit: string }
  product_attributes: unknown[]
  external_product_id: string | undefined
  idempotency_key: string | undefined
  create_time: number
  update_time: number
  /** How many times it was edited. */
  edits: number
}

export interface FakeTiktokImage {
  uri: string
  url: string
  use_case: string
  width: number
  height: number
  bytes: number
  format: string
}

export type FakeTiktokOrderStatus =
  | 'UNPAID'
  | 'ON_HOLD'
  | 'AWAITING_SHIPMENT'
  | 'PARTIALLY_SHIPPING'
  | 'AWAITING_COLLECTION'
  | 'IN_TRANSIT'
  | 'DELIVERED'
  | 'COMPLETED'
  | 'CANCELLED'

export interface FakeTiktokOrderSeed {
  /** Defaults to a fresh 18-digit id; seeding an existing id replaces that order. */
  id?: string
  /** Defaults to the first shop. */
  shopId?: string
  status: FakeTiktokOrderStatus
  /** Unix seconds. */
  createTime: number
  /** Unix seconds; defaults to createTime. */
  updateTime?: number
  lines: { sellerSku: string; skuId?: string; productId?: string; productName: string; skuName?: string; salePrice: number; quantity: number }[]
  shippingFee?: number
  currency?: string
  buyerName?: string
  buyerPhone?: string
  fullAddress?: string
  trackingNumber?: string
}

export interface FakeTiktokShop {
  /** API host base, e.g. http://127.0.0.1:PORT (no path). */
  readonly url: string
  /** Token host base. */
  readonly authUrl: string
  /** Authorisation page host base. */
  readonly servicesUrl: string
  readonly app: Readonly<FakeTiktokApp>
  readonly redirectUrl: string
  /** The shops with their ciphers. */
  readonly shops: readonly Readonly<Required<FakeTiktokShopSeed>>[]
  readonly warehouses: readonly Readonly<FakeTiktokWarehouse>[]
  /** Creates actually executed (idempotent replays not counted). */
  readonly createCalls: number
  /** Every call to any of the three hosts, oldest first (copies). */
  readonly requests: FakeTiktokRequest[]
  readonly misbehaviour: FakeTiktokMisbehaviour
  /** Merge into the current misbehaviour. */
  setMisbehaviour(m: Partial<FakeTiktokMisbehaviour>): void
  /** Forget products, images, orders, tokens, codes, logs, misbehaviour and counters. App, shops and clock stay. */
  reset(): void
  /** All products (copies), oldest first. */
  items(): FakeTiktokProduct[]
  images(): FakeTiktokImage[]
  /** Force a product's status (an audit result, a platform freeze…). */
  setProductStatus(productId: string, status: FakeTiktokProductStatus): void
  /** A fresh auth code for a shop (as if its seller pressed "Đồng ý"); defaults to the first shop. */
  authorizeCode(shopId?: string): string
  /** Every access token issued so far expires now (105002 on use); refresh tokens stay valid. */
  expireTokens(): void
  /** Add or replace an order; returns its id. */
  seedOrder(seed: FakeTiktokOrderSeed): string
  close(): Promise<void>
}

export const FAKE_TIKTOK_APP: Required<FakeTiktokApp> = {
  appKey: '6c0fk3qa2ve9r',
  appSecret: 'f4c770e4b45aa62e0b3c5d9a8e7f6a1b2c3d4e5f',
  serviceId: '7172000000000070150',
}

export const FAKE_TIKTOK_SHOP: Required<FakeTiktokShopSeed> = {
  id: '7494811234567890123',
  name: 'HTX Chè Tân Cương (thử nghiệm)',
  region: 'VN',
  cipher: 'ROW_fakeVNshop0000000000000001',
}

// ----------------------------------------------------------------------------------------------
// Internal state

interface Shop extends Required<FakeTiktokShopSeed> {
  code: string
}

interface AccessToken {
  shopId: string
  expiresAt: number
}

interface RefreshToken {
  shopId: string
  expiresAt: number
  retired: boolean
}

interface AuthCode {
  shopId: string
  issuedAt: number
  used: boolean
}

interface StoredOrder {
  shopId: string
  id: string
  status: FakeTiktokOrderStatus
  createTime: number
  updateTime: number
  seed: FakeTiktokOrderSeed
}

interface Answer {
  status: number
  headers?: Record<string, string>
  body: string
  code: number | null
}

type Withheld = { withhold: 'hang' | 'drop' }

const NO_MISBEHAVIOUR: FakeTiktokMisbehaviour = {
  rateLimitNext: 0,
  retryAfterSeconds: undefined,
  serverErrorNext: 0,
  overloadNext: 0,
  timeoutNext: 0,
  expiredTokenNext: 0,
  dropResponseAfterCreate: 0,
  failRate: undefined,
}

const ACCESS_TOKEN_SECONDS = 7 * 24 * 3600
const REFRESH_TOKEN_SECONDS = 365 * 24 * 3600
const AUTH_CODE_MS = 30 * 60_000
const IDEMPOTENCY_WINDOW_SECONDS = 24 * 3600
const PAST_SECONDS = 300
const FUTURE_SECONDS = 30
const MAX_IMAGE_BYTES = 10 * 1024 * 1024
const USE_CASES = new Set(['MAIN_IMAGE', 'ATTRIBUTE_IMAGE', 'DESCRIPTION_IMAGE', 'CERTIFICATION_IMAGE', 'SIZE_CHART_IMAGE'])
const PRODUCT_STATUSES = new Set(['ALL', 'DRAFT', 'PENDING', 'FAILED', 'ACTIVATE', 'SELLER_DEACTIVATED', 'PLATFORM_DEACTIVATED', 'FREEZE', 'DELETED'])
const ORDER_STATUSES = new Set(['UNPAID', 'ON_HOLD', 'AWAITING_SHIPMENT', 'PARTIALLY_SHIPPING', 'AWAITING_COLLECTION', 'IN_TRANSIT', 'DELIVERED', 'COMPLETED', 'CANCELLED'])

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function readBody(req: IncomingMessage, limit = 12 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new Error('body too large'))
        req.destroy()
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Go's url.ParseQuery, first value per key: `+` is a space, %XX decoded as UTF-8. */
function parseRawQuery(raw: string): Record<string, string> {
  const out: Record<string, string> = {}
  if (!raw) return out
  for (const pair of raw.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    const rawKey = eq < 0 ? pair : pair.slice(0, eq)
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1)
    let k: string
    let v: string
    try {
      k = decodeURIComponent(rawKey.replace(/\+/g, ' '))
      v = decodeURIComponent(rawValue.replace(/\+/g, ' '))
    } catch {
      continue
    }
    if (!(k in out)) out[k] = v
  }
  return out
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
}

/** The expected sign, computed the guide's way (§3), independently of the app's signer. */
function expectedSign(secret: string, path: string, query: Record<string, string>, rawBody: Buffer, contentType: string | undefined): string {
  const names = Object.keys(query).filter((k) => k !== 'sign' && k !== 'access_token')
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const parts = [path, ...names.map((k) => `${k}${query[k]}`)]
  if (mediaType(contentType) !== 'multipart/form-data') parts.push(rawBody.toString('utf8'))
  const mac = createHmac('sha256', secret)
  mac.update(secret + parts.join('') + secret, 'utf8')
  return mac.digest('hex')
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}

interface FormPart {
  name: string
  filename: string | undefined
  contentType: string | undefined
  data: Buffer
}

function parseMultipart(body: Buffer, contentType: string | undefined): FormPart[] | null {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '')
  const boundary = match?.[1] ?? match?.[2]
  if (!boundary) return null
  const delimiter = Buffer.from(`--${boundary}`)
  const parts: FormPart[] = []
  let at = body.indexOf(delimiter)
  if (at < 0) return null
  for (;;) {
    at += delimiter.length
    if (body.subarray(at, at + 2).toString() === '--') return parts
    if (body.subarray(at, at + 2).toString() !== '\r\n') return null
    at += 2
    const headerEnd = body.indexOf('\r\n\r\n', at)
    if (headerEnd < 0) return null
    const headers = body.subarray(at, headerEnd).toString('utf8').split('\r\n')
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4)
    if (next < 0) return null
    const disposition = headers.find((h) => h.toLowerCase().startsWith('content-disposition:')) ?? ''
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1]
    if (name === undefined) return null
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1]
    const partType = headers.find((h) => h.toLowerCase().startsWith('content-type:'))?.slice('content-type:'.length).trim()
    parts.push({ name, filename, contentType: partType, data: body.subarray(headerEnd + 4, next) })
    at = next + 2
  }
}

/** Format from magic bytes and, for PNG and JPEG, the pixel size. */
function sniffImage(data: Buffer): { format: string; width: number | null; height: number | null } | null {
  if (data.length >= 24 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return { format: 'PNG', width: data.readUInt32BE(16), height: data.readUInt32BE(20) }
  }
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) {
    let i = 2
    while (i + 9 < data.length) {
      if (data[i] !== 0xff) {
        i++
        continue
      }
      const marker = data[i + 1] ?? 0
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { format: 'JPEG', height: data.readUInt16BE(i + 5), width: data.readUInt16BE(i + 7) }
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2
        continue
      }
      i += 2 + data.readUInt16BE(i + 2)
    }
    return { format: 'JPEG', width: null, height: null }
  }
  if (data.length >= 12 && data.subarray(0, 4).toString('latin1') === 'RIFF' && data.subarray(8, 12).toString('latin1') === 'WEBP') {
    return { format: 'WEBP', width: null, height: null }
  }
  if (data.length >= 2 && data.subarray(0, 2).toString('latin1') === 'BM') return { format: 'BMP', width: null, height: null }
  if (data.length >= 12 && data.subarray(4, 8).toString('latin1') === 'ftyp' && /^(heic|heix|mif1|msf1)$/.test(data.subarray(8, 12).toString('latin1'))) {
    return { format: 'HEIC', width: null, height: null }
  }
  return null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status = 200,
  ) {
    super(message)
  }
}

const fail = (code: number, message: string, status?: number): never => {
  throw new ApiError(code, message, status)
}

// ----------------------------------------------------------------------------------------------
// The server

export async function startFakeTiktokShop(options: FakeTiktokShopOptions = {}): Promise<FakeTiktokShop> {
  const clock = options.clock ?? Date.now
  const app: Required<FakeTiktokApp> = { ...FAKE_TIKTOK_APP, ...options.app, serviceId: options.app?.serviceId ?? FAKE_TIKTOK_APP.serviceId }
  const redirectUrl = options.redirectUrl ?? 'http://127.0.0.1:9/tiktok/callback'
  const qpsLimit = options.qpsLimit ?? 50
  const shops: Shop[] = (options.shops ?? [FAKE_TIKTOK_SHOP]).map((s, i) => ({
    id: s.id,
    name: s.name,
    region: s.region,
    cipher: s.cipher ?? `ROW_${randomBytes(12).toString('base64url')}`,
    code: `VNLC${String(i + 1).padStart(8, '0')}`,
  }))
  const shopById = new Map(shops.map((s) => [s.id, s]))
  // The return warehouse comes first on purpose: a connector must pick the SALES one.
  const warehouses: FakeTiktokWarehouse[] = [
    { id: '7068517275539719001', name: 'Kho hoàn hàng Thái Nguyên', effect_status: 'ENABLED', type: 'RETURN_WAREHOUSE', sub_type: 'DOMESTIC_WAREHOUSE', is_default: true },
    { id: '7068517275539719942', name: 'Kho Tân Cương', effect_status: 'ENABLED', type: 'SALES_WAREHOUSE', sub_type: 'DOMESTIC_WAREHOUSE', is_default: true },
  ]
  const salesWarehouseIds = new Set(warehouses.filter((w) => w.type === 'SALES_WAREHOUSE').map((w) => w.id))

  let products: FakeTiktokProduct[] = []
  let imageStore: FakeTiktokImage[] = []
  let orders: StoredOrder[] = []
  let accessTokens = new Map<string, AccessToken>()
  let refreshTokens = new Map<string, RefreshToken>()
  let authCodes = new Map<string, AuthCode>()
  let idempotency = new Map<string, { at: number; data: unknown }>()
  let log: FakeTiktokRequest[] = []
  let mis: FakeTiktokMisbehaviour = { ...NO_MISBEHAVIOUR }
  let random: (() => number) | undefined
  let createCalls = 0
  let qps = new Map<string, { second: number; count: number }>()
  let nextId = 1
  const held = new Set<ServerResponse>()

  const nowSeconds = () => Math.floor(clock() / 1000)
  const newId = (prefix: string, width = 19) => `${prefix}${String(nextId++).padStart(width - prefix.length, '0')}`
  const requestId = () => `${new Date(clock()).toISOString().replace(/\D/g, '').slice(0, 14)}${randomBytes(10).toString('hex').toUpperCase()}`
  const token = () => `TTP_${randomBytes(24).toString('base64url')}`

  function envelope(code: number, message: string, data?: unknown): string {
    return JSON.stringify(data === undefined ? { code, message, request_id: requestId() } : { code, message, request_id: requestId(), data })
  }
  const ok = (data: unknown): Answer => ({ status: 200, body: envelope(0, 'Success', data), code: 0 })
  const errorAnswer = (e: ApiError, headers?: Record<string, string>): Answer => ({ status: e.status, body: envelope(e.code, e.message), code: e.code, ...(headers ? { headers } : {}) })

  // ---- misbehaviour shared by the API and token hosts

  function misbehave(): Answer | Withheld | null {
    if (mis.timeoutNext > 0) {
      mis.timeoutNext--
      return { withhold: 'hang' }
    }
    if (mis.overloadNext > 0) {
      mis.overloadNext--
      return { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Service Unavailable', code: null }
    }
    if (mis.serverErrorNext > 0) {
      mis.serverErrorNext--
      return errorAnswer(new ApiError(36009003, 'Internal error. Please try again. If the issue persists after multiple attempts, please contact platform support.', 500))
    }
    if (mis.rateLimitNext > 0) {
      mis.rateLimitNext--
      return rateLimited()
    }
    if (mis.failRate && random) {
      const r = random()
      const { rate429, rate5xx, rateTimeout } = mis.failRate
      if (r < rate429) return rateLimited()
      if (r < rate429 + rate5xx) return errorAnswer(new ApiError(36009003, 'Internal error. Please try again.', 500))
      if (r < rate429 + rate5xx + rateTimeout) return { withhold: 'hang' }
    }
    return null
  }

  function rateLimited(): Answer {
    const headers: Record<string, string> = mis.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(mis.retryAfterSeconds) }
    return errorAnswer(new ApiError(36009002, "Too many requests. You've made too many requests in a short period of time.", 429), headers)
  }

  // ---- API host

  interface ApiContext {
    query: Record<string, string>
    body: Buffer
    contentType: string | undefined
    shop: Shop
    params: string[]
  }

  interface Route {
    method: string
    pattern: RegExp
    name: string
    shopScoped: boolean
    multipart: boolean
    handle(ctx: ApiContext): unknown
  }

  const routes: Route[] = [
    { method: 'GET', pattern: /^\/authorization\/202309\/shops$/, name: 'shops', shopScoped: false, multipart: false, handle: getShops },
    { method: 'POST', pattern: /^\/product\/202309\/images\/upload$/, name: 'image', shopScoped: false, multipart: true, handle: uploadImage },
    { method: 'GET', pattern: /^\/logistics\/202309\/warehouses$/, name: 'warehouses', shopScoped: true, multipart: false, handle: () => ({ warehouses }) },
    { method: 'POST', pattern: /^\/product\/202309\/products\/search$/, name: 'search', shopScoped: true, multipart: false, handle: searchProducts },
    { method: 'POST', pattern: /^\/product\/202309\/products\/deactivate$/, name: 'deactivate', shopScoped: true, multipart: false, handle: deactivate },
    { method: 'POST', pattern: /^\/product\/202309\/products\/activate$/, name: 'activate', shopScoped: true, multipart: false, handle: activate },
    { method: 'POST', pattern: /^\/product\/202309\/products\/(\d+)\/inventory\/update$/, name: 'inventory', shopScoped: true, multipart: false, handle: updateInventory },
    { method: 'POST', pattern: /^\/product\/202309\/products\/(\d+)\/prices\/update$/, name: 'prices', shopScoped: true, multipart: false, handle: updatePrices },
    { method: 'POST', pattern: /^\/product\/202309\/products$/, name: 'create', shopScoped: true, multipart: false, handle: createProduct },
    { method: 'PUT', pattern: /^\/product\/202309\/products\/(\d+)$/, name: 'edit', shopScoped: true, multipart: false, handle: editProduct },
    { method: 'GET', pattern: /^\/product\/202309\/products\/(\d+)$/, name: 'get', shopScoped: true, multipart: false, handle: getProduct },
    { method: 'POST', pattern: /^\/order\/202309\/orders\/search$/, name: 'orders', shopScoped: true, multipart: false, handle: searchOrders },
  ]

  function api(req: IncomingMessage, path: string, rawQuery: string, body: Buffer, entry: FakeTiktokRequest): Answer | Withheld {
    const candidates = routes.filter((r) => r.pattern.test(path))
    const route = candidates.find((r) => r.method === req.method)
    if (!route) {
      if (candidates.length > 0) return errorAnswer(new ApiError(36009010, 'Invalid method. The HTTP method used is not supported by this endpoint.', 405))
      return errorAnswer(new ApiError(36009009, 'Invalid path. The specified path does not match any available endpoint.', 404))
    }
    const misbehaviour = misbehave()
    if (misbehaviour) return misbehaviour
    const query = parseRawQuery(rawQuery)
    const contentType = req.headers['content-type']
    try {
      if (query.app_key !== app.appKey) fail(36009004, 'Invalid credentials. Invalid `app_key` query parameter.')
      if (!query.sign) fail(36009004, 'Missing credentials. The request does not include a required signature in the query.')
      const ts = query.timestamp ?? ''
      if (!/^-?\d+$/.test(ts) || Number(ts) < 0) fail(36009004, 'Invalid timestamp. The value of the `timestamp` query parameter must not be lesser than 0.')
      const now = clock() / 1000
      if (Number(ts) < now - PAST_SECONDS) fail(36009004, 'Invalid timestamp. The value of the `timestamp` query parameter must not be earlier than 5 minutes before the current time.')
      if (Number(ts) > now + FUTURE_SECONDS) fail(36009004, 'Invalid timestamp. The value of the `timestamp` query parameter must not exceed the current time by more than 30 seconds.')
      if (!sameText(expectedSign(app.appSecret, path, query, body, contentType), (query.sign ?? '').toLowerCase())) {
        fail(106001, 'Invalid credentials. The `sign` query parameter is invalid.')
      }
      const presented = req.headers['x-tts-access-token']
      const accessToken = typeof presented === 'string' ? presented : undefined
      const stored = accessToken === undefined ? undefined : accessTokens.get(accessToken)
      if (!stored) fail(36009004, 'Invalid credentials. The `x-tts-access-token` header is invalid.')
      if (mis.expiredTokenNext > 0) {
        mis.expiredTokenNext--
        fail(105002, 'Expired credentials. The `x-tts-access-token` header has expired.')
      }
      const grant = stored as AccessToken
      if (nowSeconds() >= grant.expiresAt) fail(105002, 'Expired credentials. The `x-tts-access-token` header has expired.')
      const shop = shopById.get(grant.shopId) as Shop
      if (route.shopScoped) {
        if (!query.shop_cipher) fail(106013, 'Missing identifier. The `shop_cipher` query parameter is required to identify the target shop.')
        if (query.shop_cipher !== shop.cipher) fail(101000, 'Invalid query or header. The token is not associated with the shop of the `shop_cipher` query parameter.')
      } else if (query.shop_cipher !== undefined) {
        fail(36009004, 'Unexpected identifier. The `shop_cipher` query parameter is not required for this request.')
      }
      if (route.multipart) {
        if (mediaType(contentType) !== 'multipart/form-data') fail(36009023, 'Invalid request format. The value of the `content-type` header must be `multipart/form-data`.')
      } else if (mediaType(contentType) !== 'application/json') {
        fail(36009022, 'Invalid request format. The request body format must be `application/json` for structured data or `multipart/form-data` for binary files.')
      }
      const second = nowSeconds()
      const bucketKey = `${app.appKey}|${shop.id}|${route.name}`
      const bucket = qps.get(bucketKey)
      if (bucket && bucket.second === second) bucket.count++
      else qps.set(bucketKey, { second, count: 1 })
      if ((qps.get(bucketKey)?.count ?? 0) > qpsLimit) return rateLimited()
      const params = route.pattern.exec(path)?.slice(1) ?? []
      const data = route.handle({ query, body, contentType, shop, params })
      if (route.name === 'create' && isRecord(data) && data.executed === true && mis.dropResponseAfterCreate > 0) {
        mis.dropResponseAfterCreate--
        entry.code = 0
        return { withhold: 'drop' }
      }
      return ok(isRecord(data) && 'answer' in data ? data.answer : data)
    } catch (error) {
      if (error instanceof ApiError) return errorAnswer(error)
      throw error
    }
  }

  function jsonBody(ctx: ApiContext): Record<string, unknown> {
    const text = ctx.body.toString('utf8')
    if (text === '') return {}
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      return fail(36009022, 'Invalid request format. The request body is not valid JSON.')
    }
    if (!isRecord(parsed)) return fail(12052910, 'Invalid input parameters. The request body must be a JSON object.')
    return parsed
  }

  function getShops(ctx: ApiContext): unknown {
    return { shops: [ctx.shop].map((s) => ({ id: s.id, name: s.name, region: s.region, seller_type: 'LOCAL', cipher: s.cipher, code: s.code })) }
  }

  function uploadImage(ctx: ApiContext): unknown {
    const parts = parseMultipart(ctx.body, ctx.contentType)
    if (!parts) return fail(12038002, 'Invalid upload file. Please ensure you are passing the correct file data.')
    const file = parts.find((p) => p.name === 'data')
    if (!file || file.data.length === 0) return fail(12038002, 'Invalid upload file. Please ensure you are passing the correct file data. (`data`)')
    const useCase = parts.find((p) => p.name === 'use_case')?.data.toString('utf8') ?? 'MAIN_IMAGE'
    if (!USE_CASES.has(useCase)) return fail(11050001, 'invalid param: `use_case`')
    if (file.data.length > MAX_IMAGE_BYTES) return fail(12038005, 'The file size exceeds the maximum allowed size.')
    const sniffed = sniffImage(file.data)
    if (!sniffed) return fail(12038015, 'Failed to process the image. The format or content is not supported. Supported formats: JPG, JPEG, PNG, WEBP, HEIC, BMP')
    const [min, max] = useCase === 'MAIN_IMAGE' ? [300, 4000] : [100, 20000]
    const { width, height } = sniffed
    if (width !== null && height !== null && (width < min || height < min || width > max || height > max)) {
      return fail(12038014, `The image dimensions exceed the allowed limits. Allowed dimensions (width x height in pixels): ${min} x ${min} to ${max} x ${max}`)
    }
    const hex = createHash('sha1').update(file.data).digest('hex').slice(0, 24)
    const uri = `tos-alisg-i-fake-sg/${hex}${randomBytes(3).toString('hex')}`
    const image: FakeTiktokImage = {
      uri,
      url: `https://p16-oec-sg.ibyteimg.com/${uri}~tplv-aphluv4xwc-origin-jpeg.jpeg`,
      use_case: useCase,
      width: width ?? 800,
      height: height ?? 800,
      bytes: file.data.length,
      format: sniffed.format,
    }
    imageStore.push(image)
    return { uri: image.uri, url: image.url, width: image.width, height: image.height, use_case: image.use_case }
  }

  // ---- products

  function str(value: unknown): string | undefined {
    return typeof value === 'string' ? value : undefined
  }

  const productOf = (ctx: ApiContext, id: string | undefined): FakeTiktokProduct | undefined =>
    products.find((p) => p.id === id && p.shopId === ctx.shop.id && p.status !== 'DELETED')

  interface SkuInput {
    id: string | undefined
    seller_sku: string
    price: { amount: string; currency: string } | undefined
    inventory: { warehouse_id: string; quantity: number }[] | undefined
    sales_attributes: FakeTiktokSku['sales_attributes']
    identifier_code: FakeTiktokSku['identifier_code']
  }

  function readPrice(value: unknown, where: string): { amount: string; currency: string } {
    if (!isRecord(value)) return fail(12052910, `Invalid input parameters. \`${where}.price\` is required.`)
    const currency = str(value.currency)
    if (currency !== 'VND') return fail(12052084, `The provided currency is not available for this shop/region. (\`${where}.price.currency\`)`)
    const amount = str(value.amount)
    // VND has no minor unit: a positive whole number of đồng, at most 12 digits.
    if (!amount || !/^[1-9]\d{0,11}$/.test(amount)) return fail(12052073, `The product price is invalid. (\`${where}.price.amount\`)`)
    return { amount, currency }
  }

  function readSkus(value: unknown, editing: FakeTiktokProduct | undefined): SkuInput[] {
    if (!Array.isArray(value) || value.length === 0) return fail(12052910, 'Invalid input parameters. `skus` is required.')
    if (value.length > 100) return fail(12052050, 'A single product cannot have more than 100 different SKUs')
    const seen = new Set<string>()
    return value.map((raw, i): SkuInput => {
      const where = `skus[${i}]`
      if (!isRecord(raw)) return fail(12052910, `Invalid input parameters. \`${where}\` must be an object.`)
      const id = str(raw.id)
      const existing = id === undefined ? undefined : editing?.skus.find((s) => s.id === id)
      if (id !== undefined && !existing) return fail(12052556, `The SKU id not exist. (\`${where}.id\`)`)
      const sellerSku = str(raw.seller_sku) ?? existing?.seller_sku ?? ''
      if (!/^\S{1,50}$/.test(sellerSku)) return fail(12052054, `The seller SKU text length cannot exceed max limit characters (\`${where}.seller_sku\`: 1-50 characters without spaces)`)
      if (seen.has(sellerSku)) return fail(12052910, `Invalid input parameters. \`${where}.seller_sku\` is duplicated.`)
      seen.add(sellerSku)
      const isNew = existing === undefined
      const price = raw.price === undefined && !isNew ? undefined : readPrice(raw.price, where)
      let inventory: SkuInput['inventory']
      if (raw.inventory !== undefined || isNew) {
        if (!Array.isArray(raw.inventory) || raw.inventory.length === 0) return fail(12019022, `SKU must contain a valid warehouse. (\`${where}.inventory\`)`)
        inventory = raw.inventory.map((inv, j) => {
          if (!isRecord(inv)) return fail(12052910, `Invalid input parameters. \`${where}.inventory[${j}]\` must be an object.`)
          const warehouseId = str(inv.warehouse_id)
          if (!warehouseId || !salesWarehouseIds.has(warehouseId)) return fail(12052097, `The warehouse does not exist (\`${where}.inventory[${j}].warehouse_id\`)`)
          const quantity = inv.quantity
          if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > 99_999) {
            return fail(12052055, `The SKU inventory quantity for the warehouse must be within allowed limits. (\`${where}.inventory[${j}].quantity\`: 1-99999)`)
          }
          return { warehouse_id: warehouseId, quantity }
        })
      }
      const attrs = raw.sales_attributes
      const salesAttributes: FakeTiktokSku['sales_attributes'] = []
      if (attrs !== undefined) {
        if (!Array.isArray(attrs)) return fail(12052910, `Invalid input parameters. \`${where}.sales_attributes\` must be a list.`)
        for (const a of attrs) {
          if (!isRecord(a) || (!str(a.id) && !str(a.name))) return fail(12052241, `attribute name or attribute id is empty. (\`${where}.sales_attributes\`)`)
          if (!str(a.value_id) && !str(a.value_name)) return fail(12052248, `The sales attribute value name or attribute value id is empty. (\`${where}.sales_attributes\`)`)
          if ((str(a.name) ?? '').length > 20) return fail(12052242, ` The attribute name characters cannot exceed max_limit (\`${where}.sales_attributes.name\`)`)
          if ((str(a.value_name) ?? '').length > 50) return fail(12052249, ` The sales attribute value name characters cannot exceed 50 (\`${where}.sales_attributes.value_name\`)`)
          salesAttributes.push({
            ...(str(a.id) ? { id: str(a.id) } : { id: String(100000 + (str(a.name) ?? '').length) }),
            ...(str(a.name) ? { name: str(a.name) } : {}),
            value_id: str(a.value_id) ?? newId('1729', 19),
            ...(str(a.value_name) ? { value_name: str(a.value_name) } : {}),
          })
        }
      }
      let identifier: FakeTiktokSku['identifier_code']
      if (raw.identifier_code !== undefined) {
        const code = isRecord(raw.identifier_code) ? str(raw.identifier_code.code) : undefined
        const type = isRecord(raw.identifier_code) ? str(raw.identifier_code.type) : undefined
        const digits: Record<string, RegExp> = { GTIN: /^\d{14}$/, EAN: /^(\d{8}|\d{13}|\d{14})$/, UPC: /^\d{12}$/, ISBN: /^(\d{13}|\d{9}X)$/, JAN: /^(\d{8}|\d{13})$/ }
        if (!type || !digits[type]) return fail(12052600, `The identifier code type must be selected (\`${where}.identifier_code.type\`)`)
        if (!code || !digits[type].test(code)) return fail(12052591, `Invalid number of digits of identifier code (\`${where}.identifier_code.code\`)`)
        identifier = { code, type }
      }
      return { id, seller_sku: sellerSku, price, inventory, sales_attributes: salesAttributes, identifier_code: identifier ?? existing?.identifier_code }
    })
  }

  function readProductFields(body: Record<string, unknown>, editing: FakeTiktokProduct | undefined) {
    const title = str(body.title)
    if (title === undefined || title.trim() === '') return fail(12052261, 'product name is empty (`title`)')
    // VN is one of the "other regions": [25, 255] characters.
    if ([...title].length < 25 || [...title].length > 255) return fail(12052051, 'The product name exceed max limit characters (`title`: 25-255 characters)')
    const description = str(body.description)
    if (!description || description.trim() === '') return fail(12052015, 'The product description is required (`description`)')
    if (description.length > 10_000) return fail(12052013, 'The product description cannot exceed maximum characters (`description`: 10000)')
    if ((description.match(/<img\b/gi) ?? []).length > 30) return fail(12052056, 'The num of image in description cannot exceed max limit (`description`)')
    const categoryId = str(body.category_id)
    if (!categoryId) return fail(12052910, 'Invalid input parameters. `category_id` is required.')
    if (!/^\d+$/.test(categoryId)) return fail(12052002, 'Incorrect category format (`category_id`)')
    if (body.brand_id !== undefined && !/^\d+$/.test(str(body.brand_id) ?? '')) return fail(12019013, 'brand id is invalid (`brand_id`)')
    const images = body.main_images
    if (!Array.isArray(images) || images.length === 0) return fail(12052028, 'Main product image is required (`main_images`)')
    if (images.length > 9) return fail(12052306, 'main product images count exceed limit (`main_images`: 9)')
    const mainImages = images.map((img, i) => {
      const uri = isRecord(img) ? str(img.uri) : undefined
      if (!uri || !imageStore.some((s) => s.uri === uri && s.use_case === 'MAIN_IMAGE')) return fail(12052300, `product main image uri illegal (\`main_images[${i}].uri\`)`)
      return { uri }
    })
    const weight = body.package_weight
    if (!isRecord(weight)) return fail(12019011, 'product package weight is invalid (`package_weight` is required)')
    const weightValue = str(weight.value)
    if (str(weight.unit) !== 'KILOGRAM') return fail(12019061, 'Product weight or dimensions unit does not support the imperial units on non-US local products. (`package_weight.unit`)')
    if (!weightValue || !/^\d+(\.\d{1,3})?$/.test(weightValue)) return fail(12052006, 'Incorrect parcel weight format (`package_weight.value`)')
    if (Number(weightValue) <= 0) return fail(12052181, 'The package weight of the product can not be zero. (`package_weight.value`)')
    const attributes = body.product_attributes ?? []
    if (!Array.isArray(attributes)) return fail(12052910, 'Invalid input parameters. `product_attributes` must be a list.')
    for (const [i, a] of attributes.entries()) {
      if (!isRecord(a) || !str(a.id) || !Array.isArray(a.values) || a.values.length === 0) return fail(12052241, `attribute name or attribute id is empty. (\`product_attributes[${i}]\`)`)
      for (const v of a.values) if (!isRecord(v) || (!str(v.id) && !str(v.name))) return fail(12052248, `The product attribute value name or attribute value id is empty. (\`product_attributes[${i}].values\`)`)
    }
    const skus = readSkus(body.skus, editing)
    if (skus.length > 1) {
      const counts = new Set(skus.map((s) => s.sales_attributes.length))
      if (counts.has(0) || counts.size > 1) return fail(12052550, 'SKU property must contain all properties (`skus.sales_attributes`)')
    }
    const saveMode = body.save_mode ?? 'LISTING'
    if (saveMode !== 'LISTING' && saveMode !== 'AS_DRAFT') return fail(12052910, 'Invalid input parameters. `save_mode` must be AS_DRAFT or LISTING.')
    return {
      title,
      description,
      category_id: categoryId,
      brand_id: str(body.brand_id),
      main_images: mainImages,
      package_weight: { value: weightValue, unit: 'KILOGRAM' },
      product_attributes: attributes as unknown[],
      skus,
      saveMode: saveMode as 'LISTING' | 'AS_DRAFT',
    }
  }

  const skuAnswer = (p: FakeTiktokProduct) => ({
    product_id: p.id,
    skus: p.skus.map((s) => ({ id: s.id, seller_sku: s.seller_sku, sales_attributes: s.sales_attributes.map((a) => ({ id: a.id, value_id: a.value_id })) })),
    warnings: [],
  })

  function createProduct(ctx: ApiContext): unknown {
    const body = jsonBody(ctx)
    const key = body.idempotency_key
    if (key !== undefined && (typeof key !== 'string' || key.length === 0 || key.length > 128)) return fail(12052910, 'Invalid input parameters. `idempotency_key`: 1-128 characters.')
    const now = nowSeconds()
    const idempotencyKey = key === undefined ? undefined : `${ctx.shop.id}|${key}`
    if (idempotencyKey) {
      const previous = idempotency.get(idempotencyKey)
      if (previous && now - previous.at < IDEMPOTENCY_WINDOW_SECONDS) return { executed: false, answer: previous.data }
    }
    const fields = readProductFields(body, undefined)
    const external = body.external_product_id
    if (external !== undefined && (typeof external !== 'string' || external.length > 999)) return fail(12052910, 'Invalid input parameters. `external_product_id`: at most 999 characters.')
    if (typeof external === 'string' && products.some((p) => p.shopId === ctx.shop.id && p.status !== 'DELETED' && p.external_product_id === external)) {
      return fail(12052996, 'external_id duplicated (`external_product_id`)')
    }
    const product: FakeTiktokProduct = {
      id: newId('1729', 19),
      shopId: ctx.shop.id,
      status: fields.saveMode === 'LISTING' ? 'ACTIVATE' : 'DRAFT',
      title: fields.title,
      description: fields.description,
      category_id: fields.category_id,
      brand_id: fields.brand_id,
      main_images: fields.main_images,
      package_weight: fields.package_weight,
      product_attributes: fields.product_attributes,
      external_product_id: typeof external === 'string' ? external : undefined,
      idempotency_key: typeof key === 'string' ? key : undefined,
      skus: fields.skus.map((s) => ({
        id: newId('1729', 19),
        seller_sku: s.seller_sku,
        price: s.price as { amount: string; currency: string },
        inventory: s.inventory ?? [],
        sales_attributes: s.sales_attributes,
        ...(s.identifier_code ? { identifier_code: s.identifier_code } : {}),
      })),
      create_time: now,
      update_time: now,
      edits: 0,
    }
    products.push(product)
    createCalls++
    const answer = skuAnswer(product)
    if (idempotencyKey) idempotency.set(idempotencyKey, { at: now, data: answer })
    return { executed: true, answer }
  }

  function editProduct(ctx: ApiContext): unknown {
    const product = productOf(ctx, ctx.params[0])
    if (!product) return fail(12052260, 'The product ID does not exist')
    if (product.status === 'FREEZE') return fail(12052901, 'The product in its current status is not available for this operation. Change the product status and try again.')
    const fields = readProductFields(jsonBody(ctx), product)
    Object.assign(product, {
      title: fields.title,
      description: fields.description,
      category_id: fields.category_id,
      brand_id: fields.brand_id,
      main_images: fields.main_images,
      package_weight: fields.package_weight,
      product_attributes: fields.product_attributes,
    })
    // SKUs left out are deleted; price and inventory left out stay as they were (Edit Product).
    product.skus = fields.skus.map((s) => {
      const existing = s.id === undefined ? undefined : product.skus.find((x) => x.id === s.id)
      return {
        id: existing?.id ?? newId('1729', 19),
        seller_sku: s.seller_sku,
        price: s.price ?? (existing?.price as { amount: string; currency: string }),
        inventory: s.inventory ?? existing?.inventory ?? [],
        sales_attributes: s.sales_attributes,
        ...(s.identifier_code ? { identifier_code: s.identifier_code } : {}),
      }
    })
    product.update_time = nowSeconds()
    product.edits++
    return skuAnswer(product)
  }

  function readPage(query: Record<string, string>, fingerprint: string): { size: number; offset: number } {
    const sizeText = query.page_size ?? ''
    const size = Number(sizeText)
    if (!/^\d+$/.test(sizeText) || size < 1 || size > 100) return fail(12019109, 'page size is invalid (`page_size`: 1-100)')
    let offset = 0
    if (query.page_token) {
      let decoded: unknown
      try {
        decoded = JSON.parse(Buffer.from(query.page_token, 'base64').toString('utf8'))
      } catch {
        decoded = null
      }
      if (!isRecord(decoded) || decoded.f !== fingerprint || typeof decoded.o !== 'number') return fail(36009004, 'Invalid `page_token`: it does not belong to this query.')
      offset = decoded.o
    }
    return { size, offset }
  }

  const pageToken = (offset: number, fingerprint: string) => Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString('base64')

  function searchProducts(ctx: ApiContext): unknown {
    const body = jsonBody(ctx)
    const status = str(body.status) ?? 'ALL'
    if (!PRODUCT_STATUSES.has(status)) return fail(12052910, 'Invalid input parameters. `status`')
    const sellerSkus = body.seller_skus
    if (sellerSkus !== undefined && (!Array.isArray(sellerSkus) || sellerSkus.some((s) => typeof s !== 'string'))) return fail(12052910, 'Invalid input parameters. `seller_skus` must be a list of strings.')
    if (Array.isArray(sellerSkus) && sellerSkus.length > 10) return fail(12019027, 'The maximum count of “seller_skus” in the search filter is 10.')
    const skuIds = body.sku_ids
    if (Array.isArray(skuIds) && skuIds.length > 10) return fail(12019087, 'The number of SKU IDs exceeds the limit of 10')
    const fingerprint = createHash('sha1').update(ctx.body).digest('hex').slice(0, 12)
    const { size, offset } = readPage(ctx.query, fingerprint)
    const matches = products
      .filter((p) => p.shopId === ctx.shop.id)
      .filter((p) => status === 'ALL' || p.status === status)
      .filter((p) => !Array.isArray(sellerSkus) || p.skus.some((s) => (sellerSkus as string[]).includes(s.seller_sku)))
      .filter((p) => !Array.isArray(skuIds) || p.skus.some((s) => (skuIds as unknown[]).includes(s.id)))
    const page = matches.slice(offset, offset + size)
    const more = offset + size < matches.length
    return {
      total_count: matches.length,
      products: page.map((p) => ({
        id: p.id,
        title: p.title,
        status: p.status,
        skus: p.skus.map((s) => ({
          id: s.id,
          seller_sku: s.seller_sku,
          price: { currency: s.price.currency, tax_exclusive_price: s.price.amount },
          inventory: s.inventory,
        })),
        sales_regions: ['VN'],
        create_time: p.create_time,
        update_time: p.update_time,
      })),
      next_page_token: more ? pageToken(offset + size, fingerprint) : '',
    }
  }

  function deactivate(ctx: ApiContext): unknown {
    const body = jsonBody(ctx)
    const ids = body.product_ids
    if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) return fail(12052910, 'Invalid input parameters. `product_ids` is required.')
    if (ids.length > 20) return fail(12019120, 'The number of provided product IDs exceeds the limit.')
    const errors: unknown[] = []
    for (const id of ids as string[]) {
      const product = productOf(ctx, id)
      if (!product) errors.push({ code: 12052032, message: 'The product does not exist', detail: { product_id: id } })
      else if (product.status !== 'ACTIVATE') {
        errors.push({ code: 12052901, message: 'The product in its current status is not available for this operation. Change the product status and try again.', detail: { product_id: id } })
      } else {
        product.status = 'SELLER_DEACTIVATED'
        product.update_time = nowSeconds()
      }
    }
    return errors.length > 0 ? { errors } : {}
  }

  /**
   * Activate Product: each refusal is reported the way the spec's sample answer does, as
   * 12052990 "Check failed" with the reason in detail.extra_errors.
   */
  function activate(ctx: ApiContext): unknown {
    const body = jsonBody(ctx)
    const ids = body.product_ids
    if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) return fail(12052910, 'Invalid input parameters. `product_ids` is required.')
    if (ids.length > 20) return fail(12019120, 'The number of provided product IDs exceeds the limit.')
    const errors: unknown[] = []
    const refuse = (id: string, code: number, message: string) => errors.push({ code: 12052990, message: 'Check failed', detail: { product_id: id, extra_errors: [{ code, message }] } })
    for (const id of ids as string[]) {
      const product = productOf(ctx, id)
      if (!product) refuse(id, 12052048, "You cannot edit the specified product(s) as it isn't listed in your account or shop.")
      else if (product.status !== 'SELLER_DEACTIVATED' && product.status !== 'PLATFORM_DEACTIVATED') {
        refuse(id, 12052901, 'The product in its current status is not available for this operation. Change the product status and try again.')
      } else {
        // Straight back to ACTIVATE: like a LISTING create, the audit (PENDING) is skipped.
        product.status = 'ACTIVATE'
        product.update_time = nowSeconds()
      }
    }
    return errors.length > 0 ? { errors } : {}
  }

  /** Get Product: every product of the shop except FREEZE and DELETED ones (its spec), reduced to the fields the app reads. */
  function getProduct(ctx: ApiContext): unknown {
    const product = productOf(ctx, ctx.params[0])
    if (!product || product.status === 'FREEZE') return fail(12052260, 'The product ID does not exist')
    return {
      id: product.id,
      status: product.status,
      title: product.title,
      skus: product.skus.map((s) => ({ id: s.id, seller_sku: s.seller_sku, price: { currency: s.price.currency, tax_exclusive_price: s.price.amount, sale_price: s.price.amount }, inventory: s.inventory })),
      create_time: product.create_time,
      update_time: product.update_time,
    }
  }

  function activeProduct(ctx: ApiContext): FakeTiktokProduct {
    const product = productOf(ctx, ctx.params[0])
    if (!product) return fail(12052032, 'The product does not exist')
    if (product.status !== 'ACTIVATE') return fail(12052901, 'The product in its current status is not available for this operation. Change the product status and try again.')
    return product
  }

  function updateInventory(ctx: ApiContext): unknown {
    const product = activeProduct(ctx)
    const body = jsonBody(ctx)
    if (!Array.isArray(body.skus) || body.skus.length === 0) return fail(12052902, 'The SKU list is empty. Either omit the list entirely, or provide all required details.')
    const errors: unknown[] = []
    const updates: { sku: FakeTiktokSku; inventory: { warehouse_id: string; quantity: number }[] }[] = []
    for (const [i, raw] of body.skus.entries()) {
      const id = isRecord(raw) ? str(raw.id) : undefined
      if (!id) return fail(12052036, `The SKU ID is necessary (\`skus[${i}].id\`)`)
      const sku = product.skus.find((s) => s.id === id)
      if (!sku) {
        errors.push({ code: 12052556, message: 'The SKU id not exist.', detail: { sku_id: id } })
        continue
      }
      const inventory = isRecord(raw) ? raw.inventory : undefined
      if (!Array.isArray(inventory) || inventory.length === 0) return fail(12019022, `SKU must contain a valid warehouse. (\`skus[${i}].inventory\`)`)
      const next = inventory.map((inv, j) => {
        const quantity = isRecord(inv) ? inv.quantity : undefined
        const warehouseId = (isRecord(inv) ? str(inv.warehouse_id) : undefined) ?? (sku.inventory.length === 1 ? sku.inventory[0]?.warehouse_id : undefined)
        if (!warehouseId) return fail(12019028, 'Multiple warehouses detected. Include all warehouse IDs and the corresponding details and try again.')
        if (!sku.inventory.some((w) => w.warehouse_id === warehouseId)) {
          return fail(12052533, `Removal, addition, and change of warehouses are not permitted. Please specify the original warehouses for the SKUs. (\`skus[${i}].inventory[${j}].warehouse_id\`)`)
        }
        if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 0 || quantity > 99_999) {
          return fail(12052055, `The SKU inventory quantity for the warehouse must be within allowed limits. (\`skus[${i}].inventory[${j}].quantity\`)`)
        }
        return { warehouse_id: warehouseId, quantity }
      })
      updates.push({ sku, inventory: next })
    }
    for (const u of updates) u.sku.inventory = u.inventory
    if (updates.length > 0) product.update_time = nowSeconds()
    return errors.length > 0 ? { errors } : {}
  }

  function updatePrices(ctx: ApiContext): unknown {
    const product = activeProduct(ctx)
    const body = jsonBody(ctx)
    if (!Array.isArray(body.skus) || body.skus.length === 0) return fail(12052902, 'The SKU list is empty. Either omit the list entirely, or provide all required details.')
    const updates = body.skus.map((raw, i) => {
      const id = isRecord(raw) ? str(raw.id) : undefined
      if (!id) return fail(12052036, `The SKU ID is necessary (\`skus[${i}].id\`)`)
      const sku = product.skus.find((s) => s.id === id)
      if (!sku) return fail(12052557, `The SKU ID does not belong to the product. (\`skus[${i}].id\`)`)
      return { sku, price: readPrice(isRecord(raw) ? raw.price : undefined, `skus[${i}]`) }
    })
    for (const u of updates) u.sku.price = u.price
    product.update_time = nowSeconds()
    return {}
  }

  // ---- orders

  function orderJson(o: StoredOrder): unknown {
    const seed = o.seed
    const currency = seed.currency ?? 'VND'
    const subTotal = seed.lines.reduce((sum, l) => sum + l.salePrice * l.quantity, 0)
    const shippingFee = seed.shippingFee ?? 0
    const lineItems = seed.lines.flatMap((l, li) =>
      Array.from({ length: l.quantity }, (_, unit) => ({
        id: `${o.id.slice(0, 12)}${String(li).padStart(3, '0')}${String(unit).padStart(3, '0')}`,
        sku_id: l.skuId ?? '',
        display_status: o.status,
        product_name: l.productName,
        seller_sku: l.sellerSku,
        sku_name: l.skuName ?? '',
        product_id: l.productId ?? '',
        sale_price: String(l.salePrice),
        original_price: String(l.salePrice),
        platform_discount: '0',
        seller_discount: '0',
        currency,
        package_status: o.status === 'IN_TRANSIT' ? 'FULFILLING' : 'TO_FULFILL',
        tracking_number: seed.trackingNumber ?? '',
      })),
    )
    const hideAddress = o.status === 'UNPAID' || o.status === 'ON_HOLD'
    return {
      id: o.id,
      status: o.status,
      create_time: o.createTime,
      update_time: o.updateTime,
      payment: {
        currency,
        sub_total: String(subTotal),
        shipping_fee: String(shippingFee),
        seller_discount: '0',
        platform_discount: '0',
        total_amount: String(subTotal + shippingFee),
        original_total_product_price: String(subTotal),
        original_shipping_fee: String(shippingFee),
      },
      // recipient_address is not available under UNPAID and ON_HOLD (Get Order List).
      ...(hideAddress
        ? {}
        : {
            recipient_address: {
              name: seed.buyerName ?? 'Nguyễn Văn A',
              phone_number: seed.buyerPhone ?? '(+84)912***678',
              full_address: seed.fullAddress ?? 'Số 12, Xóm Chè, Tân Cương, Thái Nguyên, Việt Nam',
              region_code: 'VN',
            },
          }),
      tracking_number: seed.trackingNumber ?? '',
      shipping_type: 'TIKTOK',
      is_cod: false,
      line_items: lineItems,
    }
  }

  function timeFilter(body: Record<string, unknown>, name: string): number | undefined {
    const value = body[name]
    if (value === undefined) return undefined
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return fail(12052910, `Invalid input parameters. \`${name}\` must be a Unix timestamp.`)
    return value
  }

  function searchOrders(ctx: ApiContext): unknown {
    const body = jsonBody(ctx)
    const sortField = ctx.query.sort_field ?? 'create_time'
    if (sortField !== 'create_time' && sortField !== 'update_time') return fail(12052910, 'Invalid input parameters. `sort_field`')
    const sortOrder = ctx.query.sort_order ?? 'DESC'
    if (sortOrder !== 'ASC' && sortOrder !== 'DESC') return fail(12052910, 'Invalid input parameters. `sort_order`')
    const status = body.order_status
    if (status !== undefined && (typeof status !== 'string' || !ORDER_STATUSES.has(status))) return fail(12052910, 'Invalid input parameters. `order_status`')
    const now = nowSeconds()
    const createGe = timeFilter(body, 'create_time_ge') ?? 0
    const createLt = timeFilter(body, 'create_time_lt') ?? now
    const updateGe = timeFilter(body, 'update_time_ge') ?? 0
    const updateLt = timeFilter(body, 'update_time_lt') ?? now
    const fingerprint = createHash('sha1').update(ctx.body).update(`${sortField}|${sortOrder}`).digest('hex').slice(0, 12)
    const { size, offset } = readPage(ctx.query, fingerprint)
    const field = sortField === 'create_time' ? 'createTime' : 'updateTime'
    const matches = orders
      .filter((o) => o.shopId === ctx.shop.id)
      .filter((o) => status === undefined || o.status === status)
      .filter((o) => o.createTime >= createGe && o.createTime < createLt && o.updateTime >= updateGe && o.updateTime < updateLt)
      .sort((a, b) => (a[field] - b[field] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) * (sortOrder === 'ASC' ? 1 : -1))
    const page = matches.slice(offset, offset + size)
    return {
      total_count: matches.length,
      orders: page.map(orderJson),
      next_page_token: offset + size < matches.length ? pageToken(offset + size, fingerprint) : '',
    }
  }

  // ---- token host

  function tokenAnswer(shopId: string): unknown {
    const now = nowSeconds()
    const access = token()
    const refresh = token()
    accessTokens.set(access, { shopId, expiresAt: now + ACCESS_TOKEN_SECONDS })
    refreshTokens.set(refresh, { shopId, expiresAt: now + REFRESH_TOKEN_SECONDS, retired: false })
    const shop = shopById.get(shopId) as Shop
    return {
      access_token: access,
      // Absolute Unix times, not durations (authorization guide 202309).
      access_token_expire_in: now + ACCESS_TOKEN_SECONDS,
      refresh_token: refresh,
      refresh_token_expire_in: now + REFRESH_TOKEN_SECONDS,
      open_id: `open_${shop.id}`,
      seller_name: shop.name,
      seller_base_region: shop.region,
      user_type: 0,
      granted_scopes: ['seller.authorization.info', 'seller.product.basic', 'seller.product.write', 'seller.logistics', 'seller.order.info'],
    }
  }

  function auth(req: IncomingMessage, path: string, rawQuery: string): Answer | Withheld {
    if (req.method !== 'GET') return errorAnswer(new ApiError(36009010, 'Invalid method. The HTTP method used is not supported by this endpoint.', 405))
    if (path !== '/api/v2/token/get' && path !== '/api/v2/token/refresh') return errorAnswer(new ApiError(36009009, 'Invalid path.', 404))
    const misbehaviour = misbehave()
    if (misbehaviour) return misbehaviour
    const q = parseRawQuery(rawQuery)
    try {
      if (q.app_key !== app.appKey || q.app_secret !== app.appSecret) fail(36004004, 'invalid app_key or app_secret')
      if (path === '/api/v2/token/get') {
        if (q.grant_type !== 'authorized_code') fail(36004004, 'grant_type must be authorized_code')
        const grant = authCodes.get(q.auth_code ?? '')
        if (!grant || grant.used || clock() - grant.issuedAt > AUTH_CODE_MS) fail(36004005, 'can not find related auth record')
        const code = grant as AuthCode
        code.used = true
        return ok(tokenAnswer(code.shopId))
      }
      if (q.grant_type !== 'refresh_token') fail(36004004, 'grant_type must be refresh_token')
      const stored = refreshTokens.get(q.refresh_token ?? '')
      if (!stored || stored.retired) fail(36004005, 'can not find related auth record')
      const grant = stored as RefreshToken
      if (nowSeconds() >= grant.expiresAt) fail(36004001, 'rt has expired')
      grant.retired = true
      return ok(tokenAnswer(grant.shopId))
    } catch (error) {
      if (error instanceof ApiError) return errorAnswer(error)
      throw error
    }
  }

  // ---- authorisation page

  function authorizePage(req: IncomingMessage, path: string, rawQuery: string): Answer {
    const html = (status: number, title: string, inner: string): Answer => ({
      status,
      headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
      body: `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main>${inner}</main></body></html>`,
      code: null,
    })
    if (path !== '/open/authorize' || req.method !== 'GET') return html(404, 'Không tìm thấy', '<h1>Không tìm thấy trang</h1>')
    const q = parseRawQuery(rawQuery)
    if (q.service_id !== app.serviceId) return html(400, 'Liên kết không hợp lệ', '<h1>Liên kết ủy quyền không hợp lệ</h1><p>service_id không đúng.</p>')
    const shop = shops[0] as Shop
    const code = issueCode(shop.id)
    const target = new URL(redirectUrl)
    target.searchParams.set('code', code)
    if (q.state !== undefined) target.searchParams.set('state', q.state)
    return html(
      200,
      'Ủy quyền ứng dụng – TikTok Shop',
      `<h1>Ủy quyền cho ứng dụng</h1><p>Cửa hàng: <strong>${escapeHtml(shop.name)}</strong></p>` +
        `<p>Ứng dụng sẽ được quản lý sản phẩm, tồn kho và đơn hàng của cửa hàng.</p>` +
        `<a id="approve" href="${escapeHtml(target.href)}">Đồng ý</a>`,
    )
  }

  function issueCode(shopId: string): string {
    if (!shopById.has(shopId)) throw new Error(`fake TikTok Shop: no shop ${shopId}`)
    const code = `TTP_${randomBytes(16).toString('base64url')}`
    authCodes.set(code, { shopId, issuedAt: clock(), used: false })
    return code
  }

  // ---- plumbing

  function makeServer(host: FakeTiktokRequest['host']): Server {
    return createServer((req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://fake-tiktok.invalid')
        const rawQuery = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1) : ''
        const body = await readBody(req)
        const contentType = req.headers['content-type']
        const presented = req.headers['x-tts-access-token']
        const entry: FakeTiktokRequest = {
          at: clock(),
          host,
          method: req.method ?? '',
          path: url.pathname,
          query: parseRawQuery(rawQuery),
          contentType,
          accessToken: typeof presented === 'string' ? presented : undefined,
          body: mediaType(contentType) === 'multipart/form-data' ? `<multipart ${body.length} bytes>` : body.toString('utf8'),
          httpStatus: null,
          code: null,
        }
        log.push(entry)
        const answer =
          host === 'api' ? api(req, url.pathname, rawQuery, body, entry) : host === 'auth' ? auth(req, url.pathname, rawQuery) : authorizePage(req, url.pathname, rawQuery)
        if ('withhold' in answer) {
          if (answer.withhold === 'drop') req.socket.destroy()
          else held.add(res)
          return
        }
        entry.httpStatus = answer.status
        entry.code = answer.code
        res.writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', ...answer.headers }).end(answer.body)
      })().catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
        res.end(`fake TikTok Shop error: ${err instanceof Error ? err.message : String(err)}`)
      })
    })
  }

  async function listen(server: Server): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  const servers = { api: makeServer('api'), auth: makeServer('auth'), services: makeServer('services') }
  const sockets = new Set<Socket>()
  for (const server of Object.values(servers)) {
    server.on('connection', (socket: Socket) => {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    })
  }
  const [apiUrl, authUrl, servicesUrl] = await Promise.all([listen(servers.api), listen(servers.auth), listen(servers.services)])

  function releaseHeld(): void {
    for (const res of held) res.socket?.destroy()
    held.clear()
  }

  return {
    url: apiUrl,
    authUrl,
    servicesUrl,
    app,
    redirectUrl,
    shops: shops.map(({ id, name, region, cipher }) => ({ id, name, region, cipher })),
    warehouses: warehouses.map((w) => ({ ...w })),
    get createCalls() {
      return createCalls
    },
    get requests() {
      return structuredClone(log)
    },
    get misbehaviour() {
      return structuredClone(mis)
    },
    setMisbehaviour(m) {
      mis = { ...mis, ...m }
      if ('failRate' in m) random = m.failRate ? seededRandom(m.failRate.seed) : undefined
    },
    reset() {
      releaseHeld()
      products = []
      imageStore = []
      orders = []
      accessTokens = new Map()
      refreshTokens = new Map()
      authCodes = new Map()
      idempotency = new Map()
      log = []
      mis = { ...NO_MISBEHAVIOUR }
      random = undefined
      createCalls = 0
      qps = new Map()
    },
    items: () => structuredClone(products),
    images: () => structuredClone(imageStore),
    setProductStatus(productId, status) {
      const product = products.find((p) => p.id === productId)
      if (!product) throw new Error(`fake TikTok Shop: no product ${productId}`)
      product.status = status
      product.update_time = nowSeconds()
    },
    authorizeCode: (shopId) => issueCode(shopId ?? (shops[0] as Shop).id),
    expireTokens() {
      const now = nowSeconds()
      for (const grant of accessTokens.values()) grant.expiresAt = Math.min(grant.expiresAt, now)
    },
    seedOrder(seed) {
      const shopId = seed.shopId ?? (shops[0] as Shop).id
      if (!shopById.has(shopId)) throw new Error(`fake TikTok Shop: no shop ${shopId}`)
      if (!ORDER_STATUSES.has(seed.status)) throw new Error(`fake TikTok Shop: unknown order status ${seed.status}`)
      const id = seed.id ?? newId('5764', 18)
      const order: StoredOrder = { shopId, id, status: seed.status, createTime: seed.createTime, updateTime: seed.updateTime ?? seed.createTime, seed: structuredClone(seed) }
      orders = orders.filter((o) => o.id !== id)
      orders.push(order)
      return id
    },
    close() {
      releaseHeld()
      for (const socket of sockets) socket.destroy()
      return Promise.all(
        Object.values(servers).map(
          (server) =>
            new Promise<void>((resolve, reject) => {
              server.close((err) => (err ? reject(err) : resolve()))
              server.closeAllConnections()
            }),
        ),
      ).then(() => undefined)
    },
  }
}
