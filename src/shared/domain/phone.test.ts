import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { phone as phoneInput } from '../contract/inputs'
import { isVietnameseMobile, isVietnamesePhone, normalizeVietnamesePhone, phoneSearchKey } from './phone'

describe('normalizeVietnamesePhone', () => {
  it.each([
    '0912345678',
    '+84 912 345 678',
    '+84912345678',
    '84912345678',
    '0084 912 345 678',
    '+84 (0) 912 345 678',
    '(+84) 912-345-678',
    '0912.345.678',
    '0912 345 678',
    '(091) 234-5678',
    '  0912-345-678  ',
    '0912\u00a0345\u00a0678', // non-breaking spaces from a web page
    '912345678', // Excel ate the leading zero
    912_345_678,
    84_912_345_678,
  ])('%j → 0912345678', (input) => {
    expect(normalizeVietnamesePhone(input)).toBe('0912345678')
  })

  it.each([
    ['0321234567', '0321234567'],
    ['0559 123 456', '0559123456'],
    ['0701234567', '0701234567'],
    ['+84 84 123 4567', '0841234567'], // 084 is a mobile prefix: the country code is not eaten twice
    ['0841234567', '0841234567'],
    ['849123456', '0849123456'], // 084… without its zero
    ['0987.654.321', '0987654321'],
  ])('mobile %j → %s', (input, expected) => {
    expect(normalizeVietnamesePhone(input)).toBe(expected)
    expect(isVietnameseMobile(input)).toBe(true)
  })

  it.each([
    ['024 3825 1234', '02438251234'], // Hà Nội
    ['(028) 3822 1234', '02838221234'], // TP. Hồ Chí Minh
    ['0236.3822.123', '02363822123'], // Đà Nẵng
    ['+84 24 3825 1234', '02438251234'],
    ['842438251234', '02438251234'],
    ['2438251234', '02438251234'],
  ])('landline %j → %s', (input, expected) => {
    expect(normalizeVietnamesePhone(input)).toBe(expected)
    expect(isVietnamesePhone(input)).toBe(true)
    expect(isVietnameseMobile(input)).toBe(false)
  })

  it.each([
    '',
    '   ',
    null,
    undefined,
    0,
    -912345678,
    1.5,
    'abc',
    'Nguyễn Văn A',
    '0912 345 678 ext 12',
    '0912345678 / 0987654321',
    '0912345678, 0987654321',
    '091234567', // 9 digits with the 0: a digit missing
    '09123456789', // 11-digit mobile: a digit too many
    '01234567890', // old 01x mobile, renumbered in 2018
    '0412345678', // no 04 / 06 prefixes
    '0612345678',
    '3825 1234', // landline without its area code
    '0243825123', // landline a digit short
    '024382512345',
    '1900 1234', // hotline
    '1800 123456',
    '+1 415 555 0100', // foreign
    '+33 1 23 45 67 89',
    '+84 12 345', // too short
    '++84912345678',
    '0912+345678',
    '８４９１２３４５６７８', // full-width digits are not read
    '113',
  ])('refuses %j', (input) => {
    expect(normalizeVietnamesePhone(input)).toBeNull()
    expect(isVietnamesePhone(input)).toBe(false)
  })

  it('its output is what the contract stores, and normalises to itself', () => {
    const nationalArb = fc.oneof(
      fc.tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.stringMatching(/^\d{8}$/)).map(([p, rest]) => `0${p}${rest}`),
      fc.stringMatching(/^\d{9}$/).map((rest) => `02${rest}`),
    )
    const spellingArb = fc.constantFrom(
      (n: string) => n,
      (n: string) => `+84${n.slice(1)}`,
      (n: string) => `+84 ${n.slice(1, 4)} ${n.slice(4, 7)} ${n.slice(7)}`,
      (n: string) => `84${n.slice(1)}`,
      (n: string) => `0084${n.slice(1)}`,
      (n: string) => `+84 (0) ${n.slice(1)}`,
      (n: string) => n.slice(1),
      (n: string) => `${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}`,
      (n: string) => `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`,
    )
    fc.assert(
      fc.property(nationalArb, spellingArb, (national, spell) => {
        const phone = normalizeVietnamesePhone(spell(national))
        expect(phone).toBe(national)
        expect(phoneInput.parse(spell(national))).toBe(national)
        expect(normalizeVietnamesePhone(phone)).toBe(phone)
        expect(phoneSearchKey(spell(national))).toBe(national)
      }),
      { numRuns: 500 },
    )
  })
})

describe('phoneSearchKey', () => {
  const stored = '0912345678'

  it.each([
    ['0912 345 678', '0912345678'],
    ['+84 912 345 678', '0912345678'],
    ['345 678', '345678'],
    ['5678', '5678'],
    ['0912', '0912'],
    ['091.234', '091234'],
    ['+84 912', '0912'],
    ['+84 (0) 912', '0912'],
    ['0084 91', '091'],
    ['84 912 345 67', '091234567'], // 10 digits starting 84: a country code
    ['8456', '8456'], // the last digits of 0987 65 8456, not '056'
    ['849123', '849123'],
    ['+8', '8'],
    [912345678, '0912345678'],
  ])('%j → %s', (input, expected) => {
    expect(phoneSearchKey(input)).toBe(expected)
  })

  it('fragments of a stored number are substrings of it', () => {
    for (const query of ['0912', '345 678', '+84 912', '84 912 345 67', '12 345', '0912.345.678']) {
      expect(stored.includes(phoneSearchKey(query)!), query).toBe(true)
    }
  })

  it.each(['', '   ', 'Lan', 'chị Lan 0912', 'a@b.vn', '.-()', null, undefined])('%j is not a phone search', (input) => {
    expect(phoneSearchKey(input)).toBeNull()
  })
})
