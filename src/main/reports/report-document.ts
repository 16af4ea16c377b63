/**
 * A report as the file writers see it (report-files.ts): a title, a few lines saying whose and
 * for when, and one or more tables. Cell values are plain: text, integers (đồng or counts),
 * shares (0–1) or days. Headers come in the language the user reads, chosen by the caller.
 */
export type ReportCellKind = 'text' | 'vnd' | 'int' | 'share' | 'day'

export interface ReportColumn {
  readonly key: string
  readonly header: string
  readonly kind: ReportCellKind
  /** Relative width hint (characters); the writers fit the page or sheet. */
  readonly width?: number
}

export type ReportCell = string | number | null

export interface ReportTable {
  /** The sheet name in XLSX (at most 31 characters, no []:*?/\) and the heading in PDF. */
  readonly title: string
  readonly columns: readonly ReportColumn[]
  readonly rows: readonly Readonly<Record<string, ReportCell>>[]
  /** A last row of totals, in bold; keys as in `rows`. */
  readonly totals?: Readonly<Record<string, ReportCell>>
  /** A sentence under the table (what the figures mean, where they come from). */
  readonly note?: string
}

export interface ReportDocument {
  readonly title: string
  /** e.g. [{ label: 'Đơn vị', value: 'HTX Đa Tốn' }, { label: 'Kỳ báo cáo', value: '01/11/2026 – 30/11/2026' }]. */
  readonly meta: readonly { readonly label: string; readonly value: string }[]
  readonly tables: readonly ReportTable[]
  readonly language: 'vi' | 'en'
}
