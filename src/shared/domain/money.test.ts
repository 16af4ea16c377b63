import { describe, expect, it } from 'vitest'
import { formatVnd, parseVnd, vnd } from './money'

describe('formatVnd', () => {
  it('groups with dots and adds ₫, no decimals', () => {
    expect(formatVnd(125000)).toBe('125.000 ₫')
    expect(formatVnd(0)).toBe('0 ₫')
    expect(formatVnd(1_250_000_000)).toBe('1.250.000.000 ₫')
  })
  it('groups with commas in English', () => {
    expect(formatVnd(125000, 'en')).toBe('125,000 ₫')
  })
})

describe('parseVnd', () => {
  it.each([
    ['125000', 125000],
    ['125.000', 125000],
    ['125,000', 125000],
    ['1.250.000', 1250000],
    ['125.000 ₫', 125000],
    ['125.000đ', 125000],
    ['125000 VND', 125000],
    ['0', 0],
  ])('reads %s as %d đồng', (text, expected) => {
    expect(parseVnd(text)).toBe(expected)
  })

  it.each(['abc', '12.5', '1.25', '-5', '125.00', '1.000,5', '', '1.000,000'])('refuses %s', (text) => {
    expect(parseVnd(text)).toBeNull()
  })

  it('refuses fractional and negative numbers', () => {
    expect(parseVnd(12.5)).toBeNull()
    expect(parseVnd(-1)).toBeNull()
    expect(parseVnd(42)).toBe(42)
  })
})

describe('vnd', () => {
  it('refuses a float', () => {
    expect(() => vnd(0.1 + 0.2)).toThrow(RangeError)
  })
})
