// The marketplaces' mass-upload file through the real dispatcher, read back with exceljs. The test
// clock's day is 28 Nov 2026 in Vietnam.
import ExcelJS from 'exceljs'
import { rmSync } from 'node:fs'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { photoJpeg } from '../media/test-fixtures'
import { COOP, createTestApp, type TestApp } from '../test-support'
import { FIRST_DATA_ROW, GUIDE_SHEET } from './mass-upload'

let PHOTO_A: Buffer
let PHOTO_B: Buffer
let PHOTO_C: Buffer
beforeAll(async () => {
  PHOTO_A = await photoJpeg({ width: 480, height: 360, seed: 1 })
  PHOTO_B = await photoJpeg({ width: 480, height: 360, seed: 2 })
  PHOTO_C = await photoJpeg({ width: 480, height: 360, seed: 3 })
})

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

const file = (name: string, bytes: Uint8Array) => ({ name, bytes: new Uint8Array(bytes) })

async function setup() {
  const app = await createTestApp()
  apps.push(app)
  await app.ok('sellers.createSeller', COOP)
  const honey = await app.ok('catalog.createProduct', {
    name: 'Mật ong hoa nhãn Hưng Yên',
    description: 'Mật ong nguyên chất, sản phẩm OCOP 4 sao.',
    category: 'ocop.food',
    status: 'active',
    variants: [
      { sku: 'MOHN-500', optionLabel: 'Hũ 500 g', unit: 'hũ', priceVnd: 150_000, compareAtPriceVnd: 180_000, weightGrams: 700, barcode: '8934567890120' },
      { sku: 'MOHN-250', optionLabel: 'Hũ 250 g', unit: 'hũ', priceVnd: 85_000, weightGrams: 400 },
    ],
  })
  // The description claims stars the certificate no longer backs: they must come off.
  const tea = await app.ok('catalog.createProduct', {
    name: 'Trà shan tuyết OCOP 3 sao',
    description: 'Trà cổ thụ Hà Giang - OCOP 3 sao',
    status: 'active',
    variants: [{ sku: 'TST-100', unit: 'gói', priceVnd: 180_000, weightGrams: 150 }],
  })
  const draft = await app.ok('catalog.createProduct', { name: 'Bánh chưng (chưa bán)', status: 'draft', variants: [{ sku: 'BC-1', unit: 'cái', priceVnd: 60_000 }] })
  await app.ok('ocop.createCertificate', { productId: honey.id, stars: 4, group: 'ocop.food', certificateNumber: '1234/QĐ-UBND', issuingAuthority: 'UBND tỉnh Hưng Yên', issueDate: '2025-03-01' })
  // Issued January 2022: 36 months later it lapsed, so the tea claims nothing.
  await app.ok('ocop.createCertificate', { productId: tea.id, stars: 3, group: 'ocop.beverage', certificateNumber: '77/QĐ-UBND', issueDate: '2022-01-10' })
  await app.ok('stock.receiveStock', { variantId: honey.variants[0]!.id, quantity: 40 })
  await app.ok('stock.receiveStock', { variantId: tea.variants[0]!.id, quantity: 12 })
  await app.ok('orders.createOrder', { channel: 'phone', lines: [{ variantId: honey.variants[0]!.id, quantity: 3 }], confirm: true })
  const photos = await app.ok('catalog.addProductImages', { productId: honey.id, files: [file('a.jpg', PHOTO_A), file('b.jpg', PHOTO_B), file('c.jpg', PHOTO_C)] })
  return { app, honey, tea, draft, photoKeys: photos.images.map((i) => i.mediaKey), photos: photos.images }
}

async function workbookOf(contentBase64: string): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(Buffer.from(contentBase64, 'base64') as unknown as ArrayBuffer)
  return book
}

/** The sheet's rows from FIRST_DATA_ROW on, each keyed by its column title. */
function rowsOf(sheet: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header = titlesOf(sheet)
  const rows: Record<string, unknown>[] = []
  for (let n = FIRST_DATA_ROW; n <= sheet.rowCount; n++) {
    rows.push(Object.fromEntries(header.map((title, i) => [title, sheet.getRow(n).getCell(i + 1).value ?? null])))
  }
  return rows
}

function titlesOf(sheet: ExcelJS.Worksheet): string[] {
  return (sheet.getRow(1).values as unknown[]).slice(1).map(String)
}

describe('the marketplace mass-upload file', () => {
  it('has a Vietnamese guide sheet, then one sheet per platform in the order asked', async () => {
    const { app } = await setup()
    const file = await app.ok('publishing.exportMassUpload', {})
    expect(file).toMatchObject({ fileName: 'dang-hang-loat-20261128.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', rowCount: 3 })
    const book = await workbookOf(file.contentBase64)
    expect(book.worksheets.map((w) => w.name)).toEqual([GUIDE_SHEET, 'Shopee', 'Lazada', 'TikTok Shop'])
    const guide = book.getWorksheet(GUIDE_SHEET)!
    const text = guide.getColumn(1).values.filter((v): v is string => typeof v === 'string').join('\n')
    expect(text).toContain('Lập ngày 28/11/2026: 2 sản phẩm, 3 dòng')
    expect(text).toContain('<mã ảnh>.jpg')
    expect(text).toContain('không tải thẳng lên sàn')

    const one = await workbookOf((await app.ok('publishing.exportMassUpload', { platforms: ['tiktok', 'shopee', 'tiktok'] })).contentBase64)
    expect(one.worksheets.map((w) => w.name)).toEqual([GUIDE_SHEET, 'TikTok Shop', 'Shopee'])
  })

  it('fills Shopee’s basic template: one row per variant, a product’s variants under one variation number, product fields on its first row', async () => {
    const { app, photoKeys } = await setup()
    const book = await workbookOf((await app.ok('publishing.exportMassUpload', { platforms: ['shopee'] })).contentBase64)
    const sheet = book.getWorksheet('Shopee')!
    expect(titlesOf(sheet).slice(0, 16)).toEqual([
      'Ngành hàng',
      'Tên sản phẩm',
      'Mô tả sản phẩm',
      'SKU sản phẩm',
      'Mã sản phẩm',
      'Tên nhóm phân loại hàng 1',
      'Tên phân loại hàng cho nhóm phân loại hàng 1',
      'Hình ảnh mỗi phân loại',
      'Tên nhóm phân loại hàng 2',
      'Tên phân loại hàng cho nhóm phân loại hàng 2',
      'Giá',
      'Kho hàng',
      'SKU phân loại',
      'Size Chart Template',
      'Size Chart Image',
      'Ảnh bìa',
    ])
    // Row 2 says what each column is, and that photos are file names, not links.
    expect(sheet.getRow(2).getCell(16).value).toEqual(expect.stringContaining('không phải đường link'))

    // Active products by name: honey (two variants) first, then tea; the draft is left out.
    const rows = rowsOf(sheet)
    expect(rows).toHaveLength(3)
    const [big, small, tea] = rows as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]
    expect(big).toMatchObject({
      'Ngành hàng': null,
      'Tên sản phẩm': 'Mật ong hoa nhãn Hưng Yên',
      'SKU sản phẩm': null,
      'Mã sản phẩm': 1,
      'Tên nhóm phân loại hàng 1': 'Phân loại',
      'Tên phân loại hàng cho nhóm phân loại hàng 1': 'Hũ 500 g',
      Giá: 150_000,
      'Kho hàng': 37,
      'SKU phân loại': 'MOHN-500',
      'Ảnh bìa': `${photoKeys[0]}.jpg`,
      'Hình ảnh sản phẩm 1': `${photoKeys[1]}.jpg`,
      'Hình ảnh sản phẩm 2': `${photoKeys[2]}.jpg`,
      'Hình ảnh sản phẩm 3': null,
      'Cân nặng': 0.7,
      'Chiều dài': null,
      '[Tham khảo] Mã vạch (GTIN)': '8934567890120',
    })
    expect(small).toMatchObject({
      'Tên sản phẩm': null,
      'Mô tả sản phẩm': null,
      'Mã sản phẩm': 1,
      'Tên phân loại hàng cho nhóm phân loại hàng 1': 'Hũ 250 g',
      Giá: 85_000,
      'Kho hàng': 0,
      'SKU phân loại': 'MOHN-250',
      'Ảnh bìa': null,
      'Cân nặng': 0.4,
    })
    // A product without variations: its own SKU, no variation number.
    expect(tea).toMatchObject({ 'Tên sản phẩm': 'Trà shan tuyết', 'SKU sản phẩm': 'TST-100', 'Mã sản phẩm': null, 'Tên nhóm phân loại hàng 1': null, 'SKU phân loại': null, 'Kho hàng': 12, 'Ảnh bìa': null })
  })

  it('states OCOP stars only while a certificate is in force, and takes unbacked claims out', async () => {
    const { app } = await setup()
    const book = await workbookOf((await app.ok('publishing.exportMassUpload', {})).contentBase64)
    for (const name of ['Shopee', 'Lazada', 'TikTok Shop']) {
      const rows = rowsOf(book.getWorksheet(name)!)
      const description = Object.keys(rows[0]!).find((t) => t.startsWith('Mô tả sản phẩm'))!
      const ocop = '[Tham khảo] Chứng nhận OCOP'
      expect(rows[0]![description]).toBe('Mật ong nguyên chất, sản phẩm OCOP 4 sao.\n\nSản phẩm OCOP 4 sao – giấy chứng nhận số 1234/QĐ-UBND, hiệu lực đến 01/03/2028.')
      expect(rows[0]![ocop]).toBe('Sản phẩm OCOP 4 sao – giấy chứng nhận số 1234/QĐ-UBND, hiệu lực đến 01/03/2028.')
      const tea = rows[2]!
      expect(tea[description]).toBe('Trà cổ thụ Hà Giang')
      expect(String(tea[description])).not.toMatch(/sao|OCOP/)
      expect(tea[ocop]).toBeNull()
      const title = Object.keys(tea).find((t) => t.startsWith('Tên sản phẩm'))!
      expect(tea[title]).toBe('Trà shan tuyết')
    }
  })

  it('fills Lazada with one group number per product, list and sale prices, and package content', async () => {
    const { app, photoKeys } = await setup()
    const book = await workbookOf((await app.ok('publishing.exportMassUpload', { platforms: ['lazada'] })).contentBase64)
    const rows = rowsOf(book.getWorksheet('Lazada')!)
    expect(rows.map((r) => [r['Mã nhóm sản phẩm'], r['SKU người bán'], r['Phân loại']])).toEqual([
      [1, 'MOHN-500', 'Hũ 500 g'],
      [1, 'MOHN-250', 'Hũ 250 g'],
      [2, 'TST-100', null],
    ])
    expect(rows[0]).toMatchObject({
      'Tên sản phẩm': 'Mật ong hoa nhãn Hưng Yên',
      'Giá (đồng)': 180_000,
      'Giá khuyến mãi (đồng)': 150_000,
      'Số lượng tồn kho': 37,
      'Khối lượng gói hàng (kg)': 0.7,
      'Nội dung gói hàng': '1 hũ Mật ong hoa nhãn Hưng Yên (Hũ 500 g)',
      'Mã vạch (GTIN/EAN)': '8934567890120',
      'Ảnh 1 (ảnh chính)': `${photoKeys[0]}.jpg`,
    })
    // Every row of a product repeats its name and photos: Lazada's template is not Shopee's.
    expect(rows[1]).toMatchObject({ 'Tên sản phẩm': 'Mật ong hoa nhãn Hưng Yên', 'Giá (đồng)': 85_000, 'Giá khuyến mãi (đồng)': null, 'Ảnh 1 (ảnh chính)': `${photoKeys[0]}.jpg` })
    expect(rows[0]!['Danh mục']).toBeNull()
  })

  it('fills TikTok Shop with the same product name on every SKU of a product and its variant photos', async () => {
    const { app, honey, photos } = await setup()
    await app.ok('catalog.updateProductImage', { id: photos[1]!.id, variantId: honey.variants[1]!.id })
    const book = await workbookOf((await app.ok('publishing.exportMassUpload', { platforms: ['tiktok'] })).contentBase64)
    const sheet = book.getWorksheet('TikTok Shop')!
    expect(titlesOf(sheet).slice(0, 5)).toEqual(['Danh mục (Category)', 'Thương hiệu (Brand)', 'Tên sản phẩm (Product Name)', 'Mô tả sản phẩm (Product Description)', 'Ảnh chính (Main Product Image)'])
    const rows = rowsOf(sheet)
    expect(rows.map((r) => [r['Tên sản phẩm (Product Name)'], r['SKU người bán (Seller SKU)'], r['Phân loại 1 (Variation)'], r['Giá bán lẻ, đồng (Retail Price)'], r['Số lượng (Quantity)']])).toEqual([
      ['Mật ong hoa nhãn Hưng Yên', 'MOHN-500', 'Hũ 500 g', 150_000, 37],
      ['Mật ong hoa nhãn Hưng Yên', 'MOHN-250', 'Hũ 250 g', 85_000, 0],
      ['Trà shan tuyết', 'TST-100', null, 180_000, 12],
    ])
    expect(rows.map((r) => r['Ảnh phân loại (Variant Image)'])).toEqual([null, `${photos[1]!.mediaKey}.jpg`, null])
    expect(rows[2]!['Khối lượng gói hàng, kg (Package Weight)']).toBe(0.15)

    // Shopee takes option photos for all options or none: one of two is not enough.
    const shopee = rowsOf((await workbookOf((await app.ok('publishing.exportMassUpload', { platforms: ['shopee'] })).contentBase64)).getWorksheet('Shopee')!)
    expect(shopee.map((r) => r['Hình ảnh mỗi phân loại'])).toEqual([null, null, null])
    await app.ok('catalog.updateProductImage', { id: photos[2]!.id, variantId: honey.variants[0]!.id })
    const both = rowsOf((await workbookOf((await app.ok('publishing.exportMassUpload', { platforms: ['shopee'] })).contentBase64)).getWorksheet('Shopee')!)
    expect(both.map((r) => r['Hình ảnh mỗi phân loại'])).toEqual([`${photos[2]!.mediaKey}.jpg`, `${photos[1]!.mediaKey}.jpg`, null])
  })

  it('exports the chosen products only, in the order given', async () => {
    const { app, tea, draft } = await setup()
    const file = await app.ok('publishing.exportMassUpload', { platforms: ['lazada'], productIds: [draft.id, tea.id] })
    expect(file.rowCount).toBe(2)
    const rows = rowsOf((await workbookOf(file.contentBase64)).getWorksheet('Lazada')!)
    expect(rows.map((r) => [r['Mã nhóm sản phẩm'], r['SKU người bán']])).toEqual([
      [1, 'BC-1'],
      [2, 'TST-100'],
    ])
  })

  it('answers NOT_FOUND for a product that does not exist', async () => {
    const { app, tea } = await setup()
    const result = await app.call('publishing.exportMassUpload', { productIds: [tea.id, 'prd_missing'] })
    expect(result.ok).toBe(false)
    expect((result as { error: { code: string } }).error.code).toBe('NOT_FOUND')
  })

  it('refuses an empty platform list and an unknown platform', async () => {
    const { app } = await setup()
    for (const platforms of [[], ['sendo']]) {
      const result = await app.call('publishing.exportMassUpload', { platforms } as never)
      expect(result.ok).toBe(false)
      expect((result as { error: { code: string } }).error.code).toBe('VALIDATION')
    }
  })
})
