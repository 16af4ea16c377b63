import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { AppError } from '@shared/contract/errors'
import type { ReportDocument, ReportTable } from './report-document'
import { reportSheetNames, writeReportPdf, writeReportXlsx } from './report-files'
import { flatText as flat, pdfPageCount as pageCount, pdfScratch, pdftotext } from '../pdf/poppler.test-support'

const PRODUCTS = ['Mật ong hoa nhãn Đông Anh', 'Gạo nếp cái hoa vàng Kinh Môn', 'Nước mắm cốt cá cơm Cát Hải', 'Chè Shan tuyết Suối Giàng', 'Miến dong Bình Liêu']

/**
 * Row 1 is the one the assertions name: 1 250 đồng-units of 1 000 ₫, 42,5 % of the period, first
 * sold on 3 November. The rest are varied so the table runs over several pages.
 */
function salesRows(count: number) {
  return Array.from({ length: count }, (_, i) =>
    i === 0
      ? { product: 'Mật ong hoa nhãn Đông Anh', firstSale: '2026-11-03', quantity: 1_250, net: 1_250_000, share: 0.425 }
      : { product: `${PRODUCTS[i % PRODUCTS.length]!} — lô ${i + 1}`, firstSale: `2026-11-${String((i % 28) + 1).padStart(2, '0')}`, quantity: i * 3, net: i * 10_000, share: 0.001 },
  )
}

function salesTable(rowCount: number): ReportTable {
  const rows = salesRows(rowCount)
  return {
    title: 'Doanh thu theo sản phẩm',
    columns: [
      { key: 'product', header: 'Sản phẩm', kind: 'text', width: 34 },
      { key: 'firstSale', header: 'Ngày bán đầu', kind: 'day' },
      { key: 'quantity', header: 'Số lượng', kind: 'int' },
      { key: 'net', header: 'Doanh thu thuần', kind: 'vnd' },
      { key: 'share', header: 'Tỷ trọng', kind: 'share' },
    ],
    rows,
    totals: { product: 'Tổng cộng', firstSale: null, quantity: sumOf(rows, 'quantity'), net: sumOf(rows, 'net'), share: 1 },
    note: 'Doanh thu thuần là tiền hàng sau mọi khoản giảm giá, trừ hàng trả lại; không gồm phí giao hàng.',
  }
}

function sumOf(rows: readonly Record<string, unknown>[], key: string): number {
  return rows.reduce((total, row) => total + Number(row[key]), 0)
}

/** Its title has characters Excel refuses in a sheet name and is longer than 31 characters. */
const RETURNS: ReportTable = {
  title: 'Hàng trả lại 01/11–30/11 theo kênh bán',
  columns: [
    { key: 'channel', header: 'Kênh bán', kind: 'text' },
    { key: 'amount', header: 'Giá trị', kind: 'vnd' },
  ],
  rows: [],
}

function report(rowCount: number, language: 'vi' | 'en' = 'vi'): ReportDocument {
  return {
    title: 'Báo cáo doanh thu tháng 11/2026',
    meta: [
      { label: 'Đơn vị', value: 'HTX Nông nghiệp Đa Tốn' },
      { label: 'Kỳ báo cáo', value: '01/11/2026 – 30/11/2026' },
    ],
    tables: [salesTable(rowCount), RETURNS],
    language,
  }
}

async function readBack(xlsx: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(xlsx as unknown as ArrayBuffer)
  return workbook
}

const CREATED = new Date('2026-12-01T02:00:00Z')

describe('writeReportXlsx', () => {
  it('puts each table on its own sheet, named within Excel’s rules', async () => {
    const book = await readBack(await writeReportXlsx(report(4), { createdAt: CREATED }))
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['Doanh thu theo sản phẩm', 'Hàng trả lại 01-11–30-11 theo'])
    expect(book.creator).toBe('Gian hàng số OCOP')
    expect(book.created.getTime()).toBe(CREATED.getTime())
  })

  it('writes the title, the meta lines, then a bold, filled, frozen and filterable header row', async () => {
    const sheet = (await readBack(await writeReportXlsx(report(4)))).worksheets[0]!
    expect(sheet.getCell('A1').value).toBe('Báo cáo doanh thu tháng 11/2026')
    expect(sheet.getCell('A1').font?.bold).toBe(true)
    expect(sheet.getCell('A1').font?.size).toBeGreaterThan(11)
    expect(sheet.getCell('A2').value).toBe('Đơn vị: HTX Nông nghiệp Đa Tốn')
    expect(sheet.getCell('A3').value).toBe('Kỳ báo cáo: 01/11/2026 – 30/11/2026')
    expect(sheet.getRow(4).cellCount).toBe(0)

    const header = sheet.getRow(5)
    expect([1, 2, 3, 4, 5].map((c) => header.getCell(c).value)).toEqual(['Sản phẩm', 'Ngày bán đầu', 'Số lượng', 'Doanh thu thuần', 'Tỷ trọng'])
    expect(header.getCell(1).font?.bold).toBe(true)
    expect(header.getCell(1).fill).toMatchObject({ type: 'pattern', pattern: 'solid' })
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 })
    // Header and the four rows; the totals row stays out of the filter so sorting never moves it.
    expect(sheet.autoFilter).toBe('A5:E9')
  })

  it('stores figures as numbers with formats, days as dates at UTC midnight, and the totals in bold', async () => {
    const sheet = (await readBack(await writeReportXlsx(report(4)))).worksheets[0]!
    const first = sheet.getRow(6)
    expect(first.getCell(1).value).toBe('Mật ong hoa nhãn Đông Anh')
    expect(first.getCell(2).value).toEqual(new Date(Date.UTC(2026, 10, 3)))
    expect(first.getCell(2).numFmt).toBe('dd/mm/yyyy')
    expect(first.getCell(3).value).toBe(1_250)
    expect(first.getCell(3).numFmt).toBe('#,##0')
    expect(first.getCell(4).value).toBe(1_250_000)
    expect(first.getCell(4).numFmt).toBe('#,##0 "₫"')
    expect(first.getCell(5).value).toBe(0.425)
    expect(first.getCell(5).numFmt).toBe('0.0%')

    const rows = salesRows(4)
    const totals = sheet.getRow(10)
    expect(totals.getCell(1).value).toBe('Tổng cộng')
    expect(totals.getCell(2).value).toBeNull()
    expect(totals.getCell(3).value).toBe(sumOf(rows, 'quantity'))
    expect(totals.getCell(4).value).toBe(sumOf(rows, 'net'))
    expect(totals.getCell(4).numFmt).toBe('#,##0 "₫"')
    expect(totals.getCell(5).value).toBe(1)
    expect(totals.getCell(4).font?.bold).toBe(true)
    expect(totals.getCell(4).border?.top?.style).toBe('thin')

    expect(sheet.getCell('A12').value).toBe('Doanh thu thuần là tiền hàng sau mọi khoản giảm giá, trừ hàng trả lại; không gồm phí giao hàng.')
    expect(sheet.getCell('A12').font?.italic).toBe(true)
  })

  it('holds no formula anywhere, and asks Excel to compute nothing on load', async () => {
    const xlsx = await writeReportXlsx(report(4))
    const book = await readBack(xlsx)
    for (const sheet of book.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)
          expect(cell.formula).toBeUndefined()
        }),
      )
    }
    expect(book.calcProperties.fullCalcOnLoad).toBeFalsy()
  })

  it('says there are no figures on the sheet of an empty table', async () => {
    const sheet = (await readBack(await writeReportXlsx(report(4)))).worksheets[1]!
    expect(sheet.getCell('A1').value).toBe('Báo cáo doanh thu tháng 11/2026')
    expect([sheet.getCell('A5').value, sheet.getCell('B5').value]).toEqual(['Kênh bán', 'Giá trị'])
    expect(sheet.getCell('A6').value).toBe('Không có số liệu trong kỳ.')
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 })
  })

  it('sizes columns from the width hint, else from the longest header or value', async () => {
    const sheet = (await readBack(await writeReportXlsx(report(4)))).worksheets[0]!
    expect(sheet.getColumn(1).width).toBe(34)
    expect(sheet.getColumn(4).width).toBeGreaterThanOrEqual('Doanh thu thuần'.length)
    expect(sheet.getColumn(4).width).toBeLessThanOrEqual(60)
  })

  it('keeps sheet names unique ignoring case, within 31 characters, and never “History”', () => {
    const long = 'Doanh thu theo kênh bán hàng trực tuyến'
    const names = reportSheetNames([long, long, 'DOANH THU', 'doanh thu', "'Kho'", 'History', '[]', ''], 'vi')
    expect(names).toEqual(['Doanh thu theo kênh bán hàng', 'Doanh thu theo kênh bán (2)', 'DOANH THU', 'doanh thu (2)', 'Kho', 'History (2)', '--', 'Bảng 8'])
    for (const name of names) expect([...name].length).toBeLessThanOrEqual(31)
  })

  it('refuses a đồng column holding text: that is a bug in the report, not a figure', async () => {
    const broken: ReportDocument = { ...report(1), tables: [{ ...RETURNS, rows: [{ channel: 'Shopee', amount: '1.250.000' }] }] }
    await expect(writeReportXlsx(broken)).rejects.toThrow(AppError)
    await expect(writeReportPdf(broken)).rejects.toMatchObject({ code: 'INTERNAL', details: { reason: 'report.invalid_cell' } })
  })
})

describe('writeReportPdf', () => {
  const scratch = pdfScratch('report')
  afterAll(() => scratch.remove())

  /** The text of each page, whitespace collapsed and no-break spaces read as spaces. */
  function pagesOf(pdf: Buffer): string[] {
    const file = scratch.saved(pdf)
    return Array.from({ length: pageCount(pdf) }, (_, i) => flat(pdftotext(['-layout', '-f', String(i + 1), '-l', String(i + 1), file, '-'])))
  }

  it('prints the title, the meta lines, the headers and the figures the Vietnamese way', async () => {
    const pdf = await writeReportPdf(report(120), { createdAt: CREATED })
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const pages = pagesOf(pdf)
    const first = pages[0]!
    expect(first).toContain('Báo cáo doanh thu tháng 11/2026')
    expect(first).toContain('Đơn vị: HTX Nông nghiệp Đa Tốn')
    expect(first).toContain('Kỳ báo cáo: 01/11/2026 – 30/11/2026')
    expect(first).toContain('Doanh thu theo sản phẩm')
    for (const header of ['Sản phẩm', 'Số lượng', 'Tỷ trọng']) expect(first).toContain(header)
    expect(first).toContain('Mật ong hoa nhãn Đông Anh')
    expect(first).toMatch(/Mật ong hoa nhãn Đông Anh 03\/11\/2026 1\.250 1\.250\.000[\s\u00a0]₫ 42,5[\s\u00a0]%/u)

    const all = pages.join(' ')
    const net = sumOf(salesRows(120), 'net')
    expect(all).toContain(`Tổng cộng`)
    expect(all).toContain(`${new Intl.NumberFormat('vi-VN').format(net)} ₫`)
    expect(all).toContain('100,0 %')
    expect(all).toContain('không gồm phí giao hàng.')
  })

  it('carries a long table over pages with its header repeated and every page numbered', async () => {
    const pdf = await writeReportPdf(report(120))
    const pages = pagesOf(pdf)
    expect(pages.length).toBeGreaterThanOrEqual(3)
    pages.forEach((text, i) => {
      expect(text).toContain(`Trang ${i + 1}/${pages.length}`)
      expect(text).toContain('Báo cáo doanh thu tháng 11/2026')
    })
    expect(pages[1]).toContain('Doanh thu theo sản phẩm (tiếp theo)')
    expect(pages[1]).toMatch(/Sản phẩm Ngày bán đầu Số lượng Doanh thu thuần Tỷ trọng/u)
    // Every row is printed once: the last row's lot number appears, and no row is lost between pages.
    const all = pages.join(' ')
    for (const lot of [2, 60, 120]) expect(all).toContain(`lô ${lot} `)
  })

  it('says there is nothing for the period under an empty table', async () => {
    const pages = pagesOf(await writeReportPdf(report(3)))
    expect(pages).toHaveLength(1)
    expect(pages[0]).toContain('Hàng trả lại 01/11–30/11 theo kênh bán')
    expect(pages[0]).toContain('Không có số liệu trong kỳ.')
  })

  it('numbers the pages in English for an English document', async () => {
    const english: ReportDocument = {
      ...report(120, 'en'),
      title: 'Sales report, November 2026',
      meta: [{ label: 'Seller', value: 'HTX Nông nghiệp Đa Tốn' }],
    }
    const pages = pagesOf(await writeReportPdf(english))
    expect(pages.length).toBeGreaterThanOrEqual(3)
    pages.forEach((text, i) => expect(text).toContain(`Page ${i + 1} of ${pages.length}`))
    expect(pages[0]).toMatch(/1,250 1,250,000[\s\u00a0]₫ 42\.5%/u)
    expect(pages.join(' ')).toContain('No figures for this period.')
  })

  it('comes out byte for byte the same for the same report and creation date, whatever the clock says', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(new Date('2026-12-01T08:00:00Z'))
      const first = await writeReportPdf(report(30), { createdAt: CREATED })
      vi.setSystemTime(new Date('2027-03-15T17:45:12Z'))
      const second = await writeReportPdf(report(30), { createdAt: CREATED })
      expect(first.equals(second)).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })

  it('turns the page to landscape for a table with many columns', async () => {
    const wide: ReportDocument = {
      ...report(2),
      tables: [
        {
          title: 'Doanh thu theo kênh',
          columns: ['Tại quầy', 'Zalo', 'Facebook', 'Shopee', 'Lazada', 'TikTok Shop', 'Website'].map((header, i) => ({ key: `c${i}`, header, kind: 'vnd' as const })),
          rows: [Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`c${i}`, 1_250_000 * (i + 1)]))],
        },
      ],
    }
    const pdf = await writeReportPdf(wide)
    const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'))
    expect(Number(box![1])).toBeGreaterThan(Number(box![2]))
    expect(pagesOf(pdf)[0]).toContain('8.750.000 ₫')
  })

  it('cuts a name too long for three lines with “…” instead of letting it spill', async () => {
    const longName = Array.from({ length: 30 }, () => 'Mật ong rừng U Minh nguyên chất').join(' ')
    const table = salesTable(1)
    const doc: ReportDocument = { ...report(1), tables: [{ ...table, rows: [{ ...table.rows[0]!, product: longName }] }] }
    const text = pagesOf(await writeReportPdf(doc))[0]!
    expect(text).toContain('…')
    expect(text).not.toContain(longName)
  })
})
