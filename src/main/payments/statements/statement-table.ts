/**
 * Turning a bank or carrier statement (rows from `readTable`) into typed lines.
 *
 * Statements are exported by dozens of bank and carrier back-offices, each with its own preamble,
 * column titles and number formats, and none publishes a schema. So nothing here is keyed to a
 * particular bank: the header row and the columns are *guessed* from the words Vietnamese
 * statements use, the guess is shown to a person who can correct it, and every value is read by
 * tolerant parsers that still refuse anything they cannot read for certain. A row that cannot be
 * read is reported with a code; a row that is not a money-in line (a debit, a total, a signature
 * line) is listed as skipped with its reason. Nothing disappears without a trace.
 */
import { BANK_FIELDS, COD_FIELDS, type StatementKind } from '@shared/contract/payments'
import { addDays, isIsoDate, todayInVietnam } from '@shared/domain/calendar'
import { MAX_VND, type Vnd } from '@shared/domain/money'
import { foldVietnamese } from '@shared/domain/vietnamese'
import type { SheetRow } from '../../catalog/spreadsheet'

export type { StatementKind }
export type BankField = (typeof BANK_FIELDS)[number]
export type CodField = (typeof COD_FIELDS)[number]

/** 0-based column of each field, or null when the file has no such column. */
export type BankColumnMapping = Record<BankField, number | null>
export type CodColumnMapping = Record<CodField, number | null>

/** Money in, as printed on a bank statement. */
export interface BankStatementLine {
  /** The row number a person sees in Excel. */
  readonly rowNumber: number
  /** Calendar date of the transaction, 'YYYY-MM-DD'. */
  readonly date: string
  /** Always > 0: debits never become lines. */
  readonly amountVnd: Vnd
  /** The transfer description as printed ('' when the cell is empty). */
  readonly description: string
  readonly reference: string | null
}

/** One parcel on a carrier's COD remittance statement. */
export interface CodStatementLine {
  readonly rowNumber: number
  readonly orderNumber: string | null
  readonly trackingCode: string | null
  /** What the carrier collected for us (≥ 0: a prepaid parcel collects 0). */
  readonly codAmountVnd: Vnd
  /** The carrier's fee for the parcel. A fee printed as a deduction ("-22.000") is stored as 22000. */
  readonly feeVnd: Vnd | null
  readonly date: string | null
}


export type StatementRowErrorCode =
  | 'column_missing'
  | 'amount_missing'
  | 'amount_unreadable'
  | 'amount_fraction'
  | 'amount_negative'
  | 'credit_and_debit'
  | 'date_missing'
  | 'date_unreadable'
  | 'missing_reference'

export interface StatementRowError {
  readonly rowNumber: number
  readonly code: StatementRowErrorCode
  /** The field whose cell is at fault (or that is missing, for column_missing). */
  readonly column: BankField | CodField | null
  /** The cell as it is in the file, so a person can see what was refused. */
  readonly value: string | null
}

export type SkipReason = 'debit' | 'zero' | 'summary' | 'text_only'

export interface SkippedRow {
  readonly rowNumber: number
  readonly reason: SkipReason
}

export interface StatementTable<Line> {
  readonly lines: Line[]
  readonly errors: StatementRowError[]
  /** Rows that are not lines and not errors: debits, zero amounts, totals, signature lines. */
  readonly skipped: SkippedRow[]
  /** Rows skipped because they are money out (bank statements only). */
  readonly skippedDebits: number
}

export type BankStatementTable = StatementTable<BankStatementLine>
export type CodStatementTable = StatementTable<CodStatementLine>

// ---------------------------------------------------------------------------------------------
// Reading cells

export type CellReading<T, Code extends string> = { ok: true; value: T } | { ok: false; code: Code }

const CURRENCY_PREFIX = /^(?:vnd|vnđ|₫|đ)\s*/iu
const CURRENCY_SUFFIX = /\s*(?:₫|đ|vnd|vnđ|dong|đồng)$/iu

/**
 * Money as banks and carriers print it, to a signed whole number of đồng (null for an empty cell):
 * "1.500.000", "1,500,000", "1 500 000 ₫", "1.500.000 VND", "+1,500,000.00", "1.500.000,00",
 * "-200.000", "200.000-", "(200.000)" (accountants' negative), and the plain digits `readTable`
 * gives for a number cell.
 * - A separator followed by exactly three digits groups thousands; followed by one or two digits it
 *   is a decimal mark. Đồng has no fractions in practice, so only ",00"/".00"/",0" pass and any
 *   other fraction is `amount_fraction` rather than being rounded away.
 * - Grouping must be regular (1–3 digits, then groups of three, one separator kind), so
 *   "1.5000" or "1,500.000,000" are `amount_unreadable` instead of a guess.
 */
export function parseStatementAmount(text: string): CellReading<number | null, 'amount_unreadable' | 'amount_fraction'> {
  // U+2212 is the minus sign some exports print instead of a hyphen.
  let t = text.normalize('NFC').replace(/[\s\u00a0\u202f]+/g, ' ').replace(/\u2212/g, '-').trim()
  if (t === '') return { ok: true, value: null }
  let negative = false
  if (t.startsWith('(') && t.endsWith(')')) {
    negative = true
    t = t.slice(1, -1).trim()
  }
  t = t.replace(CURRENCY_SUFFIX, '').replace(CURRENCY_PREFIX, '').trim()
  if (/^[+-]/.test(t)) {
    negative = negative !== t.startsWith('-')
    t = t.slice(1).trim()
  } else if (/\d-$/.test(t)) {
    negative = true
    t = t.slice(0, -1)
  }
  t = t.replace(CURRENCY_SUFFIX, '').replace(CURRENCY_PREFIX, '').trim()
  if (!/^\d[\d., ]*$/.test(t)) return { ok: false, code: 'amount_unreadable' }

  let whole = t
  let decimalMark: string | null = null
  const decimal = /^(.*\d)([.,])(\d{1,2})$/.exec(t)
  if (decimal) {
    if (/[1-9]/.test(decimal[3]!)) return { ok: false, code: 'amount_fraction' }
    whole = decimal[1]!
    decimalMark = decimal[2]!
  }
  if (!/^\d+$/.test(whole)) {
    const grouped = /^\d{1,3}(?:([., ])\d{3})(?:\1\d{3})*$/.exec(whole)
    if (!grouped || grouped[1] === decimalMark) return { ok: false, code: 'amount_unreadable' }
  }
  const value = Number(whole.replace(/\D/g, ''))
  if (!Number.isSafeInteger(value) || value > MAX_VND) return { ok: false, code: 'amount_unreadable' }
  return { ok: true, value: negative && value !== 0 ? -value : value }
}

/** The exact form `readTable` gives an Excel date cell: `Date.toISOString()`. */
const EXCEL_CELL_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const ZONED_TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i
const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?$/
const TIME = String.raw`\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?`
const DAY_FIRST = new RegExp(String.raw`^(?:${TIME}\s+)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:,?\s+${TIME})?$`, 'i')
/** Excel's 1900 date system counts days from 1899-12-30 (it keeps Lotus's phantom 29 Feb 1900). */
const EXCEL_EPOCH = '1899-12-30'
/** Serials 20000–79999 (1954-10-03 … 2119-01-10): a bare number outside is not taken for a date. */
const EXCEL_SERIAL = /^(\d{5})(?:\.\d+)?$/

/**
 * A statement date, to the calendar date in Vietnam ('YYYY-MM-DD'; null for an empty cell).
 * Accepts dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy (day first, as every Vietnamese bank prints it, so
 * 05/03/2026 is 5 March), each optionally with a time before or after; yyyy-mm-dd with an
 * optional time; ISO timestamps with a zone; Excel date cells; and Excel serial day numbers.
 *
 * Zones: a timestamp with an explicit zone is an instant and is moved to UTC+7 (17:30Z on the 4th is
 * the 5th in Vietnam). Excel has no zones: exceljs hands over the wall-clock time typed in the cell
 * as if it were UTC, which `readTable` writes with `toISOString()` — so that exact form
 * (milliseconds and 'Z') keeps its date as written. The price: a CSV that wrote real UTC instants
 * in exactly that form would be read up to 7 hours off; bank and carrier exports print local
 * dates, so the Excel case is the one worth getting right.
 */
export function parseStatementDate(text: string): CellReading<string | null, 'date_unreadable'> {
  const t = text.trim()
  if (t === '') return { ok: true, value: null }
  const unreadable = { ok: false, code: 'date_unreadable' } as const

  if (EXCEL_CELL_DATE.test(t)) {
    // A serial read back as a float can land a millisecond before midnight; round to the second.
    const ms = Math.round(Date.parse(t) / 1000) * 1000
    return Number.isFinite(ms) ? { ok: true, value: new Date(ms).toISOString().slice(0, 10) } : unreadable
  }
  if (ZONED_TIMESTAMP.test(t)) {
    const ms = Date.parse(t.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
    return Number.isFinite(ms) ? { ok: true, value: todayInVietnam(ms) } : unreadable
  }
  const yearFirst = YEAR_FIRST.exec(t)
  if (yearFirst) return calendarDate(yearFirst[1]!, yearFirst[2]!, yearFirst[3]!)
  const dayFirst = DAY_FIRST.exec(t)
  if (dayFirst) return calendarDate(dayFirst[3]!, dayFirst[2]!, dayFirst[1]!)
  const serial = EXCEL_SERIAL.exec(t)
  if (serial && Number(serial[1]) >= 20_000 && Number(serial[1]) < 80_000) {
    return { ok: true, value: addDays(EXCEL_EPOCH, Number(serial[1])) }
  }
  return unreadable
}

function calendarDate(year: string, month: string, day: string): CellReading<string, 'date_unreadable'> {
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  return isIsoDate(iso) ? { ok: true, value: iso } : { ok: false, code: 'date_unreadable' }
}

// ---------------------------------------------------------------------------------------------
// Guessing the header row and the columns

/**
 * How a column title is recognised. Titles are compared folded (lower case, no tone marks, đ → d,
 * punctuation as spaces) and as whole words, so "Số tiền ghi có (VND)" matches "ghi co".
 * `start`: the title must begin with the phrase ("Phí" is a fee; "Tiền thu hộ sau phí" is not).
 */
interface ColumnRule<F extends string> {
  field: F
  /** In priority order: the first phrase found in any free column wins. */
  phrases: readonly string[]
  start?: readonly string[]
  /** Matched against the title with its tone marks, because folding makes "Nợ" the English "No.". */
  accented?: RegExp
}

/** Rules run in this order and each column is taken once, so "Số tiền ghi nợ" goes to debit before amount can see "số tiền". */
const BANK_RULES: readonly ColumnRule<BankField>[] = [
  { field: 'debit', phrases: ['ghi no', 'phat sinh no', 'so tien no', 'tien ra', 'debit', 'withdrawal', 'withdrawals'], accented: /^nợ(?:\s|\(|$)/u },
  { field: 'credit', phrases: ['ghi co', 'phat sinh co', 'so tien co', 'tien vao', 'credit', 'deposit', 'deposits'], accented: /^có(?:\s|\(|$)/u },
  {
    field: 'reference',
    phrases: [
      ...['so tham chieu', 'ma tham chieu', 'ma giao dich', 'so giao dich', 'ma gd', 'so gd', 'so but toan', 'so chung tu', 'so ct'],
      ...['reference', 'ref no', 'transaction id', 'trans id'],
    ],
  },
  { field: 'description', phrases: ['noi dung', 'dien giai', 'mo ta', 'chi tiet giao dich', 'description', 'details', 'remark', 'remarks', 'narrative'] },
  {
    field: 'date',
    phrases: [
      ...['ngay giao dich', 'ngay gd', 'transaction date', 'thoi gian giao dich'],
      ...['ngay hach toan', 'posting date', 'ngay hieu luc', 'effective date', 'value date'],
      ...['ngay', 'date', 'thoi gian'],
    ],
  },
  { field: 'amount', phrases: ['so tien giao dich', 'so tien', 'amount', 'gia tri', 'phat sinh'] },
]

const COD_RULES: readonly ColumnRule<CodField>[] = [
  { field: 'fee', phrases: ['shipping fee', 'service fee', 'cod fee', 'fee'], start: ['tong phi', 'tong cuoc', 'phi', 'cuoc'] },
  { field: 'codAmount', phrases: ['tien thu ho', 'so tien thu ho', 'thu ho', 'cod amount', 'tien cod', 'cod', 'collected amount', 'tien hang'] },
  { field: 'trackingCode', phrases: ['ma van don', 'so van don', 'van don', 'ma vd', 'tracking', 'awb', 'ma bill', 'ma buu gui', 'so hieu buu gui'] },
  {
    field: 'orderNumber',
    phrases: [
      // The shop's own code first: GHN titles its own code "Mã đơn hàng" and ours "Mã đơn KH".
      ...['ma don khach hang', 'ma don kh', 'ma don shop', 'ma don noi bo'],
      ...['ma don hang', 'so don hang', 'order number', 'order code', 'order id', 'ma don', 'don hang'],
    ],
  },
  { field: 'date', phrases: ['ngay doi soat', 'ngay giao hang', 'ngay giao', 'ngay thanh toan', 'ngay', 'date', 'thoi gian'] },
]

/** Titles are short; a long cell is a sentence of the preamble, not a column title. */
const MAX_TITLE_LENGTH = 60
const HEADER_SEARCH_ROWS = 30

function titleWords(cell: string): string {
  return ` ${foldVietnamese(cell)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()} `
}

function ruleMatches<F extends string>(rule: ColumnRule<F>, phrase: string | null, cell: string): boolean {
  if (cell.length === 0 || cell.length > MAX_TITLE_LENGTH) return false
  const words = titleWords(cell)
  if (phrase !== null) return words.includes(` ${phrase} `)
  if (rule.start?.some((prefix) => words.startsWith(` ${prefix} `))) return true
  return rule.accented?.test(cell.normalize('NFC').trim().toLowerCase()) ?? false
}

function guessWith<F extends string>(rules: readonly ColumnRule<F>[], fields: readonly F[], headerCells: readonly string[]): Record<F, number | null> {
  const mapping = Object.fromEntries(fields.map((f) => [f, null])) as Record<F, number | null>
  const taken = new Set<number>()
  const take = (rule: ColumnRule<F>, phrase: string | null): boolean => {
    const column = headerCells.findIndex((cell, i) => !taken.has(i) && ruleMatches(rule, phrase, cell))
    if (column < 0) return false
    mapping[rule.field] = column
    taken.add(column)
    return true
  }
  for (const rule of rules) {
    // Exact-start and accented forms are the most specific; then phrases in priority order.
    if (take(rule, null)) continue
    for (const phrase of rule.phrases) if (take(rule, phrase)) break
  }
  return mapping
}

/** A column mapping guessed from the titles of the header row. Check it with `missingFields`. */
export function guessMapping(headerCells: readonly string[], kind: 'bank'): BankColumnMapping
export function guessMapping(headerCells: readonly string[], kind: 'cod'): CodColumnMapping
export function guessMapping(headerCells: readonly string[], kind: StatementKind): BankColumnMapping | CodColumnMapping
export function guessMapping(headerCells: readonly string[], kind: StatementKind): BankColumnMapping | CodColumnMapping {
  return kind === 'bank' ? guessWith(BANK_RULES, BANK_FIELDS, headerCells) : guessWith(COD_RULES, COD_FIELDS, headerCells)
}

/**
 * Fields a mapping must have before lines can be read: a bank statement needs a date, a
 * description and money in (a credit column, or one signed amount column, reported as 'credit');
 * a COD statement needs the collected amount and something to find the order by (an order number
 * or a tracking code, reported as 'orderNumber').
 */
export function missingFields(mapping: BankColumnMapping | CodColumnMapping, kind: StatementKind): (BankField | CodField)[] {
  if (kind === 'bank') {
    const m = mapping as BankColumnMapping
    const missing: BankField[] = []
    if (m.date === null) missing.push('date')
    if (m.credit === null && m.amount === null) missing.push('credit')
    if (m.description === null) missing.push('description')
    return missing
  }
  const m = mapping as CodColumnMapping
  const missing: CodField[] = []
  if (m.orderNumber === null && m.trackingCode === null) missing.push('orderNumber')
  if (m.codAmount === null) missing.push('codAmount')
  return missing
}

/**
 * Index (into `rows`) of the statement's header row, or null: the first of the first 30 rows that
 * has at least 3 filled cells, titles for at least 2 different fields of either kind of statement,
 * and no cell that reads as an amount or a date. The last condition passes over preamble totals
 * such as "Tổng ghi có | 10.000.000 | Tổng ghi nợ | 5.000.000", which name fields but hold values.
 */
export function guessHeaderRow(rows: readonly SheetRow[]): number | null {
  const limit = Math.min(rows.length, HEADER_SEARCH_ROWS)
  for (let i = 0; i < limit; i++) {
    const cells = rows[i]!.cells
    const filled = cells.filter((c) => c.trim() !== '')
    if (filled.length < 3) continue
    if (filled.some((c) => isValue(c))) continue
    const bankFields = Object.values(guessMapping(cells, 'bank')).filter((v) => v !== null).length
    const codFields = Object.values(guessMapping(cells, 'cod')).filter((v) => v !== null).length
    if (Math.max(bankFields, codFields) >= 2) return i
  }
  return null
}

function isValue(cell: string): boolean {
  const amount = parseStatementAmount(cell)
  if (amount.ok && amount.value !== null) return true
  const date = parseStatementDate(cell)
  return date.ok && date.value !== null
}

// ---------------------------------------------------------------------------------------------
// Reading the lines

/** First words of total and balance rows ("Tổng cộng", "Số dư cuối kỳ", "Cộng phát sinh"). */
const SUMMARY_START = ['tong', 'cong', 'so du', 'du dau', 'du cuoi', 'total', 'subtotal', 'balance', 'opening balance', 'closing balance']

/**
 * The lines below `headerRowIndex`, read with `mapping`. Bank statements keep credits only.
 * If the mapping lacks a required field, no line is read and each missing field is one
 * `column_missing` error on the header row.
 */
export function applyMapping(rows: readonly SheetRow[], headerRowIndex: number, mapping: BankColumnMapping, kind: 'bank'): BankStatementTable
export function applyMapping(rows: readonly SheetRow[], headerRowIndex: number, mapping: CodColumnMapping, kind: 'cod'): CodStatementTable
export function applyMapping(
  rows: readonly SheetRow[],
  headerRowIndex: number,
  mapping: BankColumnMapping | CodColumnMapping,
  kind: StatementKind,
): BankStatementTable | CodStatementTable {
  const header = rows[headerRowIndex]
  const missing = missingFields(mapping, kind)
  if (header === undefined || missing.length > 0) {
    const rowNumber = header?.rowNumber ?? 1
    const errors = missing.map((column): StatementRowError => ({ rowNumber, code: 'column_missing', column, value: null }))
    return { lines: [], errors, skipped: [], skippedDebits: 0 }
  }
  const body = rows.slice(headerRowIndex + 1)
  return kind === 'bank' ? readBankRows(body, mapping as BankColumnMapping) : readCodRows(body, mapping as CodColumnMapping)
}

type RowOutcome<L> = { line: L } | { skip: SkipReason } | { errors: StatementRowError[] } | null

function readRows<L>(rows: readonly SheetRow[], readRow: (row: SheetRow) => RowOutcome<L>): StatementTable<L> {
  const lines: L[] = []
  const errors: StatementRowError[] = []
  const skipped: SkippedRow[] = []
  for (const row of rows) {
    const outcome = readRow(row)
    if (outcome === null) continue
    if ('line' in outcome) lines.push(outcome.line)
    else if ('skip' in outcome) skipped.push({ rowNumber: row.rowNumber, reason: outcome.skip })
    else errors.push(...outcome.errors)
  }
  return { lines, errors, skipped, skippedDebits: skipped.filter((s) => s.reason === 'debit').length }
}

/** Blank rows are layout, not data: they are passed over without a record. */
function isBlank(row: SheetRow): boolean {
  return row.cells.every((c) => c.trim() === '')
}

/** A row without a single digit can hold no date, amount or order number: a title or a signature line. */
function isTextOnly(row: SheetRow): boolean {
  return !row.cells.some((c) => /\d/.test(c))
}

function isSummary(row: SheetRow): boolean {
  const first = row.cells.find((c) => c.trim() !== '')
  if (first === undefined) return false
  const words = titleWords(first)
  return SUMMARY_START.some((start) => words.startsWith(` ${start} `))
}

function cell(row: SheetRow, column: number | null): string {
  return column === null ? '' : (row.cells[column] ?? '').trim()
}

function readBankRows(rows: readonly SheetRow[], mapping: BankColumnMapping): BankStatementTable {
  return readRows(rows, (row): RowOutcome<BankStatementLine> => {
    if (isBlank(row)) return null
    if (isTextOnly(row)) return { skip: 'text_only' }
    const dateText = cell(row, mapping.date)
    const date = parseStatementDate(dateText)
    if (!(date.ok && date.value !== null) && isSummary(row)) return { skip: 'summary' }

    const errors: StatementRowError[] = []
    const fail = (code: StatementRowErrorCode, column: BankField, value: string | null) =>
      errors.push({ rowNumber: row.rowNumber, code, column, value })
    const read = (column: 'credit' | 'debit' | 'amount'): number | null => {
      const text = cell(row, mapping[column])
      const reading = parseStatementAmount(text)
      if (!reading.ok) {
        fail(reading.code, column, text)
        return null
      }
      return reading.value
    }

    let credit: number | null
    let debit: number | null
    if (mapping.credit !== null) {
      credit = read('credit')
      debit = mapping.debit === null ? null : read('debit')
      if (errors.length > 0) return { errors }
      // Debit columns are printed either as positive amounts or with a minus sign.
      if (debit !== null) debit = Math.abs(debit)
      if (credit !== null && credit < 0) {
        fail('amount_negative', 'credit', cell(row, mapping.credit))
        return { errors }
      }
      if (credit && debit) {
        fail('credit_and_debit', 'credit', cell(row, mapping.credit))
        return { errors }
      }
    } else {
      const signed = read('amount')
      if (errors.length > 0) return { errors }
      credit = signed !== null && signed > 0 ? signed : signed === 0 ? 0 : null
      debit = signed !== null && signed < 0 ? -signed : null
    }
    if (debit) return { skip: 'debit' }
    if (credit === null && debit === null) {
      fail('amount_missing', mapping.credit !== null ? 'credit' : 'amount', null)
      return { errors }
    }
    if (!credit) return { skip: 'zero' }

    // Only money in reaches this point: a debit with an odd date is not worth a person's time.
    if (!date.ok) fail('date_unreadable', 'date', dateText)
    else if (date.value === null) fail('date_missing', 'date', null)
    if (errors.length > 0 || !date.ok || date.value === null) return { errors }
    const reference = cell(row, mapping.reference)
    return {
      line: {
        rowNumber: row.rowNumber,
        date: date.value,
        amountVnd: credit as Vnd,
        description: cell(row, mapping.description),
        reference: reference === '' ? null : reference,
      },
    }
  })
}

function readCodRows(rows: readonly SheetRow[], mapping: CodColumnMapping): CodStatementTable {
  return readRows(rows, (row): RowOutcome<CodStatementLine> => {
    if (isBlank(row)) return null
    if (isTextOnly(row)) return { skip: 'text_only' }
    if (isSummary(row)) return { skip: 'summary' }

    const errors: StatementRowError[] = []
    const fail = (code: StatementRowErrorCode, column: CodField, value: string | null) =>
      errors.push({ rowNumber: row.rowNumber, code, column, value })
    const orderNumber = cell(row, mapping.orderNumber)
    const trackingCode = cell(row, mapping.trackingCode)
    if (orderNumber === '' && trackingCode === '') fail('missing_reference', mapping.orderNumber !== null ? 'orderNumber' : 'trackingCode', null)

    const codText = cell(row, mapping.codAmount)
    const cod = parseStatementAmount(codText)
    if (!cod.ok) fail(cod.code, 'codAmount', codText)
    else if (cod.value === null) fail('amount_missing', 'codAmount', null)
    else if (cod.value < 0) fail('amount_negative', 'codAmount', codText)

    const feeText = cell(row, mapping.fee)
    const fee = parseStatementAmount(feeText)
    if (!fee.ok) fail(fee.code, 'fee', feeText)

    const dateText = cell(row, mapping.date)
    const date = parseStatementDate(dateText)
    if (!date.ok) fail('date_unreadable', 'date', dateText)

    if (errors.length > 0 || !cod.ok || cod.value === null || !fee.ok || !date.ok) return { errors }
    return {
      line: {
        rowNumber: row.rowNumber,
        orderNumber: orderNumber === '' ? null : orderNumber,
        trackingCode: trackingCode === '' ? null : trackingCode,
        codAmountVnd: cod.value as Vnd,
        feeVnd: fee.value === null ? null : (Math.abs(fee.value) as Vnd),
        date: date.value,
      },
    }
  })
}
