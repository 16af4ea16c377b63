/**
 * Vietnamese phone numbers, stored in one form — the national '0912345678' — so the same
 * customer typed as '+84 912 345 678', '0912.345.678' or pasted from Excel ('912345678', the
 * leading zero eaten) is one number, and duplicates and searches work.
 *
 * What counts as a phone here (numbering since the 2017–2018 changes):
 * - mobiles: 10 digits, 03x, 05x, 07x, 08x, 09x. The exact network prefixes are not listed
 *   because new ones keep being allocated; the first digit after 0 is enough to catch typos
 *   like a landline missing its area code.
 * - landlines: 11 digits, 02 + area code + subscriber number (024 3825 1234, 0236 3822 123).
 * Refused (null): foreign numbers, short codes and 1800/1900 lines, landlines without their area
 * code, the old 11-digit 01x mobiles (renumbered in 2018), text with letters ('ext', names),
 * and two numbers in one field.
 */

export const VN_MOBILE_PATTERN = /^0[35789]\d{8}$/
export const VN_LANDLINE_PATTERN = /^02\d{9}$/

/** Characters people put between digits: spaces, dots, dashes, brackets. */
const SEPARATORS = /[\s.()-]/g

/**
 * '+84 912 345 678', '84912345678', '0084 912 345 678', '+84 (0) 912 345 678', '0912.345.678',
 * '(091) 234-5678', '912345678' (Excel) → '0912345678'; '024 3825 1234' → '02438251234'.
 * A number (from a spreadsheet cell) is read as its digits. Null for anything that is not a
 * Vietnamese mobile or landline number.
 */
export function normalizeVietnamesePhone(input: string | number | null | undefined): string | null {
  const digits = phoneDigits(input)
  if (digits === null) return null
  const national = toNational(digits)
  return national !== null && (VN_MOBILE_PATTERN.test(national) || VN_LANDLINE_PATTERN.test(national)) ? national : null
}

export function isVietnamesePhone(input: string | number | null | undefined): boolean {
  return normalizeVietnamesePhone(input) !== null
}

/** A Vietnamese mobile in any accepted form: mobiles get SMS and Zalo, landlines do not. */
export function isVietnameseMobile(input: string | number | null | undefined): boolean {
  const phone = normalizeVietnamesePhone(input)
  return phone !== null && VN_MOBILE_PATTERN.test(phone)
}

/**
 * The key a phone is searched by. Stored numbers are normalised already; match what the user
 * typed with `phone LIKE '%' || :key || '%'`.
 * - A whole number in any accepted form gives its normalised form.
 * - A fragment gives its digits ('345 678' → '345678', the tail people remember), with the
 *   country code turned into the leading 0 when it is clearly one: after '+' or '00'
 *   ('+84 912' → '0912'), or a bare '84' followed by so many digits that it cannot be a fragment
 *   of a national number (10 or more in all). A short bare '84…' stays as typed, because
 *   searching by the last digits ('8456') is common and must not become '056'.
 * - Text with letters (a name), or without digits, gives null: not a phone search.
 */
export function phoneSearchKey(input: string | number | null | undefined): string | null {
  const whole = normalizeVietnamesePhone(input)
  if (whole !== null) return whole
  const text = typeof input === 'number' ? String(input) : input
  if (typeof text !== 'string') return null
  const compact = text.replace(SEPARATORS, '')
  if (!/^\+?\d+$/.test(compact)) return null
  if (compact.startsWith('+84')) return joinNational(compact.slice(3))
  if (compact.startsWith('+')) return compact.slice(1)
  if (compact.startsWith('0084')) return joinNational(compact.slice(4))
  if (compact.startsWith('84') && compact.length >= 10) return joinNational(compact.slice(2))
  return compact
}

// ---------------------------------------------------------------------------------------------

/** The digits, with a leading '+' kept; null if anything but digits and separators was typed. */
function phoneDigits(input: string | number | null | undefined): string | null {
  if (typeof input === 'number') return Number.isSafeInteger(input) && input > 0 ? String(input) : null
  if (typeof input !== 'string') return null
  const compact = input.replace(SEPARATORS, '')
  return /^\+?\d+$/.test(compact) ? compact : null
}

/** Strips the country code (+84, 0084, or a bare 84 on a number too long to be national) and adds the 0. */
function toNational(digits: string): string | null {
  if (digits.startsWith('+')) return digits.startsWith('+84') ? joinNational(digits.slice(3)) : null
  if (digits.startsWith('0084')) return joinNational(digits.slice(4))
  if (digits.startsWith('0')) return digits
  // 84 + 9 digits of a mobile, or 84 + 10 of a landline. National numbers written without
  // their 0 (Excel) are 9 or 10 digits, so the lengths cannot be confused.
  if (digits.startsWith('84') && (digits.length === 11 || digits.length === 12)) return joinNational(digits.slice(2))
  return `0${digits}`
}

/** After a country code, some write the national 0 anyway ('+84 (0) 912…'): keep a single one. */
function joinNational(rest: string): string {
  return rest.startsWith('0') ? rest : `0${rest}`
}
