/**
 * Request signing for the Shopee Open Platform API v2, exactly as section 1.3 of
 * shared/reference/marketplaces-ocop.md states it (from Shopee's "API calls" and "Authorization
 * and Authentication" guides):
 *
 *   base string = partner_id + api_path + timestamp                          (Public API)
 *               = partner_id + api_path + timestamp + access_token + shop_id (Shop API)
 *               = partner_id + api_path + timestamp + access_token + merchant_id (Merchant API)
 *   sign        = lower-case hex of HMAC-SHA256(key = UTF-8 bytes of partner_key, message = base string)
 *
 * Plain concatenation, no separators, no sorting: nothing else enters the signature — not the
 * business query parameters of a GET, not the JSON body of a POST, not the multipart fields of an
 * upload. Shopee's signature authenticates the caller and bounds replay through the timestamp; it
 * does not protect the payload. The partner key is used as the string it is, never hex-decoded,
 * like every official sample (1.3).
 *
 * Timestamps are Unix SECONDS and must be within 5 minutes of Shopee's clock (1.2); the helpers
 * below take our usual epoch milliseconds and refuse a value that is obviously milliseconds.
 */
import { createHmac } from 'node:crypto'

/** Section 1.2: every request must be made within 5 minutes of its timestamp. */
export const SHOPEE_TIMESTAMP_WINDOW_SECONDS = 5 * 60

/** Which common parameters a call carries, and so which ones are signed (1.2, 1.3). */
export type ShopeeSignSubject =
  | { readonly kind: 'public' }
  | { readonly kind: 'shop'; readonly accessToken: string; readonly shopId: string }
  | { readonly kind: 'merchant'; readonly accessToken: string; readonly merchantId: string }

export interface ShopeeSignInput {
  /** The app's partner_id, as its decimal digits. */
  readonly partnerId: string
  /** The API path without host or query, e.g. /api/v2/shop/get_shop_info. */
  readonly path: string
  /** Unix seconds (see shopeeTimestamp). */
  readonly timestamp: number
  readonly subject: ShopeeSignSubject
}

const DIGITS = /^[0-9]+$/
const COMMON_PARAM_NAMES: ReadonlySet<string> = new Set(['partner_id', 'timestamp', 'sign', 'access_token', 'shop_id', 'merchant_id'])
/** Ten digits of seconds last until the year 2286; a 13-digit value is milliseconds by mistake. */
const MAX_PLAUSIBLE_SECONDS = 9_999_999_999

/** Shopee's `timestamp` for an instant in epoch milliseconds: whole Unix seconds, rounded down. */
export function shopeeTimestamp(nowMs: number): number {
  if (!Number.isFinite(nowMs) || nowMs < 0) throw new RangeError(`not an epoch-millisecond instant: ${nowMs}`)
  return Math.floor(nowMs / 1000)
}

/** Whether a request stamped `timestampSeconds` is still inside Shopee's 5-minute window at `nowMs`. */
export function isShopeeTimestampFresh(timestampSeconds: number, nowMs: number): boolean {
  return Math.abs(shopeeTimestamp(nowMs) - timestampSeconds) <= SHOPEE_TIMESTAMP_WINDOW_SECONDS
}

/**
 * The string Shopee hashes. Inputs are checked because a wrong one still yields a perfectly
 * valid-looking signature that Shopee answers with the opaque "Wrong sign" (error_sign).
 */
export function shopeeBaseString(input: ShopeeSignInput): string {
  const { partnerId, path, timestamp, subject } = input
  if (!DIGITS.test(partnerId)) throw new RangeError(`partner_id must be decimal digits: ${JSON.stringify(partnerId)}`)
  // The path is signed as sent, so a host, query or fragment in it means the signed and the
  // requested paths differ (1.3: "api_path is the path without the host").
  if (!path.startsWith('/api/v2/') || /[?#\s]/.test(path) || path.includes('//')) {
    throw new RangeError(`not a Shopee v2 API path: ${JSON.stringify(path)}`)
  }
  if (!Number.isSafeInteger(timestamp) || timestamp <= 0 || timestamp > MAX_PLAUSIBLE_SECONDS) {
    throw new RangeError(`timestamp must be whole Unix seconds: ${timestamp}`)
  }
  const head = `${partnerId}${path}${timestamp}`
  switch (subject.kind) {
    case 'public':
      return head
    case 'shop':
      if (subject.accessToken === '') throw new RangeError('a Shop API call needs an access_token')
      if (!DIGITS.test(subject.shopId)) throw new RangeError(`shop_id must be decimal digits: ${JSON.stringify(subject.shopId)}`)
      return `${head}${subject.accessToken}${subject.shopId}`
    case 'merchant':
      if (subject.accessToken === '') throw new RangeError('a Merchant API call needs an access_token')
      if (!DIGITS.test(subject.merchantId)) throw new RangeError(`merchant_id must be decimal digits: ${JSON.stringify(subject.merchantId)}`)
      return `${head}${subject.accessToken}${subject.merchantId}`
  }
}

/** `sign`: HMAC-SHA256 of the base string keyed with the partner key's UTF-8 bytes, lower-case hex (1.3). */
export function shopeeSign(partnerKey: string, input: ShopeeSignInput): string {
  if (partnerKey === '') throw new RangeError('the partner key is empty')
  return createHmac('sha256', Buffer.from(partnerKey, 'utf8')).update(Buffer.from(shopeeBaseString(input), 'utf8')).digest('hex')
}

/**
 * The common query parameters of one call (1.2), signed: partner_id, timestamp, sign, plus
 * access_token and shop_id (Shop API) or merchant_id (Merchant API). Business parameters are
 * added by the caller after these; they do not take part in the signature.
 */
export function shopeeCommonParams(
  app: { readonly partnerId: string; readonly partnerKey: string },
  path: string,
  nowMs: number,
  subject: ShopeeSignSubject,
): Record<string, string> {
  const timestamp = shopeeTimestamp(nowMs)
  const sign = shopeeSign(app.partnerKey, { partnerId: app.partnerId, path, timestamp, subject })
  const params: Record<string, string> = { partner_id: app.partnerId, timestamp: String(timestamp) }
  if (subject.kind === 'shop') {
    params.access_token = subject.accessToken
    params.shop_id = subject.shopId
  } else if (subject.kind === 'merchant') {
    params.access_token = subject.accessToken
    params.merchant_id = subject.merchantId
  }
  params.sign = sign
  return params
}

/** One business query parameter: arrays repeat the key (`item_status=NORMAL&item_status=UNLIST`, v2.product.search_item). */
export type ShopeeQueryValue = string | number | boolean | readonly (string | number)[]

/**
 * The full query string of a call: the signed common parameters first, then the business
 * parameters in the order given. The signature does not depend on the business parameters or
 * their order (1.3), which signing.test.ts checks as a property.
 */
export function shopeeSignedQuery(
  app: { readonly partnerId: string; readonly partnerKey: string },
  path: string,
  nowMs: number,
  subject: ShopeeSignSubject,
  business: Readonly<Record<string, ShopeeQueryValue | undefined>> = {},
): URLSearchParams {
  const query = new URLSearchParams(shopeeCommonParams(app, path, nowMs, subject))
  for (const [key, value] of Object.entries(business)) {
    if (value === undefined) continue
    if (COMMON_PARAM_NAMES.has(key)) throw new RangeError(`${key} is a common parameter and is set by the signer`)
    if (Array.isArray(value)) for (const each of value) query.append(key, String(each))
    else query.append(key, String(value))
  }
  return query
}
