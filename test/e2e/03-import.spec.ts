import { writeFileSync } from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import { api, ensureSeller, openApp, uniqueSuffix } from './support'

test.beforeEach(async ({ request }) => {
  await ensureSeller(request)
})

const HEADER = ['Tên sản phẩm', 'Mã SKU', 'Phân loại', 'Đơn vị tính', 'Giá bán', 'Nhóm sản phẩm', 'Trạng thái']

function csv(rows: readonly (readonly string[])[]): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
  return `${[HEADER, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`
}

async function chooseFile(page: Page, path: string) {
  const chooser = page.waitForEvent('filechooser')
  await page.getByText('Kéo thả file vào đây, hoặc bấm để chọn file').click()
  await (await chooser).setFiles(path)
}

test.describe('importing products from a file', () => {
  test('a file with one bad row imports nothing and says where; the fixed file imports everything', async ({ page, request }, testInfo) => {
    const suffix = uniqueSuffix()
    const honey = `Mật ong hoa nhãn Hưng Yên ${suffix}`
    const rice = `Gạo nếp cái hoa vàng ${suffix}`
    const rows = (secondPrice: string) => [
      [honey, `MO-${suffix}-250`, '250 g', 'lọ', '85.000', 'Thực phẩm', 'Đang bán'],
      [honey, `MO-${suffix}-500`, '500 g', 'lọ', secondPrice, 'Thực phẩm', 'Đang bán'],
      [rice, `GN-${suffix}-5`, '5 kg', 'túi', '180000', 'Thực phẩm', 'Nháp'],
    ]
    const badFile = testInfo.outputPath('san-pham-loi.csv')
    const goodFile = testInfo.outputPath('san-pham.csv')
    writeFileSync(badFile, `\uFEFF${csv(rows('abc'))}`, 'utf8')
    writeFileSync(goodFile, `\uFEFF${csv(rows('150.000'))}`, 'utf8')

    await openApp(page)
    await page.getByRole('navigation').getByRole('link', { name: 'Sản phẩm' }).click()
    await page.getByRole('button', { name: 'Nhập từ file' }).click()
    const dialog = page.getByRole('dialog', { name: 'Nhập sản phẩm từ file' })
    await expect(dialog).toBeVisible()

    await chooseFile(page, badFile)
    await expect(dialog.getByText('File đã chọn: san-pham-loi.csv')).toBeVisible()
    await dialog.getByRole('button', { name: 'Bắt đầu nhập' }).click()

    await expect(dialog.getByText('Không có sản phẩm nào được nhập')).toBeVisible()
    const errors = dialog.getByRole('table')
    await expect(errors.getByRole('columnheader', { name: 'Dòng' })).toBeVisible()
    await expect(errors.getByRole('columnheader', { name: 'Cột' })).toBeVisible()
    const errorRow = errors.getByRole('row').filter({ hasText: '“abc” không phải là giá tiền hợp lệ' })
    await expect(errorRow.getByRole('cell').nth(0)).toHaveText('3')
    await expect(errorRow.getByRole('cell').nth(1)).toHaveText('Giá bán')
    await page.screenshot({ path: testInfo.outputPath('import-errors.png') })

    // All or nothing: not even the two good rows were written.
    for (const name of [honey, rice]) {
      const found = await api(request, 'catalog.searchProducts', { query: name, status: 'any' })
      expect(found.total, name).toBe(0)
    }

    await chooseFile(page, goodFile)
    await expect(dialog.getByText('File đã chọn: san-pham.csv')).toBeVisible()
    await expect(dialog.getByText('Không có sản phẩm nào được nhập')).toHaveCount(0)
    await dialog.getByRole('button', { name: 'Bắt đầu nhập' }).click()
    await expect(dialog.getByText('Đã nhập xong')).toBeVisible()
    await expect(dialog.getByText('3 dòng: 2 sản phẩm mới, 0 sản phẩm cập nhật, 3 phân loại mới, 0 phân loại cập nhật.')).toBeVisible()
    await dialog.getByRole('button', { name: 'Đóng' }).first().click()
    await expect(dialog).toBeHidden()

    const honeyRow = page.getByRole('row').filter({ hasText: honey })
    const riceRow = page.getByRole('row').filter({ hasText: rice })
    await page.getByLabel('Tìm sản phẩm').fill(`mat ong hoa nhan ${suffix.toLowerCase()}`)
    await expect(riceRow).toHaveCount(0)
    await expect(honeyRow).toContainText('85.000 ₫ – 150.000 ₫')
    await expect(honeyRow).toContainText('Thực phẩm')
    // An exact SKU finds its product too.
    await page.getByLabel('Tìm sản phẩm').fill(`GN-${suffix}-5`)
    await expect(honeyRow).toHaveCount(0)
    await expect(riceRow).toContainText('Nháp')
    await expect(page.getByText('Tổng số: 1 sản phẩm')).toBeVisible()
    await page.screenshot({ path: testInfo.outputPath('product-list.png') })
  })
})
