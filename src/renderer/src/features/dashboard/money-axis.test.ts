import { describe, expect, it } from 'vitest'
import { moneyTicks, shortAmount } from './money-axis'

describe('short amounts on chart axes', () => {
  it('writes thousands, millions and billions with one decimal in the language’s own style', () => {
    expect(shortAmount(1_200_000, 'vi')).toEqual({ value: '1,2', scale: 'million' })
    expect(shortAmount(1_200_000, 'en')).toEqual({ value: '1.2', scale: 'million' })
    expect(shortAmount(350_000, 'vi')).toEqual({ value: '350', scale: 'thousand' })
    expect(shortAmount(2_500_000_000, 'vi')).toEqual({ value: '2,5', scale: 'billion' })
    expect(shortAmount(15_000_000, 'vi')).toEqual({ value: '15', scale: 'million' })
  })

  it('writes small amounts out, and zero as 0', () => {
    expect(shortAmount(0, 'vi')).toEqual({ value: '0', scale: null })
    expect(shortAmount(950, 'vi')).toEqual({ value: '950', scale: null })
  })

  it('moves to the next scale when rounding reaches a thousand', () => {
    expect(shortAmount(999_960, 'vi')).toEqual({ value: '1', scale: 'million' })
    expect(shortAmount(999_960_000, 'vi')).toEqual({ value: '1', scale: 'billion' })
    expect(shortAmount(999.6, 'vi')).toEqual({ value: '1', scale: 'thousand' })
  })

  it('keeps the sign of returns larger than sales', () => {
    expect(shortAmount(-1_500_000, 'vi')).toEqual({ value: '-1,5', scale: 'million' })
  })
})

describe('money axis ticks', () => {
  it('fall on round amounts from zero to just above the largest', () => {
    expect(moneyTicks([3_730_000, 0])).toEqual([0, 1_000_000, 2_000_000, 3_000_000, 4_000_000])
    expect(moneyTicks([390_000])).toEqual([0, 100_000, 200_000, 300_000, 400_000])
    expect(moneyTicks([850_000])).toEqual([0, 250_000, 500_000, 750_000, 1_000_000])
  })

  it('reach below zero when returns outweigh a day’s sales', () => {
    expect(moneyTicks([-300_000, 700_000])).toEqual([-500_000, -250_000, 0, 250_000, 500_000, 750_000])
  })

  it('still give the axis a height when nothing was sold', () => {
    expect(moneyTicks([0, 0])).toEqual([0, 100_000])
    expect(moneyTicks([])).toEqual([0, 100_000])
  })
})
