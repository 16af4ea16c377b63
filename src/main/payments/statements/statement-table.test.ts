import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { readTable, type SheetRow } from '../../catalog/spreadsheet'
import {
  applyMapping,
  guessHeaderRow,
  guessMapping,
  missingFields,
  parseStatementAmount,
  parseStatementDate,
  type BankColumnMapping,
  type CodColumnMapping,
} from './statement-table'

function rows(...cells: string[][]): SheetRow[] {
  return cells.map((c, i) => ({ rowNumber: i + 1, cells: c }))
}

function csv(text: string): Buffer {
  return Buffer.from(`\uFEFF${text}`, 'utf8')
}

describe('parseStatementAmount', () => {
  it.each([
    ['1.500.000', 1_500_000],
    ['1,500,000', 1_500_000],
    ['1 500 000 ₫', 1_500_000],
    ['1\u00a0500\u00a0000\u00a0₫', 1_500_000],
    ['1.500.000 VND', 1_500_000],
    ['1.500.000đ', 1_500_000],
    ['VND 1,500,000', 1_500_000],
    ['+1,500,000.00', 1_500_000],
    ['1.500.000,00', 1_500_000],
    ['1 500 000,00', 1_500_000],
    ['1500000.00', 1_500_000],
    ['1500000,0', 1_500_000],
    ['1500000', 1_500_000],
    ['1.500', 1_500],
    ['1,500', 1_500],
    ['0', 0],
    ['(200.000)', -200_000],
    ['-200,000', -200_000],
    ['- 200.000 VND', -200_000],
    ['200.000-', -200_000],
    ['-200000', -200_000],
    ['\u2212200.000', -200_000],
  ])('%j → %d', (text, value) => {
    expect(parseStatementAmount(text)).toEqual({ ok: true, value })
  })

  it.each(['', '   '])('reads an empty cell %j as no value', (text) => {
    expect(parseStatementAmount(text)).toEqual({ ok: true, value: null })
  })

  it.each(['1.5', '12,5', '1,500.50', '1.500.000,01', '1500000.5', '0.5'])('refuses the fraction in %j', (text) => {
    expect(parseStatementAmount(text)).toEqual({ ok: false, code: 'amount_fraction' })
  })

  it.each(['abc', '1.5000', '1,500.000,000', '1.500,000', '1.500.000.00', '1e+21', 'USD 100', '12-34', '--5', '9'.repeat(16), '1,5,0'])(
    'refuses %j as unreadable',
    (text) => {
      expect(parseStatementAmount(text)).toEqual({ ok: false, code: 'amount_unreadable' })
    },
  )
})

describe('parseStatementDate', () => {
  it.each([
    ['05/03/2026', '2026-03-05'],
    ['5/3/2026', '2026-03-05'],
    ['05-03-2026', '2026-03-05'],
    ['05.03.2026', '2026-03-05'],
    ['05/03/2026 14:30', '2026-03-05'],
    ['05/03/2026 23:59:59', '2026-03-05'],
    ['14:30:00 05/03/2026', '2026-03-05'],
    ['2026-03-05', '2026-03-05'],
    ['2026/03/05', '2026-03-05'],
    ['2026-03-05 23:30:00', '2026-03-05'],
    ['2026-03-05T23:30', '2026-03-05'],
    // An instant with a zone is moved to Vietnam time: 17:30Z is already the next day in UTC+7.
    ['2026-03-04T17:30:00Z', '2026-03-05'],
    ['2026-03-04T16:59:59+00:00', '2026-03-04'],
    ['2026-03-05T00:30:00+07:00', '2026-03-05'],
    // What readTable gives for an Excel date cell: the wall-clock value, kept as written.
    ['2026-03-05T23:30:00.000Z', '2026-03-05'],
    ['2026-03-04T23:59:59.999Z', '2026-03-05'],
    // Excel serial day numbers (a date cell without a date format).
    ['46086', '2026-03-05'],
    ['46086.604166', '2026-03-05'],
  ])('%j → %s', (text, date) => {
    expect(parseStatementDate(text)).toEqual({ ok: true, value: date })
  })

  it('reads an empty cell as no date', () => {
    expect(parseStatementDate(' ')).toEqual({ ok: true, value: null })
  })

  it.each(['31/02/2026', '05/13/2026', 'hôm qua', '2026-3', '123', '1500000', '05/03/26', '2026-02-30'])('refuses %j', (text) => {
    expect(parseStatementDate(text)).toEqual({ ok: false, code: 'date_unreadable' })
  })
})

describe('guessMapping', () => {
  it('maps a Vietcombank-style header', () => {
    expect(guessMapping(['Số tham chiếu', 'Ngày giao dịch', 'Số tiền ghi nợ', 'Số tiền ghi có', 'Mô tả'], 'bank')).toEqual({
      reference: 0,
      date: 1,
      debit: 2,
      credit: 3,
      description: 4,
      amount: null,
    })
  })

  it('maps an MB-style header with an STT column and a balance it must ignore', () => {
    const header = ['STT', 'Ngày giao dịch', 'Số bút toán', 'Số tiền ghi nợ (VND)', 'Số tiền ghi có (VND)', 'Số dư', 'Nội dung']
    expect(guessMapping(header, 'bank')).toEqual({ date: 1, reference: 2, debit: 3, credit: 4, description: 6, amount: null })
  })

  it('maps a single signed amount column and the short Nợ/Có titles, without taking "No." for Nợ', () => {
    expect(guessMapping(['No.', 'Date', 'Amount', 'Description', 'Reference'], 'bank')).toEqual({
      date: 1,
      amount: 2,
      description: 3,
      reference: 4,
      credit: null,
      debit: null,
    })
    expect(guessMapping(['Ngày', 'Nợ', 'Có', 'Diễn giải'], 'bank')).toMatchObject({ date: 0, debit: 1, credit: 2, description: 3 })
  })

  it('prefers the transaction date over the posting date, wherever the columns are', () => {
    expect(guessMapping(['Ngày hạch toán', 'Ngày giao dịch', 'Ghi có', 'Nội dung'], 'bank').date).toBe(1)
  })

  it('maps a GHTK/GHN-style COD header', () => {
    expect(guessMapping(['Mã đơn hàng', 'Mã vận đơn', 'Tiền thu hộ', 'Phí', 'Ngày đối soát'], 'cod')).toEqual({
      orderNumber: 0,
      trackingCode: 1,
      codAmount: 2,
      fee: 3,
      date: 4,
    })
  })

  it('does not take a COD fee column ("Phí thu hộ") for the collected amount', () => {
    expect(guessMapping(['Mã đơn KH', 'Phí thu hộ', 'Tiền thu hộ (COD)', 'Mã đơn hàng'], 'cod')).toEqual({
      orderNumber: 0,
      fee: 1,
      codAmount: 2,
      trackingCode: null,
      date: null,
    })
  })

  it('leaves unknown fields null and says which required ones are missing', () => {
    const bank = guessMapping(['Ngày', 'Số dư'], 'bank')
    expect(bank).toEqual({ date: 0, credit: null, debit: null, amount: null, description: null, reference: null })
    expect(missingFields(bank, 'bank')).toEqual(['credit', 'description'])
    const cod = guessMapping(['Ghi chú', 'Người nhận'], 'cod')
    expect(missingFields(cod, 'cod')).toEqual(['orderNumber', 'codAmount'])
  })
})

describe('guessHeaderRow', () => {
  it('passes over a preamble, including a totals row that names fields but holds values', () => {
    const table = rows(
      ['NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM'],
      ['SAO KÊ TÀI KHOẢN', '', ''],
      ['Số tài khoản: 0123456789', 'Loại tiền: VND', 'Từ ngày 01/03/2026 đến ngày 31/03/2026'],
      ['Tổng ghi có', '3.150.000', 'Tổng ghi nợ', '200.000'],
      [],
      ['Số tham chiếu', 'Ngày giao dịch', 'Số tiền ghi nợ', 'Số tiền ghi có', 'Mô tả'],
      ['5213', '05/03/2026', '', '1.500.000', 'DH2026000123'],
    )
    expect(guessHeaderRow(table)).toBe(5)
  })

  it('needs at least three filled cells', () => {
    expect(guessHeaderRow(rows(['Ngày giao dịch', 'Số tiền']))).toBeNull()
  })

  it('looks no further than the first 30 rows', () => {
    const filler = Array.from({ length: 30 }, (_, i) => [`dòng ${i}`])
    expect(guessHeaderRow(rows(...filler, ['Ngày', 'Ghi có', 'Nội dung']))).toBeNull()
    expect(guessHeaderRow(rows(...filler.slice(1), ['Ngày', 'Ghi có', 'Nội dung']))).toBe(29)
  })

  it('finds a COD header', () => {
    expect(guessHeaderRow(rows(['Bảng đối soát COD'], ['Mã đơn hàng', 'Mã vận đơn', 'Tiền thu hộ', 'Phí']))).toBe(1)
  })
})

describe('applyMapping (bank)', () => {
  const header = ['Số tham chiếu', 'Ngày giao dịch', 'Số tiền ghi nợ', 'Số tiền ghi có', 'Mô tả']
  const mapping = guessMapping(header, 'bank')

  it('keeps credits only, counting the debits it skips', () => {
    const table = applyMapping(
      rows(
        header,
        ['A1', '05/03/2026', '', '1.500.000', 'DH2026000123'],
        ['A2', '05/03/2026', '200.000', '', 'Phí SMS'],
        ['A3', '06/03/2026', '0', '150.000', 'IBFT DH2026000124'],
      ),
      0,
      mapping,
      'bank',
    )
    expect(table.lines).toEqual([
      { rowNumber: 2, date: '2026-03-05', amountVnd: 1_500_000, description: 'DH2026000123', reference: 'A1' },
      { rowNumber: 4, date: '2026-03-06', amountVnd: 150_000, description: 'IBFT DH2026000124', reference: 'A3' },
    ])
    expect(table.skippedDebits).toBe(1)
    expect(table.skipped).toEqual([{ rowNumber: 3, reason: 'debit' }])
    expect(table.errors).toEqual([])
  })

  it('reports every malformed row with a code, and never turns it into a line', () => {
    const table = applyMapping(
      rows(
        header,
        ['B1', '05/03/2026', '', '1.500.000,50', 'fraction'],
        ['B2', '05/03/2026', '', 'một triệu', 'words'],
        ['B3', '31/02/2026', '', '100.000', 'bad date'],
        ['B4', '', '', '100.000', 'no date'],
        ['B5', '05/03/2026', '', '', 'no amount 1'],
        ['B6', '05/03/2026', '100.000', '100.000', 'both sides'],
        ['B7', '05/03/2026', '', '(100.000)', 'negative credit'],
      ),
      0,
      mapping,
      'bank',
    )
    expect(table.lines).toEqual([])
    expect(table.errors).toEqual([
      { rowNumber: 2, code: 'amount_fraction', column: 'credit', value: '1.500.000,50' },
      { rowNumber: 3, code: 'amount_unreadable', column: 'credit', value: 'một triệu' },
      { rowNumber: 4, code: 'date_unreadable', column: 'date', value: '31/02/2026' },
      { rowNumber: 5, code: 'date_missing', column: 'date', value: null },
      { rowNumber: 6, code: 'amount_missing', column: 'credit', value: null },
      { rowNumber: 7, code: 'credit_and_debit', column: 'credit', value: '100.000' },
      { rowNumber: 8, code: 'amount_negative', column: 'credit', value: '(100.000)' },
    ])
  })

  it('does not bother a person about the date of a debit', () => {
    const table = applyMapping(rows(header, ['C1', '??', '50.000', '', 'rút tiền']), 0, mapping, 'bank')
    expect(table).toMatchObject({ errors: [], skippedDebits: 1 })
  })

  it('reads a single signed amount column: positive is money in, negative is skipped as a debit', () => {
    const signed: BankColumnMapping = { date: 0, amount: 1, description: 2, credit: null, debit: null, reference: null }
    const statement = rows(
      ['Date', 'Amount', 'Description'],
      ['2026-03-05', '+150,000', 'DH2026000123'],
      ['2026-03-05', '-20,000', 'fee'],
      ['2026-03-05', '0', 'nothing'],
    )
    const table = applyMapping(statement, 0, signed, 'bank')
    expect(table.lines.map((l) => l.amountVnd)).toEqual([150_000])
    expect(table.skipped).toEqual([
      { rowNumber: 3, reason: 'debit' },
      { rowNumber: 4, reason: 'zero' },
    ])
  })

  it('lists totals and signature lines as skipped, and passes over blank rows', () => {
    const table = applyMapping(
      rows(
        header,
        ['D1', '05/03/2026', '', '100.000', 'x'],
        [],
        ['', '', '', '', ''],
        ['Tổng cộng', '', '0', '100.000', ''],
        ['Người lập biểu', '', 'Kế toán trưởng'],
      ),
      0,
      mapping,
      'bank',
    )
    expect(table.lines).toHaveLength(1)
    expect(table.skipped).toEqual([
      { rowNumber: 5, reason: 'summary' },
      { rowNumber: 6, reason: 'text_only' },
    ])
    expect(table.errors).toEqual([])
  })

  it('reads no line and reports each missing column when the mapping is incomplete', () => {
    const incomplete: BankColumnMapping = { ...mapping, credit: null, description: null }
    expect(applyMapping(rows(['title'], header, ['E1', '05/03/2026', '', '1', 'x']), 1, incomplete, 'bank')).toEqual({
      lines: [],
      errors: [
        { rowNumber: 2, code: 'column_missing', column: 'credit', value: null },
        { rowNumber: 2, code: 'column_missing', column: 'description', value: null },
      ],
      skipped: [],
      skippedDebits: 0,
    })
  })
})

describe('applyMapping (cod)', () => {
  const header = ['Mã đơn hàng', 'Mã vận đơn', 'Tiền thu hộ', 'Phí']
  const mapping: CodColumnMapping = guessMapping(header, 'cod')

  it('reads lines, treats a fee printed as a deduction as the same fee, and reports bad rows', () => {
    const table = applyMapping(
      rows(
        header,
        ['DH-2026-000123', 'S1.A1', '350.000', '22.000'],
        ['', 'S1.A2', '0', '-15.000'],
        ['', '', '100.000', '15.000'],
        ['DH-2026-000125', 'S1.A4', '', '15.000'],
        ['DH-2026-000126', 'S1.A5', '-50.000', '15.000'],
        ['DH-2026-000127', 'S1.A6', '120.000', 'mười lăm'],
        ['Tổng cộng', '', '470.000', '37.000'],
      ),
      0,
      mapping,
      'cod',
    )
    expect(table.lines).toEqual([
      { rowNumber: 2, orderNumber: 'DH-2026-000123', trackingCode: 'S1.A1', codAmountVnd: 350_000, feeVnd: 22_000, date: null },
      { rowNumber: 3, orderNumber: null, trackingCode: 'S1.A2', codAmountVnd: 0, feeVnd: 15_000, date: null },
    ])
    expect(table.errors).toEqual([
      { rowNumber: 4, code: 'missing_reference', column: 'orderNumber', value: null },
      { rowNumber: 5, code: 'amount_missing', column: 'codAmount', value: null },
      { rowNumber: 6, code: 'amount_negative', column: 'codAmount', value: '-50.000' },
      { rowNumber: 7, code: 'amount_unreadable', column: 'fee', value: 'mười lăm' },
    ])
    expect(table.skipped).toEqual([{ rowNumber: 8, reason: 'summary' }])
  })
})

describe('realistic statements through readTable', () => {
  it('reads a Vietcombank-like CSV export with five preamble rows', async () => {
    const file = csv(
      [
        'NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM',
        'SAO KÊ TÀI KHOẢN',
        '"Số tài khoản: 0123456789 - HTX NÔNG NGHIỆP TÂN LẬP"',
        '"Từ ngày: 01/03/2026",,"Đến ngày: 31/03/2026",,',
        '"Số dư đầu kỳ: 12,000,000",,,,',
        'Số tham chiếu,Ngày giao dịch,Số tiền ghi nợ,Số tiền ghi có,Mô tả',
        '5213 - 40123,05/03/2026 09:15:02,,"1,500,000","MBVCB.3278614721.DH2026000123.CT tu 0912345678 NGUYEN VAN A toi 0123456789"',
        '5213 - 40124,05/03/2026 10:01:44,"11,000",,"Thu phi SMS Banking T02/2026"',
        '5213 - 40125,06/03/2026 16:20:00,,"150,000","IBFT dh 2026 000124 chuyen tien"',
        '5213 - 40126,06/03/2026 16:25:00,,"150,000.5","so le"',
        ',,,,',
        'Tổng cộng,,"11,000","1,650,000",',
      ].join('\r\n'),
    )
    const table = await readTable('sao-ke-vcb.csv', file)
    expect(table[0]).toEqual({ rowNumber: 1, cells: ['NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM'] })

    const headerIndex = guessHeaderRow(table)
    expect(headerIndex).toBe(5)
    const mapping = guessMapping(table[headerIndex!]!.cells, 'bank')
    const result = applyMapping(table, headerIndex!, mapping, 'bank')
    expect(result.lines).toEqual([
      {
        rowNumber: 7,
        date: '2026-03-05',
        amountVnd: 1_500_000,
        description: 'MBVCB.3278614721.DH2026000123.CT tu 0912345678 NGUYEN VAN A toi 0123456789',
        reference: '5213 - 40123',
      },
      { rowNumber: 9, date: '2026-03-06', amountVnd: 150_000, description: 'IBFT dh 2026 000124 chuyen tien', reference: '5213 - 40125' },
    ])
    expect(result.skippedDebits).toBe(1)
    expect(result.errors).toEqual([{ rowNumber: 10, code: 'amount_fraction', column: 'credit', value: '150,000.5' }])
    expect(result.skipped).toContainEqual({ rowNumber: 12, reason: 'summary' })
  })

  it('reads a semicolon-separated export whose first lines have no separator at all', async () => {
    const file = csv(['SAO KÊ', 'Tài khoản 0123456789', 'Ngày;Ghi có;Nội dung', '05/03/2026;150.000;DH2026000123'].join('\n'))
    const table = await readTable('sao-ke.csv', file)
    expect(table[3]!.cells).toEqual(['05/03/2026', '150.000', 'DH2026000123'])
  })

  it('reads an MB-like XLSX with real date and number cells', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Sao ke')
    sheet.addRow(['NGÂN HÀNG TMCP QUÂN ĐỘI'])
    sheet.addRow(['SAO KÊ CHI TIẾT TÀI KHOẢN'])
    sheet.addRow(['Số tài khoản:', '0987654321'])
    sheet.addRow(['Kỳ sao kê:', '01/03/2026 - 31/03/2026'])
    sheet.addRow([])
    sheet.addRow(['STT', 'Ngày giao dịch', 'Số bút toán', 'Số tiền ghi nợ', 'Số tiền ghi có', 'Số dư', 'Nội dung chi tiết'])
    // Excel keeps no time zone: exceljs writes and reads a date cell's wall-clock time as UTC.
    sheet.addRow([1, new Date(Date.UTC(2026, 2, 5, 23, 30)), 'FT26064001', null, 350000, 12350000, 'NGUYEN THI B chuyen tien DH2026000125'])
    sheet.addRow([2, new Date(Date.UTC(2026, 2, 6, 8, 0)), 'FT26065002', 20000, null, 12330000, 'Phi quan ly tai khoan'])
    sheet.addRow([3, '07/03/2026', 'FT26066003', null, '1.200.000', 13530000, 'TRAN VAN C DH-2026-000126'])
    sheet.addRow([4, new Date(Date.UTC(2026, 2, 8)), 'FT26067004', null, 99.5, 13530099.5, 'le'])
    sheet.addRow(['Tổng phát sinh', null, null, 20000, 1550099.5])
    for (const row of [7, 8, 10]) sheet.getCell(`B${row}`).numFmt = 'dd/mm/yyyy hh:mm'
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer())

    const table = await readTable('sao-ke-mb.xlsx', bytes)
    const headerIndex = guessHeaderRow(table)
    expect(table[headerIndex!]!.rowNumber).toBe(6)
    const result = applyMapping(table, headerIndex!, guessMapping(table[headerIndex!]!.cells, 'bank'), 'bank')
    expect(result.lines).toEqual([
      { rowNumber: 7, date: '2026-03-05', amountVnd: 350_000, description: 'NGUYEN THI B chuyen tien DH2026000125', reference: 'FT26064001' },
      { rowNumber: 9, date: '2026-03-07', amountVnd: 1_200_000, description: 'TRAN VAN C DH-2026-000126', reference: 'FT26066003' },
    ])
    expect(result.skippedDebits).toBe(1)
    expect(result.errors).toEqual([{ rowNumber: 10, code: 'amount_fraction', column: 'credit', value: '99.5' }])
    expect(result.skipped).toContainEqual({ rowNumber: 11, reason: 'summary' })
  })

  it('reads a GHTK/GHN-like COD CSV', async () => {
    const file = csv(
      [
        'BẢNG ĐỐI SOÁT TIỀN THU HỘ (COD)',
        '"Shop: HTX Nông nghiệp Tân Lập",,,',
        'Mã đơn hàng,Mã vận đơn,Tiền thu hộ,Phí',
        'DH2026000123,S21.SG01.A1.123456,"350,000","22,000"',
        'dh-2026-124,S21.SG01.A1.123457,"180,000","22,000"',
        ',S21.SG01.A1.123458,"95,000","16,500"',
        'DH2026000126,,abc,"16,500"',
      ].join('\n'),
    )
    const table = await readTable('doi-soat-ghtk.csv', file)
    const headerIndex = guessHeaderRow(table)
    expect(headerIndex).toBe(2)
    const mapping = guessMapping(table[headerIndex!]!.cells, 'cod')
    expect(mapping).toEqual({ orderNumber: 0, trackingCode: 1, codAmount: 2, fee: 3, date: null })
    const result = applyMapping(table, headerIndex!, mapping, 'cod')
    expect(result.lines.map((l) => [l.orderNumber, l.trackingCode, l.codAmountVnd, l.feeVnd])).toEqual([
      ['DH2026000123', 'S21.SG01.A1.123456', 350_000, 22_000],
      ['dh-2026-124', 'S21.SG01.A1.123457', 180_000, 22_000],
      [null, 'S21.SG01.A1.123458', 95_000, 16_500],
    ])
    expect(result.errors).toEqual([{ rowNumber: 7, code: 'amount_unreadable', column: 'codAmount', value: 'abc' }])
  })

  it('reads a long statement whole: readTable has no row cap', async () => {
    const lines = ['Mã đơn hàng,Tiền thu hộ,Phí', ...Array.from({ length: 60_000 }, (_, i) => `DH-2026-${i + 1},100000,15000`)]
    const table = await readTable('cod.csv', csv(lines.join('\n')))
    expect(table).toHaveLength(60_001)
  })
})
