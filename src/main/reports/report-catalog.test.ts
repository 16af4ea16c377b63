// The reports a manager opens and exports, on the hand-worked order book of
// reports.test-support.ts, and one of them read back from its XLSX.
import { rmSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { COOP, type TestApp } from '../test-support'
import { orderBook } from './reports.test-support'

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

const PERIOD = { from: '2026-11-27', to: '2026-11-28' }

describe('reports', () => {
  it('breaks the period’s sales down by product, customer and channel, and money by method', async () => {
    const { app } = await orderBook(apps)
    const byProduct = await app.ok('reports.getReport', { kind: 'sales_by_product', ...PERIOD, language: 'vi' })
    expect(byProduct.title).toBe('Doanh thu theo sản phẩm')
    expect(byProduct.meta).toEqual([
      { label: 'Đơn vị', value: COOP.name },
      { label: 'Kỳ báo cáo', value: '27/11/2026 – 28/11/2026' },
    ])
    const [table] = byProduct.tables
    expect(table!.columns.map((c) => c.header)).toEqual(['Sản phẩm', 'Người bán', 'Số lượng bán', 'Số lượng trả', 'Tiền hàng (đ)', 'Hàng trả lại (đ)', 'Doanh thu thuần (đ)', 'Tỷ trọng'])
    // Honey: 270,000 at the counter + 138,462 by phone + 150,000 on Shopee. Tea: 221,538 sold, a third back.
    expect(table!.rows.map((r) => [r['product'], r['quantity'], r['returnedQuantity'], r['gross'], r['returns'], r['net']])).toEqual([
      ['Mật ong hoa nhãn', 4, 0, 558_462, 0, 558_462],
      ['Trà shan tuyết', 3, 1, 221_538, 73_846, 147_692],
    ])
    expect(table!.totals).toMatchObject({ quantity: 7, gross: 780_000, returns: 73_846, net: 706_154, share: 1 })

    const byCustomer = (await app.ok('reports.getReport', { kind: 'sales_by_customer', ...PERIOD, language: 'vi' })).tables[0]!
    expect(byCustomer.rows).toEqual([{ customer: 'Khách lẻ', phone: null, orders: 3, gross: 780_000, returns: 73_846, net: 706_154 }])

    const byChannel = (await app.ok('reports.getReport', { kind: 'sales_by_channel', ...PERIOD, language: 'en' })).tables[0]!
    expect(byChannel.rows.map((r) => [r['channel'], r['online'], r['orders'], r['net'], r['shipping']])).toEqual([
      ['Phone', 'No', 1, 286_154, 25_000],
      ['Counter', 'No', 1, 270_000, 0],
      ['Shopee', 'Yes', 1, 150_000, 0],
    ])

    const payments = (await app.ok('reports.getReport', { kind: 'payments', ...PERIOD, language: 'vi' })).tables[0]!
    expect(payments.rows.map((r) => [r['method'], r['received'], r['refunded'], r['net']])).toEqual([
      ['Tiền mặt', 270_000, 0, 270_000],
      ['Thu hộ (COD)', 0, 0, 0],
      ['Chuyển khoản VietQR', 385_000, 73_846, 311_154],
      ['VNPay', 0, 0, 0],
      ['Sàn TMĐT thu hộ', 150_000, 0, 150_000],
    ])
  })

  it('values stock at the selling price and lists the period’s movements', async () => {
    const { app } = await orderBook(apps)
    const stock = new Map((await app.ok('stock.listStock', {})).items.map((s) => [s.sku, s]))
    const valuation = (await app.ok('reports.getReport', { kind: 'stock_valuation', ...PERIOD, language: 'vi' })).tables[0]!
    expect(valuation.rows.map((r) => [r['sku'], r['onHand'], r['reserved'], r['value']])).toEqual([
      ['MO-500', stock.get('MO-500')!.onHand, 1, stock.get('MO-500')!.onHand * 150_000],
      ['TRA-100', stock.get('TRA-100')!.onHand, 0, stock.get('TRA-100')!.onHand * 80_000],
    ])
    // 50 of each received on the 27th; 2 + 1 jars and 3 packets out; 1 packet back.
    const movements = (await app.ok('reports.getReport', { kind: 'stock_movements', ...PERIOD, language: 'vi' })).tables[0]!
    expect(movements.rows.map((r) => [r['sku'], r['received'], r['issued'], r['returned'], r['net']])).toEqual([
      ['MO-500', 50, 3, 0, 47],
      ['TRA-100', 50, 3, 1, 48],
    ])
    expect(stock.get('MO-500')!.onHand).toBe(47)
  })

  it('exports a report as an XLSX of values with Vietnamese headers, and as a PDF', async () => {
    const { app } = await orderBook(apps)
    const file = await app.ok('reports.exportReport', { kind: 'sales_by_product', ...PERIOD, language: 'vi', format: 'xlsx' })
    expect(file).toMatchObject({ fileName: 'doanh-thu-theo-san-pham-2026-11-27_2026-11-28.xlsx', rowCount: 2 })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]!
    let header = 0
    sheet.eachRow((row, n) => {
      if (row.getCell(1).value === 'Sản phẩm') header = n
    })
    expect(header).toBeGreaterThan(0)
    const honey = sheet.getRow(header + 1)
    expect(honey.getCell(1).value).toBe('Mật ong hoa nhãn')
    expect(honey.getCell(7).value).toBe(558_462)
    expect(honey.getCell(7).numFmt).toContain('#,##0')
    expect(honey.getCell(7).formula).toBeUndefined()
    const pdf = await app.ok('reports.exportReport', { kind: 'sales_by_product', ...PERIOD, language: 'vi', format: 'pdf' })
    expect(Buffer.from(pdf.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-')
  })
})
