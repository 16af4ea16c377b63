import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { call } from '../../api/client'
import type { Period } from '../../components/period'
import type { Language } from '../../i18n'

export const communeKeys = {
  all: ['commune'] as const,
  period: (period: Period) => ['commune', 'bundles', period.from, period.to] as const,
  every: ['commune', 'bundles', 'all'] as const,
}

/** The bundles of exactly this period: what the commune report adds up. */
export function usePeriodBundles(period: Period) {
  return useQuery({
    queryKey: communeKeys.period(period),
    queryFn: () => call('commune.listBundles', { from: period.from, to: period.to }),
    placeholderData: keepPreviousData,
  })
}

/** Every bundle kept, to point at the periods other than the one on screen. A commune has tens of sellers, not thousands. */
export function useAllBundles() {
  return useQuery({ queryKey: communeKeys.every, queryFn: () => call('commune.listBundles', {}) })
}

export function useRemoveBundle() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => call('commune.removeBundle', { id }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: communeKeys.all }),
  })
}

export function useExportCommuneReport() {
  return useMutation({
    mutationFn: (input: { period: Period; format: 'xlsx' | 'pdf'; language: Language }) =>
      call('commune.exportReport', { from: input.period.from, to: input.period.to, format: input.format, language: input.language }),
  })
}
