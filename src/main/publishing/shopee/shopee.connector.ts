/**
 * The Shopee Open Platform v2 connector: one MarketplaceConnector (../connector.ts) over the
 * calls of section 1 of shared/reference/marketplaces-ocop.md. Every call is signed by
 * ./signing.ts and sent through the injected axios instance; every answer becomes a result or a
 * ConnectorFailure. The connector keeps no state: tokens and the order cursor travel in and out.
 *
 * How answers are read (1.5: every answer carries `request_id` and `error`, '' on success):
 * - HTTP 429, or an error code naming a rate limit → 'rate_limited', waiting for Retry-After
 *   (seconds or an HTTP date) or SHOPEE_RATE_LIMIT_DEFAULT_MS. Shopee publishes no general limit
 *   and is reported to throttle progressively (1.5), so the default is longer than the outbox's.
 * - HTTP 5xx, network errors, timeouts, error_server / error_inner / error_network / *_busy
 *   → 'transient'; marked offline when no connection could be made at all (refused, no route,
 *   no DNS), since Shopee then cannot have seen the call.
 * - error_auth and the expired-token codes (invalid_access_token, and the misspelt
 *   invalid_acceess_token live Shopee is reported to send) → 'auth': refresh once, then retry.
 * - error_item_not_found / error_not_found / error_item_not_belong_shop → 'not_found'.
 * - Anything else Shopee names (error_param, error_sign, product.error_param, …) → 'rejected',
 *   with the field when the message names one ("invalid field ItemName: …" → item_name).
 * The error code decides whenever there is one; the HTTP status only matters without it, because
 * the reference does not say which statuses Shopee pairs with which codes.
 *
 * Duplicate creates: add_item has no idempotency key, so the listing's anchor is our SKU in
 * `item_sku` — the SKU itself for a one-SKU listing (so orders name our SKU), the listing id as
 * the parent SKU of a listing with variants (whose models carry our SKUs in `model_sku`).
 * findItem searches that SKU (v2.product.search_item item_sku) and confirms an exact match.
 */
import { isAxiosError } from 'axios'
import { z } from 'zod'
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
import { shopeeSignedQuery, shopeeTimestamp, type ShopeeQueryValue, type ShopeeSignSubject } from './signing'

export const SHOPEE_PATHS = {
  authPartner: '/api/v2/shop/auth_partner',
  tokenGet: '/api/v2/auth/token/get',
  accessTokenGet: '/api/v2/auth/access_token/get',
  uploadImage: '/api/v2/media_space/upload_image',
  addItem: '/api/v2/product/add_item',
  initTierVariation: '/api/v2/product/init_tier_variation',
  getModelList: '/api/v2/product/get_model_list',
  searchItem: '/api/v2/product/search_item',
  getItemBaseInfo: '/api/v2/product/get_item_base_info',
  updateItem: '/api/v2/product/update_item',
  unlistItem: '/api/v2/product/unlist_item',
  updateStock: '/api/v2/product/update_stock',
  updatePrice: '/api/v2/product/update_price',
  getOrderList: '/api/v2/order/get_order_list',
  getOrderDetail: '/api/v2/order/get_order_detail',
} as const

export const DEFAULT_SHOPEE_TIMEOUT_MS = 20_000
/** A rate limit without Retry-After waits this long (1.5: no published limit, progressive throttling). */
export const SHOPEE_RATE_LIMIT_DEFAULT_MS = 10_000
/** 1.4: a refresh token lives 30 days; the token answers do not say so themselves. */
export const SHOPEE_REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000
/** Creating-product guide: "create variants after an interval of 5 seconds after creating an item". */
export const SHOPEE_VARIATION_DELAY_MS = 5_000
/** 1.7: get_order_list windows are at most 15 days. */
export const SHOPEE_ORDER_WINDOW_S = 15 * 24 * 60 * 60
/**
 * Each new pull re-reads this much before where the last one stopped: an order updated just
 * before the last pull may not have been listed yet, and importing an order twice is harmless.
 */
export const SHOPEE_ORDER_OVERLAP_S = 10 * 60
/** get_order_detail takes at most 50 order_sn (1.7), so a list page is never larger. */
const ORDER_PAGE_SIZE = 50
/** 1.7: optional detail fields are left out unless asked for. */
const ORDER_DETAIL_FIELDS = [
  'buyer_username',
  'recipient_address',
  'item_list',
  'total_amount',
  'estimated_shipping_fee',
  'actual_shipping_fee',
  'actual_shipping_fee_confirmed',
  'pay_time',
  'payment_method',
  'shipping_carrier',
  'package_list',
].join(',')
/** Item statuses of an item that still exists (deleted ones are not worth finding again). */
const LIVE_ITEM_STATUSES = ['NORMAL', 'UNLIST', 'REVIEWING', 'BANNED'] as const
/** The name of the single variation tier we create: ListingSku carries an option label but no tier name. */
const VARIANT_TIER_NAME = 'Phân loại'
/** 1.6: at most 10 MB per image, JPG/JPEG/PNG. */
const MAX_IMAGE_BYTES = 10 * 1024 * 1024
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024
/** update_stock / update_price take 1–50 models per call. */
const MODELS_PER_CALL = 50

/**
 * Shopee: apiBase and authBase are the same host (1.1, 1.4); appKey = partner_id (digits),
 * appSecret = partner_key; the deadline defaults to DEFAULT_SHOPEE_TIMEOUT_MS.
 */
export interface ShopeeConnectorOptions extends ConnectorOptions {
  /** Pause between add_item and init_tier_variation; default SHOPEE_VARIATION_DELAY_MS. */
  readonly variationDelayMs?: number
}

// ----------------------------------------------------------------------------------------------
// Answer shapes: only the fields we read, so Shopee adding fields never breaks us.

const tokenAnswer = z.object({ access_token: z.string().min(1), refresh_token: z.string().min(1), expire_in: z.number().int().positive() })

const imageInfo = z.object({
  image_id: z.string().min(1),
  image_url_list: z.array(z.object({ image_url_region: z.string(), image_url: z.string() })).optional(),
})
const uploadAnswer = z.object({
  response: z.object({
    image_info: imageInfo.optional(),
    image_info_list: z.array(z.object({ error: z.string().optional(), message: z.string().optional(), image_info: imageInfo.optional() })).optional(),
  }),
})

const addItemAnswer = z.object({ response: z.object({ item_id: z.number().int().positive() }) })

const modelListAnswer = z.object({
  response: z.object({
    model: z.array(z.object({ model_id: z.number().int(), model_sku: z.string().optional() })).default([]),
  }),
})

// The API reference (SHP-RAW search_item) answers item_id_list; the SDK typings (SHP-SDK) say
// item[{item_id}]. Either is read.
const searchAnswer = z.object({
  response: z
    .object({
      item_id_list: z.array(z.number().int()).optional(),
      item: z.array(z.object({ item_id: z.number().int() })).optional(),
      next_offset: z.union([z.string(), z.number()]).optional(),
    })
    .default({}),
})

const baseInfoAnswer = z.object({
  response: z.object({
    item_list: z.array(z.object({ item_id: z.number().int(), item_sku: z.string().optional(), item_status: z.string(), create_time: z.number().optional() })).default([]),
  }),
})

const modelFailures = z.object({
  response: z.object({ failure_list: z.array(z.object({ model_id: z.number().optional(), failed_reason: z.string().optional() })).default([]) }).default({ failure_list: [] }),
})

// success_list/failure_list as other product batch calls answer; the SDK typings (SHP-SDK)
// describe result[{item_id, success, failed_reason}] instead. Either is read.
const unlistAnswer = z.object({
  response: z
    .object({
      failure_list: z.array(z.object({ item_id: z.number().optional(), failed_reason: z.string().optional() })).default([]),
      result: z.array(z.object({ item_id: z.number().optional(), success: z.boolean(), failed_reason: z.string().optional() })).default([]),
    })
    .default({ failure_list: [], result: [] }),
})

const orderListAnswer = z.object({
  response: z.object({
    more: z.boolean(),
    next_cursor: z.string().default(''),
    order_list: z.array(z.object({ order_sn: z.string().min(1) })).default([]),
  }),
})

const money = z.number().finite().nonnegative()
const orderDetail = z.object({
  order_sn: z.string(),
  order_status: z.string(),
  create_time: z.number().int(),
  update_time: z.number().int(),
  buyer_username: z.string().nullish(),
  recipient_address: z.object({ name: z.string().nullish(), phone: z.string().nullish(), full_address: z.string().nullish() }).nullish(),
  total_amount: money.nullish(),
  estimated_shipping_fee: money.nullish(),
  actual_shipping_fee: money.nullish(),
  actual_shipping_fee_confirmed: z.boolean().nullish(),
  item_list: z
    .array(
      z.object({
        item_name: z.string(),
        item_sku: z.string().nullish(),
        model_name: z.string().nullish(),
        model_sku: z.string().nullish(),
        model_quantity_purchased: z.number().int().positive(),
        model_original_price: money,
        model_discounted_price: money.nullish(),
      }),
    )
    .default([]),
})
const orderDetailAnswer = z.object({ response: z.object({ order_list: z.array(orderDetail) }) })

/** Our order cursor: the window being read and Shopee's cursor inside it. */
const cursorShape = z.object({ v: z.literal(1), from: z.number().int().nonnegative(), to: z.number().int().nonnegative().nullable(), page: z.string() })
type OrderCursor = z.infer<typeof cursorShape>

// ----------------------------------------------------------------------------------------------
// Statuses (1.7): the platform's codes mapped onto ours, never decided here.

type OrderState = ExternalOrder['state']

const ORDER_STATES: Readonly<Record<string, OrderState>> = {
  UNPAID: 'unpaid',
  READY_TO_SHIP: 'to_ship',
  PROCESSED: 'to_ship',
  // The courier failed and the parcel must be shipped again.
  RETRY_SHIP: 'to_ship',
  // Listed only among get_order_list's filter values (1.7): paid, waiting for an invoice before shipping.
  INVOICE_PENDING: 'to_ship',
  // A cancellation the seller may still refuse: not cancelled until Shopee says CANCELLED.
  IN_CANCEL: 'to_ship',
  SHIPPED: 'shipped',
  // Delivered, waiting for the buyer to confirm receipt.
  TO_CONFIRM_RECEIVE: 'delivered',
  COMPLETED: 'completed',
  CANCELLED: 'cancelled',
  TO_RETURN: 'returned',
}

export function shopeeOrderState(status: string): OrderState {
  const state = Object.hasOwn(ORDER_STATES, status) ? ORDER_STATES[status] : undefined
  if (state === undefined) throw new ConnectorFailure('rejected', `Shopee order status ${status} is not known to this connector`, { code: 'unknown_order_status' })
  return state
}

// ----------------------------------------------------------------------------------------------
// Error codes (1.5 and the error lists of the product/order API pages)

const AUTH_CODES = new Set(['error_auth', 'invalid_access_token', 'invalid_acceess_token', 'error_access_token', 'invalid_refresh_token'])
const TRANSIENT_CODES = new Set(['error_server', 'error_inner', 'error_network', 'error_system_busy', 'error_busy', 'error_update_price_fail'])
const NOT_FOUND_CODES = new Set(['error_item_not_found', 'error_not_found', 'error_item_not_belong_shop'])

/** "product.error_param" → "error_param": Shopee prefixes some codes with their module. */
function bareCode(code: string): string {
  return code.slice(code.lastIndexOf('.') + 1)
}

/** The field an error message names ("invalid field ItemName: …" → item_name), if any. */
function fieldOf(message: string): string | undefined {
  const camel = /invalid field ([A-Za-z][A-Za-z0-9]*)/i.exec(message)?.[1]
  return camel?.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()
}

/** The failure Shopee's `error` code stands for. */
export function shopeeFailure(code: string, message: string, details: { readonly httpStatus?: number; readonly retryAfterMs?: number } = {}): ConnectorFailure {
  const text = `Shopee ${code}: ${message || '(no message)'}`
  const base = { code, ...(details.httpStatus === undefined ? {} : { httpStatus: details.httpStatus }) }
  if (/rate_limit|too_many|exceed_.*limit/i.test(code)) {
    return new ConnectorFailure('rate_limited', text, { ...base, retryAfterMs: details.retryAfterMs ?? SHOPEE_RATE_LIMIT_DEFAULT_MS })
  }
  const bare = bareCode(code)
  if (AUTH_CODES.has(bare)) return new ConnectorFailure('auth', text, base)
  if (TRANSIENT_CODES.has(bare) || bare.endsWith('_busy')) return new ConnectorFailure('transient', text, base)
  if (NOT_FOUND_CODES.has(bare)) return new ConnectorFailure('not_found', text, base)
  const field = fieldOf(message)
  return new ConnectorFailure('rejected', text, field === undefined ? base : { ...base, field })
}

/** A per-model or per-item `failed_reason` from a batch answer (update_stock, update_price, unlist_item). */
function batchFailure(path: string, reasons: readonly string[], field: string): ConnectorFailure {
  const text = `Shopee ${path} refused part of the request: ${reasons.join('; ')}`
  if (reasons.some((r) => /not found|not exist/i.test(r))) return new ConnectorFailure('not_found', text, { code: 'failure_list', field })
  if (reasons.length > 0 && reasons.every((r) => /try (again )?later|system error|busy/i.test(r))) return new ConnectorFailure('transient', text, { code: 'failure_list', field })
  return new ConnectorFailure('rejected', text, { code: 'failure_list', field })
}

// ----------------------------------------------------------------------------------------------
// Listing → Shopee item fields (1.6)

function rejectedField(field: string, message: string): ConnectorFailure {
  return new ConnectorFailure('rejected', message, { code: 'invalid_listing', field })
}

function digitsToNumber(value: string, field: string): number {
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) throw rejectedField(field, `${field} must be a Shopee numeric id, got ${JSON.stringify(value)}`)
  return Number(value)
}

function checkSkus(skus: readonly Pick<ListingSku, 'sku'>[]): void {
  if (skus.length === 0) throw rejectedField('skus', 'a listing needs at least one SKU')
  const seen = new Set<string>()
  for (const { sku } of skus) {
    if (sku.trim() === '') throw rejectedField('sku', 'a SKU must not be empty')
    if (seen.has(sku)) throw rejectedField('sku', `SKU ${sku} appears twice`)
    seen.add(sku)
  }
}

/** The item_sku that anchors a listing on Shopee (see the header). */
export function shopeeItemSkuOf(listing: Pick<ListingPayload, 'listingId' | 'skus'>): string {
  checkSkus(listing.skus)
  const only = listing.skus.length === 1 ? listing.skus[0] : undefined
  return only === undefined ? listing.listingId : only.sku
}

function price(value: number, sku: string): number {
  // 1.6 / update_price: VN prices are whole numbers of đồng.
  if (!Number.isSafeInteger(value) || value <= 0) throw rejectedField('priceVnd', `SKU ${sku} needs a whole, positive price in đồng`)
  return value
}

function quantity(value: number, sku: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw rejectedField('quantity', `SKU ${sku} needs a whole quantity of at least 0`)
  return value
}

/**
 * attribute id → value: digits are a value_id from get_attribute_tree; anything else is a custom
 * value, sent as value_id 0 with original_value_name as a string (1.6).
 */
function attributeList(attributes: Readonly<Record<string, string>>): Record<string, unknown>[] {
  return Object.entries(attributes).map(([attributeId, value]) => {
    const text = value.trim()
    if (text === '') throw rejectedField(`attributes.${attributeId}`, `attribute ${attributeId} has an empty value`)
    const entry = /^[1-9][0-9]*$/.test(text) ? { value_id: Number(text) } : { value_id: 0, original_value_name: text }
    return { attribute_id: digitsToNumber(attributeId, 'attributes'), attribute_value_list: [entry] }
  })
}

/** The add_item / update_item fields that describe the item (not its price or stock). */
function itemContent(listing: ListingPayload, forCreate: boolean): Record<string, unknown> {
  const title = listing.title.trim()
  if (title === '') throw rejectedField('title', 'a listing needs a title')
  // Shopee's normal description is plain text; line breaks travel as \n.
  const description = listing.description.replace(/\r\n?/g, '\n').trim()
  if (description === '') throw rejectedField('description', 'a listing needs a description')
  if (listing.images.length === 0) throw rejectedField('images', 'Shopee needs at least one item image')
  const weights = listing.skus.map((s) => s.weightGrams).filter((w): w is number => w !== null && Number.isFinite(w) && w > 0)
  const content: Record<string, unknown> = {
    item_name: title,
    description,
    category_id: digitsToNumber(listing.categoryId, 'categoryId'),
    image: { image_id_list: listing.images.map((image) => image.ref) },
    attribute_list: attributeList(listing.attributes),
    // 1.6: "No Brand" is brand_id 0.
    brand: { brand_id: listing.brandId === null ? 0 : digitsToNumber(listing.brandId, 'brandId') },
    item_sku: shopeeItemSkuOf(listing),
  }
  // add_item wants the item weight in kg; with variants, the heaviest one is what may ship.
  if (weights.length > 0) content.weight = Math.max(...weights) / 1000
  else if (forCreate) throw rejectedField('weightGrams', 'Shopee needs the weight of the item')
  const logistics = listing.logisticsIds ?? []
  if (logistics.length > 0) content.logistic_info = logistics.map((id) => ({ logistic_id: digitsToNumber(id, 'logisticsIds'), enabled: true }))
  else if (forCreate) throw rejectedField('logisticsIds', 'Shopee needs at least one enabled logistics channel')
  return content
}

function optionLabels(skus: readonly Pick<ListingSku, 'sku' | 'optionLabel'>[]): string[] {
  const labels = skus.map((s) => (s.optionLabel ?? '').trim() || s.sku)
  if (new Set(labels).size !== labels.length) throw rejectedField('optionLabel', 'variant option labels must differ from each other')
  return labels
}

/** Our SKU → Shopee model_id for a stock or price push; a one-SKU item without variants is model 0. */
function modelIdsOf(skus: readonly Pick<ListingSku, 'sku' | 'externalSkuId'>[]): { readonly sku: string; readonly modelId: number }[] {
  return skus.map((s) => {
    const external = s.externalSkuId ?? null
    if (external !== null && external !== '') return { sku: s.sku, modelId: digitsToNumber(external, 'externalSkuId') }
    if (skus.length === 1) return { sku: s.sku, modelId: 0 }
    throw rejectedField('externalSkuId', `SKU ${s.sku} has no Shopee model id yet`)
  })
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

function isJpegOrPng(bytes: Buffer): boolean {
  const jpeg = bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff
  const png = bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  return jpeg || png
}

/** Whole đồng from a Shopee amount (VND amounts are whole numbers, sent as floats). */
function vnd(amount: number | null | undefined): number {
  return amount === null || amount === undefined ? 0 : Math.round(amount)
}

function nonEmpty(text: string | null | undefined): string | null {
  const trimmed = text?.trim() ?? ''
  return trimmed === '' ? null : trimmed
}

function isoFromSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString()
}

function toExternalOrder(order: z.infer<typeof orderDetail>): ExternalOrder {
  const shippingFee = order.actual_shipping_fee_confirmed === true ? order.actual_shipping_fee : order.estimated_shipping_fee
  return {
    externalId: order.order_sn,
    status: order.order_status,
    state: shopeeOrderState(order.order_status),
    createdAt: isoFromSeconds(order.create_time),
    updatedAt: isoFromSeconds(order.update_time),
    buyerName: nonEmpty(order.recipient_address?.name) ?? nonEmpty(order.buyer_username),
    buyerPhone: nonEmpty(order.recipient_address?.phone),
    addressText: nonEmpty(order.recipient_address?.full_address),
    totalVnd: vnd(order.total_amount),
    shippingFeeVnd: vnd(shippingFee),
    lines: order.item_list.map((line) => {
      // get_order_detail: model_discounted_price is 0 for bundle-deal items; the original price
      // is then the only per-unit price Shopee gives here.
      const discounted = line.model_discounted_price ?? 0
      const modelName = nonEmpty(line.model_name)
      return {
        sku: nonEmpty(line.model_sku) ?? nonEmpty(line.item_sku) ?? '',
        quantity: line.model_quantity_purchased,
        unitPriceVnd: vnd(discounted > 0 ? discounted : line.model_original_price),
        name: modelName === null ? line.item_name : `${line.item_name} (${modelName})`,
      }
    }),
    // The tracking number needs v2.logistics.get_tracking_number per order (1.7); order pulls do not ask.
    trackingCode: null,
  }
}

function encodeCursor(cursor: OrderCursor): string {
  return JSON.stringify(cursor)
}

function decodeCursor(text: string): OrderCursor {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = null
  }
  const result = cursorShape.safeParse(parsed)
  if (!result.success) throw new ConnectorFailure('rejected', `not a Shopee order cursor: ${text.slice(0, 80)}`, { code: 'bad_cursor' })
  return result.data
}

// ----------------------------------------------------------------------------------------------
// The connector

interface CallSpec {
  readonly method: 'GET' | 'POST'
  readonly path: string
  readonly subject: ShopeeSignSubject
  readonly query?: Readonly<Record<string, ShopeeQueryValue | undefined>>
  readonly json?: unknown
  readonly form?: FormData
}

export function createShopeeConnector(options: ShopeeConnectorOptions): MarketplaceConnector {
  const { http, hosts, app } = options
  const timeoutMs = options.timeoutMs ?? DEFAULT_SHOPEE_TIMEOUT_MS
  const variationDelayMs = options.variationDelayMs ?? SHOPEE_VARIATION_DELAY_MS
  if (!/^[0-9]+$/.test(app.appKey)) throw new RangeError('Shopee partner_id (appKey) must be decimal digits')
  if (app.appSecret === '') throw new RangeError('Shopee partner_key (appSecret) is empty')
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`timeoutMs must be positive: ${timeoutMs}`)
  if (!Number.isFinite(variationDelayMs) || variationDelayMs < 0) throw new RangeError(`variationDelayMs must not be negative: ${variationDelayMs}`)
  const apiBase = baseUrl(hosts.apiBase, 'apiBase')
  const authBase = baseUrl(hosts.authBase, 'authBase')
  const signer = { partnerId: app.appKey, partnerKey: app.appSecret }
  const partnerId = Number(app.appKey)

  async function call(spec: CallSpec, nowMs: number): Promise<Record<string, unknown>> {
    const query = shopeeSignedQuery(signer, spec.path, nowMs, spec.subject, spec.query)
    const url = `${apiBase}${spec.path}?${query.toString()}`
    // axios's `timeout` is an idle timer on the socket; the signal bounds the whole exchange.
    const deadline = AbortSignal.timeout(timeoutMs)
    let status: number
    let text: unknown
    let retryAfter: unknown
    try {
      const response = await http.request<unknown>({
        method: spec.method,
        url,
        data: spec.json !== undefined ? JSON.stringify(spec.json) : spec.form,
        headers: spec.json !== undefined ? { 'Content-Type': 'application/json', Accept: 'application/json' } : { Accept: 'application/json' },
        timeout: timeoutMs,
        signal: deadline,
        // We parse: axios's default hands back a string when JSON.parse fails, which would let a
        // proxy's HTML page pass for an answer.
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        // Every status is an answer to classify here, not an exception of another shape.
        validateStatus: () => true,
        maxRedirects: 0,
        maxContentLength: MAX_RESPONSE_BYTES,
        maxBodyLength: MAX_IMAGE_BYTES + 1024 * 1024,
      })
      status = response.status
      text = response.data
      retryAfter = response.headers['retry-after']
    } catch (error) {
      throw transportFailure(error, deadline.aborted, spec)
    }
    return interpret(status, text, typeof retryAfter === 'string' ? retryAfter : null, nowMs, spec.path)
  }

  function transportFailure(error: unknown, timedOut: boolean, spec: CallSpec): ConnectorFailure {
    const what = `${spec.method} ${spec.path}`
    // Without an answer nobody knows whether a POST took effect; findItem exists for add_item.
    const maybe = spec.method === 'POST' ? '; it may have taken effect' : ''
    if (timedOut || (isAxiosError(error) && (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT'))) {
      return new ConnectorFailure('transient', `Shopee did not answer ${what} within ${timeoutMs} ms${maybe}`, { code: 'timeout' })
    }
    const code = isAxiosError(error) ? (error.code ?? 'network') : 'network'
    const reason = error instanceof Error ? error.message : String(error)
    // No connection was ever made (refused, no route, no DNS): Shopee cannot have seen the call,
    // and the outbox waits for the network without spending the job's attempts.
    if (isNoConnection(code)) return new ConnectorFailure('transient', `Shopee could not be reached for ${what} (${reason})`, { code, offline: true })
    return new ConnectorFailure('transient', `Shopee could not be reached for ${what} (${reason})${maybe}`, { code })
  }

  function interpret(status: number, text: unknown, retryAfterHeader: string | null, nowMs: number, path: string): Record<string, unknown> {
    let body: unknown
    try {
      body = typeof text === 'string' && text !== '' ? JSON.parse(text) : undefined
    } catch {
      body = undefined
    }
    const envelope = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null
    const code = typeof envelope?.error === 'string' ? envelope.error : ''
    const message = typeof envelope?.message === 'string' ? envelope.message : ''
    const retryAfterMs = parseRetryAfter(retryAfterHeader, nowMs) ?? undefined
    if (status === 429) {
      return fail(new ConnectorFailure('rate_limited', `Shopee throttled ${path} (HTTP 429${code ? `, ${code}` : ''})`, { httpStatus: 429, retryAfterMs: retryAfterMs ?? SHOPEE_RATE_LIMIT_DEFAULT_MS, ...(code ? { code } : {}) }))
    }
    if (status >= 500) {
      return fail(new ConnectorFailure('transient', `Shopee answered HTTP ${status} to ${path}${code ? ` (${code}: ${message})` : ''}`, { httpStatus: status, ...(code ? { code } : {}) }))
    }
    if (code !== '') return fail(shopeeFailure(code, message, { httpStatus: status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }))
    if (status === 401 || status === 403) return fail(new ConnectorFailure('auth', `Shopee refused ${path} (HTTP ${status})`, { httpStatus: status }))
    if (status === 408) return fail(new ConnectorFailure('transient', `Shopee timed out ${path} (HTTP 408)`, { httpStatus: status }))
    if (status < 200 || status > 299) return fail(new ConnectorFailure('rejected', `Shopee answered HTTP ${status} to ${path}`, { httpStatus: status }))
    if (envelope === null) return fail(new ConnectorFailure('transient', `Shopee answered ${path} without a JSON object`, { httpStatus: status, code: 'unexpected_response' }))
    return envelope
  }

  function fail(failure: ConnectorFailure): never {
    throw failure
  }

  function read<T>(schema: z.ZodType<T>, envelope: Record<string, unknown>, path: string): T {
    const result = schema.safeParse(envelope)
    if (!result.success) {
      // A well-formed answer of an unexpected shape: Shopee changed something or a proxy
      // answered. Retrying later is the only move that can help.
      throw new ConnectorFailure('transient', `Shopee's answer to ${path} has an unexpected shape: ${result.error.issues[0]?.message ?? ''}`, { code: 'unexpected_response' })
    }
    return result.data
  }

  const shop = (tokens: ShopTokens): ShopeeSignSubject => ({ kind: 'shop', accessToken: tokens.accessToken, shopId: tokens.shopId })

  function toTokens(answer: z.infer<typeof tokenAnswer>, shopId: string, nowMs: number): ShopTokens {
    return {
      accessToken: answer.access_token,
      accessExpiresAt: nowMs + answer.expire_in * 1000,
      refreshToken: answer.refresh_token,
      refreshExpiresAt: nowMs + SHOPEE_REFRESH_TOKEN_LIFETIME_MS,
      shopId,
    }
  }

  async function modelIdsBySku(tokens: ShopTokens, itemId: number, nowMs: number): Promise<Map<string, number>> {
    const envelope = await call({ method: 'GET', path: SHOPEE_PATHS.getModelList, subject: shop(tokens), query: { item_id: itemId } }, nowMs)
    const { response } = read(modelListAnswer, envelope, SHOPEE_PATHS.getModelList)
    const byIds = new Map<string, number>()
    for (const model of response.model) if (model.model_sku) byIds.set(model.model_sku, model.model_id)
    return byIds
  }

  /** The skuIds of an item, given its models (none: an item without variants, model 0). */
  function skuIdsOf(skus: readonly Pick<ListingSku, 'sku'>[], models: Map<string, number>, itemId: number): Record<string, string> {
    if (models.size === 0 && skus.length === 1) return { [skus[0]?.sku ?? '']: '0' }
    const skuIds: Record<string, string> = {}
    for (const { sku } of skus) {
      const modelId = models.get(sku)
      if (modelId === undefined) throw new ConnectorFailure('rejected', `Shopee item ${itemId} has no model with SKU ${sku}`, { code: 'model_missing', field: 'sku' })
      skuIds[sku] = String(modelId)
    }
    return skuIds
  }

  /** init_tier_variation with one tier whose options are our SKUs, then the model ids (Creating-product guide §7). */
  async function createVariants(tokens: ShopTokens, itemId: number, skus: readonly ListingSku[], nowMs: number): Promise<CreatedItem> {
    const labels = optionLabels(skus)
    await call(
      {
        method: 'POST',
        path: SHOPEE_PATHS.initTierVariation,
        subject: shop(tokens),
        json: {
          item_id: itemId,
          tier_variation: [{ name: VARIANT_TIER_NAME, option_list: labels.map((option) => ({ option })) }],
          model: skus.map((s, index) => ({
            tier_index: [index],
            original_price: price(s.priceVnd, s.sku),
            model_sku: s.sku,
            seller_stock: [{ stock: quantity(s.quantity, s.sku) }],
          })),
        },
      },
      nowMs,
    )
    return { itemId: String(itemId), skuIds: skuIdsOf(skus, await modelIdsBySku(tokens, itemId, nowMs), itemId) }
  }

  async function pushPerModel(
    tokens: ShopTokens,
    itemId: string,
    path: typeof SHOPEE_PATHS.updateStock | typeof SHOPEE_PATHS.updatePrice,
    entries: readonly Record<string, unknown>[],
    nowMs: number,
  ): Promise<void> {
    const item = digitsToNumber(itemId, 'itemId')
    for (const batch of chunks(entries, MODELS_PER_CALL)) {
      const json = path === SHOPEE_PATHS.updateStock ? { item_id: item, stock_list: batch } : { item_id: item, price_list: batch }
      const envelope = await call({ method: 'POST', path, subject: shop(tokens), json }, nowMs)
      const failures = read(modelFailures, envelope, path).response.failure_list
      if (failures.length > 0) throw batchFailure(path, failures.map((f) => `model ${f.model_id ?? '?'}: ${f.failed_reason ?? 'refused'}`), 'model_id')
    }
  }

  /** v2.product.unlist_item for one item: `unlist` true takes it off sale, false puts it back. */
  async function setUnlisted(tokens: ShopTokens, itemId: string, unlist: boolean, nowMs: number): Promise<void> {
    const item = digitsToNumber(itemId, 'itemId')
    const envelope = await call({ method: 'POST', path: SHOPEE_PATHS.unlistItem, subject: shop(tokens), json: { item_list: [{ item_id: item, unlist }] } }, nowMs)
    const { response } = read(unlistAnswer, envelope, SHOPEE_PATHS.unlistItem)
    const reasons = [...response.failure_list, ...response.result.filter((r) => !r.success)].map((f) => f.failed_reason ?? 'refused')
    if (reasons.length > 0) throw batchFailure(SHOPEE_PATHS.unlistItem, reasons, 'item_id')
  }

  async function updatePrice(tokens: ShopTokens, itemId: string, skus: readonly Pick<ListingSku, 'sku' | 'externalSkuId' | 'priceVnd'>[], nowMs: number): Promise<void> {
    if (skus.length === 0) return
    const ids = modelIdsOf(skus)
    const entries = skus.map((s, i) => ({ model_id: ids[i]?.modelId ?? 0, original_price: price(s.priceVnd, s.sku) }))
    await pushPerModel(tokens, itemId, SHOPEE_PATHS.updatePrice, entries, nowMs)
  }

  return {
    kind: 'shopee',

    authorizeUrl(redirectUri, state, nowMs) {
      // auth_partner has no state parameter (1.4); Shopee appends code and shop_id to the
      // redirect URL, so the state rides in the redirect URL's own query.
      let redirect: URL
      try {
        redirect = new URL(redirectUri)
      } catch {
        throw new RangeError(`redirectUri is not an absolute URL: ${redirectUri}`)
      }
      if (redirect.protocol !== 'https:' && redirect.protocol !== 'http:') throw new RangeError(`redirectUri is not http(s): ${redirectUri}`)
      redirect.searchParams.set('state', state)
      const query = shopeeSignedQuery(signer, SHOPEE_PATHS.authPartner, nowMs, { kind: 'public' }, { redirect: redirect.href })
      return `${authBase}${SHOPEE_PATHS.authPartner}?${query.toString()}`
    },

    async exchangeCode(callback, nowMs) {
      const code = callback.code ?? ''
      const shopId = callback.shop_id ?? ''
      if (shopId === '' && callback.main_account_id !== undefined) {
        // A main account authorises several shops at once (1.4); ShopTokens holds one shop.
        throw new ConnectorFailure('rejected', 'Shopee main-account authorisation is not supported; authorise from the shop account', { code: 'main_account_unsupported', field: 'main_account_id' })
      }
      if (code === '') throw new ConnectorFailure('rejected', 'the Shopee redirect carries no code', { code: 'missing_code', field: 'code' })
      const shopNumber = digitsToNumber(shopId, 'shop_id')
      try {
        const envelope = await call(
          { method: 'POST', path: SHOPEE_PATHS.tokenGet, subject: { kind: 'public' }, json: { code, partner_id: partnerId, shop_id: shopNumber } },
          nowMs,
        )
        return toTokens(read(tokenAnswer, envelope, SHOPEE_PATHS.tokenGet), shopId, nowMs)
      } catch (error) {
        // A refused code cannot be fixed by refreshing a token: the seller must authorise again.
        if (error instanceof ConnectorFailure && error.kind === 'auth') throw new ConnectorFailure('rejected', error.message, error.details)
        throw error
      }
    },

    async refresh(tokens, nowMs) {
      // 1.4: the answer is a NEW pair and the old refresh token is spent; the caller must store
      // the result atomically, or the shop has to authorise again.
      const envelope = await call(
        {
          method: 'POST',
          path: SHOPEE_PATHS.accessTokenGet,
          subject: { kind: 'public' },
          json: { refresh_token: tokens.refreshToken, partner_id: partnerId, shop_id: digitsToNumber(tokens.shopId, 'shopId') },
        },
        nowMs,
      )
      return toTokens(read(tokenAnswer, envelope, SHOPEE_PATHS.accessTokenGet), tokens.shopId, nowMs)
    },

    async uploadImage(_tokens, image, nowMs) {
      // Section 4: JPG/JPEG/PNG of at most 10 MB; refused here rather than after the upload.
      if (image.bytes.length > MAX_IMAGE_BYTES) throw rejectedField('image', `${image.fileName} is larger than Shopee's 10 MB`)
      if (!isJpegOrPng(image.bytes)) throw rejectedField('image', `${image.fileName} is not a JPEG or PNG file`)
      const form = new FormData()
      const type = image.bytes[0] === 0xff ? 'image/jpeg' : 'image/png'
      form.append('image', new Blob([new Uint8Array(image.bytes)], { type }), image.fileName)
      // scene=normal: an item image, which Shopee crops to a square (1.6).
      form.append('scene', 'normal')
      // 1.6: upload_image is a Public API, signed at partner level without the shop's token.
      const envelope = await call({ method: 'POST', path: SHOPEE_PATHS.uploadImage, subject: { kind: 'public' }, form }, nowMs)
      const { response } = read(uploadAnswer, envelope, SHOPEE_PATHS.uploadImage)
      const first = response.image_info_list?.[0]
      if (first?.error) throw shopeeFailure(first.error, first.message ?? '')
      const info = first?.image_info ?? response.image_info
      if (info === undefined) throw new ConnectorFailure('transient', 'Shopee accepted the image but named no image_id', { code: 'unexpected_response' })
      const urls = info.image_url_list ?? []
      const url = urls.find((u) => u.image_url_region === 'VN')?.image_url ?? urls[0]?.image_url ?? null
      return { ref: info.image_id, url } satisfies UploadedImage
    },

    async createItem(tokens, listing, nowMs) {
      const content = itemContent(listing, true)
      const skus = listing.skus
      const one = skus.length === 1 ? skus[0] : undefined
      const prices = skus.map((s) => price(s.priceVnd, s.sku))
      const stocks = skus.map((s) => quantity(s.quantity, s.sku))
      if (skus.length > 1) optionLabels(skus)
      const envelope = await call(
        {
          method: 'POST',
          path: SHOPEE_PATHS.addItem,
          subject: shop(tokens),
          json: {
            ...content,
            // With variants, the models carry the real prices and stock; add_item still
            // requires an item price, so it gets the lowest one.
            original_price: Math.min(...prices),
            seller_stock: [{ stock: one === undefined ? 0 : (stocks[0] ?? 0) }],
            condition: 'NEW',
            item_status: 'NORMAL',
          },
        },
        nowMs,
      )
      const itemId = read(addItemAnswer, envelope, SHOPEE_PATHS.addItem).response.item_id
      if (one !== undefined) return { itemId: String(itemId), skuIds: { [one.sku]: '0' } }
      if (variationDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, variationDelayMs))
      return createVariants(tokens, itemId, skus, nowMs)
    },

    async findItem(tokens, listing, nowMs) {
      const anchor = shopeeItemSkuOf(listing)
      const candidates: number[] = []
      let offset = 0
      // search_item may match loosely; a few pages are plenty for one SKU.
      for (let page = 0; page < 5; page += 1) {
        const envelope = await call(
          {
            method: 'GET',
            path: SHOPEE_PATHS.searchItem,
            subject: shop(tokens),
            query: { offset, page_size: 100, item_sku: anchor, item_status: LIVE_ITEM_STATUSES },
          },
          nowMs,
        )
        const { response } = read(searchAnswer, envelope, SHOPEE_PATHS.searchItem)
        const ids = response.item_id_list ?? (response.item ?? []).map((item) => item.item_id)
        candidates.push(...ids)
        // next_offset is '' (or absent) on the last page.
        const next = response.next_offset === undefined || response.next_offset === '' ? Number.NaN : Number(response.next_offset)
        if (ids.length === 0 || !Number.isSafeInteger(next) || next <= offset) break
        offset = next
      }
      if (candidates.length === 0) return null
      const exact: { itemId: number; createTime: number }[] = []
      for (const batch of chunks(candidates, 50)) {
        const envelope = await call({ method: 'GET', path: SHOPEE_PATHS.getItemBaseInfo, subject: shop(tokens), query: { item_id_list: batch.join(',') } }, nowMs)
        for (const item of read(baseInfoAnswer, envelope, SHOPEE_PATHS.getItemBaseInfo).response.item_list) {
          const live = (LIVE_ITEM_STATUSES as readonly string[]).includes(item.item_status)
          if (live && item.item_sku === anchor) exact.push({ itemId: item.item_id, createTime: item.create_time ?? 0 })
        }
      }
      // Two live items with our anchor can only come from outside this connector; the oldest
      // is the one earlier jobs have been talking about.
      const found = exact.sort((a, b) => a.createTime - b.createTime || a.itemId - b.itemId)[0]
      if (found === undefined) return null
      const models = await modelIdsBySku(tokens, found.itemId, nowMs)
      if (models.size === 0 && listing.skus.length > 1) {
        // add_item went through but init_tier_variation never did (its answer was lost or it
        // failed): finish the create rather than report an item without our variants.
        return createVariants(tokens, found.itemId, listing.skus, nowMs)
      }
      return { itemId: String(found.itemId), skuIds: skuIdsOf(listing.skus, models, found.itemId) }
    },

    async updateItem(tokens, itemId, listing, nowMs) {
      const content = itemContent(listing, false)
      // Checked before anything is sent, so a listing with a variant Shopee does not have yet
      // fails whole instead of half-applied.
      modelIdsOf(listing.skus)
      for (const s of listing.skus) price(s.priceVnd, s.sku)
      await call({ method: 'POST', path: SHOPEE_PATHS.updateItem, subject: shop(tokens), json: { item_id: digitsToNumber(itemId, 'itemId'), ...content } }, nowMs)
      // Prices go through update_price, which works with and without variants; stock is left to
      // updateStock, whose numbers are fresher than a listing edit's.
      await updatePrice(tokens, itemId, listing.skus, nowMs)
    },

    unlistItem: (tokens, itemId, nowMs) => setUnlisted(tokens, itemId, true, nowMs),

    // The same v2.product.unlist_item with `unlist: false` puts the item back on sale (Shopee
    // developer guide 221, §6 "Unlisting or deleting product": "unlist: false means the product
    // will be re-listed"). The guide names no error for an item already in the state asked for,
    // so a retry after a lost answer is taken to succeed, as it does on the fake.
    relistItem: (tokens, itemId, nowMs) => setUnlisted(tokens, itemId, false, nowMs),

    async updateStock(tokens, itemId, skus, nowMs) {
      if (skus.length === 0) return
      const ids = modelIdsOf(skus)
      const entries = skus.map((s, i) => ({ model_id: ids[i]?.modelId ?? 0, seller_stock: [{ stock: quantity(s.quantity, s.sku) }] }))
      await pushPerModel(tokens, itemId, SHOPEE_PATHS.updateStock, entries, nowMs)
    },

    updatePrice,

    async pullOrders(tokens, cursor, sinceMs, nowMs): Promise<OrderPage> {
      const nowS = shopeeTimestamp(nowMs)
      const state: OrderCursor = cursor === null ? { v: 1, from: shopeeTimestamp(Math.max(0, sinceMs)), to: null, page: '' } : decodeCursor(cursor)
      const from = Math.min(state.from, nowS)
      // The window's end is fixed when its first page is read, so Shopee's cursor keeps
      // pointing into the same list on the following pages.
      const to = state.to ?? Math.min(from + SHOPEE_ORDER_WINDOW_S, nowS)
      const envelope = await call(
        {
          method: 'GET',
          path: SHOPEE_PATHS.getOrderList,
          subject: shop(tokens),
          query: {
            time_range_field: 'update_time',
            time_from: from,
            time_to: to,
            page_size: ORDER_PAGE_SIZE,
            cursor: state.page === '' ? undefined : state.page,
            response_optional_fields: 'order_status',
          },
        },
        nowMs,
      )
      const list = read(orderListAnswer, envelope, SHOPEE_PATHS.getOrderList).response
      let orders: ExternalOrder[] = []
      if (list.order_list.length > 0) {
        const detail = await call(
          {
            method: 'GET',
            path: SHOPEE_PATHS.getOrderDetail,
            subject: shop(tokens),
            query: { order_sn_list: list.order_list.map((o) => o.order_sn).join(','), response_optional_fields: ORDER_DETAIL_FIELDS },
          },
          nowMs,
        )
        orders = read(orderDetailAnswer, detail, SHOPEE_PATHS.getOrderDetail).response.order_list.map(toExternalOrder)
      }
      if (list.more && list.next_cursor !== '') {
        return { orders, cursor: encodeCursor({ v: 1, from, to, page: list.next_cursor }), more: true }
      }
      if (to < nowS) {
        // A 15-day window that ends before now: the next one starts where it ended.
        return { orders, cursor: encodeCursor({ v: 1, from: to, to: null, page: '' }), more: true }
      }
      return { orders, cursor: encodeCursor({ v: 1, from: Math.max(from, to - SHOPEE_ORDER_OVERLAP_S), to: null, page: '' }), more: false }
    },
  }
}

function baseUrl(value: string, name: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new RangeError(`${name} is not an absolute URL: ${value}`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RangeError(`${name} is not http(s): ${value}`)
  // Paths are appended as signed (1.3), so the base keeps no trailing slash.
  return url.href.replace(/\/+$/, '')
}
