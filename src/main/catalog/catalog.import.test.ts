import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import type { ImportRowErrorDto } from '@shared/contract/dto'
import { COOP, createTestApp, type TestApp } from '../test-support'

const HEADER_VI = 'Tên sản phẩm,Mã SKU,Phân loại,Đơn vị tính,Giá bán,Nhóm sản phẩm,Trạng thái,Mô tả'

function csv(lines: string[]): string {
  return Buffer.from(lines.join('\r\n'), 'utf8').toString('base64')
}

async function xlsx(rows: (string | number | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('Sản phẩm')
  for (const r of rows) ws.addRow(r)
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64')
}

async function appWithSeller(): Promise<TestApp> {
  const app = await createTestApp()
  await app.ok('sellers.createSeller', COOP)
  return app
}

async function importErrors(app: TestApp, fileName: string, contentBase64: string): Promise<ImportRowErrorDto[]> {
  const result = await app.call('catalog.importProducts', { fileName, contentBase64 })
  expect(result.ok).toBe(false)
  if (result.ok) return []
  expect(result.error.code).toBe('VALIDATION')
  return (result.error.details as { rows: ImportRowErrorDto[] }).rows
}

const GOOD = [
  HEADER_VI,
  'Gạo ST25 Sóc Trăng,GAO-5,Túi 5 kg,túi,"180.000",Thực phẩm,Đang bán,Gạo thơm',
  'Gạo ST25 Sóc Trăng,GAO-10,Túi 10 kg,túi,350000,Thực phẩm,Đang bán,',
  'Trà xanh Thái Nguyên,TRA-200,Hộp 200 g,hộp,"95,000",Đồ uống,Nháp,',
]

describe('product import', () => {
  it('imports a CSV with Vietnamese headers: rows with the same name become one product with variants', async () => {
    const app = await appWithSeller()
    const result = await app.ok('catalog.importProducts', { fileName: 'san-pham.csv', contentBase64: csv(GOOD) })
    expect(result).toEqual({ rows: 3, productsCreated: 2, productsUpdated: 0, variantsCreated: 3, variantsUpdated: 0 })
    const page = await app.ok('catalog.searchProducts', { query: 'gao st25' })
    expect(page.items).toHaveLength(1)
    const rice = await app.ok('catalog.getProduct', { id: page.items[0]!.id })
    expect(rice).toMatchObject({ category: 'ocop.food', status: 'active', description: 'Gạo thơm' })
    expect(rice.variants.map((v) => [v.sku, v.optionLabel, v.priceVnd])).toEqual([
      ['GAO-5', 'Túi 5 kg', 180000],
      ['GAO-10', 'Túi 10 kg', 350000],
    ])
    const tea = await app.ok('catalog.searchProducts', { query: 'tra xanh', status: 'draft' })
    expect(tea.items[0]).toMatchObject({ category: 'ocop.beverage', minPriceVnd: 95000 })
  })

  it('reports every bad row by row number and column, and writes nothing', async () => {
    const app = await appWithSeller()
    const errors = await importErrors(app, 'bad.csv', csv([
      HEADER_VI,
      'Gạo ST25,GAO-5,,túi,180000,,,',
      'Gạo ST25,GAO-10,,túi,abc,,,',
      ',X-1,,túi,1000,,,',
      'Miến dong,MD 1,,gói,1000,,Bán chạy,',
      'Miến dong,GAO-5,,gói,1000,,,',
    ]))
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [3, 'Giá bán', 'price_format'],
      [4, 'Tên sản phẩm', 'required'],
      [5, 'Trạng thái', 'status_value'],
      [5, 'Mã SKU', 'sku_format'],
      [6, 'Mã SKU', 'sku_repeated'],
    ])
    expect(errors[4]!.params).toMatchObject({ firstRow: 2 })
    expect((await app.ok('catalog.searchProducts', { query: '' })).total).toBe(0)
  })

  it('names missing required columns in Vietnamese', async () => {
    const app = await appWithSeller()
    const errors = await importErrors(app, 'thieu.csv', csv(['Tên sản phẩm,Giá bán', 'Gạo,1000']))
    expect(errors.map((e) => [e.row, e.code, e.params?.['column']])).toEqual([
      [1, 'missing_column', 'Mã SKU'],
      [1, 'missing_column', 'Đơn vị tính'],
    ])
  })

  it('reads English headers, semicolon separators, a BOM and headers typed without diacritics', async () => {
    const app = await appWithSeller()
    const en = await app.ok('catalog.importProducts', { fileName: 'p.csv', contentBase64: csv(['\uFEFFProduct name;SKU;Unit;Price', 'Honey;H-1;jar;120000']) })
    expect(en.productsCreated).toBe(1)
    const folded = await app.ok('catalog.importProducts', { fileName: 'p.csv', contentBase64: csv(['ten san pham,ma sku,don vi tinh,gia ban', 'Mien dong,MD-1,goi,25000']) })
    expect(folded.productsCreated).toBe(1)
  })

  it('refuses a CSV that is not UTF-8, asking for CSV UTF-8', async () => {
    const app = await appWithSeller()
    const cp1258 = Buffer.from([0x54, 0xea, 0x6e, 0x2c, 0x53, 0x4b, 0x55, 0x0d, 0x0a, 0xd0, 0xe2, 0x75]).toString('base64')
    const errors = await importErrors(app, 'ansi.csv', cp1258)
    expect(errors[0]).toMatchObject({ row: 1, code: 'encoding' })
  })

  it('refuses old .xls and unknown file types with a clear code', async () => {
    const app = await appWithSeller()
    expect((await importErrors(app, 'old.xls', csv(['x'])))[0]!.code).toBe('xls_not_supported')
    expect((await importErrors(app, 'photo.jpg', csv(['x'])))[0]!.code).toBe('file_type')
    expect((await importErrors(app, 'broken.xlsx', csv(['not a zip'])))[0]!.code).toBe('unreadable_file')
  })

  it('imports XLSX, reading numeric cells and rich text', async () => {
    const app = await appWithSeller()
    const content = await xlsx([
      ['Tên sản phẩm', 'Mã SKU', 'Đơn vị tính', 'Giá bán', 'Khối lượng (g)', 'Mã vạch'],
      ['Mật ong rừng U Minh', 'MO-UM', 'chai', 250000, 650, '8930000000028'],
    ])
    const result = await app.ok('catalog.importProducts', { fileName: 'mat-ong.xlsx', contentBase64: content })
    expect(result.variantsCreated).toBe(1)
    const found = await app.ok('catalog.searchProducts', { query: '8930000000028' })
    const honey = await app.ok('catalog.getProduct', { id: found.items[0]!.id })
    expect(honey.variants[0]).toMatchObject({ priceVnd: 250000, weightGrams: 650 })
  })

  it('updates existing products by SKU instead of duplicating them, and adds new variants to them', async () => {
    const app = await appWithSeller()
    await app.ok('catalog.importProducts', { fileName: 'a.csv', contentBase64: csv(GOOD) })
    const again = await app.ok('catalog.importProducts', {
      fileName: 'b.csv',
      contentBase64: csv([HEADER_VI, 'Gạo ST25 Sóc Trăng,GAO-5,Túi 5 kg,túi,190000,Thực phẩm,Đang bán,', 'Gạo ST25 Sóc Trăng,GAO-25,Bao 25 kg,bao,800000,,,']),
    })
    expect(again).toEqual({ rows: 2, productsCreated: 0, productsUpdated: 1, variantsCreated: 1, variantsUpdated: 1 })
    const rice = (await app.ok('catalog.searchProducts', { query: 'gao' })).items
    expect(rice).toHaveLength(1)
    const product = await app.ok('catalog.getProduct', { id: rice[0]!.id })
    expect(product.variants.map((v) => [v.sku, v.priceVnd])).toEqual([
      ['GAO-5', 190000],
      ['GAO-10', 350000],
      ['GAO-25', 800000],
    ])
    expect(product.version).toBe(2)
  })

  it('refuses rows whose SKUs belong to two different existing products', async () => {
    const app = await appWithSeller()
    await app.ok('catalog.importProducts', { fileName: 'a.csv', contentBase64: csv(GOOD) })
    const errors = await importErrors(app, 'c.csv', csv([HEADER_VI, 'Hỗn hợp,GAO-5,,túi,1,,,', 'Hỗn hợp,TRA-200,,hộp,1,,,']))
    expect(errors.map((e) => e.code)).toEqual(['sku_in_other_product', 'sku_in_other_product'])
  })

  it('validates without writing on a dry run, and reports progress for a job id', async () => {
    const app = await appWithSeller()
    const dry = await app.ok('catalog.importProducts', { fileName: 'a.csv', contentBase64: csv(GOOD), dryRun: true, jobId: 'job-dry-1' })
    expect(dry).toMatchObject({ productsCreated: 2, variantsCreated: 3 })
    expect((await app.ok('catalog.searchProducts', { query: '' })).total).toBe(0)
    expect(await app.ok('catalog.importProgress', { jobId: 'job-dry-1' })).toMatchObject({ phase: 'done', done: 3, total: 3 })
    expect((await app.call('catalog.importProgress', { jobId: 'nope' })).ok).toBe(false)
  })

  it('imports a product for a named seller, found by tax code or by name', async () => {
    const app = await appWithSeller()
    const household = await app.ok('sellers.createSeller', { name: 'Hộ bà Nguyễn Thị Hoa', kind: 'household', taxCode: '012345678901' })
    const errors = await importErrors(app, 's.csv', csv(['Tên sản phẩm,Mã SKU,Đơn vị tính,Giá bán,Chủ thể', 'Na dai,ND-1,kg,1,Không ai']))
    expect(errors[0]).toMatchObject({ row: 2, column: 'Chủ thể', code: 'unknown_seller' })
    await app.ok('catalog.importProducts', {
      fileName: 's.csv',
      contentBase64: csv(['Tên sản phẩm,Mã SKU,Đơn vị tính,Giá bán,Chủ thể', 'Bưởi Diễn,BD-1,quả,60000,012345678901', 'Nhãn lồng,NL-1,kg,70000,ho ba nguyen thi hoa']),
    })
    expect((await app.ok('catalog.searchProducts', { query: '', sellerId: household.id })).total).toBe(2)
  })

  it('imports 2,000 rows in one go', async () => {
    const app = await appWithSeller()
    const lines = [HEADER_VI]
    for (let i = 0; i < 2000; i++) lines.push(`Sản phẩm số ${Math.floor(i / 2)},SP-${i},Loại ${i % 2},gói,${1000 + i},,,`)
    const result = await app.ok('catalog.importProducts', { fileName: 'big.csv', contentBase64: csv(lines) })
    expect(result).toMatchObject({ rows: 2000, productsCreated: 1000, variantsCreated: 2000 })
    expect((await app.ok('catalog.searchProducts', { query: 'san pham so 999' })).items[0]?.variantCount).toBe(2)
  })
})
