import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { COOP, createTestApp } from '../test-support'

async function seeded() {
  const app = await createTestApp()
  await app.ok('sellers.createSeller', COOP)
  await app.ok('catalog.createProduct', {
    name: 'Nước mắm cá cơm',
    category: 'ocop.food',
    description: '- Không chất bảo quản\n- Đạm 40',
    variants: [
      { sku: 'NM-500', optionLabel: '500 ml', unit: 'chai', priceVnd: 125000, weightGrams: 700 },
      { sku: 'NM-1L', optionLabel: '1 lít', unit: 'chai', priceVnd: 220000, compareAtPriceVnd: 250000 },
    ],
  })
  await app.ok('catalog.createProduct', { name: '=HYPERLINK("x")', status: 'draft', variants: [{ sku: 'EVIL-1', unit: 'cái', priceVnd: 1 }] })
  return app
}

describe('product export', () => {
  it('writes XLSX with Vietnamese headers, one row per variant, prices as numbers', async () => {
    const app = await seeded()
    const file = await app.ok('catalog.exportProducts', { format: 'xlsx', query: 'nuoc mam' })
    expect(file).toMatchObject({ fileName: 'san-pham-2026-11-28.xlsx', rowCount: 2 })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer)
    const ws = wb.worksheets[0]!
    expect(ws.getRow(1).getCell(1).value).toBe('Tên sản phẩm')
    expect(ws.getRow(2).getCell(2).value).toBe('NM-500')
    expect(ws.getRow(2).getCell(5).value).toBe(125000)
    expect(ws.getRow(2).getCell(9).value).toBe('Thực phẩm')
  })

  it('writes a CSV with a BOM that survives a round trip through import unchanged', async () => {
    const app = await seeded()
    const file = await app.ok('catalog.exportProducts', { format: 'csv', status: 'any' })
    const text = Buffer.from(file.contentBase64, 'base64').toString('utf8')
    expect(text.charCodeAt(0)).toBe(0xfeff)
    expect(text).toContain(`'=HYPERLINK`)
    const before = await app.ok('catalog.searchProducts', { query: '', status: 'any', sort: 'name' })
    const result = await app.ok('catalog.importProducts', { fileName: file.fileName, contentBase64: file.contentBase64 })
    expect(result).toMatchObject({ productsCreated: 0, productsUpdated: 2, variantsCreated: 0, variantsUpdated: 0 })
    const after = await app.ok('catalog.searchProducts', { query: '', status: 'any', sort: 'name' })
    expect(after).toEqual(before)
    const evil = await app.ok('catalog.getProduct', { id: after.items.find((i) => i.skus[0] === 'EVIL-1')!.id })
    expect(evil.name).toBe('=HYPERLINK("x")')
  })

  it('exports English headers on request', async () => {
    const app = await seeded()
    const file = await app.ok('catalog.exportProducts', { format: 'csv', headers: 'en' })
    expect(Buffer.from(file.contentBase64, 'base64').toString('utf8').split('\r\n')[0]).toBe(
      '\uFEFFProduct name,SKU,Variant,Unit,Price,Compare-at price,Barcode,Weight (g),Category,Status,Description,Seller',
    )
  })

  it('offers a template that imports cleanly', async () => {
    const app = await createTestApp()
    await app.ok('sellers.createSeller', COOP)
    const template = await app.ok('catalog.getImportTemplate', { format: 'xlsx' })
    const result = await app.ok('catalog.importProducts', { fileName: template.fileName, contentBase64: template.contentBase64 })
    expect(result).toMatchObject({ productsCreated: 1, variantsCreated: 2 })
  })
})
