/**
 * The Lazada Open Platform (Vietnam venture) behind the one MarketplaceConnector interface
 * (../connector.ts). Facts come from section 2 of shared/reference/marketplaces-ocop.md and the
 * Lazada pages it cites, copied in lazykern/ecommerce-api-docs (LZ-GUIDE = data/processed/lazada/
 * guides/…, LZ-RAW = data/raw/lazada/apis/…); each call below names its page.
 *
 * Transport (LZ-GUIDE call-api-with-http-requests/*; the official lazop Python SDK,
 * lazop-sdk-python-20181207 base.py): every parameter, system and business, is signed
 * (./signing.ts); a GET carries them in the query string, a POST in an
 * application/x-www-form-urlencoded body, and UploadImage in a multipart body whose `image` part
 * is the only unsigned one. Large data goes in a `payload` (or `apiRequestBody`) text parameter,
 * JSON where Lazada's JSON-format demo lists the API (create, update, price), XML where its own
 * examples are XML (deactivate, sellable stock).
 *
 * Answers: `{code: "0", data, request_id}`; the token APIs answer the same fields flat. Errors are
 * `{type: ISV|ISP|SYSTEM, code, message, request_id[, detail]}`, usually with HTTP 200 — the body,
 * not the status, says what went wrong. Mapping onto ConnectorFailure kinds:
 *   - HTTP 429, ApiCallLimit, 901, 4154 (SYS_REQUEST_TOO_FAST) → rate_limited. The wait is the
 *     Retry-After header when present, else the "this ban will last N seconds" of the message,
 *     else "wait for the next second" (section 2; create-update-product-q-a.md Q10).
 *   - IllegalAccessToken / IllegalRefreshToken and other expired-token codes → auth.
 *   - network errors, timeouts, HTTP 5xx, type ISP/SYSTEM and the documented "system fluctuation"
 *     codes (ServiceTimeout, 6, 513, 998, 1000…) → transient; marked offline when no connection
 *     could be made at all (../connector.ts isNoConnection), since Lazada then never saw the call.
 *   - item-not-found codes of the APIs we call (208, 207, 4137, E0002…, or a NOT_FOUND detail
 *     under the overview codes 500/501) → not_found.
 *   - every other ISV error → rejected, with the platform's code and the field its `detail` names.
 * (error-messages.md names the three types but contradicts itself about ISV vs ISP; the SDK's
 * reading, ISV = the caller's request, ISP = the service, is the one used here.)
 *
 * The connector holds no state: tokens and the order cursor come in and go back out.
 */
import { PACKAGE_ATTRIBUTES } from '@shared/domain/channel-requirements'
import { randomBytes } from 'node:crypto'
import { isAxiosError } from 'axios'
import {
  ConnectorFailure,
  isNoConnection,
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
import { LAZADA_SIGN_METHOD, lazadaTimestamp, signLazadaRequest } from './signing'

/**
 * Lazada: apiBase e.g. https://api.lazada.vn/rest, authBase https://auth.lazada.com (a trailing
 * /rest is accepted); the deadline defaults to 30 s, the official SDKs' default.
 */
export type LazadaConnectorOptions = ConnectorOptions

export const DEFAULT_LAZADA_TIMEOUT_MS = 30_000
/** GetMultipleOrderItems takes at most 50 order ids (LZ-RAW order-api/getmultipleorderitems.json), so one page needs one items call. */
export const LAZADA_ORDER_PAGE_SIZE = 50
/** A new order window starts this long before the newest updated_at seen, so late-indexed changes are not missed. */
export const LAZADA_ORDER_OVERLAP_MS = 10 * 60_000
/** Inventory APIs take at most 50 SKUs and recommend 20 (inventory-management-api.md). */
export const LAZADA_SKUS_PER_CALL = 20
/** The custom sales-attribute name our variants use (custom-sales-attributes.md: at most 15 characters). */
export const LAZADA_VARIATION_NAME = 'Phân loại'
/** Listing attributes that Lazada reads per SKU, not per product (update-a-product.md field table). */
export const LAZADA_PACKAGE_ATTRIBUTES = PACKAGE_ATTRIBUTES

const VIETNAM_OFFSET_MS = 7 * 3600_000
/** A listing answer is tens of kilobytes; anything near this is not Lazada. */
const MAX_RESPONSE_BYTES = 20 * 1024 * 1024

const RATE_LIMIT_CODES = new Set(['ApiCallLimit', 'AppCallLimit', '901', '4154', 'SYS_REQUEST_TOO_FAST'])
const AUTH_CODES = new Set(['IllegalAccessToken', 'IllegalRefreshToken', 'InvalidAccessToken', 'AccessTokenExpired', 'AccessTokenInvalid'])
const TRANSIENT_CODES = new Set(['ServiceTimeout', 'ServiceUnavailable', 'UnknownRuntimeException', 'ISP.ServiceUnavailable', '6', 'E0006', '21', '513', '998', '1000', '4159', 'SYSTEM_BUSY', 'SYSTEM_TIMEOUT'])
const NOT_FOUND_CODES = new Set(['207', '208', '4136', '4137', 'E0002', 'E0003', '16', 'EDIT_ITEM_NOT_BELONG_SELLER', 'SELLER_SKU_NOT_FOUND', 'ITEM_NOT_FOUND'])
/** "Overview" codes whose `detail` says what actually happened (create-update-product-q-a.md). */
const OVERVIEW_CODES = new Set(['500', '501', '503'])

// ----------------------------------------------------------------------------------------------
// Reading answers

type Json = Record<string, unknown>

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

function unexpected(apiPath: string, what: string): ConnectorFailure {
  // An answer we cannot read is treated like a garbled one: retried with backoff, then dead.
  return new ConnectorFailure('transient', `Lazada ${apiPath}: unexpected answer (${what})`, { code: 'unexpected_response' })
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** Lazada ids arrive as JSON numbers or strings; a number past 2^53 has already lost digits. */
function idOf(value: unknown, apiPath: string, what: string): string {
  if (typeof value === 'string' && /^\d+$/.test(value)) return value
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value)
  throw unexpected(apiPath, `${what} is not an id`)
}

/** "170000.00", "1,234.50" or 170000 → whole đồng. */
function vndOf(value: unknown, apiPath: string, what: string): number {
  if (value === undefined || value === null || value === '') return 0
  const raw = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.replace(/,/g, '').trim() : ''
  if (!/^-?\d+(\.\d+)?$/.test(raw)) throw unexpected(apiPath, `${what} is not an amount`)
  return Math.round(Number(raw))
}

function secondsOf(value: unknown): number | undefined {
  const raw = textOf(value)
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined
  return Number(raw)
}

interface LazadaError {
  readonly type: string | undefined
  readonly code: string
  readonly message: string
  readonly detail: readonly { field: string | undefined; message: string }[]
}

function readError(body: Json): LazadaError {
  const detail = Array.isArray(body.detail)
    ? body.detail.filter(isRecord).map((d) => ({ field: textOf(d.field), message: textOf(d.message) ?? '' }))
    : []
  return { type: textOf(body.type), code: textOf(body.code) ?? '', message: textOf(body.message) ?? '', detail }
}

/** Section 2: on ApiCallLimit "wait for the next second"; the message may say how long the ban lasts. */
function rateLimitWait(retryAfter: string | undefined, message: string, nowMs: number): number {
  const header = parseRetryAfter(retryAfter, nowMs)
  if (header !== null) return header
  const ban = /ban will last (\d+) seconds?/i.exec(message)
  if (ban) return Number(ban[1]) * 1000
  return 1000 - (((nowMs % 1000) + 1000) % 1000) || 1000
}

function classifyError(err: LazadaError, apiPath: string, httpStatus: number, retryAfter: string | undefined, nowMs: number): ConnectorFailure {
  const summary = [err.message, ...err.detail.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message))].filter((s) => s !== '').join('; ')
  const message = `Lazada ${apiPath}: ${err.code || 'error'}${summary ? ` ${summary}` : ''}`
  const base = { code: err.code || undefined, httpStatus }
  if (httpStatus === 429 || RATE_LIMIT_CODES.has(err.code)) {
    return new ConnectorFailure('rate_limited', message, { ...base, retryAfterMs: rateLimitWait(retryAfter, err.message, nowMs) })
  }
  if (httpStatus >= 500) return new ConnectorFailure('transient', message, base)
  if (AUTH_CODES.has(err.code)) return new ConnectorFailure('auth', message, base)
  if (NOT_FOUND_CODES.has(err.code)) return new ConnectorFailure('not_found', message, base)
  if (OVERVIEW_CODES.has(err.code) && err.detail.some((d) => /NOT_FOUND|not exist/i.test(d.message))) {
    const first = err.detail.find((d) => /NOT_FOUND|not exist/i.test(d.message))
    return new ConnectorFailure('not_found', message, { ...base, field: first?.field })
  }
  if (TRANSIENT_CODES.has(err.code) || err.type === 'ISP' || err.type === 'SYSTEM') return new ConnectorFailure('transient', message, base)
  const field = err.detail.find((d) => d.field !== undefined)?.field
  return new ConnectorFailure('rejected', message, field === undefined ? base : { ...base, field })
}

// ----------------------------------------------------------------------------------------------
// Writing requests

function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c)
}

/** Our plain-text description as the HTML Lazada's `description` attribute takes (escaped, paragraphs, line breaks). */
export function lazadaDescriptionHtml(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${paragraph.split('\n').map(escapeXml).join('<br/>')}</p>`)
    .join('')
}

/** GetOrders' time format, YYYY-MM-DDTHH:mm:ss±HH:MM (LZ-RAW getorders.json error 17), on the Vietnam clock. */
export function lazadaTime(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + VIETNAM_OFFSET_MS)
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}+07:00`
}

/** Grams to the kilograms Lazada wants, at most two decimals and never 0 (update-a-product.md). */
function packageWeightKg(grams: number): string {
  return Math.max(0.01, Math.round(grams / 10) / 100).toFixed(2)
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

// ----------------------------------------------------------------------------------------------
// Orders

type OrderState = ExternalOrder['state']

/** One Lazada item status onto our reading of it; undefined when we do not know the status. */
function itemState(status: string): OrderState | undefined {
  switch (status.trim().toLowerCase()) {
    case 'unpaid':
      return 'unpaid'
    case 'pending':
    case 'topack':
    case 'packed':
    case 'repacked':
    case 'toship':
    case 'ready_to_ship':
    case 'ready_to_ship_pending':
      return 'to_ship'
    case 'shipped':
    case 'shipping':
    case 'in_transit':
      return 'shipped'
    case 'delivered':
      return 'delivered'
    case 'confirmed':
      return 'completed'
    case 'canceled':
    case 'cancelled':
      return 'cancelled'
    // Goods that left and never reached the buyer: the money is not earned and the stock is not
    // simply back on the shelf, so these wait for a person the way a return does.
    case 'returned':
    case 'failed':
    case 'failed_delivery':
    case 'shipped_back':
    case 'shipped_back_success':
    case 'shipped_back_failed':
    case 'lost':
    case 'lost_by_3pl':
    case 'damaged_by_3pl':
    case 'package_scrapped':
      return 'returned'
    default:
      return undefined
  }
}

const PROGRESS: readonly OrderState[] = ['unpaid', 'to_ship', 'shipped', 'delivered', 'completed']

/**
 * An order's `statuses` (the distinct statuses of its items, LZ-RAW getorders.json) onto one
 * state: the least advanced of its live items; returned only when nothing is live, cancelled
 * only when every item is. Unknown statuses are ignored; an order with none known is to_ship,
 * the state that asks for attention without moving stock.
 */
export function lazadaOrderState(statuses: readonly string[]): OrderState {
  const states = statuses.map(itemState).filter((s): s is OrderState => s !== undefined)
  const live: OrderState[] = states.filter((s) => s !== 'cancelled' && s !== 'returned')
  if (live.length > 0) return PROGRESS.find((s) => live.includes(s)) ?? 'to_ship'
  if (states.includes('returned')) return 'returned'
  if (states.includes('cancelled')) return 'cancelled'
  return 'to_ship'
}

interface OrderCursor {
  /** Start of the update_after window, epoch ms. */
  readonly after: number
  readonly offset: number
  /** Newest updated_at seen in this window so far. */
  readonly maxSeen: number | null
}

function encodeCursor(cursor: OrderCursor): string {
  return JSON.stringify({ v: 1, after: cursor.after, offset: cursor.offset, maxSeen: cursor.maxSeen })
}

function decodeCursor(text: string): OrderCursor {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  if (
    isRecord(parsed) &&
    parsed.v === 1 &&
    Number.isSafeInteger(parsed.after) &&
    Number.isSafeInteger(parsed.offset) &&
    (parsed.offset as number) >= 0 &&
    (parsed.maxSeen === null || Number.isSafeInteger(parsed.maxSeen))
  ) {
    return { after: parsed.after as number, offset: parsed.offset as number, maxSeen: parsed.maxSeen as number | null }
  }
  throw new ConnectorFailure('rejected', `Lazada order cursor is not one this connector wrote: ${text.slice(0, 80)}`, { code: 'bad_cursor' })
}

function isoOf(value: unknown): string {
  const raw = textOf(value) ?? ''
  const ms = /^\d{12,}$/.test(raw) ? Number(raw) : Date.parse(raw)
  return Number.isNaN(ms) ? raw : new Date(ms).toISOString()
}

function mapOrder(order: Json, items: readonly Json[], apiPath: string): ExternalOrder {
  const statuses = Array.isArray(order.statuses) ? order.statuses.map(textOf).filter((s): s is string => s !== undefined) : []
  const shipping = isRecord(order.address_shipping) ? order.address_shipping : {}
  const name = [textOf(shipping.first_name) ?? textOf(order.customer_first_name), textOf(shipping.last_name) ?? textOf(order.customer_last_name)]
    .filter((s): s is string => s !== undefined && s.trim() !== '')
    .join(' ')
    .trim()
  const address = [shipping.address1, shipping.address2, shipping.address3, shipping.address4, shipping.address5, shipping.addressDsitrict ?? shipping.addressDistrict, shipping.city]
    .map(textOf)
    .filter((s): s is string => s !== undefined && s.trim() !== '')
    .join(', ')
  // GetOrders' `price` is the items' total "excluding voucher and shipping_fee" (LZ-RAW
  // getorders.json): what the buyer pays is price − voucher + shipping_fee.
  const itemsTotal = vndOf(order.price, apiPath, 'price')
  const shippingFee = vndOf(order.shipping_fee, apiPath, 'shipping_fee')
  const voucher = vndOf(order.voucher, apiPath, 'voucher')
  // Lazada lists one order item per unit (no quantity field): units of one SKU at one price make a line.
  const lines = new Map<string, { sku: string; quantity: number; unitPriceVnd: number; name: string }>()
  let trackingCode: string | null = null
  for (const item of items) {
    const sku = textOf(item.sku) ?? ''
    const unitPriceVnd = vndOf(item.item_price, apiPath, 'item_price')
    const key = `${sku}\u0000${unitPriceVnd}`
    const line = lines.get(key)
    if (line) line.quantity += 1
    else lines.set(key, { sku, quantity: 1, unitPriceVnd, name: textOf(item.name) ?? sku })
    const tracking = textOf(item.tracking_code)
    if (trackingCode === null && tracking) trackingCode = tracking
  }
  return {
    externalId: idOf(order.order_id, apiPath, 'order_id'),
    status: statuses.join(','),
    state: lazadaOrderState(statuses),
    createdAt: isoOf(order.created_at),
    updatedAt: isoOf(order.updated_at),
    buyerName: name === '' ? null : name,
    buyerPhone: textOf(shipping.phone) || null,
    addressText: address === '' ? null : address,
    totalVnd: Math.max(0, itemsTotal - voucher + shippingFee),
    shippingFeeVnd: shippingFee,
    lines: [...lines.values()],
    trackingCode,
  }
}

// ----------------------------------------------------------------------------------------------
// The connector

type Host = 'api' | 'auth'

interface CallSpec {
  readonly host: Host
  readonly method: 'GET' | 'POST'
  readonly apiPath: string
  readonly params: Readonly<Record<string, string | undefined>>
  readonly accessToken?: string
  readonly file?: { readonly field: string; readonly bytes: Buffer; readonly fileName: string; readonly contentType: string }
  readonly nowMs: number
}

export function createLazadaConnector({ http, hosts, app, timeoutMs = DEFAULT_LAZADA_TIMEOUT_MS }: LazadaConnectorOptions): MarketplaceConnector {
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`timeoutMs must be positive: ${timeoutMs}`)
  const apiBase = hosts.apiBase.replace(/\/+$/, '')
  // Section 2: the authorisation page is https://auth.lazada.com/oauth/authorize and the token
  // APIs live under https://auth.lazada.com/rest, so authBase may be written either way.
  const authOrigin = hosts.authBase.replace(/\/+$/, '').replace(/\/rest$/, '')
  for (const base of [apiBase, authOrigin]) {
    const protocol = new URL(base).protocol
    if (protocol !== 'https:' && protocol !== 'http:') throw new RangeError(`Lazada host is not http(s): ${base}`)
  }

  async function call(spec: CallSpec): Promise<Json> {
    const params: Record<string, string> = {}
    for (const [key, value] of Object.entries(spec.params)) if (value !== undefined) params[key] = value
    params.app_key = app.appKey
    params.sign_method = LAZADA_SIGN_METHOD
    params.timestamp = lazadaTimestamp(spec.nowMs)
    if (spec.accessToken !== undefined) params.access_token = spec.accessToken
    params.sign = signLazadaRequest({ apiPath: spec.apiPath, params, appSecret: app.appSecret })

    const url = `${spec.host === 'api' ? apiBase : `${authOrigin}/rest`}${spec.apiPath}`
    let requestUrl = url
    let data: string | Buffer | undefined
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (spec.method === 'GET') {
      requestUrl = `${url}?${new URLSearchParams(params).toString()}`
    } else if (spec.file) {
      const boundary = `----ocop${randomBytes(12).toString('hex')}`
      const parts: Buffer[] = []
      for (const [key, value] of Object.entries(params)) {
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`, 'utf8'))
      }
      const fileName = spec.file.fileName.replace(/["\r\n]/g, '_')
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${spec.file.field}"; filename="${fileName}"\r\nContent-Type: ${spec.file.contentType}\r\n\r\n`, 'utf8'))
      parts.push(spec.file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'))
      data = Buffer.concat(parts)
      headers['Content-Type'] = `multipart/form-data; boundary=${boundary}`
    } else {
      data = new URLSearchParams(params).toString()
      headers['Content-Type'] = 'application/x-www-form-urlencoded;charset=UTF-8'
    }

    let status: number
    let text: unknown
    let retryAfter: string | undefined
    // axios's `timeout` is an idle timer on the socket in Node; the abort signal puts a deadline
    // on the whole exchange.
    const deadline = AbortSignal.timeout(timeoutMs)
    try {
      const response = await http.request<unknown>({
        method: spec.method,
        url: requestUrl,
        data,
        headers,
        timeout: timeoutMs,
        signal: deadline,
        // Parsed here: axios's default hands back a string when JSON.parse fails, which would let
        // a gateway's HTML page pass for an answer.
        responseType: 'text',
        transformResponse: [(body: unknown) => body],
        // Every status is an answer to classify, not an exception of another shape.
        validateStatus: () => true,
        maxRedirects: 0,
        maxContentLength: MAX_RESPONSE_BYTES,
        transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
      })
      status = response.status
      text = response.data
      const header: unknown = response.headers['retry-after']
      retryAfter = typeof header === 'string' ? header : undefined
    } catch (error) {
      if (!isAxiosError(error) && !deadline.aborted) throw error
      const timedOut = deadline.aborted || (isAxiosError(error) && (error.code === 'ETIMEDOUT' || error.code === 'ECONNABORTED'))
      // No connection was ever made (refused, no route, no DNS): Lazada cannot have seen the call,
      // and the outbox waits for the network without spending the job's attempts.
      const code = isAxiosError(error) ? error.code : undefined
      if (!timedOut && isNoConnection(code)) {
        throw new ConnectorFailure('transient', `Lazada ${spec.apiPath}: no connection could be made (${code}); the request never reached Lazada`, { code, offline: true })
      }
      const why = timedOut ? `no answer within ${timeoutMs} ms` : `network error (${isAxiosError(error) ? (error.code ?? error.message) : 'unknown'})`
      throw new ConnectorFailure('transient', `Lazada ${spec.apiPath}: ${why}`, { code: timedOut ? 'timeout' : 'network' })
    }

    let body: unknown
    try {
      body = typeof text === 'string' && text !== '' ? JSON.parse(text) : undefined
    } catch {
      body = undefined
    }
    if (!isRecord(body) || (body.code === undefined && body.access_token === undefined && body.data === undefined)) {
      // Not a Lazada envelope (a gateway page, an empty body): only the HTTP status speaks.
      if (status === 429) {
        throw new ConnectorFailure('rate_limited', `Lazada ${spec.apiPath}: HTTP 429`, { httpStatus: status, retryAfterMs: rateLimitWait(retryAfter, '', spec.nowMs) })
      }
      if (status >= 500 || status === 408) throw new ConnectorFailure('transient', `Lazada ${spec.apiPath}: HTTP ${status}`, { httpStatus: status })
      if (status >= 400) throw new ConnectorFailure('rejected', `Lazada ${spec.apiPath}: HTTP ${status}`, { httpStatus: status })
      throw new ConnectorFailure('transient', `Lazada ${spec.apiPath}: HTTP ${status} without a JSON answer`, { httpStatus: status, code: 'unexpected_response' })
    }
    const code = body.code === undefined ? '0' : textOf(body.code)
    if (code === '0' && status >= 200 && status < 300) return body
    throw classifyError(readError(body), spec.apiPath, status, retryAfter, spec.nowMs)
  }

  function dataOf(body: Json, apiPath: string): Json {
    if (!isRecord(body.data)) throw unexpected(apiPath, 'data is missing')
    return body.data
  }

  /** The token answer of /auth/token/create and /auth/token/refresh, flat (seller-authorization-introduction.md). */
  function readTokens(body: Json, nowMs: number, apiPath: string, knownShopId: string | null): ShopTokens {
    const accessToken = textOf(body.access_token)
    const refreshToken = textOf(body.refresh_token)
    const expiresIn = secondsOf(body.expires_in)
    if (!accessToken || !refreshToken || expiresIn === undefined) throw unexpected(apiPath, 'no token pair')
    // create answers country_user_info, refresh country_user_info_list (LZ-RAW system-api/*).
    const infos = [body.country_user_info, body.country_user_info_list].flatMap((list) => (Array.isArray(list) ? list.filter(isRecord) : []))
    const vietnam = infos.find((info) => textOf(info.country)?.toLowerCase() === 'vn') ?? infos[0]
    const sellerId = vietnam === undefined ? knownShopId : idOf(vietnam.seller_id, apiPath, 'seller_id')
    if (sellerId === null) throw unexpected(apiPath, 'no seller_id for Vietnam')
    const refreshIn = secondsOf(body.refresh_expires_in)
    return {
      accessToken,
      accessExpiresAt: nowMs + expiresIn * 1000,
      refreshToken,
      // refresh_expires_in = 0 means the token cannot be refreshed: it is expired as of now.
      refreshExpiresAt: refreshIn === undefined ? null : nowMs + refreshIn * 1000,
      shopId: sellerId,
    }
  }

  /** SellerSku → Lazada SkuId for an item: the ids we were given, else GetProductItem (LZ-RAW getproductitem.json). */
  async function skuIdsFor(tokens: ShopTokens, itemId: string, skus: readonly Pick<ListingSku, 'sku' | 'externalSkuId'>[], nowMs: number): Promise<Map<string, string>> {
    const ids = new Map<string, string>()
    for (const sku of skus) if (sku.externalSkuId) ids.set(sku.sku, sku.externalSkuId)
    if (ids.size === skus.length) return ids
    const apiPath = '/product/item/get'
    const body = await call({ host: 'api', method: 'GET', apiPath, params: { item_id: itemId }, accessToken: tokens.accessToken, nowMs })
    const data = dataOf(body, apiPath)
    for (const sku of Array.isArray(data.skus) ? data.skus.filter(isRecord) : []) {
      const sellerSku = textOf(sku.SellerSku)
      if (sellerSku !== undefined && !ids.has(sellerSku)) ids.set(sellerSku, idOf(sku.SkuId, apiPath, 'SkuId'))
    }
    const missing = skus.filter((s) => !ids.has(s.sku)).map((s) => s.sku)
    if (missing.length > 0) {
      throw new ConnectorFailure('not_found', `Lazada item ${itemId} has no SKU ${missing.join(', ')}`, { code: 'sku_not_on_item', field: 'SellerSku' })
    }
    return ids
  }

  /** The Request > Product tree of CreateProduct / UpdateProduct (create-a-product.md, update-a-product.md). */
  function productTree(listing: ListingPayload, skuIds: Map<string, string> | null): Json {
    const packageAttributes: Record<string, string> = {}
    const attributes: Record<string, string> = {}
    for (const [key, value] of Object.entries(listing.attributes)) {
      if ((LAZADA_PACKAGE_ATTRIBUTES as readonly string[]).includes(key)) packageAttributes[key] = value
      else attributes[key] = value
    }
    attributes.name = listing.title
    attributes.description = lazadaDescriptionHtml(listing.description)
    if (listing.brandId !== null) attributes.brand_id = listing.brandId
    const creating = skuIds === null
    // Several SKUs need a declared variation that their saleProp values come from
    // (custom-sales-attributes.md); a single SKU is a plain product. Updates leave variants alone.
    const variants = creating && listing.skus.length > 1
    const options = [...new Set(listing.skus.map((s) => s.optionLabel ?? s.sku))]
    const skus = listing.skus.map((sku) => {
      const entry: Json = creating ? { SellerSku: sku.sku, quantity: String(Math.max(0, Math.floor(sku.quantity))), price: String(sku.priceVnd) } : { SkuId: skuIds.get(sku.sku), SellerSku: sku.sku }
      for (const key of ['package_length', 'package_width', 'package_height', 'package_content'] as const) {
        const value = packageAttributes[key]
        if (value !== undefined) entry[key] = value
      }
      const weight = sku.weightGrams !== null && sku.weightGrams > 0 ? packageWeightKg(sku.weightGrams) : packageAttributes.package_weight
      if (weight !== undefined) entry.package_weight = weight
      if (variants) entry.saleProp = { [LAZADA_VARIATION_NAME]: sku.optionLabel ?? sku.sku }
      return entry
    })
    const product: Json = {
      PrimaryCategory: listing.categoryId,
      Images: { Image: listing.images.map((image) => image.url ?? image.ref) },
      Attributes: attributes,
      Skus: { Sku: skus },
    }
    if (variants) product.variation = { variation1: { name: LAZADA_VARIATION_NAME, hasImage: false, customize: true, options: { option: options } } }
    return product
  }

  function createdItemFrom(itemId: string, skus: readonly Json[], wanted: ReadonlySet<string> | null, apiPath: string, sellerSkuKey: string, skuIdKey: string): CreatedItem {
    const skuIds: Record<string, string> = {}
    for (const sku of skus) {
      const sellerSku = textOf(sku[sellerSkuKey])
      if (sellerSku !== undefined && (wanted === null || wanted.has(sellerSku))) skuIds[sellerSku] = idOf(sku[skuIdKey], apiPath, skuIdKey)
    }
    return { itemId, skuIds }
  }

  return {
    kind: 'lazada',

    // seller-authorization-introduction.md, step 1.
    authorizeUrl(redirectUri, state) {
      const url = new URL(`${authOrigin}/oauth/authorize`)
      url.searchParams.set('response_type', 'code')
      url.searchParams.set('force_auth', 'true')
      url.searchParams.set('redirect_uri', redirectUri)
      url.searchParams.set('client_id', app.appKey)
      url.searchParams.set('state', state)
      return url.href
    },

    // /auth/token/create on the auth host; the code is single-use and lives 30 minutes.
    async exchangeCode(callback, nowMs) {
      const code = callback.code
      if (!code) throw new ConnectorFailure('rejected', 'Lazada authorisation callback carries no code', { code: 'missing_code', field: 'code' })
      const apiPath = '/auth/token/create'
      const body = await call({ host: 'auth', method: 'POST', apiPath, params: { code }, nowMs })
      return readTokens(body, nowMs, apiPath, null)
    },

    // /auth/token/refresh: a new pair; the refresh token's own clock is not reset (section 2).
    async refresh(tokens, nowMs) {
      const apiPath = '/auth/token/refresh'
      const body = await call({ host: 'auth', method: 'POST', apiPath, params: { refresh_token: tokens.refreshToken }, nowMs })
      return readTokens(body, nowMs, apiPath, tokens.shopId)
    },

    // UploadImage: POST /image/upload, byte[] field `image`; answers data.image.{url, hash_code}.
    async uploadImage(tokens, image, nowMs) {
      const apiPath = '/image/upload'
      const contentType = /\.png$/i.test(image.fileName) ? 'image/png' : 'image/jpeg'
      const body = await call({ host: 'api', method: 'POST', apiPath, params: {}, accessToken: tokens.accessToken, file: { field: 'image', bytes: image.bytes, fileName: image.fileName, contentType }, nowMs })
      const uploaded = dataOf(body, apiPath).image
      const url = isRecord(uploaded) ? textOf(uploaded.url) : undefined
      if (!url) throw unexpected(apiPath, 'no image url')
      // Products reference images by their Lazada URL: the URL is the ref.
      return { ref: url, url } satisfies UploadedImage
    },

    // CreateProduct: POST /product/create with a JSON payload (json-format-demo.md); answers
    // item_id and sku_list[{seller_sku, shop_sku, sku_id}] (LZ-RAW createproduct.json).
    async createItem(tokens, listing, nowMs) {
      const apiPath = '/product/create'
      const payload = JSON.stringify({ Request: { Product: productTree(listing, null) } })
      const body = await call({ host: 'api', method: 'POST', apiPath, params: { payload }, accessToken: tokens.accessToken, nowMs })
      const data = dataOf(body, apiPath)
      const skus = Array.isArray(data.sku_list) ? data.sku_list.filter(isRecord) : []
      return createdItemFrom(idOf(data.item_id, apiPath, 'item_id'), skus, null, apiPath, 'seller_sku', 'sku_id')
    },

    // Lazada has no external id for a product, so our SKU codes are the anchor: GetProducts with
    // sku_seller_list (whole-word SellerSku match, LZ-RAW getproducts.json). GetProductItem's
    // seller_sku parameter was withdrawn on 15 Nov 2023 (LZ-RAW getproductitem.json).
    async findItem(tokens, listing, nowMs) {
      if (listing.skus.length === 0) return null
      const apiPath = '/products/get'
      const wanted = new Set(listing.skus.map((s) => s.sku))
      const body = await call({
        host: 'api',
        method: 'GET',
        apiPath,
        params: { filter: 'all', sku_seller_list: JSON.stringify([...wanted]), offset: '0', limit: '50' },
        accessToken: tokens.accessToken,
        nowMs,
      })
      const products = isRecord(body.data) && Array.isArray(body.data.products) ? body.data.products.filter(isRecord) : []
      let best: { product: Json; skus: Json[]; matches: number } | null = null
      for (const product of products) {
        const skus = Array.isArray(product.skus) ? product.skus.filter(isRecord) : []
        const matches = skus.filter((s) => wanted.has(textOf(s.SellerSku) ?? '')).length
        if (matches > 0 && (best === null || matches > best.matches)) best = { product, skus, matches }
      }
      if (best === null) return null
      return createdItemFrom(idOf(best.product.item_id ?? best.product.itemId, apiPath, 'item_id'), best.skus, wanted, apiPath, 'SellerSku', 'SkuId')
    },

    // UpdateProduct: POST /product/update, JSON payload keyed by ItemId and SkuId. Price and
    // stock are left to their own APIs, as UpdateProduct's description asks.
    async updateItem(tokens, itemId, listing, nowMs) {
      const skuIds = await skuIdsFor(tokens, itemId, listing.skus, nowMs)
      const apiPath = '/product/update'
      const payload = JSON.stringify({ Request: { Product: { ItemId: itemId, ...productTree(listing, skuIds) } } })
      await call({ host: 'api', method: 'POST', apiPath, params: { payload }, accessToken: tokens.accessToken, nowMs })
    },

    // DeactivateProduct: POST /product/deactivate, apiRequestBody <Request><Product><ItemId>
    // (LZ-RAW deactivateproduct.json). E0004 "Product Status not online" means it is already
    // inactive: the goal is reached, so it is success.
    async unlistItem(tokens, itemId, nowMs) {
      const apiPath = '/product/deactivate'
      const apiRequestBody = `<Request><Product><ItemId>${escapeXml(itemId)}</ItemId></Product></Request>`
      try {
        await call({ host: 'api', method: 'POST', apiPath, params: { apiRequestBody }, accessToken: tokens.accessToken, nowMs })
      } catch (error) {
        if (error instanceof ConnectorFailure && error.details.code === 'E0004') return
        throw error
      }
    },

    // Lazada has no "activate" API mirroring DeactivateProduct; the way back on sale its pages
    // document is UpdateProduct with the SKU field `Status` set to 'active' (update-a-product.md:
    // "Status: one of 'active', 'inactive' or 'deleted'", and its payload demo sends
    // "Status": "active" in a Skus.Sku entry; DeactivateProduct says it deactivates "Product or
    // SKUs", LZ-RAW deactivateproduct.json). UpdateProduct is keyed by SkuId, so GetProductItem
    // first names the item's SKUs and tells whether anything is off sale; an item whose product
    // and SKUs are all active is left alone, which makes a retry harmless. Not confirmed on a live
    // shop: no page says in so many words that this reverses DeactivateProduct, or that the
    // product's own status follows its SKUs. `Attributes` is sent empty because the same page
    // says "Attributes must be preserved but can be left out of any field".
    async relistItem(tokens, itemId, nowMs) {
      const getPath = '/product/item/get'
      const item = dataOf(await call({ host: 'api', method: 'GET', apiPath: getPath, params: { item_id: itemId }, accessToken: tokens.accessToken, nowMs }), getPath)
      const skus = Array.isArray(item.skus) ? item.skus.filter(isRecord) : []
      if (skus.length === 0) throw unexpected(getPath, `item ${itemId} lists no SKUs`)
      const active = (status: unknown) => textOf(status)?.toLowerCase() === 'active'
      if ((item.status === undefined || active(item.status)) && skus.every((sku) => active(sku.Status))) return
      const apiPath = '/product/update'
      const entries = skus.map((sku) => ({ SkuId: idOf(sku.SkuId, getPath, 'SkuId'), Status: 'active' }))
      const payload = JSON.stringify({ Request: { Product: { ItemId: itemId, Attributes: {}, Skus: { Sku: entries } } } })
      await call({ host: 'api', method: 'POST', apiPath, params: { payload }, accessToken: tokens.accessToken, nowMs })
    },

    // UpdateSellableQuantity: POST /product/stock/sellable/update overwrites the sellable
    // quantity, which is what ListingSku.quantity is (inventory-management-api.md); the XML form
    // is the one the guide shows. UpdatePriceQuantity would set the warehouse total instead.
    async updateStock(tokens, itemId, skus, nowMs) {
      const skuIds = await skuIdsFor(tokens, itemId, skus, nowMs)
      const apiPath = '/product/stock/sellable/update'
      for (const batch of chunks(skus, LAZADA_SKUS_PER_CALL)) {
        const entries = batch
          .map((sku) => `<Sku><ItemId>${escapeXml(itemId)}</ItemId><SkuId>${escapeXml(skuIds.get(sku.sku) ?? '')}</SkuId><SellerSku>${escapeXml(sku.sku)}</SellerSku><SellableQuantity>${Math.max(0, Math.floor(sku.quantity))}</SellableQuantity></Sku>`)
          .join('')
        const payload = `<Request><Product><Skus>${entries}</Skus></Product></Request>`
        await call({ host: 'api', method: 'POST', apiPath, params: { payload }, accessToken: tokens.accessToken, nowMs })
      }
    },

    // UpdatePriceQuantity: POST /product/price_quantity/update with Price only, so stock is
    // untouched (json-format-demo.md 3.1). VND prices are whole đồng.
    async updatePrice(tokens, itemId, skus, nowMs) {
      const skuIds = await skuIdsFor(tokens, itemId, skus, nowMs)
      const apiPath = '/product/price_quantity/update'
      for (const batch of chunks(skus, LAZADA_SKUS_PER_CALL)) {
        const entries = batch.map((sku) => ({ ItemId: itemId, SkuId: skuIds.get(sku.sku), SellerSku: sku.sku, Price: String(Math.round(sku.priceVnd)) }))
        const payload = JSON.stringify({ Request: { Product: { Skus: { Sku: entries } } } })
        await call({ host: 'api', method: 'POST', apiPath, params: { payload }, accessToken: tokens.accessToken, nowMs })
      }
    },

    // GetOrders by update_after, oldest change first, offset paging; then GetMultipleOrderItems
    // for the page's lines (LZ-RAW getorders.json, getmultipleorderitems.json). The cursor keeps
    // the window start and the offset; when a window is exhausted the next one starts
    // LAZADA_ORDER_OVERLAP_MS before the newest change seen, so windows overlap.
    async pullOrders(tokens, cursor, sinceMs, nowMs) {
      const state: OrderCursor = cursor === null ? { after: Math.floor(sinceMs), offset: 0, maxSeen: null } : decodeCursor(cursor)
      const ordersPath = '/orders/get'
      const body = await call({
        host: 'api',
        method: 'GET',
        apiPath: ordersPath,
        params: { update_after: lazadaTime(state.after), sort_by: 'updated_at', sort_direction: 'ASC', offset: String(state.offset), limit: String(LAZADA_ORDER_PAGE_SIZE) },
        accessToken: tokens.accessToken,
        nowMs,
      })
      const data = isRecord(body.data) ? body.data : {}
      const orders = Array.isArray(data.orders) ? data.orders.filter(isRecord) : []
      const ids = orders.map((o) => idOf(o.order_id, ordersPath, 'order_id'))

      const itemsByOrder = new Map<string, Json[]>()
      if (ids.length > 0) {
        const itemsPath = '/orders/items/get'
        const itemsBody = await call({ host: 'api', method: 'GET', apiPath: itemsPath, params: { order_ids: `[${ids.join(',')}]` }, accessToken: tokens.accessToken, nowMs })
        for (const entry of Array.isArray(itemsBody.data) ? itemsBody.data.filter(isRecord) : []) {
          const orderId = idOf(entry.order_id, itemsPath, 'order_id')
          itemsByOrder.set(orderId, Array.isArray(entry.order_items) ? entry.order_items.filter(isRecord) : [])
        }
      }
      const mapped = orders.map((order, i) => mapOrder(order, itemsByOrder.get(ids[i] ?? '') ?? [], ordersPath))

      let maxSeen = state.maxSeen
      for (const order of mapped) {
        const ms = Date.parse(order.updatedAt)
        if (!Number.isNaN(ms) && (maxSeen === null || ms > maxSeen)) maxSeen = ms
      }
      const total = secondsOf(data.countTotal)
      const more = total !== undefined ? state.offset + orders.length < total && orders.length > 0 : orders.length === LAZADA_ORDER_PAGE_SIZE
      const next: OrderCursor = more
        ? { after: state.after, offset: state.offset + orders.length, maxSeen }
        : { after: maxSeen === null ? state.after : Math.max(state.after, maxSeen - LAZADA_ORDER_OVERLAP_MS), offset: 0, maxSeen: null }
      return { orders: mapped, cursor: encodeCursor(next), more } satisfies OrderPage
    },
  }
}
