// Specification of the VNPay 2.1.0 protocol layer. Every vector of section 3.1 of
// shared/reference/payments.md is asserted verbatim; section numbers below refer to that file.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { classifyPayResult } from '@shared/domain/vnpay-codes'
import {
  asciiOrderInfo,
  buildPaymentUrl,
  buildQueryDrRequest,
  buildRefundRequest,
  buildSignedUrl,
  encodeVnpQuery,
  formatVnpDate,
  formUrlEncode,
  fromVnpAmount,
  MAX_VNPAY_AMOUNT_VND,
  newRequestId,
  parseVnpCallback,
  parseVnpDate,
  signQueryDrResponse,
  signRefundResponse,
  signVnp,
  toVnpIpAddr,
  verifyQueryDrRequest,
  verifyQueryDrResponse,
  verifyRefundRequest,
  verifyRefundResponse,
  verifyVnpSignature,
  VNPAY_ENDPOINTS,
  VnpayRequestInvalid,
  type PaymentUrlInput,
} from './protocol'

const SANDBOX_PAY = 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html'

// V3: the npm lib's return/IPN fixture (DEFAULT_RETURN_QUERY_INPUT), secret test_secret.
const V3_SECRET = 'test_secret'
const V3_PARAMS: Readonly<Record<string, string>> = {
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
const V3_CANONICAL =
  'vnp_Amount=1000000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14422574&vnp_CardType=ATM&vnp_OrderInfo=Thanh+toan+don+hang+2024-05-21T02%3A17%3A31.249Z&vnp_PayDate=20240521091806&vnp_ResponseCode=00&vnp_TmnCode=TEST_TMN_CODE&vnp_TransactionNo=14422574&vnp_TransactionStatus=00&vnp_TxnRef=1716257871703'
const V3_HASH = '649982421beb422556a1374713c74e58e716ecbd05007c0c0e1f7effdfaf361dbf146889ca446139afe11b9954c4d5c486e99e3b86fcfab6957f29eb0be72895'
const V4_HASH = '503194f6d93b57b357b2d1d09742565e67e86d771352c5dca4fc8d39df3d392c6b3809add9405f97cfb9631f445e36c80656cfbf47eac67d97fa165865c13e1b'

// D1: DEFAULT_BUILD_PAYMENT_URL_INPUT plus the lib's defaults.
const D1_PARAMS = {
  vnp_Amount: 100000,
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
const D1_CANONICAL =
  'vnp_Amount=100000&vnp_BankCode=NCB&vnp_Command=pay&vnp_CreateDate=20210101070000&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1&vnp_Locale=vn&vnp_OrderInfo=Test+order&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fexample.com%2Freturn&vnp_TmnCode=TEST_TMN_CODE&vnp_TxnRef=ref1234567&vnp_Version=2.1.0'
const D1_HASH = 'd8e4eb24f51f157d6898a30ced0539e4f8f6dec834c0ab10d6cf9d768f9785ce8ba2edf1aab9a12d4561b162cde07d9b4088379523e61c642056d8b04095132b'
const D1_CREATED_AT_MS = Date.parse('2021-01-01T00:00:00Z') // 07:00 in Vietnam

const D2_HASH = 'ac23f7e0db3fc8bc6dc83350725b891aa921ec7a83d1a370978d314457eeda176ff26a87bd4e13dc896c24890238b29fadf033080a07aa52abafa830cd2eb565'
const D3_HASH = '1b0d3f82bc64cda12af250a284e72895b965ad745fef5a5b4f2b0ab50142e0089598fd9fd28e73d1c4ede96932996c3b08b4e9ab8a02fa5e88ecc555afba9a33'
const API_CREATED_AT_MS = Date.parse('2023-12-21T03:30:00Z') // 20231221103000 in Vietnam

const TEST_API_CONFIG = { tmnCode: 'TEST_TMN_CODE', hashSecret: 'test_secret' }

function signedCallback(params: Readonly<Record<string, string>>, secret = V3_SECRET): URLSearchParams {
  const query = new URLSearchParams(encodeVnpQuery(params))
  query.set('vnp_SecureHash', signVnp(secret, encodeVnpQuery(params)))
  return query
}

function payInput(overrides: Partial<PaymentUrlInput> = {}): PaymentUrlInput {
  return {
    amountVnd: 125_000,
    txnRef: 'ord01-a1',
    orderInfo: 'Thanh toán đơn hàng DH-2026-000123',
    createdAtMs: Date.parse('2026-11-28T03:00:00Z'),
    expireAtMs: Date.parse('2026-11-28T03:15:00Z'),
    ipAddr: '127.0.0.1',
    returnUrl: 'http://127.0.0.1:5123/vnpay/return',
    locale: 'vn',
    ...overrides,
  }
}
const PAY_CONFIG = { tmnCode: 'COOPTEST', hashSecret: 'a-secret-of-the-shop-123', paymentUrl: SANDBOX_PAY }

function throwsInvalid(field: string, run: () => unknown): void {
  let caught: unknown
  try {
    run()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(VnpayRequestInvalid)
  expect(caught).toBeInstanceOf(RangeError)
  expect((caught as VnpayRequestInvalid).field).toBe(field)
}

describe('section 3.1 vectors', () => {
  it('V1: HMAC-SHA512 in lowercase hex', () => {
    expect(signVnp('secret', 'data')).toBe(
      '6274071d33dec2728a2a1c903697fc1210b3252221c3d137e12d9f1ae5c8ed53e05e692b05a9eefff289667e2387c0fc0bd8a3d9bd7000782730c856a77a77d5',
    )
  })

  it('V2: sorts, form-encodes and signs, counting the misspelled vnp_TnxRef as a vnp_ key', () => {
    const params = { vnp_Amount: 10000, vnp_TnxRef: '1234567890', vnp_OrderInfo: 'Payment for order #1234567890' }
    const query = encodeVnpQuery(params)
    expect(query).toBe('vnp_Amount=10000&vnp_OrderInfo=Payment+for+order+%231234567890&vnp_TnxRef=1234567890')
    const hash = '7bb8160a5d2085a85b3267817a40ee4f770a335282f19714726e6fc6f28a64c75a1e7e9c1aa96f3cbda5ce44095088fb4cb2af66c596d2f655b0b53966312089'
    expect(signVnp('YOUR_SECURE_SECRET', query)).toBe(hash)
    expect(`https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?${query}`).toBe(
      'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html?vnp_Amount=10000&vnp_OrderInfo=Payment+for+order+%231234567890&vnp_TnxRef=1234567890',
    )
    expect(buildSignedUrl(SANDBOX_PAY, params, 'YOUR_SECURE_SECRET')).toBe(`${SANDBOX_PAY}?${query}&vnp_SecureHash=${hash}`)
  })

  it('V2: skips a value that is undefined', () => {
    expect(encodeVnpQuery({ vnp_Amount: 10000, vnp_TnxRef: '1234567890', vnp_OrderInfo: undefined })).toBe('vnp_Amount=10000&vnp_TnxRef=1234567890')
  })

  it('V3: verifies the return/IPN fixture and reads it as a success', () => {
    expect(encodeVnpQuery(V3_PARAMS)).toBe(V3_CANONICAL)
    expect(signVnp(V3_SECRET, V3_CANONICAL)).toBe(V3_HASH)
    const callback = parseVnpCallback({ ...V3_PARAMS, vnp_SecureHash: V3_HASH }, V3_SECRET, 'TEST_TMN_CODE')
    expect(callback).toMatchObject({
      verified: true,
      tmnCodeMatches: true,
      txnRef: '1716257871703',
      amountVnd: 10000,
      responseCode: '00',
      transactionStatus: '00',
      transactionNo: '14422574',
      bankCode: 'NCB',
      bankTranNo: 'VNP14422574',
      cardType: 'ATM',
      payDate: '20240521091806',
      paidAtMs: Date.parse('2024-05-21T02:18:06Z'),
    })
    expect(callback.raw).toEqual({ ...V3_PARAMS, vnp_SecureHash: V3_HASH })
    expect(classifyPayResult(callback.responseCode, callback.transactionStatus)).toBe('succeeded')
  })

  it('V3: verifies the same query given as URLSearchParams', () => {
    const query = new URLSearchParams(`${V3_CANONICAL}&vnp_SecureHash=${V3_HASH}`)
    expect(verifyVnpSignature(query, V3_SECRET)).toBe(true)
    expect(parseVnpCallback(query, V3_SECRET, 'TEST_TMN_CODE').verified).toBe(true)
  })

  it('V4: a re-signed failure verifies and is not a success', () => {
    const params = { ...V3_PARAMS, vnp_ResponseCode: '99' }
    expect(signVnp(V3_SECRET, encodeVnpQuery(params))).toBe(V4_HASH)
    const callback = parseVnpCallback({ ...params, vnp_SecureHash: V4_HASH }, V3_SECRET, 'TEST_TMN_CODE')
    expect(callback.verified).toBe(true)
    expect(callback.responseCode).toBe('99')
    expect(classifyPayResult(callback.responseCode, callback.transactionStatus)).toBe('failed')
  })

  it('V4: ResponseCode changed to 99 without re-signing is refused', () => {
    const tampered = { ...V3_PARAMS, vnp_ResponseCode: '99', vnp_SecureHash: V3_HASH }
    expect(verifyVnpSignature(tampered, V3_SECRET)).toBe(false)
    expect(parseVnpCallback(tampered, V3_SECRET, 'TEST_TMN_CODE').verified).toBe(false)
  })

  it.each([
    ['1000000', 10000],
    ['2000000', 20000],
    ['1650000', 16500],
    ['1234500', 12345],
    ['123450000', 1234500],
  ])('V5: vnp_Amount %s is %i đồng', (raw, vnd) => {
    expect(fromVnpAmount(raw)).toBe(vnd)
    expect(fromVnpAmount(Number(raw))).toBe(vnd)
    const callback = parseVnpCallback(signedCallback({ ...V3_PARAMS, vnp_Amount: raw }), V3_SECRET, 'TEST_TMN_CODE')
    expect(callback.verified).toBe(true)
    expect(callback.amountVnd).toBe(vnd)
  })

  it('D1: the full pay URL of the lib fixture', () => {
    expect(encodeVnpQuery(D1_PARAMS)).toBe(D1_CANONICAL)
    expect(signVnp('test_secret', D1_CANONICAL)).toBe(D1_HASH)
    expect(buildSignedUrl(SANDBOX_PAY, D1_PARAMS, 'test_secret')).toBe(`${SANDBOX_PAY}?${D1_CANONICAL}&vnp_SecureHash=${D1_HASH}`)
  })

  it('D1: buildPaymentUrl sends the same fields, plus the vnp_ExpireDate the current doc requires', () => {
    const url = buildPaymentUrl(
      { tmnCode: 'TEST_TMN_CODE', hashSecret: 'test_secret', paymentUrl: SANDBOX_PAY },
      {
        amountVnd: 1000,
        txnRef: 'ref1234567',
        orderInfo: 'Test order',
        createdAtMs: D1_CREATED_AT_MS,
        expireAtMs: D1_CREATED_AT_MS + 15 * 60_000,
        ipAddr: '127.0.0.1',
        returnUrl: 'https://example.com/return',
        locale: 'vn',
        bankCode: 'NCB',
      },
    )
    const withExpiry = D1_CANONICAL.replace('&vnp_IpAddr=', '&vnp_ExpireDate=20210101071500&vnp_IpAddr=')
    expect(url).toBe(`${SANDBOX_PAY}?${withExpiry}&vnp_SecureHash=${signVnp('test_secret', withExpiry)}`)
    // Without the expiry, the very same fields give D1's hash.
    const fields = Object.fromEntries(new URL(url).searchParams)
    delete fields.vnp_ExpireDate
    expect(signVnp('test_secret', encodeVnpQuery(fields))).toBe(D1_HASH)
  })

  it('D2: the querydr request checksum', () => {
    const body = buildQueryDrRequest(TEST_API_CONFIG, {
      requestId: 'REQUEST123456',
      txnRef: 'TXN123456789',
      orderInfo: 'Test order query',
      transactionDate: '20231221103000',
      createdAtMs: API_CREATED_AT_MS,
      ipAddr: '127.0.0.1',
    })
    expect(body).toEqual({
      vnp_RequestId: 'REQUEST123456',
      vnp_Version: '2.1.0',
      vnp_Command: 'querydr',
      vnp_TmnCode: 'TEST_TMN_CODE',
      vnp_TxnRef: 'TXN123456789',
      vnp_OrderInfo: 'Test order query',
      vnp_TransactionDate: '20231221103000',
      vnp_CreateDate: '20231221103000',
      vnp_IpAddr: '127.0.0.1',
      vnp_SecureHash: D2_HASH,
    })
    expect(signVnp('test_secret', 'REQUEST123456|2.1.0|querydr|TEST_TMN_CODE|TXN123456789|20231221103000|20231221103000|127.0.0.1|Test order query')).toBe(D2_HASH)
  })

  it('D3: the refund request checksum, over the amount × 100', () => {
    const body = buildRefundRequest(TEST_API_CONFIG, {
      requestId: 'REFUND123456',
      transactionType: '02',
      txnRef: 'TXN123456789',
      amountVnd: 10000,
      transactionNo: '14422574',
      transactionDate: '20231221103000',
      createBy: 'merchant_user',
      createdAtMs: API_CREATED_AT_MS,
      ipAddr: '127.0.0.1',
      orderInfo: 'Test refund order',
    })
    expect(body).toEqual({
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
      vnp_SecureHash: D3_HASH,
    })
  })
})

describe('formatVnpDate and parseVnpDate (section 1.7)', () => {
  const CASES = [
    ['2024-05-21T02:00:00Z', '20240521090000'],
    ['2024-12-31T17:30:00Z', '20250101003000'],
    ['2024-02-28T17:00:00Z', '20240229000000'],
    ['2023-12-31T16:59:59Z', '20231231235959'],
  ] as const

  it('writes the Vietnamese wall clock whatever time zone the process runs in', () => {
    const saved = process.env.TZ
    try {
      for (const [iso, expected] of CASES) {
        const instant = Date.parse(iso)
        process.env.TZ = 'Asia/Ho_Chi_Minh'
        const localHourInVietnam = new Date(instant).getHours()
        const inVietnam = formatVnpDate(instant)
        process.env.TZ = 'UTC'
        const localHourInUtc = new Date(instant).getHours()
        const inUtc = formatVnpDate(instant)
        process.env.TZ = 'America/Los_Angeles'
        const inLosAngeles = formatVnpDate(instant)
        // The switch really happened: local getters moved, formatVnpDate did not.
        expect(localHourInVietnam).not.toBe(localHourInUtc)
        expect([inVietnam, inUtc, inLosAngeles]).toEqual([expected, expected, expected])
      }
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })

  it.each(CASES)('parses %s back from %s', (iso, text) => {
    expect(parseVnpDate(text)).toBe(Date.parse(iso))
  })

  it('round-trips every second of this century', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01T00:00:00Z') / 1000, max: Date.parse('2099-12-31T00:00:00Z') / 1000 }), (seconds) => {
        const instant = seconds * 1000
        expect(parseVnpDate(formatVnpDate(instant))).toBe(instant)
      }),
    )
  })

  it('drops milliseconds, as the 14-digit format must', () => {
    expect(formatVnpDate(Date.parse('2024-05-21T02:00:00.999Z'))).toBe('20240521090000')
  })

  it.each(['', '2024052109000', '202405210900000', '2024-05-21', '20240230090000', '20241301090000', '20240521240000', '20240521096000', '20240521090060', ' 20240521090000', '2024052109000a', '00000101000000'])(
    'refuses %j',
    (text) => {
      expect(() => parseVnpDate(text)).toThrow(RangeError)
    },
  )

  it('refuses an instant that is not a number', () => {
    expect(() => formatVnpDate(Number.NaN)).toThrow(RangeError)
    expect(() => formatVnpDate(Number.POSITIVE_INFINITY)).toThrow(RangeError)
    expect(() => formatVnpDate(Date.UTC(999, 0, 1))).toThrow(RangeError)
    expect(() => formatVnpDate(Date.UTC(-1000, 5, 1))).toThrow(RangeError)
    expect(() => formatVnpDate(Date.UTC(10000, 0, 1))).toThrow(RangeError)
  })
})

describe('encodeVnpQuery (section 1.3)', () => {
  it.each([
    [' ', '+'],
    ['&', '%26'],
    ['=', '%3D'],
    ['+', '%2B'],
    ['#', '%23'],
    ['/', '%2F'],
    [':', '%3A'],
    [',', '%2C'],
    ['ă', '%C4%83'],
    ['Đồng', '%C4%90%E1%BB%93ng'],
    ["!'()*~", '%21%27%28%29*%7E'],
    ['-_.', '-_.'],
    ['%20', '%2520'],
    ['😀', '%F0%9F%98%80'],
  ])('encodes %j as %s', (value, expected) => {
    expect(formUrlEncode(value)).toBe(expected)
    expect(encodeVnpQuery({ vnp_X: value })).toBe(`vnp_X=${expected}`)
  })

  it('escapes exactly as WHATWG URLSearchParams does, for any text', () => {
    const anyCodeUnit = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)) })
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), anyCodeUnit), (value) => {
        expect(formUrlEncode(value)).toBe(new URLSearchParams([['', value]]).toString().slice(1))
      }),
      { numRuns: 500 },
    )
  })

  it('keeps only vnp_ keys, never the hash keys, and drops empty, null and undefined values', () => {
    expect(
      encodeVnpQuery({
        vnp_B: 'b',
        vnp_A: 'a',
        vnp_Empty: '',
        vnp_Null: null,
        vnp_Undefined: undefined,
        vnp_SecureHash: 'x',
        vnp_SecureHashType: 'HmacSHA512',
        attempt: '1',
        VNP_Upper: 'u',
      }),
    ).toBe('vnp_A=a&vnp_B=b')
  })

  it('sorts by plain ASCII code, upper case before lower case', () => {
    expect(encodeVnpQuery({ vnp_b: '1', vnp_B: '2', vnp_a: '3', vnp_Z: '4' })).toBe('vnp_B=2&vnp_Z=4&vnp_a=3&vnp_b=1')
  })

  it('does not depend on the order the keys were given in', () => {
    const entries = Object.entries({ ...V3_PARAMS, vnp_Extra: 'x y', vnp_Locale: 'vn' })
    fc.assert(
      fc.property(fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }), (shuffled) => {
        expect(encodeVnpQuery(Object.fromEntries(shuffled))).toBe(encodeVnpQuery(Object.fromEntries(entries)))
      }),
    )
  })

  it('decodes back to the signed fields', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }).map((k) => `vnp_${k}`), fc.string({ unit: 'binary', minLength: 1 })), (params) => {
        const decoded = [...new URLSearchParams(encodeVnpQuery(params))]
        const expected = Object.entries(params)
          .filter(([key]) => key !== 'vnp_SecureHash' && key !== 'vnp_SecureHashType')
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        expect(decoded).toEqual(expected)
      }),
    )
  })

  it('refuses a number that cannot be written', () => {
    throwsInvalid('vnp_Amount', () => encodeVnpQuery({ vnp_Amount: Number.NaN }))
  })
})

describe('verifyVnpSignature (section 1.3)', () => {
  const genuine = () => ({ ...V3_PARAMS, vnp_SecureHash: V3_HASH })

  it('breaks when any signed value changes', () => {
    const keys = Object.keys(V3_PARAMS)
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.string({ unit: 'binary', maxLength: 40 }), (key, value) => {
        fc.pre(value !== V3_PARAMS[key])
        expect(verifyVnpSignature({ ...genuine(), [key]: value }, V3_SECRET)).toBe(false)
      }),
      { numRuns: 300 },
    )
  })

  it('breaks when a signed field is added', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }), (name, value) => {
        const key = `vnp_${name}`
        fc.pre(!Object.hasOwn(V3_PARAMS, key) && key !== 'vnp_SecureHash' && key !== 'vnp_SecureHashType')
        expect(verifyVnpSignature({ ...genuine(), [key]: value }, V3_SECRET)).toBe(false)
      }),
      { numRuns: 300 },
    )
  })

  it('breaks when a signed field is removed', () => {
    for (const key of Object.keys(V3_PARAMS)) {
      const query: Record<string, string> = genuine()
      delete query[key]
      expect(verifyVnpSignature(query, V3_SECRET)).toBe(false)
    }
  })

  it('ignores parameters that are not vnp_, such as our own return-URL query', () => {
    expect(verifyVnpSignature({ ...genuine(), attempt: 'pi_01', utm_source: 'zalo' }, V3_SECRET)).toBe(true)
  })

  it('ignores vnp_SecureHashType, which older versions sent', () => {
    expect(verifyVnpSignature({ ...genuine(), vnp_SecureHashType: 'HmacSHA512' }, V3_SECRET)).toBe(true)
  })

  it('accepts the hash in upper case', () => {
    expect(verifyVnpSignature({ ...V3_PARAMS, vnp_SecureHash: V3_HASH.toUpperCase() }, V3_SECRET)).toBe(true)
  })

  it('refuses a missing, empty, truncated or foreign hash, and the wrong secret', () => {
    expect(verifyVnpSignature(V3_PARAMS, V3_SECRET)).toBe(false)
    expect(verifyVnpSignature({ ...V3_PARAMS, vnp_SecureHash: '' }, V3_SECRET)).toBe(false)
    expect(verifyVnpSignature({ ...V3_PARAMS, vnp_SecureHash: V3_HASH.slice(0, 64) }, V3_SECRET)).toBe(false)
    expect(verifyVnpSignature({ ...V3_PARAMS, vnp_SecureHash: `${V3_HASH}00` }, V3_SECRET)).toBe(false)
    expect(verifyVnpSignature({ ...V3_PARAMS, vnp_SecureHash: V4_HASH }, V3_SECRET)).toBe(false)
    expect(verifyVnpSignature(genuine(), 'another_secret')).toBe(false)
  })

  it('refuses a signed key given twice, since which copy counts depends on the parser', () => {
    const query = new URLSearchParams(`${V3_CANONICAL}&vnp_SecureHash=${V3_HASH}`)
    expect(verifyVnpSignature(query, V3_SECRET)).toBe(true)
    query.append('vnp_Amount', '999999900')
    expect(verifyVnpSignature(query, V3_SECRET)).toBe(false)
    expect(verifyVnpSignature({ ...genuine(), vnp_ResponseCode: ['00', '24'] }, V3_SECRET)).toBe(false)
    const doubledHash = new URLSearchParams(`${V3_CANONICAL}&vnp_SecureHash=${V3_HASH}&vnp_SecureHash=${V3_HASH}`)
    expect(verifyVnpSignature(doubledHash, V3_SECRET)).toBe(false)
  })

  it('reads a single-element array the way Node query parsers give it', () => {
    expect(verifyVnpSignature({ ...V3_PARAMS, vnp_SecureHash: [V3_HASH] }, V3_SECRET)).toBe(true)
  })

  it('accepts an empty value whether the signer dropped it (Java demo, npm lib) or kept it (PHP, Node demos)', () => {
    const withEmpty = { ...V3_PARAMS, vnp_BankTranNo: '' }
    const dropped = signVnp(V3_SECRET, encodeVnpQuery(withEmpty))
    const keptString = V3_CANONICAL.replace('vnp_BankTranNo=VNP14422574', 'vnp_BankTranNo=')
    const kept = signVnp(V3_SECRET, keptString)
    expect(verifyVnpSignature({ ...withEmpty, vnp_SecureHash: dropped }, V3_SECRET)).toBe(true)
    expect(verifyVnpSignature({ ...withEmpty, vnp_SecureHash: kept }, V3_SECRET)).toBe(true)
    // …but the kept form still binds every other value.
    expect(verifyVnpSignature({ ...withEmpty, vnp_ResponseCode: '24', vnp_SecureHash: kept }, V3_SECRET)).toBe(false)
  })

  it('is not fooled by keys named after Object.prototype members', () => {
    const query = new URLSearchParams(`__proto__=x&constructor=y&${V3_CANONICAL}&vnp_SecureHash=${V3_HASH}`)
    expect(verifyVnpSignature(query, V3_SECRET)).toBe(true)
    const callback = parseVnpCallback(query, V3_SECRET, 'TEST_TMN_CODE')
    expect(Object.getPrototypeOf(callback.raw)).toBe(Object.prototype)
    expect(Object.hasOwn(callback.raw, '__proto__')).toBe(true)
    expect(parseVnpCallback(new URLSearchParams('vnp_SecureHash=toString'), V3_SECRET, 'X').verified).toBe(false)
  })

  it('refuses to sign or verify with an empty secret: that is a configuration error, not a bad callback', () => {
    throwsInvalid('hashSecret', () => signVnp('', 'data'))
    throwsInvalid('hashSecret', () => verifyVnpSignature(genuine(), ''))
  })
})

describe('parseVnpCallback (section 1.4)', () => {
  it('says when a genuine callback belongs to another terminal', () => {
    const callback = parseVnpCallback({ ...V3_PARAMS, vnp_SecureHash: V3_HASH }, V3_SECRET, 'COOPTEST')
    expect(callback.verified).toBe(true)
    expect(callback.tmnCodeMatches).toBe(false)
  })

  it('reads the cancel sample: ResponseCode 24, TransactionNo 0, TransactionStatus 02', () => {
    const params = { ...V3_PARAMS, vnp_ResponseCode: '24', vnp_TransactionNo: '0', vnp_TransactionStatus: '02', vnp_BankCode: 'VNPAY', vnp_CardType: 'QRCODE', vnp_BankTranNo: '', vnp_PayDate: '' }
    const callback = parseVnpCallback(signedCallback(params), V3_SECRET, 'TEST_TMN_CODE')
    expect(callback).toMatchObject({ verified: true, responseCode: '24', transactionNo: '0', transactionStatus: '02', bankTranNo: null, payDate: null, paidAtMs: null })
    expect(classifyPayResult(callback.responseCode, callback.transactionStatus)).toBe('canceled')
  })

  it.each(['1000050', '10.5', '-1000000', 'abc', '', '1e8', '0x100', '99999999999999999999'])('gives no amount for vnp_Amount %j', (raw) => {
    const callback = parseVnpCallback(signedCallback({ ...V3_PARAMS, vnp_Amount: raw }), V3_SECRET, 'TEST_TMN_CODE')
    expect(callback.amountVnd).toBeNull()
  })

  it('still reads the fields of a forged callback, for the event log, but does not verify it', () => {
    const callback = parseVnpCallback({ ...V3_PARAMS, vnp_Amount: '100', vnp_SecureHash: V3_HASH }, V3_SECRET, 'TEST_TMN_CODE')
    expect(callback.verified).toBe(false)
    expect(callback.amountVnd).toBe(1)
    expect(callback.raw.vnp_Amount).toBe('100')
  })

  it('gives null for a malformed pay date and for missing fields', () => {
    const callback = parseVnpCallback({ vnp_PayDate: '20240230120000' }, V3_SECRET, 'TEST_TMN_CODE')
    expect(callback).toMatchObject({ verified: false, tmnCodeMatches: false, payDate: '20240230120000', paidAtMs: null, txnRef: null, amountVnd: null, responseCode: null })
  })
})

describe('asciiOrderInfo (section 1.2)', () => {
  it.each([
    ['Thanh toán đơn hàng ĐH-2026-000123', 'Thanh toan don hang DH-2026-000123'],
    ['Nước mắm Phú Quốc (chai 500ml) & quà', 'Nuoc mam Phu Quoc chai 500ml qua'],
    ['Ưu đãi: Bưởi Diễn, Ổi #12', 'Uu dai: Buoi Dien, Oi #12'],
    ['a|b\tc\nd/e', 'a b c d e'],
    ['  nhiều    khoảng   trắng  ', 'nhieu khoang trang'],
    ['!!!', ''],
  ])('reduces %j to %j', (input, expected) => {
    expect(asciiOrderInfo(input)).toBe(expected)
  })

  it('gives the same text for NFC and NFD input', () => {
    const text = 'Đặc sản Đà Nẵng'
    expect(asciiOrderInfo(text.normalize('NFD'))).toBe(asciiOrderInfo(text.normalize('NFC')))
    expect(asciiOrderInfo(text.normalize('NFD'))).toBe('Dac san Da Nang')
  })

  it('always gives what every encoder of section 1.3 writes the same way, at most 255 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const clean = asciiOrderInfo(text)
        expect(clean).toMatch(/^[A-Za-z0-9.,:\-_#]?([A-Za-z0-9 .,:\-_#]*[A-Za-z0-9.,:\-_#])?$/)
        expect(clean.length).toBeLessThanOrEqual(255)
        expect(clean).not.toContain('  ')
        // The official Node demo's encoder agrees with ours on this text (section 1.3 table).
        expect(formUrlEncode(clean)).toBe(encodeURIComponent(clean).replace(/%20/g, '+'))
      }),
    )
    expect(asciiOrderInfo('x'.repeat(300))).toHaveLength(255)
  })
})

describe('toVnpIpAddr (section 6)', () => {
  it.each([
    [undefined, '127.0.0.1'],
    [null, '127.0.0.1'],
    ['', '127.0.0.1'],
    ['::1', '127.0.0.1'],
    ['0:0:0:0:0:0:0:1', '127.0.0.1'],
    ['::ffff:192.168.1.20', '192.168.1.20'],
    ['::FFFF:10.0.0.5', '10.0.0.5'],
    ['::ffff:7f00:1', '127.0.0.1'],
    ['203.113.0.9', '203.113.0.9'],
  ])('sends %j as %s', (input, expected) => {
    expect(toVnpIpAddr(input)).toBe(expected)
  })

  it.each(['fe80::1', '2001:db8::1', '256.1.1.1', '1.2.3', '01.2.3.4', 'localhost', '::ffff:300.1.1.1', '1.2.3.4 OR 1=1'])('refuses %j', (input) => {
    throwsInvalid('ipAddr', () => toVnpIpAddr(input))
  })
})

describe('buildPaymentUrl (sections 1.2, 1.3)', () => {
  it('signs a URL VNPay can verify, with the amount × 100 and every required field', () => {
    const url = new URL(buildPaymentUrl(PAY_CONFIG, payInput()))
    expect(`${url.origin}${url.pathname}`).toBe(SANDBOX_PAY)
    expect(Object.fromEntries(url.searchParams)).toEqual({
      vnp_Amount: '12500000',
      vnp_Command: 'pay',
      vnp_CreateDate: '20261128100000',
      vnp_CurrCode: 'VND',
      vnp_ExpireDate: '20261128101500',
      vnp_IpAddr: '127.0.0.1',
      vnp_Locale: 'vn',
      vnp_OrderInfo: 'Thanh toan don hang DH-2026-000123',
      vnp_OrderType: 'other',
      vnp_ReturnUrl: 'http://127.0.0.1:5123/vnpay/return',
      vnp_TmnCode: 'COOPTEST',
      vnp_TxnRef: 'ord01-a1',
      vnp_Version: '2.1.0',
      vnp_SecureHash: expect.stringMatching(/^[0-9a-f]{128}$/),
    })
    expect(verifyVnpSignature(url.searchParams, PAY_CONFIG.hashSecret)).toBe(true)
    // The hash is the last parameter, after the sorted, signed ones (section 1.3 step 5).
    expect(url.search).toMatch(/&vnp_Version=2\.1\.0&vnp_SecureHash=[0-9a-f]{128}$/)
  })

  it('sends a bank code when given and leaves it out, never empty, otherwise', () => {
    expect(new URL(buildPaymentUrl(PAY_CONFIG, payInput({ bankCode: 'VNPAYQR' }))).searchParams.get('vnp_BankCode')).toBe('VNPAYQR')
    expect(buildPaymentUrl(PAY_CONFIG, payInput())).not.toContain('vnp_BankCode')
    expect(buildPaymentUrl(PAY_CONFIG, payInput({ bankCode: '' }))).not.toContain('vnp_BankCode')
  })

  it('uses the given locale and order type', () => {
    const params = new URL(buildPaymentUrl(PAY_CONFIG, payInput({ locale: 'en', orderType: '100000' }))).searchParams
    expect(params.get('vnp_Locale')).toBe('en')
    expect(params.get('vnp_OrderType')).toBe('100000')
  })

  it('maps IPv6 loopback and mapped addresses to IPv4', () => {
    expect(new URL(buildPaymentUrl(PAY_CONFIG, payInput({ ipAddr: '::1' }))).searchParams.get('vnp_IpAddr')).toBe('127.0.0.1')
    expect(new URL(buildPaymentUrl(PAY_CONFIG, payInput({ ipAddr: '::ffff:10.1.2.3' }))).searchParams.get('vnp_IpAddr')).toBe('10.1.2.3')
    expect(new URL(buildPaymentUrl(PAY_CONFIG, payInput({ ipAddr: undefined }))).searchParams.get('vnp_IpAddr')).toBe('127.0.0.1')
  })

  it('lets our return URL carry its own query, and still verifies what VNPay sends back to it', () => {
    const returnUrl = 'http://127.0.0.1:5123/vnpay/return?attempt=pi_01&lang=vi'
    const url = new URL(buildPaymentUrl(PAY_CONFIG, payInput({ returnUrl })))
    expect(url.searchParams.get('vnp_ReturnUrl')).toBe(returnUrl)
    // VNPay redirects to returnUrl + its own signed vnp_ parameters.
    const result = signedCallback({ ...V3_PARAMS, vnp_TmnCode: 'COOPTEST' }, PAY_CONFIG.hashSecret)
    const landing = new URL(`${returnUrl}&${result.toString()}`)
    const callback = parseVnpCallback(landing.searchParams, PAY_CONFIG.hashSecret, 'COOPTEST')
    expect(callback.verified).toBe(true)
    expect(callback.raw.attempt).toBe('pi_01')
  })

  it('accepts the largest amount vnp_Amount can carry and nothing above it', () => {
    expect(new URL(buildPaymentUrl(PAY_CONFIG, payInput({ amountVnd: MAX_VNPAY_AMOUNT_VND }))).searchParams.get('vnp_Amount')).toBe('999999999900')
    throwsInvalid('amountVnd', () => buildPaymentUrl(PAY_CONFIG, payInput({ amountVnd: MAX_VNPAY_AMOUNT_VND + 1 })))
  })

  it.each([0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2])('refuses the amount %d', (amountVnd) => {
    throwsInvalid('amountVnd', () => buildPaymentUrl(PAY_CONFIG, payInput({ amountVnd })))
  })

  it.each(['', 'has space', 'đơn', 'a/b', 'x'.repeat(101), 'a&vnp_Amount=1'])('refuses the txnRef %j', (txnRef) => {
    throwsInvalid('txnRef', () => buildPaymentUrl(PAY_CONFIG, payInput({ txnRef })))
  })

  it.each(['javascript:alert(1)', 'ftp://example.com/return', 'not a url', 'http://127.0.0.1:5123/r?vnp_Amount=1', `https://example.com/${'a'.repeat(250)}`])(
    'refuses the return URL %j',
    (returnUrl) => {
      throwsInvalid('returnUrl', () => buildPaymentUrl(PAY_CONFIG, payInput({ returnUrl })))
    },
  )

  it('refuses what VNPay would refuse later, naming the field', () => {
    throwsInvalid('expireAtMs', () => buildPaymentUrl(PAY_CONFIG, payInput({ expireAtMs: payInput().createdAtMs })))
    throwsInvalid('createdAtMs', () => buildPaymentUrl(PAY_CONFIG, payInput({ createdAtMs: Number.NaN })))
    throwsInvalid('orderInfo', () => buildPaymentUrl(PAY_CONFIG, payInput({ orderInfo: '¿¡!' })))
    throwsInvalid('ipAddr', () => buildPaymentUrl(PAY_CONFIG, payInput({ ipAddr: 'fe80::1' })))
    throwsInvalid('bankCode', () => buildPaymentUrl(PAY_CONFIG, payInput({ bankCode: 'NC' })))
    throwsInvalid('orderType', () => buildPaymentUrl(PAY_CONFIG, payInput({ orderType: 'food & drink' })))
    throwsInvalid('locale', () => buildPaymentUrl(PAY_CONFIG, payInput({ locale: 'vi' as 'vn' })))
    throwsInvalid('tmnCode', () => buildPaymentUrl({ ...PAY_CONFIG, tmnCode: '' }, payInput()))
    throwsInvalid('hashSecret', () => buildPaymentUrl({ ...PAY_CONFIG, hashSecret: '' }, payInput()))
    throwsInvalid('paymentUrl', () => buildPaymentUrl({ ...PAY_CONFIG, paymentUrl: `${SANDBOX_PAY}?x=1` }, payInput()))
    throwsInvalid('paymentUrl', () => buildPaymentUrl({ ...PAY_CONFIG, paymentUrl: 'vpcpay.html' }, payInput()))
  })

  it('publishes the sandbox endpoints of section 1.1', () => {
    expect(VNPAY_ENDPOINTS.sandbox).toEqual({
      paymentUrl: 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html',
      apiUrl: 'https://sandbox.vnpayment.vn/merchant_webapi/api/transaction',
    })
  })
})

describe('querydr and refund requests (section 2)', () => {
  const queryInput = {
    requestId: 'REQUEST123456',
    txnRef: 'TXN123456789',
    orderInfo: 'Test order query',
    transactionDate: '20231221103000',
    createdAtMs: API_CREATED_AT_MS,
    ipAddr: '127.0.0.1',
  }
  const refundInput = {
    requestId: 'REFUND123456',
    transactionType: '02' as const,
    txnRef: 'TXN123456789',
    amountVnd: 10000,
    transactionNo: '14422574',
    transactionDate: '20231221103000',
    createBy: 'merchant_user',
    createdAtMs: API_CREATED_AT_MS,
    ipAddr: '127.0.0.1',
    orderInfo: 'Test refund order',
  }

  it('sends a known transaction number with querydr without signing it', () => {
    const body = buildQueryDrRequest(TEST_API_CONFIG, { ...queryInput, transactionNo: '14422574' })
    expect(body.vnp_TransactionNo).toBe('14422574')
    expect(body.vnp_SecureHash).toBe(D2_HASH)
    expect(buildQueryDrRequest(TEST_API_CONFIG, { ...queryInput, transactionNo: null })).not.toHaveProperty('vnp_TransactionNo')
  })

  it('sends transaction number 0 with a refund when it is unknown, as the official demo does', () => {
    const body = buildRefundRequest(TEST_API_CONFIG, { ...refundInput, transactionNo: undefined })
    expect(body.vnp_TransactionNo).toBe('0')
    expect(verifyRefundRequest(body, 'test_secret')).toBe(true)
  })

  it('reduces the order info to ASCII, which also keeps | out of the joined checksum', () => {
    const body = buildQueryDrRequest(TEST_API_CONFIG, { ...queryInput, orderInfo: 'Tra cứu|đơn 12' })
    expect(body.vnp_OrderInfo).toBe('Tra cuu don 12')
    expect(verifyQueryDrRequest(body, 'test_secret')).toBe(true)
  })

  it('writes vnp_CreateDate in Vietnamese time and maps ::1 to an IPv4', () => {
    const body = buildRefundRequest(TEST_API_CONFIG, { ...refundInput, transactionType: '03', amountVnd: 2500, createdAtMs: Date.parse('2024-12-31T17:30:00Z'), ipAddr: '::1' })
    expect(body).toMatchObject({ vnp_TransactionType: '03', vnp_Amount: 250000, vnp_CreateDate: '20250101003000', vnp_IpAddr: '127.0.0.1' })
  })

  it('lets a fake VNPay check request signatures the way the real one does', () => {
    const query = buildQueryDrRequest(TEST_API_CONFIG, queryInput)
    const refund = buildRefundRequest(TEST_API_CONFIG, refundInput)
    expect(verifyQueryDrRequest(query, 'test_secret')).toBe(true)
    expect(verifyRefundRequest(refund, 'test_secret')).toBe(true)
    expect(verifyQueryDrRequest({ ...query, vnp_TxnRef: 'TXN000' }, 'test_secret')).toBe(false)
    expect(verifyRefundRequest({ ...refund, vnp_Amount: 100000000 }, 'test_secret')).toBe(false)
    expect(verifyRefundRequest(refund, 'other')).toBe(false)
    expect(verifyRefundRequest('not an object', 'test_secret')).toBe(false)
  })

  it('refuses requests VNPay could not accept, naming the field', () => {
    throwsInvalid('requestId', () => buildQueryDrRequest(TEST_API_CONFIG, { ...queryInput, requestId: 'x'.repeat(33) }))
    throwsInvalid('requestId', () => buildQueryDrRequest(TEST_API_CONFIG, { ...queryInput, requestId: 'REQ-1' }))
    throwsInvalid('transactionDate', () => buildQueryDrRequest(TEST_API_CONFIG, { ...queryInput, transactionDate: '2023-12-21' }))
    throwsInvalid('transactionNo', () => buildQueryDrRequest(TEST_API_CONFIG, { ...queryInput, transactionNo: 'abc' }))
    throwsInvalid('orderInfo', () => buildQueryDrRequest(TEST_API_CONFIG, { ...queryInput, orderInfo: '' }))
    throwsInvalid('createBy', () => buildRefundRequest(TEST_API_CONFIG, { ...refundInput, createBy: 'a|b' }))
    throwsInvalid('createBy', () => buildRefundRequest(TEST_API_CONFIG, { ...refundInput, createBy: '' }))
    throwsInvalid('amountVnd', () => buildRefundRequest(TEST_API_CONFIG, { ...refundInput, amountVnd: 0 }))
    throwsInvalid('transactionType', () => buildRefundRequest(TEST_API_CONFIG, { ...refundInput, transactionType: '01' as '02' }))
  })

  it('makes request ids that are 32 alphanumerics and do not repeat', () => {
    const ids = Array.from({ length: 1000 }, () => newRequestId())
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('querydr and refund responses (section 2)', () => {
  const QUERYDR_RESPONSE = {
    vnp_ResponseId: 'b2f3c1e0a9d84c6f',
    vnp_Command: 'querydr',
    vnp_ResponseCode: '00',
    vnp_Message: 'QueryDR Success',
    vnp_TmnCode: 'TEST_TMN_CODE',
    vnp_TxnRef: 'TXN123456789',
    vnp_Amount: '1000000',
    vnp_BankCode: 'NCB',
    vnp_PayDate: '20231221103512',
    vnp_TransactionNo: '14422574',
    vnp_TransactionType: '01',
    vnp_TransactionStatus: '00',
    vnp_OrderInfo: 'Test order query',
  }
  const QUERYDR_PIPED = 'b2f3c1e0a9d84c6f|querydr|00|QueryDR Success|TEST_TMN_CODE|TXN123456789|1000000|NCB|20231221103512|14422574|01|00|Test order query||'
  const REFUND_RESPONSE = {
    vnp_ResponseId: 'a8e51d2f6b0c4a77',
    vnp_Command: 'refund',
    vnp_ResponseCode: '00',
    vnp_Message: 'Refund success',
    vnp_TmnCode: 'TEST_TMN_CODE',
    vnp_TxnRef: 'TXN123456789',
    vnp_Amount: '1000000',
    vnp_BankCode: 'NCB',
    vnp_PayDate: '20231221110000',
    vnp_TransactionNo: '14422599',
    vnp_TransactionType: '02',
    vnp_TransactionStatus: '05',
    vnp_OrderInfo: 'Test refund order',
  }
  const REFUND_PIPED = 'a8e51d2f6b0c4a77|refund|00|Refund success|TEST_TMN_CODE|TXN123456789|1000000|NCB|20231221110000|14422599|02|05|Test refund order'

  it('hashes the 15 querydr fields in order, absent promotion fields as empty', () => {
    expect(signQueryDrResponse(QUERYDR_RESPONSE, 'test_secret')).toBe(signVnp('test_secret', QUERYDR_PIPED))
  })

  it('hashes the 13 refund fields in order', () => {
    expect(signRefundResponse(REFUND_RESPONSE, 'test_secret')).toBe(signVnp('test_secret', REFUND_PIPED))
  })

  it('verifies and reads a querydr response', () => {
    const body = { ...QUERYDR_RESPONSE, vnp_SecureHash: signVnp('test_secret', QUERYDR_PIPED) }
    const result = verifyQueryDrResponse(body, 'test_secret')
    expect(result).toEqual({
      verified: true,
      responseId: 'b2f3c1e0a9d84c6f',
      command: 'querydr',
      responseCode: '00',
      message: 'QueryDR Success',
      tmnCode: 'TEST_TMN_CODE',
      txnRef: 'TXN123456789',
      amountVnd: 10000,
      bankCode: 'NCB',
      payDate: '20231221103512',
      paidAtMs: Date.parse('2023-12-21T03:35:12Z'),
      transactionNo: '14422574',
      transactionType: '01',
      transactionStatus: '00',
      orderInfo: 'Test order query',
      promotionCode: null,
      promotionAmount: null,
      raw: body,
    })
  })

  it('hashes JSON null as an empty string, not "null", and a numeric amount as its digits', () => {
    const withNulls = { ...QUERYDR_RESPONSE, vnp_Amount: 1000000, vnp_PromotionCode: null, vnp_PromotionAmount: null }
    const result = verifyQueryDrResponse({ ...withNulls, vnp_SecureHash: signVnp('test_secret', QUERYDR_PIPED) }, 'test_secret')
    expect(result.verified).toBe(true)
    expect(result.amountVnd).toBe(10000)
    expect(result.promotionCode).toBeNull()
  })

  it('includes promotion fields in the querydr checksum', () => {
    const withPromotion = { ...QUERYDR_RESPONSE, vnp_PromotionCode: 'KM10', vnp_PromotionAmount: '100000' }
    const body = { ...withPromotion, vnp_SecureHash: signVnp('test_secret', QUERYDR_PIPED.replace(/\|\|$/, '|KM10|100000')) }
    expect(verifyQueryDrResponse(body, 'test_secret')).toMatchObject({ verified: true, promotionCode: 'KM10', promotionAmount: '100000' })
    expect(verifyQueryDrResponse({ ...body, vnp_PromotionAmount: '0' }, 'test_secret').verified).toBe(false)
  })

  it('refuses a querydr response when any hashed field changes', () => {
    const body = { ...QUERYDR_RESPONSE, vnp_SecureHash: signVnp('test_secret', QUERYDR_PIPED) }
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(QUERYDR_RESPONSE), 'vnp_PromotionCode', 'vnp_PromotionAmount'), fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }), (key, value) => {
        fc.pre((body as Record<string, unknown>)[key] !== value)
        expect(verifyQueryDrResponse({ ...body, [key]: value }, 'test_secret').verified).toBe(false)
      }),
      { numRuns: 200 },
    )
  })

  it('verifies and reads a refund response, hashing the raw × 100 amount', () => {
    const body = { ...REFUND_RESPONSE, vnp_SecureHash: signVnp('test_secret', REFUND_PIPED).toUpperCase() }
    expect(verifyRefundResponse(body, 'test_secret')).toMatchObject({
      verified: true,
      command: 'refund',
      amountVnd: 10000,
      transactionType: '02',
      transactionStatus: '05',
      transactionNo: '14422599',
    })
  })

  it('refuses a refund response hashed over the amount ÷ 100 (the npm lib bug of section 2)', () => {
    const libStyle = signVnp('test_secret', REFUND_PIPED.replace('|1000000|', '|10000|'))
    expect(verifyRefundResponse({ ...REFUND_RESPONSE, vnp_SecureHash: libStyle }, 'test_secret').verified).toBe(false)
  })

  it('does not verify the refund fields with the querydr rule, or the reverse', () => {
    const refundBody = { ...REFUND_RESPONSE, vnp_SecureHash: signVnp('test_secret', REFUND_PIPED) }
    expect(verifyQueryDrResponse(refundBody, 'test_secret').verified).toBe(false)
  })

  it('reads what it can of an unsigned or malformed answer without throwing', () => {
    const unsigned = verifyQueryDrResponse({ vnp_ResponseCode: '97', vnp_Message: 'Invalid Checksum' }, 'test_secret')
    expect(unsigned).toMatchObject({ verified: false, responseCode: '97', message: 'Invalid Checksum', amountVnd: null, transactionStatus: null })
    for (const body of [null, 'text', 42, [QUERYDR_RESPONSE], undefined]) {
      const result = verifyRefundResponse(body, 'test_secret')
      expect(result.verified).toBe(false)
      expect(result.responseCode).toBeNull()
      expect(result.raw).toBe(body)
    }
    const objectField = { ...REFUND_RESPONSE, vnp_Message: { text: 'x' }, vnp_SecureHash: signVnp('test_secret', REFUND_PIPED) }
    expect(verifyRefundResponse(objectField, 'test_secret')).toMatchObject({ verified: false, message: null })
    expect(verifyRefundResponse({ ...REFUND_RESPONSE, vnp_Amount: '1000050' }, 'test_secret').amountVnd).toBeNull()
  })
})
