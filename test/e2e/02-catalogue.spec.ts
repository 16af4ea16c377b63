import { expect, test, type Page } from '@playwright/test'
import { api, ensureSeller, openApp, uniqueSuffix } from './support'

test.beforeEach(async ({ request }) => {
  await ensureSeller(request)
})

/** The app opens on "Tổng quan"; the catalogue is one click away in the menu. */
async function openProducts(page: Page) {
  await openApp(page)
  await page.getByRole('navigation').getByRole('link', { name: 'Sản phẩm' }).click()
}

async function fillVariant(page: Page, index: number, values: { sku: string; option: string; unit: string; price: string }) {
  const variant = page.getByRole('group', { name: `Phân loại ${index}` })
  await variant.getByLabel('Mã SKU', { exact: true }).fill(values.sku)
  await variant.getByLabel('Tên phân loại', { exact: true }).fill(values.option)
  await variant.getByLabel('Đơn vị tính', { exact: true }).fill(values.unit)
  await variant.getByLabel('Đơn vị tính', { exact: true }).press('Escape')
  await variant.getByLabel('Giá bán', { exact: true }).fill(values.price)
}

test.describe('product catalogue', () => {
  test('creates a product with two variants, finds it without diacritics, edits a price, archives it', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const name = `Nước mắm cá cơm Cát Hải ${suffix}`
    await openProducts(page)
    await expect(page.getByRole('heading', { name: 'Sản phẩm' })).toBeVisible()

    await page.getByRole('button', { name: 'Thêm sản phẩm' }).click()
    await expect(page.getByRole('heading', { name: 'Thêm sản phẩm' })).toBeVisible()
    await page.getByLabel('Tên sản phẩm').fill(name)
    await fillVariant(page, 1, { sku: `NM-${suffix}-500`, option: '500 ml', unit: 'chai', price: '125000' })
    await page.getByRole('button', { name: 'Thêm phân loại' }).click()
    await fillVariant(page, 2, { sku: `NM-${suffix}-1000`, option: '1 lít', unit: 'chai', price: '220000' })
    // The price reads the way it is written in Vietnam.
    await expect(page.getByRole('group', { name: 'Phân loại 1' }).getByLabel('Giá bán', { exact: true })).toHaveValue('125.000')
    await page.getByRole('button', { name: 'Lưu', exact: true }).click()

    await expect(page.getByText(`Đã tạo sản phẩm ${name}`)).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Sản phẩm' })).toBeVisible()

    // Typed the way people type on a phone keyboard: no tone marks.
    await page.getByLabel('Tìm sản phẩm').fill(`nuoc mam ca com ${suffix.toLowerCase()}`)
    await expect(page.getByText('Tổng số: 1 sản phẩm')).toBeVisible()
    const row = page.getByRole('row').filter({ hasText: name })
    await expect(row).toHaveCount(1)
    await expect(row).toContainText('125.000 ₫ – 220.000 ₫')
    await expect(row).toContainText('Đang bán')

    await row.getByRole('link', { name }).click()
    await expect(page.getByRole('heading', { name: 'Sửa sản phẩm' })).toBeVisible()
    const firstPrice = page.getByRole('group', { name: 'Phân loại 1' }).getByLabel('Giá bán', { exact: true })
    await expect(firstPrice).toHaveValue('125.000')
    await firstPrice.fill('135000')
    await page.getByRole('button', { name: 'Lưu', exact: true }).click()
    await expect(page.getByText(`Đã lưu sản phẩm ${name}`)).toBeVisible()
    await expect(page.getByRole('row').filter({ hasText: name })).toContainText('135.000 ₫ – 220.000 ₫')

    await page.getByRole('row').filter({ hasText: name }).getByRole('link', { name }).click()
    await expect(page.getByText('Lịch sử thay đổi')).toBeVisible()
    await expect(page.getByText('Thay đổi: giá bán')).toBeVisible()
    await page.getByRole('button', { name: 'Lưu trữ' }).click()
    await page.getByRole('button', { name: 'Có, lưu trữ' }).click()
    await expect(page.getByText(`Đã lưu trữ sản phẩm ${name}`)).toBeVisible()

    // Gone from the live list…
    await expect(page.getByRole('heading', { name: 'Sản phẩm' })).toBeVisible()
    await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0)
    await expect(page.getByText('Không tìm thấy sản phẩm nào')).toBeVisible()
    // …and kept under Lưu trữ, ready to restore.
    await page.getByRole('radiogroup', { name: 'Trạng thái' }).getByText('Lưu trữ').click()
    const archivedRow = page.getByRole('row').filter({ hasText: name })
    await expect(archivedRow).toContainText('Lưu trữ')
    await expect(archivedRow.getByRole('button', { name: 'Khôi phục' })).toBeVisible()

    const found = await api(request, 'catalog.searchProducts', { query: name, status: 'archived' })
    expect(found.items.map((p) => p.name)).toEqual([name])
  })

  test('refuses an SKU another product already uses, on the SKU field', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const sku = `GAO-${suffix}`
    await api(request, 'catalog.createProduct', { name: `Gạo nếp cái hoa vàng ${suffix}`, variants: [{ sku, unit: 'kg', priceVnd: 45000 }] })
    await openProducts(page)
    await page.getByRole('button', { name: 'Thêm sản phẩm' }).click()
    await page.getByLabel('Tên sản phẩm').fill(`Gạo tám thơm ${suffix}`)
    await fillVariant(page, 1, { sku, option: '5 kg', unit: 'túi', price: '150000' })
    await page.getByRole('button', { name: 'Lưu', exact: true }).click()
    await expect(page.getByRole('group', { name: 'Phân loại 1' }).getByText(`Mã SKU ${sku} đã được dùng cho sản phẩm “Gạo nếp cái hoa vàng ${suffix}”`)).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Thêm sản phẩm' })).toBeVisible()
  })

  test('loads more products as the user scrolls a long list', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const header = 'Tên sản phẩm,Mã SKU,Đơn vị tính,Giá bán'
    const lines = Array.from({ length: 250 }, (_, i) => `Rau cải ${suffix} ${String(i).padStart(3, '0')},RC-${suffix}-${i},bó,${10000 + i * 100}`)
    const contentBase64 = Buffer.from([header, ...lines].join('\n'), 'utf8').toString('base64')
    await api(request, 'catalog.importProducts', { fileName: 'rau.csv', contentBase64 })

    await openProducts(page)
    await page.getByLabel('Tìm sản phẩm').fill(`rau cai ${suffix.toLowerCase()}`)
    await expect(page.getByText('Tổng số: 250 sản phẩm')).toBeVisible()
    await page.getByLabel('Sắp xếp').click()
    await page.getByTitle('Tên A → Z').click()
    const first = page.getByRole('row').filter({ hasText: `Rau cải ${suffix} 000` })
    await expect(first).toBeVisible()
    const last = page.getByRole('row').filter({ hasText: `Rau cải ${suffix} 249` })
    // Only the first page of 100 is loaded until the user scrolls towards its end.
    await first.hover()
    await expect(async () => {
      await page.mouse.wheel(0, 4000)
      await expect(last).toBeVisible({ timeout: 200 })
    }).toPass({ timeout: 10_000 })
  })
})
