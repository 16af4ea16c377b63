/**
 * Money axes of the charts. An axis has room for "1,2 tr", not "1.200.000 ₫" (tooltips and
 * tables show the full amount); the scale word comes from the catalogue (`dashboard.money.*`),
 * the number from here. Ticks fall on round amounts (1, 2, 2.5 or 5 times a power of ten), so
 * the axis reads "1 tr, 2 tr, 3 tr" rather than "950 nghìn, 1,9 tr, 2,9 tr".
 */
import type { Language } from '../../i18n'

export type MoneyScale = 'thousand' | 'million' | 'billion'

const SCALES: readonly { scale: MoneyScale; size: number }[] = [
  { scale: 'billion', size: 1e9 },
  { scale: 'million', size: 1e6 },
  { scale: 'thousand', size: 1e3 },
]

export interface ShortAmount {
  /** The number in the language's own digits and decimal sign: "1,2" in Vietnamese, "1.2" in English. */
  readonly value: string
  /** Null below a thousand: the amount is written out. */
  readonly scale: MoneyScale | null
}

export function shortAmount(amount: number, language: Language): ShortAmount {
  const locale = language === 'vi' ? 'vi-VN' : 'en-US'
  const number = (value: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)
  const size = Math.abs(amount)
  for (const [index, { scale, size: unit }] of SCALES.entries()) {
    if (size < unit) continue
    const rounded = Math.round((amount / unit) * 10) / 10
    // 999,96 million rounds to 1.000 million: that is "1 tỷ".
    const larger = SCALES[index - 1]
    if (larger && Math.abs(rounded) >= 1000) return { value: number(Math.round((amount / larger.size) * 10) / 10), scale: larger.scale }
    return { value: number(rounded), scale }
  }
  // 999,96 below a thousand rounds up to "1 nghìn" rather than "1.000".
  const rounded = Math.round(amount)
  if (Math.abs(rounded) >= 1000) return { value: number(Math.sign(rounded)), scale: 'thousand' }
  return { value: number(rounded), scale: null }
}

const NICE_STEPS = [1, 2, 2.5, 5, 10]
/** When every amount is zero the axis still needs a height: 0 and one round step above it. */
const EMPTY_AXIS_TOP = 100_000

/** About `count` ticks from a round amount at or below the smallest value (0 at most) to one at or above the largest. */
export function moneyTicks(values: readonly number[], count = 5): number[] {
  const low = Math.min(0, ...values)
  const high = Math.max(0, ...values)
  if (high === low) return [0, EMPTY_AXIS_TOP]
  const rough = (high - low) / (count - 1)
  const magnitude = 10 ** Math.floor(Math.log10(rough))
  const step = NICE_STEPS.map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude
  const first = Math.floor(low / step)
  const last = Math.ceil(high / step)
  return Array.from({ length: last - first + 1 }, (_, i) => (first + i) * step)
}
