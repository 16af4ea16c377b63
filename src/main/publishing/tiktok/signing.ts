/**
 * TikTok Shop Partner API request signing (shared/reference/marketplaces-ocop.md §3, "Signing",
 * from TikTok's guide "Sign your API request" — stored copy: lazykern/ecommerce-api-docs,
 * data/processed/tiktok/guides/developer-guide/tiktok-shop-api-concepts/sign-your-api-request.md):
 *
 *   1. every query parameter except `sign` and `access_token`, sorted by key;
 *   2. concatenated as `key` + `value` (no separators, values as the server decodes them);
 *   3. the request path in front (`/product/202309/products`);
 *   4. the raw request body appended, unless the content type is multipart/form-data;
 *   5. wrapped as app_secret + string + app_secret;
 *   6. HMAC-SHA256 keyed with app_secret, lower-case hex.
 *
 * Where the guide's own samples disagree, the Go sample (the one the reference names) wins:
 * - the body is appended as raw bytes whenever it is not multipart, even `{}` (the Node sample
 *   skips an empty object, the Python one re-serialises with `json.dumps`, which adds spaces) —
 *   so callers sign exactly the string they send, never a re-serialisation;
 * - "multipart" is decided on the media type alone (`mime.ParseMediaType`), so
 *   `multipart/form-data; boundary=…` counts (the Java sample compares the whole header);
 * - keys are ordered by Go's string `<`, i.e. by UTF-8 bytes, not by UTF-16 code units.
 */
import { createHmac } from 'node:crypto'

/** What goes into a signature: the request as it will travel. */
export interface SignableRequest {
  /** The API path, e.g. `/product/202309/products`, without host or query. */
  readonly path: string
  /** Every query parameter that will be sent, decoded; `sign` and `access_token` are ignored if present. */
  readonly query: Readonly<Record<string, string>>
  /** The exact body that will be sent (UTF-8), or null/undefined for none. */
  readonly body?: string | null
  /** The request's Content-Type header, if any. */
  readonly contentType?: string | null
}

/** Query parameters that never enter the signature (§3 step 1). */
const UNSIGNED_PARAMS: ReadonlySet<string> = new Set(['sign', 'access_token'])

/** The timestamp window the platform accepts (§3: now − 5 min … now + 30 s). */
export const TIMESTAMP_WINDOW = { pastSeconds: 5 * 60, futureSeconds: 30 } as const

function byUtf8Bytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

/** Whether a Content-Type is multipart/form-data, judged by its media type only. */
export function isMultipart(contentType: string | null | undefined): boolean {
  if (!contentType) return false
  return contentType.split(';', 1)[0]?.trim().toLowerCase() === 'multipart/form-data'
}

/**
 * The string before wrapping (steps 1–4): what TikTok's guide prints as "input", e.g.
 * `/authorization/202309/shopsapp_key29a39dtimestamp1623812664`.
 */
export function stringToSign(request: SignableRequest): string {
  const keys = Object.keys(request.query)
    .filter((key) => !UNSIGNED_PARAMS.has(key))
    .sort(byUtf8Bytes)
  let input = request.path
  for (const key of keys) input += key + (request.query[key] ?? '')
  if (!isMultipart(request.contentType) && request.body) input += request.body
  return input
}

/** The `sign` query parameter for this request (steps 5–6). */
export function signRequest(request: SignableRequest, appSecret: string): string {
  const wrapped = appSecret + stringToSign(request) + appSecret
  return createHmac('sha256', Buffer.from(appSecret, 'utf8')).update(Buffer.from(wrapped, 'utf8')).digest('hex')
}

/** The `timestamp` query parameter: Unix seconds. */
export function unixTimestamp(nowMs: number): number {
  return Math.floor(nowMs / 1000)
}

/** Whether the platform would accept `timestampSeconds` at `nowMs` (§3 common parameters). */
export function timestampAccepted(timestampSeconds: number, nowMs: number): boolean {
  const now = nowMs / 1000
  return (
    Number.isInteger(timestampSeconds) &&
    timestampSeconds >= 0 &&
    timestampSeconds >= now - TIMESTAMP_WINDOW.pastSeconds &&
    timestampSeconds <= now + TIMESTAMP_WINDOW.futureSeconds
  )
}

/**
 * The full query of a signed API call: the request's own parameters plus `app_key`,
 * `timestamp`, `shop_cipher` (shop-scoped APIs only) and `sign`.
 */
export function signedQuery(options: {
  readonly path: string
  readonly params?: Readonly<Record<string, string>>
  readonly body?: string | null
  readonly contentType?: string | null
  readonly appKey: string
  readonly appSecret: string
  readonly shopCipher?: string | null
  readonly nowMs: number
}): Record<string, string> {
  const query: Record<string, string> = { ...options.params, app_key: options.appKey, timestamp: String(unixTimestamp(options.nowMs)) }
  if (options.shopCipher) query.shop_cipher = options.shopCipher
  query.sign = signRequest({ path: options.path, query, body: options.body ?? null, contentType: options.contentType ?? null }, options.appSecret)
  return query
}

/**
 * A query string for `query`, every key and value percent-encoded with encodeURIComponent, so
 * that the server decodes exactly the values that were signed (a `+` in a page_token would
 * otherwise come back as a space).
 */
export function encodeQuery(query: Readonly<Record<string, string>>): string {
  return Object.entries(query)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&')
}
