/**
 * Date-only arithmetic on ISO calendar dates ('YYYY-MM-DD').
 *
 * Certificates, harvests and expiries are calendar days, not instants, so they are stored and
 * computed as 'YYYY-MM-DD' strings. Going through a local `Date` would shift a day whenever the
 * machine's time zone is not UTC+7 (new Date('2026-02-28') is midnight UTC, which is still
 * 27 Feb in the Americas), so every computation here turns the date into a day number with
 * UTC arithmetic and back again; the local time zone of the machine never takes part.
 *
 * Well-formed ISO dates sort correctly as plain strings ('2026-02-28' < '2026-03-01'), so callers
 * may compare them with < and > once they have passed `isIsoDate`.
 *
 * Functions that compute a date throw a RangeError for an input that is not a valid date (a
 * programming error: validate user input with `isIsoDate` first), the way `vnd()` does.
 */

export const DAY_MS = 86_400_000

/**
 * Vietnam (Asia/Ho_Chi_Minh) has been on UTC+7 all year since 1975 and has no daylight saving
 * time, so "today in Vietnam" is a fixed offset from UTC. A constant is used instead of
 * Intl's time-zone data so the answer does not depend on the ICU build of the runtime (the tests
 * check the two agree).
 */
export const VIETNAM_UTC_OFFSET_MS = 7 * 3_600_000

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Gregorian rule: every 4th year, except centuries, except every 4th century (2000 yes, 1900 no). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/** Number of days in a month; `month` is 1–12. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** True for a real calendar day written 'YYYY-MM-DD', years 0001–9999 ('2025-02-29' is false). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false
  const match = ISO_DATE.exec(value)
  if (!match) return false
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
}

/** 31 Jan + 1 month = 28 Feb (29 Feb in a leap year); 29 Feb 2024 + 36 months = 28 Feb 2027. */
export function addMonthsClamped(date: string, months: number): string {
  if (!Number.isSafeInteger(months)) throw new RangeError(`Not a whole number of months: ${months}`)
  const { year, month, day } = parts(date)
  // Count months from year 0 so negative offsets and year boundaries need no special case.
  const index = year * 12 + (month - 1) + months
  const targetYear = Math.floor(index / 12)
  const targetMonth = index - targetYear * 12 + 1
  // Same day of the month, or the last day of the target month if it is shorter. This is the
  // rule of the Vietnamese Civil Code 2015, art. 148: a period counted in months ends at the end
  // of the corresponding day of the last month, or of that month's last day if it has no such day.
  return format(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)))
}

/** '2026-12-31' + 1 = '2027-01-01'; negative `days` go back. */
export function addDays(date: string, days: number): string {
  if (!Number.isSafeInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`)
  return fromDayNumber(toDayNumber(date) + days)
}

/** Whole days from `a` to `b`: positive when `b` is later, 0 on the same day, negative when earlier. */
export function daysBetween(a: string, b: string): number {
  return toDayNumber(b) - toDayNumber(a)
}

/**
 * The calendar date in Vietnam (UTC+7) at the instant `nowMs` (milliseconds since the epoch,
 * e.g. `Date.now()` or a test clock): 2026-11-27T17:30Z is already 2026-11-28 in Vietnam.
 * The clock is a parameter so the domain rules that use "today" stay pure and testable.
 */
export function todayInVietnam(nowMs: number): string {
  if (!Number.isFinite(nowMs)) throw new RangeError(`Not a time: ${nowMs}`)
  return fromDayNumber(Math.floor((nowMs + VIETNAM_UTC_OFFSET_MS) / DAY_MS))
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * The Vietnam calendar date of a stored value: a 'YYYY-MM-DD' date is returned as is, an ISO
 * timestamp with a zone ('2026-11-27T17:30:00.000Z', the form the app stores times in) is turned
 * into the date it was in Vietnam. A timestamp without a zone is refused because `Date.parse`
 * would read it in the machine's local time zone.
 */
export function vietnamDateOf(value: string): string {
  if (isIsoDate(value)) return value
  const ms = ISO_TIMESTAMP.test(value) ? Date.parse(value) : Number.NaN
  if (!Number.isFinite(ms)) throw new RangeError(`Not a date or a zoned ISO timestamp: ${String(value)}`)
  return todayInVietnam(ms)
}

/** '2026-02-28' → '28/02/2026', the dd/mm/yyyy order used on Vietnamese labels and forms. */
export function formatDateVi(date: string): string {
  const { year, month, day } = parts(date)
  return `${pad(day, 2)}/${pad(month, 2)}/${pad(year, 4)}`
}

interface DateParts {
  year: number
  month: number
  day: number
}

function parts(date: string): DateParts {
  if (!isIsoDate(date)) throw new RangeError(`Not a date in YYYY-MM-DD form: ${String(date)}`)
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) }
}

/** Days since 1970-01-01. */
function toDayNumber(date: string): number {
  const { year, month, day } = parts(date)
  // Date.UTC reads years 0–99 as 1900–1999; setUTCFullYear takes the year as given.
  const utc = new Date(Date.UTC(2000, 0, 1))
  utc.setUTCFullYear(year, month - 1, day)
  return Math.round(utc.getTime() / DAY_MS)
}

function fromDayNumber(dayNumber: number): string {
  const utc = new Date(dayNumber * DAY_MS)
  const year = utc.getUTCFullYear()
  // Outside 0001–9999 the result could not be written as YYYY-MM-DD.
  if (!(year >= 1 && year <= 9999)) throw new RangeError(`Date out of range (years 0001–9999): day ${dayNumber}`)
  return format(year, utc.getUTCMonth() + 1, utc.getUTCDate())
}

function format(year: number, month: number, day: number): string {
  if (!(year >= 1 && year <= 9999)) throw new RangeError(`Date out of range (years 0001–9999): year ${year}`)
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0')
}
