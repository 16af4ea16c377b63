/**
 * A report's cells as the screen shows them, the way the report files print them
 * (src/main/reports/report-files.ts): `1.250.000 ₫`, `1.250`, `42,5 %`, `03/11/2026`; in English
 * `1,250,000 ₫`, `1,250`, `42.5%`. The screen and the PDF must read alike, or a manager comparing
 * them would wonder which one is right.
 */
import type { ReportDocumentDto } from '@shared/contract/reports'
import { formatDateVi } from '@shared/domain/calendar'
import { formatVnd } from '@shared/domain/money'
import type { Language } from '../../i18n'

export type ReportTable = ReportDocumentDto['tables'][number]
export type ReportColumn = ReportTable['columns'][number]
export type ReportCellKind = ReportColumn['kind']
export type ReportCell = ReportTable['rows'][number][string]

export function isNumericKind(kind: ReportCellKind): boolean {
  return kind === 'vnd' || kind === 'int' || kind === 'share'
}

const locale = (language: Language) => (language === 'vi' ? 'vi-VN' : 'en-US')

/**
 * A share with one decimal. Intl's vi-VN percent has no space before the sign, while Vietnamese
 * writes one; it is a no-break space so the sign never wraps away from its figure.
 */
export function formatShare(share: number, language: Language): string {
  const figure = new Intl.NumberFormat(locale(language), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share * 100)
  return language === 'vi' ? `${figure}\u00a0%` : `${figure}%`
}

/** Empty cells (a walk-in customer's phone, a share of nothing) show as a dash, like the rest of the app. */
export function formatCell(kind: ReportCellKind, value: ReportCell | undefined, language: Language, empty = '—'): string {
  if (value === null || value === undefined || value === '') return empty
  switch (kind) {
    case 'text':
      return String(value)
    case 'vnd':
      return typeof value === 'number' ? formatVnd(value, language) : String(value)
    case 'int':
      return typeof value === 'number' ? new Intl.NumberFormat(locale(language), { maximumFractionDigits: 0 }).format(value) : String(value)
    case 'share':
      return typeof value === 'number' ? formatShare(value, language) : String(value)
    case 'day':
      return typeof value === 'string' ? formatDateVi(value) : String(value)
  }
}

/** Sorting a column: numbers as numbers, days by date, text as Vietnamese is alphabetised; empty cells last. */
export function compareCells(kind: ReportCellKind, a: ReportCell | undefined, b: ReportCell | undefined): number {
  const aEmpty = a === null || a === undefined || a === ''
  const bEmpty = b === null || b === undefined || b === ''
  if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : aEmpty ? 1 : -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (kind === 'day') return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0
  return String(a).localeCompare(String(b), 'vi', { numeric: true, sensitivity: 'base' })
}
