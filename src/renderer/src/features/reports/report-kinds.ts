/**
 * Which reports there are, how the picker groups them, and which follow the chosen period.
 * The kind lives in the address (`?kind=…`) next to the period, so a link opens the same report.
 */
import { REPORT_KINDS, type ReportKind } from '@shared/contract/reports'

export const REPORT_GROUPS = [
  { key: 'sales', kinds: ['sales_by_product', 'sales_by_variant', 'sales_by_channel', 'sales_by_customer', 'sales_by_seller'] },
  { key: 'money', kinds: ['payments'] },
  { key: 'stock', kinds: ['stock_valuation', 'stock_movements'] },
  { key: 'ocop', kinds: ['ocop_certificates'] },
] as const satisfies readonly { key: string; kinds: readonly ReportKind[] }[]

export const DEFAULT_REPORT: ReportKind = 'sales_by_product'

/** Stock value is as of today and the certificate calendar is the whole calendar: the backend ignores the period for them. */
export const UNDATED_REPORTS = ['stock_valuation', 'ocop_certificates'] as const satisfies readonly ReportKind[]
export type UndatedReport = (typeof UNDATED_REPORTS)[number]

export function isUndated(kind: ReportKind): kind is UndatedReport {
  return (UNDATED_REPORTS as readonly ReportKind[]).includes(kind)
}

export function isReportKind(value: unknown): value is ReportKind {
  return typeof value === 'string' && (REPORT_KINDS as readonly string[]).includes(value)
}

export function kindFromSearch(params: URLSearchParams): ReportKind {
  const kind = params.get('kind')
  return isReportKind(kind) ? kind : DEFAULT_REPORT
}
