/**
 * A fake Shopee Open Platform API v2 for tests: the seller authorisation page, token exchange and
 * refresh, media-space image upload, the product calls the publishing connector uses, and the
 * order list/detail calls — with the checks the platform makes, written from
 * /work/shared/reference/marketplaces-ocop.md section 1 and on purpose NOT shared with the app's
 * Shopee code in src/main: the fake exists to catch that code's mistakes, so both sides meet only
 * at the wire format.
 *
 * What it checks, like the platform (section numbers of the reference):
 * - 1.2/1.3 common parameters in the query string of every call: partner_id (the app's),
 *   timestamp (whole Unix seconds within 5 minutes of the fake's clock — a millisecond value is
 *   "Invalid timestamp"), sign; plus access_token and shop_id for Shop API calls. The sign must be
 *   the lower-case hex HMAC-SHA256, keyed with the partner key's UTF-8 bytes, of
 *   partner_id + path + timestamp (Public) or + access_token + shop_id (Shop). Nothing else is
 *   signed, so nothing else is checked here.
 * - 1.4 auth_partner link signed as Public; `code` single-use, valid 10 minutes; token/get and
 *   access_token/get signed as Public with partner_id (a JSON number) repeated in the body;
 *   access tokens live 4 h; refresh tokens 30 days and single-use; after a refresh the previous
 *   access token keeps working for 5 more minutes.
 * - 1.6 upload_image is a Public call (partner-level sign) with a multipart `image` field of
 *   JPG/PNG files of at most 10 MB, fewer than 9 per call; add_item's required fields; custom
 *   attribute values as value_id 0 + a string original_value_name; update_stock/update_price
 *   per model (model_id 0 for an item without variants); VN prices are whole numbers.
 * - 1.7 get_order_list: time_range_field, time_from, time_to (at most 15 days apart), page_size
 *   1–100, an opaque cursor; get_order_detail: 1–50 order_sn, and the optional fields are only
 *   returned when asked for in response_optional_fields.
 *
 * Choices where the reference is silent (relied on by the tests; see the report):
 * - HTTP status: gateway rejections answer 400 (error_param on a common parameter) or 403
 *   (error_sign, error_auth, expired token); business errors answer 200 with the error envelope
 *   (`request_id`, `error`, `message`). 429 and 5xx only come from the misbehaviour switches.
 * - An expired access token answers `invalid_acceess_token` (sic), the code live Shopee is widely
 *   reported to send; an unknown token answers `error_auth` "Invalid access_token.". A spent or
 *   unknown refresh token answers `error_auth` "Invalid refresh_token.".
 * - The 429 body uses `error_too_many_request`, invented here: the reference lists no general rate
 *   limit code (1.5).
 * - search_item matches item_sku as a case-insensitive substring (so callers must check for an
 *   exact match themselves) and leaves deleted items out unless item_status asks for them.
 * - Business validation errors use the documented `product.error_param` code with messages of the
 *   documented "invalid field ItemName: value must Not Null" form.
 * - The redirect after "Đồng ý" keeps the redirect URL's own query (a `state`, say) and adds
 *   `code` and `shop_id`.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { seededRandom } from '../../src/shared/seeded-random'

// ----------------------------------------------------------------------------------------------
// Public shapes

export interface FakeShopeeApp {
  readonly partnerId: string
  readonly partnerKey: string
}

export const FAKE_SHOPEE_APP: FakeShopeeApp = {
  partnerId: '2001887',
  partnerKey: 'shpk5a4f6e7a6f59744c6b6a6d72734e4d7a4b674c6e52424a6a4c4e54',
}

/** The shop that approves on the fake's authorisation page. */
export const FAKE_SHOPEE_SHOP_ID = '14701711'

export const PATHS = {
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

export interface FakeShopeeFailRate {
  /** Share of calls answered 429 (0–1). */
  readonly rate429: number
  /** Share of calls answered 500. */
  readonly rate5xx: number
  /** Share of calls that are never answered. */
  readonly rateTimeout: number
  readonly seed: number
}

export interface FakeShopeeMisbehaviour {
  /** Answer the next n API calls 429 with `retryAfter`. */
  rateLimitNext: number
  /** Retry-After sent with 429s: delta-seconds or an HTTP date. */
  retryAfter: string
  /** Answer the next n API calls 500 error_server. */
  serverErrorNext: number
  /** Accept the next n API calls and never answer them (see timeoutAnswerAfterMs). */
  timeoutNext: number
  /** null: a timed-out call is never answered nor performed; a number: it is performed and answered that late. */
  timeoutAnswerAfterMs: number | null
  /** Answer the next n Shop API calls as if their access token had expired. */
  expiredTokenNext: number
  /** Perform the next n add_item calls, then destroy the socket without answering. */
  dropResponseAfterCreate: number
  /** Random faults on every API call, drawn from a seeded PRNG. */
  failRate: FakeShopeeFailRate | null
  /**
   * Every API call (not the authorisation page) waits this many ms before it is judged and
   * performed, like a slow platform: the work happens at the end of the wait, so a caller that
   * gives up sooner leaves it to be done anyway. 0: answer at once.
   */
  latencyMs: number
}

export type FakeItemStatus = 'NORMAL' | 'UNLIST' | 'REVIEWING' | 'BANNED' | 'SELLER_DELETE' | 'SHOPEE_DELETE'

export interface FakeShopeeModel {
  readonly modelId: number
  readonly modelSku: string
  readonly tierIndex: readonly number[]
  readonly price: number
  readonly stock: number
}

export interface FakeShopeeItem {
  readonly itemId: number
  readonly shopId: string
  readonly itemSku: string
  readonly itemName: string
  readonly description: string
  readonly categoryId: number
  readonly status: FakeItemStatus
  /** The item's own price and stock; for an item with variants, the models' minimum and sum. */
  readonly price: number
  readonly stock: number
  readonly weightKg: number
  readonly imageIds: readonly string[]
  readonly logisticIds: readonly number[]
  readonly brandId: number
  readonly attributes: readonly { readonly attributeId: number; readonly values: readonly { readonly valueId: number; readonly name: string | null }[] }[]
  readonly tierVariation: readonly { readonly name: string; readonly options: readonly string[] }[]
  readonly models: readonly FakeShopeeModel[]
  /** Unix seconds. */
  readonly createTime: number
  readonly updateTime: number
}

export type FakeOrderStatus =
  | 'UNPAID'
  | 'READY_TO_SHIP'
  | 'PROCESSED'
  | 'SHIPPED'
  | 'TO_CONFIRM_RECEIVE'
  | 'COMPLETED'
  | 'RETRY_SHIP'
  | 'IN_CANCEL'
  | 'CANCELLED'
  | 'TO_RETURN'

export interface FakeShopeeOrderLine {
  readonly itemId: number
  readonly itemName: string
  readonly itemSku: string
  readonly modelId: number
  readonly modelName: string
  readonly modelSku: string
  readonly quantity: number
  readonly originalPrice: number
  readonly discountedPrice: number
}

export interface FakeShopeeOrder {
  readonly orderSn: string
  readonly shopId: string
  readonly status: FakeOrderStatus
  /** Unix seconds. */
  readonly createTime: number
  readonly updateTime: number
  readonly payTime: number | null
  readonly buyerUsername: string
  readonly recipient: { readonly name: string; readonly phone: string; readonly town: string; readonly district: string; readonly city: string; readonly state: string; readonly fullAddress: string }
  readonly lines: readonly FakeShopeeOrderLine[]
  readonly totalAmount: number
  readonly estimatedShippingFee: number
  readonly actualShippingFee: number
  readonly actualShippingFeeConfirmed: boolean
  readonly paymentMethod: string
  readonly cod: boolean
  readonly shippingCarrier: string
  readonly packageNumber: string
}

/** What a test gives seedOrder: times in epoch milliseconds; everything else defaults to a plausible VN order. */
export interface FakeShopeeOrderSeed {
  readonly orderSn?: string
  readonly shopId?: string
  readonly status?: FakeOrderStatus
  readonly createdAtMs: number
  readonly updatedAtMs?: number
  readonly buyerUsername?: string
  readonly recipient?: Partial<FakeShopeeOrder['recipient']>
  readonly lines?: readonly Partial<FakeShopeeOrderLine>[]
  readonly totalAmount?: number
  readonly estimatedShippingFee?: number
  readonly actualShippingFee?: number
  readonly actualShippingFeeConfirmed?: boolean
  readonly paymentMethod?: string
}

export interface FakeShopeeRequest {
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  /** Parsed JSON body, a summary of a multipart body, or null. */
  readonly body: unknown
  /** The fake's clock when the call arrived. */
  readonly atMs: number
  /** null while unanswered, and for dropped or hung calls. */
  readonly status: number | null
  /** The envelope's `error` ('' on success). */
  readonly error: string
  readonly outcome: 'pending' | 'answered' | 'dropped' | 'hung'
}

export interface FakeShopeeOptions {
  readonly clock?: () => number
  readonly app?: Partial<FakeShopeeApp>
  /** The shop that approves on the authorisation page; default FAKE_SHOPEE_SHOP_ID. */
  readonly sellerShopId?: string
  readonly host?: string
  readonly port?: number
}

export interface FakeShopee {
  readonly url: string
  readonly app: FakeShopeeApp
  /** add_item calls actually performed (a dropped answer still counts: the item exists). */
  readonly createCalls: number
  readonly requests: readonly FakeShopeeRequest[]
  readonly misbehaviour: Readonly<FakeShopeeMisbehaviour>
  setMisbehaviour(m: Partial<FakeShopeeMisbehaviour>): void
  /** Forget all shops, tokens, images, items, orders, requests and misbehaviour. */
  reset(): void
  /**
   * Resolves once no call is held back any more (latencyMs, timeoutAnswerAfterMs): the platform
   * has done all the work it was asked for. A test whose clock jumps ahead awaits this first, so
   * work done "late" in real milliseconds is not overtaken by a retry due seconds later on its clock.
   */
  settled(): Promise<void>
  items(): FakeShopeeItem[]
  orders(): FakeShopeeOrder[]
  /** A code as if the seller of `shopId` had approved on the authorisation page. */
  authorizeCode(shopId?: string): string
  /** Every access token issued so far stops working now (refresh tokens stay valid). */
  expireTokens(): void
  seedOrder(seed: FakeShopeeOrderSeed): FakeShopeeOrder
  /** Move an order to a new status (its update_time becomes `atMs`). */
  setOrderStatus(orderSn: string, status: FakeOrderStatus, atMs: number): void
  /** Change an item as the seller would in Seller Centre (e.g. delete it). */
  setItemStatus(itemId: number, status: FakeItemStatus): void
  close(): Promise<void>
}

// ----------------------------------------------------------------------------------------------
// Platform rules (reference 1.2–1.7)

const TIMESTAMP_WINDOW_S = 5 * 60
const CODE_TTL_S = 10 * 60
const ACCESS_TTL_S = 4 * 60 * 60
const REFRESH_TTL_S = 30 * 24 * 60 * 60
const OLD_ACCESS_GRACE_S = 5 * 60
const MAX_IMAGE_BYTES = 10 * 1024 * 1024
const MAX_IMAGES_PER_UPLOAD = 8
const MAX_ORDER_WINDOW_S = 15 * 24 * 60 * 60
const MAX_BODY_BYTES = 12 * 1024 * 1024

const ORDER_DETAIL_OPTIONAL_FIELDS = new Set([
  'buyer_user_id',
  'buyer_username',
  'estimated_shipping_fee',
  'recipient_address',
  'actual_shipping_fee',
  'goods_to_declare',
  'note',
  'note_update_time',
  'item_list',
  'pay_time',
  'dropshipper',
  'dropshipper_phone',
  'split_up',
  'buyer_cancel_reason',
  'cancel_by',
  'cancel_reason',
  'actual_shipping_fee_confirmed',
  'buyer_cpf_id',
  'fulfillment_flag',
  'pickup_done_time',
  'package_list',
  'shipping_carrier',
  'payment_method',
  'total_amount',
  'invoice_data',
  'order_chargeable_weight_gram',
  'return_request_due_date',
  'edt',
  'payment_info',
])

const ITEM_STATUSES: readonly FakeItemStatus[] = ['NORMAL', 'UNLIST', 'REVIEWING', 'BANNED', 'SELLER_DELETE', 'SHOPEE_DELETE']
const ORDER_STATUSES: readonly FakeOrderStatus[] = ['UNPAID', 'READY_TO_SHIP', 'PROCESSED', 'SHIPPED', 'TO_CONFIRM_RECEIVE', 'COMPLETED', 'RETRY_SHIP', 'IN_CANCEL', 'CANCELLED', 'TO_RETURN']

function hmacHex(key: string, message: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(Buffer.from(message, 'utf8')).digest('hex')
}

// ----------------------------------------------------------------------------------------------
// Internal state

interface CodeState {
  shopId: string
  expiresAt: number
  used: boolean
}

interface AccessState {
  shopId: string
  expiresAt: number
}

interface RefreshState {
  shopId: string
  expiresAt: number
  used: boolean
}

interface ImageState {
  imageId: string
  bytes: number
  scene: string
}

interface MutableItem {
  itemId: number
  shopId: string
  itemSku: string
  itemName: string
  description: string
  categoryId: number
  status: FakeItemStatus
  price: number
  stock: number
  weightKg: number
  imageIds: string[]
  logisticIds: number[]
  brandId: number
  attributes: { attributeId: number; values: { valueId: number; name: string | null }[] }[]
  tierVariation: { name: string; options: string[] }[]
  models: { modelId: number; modelSku: string; tierIndex: number[]; price: number; stock: number }[]
  createTime: number
  updateTime: number
}

/** A handler's answer: an envelope (status 200 unless said), or a socket to destroy after the work. */
type Answer = { readonly status?: number; readonly body: Record<string, unknown>; readonly headers?: Record<string, string> } | { readonly drop: true }

class Refusal extends Error {
  constructor(
    readonly error: string,
    message: string,
    readonly status = 200,
  ) {
    super(message)
  }
}

const paramError = (message: string) => new Refusal('product.error_param', message)
const missingField = (camel: string) => paramError(`invalid field ${camel}: value must Not Null`)
const badField = (camel: string, why: string) => paramError(`invalid field ${camel}: ${why}`)

interface Multipart {
  readonly fields: Record<string, string>
  readonly files: { readonly field: string; readonly fileName: string; readonly contentType: string; readonly data: Buffer }[]
}

interface CallContext {
  readonly query: URLSearchParams
  readonly json: Record<string, unknown>
  readonly multipart: Multipart | null
  readonly shopId: string | null
  readonly nowS: number
}

interface Route {
  readonly method: 'GET' | 'POST'
  readonly kind: 'public' | 'shop'
  readonly body: 'none' | 'json' | 'multipart'
  readonly handle: (call: CallContext) => Answer
}

const NO_MISBEHAVIOUR: FakeShopeeMisbehaviour = {
  rateLimitNext: 0,
  retryAfter: '2',
  serverErrorNext: 0,
  timeoutNext: 0,
  timeoutAnswerAfterMs: null,
  expiredTokenNext: 0,
  dropResponseAfterCreate: 0,
  failRate: null,
  latencyMs: 0,
}

// ----------------------------------------------------------------------------------------------
// Small readers for JSON bodies

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value)
}

function requireInt(body: Record<string, unknown>, key: string, camel: string, min = 1): number {
  const value = body[key]
  if (value === undefined || value === null) throw missingField(camel)
  if (!isInt(value) || value < min) throw badField(camel, `value must be an integer >= ${min}`)
  return value
}

function requireString(body: Record<string, unknown>, key: string, camel: string): string {
  const value = body[key]
  if (value === undefined || value === null) throw missingField(camel)
  if (typeof value !== 'string' || value.trim() === '') throw badField(camel, 'value must be a non-empty string')
  return value
}

function requirePositiveNumber(body: Record<string, unknown>, key: string, camel: string): number {
  const value = body[key]
  if (value === undefined || value === null) throw missingField(camel)
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw badField(camel, 'value must be greater than 0')
  return value
}

function queryInt(query: URLSearchParams, key: string, required: boolean): number | null {
  const raw = query.get(key)
  if (raw === null || raw === '') {
    if (required) throw new Refusal('error_param', `Wrong parameters, detail: ${key} is required.`)
    return null
  }
  if (!/^[0-9]+$/.test(raw)) throw new Refusal('error_param', `Wrong parameters, detail: ${key} must be an integer.`)
  return Number(raw)
}

// ----------------------------------------------------------------------------------------------
// Multipart (RFC 7578), enough for upload_image

function parseMultipart(body: Buffer, contentType: string): Multipart | null {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  const boundary = match?.[1] ?? match?.[2]
  if (!/^multipart\/form-data/i.test(contentType) || boundary === undefined) return null
  const delimiter = Buffer.from(`--${boundary}`)
  const fields: Record<string, string> = {}
  const files: Multipart['files'][number][] = []
  let start = body.indexOf(delimiter)
  if (start < 0) return null
  while (true) {
    start += delimiter.length
    if (body.subarray(start, start + 2).toString() === '--') break
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2
    const next = body.indexOf(delimiter, start)
    if (next < 0) return null
    const part = body.subarray(start, next - 2) // the CRLF before the delimiter belongs to it
    const headerEnd = part.indexOf('\r\n\r\n')
    if (headerEnd < 0) return null
    const headers = part.subarray(0, headerEnd).toString('utf8')
    const content = part.subarray(headerEnd + 4)
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? ''
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1]
    const fileName = /\bfilename="([^"]*)"/i.exec(disposition)?.[1]
    const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream'
    if (name !== undefined) {
      if (fileName !== undefined) files.push({ field: name, fileName, contentType: type, data: Buffer.from(content) })
      else fields[name] = content.toString('utf8')
    }
    start = next
  }
  return { fields, files }
}

function isJpegOrPng(data: Buffer): boolean {
  const jpeg = data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff
  const png = data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  return jpeg || png
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

// ----------------------------------------------------------------------------------------------
// The server

export async function startFakeShopee(options: FakeShopeeOptions = {}): Promise<FakeShopee> {
  const clock = options.clock ?? (() => Date.now())
  const app: FakeShopeeApp = { ...FAKE_SHOPEE_APP, ...options.app }
  const sellerShopId = options.sellerShopId ?? FAKE_SHOPEE_SHOP_ID

  let mis: FakeShopeeMisbehaviour = { ...NO_MISBEHAVIOUR }
  let random: (() => number) | null = null
  let codes = new Map<string, CodeState>()
  let accessTokens = new Map<string, AccessState>()
  let refreshTokens = new Map<string, RefreshState>()
  let images = new Map<string, ImageState>()
  let items = new Map<number, MutableItem>()
  let orders = new Map<string, FakeShopeeOrder>()
  let requests: { -readonly [K in keyof FakeShopeeRequest]: FakeShopeeRequest[K] }[] = []
  let createCalls = 0
  let nextItemId = 23_620_850_001
  let nextModelId = 221_404_180_001
  let nextImage = 1
  let nextOrder = 1
  const timers = new Set<NodeJS.Timeout>()
  let idleWaiters: (() => void)[] = []

  const nowSeconds = () => Math.floor(clock() / 1000)
  const hex = (bytes: number) => randomBytes(bytes).toString('hex')

  /** setTimeout, tracked so reset() and close() can cancel what is still waiting. */
  function later(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer)
      work()
      wakeIfIdle()
    }, ms)
    timers.add(timer)
  }

  function cancelTimers(): void {
    for (const timer of timers) clearTimeout(timer)
    timers.clear()
    wakeIfIdle()
  }

  function wakeIfIdle(): void {
    if (timers.size > 0) return
    const waiters = idleWaiters
    idleWaiters = []
    for (const wake of waiters) wake()
  }

  function issueTokens(shopId: string, nowS: number): { accessToken: string; refreshToken: string } {
    const accessToken = hex(16)
    const refreshToken = hex(16)
    accessTokens.set(accessToken, { shopId, expiresAt: nowS + ACCESS_TTL_S })
    refreshTokens.set(refreshToken, { shopId, expiresAt: nowS + REFRESH_TTL_S, used: false })
    return { accessToken, refreshToken }
  }

  function ownItem(shopId: string | null, itemId: unknown, camel = 'ItemId'): MutableItem {
    if (itemId === undefined || itemId === null) throw missingField(camel)
    if (!isInt(itemId)) throw badField(camel, 'value must be an integer')
    const item = items.get(itemId)
    if (item === undefined || item.shopId !== shopId || item.status === 'SELLER_DELETE' || item.status === 'SHOPEE_DELETE') {
      throw new Refusal('product.error_item_not_found', 'Item_id is not found.')
    }
    return item
  }

  function imagesOf(body: Record<string, unknown>, required: boolean): string[] | null {
    const image = body.image
    if (image === undefined || image === null) {
      if (required) throw missingField('Image')
      return null
    }
    if (!isRecord(image) || !Array.isArray(image.image_id_list) || image.image_id_list.length === 0) throw missingField('ImageIdList')
    const ids = image.image_id_list
    if (ids.length > 9) throw badField('ImageIdList', 'at most 9 images')
    for (const id of ids) {
      if (typeof id !== 'string' || !images.has(id)) throw badField('ImageIdList', `image ${String(id)} does not exist`)
    }
    return ids as string[]
  }

  function logisticsOf(body: Record<string, unknown>, required: boolean): number[] | null {
    const list = body.logistic_info
    if (list === undefined || list === null) {
      if (required) throw missingField('LogisticInfo')
      return null
    }
    if (!Array.isArray(list) || list.length === 0) throw missingField('LogisticInfo')
    const ids: number[] = []
    for (const entry of list) {
      if (!isRecord(entry)) throw badField('LogisticInfo', 'entries must be objects')
      const id = requireInt(entry, 'logistic_id', 'LogisticId')
      if (typeof entry.enabled !== 'boolean') throw missingField('Enabled')
      if (entry.enabled) ids.push(id)
    }
    if (ids.length === 0) throw badField('LogisticInfo', 'at least one channel must be enabled')
    return ids
  }

  function attributesOf(body: Record<string, unknown>): MutableItem['attributes'] | null {
    const list = body.attribute_list
    if (list === undefined || list === null) return null
    if (!Array.isArray(list)) throw badField('AttributeList', 'value must be a list')
    return list.map((entry) => {
      if (!isRecord(entry)) throw badField('AttributeList', 'entries must be objects')
      const attributeId = requireInt(entry, 'attribute_id', 'AttributeId')
      const values = entry.attribute_value_list
      if (!Array.isArray(values) || values.length === 0) throw missingField('AttributeValueList')
      return {
        attributeId,
        values: values.map((value) => {
          if (!isRecord(value)) throw badField('AttributeValueList', 'entries must be objects')
          const valueId = requireInt(value, 'value_id', 'ValueId', 0)
          const name = value.original_value_name
          // 1.6: a custom value is value_id 0 plus original_value_name, always as a string.
          if (valueId === 0 && (typeof name !== 'string' || name === '')) throw badField('OriginalValueName', 'a custom value (value_id 0) needs a string original_value_name')
          if (name !== undefined && typeof name !== 'string') throw badField('OriginalValueName', 'value must be a string')
          return { valueId, name: typeof name === 'string' ? name : null }
        }),
      }
    })
  }

  function stockOf(body: Record<string, unknown>): number | null {
    const list = body.seller_stock
    if (list === undefined || list === null) return null
    if (!Array.isArray(list) || list.length === 0) throw badField('SellerStock', 'value must be a non-empty list')
    let total = 0
    for (const entry of list) {
      if (!isRecord(entry)) throw badField('SellerStock', 'entries must be objects')
      total += requireInt(entry, 'stock', 'Stock', 0)
    }
    return total
  }

  function brandOf(body: Record<string, unknown>): number | null {
    const brand = body.brand
    if (brand === undefined || brand === null) return null
    if (!isRecord(brand)) throw badField('Brand', 'value must be an object')
    return requireInt(brand, 'brand_id', 'BrandId', 0)
  }

  function vnPrice(value: unknown, camel: string): number {
    if (value === undefined || value === null) throw missingField(camel)
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw badField(camel, 'value must be greater than 0')
    // 1.6: in VN only whole numbers are taken (add_item rounds; update_price refuses decimals).
    return Math.round(value)
  }

  function itemView(item: MutableItem): Record<string, unknown> {
    const view: Record<string, unknown> = {
      item_id: item.itemId,
      category_id: item.categoryId,
      item_name: item.itemName,
      description: item.description,
      item_sku: item.itemSku,
      create_time: item.createTime,
      update_time: item.updateTime,
      attribute_list: item.attributes.map((a) => ({
        attribute_id: a.attributeId,
        attribute_value_list: a.values.map((v) => ({ value_id: v.valueId, original_value_name: v.name ?? '' })),
      })),
      image: { image_id_list: [...item.imageIds], image_url_list: item.imageIds.map((id) => `https://cf.shopee.vn/file/${id}`) },
      weight: String(item.weightKg),
      logistic_info: item.logisticIds.map((id) => ({ logistic_id: id, enabled: true, is_free: false })),
      condition: 'NEW',
      item_status: item.status,
      has_model: item.models.length > 0,
      brand: { brand_id: item.brandId, original_brand_name: item.brandId === 0 ? 'NoBrand' : `Brand ${item.brandId}` },
      description_type: 'normal',
    }
    // get_item_base_info leaves price and stock to get_model_list when the item has models.
    if (item.models.length === 0) {
      view.price_info = [{ currency: 'VND', original_price: item.price, current_price: item.price }]
      view.stock_info_v2 = { summary_info: { total_reserved_stock: 0, total_available_stock: item.stock }, seller_stock: [{ location_id: '', stock: item.stock }] }
    }
    return view
  }

  function orderView(order: FakeShopeeOrder, optional: ReadonlySet<string>): Record<string, unknown> {
    const view: Record<string, unknown> = {
      order_sn: order.orderSn,
      region: 'VN',
      currency: 'VND',
      cod: order.cod,
      order_status: order.status,
      message_to_seller: '',
      create_time: order.createTime,
      update_time: order.updateTime,
      days_to_ship: 2,
      ship_by_date: order.createTime + 2 * 86_400,
    }
    const add = (field: string, value: unknown) => {
      if (optional.has(field)) view[field] = value
    }
    add('buyer_user_id', 1_170_319_091)
    add('buyer_username', order.buyerUsername)
    add('estimated_shipping_fee', order.estimatedShippingFee)
    add('actual_shipping_fee', order.actualShippingFee)
    add('actual_shipping_fee_confirmed', order.actualShippingFeeConfirmed)
    add('recipient_address', {
      name: order.recipient.name,
      phone: order.recipient.phone,
      town: order.recipient.town,
      district: order.recipient.district,
      city: order.recipient.city,
      state: order.recipient.state,
      region: 'VN',
      zipcode: '',
      full_address: order.recipient.fullAddress,
    })
    add('pay_time', order.payTime)
    add('total_amount', order.totalAmount)
    add('payment_method', order.paymentMethod)
    add('shipping_carrier', order.shippingCarrier)
    add('note', '')
    add('split_up', false)
    add('cancel_by', order.status === 'CANCELLED' ? 'buyer' : '')
    add('cancel_reason', order.status === 'CANCELLED' ? 'Change of mind' : '')
    add('buyer_cancel_reason', '')
    add('fulfillment_flag', 'fulfilled_by_local_seller')
    add('pickup_done_time', 0)
    add(
      'item_list',
      order.lines.map((line) => ({
        item_id: line.itemId,
        item_name: line.itemName,
        item_sku: line.itemSku,
        model_id: line.modelId,
        model_name: line.modelName,
        model_sku: line.modelSku,
        model_quantity_purchased: line.quantity,
        model_original_price: line.originalPrice,
        model_discounted_price: line.discountedPrice,
        wholesale: false,
        weight: 0.5,
        add_on_deal: false,
        main_item: false,
        add_on_deal_id: 0,
        promotion_type: '',
        promotion_id: 0,
        order_item_id: line.itemId,
        promotion_group_id: 0,
        image_info: { image_url: 'https://cf.shopee.vn/file/vn-11134207-fake_tn' },
        is_prescription_item: false,
        is_b2c_owned_item: false,
      })),
    )
    add('package_list', [
      {
        package_number: order.packageNumber,
        logistics_status: order.status === 'COMPLETED' ? 'LOGISTICS_DELIVERY_DONE' : 'LOGISTICS_READY',
        logistics_channel_id: 50018,
        shipping_carrier: order.shippingCarrier,
        allow_self_design_awb: false,
        item_list: order.lines.map((line) => ({ item_id: line.itemId, model_id: line.modelId, model_quantity: line.quantity, order_item_id: line.itemId, promotion_group_id: 0, product_location_id: 'VNZ' })),
      },
    ])
    return view
  }

  // ---- routes ----

  const routes: Readonly<Record<string, Route>> = {
    [PATHS.tokenGet]: {
      method: 'POST',
      kind: 'public',
      body: 'json',
      handle: ({ json, nowS }) => {
        if (!isInt(json.partner_id) || String(json.partner_id) !== app.partnerId) throw new Refusal('invalid_partner_id', 'Invalid partner_id, please have a check.')
        if (json.main_account_id !== undefined) throw new Refusal('error_param', 'Wrong parameters, detail: main accounts are not available in this sandbox.')
        if (typeof json.code !== 'string' || json.code === '') throw new Refusal('error_param', 'Wrong parameters, detail: code is required.')
        if (!isInt(json.shop_id)) throw new Refusal('error_param', 'Wrong parameters, detail: shop_id must be an integer.')
        const code = codes.get(json.code)
        if (code === undefined || code.used || code.expiresAt < nowS) throw new Refusal('invalid_code', 'The code is expired or used or invalid, please check the code.')
        if (code.shopId !== String(json.shop_id)) throw new Refusal('invalid_shop_id', 'The code or shop_id is wrong, please check the code or the shop_id.')
        code.used = true
        const { accessToken, refreshToken } = issueTokens(code.shopId, nowS)
        return { body: { access_token: accessToken, refresh_token: refreshToken, expire_in: ACCESS_TTL_S } }
      },
    },

    [PATHS.accessTokenGet]: {
      method: 'POST',
      kind: 'public',
      body: 'json',
      handle: ({ json, nowS }) => {
        if (!isInt(json.partner_id) || String(json.partner_id) !== app.partnerId) throw new Refusal('invalid_partner_id', 'Invalid partner_id, please have a check.')
        if (typeof json.refresh_token !== 'string' || json.refresh_token === '') throw new Refusal('error_param', 'Wrong parameters, detail: refresh_token is required.')
        if (!isInt(json.shop_id)) throw new Refusal('error_param', 'Wrong parameters, detail: shop_id must be an integer.')
        const refresh = refreshTokens.get(json.refresh_token)
        // 1.4: single-use; a spent one is as dead as an unknown one.
        if (refresh === undefined || refresh.used || refresh.expiresAt < nowS || refresh.shopId !== String(json.shop_id)) {
          throw new Refusal('error_auth', 'Invalid refresh_token.', 403)
        }
        refresh.used = true
        // 1.4: the previous access tokens keep working for 5 more minutes.
        for (const access of accessTokens.values()) {
          if (access.shopId === refresh.shopId) access.expiresAt = Math.min(access.expiresAt, nowS + OLD_ACCESS_GRACE_S)
        }
        const { accessToken, refreshToken } = issueTokens(refresh.shopId, nowS)
        return {
          body: { partner_id: Number(app.partnerId), shop_id: Number(refresh.shopId), access_token: accessToken, refresh_token: refreshToken, expire_in: ACCESS_TTL_S },
        }
      },
    },

    [PATHS.uploadImage]: {
      method: 'POST',
      kind: 'public',
      body: 'multipart',
      handle: ({ multipart }) => {
        if (multipart === null) throw new Refusal('error_param', 'Wrong parameters, detail: the request must be multipart/form-data.')
        const scene = multipart.fields.scene ?? 'normal'
        if (scene !== 'normal' && scene !== 'desc') throw new Refusal('error_param', 'Wrong parameters, detail: scene must be normal or desc.')
        const ratio = multipart.fields.ratio ?? '1:1'
        if (ratio !== '1:1') throw new Refusal('error_param', 'Wrong parameters, detail: only 1:1 is available to this shop.')
        const files = multipart.files.filter((f) => f.field === 'image')
        if (files.length === 0) throw new Refusal('error_param', 'Wrong parameters, detail: image is required.')
        if (files.length > MAX_IMAGES_PER_UPLOAD) throw new Refusal('error_param', 'Wrong parameters, detail: image number should be less than 9.')
        for (const file of files) {
          if (file.data.length > MAX_IMAGE_BYTES) throw new Refusal('error_param', 'Wrong parameters, detail: image size should be no more than 10MB.')
          if (!isJpegOrPng(file.data)) throw new Refusal('error_param', 'Wrong parameters, detail: image format should be JPG, JPEG or PNG.')
        }
        const list = files.map((file, index) => {
          const imageId = `vn-11134207-7r98o-${String(nextImage++).padStart(12, '0')}`
          images.set(imageId, { imageId, bytes: file.data.length, scene })
          const imageInfo = {
            image_id: imageId,
            image_url_list: [
              { image_url_region: 'VN', image_url: `https://cf.shopee.vn/file/${imageId}` },
              { image_url_region: 'SG', image_url: `https://cf.shopee.sg/file/${imageId}` },
            ],
          }
          return { id: index, error: '', message: '', image_info: imageInfo }
        })
        return { body: { response: { image_info: list[0]?.image_info, image_info_list: list } } }
      },
    },

    [PATHS.addItem]: {
      method: 'POST',
      kind: 'shop',
      body: 'json',
      handle: ({ json, shopId, nowS }) => {
        const originalPrice = vnPrice(json.original_price, 'OriginalPrice')
        const description = requireString(json, 'description', 'Description')
        const weight = requirePositiveNumber(json, 'weight', 'Weight')
        const itemName = requireString(json, 'item_name', 'ItemName')
        const categoryId = requireInt(json, 'category_id', 'CategoryId')
        const imageIds = imagesOf(json, true) ?? []
        const logisticIds = logisticsOf(json, true) ?? []
        const attributes = attributesOf(json) ?? []
        const stock = stockOf(json) ?? 0
        const brandId = brandOf(json) ?? 0
        const status = json.item_status ?? 'NORMAL'
        if (status !== 'NORMAL' && status !== 'UNLIST') throw badField('ItemStatus', 'value must be NORMAL or UNLIST')
        const itemSku = json.item_sku ?? ''
        if (typeof itemSku !== 'string' || itemSku.length > 100) throw badField('ItemSku', 'value must be a string of at most 100 characters')
        if (json.condition !== undefined && json.condition !== 'NEW' && json.condition !== 'USED') throw badField('Condition', 'value must be NEW or USED')
        const item: MutableItem = {
          itemId: nextItemId++,
          shopId: shopId ?? '',
          itemSku,
          itemName,
          description,
          categoryId,
          status,
          price: originalPrice,
          stock,
          weightKg: weight,
          imageIds,
          logisticIds,
          brandId,
          attributes,
          tierVariation: [],
          models: [],
          createTime: nowS,
          updateTime: nowS,
        }
        items.set(item.itemId, item)
        createCalls += 1
        if (mis.dropResponseAfterCreate > 0) {
          mis.dropResponseAfterCreate -= 1
          return { drop: true }
        }
        return { body: { response: { item_id: item.itemId, item_name: item.itemName, item_sku: item.itemSku, item_status: item.status } } }
      },
    },

    [PATHS.initTierVariation]: {
      method: 'POST',
      kind: 'shop',
      body: 'json',
      handle: ({ json, shopId, nowS }) => {
        const item = ownItem(shopId, json.item_id)
        if (item.tierVariation.length > 0) throw badField('TierVariation', 'the item already has variations; use update_tier_variation')
        const tiers = json.tier_variation
        if (!Array.isArray(tiers) || tiers.length === 0) throw missingField('TierVariation')
        if (tiers.length > 2) throw badField('TierVariation', 'at most 2 tiers')
        const tierVariation = tiers.map((tier, level) => {
          if (!isRecord(tier)) throw badField('TierVariation', 'entries must be objects')
          const name = requireString(tier, 'name', 'Name')
          const optionList = tier.option_list
          if (!Array.isArray(optionList) || optionList.length === 0) throw missingField('OptionList')
          const withImage = optionList.filter((o) => isRecord(o) && o.image !== undefined).length
          if (withImage > 0 && (level > 0 || withImage !== optionList.length)) throw badField('OptionList', 'only tier 1 options carry images, and then all of them')
          const options = optionList.map((option) => {
            if (!isRecord(option)) throw badField('OptionList', 'entries must be objects')
            return requireString(option, 'option', 'Option')
          })
          if (new Set(options).size !== options.length) throw badField('OptionList', 'options must be unique')
          return { name, options }
        })
        const models = json.model
        if (!Array.isArray(models) || models.length === 0) throw missingField('Model')
        const seen = new Set<string>()
        const created = models.map((model) => {
          if (!isRecord(model)) throw badField('Model', 'entries must be objects')
          const tierIndex = model.tier_index
          if (!Array.isArray(tierIndex) || tierIndex.length !== tierVariation.length) throw badField('TierIndex', 'one index per tier')
          tierIndex.forEach((index, level) => {
            if (!isInt(index) || index < 0 || index >= (tierVariation[level]?.options.length ?? 0)) throw badField('TierIndex', 'index out of range')
          })
          const key = tierIndex.join(',')
          if (seen.has(key)) throw badField('TierIndex', 'duplicate tier_index')
          seen.add(key)
          const price = vnPrice(model.original_price, 'OriginalPrice')
          const stock = stockOf(model) ?? (isInt(model.normal_stock) ? model.normal_stock : 0)
          const modelSku = model.model_sku ?? ''
          if (typeof modelSku !== 'string') throw badField('ModelSku', 'value must be a string')
          return { modelId: nextModelId++, modelSku, tierIndex: tierIndex as number[], price, stock }
        })
        item.tierVariation = tierVariation
        item.models = created
        item.price = Math.min(...created.map((m) => m.price))
        item.stock = created.reduce((sum, m) => sum + m.stock, 0)
        item.updateTime = nowS
        return {
          body: {
            response: {
              item_id: item.itemId,
              tier_variation: tierVariation.map((t) => ({ name: t.name, option_list: t.options.map((option) => ({ option })) })),
              model: created.map((m) => ({ tier_index: m.tierIndex, model_id: m.modelId, model_sku: m.modelSku })),
            },
          },
        }
      },
    },

    [PATHS.getModelList]: {
      method: 'GET',
      kind: 'shop',
      body: 'none',
      handle: ({ query, shopId }) => {
        const item = ownItem(shopId, queryInt(query, 'item_id', true))
        return {
          body: {
            response: {
              tier_variation: item.tierVariation.map((t) => ({ name: t.name, option_list: t.options.map((option) => ({ option })) })),
              model: item.models.map((m) => ({
                model_id: m.modelId,
                model_sku: m.modelSku,
                model_status: 'MODEL_NORMAL',
                tier_index: m.tierIndex,
                price_info: [{ currency: 'VND', original_price: m.price, current_price: m.price, inflated_price_of_original_price: m.price, inflated_price_of_current_price: m.price }],
                stock_info_v2: { summary_info: { total_reserved_stock: 0, total_available_stock: m.stock }, seller_stock: [{ location_id: '', stock: m.stock }] },
              })),
            },
          },
        }
      },
    },

    [PATHS.searchItem]: {
      method: 'GET',
      kind: 'shop',
      body: 'none',
      handle: ({ query, shopId }) => {
        const pageSize = queryInt(query, 'page_size', true) ?? 0
        if (pageSize < 1 || pageSize > 100) throw new Refusal('product.error_param', 'invalid field PageSize: value must be between 1 and 100')
        const offset = queryInt(query, 'offset', false) ?? 0
        const name = query.get('item_name')
        const sku = query.get('item_sku')
        if (!name && !sku && !query.get('attribute_status')) throw new Refusal('error_param', 'request must set one of [item_name,attribute_status]')
        const statuses = query.getAll('item_status')
        for (const status of statuses) if (!ITEM_STATUSES.includes(status as FakeItemStatus)) throw new Refusal('product.error_param', `invalid field ItemStatus: unknown status ${status}`)
        const matches = [...items.values()]
          .filter((item) => item.shopId === shopId)
          .filter((item) => (statuses.length > 0 ? statuses.includes(item.status) : item.status !== 'SELLER_DELETE' && item.status !== 'SHOPEE_DELETE'))
          .filter((item) => (sku ? item.itemSku.toLowerCase().includes(sku.toLowerCase()) : name ? item.itemName.toLowerCase().includes(name.toLowerCase()) : true))
          .sort((a, b) => a.itemId - b.itemId)
        const page = matches.slice(offset, offset + pageSize)
        const more = offset + pageSize < matches.length
        return { body: { response: { item_id_list: page.map((item) => item.itemId), total_count: matches.length, next_offset: more ? String(offset + pageSize) : '' } } }
      },
    },

    [PATHS.getItemBaseInfo]: {
      method: 'GET',
      kind: 'shop',
      body: 'none',
      handle: ({ query, shopId }) => {
        const raw = query.get('item_id_list')
        if (!raw) throw new Refusal('error_param', 'Wrong parameters, detail: item_id_list is required.')
        const ids = raw.split(',')
        if (ids.length > 50 || ids.some((id) => !/^[0-9]+$/.test(id))) throw new Refusal('error_param', 'Wrong parameters, detail: item_id_list must be 1-50 integers.')
        // Deleted items are still readable for 90 days (Product-base-info-management guide).
        const list = ids.map((id) => items.get(Number(id))).filter((item): item is MutableItem => item !== undefined && item.shopId === shopId)
        return { body: { response: { item_list: list.map(itemView) } } }
      },
    },

    [PATHS.updateItem]: {
      method: 'POST',
      kind: 'shop',
      body: 'json',
      handle: ({ json, shopId, nowS }) => {
        const item = ownItem(shopId, json.item_id)
        if (json.original_price !== undefined && item.models.length > 0) throw new Refusal('error_edit_item_price_for_item_has_model', "Can't edit item price directly while item has models.")
        if (json.seller_stock !== undefined && item.models.length > 0) throw badField('SellerStock', 'update the models of an item that has them')
        const price = json.original_price === undefined ? null : vnPrice(json.original_price, 'OriginalPrice')
        const itemName = json.item_name === undefined ? null : requireString(json, 'item_name', 'ItemName')
        const description = json.description === undefined ? null : requireString(json, 'description', 'Description')
        const weight = json.weight === undefined ? null : requirePositiveNumber(json, 'weight', 'Weight')
        const categoryId = json.category_id === undefined ? null : requireInt(json, 'category_id', 'CategoryId')
        const imageIds = imagesOf(json, false)
        const logisticIds = logisticsOf(json, false)
        const attributes = attributesOf(json)
        const brandId = brandOf(json)
        const stock = stockOf(json)
        if (json.item_sku !== undefined && typeof json.item_sku !== 'string') throw badField('ItemSku', 'value must be a string')
        if (price !== null) item.price = price
        if (itemName !== null) item.itemName = itemName
        if (description !== null) item.description = description
        if (weight !== null) item.weightKg = weight
        if (categoryId !== null) item.categoryId = categoryId
        if (imageIds !== null) item.imageIds = imageIds
        if (logisticIds !== null) item.logisticIds = logisticIds
        if (attributes !== null) item.attributes = attributes
        if (brandId !== null) item.brandId = brandId
        if (stock !== null) item.stock = stock
        if (typeof json.item_sku === 'string') item.itemSku = json.item_sku
        item.updateTime = nowS
        return { body: { response: { item_id: item.itemId, item_name: item.itemName, item_sku: item.itemSku } } }
      },
    },

    [PATHS.unlistItem]: {
      method: 'POST',
      kind: 'shop',
      body: 'json',
      handle: ({ json, shopId, nowS }) => {
        const list = json.item_list
        if (!Array.isArray(list) || list.length === 0 || list.length > 50) throw badField('ItemList', 'length should be between 1 to 50')
        const success: Record<string, unknown>[] = []
        const failure: Record<string, unknown>[] = []
        for (const entry of list) {
          if (!isRecord(entry) || !isInt(entry.item_id) || typeof entry.unlist !== 'boolean') throw badField('ItemList', 'entries need item_id and unlist')
          const item = items.get(entry.item_id)
          if (item === undefined || item.shopId !== shopId || item.status === 'SELLER_DELETE' || item.status === 'SHOPEE_DELETE') {
            failure.push({ item_id: entry.item_id, failed_reason: 'Item_id is not found.' })
            continue
          }
          if (item.status === 'BANNED') {
            failure.push({ item_id: entry.item_id, failed_reason: 'Item is banned.' })
            continue
          }
          item.status = entry.unlist ? 'UNLIST' : 'NORMAL'
          item.updateTime = nowS
          success.push({ item_id: item.itemId, unlist: entry.unlist })
        }
        return { body: { response: { success_list: success, failure_list: failure } } }
      },
    },

    [PATHS.updateStock]: {
      method: 'POST',
      kind: 'shop',
      body: 'json',
      handle: ({ json, shopId, nowS }) => {
        const item = ownItem(shopId, json.item_id)
        const list = json.stock_list
        if (!Array.isArray(list) || list.length === 0 || list.length > 50) throw badField('StockList', 'length should be between 1 to 50')
        const success: Record<string, unknown>[] = []
        const failure: Record<string, unknown>[] = []
        for (const entry of list) {
          if (!isRecord(entry)) throw badField('StockList', 'entries must be objects')
          const modelId = entry.model_id ?? 0
          if (!isInt(modelId)) throw badField('ModelId', 'value must be an integer')
          const stock = stockOf(entry)
          if (stock === null) throw missingField('SellerStock')
          if (item.models.length === 0) {
            if (modelId !== 0) {
              failure.push({ model_id: modelId, failed_reason: 'Wrong model_id.' })
              continue
            }
            item.stock = stock
          } else {
            const model = item.models.find((m) => m.modelId === modelId)
            if (model === undefined) {
              failure.push({ model_id: modelId, failed_reason: 'Wrong model_id.' })
              continue
            }
            model.stock = stock
            item.stock = item.models.reduce((sum, m) => sum + m.stock, 0)
          }
          success.push({ model_id: modelId, seller_stock: [{ location_id: '', stock }] })
        }
        if (success.length > 0) item.updateTime = nowS
        return { body: { response: { success_list: success, failure_list: failure } } }
      },
    },

    [PATHS.updatePrice]: {
      method: 'POST',
      kind: 'shop',
      body: 'json',
      handle: ({ json, shopId, nowS }) => {
        const item = ownItem(shopId, json.item_id)
        const list = json.price_list
        if (!Array.isArray(list) || list.length === 0 || list.length > 50) throw badField('PriceList', 'length should be between 1 to 50')
        const success: Record<string, unknown>[] = []
        const failure: Record<string, unknown>[] = []
        for (const entry of list) {
          if (!isRecord(entry)) throw badField('PriceList', 'entries must be objects')
          const modelId = entry.model_id ?? 0
          if (!isInt(modelId)) throw badField('ModelId', 'value must be an integer')
          const price = entry.original_price
          // update_price: "other regions can only set the price as an integer" (VN among them).
          if (typeof price !== 'number' || !Number.isInteger(price) || price <= 0) throw new Refusal('error_invalid_price', 'Invalid price, please use the correct format')
          if (item.models.length === 0) {
            if (modelId !== 0) {
              failure.push({ model_id: modelId, failed_reason: 'Wrong model_id.' })
              continue
            }
            item.price = price
          } else {
            const model = item.models.find((m) => m.modelId === modelId)
            if (model === undefined) {
              failure.push({ model_id: modelId, failed_reason: 'Wrong model_id.' })
              continue
            }
            model.price = price
            item.price = Math.min(...item.models.map((m) => m.price))
          }
          success.push({ model_id: modelId, original_price: price })
        }
        if (success.length > 0) item.updateTime = nowS
        return { body: { response: { success_list: success, failure_list: failure } } }
      },
    },

    [PATHS.getOrderList]: {
      method: 'GET',
      kind: 'shop',
      body: 'none',
      handle: ({ query, shopId }) => {
        const field = query.get('time_range_field')
        if (field !== 'create_time' && field !== 'update_time') throw new Refusal('error_param', 'Wrong parameters, detail: time_range_field must be create_time or update_time.')
        const from = queryInt(query, 'time_from', true) ?? 0
        const to = queryInt(query, 'time_to', true) ?? 0
        if (to < from) throw new Refusal('error_param', 'Wrong parameters, detail: time_to must not be earlier than time_from.')
        if (to - from > MAX_ORDER_WINDOW_S) throw new Refusal('error_param', 'Wrong parameters, detail: the time range must not be longer than 15 days.')
        const pageSize = queryInt(query, 'page_size', true) ?? 0
        if (pageSize < 1 || pageSize > 100) throw new Refusal('error_param', 'Wrong parameters, detail: page_size must be between 1 and 100.')
        const cursor = query.get('cursor') ?? ''
        if (cursor !== '' && !/^[0-9]+$/.test(cursor)) throw new Refusal('error_param', 'Wrong parameters, detail: invalid cursor.')
        const offset = cursor === '' ? 0 : Number(cursor)
        const status = query.get('order_status')
        if (status !== null && status !== '' && !ORDER_STATUSES.includes(status as FakeOrderStatus)) throw new Refusal('error_param', `Wrong parameters, detail: unknown order_status ${status}.`)
        const withStatus = (query.get('response_optional_fields') ?? '').split(',').includes('order_status')
        const timeOf = (o: FakeShopeeOrder) => (field === 'create_time' ? o.createTime : o.updateTime)
        const matches = [...orders.values()]
          .filter((o) => o.shopId === shopId && timeOf(o) >= from && timeOf(o) <= to && (!status || o.status === status))
          .sort((a, b) => timeOf(a) - timeOf(b) || (a.orderSn < b.orderSn ? -1 : a.orderSn > b.orderSn ? 1 : 0))
        const page = matches.slice(offset, offset + pageSize)
        const more = offset + pageSize < matches.length
        return {
          body: {
            response: {
              more,
              next_cursor: more ? String(offset + pageSize) : '',
              order_list: page.map((o) => (withStatus ? { order_sn: o.orderSn, order_status: o.status } : { order_sn: o.orderSn })),
            },
          },
        }
      },
    },

    [PATHS.getOrderDetail]: {
      method: 'GET',
      kind: 'shop',
      body: 'none',
      handle: ({ query, shopId }) => {
        const raw = query.get('order_sn_list')
        if (!raw) throw new Refusal('error_param', 'Wrong parameters, detail: order_sn_list is required.')
        const sns = raw.split(',')
        if (sns.length > 50) throw new Refusal('error_param', 'Wrong parameters, detail: order_sn_list should be no more than 50.')
        const optional = new Set((query.get('response_optional_fields') ?? '').split(',').filter((f) => f !== ''))
        for (const field of optional) if (!ORDER_DETAIL_OPTIONAL_FIELDS.has(field)) throw new Refusal('error_param', `Wrong parameters, detail: unknown response_optional_fields ${field}.`)
        const found = sns.map((sn) => orders.get(sn))
        if (found.some((o) => o === undefined || o.shopId !== shopId)) throw new Refusal('error_not_found', 'Wrong parameters, detail: the order is not found.')
        return { body: { response: { order_list: found.map((o) => orderView(o as FakeShopeeOrder, optional)) } } }
      },
    },
  }

  // ---- the request pipeline ----

  function checkCommon(query: URLSearchParams, path: string, kind: 'public' | 'shop', nowS: number): string | null {
    const partnerId = query.get('partner_id')
    if (!partnerId) throw new Refusal('error_param', 'There is no partner_id in query.', 400)
    if (partnerId !== app.partnerId) throw new Refusal('error_param', 'Invalid partner_id.', 400)
    const timestamp = query.get('timestamp')
    if (!timestamp) throw new Refusal('error_param', 'no timestamp', 400)
    if (!/^[0-9]{1,10}$/.test(timestamp) || Math.abs(Number(timestamp) - nowS) > TIMESTAMP_WINDOW_S) throw new Refusal('error_param', 'Invalid timestamp', 400)
    const sign = query.get('sign')
    if (!sign) throw new Refusal('error_param', 'There is no sign in query.', 400)
    let base = `${partnerId}${path}${timestamp}`
    let shopId: string | null = null
    let accessToken: string | null = null
    if (kind === 'shop') {
      accessToken = query.get('access_token')
      if (!accessToken) throw new Refusal('error_param', 'There is no access_token in query.', 400)
      shopId = query.get('shop_id')
      if (!shopId) throw new Refusal('error_param', 'There is no shop_id in query.', 400)
      if (!/^[0-9]+$/.test(shopId)) throw new Refusal('error_shop', 'shopid is invalid', 400)
      base += `${accessToken}${shopId}`
    }
    // Exact comparison: the guide asks for all-lowercase hex, so upper-case is a mistake to catch.
    if (sign !== hmacHex(app.partnerKey, base)) throw new Refusal('error_sign', 'Wrong sign.', 403)
    if (kind === 'shop' && accessToken !== null) {
      if (mis.expiredTokenNext > 0) {
        mis.expiredTokenNext -= 1
        throw new Refusal('invalid_acceess_token', 'Invalid access_token.', 403)
      }
      const access = accessTokens.get(accessToken)
      if (access === undefined || access.shopId !== shopId) throw new Refusal('error_auth', 'Invalid access_token.', 403)
      if (access.expiresAt < nowS) throw new Refusal('invalid_acceess_token', 'Invalid access_token.', 403)
    }
    return shopId
  }

  function send(res: ServerResponse, entry: (typeof requests)[number], status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
    const envelope = { request_id: hex(16), error: '', message: '', ...body }
    entry.status = status
    entry.error = typeof envelope.error === 'string' ? envelope.error : ''
    // A late answer to a caller that gave up: the work is done, the answer goes nowhere.
    if (res.destroyed) return
    entry.outcome = 'answered'
    const text = JSON.stringify(envelope)
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers })
    res.end(text)
  }

  function perform(req: IncomingMessage, res: ServerResponse, entry: (typeof requests)[number], route: Route, url: URL, raw: Buffer): void {
    const nowS = nowSeconds()
    try {
      const shopId = checkCommon(url.searchParams, url.pathname, route.kind, nowS)
      let json: Record<string, unknown> = {}
      let multipart: Multipart | null = null
      if (route.body === 'json') {
        let parsed: unknown
        try {
          parsed = JSON.parse(raw.toString('utf8'))
        } catch {
          throw new Refusal('error_data', 'parse data failed')
        }
        if (!isRecord(parsed)) throw new Refusal('error_data', 'parse data failed')
        json = parsed
      } else if (route.body === 'multipart') {
        multipart = parseMultipart(raw, req.headers['content-type'] ?? '')
      }
      const answer = route.handle({ query: url.searchParams, json, multipart, shopId, nowS })
      if ('drop' in answer) {
        entry.outcome = 'dropped'
        req.socket.destroy()
        return
      }
      send(res, entry, answer.status ?? 200, answer.body, answer.headers)
    } catch (error) {
      if (error instanceof Refusal) send(res, entry, error.status, { error: error.error, message: error.message })
      else send(res, entry, 500, { error: 'error_server', message: 'Something wrong. Please try later.' })
    }
  }

  function authPage(res: ServerResponse, entry: (typeof requests)[number], url: URL): void {
    const nowS = nowSeconds()
    try {
      checkCommon(url.searchParams, url.pathname, 'public', nowS)
      const redirect = url.searchParams.get('redirect')
      let target: URL
      try {
        target = new URL(redirect ?? '')
      } catch {
        throw new Refusal('error_param', 'Wrong parameters, detail: redirect must be an absolute URL.', 400)
      }
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Refusal('error_param', 'Wrong parameters, detail: redirect must be http(s).', 400)
      const code = issueCode(sellerShopId, nowS)
      target.searchParams.set('code', code)
      target.searchParams.set('shop_id', sellerShopId)
      const html = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Shopee Open Platform – Uỷ quyền</title></head>
<body><main>
<h1>Uỷ quyền cho ứng dụng</h1>
<p>Ứng dụng ${escapeHtml(app.partnerId)} muốn quản lý sản phẩm và đơn hàng của cửa hàng ${escapeHtml(sellerShopId)}.</p>
<a href="${escapeHtml(target.href)}">Đồng ý</a>
</main></body></html>`
      entry.status = 200
      entry.outcome = 'answered'
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) })
      res.end(html)
    } catch (error) {
      if (error instanceof Refusal) send(res, entry, error.status, { error: error.error, message: error.message })
      else send(res, entry, 500, { error: 'error_server', message: 'Something wrong. Please try later.' })
    }
  }

  function issueCode(shopId: string, nowS: number): string {
    const code = hex(16)
    codes.set(code, { shopId, expiresAt: nowS + CODE_TTL_S, used: false })
    return code
  }

  /** A gateway fault chosen by the switches or the seeded draw, or null to go ahead. */
  function fault(): '429' | '5xx' | 'timeout' | null {
    if (mis.rateLimitNext > 0) {
      mis.rateLimitNext -= 1
      return '429'
    }
    if (mis.serverErrorNext > 0) {
      mis.serverErrorNext -= 1
      return '5xx'
    }
    if (mis.timeoutNext > 0) {
      mis.timeoutNext -= 1
      return 'timeout'
    }
    if (mis.failRate !== null && random !== null) {
      const draw = random()
      const { rate429, rate5xx, rateTimeout } = mis.failRate
      if (draw < rate429) return '429'
      if (draw < rate429 + rate5xx) return '5xx'
      if (draw < rate429 + rate5xx + rateTimeout) return 'timeout'
    }
    return null
  }

  async function readBody(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      const buffer = chunk as Buffer
      size += buffer.length
      if (size > MAX_BODY_BYTES) throw new Refusal('error_param', 'Wrong parameters, detail: the request body is too large.', 413)
      chunks.push(buffer)
    }
    return Buffer.concat(chunks)
  }

  function bodySummary(route: Route | undefined, req: IncomingMessage, raw: Buffer): unknown {
    if (route?.body === 'json') {
      try {
        return JSON.parse(raw.toString('utf8')) as unknown
      } catch {
        return raw.toString('utf8')
      }
    }
    if (route?.body === 'multipart') {
      const parsed = parseMultipart(raw, req.headers['content-type'] ?? '')
      return parsed === null ? null : { fields: parsed.fields, files: parsed.files.map((f) => ({ field: f.field, fileName: f.fileName, contentType: f.contentType, bytes: f.data.length })) }
    }
    return null
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid')
    const entry: (typeof requests)[number] = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: null,
      atMs: clock(),
      status: null,
      error: '',
      outcome: 'pending',
    }
    requests.push(entry)
    let raw: Buffer
    try {
      raw = await readBody(req)
    } catch (error) {
      if (error instanceof Refusal) send(res, entry, error.status, { error: error.error, message: error.message })
      return
    }
    const route = routes[url.pathname]
    entry.body = bodySummary(route, req, raw)

    if (url.pathname === PATHS.authPartner && req.method === 'GET') {
      authPage(res, entry, url)
      return
    }
    if (mis.latencyMs > 0) later(mis.latencyMs, () => answer(req, res, entry, route, url, raw))
    else answer(req, res, entry, route, url, raw)
  }

  /** An API call once it is the platform's turn to deal with it: a fault, or the work and its answer. */
  function answer(req: IncomingMessage, res: ServerResponse, entry: (typeof requests)[number], route: Route | undefined, url: URL, raw: Buffer): void {
    if (route === undefined) {
      send(res, entry, 404, { error: 'error_not_found', message: `No API at ${url.pathname}.` })
      return
    }
    switch (fault()) {
      case '429':
        send(res, entry, 429, { error: 'error_too_many_request', message: 'Too many requests, please try later.' }, { 'Retry-After': mis.retryAfter })
        return
      case '5xx':
        send(res, entry, 500, { error: 'error_server', message: 'Something wrong. Please try later.' })
        return
      case 'timeout': {
        entry.outcome = 'hung'
        const delay = mis.timeoutAnswerAfterMs
        if (delay !== null) {
          later(delay, () => {
            // The platform does the work even though the caller has given up waiting.
            if (req.method === route.method) perform(req, res, entry, route, url, raw)
          })
        }
        return
      }
      case null:
        break
    }
    if (req.method !== route.method) {
      send(res, entry, 405, { error: 'error_param', message: `Use ${route.method} for ${url.pathname}.` })
      return
    }
    perform(req, res, entry, route, url, raw)
  }

  const server = createServer((req, res) => {
    void handle(req, res)
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo

  function freezeItem(item: MutableItem): FakeShopeeItem {
    return structuredClone(item)
  }

  return {
    url: `http://${host}:${port}`,
    app,
    get createCalls() {
      return createCalls
    },
    get requests() {
      return requests.map((r) => ({ ...r }))
    },
    get misbehaviour() {
      return { ...mis }
    },
    setMisbehaviour(m) {
      mis = { ...mis, ...m }
      if (m.failRate !== undefined) random = m.failRate === null ? null : seededRandom(m.failRate.seed)
    },
    reset() {
      mis = { ...NO_MISBEHAVIOUR }
      random = null
      codes = new Map()
      accessTokens = new Map()
      refreshTokens = new Map()
      images = new Map()
      items = new Map()
      orders = new Map()
      requests = []
      createCalls = 0
      cancelTimers()
    },
    settled() {
      return timers.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))
    },
    items() {
      return [...items.values()].map(freezeItem)
    },
    orders() {
      return [...orders.values()].map((o) => structuredClone(o))
    },
    authorizeCode(shopId = sellerShopId) {
      return issueCode(shopId, nowSeconds())
    },
    expireTokens() {
      const past = nowSeconds() - 1
      for (const access of accessTokens.values()) access.expiresAt = Math.min(access.expiresAt, past)
    },
    seedOrder(seed) {
      const createTime = Math.floor(seed.createdAtMs / 1000)
      const updateTime = Math.floor((seed.updatedAtMs ?? seed.createdAtMs) / 1000)
      const lines: FakeShopeeOrderLine[] = (seed.lines ?? [{}]).map((line, index) => ({
        itemId: line.itemId ?? 23_620_853_561 + index,
        itemName: line.itemName ?? 'Mật ong hoa cà phê OCOP 4 sao',
        itemSku: line.itemSku ?? 'MO-500',
        modelId: line.modelId ?? 0,
        modelName: line.modelName ?? '',
        modelSku: line.modelSku ?? '',
        quantity: line.quantity ?? 1,
        originalPrice: line.originalPrice ?? 185_000,
        discountedPrice: line.discountedPrice ?? line.originalPrice ?? 185_000,
      }))
      const goods = lines.reduce((sum, line) => sum + line.discountedPrice * line.quantity, 0)
      const shipping = seed.estimatedShippingFee ?? 22_000
      const status = seed.status ?? 'READY_TO_SHIP'
      const order: FakeShopeeOrder = {
        orderSn: seed.orderSn ?? `2505${String(nextOrder++).padStart(10, '0')}`,
        shopId: seed.shopId ?? sellerShopId,
        status,
        createTime,
        updateTime,
        payTime: status === 'UNPAID' ? null : createTime + 60,
        buyerUsername: seed.buyerUsername ?? 'nguyenthilan88',
        recipient: {
          name: 'Nguyễn Thị Lan',
          phone: '84912345678',
          town: '',
          district: 'Quận Cầu Giấy',
          city: 'Hà Nội',
          state: 'Hà Nội',
          fullAddress: '12 Trần Thái Tông, Dịch Vọng Hậu, Cầu Giấy, Hà Nội',
          ...seed.recipient,
        },
        lines,
        totalAmount: seed.totalAmount ?? goods + shipping,
        estimatedShippingFee: shipping,
        actualShippingFee: seed.actualShippingFee ?? 0,
        actualShippingFeeConfirmed: seed.actualShippingFeeConfirmed ?? false,
        paymentMethod: seed.paymentMethod ?? 'Cash on Delivery',
        cod: (seed.paymentMethod ?? 'Cash on Delivery') === 'Cash on Delivery',
        shippingCarrier: 'SPX Express',
        packageNumber: `OFG${createTime}${String(nextOrder).padStart(4, '0')}`,
      }
      if (orders.has(order.orderSn)) throw new Error(`order ${order.orderSn} already seeded`)
      orders.set(order.orderSn, order)
      return structuredClone(order)
    },
    setOrderStatus(orderSn, status, atMs) {
      const order = orders.get(orderSn)
      if (order === undefined) throw new Error(`no order ${orderSn}`)
      orders.set(orderSn, { ...order, status, updateTime: Math.floor(atMs / 1000) })
    },
    setItemStatus(itemId, status) {
      const item = items.get(itemId)
      if (item === undefined) throw new Error(`no item ${itemId}`)
      item.status = status
      item.updateTime = nowSeconds()
    },
    close() {
      cancelTimers()
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
    },
  }
}
