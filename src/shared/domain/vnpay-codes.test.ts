import { describe, expect, it } from 'vitest'
import {
  classifyMerchantApiResponse,
  classifyPayResult,
  classifyQueryDr,
  ipnReply,
  ipnRspCodeMessage,
  payResponseMessage,
  queryDrResponseMessage,
  refundResponseMessage,
  transactionStatusMessage,
  VNPAY_IPN_RSP_CODES,
  VNPAY_PAY_RESPONSE_CODES,
  VNPAY_QUERYDR_RESPONSE_CODES,
  VNPAY_REFUND_RESPONSE_CODES,
  VNPAY_TRANSACTION_STATUSES,
  type VnpayMessage,
} from './vnpay-codes'

// Every code of the fact sheet, table by table (payments.md sections 1.4, 1.5, 1.6 and 2).
const TABLES: [string, Readonly<Record<string, VnpayMessage>>, (code: string | null | undefined) => VnpayMessage, string[]][] = [
  ['pay ResponseCode', VNPAY_PAY_RESPONSE_CODES, payResponseMessage, ['00', '07', '09', '10', '11', '12', '13', '24', '51', '65', '75', '79', '99']],
  ['TransactionStatus', VNPAY_TRANSACTION_STATUSES, transactionStatusMessage, ['00', '01', '02', '04', '05', '06', '07', '09']],
  ['querydr ResponseCode', VNPAY_QUERYDR_RESPONSE_CODES, queryDrResponseMessage, ['00', '02', '03', '91', '94', '97', '99']],
  ['refund ResponseCode', VNPAY_REFUND_RESPONSE_CODES, refundResponseMessage, ['00', '02', '03', '91', '94', '95', '97', '99']],
  ['IPN RspCode', VNPAY_IPN_RSP_CODES, ipnRspCodeMessage, ['00', '01', '02', '04', '97', '99']],
]

describe.each(TABLES)('%s table', (_name, table, message, codes) => {
  it('holds exactly the documented codes', () => {
    expect(Object.keys(table).sort()).toEqual([...codes].sort())
  })

  it('has a Vietnamese message with diacritics and an English one for every code', () => {
    for (const code of codes) {
      const { vi, en } = message(code)
      expect(vi.length).toBeGreaterThan(5)
      expect(en.length).toBeGreaterThan(5)
      // Vietnamese written without diacritics would be ASCII only.
      expect([...vi].some((c) => c.charCodeAt(0) > 0x7f)).toBe(true)
      expect(vi).not.toBe(en)
      expect(vi).not.toContain('không xác định (')
    }
  })

  it('names an unknown code instead of failing', () => {
    expect(message('42')).toEqual({ vi: 'Mã lỗi VNPay không xác định (42)', en: 'Unknown VNPay code (42)' })
    expect(message(null)).toEqual({ vi: 'Mã lỗi VNPay không xác định (trống)', en: 'Unknown VNPay code (empty)' })
    expect(message(undefined).vi).toBe('Mã lỗi VNPay không xác định (trống)')
    expect(message('').en).toBe('Unknown VNPay code (empty)')
  })

  it('does not mistake prototype members for codes', () => {
    for (const hostile of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(message(hostile).vi).toBe(`Mã lỗi VNPay không xác định (${hostile})`)
    }
  })

  it('returns a copy the caller cannot use to change the table', () => {
    const first = message(codes[0])
    first.vi = 'changed'
    expect(message(codes[0]).vi).not.toBe('changed')
  })
})

describe('ipnReply', () => {
  it('builds the body VNPay expects, with an ASCII message', () => {
    expect(ipnReply('00')).toEqual({ RspCode: '00', Message: 'Confirm Success' })
    expect(ipnReply('97')).toEqual({ RspCode: '97', Message: 'Invalid signature' })
    for (const code of Object.keys(VNPAY_IPN_RSP_CODES) as (keyof typeof VNPAY_IPN_RSP_CODES)[]) {
      expect(ipnReply(code).Message).toMatch(/^[\x20-\x7e]+$/)
    }
  })
})

describe('classifyPayResult', () => {
  it('calls a payment succeeded only when both ResponseCode and TransactionStatus are 00', () => {
    expect(classifyPayResult('00', '00')).toBe('succeeded')
    expect(classifyPayResult('00', '01')).toBe('pending')
    expect(classifyPayResult('00', null)).toBe('pending')
    expect(classifyPayResult('00', undefined)).toBe('pending')
    expect(classifyPayResult('00', '02')).toBe('failed')
    expect(classifyPayResult('99', '00')).toBe('failed')
  })

  it('holds a transaction VNPay flagged as suspicious for review, whichever field says 07', () => {
    expect(classifyPayResult('07', '00')).toBe('review')
    expect(classifyPayResult('07', '07')).toBe('review')
    expect(classifyPayResult('00', '07')).toBe('review')
  })

  it('reads the cancel sample of section 1.4 (ResponseCode 24, TransactionStatus 02) as canceled', () => {
    expect(classifyPayResult('24', '02')).toBe('canceled')
    expect(classifyPayResult('24', null)).toBe('canceled')
  })

  it('reads ResponseCode 11 as an expired payment window', () => {
    expect(classifyPayResult('11', '02')).toBe('expired')
  })

  it.each(['09', '10', '12', '13', '51', '65', '75', '79', '99'])('reads ResponseCode %s as failed', (code) => {
    expect(classifyPayResult(code, '02')).toBe('failed')
    expect(classifyPayResult(code, '01')).toBe('failed')
  })

  it('reads a reversed transaction (status 04) as failed', () => {
    expect(classifyPayResult('00', '04')).toBe('failed')
  })

  it('leaves an unknown code with a not-final status to querydr, and fails the rest', () => {
    expect(classifyPayResult('42', '01')).toBe('pending')
    expect(classifyPayResult('42', '00')).toBe('pending')
    expect(classifyPayResult('42', '02')).toBe('failed')
    expect(classifyPayResult('42', null)).toBe('failed')
    expect(classifyPayResult(null, null)).toBe('failed')
  })
})

describe('classifyQueryDr', () => {
  it.each([
    ['00', 'succeeded'],
    ['01', 'pending'],
    ['02', 'failed'],
    ['04', 'failed'],
    ['07', 'review'],
  ] as const)('reads payment status %s as %s', (status, outcome) => {
    expect(classifyQueryDr(status, '01')).toBe(outcome)
  })

  it('treats a response without a transaction type as a payment', () => {
    expect(classifyQueryDr('00', null)).toBe('succeeded')
    expect(classifyQueryDr('04', undefined)).toBe('failed')
  })

  it.each(['02', '03'])('reads refund statuses for transaction type %s', (type) => {
    expect(classifyQueryDr('05', type)).toBe('pending')
    expect(classifyQueryDr('06', type)).toBe('pending')
    expect(classifyQueryDr('00', type)).toBe('succeeded')
    expect(classifyQueryDr('09', type)).toBe('failed')
  })

  it('keeps asking about a status nobody documented', () => {
    expect(classifyQueryDr('42', '01')).toBe('pending')
    expect(classifyQueryDr(null, '01')).toBe('pending')
    expect(classifyQueryDr('42', '02')).toBe('pending')
  })
})

describe('classifyMerchantApiResponse', () => {
  it('tells apart what a retry can fix from what it cannot', () => {
    expect(classifyMerchantApiResponse('querydr', '00')).toBe('ok')
    expect(classifyMerchantApiResponse('querydr', '91')).toBe('not_found')
    expect(classifyMerchantApiResponse('querydr', '94')).toBe('duplicate')
    expect(classifyMerchantApiResponse('refund', '94')).toBe('duplicate')
    expect(classifyMerchantApiResponse('refund', '95')).toBe('refused')
    expect(classifyMerchantApiResponse('querydr', '95')).toBe('error')
    for (const code of ['02', '03', '97']) {
      expect(classifyMerchantApiResponse('querydr', code)).toBe('misconfigured')
      expect(classifyMerchantApiResponse('refund', code)).toBe('misconfigured')
    }
    expect(classifyMerchantApiResponse('refund', '99')).toBe('error')
    expect(classifyMerchantApiResponse('refund', null)).toBe('error')
    expect(classifyMerchantApiResponse('refund', 'xx')).toBe('error')
  })
})
