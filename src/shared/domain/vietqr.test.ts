import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AppError } from '../contract/errors'
import {
  VIETQR_MAX_AMOUNT_VND,
  buildVietQrPayload,
  crc16CcittFalse,
  descriptionContainsMemo,
  memoMatches,
  normalizeTransferMemo,
  orderMemo,
  parseVietQrPayload,
  tryBuildVietQrPayload,
  validateVietQrInput,
} from './vietqr'

// The worked examples of payments.md section 4, byte for byte.
const SUBIZ_STATIC_TPBANK =
  '00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4'
const SUBIZ_DYNAMIC_MB =
  '00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA53037045405401235802VN62200816test text string6304D9C6'
const SUBIZ_DEACCENTED =
  '00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA53037045405401235802VN62160812chuyen khoan6304722F'
const LIOPAY_VCB =
  '00020101021238540010A00000072701240006970436011010175956000208QRIBFTTA530370454061800005802VN62230819thanh toan don hang630470FA'
const DERIVED_VCB =
  '00020101021238540010A00000072701240006970436011001234567890208QRIBFTTA530370454061500005802VN62120808DH0001236304B160'

describe('crc16CcittFalse', () => {
  it('gives the CRC-16/CCITT-FALSE check value 29B1 for "123456789"', () => {
    expect(crc16CcittFalse('123456789')).toBe('29B1')
  })

  it('pads to four upper-case hex digits', () => {
    expect(crc16CcittFalse('')).toBe('FFFF')
    for (const text of ['a', 'ab', 'abc', 'VietQR', '6304']) expect(crc16CcittFalse(text)).toMatch(/^[0-9A-F]{4}$/)
  })
})

describe('buildVietQrPayload reproduces the worked examples', () => {
  it('subiz: static TPBank QR without an amount', () => {
    expect(buildVietQrPayload({ bin: '970423', accountNumber: '0099999999' })).toBe(SUBIZ_STATIC_TPBANK)
  })

  it('subiz: dynamic MB QR with amount 40123 and note "test text string"', () => {
    expect(buildVietQrPayload({ bin: '970422', accountNumber: '0023457923442', amountVnd: 40123, memo: 'test text string' })).toBe(
      SUBIZ_DYNAMIC_MB,
    )
  })

  it('subiz: the note "chuyển khoản" is de-accented to "chuyen khoan"', () => {
    expect(buildVietQrPayload({ bin: '970422', accountNumber: '0023457923442', amountVnd: 40123, memo: 'chuyển khoản' })).toBe(
      SUBIZ_DEACCENTED,
    )
  })

  it('liopay: Vietcombank 1017595600, 180000 đồng, "thanh toan don hang"', () => {
    expect(buildVietQrPayload({ bin: '970436', accountNumber: '1017595600', amountVnd: 180_000, memo: 'thanh toan don hang' })).toBe(
      LIOPAY_VCB,
    )
  })

  it('the derived Vietcombank example: 0123456789, 150000 đồng, purpose DH000123', () => {
    expect(buildVietQrPayload({ bin: '970436', accountNumber: '0123456789', amountVnd: 150_000, memo: 'DH000123' })).toBe(DERIVED_VCB)
  })

  it('treats a null amount and a blank memo as absent', () => {
    expect(buildVietQrPayload({ bin: '970423', accountNumber: '0099999999', amountVnd: null, memo: '  ' })).toBe(SUBIZ_STATIC_TPBANK)
  })

  it('does not reproduce the broken hand-worked example of the subiz README (no GUID, wrong CRC)', () => {
    const broken = parseVietQrPayload('00020101021238380006970422011300234579234420208QRIBFTTA53037045802VN6304E69F')
    expect(broken.ok).toBe(false)
  })
})

describe('normalizeTransferMemo', () => {
  it.each([
    ['chuyển khoản', 'chuyen khoan'],
    ['Đơn hàng ĐH-2026-000123', 'Don hang DH2026000123'],
    ['  Thanh   toán\tđơn #12! ', 'Thanh toan don 12'],
    ['Nước mắm Phú Quốc', 'Nuoc mam Phu Quoc'],
    ['Mua hàng – “đặc sản”', 'Mua hang dac san'],
    ['漢字', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeTransferMemo(input)).toBe(expected)
  })

  it('accepts decomposed (NFD) input as well as composed', () => {
    expect(normalizeTransferMemo('chuyển khoản'.normalize('NFD'))).toBe('chuyen khoan')
  })
})

describe('validateVietQrInput', () => {
  const good = { bin: '970436', accountNumber: '0123456789' }

  it.each([
    [{ ...good, bin: '97043' }, 'bin_invalid'],
    [{ ...good, bin: '9704361' }, 'bin_invalid'],
    [{ ...good, bin: 'VCB' }, 'bin_invalid'],
    [{ ...good, accountNumber: '' }, 'account_invalid'],
    [{ ...good, accountNumber: '12345678901234567890' }, 'account_invalid'],
    [{ ...good, accountNumber: '0123 456 789' }, 'account_invalid'],
    [{ ...good, accountNumber: '0123-456' }, 'account_invalid'],
    [{ ...good, amountVnd: 0 }, 'amount_invalid'],
    [{ ...good, amountVnd: -5 }, 'amount_invalid'],
    [{ ...good, amountVnd: 1500.5 }, 'amount_invalid'],
    [{ ...good, amountVnd: Number.NaN }, 'amount_invalid'],
    [{ ...good, amountVnd: VIETQR_MAX_AMOUNT_VND + 1 }, 'amount_over_limit'],
    [{ ...good, memo: 'Thanh toán đơn hàng số 123 của chị Lan' }, 'memo_too_long'],
  ])('refuses %j with %s', (input, code) => {
    expect(validateVietQrInput(input).map((e) => e.reason)).toEqual([code])
  })

  it('accepts exactly 500,000,000 đồng, a 19-character account with letters, and a 25-character memo', () => {
    expect(validateVietQrInput({ bin: '970422', accountNumber: 'VQRQ0001234567890AB', amountVnd: 500_000_000, memo: 'a'.repeat(25) })).toEqual([])
  })

  it('reports every problem at once', () => {
    const result = tryBuildVietQrPayload({ bin: '', accountNumber: '', amountVnd: 600_000_000 })
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'bin', reason: 'bin_invalid' },
        { field: 'accountNumber', reason: 'account_invalid' },
        { field: 'amountVnd', reason: 'amount_over_limit', params: { max: 500_000_000 } },
      ],
    })
  })

  it('makes buildVietQrPayload throw a VALIDATION AppError with the codes as issues', () => {
    let thrown: unknown
    try {
      buildVietQrPayload({ bin: '970436', accountNumber: '0123456789', amountVnd: 500_000_001 })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(AppError)
    expect((thrown as AppError).code).toBe('VALIDATION')
    expect((thrown as AppError).details).toMatchObject({ issues: [{ path: ['amountVnd'], code: 'amount_over_limit' }] })
  })
})

describe('parseVietQrPayload', () => {
  it.each([
    [SUBIZ_STATIC_TPBANK, { bin: '970423', accountNumber: '0099999999', amountVnd: null, memo: null, initiation: 'static' }],
    [SUBIZ_DYNAMIC_MB, { bin: '970422', accountNumber: '0023457923442', amountVnd: 40123, memo: 'test text string', initiation: 'dynamic' }],
    [SUBIZ_DEACCENTED, { bin: '970422', accountNumber: '0023457923442', amountVnd: 40123, memo: 'chuyen khoan', initiation: 'dynamic' }],
    [LIOPAY_VCB, { bin: '970436', accountNumber: '1017595600', amountVnd: 180000, memo: 'thanh toan don hang', initiation: 'dynamic' }],
    [DERIVED_VCB, { bin: '970436', accountNumber: '0123456789', amountVnd: 150000, memo: 'DH000123', initiation: 'dynamic' }],
  ])('reads %s', (payload, expected) => {
    expect(parseVietQrPayload(payload)).toEqual({ ok: true, value: { ...expected, service: 'QRIBFTTA' } })
  })

  it('refuses a payload whose CRC does not match', () => {
    expect(parseVietQrPayload(DERIVED_VCB.replace('150000', '950000'))).toEqual({ ok: false, code: 'crc_mismatch' })
  })

  it('refuses a lower-case CRC: the spec asks for upper-case hex', () => {
    expect(parseVietQrPayload(SUBIZ_STATIC_TPBANK.replace(/CBB4$/, 'cbb4'))).toEqual({ ok: false, code: 'crc_mismatch' })
  })

  it('refuses a payload without a trailing CRC field', () => {
    expect(parseVietQrPayload(SUBIZ_STATIC_TPBANK.slice(0, -8))).toEqual({ ok: false, code: 'crc_missing' })
  })

  it('refuses text that does not split into TLV fields', () => {
    expect(parseVietQrPayload('000201010211389')).toEqual({ ok: false, code: 'malformed_tlv' })
    expect(parseVietQrPayload('')).toEqual({ ok: false, code: 'crc_missing' })
  })

  it('refuses non-ASCII text', () => {
    expect(parseVietQrPayload(SUBIZ_DYNAMIC_MB.replace('test', 'tést'))).toEqual({ ok: false, code: 'not_ascii' })
  })

  it('refuses an EMVCo QR that is not a NAPAS transfer (other GUID), even with a valid CRC', () => {
    const otherScheme = t('38', t('00', 'A000000999') + t('01', t('00', '970436') + t('01', '0123456789')) + t('02', 'QRIBFTTA'))
    expect(parseVietQrPayload(withCrc(`000201010211${otherScheme}5303704${t('58', 'VN')}`))).toEqual({ ok: false, code: 'not_napas' })
  })

  it('refuses a currency other than 704 and an amount with decimals', () => {
    const napas = t('38', t('00', 'A000000727') + t('01', t('00', '970436') + t('01', '0123456789')) + t('02', 'QRIBFTTA'))
    expect(parseVietQrPayload(withCrc(`000201010212${napas}${t('53', '840')}${t('54', '15000')}`))).toEqual({ ok: false, code: 'currency_not_vnd' })
    expect(parseVietQrPayload(withCrc(`000201010212${napas}${t('53', '704')}${t('54', '15000.00')}`))).toEqual({ ok: false, code: 'amount_invalid' })
    expect(parseVietQrPayload(withCrc(`000201010212${napas}${t('53', '704')}${t('54', '0')}`))).toEqual({ ok: false, code: 'amount_invalid' })
  })
})

describe('VietQR round trip (property)', () => {
  const memoChars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '.split(''))
  const input = fc.record({
    bin: fc.stringMatching(/^\d{6}$/),
    accountNumber: fc.stringMatching(/^[0-9A-Za-z]{1,19}$/),
    amountVnd: fc.option(fc.integer({ min: 1, max: VIETQR_MAX_AMOUNT_VND }), { nil: undefined }),
    memo: fc.option(fc.array(memoChars, { maxLength: 25 }).map((chars) => chars.join('')), { nil: undefined }),
  })

  it('build → parse gives the inputs back', () => {
    fc.assert(
      fc.property(input, (qr) => {
        const parsed = parseVietQrPayload(buildVietQrPayload(qr))
        const memo = qr.memo === undefined ? '' : normalizeTransferMemo(qr.memo)
        expect(parsed).toEqual({
          ok: true,
          value: {
            bin: qr.bin,
            accountNumber: qr.accountNumber,
            amountVnd: qr.amountVnd ?? null,
            memo: memo === '' ? null : memo,
            service: 'QRIBFTTA',
            initiation: qr.amountVnd === undefined ? 'static' : 'dynamic',
          },
        })
      }),
    )
  })

  it('any single-character change makes the payload unreadable', () => {
    const printable = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code))
    fc.assert(
      fc.property(input, fc.nat(), printable, (qr, position, replacement) => {
        const payload = buildVietQrPayload(qr)
        const at = position % payload.length
        fc.pre(payload[at] !== replacement)
        const changed = payload.slice(0, at) + replacement + payload.slice(at + 1)
        expect(parseVietQrPayload(changed).ok).toBe(false)
      }),
      { numRuns: 500 },
    )
  })
})

describe('orderMemo', () => {
  it.each([
    ['DH-2026-000123', 'DH2026000123'],
    ['dh-2026-123', 'DH2026000123'],
    ['ĐH 2026 000123', 'DH2026000123'],
    ['DH2026000123', 'DH2026000123'],
    ['DH-2026-1234567', 'DH20261234567'],
  ])('%s → %s', (orderNumber, memo) => {
    expect(orderMemo(orderNumber)).toBe(memo)
  })

  it('is letters and digits only, at most 25 characters, and fits a VietQR', () => {
    const memo = orderMemo('DH-2026-000123')
    expect(memo).toMatch(/^[A-Z0-9]{1,25}$/)
    expect(normalizeTransferMemo(memo)).toBe(memo)
  })

  it('gives different memos for different orders (property)', () => {
    const order = fc.record({ year: fc.integer({ min: 1000, max: 9999 }), seq: fc.integer({ min: 1, max: 99_999_999 }) })
    fc.assert(
      fc.property(order, order, (a, b) => {
        fc.pre(a.year !== b.year || a.seq !== b.seq)
        const memoA = orderMemo(`DH-${a.year}-${String(a.seq).padStart(6, '0')}`)
        const memoB = orderMemo(`DH-${b.year}-${String(b.seq).padStart(6, '0')}`)
        expect(memoA).not.toBe(memoB)
      }),
    )
  })

  it('reduces a text that is not one of our order numbers, and refuses one with nothing left', () => {
    expect(orderMemo('Đơn #A-17')).toBe('DONA17')
    expect(() => orderMemo(' -- ')).toThrow(RangeError)
    expect(() => orderMemo('X'.repeat(26))).toThrow(RangeError)
  })
})

describe('memoMatches', () => {
  it.each([
    'DH2026000123',
    'dh2026000123',
    'DH 2026 000123',
    'DH-2026-000123',
    'MBVCB.1234.DH2026000123.CT tu 0123456789 NGUYEN VAN A toi 9876543210',
    'IBFT DH2026000123 FT26064123456789',
    '1234DH2026000123',
    'Thanh toán đơn ĐH2026000123',
    'DH20260001234 va DH2026000123',
  ])('finds DH-2026-000123 in %j', (description) => {
    expect(memoMatches(description, 'DH-2026-000123')).toBe(true)
  })

  it.each([
    ['DH20260001234', 'a longer number'],
    ['DH2026000124', 'another order'],
    ['DH202600012', 'a prefix of the memo'],
    ['2026000123', 'the digits without the prefix'],
    ['DH2026000123 150000', 'digits glued on once spaces are dropped (left to a person)'],
    ['', 'an empty description'],
  ])('does not find DH-2026-000123 in %j (%s)', (description) => {
    expect(memoMatches(description, 'DH-2026-000123')).toBe(false)
  })

  it('never matches an empty memo', () => {
    expect(descriptionContainsMemo('anything at all', '')).toBe(false)
    expect(descriptionContainsMemo('anything at all', ' - ')).toBe(false)
  })
})

/** One TLV object, written independently of the code under test. */
function t(id: string, value: string): string {
  return id + String(value.length).padStart(2, '0') + value
}

function withCrc(bodyWithoutCrc: string): string {
  const body = `${bodyWithoutCrc}6304`
  return body + crc16CcittFalse(body)
}
