import { describe, expect, it } from 'vitest'
import { amountInWordsVi } from './amount-in-words'
import { MAX_VND } from './money'

describe('amountInWordsVi', () => {
  it.each([
    [0, 'Không đồng'],
    [1, 'Một đồng'],
    [15, 'Mười lăm đồng'],
    [14, 'Mười bốn đồng'],
    [105, 'Một trăm linh năm đồng'],
    [1_000, 'Một nghìn đồng'],
    [21_000, 'Hai mươi mốt nghìn đồng'],
    [24_500, 'Hai mươi tư nghìn năm trăm đồng'],
    [45_000, 'Bốn mươi lăm nghìn đồng'],
    [1_250_000, 'Một triệu hai trăm năm mươi nghìn đồng'],
    [1_005_000, 'Một triệu không trăm linh năm nghìn đồng'],
    [1_010_000, 'Một triệu không trăm mười nghìn đồng'],
    [101_000_000, 'Một trăm linh một triệu đồng'],
    [1_000_001_000, 'Một tỷ không trăm linh một nghìn đồng'],
    [2_000_000_005, 'Hai tỷ không trăm linh năm đồng'],
    [15_000_000_000, 'Mười lăm tỷ đồng'],
    [17_500_000_000, 'Mười bảy tỷ năm trăm triệu đồng'],
  ])('%i → %s', (amount, words) => {
    expect(amountInWordsVi(amount)).toBe(words)
  })

  it('reads the largest amount the app stores', () => {
    expect(amountInWordsVi(MAX_VND)).toBe(
      'Chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng',
    )
  })

  it('writes NFC text, never "lẻ", "ngàn" or "tỉ"', () => {
    for (const amount of [101, 1_005_000, 21_000, 101_000_000, 15_000_000_000, 2_000_000_005]) {
      const words = amountInWordsVi(amount)
      expect(words).toBe(words.normalize('NFC'))
      for (const southern of ['lẻ', 'ngàn', 'tỉ']) expect(words.split(' ')).not.toContain(southern)
      expect(words).toMatch(/ đồng$/)
    }
  })

  it('refuses what is not a whole, non-negative amount up to MAX_VND', () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX_VND + 1]) {
      expect(() => amountInWordsVi(bad)).toThrow(RangeError)
    }
  })
})
