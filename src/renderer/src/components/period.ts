/**
 * The dashboard's period: whole Vietnamese days, both ends included (the contract's
 * `periodInput`). It lives in the address (`?from=…&to=…`) so a reload or a bookmark keeps it;
 * anything missing or unreadable there falls back to the last 30 days.
 */
import { addDays, daysBetween, isIsoDate } from '@shared/domain/calendar'

export interface Period {
  readonly from: string
  readonly to: string
}

export const PERIOD_PRESETS = ['today', 'last7', 'last30', 'thisMonth', 'lastMonth', 'thisYear'] as const
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]

/**
 * The backend refuses periods longer than 3,700 days; a little less here so a link someone
 * edited by hand falls back to the default instead of ending in an error.
 */
export const MAX_PERIOD_DAYS = 3_660

function firstOfMonth(day: string): string {
  return `${day.slice(0, 8)}01`
}

/** Each preset ends today, except last month, which is the whole calendar month before this one. */
export function presetPeriod(preset: PeriodPreset, today: string): Period {
  switch (preset) {
    case 'today':
      return { from: today, to: today }
    case 'last7':
      return { from: addDays(today, -6), to: today }
    case 'last30':
      return { from: addDays(today, -29), to: today }
    case 'thisMonth':
      return { from: firstOfMonth(today), to: today }
    case 'lastMonth': {
      const lastDay = addDays(firstOfMonth(today), -1)
      return { from: firstOfMonth(lastDay), to: lastDay }
    }
    case 'thisYear':
      return { from: `${today.slice(0, 4)}-01-01`, to: today }
  }
}

export function defaultPeriod(today: string): Period {
  return presetPeriod('last30', today)
}

export function isValidPeriod(from: unknown, to: unknown): boolean {
  if (!isIsoDate(from) || !isIsoDate(to)) return false
  const days = daysBetween(from, to)
  return days >= 0 && days <= MAX_PERIOD_DAYS
}

export function periodFromSearch(params: URLSearchParams, today: string): Period {
  const from = params.get('from')
  const to = params.get('to')
  return isValidPeriod(from, to) ? { from: from!, to: to! } : defaultPeriod(today)
}

/** The address keeps every other parameter as it was. */
export function withPeriod(params: URLSearchParams, period: Period): URLSearchParams {
  const next = new URLSearchParams(params)
  next.set('from', period.from)
  next.set('to', period.to)
  return next
}

/** The preset a period matches today, so the picker can say "7 ngày" rather than two dates. */
export function matchingPreset(period: Period, today: string): PeriodPreset | null {
  return PERIOD_PRESETS.find((preset) => {
    const candidate = presetPeriod(preset, today)
    return candidate.from === period.from && candidate.to === period.to
  }) ?? null
}
