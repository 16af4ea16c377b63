import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { call } from '../../api/client'
import type { Period } from '../../components/period'

export const dashboardKeys = {
  all: ['reports', 'dashboard'] as const,
  period: (period: Period) => ['reports', 'dashboard', period.from, period.to] as const,
}

/**
 * The home screen's figures for a period. Orders, payments and stock change on other screens
 * without telling this one, so the figures are fetched again every time the screen opens
 * (staleTime 0); a new period keeps the previous figures on screen until its own arrive.
 */
export function useDashboard(period: Period) {
  return useQuery({
    queryKey: dashboardKeys.period(period),
    queryFn: () => call('reports.dashboard', { from: period.from, to: period.to }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  })
}
