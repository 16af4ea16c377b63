/**
 * A report as the file writers (report-files.ts) and the screen see it: a title, a few lines
 * saying whose and for when (e.g. "Đơn vị: HTX Đa Tốn", "Kỳ báo cáo: 01/11/2026 – 30/11/2026"),
 * and one or more tables. The shape is the contract's `reportDocumentDto`, so what the screen
 * shows and what the files carry is one value.
 *
 * - A table's `title` is its sheet name in XLSX (at most 31 characters there) and its heading in
 *   PDF; `totals` is a last row in bold, keyed like `rows`; `note` a sentence under the table.
 * - Cells are plain: text, integers (đồng or counts), shares (0–1) or days (YYYY-MM-DD); a
 *   column's `kind` says which, and `width` is a relative hint in characters.
 * - Headers come in the language the user reads, chosen by whoever builds the document.
 */
import type { ReportDocumentDto } from '@shared/contract/reports'

export type ReportDocument = ReportDocumentDto
export type ReportTable = ReportDocument['tables'][number]
export type ReportColumn = ReportTable['columns'][number]
export type ReportCellKind = ReportColumn['kind']
export type ReportCell = ReportTable['rows'][number][string]
