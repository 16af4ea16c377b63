/**
 * A period of whole Vietnamese days, both ends included (the contract's `periodInput`), as the
 * dashboard, the reports and the commune screens choose it. It lives in the address
 * (`?from=…&to=…`) so a reload or a bookmark keeps it; anything missing or unreadable there falls
 * back to the screen's default.
 */
import { addDays, daysBetween, isIsoDate } from '@shared/domain/calendar'

export interface Period {
  readonly from: string
  readonly to: string
}

export const PERIOD_PRESETS = ['today', 'last7', 'last30', 'thisMonth', 'lastMonth', 'lastQuarter', 'thisYear', 'lastYear'] as const
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]

/** What the dashboard offers: short windows that end today, for looking rather than reporting. */
export const DASHBOARD_PRESETS: readonly PeriodPreset[] = ['today', 'last7', 'last30', 'thisMonth', 'lastMonth', 'thisYear']
/**
 * What a report to the commune is made for: whole calendar months, quarters and years, so the
 * seller and the coordinator, choosing on different days, land on the same period.
 */
export const REPORTING_PRESETS: readonly PeriodPreset[] = ['lastMonth', 'lastQuarter', 'thisYear', 'lastYear']

/**
 * The backend refuses periods longer than 3,700 days; a little less here so a link someone
 * edited by hand falls back to the default instead of ending in an error.
 */
export const MAX_PERIOD_DAYS = 3_660

function firstOfMonth(day: string): string {
  return `${day.slice(0, 8)}01`
}

/**
 * Each preset ends today, except last month, last quarter and last year, which are the whole
 * calendar month, quarter (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec) or year before the current one.
 */
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
    case 'lastQuarter': {
      const month = Number(today.slice(5, 7))
      const quarterStartMonth = month - ((month - 1) % 3)
      const quarterStart = `${today.slice(0, 5)}${String(quarterStartMonth).padStart(2, '0')}-01`
      const lastDay = addDays(quarterStart, -1)
      const lastMonth = Number(lastDay.slice(5, 7))
      return { from: `${lastDay.slice(0, 5)}${String(lastMonth - 2).padStart(2, '0')}-01`, to: lastDay }
    }
    case 'thisYear':
      return { from: `${today.slice(0, 4)}-01-01`, to: today }
    case 'lastYear': {
      const year = Number(today.slice(0, 4)) - 1
      return { from: `${year}-01-01`, to: `${year}-12-31` }
    }
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

export function periodFromSearch(params: URLSearchParams, today: string, fallback: Period = defaultPeriod(today)): Period {
  const from = params.get('from')
  const to = params.get('to')
  return isValidPeriod(from, to) ? { from: from!, to: to! } : fallback
}

/** The address keeps every other parameter as it was. */
export function withPeriod(params: URLSearchParams, period: Period): URLSearchParams {
  const next = new URLSearchParams(params)
  next.set('from', period.from)
  next.set('to', period.to)
  return next
}

/** The preset a period matches today, so the picker can say "7 ngày" rather than two dates. */
export function matchingPreset(period: Period, today: string, presets: readonly PeriodPreset[] = PERIOD_PRESETS): PeriodPreset | null {
  return (
    presets.find((preset) => {
      const candidate = presetPeriod(preset, today)
      return candidate.from === period.from && candidate.to === period.to
    }) ?? null
  )
}
