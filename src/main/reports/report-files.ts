/**
 * A report (report-document.ts) as the two files people take away: an XLSX workbook to work on
 * in Excel and a PDF to print, send or file.
 *
 * XLSX: one worksheet per table, holding values rather than text (đồng and counts as numbers,
 * shares as fractions, days as dates) so the figures can be summed, sorted and charted; the
 * number formats do the presenting. No cell holds a formula: the totals are the ones the report
 * computed, so the file shows exactly what the app showed, and a formula-free workbook has
 * nothing to recalculate or to run when opened.
 *
 * PDF: A4 with Be Vietnam Pro (../pdf/fonts), figures formatted the Vietnamese way, text measured
 * with the embedded font so nothing leaves its cell (wrapped, then cut with "…"), long tables
 * carried over pages with their header row repeated, and every page numbered "Trang x/y".
 *
 * Both files say so in words when a table has no rows, rather than leaving a bare header.
 */
import ExcelJS from 'exceljs'
import PDFDocument from 'pdfkit'
import { AppError } from '@shared/contract/errors'
import { formatVnd } from '@shared/domain/money'
import { FONT_BOLD, FONT_REGULAR, registerFonts, type PdfFontName } from '../pdf/fonts'
import { fitSize, measurer, truncate, wrap, type Measure } from '../pdf/text-fit'
import type { ReportCell, ReportCellKind, ReportColumn, ReportDocument, ReportTable } from './report-document'

/** Written as the author of both files: the product name people see on their screens. */
const CREATOR = 'Gian hàng số OCOP'

type Language = ReportDocument['language']

interface Captions {
  readonly empty: string
  readonly untitledTable: string
  readonly continued: string
  readonly page: (page: number, pages: number) => string
}

const CAPTIONS: Readonly<Record<Language, Captions>> = {
  vi: {
    empty: 'Không có số liệu trong kỳ.',
    untitledTable: 'Bảng',
    continued: 'tiếp theo',
    page: (page, pages) => `Trang ${page}/${pages}`,
  },
  en: {
    empty: 'No figures for this period.',
    untitledTable: 'Table',
    continued: 'continued',
    page: (page, pages) => `Page ${page} of ${pages}`,
  },
}

export interface ReportFileOptions {
  /** Stored as the file's creation date; fixed in tests so the PDF comes out byte-for-byte the same. */
  readonly createdAt?: Date
}

// ---------------------------------------------------------------------------------------------
// Checking and cleaning the input

/**
 * C0 control characters other than tab and line breaks: XML 1.0 (the XLSX parts) cannot hold
 * them at all, and in a PDF they would draw as missing-glyph boxes.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g

/** NFC, because precomposed Vietnamese letters map one-to-one to the font's glyphs and read back as typed. */
function cleanText(text: string): string {
  return text.normalize('NFC').replace(CONTROL_CHARACTERS, '')
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** The day at UTC midnight, or null when `text` is not a real YYYY-MM-DD day (2026-02-30 is not). */
function parseDay(text: string): Date | null {
  const match = ISO_DAY.exec(text)
  if (!match) return null
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null
}

/**
 * A cell of the wrong kind (a string in a đồng column, a day that is not YYYY-MM-DD) is a bug in
 * the code that built the report, not something the user can fix; it stops the export rather
 * than producing a file whose figures would be text Excel cannot add up.
 */
function wrongCell(table: string, column: string, row: number | 'totals', expected: string): never {
  throw new AppError('INTERNAL', `Report table "${table}", column ${column}, row ${row}: expected ${expected}`, { reason: 'report.invalid_cell', table, column, row })
}

function cleanCell(table: ReportTable, column: ReportColumn, value: ReportCell | undefined, row: number | 'totals'): ReportCell {
  if (value === null || value === undefined) return null
  switch (column.kind) {
    case 'text':
      if (typeof value === 'number') return Number.isFinite(value) ? String(value) : wrongCell(table.title, column.key, row, 'text')
      return typeof value === 'string' ? cleanText(value) : wrongCell(table.title, column.key, row, 'text')
    case 'vnd':
    case 'int':
    case 'share':
      return typeof value === 'number' && Number.isFinite(value) ? value : wrongCell(table.title, column.key, row, `a finite number (${column.kind})`)
    case 'day':
      return typeof value === 'string' && parseDay(value) !== null ? value : wrongCell(table.title, column.key, row, 'a YYYY-MM-DD day')
    default:
      return assertNever(column.kind)
  }
}

function assertNever(value: never): never {
  throw new AppError('INTERNAL', `Unknown report cell kind ${String(value)}`)
}

type Cells = Readonly<Record<string, ReportCell>>

interface CleanTable extends Omit<ReportTable, 'rows' | 'totals'> {
  readonly rows: readonly Cells[]
  readonly totals?: Cells
}

interface CleanDocument extends Omit<ReportDocument, 'tables'> {
  readonly tables: readonly CleanTable[]
}

function cleanDocument(document: ReportDocument): CleanDocument {
  const cleanRow = (table: ReportTable, cells: Cells, row: number | 'totals'): Cells =>
    Object.fromEntries(table.columns.map((column) => [column.key, cleanCell(table, column, cells[column.key], row)]))
  return {
    title: cleanText(document.title),
    meta: document.meta.map((line) => ({ label: cleanText(line.label), value: cleanText(line.value) })),
    language: document.language === 'en' ? 'en' : 'vi',
    tables: document.tables.map((table) => ({
      title: cleanText(table.title),
      columns: table.columns.map((column) => ({ ...column, header: cleanText(column.header) })),
      rows: table.rows.map((cells, index) => cleanRow(table, cells, index + 1)),
      ...(table.totals && { totals: cleanRow(table, table.totals, 'totals') }),
      ...(table.note !== undefined && cleanText(table.note).trim() !== '' && { note: cleanText(table.note).trim() }),
    })),
  }
}

// ---------------------------------------------------------------------------------------------
// Figures as people read them

const isNumeric = (kind: ReportCellKind) => kind === 'vnd' || kind === 'int' || kind === 'share'

const INTEGER_FORMAT: Readonly<Record<Language, Intl.NumberFormat>> = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }),
}
const PERCENT_FIGURE: Readonly<Record<Language, Intl.NumberFormat>> = {
  vi: new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
}

/**
 * A cell as printed: `1.250.000 ₫`, `1.250`, `42,5 %`, `03/11/2026` (English documents group
 * with commas: `1,250,000 ₫`, `42.5%`). Intl's vi-VN percent has no space before the sign, so
 * the Vietnamese form is built by hand; the space before % and before ₫ is a no-break one, so a
 * sign never wraps away from its figure.
 */
function displayCell(kind: ReportCellKind, value: ReportCell, language: Language): string {
  if (value === null) return ''
  switch (kind) {
    case 'text':
      return String(value)
    case 'vnd':
      // formatVnd separates the sign with an ordinary space; a no-break one keeps ₫ on its figure's line.
      return formatVnd(Number(value), language).replace(/\s₫/u, '\u00a0₫')
    case 'int':
      return INTEGER_FORMAT[language].format(Number(value))
    case 'share': {
      const figure = PERCENT_FIGURE[language].format(Number(value) * 100)
      return language === 'vi' ? `${figure}\u00a0%` : `${figure}%`
    }
    case 'day': {
      const [year, month, day] = String(value).split('-')
      return `${day}/${month}/${year}`
    }
    default:
      return assertNever(kind)
  }
}

// ---------------------------------------------------------------------------------------------
// XLSX

/**
 * Number formats. `#,##0` groups with whatever separator the reader's Excel uses (dots in a
 * Vietnamese Excel), so đồng read `1.250.000 ₫` there; the sign is a quoted literal, which
 * every spreadsheet program shows as is, unlike a currency code such as [$₫-42A].
 */
const XLSX_FORMATS: Readonly<Record<Exclude<ReportCellKind, 'text'>, string>> = {
  vnd: '#,##0 "₫"',
  int: '#,##0',
  share: '0.0%',
  day: 'dd/mm/yyyy',
}

/** Excel refuses a sheet name longer than this or holding any of these characters. */
const SHEET_NAME_MAX = 31
const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/g

/** Column widths in characters: narrow enough to see several columns, wide enough for a product name. */
const XLSX_WIDTH_MIN = 8
const XLSX_WIDTH_MAX = 60

const HEADER_FILL = 'FFE3E8EE'

/**
 * A name per table that Excel accepts: forbidden characters become "-", at most 31 characters
 * (cut between words when one ends near the limit, never inside a code point), no apostrophe at
 * either end, not "History" (Excel keeps it for
 * change tracking), and unique ignoring case, as Excel compares sheet names, with " (2)"… added.
 */
export function reportSheetNames(titles: readonly string[], language: Language): string[] {
  const used = new Set<string>()
  const cut = (text: string, length: number) => {
    const chars = [...text]
    let kept = chars.slice(0, length).join('')
    // Cut between words when a word boundary is near, as a person shortening the name would.
    const lastSpace = kept.lastIndexOf(' ')
    if (chars.length > length && chars[length] !== ' ' && lastSpace >= kept.length - 12) kept = kept.slice(0, lastSpace)
    return kept.trim().replace(/^'+|'+$/g, '').trim()
  }
  return titles.map((title, index) => {
    let base = cut(cleanText(title).replace(/\s+/g, ' ').replace(SHEET_NAME_FORBIDDEN, '-'), SHEET_NAME_MAX)
    if (base === '') base = `${CAPTIONS[language].untitledTable} ${index + 1}`
    let name = base
    for (let n = 2; used.has(name.toLowerCase()) || name.toLowerCase() === 'history'; n++) {
      const suffix = ` (${n})`
      name = `${cut(base, SHEET_NAME_MAX - suffix.length)}${suffix}`
    }
    used.add(name.toLowerCase())
    return name
  })
}

export async function writeReportXlsx(document: ReportDocument, options: ReportFileOptions = {}): Promise<Buffer> {
  const report = cleanDocument(document)
  const workbook = new ExcelJS.Workbook()
  workbook.creator = CREATOR
  workbook.lastModifiedBy = CREATOR
  workbook.created = options.createdAt ?? new Date()
  workbook.modified = workbook.created
  workbook.title = report.title
  // There is no formula anywhere, so there is nothing for Excel to compute when the file opens.
  workbook.calcProperties.fullCalcOnLoad = false

  // A workbook needs at least one sheet; a report without tables still says whose and for when.
  const tables: readonly CleanTable[] = report.tables.length > 0 ? report.tables : [{ title: report.title, columns: [], rows: [] }]
  const names = reportSheetNames(
    tables.map((table) => table.title),
    report.language,
  )
  tables.forEach((table, index) => addReportSheet(workbook, names[index]!, report, table))
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

function addReportSheet(workbook: ExcelJS.Workbook, name: string, report: CleanDocument, table: CleanTable): void {
  const columnCount = Math.max(1, table.columns.length)
  const headerRow = report.meta.length + 3
  const sheet = workbook.addWorksheet(name, {
    // Frozen below the header row: the column names stay in view however far down one scrolls.
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }],
    pageSetup: {
      // ExcelJS declares PaperSize as an ambient const enum, which isolated modules cannot read; 9 is A4.
      paperSize: 9 as ExcelJS.PaperSize,
      orientation: table.columns.length > PORTRAIT_MAX_COLUMNS ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${headerRow}:${headerRow}`,
    },
  })

  const title = sheet.getCell(1, 1)
  title.value = report.title
  title.font = { bold: true, size: 14 }
  report.meta.forEach((line, index) => {
    sheet.getCell(2 + index, 1).value = `${line.label}: ${line.value}`
  })

  table.columns.forEach((column, index) => {
    const cell = sheet.getCell(headerRow, index + 1)
    cell.value = column.header
    cell.font = { bold: true }
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } }
    cell.border = { bottom: { style: 'thin' } }
    cell.alignment = { vertical: 'middle', wrapText: true, horizontal: isNumeric(column.kind) ? 'right' : 'left' }
  })

  let rowNumber = headerRow
  for (const cells of table.rows) writeXlsxRow(sheet, ++rowNumber, table.columns, cells)
  if (table.rows.length > 0) {
    // The filter covers the header and the rows, not the totals: sorting must not move them.
    sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: rowNumber, column: columnCount } }
  } else {
    const cell = sheet.getCell(++rowNumber, 1)
    cell.value = CAPTIONS[report.language].empty
    cell.font = { italic: true }
  }
  if (table.totals) {
    writeXlsxRow(sheet, ++rowNumber, table.columns, table.totals)
    for (let column = 1; column <= columnCount; column++) {
      const cell = sheet.getCell(rowNumber, column)
      cell.font = { bold: true }
      cell.border = { top: { style: 'thin' } }
    }
  }
  if (table.note) {
    rowNumber += 2
    const cell = sheet.getCell(rowNumber, 1)
    cell.value = table.note
    cell.font = { italic: true }
  }

  table.columns.forEach((column, index) => {
    sheet.getColumn(index + 1).width = xlsxColumnWidth(column, table, report.language)
  })
}

function writeXlsxRow(sheet: ExcelJS.Worksheet, rowNumber: number, columns: readonly ReportColumn[], cells: Cells): void {
  columns.forEach((column, index) => {
    const value = cells[column.key] ?? null
    if (value === null || value === '') return
    const cell = sheet.getCell(rowNumber, index + 1)
    if (column.kind === 'text') {
      cell.value = String(value)
      return
    }
    // UTC midnight: ExcelJS turns a Date into a serial day from its UTC time, so the cell holds
    // that very day whatever the time zone of the computer writing or reading the file.
    cell.value = column.kind === 'day' ? parseDay(String(value)) : Number(value)
    cell.numFmt = XLSX_FORMATS[column.kind]
  })
}

/** The hint if there is one, else the longest header or value as shown, plus room for the filter button. */
function xlsxColumnWidth(column: ReportColumn, table: CleanTable, language: Language): number {
  const shown = [...table.rows, ...(table.totals ? [table.totals] : [])].map((cells) => displayCell(column.kind, cells[column.key] ?? null, language))
  const natural = Math.max(column.header.length + 3, ...shown.map((text) => text.length + 2))
  const wanted = column.width ?? natural
  return Math.min(XLSX_WIDTH_MAX, Math.max(XLSX_WIDTH_MIN, Math.round(wanted)))
}

// ---------------------------------------------------------------------------------------------
// PDF

/** A4 in points (210 × 297 mm). */
const A4 = { short: 595.28, long: 841.89 } as const
const MARGIN = 36
/** Above this many columns a table reads better across the long side of the page. */
const PORTRAIT_MAX_COLUMNS = 6

const SIZE = { title: 16, meta: 9.5, heading: 11.5, body: 8.5, note: 7.5, footer: 7.5, minFigure: 6 } as const
const CELL_PAD_X = 4
const CELL_PAD_Y = 3
/** Line pitch as a multiple of the font size (see LINE_PITCH in ../labels/label-pdf for the metrics). */
const LINE_PITCH = 1.22
/** A name longer than this many lines is cut with "…": a row stays a row, not a paragraph. */
const MAX_CELL_LINES = 3
/** A text column is not squeezed narrower than this unless the whole table has to shrink. */
const MIN_TEXT_WIDTH = 56
/** A long name wraps rather than making its column take the page. */
const MAX_NATURAL_TEXT_WIDTH = 220

const COLOR = { text: '#1a1a1a', muted: '#5c6670', headerFill: '#e3e8ee', zebra: '#f4f6f8', totalsFill: '#eef1f4', rule: '#8a96a3' } as const

interface PageFrame {
  readonly width: number
  readonly height: number
  readonly contentWidth: number
  /** Content stops here; the footer sits in the bottom margin below it. */
  readonly bottom: number
}

interface PlannedColumn {
  readonly column: ReportColumn
  readonly x: number
  readonly width: number
  readonly numeric: boolean
}

interface PlannedCell {
  readonly lines: readonly string[]
  readonly font: PdfFontName
  readonly size: number
}

interface PlannedRow {
  readonly cells: readonly PlannedCell[]
  readonly height: number
}

export async function writeReportPdf(document: ReportDocument, options: ReportFileOptions = {}): Promise<Buffer> {
  const report = cleanDocument(document)
  const captions = CAPTIONS[report.language]
  const pdf = new PDFDocument({
    autoFirstPage: false,
    // The page numbers need the page count, known only at the end: keep every page open till then.
    bufferPages: true,
    // Margins are kept by the layout below; pdfkit's own would add pages behind its back.
    margin: 0,
    lang: report.language === 'vi' ? 'vi-VN' : 'en',
    info: { Title: report.title, Creator: CREATOR, Producer: CREATOR, CreationDate: options.createdAt ?? new Date() },
  })
  await registerFonts(pdf)
  const done = collect(pdf)
  const measure = measurer(pdf)

  const widths = report.tables.map((table) => table.columns.map((column) => columnWidths(measure, table, column, report.language)))
  const portraitWidth = A4.short - 2 * MARGIN
  const landscape = report.tables.some(
    (table, index) => table.columns.length > PORTRAIT_MAX_COLUMNS || sum(widths[index]!.map((width) => width.want)) > portraitWidth,
  )
  const [width, height] = landscape ? [A4.long, A4.short] : [A4.short, A4.long]
  const frame: PageFrame = { width, height, contentWidth: width - 2 * MARGIN, bottom: height - MARGIN }

  const writer = new PdfReportWriter(pdf, measure, frame, captions)
  writer.newPage()
  writer.documentHeading(report)
  report.tables.forEach((table, index) => writer.table(table, planColumns(table, widths[index]!, frame.contentWidth), report.language))
  writer.footers(report.title)
  pdf.end()
  return done
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0)

/** What a column needs and what it would like, padding included (see planColumns). */
interface ColumnWidths {
  readonly floor: number
  readonly want: number
}

/**
 * A figure or a day is never cut, so its widest value is its floor, as is the longest word of
 * its header (headers wrap between words); it would like its whole header on one line. A text
 * column would like the caller's hint (in characters of the body font), else its longest text up
 * to a cap, and can be squeezed to MIN_TEXT_WIDTH since its text wraps.
 */
function columnWidths(measure: Measure, table: CleanTable, column: ReportColumn, language: Language): ColumnWidths {
  const headerWord = column.header.split(/\s+/).reduce((widest, word) => Math.max(widest, measure(word, FONT_BOLD, SIZE.body)), 0)
  const wholeHeader = measure(column.header, FONT_BOLD, SIZE.body)
  let content = 0
  for (const cells of table.rows) content = Math.max(content, measure(displayCell(column.kind, cells[column.key] ?? null, language), FONT_REGULAR, SIZE.body))
  if (table.totals) content = Math.max(content, measure(displayCell(column.kind, table.totals[column.key] ?? null, language), FONT_BOLD, SIZE.body))
  const pad = 2 * CELL_PAD_X
  if (column.kind !== 'text') {
    const floor = Math.max(content, headerWord)
    return { floor: floor + pad, want: Math.max(floor, Math.min(wholeHeader, MAX_NATURAL_TEXT_WIDTH)) + pad }
  }
  const natural = column.width !== undefined ? column.width * averageCharacterWidth(measure) : Math.min(content, MAX_NATURAL_TEXT_WIDTH)
  const want = Math.max(natural, headerWord, Math.min(wholeHeader, MAX_NATURAL_TEXT_WIDTH)) + pad
  return { floor: Math.min(want, Math.max(MIN_TEXT_WIDTH, headerWord + pad)), want }
}

function averageCharacterWidth(measure: Measure): number {
  const sample = 'Sản phẩm nông nghiệp 0123456789'
  return measure(sample, FONT_REGULAR, SIZE.body) / [...sample].length
}

/**
 * Columns placed across the page's width. When every column can have what it would like, the
 * spare width goes to the text columns (to every column when there are none), so each table
 * spans the page. Otherwise each column gets its floor plus a share of what is left, in
 * proportion to how much more it would like. If even the floors do not fit, every column
 * shrinks in proportion, and figures are set smaller (fitSize) rather than cut.
 */
function planColumns(table: CleanTable, widths: readonly ColumnWidths[], available: number): PlannedColumn[] {
  const wantTotal = sum(widths.map((width) => width.want))
  const floorTotal = sum(widths.map((width) => width.floor))
  let planned: number[]
  if (wantTotal <= available) {
    const hasText = table.columns.some((column) => column.kind === 'text')
    const grows = table.columns.map((column) => !hasText || column.kind === 'text')
    const growTotal = sum(widths.filter((_, index) => grows[index]).map((width) => width.want))
    planned = widths.map((width, index) => (grows[index] ? width.want + ((available - wantTotal) * width.want) / growTotal : width.want))
  } else if (floorTotal <= available) {
    const share = (available - floorTotal) / (wantTotal - floorTotal)
    planned = widths.map((width) => width.floor + (width.want - width.floor) * share)
  } else {
    planned = widths.map((width) => (width.floor * available) / floorTotal)
  }
  let x = MARGIN
  return table.columns.map((column, index) => {
    const placed = { column, x, width: planned[index]!, numeric: isNumeric(column.kind) }
    x += planned[index]!
    return placed
  })
}

class PdfReportWriter {
  private y = MARGIN

  constructor(
    private readonly pdf: PDFKit.PDFDocument,
    private readonly measure: Measure,
    private readonly frame: PageFrame,
    private readonly captions: Captions,
  ) {}

  newPage(): void {
    this.pdf.addPage({ size: [this.frame.width, this.frame.height], margin: 0 })
    this.y = MARGIN
  }

  /** Starts a new page unless `height` more fits on this one (a full page always takes what it is given). */
  private room(height: number): void {
    if (this.y + height > this.frame.bottom && this.y > MARGIN) this.newPage()
  }

  documentHeading(report: CleanDocument): void {
    for (const line of wrap(this.measure, report.title, FONT_BOLD, SIZE.title, this.frame.contentWidth)) {
      this.room(SIZE.title * LINE_PITCH)
      this.text(line, FONT_BOLD, SIZE.title, MARGIN, this.y)
      this.y += SIZE.title * LINE_PITCH
    }
    this.y += 4
    const pitch = SIZE.meta * LINE_PITCH
    for (const { label, value } of report.meta) {
      const caption = `${label}: `
      const captionWidth = this.measure(caption, FONT_BOLD, SIZE.meta)
      // A label too long to hang the value beside it goes on its own line.
      const hanging = captionWidth <= this.frame.contentWidth * 0.4
      const valueX = hanging ? MARGIN + captionWidth : MARGIN
      const valueLines = wrap(this.measure, value, FONT_REGULAR, SIZE.meta, MARGIN + this.frame.contentWidth - valueX)
      const captionLines = hanging ? [caption.trimEnd()] : wrap(this.measure, caption.trimEnd(), FONT_BOLD, SIZE.meta, this.frame.contentWidth)
      for (const line of captionLines) {
        this.room(pitch)
        this.text(line, FONT_BOLD, SIZE.meta, MARGIN, this.y)
        if (!hanging) this.y += pitch
      }
      for (const [index, line] of valueLines.entries()) {
        if (index > 0 || !hanging) this.room(pitch)
        this.text(line, FONT_REGULAR, SIZE.meta, valueX, this.y)
        this.y += pitch
      }
      if (hanging && valueLines.length === 0) this.y += pitch
    }
    this.y += 12
  }

  table(table: CleanTable, columns: readonly PlannedColumn[], language: Language): void {
    const header = this.planRow(
      columns,
      columns.map((column) => column.column.header),
      FONT_BOLD,
      true,
    )
    const rows = table.rows.map((cells) =>
      this.planRow(
        columns,
        columns.map((column) => displayCell(column.column.kind, cells[column.column.key] ?? null, language)),
        FONT_REGULAR,
      ),
    )
    const totals =
      table.totals &&
      this.planRow(
        columns,
        columns.map((column) => displayCell(column.column.kind, table.totals![column.column.key] ?? null, language)),
        FONT_BOLD,
      )
    const emptyLines = wrap(this.measure, this.captions.empty, FONT_REGULAR, SIZE.body, this.frame.contentWidth - 2 * CELL_PAD_X)
    const emptyHeight = emptyLines.length * SIZE.body * LINE_PITCH + 2 * CELL_PAD_Y
    const headingHeight = SIZE.heading * LINE_PITCH + 4

    // The heading stays with the header row and the first row below it.
    const firstHeight = rows[0]?.height ?? emptyHeight
    this.room(headingHeight + header.height + firstHeight)
    this.heading(table.title)
    this.drawRow(columns, header, COLOR.headerFill)
    this.rule(0.6)

    const continueOnNewPage = (height: number) => {
      if (this.y + height <= this.frame.bottom) return
      this.newPage()
      this.heading(`${table.title} (${this.captions.continued})`, SIZE.body + 1)
      this.drawRow(columns, header, COLOR.headerFill)
      this.rule(0.6)
    }

    rows.forEach((row, index) => {
      continueOnNewPage(row.height)
      this.drawRow(columns, row, index % 2 === 1 ? COLOR.zebra : null)
    })
    if (rows.length === 0) {
      continueOnNewPage(emptyHeight)
      emptyLines.forEach((line, index) => this.text(line, FONT_REGULAR, SIZE.body, MARGIN + CELL_PAD_X, this.y + CELL_PAD_Y + index * SIZE.body * LINE_PITCH, COLOR.muted))
      this.y += emptyHeight
    }
    if (totals) {
      continueOnNewPage(totals.height)
      this.rule(0.8)
      this.drawRow(columns, totals, COLOR.totalsFill)
    }
    this.rule(0.6)

    if (table.note) {
      this.y += 4
      const pitch = SIZE.note * LINE_PITCH
      for (const line of wrap(this.measure, table.note, FONT_REGULAR, SIZE.note, this.frame.contentWidth)) {
        this.room(pitch)
        this.text(line, FONT_REGULAR, SIZE.note, MARGIN, this.y, COLOR.muted)
        this.y += pitch
      }
    }
    this.y += 16
  }

  /** "Trang x/y" (or "Page x of y") and the report's title at the foot of every page. */
  footers(title: string): void {
    const range = this.pdf.bufferedPageRange()
    const top = this.frame.height - MARGIN + 9
    for (let index = 0; index < range.count; index++) {
      this.pdf.switchToPage(range.start + index)
      const pageLabel = this.captions.page(index + 1, range.count)
      const labelWidth = this.measure(pageLabel, FONT_REGULAR, SIZE.footer)
      this.pdf
        .moveTo(MARGIN, top - 4)
        .lineTo(MARGIN + this.frame.contentWidth, top - 4)
        .lineWidth(0.4)
        .strokeColor(COLOR.rule)
        .stroke()
      this.text(truncate(this.measure, title, FONT_REGULAR, SIZE.footer, this.frame.contentWidth - labelWidth - 16), FONT_REGULAR, SIZE.footer, MARGIN, top, COLOR.muted)
      this.text(pageLabel, FONT_REGULAR, SIZE.footer, MARGIN + this.frame.contentWidth - labelWidth, top, COLOR.muted)
    }
  }

  private heading(title: string, size: number = SIZE.heading): void {
    const line = truncate(this.measure, title, FONT_BOLD, size, this.frame.contentWidth)
    this.text(line, FONT_BOLD, size, MARGIN, this.y)
    this.y += size * LINE_PITCH + 4
  }

  /**
   * Each cell's lines: text wraps to at most MAX_CELL_LINES, the last cut with "…"; figures stay
   * on one line and shrink to fit. Header cells are words, so they wrap in every column. The row
   * is as tall as its tallest cell at the body size.
   */
  private planRow(columns: readonly PlannedColumn[], texts: readonly string[], font: PdfFontName, isHeader = false): PlannedRow {
    const cells = columns.map((column, index): PlannedCell => {
      const text = texts[index] ?? ''
      const inner = column.width - 2 * CELL_PAD_X
      if (!isHeader && (column.numeric || column.column.kind === 'day')) {
        const size = fitSize(this.measure, text, font, SIZE.body, SIZE.minFigure, inner)
        return { lines: text === '' ? [] : [text], font, size }
      }
      let lines = wrap(this.measure, text, font, SIZE.body, inner)
      if (lines.length > MAX_CELL_LINES) {
        lines = lines.slice(0, MAX_CELL_LINES)
        lines[MAX_CELL_LINES - 1] = truncate(this.measure, lines[MAX_CELL_LINES - 1]!, font, SIZE.body, inner, true)
      }
      return { lines, font, size: SIZE.body }
    })
    const lineCount = Math.max(1, ...cells.map((cell) => cell.lines.length))
    return { cells, height: lineCount * SIZE.body * LINE_PITCH + 2 * CELL_PAD_Y }
  }

  private drawRow(columns: readonly PlannedColumn[], row: PlannedRow, fill: string | null): void {
    if (fill) this.pdf.rect(MARGIN, this.y, this.frame.contentWidth, row.height).fillColor(fill).fill()
    columns.forEach((column, index) => {
      const cell = row.cells[index]!
      cell.lines.forEach((line, lineIndex) => {
        // A figure set smaller keeps its baseline level with the rest of the row (ascender = 1 em).
        const y = this.y + CELL_PAD_Y + lineIndex * SIZE.body * LINE_PITCH + (SIZE.body - cell.size)
        const x = column.numeric ? column.x + column.width - CELL_PAD_X - this.measure(line, cell.font, cell.size) : column.x + CELL_PAD_X
        this.text(line, cell.font, cell.size, x, y)
      })
    })
    this.y += row.height
  }

  private rule(width: number): void {
    this.pdf
      .moveTo(MARGIN, this.y)
      .lineTo(MARGIN + this.frame.contentWidth, this.y)
      .lineWidth(width)
      .strokeColor(COLOR.rule)
      .stroke()
  }

  private text(text: string, font: PdfFontName, size: number, x: number, y: number, color: string = COLOR.text): void {
    if (text === '') return
    // lineBreak: false: every string has been measured to fit, and pdfkit must neither wrap it
    // again nor start a page of its own near the bottom.
    this.pdf.font(font).fontSize(size).fillColor(color).text(text, x, y, { lineBreak: false })
  }
}

function collect(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
    pdf.on('end', () => resolve(Buffer.concat(chunks)))
    pdf.on('error', reject)
  })
}
