/**
 * Order numbers: 'DH-2026-000123' ("đơn hàng", the year, a sequence that restarts every year).
 * The sequence is padded to 6 digits so numbers sort and line up on paper, and simply grows
 * past 999999 (DH-2026-1234567) rather than being cut. Picking the next `seq` is the database's
 * job; here are only the format, reading what people type back, and the search key.
 */

export const ORDER_NUMBER_PREFIX = 'DH'
export const ORDER_SEQ_DIGITS = 6
export const ORDER_YEAR_MIN = 1000
export const ORDER_YEAR_MAX = 9999

export interface OrderNumberParts {
  year: number
  seq: number
}

/** (2026, 123) → 'DH-2026-000123'. Throws a RangeError for a year outside 1000–9999 or a seq < 1. */
export function formatOrderNumber(year: number, seq: number): string {
  if (!isYear(year)) throw new RangeError(`Not a four-digit year: ${year}`)
  if (!isSeq(seq)) throw new RangeError(`Not a positive sequence number: ${seq}`)
  return `${ORDER_NUMBER_PREFIX}-${year}-${String(seq).padStart(ORDER_SEQ_DIGITS, '0')}`
}

/**
 * Reads an order number the way people type or scan it: any case, 'ĐH' as well as 'DH' (the
 * Vietnamese spelling), a leading '#', spaces, '-', '/', '.' or '_' between the parts, or none
 * ('DH2026000123' from a barcode).
 * - With a separator between year and seq, the seq may be short ('dh-2026-123', '2026-123').
 * - Without one, the seq needs its full 6 digits ('DH2026000123'): 'DH20261' is more likely the
 *   start of 'DH2026001…' being typed than order 1.
 * - Without the prefix, the separator is required: a bare '2026000123' is as likely a phone
 *   fragment or an amount as an order number.
 * Returns null when the text is not an order number, including seq 0.
 */
export function parseOrderNumber(text: string): OrderNumberParts | null {
  if (typeof text !== 'string') return null
  const compact = text.trim().replace(/^#\s*/, '').toUpperCase().replace(/^Đ/, 'D')
  const match =
    /^(?:DH[\s\-/._]*)?(\d{4})[\s\-/._]+(\d{1,16})$/.exec(compact) ?? /^DH[\s\-/._]*(\d{4})(\d{6,16})$/.exec(compact)
  if (match === null) return null
  const year = Number(match[1])
  const seq = Number(match[2])
  return isYear(year) && isSeq(seq) ? { year, seq } : null
}

/**
 * The key an order number is searched by: apply it to the stored number (kept in its own column)
 * and to what the user typed, and match with `key LIKE '%' || :key || '%'`.
 * - A whole order number in any accepted spelling gives its canonical compact form
 *   ('dh-2026-123' and '2026/123' → 'DH2026000123'), so it finds exactly that order.
 * - A fragment ('000123', '123', 'dh-2026', 'ĐH 2026 00') gives its upper-case letters and
 *   digits without separators, which is a substring of the stored key it belongs to.
 * - Anything else (a name, an e-mail) gives null: it is not an order-number search.
 */
export function orderNumberSearchKey(text: string): string | null {
  if (typeof text !== 'string') return null
  const parts = parseOrderNumber(text)
  if (parts !== null) return `${ORDER_NUMBER_PREFIX}${parts.year}${String(parts.seq).padStart(ORDER_SEQ_DIGITS, '0')}`
  const key = text
    .trim()
    .replace(/^#/, '')
    .toUpperCase()
    .replace(/Đ/g, 'D')
    .replace(/[\s\-/._]+/g, '')
  return key !== '' && /^(DH?)?\d*$/.test(key) ? key : null
}

function isYear(year: number): boolean {
  return Number.isInteger(year) && year >= ORDER_YEAR_MIN && year <= ORDER_YEAR_MAX
}

function isSeq(seq: number): boolean {
  return Number.isSafeInteger(seq) && seq >= 1
}
