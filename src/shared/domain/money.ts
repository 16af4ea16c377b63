/**
 * Money is an integer number of đồng. VND has no minor unit in practice, so a
 * branded integer is all we need; mixing it with a plain number is a type error.
 */
declare const vndBrand: unique symbol
export type Vnd = number & { readonly [vndBrand]: 'Vnd' }

export const MAX_VND = 999_999_999_999 // under 1e12 đồng: far above any sale, far below 2^53

export function vnd(amount: number): Vnd {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`Not a whole number of đồng: ${amount}`)
  return amount as Vnd
}

/** `125000` → `125.000 ₫` (vi-VN grouping with dots; no decimals). */
export function formatVnd(amount: number, locale: 'vi' | 'en' = 'vi'): string {
  const grouped = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 0 }).format(amount)
  return `${grouped} ₫`
}

/**
 * Reads what people type for a price: `125000`, `125.000`, `125,000`, `125 000`, `125.000 ₫`,
 * `125.000đ`, `125000 VND`. Grouping separators are only accepted in groups of three so that
 * `12.5` (a decimal, not đồng) is refused rather than silently read as 125.
 */
export function parseVnd(input: string | number): Vnd | null {
  if (typeof input === 'number') return Number.isSafeInteger(input) && input >= 0 ? (input as Vnd) : null
  const text = input
    .trim()
    .replace(/\s*(₫|đ|Đ|vnd|VND|vnđ|VNĐ|dong|đồng)\s*$/u, '')
    .trim()
  if (text === '') return null
  if (/^\d+$/.test(text)) return safe(Number(text))
  if (/^\d{1,3}([.,  ]\d{3})+$/u.test(text)) {
    const separators = new Set(text.replace(/\d/g, ''))
    if (separators.size !== 1) return null
    return safe(Number(text.replace(/\D/g, '')))
  }
  return null
}

function safe(n: number): Vnd | null {
  return Number.isSafeInteger(n) && n <= MAX_VND ? (n as Vnd) : null
}
