/**
 * Request signing for the Lazada Open Platform (LazOP), exactly as section 2 of
 * shared/reference/marketplaces-ocop.md states it (from Lazada's "Signature algorithm" guide,
 * lazykern/ecommerce-api-docs data/processed/lazada/guides/developers-guide/
 * call-api-with-http-requests/signature-algorithm.md, and its worked "HTTP request sample"):
 *
 *   1. every request parameter, system (app_key, access_token, timestamp, sign_method) and
 *      business alike, except `sign` itself and byte-array (file) parameters;
 *   2. sorted by name in ASCII order, concatenated as key1value1key2value2… with no separators;
 *      a parameter whose value is empty is left out, as the official Java and C# samples do
 *      (`areNotEmpty(key, value)`, `!string.IsNullOrEmpty(kv.Value)`);
 *   3. the API path in front (`/order/get` + …);
 *   4. a raw request body, when one is sent, appended at the end (the Java sample's
 *      "put the body to the end");
 *   5. HMAC-SHA256 over the UTF-8 bytes, keyed with the UTF-8 bytes of app_secret;
 *   6. UPPER-case hex.
 *
 * Unlike Shopee's, this signature covers every text parameter, so a `payload` JSON/XML sent as a
 * form field is protected. Only the bytes of an uploaded file are not (rule 1): UploadImage's
 * `image` field travels unsigned.
 *
 * The scheme has a known weakness we cannot fix from our side: with no separators,
 * {ab: "c"} and {a: "bc"} give the same base string. Changing a value, the path or the body
 * always changes it; renaming keys may not.
 */
import { createHmac } from 'node:crypto'

/** The only sign_method this module produces (section 2: `sign_method` = `sha256`). */
export const LAZADA_SIGN_METHOD = 'sha256'

/** Section 2: `timestamp` must be within 7200 s of Lazada's (UTC) clock. */
export const LAZADA_TIMESTAMP_WINDOW_MS = 7200 * 1000

/**
 * A request parameter as the signer sees it: text, or the bytes of a file parameter (which is
 * never signed). `undefined` means "not sent".
 */
export type LazadaParamValue = string | Uint8Array | undefined

export type LazadaParams = Readonly<Record<string, LazadaParamValue>>

/** The parameters that take part in the signature: text, non-empty, not `sign` (rules 1, 2). */
function signedEntries(params: LazadaParams): [string, string][] {
  const entries: [string, string][] = []
  for (const [key, value] of Object.entries(params)) {
    if (key === '' || key === 'sign') continue
    if (typeof value !== 'string' || value === '') continue
    entries.push([key, value])
  }
  // Default sort compares UTF-16 code units: the ASCII order of the guide for ASCII names, and
  // the order Java's Arrays.sort(String[]) gives any other name.
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return entries
}

/** The string that is HMAC'd (rules 1–4): API path, sorted key/value pairs, then the raw body. */
export function lazadaBaseString(apiPath: string, params: LazadaParams, body?: string | null): string {
  if (!apiPath.startsWith('/')) throw new RangeError(`Lazada API path must start with "/": ${apiPath}`)
  let base = apiPath
  for (const [key, value] of signedEntries(params)) base += key + value
  if (body !== undefined && body !== null) base += body
  return base
}

/** Rules 5–6: upper-case hex HMAC-SHA256 of a base string. */
export function lazadaHmac(appSecret: string, baseString: string): string {
  if (appSecret === '') throw new RangeError('Lazada app_secret is empty')
  return createHmac('sha256', Buffer.from(appSecret, 'utf8')).update(Buffer.from(baseString, 'utf8')).digest('hex').toUpperCase()
}

export interface LazadaSignInput {
  /** The API path after /rest, e.g. /order/get or /auth/token/create. */
  readonly apiPath: string
  /** Every parameter that is sent, system and business; `sign` and file bytes are ignored. */
  readonly params: LazadaParams
  /** A raw (non-form) request body, if any. */
  readonly body?: string | null
  readonly appSecret: string
}

/** The `sign` parameter of a request. */
export function signLazadaRequest(input: LazadaSignInput): string {
  return lazadaHmac(input.appSecret, lazadaBaseString(input.apiPath, input.params, input.body))
}

/**
 * The `timestamp` system parameter: epoch milliseconds as decimal digits (section 2 allows ms or
 * ISO; the guide's own examples, e.g. 1517820392000, are ms).
 */
export function lazadaTimestamp(nowMs: number): string {
  if (!Number.isFinite(nowMs) || nowMs < 1e12) throw new RangeError(`timestamp must be epoch milliseconds: ${nowMs}`)
  return String(Math.trunc(nowMs))
}
