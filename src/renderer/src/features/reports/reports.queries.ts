import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query'
import type { ReportKind } from '@shared/contract/reports'
import { call } from '../../api/client'
import type { Period } from '../../components/period'
import type { Language } from '../../i18n'

export const reportKeys = {
  all: ['reports'] as const,
  report: (kind: ReportKind, period: Period, language: Language) => ['reports', 'report', kind, period.from, period.to, language] as const,
  identity: ['reports', 'identity'] as const,
}

/**
 * One report as the screen shows it, headers in the UI's language. Sales, payments and stock
 * change on other screens without telling this one, so it is fetched again whenever the screen
 * opens (staleTime 0); a new report or period keeps the previous one on screen until it arrives.
 */
export function useReport(kind: ReportKind, period: Period, language: Language) {
  return useQuery({
    queryKey: reportKeys.report(kind, period, language),
    queryFn: () => call('reports.getReport', { kind, from: period.from, to: period.to, language }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  })
}

export function useExportReport() {
  return useMutation({
    mutationFn: (input: { kind: ReportKind; period: Period; language: Language; format: 'xlsx' | 'pdf' }) =>
      call('reports.exportReport', { kind: input.kind, from: input.period.from, to: input.period.to, language: input.language, format: input.format }),
  })
}

/** The installation's key fingerprint never changes once made, so it is read once per session. */
export function useIdentity() {
  return useQuery({ queryKey: reportKeys.identity, queryFn: () => call('reports.getIdentity', {}), staleTime: Infinity })
}

export function useExportSellerBundle() {
  return useMutation({ mutationFn: (period: Period) => call('reports.exportSellerBundle', { from: period.from, to: period.to }) })
}
