// The NTM/OCOP portal listing export through the real dispatcher. The test clock's day is
// 28 Nov 2026 in Vietnam.
import ExcelJS from 'exceljs'
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { portalExportDocumentDto, PORTAL_LISTING_SCHEMA } from '@shared/contract/publishing'
import { COOP, createTestApp, type TestApp } from '../test-support'

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

async function setup() {
  const app = await createTestApp()
  apps.push(app)
  await app.ok('sellers.createSeller', COOP)
  await app.ok('settings.update', { traceUrlTemplate: 'https://truyxuat.example.vn/lo/{code}' })
  const honey = await app.ok('catalog.createProduct', {
    name: 'Mật ong hoa nhãn Hưng Yên',
    category: 'ocop.food',
    status: 'active',
    variants: [
      { sku: 'MOHN-500', optionLabel: 'Hũ 500 g', unit: 'hũ', priceVnd: 150_000, weightGrams: 700 },
      { sku: 'MOHN-250', optionLabel: 'Hũ 250 g', unit: 'hũ', priceVnd: 85_000 },
    ],
  })
  const tea = await app.ok('catalog.createProduct', { name: 'Trà shan tuyết', status: 'active', variants: [{ sku: 'TST-100', unit: 'gói', priceVnd: 180_000 }] })
  const draft = await app.ok('catalog.createProduct', { name: 'Bánh chưng (chưa bán)', status: 'draft', variants: [{ sku: 'BC-1', unit: 'cái', priceVnd: 60_000 }] })
  await app.ok('ocop.createCertificate', { productId: honey.id, stars: 4, group: 'ocop.food', certificateNumber: '1234/QĐ-UBND', issuingAuthority: 'UBND tỉnh Hưng Yên', issueDate: '2025-03-01' })
  // Tea's certificate lapsed in 2025: it must claim nothing.
  await app.ok('ocop.createCertificate', { productId: tea.id, stars: 3, group: 'ocop.beverage', certificateNumber: '77/QĐ-UBND', issueDate: '2022-01-10' })
  const lot = await app.ok('lots.createLot', { variantId: honey.variants[0]!.id, harvestDate: '2026-11-20', quantity: 40, growingAreaCodes: ['VN-HY-0012'] })
  await app.ok('orders.createOrder', { channel: 'phone', lines: [{ variantId: honey.variants[0]!.id, quantity: 3 }], confirm: true })
  return { app, honey, tea, draft, lot }
}

describe('the portal listing export', () => {
  it('writes one ocop-listing/1 document per active product, claiming OCOP stars only while the certificate is in force', async () => {
    const { app, honey, tea, lot } = await setup()
    const file = await app.ok('publishing.exportPortalListings', { format: 'json' })
    expect(file).toMatchObject({ fileName: 'ocop-listing-20261128.json', mimeType: 'application/json; charset=utf-8', rowCount: 2 })
    const doc = portalExportDocumentDto.parse(JSON.parse(Buffer.from(file.contentBase64, 'base64').toString('utf8')))
    expect(doc).toMatchObject({ schema: PORTAL_LISTING_SCHEMA, asOf: '2026-11-28' })
    expect(doc.listings.map((l) => l.listingId).sort()).toEqual([honey.id, tea.id].sort())

    const honeyListing = doc.listings.find((l) => l.listingId === honey.id)!
    expect(honeyListing.seller).toMatchObject({ name: COOP.name, taxCode: COOP.taxCode, kind: 'cooperative' })
    expect(honeyListing.product).toMatchObject({ name: 'Mật ong hoa nhãn Hưng Yên', category: 'ocop.food', categoryName: expect.stringContaining('Thực phẩm') })
    expect(honeyListing.variants).toEqual([
      expect.objectContaining({ sku: 'MOHN-500', priceVnd: 150_000, weightGrams: 700, availableQuantity: 37 }),
      expect.objectContaining({ sku: 'MOHN-250', priceVnd: 85_000, availableQuantity: 0 }),
    ])
    expect(honeyListing.ocop).toMatchObject({ stars: 4, certificateNumber: '1234/QĐ-UBND', issuingLevel: 'province', expiryDate: '2028-03-01' })
    expect(honeyListing.traceability.lots).toEqual([
      expect.objectContaining({ lotCode: lot.lotCode, traceCode: lot.traceCode, traceUrl: `https://truyxuat.example.vn/lo/${lot.traceCode}`, sku: 'MOHN-500', growingAreaCodes: ['VN-HY-0012'] }),
    ])
    expect(doc.listings.find((l) => l.listingId === tea.id)!.ocop).toBeNull()
  })

  it('exports chosen products only, and flattens them to one spreadsheet row per variant', async () => {
    const { app, honey, lot } = await setup()
    const file = await app.ok('publishing.exportPortalListings', { format: 'xlsx', productIds: [honey.id] })
    expect(file).toMatchObject({ fileName: 'ocop-listing-20261128.xlsx', rowCount: 2 })
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]!
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(header).toContain('Hạng sao OCOP')
    expect(header).toContain('Mã truy xuất (lô)')
    const row = (n: number) => Object.fromEntries(header.map((h, i) => [h, sheet.getRow(n).getCell(i + 1).value]))
    expect(row(2)).toMatchObject({ 'Mã SKU': 'MOHN-500', 'Giá bán (đồng)': 150_000, 'Có thể bán': 37, 'Hạng sao OCOP': 4, 'Mã truy xuất (lô)': `${lot.lotCode} (${lot.traceCode})`, 'Mã số vùng trồng': 'VN-HY-0012' })
    expect(row(3)).toMatchObject({ 'Mã SKU': 'MOHN-250', 'Có thể bán': 0 })

    const csv = await app.ok('publishing.exportPortalListings', { format: 'csv', productIds: [honey.id], headers: 'en' })
    const text = Buffer.from(csv.contentBase64, 'base64').toString('utf8')
    expect(text.charCodeAt(0)).toBe(0xfeff)
    expect(text.split('\r\n')[0]).toContain('OCOP stars')
  })

  it('answers NOT_FOUND for a product that does not exist', async () => {
    const { app } = await setup()
    const result = await app.call('publishing.exportPortalListings', { format: 'json', productIds: ['prd_missing'] })
    expect(result.ok).toBe(false)
    expect((result as { error: { code: string } }).error.code).toBe('NOT_FOUND')
  })
})
