/**
 * VNPay 2.1.0, the wire protocol only: dates, the checksum of the pay URL and its callbacks, and
 * the signed JSON bodies of the merchant web API (querydr, refund). Pure functions, no I/O; the
 * HTTP call is in ./client.ts and what the codes mean is in @shared/domain/vnpay-codes.
 *
 * Section numbers refer to the payments fact sheet (shared/reference/payments.md).
 *
 * Money: callers speak integer đồng. VNPay's vnp_Amount is đồng × 100 (section 1.2); that factor
 * is applied and removed in this file only, at the edge of every message built or read here.
 *
 * A malformed request is a programming error of the caller, so the builders throw
 * `VnpayRequestInvalid` (a RangeError naming the field) instead of sending something VNPay would
 * reject with a less helpful code. Readers of VNPay's messages never throw on hostile input: they
 * return `verified: false` and the fields they could read.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import { daysInMonth, VIETNAM_UTC_OFFSET_MS } from '@shared/domain/calendar'
import type { Vnd } from '@shared/domain/money'

export const VNP_VERSION = '2.1.0'

/** Section 1.1. The production hosts come from merchants' code, not the official page: confirm them with VNPay. */
export const VNPAY_ENDPOINTS = {
  sandbox: {
    paymentUrl: 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html',
    apiUrl: 'https://sandbox.vnpayment.vn/merchant_webapi/api/transaction',
  },
  production: {
    paymentUrl: 'https://pay.vnpay.vn/vpcpay.html',
    apiUrl: 'https://merchant.vnpay.vn/merchant_webapi/api/transaction',
  },
} as const

/** vnp_Amount is Numeric[1,12] (section 1.2), and it is đồng × 100. */
const MAX_VNP_AMOUNT = 999_999_999_999
export const MAX_VNPAY_AMOUNT_VND = Math.floor(MAX_VNP_AMOUNT / 100)

export class VnpayRequestInvalid extends RangeError {
  override readonly name = 'VnpayRequestInvalid'
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`)
  }
}

// ---------------------------------------------------------------------------------------------
// Dates (section 1.7)

/**
 * One formatter for the whole process. It names its time zone, so a machine set to UTC and one
 * set to Asia/Ho_Chi_Minh produce the same text; the npm lib's "+7 h, then local getters" is
 * exactly what breaks on a Vietnamese desktop (section 1.7, [LIB-ISS#40]). hourCycle h23 rules
 * out ICU's "24" for midnight.
 */
const VIETNAM_WALL_CLOCK = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

const VNP_DATE = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/

/** An instant as VNPay writes it: `yyyyMMddHHmmss`, wall clock in Vietnam (GMT+7). */
export function formatVnpDate(instantMs: number): string {
  if (!Number.isFinite(instantMs)) throw new VnpayRequestInvalid('date', `not an instant: ${instantMs}`)
  // Four-digit AD years only: Intl writes year 999 as "999" and 1000 BC as "1000" (its era is a
  // separate part), neither of which this format can express.
  const utcYear = new Date(instantMs).getUTCFullYear()
  if (utcYear < 1000 || utcYear > 9998) throw new VnpayRequestInvalid('date', `outside the years VNPay can write: ${instantMs}`)
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {}
  for (const part of VIETNAM_WALL_CLOCK.formatToParts(instantMs)) parts[part.type] = part.value
  const text = `${parts.year}${parts.month}${parts.day}${parts.hour}${parts.minute}${parts.second}`
  if (!VNP_DATE.test(text)) throw new VnpayRequestInvalid('date', `Intl wrote an unexpected date for ${instantMs}: ${text}`)
  return text
}

/**
 * The instant of a VNPay date. Vietnam has kept UTC+7 without daylight saving since 1975, so a
 * fixed offset is exact for every date VNPay can send. Throws a RangeError for anything that is
 * not a real calendar second written as 14 digits.
 */
export function parseVnpDate(text: string): number {
  const match = typeof text === 'string' ? VNP_DATE.exec(text) : null
  if (!match) throw new VnpayRequestInvalid('date', `not yyyyMMddHHmmss: ${JSON.stringify(text)}`)
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number]
  const valid =
    year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59
  if (!valid) throw new VnpayRequestInvalid('date', `not a calendar date and time: ${text}`)
  return Date.UTC(year, month - 1, day, hour, minute, second) - VIETNAM_UTC_OFFSET_MS
}

function parseVnpDateOrNull(text: string | null): number | null {
  if (text === null) return null
  try {
    return parseVnpDate(text)
  } catch {
    return null
  }
}

// ---------------------------------------------------------------------------------------------
// The pay checksum (section 1.3)

export type VnpParams = Readonly<Record<string, string | number | null | undefined>>

const HASH_KEYS: ReadonlySet<string> = new Set(['vnp_SecureHash', 'vnp_SecureHashType'])

/**
 * Only `vnp_*` keys are signed. The official PHP and C# demos filter this way while the Node
 * demo and the npm lib hash every key (section 1.3, pitfalls); filtering keeps verification
 * working when our return URL carries a query of its own, and means anything else in a callback
 * is unsigned and must not be trusted.
 */
function isSignedKey(key: string): boolean {
  return key.startsWith('vnp_') && !HASH_KEYS.has(key)
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * `application/x-www-form-urlencoded` escaping with the WHATWG URLSearchParams character set
 * (section 1.3 table): letters, digits and `*-._` stay, space becomes `+`, everything else is
 * UTF-8 `%XX` in upper case. `encodeURIComponent` also leaves `!'()~` alone, so those are escaped
 * here; a lone surrogate becomes U+FFFD as URLSearchParams does, instead of throwing.
 */
export function formUrlEncode(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .split(' ')
    .map((word) => encodeURIComponent(word).replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('+')
}

function paramText(key: string, value: string | number): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  throw new VnpayRequestInvalid(key, `not a string or a finite number: ${String(value)}`)
}

function canonicalQuery(params: VnpParams, keepEmpty: boolean): string {
  const entries: [string, string][] = []
  for (const [key, value] of Object.entries(params)) {
    if (!isSignedKey(key) || value === undefined || value === null) continue
    const text = paramText(key, value)
    if (text === '' && !keepEmpty) continue
    entries.push([key, text])
  }
  // Plain code-unit order, which is ASCII order for these keys; never localeCompare.
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return entries.map(([key, value]) => `${formUrlEncode(key)}=${formUrlEncode(value)}`).join('&')
}

/**
 * The string VNPay signs, which is also the query string sent (section 1.3): the `vnp_*` keys
 * except the hash keys, empty values dropped (the Java demo and the npm lib do; section 1.3
 * notes the disagreement), sorted, both key and value form-encoded.
 */
export function encodeVnpQuery(params: VnpParams): string {
  return canonicalQuery(params, false)
}

/** HMAC-SHA512 of the UTF-8 message with the UTF-8 secret, lowercase hex (section 1.3, step 4). */
export function signVnp(secret: string, message: string): string {
  // An empty secret is a configuration error; signing with it would only look like it worked.
  if (typeof secret !== 'string' || secret === '') throw new VnpayRequestInvalid('hashSecret', 'empty')
  return createHmac('sha512', Buffer.from(secret, 'utf8')).update(message, 'utf8').digest('hex')
}

/**
 * Compares our lowercase hex with what VNPay sent, lower-cased first (section 1.3: case is not
 * settled), in constant time so the comparison leaks nothing about how much of a forged hash
 * matched. Only the length, always 128 for a genuine hash, can short-circuit.
 */
function sameHash(expectedLowerHex: string, received: unknown): boolean {
  if (typeof received !== 'string') return false
  const expected = Buffer.from(expectedLowerHex, 'utf8')
  const actual = Buffer.from(received.toLowerCase(), 'utf8')
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

export type VnpQueryInput = URLSearchParams | Readonly<Record<string, string | readonly string[] | undefined>>

interface ReadQuery {
  /** First value of every key, as received. */
  raw: Record<string, string>
  /** A `vnp_*` key given twice: which copy counts is parser-dependent, so nothing is verified. */
  ambiguous: boolean
}

function readQuery(query: VnpQueryInput): ReadQuery {
  const values = new Map<string, string[]>()
  const add = (key: string, value: string) => {
    const list = values.get(key)
    if (list) list.push(value)
    else values.set(key, [value])
  }
  if (query instanceof URLSearchParams) {
    for (const [key, value] of query) add(key, value)
  } else {
    for (const [key, value] of Object.entries(query)) {
      if (typeof value === 'string') add(key, value)
      else if (Array.isArray(value)) for (const item of value as readonly unknown[]) add(key, String(item))
    }
  }
  let ambiguous = false
  const entries: [string, string][] = []
  for (const [key, list] of values) {
    if (list.length > 1 && key.startsWith('vnp_')) ambiguous = true
    if (list[0] !== undefined) entries.push([key, list[0]])
  }
  // fromEntries defines own properties, so a key named "__proto__" stays a plain key.
  return { raw: Object.fromEntries(entries), ambiguous }
}

function ownValue(record: Readonly<Record<string, string>>, key: string): string | null {
  return Object.hasOwn(record, key) ? (record[key] ?? null) : null
}

function verifyReadQuery(read: ReadQuery, secret: string): boolean {
  if (read.ambiguous) return false
  const received = ownValue(read.raw, 'vnp_SecureHash')
  if (!received) return false
  if (sameHash(signVnp(secret, canonicalQuery(read.raw, false)), received)) return true
  // The official PHP and Node demos hash empty values too (section 1.3). Accepting that form as
  // well is safe: the two canonical strings differ whenever an empty value is present, so a hash
  // made for one form can never be replayed as the other.
  const hasEmpty = Object.entries(read.raw).some(([key, value]) => isSignedKey(key) && value === '')
  return hasEmpty && sameHash(signVnp(secret, canonicalQuery(read.raw, true)), received)
}

/**
 * Whether a return-URL or IPN query carries a valid vnp_SecureHash. Only `vnp_*` keys count
 * (see `isSignedKey`); a signed key given twice is refused.
 */
export function verifyVnpSignature(query: VnpQueryInput, secret: string): boolean {
  return verifyReadQuery(readQuery(query), secret)
}

// ---------------------------------------------------------------------------------------------
// Field rules

const COMBINING_MARKS = /[\u0300-\u036f]/g
export const ORDER_INFO_MAX_LENGTH = 255

/**
 * vnp_OrderInfo must be "Vietnamese without diacritics, no special characters" (section 1.2).
 * Keeping only ASCII letters, digits, spaces and `.,:-_#` also makes every encoder of the
 * section 1.3 table produce the same bytes, and keeps `|` out of the pipe-joined API checksums.
 * Anything else becomes a space, so "DH/001" reads "DH 001" rather than "DH001".
 */
export function asciiOrderInfo(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9 .,:\-_#]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
    .slice(0, ORDER_INFO_MAX_LENGTH)
    .trim()
}

const IPV4_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'
const IPV4 = new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`)
const MAPPED_IPV4_DOTTED = /^(?:::|(?:0{1,4}:){5})ffff:(\d+\.\d+\.\d+\.\d+)$/i
const MAPPED_IPV4_HEX = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i
const DEFAULT_IP = '127.0.0.1'

/**
 * vnp_IpAddr as VNPay accepts it: a plausible IPv4 (section 6: a `::1` value appears in a failing
 * report). Node reports loopback as `::1` and IPv4 clients on a dual-stack socket as
 * `::ffff:a.b.c.d`, so those are mapped back; nothing given means the machine itself. Any other
 * IPv6 address has no IPv4 to send and is refused.
 */
export function toVnpIpAddr(ip: string | null | undefined): string {
  if (ip == null || ip.trim() === '') return DEFAULT_IP
  const text = ip.trim()
  if (IPV4.test(text)) return text
  if (text === '::1' || /^(?:0{1,4}:){7}0{0,3}1$/.test(text)) return DEFAULT_IP
  const dotted = MAPPED_IPV4_DOTTED.exec(text)
  if (dotted?.[1] && IPV4.test(dotted[1])) return dotted[1]
  const hex = MAPPED_IPV4_HEX.exec(text)
  if (hex?.[1] && hex[2]) {
    const high = parseInt(hex[1], 16)
    const low = parseInt(hex[2], 16)
    return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`
  }
  throw new VnpayRequestInvalid('ipAddr', `not an IPv4 address VNPay accepts: ${JSON.stringify(ip)}`)
}

const TXN_REF = /^[A-Za-z0-9_-]{1,100}$/
const REQUEST_ID = /^[A-Za-z0-9]{1,32}$/
const TMN_CODE = /^[A-Za-z0-9_]{1,32}$/
const BANK_CODE = /^[A-Za-z0-9]{3,20}$/
const ORDER_TYPE = /^[A-Za-z0-9_]{1,100}$/
const TRANSACTION_NO = /^\d{1,15}$/

function check(field: string, ok: boolean, message: string): void {
  if (!ok) throw new VnpayRequestInvalid(field, message)
}

function checkText(field: string, value: unknown, pattern: RegExp): string {
  check(field, typeof value === 'string' && pattern.test(value), `does not match ${pattern}: ${JSON.stringify(value)}`)
  return value as string
}

function checkOrderInfo(value: string): string {
  check('orderInfo', typeof value === 'string', 'not a string')
  const clean = asciiOrderInfo(value)
  check('orderInfo', clean !== '', 'empty once reduced to ASCII')
  return clean
}

/** đồng → vnp_Amount. The only multiplication by 100 in the app (with `fromVnpAmount` below). */
function toVnpAmount(amountVnd: number): number {
  check('amountVnd', Number.isSafeInteger(amountVnd) && amountVnd > 0, `not a positive whole number of đồng: ${amountVnd}`)
  check('amountVnd', amountVnd <= MAX_VNPAY_AMOUNT_VND, `above VNPay's limit of ${MAX_VNPAY_AMOUNT_VND} đồng: ${amountVnd}`)
  return amountVnd * 100
}

/**
 * vnp_Amount as received (a string in a query, a string or number in JSON) → đồng, or null when
 * it is not a whole number of đồng × 100. Null, not a rounded guess: an amount that does not
 * divide is a reason to refuse the message, and the caller compares amounts.
 */
export function fromVnpAmount(raw: unknown): Vnd | null {
  let minor: number
  if (typeof raw === 'number') minor = raw
  else if (typeof raw === 'string' && /^\d{1,15}$/.test(raw)) minor = Number(raw)
  else return null
  if (!Number.isSafeInteger(minor) || minor < 0 || minor % 100 !== 0) return null
  return (minor / 100) as Vnd
}

export function newRequestId(): string {
  // vnp_RequestId is Alphanumeric[1,32] and must be unique per day (section 2): a random UUID's
  // 32 hex digits are both, with no coordination between polls.
  return randomUUID().replace(/-/g, '')
}

// ---------------------------------------------------------------------------------------------
// The pay URL (sections 1.2, 1.3)

export interface VnpayPayConfig {
  readonly tmnCode: string
  readonly hashSecret: string
  /** e.g. VNPAY_ENDPOINTS.sandbox.paymentUrl; without a query of its own. */
  readonly paymentUrl: string
}

export interface PaymentUrlInput {
  /** Integer đồng; sent as × 100. */
  readonly amountVnd: number
  /** Unique per attempt, not per order (section 6); [A-Za-z0-9_-]{1,100}. */
  readonly txnRef: string
  /** Reduced with `asciiOrderInfo`; must not be empty afterwards. */
  readonly orderInfo: string
  readonly createdAtMs: number
  /** Required by the current doc (section 1.2); the official demos use create time + 15 minutes. */
  readonly expireAtMs: number
  /** The customer's IP; see `toVnpIpAddr`. Default 127.0.0.1. */
  readonly ipAddr?: string | null
  /** http(s), 10–255 characters, and no `vnp_*` parameters in its own query. */
  readonly returnUrl: string
  readonly locale: 'vn' | 'en'
  /** VNPAYQR, VNBANK, INTCARD or a bank code; omitted (never sent empty) lets the customer choose. */
  readonly bankCode?: string
  /** Category code; default `other`. */
  readonly orderType?: string
}

function checkHttpUrl(field: string, value: string): URL {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new VnpayRequestInvalid(field, `not a URL: ${JSON.stringify(value)}`)
  }
  check(field, url.protocol === 'https:' || url.protocol === 'http:', `not http(s): ${value}`)
  return url
}

/** A URL with the signed query appended: `<baseUrl>?<encodeVnpQuery(params)>&vnp_SecureHash=<hex>`. */
export function buildSignedUrl(baseUrl: string, params: VnpParams, hashSecret: string): string {
  checkHttpUrl('paymentUrl', baseUrl)
  check('paymentUrl', !baseUrl.includes('?') && !baseUrl.includes('#'), `must not carry a query or fragment: ${baseUrl}`)
  const query = encodeVnpQuery(params)
  return `${baseUrl}?${query}&vnp_SecureHash=${signVnp(hashSecret, query)}`
}

/** The URL to open in the customer's browser for vnp_Command=pay. */
export function buildPaymentUrl(config: VnpayPayConfig, p: PaymentUrlInput): string {
  const tmnCode = checkText('tmnCode', config.tmnCode, TMN_CODE)
  const txnRef = checkText('txnRef', p.txnRef, TXN_REF)
  check('createdAtMs', Number.isFinite(p.createdAtMs), 'not an instant')
  check('expireAtMs', Number.isFinite(p.expireAtMs) && p.expireAtMs > p.createdAtMs, 'must come after createdAtMs')
  check('locale', p.locale === 'vn' || p.locale === 'en', `not vn or en: ${String(p.locale)}`)
  const returnUrl = checkHttpUrl('returnUrl', p.returnUrl)
  check('returnUrl', p.returnUrl.length >= 10 && p.returnUrl.length <= 255, 'must be 10–255 characters')
  // VNPay appends its vnp_* parameters to this URL; one of ours among them would be signed
  // input we never meant to sign and would confuse which copy counts (section 1.3 pitfalls).
  check('returnUrl', ![...returnUrl.searchParams.keys()].some((key) => key.startsWith('vnp_')), 'must not carry vnp_* parameters')
  const bankCode = p.bankCode === undefined || p.bankCode === '' ? undefined : checkText('bankCode', p.bankCode, BANK_CODE)
  const orderType = p.orderType === undefined ? 'other' : checkText('orderType', p.orderType, ORDER_TYPE)

  return buildSignedUrl(
    config.paymentUrl,
    {
      vnp_Version: VNP_VERSION,
      vnp_Command: 'pay',
      vnp_TmnCode: tmnCode,
      vnp_Amount: toVnpAmount(p.amountVnd),
      vnp_CurrCode: 'VND',
      vnp_TxnRef: txnRef,
      vnp_OrderInfo: checkOrderInfo(p.orderInfo),
      vnp_OrderType: orderType,
      vnp_Locale: p.locale,
      vnp_ReturnUrl: p.returnUrl,
      vnp_IpAddr: toVnpIpAddr(p.ipAddr),
      vnp_CreateDate: formatVnpDate(p.createdAtMs),
      vnp_ExpireDate: formatVnpDate(p.expireAtMs),
      vnp_BankCode: bankCode,
    },
    config.hashSecret,
  )
}

// ---------------------------------------------------------------------------------------------
// Return URL and IPN (section 1.4)

export interface VnpCallback {
  /** The checksum holds. Every other field is read even when it does not, for the event log. */
  readonly verified: boolean
  /** vnp_TmnCode is ours: a valid signature for another terminal of the same secret is not our payment. */
  readonly tmnCodeMatches: boolean
  readonly txnRef: string | null
  /** vnp_Amount ÷ 100; null if missing or not a whole number of đồng. */
  readonly amountVnd: Vnd | null
  readonly responseCode: string | null
  readonly transactionStatus: string | null
  /** VNPay's transaction number; `0` when nothing was paid (the cancel sample of section 1.4). */
  readonly transactionNo: string | null
  readonly bankCode: string | null
  readonly bankTranNo: string | null
  readonly cardType: string | null
  readonly orderInfo: string | null
  /** vnp_PayDate as sent (yyyyMMddHHmmss, GMT+7). */
  readonly payDate: string | null
  /** vnp_PayDate as an instant; null if absent or malformed. */
  readonly paidAtMs: number | null
  /** Every parameter as received (first value of a repeated key), to be stored as is. */
  readonly raw: Record<string, string>
}

/**
 * Reads a return-URL or IPN query. It decides nothing: the caller checks `verified`,
 * `tmnCodeMatches` and the amount, then classifies the codes (classifyPayResult).
 */
export function parseVnpCallback(query: VnpQueryInput, secret: string, tmnCode: string): VnpCallback {
  const read = readQuery(query)
  const field = (key: string): string | null => {
    const value = ownValue(read.raw, key)
    return value === '' ? null : value
  }
  const payDate = field('vnp_PayDate')
  return {
    verified: verifyReadQuery(read, secret),
    tmnCodeMatches: field('vnp_TmnCode') === tmnCode,
    txnRef: field('vnp_TxnRef'),
    amountVnd: fromVnpAmount(field('vnp_Amount')),
    responseCode: field('vnp_ResponseCode'),
    transactionStatus: field('vnp_TransactionStatus'),
    transactionNo: field('vnp_TransactionNo'),
    bankCode: field('vnp_BankCode'),
    bankTranNo: field('vnp_BankTranNo'),
    cardType: field('vnp_CardType'),
    orderInfo: field('vnp_OrderInfo'),
    payDate,
    paidAtMs: parseVnpDateOrNull(payDate),
    raw: read.raw,
  }
}

// ---------------------------------------------------------------------------------------------
// Merchant web API: querydr and refund (section 2)

export interface VnpayApiConfig {
  readonly tmnCode: string
  readonly hashSecret: string
}

/** The checksum of the API is over raw values joined with `|`, no URL encoding (section 2). */
function signPipeJoined(secret: string, values: readonly string[]): string {
  return signVnp(secret, values.join('|'))
}

const QUERYDR_REQUEST_HASH_FIELDS = [
  'vnp_RequestId',
  'vnp_Version',
  'vnp_Command',
  'vnp_TmnCode',
  'vnp_TxnRef',
  'vnp_TransactionDate',
  'vnp_CreateDate',
  'vnp_IpAddr',
  'vnp_OrderInfo',
] as const

const REFUND_REQUEST_HASH_FIELDS = [
  'vnp_RequestId',
  'vnp_Version',
  'vnp_Command',
  'vnp_TmnCode',
  'vnp_TransactionType',
  'vnp_TxnRef',
  'vnp_Amount',
  'vnp_TransactionNo',
  'vnp_TransactionDate',
  'vnp_CreateBy',
  'vnp_CreateDate',
  'vnp_IpAddr',
  'vnp_OrderInfo',
] as const

/** Response checksum order ([LIB] query.service.ts; the same in independent Java and C# clients). */
const REFUND_RESPONSE_HASH_FIELDS = [
  'vnp_ResponseId',
  'vnp_Command',
  'vnp_ResponseCode',
  'vnp_Message',
  'vnp_TmnCode',
  'vnp_TxnRef',
  'vnp_Amount',
  'vnp_BankCode',
  'vnp_PayDate',
  'vnp_TransactionNo',
  'vnp_TransactionType',
  'vnp_TransactionStatus',
  'vnp_OrderInfo',
] as const

const QUERYDR_RESPONSE_HASH_FIELDS = [...REFUND_RESPONSE_HASH_FIELDS, 'vnp_PromotionCode', 'vnp_PromotionAmount'] as const

export interface QueryDrRequestInput {
  /** Alphanumeric, 1–32, unique per day: `newRequestId()`. A fresh one for every poll. */
  readonly requestId: string
  readonly txnRef: string
  /** Reduced with `asciiOrderInfo`. */
  readonly orderInfo: string
  /** The vnp_CreateDate of the pay request being asked about, exactly as it was sent. */
  readonly transactionDate: string
  /** When this request is made; becomes vnp_CreateDate. */
  readonly createdAtMs: number
  /** The IP of the machine calling the API; see `toVnpIpAddr`. */
  readonly ipAddr?: string | null
  /** VNPay's transaction number, if a callback gave one. Sent but not signed (section 2). */
  readonly transactionNo?: string | null
}

export interface QueryDrRequest {
  readonly vnp_RequestId: string
  readonly vnp_Version: typeof VNP_VERSION
  readonly vnp_Command: 'querydr'
  readonly vnp_TmnCode: string
  readonly vnp_TxnRef: string
  readonly vnp_OrderInfo: string
  readonly vnp_TransactionNo?: string
  readonly vnp_TransactionDate: string
  readonly vnp_CreateDate: string
  readonly vnp_IpAddr: string
  readonly vnp_SecureHash: string
}

export interface RefundRequestInput {
  readonly requestId: string
  /** 02 full refund, 03 partial (section 2). */
  readonly transactionType: '02' | '03'
  readonly txnRef: string
  /** Integer đồng to give back, at most what was paid; sent as × 100. */
  readonly amountVnd: number
  /** VNPay's transaction number; '0' when unknown, as the official demo sends. */
  readonly transactionNo?: string | null
  readonly transactionDate: string
  /** Who in the shop asked for the refund; 1–255 characters without `|` or control characters. */
  readonly createBy: string
  readonly createdAtMs: number
  readonly ipAddr?: string | null
  readonly orderInfo: string
}

export interface RefundRequest {
  readonly vnp_RequestId: string
  readonly vnp_Version: typeof VNP_VERSION
  readonly vnp_Command: 'refund'
  readonly vnp_TmnCode: string
  readonly vnp_TransactionType: '02' | '03'
  readonly vnp_TxnRef: string
  /** đồng × 100, a JSON number as in the official Node demo. */
  readonly vnp_Amount: number
  readonly vnp_TransactionNo: string
  readonly vnp_TransactionDate: string
  readonly vnp_CreateBy: string
  readonly vnp_CreateDate: string
  readonly vnp_IpAddr: string
  readonly vnp_OrderInfo: string
  readonly vnp_SecureHash: string
}

function checkTransactionDate(value: string): string {
  try {
    parseVnpDate(value)
  } catch {
    throw new VnpayRequestInvalid('transactionDate', `not the yyyyMMddHHmmss of the pay request: ${JSON.stringify(value)}`)
  }
  return value
}

/** A signed querydr body, ready to POST as JSON. */
export function buildQueryDrRequest(config: VnpayApiConfig, q: QueryDrRequestInput): QueryDrRequest {
  const transactionNo = q.transactionNo == null || q.transactionNo === '' ? undefined : checkText('transactionNo', q.transactionNo, TRANSACTION_NO)
  check('createdAtMs', Number.isFinite(q.createdAtMs), 'not an instant')
  const unsigned = {
    vnp_RequestId: checkText('requestId', q.requestId, REQUEST_ID),
    vnp_Version: VNP_VERSION,
    vnp_Command: 'querydr',
    vnp_TmnCode: checkText('tmnCode', config.tmnCode, TMN_CODE),
    vnp_TxnRef: checkText('txnRef', q.txnRef, TXN_REF),
    vnp_OrderInfo: checkOrderInfo(q.orderInfo),
    ...(transactionNo !== undefined && { vnp_TransactionNo: transactionNo }),
    vnp_TransactionDate: checkTransactionDate(q.transactionDate),
    vnp_CreateDate: formatVnpDate(q.createdAtMs),
    vnp_IpAddr: toVnpIpAddr(q.ipAddr),
  } as const
  return { ...unsigned, vnp_SecureHash: signPipeJoined(config.hashSecret, QUERYDR_REQUEST_HASH_FIELDS.map((key) => unsigned[key])) }
}

/** A signed refund body, ready to POST as JSON. */
export function buildRefundRequest(config: VnpayApiConfig, r: RefundRequestInput): RefundRequest {
  check('transactionType', r.transactionType === '02' || r.transactionType === '03', `not 02 or 03: ${String(r.transactionType)}`)
  check('createBy', typeof r.createBy === 'string' && /^[^|\p{Cc}]{1,255}$/u.test(r.createBy), `1–255 characters without | : ${JSON.stringify(r.createBy)}`)
  check('createdAtMs', Number.isFinite(r.createdAtMs), 'not an instant')
  const unsigned = {
    vnp_RequestId: checkText('requestId', r.requestId, REQUEST_ID),
    vnp_Version: VNP_VERSION,
    vnp_Command: 'refund',
    vnp_TmnCode: checkText('tmnCode', config.tmnCode, TMN_CODE),
    vnp_TransactionType: r.transactionType,
    vnp_TxnRef: checkText('txnRef', r.txnRef, TXN_REF),
    vnp_Amount: toVnpAmount(r.amountVnd),
    vnp_TransactionNo: r.transactionNo == null || r.transactionNo === '' ? '0' : checkText('transactionNo', r.transactionNo, TRANSACTION_NO),
    vnp_TransactionDate: checkTransactionDate(r.transactionDate),
    vnp_CreateBy: r.createBy,
    vnp_CreateDate: formatVnpDate(r.createdAtMs),
    vnp_IpAddr: toVnpIpAddr(r.ipAddr),
    vnp_OrderInfo: checkOrderInfo(r.orderInfo),
  } as const
  const values = REFUND_REQUEST_HASH_FIELDS.map((key) => String(unsigned[key]))
  return { ...unsigned, vnp_SecureHash: signPipeJoined(config.hashSecret, values) }
}

/**
 * How a received JSON field enters a checksum: as the text VNPay sent, so vnp_Amount stays the
 * raw × 100 value (the npm lib divides first and cannot verify a real refund response, section
 * 2). JSON null and an absent field are both '' (section 2; `String(null)` would give "null").
 * Anything else (an object, a boolean) cannot have been signed by VNPay: undefined.
 */
function hashText(value: unknown): string | undefined {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function pipeValues(body: Record<string, unknown>, fields: readonly string[]): string[] | null {
  const values: string[] = []
  for (const key of fields) {
    const text = hashText(Object.hasOwn(body, key) ? body[key] : undefined)
    if (text === undefined) return null
    values.push(text)
  }
  return values
}

function verifyPipeSigned(body: unknown, secret: string, fields: readonly string[]): boolean {
  if (!isRecord(body)) return false
  const values = pipeValues(body, fields)
  return values !== null && sameHash(signPipeJoined(secret, values), Object.hasOwn(body, 'vnp_SecureHash') ? body.vnp_SecureHash : undefined)
}

function signPipeFields(body: Readonly<Record<string, unknown>>, secret: string, fields: readonly string[]): string {
  const values = pipeValues(body, fields)
  if (values === null) throw new VnpayRequestInvalid('body', 'holds a field that is neither text, a number nor null')
  return signPipeJoined(secret, values)
}

/** The vnp_SecureHash VNPay puts on a querydr response (15 fields); for fakes and tests. */
export function signQueryDrResponse(body: Readonly<Record<string, unknown>>, secret: string): string {
  return signPipeFields(body, secret, QUERYDR_RESPONSE_HASH_FIELDS)
}

/** The vnp_SecureHash VNPay puts on a refund response (13 fields); for fakes and tests. */
export function signRefundResponse(body: Readonly<Record<string, unknown>>, secret: string): string {
  return signPipeFields(body, secret, REFUND_RESPONSE_HASH_FIELDS)
}

/** Whether a querydr request body is signed with `secret`, as VNPay checks it; for fakes. */
export function verifyQueryDrRequest(body: unknown, secret: string): boolean {
  return verifyPipeSigned(body, secret, QUERYDR_REQUEST_HASH_FIELDS)
}

/** Whether a refund request body is signed with `secret`, as VNPay checks it; for fakes. */
export function verifyRefundRequest(body: unknown, secret: string): boolean {
  return verifyPipeSigned(body, secret, REFUND_REQUEST_HASH_FIELDS)
}

export interface VnpayApiResult {
  /** The response checksum holds. VNPay may leave an error answer unsigned, so read `responseCode` either way. */
  readonly verified: boolean
  readonly responseId: string | null
  readonly command: string | null
  /** Whether the API call worked (00); the payment's outcome is in `transactionStatus` (section 2). */
  readonly responseCode: string | null
  readonly message: string | null
  readonly tmnCode: string | null
  readonly txnRef: string | null
  /** vnp_Amount ÷ 100; null if missing or not a whole number of đồng. */
  readonly amountVnd: Vnd | null
  readonly bankCode: string | null
  readonly payDate: string | null
  readonly paidAtMs: number | null
  readonly transactionNo: string | null
  /** 01 payment, 02 full refund, 03 partial refund. */
  readonly transactionType: string | null
  readonly transactionStatus: string | null
  readonly orderInfo: string | null
  /** The body exactly as received, to be stored. */
  readonly raw: unknown
}

export interface VnpayQueryDrResult extends VnpayApiResult {
  readonly promotionCode: string | null
  /** vnp_PromotionAmount as sent; its unit is not documented, so it is not converted. */
  readonly promotionAmount: string | null
}

/** A response field as text for the result; '' and unreadable values are null. */
function textField(body: unknown, key: string): string | null {
  if (!isRecord(body) || !Object.hasOwn(body, key)) return null
  const text = hashText(body[key])
  return text === undefined || text === '' ? null : text
}

function readApiResult(body: unknown, verified: boolean): VnpayApiResult {
  const field = (key: string) => textField(body, key)
  const payDate = field('vnp_PayDate')
  return {
    verified,
    responseId: field('vnp_ResponseId'),
    command: field('vnp_Command'),
    responseCode: field('vnp_ResponseCode'),
    message: field('vnp_Message'),
    tmnCode: field('vnp_TmnCode'),
    txnRef: field('vnp_TxnRef'),
    amountVnd: isRecord(body) && Object.hasOwn(body, 'vnp_Amount') ? fromVnpAmount(body.vnp_Amount) : null,
    bankCode: field('vnp_BankCode'),
    payDate,
    paidAtMs: parseVnpDateOrNull(payDate),
    transactionNo: field('vnp_TransactionNo'),
    transactionType: field('vnp_TransactionType'),
    transactionStatus: field('vnp_TransactionStatus'),
    orderInfo: field('vnp_OrderInfo'),
    raw: body,
  }
}

/** Checks and reads a querydr response (checksum over 15 fields, section 2). */
export function verifyQueryDrResponse(body: unknown, secret: string): VnpayQueryDrResult {
  return {
    ...readApiResult(body, verifyPipeSigned(body, secret, QUERYDR_RESPONSE_HASH_FIELDS)),
    promotionCode: textField(body, 'vnp_PromotionCode'),
    promotionAmount: textField(body, 'vnp_PromotionAmount'),
  }
}

/** Checks and reads a refund response (checksum over 13 fields, section 2). */
export function verifyRefundResponse(body: unknown, secret: string): VnpayApiResult {
  return readApiResult(body, verifyPipeSigned(body, secret, REFUND_RESPONSE_HASH_FIELDS))
}
