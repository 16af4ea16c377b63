import { describe, expect, it } from 'vitest'
import { defaultPeriod, matchingPreset, periodFromSearch, presetPeriod, withPeriod } from './period'

describe('a period of days', () => {
  it('starts as the last 30 days, today included', () => {
    expect(defaultPeriod('2026-03-05')).toEqual({ from: '2026-02-04', to: '2026-03-05' })
  })

  it('offers presets that end today, and last month as a whole month', () => {
    const today = '2026-03-05'
    expect(presetPeriod('today', today)).toEqual({ from: '2026-03-05', to: '2026-03-05' })
    expect(presetPeriod('last7', today)).toEqual({ from: '2026-02-27', to: '2026-03-05' })
    expect(presetPeriod('thisMonth', today)).toEqual({ from: '2026-03-01', to: '2026-03-05' })
    expect(presetPeriod('lastMonth', today)).toEqual({ from: '2026-02-01', to: '2026-02-28' })
    expect(presetPeriod('thisYear', today)).toEqual({ from: '2026-01-01', to: '2026-03-05' })
  })

  it('takes last quarter and last year as whole calendar quarters and years', () => {
    expect(presetPeriod('lastQuarter', '2026-03-05')).toEqual({ from: '2025-10-01', to: '2025-12-31' })
    expect(presetPeriod('lastQuarter', '2026-04-01')).toEqual({ from: '2026-01-01', to: '2026-03-31' })
    expect(presetPeriod('lastQuarter', '2026-09-30')).toEqual({ from: '2026-04-01', to: '2026-06-30' })
    expect(presetPeriod('lastQuarter', '2026-12-31')).toEqual({ from: '2026-07-01', to: '2026-09-30' })
    expect(presetPeriod('lastYear', '2026-03-05')).toEqual({ from: '2025-01-01', to: '2025-12-31' })
  })

  it('takes last month across the new year and in a leap February', () => {
    expect(presetPeriod('lastMonth', '2027-01-15')).toEqual({ from: '2026-12-01', to: '2026-12-31' })
    expect(presetPeriod('lastMonth', '2028-03-31')).toEqual({ from: '2028-02-01', to: '2028-02-29' })
  })

  it('reads the period from the address, and falls back to the default for anything it cannot use', () => {
    const today = '2026-03-05'
    expect(periodFromSearch(new URLSearchParams('from=2026-01-01&to=2026-01-31'), today)).toEqual({ from: '2026-01-01', to: '2026-01-31' })
    for (const search of ['', 'from=2026-01-01', 'from=2026-02-30&to=2026-03-01', 'from=2026-03-02&to=2026-03-01', 'from=01/01/2026&to=2026-01-31', 'from=2000-01-01&to=2026-01-01']) {
      expect(periodFromSearch(new URLSearchParams(search), today), search).toEqual(defaultPeriod(today))
    }
    const lastMonth = presetPeriod('lastMonth', today)
    expect(periodFromSearch(new URLSearchParams(''), today, lastMonth)).toEqual(lastMonth)
  })

  it('writes the period into the address without losing other parameters', () => {
    expect(withPeriod(new URLSearchParams('tab=x&from=2025-01-01'), { from: '2026-02-01', to: '2026-02-28' }).toString()).toBe('tab=x&from=2026-02-01&to=2026-02-28')
  })

  it('names the preset a period matches, and none for a period picked by hand', () => {
    expect(matchingPreset({ from: '2026-02-27', to: '2026-03-05' }, '2026-03-05')).toBe('last7')
    expect(matchingPreset({ from: '2026-02-26', to: '2026-03-05' }, '2026-03-05')).toBeNull()
    expect(matchingPreset({ from: '2026-03-05', to: '2026-03-05' }, '2026-03-05', ['lastMonth', 'thisYear'])).toBeNull()
  })
})
