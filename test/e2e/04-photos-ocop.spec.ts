import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import sharp from 'sharp'
import { addDays, addMonthsClamped, formatDateVi, todayInVietnam } from '../../src/shared/domain/calendar'
import { api, ensureSeller, openApp, uniqueSuffix } from './support'

test.beforeEach(async ({ request }) => {
  await ensureSeller(request)
})

/** A phone-like JPEG: coloured, with EXIF orientation, as a file the file chooser can take. */
async function photo(dir: string, name: string, color: { r: number; g: number; b: number }): Promise<string> {
  const bytes = await sharp({ create: { width: 640, height: 480, channels: 3, background: color } })
    .jpeg({ quality: 85 })
    .withMetadata({ orientation: 6 })
    .toBuffer()
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return path
}

test.describe('product photos and OCOP certificates', () => {
  test('uploads two photos, sees thumbnails, reorders them by button and by dragging', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const product = await api(request, 'catalog.createProduct', {
      name: `Mật ong hoa nhãn ${suffix}`,
      category: 'ocop.food',
      variants: [{ sku: `MO-${suffix}`, unit: 'hũ', priceVnd: 150000 }],
    })
    const dir = mkdtempSync(join(tmpdir(), 'ocop-e2e-photos-'))
    const files = [await photo(dir, 'hu-mat-ong.jpg', { r: 200, g: 140, b: 20 }), await photo(dir, 'vuon-nhan.jpg', { r: 30, g: 140, b: 60 })]

    await openApp(page)
    await page.goto(`/#/products/${product.id}`)
    await expect(page.getByRole('heading', { name: 'Sửa sản phẩm' })).toBeVisible()
    await expect(page.getByText('Chưa có ảnh nào')).toBeVisible()

    await page.locator('input[type=file][multiple]').setInputFiles(files)
    await expect(page.getByText('Đã thêm 2 ảnh')).toBeVisible({ timeout: 20_000 })
    const thumbs = page.getByTestId('product-image')
    await expect(thumbs).toHaveCount(2)
    // Thumbnails load from the authenticated /media route.
    const first = thumbs.nth(0).getByRole('img').first()
    await expect(first).toHaveJSProperty('complete', true)
    expect(await first.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0)
    await expect(thumbs.nth(0)).toContainText('Ảnh bìa')

    const before = await api(request, 'catalog.getProduct', { id: product.id })
    await page.getByRole('button', { name: 'Đặt làm ảnh bìa (2)' }).click()
    await expect
      .poll(async () => (await api(request, 'catalog.getProduct', { id: product.id })).images[0]?.id)
      .toBe(before.images[1]!.id)
    await expect(thumbs.nth(0)).toContainText('Ảnh bìa')

    // Dragging the cover onto the second place puts the first photo back in front.
    await thumbs.nth(0).dragTo(thumbs.nth(1))
    await expect
      .poll(async () => (await api(request, 'catalog.getProduct', { id: product.id })).images.map((i) => i.id))
      .toEqual(before.images.map((i) => i.id))
    await page.getByRole('button', { name: 'Đặt làm ảnh bìa (2)' }).click()
    await expect
      .poll(async () => (await api(request, 'catalog.getProduct', { id: product.id })).images[0]?.id)
      .toBe(before.images[1]!.id)

    // The list shows the new cover as the product's thumbnail.
    const listed = await api(request, 'catalog.searchProducts', { query: `MO-${suffix}` })
    expect(listed.items[0]!.coverMediaKey).toBe(before.images[1]!.mediaKey)
    // Upright (orientation 6 applied: 640×480 became 480×640) and stripped.
    expect(before.images.map((i) => [i.width, i.height])).toEqual([
      [480, 640],
      [480, 640],
    ])
  })

  test('adds a 4-star certificate expiring in 20 days and sees the alert', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const name = `Chè Shan tuyết ${suffix}`
    const product = await api(request, 'catalog.createProduct', {
      name,
      category: 'ocop.beverage',
      variants: [{ sku: `CHE-${suffix}`, unit: 'gói', priceVnd: 90000 }],
    })
    const today = todayInVietnam(Date.now())
    const expiry = addDays(today, 20)
    const issue = addMonthsClamped(expiry, -36)

    await openApp(page)
    await page.goto(`/#/products/${product.id}`)
    await page.getByRole('button', { name: 'Thêm giấy chứng nhận' }).click()
    const dialog = page.getByRole('dialog', { name: 'Thêm giấy chứng nhận OCOP' })
    await dialog.getByText('4 sao', { exact: true }).click()
    await expect(dialog.getByRole('radio', { name: '4 sao' })).toBeChecked()
    await dialog.getByLabel('Số giấy chứng nhận').fill(`OCOP-${suffix}`)
    await dialog.getByLabel('Ngày cấp').fill(formatDateVi(issue))
    await dialog.getByLabel('Ngày cấp').press('Enter')
    await dialog.getByLabel('Ngày hết hạn').fill(formatDateVi(expiry))
    await dialog.getByLabel('Ngày hết hạn').press('Enter')
    await dialog.getByRole('button', { name: 'Lưu' }).click()
    await expect(page.getByText(`Đã lưu giấy chứng nhận số OCOP-${suffix}`)).toBeVisible()
    await expect(page.getByText('Sắp hết hạn · còn 20 ngày').first()).toBeVisible()

    // The shell's bell counts it; the alerts page lists it in the 30-day window.
    await page.getByRole('button', { name: /Giấy chứng nhận OCOP sắp hết hạn hoặc đã hết hạn/ }).click()
    await expect(page.getByRole('heading', { name: 'Hạn giấy chứng nhận OCOP' })).toBeVisible()
    const row = page.getByRole('row').filter({ hasText: name })
    await expect(row).toContainText('còn 20 ngày')
    await expect(row).toContainText(formatDateVi(expiry))

    const alerts = await api(request, 'ocop.expiryAlerts', {})
    const mine = alerts.items.find((c) => c.productId === product.id)
    expect(mine).toMatchObject({ stars: 4, issuingLevel: 'province', alertWindow: 30, daysLeft: 20 })
  })
})
