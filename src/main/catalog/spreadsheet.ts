/**
 * Reading and writing the tabular files people actually send each other: CSV (UTF-8, as
 * Excel's "CSV UTF-8" or Google Sheets write it; comma, semicolon or tab separated) and XLSX.
 */
import ExcelJS from 'exceljs'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { AppError } from '@shared/contract/errors'

export type SheetFormat = 'csv' | 'xlsx'

export interface SheetRow {
  /** The row number a person sees in Excel (header = 1). */
  readonly rowNumber: number
  readonly cells: readonly string[]
}

export interface Sheet {
  readonly header: readonly string[]
  readonly rows: readonly SheetRow[]
}

export function detectFormat(fileName: string, bytes: Buffer): SheetFormat {
  const lower = fileName.toLowerCase()
  if (lower.endsWith('.xls')) {
    throw fileError('xls_not_supported', 'Old .xls files are not supported: save the file as .xlsx or CSV UTF-8')
  }
  // An XLSX file is a ZIP archive: "PK\x03\x04".
  const isZip = bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  if (lower.endsWith('.xlsx') || isZip) return 'xlsx'
  if (lower.endsWith('.csv') || lower.endsWith('.txt') || lower.endsWith('.tsv')) return 'csv'
  throw fileError('file_type', `Unsupported file type: ${fileName} (use .xlsx or .csv)`)
}

export function fileError(code: string, message: string, params?: Record<string, string | number>): AppError {
  return new AppError('VALIDATION', message, { rows: [{ row: 1, column: null, code, message, ...(params && { params }) }], totalErrors: 1 })
}

/**
 * Every row of the file, blank ones included for CSV (XLSX omits rows that were never written),
 * with no header taken and no row limit: bank and carrier statements put a preamble (bank name,
 * account, period) above their real header, so the caller decides where the table starts, and
 * a month of COD remittances can be long. Cells are text: an XLSX number is its decimal digits
 * (`String(n)`, no grouping), a date cell is `Date.toISOString()` of the wall-clock time typed in
 * Excel (exceljs reads Excel's zone-less serial as UTC), and a formula gives its cached result.
 */
export async function readTable(fileName: string, bytes: Buffer): Promise<SheetRow[]> {
  const format = detectFormat(fileName, bytes)
  return format === 'xlsx' ? await readXlsx(bytes) : readCsv(bytes)
}

export async function readSheet(fileName: string, bytes: Buffer): Promise<Sheet> {
  const table = await readTable(fileName, bytes)
  const headerIndex = table.findIndex((r) => r.cells.some((c) => c !== ''))
  if (headerIndex < 0) throw fileError('empty_file', 'The file has no rows')
  const headerRow = table[headerIndex]!
  return { header: headerRow.cells, rows: table.slice(headerIndex + 1).filter((r) => r.cells.some((c) => c !== '')) }
}

function readCsv(bytes: Buffer): SheetRow[] {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    // Excel's plain "CSV" on a Vietnamese Windows writes code page 1258, which would garble every tone mark.
    throw fileError('encoding', 'The file is not UTF-8: in Excel choose “Save as… CSV UTF-8”')
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  const delimiter = guessDelimiter(text)
  let records: string[][]
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: true, info: false }) as string[][]
  } catch (error) {
    const line = (error as { lines?: number }).lines
    throw fileError('csv_syntax', `The CSV file cannot be read${line ? ` near line ${line}` : ''}`, line ? { line } : undefined)
  }
  return records.map((cells, i) => ({ rowNumber: i + 1, cells: cells.map(unescapeFormula) }))
}

const DELIMITERS = [',', ';', '\t'] as const

/**
 * The separator that splits the first line into the most fields. A statement's first lines can be
 * a title with no separator at all ("SAO KÊ TÀI KHOẢN"), so lines without any are passed over
 * (up to 30); a file whose first line has one is read exactly as before this rule existed.
 */
function guessDelimiter(text: string): string {
  const lines = text.split(/\r?\n/, 30)
  const sample = lines.find((line) => DELIMITERS.some((d) => line.includes(d))) ?? lines[0] ?? ''
  return DELIMITERS.map((d) => ({ d, n: sample.split(d).length })).sort((a, b) => b.n - a.n)[0]!.d
}

async function readXlsx(bytes: Buffer): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw fileError('unreadable_file', 'The Excel file cannot be opened (damaged, or protected by a password)')
  }
  const sheet = workbook.worksheets.find((w) => w.state === 'visible' && w.rowCount > 0) ?? workbook.worksheets[0]
  if (!sheet) throw fileError('empty_file', 'The file has no rows')
  const rows: SheetRow[] = []
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = []
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value))
    rows.push({ rowNumber, cells })
  })
  return rows
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return value.trim()
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE'
  if (value instanceof Date) return value.toISOString()
  if ('richText' in value) return value.richText.map((r) => r.text).join('').trim()
  if ('result' in value) return cellText((value.result ?? '') as ExcelJS.CellValue)
  if ('text' in value) return String(value.text).trim()
  if ('error' in value) return ''
  return String(value).trim()
}

/**
 * A cell starting with = + @ (or a dash glued to text) is run as a formula when a CSV is
 * opened in Excel; export quotes such cells with a leading apostrophe and import removes it.
 */
const FORMULA_START = /^(?:[=+@\t\r]|-(?=\S))/
function escapeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}
function unescapeFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text
}

export interface SheetColumn {
  readonly header: string
  readonly width: number
  readonly numeric?: boolean
}

export async function writeSheet(format: SheetFormat, sheetName: string, columns: readonly SheetColumn[], rows: readonly (readonly (string | number | null)[])[]): Promise<Buffer> {
  if (format === 'csv') {
    const body = stringify([columns.map((c) => c.header), ...rows.map((r) => r.map((v) => (typeof v === 'string' ? escapeFormula(v) : (v ?? ''))))], {
      record_delimiter: 'windows',
    })
    // The BOM makes Excel read the file as UTF-8 instead of the Windows code page.
    return Buffer.from(`\uFEFF${body}`, 'utf8')
  }
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'OCOP Storefront'
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width, ...(c.numeric && { style: { numFmt: '#,##0' } }) }))
  sheet.getRow(1).font = { bold: true }
  for (const r of rows) sheet.addRow(r.map((v) => v ?? null))
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
