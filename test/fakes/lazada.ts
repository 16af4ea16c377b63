/**
 * A fake Lazada Open Platform (LazOP, Vietnam venture) for tests and demos: two small node:http
 * servers standing in for the two hosts of section 2 of shared/reference/marketplaces-ocop.md —
 * the API host (`url`, like https://api.lazada.vn/rest) and the authorisation host (`authUrl`,
 * like https://auth.lazada.com, with its /oauth/authorize page and /rest/auth/token/* APIs).
 *
 * Every rule is implemented here from the reference and the Lazada pages it cites
 * (lazykern/ecommerce-api-docs data/processed/lazada/guides/…, data/raw/lazada/apis/…), on purpose
 * NOT shared with src/main/publishing/lazada: the fake exists to catch the connector's mistakes,
 * so both sides are written separately and meet only at the wire format.
 *
 * Checked on every API call, in this order (calling-parameters.md, signature-algorithm.md):
 * - app_key is present and known; sign_method is `sha256`; timestamp is epoch ms (or ISO) within
 *   7200 s of the fake's clock; `sign` is present;
 * - sign = upper-case hex HMAC-SHA256(app_secret, apiPath + sorted(key+value of every non-empty
 *   text parameter except sign) + raw body), parameters read from the query string and from a
 *   form-urlencoded or multipart body (file parts are not signed; a raw body is appended);
 * - seller APIs need a live access_token; business parameters each API marks mandatory.
 * Answers use the real envelopes: `{code:"0", data, request_id}`, the flat token answer of
 * /auth/token/*, and errors `{type, code, message, request_id[, detail]}` with HTTP 200.
 *
 * Choices the reference leaves open, made here and relied on by the tests:
 * - Error codes the Lazada pages name are used as named (IncompleteSignature, MissingParameter,
 *   IllegalAccessToken, IllegalRefreshToken, InvalidCode, ApiCallLimit, ServiceTimeout, 5, 17,
 *   19, 36, 39, 56, 70, 207, 208, 1001, 4137, 4216, E0001, E0002, E0004). Codes they do not name
 *   are invented and marked so: InvalidAppKey, UnsupportedSignMethod, InvalidTimestamp,
 *   InvalidApiPath, InvalidHttpMethod.
 * - Business validation of create/update/stock/price answers the "overview" code the Q&A page
 *   describes (500 for create, 501 for updates) with a `detail` list of {field, message,
 *   seller_sku}; the message starts with the business code (CHK_BASIC_REQUIRED, …,
 *   ITEM_NOT_FOUND). A missing item is 4137 (update), 208 (item get), E0002 (deactivate).
 * - Payloads are accepted as JSON or XML for every payload API; JSON `Images.Image` and
 *   `Skus.Sku` must be arrays (Q&A "must be in array type"), XML repeats elements.
 * - Images: JPG or PNG by magic bytes, 330–5000 px a side, at most `maxImageBytes` (default 1 MB,
 *   the stricter of the two limits section 4 reports); products may only use URLs this fake issued.
 * - Create needs name (≤ 255), a numeric PrimaryCategory, 1–8 images, and per SKU a SellerSku that
 *   is unique in the shop, an integer VND price > 0, an integer quantity ≥ 0 and the four package
 *   fields (> 0, at most 2 decimals). Several SKUs need a `variation` whose names/options their
 *   `saleProp` uses, with no two SKUs alike.
 * - Tokens: access 30 days, refresh 180 days (an "Online" app). A refresh returns a new pair,
 *   invalidates the old access AND refresh token ("You must save the latest refresh_token"), and
 *   keeps the refresh token's original expiry. /auth/token/create answers `country_user_info`,
 *   /auth/token/refresh `country_user_info_list`, as the API reference names them;
 *   refresh_expires_in is a string in the create answer and a number in the refresh answer, as
 *   the reference types them.
 * - UpdateProduct's SKU `Status` (update-a-product.md) takes 'active' or 'inactive' ('deleted' is
 *   not modelled and refused like any other value), and a product is Active while any of its
 *   SKUs is: this is how a product DeactivateProduct took off sale is put back on sale, as Lazada
 *   documents no activate API. The CHK_SKU_STATUS_INVALID code for a bad value is invented.
 * - GetProducts `filter=all` excludes deleted items. Orders: one order item per unit, item
 *   statuses drive the order's `statuses`, times are written in +07:00 with second precision, and
 *   `update_after` is inclusive ("after or on").
 * - Misbehaviour applies to API and token calls (not the HTML page), before any check, in the
 *   order timeout, rate limit, 5xx, ISP error, random faults; `expiredTokenNext` applies after the
 *   signature check, to seller APIs only. A "timeout" never answers until reset() or close().
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

// ----------------------------------------------------------------------------------------------
// Signing, re-implemented from section 2 of the reference

/** The `sign` of a request: upper-case hex HMAC-SHA256 over path + sorted key/value pairs + body. */
export function fakeLazadaSign(apiPath: string, params: Readonly<Record<string, string | undefined>>, secret: string, body?: string | null): string {
  const names = Object.keys(params)
    .filter((name) => name !== 'sign' && name !== '' && (params[name] ?? '') !== '')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const text = apiPath + names.map((name) => `${name}${params[name] ?? ''}`).join('') + (body ?? '')
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(text, 'utf8')).digest('hex').toUpperCase()
}

// ----------------------------------------------------------------------------------------------
// Public types

export interface FakeLazadaApp {
  readonly appKey: string
  readonly appSecret: string
}

export interface FakeLazadaSeller {
  readonly sellerId: string
  readonly userId: string
  readonly shortCode: string
  readonly account: string
}

export interface FakeLazadaOptions {
  /** Epoch milliseconds; defaults to Date.now. */
  clock?: () => number
  app?: FakeLazadaApp
  /** Defaults to [FAKE_LAZADA_SELLER]; the first one authorises through the HTML page. */
  sellers?: readonly FakeLazadaSeller[]
  /** Defaults to 1 MB (section 4: the API reference's limit, the stricter reading). */
  maxImageBytes?: number
}

export interface FakeLazadaFailRate {
  readonly rate429: number
  readonly rate5xx: number
  readonly rateTimeout: number
  readonly seed: number
}

export interface FakeLazadaMisbehaviour {
  /** The next n calls are rate limited. */
  rateLimitNext: number
  /** 'http429': HTTP 429 with Retry-After (when retryAfterSeconds is not null); 'ApiCallLimit': HTTP 200 with the ApiCallLimit error only. */
  rateLimitStyle: 'http429' | 'ApiCallLimit'
  retryAfterSeconds: number | null
  /** The next n calls answer HTTP 503 with an HTML page. */
  serverErrorNext: number
  /** The next n calls answer `{type: "ISP", code: "ServiceTimeout"}`. */
  systemErrorNext: number
  /** The next n calls are never answered. */
  timeoutNext: number
  /** The next n seller-API calls answer IllegalAccessToken whatever the token. */
  expiredTokenNext: number
  /** The next n successful creates are performed, then the socket is destroyed without an answer. */
  dropResponseAfterCreate: number
  /** Random faults from a seeded PRNG, drawn once per call; null for none. */
  failRate: FakeLazadaFailRate | null
}

export interface FakeLazadaSku {
  skuId: string
  sellerSku: string
  shopSku: string
  /** VND. */
  price: number
  /** Sellable quantity. */
  quantity: number
  status: 'active' | 'inactive'
  saleProp: Record<string, string>
  packageWeight: string
  packageLength: string
  packageWidth: string
  packageHeight: string
  packageContent: string | null
  images: string[]
}

export interface FakeLazadaItem {
  itemId: string
  sellerId: string
  status: 'Active' | 'InActive' | 'Deleted'
  primaryCategory: string
  /** Attributes as sent (name, description, brand_id, category attributes…). */
  attributes: Record<string, string>
  images: string[]
  variation: { name: string; options: string[] }[]
  skus: FakeLazadaSku[]
  createdAt: number
  updatedAt: number
}

export interface FakeLazadaImage {
  url: string
  hashCode: string
  bytes: number
  width: number
  height: number
  sellerId: string
}

export interface FakeLazadaOrderLineSeed {
  sku: string
  name?: string
  /** VND per unit. */
  unitPrice: number
  quantity?: number
  /** Defaults to the order's status. */
  status?: string
}

export interface FakeLazadaOrderSeed {
  orderId?: string
  sellerId?: string
  /** Lazada item status for every line: unpaid, pending, packed, ready_to_ship, shipped, delivered, confirmed, canceled, returned, failed_delivery, lost_by_3pl… */
  status?: string
  createdAt?: number
  updatedAt?: number
  buyer?: { firstName?: string; lastName?: string; phone?: string; address1?: string; district?: string; city?: string }
  lines: readonly FakeLazadaOrderLineSeed[]
  /** VND. */
  shippingFee?: number
  /** VND. */
  voucher?: number
  paymentMethod?: string
  trackingCode?: string | null
}

export interface FakeLazadaOrderItem {
  orderItemId: string
  sku: string
  name: string
  unitPrice: number
  status: string
  trackingCode: string | null
}

export interface FakeLazadaOrder {
  orderId: string
  sellerId: string
  createdAt: number
  updatedAt: number
  buyer: { firstName: string; lastName: string; phone: string; address1: string; district: string; city: string }
  shippingFee: number
  voucher: number
  paymentMethod: string
  items: FakeLazadaOrderItem[]
}

export interface FakeLazadaRequest {
  /** Fake-clock time of arrival. */
  at: number
  host: 'api' | 'auth'
  method: string
  /** The API path after /rest, e.g. /product/create. */
  apiPath: string
  /** Text parameters (query and body), `sign` included; empty for calls a scripted fault stopped before they were read. */
  params: Record<string, string>
  /** Names of file parts. */
  files: string[]
  /** Whether the signature verified (false when the call was refused before). */
  verified: boolean
  /** null when no answer was sent (timeout, dropped). */
  httpStatus: number | null
  /** The envelope's code ("0" on success), null for non-JSON answers. */
  code: string | null
  fault: 'timeout' | 'rate_limit' | 'server_error' | 'system_error' | 'expired_token' | 'dropped' | null
}

export interface FakeLazada {
  /** API base, e.g. http://127.0.0.1:PORT/rest (like https://api.lazada.vn/rest). */
  readonly url: string
  /** Authorisation host, e.g. http://127.0.0.1:PORT2 (like https://auth.lazada.com). */
  readonly authUrl: string
  readonly app: FakeLazadaApp
  readonly sellers: readonly FakeLazadaSeller[]
  /** Current misbehaviour (a copy). */
  readonly misbehaviour: FakeLazadaMisbehaviour
  /** Creates actually executed since start or reset. */
  readonly createCalls: number
  /** Every call, oldest first (copies). */
  readonly requests: FakeLazadaRequest[]
  /** Merge into the current misbehaviour. */
  setMisbehaviour(m: Partial<FakeLazadaMisbehaviour>): void
  /** Forget products, images, orders, tokens, codes, logs and misbehaviour; release hung calls. */
  reset(): void
  /** Every item (copies), oldest first, deleted ones included. */
  items(): FakeLazadaItem[]
  item(itemId: string): FakeLazadaItem | undefined
  images(): FakeLazadaImage[]
  orders(): FakeLazadaOrder[]
  /** What the "Đồng ý" button does: a one-time authorisation code for a seller, valid 30 minutes. */
  authorizeCode(sellerId?: string): string
  /** Every access token issued so far expires now (refresh tokens stay valid). */
  expireTokens(): void
  /** Adds an order; returns its order_id. */
  seedOrder(seed: FakeLazadaOrderSeed): string
  /** Moves every line of an order to a status (and a tracking code), updating updated_at. */
  setOrderStatus(orderId: string, status: string, options?: { at?: number; trackingCode?: string | null }): void
  close(): Promise<void>
}

export const FAKE_LAZADA_APP: FakeLazadaApp = { appKey: '100731', appSecret: 'fakeLazopSecretOCOPStorefront00000001' }

export const FAKE_LAZADA_SELLER: FakeLazadaSeller = {
  sellerId: '200012345678',
  userId: '300012345678',
  shortCode: 'VN1A2B3C4D',
  account: 'htx.nongsan.ocop@example.vn',
}

// ----------------------------------------------------------------------------------------------
// Constants from the reference

const TIMESTAMP_WINDOW_MS = 7200 * 1000
const ACCESS_TTL_S = 30 * 24 * 3600
const REFRESH_TTL_S = 180 * 24 * 3600
const CODE_TTL_MS = 30 * 60 * 1000
const GMT7_MS = 7 * 3600 * 1000

/** APIs that change things: POST only (update-a-product.md: "needs to be requested using the POST method"). */
const WRITE_APIS = new Set(['/image/upload', '/product/create', '/product/update', '/product/deactivate', '/product/price_quantity/update', '/product/stock/sellable/update'])

const NO_MISBEHAVIOUR: FakeLazadaMisbehaviour = {
  rateLimitNext: 0,
  rateLimitStyle: 'http429',
  retryAfterSeconds: 1,
  serverErrorNext: 0,
  systemErrorNext: 0,
  timeoutNext: 0,
  expiredTokenNext: 0,
  dropResponseAfterCreate: 0,
  failRate: null,
}

// ----------------------------------------------------------------------------------------------
// Small helpers

class ApiError extends Error {
  constructor(
    readonly type: 'ISV' | 'ISP' | 'SYSTEM',
    readonly code: string,
    message: string,
    readonly detail?: readonly { field: string; message: string; seller_sku?: string }[],
  ) {
    super(message)
  }
}

const missing = (name: string) => new ApiError('ISV', 'MissingParameter', `the input parameter "${name}" that is mandatory for processing this request is not supplied`)

type Detail = { field: string; message: string; seller_sku?: string }

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** ISO 8601 on the Vietnam clock, second precision: 2023-10-18T00:00:01+07:00. */
function vnTime(ms: number): string {
  const d = new Date(ms + GMT7_MS)
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+07:00`
}

/** GetOrders' format: YYYY-MM-DDTHH:mm:ss±HH:MM (error 17 otherwise). */
function parseOrderTime(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/.test(text)) return undefined
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? undefined : ms
}

function money(vnd: number): string {
  return vnd.toFixed(2)
}

function floorSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return []
  return Array.isArray(value) ? value : [value]
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

/** A small xorshift32 PRNG so random faults are reproducible from a seed. */
function xorshift32(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9
  return () => {
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    return state / 4294967296
  }
}

// ---- XML (the payload format of the Lazada guides' examples)

type XmlValue = string | { [name: string]: XmlValue | XmlValue[] }

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16))
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10))
    return ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e] ?? ''
  })
}

/** Elements to objects (repeated children to arrays), text to strings; attributes are ignored. */
function parseXml(source: string): XmlValue {
  let pos = 0
  const src = source.replace(/^\uFEFF/, '')
  const skipMisc = () => {
    for (;;) {
      const ws = /^\s*/.exec(src.slice(pos))
      pos += ws ? ws[0].length : 0
      if (src.startsWith('<?', pos)) pos = src.indexOf('?>', pos) + 2
      else if (src.startsWith('<!--', pos)) pos = src.indexOf('-->', pos) + 3
      else return
      if (pos < 2) throw new Error('unterminated declaration')
    }
  }
  const element = (): [string, XmlValue] => {
    const open = /^<([A-Za-z_][\w.-]*)([^>]*?)(\/?)>/.exec(src.slice(pos))
    if (!open) throw new Error(`element expected at ${pos}`)
    const name = open[1] ?? ''
    pos += open[0].length
    if (open[3] === '/') return [name, '']
    const children: [string, XmlValue][] = []
    let content = ''
    for (;;) {
      if (pos >= src.length) throw new Error(`unclosed <${name}>`)
      if (src.startsWith('</', pos)) {
        const close = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(src.slice(pos))
        if (!close || close[1] !== name) throw new Error(`mismatched </…> for <${name}>`)
        pos += close[0].length
        break
      }
      if (src.startsWith('<![CDATA[', pos)) {
        const end = src.indexOf(']]>', pos)
        if (end < 0) throw new Error('unterminated CDATA')
        content += src.slice(pos + 9, end)
        pos = end + 3
      } else if (src.startsWith('<!--', pos)) {
        const end = src.indexOf('-->', pos)
        if (end < 0) throw new Error('unterminated comment')
        pos = end + 3
      } else if (src[pos] === '<') {
        children.push(element())
      } else {
        const next = src.indexOf('<', pos)
        if (next < 0) throw new Error(`unclosed <${name}>`)
        content += decodeEntities(src.slice(pos, next))
        pos = next
      }
    }
    if (children.length === 0) return [name, content.trim()]
    const obj: { [name: string]: XmlValue | XmlValue[] } = {}
    for (const [childName, value] of children) {
      const existing = obj[childName]
      if (existing === undefined) obj[childName] = value
      else if (Array.isArray(existing)) existing.push(value)
      else obj[childName] = [existing, value]
    }
    return [name, obj]
  }
  skipMisc()
  const [rootName, rootValue] = element()
  skipMisc()
  if (pos !== src.length) throw new Error('content after the root element')
  return { [rootName]: rootValue }
}

/** A payload parameter (JSON or XML) to its `Request` object; codes as the Q&A page gives them. */
function parsePayload(payload: string, name: string): { request: Record<string, unknown>; json: boolean } {
  const trimmed = payload.trim()
  if (trimmed.startsWith('<')) {
    let parsed: XmlValue
    try {
      parsed = parseXml(trimmed)
    } catch (err) {
      throw new ApiError('ISV', '5', `E005: Invalid Request Format (${err instanceof Error ? err.message : 'xml'})`)
    }
    const request = isRecord(parsed) ? parsed.Request : undefined
    if (!isRecord(request)) throw new ApiError('ISV', '5', 'E005: Invalid Request Format: <Request> expected')
    return { request, json: false }
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(trimmed)
  } catch {
    throw new ApiError('ISV', '1001', `The parameters are not in JSON format (${name})`)
  }
  const request = isRecord(parsed) ? parsed.Request : undefined
  if (!isRecord(request)) throw new ApiError('ISV', '1001', 'The parameters are not in JSON format: Request expected')
  return { request, json: true }
}

// ---- Bodies

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > limit) throw new ApiError('ISV', '5', 'E005: Invalid Request Format: body too large')
    chunks.push(buf)
  }
  return Buffer.concat(chunks)
}

interface ParsedParts {
  fields: Record<string, string>
  files: Record<string, { bytes: Buffer; fileName: string; contentType: string }>
}

function parseMultipart(body: Buffer, boundary: string): ParsedParts {
  const out: ParsedParts = { fields: {}, files: {} }
  const delimiter = Buffer.from(`--${boundary}`)
  let start = body.indexOf(delimiter)
  if (start < 0) throw new ApiError('ISV', '5', 'E005: Invalid Request Format: multipart boundary not found')
  for (;;) {
    start += delimiter.length
    if (body.subarray(start, start + 2).toString() === '--') break
    const next = body.indexOf(delimiter, start)
    if (next < 0) throw new ApiError('ISV', '5', 'E005: Invalid Request Format: unterminated multipart')
    // A part is "\r\n" headers "\r\n\r\n" content "\r\n".
    const part = body.subarray(start + 2, next - 2)
    const headerEnd = part.indexOf('\r\n\r\n')
    if (headerEnd < 0) throw new ApiError('ISV', '5', 'E005: Invalid Request Format: multipart part without headers')
    const headers = part.subarray(0, headerEnd).toString('utf8')
    const content = part.subarray(headerEnd + 4)
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? ''
    const name = /\bname="([^"]*)"/.exec(disposition)?.[1]
    const fileName = /\bfilename="([^"]*)"/.exec(disposition)?.[1]
    const contentType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream'
    if (name === undefined) throw new ApiError('ISV', '5', 'E005: Invalid Request Format: multipart part without a name')
    if (fileName !== undefined) out.files[name] = { bytes: Buffer.from(content), fileName, contentType }
    else out.fields[name] = content.toString('utf8')
    start = next
  }
  return out
}

// ---- Images

function imageSize(bytes: Buffer): { type: 'jpg' | 'png'; width: number; height: number } | undefined {
  if (bytes.length >= 24 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return { type: 'png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    let pos = 2
    while (pos + 9 < bytes.length) {
      if (bytes[pos] !== 0xff) return undefined
      const marker = bytes[pos + 1] ?? 0
      const length = bytes.readUInt16BE(pos + 2)
      // SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) are not frames.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { type: 'jpg', height: bytes.readUInt16BE(pos + 5), width: bytes.readUInt16BE(pos + 7) }
      }
      pos += 2 + length
    }
  }
  return undefined
}

// ----------------------------------------------------------------------------------------------
// Internal state

interface Token {
  sellerId: string
  expiresAt: number
}

interface RefreshToken extends Token {
  accessToken: string
}

interface AuthCode {
  sellerId: string
  expiresAt: number
}

interface Reply {
  status: number
  headers?: Record<string, string>
  body: string
  code: string | null
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Reply {
  const code = isRecord(body) && body.code !== undefined ? String(body.code) : null
  return { status, headers: { 'Content-Type': 'application/json;charset=UTF-8', ...headers }, body: JSON.stringify(body), code }
}

// ----------------------------------------------------------------------------------------------
// The servers

export async function startFakeLazada(options: FakeLazadaOptions = {}): Promise<FakeLazada> {
  const clock = options.clock ?? Date.now
  const app: FakeLazadaApp = { ...(options.app ?? FAKE_LAZADA_APP) }
  const sellers = (options.sellers ?? [FAKE_LAZADA_SELLER]).map((s) => ({ ...s }))
  const maxImageBytes = options.maxImageBytes ?? 1_048_576
  if (sellers.length === 0) throw new Error('fake Lazada: at least one seller is needed')

  let products: FakeLazadaItem[] = []
  let images: FakeLazadaImage[] = []
  let orders: FakeLazadaOrder[] = []
  let accessTokens = new Map<string, Token>()
  let refreshTokens = new Map<string, RefreshToken>()
  let codes = new Map<string, AuthCode>()
  let log: FakeLazadaRequest[] = []
  let mis: FakeLazadaMisbehaviour = { ...NO_MISBEHAVIOUR }
  let random: (() => number) | null = null
  let createCalls = 0
  let nextItemId = 3_000_000_001
  let nextSkuId = 15_000_000_001
  let nextOrderId = 470_000_000_000_001
  let nextOrderItemId = 480_000_000_000_001
  let requestSeq = 0
  const hung = new Set<ServerResponse>()

  const requestId = () => `2101${(clock() % 1e9).toString(36)}${(requestSeq++).toString(36).padStart(6, '0')}`
  const sellerById = (id: string) => sellers.find((s) => s.sellerId === id)

  function success(data: unknown): Reply {
    return json({ code: '0', data, request_id: requestId() })
  }

  function failure(err: ApiError, status = 200, headers: Record<string, string> = {}): Reply {
    const body: Record<string, unknown> = { type: err.type, code: err.code, message: err.message, request_id: requestId() }
    if (err.detail) body.detail = err.detail
    return json(body, status, headers)
  }

  function issueTokens(sellerId: string, refreshExpiresAt?: number): { access: string; refresh: string; refreshExpiresAt: number } {
    const now = clock()
    const access = `50000${randomBytes(20).toString('hex')}`
    const refresh = `50001${randomBytes(20).toString('hex')}`
    const expiry = refreshExpiresAt ?? now + REFRESH_TTL_S * 1000
    accessTokens.set(access, { sellerId, expiresAt: now + ACCESS_TTL_S * 1000 })
    refreshTokens.set(refresh, { sellerId, expiresAt: expiry, accessToken: access })
    return { access, refresh, refreshExpiresAt: expiry }
  }

  function sellerInfo(seller: FakeLazadaSeller) {
    return { country: 'vn', seller_id: seller.sellerId, user_id: seller.userId, short_code: seller.shortCode }
  }

  // ---- Auth APIs (seller-authorization-introduction.md; system-api generateaccesstoken/refreshaccesstoken)

  function tokenCreate(params: Record<string, string>): Reply {
    const code = params.code
    if (!code) throw missing('code')
    const grant = codes.get(code)
    if (!grant || grant.expiresAt <= clock()) throw new ApiError('ISV', 'InvalidCode', 'Invalid authorization code')
    codes.delete(code)
    const seller = sellerById(grant.sellerId)
    if (!seller) throw new ApiError('ISV', 'InvalidCode', 'Invalid authorization code')
    const issued = issueTokens(seller.sellerId)
    return json({
      access_token: issued.access,
      refresh_token: issued.refresh,
      expires_in: ACCESS_TTL_S,
      refresh_expires_in: String(REFRESH_TTL_S),
      country: 'vn',
      account: seller.account,
      account_platform: 'seller_center',
      country_user_info: [sellerInfo(seller)],
      code: '0',
      request_id: requestId(),
    })
  }

  function tokenRefresh(params: Record<string, string>): Reply {
    const token = params.refresh_token
    if (!token) throw missing('refresh_token')
    const held = refreshTokens.get(token)
    if (!held || held.expiresAt <= clock()) throw new ApiError('ISV', 'IllegalRefreshToken', 'The specified refresh token is invalid or expired')
    const seller = sellerById(held.sellerId)
    if (!seller) throw new ApiError('ISV', 'IllegalRefreshToken', 'The specified refresh token is invalid or expired')
    refreshTokens.delete(token)
    accessTokens.delete(held.accessToken)
    const issued = issueTokens(seller.sellerId, held.expiresAt)
    return json({
      access_token: issued.access,
      refresh_token: issued.refresh,
      expires_in: ACCESS_TTL_S,
      refresh_expires_in: Math.max(0, Math.floor((issued.refreshExpiresAt - clock()) / 1000)),
      country: 'vn',
      account: seller.account,
      account_platform: 'seller_center',
      country_user_info_list: [sellerInfo(seller)],
      code: '0',
      request_id: requestId(),
    })
  }

  // ---- Products

  const sellerItems = (sellerId: string) => products.filter((p) => p.sellerId === sellerId)
  const isHosted = (url: string) => images.some((i) => i.url === url)

  function uploadImage(sellerId: string, files: ParsedParts['files']): Reply {
    const file = files.image
    if (!file) throw new ApiError('ISV', '302', 'Not supported URL: the image field should be passed in as a stream')
    if (file.bytes.length === 0) throw new ApiError('ISV', '30', 'E030: Empty Request')
    if (file.bytes.length > maxImageBytes) throw new ApiError('ISV', '303', `E303: The image is too large (${file.bytes.length} > ${maxImageBytes} bytes)`)
    const size = imageSize(file.bytes)
    if (!size) throw new ApiError('ISV', '300', 'E300: Upload Image Failed: only JPG and PNG are allowed')
    if (size.width < 330 || size.height < 330 || size.width > 5000 || size.height > 5000) {
      throw new ApiError('ISV', '300', `E300: Upload Image Failed: ${size.width}×${size.height} px, each side must be 330–5000 px`)
    }
    const hashCode = createHash('md5').update(file.bytes).digest('hex')
    const url = `https://vn-test-11.slatic.net/p/${hashCode}.${size.type}`
    if (!images.some((i) => i.url === url)) images.push({ url, hashCode, bytes: file.bytes.length, width: size.width, height: size.height, sellerId })
    return success({ image: { url, hash_code: hashCode } })
  }

  function checkImages(value: unknown, json: boolean, field: string, details: Detail[], required: boolean): string[] | undefined {
    if (value === undefined) {
      if (required) details.push({ field, message: 'BIZ_CHECK_MAIN_IMAGE_REQUIRE: Main image is require' })
      return undefined
    }
    const image = isRecord(value) ? value.Image : undefined
    if (json && image !== undefined && !Array.isArray(image)) throw new ApiError('ISV', '1001', `The parameters are not in JSON format: ${field}.Image must be an array`)
    const urls = asArray(image).map(text)
    if (urls.some((u) => u === undefined)) {
      details.push({ field, message: 'Invalid Request Format: image URLs must be strings' })
      return undefined
    }
    const list = urls as string[]
    if (required && list.length === 0) details.push({ field, message: 'BIZ_CHECK_MAIN_IMAGE_REQUIRE: Main image is require' })
    if (list.length > 8) details.push({ field, message: 'CHK_IMAGE_MAX_ITEMS: Upload a maximum of 8 pictures' })
    for (const url of list) if (!isHosted(url)) details.push({ field, message: `BIZ_CHECK_EXIST_OUTER_IMAGE: The image exists in the outer link: ${url}` })
    return list
  }

  const PACKAGE_FIELDS = ['package_weight', 'package_length', 'package_width', 'package_height'] as const

  function checkPackage(sku: Record<string, unknown>, sellerSku: string, details: Detail[], required: boolean): void {
    for (const field of PACKAGE_FIELDS) {
      const value = text(sku[field])
      if (value === undefined || value === '') {
        if (required) details.push({ field, message: `CHK_BASIC_REQUIRED: ${field} is mandatory`, seller_sku: sellerSku })
        continue
      }
      if (!/^\d+(\.\d{1,2})?$/.test(value) || Number(value) <= 0) {
        details.push({ field, message: `BIZ_CHECK_PACKAGE_DECIMAL_INVALID: ${field} must be > 0 with at most two decimals`, seller_sku: sellerSku })
      } else if (field === 'package_weight' && Number(value) > 40) {
        details.push({ field, message: 'BIZ_CHECK_MAX_PACKAGE_WEIGHT: The package weight exceeds 40kg', seller_sku: sellerSku })
      }
    }
  }

  function checkPrice(value: unknown, field: string, sellerSku: string, details: Detail[]): number | undefined {
    const raw = text(value)
    if (raw === undefined || raw === '') {
      details.push({ field, message: `CHK_BASIC_REQUIRED: ${field} is mandatory`, seller_sku: sellerSku })
      return undefined
    }
    if (!/^\d+(\.0+)?$/.test(raw)) {
      // VND has no minor unit: Lazada VN prices are whole đồng.
      details.push({ field, message: 'BIZ_CHECK_PRICE_PRECISION_INVALID: Price accuracy check failed', seller_sku: sellerSku })
      return undefined
    }
    const price = Math.round(Number(raw))
    if (price <= 0) {
      details.push({ field, message: 'BIZ_CHECK_PRICE_IS_ZERO: Price is not 0 check', seller_sku: sellerSku })
      return undefined
    }
    return price
  }

  function checkQuantity(value: unknown, field: string, sellerSku: string, details: Detail[]): number | undefined {
    const raw = text(value)
    if (raw === undefined || !/^\d+$/.test(raw)) {
      details.push({ field, message: `THD_INVENTORY_ERR_INV_PARAM_ILLEGAL: illegal parameter:${field}`, seller_sku: sellerSku })
      return undefined
    }
    return Number(raw)
  }

  function readVariation(product: Record<string, unknown>, details: Detail[]): { name: string; options: string[] }[] {
    const variation = product.variation
    if (variation === undefined) return []
    if (!isRecord(variation)) {
      details.push({ field: 'variation', message: 'VARIATION_EMPTY: The Variation is Empty' })
      return []
    }
    const out: { name: string; options: string[] }[] = []
    for (const [node, value] of Object.entries(variation)) {
      if (!isRecord(value)) {
        details.push({ field: 'variation', message: `VARIATION_CONTENT_EMPTY: The Variation Content is Empty, The Variation Node is: ${node}` })
        continue
      }
      const name = text(value.name) ?? ''
      if (name === '') details.push({ field: 'variation', message: `VARIATION_NAME_EMPTY: The Variation Name is Empty, The Variation Node is: ${node}` })
      else if (name.length > 15) details.push({ field: 'variation', message: `VARIATION_NAME_LENGTH_LIMIT: The Length Limit is: 15, The Name is: ${name}` })
      const options = asArray(isRecord(value.options) ? value.options.option : undefined)
        .map(text)
        .filter((o): o is string => o !== undefined)
      if (options.length === 0) details.push({ field: 'variation', message: `VARIATION_OPTIONS_EMPTY: The Variation Node is: ${node}` })
      for (const option of options) {
        if (option.length > 20) details.push({ field: 'variation', message: `VARIATION_OPTION_LENGTH_LIMIT: The Length Limit is: 20, The Option is: ${option}` })
      }
      if (out.some((v) => v.name === name)) details.push({ field: 'variation', message: `VARIATION_NAME_DUPLICATE: The Duplicate Name is: ${name}` })
      out.push({ name, options })
    }
    if (out.length > 2) details.push({ field: 'variation', message: 'VARIATION_SIZE_LIMIT: The Size Limit is: 2' })
    return out
  }

  function readAttributes(value: unknown): Record<string, string> {
    const out: Record<string, string> = {}
    if (!isRecord(value)) return out
    for (const [key, v] of Object.entries(value)) {
      const t = text(v)
      if (t !== undefined) out[key] = t
    }
    return out
  }

  function checkAttributes(attributes: Record<string, string>, details: Detail[], creating: boolean): void {
    const name = attributes.name
    if (creating && (name === undefined || name.trim() === '')) details.push({ field: 'name', message: 'CHK_BASIC_REQUIRED: name is mandatory' })
    if (name !== undefined && name.length > 255) details.push({ field: 'name', message: 'THD_IC_ERR_F_PRODUCT_00_15_004: The max length of title can not exceed 255' })
    const description = attributes.description
    if (description !== undefined && description.length > 25_000) details.push({ field: 'description', message: 'CHK_CATPROP_CPV_MAX_LEGNTH: description exceeds 25000 characters' })
  }

  function createProduct(sellerId: string, params: Record<string, string>): Reply {
    const payload = params.payload
    if (!payload) throw missing('payload')
    const { request, json: isJson } = parsePayload(payload, 'payload')
    const product = request.Product
    if (!isRecord(product)) throw new ApiError('ISV', '5', 'E005: Invalid Request Format: Request.Product expected')
    const details: Detail[] = []
    const category = text(product.PrimaryCategory)
    if (category === undefined || !/^[1-9]\d*$/.test(category)) details.push({ field: 'PrimaryCategory', message: 'E201: Invalid CategoryId' })
    const productImages = checkImages(product.Images, isJson, 'Images', details, true) ?? []
    const attributes = readAttributes(product.Attributes)
    if (!isRecord(product.Attributes)) details.push({ field: 'Attributes', message: 'CHK_BASIC_REQUIRED: Attributes is mandatory' })
    checkAttributes(attributes, details, true)
    const variation = readVariation(product, details)

    const skusNode = isRecord(product.Skus) ? product.Skus.Sku : undefined
    if (isJson && skusNode !== undefined && !Array.isArray(skusNode)) throw new ApiError('ISV', '1001', 'The parameters are not in JSON format: Skus.Sku must be an array')
    const rawSkus = asArray(skusNode)
    if (rawSkus.length === 0) details.push({ field: 'Skus', message: 'CHK_BASIC_REQUIRED: at least one Sku is mandatory' })
    if (rawSkus.length > 1 && variation.length === 0) details.push({ field: 'variation', message: 'VARIATION_EMPTY: several SKUs need a variation' })

    const taken = new Set(sellerItems(sellerId).filter((p) => p.status !== 'Deleted').flatMap((p) => p.skus.map((s) => s.sellerSku)))
    const seenSkus = new Set<string>()
    const seenProps = new Set<string>()
    const skus: FakeLazadaSku[] = []
    for (const raw of rawSkus) {
      if (!isRecord(raw)) {
        details.push({ field: 'Skus', message: 'Invalid Request Format: Sku must be an object' })
        continue
      }
      const sellerSku = text(raw.SellerSku) ?? ''
      if (sellerSku === '') details.push({ field: 'SellerSku', message: 'CHK_BASIC_REQUIRED: SellerSku is mandatory' })
      else if (taken.has(sellerSku) || seenSkus.has(sellerSku)) details.push({ field: 'SellerSku', message: 'BIZ_CHECK_SELLER_SKU_DUPLICATE: SellerSku repeat', seller_sku: sellerSku })
      seenSkus.add(sellerSku)
      const price = checkPrice(raw.price, 'price', sellerSku, details)
      const quantity = checkQuantity(raw.quantity ?? '0', 'quantity', sellerSku, details)
      checkPackage(raw, sellerSku, details, true)
      const skuImages = checkImages(raw.Images, isJson, 'Skus.Images', details, false) ?? []
      const saleProp = readAttributes(raw.saleProp)
      if (variation.length > 0) {
        for (const v of variation) {
          const option = saleProp[v.name]
          if (option === undefined) details.push({ field: 'saleProp', message: `SKU_VARIATION_NAME_MISSING: The Missing SKU Variation Name is: ${v.name}`, seller_sku: sellerSku })
          else if (!v.options.includes(option)) details.push({ field: 'saleProp', message: `SKU_VARIATION_OPTION_NOT_EXIST: The SKU Variation Option is: ${option}`, seller_sku: sellerSku })
        }
        for (const name of Object.keys(saleProp)) {
          if (!variation.some((v) => v.name === name)) details.push({ field: 'saleProp', message: `BIZ_CHECK_SALEPROP_ATTRIBUTE_INVALID: ${name} is not declared in the variation`, seller_sku: sellerSku })
        }
        const combo = JSON.stringify(variation.map((v) => saleProp[v.name] ?? ''))
        if (seenProps.has(combo)) details.push({ field: 'saleProp', message: 'CHK_SKU_PROPS_DUPLICATE: Duplicate Sku attributes', seller_sku: sellerSku })
        seenProps.add(combo)
      }
      if (price === undefined || quantity === undefined) continue
      skus.push({
        skuId: '',
        sellerSku,
        shopSku: '',
        price,
        quantity,
        status: 'active',
        saleProp,
        packageWeight: text(raw.package_weight) ?? '',
        packageLength: text(raw.package_length) ?? '',
        packageWidth: text(raw.package_width) ?? '',
        packageHeight: text(raw.package_height) ?? '',
        packageContent: text(raw.package_content) ?? null,
        images: skuImages,
      })
    }
    if (details.length > 0) throw new ApiError('ISV', '500', 'E500: Create product failed', details)

    const now = clock()
    const itemId = String(nextItemId++)
    for (const sku of skus) {
      sku.skuId = String(nextSkuId++)
      sku.shopSku = `${itemId}_VNAMZ-${sku.skuId}`
    }
    const item: FakeLazadaItem = {
      itemId,
      sellerId,
      status: 'Active',
      primaryCategory: category ?? '',
      attributes,
      images: productImages,
      variation,
      skus,
      createdAt: now,
      updatedAt: now,
    }
    products.push(item)
    createCalls++
    return success({
      item_id: Number(itemId),
      sku_list: skus.map((s) => ({ seller_sku: s.sellerSku, shop_sku: s.shopSku, sku_id: Number(s.skuId) })),
      item_status: 'Active',
    })
  }

  function productView(item: FakeLazadaItem) {
    return {
      item_id: Number(item.itemId),
      primary_category: Number(item.primaryCategory),
      attributes: { ...item.attributes },
      images: [...item.images],
      status: item.status,
      created_time: String(item.createdAt),
      updated_time: String(item.updatedAt),
      variation: Object.fromEntries(item.variation.map((v, i) => [`Variation${i + 1}`, { name: v.name, label: v.name, hasImage: false, customize: true, options: [...v.options] }])),
      skus: item.skus.map((s) => ({
        SkuId: Number(s.skuId),
        SellerSku: s.sellerSku,
        ShopSku: s.shopSku,
        Status: s.status,
        quantity: s.quantity,
        Available: s.quantity,
        price: s.price,
        special_price: 0,
        saleProp: { ...s.saleProp },
        package_weight: s.packageWeight,
        package_length: s.packageLength,
        package_width: s.packageWidth,
        package_height: s.packageHeight,
        Images: [...s.images],
        Url: `https://www.lazada.vn/-i${item.itemId}-s${s.skuId}.html`,
      })),
    }
  }

  function getProducts(sellerId: string, params: Record<string, string>): Reply {
    const filter = params.filter
    if (!filter) throw missing('filter')
    const allowed = ['all', 'live', 'inactive', 'deleted', 'pending', 'rejected', 'sold-out']
    if (!allowed.includes(filter)) throw new ApiError('ISV', '36', 'E036: Invalid status filter')
    const limit = params.limit === undefined ? 10 : Number(params.limit)
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new ApiError('ISV', '19', `E019: "${params.limit}" Invalid Limit`)
    const offset = params.offset === undefined ? 0 : Number(params.offset)
    if (!Number.isInteger(offset) || offset < 0 || offset > 10_000) throw new ApiError('ISV', '14', `E014: "${params.offset}" Invalid Offset`)
    let wanted: Set<string> | null = null
    if (params.sku_seller_list !== undefined) {
      let list: unknown
      try {
        list = JSON.parse(params.sku_seller_list)
      } catch {
        throw new ApiError('ISV', '70', 'E070: You have corrupt data in your sku seller list.')
      }
      if (!Array.isArray(list) || list.length > 100 || list.some((s) => typeof s !== 'string')) throw new ApiError('ISV', '70', 'E070: You have corrupt data in your sku seller list.')
      wanted = new Set(list as string[])
    }
    const matches = sellerItems(sellerId).filter((p) => {
      const statusOk =
        filter === 'all' ? p.status !== 'Deleted' : filter === 'live' ? p.status === 'Active' : filter === 'inactive' ? p.status === 'InActive' : filter === 'deleted' ? p.status === 'Deleted' : filter === 'sold-out' ? p.status === 'Active' && p.skus.every((s) => s.quantity === 0) : false
      return statusOk && (wanted === null || p.skus.some((s) => wanted.has(s.sellerSku)))
    })
    return success({ total_products: matches.length, products: matches.slice(offset, offset + limit).map(productView) })
  }

  function ownItem(sellerId: string, itemId: string | undefined): FakeLazadaItem | undefined {
    return products.find((p) => p.itemId === itemId && p.sellerId === sellerId && p.status !== 'Deleted')
  }

  function getProductItem(sellerId: string, params: Record<string, string>): Reply {
    const itemId = params.item_id
    if (!itemId) throw missing('item_id')
    const item = ownItem(sellerId, itemId)
    if (!item) throw new ApiError('ISV', '208', 'E208: Item not exist')
    return success(productView(item))
  }

  function updateProduct(sellerId: string, params: Record<string, string>): Reply {
    const payload = params.payload
    if (!payload) throw missing('payload')
    const { request, json: isJson } = parsePayload(payload, 'payload')
    const product = request.Product
    if (!isRecord(product)) throw new ApiError('ISV', '5', 'E005: Invalid Request Format: Request.Product expected')
    const itemId = text(product.ItemId)
    if (!itemId) throw new ApiError('ISV', '1', 'E001: Parameter ItemId is mandatory')
    const item = ownItem(sellerId, itemId)
    if (!item) throw new ApiError('ISV', '4137', 'The item id entered in the request does not exist on the current country and store, please call the GetProducts/GetProductItem API to query for the correct item id.')
    const details: Detail[] = []
    const category = product.PrimaryCategory === undefined ? undefined : text(product.PrimaryCategory)
    if (product.PrimaryCategory !== undefined && (category === undefined || !/^[1-9]\d*$/.test(category))) details.push({ field: 'PrimaryCategory', message: 'E201: Invalid CategoryId' })
    const newImages = checkImages(product.Images, isJson, 'Images', details, false)
    const attributes = readAttributes(product.Attributes)
    checkAttributes(attributes, details, false)
    const skusNode = isRecord(product.Skus) ? product.Skus.Sku : undefined
    if (isJson && skusNode !== undefined && !Array.isArray(skusNode)) throw new ApiError('ISV', '1001', 'The parameters are not in JSON format: Skus.Sku must be an array')
    const changes: { sku: FakeLazadaSku; raw: Record<string, unknown>; price?: number; quantity?: number; images?: string[] }[] = []
    for (const raw of asArray(skusNode)) {
      if (!isRecord(raw)) continue
      const skuId = text(raw.SkuId)
      if (!skuId) throw new ApiError('ISV', '4216', 'skuId is a mandatory field and must be filled in.')
      const sku = item.skus.find((s) => s.skuId === skuId)
      if (!sku) {
        details.push({ field: 'SkuId', message: `SELLER_SKU_NOT_FOUND: SKU ${skuId} is not on item ${itemId}` })
        continue
      }
      const change: (typeof changes)[number] = { sku, raw }
      if (raw.price !== undefined) change.price = checkPrice(raw.price, 'price', sku.sellerSku, details)
      if (raw.quantity !== undefined) change.quantity = checkQuantity(raw.quantity, 'quantity', sku.sellerSku, details)
      checkPackage(raw, sku.sellerSku, details, false)
      const skuImages = checkImages(raw.Images, isJson, 'Skus.Images', details, false)
      if (skuImages) change.images = skuImages
      const status = raw.Status === undefined ? undefined : text(raw.Status)
      if (raw.Status !== undefined && status !== 'active' && status !== 'inactive') {
        details.push({ field: 'Status', message: `CHK_SKU_STATUS_INVALID: Status must be active or inactive, got ${JSON.stringify(raw.Status)}`, seller_sku: sku.sellerSku })
      }
      changes.push(change)
    }
    if (details.length > 0) throw new ApiError('ISV', '501', 'E501: Update product failed', details)
    if (category !== undefined) item.primaryCategory = category
    if (newImages) item.images = newImages
    Object.assign(item.attributes, attributes)
    for (const { sku, raw, price, quantity, images: skuImages } of changes) {
      if (price !== undefined) sku.price = price
      if (quantity !== undefined) sku.quantity = quantity
      if (skuImages) sku.images = skuImages
      const pkg = (field: string, current: string) => text(raw[field]) ?? current
      sku.packageWeight = pkg('package_weight', sku.packageWeight)
      sku.packageLength = pkg('package_length', sku.packageLength)
      sku.packageWidth = pkg('package_width', sku.packageWidth)
      sku.packageHeight = pkg('package_height', sku.packageHeight)
      sku.packageContent = text(raw.package_content) ?? sku.packageContent
      const status = text(raw.Status)
      if (status === 'active' || status === 'inactive') sku.status = status
    }
    // A product is on sale while any of its SKUs is: setting a SKU of a deactivated product
    // back to active puts the product back on sale, and deactivating the last one takes it off.
    if (changes.some(({ raw }) => raw.Status !== undefined)) item.status = item.skus.some((s) => s.status === 'active') ? 'Active' : 'InActive'
    item.updatedAt = clock()
    return success({})
  }

  function deactivateProduct(sellerId: string, params: Record<string, string>): Reply {
    const body = params.apiRequestBody
    if (!body) throw missing('apiRequestBody')
    const { request } = parsePayload(body, 'apiRequestBody')
    const product = isRecord(request.Product) ? request.Product : undefined
    const itemId = product ? text(product.ItemId) : undefined
    if (!product || !itemId) throw new ApiError('ISV', 'E0001', 'Parameter ItemId is mandatory')
    const item = ownItem(sellerId, itemId)
    if (!item) throw new ApiError('ISV', 'E0002', 'Product:item id not exist')
    const skuIds = asArray(isRecord(product.Skus) ? product.Skus.SkuId : undefined)
      .map(text)
      .filter((s): s is string => s !== undefined)
    if (skuIds.length === 0) {
      if (item.status !== 'Active') throw new ApiError('ISV', 'E0004', 'Product Status not online')
      item.status = 'InActive'
      for (const sku of item.skus) sku.status = 'inactive'
    } else {
      for (const skuId of skuIds) {
        const sku = item.skus.find((s) => s.skuId === skuId)
        if (!sku) throw new ApiError('ISV', 'E0003', 'Seller Sku not exists')
        sku.status = 'inactive'
      }
      if (item.skus.every((s) => s.status === 'inactive')) item.status = 'InActive'
    }
    item.updatedAt = clock()
    return success({})
  }

  /** Shared by UpdateSellableQuantity and UpdatePriceQuantity: Skus.Sku entries naming ItemId + SkuId. */
  function skuEntries(sellerId: string, params: Record<string, string>): { item: FakeLazadaItem; sku: FakeLazadaSku; raw: Record<string, unknown> }[] {
    const payload = params.payload
    if (!payload) throw missing('payload')
    const { request } = parsePayload(payload, 'payload')
    const product = isRecord(request.Product) ? request.Product : undefined
    const entries = asArray(product && isRecord(product.Skus) ? product.Skus.Sku : undefined)
    if (entries.length === 0) throw new ApiError('ISV', '30', 'E030: Empty Request')
    if (entries.length > 50) throw new ApiError('ISV', '4171', 'The updated SKU quantity exceeds the maximum number 50, please do not update more than 50 SKUs at once')
    const details: Detail[] = []
    const out: { item: FakeLazadaItem; sku: FakeLazadaSku; raw: Record<string, unknown> }[] = []
    for (const raw of entries) {
      if (!isRecord(raw)) throw new ApiError('ISV', '5', 'E005: Invalid Request Format: Sku must be an element')
      const itemId = text(raw.ItemId)
      const skuId = text(raw.SkuId)
      if (!itemId || !skuId) {
        details.push({ field: itemId ? 'SkuId' : 'ItemId', message: `CHK_BASIC_REQUIRED: ${itemId ? 'SkuId' : 'ItemId'} is mandatory` })
        continue
      }
      const item = ownItem(sellerId, itemId)
      if (!item) {
        details.push({ field: 'ItemId', message: `ITEM_NOT_FOUND: item ${itemId} not found` })
        continue
      }
      const sku = item.skus.find((s) => s.skuId === skuId)
      if (!sku) {
        details.push({ field: 'SkuId', message: `SELLER_SKU_NOT_FOUND: SKU ${skuId} is not on item ${itemId}` })
        continue
      }
      out.push({ item, sku, raw })
    }
    if (details.length > 0) throw new ApiError('ISV', '501', 'E501: Update product failed', details)
    return out
  }

  function updateSellable(sellerId: string, params: Record<string, string>): Reply {
    const entries = skuEntries(sellerId, params)
    const details: Detail[] = []
    const values = entries.map(({ sku, raw }) => checkQuantity(raw.SellableQuantity, 'SellableQuantity', sku.sellerSku, details))
    if (details.length > 0) throw new ApiError('ISV', '501', 'E501: Update product failed', details)
    entries.forEach(({ item, sku }, i) => {
      sku.quantity = values[i] ?? sku.quantity
      item.updatedAt = clock()
    })
    return success({})
  }

  function updatePriceQuantity(sellerId: string, params: Record<string, string>): Reply {
    const entries = skuEntries(sellerId, params)
    const details: Detail[] = []
    const prices = entries.map(({ sku, raw }) => (raw.Price === undefined ? undefined : checkPrice(raw.Price, 'Price', sku.sellerSku, details)))
    const quantities = entries.map(({ sku, raw }) => (raw.Quantity === undefined ? undefined : checkQuantity(raw.Quantity, 'Quantity', sku.sellerSku, details)))
    if (entries.every(({ raw }) => raw.Price === undefined && raw.Quantity === undefined)) details.push({ field: 'Price', message: 'CHK_BASIC_REQUIRED: Price or Quantity is mandatory' })
    if (details.length > 0) throw new ApiError('ISV', '501', 'E501: Update product failed', details)
    entries.forEach(({ item, sku }, i) => {
      sku.price = prices[i] ?? sku.price
      sku.quantity = quantities[i] ?? sku.quantity
      item.updatedAt = clock()
    })
    return success({})
  }

  // ---- Orders (order-api getorders.json, getmultipleorderitems.json)

  function orderStatuses(order: FakeLazadaOrder): string[] {
    return [...new Set(order.items.map((i) => i.status))]
  }

  function orderView(order: FakeLazadaOrder) {
    const price = order.items.reduce((sum, i) => sum + i.unitPrice, 0)
    const address = {
      first_name: order.buyer.firstName,
      last_name: order.buyer.lastName,
      phone: order.buyer.phone,
      phone2: '',
      address1: order.buyer.address1,
      address2: '',
      address3: '',
      address4: '',
      address5: '',
      addressDsitrict: order.buyer.district,
      city: order.buyer.city,
      post_code: '',
      country: 'Vietnam',
    }
    return {
      order_id: order.orderId,
      order_number: order.orderId,
      created_at: vnTime(order.createdAt),
      updated_at: vnTime(order.updatedAt),
      price: money(price),
      shipping_fee: money(order.shippingFee),
      shipping_fee_original: money(order.shippingFee),
      shipping_fee_discount_seller: '0.00',
      shipping_fee_discount_platform: '0.00',
      voucher: money(order.voucher),
      voucher_seller: money(order.voucher),
      voucher_platform: '0.00',
      voucher_code: '',
      payment_method: order.paymentMethod,
      statuses: orderStatuses(order),
      items_count: String(order.items.length),
      customer_first_name: order.buyer.firstName,
      customer_last_name: order.buyer.lastName,
      address_shipping: address,
      address_billing: { ...address },
      warehouse_code: 'dropshipping',
      gift_option: 'false',
      gift_message: '',
      remarks: '',
      tax_code: '',
      branch_number: '',
      national_registration_number: '',
      promised_shipping_times: '',
      delivery_info: '',
      extra_attributes: 'null',
    }
  }

  function timeParam(params: Record<string, string>, name: string): number | undefined {
    const value = params[name]
    if (value === undefined) return undefined
    const ms = parseOrderTime(value)
    if (ms === undefined) throw new ApiError('ISV', '17', `E017: "${value}" Invalid Date Format`)
    return ms
  }

  function getOrders(sellerId: string, params: Record<string, string>): Reply {
    const updateAfter = timeParam(params, 'update_after')
    const updateBefore = timeParam(params, 'update_before')
    const createdAfter = timeParam(params, 'created_after')
    const createdBefore = timeParam(params, 'created_before')
    if (updateAfter === undefined && createdAfter === undefined) throw missing('update_after or created_after')
    const limit = params.limit === undefined ? 100 : Number(params.limit)
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new ApiError('ISV', '19', `E019: "${params.limit}" Invalid Limit`)
    const offset = params.offset === undefined ? 0 : Number(params.offset)
    if (!Number.isInteger(offset) || offset < 0) throw new ApiError('ISV', '14', `E014: "${params.offset}" Invalid Offset`)
    const sortBy = params.sort_by ?? 'created_at'
    if (sortBy !== 'created_at' && sortBy !== 'updated_at') throw new ApiError('ISV', '75', 'E075: Invalid sort filter.')
    const direction = params.sort_direction ?? 'DESC'
    if (direction !== 'ASC' && direction !== 'DESC') throw new ApiError('ISV', '74', 'E074: Invalid sort direction.')
    const status = params.status
    const known = ['unpaid', 'pending', 'packed', 'canceled', 'ready_to_ship', 'delivered', 'returned', 'shipped', 'failed', 'topack', 'toship', 'shipping', 'lost']
    if (status !== undefined && !known.includes(status)) throw new ApiError('ISV', '36', 'E036: Invalid status filter')
    const matches = orders
      .filter((o) => o.sellerId === sellerId)
      .filter((o) => {
        const updated = floorSecond(o.updatedAt)
        const created = floorSecond(o.createdAt)
        return (
          (updateAfter === undefined || updated >= updateAfter) &&
          (updateBefore === undefined || updated <= updateBefore) &&
          (createdAfter === undefined || created >= createdAfter) &&
          (createdBefore === undefined || created <= createdBefore) &&
          (status === undefined || orderStatuses(o).includes(status))
        )
      })
      .sort((a, b) => {
        const key = (o: FakeLazadaOrder) => (sortBy === 'updated_at' ? floorSecond(o.updatedAt) : floorSecond(o.createdAt))
        const diff = key(a) - key(b) || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0)
        return direction === 'ASC' ? diff : -diff
      })
    const page = matches.slice(offset, offset + limit)
    return success({ count: String(page.length), countTotal: String(matches.length), orders: page.map(orderView) })
  }

  function getMultipleOrderItems(sellerId: string, params: Record<string, string>): Reply {
    const raw = params.order_ids
    if (!raw) throw missing('order_ids')
    let ids: unknown
    try {
      ids = JSON.parse(raw)
    } catch {
      throw new ApiError('ISV', '56', 'E056: Invalid OrdersIdList format. Must use array format [1,2]')
    }
    if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'number' && typeof id !== 'string')) {
      throw new ApiError('ISV', '56', 'E056: Invalid OrdersIdList format. Must use array format [1,2]')
    }
    if (ids.length > 50) throw new ApiError('ISV', '38', 'E038: Too many orders were requested')
    const wanted = (ids as (number | string)[]).map(String)
    const found = orders.filter((o) => o.sellerId === sellerId && wanted.includes(o.orderId))
    if (found.length === 0) throw new ApiError('ISV', '39', 'E039: No orders were found')
    return success(
      found.map((order) => ({
        order_id: order.orderId,
        order_number: order.orderId,
        order_items: order.items.map((item) => ({
          order_item_id: item.orderItemId,
          order_id: order.orderId,
          name: item.name,
          sku: item.sku,
          shop_sku: '',
          item_price: money(item.unitPrice),
          paid_price: money(item.unitPrice),
          currency: 'VND',
          status: item.status,
          tracking_code: item.trackingCode ?? '',
          shipment_provider: item.trackingCode ? 'LEX VN' : '',
          shipping_type: 'Dropshipping',
          warehouse_code: 'dropshipping',
          created_at: String(order.createdAt),
          updated_at: String(order.updatedAt),
          voucher_amount: '0.00',
        })),
      })),
    )
  }

  // ---- Request pipeline

  function logEntry(entry: FakeLazadaRequest): FakeLazadaRequest {
    log.push(entry)
    return entry
  }

  function send(res: ServerResponse, entry: FakeLazadaRequest, reply: Reply): void {
    entry.httpStatus = reply.status
    entry.code = reply.code
    res.writeHead(reply.status, reply.headers ?? {})
    res.end(reply.body)
  }

  function rateLimitReply(): Reply {
    const body = { type: 'ISV', code: 'ApiCallLimit', message: 'Api access frequency exceeds the limit. this ban will last 1 seconds', request_id: requestId() }
    if (mis.rateLimitStyle === 'ApiCallLimit') return json(body)
    const headers: Record<string, string> = mis.retryAfterSeconds === null ? {} : { 'Retry-After': String(mis.retryAfterSeconds) }
    return json(body, 429, headers)
  }

  const SERVER_ERROR: Reply = {
    status: 503,
    headers: { 'Content-Type': 'text/html' },
    body: '<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>503 Service Temporarily Unavailable</h1></body></html>',
    code: null,
  }

  /** A scripted or random fault for this call, or null to go on. Count-based faults come first. */
  function pickFault(): FakeLazadaRequest['fault'] {
    if (mis.timeoutNext > 0) {
      mis.timeoutNext--
      return 'timeout'
    }
    if (mis.rateLimitNext > 0) {
      mis.rateLimitNext--
      return 'rate_limit'
    }
    if (mis.serverErrorNext > 0) {
      mis.serverErrorNext--
      return 'server_error'
    }
    if (mis.systemErrorNext > 0) {
      mis.systemErrorNext--
      return 'system_error'
    }
    if (mis.failRate && random) {
      const r = random()
      const { rate429, rate5xx, rateTimeout } = mis.failRate
      if (r < rate429) return 'rate_limit'
      if (r < rate429 + rate5xx) return 'server_error'
      if (r < rate429 + rate5xx + rateTimeout) return 'timeout'
    }
    return null
  }

  async function handleApi(host: 'api' | 'auth', req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const apiPath = url.pathname.slice('/rest'.length)
    const entry = logEntry({ at: clock(), host, method: req.method ?? 'GET', apiPath, params: {}, files: [], verified: false, httpStatus: null, code: null, fault: null })
    let body: Buffer
    try {
      body = await readBody(req, Math.max(maxImageBytes * 4, 8 * 1024 * 1024))
    } catch (err) {
      send(res, entry, failure(err instanceof ApiError ? err : new ApiError('ISV', '5', 'E005: Invalid Request Format')))
      return
    }

    const fault = pickFault()
    entry.fault = fault
    if (fault === 'timeout') {
      hung.add(res)
      res.on('close', () => hung.delete(res))
      return
    }
    if (fault === 'rate_limit') return send(res, entry, rateLimitReply())
    if (fault === 'server_error') return send(res, entry, SERVER_ERROR)
    if (fault === 'system_error') return send(res, entry, failure(new ApiError('ISP', 'ServiceTimeout', 'The request has failed due to service timeout')))

    try {
      // ---- Parameters: query string, then the body (form, multipart, or raw).
      const params: Record<string, string> = Object.fromEntries(url.searchParams)
      let files: ParsedParts['files'] = {}
      let rawBody: string | null = null
      const contentType = req.headers['content-type'] ?? ''
      if (body.length > 0) {
        if (/^application\/x-www-form-urlencoded/i.test(contentType)) {
          for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = v
        } else if (/^multipart\/form-data/i.test(contentType)) {
          const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
          const parts = parseMultipart(body, boundary?.[1] ?? boundary?.[2] ?? '')
          Object.assign(params, parts.fields)
          files = parts.files
        } else {
          rawBody = body.toString('utf8')
        }
      }
      entry.params = { ...params }
      entry.files = Object.keys(files)

      // ---- System parameters (calling-parameters.md) and the signature (signature-algorithm.md).
      if (!params.app_key) throw missing('app_key')
      if (params.app_key !== app.appKey) throw new ApiError('ISV', 'InvalidAppKey', 'The specified app key is invalid')
      if (!params.sign_method) throw missing('sign_method')
      if (params.sign_method !== 'sha256') throw new ApiError('ISV', 'UnsupportedSignMethod', `sign_method ${params.sign_method} is not supported`)
      if (!params.timestamp) throw missing('timestamp')
      const ts = /^\d+$/.test(params.timestamp) ? Number(params.timestamp) : Date.parse(params.timestamp)
      if (Number.isNaN(ts) || Math.abs(ts - clock()) > TIMESTAMP_WINDOW_MS) throw new ApiError('ISV', 'InvalidTimestamp', 'The timestamp differs from UTC time by more than 7200 seconds')
      if (!params.sign) throw missing('sign')
      if (fakeLazadaSign(apiPath, params, app.appSecret, rawBody) !== params.sign) {
        throw new ApiError('ISV', 'IncompleteSignature', 'The request signature does not conform to lazop standards')
      }
      entry.verified = true

      if (WRITE_APIS.has(apiPath) && req.method !== 'POST') throw new ApiError('ISV', 'InvalidHttpMethod', `${apiPath} must be called with POST`)

      // ---- The authorisation host serves only the token APIs; the API host everything else.
      if (host === 'auth') {
        if (apiPath === '/auth/token/create') return send(res, entry, tokenCreate(params))
        if (apiPath === '/auth/token/refresh') return send(res, entry, tokenRefresh(params))
        throw new ApiError('ISV', 'InvalidApiPath', `The specified API path ${apiPath} is invalid on this host`)
      }
      const routes: Record<string, (sellerId: string, p: Record<string, string>) => Reply> = {
        '/image/upload': (sellerId) => uploadImage(sellerId, files),
        '/product/create': createProduct,
        '/products/get': getProducts,
        '/product/item/get': getProductItem,
        '/product/update': updateProduct,
        '/product/deactivate': deactivateProduct,
        '/product/stock/sellable/update': updateSellable,
        '/product/price_quantity/update': updatePriceQuantity,
        '/orders/get': getOrders,
        '/orders/items/get': getMultipleOrderItems,
      }
      const route = routes[apiPath]
      if (!route) throw new ApiError('ISV', 'InvalidApiPath', `The specified API path ${apiPath} is invalid`)
      const accessToken = params.access_token
      if (!accessToken) throw missing('access_token')
      if (mis.expiredTokenNext > 0) {
        mis.expiredTokenNext--
        entry.fault = 'expired_token'
        throw new ApiError('ISV', 'IllegalAccessToken', 'The specified access token is invalid or expired')
      }
      const token = accessTokens.get(accessToken)
      if (!token || token.expiresAt <= clock()) throw new ApiError('ISV', 'IllegalAccessToken', 'The specified access token is invalid or expired')

      const createsBefore = createCalls
      const reply = route(token.sellerId, params)
      if (apiPath === '/product/create' && createCalls > createsBefore && mis.dropResponseAfterCreate > 0) {
        mis.dropResponseAfterCreate--
        entry.fault = 'dropped'
        res.socket?.destroy()
        return
      }
      send(res, entry, reply)
    } catch (err) {
      if (err instanceof ApiError) send(res, entry, failure(err))
      else throw err
    }
  }

  function authorizePage(url: URL): { status: number; html: string } {
    const q = url.searchParams
    const page = (title: string, inner: string) =>
      `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:520px;margin:40px auto"><h1 style="color:#0f146d">Lazada</h1>${inner}</body></html>`
    const bad = (message: string) => ({ status: 400, html: page('Lỗi ủy quyền', `<p data-testid="lazada-auth-error">${escapeHtml(message)}</p>`) })
    if (q.get('response_type') !== 'code') return bad('response_type phải là code')
    if (q.get('client_id') !== app.appKey) return bad('client_id không hợp lệ')
    const redirect = q.get('redirect_uri') ?? ''
    let target: URL
    try {
      target = new URL(redirect)
    } catch {
      return bad('redirect_uri không hợp lệ')
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return bad('redirect_uri không hợp lệ')
    const seller = sellers[0] as FakeLazadaSeller
    const code = issueCode(seller.sellerId)
    target.searchParams.set('code', code)
    const state = q.get('state')
    if (state !== null) target.searchParams.set('state', state)
    return {
      status: 200,
      html: page(
        'Ủy quyền ứng dụng',
        `<p>Ứng dụng <b>${escapeHtml(app.appKey)}</b> xin quyền quản lý sản phẩm và đơn hàng của gian hàng <b data-testid="lazada-seller">${escapeHtml(seller.account)}</b>.</p>` +
          `<p><a href="${escapeHtml(target.href)}" data-testid="lazada-authorize" style="display:inline-block;background:#f57224;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">Đồng ý</a></p>`,
      ),
    }
  }

  function issueCode(sellerId: string): string {
    if (!sellerById(sellerId)) throw new Error(`fake Lazada: no seller ${sellerId}`)
    const code = `0_${app.appKey}_${randomBytes(12).toString('base64url')}`
    codes.set(code, { sellerId, expiresAt: clock() + CODE_TTL_MS })
    return code
  }

  async function handle(host: 'api' | 'auth', req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid')
    if (host === 'auth' && url.pathname === '/oauth/authorize' && req.method === 'GET') {
      const { status, html } = authorizePage(url)
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html)
      return
    }
    if (url.pathname.startsWith('/rest/')) return handleApi(host, req, res, url)
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not Found')
  }

  function serve(host: 'api' | 'auth'): Server {
    return createServer((req, res) => {
      handle(host, req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
        res.end(`fake Lazada error: ${err instanceof Error ? err.message : String(err)}`)
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

  const apiServer = serve('api')
  const authServer = serve('auth')
  const apiOrigin = await listen(apiServer)
  const authOrigin = await listen(authServer)

  function releaseHung(): void {
    for (const res of hung) res.socket?.destroy()
    hung.clear()
  }

  const copyItem = (item: FakeLazadaItem): FakeLazadaItem => structuredClone(item)

  const fake: FakeLazada = {
    url: `${apiOrigin}/rest`,
    authUrl: authOrigin,
    app,
    sellers,
    get misbehaviour() {
      return structuredClone(mis)
    },
    get createCalls() {
      return createCalls
    },
    get requests() {
      return structuredClone(log)
    },
    setMisbehaviour(m) {
      mis = { ...mis, ...m }
      if (m.failRate !== undefined) random = m.failRate ? xorshift32(m.failRate.seed) : null
    },
    reset() {
      releaseHung()
      products = []
      images = []
      orders = []
      accessTokens = new Map()
      refreshTokens = new Map()
      codes = new Map()
      log = []
      mis = { ...NO_MISBEHAVIOUR }
      random = null
      createCalls = 0
    },
    items: () => products.map(copyItem),
    item(itemId) {
      const item = products.find((p) => p.itemId === itemId)
      return item ? copyItem(item) : undefined
    },
    images: () => structuredClone(images),
    orders: () => structuredClone(orders),
    authorizeCode: (sellerId = (sellers[0] as FakeLazadaSeller).sellerId) => issueCode(sellerId),
    expireTokens() {
      const past = clock() - 1
      for (const token of accessTokens.values()) token.expiresAt = Math.min(token.expiresAt, past)
    },
    seedOrder(seed) {
      const sellerId = seed.sellerId ?? (sellers[0] as FakeLazadaSeller).sellerId
      if (!sellerById(sellerId)) throw new Error(`fake Lazada: no seller ${sellerId}`)
      const createdAt = seed.createdAt ?? clock()
      const status = seed.status ?? 'pending'
      const orderId = seed.orderId ?? String(nextOrderId++)
      if (orders.some((o) => o.orderId === orderId)) throw new Error(`fake Lazada: order ${orderId} exists`)
      if (seed.lines.length === 0) throw new Error('fake Lazada: an order needs lines')
      const items: FakeLazadaOrderItem[] = []
      for (const line of seed.lines) {
        // Lazada lists one order item per unit bought.
        for (let n = 0; n < (line.quantity ?? 1); n++) {
          items.push({ orderItemId: String(nextOrderItemId++), sku: line.sku, name: line.name ?? line.sku, unitPrice: line.unitPrice, status: line.status ?? status, trackingCode: seed.trackingCode ?? null })
        }
      }
      orders.push({
        orderId,
        sellerId,
        createdAt,
        updatedAt: seed.updatedAt ?? createdAt,
        buyer: {
          firstName: seed.buyer?.firstName ?? 'Nguyễn Thị Hoa',
          lastName: seed.buyer?.lastName ?? '',
          phone: seed.buyer?.phone ?? '84912345678',
          address1: seed.buyer?.address1 ?? '12 Trần Hưng Đạo',
          district: seed.buyer?.district ?? 'Phường Cửa Nam',
          city: seed.buyer?.city ?? 'Hà Nội',
        },
        shippingFee: seed.shippingFee ?? 0,
        voucher: seed.voucher ?? 0,
        paymentMethod: seed.paymentMethod ?? 'COD',
        items,
      })
      return orderId
    },
    setOrderStatus(orderId, status, opts = {}) {
      const order = orders.find((o) => o.orderId === orderId)
      if (!order) throw new Error(`fake Lazada: no order ${orderId}`)
      for (const item of order.items) {
        item.status = status
        if (opts.trackingCode !== undefined) item.trackingCode = opts.trackingCode
      }
      order.updatedAt = opts.at ?? clock()
    },
    async close() {
      releaseHung()
      await Promise.all(
        [apiServer, authServer].map(
          (server) =>
            new Promise<void>((resolve, reject) => {
              server.close((err) => (err ? reject(err) : resolve()))
              server.closeAllConnections()
            }),
        ),
      )
    },
  }
  return fake
}
