/**
 * A fake VNPay 2.1.0 sandbox for tests and demos: the hosted payment page
 * (`GET /paymentv2/vpcpay.html`), its result buttons, the return-URL redirect and IPN call, and the
 * merchant web API (`POST /merchant_webapi/api/transaction`, commands `querydr` and `refund`).
 *
 * Every signing rule is implemented here from the payments fact sheet
 * (/work/shared/reference/payments.md, sections 1.3, 1.4 and 2), on purpose NOT shared with the app's
 * own VNPay code in src/main/payments: the fake exists to check that code, so both sides must be
 * written separately and meet only at the wire format.
 *
 * - Pay request / return / IPN (1.3): every `vnp_*` param except vnp_SecureHash and
 *   vnp_SecureHashType, empty values dropped, keys sorted (plain code-unit order), key and value
 *   form-urlencoded the way WHATWG URLSearchParams does (space → `+`, upper-case `%XX`, `*-._`
 *   and alphanumerics kept), joined with `&`, HMAC-SHA512 with the hash secret, lowercase hex.
 * - querydr / refund requests and responses (2): raw values joined with `|` in the fixed field
 *   orders below (missing or null values count as ''), HMAC-SHA512, lowercase hex. Amounts are the
 *   raw ×100 values as they travel on the wire.
 *
 * Choices the reference leaves open, made here and relied on by the tests:
 * - Incoming hashes are compared case-insensitively and in constant time; outgoing ones are lowercase.
 * - vnp_ExpireDate is required (the current official page marks it mandatory).
 * - vnp_OrderInfo must be printable ASCII (no diacritics, no control characters) and must not
 *   contain `! ' ( ) * ~`, the only characters on which the common encoders disagree (1.3).
 * - Opening the very same signed URL again while the transaction is still pending re-renders the
 *   page (a browser reload); any other reuse of a TxnRef by the same terminal on the same GMT+7
 *   day (of the fake's clock) is refused with "Giao dịch đã tồn tại" (01).
 * - A pending transaction whose vnp_ExpireDate has passed becomes failed with ResponseCode 11
 *   (TransactionStatus 02) the next time it is looked at; pressing a button after expiry also
 *   yields 11. No callback is sent for an expiry nobody clicked on.
 * - Cancel answers like the real cancel sample of 1.4: ResponseCode 24, TransactionStatus 02,
 *   TransactionNo 0, BankCode VNPAY, CardType QRCODE. Approve and decline use NCB / ATM.
 * - querydr finds a transaction by TmnCode + TxnRef + vnp_TransactionDate (= the pay request's
 *   vnp_CreateDate); a different date is "not found" (91). It always reports the ORIGINAL payment
 *   (TransactionType 01, TransactionStatus 00 once paid), even after refunds: the reference does not
 *   say how real VNPay reports a refunded payment, and refunds stay visible through
 *   `transactions()`.
 * - A refund whose amount exceeds what is still refundable, or a full refund (02) whose amount is
 *   not exactly the remaining amount, is answered 03 (bad data). Real VNPay's exact code for this is
 *   undocumented. A refund whose non-zero vnp_TransactionNo is not the payment's is answered 91.
 *   Successful refunds answer TransactionStatus 05 (VNPay is processing the refund) and stay so.
 * - vnp_RequestId must be 1–32 characters of letters, digits, `-` or `_`, and is unique per
 *   terminal per GMT+7 day across querydr and refund (94 on reuse). It is only consumed by a request
 *   whose checksum verified.
 * - The IPN (and, with `duplicateReturn`, the extra return-URL hit) is sent before the payment page
 *   answers its redirect and before `approve()`/`decline()`/`cancel()` resolve, so tests see it
 *   deterministically. IPNs are plain GETs to whatever URL is set (http is fine here, unlike the
 *   real HTTPS-only rule); nothing is retried automatically: call `resendIpn()` to imitate a retry.
 * - `badResponseChecksum` still performs the operation (a refund is recorded) and only signs the
 *   answer wrongly; `serverError` answers 500 without doing anything.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

// ----------------------------------------------------------------------------------------------
// Signing rules (payments.md 1.3 and 2)

export const QUERYDR_REQUEST_FIELDS = [
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

export const REFUND_REQUEST_FIELDS = [
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

export const QUERYDR_RESPONSE_FIELDS = [
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
  'vnp_PromotionCode',
  'vnp_PromotionAmount',
] as const

/** The querydr response order minus vnp_PromotionCode and vnp_PromotionAmount. */
export const REFUND_RESPONSE_FIELDS = QUERYDR_RESPONSE_FIELDS.slice(0, 13)

/** HMAC-SHA512 of `data` keyed with `secret` (both UTF-8), lowercase hex. */
export function hmacSha512Hex(secret: string, data: string): string {
  return createHmac('sha512', Buffer.from(secret, 'utf8')).update(Buffer.from(data, 'utf8')).digest('hex')
}

/**
 * One key or value encoded the application/x-www-form-urlencoded way of WHATWG URLSearchParams:
 * ASCII letters, digits and `*-._` stay, space becomes `+`, every other UTF-8 byte becomes `%XX`.
 */
export function formEncode(value: string): string {
  let out = ''
  for (const byte of Buffer.from(value, 'utf8')) {
    const keep =
      (byte >= 0x30 && byte <= 0x39) ||
      (byte >= 0x41 && byte <= 0x5a) ||
      (byte >= 0x61 && byte <= 0x7a) ||
      byte === 0x2a ||
      byte === 0x2d ||
      byte === 0x2e ||
      byte === 0x5f
    if (keep) out += String.fromCharCode(byte)
    else if (byte === 0x20) out += '+'
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** The string VNPay hashes for a pay request, return or IPN: also the query string that is sent. */
export function canonicalQuery(params: Readonly<Record<string, string | undefined>>): string {
  return Object.keys(params)
    .filter((key) => key.startsWith('vnp_') && key !== 'vnp_SecureHash' && key !== 'vnp_SecureHashType')
    .filter((key) => (params[key] ?? '') !== '')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${formEncode(key)}=${formEncode(params[key] ?? '')}`)
    .join('&')
}

/** vnp_SecureHash of a pay request, return or IPN. */
export function secureHashOf(params: Readonly<Record<string, string | undefined>>, secret: string): string {
  return hmacSha512Hex(secret, canonicalQuery(params))
}

/** The signed query string (without `?`): canonical query plus `&vnp_SecureHash=…`. */
export function signQuery(params: Readonly<Record<string, string | undefined>>, secret: string): string {
  const query = canonicalQuery(params)
  return `${query}&vnp_SecureHash=${hmacSha512Hex(secret, query)}`
}

/** A JSON value as it enters a pipe checksum: strings as they are, numbers in decimal, absent/null as ''. */
function pipeValue(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  return ''
}

/** The pipe-joined string of `fields` taken from `body`, as hashed for querydr/refund. */
export function pipeData(fields: readonly string[], body: Readonly<Record<string, unknown>>): string {
  return fields.map((field) => pipeValue(body[field])).join('|')
}

/** The HMAC-SHA512 pipe checksum of `fields` taken from `body`. */
export function pipeChecksum(fields: readonly string[], body: Readonly<Record<string, unknown>>, secret: string): string {
  return hmacSha512Hex(secret, pipeData(fields, body))
}

function hashMatches(expected: string, received: unknown): boolean {
  if (typeof received !== 'string') return false
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(received.toLowerCase(), 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

// ----------------------------------------------------------------------------------------------
// GMT+7 dates (payments.md 1.7)

const GMT7_MS = 7 * 60 * 60 * 1000

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** `yyyyMMddHHmmss` on the GMT+7 wall clock for an instant in epoch milliseconds. */
export function formatVnpDate(epochMs: number): string {
  const d = new Date(epochMs + GMT7_MS)
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
}

/** The instant (epoch ms) of a GMT+7 `yyyyMMddHHmmss`, or undefined if it is not a real date. */
export function parseVnpDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number]
  const ms = Date.UTC(y, mo - 1, d, h, mi, s) - GMT7_MS
  return formatVnpDate(ms) === value ? ms : undefined
}

function gmt7Day(epochMs: number): string {
  return formatVnpDate(epochMs).slice(0, 8)
}

function displayDate(vnpDate: string): string {
  return `${vnpDate.slice(8, 10)}:${vnpDate.slice(10, 12)}:${vnpDate.slice(12, 14)} ${vnpDate.slice(6, 8)}/${vnpDate.slice(4, 6)}/${vnpDate.slice(0, 4)}`
}

/** 1234000 → "1.234.000 ₫" */
export function formatVnd(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`
}

// ----------------------------------------------------------------------------------------------
// Public types

export interface FakeVnpayMerchant {
  tmnCode: string
  hashSecret: string
  /** Shown on the payment page; defaults to the TmnCode. */
  name?: string
}

export interface FakeVnpayOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  /** Defaults to 127.0.0.1. */
  host?: string
  /** Defaults to [FAKE_VNPAY_MERCHANT]. */
  merchants?: FakeVnpayMerchant[]
  /** Epoch milliseconds; defaults to Date.now. */
  clock?: () => number
}

export interface FakeVnpayMisbehaviour {
  /** Delay API answers and the payment page's result redirect by this many ms. */
  slowMs: number
  /** The API answers HTTP 500 and does nothing. */
  serverError: boolean
  /** The API does its work but signs its answer wrongly. */
  badResponseChecksum: boolean
  /** Send the IPN twice and hit the return URL once more from the server (the browser is still redirected). */
  duplicateReturn: boolean
  /** The callback (return and IPN) carries this amount in VND (×100 on the wire) instead, correctly signed. */
  changeAmount: number | undefined
  /** refund answers 99, as some sandboxes do. */
  refundUnavailable: boolean
}

export type FakeTxnStatus = 'pending' | 'paid' | 'declined' | 'cancelled' | 'expired'

export interface FakeRefund {
  requestId: string
  /** 02 full, 03 partial. */
  transactionType: '02' | '03'
  /** VND. */
  amount: number
  /** The raw ×100 vnp_Amount of the request. */
  vnpAmount: string
  createBy: string
  /** The request's vnp_CreateDate. */
  createDate: string
  orderInfo: string
  /** When the fake recorded it (GMT+7 yyyyMMddHHmmss). */
  recordedAt: string
  /** Always 05: VNPay is processing the refund. */
  transactionStatus: '05'
}

export interface FakeIpnReply {
  RspCode: string
  Message: string
}

export interface FakeTxn {
  tmnCode: string
  txnRef: string
  /** VND. */
  amount: number
  /** The raw ×100 vnp_Amount of the pay request. */
  vnpAmount: string
  orderInfo: string
  orderType: string
  locale: string
  /** The pay request's vnp_BankCode, if any. */
  requestedBankCode?: string
  returnUrl: string
  ipAddr: string
  /** The pay request's vnp_CreateDate (what querydr/refund send as vnp_TransactionDate). */
  createDate: string
  expireDate: string
  status: FakeTxnStatus
  /** 01 pending, 00 paid, 02 failed (declined, cancelled, expired). */
  transactionStatus: '00' | '01' | '02'
  /** vnp_ResponseCode of the result; absent while pending. */
  responseCode?: string
  /** 8-digit VNPay transaction number ('0' for cancel/expiry); absent while pending. */
  transactionNo?: string
  bankCode?: string
  bankTranNo?: string
  cardType?: string
  payDate?: string
  /** The signed return URL of the result (what the browser is sent to). */
  resultUrl?: string
  refunds: FakeRefund[]
  /** VND refunded so far. */
  refundedAmount: number
  /** Replies to every IPN sent for this transaction, in order (undefined when the call failed or was not JSON). */
  ipnReplies: (FakeIpnReply | undefined)[]
}

export interface FakeApiRequest {
  /** Fake-clock time of arrival (epoch ms). */
  at: number
  command: string | undefined
  body: unknown
  /** Whether the request checksum verified (false when it could not be checked). */
  verified: boolean
  httpStatus: number
  responseCode: string | undefined
  response: Record<string, string> | undefined
}

export interface FakeCallback {
  kind: 'ipn' | 'return'
  txnRef: string
  url: string
  /** The signed query that was sent. */
  query: string
  httpStatus?: number
  /** The IPN's parsed JSON reply; undefined for returns or non-JSON answers. */
  reply?: FakeIpnReply
  /** Raw body of the answer (first 2000 characters). */
  body?: string
  /** Network error, if the call failed. */
  error?: string
}

export interface FakeVnpay {
  /** Base URL, e.g. http://127.0.0.1:PORT */
  readonly url: string
  /** `${url}/paymentv2/vpcpay.html` */
  readonly paymentUrl: string
  /** `${url}/merchant_webapi/api/transaction` */
  readonly apiUrl: string
  readonly merchants: readonly FakeVnpayMerchant[]
  /** Current misbehaviour (a copy). */
  readonly misbehaviour: FakeVnpayMisbehaviour
  /** Every API call, oldest first (copies). */
  readonly requests: FakeApiRequest[]
  /** Every IPN and server-side return call, oldest first (copies). */
  readonly callbacks: FakeCallback[]
  /** The IPN calls only. */
  readonly ipnCalls: FakeCallback[]
  /** Where IPNs go; undefined (the default) sends none. */
  ipnUrl: string | undefined
  setIpnUrl(url: string | undefined): void
  /** Merge into the current misbehaviour. */
  setMisbehaviour(m: Partial<FakeVnpayMisbehaviour>): void
  /** Forget transactions, request ids, logs and misbehaviour. Merchants, clock and ipnUrl stay. */
  reset(): void
  /** All transactions (copies), oldest first. */
  transactions(): FakeTxn[]
  /** The latest transaction with this TxnRef (a copy), if any. */
  transaction(txnRef: string): FakeTxn | undefined
  /** Press "Thanh toán": resolves to the signed return URL, after the IPN(s) when ipnUrl is set. */
  approve(txnRef: string): Promise<string>
  /** Press "Từ chối" with a failure ResponseCode (default 51, insufficient balance). */
  decline(txnRef: string, code?: string): Promise<string>
  /** Press "Hủy giao dịch" (ResponseCode 24). */
  cancel(txnRef: string): Promise<string>
  /** Send the finished transaction's IPN once more (VNPay's retry), to ipnUrl. */
  resendIpn(txnRef: string): Promise<FakeCallback>
  close(): Promise<void>
}

export const FAKE_VNPAY_MERCHANT: FakeVnpayMerchant = {
  tmnCode: 'OCOPTEST',
  hashSecret: 'OCOPFAKEVNPAYSANDBOXSECRET000001',
  name: 'HTX Nông sản OCOP (thử nghiệm)',
}

export const PAYMENT_PATH = '/paymentv2/vpcpay.html'
export const PAYMENT_RESULT_PATH = '/paymentv2/result'
export const API_PATH = '/merchant_webapi/api/transaction'

// ----------------------------------------------------------------------------------------------
// Codes and texts

const PAGE_ERRORS: Record<string, string> = {
  '01': 'Giao dịch đã tồn tại',
  '02': 'Mã website (vnp_TmnCode) không hợp lệ',
  '03': 'Dữ liệu gửi sang không đúng định dạng',
  '11': 'Giao dịch đã quá thời gian chờ thanh toán',
  '97': 'Chữ ký không hợp lệ',
  '99': 'Không tìm thấy giao dịch',
}

const API_MESSAGES: Record<string, string> = {
  '00': 'Success',
  '02': 'Merchant is not valid (vnp_TmnCode)',
  '03': 'Invalid data format',
  '91': 'Transaction not found',
  '94': 'Duplicate request (vnp_RequestId already used today)',
  '95': 'Transaction was not successful at VNPay, refund refused',
  '97': 'Invalid checksum',
  '99': 'Unknown error',
}

// ----------------------------------------------------------------------------------------------
// Internal state

interface Txn extends FakeTxn {
  id: string
  day: string
  /** vnp_SecureHash of the pay request that created it. */
  requestHash: string
  expireMs: number
  callbackQuery?: string
}

type Outcome = { kind: 'approve' } | { kind: 'decline'; code: string } | { kind: 'cancel' }

const NO_MISBEHAVIOUR: FakeVnpayMisbehaviour = {
  slowMs: 0,
  serverError: false,
  badResponseChecksum: false,
  duplicateReturn: false,
  changeAmount: undefined,
  refundUnavailable: false,
}

function copyTxn(txn: Txn): FakeTxn {
  const { id: _id, day: _day, requestHash: _h, expireMs: _e, callbackQuery: _q, ...pub } = txn
  return structuredClone(pub)
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()
}

function appendQuery(url: string, query: string): string {
  const hashAt = url.indexOf('#')
  const base = hashAt >= 0 ? url.slice(0, hashAt) : url
  return `${base}${base.includes('?') ? '&' : '?'}${query}`
}

function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
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
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

const TXN_REF = /^[A-Za-z0-9_.-]{1,100}$/
const REQUEST_ID = /^[A-Za-z0-9_-]{1,32}$/
const ORDER_INFO = /^[\x20-\x7E]{1,255}$/
const ENCODER_DISAGREEMENT = /[!'()*~]/
const AMOUNT = /^[1-9]\d{0,11}$/

// ----------------------------------------------------------------------------------------------
// HTML

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#eef3f8;color:#1d2a3a}
header{background:#005baa;color:#fff;padding:14px 24px;display:flex;align-items:center;gap:10px}
header .logo{font-weight:800;font-size:20px;letter-spacing:.5px}
header .logo span{color:#ed1c24}
header .tag{margin-left:auto;font-size:12px;background:#ffffff22;border-radius:12px;padding:3px 10px}
main{max-width:560px;margin:32px auto;padding:0 16px}
.card{background:#fff;border-radius:12px;box-shadow:0 2px 12px #0b2a4a1a;padding:24px}
h1{font-size:18px;margin:0 0 16px}
dl{display:grid;grid-template-columns:140px 1fr;gap:10px 12px;margin:0 0 20px}
dt{color:#5b6b7d}
dd{margin:0;font-weight:600;word-break:break-word}
.amount{font-size:26px;color:#005baa;font-weight:800}
.hint{font-size:13px;color:#5b6b7d;background:#f5f8fb;border-radius:8px;padding:10px 12px;margin-bottom:20px}
.actions{display:flex;gap:10px;flex-wrap:wrap}
button{font:inherit;font-weight:600;border-radius:8px;padding:10px 18px;cursor:pointer;border:1px solid transparent}
.approve{background:#005baa;color:#fff}
.decline{background:#fff;color:#c0392b;border-color:#c0392b}
.cancel{background:#fff;color:#5b6b7d;border-color:#c5d0db}
.error{border-left:6px solid #c0392b}
.error .code{display:inline-block;background:#c0392b;color:#fff;border-radius:6px;padding:2px 8px;font-weight:700;margin-right:8px}
`

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><div class="logo">VN<span>PAY</span></div><div>Cổng thanh toán</div><div class="tag">Môi trường giả lập</div></header>
<main>${body}</main>
</body>
</html>`
}

function errorPage(code: string, detail?: string): string {
  const message = PAGE_ERRORS[code] ?? 'Lỗi không xác định'
  return layout(
    `Thông báo lỗi – ${message}`,
    `<div class="card error" data-testid="vnpay-error" data-code="${escapeHtml(code)}">
<h1>Thông báo</h1>
<p><span class="code" data-testid="vnpay-error-code">${escapeHtml(code)}</span><span data-testid="vnpay-error-message">${escapeHtml(message)}</span></p>
${detail ? `<p class="hint" data-testid="vnpay-error-detail">${escapeHtml(detail)}</p>` : ''}
</div>`,
  )
}

function paymentPage(txn: Txn, merchant: FakeVnpayMerchant): string {
  return layout(
    'Thanh toán qua VNPAY',
    `<div class="card" data-testid="vnpay-page" data-txn-ref="${escapeHtml(txn.txnRef)}">
<h1>Thông tin đơn hàng</h1>
<dl>
<dt>Nhà cung cấp</dt><dd data-testid="vnpay-merchant">${escapeHtml(merchant.name ?? merchant.tmnCode)} (${escapeHtml(merchant.tmnCode)})</dd>
<dt>Số tiền</dt><dd class="amount" data-testid="vnpay-amount">${escapeHtml(formatVnd(txn.amount))}</dd>
<dt>Nội dung</dt><dd data-testid="vnpay-order-info">${escapeHtml(txn.orderInfo)}</dd>
<dt>Mã giao dịch</dt><dd data-testid="vnpay-txn-ref">${escapeHtml(txn.txnRef)}</dd>
<dt>Hết hạn lúc</dt><dd data-testid="vnpay-expire">${escapeHtml(displayDate(txn.expireDate))}</dd>
</dl>
<p class="hint">Thẻ thử nghiệm: ngân hàng NCB, số thẻ 9704198526191432198, chủ thẻ NGUYEN VAN A, ngày phát hành 07/15, OTP 123456.</p>
<form method="post" action="${PAYMENT_RESULT_PATH}" class="actions">
<input type="hidden" name="id" value="${escapeHtml(txn.id)}">
<button type="submit" name="action" value="approve" class="approve" data-testid="vnpay-approve">Thanh toán</button>
<button type="submit" name="action" value="decline" class="decline" data-testid="vnpay-decline">Từ chối</button>
<button type="submit" name="action" value="cancel" class="cancel" data-testid="vnpay-cancel">Hủy giao dịch</button>
</form>
</div>`,
  )
}

// ----------------------------------------------------------------------------------------------
// The server

export async function startFakeVnpay(options: FakeVnpayOptions = {}): Promise<FakeVnpay> {
  const merchants = (options.merchants ?? [FAKE_VNPAY_MERCHANT]).map((m) => ({ ...m }))
  const merchantByCode = new Map(merchants.map((m) => [m.tmnCode, m]))
  const clock = options.clock ?? Date.now
  const host = options.host ?? '127.0.0.1'

  let txns: Txn[] = []
  let requestIds = new Set<string>()
  let apiLog: FakeApiRequest[] = []
  let callbackLog: FakeCallback[] = []
  let mis: FakeVnpayMisbehaviour = { ...NO_MISBEHAVIOUR }
  let ipnUrl: string | undefined
  let nextTransactionNo = 14_000_001

  const findLatest = (txnRef: string) => txns.filter((t) => t.txnRef === txnRef).at(-1)

  function expireIfStale(txn: Txn): void {
    if (txn.status === 'pending' && clock() > txn.expireMs) settle(txn, { kind: 'decline', code: '11' })
  }

  function settle(txn: Txn, outcome: Outcome): void {
    const merchant = merchantByCode.get(txn.tmnCode)
    if (!merchant) throw new Error(`fake VNPay: merchant ${txn.tmnCode} vanished`)
    const now = clock()
    let effective = outcome
    if (outcome.kind !== 'cancel' && now > txn.expireMs) effective = { kind: 'decline', code: '11' }
    txn.payDate = formatVnpDate(now)
    txn.transactionStatus = effective.kind === 'approve' ? '00' : '02'
    delete txn.bankTranNo
    if (effective.kind === 'cancel') {
      txn.status = 'cancelled'
      txn.responseCode = '24'
      txn.transactionNo = '0'
      txn.bankCode = 'VNPAY'
      txn.cardType = 'QRCODE'
    } else if (effective.kind === 'decline' && effective.code === '11') {
      txn.status = 'expired'
      txn.responseCode = '11'
      txn.transactionNo = '0'
      txn.bankCode = 'NCB'
      txn.cardType = 'ATM'
    } else {
      txn.transactionNo = String(nextTransactionNo++)
      txn.bankCode = 'NCB'
      txn.cardType = 'ATM'
      if (effective.kind === 'approve') {
        txn.status = 'paid'
        txn.responseCode = '00'
        txn.bankTranNo = `VNP${txn.transactionNo}`
      } else {
        txn.status = 'declined'
        txn.responseCode = effective.code
      }
    }
    const amount = mis.changeAmount !== undefined ? String(Math.round(mis.changeAmount * 100)) : txn.vnpAmount
    const callback: Record<string, string | undefined> = {
      vnp_Amount: amount,
      vnp_BankCode: txn.bankCode,
      vnp_BankTranNo: txn.bankTranNo,
      vnp_CardType: txn.cardType,
      vnp_OrderInfo: txn.orderInfo,
      vnp_PayDate: txn.payDate,
      vnp_ResponseCode: txn.responseCode,
      vnp_TmnCode: txn.tmnCode,
      vnp_TransactionNo: txn.transactionNo,
      vnp_TransactionStatus: txn.transactionStatus,
      vnp_TxnRef: txn.txnRef,
    }
    txn.callbackQuery = signQuery(callback, merchant.hashSecret)
    txn.resultUrl = appendQuery(txn.returnUrl, txn.callbackQuery)
  }

  async function call(kind: FakeCallback['kind'], txn: Txn, target: string): Promise<FakeCallback> {
    const query = txn.callbackQuery ?? ''
    const url = appendQuery(target, query)
    const entry: FakeCallback = { kind, txnRef: txn.txnRef, url, query }
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) })
      entry.httpStatus = res.status
      const text = await res.text()
      entry.body = text.slice(0, 2000)
      if (kind === 'ipn') {
        try {
          const json: unknown = JSON.parse(text)
          if (json && typeof json === 'object' && 'RspCode' in json) {
            const { RspCode, Message } = json as { RspCode: unknown; Message?: unknown }
            entry.reply = { RspCode: String(RspCode), Message: typeof Message === 'string' ? Message : '' }
          }
        } catch {
          // not JSON: the reply stays undefined
        }
      }
    } catch (err) {
      entry.error = err instanceof Error ? err.message : String(err)
    }
    if (kind === 'ipn') txn.ipnReplies.push(entry.reply)
    callbackLog.push(entry)
    return entry
  }

  /** The server-to-server side of a result: IPN(s) to ipnUrl, and the duplicate return hit. */
  async function deliver(txn: Txn): Promise<void> {
    const times = mis.duplicateReturn ? 2 : 1
    if (ipnUrl) for (let i = 0; i < times; i++) await call('ipn', txn, ipnUrl)
    if (mis.duplicateReturn) await call('return', txn, txn.returnUrl)
  }

  async function press(txnRef: string, outcome: Outcome): Promise<string> {
    const txn = findLatest(txnRef)
    if (!txn) throw new Error(`fake VNPay: no transaction with TxnRef ${txnRef}`)
    if (txn.status !== 'pending') throw new Error(`fake VNPay: transaction ${txnRef} is already ${txn.status}`)
    settle(txn, outcome)
    await deliver(txn)
    return txn.resultUrl ?? ''
  }

  // ---- GET /paymentv2/vpcpay.html

  function openPayment(search: URLSearchParams): string {
    const params = new Map<string, string>()
    let duplicateKey: string | undefined
    for (const [key, value] of search) {
      if (params.has(key)) duplicateKey = key
      params.set(key, value)
    }
    const get = (key: string) => params.get(key) ?? ''
    const merchant = merchantByCode.get(get('vnp_TmnCode'))
    if (!merchant) return errorPage('02')
    const signed = Object.fromEntries(params)
    if (!hashMatches(secureHashOf(signed, merchant.hashSecret), params.get('vnp_SecureHash'))) return errorPage('97')
    const bad = (detail: string) => errorPage('03', detail)
    if (duplicateKey) return bad(`Tham số ${duplicateKey} xuất hiện nhiều lần`)
    if (get('vnp_Version') !== '2.1.0') return bad('vnp_Version phải là 2.1.0')
    if (get('vnp_Command') !== 'pay') return bad('vnp_Command phải là pay')
    const rawAmount = get('vnp_Amount')
    if (!AMOUNT.test(rawAmount) || !rawAmount.endsWith('00')) return bad('vnp_Amount phải là số tiền VND × 100')
    if (get('vnp_CurrCode') !== 'VND') return bad('vnp_CurrCode chỉ hỗ trợ VND')
    if (!['vn', 'en'].includes(get('vnp_Locale'))) return bad('vnp_Locale phải là vn hoặc en')
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(get('vnp_OrderType'))) return bad('vnp_OrderType không hợp lệ')
    const ipAddr = get('vnp_IpAddr')
    if (ipAddr.length < 7 || ipAddr.length > 45) return bad('vnp_IpAddr không hợp lệ')
    const returnUrl = get('vnp_ReturnUrl')
    let returnOk = returnUrl.length >= 10 && returnUrl.length <= 255
    try {
      returnOk &&= ['http:', 'https:'].includes(new URL(returnUrl).protocol)
    } catch {
      returnOk = false
    }
    if (!returnOk) return bad('vnp_ReturnUrl không hợp lệ')
    const txnRef = get('vnp_TxnRef')
    if (!TXN_REF.test(txnRef)) return bad('vnp_TxnRef không hợp lệ')
    const createMs = parseVnpDate(get('vnp_CreateDate'))
    if (createMs === undefined) return bad('vnp_CreateDate phải có dạng yyyyMMddHHmmss (GMT+7)')
    const expireMs = parseVnpDate(get('vnp_ExpireDate'))
    if (expireMs === undefined) return bad('vnp_ExpireDate phải có dạng yyyyMMddHHmmss (GMT+7)')
    if (expireMs <= createMs) return bad('vnp_ExpireDate phải sau vnp_CreateDate')
    const orderInfo = get('vnp_OrderInfo')
    if (!ORDER_INFO.test(orderInfo) || ENCODER_DISAGREEMENT.test(orderInfo))
      return bad("vnp_OrderInfo phải là tiếng Việt không dấu, không chứa ký tự đặc biệt (! ' ( ) * ~)")
    const bankCode = get('vnp_BankCode')
    if (bankCode && !/^[A-Za-z0-9]{3,20}$/.test(bankCode)) return bad('vnp_BankCode không hợp lệ')

    const now = clock()
    const today = gmt7Day(now)
    const requestHash = (params.get('vnp_SecureHash') ?? '').toLowerCase()
    const existing = txns.find((t) => t.tmnCode === merchant.tmnCode && t.txnRef === txnRef && t.day === today)
    if (existing) {
      if (existing.requestHash === requestHash && existing.status === 'pending') {
        expireIfStale(existing)
        if (existing.status === 'pending') return paymentPage(existing, merchant)
        return errorPage('11')
      }
      return errorPage('01', `vnp_TxnRef ${txnRef} đã được sử dụng trong ngày`)
    }
    const txn: Txn = {
      id: randomBytes(12).toString('hex'),
      day: today,
      requestHash,
      expireMs,
      tmnCode: merchant.tmnCode,
      txnRef,
      amount: Number(rawAmount) / 100,
      vnpAmount: rawAmount,
      orderInfo,
      orderType: get('vnp_OrderType'),
      locale: get('vnp_Locale'),
      ...(bankCode ? { requestedBankCode: bankCode } : {}),
      returnUrl,
      ipAddr,
      createDate: get('vnp_CreateDate'),
      expireDate: get('vnp_ExpireDate'),
      status: 'pending',
      transactionStatus: '01',
      refunds: [],
      refundedAmount: 0,
      ipnReplies: [],
    }
    txns.push(txn)
    if (now > expireMs) {
      settle(txn, { kind: 'decline', code: '11' })
      return errorPage('11')
    }
    return paymentPage(txn, merchant)
  }

  // ---- POST /paymentv2/result

  async function paymentResult(form: URLSearchParams): Promise<{ location?: string; html?: string }> {
    const txn = txns.find((t) => t.id === form.get('id'))
    if (!txn) return { html: errorPage('99') }
    const action = form.get('action')
    if (txn.status === 'pending') {
      if (action === 'approve') settle(txn, { kind: 'approve' })
      else if (action === 'decline') settle(txn, { kind: 'decline', code: '51' })
      else if (action === 'cancel') settle(txn, { kind: 'cancel' })
      else return { html: errorPage('03', 'Thao tác không hợp lệ') }
      await deliver(txn)
    }
    await sleep(mis.slowMs)
    return { location: txn.resultUrl ?? '' }
  }

  // ---- POST /merchant_webapi/api/transaction

  function respondApi(
    command: string,
    merchant: FakeVnpayMerchant | undefined,
    code: string,
    fields: Record<string, string | undefined> = {},
  ): Record<string, string> {
    const answer: Record<string, string> = {
      vnp_ResponseId: randomBytes(16).toString('hex'),
      vnp_Command: command,
      vnp_ResponseCode: code,
      vnp_Message: API_MESSAGES[code] ?? 'Unknown error',
    }
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) answer[k] = v
    if (merchant) {
      const order = command === 'refund' ? REFUND_RESPONSE_FIELDS : QUERYDR_RESPONSE_FIELDS
      const secret = mis.badResponseChecksum ? `${merchant.hashSecret}-not-the-secret` : merchant.hashSecret
      answer.vnp_SecureHash = pipeChecksum(order, answer, secret)
    }
    return answer
  }

  function api(body: unknown): { verified: boolean; response: Record<string, string> } {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return { verified: false, response: respondApi('', undefined, '03') }
    const b = body as Record<string, unknown>
    const str = (key: string) => pipeValue(b[key])
    const command = str('vnp_Command')
    const merchant = merchantByCode.get(str('vnp_TmnCode'))
    const echo = { vnp_TmnCode: str('vnp_TmnCode') || undefined, vnp_TxnRef: str('vnp_TxnRef') || undefined }
    if (command !== 'querydr' && command !== 'refund') return { verified: false, response: respondApi(command, merchant, '03', echo) }
    if (!merchant) return { verified: false, response: respondApi(command, undefined, '02', echo) }
    const fields = command === 'querydr' ? QUERYDR_REQUEST_FIELDS : REFUND_REQUEST_FIELDS
    const verified = hashMatches(pipeChecksum(fields, b, merchant.hashSecret), b.vnp_SecureHash)
    const answer = (code: string, extra: Record<string, string | undefined> = {}) => ({
      verified,
      response: respondApi(command, merchant, code, { ...echo, ...extra }),
    })
    if (!verified) return answer('97')

    const wellFormed =
      fields.every((f) => b[f] === undefined || b[f] === null || typeof b[f] === 'string' || typeof b[f] === 'number') &&
      REQUEST_ID.test(str('vnp_RequestId')) &&
      str('vnp_Version') === '2.1.0' &&
      TXN_REF.test(str('vnp_TxnRef')) &&
      parseVnpDate(str('vnp_TransactionDate')) !== undefined &&
      parseVnpDate(str('vnp_CreateDate')) !== undefined &&
      str('vnp_IpAddr').length >= 7 &&
      str('vnp_IpAddr').length <= 45 &&
      str('vnp_OrderInfo').length >= 1 &&
      str('vnp_OrderInfo').length <= 255 &&
      (command === 'querydr' ||
        ((str('vnp_TransactionType') === '02' || str('vnp_TransactionType') === '03') &&
          AMOUNT.test(str('vnp_Amount')) &&
          str('vnp_Amount').endsWith('00') &&
          /^\d{0,15}$/.test(str('vnp_TransactionNo')) &&
          str('vnp_CreateBy').length >= 1 &&
          str('vnp_CreateBy').length <= 250))
    if (!wellFormed) return answer('03')

    if (command === 'refund' && mis.refundUnavailable) return answer('99')
    const requestKey = `${merchant.tmnCode}|${gmt7Day(clock())}|${str('vnp_RequestId')}`
    if (requestIds.has(requestKey)) return answer('94')
    requestIds.add(requestKey)

    const txn = txns.find(
      (t) => t.tmnCode === merchant.tmnCode && t.txnRef === str('vnp_TxnRef') && t.createDate === str('vnp_TransactionDate'),
    )
    if (!txn) return answer('91')
    expireIfStale(txn)

    if (command === 'querydr') {
      return answer('00', {
        vnp_Amount: txn.vnpAmount,
        vnp_OrderInfo: txn.orderInfo,
        vnp_BankCode: txn.bankCode,
        vnp_PayDate: txn.payDate,
        vnp_TransactionNo: txn.transactionNo,
        vnp_TransactionType: '01',
        vnp_TransactionStatus: txn.transactionStatus,
      })
    }

    const transactionNo = str('vnp_TransactionNo')
    if (transactionNo !== '' && transactionNo !== '0' && transactionNo !== txn.transactionNo) return answer('91')
    if (txn.status !== 'paid') return answer('95')
    const requested = Number(str('vnp_Amount'))
    const remaining = Number(txn.vnpAmount) - txn.refundedAmount * 100
    const type = str('vnp_TransactionType') as '02' | '03'
    if (requested > remaining || (type === '02' && requested !== remaining)) return answer('03')
    const refund: FakeRefund = {
      requestId: str('vnp_RequestId'),
      transactionType: type,
      amount: requested / 100,
      vnpAmount: str('vnp_Amount'),
      createBy: str('vnp_CreateBy'),
      createDate: str('vnp_CreateDate'),
      orderInfo: str('vnp_OrderInfo'),
      recordedAt: formatVnpDate(clock()),
      transactionStatus: '05',
    }
    txn.refunds.push(refund)
    txn.refundedAmount += refund.amount
    return answer('00', {
      vnp_Amount: refund.vnpAmount,
      vnp_OrderInfo: refund.orderInfo,
      vnp_BankCode: txn.bankCode,
      vnp_PayDate: refund.recordedAt,
      vnp_TransactionNo: txn.transactionNo,
      vnp_TransactionType: type,
      vnp_TransactionStatus: '05',
    })
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req)
    const at = clock()
    let body: unknown
    try {
      body = JSON.parse(raw)
    } catch {
      body = raw
    }
    const command =
      body && typeof body === 'object' && typeof (body as { vnp_Command?: unknown }).vnp_Command === 'string'
        ? (body as { vnp_Command: string }).vnp_Command
        : undefined
    await sleep(mis.slowMs)
    if (mis.serverError) {
      apiLog.push({ at, command, body, verified: false, httpStatus: 500, responseCode: undefined, response: undefined })
      res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Internal Server Error')
      return
    }
    const { verified, response } = api(body)
    apiLog.push({ at, command, body, verified, httpStatus: 200, responseCode: response.vnp_ResponseCode, response: { ...response } })
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(response))
  }

  function sendHtml(res: ServerResponse, html: string): void {
    res
      .writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
        'Cache-Control': 'no-store',
      })
      .end(html)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake-vnpay.invalid')
    if (url.pathname === PAYMENT_PATH && req.method === 'GET') {
      sendHtml(res, openPayment(url.searchParams))
    } else if (url.pathname === PAYMENT_RESULT_PATH && req.method === 'POST') {
      const result = await paymentResult(new URLSearchParams(await readBody(req)))
      if (result.location) res.writeHead(302, { Location: result.location, 'Cache-Control': 'no-store' }).end()
      else sendHtml(res, result.html ?? errorPage('99'))
    } else if (url.pathname === API_PATH && req.method === 'POST') {
      await handleApi(req, res)
    } else if ([PAYMENT_PATH, PAYMENT_RESULT_PATH, API_PATH].includes(url.pathname)) {
      res.writeHead(405, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Method Not Allowed')
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not Found')
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end(`fake VNPay error: ${err instanceof Error ? err.message : String(err)}`)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host
  const base = `http://${shownHost}:${port}`

  const fake: FakeVnpay = {
    url: base,
    paymentUrl: `${base}${PAYMENT_PATH}`,
    apiUrl: `${base}${API_PATH}`,
    merchants,
    get misbehaviour() {
      return { ...mis }
    },
    get requests() {
      return structuredClone(apiLog)
    },
    get callbacks() {
      return structuredClone(callbackLog)
    },
    get ipnCalls() {
      return structuredClone(callbackLog.filter((c) => c.kind === 'ipn'))
    },
    get ipnUrl() {
      return ipnUrl
    },
    set ipnUrl(value: string | undefined) {
      ipnUrl = value
    },
    setIpnUrl(value) {
      ipnUrl = value
    },
    setMisbehaviour(m) {
      mis = { ...mis, ...m }
    },
    reset() {
      txns = []
      requestIds = new Set()
      apiLog = []
      callbackLog = []
      mis = { ...NO_MISBEHAVIOUR }
    },
    transactions() {
      txns.forEach(expireIfStale)
      return txns.map(copyTxn)
    },
    transaction(txnRef) {
      const txn = findLatest(txnRef)
      if (!txn) return undefined
      expireIfStale(txn)
      return copyTxn(txn)
    },
    approve: (txnRef) => press(txnRef, { kind: 'approve' }),
    decline: (txnRef, code = '51') => {
      if (!/^\d{2}$/.test(code) || code === '00' || code === '24')
        return Promise.reject(new Error(`fake VNPay: ${code} is not a decline ResponseCode`))
      return press(txnRef, { kind: 'decline', code })
    },
    cancel: (txnRef) => press(txnRef, { kind: 'cancel' }),
    async resendIpn(txnRef) {
      const txn = findLatest(txnRef)
      if (!txn?.callbackQuery) throw new Error(`fake VNPay: transaction ${txnRef} has no result to notify`)
      if (!ipnUrl) throw new Error('fake VNPay: no ipnUrl set')
      return call('ipn', txn, ipnUrl)
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        server.closeAllConnections()
      })
    },
  }
  return fake
}
