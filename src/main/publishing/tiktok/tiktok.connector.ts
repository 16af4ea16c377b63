/**
 * TikTok Shop as a `MarketplaceConnector` (shared/reference/marketplaces-ocop.md §3, API version
 * 202309; the endpoint specs it cites are the stored copies in lazykern/ecommerce-api-docs,
 * data/raw/tiktok/api-reference/…, called TT-RAW below).
 *
 * TikTok uses three hosts: the API (`apiBase`), the page where the seller authorises the app
 * (`authBase`, services.tiktokshop.com) and a separate token host (auth.tiktok-shops.com) that
 * `ConnectorHosts` has no field for — hence `TikTokHosts.tokenBase`.
 *
 * Every call is signed (./signing.ts), carries the seller's token in `x-tts-access-token`, and
 * shop-scoped calls carry `shop_cipher`. Every answer becomes a result or a `ConnectorFailure`:
 *
 *   HTTP 429 / code 36009002         rate_limited (Retry-After, else 1 s: 50 QPS per API, §3)
 *   HTTP 5xx (503 = overload), network error, timeout,
 *   36009003 / 36009007 / 12001000 / 12052881 (platform "internal error")   transient
 *     (offline as well when no connection could be made: ../connector.ts isNoConnection)
 *   105002 expired token, 36009004 naming the access token, 101000 token/shop mismatch   auth
 *   product / SKU does not exist (12052260, 12052032, 12052048, 12052031, 12052556, 12052557)   not_found
 *   106001 invalid sign (our bug), every validation error, anything else   rejected (code + field)
 *
 * Some methods need more than one request (a warehouse for a create, the shop cipher after the
 * code exchange, SKU ids and warehouses before a stock push); each request is classified the same
 * way and the first failure ends the call.
 */
import { randomBytes } from 'node:crypto'
import { isAxiosError } from 'axios'
import { z } from 'zod'
import {
  ConnectorFailure,
  isNoConnection,
  type ConnectorFailureKind,
  type ConnectorHosts,
  type ConnectorOptions,
  type CreatedItem,
  type ExternalOrder,
  type ListingPayload,
  type ListingSku,
  type MarketplaceConnector,
  type OrderPage,
  type ShopTokens,
  type UploadedImage,
} from '../connector'
import { parseRetryAfter } from '../outbox-policy'
import { encodeQuery, signedQuery } from './signing'

/** Live hosts (§3; US sellers authorise on services.us.tiktokshop.com instead). */
export const TIKTOK_HOSTS = {
  apiBase: 'https://open-api.tiktokglobalshop.com',
  authBase: 'https://services.tiktokshop.com',
  tokenBase: 'https://auth.tiktok-shops.com',
} as const

export interface TikTokHosts extends ConnectorHosts {
  /** The token host (auth.tiktok-shops.com); defaults to the live one. */
  readonly tokenBase?: string
}

/** TikTok Shop: its hosts include the token host; the deadline defaults to 20 s. */
export type TikTokConnectorOptions = ConnectorOptions<TikTokHosts>

export const DEFAULT_TIKTOK_TIMEOUT_MS = 20_000
/** Rate limited without Retry-After: the limit is 50 QPS per API (rate-limits.md), so one second clears it. */
export const TIKTOK_RATE_LIMIT_WAIT_MS = 1_000
export const ORDER_PAGE_SIZE = 50
/**
 * Each order window starts this much before the previous one ended, so an order whose update
 * lands just before a window's end but becomes searchable after it is still seen (the import is
 * idempotent, so the repeats are harmless).
 */
export const ORDER_WINDOW_OVERLAP_SECONDS = 300
/** Upload Product Image: at most 10 MB (TT-RAW upload-product-image; §4). */
const MAX_IMAGE_BYTES = 10 * 1024 * 1024
/** Search Products accepts at most 10 seller_skus per call (error 12019027). */
const SEARCH_SKU_LIMIT = 10
/** Create Product: at most 9 main images. */
const MAX_MAIN_IMAGES = 9
/** Inventory quantity ceiling (Create Product / Update Inventory: 99,999). */
const MAX_QUANTITY = 99_999
/** The custom sales attribute that carries our option labels; at most 20 characters. */
const VARIANT_ATTRIBUTE_NAME = 'Phân loại'

// ----------------------------------------------------------------------------------------------
// Classifying answers

const TRANSIENT_CODES = new Set([36009003, 36009007, 12001000, 12052881])
const AUTH_CODES = new Set([105002, 101000])
const NOT_FOUND_CODES = new Set([12052260, 12052032, 12052048, 12052031, 12052556, 12052557])
/** 36009004 covers bad timestamps and app keys too; only the ones naming the token are "auth" (common-errors.md). */
const TOKEN_PROBLEM = /access[_ -]?token/i

/** Activate Product's "The check failed": the reasons are in its detail.extra_errors. */
const CHECK_FAILED = 12052990
/** "The product in its current status is not available for this operation." */
const STATUS_NOT_AVAILABLE = 12052901

/** Where a code's spec names no field in its message, the field it is about (TT-RAW error lists). */
const FIELD_BY_CODE: Readonly<Record<number, string>> = {
  106001: 'sign',
  106013: 'shop_cipher',
  12019011: 'package_weight',
  12019013: 'brand_id',
  12052002: 'category_id',
  12052006: 'package_weight.value',
  12052013: 'description',
  12052015: 'description',
  12052023: 'category_id',
  12052024: 'category_id',
  12052028: 'main_images',
  12052051: 'title',
  12052054: 'skus.seller_sku',
  12052055: 'skus.inventory.quantity',
  12052073: 'skus.price.amount',
  12052084: 'skus.price.currency',
  12052097: 'skus.inventory.warehouse_id',
  12052181: 'package_weight.value',
  12052261: 'title',
  12052300: 'main_images',
  12052306: 'main_images',
  12052996: 'external_product_id',
  12038005: 'data',
  12038014: 'data',
  12038015: 'data',
}

/**
 * The field a message names: `backticked` the way the common-errors page writes them, or
 * [bracketed] the way Create Product's warnings do ("The [brand_id]:123 field is incorrect").
 */
function fieldOf(code: number, message: string): string | undefined {
  return /`([A-Za-z_][\w.[\]]*)`/.exec(message)?.[1] ?? /\[([a-z_][\w.]*)\]/.exec(message)?.[1] ?? FIELD_BY_CODE[code]
}

interface CodeContext {
  /** What an unrecognised non-zero code means here: `rejected` on the API, `auth` for a refresh. */
  readonly otherwise: ConnectorFailureKind
  readonly what: string
}

function failureForCode(code: number, message: string, httpStatus: number, retryAfterMs: number, context: CodeContext): ConnectorFailure {
  const field = fieldOf(code, message)
  const details = { code: String(code), httpStatus, ...(field ? { field } : {}) }
  const text = `${context.what}: TikTok Shop answered ${code} ${message}`.trim()
  if (code === 36009002) return new ConnectorFailure('rate_limited', text, { ...details, retryAfterMs })
  if (TRANSIENT_CODES.has(code)) return new ConnectorFailure('transient', text, details)
  if (AUTH_CODES.has(code) || (code === 36009004 && TOKEN_PROBLEM.test(message))) return new ConnectorFailure('auth', text, details)
  if (NOT_FOUND_CODES.has(code)) return new ConnectorFailure('not_found', text, details)
  return new ConnectorFailure(context.otherwise, text, details)
}

const envelopeSchema = z.object({ code: z.number().int(), message: z.string().optional(), request_id: z.string().optional(), data: z.unknown().optional() })
type Envelope = z.infer<typeof envelopeSchema>

function parseEnvelope(text: string): Envelope | null {
  try {
    const parsed = envelopeSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

interface RawAnswer {
  readonly status: number
  readonly retryAfter: string | undefined
  readonly text: string
}

/** The `data` of a successful envelope, or the failure the answer means. */
function dataOf(answer: RawAnswer, nowMs: number, context: CodeContext): unknown {
  const retryAfterMs = parseRetryAfter(answer.retryAfter, nowMs) ?? TIKTOK_RATE_LIMIT_WAIT_MS
  const envelope = parseEnvelope(answer.text)
  const { status } = answer
  if (status === 429) {
    return failWith(new ConnectorFailure('rate_limited', `${context.what}: TikTok Shop is rate limiting (HTTP 429)`, { code: String(envelope?.code ?? 36009002), retryAfterMs, httpStatus: status }))
  }
  if (status >= 500) {
    const code = envelope && envelope.code !== 0 ? { code: String(envelope.code) } : {}
    return failWith(new ConnectorFailure('transient', `${context.what}: TikTok Shop answered HTTP ${status}${status === 503 ? ' (overloaded)' : ''}`, { ...code, httpStatus: status }))
  }
  if (envelope && envelope.code !== 0) return failWith(failureForCode(envelope.code, envelope.message ?? '', status, retryAfterMs, context))
  if (envelope && status >= 200 && status < 300) return envelope.data ?? {}
  const kind: ConnectorFailureKind = status === 401 ? 'auth' : status === 408 || (status >= 200 && status < 300) ? 'transient' : 'rejected'
  return failWith(new ConnectorFailure(kind, `${context.what}: TikTok Shop answered HTTP ${status} without its JSON envelope`, { httpStatus: status }))
}

function failWith(failure: ConnectorFailure): never {
  throw failure
}

function parseData<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data)
  // A success we cannot read is retried: every write here is idempotent or checked before repeating.
  if (!parsed.success) throw new ConnectorFailure('transient', `${what}: TikTok Shop's answer could not be read (${parsed.error.issues[0]?.path.join('.') ?? '?'})`, { code: 'bad_answer' })
  return parsed.data
}

// ----------------------------------------------------------------------------------------------
// Answers we read (only the fields used; zod drops the rest)

const tokenSchema = z.object({
  access_token: z.string().min(1),
  access_token_expire_in: z.number(),
  refresh_token: z.string().min(1),
  refresh_token_expire_in: z.number().optional(),
})
const shopsSchema = z.object({ shops: z.array(z.object({ id: z.string(), cipher: z.string(), region: z.string().optional() })) })
const imageSchema = z.object({ uri: z.string().min(1), url: z.string().optional() })
const warehousesSchema = z.object({
  warehouses: z.array(z.object({ id: z.string(), type: z.string().optional(), effect_status: z.string().optional(), is_default: z.boolean().optional() })).default([]),
})
const productSkusSchema = z.object({ product_id: z.string().min(1), skus: z.array(z.object({ id: z.string(), seller_sku: z.string().optional() })).default([]) })
const searchSchema = z.object({
  products: z
    .array(
      z.object({
        id: z.string(),
        status: z.string().optional(),
        create_time: z.number().optional(),
        skus: z.array(z.object({ id: z.string(), seller_sku: z.string().optional(), inventory: z.array(z.object({ warehouse_id: z.string(), quantity: z.number() })).default([]) })).default([]),
      }),
    )
    .default([]),
})
const itemErrorsSchema = z.object({ errors: z.array(z.object({ code: z.number(), message: z.string().optional() })).default([]) })
const errorReason = z.object({ code: z.number(), message: z.string().optional() })
/** Activate Product's per-product errors: a reason of its own, or 12052990 with the reasons nested (TT-RAW activate-product). */
const activateErrorsSchema = z.object({
  errors: z.array(errorReason.extend({ detail: z.object({ extra_errors: z.array(errorReason).optional() }).optional() })).default([]),
})
const productStatusSchema = z.object({ status: z.string() })
const money = z.union([z.string(), z.number()]).optional()
const orderSchema = z.object({
  id: z.string(),
  status: z.string(),
  create_time: z.number(),
  update_time: z.number().optional(),
  payment: z.object({ currency: z.string().optional(), total_amount: money, shipping_fee: money }).optional(),
  recipient_address: z.object({ name: z.string().optional(), phone_number: z.string().optional(), full_address: z.string().optional() }).optional(),
  tracking_number: z.string().optional(),
  line_items: z
    .array(z.object({ seller_sku: z.string().optional(), sku_id: z.string().optional(), product_name: z.string().optional(), sku_name: z.string().optional(), sale_price: money }))
    .default([]),
})
const ordersSchema = z.object({ orders: z.array(orderSchema).default([]), next_page_token: z.string().optional() })
type TikTokOrder = z.infer<typeof orderSchema>

// ----------------------------------------------------------------------------------------------
// Pure mappings

const ORDER_STATES: Readonly<Record<string, ExternalOrder['state']>> = {
  UNPAID: 'unpaid',
  // Accepted and paid, held while the buyer may still cancel: nothing is shipped yet.
  ON_HOLD: 'to_ship',
  AWAITING_SHIPMENT: 'to_ship',
  // Some items still have to leave: the seller has work left.
  PARTIALLY_SHIPPING: 'to_ship',
  // Packed and waiting for the carrier: not yet in the carrier's hands.
  AWAITING_COLLECTION: 'to_ship',
  IN_TRANSIT: 'shipped',
  DELIVERED: 'delivered',
  COMPLETED: 'completed',
  CANCELLED: 'cancelled',
}

/**
 * Our reading of a TikTok order status (Get Order List, `status`). Returns come through TikTok's
 * separate return/refund APIs, not an order status, so nothing maps to `returned`. An unknown
 * status is a new platform state someone must map: it fails loudly instead of being guessed.
 */
export function mapOrderStatus(status: string): ExternalOrder['state'] {
  const state = ORDER_STATES[status]
  if (state === undefined) throw new ConnectorFailure('rejected', `TikTok Shop order status ${status} has no mapping`, { code: 'unknown_order_status', field: 'status' })
  return state
}

/** A TikTok money string ("125000", "125000.00") as whole đồng; VND has no minor unit. */
export function parseVndAmount(value: string | number | undefined): number {
  if (value === undefined || value === '') return 0
  const text = String(value).trim()
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text)
  if (!match) throw new ConnectorFailure('rejected', `TikTok Shop sent an unreadable amount "${text}"`, { code: 'bad_amount' })
  const whole = Number(match[1])
  const firstDecimal = Number((match[2] ?? '0')[0])
  return whole + (firstDecimal >= 5 ? 1 : 0)
}

/** Plain text with line breaks as the HTML Create Product wants: paragraphs on blank lines, <br> inside. */
export function descriptionToHtml(text: string): string {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => `<p>${p.split('\n').map((line) => escape(line.trim())).join('<br>')}</p>`)
    .join('')
}

/** Grams as Create Product's KILOGRAM value (up to 3 decimals), rounded up so we never under-declare. */
export function gramsToKilogramText(grams: number): string {
  const g = Math.ceil(grams)
  const kg = Math.floor(g / 1000)
  const rest = String(g % 1000).padStart(3, '0').replace(/0+$/, '')
  return rest === '' ? String(kg) : `${kg}.${rest}`
}

/**
 * Create Product's required package_weight: one per product, so the heaviest variant's parcel.
 * Without any weight the product cannot be sent at all.
 */
function packageWeight(listing: Pick<ListingPayload, 'listingId' | 'skus'>): string {
  const weights = listing.skus.map((s) => s.weightGrams).filter((w): w is number => w !== null && Number.isFinite(w))
  if (weights.length === 0) {
    throw new ConnectorFailure('rejected', `listing ${listing.listingId}: TikTok Shop requires a package weight and no SKU has one`, { code: 'missing_weight', field: 'package_weight' })
  }
  return gramsToKilogramText(Math.max(...weights))
}

/** identifier_code for a barcode, by its length (Create Product: EAN 8/13, UPC 12, GTIN 14). */
function identifierCode(barcode: string | null): { code: string; type: string } | undefined {
  const code = barcode?.trim() ?? ''
  if (!/^\d+$/.test(code)) return undefined
  const type = { 8: 'EAN', 12: 'UPC', 13: 'EAN', 14: 'GTIN' }[code.length]
  return type ? { code, type } : undefined
}

function imageFormat(bytes: Buffer): { mime: string } | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { mime: 'image/jpeg' }
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { mime: 'image/png' }
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return { mime: 'image/webp' }
  if (bytes.length >= 2 && bytes.toString('latin1', 0, 2) === 'BM') return { mime: 'image/bmp' }
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp') return { mime: 'image/heic' }
  return null
}

const clampQuantity = (quantity: number) => Math.min(MAX_QUANTITY, Math.max(0, Math.floor(quantity)))

const orderCursorSchema = z.object({
  v: z.literal(1),
  /** update_time_ge of the window (Unix seconds). */
  ge: z.number().int().nonnegative(),
  /** update_time_lt, pinned while a window is paged so the page tokens stay valid. */
  lt: z.number().int().positive().optional(),
  page: z.string().min(1).optional(),
})
type OrderCursor = z.infer<typeof orderCursorSchema>

function readCursor(cursor: string | null): OrderCursor | null {
  if (cursor === null) return null
  try {
    const parsed = orderCursorSchema.safeParse(JSON.parse(cursor))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

function toExternalOrder(order: TikTokOrder): ExternalOrder {
  const currency = order.payment?.currency ?? 'VND'
  if (currency !== 'VND') throw new ConnectorFailure('rejected', `TikTok Shop order ${order.id} is in ${currency}, not VND`, { code: 'currency', field: 'payment.currency' })
  // 202309 line items are one unit each (they carry no quantity): equal lines are counted.
  const lines = new Map<string, { sku: string; quantity: number; unitPriceVnd: number; name: string }>()
  for (const item of order.line_items) {
    const sku = item.seller_sku || item.sku_id || ''
    const name = item.sku_name ? `${item.product_name ?? ''} (${item.sku_name})`.trim() : (item.product_name ?? '')
    const unitPriceVnd = parseVndAmount(item.sale_price)
    const key = JSON.stringify([sku, unitPriceVnd, name])
    const line = lines.get(key)
    if (line) line.quantity++
    else lines.set(key, { sku, quantity: 1, unitPriceVnd, name })
  }
  const address = order.recipient_address
  return {
    externalId: order.id,
    status: order.status,
    state: mapOrderStatus(order.status),
    createdAt: new Date(order.create_time * 1000).toISOString(),
    updatedAt: new Date((order.update_time ?? order.create_time) * 1000).toISOString(),
    buyerName: address?.name || null,
    buyerPhone: address?.phone_number || null,
    addressText: address?.full_address || null,
    totalVnd: parseVndAmount(order.payment?.total_amount),
    shippingFeeVnd: parseVndAmount(order.payment?.shipping_fee),
    lines: [...lines.values()],
    trackingCode: order.tracking_number || null,
  }
}

// ----------------------------------------------------------------------------------------------
// The connector

interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PUT'
  readonly path: string
  readonly params?: Readonly<Record<string, string>>
  readonly json?: unknown
  readonly multipart?: { readonly body: Buffer; readonly contentType: string }
  readonly accessToken: string
  /** Shop-scoped APIs need the cipher; the others refuse it (36009004 "Unexpected identifier"). */
  readonly shopCipher: string | null
  readonly nowMs: number
  readonly what: string
}

export function createTikTokConnector(options: TikTokConnectorOptions): MarketplaceConnector {
  const { http, app } = options
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIKTOK_TIMEOUT_MS
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`timeoutMs must be positive: ${timeoutMs}`)
  const base = (url: string) => {
    const parsed = new URL(url)
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new RangeError(`not an http(s) URL: ${url}`)
    return url.replace(/\/+$/, '')
  }
  const apiBase = base(options.hosts.apiBase)
  const authBase = base(options.hosts.authBase)
  const tokenBase = base(options.hosts.tokenBase ?? TIKTOK_HOSTS.tokenBase)

  async function send(method: ApiRequest['method'], url: string, body: string | Buffer | undefined, headers: Record<string, string>, what: string): Promise<RawAnswer> {
    // axios's `timeout` is an idle timer in Node; the abort signal bounds the whole exchange.
    const deadline = AbortSignal.timeout(timeoutMs)
    try {
      const response = await http.request<string>({
        method,
        url,
        data: body,
        headers,
        timeout: timeoutMs,
        signal: deadline,
        responseType: 'text',
        // We sign the exact bytes we send, and read the exact bytes we get.
        transformRequest: [(data: unknown) => data],
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        maxRedirects: 0,
        maxContentLength: 20 * 1024 * 1024,
        maxBodyLength: 12 * 1024 * 1024,
      })
      const retryAfter = response.headers['retry-after']
      return { status: response.status, retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined, text: typeof response.data === 'string' ? response.data : '' }
    } catch (error) {
      // Never echo the URL: the token host's carries app_secret.
      if (deadline.aborted) throw new ConnectorFailure('transient', `${what}: TikTok Shop did not answer within ${timeoutMs} ms`, { code: 'timeout' })
      const code = isAxiosError(error) ? (error.code ?? 'network') : 'network'
      const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT'
      // No connection was ever made (refused, no route, no DNS): TikTok cannot have seen the call,
      // and the outbox waits for the network without spending the job's attempts.
      if (isNoConnection(code)) throw new ConnectorFailure('transient', `${what}: no connection could be made to TikTok Shop (${code}); the request never reached it`, { code, offline: true })
      throw new ConnectorFailure('transient', `${what}: TikTok Shop could not be reached (${code})`, { code: timedOut ? 'timeout' : code })
    }
  }

  async function api(request: ApiRequest): Promise<unknown> {
    const body = request.multipart ? request.multipart.body : request.json === undefined ? undefined : JSON.stringify(request.json)
    const contentType = request.multipart ? request.multipart.contentType : 'application/json'
    const query = signedQuery({
      path: request.path,
      ...(request.params ? { params: request.params } : {}),
      body: typeof body === 'string' ? body : null,
      contentType,
      appKey: app.appKey,
      appSecret: app.appSecret,
      shopCipher: request.shopCipher,
      nowMs: request.nowMs,
    })
    const headers = { 'content-type': contentType, 'x-tts-access-token': request.accessToken, accept: 'application/json' }
    const answer = await send(request.method, `${apiBase}${request.path}?${encodeQuery(query)}`, body, headers, request.what)
    return dataOf(answer, request.nowMs, { otherwise: 'rejected', what: request.what })
  }

  function cipherOf(tokens: ShopTokens): string {
    // No cipher: the shop was authorised before it was stored; a refresh looks it up again.
    if (!tokens.shopCipher) throw new ConnectorFailure('auth', `TikTok Shop ${tokens.shopId} has no shop_cipher yet`, { code: 'missing_shop_cipher', field: 'shop_cipher' })
    return tokens.shopCipher
  }

  async function token(path: string, params: Record<string, string>, nowMs: number, otherwise: ConnectorFailureKind, what: string) {
    // The token host takes app_secret in the query and is not signed (authorization guide 202309).
    const answer = await send('GET', `${tokenBase}${path}?${encodeQuery(params)}`, undefined, { accept: 'application/json' }, what)
    const grant = parseData(tokenSchema, dataOf(answer, nowMs, { otherwise, what }), what)
    // access_token_expire_in / refresh_token_expire_in are absolute Unix times (guide 202309). A
    // value that cannot be one (before 2001) is read as a duration, so a platform change to
    // "seconds from now" does not make every token look expired.
    const instant = (seconds: number) => (seconds < 1_000_000_000 ? nowMs + seconds * 1000 : seconds * 1000)
    return {
      accessToken: grant.access_token,
      accessExpiresAt: instant(grant.access_token_expire_in),
      refreshToken: grant.refresh_token,
      refreshExpiresAt: grant.refresh_token_expire_in ? instant(grant.refresh_token_expire_in) : null,
    }
  }

  async function authorisedShop(accessToken: string, wantedShopId: string | null, nowMs: number): Promise<{ id: string; cipher: string }> {
    const what = 'get authorized shops'
    const data = parseData(shopsSchema, await api({ method: 'GET', path: '/authorization/202309/shops', accessToken, shopCipher: null, nowMs, what }), what)
    // A local Vietnamese seller has one shop; a cross-border seller may list several.
    const shop = wantedShopId ? data.shops.find((s) => s.id === wantedShopId) : (data.shops.find((s) => s.region === 'VN') ?? data.shops[0])
    if (!shop) throw new ConnectorFailure(wantedShopId ? 'auth' : 'rejected', `${what}: the token grants no ${wantedShopId ? `shop ${wantedShopId}` : 'shop'}`, { code: 'no_authorized_shop' })
    return shop
  }

  async function salesWarehouse(tokens: ShopTokens, nowMs: number): Promise<string> {
    const what = 'get warehouse list'
    const data = parseData(warehousesSchema, await api({ method: 'GET', path: '/logistics/202309/warehouses', accessToken: tokens.accessToken, shopCipher: cipherOf(tokens), nowMs, what }), what)
    const usable = data.warehouses.filter((w) => w.type === 'SALES_WAREHOUSE' && (w.effect_status ?? 'ENABLED') === 'ENABLED')
    const chosen = usable.find((w) => w.is_default) ?? usable[0]
    if (!chosen) throw new ConnectorFailure('rejected', `${what}: the shop has no enabled sales warehouse`, { code: 'no_sales_warehouse', field: 'warehouse_id' })
    return chosen.id
  }

  type SearchedProduct = z.infer<typeof searchSchema>['products'][number]

  /** Search Products by seller SKU, ten at a time (its limit); deleted products are gone for us. */
  async function productsWithSkus(tokens: ShopTokens, sellerSkus: readonly string[], nowMs: number): Promise<SearchedProduct[]> {
    const what = 'search products'
    const found = new Map<string, SearchedProduct>()
    for (let i = 0; i < sellerSkus.length; i += SEARCH_SKU_LIMIT) {
      const data = parseData(
        searchSchema,
        await api({
          method: 'POST',
          path: '/product/202309/products/search',
          params: { page_size: '50' },
          json: { seller_skus: sellerSkus.slice(i, i + SEARCH_SKU_LIMIT) },
          accessToken: tokens.accessToken,
          shopCipher: cipherOf(tokens),
          nowMs,
          what,
        }),
        what,
      )
      for (const product of data.products) if (product.status !== 'DELETED') found.set(product.id, product)
    }
    return [...found.values()]
  }

  /** The SKUs of product `itemId` as the platform holds them, by seller SKU. */
  async function platformSkus(tokens: ShopTokens, itemId: string, sellerSkus: readonly string[], nowMs: number): Promise<Map<string, SearchedProduct['skus'][number]>> {
    const product = (await productsWithSkus(tokens, sellerSkus, nowMs)).find((p) => p.id === itemId)
    return new Map((product?.skus ?? []).filter((s) => s.seller_sku).map((s) => [s.seller_sku as string, s]))
  }

  function productBody(listing: ListingPayload, mode: { readonly create: boolean; readonly warehouseId: string | null; readonly skuIds: ReadonlyMap<string, string> }) {
    const variants = listing.skus.length > 1
    const attributes = Object.entries(listing.attributes).map(([id, value]) => ({
      id,
      // The payload cannot say whether a value is a platform value id or custom text; TikTok's
      // value ids are long numbers, so a long all-digit value is taken as an id.
      values: [/^\d{6,}$/.test(value) ? { id: value } : { name: value }],
    }))
    return {
      save_mode: 'LISTING',
      title: listing.title,
      description: descriptionToHtml(listing.description),
      category_id: listing.categoryId,
      ...(listing.brandId ? { brand_id: listing.brandId } : {}),
      // At most 9 (Create Product); the listing's order is the gallery order.
      main_images: listing.images.slice(0, MAX_MAIN_IMAGES).map((image) => ({ uri: image.ref })),
      skus: listing.skus.map((sku) => {
        const id = mode.skuIds.get(sku.sku)
        // Edit Product keeps the inventory of SKUs it is not given; stock moves through
        // updateStock, so only a new SKU is sent with a quantity.
        const withInventory = id === undefined && mode.warehouseId !== null
        const identifier = mode.create ? identifierCode(sku.barcode) : undefined
        return {
          ...(id !== undefined ? { id } : {}),
          seller_sku: sku.sku,
          price: { amount: String(sku.priceVnd), currency: 'VND' },
          ...(withInventory ? { inventory: [{ warehouse_id: mode.warehouseId, quantity: clampQuantity(sku.quantity) }] } : {}),
          ...(variants ? { sales_attributes: [{ name: VARIANT_ATTRIBUTE_NAME, value_name: sku.optionLabel ?? sku.sku }] } : {}),
          // identifier_code can only change while a product is a draft (Create Product), so it is sent once.
          ...(identifier ? { identifier_code: identifier } : {}),
        }
      }),
      package_weight: { value: packageWeight(listing), unit: 'KILOGRAM' },
      ...(attributes.length > 0 ? { product_attributes: attributes } : {}),
      ...(mode.create ? { idempotency_key: listing.listingId, external_product_id: listing.listingId } : {}),
    }
  }

  function createdFrom(data: z.infer<typeof productSkusSchema>, skus: readonly Pick<ListingSku, 'sku'>[]): CreatedItem {
    const skuIds: Record<string, string> = {}
    data.skus.forEach((s, i) => {
      const ours = s.seller_sku ?? skus[i]?.sku
      if (ours !== undefined) skuIds[ours] = s.id
    })
    return { itemId: data.product_id, skuIds }
  }

  /** Throws the first per-item error of a batch answer (`data.errors`), if any. */
  function throwItemErrors(data: unknown, what: string, ignore: ReadonlySet<number> = new Set()): void {
    const { errors } = parseData(itemErrorsSchema, data, what)
    const first = errors.find((e) => !ignore.has(e.code))
    if (first) throw failureForCode(first.code, first.message ?? '', 200, TIKTOK_RATE_LIMIT_WAIT_MS, { otherwise: 'rejected', what })
  }

  async function skuIdsFor(tokens: ShopTokens, itemId: string, skus: readonly Pick<ListingSku, 'sku' | 'externalSkuId'>[], nowMs: number, what: string) {
    const missing = skus.filter((s) => !s.externalSkuId).map((s) => s.sku)
    const known = missing.length > 0 ? await platformSkus(tokens, itemId, missing, nowMs) : new Map<string, SearchedProduct['skus'][number]>()
    return skus.map((s) => {
      const id = s.externalSkuId || known.get(s.sku)?.id
      if (!id) throw new ConnectorFailure('not_found', `${what}: SKU ${s.sku} is not on TikTok Shop product ${itemId}`, { code: 'sku_not_found', field: 'skus.id' })
      return { sku: s.sku, id }
    })
  }

  const findItem: MarketplaceConnector['findItem'] = async (tokens, listing, nowMs) => {
    // Search Products filters by seller_skus (and SKU ids) but not by external_product_id
    // (TT-RAW search-products, request body), so our SKUs — unique to one listing — find it.
    const ours = listing.skus.map((s) => s.sku)
    if (ours.length === 0) return null
    const candidates = (await productsWithSkus(tokens, ours, nowMs))
      .map((product) => ({ product, matched: product.skus.filter((s) => s.seller_sku !== undefined && ours.includes(s.seller_sku)) }))
      .filter((c) => c.matched.length > 0)
      .sort((a, b) => b.matched.length - a.matched.length || (b.product.create_time ?? 0) - (a.product.create_time ?? 0))
    const best = candidates[0]
    if (!best) return null
    return { itemId: best.product.id, skuIds: Object.fromEntries(best.matched.map((s) => [s.seller_sku as string, s.id])) }
  }

  return {
    kind: 'tiktok',

    // The authorisation link takes service_id and state only: TikTok redirects to the URL
    // registered for the app in Partner Center, so `redirectUri` cannot be passed along
    // (authorization-guide-202309, "Generating an authorization link").
    authorizeUrl(_redirectUri, state) {
      if (!app.serviceId) throw new ConnectorFailure('rejected', 'TikTok Shop needs the app service_id for its authorisation link', { code: 'missing_service_id', field: 'serviceId' })
      return `${authBase}/open/authorize?${encodeQuery({ service_id: app.serviceId, state })}`
    },

    async exchangeCode(callback, nowMs) {
      // The redirect carries `code` (guide 202309: `{redirect_url}?code=…&state=…`); Get Access Token calls it auth_code.
      const code = callback.code ?? callback.auth_code
      if (!code) throw new ConnectorFailure('rejected', 'the TikTok Shop redirect carries no code', { code: 'missing_code', field: 'code' })
      const grant = await token('/api/v2/token/get', { app_key: app.appKey, app_secret: app.appSecret, auth_code: code, grant_type: 'authorized_code' }, nowMs, 'rejected', 'get access token')
      const shop = await authorisedShop(grant.accessToken, null, nowMs)
      return { ...grant, shopId: shop.id, shopCipher: shop.cipher }
    },

    async refresh(tokens, nowMs) {
      const grant = await token(
        '/api/v2/token/refresh',
        { app_key: app.appKey, app_secret: app.appSecret, refresh_token: tokens.refreshToken, grant_type: 'refresh_token' },
        nowMs,
        'auth',
        'refresh access token',
      )
      const shopCipher = tokens.shopCipher || (await authorisedShop(grant.accessToken, tokens.shopId, nowMs)).cipher
      return { ...grant, shopId: tokens.shopId, shopCipher }
    },

    async uploadImage(tokens, image, nowMs) {
      const what = `upload image ${image.fileName}`
      if (image.bytes.length === 0 || image.bytes.length > MAX_IMAGE_BYTES) {
        throw new ConnectorFailure('rejected', `${what}: ${image.bytes.length} bytes, TikTok Shop takes 1 B … 10 MB`, { code: 'image_size', field: 'data' })
      }
      const format = imageFormat(image.bytes)
      if (!format) throw new ConnectorFailure('rejected', `${what}: not a JPG, PNG, WEBP, HEIC or BMP image`, { code: 'image_format', field: 'data' })
      const boundary = `----ocop${randomBytes(12).toString('hex')}`
      const safeName = image.fileName.replace(/["\r\n\\]/g, '_')
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="data"; filename="${safeName}"\r\nContent-Type: ${format.mime}\r\n\r\n`, 'utf8'),
        image.bytes,
        Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="use_case"\r\n\r\nMAIN_IMAGE\r\n--${boundary}--\r\n`, 'utf8'),
      ])
      // Not shop-scoped (TT-RAW upload-product-image has no shop_cipher); the body is not signed.
      const data = await api({
        method: 'POST',
        path: '/product/202309/images/upload',
        multipart: { body, contentType: `multipart/form-data; boundary=${boundary}` },
        accessToken: tokens.accessToken,
        shopCipher: null,
        nowMs,
        what,
      })
      const uploaded = parseData(imageSchema, data, what)
      // The spec's sample URL ends in a stray newline.
      const url = uploaded.url?.trim()
      return { ref: uploaded.uri, url: url ? url : null } satisfies UploadedImage
    },

    async createItem(tokens, listing, nowMs) {
      const what = `create product for listing ${listing.listingId}`
      const shopCipher = cipherOf(tokens)
      packageWeight(listing) // refused before any request
      const warehouseId = await salesWarehouse(tokens, nowMs)
      const json = productBody(listing, { create: true, warehouseId, skuIds: new Map() })
      try {
        const data = await api({ method: 'POST', path: '/product/202309/products', json, accessToken: tokens.accessToken, shopCipher, nowMs, what })
        return createdFrom(parseData(productSkusSchema, data, what), listing.skus)
      } catch (error) {
        // 12052996 "external_id duplicated": the product of this listing already exists (its
        // idempotency window has passed) — it is the answer, not an error.
        if (error instanceof ConnectorFailure && error.details.code === '12052996') {
          const existing = await findItem(tokens, listing, nowMs)
          if (existing) return existing
        }
        throw error
      }
    },

    findItem,

    async updateItem(tokens, itemId, listing, nowMs) {
      const what = `edit product ${itemId}`
      const shopCipher = cipherOf(tokens)
      packageWeight(listing) // refused before any request
      // Edit Product deletes every SKU it is not given by id, so ids we lack are looked up first.
      const missing = listing.skus.filter((s) => !s.externalSkuId).map((s) => s.sku)
      const looked = missing.length > 0 ? await platformSkus(tokens, itemId, missing, nowMs) : new Map<string, { id: string }>()
      const skuIds = new Map<string, string>()
      for (const sku of listing.skus) {
        const id = sku.externalSkuId || looked.get(sku.sku)?.id
        if (id) skuIds.set(sku.sku, id)
      }
      const warehouseId = listing.skus.some((s) => !skuIds.has(s.sku)) ? await salesWarehouse(tokens, nowMs) : null
      const json = productBody(listing, { create: false, warehouseId, skuIds })
      const data = await api({ method: 'PUT', path: `/product/202309/products/${encodeURIComponent(itemId)}`, json, accessToken: tokens.accessToken, shopCipher, nowMs, what })
      parseData(productSkusSchema, data, what)
    },

    async unlistItem(tokens, itemId, nowMs) {
      const what = `deactivate product ${itemId}`
      const data = await api({ method: 'POST', path: '/product/202309/products/deactivate', json: { product_ids: [itemId] }, accessToken: tokens.accessToken, shopCipher: cipherOf(tokens), nowMs, what })
      // 12052901: only ACTIVATE products can be deactivated, so this one is already not on sale —
      // what a retried unlist after a lost answer sees.
      throwItemErrors(data, what, new Set([STATUS_NOT_AVAILABLE]))
    },

    // Activate Product (TT-RAW activate-product): POST product_ids (at most 20) takes products in
    // SELLER_DEACTIVATED or PLATFORM_DEACTIVATED back into the catalogue through an audit
    // (PENDING, then ACTIVATE). Refusals come per product in data.errors, either as the reason's
    // own code or, as in the spec's sample answer, as 12052990 "check failed" with the reasons in
    // detail.extra_errors; both shapes are read.
    async relistItem(tokens, itemId, nowMs) {
      const what = `activate product ${itemId}`
      const shopCipher = cipherOf(tokens)
      const data = await api({ method: 'POST', path: '/product/202309/products/activate', json: { product_ids: [itemId] }, accessToken: tokens.accessToken, shopCipher, nowMs, what })
      const reasons = parseData(activateErrorsSchema, data, what).errors.flatMap((e) => {
        const nested = e.code === CHECK_FAILED ? (e.detail?.extra_errors ?? []) : []
        return nested.length > 0 ? nested : [e]
      })
      const refusal = reasons.find((r) => r.code !== STATUS_NOT_AVAILABLE)
      if (refusal) throw failureForCode(refusal.code, refusal.message ?? '', 200, TIKTOK_RATE_LIMIT_WAIT_MS, { otherwise: 'rejected', what })
      if (reasons.length === 0) return
      // 12052901 is what a product already on sale answers (a retry after a lost answer), but so
      // do a draft, a failed audit and a frozen product: Get Product says which it is.
      const product = parseData(
        productStatusSchema,
        await api({ method: 'GET', path: `/product/202309/products/${encodeURIComponent(itemId)}`, accessToken: tokens.accessToken, shopCipher, nowMs, what }),
        what,
      )
      // PENDING: our activation (or an edit) is being audited; there is nothing more to ask for.
      if (product.status === 'ACTIVATE' || product.status === 'PENDING') return
      throw new ConnectorFailure('rejected', `${what}: TikTok Shop cannot put a product in status ${product.status} back on sale`, { code: String(STATUS_NOT_AVAILABLE), field: 'status' })
    },

    async updateStock(tokens, itemId, skus, nowMs) {
      const what = `update inventory of product ${itemId}`
      if (skus.length === 0) return
      const shopCipher = cipherOf(tokens)
      // Update Inventory wants every warehouse the SKU is stocked in, and no other: the search
      // tells which (and the SKU ids we may lack).
      const onPlatform = await platformSkus(tokens, itemId, skus.map((s) => s.sku), nowMs)
      const defaultWarehouse = onPlatform.size > 0 && [...onPlatform.values()].some((s) => s.inventory.length > 1) ? await salesWarehouse(tokens, nowMs) : null
      const body = skus.map((sku) => {
        const platform = onPlatform.get(sku.sku)
        const id = sku.externalSkuId || platform?.id
        if (!id || !platform) throw new ConnectorFailure('not_found', `${what}: SKU ${sku.sku} is not on TikTok Shop product ${itemId}`, { code: 'sku_not_found', field: 'skus.id' })
        const quantity = clampQuantity(sku.quantity)
        const stocked = platform.inventory
        // Several warehouses: ours (the default sales one) gets the quantity, the others keep theirs.
        const ourWarehouse = stocked.find((w) => w.warehouse_id === defaultWarehouse)?.warehouse_id ?? stocked[0]?.warehouse_id
        const inventory = stocked.length === 0 ? [{ quantity }] : stocked.map((w) => ({ warehouse_id: w.warehouse_id, quantity: w.warehouse_id === ourWarehouse ? quantity : w.quantity }))
        return { id, inventory }
      })
      const data = await api({
        method: 'POST',
        path: `/product/202309/products/${encodeURIComponent(itemId)}/inventory/update`,
        json: { skus: body },
        accessToken: tokens.accessToken,
        shopCipher,
        nowMs,
        what,
      })
      throwItemErrors(data, what)
    },

    async updatePrice(tokens, itemId, skus, nowMs) {
      const what = `update prices of product ${itemId}`
      if (skus.length === 0) return
      const shopCipher = cipherOf(tokens)
      const ids = await skuIdsFor(tokens, itemId, skus, nowMs, what)
      const prices = new Map(skus.map((s) => [s.sku, s.priceVnd]))
      const json = { skus: ids.map(({ sku, id }) => ({ id, price: { amount: String(prices.get(sku)), currency: 'VND' } })) }
      await api({ method: 'POST', path: `/product/202309/products/${encodeURIComponent(itemId)}/prices/update`, json, accessToken: tokens.accessToken, shopCipher, nowMs, what })
    },

    async pullOrders(tokens, cursor, sinceMs, nowMs) {
      const what = 'get order list'
      const shopCipher = cipherOf(tokens)
      const nowSeconds = Math.floor(nowMs / 1000)
      // An unreadable cursor restarts from sinceMs: overlapping windows are harmless.
      const at = readCursor(cursor) ?? { v: 1 as const, ge: Math.max(0, Math.floor(sinceMs / 1000)) }
      const window = { ge: at.ge, lt: Math.max(at.lt ?? nowSeconds, at.ge + 1) }
      const params: Record<string, string> = { page_size: String(ORDER_PAGE_SIZE), sort_field: 'update_time', sort_order: 'ASC', ...(at.page ? { page_token: at.page } : {}) }
      const data = parseData(
        ordersSchema,
        await api({
          method: 'POST',
          path: '/order/202309/orders/search',
          params,
          json: { update_time_ge: window.ge, update_time_lt: window.lt },
          accessToken: tokens.accessToken,
          shopCipher,
          nowMs,
          what,
        }),
        what,
      )
      const orders = data.orders.map(toExternalOrder)
      const next = data.next_page_token ?? ''
      if (next !== '' && data.orders.length > 0) {
        const cursorOut: OrderCursor = { v: 1, ge: window.ge, lt: window.lt, page: next }
        return { orders, cursor: JSON.stringify(cursorOut), more: true } satisfies OrderPage
      }
      const cursorOut: OrderCursor = { v: 1, ge: Math.max(window.ge, window.lt - ORDER_WINDOW_OVERLAP_SECONDS) }
      return { orders, cursor: JSON.stringify(cursorOut), more: false } satisfies OrderPage
    },
  }
}
