// The fake VNPay sandbox, checked from the outside with node:crypto, URLSearchParams and fetch only:
// this file signs and verifies with its own few lines (not the fake's helpers), and the fake's
// exported signer is pinned to the reference vectors of payments.md 3.1 (V1–V4, D1–D3).
import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  canonicalQuery,
  formEncode,
  formatVnpDate,
  hmacSha512Hex,
  parseVnpDate,
  pipeChecksum,
  QUERYDR_REQUEST_FIELDS,
  QUERYDR_RESPONSE_FIELDS,
  REFUND_REQUEST_FIELDS,
  REFUND_RESPONSE_FIELDS,
  secureHashOf,
  startFakeVnpay,
  type FakeVnpay,
} from '../fakes/vnpay-sandbox'

// ---- the test's own signer (payments.md 1.3 and 2) ----

const hmac = (secret: string, data: string) => createHmac('sha512', secret).update(data, 'utf8').digest('hex')

function ownCanonical(params: Record<string, string>): string {
  const sp = new URLSearchParams()
  const keys = Object.keys(params)
    .filter((k) => k.startsWith('vnp_') && k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType' && params[k] !== '')
    .sort()
  for (const k of keys) sp.append(k, params[k]!)
  return sp.toString()
}

function verifyQuery(query: URLSearchParams, secret: string): boolean {
  return hmac(secret, ownCanonical(Object.fromEntries(query))) === query.get('vnp_SecureHash')
}

const QDR_REQ = 'vnp_RequestId|vnp_Version|vnp_Command|vnp_TmnCode|vnp_TxnRef|vnp_TransactionDate|vnp_CreateDate|vnp_IpAddr|vnp_OrderInfo'.split('|')
const REFUND_REQ =
  'vnp_RequestId|vnp_Version|vnp_Command|vnp_TmnCode|vnp_TransactionType|vnp_TxnRef|vnp_Amount|vnp_TransactionNo|vnp_TransactionDate|vnp_CreateBy|vnp_CreateDate|vnp_IpAddr|vnp_OrderInfo'.split('|')
const QDR_RESP =
  'vnp_ResponseId|vnp_Command|vnp_ResponseCode|vnp_Message|vnp_TmnCode|vnp_TxnRef|vnp_Amount|vnp_BankCode|vnp_PayDate|vnp_TransactionNo|vnp_TransactionType|vnp_TransactionStatus|vnp_OrderInfo|vnp_PromotionCode|vnp_PromotionAmount'.split('|')
const REFUND_RESP = QDR_RESP.slice(0, 13)

const pipe = (fields: string[], o: Record<string, unknown>) =>
  fields.map((f) => (o[f] === undefined || o[f] === null ? '' : String(o[f]))).join('|')

/** GMT+7 yyyyMMddHHmmss, the test's own way. */
const vnpDate = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14)

// ---- fixtures ----

const TMN = 'OCOPT001'
const SECRET = 'TESTSECRET0123456789ABCDEFGHIJKL'
const OTHER_TMN = 'OCOPT002'
const OTHER_SECRET = 'ANOTHERSECRET9876543210'
const START = Date.parse('2025-05-21T02:00:00.000Z') // 09:00 in Hanoi
const MIN = 60_000
const DAY = 24 * 60 * MIN

let now = START
let fake: FakeVnpay
let seq = 0
const nextId = (prefix = 'R') => `${prefix}${Date.now().toString(36)}${++seq}`

beforeAll(async () => {
  fake = await startFakeVnpay({
    merchants: [
      { tmnCode: TMN, hashSecret: SECRET, name: 'HTX Che Thai Nguyen' },
      { tmnCode: OTHER_TMN, hashSecret: OTHER_SECRET },
    ],
    clock: () => now,
  })
})
afterAll(() => fake.close())
beforeEach(() => {
  now = START
  fake.reset()
  fake.setIpnUrl(undefined)
})

interface PayOptions {
  txnRef?: string
  over?: Record<string, string | undefined>
  secret?: string
  returnUrl?: string
}

function payParams({ txnRef = nextId('DH'), over = {}, returnUrl = 'http://127.0.0.1:9/vnpay/return' }: PayOptions = {}) {
  const params: Record<string, string> = {
    vnp_Version: '2.1.0',
    vnp_Command: 'pay',
    vnp_TmnCode: TMN,
    vnp_Amount: '123400000',
    vnp_CreateDate: vnpDate(now),
    vnp_ExpireDate: vnpDate(now + 15 * MIN),
    vnp_CurrCode: 'VND',
    vnp_IpAddr: '127.0.0.1',
    vnp_Locale: 'vn',
    vnp_OrderInfo: 'Thanh toan don hang DH0001',
    vnp_OrderType: 'other',
    vnp_ReturnUrl: returnUrl,
    vnp_TxnRef: txnRef,
  }
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete params[k]
    else params[k] = v
  }
  return params
}

function payUrl(options: PayOptions = {}): { url: string; params: Record<string, string> } {
  const params = payParams(options)
  const query = ownCanonical(params)
  return { url: `${fake.paymentUrl}?${query}&vnp_SecureHash=${hmac(options.secret ?? SECRET, query)}`, params }
}

async function open(url: string) {
  const res = await fetch(url)
  const html = await res.text()
  const errorCode = /data-testid="vnpay-error" data-code="(\d+)"/.exec(html)?.[1]
  const id = /name="id" value="([0-9a-f]+)"/.exec(html)?.[1]
  return { res, html, errorCode, id }
}

async function press(id: string, action: 'approve' | 'decline' | 'cancel') {
  const res = await fetch(`${fake.url}/paymentv2/result`, { method: 'POST', body: new URLSearchParams({ id, action }), redirect: 'manual' })
  return { status: res.status, location: res.headers.get('location') ?? '' }
}

/** Open a fresh payment page and return its TxnRef, create date and form id. */
async function opened(options: PayOptions = {}) {
  const { url, params } = payUrl(options)
  const page = await open(url)
  expect(page.errorCode).toBeUndefined()
  return { txnRef: params.vnp_TxnRef!, createDate: params.vnp_CreateDate!, id: page.id!, params }
}

async function callApi(body: Record<string, unknown>) {
  const res = await fetch(fake.apiUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  const text = await res.text()
  return { status: res.status, json: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {}) as Record<string, string> }
}

function querydrBody(txnRef: string, transactionDate: string, over: Record<string, unknown> = {}, secret = SECRET) {
  const body: Record<string, unknown> = {
    vnp_RequestId: nextId(),
    vnp_Version: '2.1.0',
    vnp_Command: 'querydr',
    vnp_TmnCode: TMN,
    vnp_TxnRef: txnRef,
    vnp_OrderInfo: `Truy van giao dich ${txnRef}`,
    vnp_TransactionDate: transactionDate,
    vnp_CreateDate: vnpDate(now),
    vnp_IpAddr: '127.0.0.1',
    ...over,
  }
  body.vnp_SecureHash = hmac(secret, pipe(QDR_REQ, body))
  return body
}

function refundBody(txnRef: string, transactionDate: string, type: '02' | '03', vnpAmount: string | number, over: Record<string, unknown> = {}) {
  const body: Record<string, unknown> = {
    vnp_RequestId: nextId(),
    vnp_Version: '2.1.0',
    vnp_Command: 'refund',
    vnp_TmnCode: TMN,
    vnp_TransactionType: type,
    vnp_TxnRef: txnRef,
    vnp_Amount: vnpAmount,
    vnp_TransactionNo: '0',
    vnp_TransactionDate: transactionDate,
    vnp_CreateBy: 'thu.ngan',
    vnp_CreateDate: vnpDate(now),
    vnp_IpAddr: '127.0.0.1',
    vnp_OrderInfo: `Hoan tien ${txnRef}`,
    ...over,
  }
  body.vnp_SecureHash = hmac(SECRET, pipe(REFUND_REQ, body))
  return body
}

const querydrVerified = (r: Record<string, string>) => hmac(SECRET, pipe(QDR_RESP, r)) === r.vnp_SecureHash
const refundVerified = (r: Record<string, string>) => hmac(SECRET, pipe(REFUND_RESP, r)) === r.vnp_SecureHash

// ---- a little local server for return URLs and IPNs ----

interface Hit {
  path: string
  query: URLSearchParams
}
let recorder: { server: Server; url: string; hits: Hit[]; ipnReply: { status: number; body: string } } | undefined

async function startRecorder() {
  const hits: Hit[] = []
  const state = { ipnReply: { status: 200, body: JSON.stringify({ RspCode: '00', Message: 'Confirm Success' }) } }
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x')
    hits.push({ path: u.pathname, query: u.searchParams })
    if (u.pathname === '/ipn') res.writeHead(state.ipnReply.status, { 'Content-Type': 'application/json' }).end(state.ipnReply.body)
    else res.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>ok</p>')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  recorder = {
    server,
    url,
    hits,
    get ipnReply() {
      return state.ipnReply
    },
    set ipnReply(v) {
      state.ipnReply = v
    },
  }
  return recorder
}
afterEach(async () => {
  if (recorder) {
    const { server } = recorder
    recorder = undefined
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
})

// ------------------------------------------------------------------------------------------------

describe('the fake signs exactly like the reference (payments.md 3.1)', () => {
  const V3: Record<string, string> = {
    vnp_Amount: '1000000',
    vnp_BankCode: 'NCB',
    vnp_BankTranNo: 'VNP14422574',
    vnp_CardType: 'ATM',
    vnp_OrderInfo: 'Thanh toan don hang 2024-05-21T02:17:31.249Z',
    vnp_PayDate: '20240521091806',
    vnp_ResponseCode: '00',
    vnp_TmnCode: 'TEST_TMN_CODE',
    vnp_TransactionNo: '14422574',
    vnp_TransactionStatus: '00',
    vnp_TxnRef: '1716257871703',
  }
  const V3_HASH = '649982421beb422556a1374713c74e58e716ecbd05007c0c0e1f7effdfaf361dbf146889ca446139afe11b9954c4d5c486e99e3b86fcfab6957f29eb0be72895'

  it('V1, V2, V3, V4 and D1: HMAC, canonical query and vnp_SecureHash', () => {
    expect(hmacSha512Hex('secret', 'data')).toBe(
      '6274071d33dec2728a2a1c903697fc1210b3252221c3d137e12d9f1ae5c8ed53e05e692b05a9eefff289667e2387c0fc0bd8a3d9bd7000782730c856a77a77d5',
    )
    const v2 = { vnp_Amount: '10000', vnp_TnxRef: '1234567890', vnp_OrderInfo: 'Payment for order #1234567890' }
    expect(canonicalQuery(v2)).toBe('vnp_Amount=10000&vnp_OrderInfo=Payment+for+order+%231234567890&vnp_TnxRef=1234567890')
    expect(secureHashOf(v2, 'YOUR_SECURE_SECRET')).toBe(
      '7bb8160a5d2085a85b3267817a40ee4f770a335282f19714726e6fc6f28a64c75a1e7e9c1aa96f3cbda5ce44095088fb4cb2af66c596d2f655b0b53966312089',
    )
    expect(canonicalQuery({ ...v2, vnp_OrderInfo: undefined })).toBe('vnp_Amount=10000&vnp_TnxRef=1234567890')
    expect(canonicalQuery({ ...v2, vnp_OrderInfo: '' })).toBe('vnp_Amount=10000&vnp_TnxRef=1234567890')

    expect(canonicalQuery({ ...V3, vnp_SecureHash: 'x', vnp_SecureHashType: 'HmacSHA512', other: 'ignored' })).toBe(
      'vnp_Amount=1000000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14422574&vnp_CardType=ATM&vnp_OrderInfo=Thanh+toan+don+hang+2024-05-21T02%3A17%3A31.249Z&vnp_PayDate=20240521091806&vnp_ResponseCode=00&vnp_TmnCode=TEST_TMN_CODE&vnp_TransactionNo=14422574&vnp_TransactionStatus=00&vnp_TxnRef=1716257871703',
    )
    expect(secureHashOf(V3, 'test_secret')).toBe(V3_HASH)
    expect(hmac('test_secret', ownCanonical(V3))).toBe(V3_HASH)
    expect(secureHashOf({ ...V3, vnp_ResponseCode: '99' }, 'test_secret')).toBe(
      '503194f6d93b57b357b2d1d09742565e67e86d771352c5dca4fc8d39df3d392c6b3809add9405f97cfb9631f445e36c80656cfbf47eac67d97fa165865c13e1b',
    )

    const d1 = {
      vnp_Amount: '100000',
      vnp_BankCode: 'NCB',
      vnp_Command: 'pay',
      vnp_CreateDate: '20210101070000',
      vnp_CurrCode: 'VND',
      vnp_IpAddr: '127.0.0.1',
      vnp_Locale: 'vn',
      vnp_OrderInfo: 'Test order',
      vnp_OrderType: 'other',
      vnp_ReturnUrl: 'https://example.com/return',
      vnp_TmnCode: 'TEST_TMN_CODE',
      vnp_TxnRef: 'ref1234567',
      vnp_Version: '2.1.0',
    }
    expect(secureHashOf(d1, 'test_secret')).toBe(
      'd8e4eb24f51f157d6898a30ced0539e4f8f6dec834c0ab10d6cf9d768f9785ce8ba2edf1aab9a12d4561b162cde07d9b4088379523e61c642056d8b04095132b',
    )
  })

  it('D2 and D3: pipe checksums of querydr and refund requests, with the field orders of section 2', () => {
    expect([...QUERYDR_REQUEST_FIELDS]).toEqual(QDR_REQ)
    expect([...REFUND_REQUEST_FIELDS]).toEqual(REFUND_REQ)
    expect([...QUERYDR_RESPONSE_FIELDS]).toEqual(QDR_RESP)
    expect([...REFUND_RESPONSE_FIELDS]).toEqual(REFUND_RESP)
    const d2 = {
      vnp_RequestId: 'REQUEST123456',
      vnp_Version: '2.1.0',
      vnp_Command: 'querydr',
      vnp_TmnCode: 'TEST_TMN_CODE',
      vnp_TxnRef: 'TXN123456789',
      vnp_TransactionDate: '20231221103000',
      vnp_CreateDate: '20231221103000',
      vnp_IpAddr: '127.0.0.1',
      vnp_OrderInfo: 'Test order query',
    }
    expect(pipeChecksum(QUERYDR_REQUEST_FIELDS, d2, 'test_secret')).toBe(
      'ac23f7e0db3fc8bc6dc83350725b891aa921ec7a83d1a370978d314457eeda176ff26a87bd4e13dc896c24890238b29fadf033080a07aa52abafa830cd2eb565',
    )
    const d3 = {
      vnp_RequestId: 'REFUND123456',
      vnp_Version: '2.1.0',
      vnp_Command: 'refund',
      vnp_TmnCode: 'TEST_TMN_CODE',
      vnp_TransactionType: '02',
      vnp_TxnRef: 'TXN123456789',
      vnp_Amount: 1000000,
      vnp_TransactionNo: '14422574',
      vnp_TransactionDate: '20231221103000',
      vnp_CreateBy: 'merchant_user',
      vnp_CreateDate: '20231221103000',
      vnp_IpAddr: '127.0.0.1',
      vnp_OrderInfo: 'Test refund order',
    }
    const d3Hash = '1b0d3f82bc64cda12af250a284e72895b965ad745fef5a5b4f2b0ab50142e0089598fd9fd28e73d1c4ede96932996c3b08b4e9ab8a02fa5e88ecc555afba9a33'
    expect(pipeChecksum(REFUND_REQUEST_FIELDS, d3, 'test_secret')).toBe(d3Hash)
    expect(pipeChecksum(REFUND_REQUEST_FIELDS, { ...d3, vnp_Amount: '1000000' }, 'test_secret')).toBe(d3Hash)
    expect(hmac('test_secret', pipe(REFUND_REQ, d3))).toBe(d3Hash)
    // absent and null both hash as '' (a querydr response usually ends in "||")
    expect(pipeChecksum(QUERYDR_RESPONSE_FIELDS, { vnp_ResponseId: 'a', vnp_PromotionCode: null }, 's')).toBe(hmac('s', `a${'|'.repeat(14)}`))
  })

  it('encodes like URLSearchParams (space → +, ! \' ( ) ~ escaped, * kept, UTF-8 bytes) and formats GMT+7 dates', () => {
    const tricky = "a b!'()*~-._#&=+/:,;?@[]$%ă€😀\u0000"
    expect(formEncode(tricky)).toBe(new URLSearchParams({ x: tricky }).toString().slice(2))
    expect(formatVnpDate(Date.parse('2024-05-21T02:00:00Z'))).toBe('20240521090000')
    expect(formatVnpDate(Date.parse('2024-12-31T17:30:05Z'))).toBe('20250101003005')
    expect(parseVnpDate('20250101003005')).toBe(Date.parse('2024-12-31T17:30:05Z'))
    expect(parseVnpDate('20240230120000')).toBeUndefined()
    expect(parseVnpDate('2024-05-21')).toBeUndefined()
  })
})

describe('payment page GET /paymentv2/vpcpay.html', () => {
  it('accepts a correctly signed URL and renders a self-contained Vietnamese page with three buttons', async () => {
    const { url, params } = payUrl({ over: { vnp_BankCode: 'NCB' } })
    expect(url.startsWith(`${fake.url}/paymentv2/vpcpay.html?`)).toBe(true)
    const { res, html, errorCode, id } = await open(url)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(errorCode).toBeUndefined()
    expect(id).toMatch(/^[0-9a-f]{24}$/)
    expect(html).toContain('data-testid="vnpay-page"')
    expect(html).toContain('<html lang="vi">')
    expect(html).toMatch(/data-testid="vnpay-amount">1\.234\.000 ₫</)
    expect(html).toContain('HTX Che Thai Nguyen (OCOPT001)')
    expect(html).toMatch(/data-testid="vnpay-order-info">Thanh toan don hang DH0001</)
    expect(html).toMatch(/data-testid="vnpay-approve">Thanh toán</)
    expect(html).toMatch(/data-testid="vnpay-decline">Từ chối</)
    expect(html).toMatch(/data-testid="vnpay-cancel">Hủy giao dịch</)
    expect(html).not.toMatch(/(src|href)=|url\(|<script/i)
    const [txn] = fake.transactions()
    expect(txn).toMatchObject({
      tmnCode: TMN,
      txnRef: params.vnp_TxnRef,
      amount: 1_234_000,
      vnpAmount: '123400000',
      status: 'pending',
      transactionStatus: '01',
      requestedBankCode: 'NCB',
      createDate: params.vnp_CreateDate,
      refunds: [],
    })
    expect(txn?.transactionNo).toBeUndefined()
  })

  it('accepts an upper-case hex hash and ignores non-vnp_ params', async () => {
    const params = payParams()
    const query = ownCanonical(params)
    const page = await open(`${fake.paymentUrl}?${query}&utm=x&vnp_SecureHash=${hmac(SECRET, query).toUpperCase()}`)
    expect(page.errorCode).toBeUndefined()
    expect(page.id).toBeDefined()
  })

  it('refuses a tampered URL (97), a wrong secret (97), a missing hash (97) and an unknown terminal (02)', async () => {
    const { url } = payUrl()
    expect((await open(url.replace('vnp_Amount=123400000', 'vnp_Amount=100000'))).errorCode).toBe('97')
    expect((await open(url.replace('vnp_Locale=vn', 'vnp_Locale=en'))).errorCode).toBe('97')
    expect((await open(payUrl({ secret: 'not-the-secret' }).url)).errorCode).toBe('97')
    expect((await open(url.replace(/&vnp_SecureHash=.*$/, ''))).errorCode).toBe('97')
    const unknown = await open(payUrl({ over: { vnp_TmnCode: 'NOSUCHTM' } }).url)
    expect(unknown.errorCode).toBe('02')
    expect(unknown.res.status).toBe(200)
    expect(unknown.html).toContain('data-testid="vnpay-error-code">02<')
    expect(fake.transactions()).toEqual([])
  })

  it('refuses correctly signed but malformed requests with code 03', async () => {
    const cases: Record<string, string | undefined>[] = [
      { vnp_OrderInfo: 'Thanh toán đơn hàng' },
      { vnp_OrderInfo: 'Thanh toan (don hang)' },
      { vnp_OrderInfo: "Don hang cua O'Brien" },
      { vnp_Amount: '123450' },
      { vnp_Amount: '12.000' },
      { vnp_Amount: '0' },
      { vnp_Version: '2.0.1' },
      { vnp_Command: 'genqr' },
      { vnp_CurrCode: 'USD' },
      { vnp_Locale: 'fr' },
      { vnp_IpAddr: undefined },
      { vnp_IpAddr: '::1' },
      { vnp_ExpireDate: undefined },
      { vnp_ExpireDate: '2025-05-21 09:15' },
      { vnp_CreateDate: '20250231090000' },
      { vnp_ReturnUrl: 'myapp://vnpay/return' },
      { vnp_ReturnUrl: `http://127.0.0.1:9/${'x'.repeat(260)}` },
      { vnp_TxnRef: 'DH 0001' },
      { vnp_OrderType: undefined },
    ]
    for (const over of cases) {
      const page = await open(payUrl({ over }).url)
      expect(page.errorCode, JSON.stringify(over)).toBe('03')
      expect(page.html).toContain('Dữ liệu gửi sang không đúng định dạng')
    }
    expect(fake.transactions()).toEqual([])
  })

  it('shows the expired page (11) when vnp_ExpireDate has passed on the fake clock', async () => {
    const { url, params } = payUrl({ over: { vnp_CreateDate: vnpDate(now - 30 * MIN), vnp_ExpireDate: vnpDate(now - 15 * MIN) } })
    const page = await open(url)
    expect(page.errorCode).toBe('11')
    expect(page.html).toContain('Giao dịch đã quá thời gian chờ thanh toán')
    expect(fake.transaction(params.vnp_TxnRef!)).toMatchObject({ status: 'expired', responseCode: '11', transactionStatus: '02' })
  })

  it('refuses a TxnRef already used by the terminal today (01), re-renders the same URL, allows it the next GMT+7 day', async () => {
    const first = payUrl({ txnRef: 'DH-REUSED-1' })
    expect((await open(first.url)).errorCode).toBeUndefined()
    expect((await open(first.url)).errorCode).toBeUndefined() // a reload of the very same URL
    expect(fake.transactions()).toHaveLength(1)
    const again = await open(payUrl({ txnRef: 'DH-REUSED-1', over: { vnp_Amount: '5000000' } }).url)
    expect(again.errorCode).toBe('01')
    expect(again.html).toContain('Giao dịch đã tồn tại')
    // another terminal may use the same TxnRef
    const params = payParams({ txnRef: 'DH-REUSED-1', over: { vnp_TmnCode: OTHER_TMN } })
    const q = ownCanonical(params)
    expect((await open(`${fake.paymentUrl}?${q}&vnp_SecureHash=${hmac(OTHER_SECRET, q)}`)).errorCode).toBeUndefined()
    // 15:00 UTC is 22:00 in Hanoi: same day; 17:00 UTC is already tomorrow there
    now = START + 13 * 60 * MIN
    expect((await open(payUrl({ txnRef: 'DH-REUSED-1' }).url)).errorCode).toBe('01')
    now = START + 15 * 60 * MIN
    expect((await open(payUrl({ txnRef: 'DH-REUSED-1' }).url)).errorCode).toBeUndefined()
  })
})

describe('result buttons and programmatic results', () => {
  it('"Thanh toán" redirects 302 to vnp_ReturnUrl with a correctly signed V3-style success query', async () => {
    const { txnRef, id } = await opened({ returnUrl: 'http://127.0.0.1:9/vnpay/return' })
    now += 2 * MIN
    const { status, location } = await press(id, 'approve')
    expect(status).toBe(302)
    expect(location.startsWith('http://127.0.0.1:9/vnpay/return?')).toBe(true)
    const q = new URL(location).searchParams
    expect(verifyQuery(q, SECRET)).toBe(true)
    expect([...q.keys()]).toEqual([
      'vnp_Amount',
      'vnp_BankCode',
      'vnp_BankTranNo',
      'vnp_CardType',
      'vnp_OrderInfo',
      'vnp_PayDate',
      'vnp_ResponseCode',
      'vnp_TmnCode',
      'vnp_TransactionNo',
      'vnp_TransactionStatus',
      'vnp_TxnRef',
      'vnp_SecureHash',
    ])
    expect(Object.fromEntries(q)).toMatchObject({
      vnp_Amount: '123400000',
      vnp_BankCode: 'NCB',
      vnp_CardType: 'ATM',
      vnp_OrderInfo: 'Thanh toan don hang DH0001',
      vnp_PayDate: vnpDate(now),
      vnp_ResponseCode: '00',
      vnp_TmnCode: TMN,
      vnp_TransactionStatus: '00',
      vnp_TxnRef: txnRef,
    })
    expect(q.get('vnp_TransactionNo')).toMatch(/^\d{8}$/)
    expect(q.get('vnp_BankTranNo')).toBe(`VNP${q.get('vnp_TransactionNo')}`)
    expect(q.get('vnp_SecureHash')).toMatch(/^[0-9a-f]{128}$/)
    // the query string is exactly the canonical string plus the hash
    expect(location.split('?')[1]).toBe(`${ownCanonical(Object.fromEntries(q))}&vnp_SecureHash=${q.get('vnp_SecureHash')}`)
    expect(fake.transaction(txnRef)).toMatchObject({ status: 'paid', responseCode: '00', transactionStatus: '00', resultUrl: location })
    // a second submit (double click, back button) redirects to the same result without changing it
    expect(await press(id, 'decline')).toEqual({ status: 302, location })
  })

  it('"Từ chối" answers 51/02 and "Hủy giao dịch" answers 24/02 with TransactionNo 0', async () => {
    const a = await opened()
    const declined = new URL((await press(a.id, 'decline')).location).searchParams
    expect(verifyQuery(declined, SECRET)).toBe(true)
    expect(Object.fromEntries(declined)).toMatchObject({ vnp_ResponseCode: '51', vnp_TransactionStatus: '02', vnp_BankCode: 'NCB' })
    expect(declined.get('vnp_TransactionNo')).toMatch(/^\d{8}$/)
    expect(declined.has('vnp_BankTranNo')).toBe(false)

    const b = await opened()
    const cancelled = new URL((await press(b.id, 'cancel')).location).searchParams
    expect(verifyQuery(cancelled, SECRET)).toBe(true)
    expect(Object.fromEntries(cancelled)).toMatchObject({
      vnp_ResponseCode: '24',
      vnp_TransactionStatus: '02',
      vnp_TransactionNo: '0',
      vnp_BankCode: 'VNPAY',
      vnp_CardType: 'QRCODE',
    })
    expect(fake.transaction(a.txnRef)?.status).toBe('declined')
    expect(fake.transaction(b.txnRef)?.status).toBe('cancelled')
  })

  it('approve/decline/cancel() return the signed return URL; they refuse unknown or finished transactions', async () => {
    const a = await opened()
    const b = await opened()
    const c = await opened()
    const ok = new URL(await fake.approve(a.txnRef)).searchParams
    const otp = new URL(await fake.decline(b.txnRef, '13')).searchParams
    const cancelled = new URL(await fake.cancel(c.txnRef)).searchParams
    for (const q of [ok, otp, cancelled]) expect(verifyQuery(q, SECRET)).toBe(true)
    expect([ok.get('vnp_ResponseCode'), otp.get('vnp_ResponseCode'), cancelled.get('vnp_ResponseCode')]).toEqual(['00', '13', '24'])
    expect(ok.get('vnp_TransactionNo')).not.toBe(otp.get('vnp_TransactionNo'))
    await expect(fake.approve(a.txnRef)).rejects.toThrow(/already paid/)
    await expect(fake.approve('NO-SUCH-REF')).rejects.toThrow(/no transaction/)
    const d = await opened()
    await expect(fake.decline(d.txnRef, '00')).rejects.toThrow(/not a decline/)
  })

  it('a button pressed after vnp_ExpireDate answers 11/02', async () => {
    const { txnRef, id } = await opened()
    now += 16 * MIN
    const q = new URL((await press(id, 'approve')).location).searchParams
    expect(verifyQuery(q, SECRET)).toBe(true)
    expect(Object.fromEntries(q)).toMatchObject({ vnp_ResponseCode: '11', vnp_TransactionStatus: '02', vnp_TransactionNo: '0' })
    expect(fake.transaction(txnRef)?.status).toBe('expired')
  })
})

describe('querydr', () => {
  it('91 before the page is opened, 00/01 while pending, 00/00 with type 01 once paid; answers carry a valid 15-field checksum', async () => {
    const { url, params } = payUrl()
    const txnRef = params.vnp_TxnRef!
    const createDate = params.vnp_CreateDate!

    const before = await callApi(querydrBody(txnRef, createDate))
    expect(before.status).toBe(200)
    expect(before.json).toMatchObject({ vnp_Command: 'querydr', vnp_ResponseCode: '91', vnp_TmnCode: TMN, vnp_TxnRef: txnRef })
    expect(querydrVerified(before.json)).toBe(true)

    await open(url)
    const pending = await callApi(querydrBody(txnRef, createDate))
    expect(pending.json).toMatchObject({ vnp_ResponseCode: '00', vnp_TransactionStatus: '01', vnp_TransactionType: '01', vnp_Amount: '123400000' })
    expect(pending.json.vnp_TransactionNo).toBeUndefined()
    expect(querydrVerified(pending.json)).toBe(true)

    now += 3 * MIN
    const returned = new URL(await fake.approve(txnRef)).searchParams
    now += MIN
    const paid = await callApi(querydrBody(txnRef, createDate))
    expect(paid.json).toMatchObject({
      vnp_Command: 'querydr',
      vnp_ResponseCode: '00',
      vnp_TmnCode: TMN,
      vnp_TxnRef: txnRef,
      vnp_Amount: '123400000',
      vnp_OrderInfo: 'Thanh toan don hang DH0001',
      vnp_BankCode: 'NCB',
      vnp_PayDate: returned.get('vnp_PayDate'),
      vnp_TransactionNo: returned.get('vnp_TransactionNo'),
      vnp_TransactionType: '01',
      vnp_TransactionStatus: '00',
    })
    expect(paid.json.vnp_ResponseId).toMatch(/^[0-9a-f]{32}$/)
    expect(paid.json.vnp_PromotionCode).toBeUndefined()
    expect(querydrVerified(paid.json)).toBe(true)
    expect(fake.requests.map((r) => [r.command, r.verified, r.responseCode])).toEqual([
      ['querydr', true, '91'],
      ['querydr', true, '00'],
      ['querydr', true, '00'],
    ])
  })

  it('reports declined and expired transactions as 00 with TransactionStatus 02', async () => {
    const a = await opened()
    await fake.decline(a.txnRef)
    expect((await callApi(querydrBody(a.txnRef, a.createDate))).json).toMatchObject({ vnp_ResponseCode: '00', vnp_TransactionStatus: '02' })
    const b = await opened()
    now += 20 * MIN
    expect((await callApi(querydrBody(b.txnRef, b.createDate))).json).toMatchObject({ vnp_ResponseCode: '00', vnp_TransactionStatus: '02' })
    expect(fake.transaction(b.txnRef)).toMatchObject({ status: 'expired', responseCode: '11' })
  })

  it('97 on a bad checksum (logged unverified), 02 for an unknown terminal, 03 for bad fields, 91 for a wrong TransactionDate', async () => {
    const { txnRef, createDate } = await opened()
    const tampered = { ...querydrBody(txnRef, createDate), vnp_OrderInfo: 'changed after signing' }
    const bad = await callApi(tampered)
    expect(bad.json.vnp_ResponseCode).toBe('97')
    expect(querydrVerified(bad.json)).toBe(true)
    expect(fake.requests.at(-1)).toMatchObject({ command: 'querydr', verified: false, responseCode: '97', httpStatus: 200 })

    const unknown = await callApi(querydrBody(txnRef, createDate, { vnp_TmnCode: 'NOSUCHTM' }))
    expect(unknown.json.vnp_ResponseCode).toBe('02')
    expect(unknown.json.vnp_SecureHash).toBeUndefined()

    for (const over of [
      { vnp_OrderInfo: '' },
      { vnp_Version: '2.0.0' },
      { vnp_RequestId: 'x'.repeat(33) },
      { vnp_RequestId: undefined },
      { vnp_CreateDate: '2025-05-21' },
      { vnp_IpAddr: '::1' },
    ]) {
      expect((await callApi(querydrBody(txnRef, createDate, over))).json.vnp_ResponseCode, JSON.stringify(over)).toBe('03')
    }
    expect((await callApi(querydrBody(txnRef, vnpDate(now - DAY)))).json.vnp_ResponseCode).toBe('91')
    expect((await callApi({ vnp_Command: 'nope', vnp_TmnCode: TMN })).json.vnp_ResponseCode).toBe('03')
    const notJson = await fetch(fake.apiUrl, { method: 'POST', body: 'vnp_Command=querydr' })
    expect(((await notJson.json()) as Record<string, string>).vnp_ResponseCode).toBe('03')
  })

  it('94 when a vnp_RequestId is reused the same GMT+7 day (also across commands); fine again the next day', async () => {
    const { txnRef, createDate } = await opened()
    const first = querydrBody(txnRef, createDate, { vnp_RequestId: 'SAMEID01' })
    expect((await callApi(first)).json.vnp_ResponseCode).toBe('00')
    expect((await callApi(querydrBody(txnRef, createDate, { vnp_RequestId: 'SAMEID01' }))).json.vnp_ResponseCode).toBe('94')
    await fake.approve(txnRef)
    expect((await callApi(refundBody(txnRef, createDate, '02', '123400000', { vnp_RequestId: 'SAMEID01' }))).json.vnp_ResponseCode).toBe('94')
    // a bad checksum does not consume an id
    await callApi({ ...querydrBody(txnRef, createDate, { vnp_RequestId: 'SAMEID02' }), vnp_SecureHash: 'ab'.repeat(64) })
    expect((await callApi(querydrBody(txnRef, createDate, { vnp_RequestId: 'SAMEID02' }))).json.vnp_ResponseCode).toBe('00')
    now += DAY
    expect((await callApi(querydrBody(txnRef, createDate, { vnp_RequestId: 'SAMEID01' }))).json.vnp_ResponseCode).toBe('00')
  })
})

describe('refund', () => {
  it('partial (03) then full of the remainder (02); over-refunds are 03; responses carry a valid 13-field checksum on the ×100 amount', async () => {
    const { txnRef, createDate } = await opened()
    const transactionNo = new URL(await fake.approve(txnRef)).searchParams.get('vnp_TransactionNo')!

    const partial = await callApi(refundBody(txnRef, createDate, '03', '40000000'))
    expect(partial.json).toMatchObject({
      vnp_Command: 'refund',
      vnp_ResponseCode: '00',
      vnp_TmnCode: TMN,
      vnp_TxnRef: txnRef,
      vnp_Amount: '40000000',
      vnp_TransactionNo: transactionNo,
      vnp_TransactionType: '03',
      vnp_TransactionStatus: '05',
      vnp_BankCode: 'NCB',
    })
    expect(refundVerified(partial.json)).toBe(true)
    // the lib's bug (payments.md 2): hashing amount/100 must NOT verify
    expect(hmac(SECRET, pipe(REFUND_RESP, { ...partial.json, vnp_Amount: '400000' }))).not.toBe(partial.json.vnp_SecureHash)

    // a full refund must be exactly what remains (834.000 ₫)
    expect((await callApi(refundBody(txnRef, createDate, '02', '123400000'))).json.vnp_ResponseCode).toBe('03')
    expect((await callApi(refundBody(txnRef, createDate, '02', '10000000'))).json.vnp_ResponseCode).toBe('03')
    expect((await callApi(refundBody(txnRef, createDate, '03', '83400100'))).json.vnp_ResponseCode).toBe('03')
    const full = await callApi(refundBody(txnRef, createDate, '02', 83_400_000, { vnp_TransactionNo: transactionNo }))
    expect(full.json).toMatchObject({ vnp_ResponseCode: '00', vnp_TransactionType: '02', vnp_TransactionStatus: '05', vnp_Amount: '83400000' })
    expect(refundVerified(full.json)).toBe(true)
    expect((await callApi(refundBody(txnRef, createDate, '03', '100'))).json.vnp_ResponseCode).toBe('03')

    // querydr keeps reporting the original payment
    expect((await callApi(querydrBody(txnRef, createDate))).json).toMatchObject({
      vnp_ResponseCode: '00',
      vnp_TransactionType: '01',
      vnp_TransactionStatus: '00',
      vnp_Amount: '123400000',
    })
    const txn = fake.transaction(txnRef)!
    expect(txn.refundedAmount).toBe(1_234_000)
    expect(txn.refunds.map((r) => [r.transactionType, r.amount, r.vnpAmount, r.transactionStatus, r.createBy])).toEqual([
      ['03', 400_000, '40000000', '05', 'thu.ngan'],
      ['02', 834_000, '83400000', '05', 'thu.ngan'],
    ])
  })

  it('03 for more than the payment, 95 for an unpaid transaction, 91 for unknown ones or a wrong TransactionNo, 97 on a bad checksum', async () => {
    const paid = await opened()
    await fake.approve(paid.txnRef)
    expect((await callApi(refundBody(paid.txnRef, paid.createDate, '03', '123400100'))).json.vnp_ResponseCode).toBe('03')
    expect((await callApi(refundBody(paid.txnRef, paid.createDate, '03', '150'))).json.vnp_ResponseCode).toBe('03')
    expect((await callApi(refundBody(paid.txnRef, paid.createDate, '04' as '02', '100000'))).json.vnp_ResponseCode).toBe('03')
    expect((await callApi(refundBody(paid.txnRef, paid.createDate, '02', '123400000', { vnp_CreateBy: '' }))).json.vnp_ResponseCode).toBe('03')
    expect((await callApi(refundBody(paid.txnRef, paid.createDate, '02', '123400000', { vnp_TransactionNo: '99999999' }))).json.vnp_ResponseCode).toBe('91')
    expect((await callApi(refundBody('NO-SUCH-REF', paid.createDate, '02', '123400000'))).json.vnp_ResponseCode).toBe('91')
    const tampered = { ...refundBody(paid.txnRef, paid.createDate, '03', '100000'), vnp_Amount: '123400000' }
    const bad = await callApi(tampered)
    expect(bad.json.vnp_ResponseCode).toBe('97')
    expect(refundVerified(bad.json)).toBe(true)
    expect(fake.transaction(paid.txnRef)?.refunds).toEqual([])

    const declined = await opened()
    await fake.decline(declined.txnRef)
    expect((await callApi(refundBody(declined.txnRef, declined.createDate, '02', '123400000'))).json.vnp_ResponseCode).toBe('95')
    const pending = await opened()
    expect((await callApi(refundBody(pending.txnRef, pending.createDate, '02', '123400000'))).json.vnp_ResponseCode).toBe('95')
  })
})

describe('misbehaviour', () => {
  it('serverError answers 500 and does nothing; reset() clears it', async () => {
    const { txnRef, createDate } = await opened()
    await fake.approve(txnRef)
    fake.setMisbehaviour({ serverError: true })
    const res = await callApi(refundBody(txnRef, createDate, '02', '123400000'))
    expect(res.status).toBe(500)
    expect(fake.transaction(txnRef)?.refunds).toEqual([])
    expect(fake.requests.at(-1)).toMatchObject({ command: 'refund', httpStatus: 500, verified: false })
    fake.reset()
    expect(fake.misbehaviour.serverError).toBe(false)
    expect(fake.transactions()).toEqual([])
    expect(fake.requests).toEqual([])
  })

  it('badResponseChecksum signs answers wrongly (the refund still happens)', async () => {
    const { txnRef, createDate } = await opened()
    await fake.approve(txnRef)
    fake.setMisbehaviour({ badResponseChecksum: true })
    const q = await callApi(querydrBody(txnRef, createDate))
    expect(q.json.vnp_ResponseCode).toBe('00')
    expect(q.json.vnp_SecureHash).toMatch(/^[0-9a-f]{128}$/)
    expect(querydrVerified(q.json)).toBe(false)
    const r = await callApi(refundBody(txnRef, createDate, '02', '123400000'))
    expect(r.json.vnp_ResponseCode).toBe('00')
    expect(refundVerified(r.json)).toBe(false)
    expect(fake.transaction(txnRef)?.refundedAmount).toBe(1_234_000)
    expect(fake.requests.every((x) => x.verified)).toBe(true)
  })

  it('refundUnavailable answers refunds with a correctly signed 99; querydr is unaffected', async () => {
    const { txnRef, createDate } = await opened()
    await fake.approve(txnRef)
    fake.setMisbehaviour({ refundUnavailable: true })
    const r = await callApi(refundBody(txnRef, createDate, '02', '123400000'))
    expect(r.json.vnp_ResponseCode).toBe('99')
    expect(refundVerified(r.json)).toBe(true)
    expect((await callApi(querydrBody(txnRef, createDate))).json.vnp_ResponseCode).toBe('00')
  })

  it('slowMs delays API answers and the result redirect', async () => {
    const { txnRef, createDate, id } = await opened()
    fake.setMisbehaviour({ slowMs: 250 })
    let t = performance.now()
    await callApi(querydrBody(txnRef, createDate))
    expect(performance.now() - t).toBeGreaterThanOrEqual(240)
    t = performance.now()
    expect((await press(id, 'approve')).status).toBe(302)
    expect(performance.now() - t).toBeGreaterThanOrEqual(240)
    fake.setMisbehaviour({ slowMs: 0 })
    t = performance.now()
    await callApi(querydrBody(txnRef, createDate))
    expect(performance.now() - t).toBeLessThan(240)
  })

  it('changeAmount makes the callback carry another amount, still correctly signed; the record keeps the real one', async () => {
    const { txnRef, id } = await opened()
    fake.setMisbehaviour({ changeAmount: 1000 })
    const q = new URL((await press(id, 'approve')).location).searchParams
    expect(q.get('vnp_Amount')).toBe('100000')
    expect(verifyQuery(q, SECRET)).toBe(true)
    expect(fake.transaction(txnRef)).toMatchObject({ amount: 1_234_000, vnpAmount: '123400000' })
    fake.setMisbehaviour({ changeAmount: undefined })
    const other = await opened()
    expect(new URL(await fake.approve(other.txnRef)).searchParams.get('vnp_Amount')).toBe('123400000')
  })
})

describe('IPN', () => {
  it('on a result the fake sends the signed IPN GET before redirecting, and records the JSON reply', async () => {
    const rec = await startRecorder()
    fake.setIpnUrl(`${rec.url}/ipn`)
    expect(fake.ipnUrl).toBe(`${rec.url}/ipn`)
    const { txnRef, id } = await opened({ returnUrl: `${rec.url}/return` })
    const { location } = await press(id, 'approve')
    expect(rec.hits.map((h) => h.path)).toEqual(['/ipn'])
    const ipn = rec.hits[0]!.query
    expect(verifyQuery(ipn, SECRET)).toBe(true)
    expect(ipn.toString()).toBe(new URL(location).searchParams.toString())
    expect(Object.fromEntries(ipn)).toMatchObject({ vnp_TxnRef: txnRef, vnp_ResponseCode: '00', vnp_TransactionStatus: '00' })
    expect(fake.ipnCalls).toHaveLength(1)
    expect(fake.ipnCalls[0]).toMatchObject({ kind: 'ipn', txnRef, httpStatus: 200, reply: { RspCode: '00', Message: 'Confirm Success' } })
    expect(fake.transaction(txnRef)?.ipnReplies).toEqual([{ RspCode: '00', Message: 'Confirm Success' }])

    // programmatic results notify too; a merchant answering 97 is recorded as such; resendIpn retries
    rec.ipnReply = { status: 200, body: JSON.stringify({ RspCode: '97', Message: 'Invalid Checksum' }) }
    const other = await opened({ returnUrl: `${rec.url}/return` })
    await fake.cancel(other.txnRef)
    expect(rec.hits.at(-1)?.query.get('vnp_ResponseCode')).toBe('24')
    rec.ipnReply = { status: 200, body: JSON.stringify({ RspCode: '00', Message: 'Confirm Success' }) }
    const retry = await fake.resendIpn(other.txnRef)
    expect(retry.reply).toEqual({ RspCode: '00', Message: 'Confirm Success' })
    expect(fake.transaction(other.txnRef)?.ipnReplies.map((r) => r?.RspCode)).toEqual(['97', '00'])
    // the browser's redirect itself is never sent by the fake
    expect(rec.hits.filter((h) => h.path === '/return')).toEqual([])
  })

  it('records a failed IPN without failing the payment flow', async () => {
    fake.setIpnUrl('http://127.0.0.1:9/ipn')
    const { txnRef, id } = await opened()
    expect((await press(id, 'approve')).status).toBe(302)
    expect(fake.ipnCalls[0]?.error).toBeDefined()
    expect(fake.transaction(txnRef)?.ipnReplies).toEqual([undefined])
  })

  it('duplicateReturn sends the IPN twice and hits the return URL once more, besides the browser redirect', async () => {
    const rec = await startRecorder()
    fake.setIpnUrl(`${rec.url}/ipn`)
    fake.setMisbehaviour({ duplicateReturn: true })
    const { txnRef, id } = await opened({ returnUrl: `${rec.url}/return` })
    const { status, location } = await press(id, 'approve')
    expect(status).toBe(302)
    expect(rec.hits.map((h) => h.path)).toEqual(['/ipn', '/ipn', '/return'])
    for (const hit of rec.hits) expect(hit.query.toString()).toBe(new URL(location).searchParams.toString())
    expect(fake.callbacks.map((c) => [c.kind, c.httpStatus])).toEqual([
      ['ipn', 200],
      ['ipn', 200],
      ['return', 200],
    ])
    expect(fake.transaction(txnRef)?.ipnReplies).toHaveLength(2)
  })

  it('no IPN is sent while ipnUrl is unset', async () => {
    const rec = await startRecorder()
    const { id } = await opened({ returnUrl: `${rec.url}/return` })
    await press(id, 'approve')
    expect(rec.hits).toEqual([])
    expect(fake.callbacks).toEqual([])
  })
})
