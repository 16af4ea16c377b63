import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import sharp from 'sharp'
import { addDays, formatDateVi, todayInVietnam } from '../../src/shared/domain/calendar'
import { api, ensureSeller, openApp, uniqueSuffix } from './support'
import { pdftotext } from '../../src/main/pdf/poppler.test-support'

const TRACE_CODE = /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/

test.beforeEach(async ({ request }) => {
  await ensureSeller(request)
})

/**
 * Honey in two jars: the lot form must make the user choose the variant. SKUs stay short so the
 * lot code made from them (SKU-YYMMDD-NN) fits whole on the smallest label.
 */
async function honey(request: APIRequestContext, suffix: string) {
  const name = `Mật ong hoa nhãn Khoái Châu ${suffix}`
  const product = await api(request, 'catalog.createProduct', {
    name,
    status: 'active',
    variants: [
      { sku: `MK-${suffix}`, optionLabel: 'Hũ 500 g', unit: 'hũ', priceVnd: 180000, weightGrams: 500 },
      { sku: `MK-${suffix}-1L`, optionLabel: 'Chai 1 lít', unit: 'chai', priceVnd: 320000 },
    ],
  })
  return { name, product }
}

async function openNewLotForm(page: Page) {
  await openApp(page)
  await page.getByRole('navigation').getByRole('link', { name: 'Lô hàng & tem' }).click()
  await expect(page.getByRole('heading', { name: 'Lô hàng', exact: true })).toBeVisible()
  await page.getByRole('button', { name: 'Thêm lô' }).click()
  await expect(page.getByRole('heading', { name: 'Thêm lô hàng' })).toBeVisible()
}

/** Types the way people do (no tone marks) and picks from what the server found. */
async function chooseProductAndVariant(page: Page, productName: string, suffix: string, variant: RegExp) {
  const product = page.getByLabel('Sản phẩm', { exact: true })
  await product.click()
  await product.fill(`mat ong khoai chau ${suffix.toLowerCase()}`)
  await page.getByTitle(productName, { exact: true }).click()
  await page.getByLabel('Phân loại', { exact: true }).click()
  await page.getByTitle(variant).click()
}

test.describe('lots, labels and traceability', () => {
  test('records a harvest lot, shows its trace code and QR, prints A4 3×8 labels and exports the trace page', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const { name } = await honey(request, suffix)
    const harvested = addDays(todayInVietnam(Date.now()), -3)

    await openNewLotForm(page)
    await chooseProductAndVariant(page, name, suffix, /^Hũ 500 g/)
    // The variant brings its unit.
    await expect(page.getByLabel('Đơn vị tính', { exact: true })).toHaveValue('hũ')
    const harvestDate = page.getByLabel('Ngày thu hoạch', { exact: true })
    await harvestDate.fill(formatDateVi(harvested))
    await harvestDate.press('Enter')
    await page.getByRole('spinbutton', { name: 'Số lượng' }).fill('120')
    await page.getByRole('spinbutton', { name: 'Số ngày bảo quản' }).fill('365')
    await expect(page.getByText(formatDateVi(addDays(harvested, 365)))).toBeVisible()
    const areas = page.getByLabel('Mã số vùng trồng', { exact: true })
    await areas.fill('vn-hyen-0456')
    await areas.press('Enter')
    await page.getByRole('button', { name: 'Lưu', exact: true }).click()

    // Lands on the lot's own page, with its public trace code and the QR code for the label.
    await expect(page.getByText(/^Đã tạo lô /)).toBeVisible()
    const title = page.getByRole('heading', { level: 2, name: /^Lô / })
    await expect(title).toBeVisible()
    const lotCode = ((await title.textContent()) ?? '').replace(/^Lô /, '').trim()
    expect(lotCode).toMatch(new RegExp(`^MK-${suffix}-\\d{6}-01$`))
    const traceHeading = page.getByRole('heading', { level: 3 }).filter({ hasText: TRACE_CODE })
    await expect(traceHeading).toBeVisible()
    const traceCode = ((await traceHeading.textContent()) ?? '').trim()
    expect(traceCode).toMatch(TRACE_CODE)
    const qr = page.getByRole('img', { name: `Mã QR truy xuất của lô, mã ${traceCode}` })
    await expect(qr).toBeVisible()
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/)

    // What was saved: the code upper-cased, the expiry resolved from the shelf life.
    const saved = await api(request, 'lots.lookupTraceCode', { code: traceCode.toLowerCase() })
    expect(saved).toMatchObject({ lotCode, harvestDate: harvested, expiryDate: addDays(harvested, 365), quantity: 120, unit: 'hũ', growingAreaCodes: ['VN-HYEN-0456'] })

    // The trace page is one HTML file that names the lot.
    const pageDownload = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Tải trang truy xuất (HTML)' }).click()
    const html = readFileSync(await (await pageDownload).path(), 'utf8')
    expect(html).toContain(traceCode)
    expect(html).toContain(name)

    // From the list: tick the lot, print it on a 24-label A4 sheet.
    await page.getByRole('button', { name: 'Quay lại' }).click()
    await expect(page.getByRole('heading', { name: 'Lô hàng', exact: true })).toBeVisible()
    await page.getByLabel('Tìm lô').fill(suffix)
    const row = page.getByRole('row').filter({ hasText: lotCode })
    await expect(row).toHaveCount(1)
    await expect(row).toContainText(traceCode)
    await expect(row).toContainText('VN-HYEN-0456')
    await row.getByRole('checkbox', { name: `Chọn lô ${lotCode}` }).check()
    await expect(page.getByText('Đã chọn 1 lô')).toBeVisible()
    await page.getByRole('button', { name: 'In tem' }).click()

    const dialog = page.getByRole('dialog', { name: 'In tem truy xuất (1 lô)' })
    await expect(dialog).toBeVisible()
    await dialog.getByRole('radio', { name: 'A4, 24 tem (3 × 8)' }).check()
    await expect(dialog.getByText('Tổng cộng 1 tem, 1 tờ A4')).toBeVisible()
    const labelsDownload = page.waitForEvent('download')
    await dialog.getByRole('button', { name: 'Tải file PDF' }).click()
    const pdfFile = await (await labelsDownload).path()
    const pdf = readFileSync(pdfFile)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    await expect(page.getByText('Đã tạo 1 tem (1 trang)')).toBeVisible()

    // A long name wraps on a small label; compare words, with the marks composed the same way.
    const text = pdftotext(['-enc', 'UTF-8', pdfFile, '-']).normalize('NFC').replace(/\s+/g, ' ')
    expect(text).toContain(lotCode)
    expect(text).toContain(name.normalize('NFC'))
  })

  test('keeps the good photos when one file of a batch is not an image, and names the bad one', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const { product } = await honey(request, suffix)
    const lot = await api(request, 'lots.createLot', { variantId: product.variants[0]!.id, harvestDate: todayInVietnam(Date.now()), quantity: 10 })
    const dir = mkdtempSync(join(tmpdir(), 'ocop-e2e-lot-photos-'))
    const good = join(dir, 'vuon-nhan.jpg')
    writeFileSync(good, await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 40, g: 150, b: 70 } } }).jpeg().toBuffer())
    const bad = join(dir, 'ghi-chu.jpg')
    writeFileSync(bad, 'this is a note, not a photo')

    await openApp(page)
    await page.goto(`/#/lots/${lot.id}`)
    await expect(page.getByRole('heading', { name: `Lô ${lot.lotCode}` })).toBeVisible()
    await expect(page.getByText(/^Chưa có ảnh/)).toBeVisible()
    await page.locator('input[type=file][multiple]').setInputFiles([good, bad])

    await expect(page.getByText('1 ảnh không tải lên được')).toBeVisible({ timeout: 20_000 })
    await expect(page.getByRole('listitem').filter({ hasText: 'ghi-chu.jpg' })).toBeVisible()
    await expect(page.getByRole('img', { name: `Ảnh 1 của lô ${lot.lotCode}` })).toBeVisible()
    expect((await api(request, 'lots.getLot', { id: lot.id })).photos).toHaveLength(1)
  })

  test('puts a lot code already used for the variant on the lot-code field', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const { name, product } = await honey(request, suffix)
    const taken = `KC-${suffix}-A`
    await api(request, 'lots.createLot', { variantId: product.variants[1]!.id, lotCode: taken, harvestDate: todayInVietnam(Date.now()), quantity: 5 })

    await openNewLotForm(page)
    await chooseProductAndVariant(page, name, suffix, /^Chai 1 lít/)
    await page.getByLabel('Mã lô', { exact: true }).fill(taken)
    await page.getByRole('spinbutton', { name: 'Số lượng' }).fill('8')
    await page.getByRole('button', { name: 'Lưu', exact: true }).click()

    // On the field, naming the code (the toast above says it in general terms).
    await expect(page.getByText(`Mã lô ${taken} đã dùng cho phân loại này`)).toBeVisible()
    await expect(page.getByLabel('Mã lô', { exact: true })).toHaveAttribute('aria-invalid', 'true')
    await expect(page.getByRole('heading', { name: 'Thêm lô hàng' })).toBeVisible()
  })
})
