import { describe, expect, it } from 'vitest'
import {
  addDays,
  addMonthsClamped,
  daysBetween,
  daysInMonth,
  formatDateVi,
  isIsoDate,
  isLeapYear,
  todayInVietnam,
  vietnamDateOf,
} from './calendar'

describe('isLeapYear', () => {
  it.each([
    [2024, true],
    [2028, true],
    [2000, true],
    [1900, false],
    [2100, false],
    [2025, false],
    [2026, false],
  ])('%d → %s', (year, leap) => {
    expect(isLeapYear(year)).toBe(leap)
  })

  it('gives February its length', () => {
    expect(daysInMonth(2024, 2)).toBe(29)
    expect(daysInMonth(1900, 2)).toBe(28)
    expect(daysInMonth(2000, 2)).toBe(29)
    expect(daysInMonth(2026, 4)).toBe(30)
    expect(daysInMonth(2026, 12)).toBe(31)
  })
})

describe('isIsoDate', () => {
  it.each(['2026-02-28', '2024-02-29', '2000-02-29', '1900-02-28', '2026-12-31', '0001-01-01', '9999-12-31'])(
    'accepts %s',
    (value) => {
      expect(isIsoDate(value)).toBe(true)
    },
  )

  it.each([
    '2025-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '0000-01-01',
    '2026-2-28',
    '26-02-28',
    '28/02/2026',
    '2026-02-28T00:00:00Z',
    ' 2026-02-28',
    '',
  ])('refuses %s', (value) => {
    expect(isIsoDate(value)).toBe(false)
  })

  it('refuses what is not a string', () => {
    expect(isIsoDate(null)).toBe(false)
    expect(isIsoDate(20260228)).toBe(false)
    expect(isIsoDate(new Date())).toBe(false)
  })
})

describe('addMonthsClamped', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-11-30', 1, '2026-12-30'],
    ['2026-12-31', 1, '2027-01-31'],
    ['2026-12-15', 13, '2028-01-15'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-01-31', -2, '2025-11-30'],
    ['2026-05-10', 0, '2026-05-10'],
  ])('%s + %d months = %s', (date, months, expected) => {
    expect(addMonthsClamped(date, months)).toBe(expected)
  })

  it('gives "issue date + 36 months" the same day three years on', () => {
    expect(addMonthsClamped('2023-03-15', 36)).toBe('2026-03-15')
    expect(addMonthsClamped('2025-12-31', 36)).toBe('2028-12-31')
  })

  it('clamps 29 Feb of a leap year to 28 Feb when the target year is not leap', () => {
    expect(addMonthsClamped('2024-02-29', 36)).toBe('2027-02-28')
    expect(addMonthsClamped('2024-02-29', 48)).toBe('2028-02-29')
    expect(addMonthsClamped('2024-02-29', 12)).toBe('2025-02-28')
    expect(addMonthsClamped('1896-02-29', 48)).toBe('1900-02-28')
    expect(addMonthsClamped('1996-02-29', 48)).toBe('2000-02-29')
  })

  it('does not drift when months are added one at a time from a shorter month', () => {
    // Clamping is per call: 31 Jan → 28 Feb → 28 Mar, whereas 31 Jan + 2 months is 31 Mar.
    expect(addMonthsClamped(addMonthsClamped('2026-01-31', 1), 1)).toBe('2026-03-28')
    expect(addMonthsClamped('2026-01-31', 2)).toBe('2026-03-31')
  })

  it('refuses a fractional month or an invalid date', () => {
    expect(() => addMonthsClamped('2026-01-31', 1.5)).toThrow(RangeError)
    expect(() => addMonthsClamped('2026-02-30', 1)).toThrow(RangeError)
    expect(() => addMonthsClamped('9999-12-01', 1)).toThrow(RangeError)
  })
})

describe('addDays', () => {
  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['1900-02-28', 1, '1900-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2026-09-15', 10, '2026-09-25'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2028-01-01', 366, '2029-01-01'],
    ['0099-12-31', 1, '0100-01-01'],
  ])('%s + %d days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected)
  })

  it('refuses fractional days', () => {
    expect(() => addDays('2026-01-01', 0.5)).toThrow(RangeError)
  })
})

describe('daysBetween', () => {
  it('counts from a to b', () => {
    expect(daysBetween('2026-01-01', '2026-01-01')).toBe(0)
    expect(daysBetween('2026-01-01', '2026-01-02')).toBe(1)
    expect(daysBetween('2026-01-02', '2026-01-01')).toBe(-1)
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1)
    expect(daysBetween('2026-02-01', '2026-03-01')).toBe(28)
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29)
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365)
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366)
    expect(daysBetween('1900-01-01', '1901-01-01')).toBe(365)
    expect(daysBetween('2000-01-01', '2001-01-01')).toBe(366)
    expect(daysBetween('2024-02-29', '2027-02-28')).toBe(1095)
  })

  it('is the inverse of addDays', () => {
    for (const n of [-400, -1, 0, 1, 59, 60, 1096]) {
      expect(daysBetween('2024-01-15', addDays('2024-01-15', n))).toBe(n)
    }
  })
})

describe('todayInVietnam', () => {
  it('is already the next day from 17:00 UTC', () => {
    expect(todayInVietnam(Date.parse('2026-11-27T17:30:00Z'))).toBe('2026-11-28')
    expect(todayInVietnam(Date.parse('2026-11-27T17:00:00Z'))).toBe('2026-11-28')
    expect(todayInVietnam(Date.parse('2026-11-27T16:59:59.999Z'))).toBe('2026-11-27')
  })

  it('crosses the year in Vietnam before it does in UTC', () => {
    expect(todayInVietnam(Date.parse('2026-12-31T16:59:59Z'))).toBe('2026-12-31')
    expect(todayInVietnam(Date.parse('2026-12-31T17:00:00Z'))).toBe('2027-01-01')
  })

  it('handles 29 Feb and instants before 1970', () => {
    expect(todayInVietnam(Date.parse('2028-02-28T18:00:00Z'))).toBe('2028-02-29')
    expect(todayInVietnam(Date.parse('1969-12-31T16:00:00Z'))).toBe('1969-12-31')
    expect(todayInVietnam(Date.parse('1969-12-31T17:00:00Z'))).toBe('1970-01-01')
  })

  it('agrees with the Asia/Ho_Chi_Minh zone of Intl', () => {
    const intl = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Ho_Chi_Minh',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
    const start = Date.parse('2026-01-01T00:00:00Z')
    for (let t = start; t < start + 366 * 86_400_000; t += 86_400_000 / 4 + 1_234_567) {
      expect(todayInVietnam(t)).toBe(intl.format(t))
    }
  })

  it('refuses a time that is not a number', () => {
    expect(() => todayInVietnam(Number.NaN)).toThrow(RangeError)
  })
})

describe('vietnamDateOf', () => {
  it('keeps a date and turns a zoned timestamp into its Vietnam date', () => {
    expect(vietnamDateOf('2026-11-27')).toBe('2026-11-27')
    expect(vietnamDateOf('2026-11-27T17:30:00.000Z')).toBe('2026-11-28')
    expect(vietnamDateOf('2026-11-27T16:59:59Z')).toBe('2026-11-27')
    expect(vietnamDateOf('2026-11-28T00:30:00+07:00')).toBe('2026-11-28')
  })

  it('refuses a timestamp without a zone, which Date.parse would read in local time', () => {
    expect(() => vietnamDateOf('2026-11-27T17:30:00')).toThrow(RangeError)
    expect(() => vietnamDateOf('yesterday')).toThrow(RangeError)
    expect(() => vietnamDateOf('2026-02-30')).toThrow(RangeError)
  })
})

describe('formatDateVi', () => {
  it('writes dd/mm/yyyy', () => {
    expect(formatDateVi('2026-02-28')).toBe('28/02/2026')
    expect(formatDateVi('2027-01-01')).toBe('01/01/2027')
  })

  it('refuses an invalid date', () => {
    expect(() => formatDateVi('2026-02-30')).toThrow(RangeError)
  })
})
