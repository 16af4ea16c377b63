/**
 * Scenario 7, month end: the manager opens "Báo cáo", reads sales by product for a period and
 * downloads it for the accountant. Sales are made through the API (a counter sale and a confirmed
 * phone order); since other specs share the database and sell too, the screen and the files are
 * compared with what `reports.getReport` answers, not with totals worked out here.
 */
import { readFile } from 'node:fs/promises'
import { expect, test, type APIRequestContext, type Locator } from '@playwright/test'
import ExcelJS from 'exceljs'
import { formatDateVi, todayInVietnam } from '../../src/shared/domain/calendar'
import { formatVnd } from '../../src/shared/domain/money'
import type { ReportDocumentDto } from '../../src/shared/contract/reports'
import { api, ensureSeller, openApp, uniqueSuffix } from './support'

test.use({ viewport: { width: 1366, height: 768 } })

test.beforeEach(async ({ request }) => {
  await ensureSeller(request)
})

const PAGE_SIZE = 50

const count = (n: number) => new Intl.NumberFormat('vi-VN').format(n)
const share = (s: number | null) => (s === null ? '—' : `${new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(s * 100)}\u00a0%`)

async function stockedProduct(request: APIRequestContext, name: string, sku: string, priceVnd: number, quantity: number) {
  const product = await api(request, 'catalog.createProduct', { name, status: 'active', variants: [{ sku, optionLabel: 'Hộp 500 g', unit: 'hộp', priceVnd }] })
  const variantId = product.variants[0]!.id
  await api(request, 'stock.receiveStock', { variantId, quantity })
  return { variantId, name }
}

type Row = ReportDocumentDto['tables'][number]['rows'][number]

/** A product's row as the screen must show it, column by column, formatted the Vietnamese way. */
function expectedCells(row: Row): string[] {
  return [
    String(row['product']),
    row['seller'] === null ? '—' : String(row['seller']),
    count(Number(row['quantity'])),
    count(Number(row['returnedQuantity'])),
    formatVnd(Number(row['gross'])),
    formatVnd(Number(row['returns'])),
    formatVnd(Number(row['net'])),
    share(row['share'] as number | null),
  ]
}

/** The rows come sorted by net sales; a product far down the shared database's list is on a later page. */
async function showPageOf(report: Locator, rows: readonly Row[], productName: string) {
  const index = rows.findIndex((r) => r['product'] === productName)
  expect(index, productName).toBeGreaterThanOrEqual(0)
  const page = Math.floor(index / PAGE_SIZE) + 1
  if (page > 1) await report.getByRole('listitem', { name: String(page), exact: true }).click()
}

test.describe('reports (Báo cáo)', () => {
  test('shows sales by product for today as the backend counts them, and downloads the same figures as Excel and PDF', async ({ page, request }, testInfo) => {
    const suffix = uniqueSuffix()
    const honey = await stockedProduct(request, `Mật ong rừng U Minh ${suffix}`, `MR-${suffix}`, 1_850_000, 10)
    const tea = await stockedProduct(request, `Trà shan tuyết cổ thụ ${suffix}`, `TS-${suffix}`, 1_260_000, 10)
    await api(request, 'orders.counterSale', { lines: [{ variantId: honey.variantId, quantity: 2 }], cashReceivedVnd: 3_700_000 })
    await api(request, 'orders.createOrder', { channel: 'phone', lines: [{ variantId: tea.variantId, quantity: 1 }, { variantId: honey.variantId, quantity: 1 }], confirm: true })

    const today = todayInVietnam(Date.now())
    const report = await api(request, 'reports.getReport', { kind: 'sales_by_product', from: today, to: today, language: 'vi' })
    const table = report.tables[0]!
    const honeyRow = table.rows.find((r) => r['product'] === honey.name)!
    const teaRow = table.rows.find((r) => r['product'] === tea.name)!
    // What the API says must at least hold our own sales (the shared book only adds rows, not to ours).
    expect(honeyRow['quantity']).toBe(3)
    expect(honeyRow['net']).toBe(3 * 1_850_000)
    expect(teaRow['net']).toBe(1_260_000)

    await openApp(page)
    await page.getByRole('navigation').getByRole('link', { name: 'Báo cáo', exact: true }).click()
    await expect(page.getByRole('heading', { name: 'Báo cáo', level: 2 })).toBeVisible()
    await expect(page.getByRole('tab', { name: 'Báo cáo', selected: true })).toBeVisible()

    await page.getByLabel('Chọn báo cáo').click()
    await page.getByTitle('Doanh thu theo sản phẩm', { exact: true }).and(page.locator('.ant-select-item-option')).click()
    await page.getByLabel('Kỳ báo cáo').click()
    await page.getByText('Hôm nay', { exact: true }).click()
    await expect(page).toHaveURL(new RegExp(`#/reports\\?.*from=${today}&to=${today}`))
    await expect(page).toHaveURL(/kind=sales_by_product/)

    const region = page.getByRole('region', { name: 'Doanh thu theo sản phẩm' })
    await expect(region.getByText(`Kỳ báo cáo: ${formatDateVi(today)} – ${formatDateVi(today)}`)).toBeVisible()
    await expect(region.getByRole('columnheader')).toHaveText(table.columns.map((c) => c.header))
    for (const [product, row] of [
      [honey.name, honeyRow],
      [tea.name, teaRow],
    ] as const) {
      await showPageOf(region, table.rows, product)
      await expect(region.getByRole('row').filter({ hasText: product }).getByRole('cell')).toHaveText(expectedCells(row))
    }
    // The totals row, in bold under the rows, as the backend added it up.
    const totals = table.totals!
    await expect(region.getByRole('row').filter({ hasText: 'Tổng cộng' }).getByRole('cell').nth(6)).toHaveText(formatVnd(Number(totals['net'])))
    await expect(region.getByText(/^Doanh thu tính theo ngày xác nhận đơn/)).toBeVisible()
    await testInfo.attach('reports-1366x768', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' })

    // Excel for the accountant: real numbers under Vietnamese headers, and not one formula.
    const excel = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Tải Excel' }).click()
    const xlsx = await excel
    expect(xlsx.suggestedFilename()).toBe(`doanh-thu-theo-san-pham-${today}_${today}.xlsx`)
    await expect(page.getByText(`Đã tải tệp ${xlsx.suggestedFilename()}`)).toBeVisible()
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(await xlsx.path())
    const sheet = book.getWorksheet('Doanh thu theo sản phẩm')
    expect(sheet, 'the sales-by-product sheet').toBeDefined()
    let headerRow = 0
    sheet!.eachRow((row, number) => {
      if (headerRow === 0 && row.getCell(1).value === 'Sản phẩm') headerRow = number
    })
    expect(headerRow).toBeGreaterThan(0)
    const headers = table.columns.map((_, i) => sheet!.getRow(headerRow).getCell(i + 1).value)
    expect(headers).toEqual(['Sản phẩm', 'Người bán', 'Số lượng bán', 'Số lượng trả', 'Tiền hàng (đ)', 'Hàng trả lại (đ)', 'Doanh thu thuần (đ)', 'Tỷ trọng'])
    const netColumn = table.columns.findIndex((c) => c.key === 'net') + 1
    const quantityColumn = table.columns.findIndex((c) => c.key === 'quantity') + 1
    for (const [product, row] of [
      [honey.name, honeyRow],
      [tea.name, teaRow],
    ] as const) {
      let found: ExcelJS.Row | undefined
      sheet!.eachRow((r) => {
        if (r.getCell(1).value === product) found = r
      })
      expect(found, product).toBeDefined()
      expect(found!.getCell(netColumn).value).toBe(row['net'])
      expect(typeof found!.getCell(netColumn).value).toBe('number')
      expect(found!.getCell(quantityColumn).value).toBe(row['quantity'])
    }
    sheet!.eachRow((row) =>
      row.eachCell((cell) => {
        const value = cell.value
        expect(cell.formula, cell.address).toBeUndefined()
        expect(typeof value === 'object' && value !== null && ('formula' in value || 'sharedFormula' in value), cell.address).toBe(false)
      }),
    )

    // The PDF of the same report.
    const pdf = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Tải PDF' }).click()
    const pdfFile = await pdf
    expect(pdfFile.suggestedFilename()).toBe(`doanh-thu-theo-san-pham-${today}_${today}.pdf`)
    expect((await readFile(await pdfFile.path())).subarray(0, 5).toString('latin1')).toBe('%PDF-')
  })

  test('keeps the report in the address, and says when a report does not follow the period', async ({ page, request }) => {
    const today = todayInVietnam(Date.now())
    const stock = await api(request, 'reports.getReport', { kind: 'stock_valuation', from: today, to: today, language: 'vi' })
    await openApp(page)
    await page.goto('/#/reports?kind=stock_valuation')
    const region = page.getByRole('region', { name: 'Giá trị tồn kho' })
    await expect(region).toBeVisible()
    await expect(page.getByText('Tồn kho tính đến hôm nay, không theo kỳ.')).toBeVisible()
    await expect(page.getByLabel('Kỳ báo cáo')).toHaveCount(0)
    await expect(region.getByText(`Tính đến: ${formatDateVi(today)}`)).toBeVisible()
    await expect(region.getByRole('columnheader')).toHaveText(stock.tables[0]!.columns.map((c) => c.header))
    await expect(region.getByRole('row').filter({ hasText: 'Tổng cộng' }).getByRole('cell').last()).toHaveText(formatVnd(Number(stock.tables[0]!.totals!['value'])))

    // Another report from the picker: the address follows, and a period the database never saw is empty.
    await page.goto('/#/reports?kind=payments&from=2020-01-01&to=2020-01-31')
    const payments = page.getByRole('region', { name: 'Thu tiền và hoàn tiền' })
    await expect(payments.getByText('Kỳ báo cáo: 01/01/2020 – 31/01/2020')).toBeVisible()
    await expect(payments.getByRole('row').filter({ hasText: 'Tiền mặt' }).getByRole('cell').nth(1)).toHaveText(formatVnd(0))
    await page.getByLabel('Chọn báo cáo').click()
    await page.getByTitle('Doanh thu theo khách hàng', { exact: true }).and(page.locator('.ant-select-item-option')).click()
    await expect(page).toHaveURL(/kind=sales_by_customer/)
    await expect(page).toHaveURL(/from=2020-01-01&to=2020-01-31/)
    await expect(page.getByRole('region', { name: 'Doanh thu theo khách hàng' }).getByText('Không có số liệu trong kỳ này. Hãy chọn kỳ khác.')).toBeVisible()
  })
})
