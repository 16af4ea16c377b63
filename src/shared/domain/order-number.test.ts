import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatOrderNumber, orderNumberSearchKey, parseOrderNumber } from './order-number'

describe('formatOrderNumber', () => {
  it.each([
    [2026, 123, 'DH-2026-000123'],
    [2026, 1, 'DH-2026-000001'],
    [2026, 999_999, 'DH-2026-999999'],
    [2026, 1_000_000, 'DH-2026-1000000'],
    [2027, 12_345_678, 'DH-2027-12345678'],
  ])('(%i, %i) → %s', (year, seq, expected) => {
    expect(formatOrderNumber(year, seq)).toBe(expected)
  })

  it.each([
    [2026, 0],
    [2026, -1],
    [2026, 1.5],
    [2026, Number.NaN],
    [2026, 2 ** 53],
    [999, 1],
    [10_000, 1],
    [2026.5, 1],
  ])('refuses (%d, %d)', (year, seq) => {
    expect(() => formatOrderNumber(year, seq)).toThrow(RangeError)
  })
})

describe('parseOrderNumber', () => {
  it.each([
    'DH-2026-000123',
    'dh-2026-123',
    'DH2026000123',
    '2026-123',
    '  DH-2026-000123  ',
    '#DH-2026-000123',
    'ĐH-2026-000123',
    'đh 2026 123',
    'DH 2026-000123',
    'DH/2026/123',
    'DH.2026.000123',
    'DH_2026_123',
    '2026/000123',
    '2026 123',
    'DH-2026000123',
  ])('reads %s as 2026 / 123', (text) => {
    expect(parseOrderNumber(text)).toEqual({ year: 2026, seq: 123 })
  })

  it('reads numbers past six digits', () => {
    expect(parseOrderNumber('DH-2026-1000000')).toEqual({ year: 2026, seq: 1_000_000 })
    expect(parseOrderNumber('DH20261000000')).toEqual({ year: 2026, seq: 1_000_000 })
  })

  it.each([
    '',
    '   ',
    'DH',
    'DH-2026',
    'DH-2026-',
    'DH-2026-0',
    'DH-2026-000000',
    '2026000123', // no prefix and no separator
    '2026123',
    'DH20261', // compact form needs the full six digits
    'DH2026-12a',
    'DX-2026-123',
    'HD-2026-123',
    'DH-26-123',
    'DH-0999-123',
    'DH--2026--123x',
    'DH-2026-9007199254740993', // beyond a safe integer
    'DH-2026-12345678901234567', // 17 digits
    'đơn hàng 2026-123',
    '0912345678',
  ])('refuses %j', (text) => {
    expect(parseOrderNumber(text)).toBeNull()
  })

  it('refuses what is not a string', () => {
    expect(parseOrderNumber(undefined as unknown as string)).toBeNull()
    expect(parseOrderNumber(123 as unknown as string)).toBeNull()
  })

  it('reads back every number it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (year, seq) => {
        const text = formatOrderNumber(year, seq)
        expect(parseOrderNumber(text)).toEqual({ year, seq })
        expect(parseOrderNumber(text.toLowerCase())).toEqual({ year, seq })
        expect(parseOrderNumber(text.replace(/-/g, ''))).toEqual({ year, seq })
      }),
    )
  })
})

describe('orderNumberSearchKey', () => {
  const stored = orderNumberSearchKey('DH-2026-000123')!

  it('gives the canonical compact form of a whole number, however it was typed', () => {
    expect(stored).toBe('DH2026000123')
    for (const text of ['dh-2026-123', 'DH2026000123', '2026-123', 'ĐH 2026 000123', '#DH/2026/123']) {
      expect(orderNumberSearchKey(text)).toBe(stored)
    }
    expect(orderNumberSearchKey('DH-2026-1000000')).toBe('DH20261000000')
  })

  it('gives fragments that are substrings of the stored key', () => {
    for (const text of ['000123', '123', '0001', 'dh-2026', 'DH', 'd', 'ĐH 2026 00', 'DH2026000', 'DH20260001', ' 2026 ']) {
      const key = orderNumberSearchKey(text)
      expect(key, text).not.toBeNull()
      expect(stored.includes(key!), `${text} → ${key}`).toBe(true)
    }
  })

  it('a short number typed with separators is taken as that order', () => {
    expect(orderNumberSearchKey('2026-12')).toBe('DH2026000012')
  })

  it.each(['', '   ', '#', 'Nguyễn Văn A', 'mật ong', 'a@b.vn', 'H2026', 'DHX', '2026-12a'])('gives null for %j', (text) => {
    expect(orderNumberSearchKey(text)).toBeNull()
  })

  it('every stored number finds itself from any spelling parseOrderNumber reads', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 99_999_999 }), (year, seq) => {
        const key = orderNumberSearchKey(formatOrderNumber(year, seq))!
        expect(orderNumberSearchKey(`${year}-${seq}`)).toBe(key)
        expect(orderNumberSearchKey(`dh ${year} ${seq}`)).toBe(key)
        expect(key.includes(orderNumberSearchKey(String(seq))!)).toBe(true)
      }),
    )
  })
})
