// Traceability exports through the real dispatcher: real lots, certificates, photos (sharp) and
// the real page/CSV/JSON writers.
import { rmSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Envelope } from '@shared/contract/errors'
import { photoJpeg } from '../media/test-fixtures'
import { COOP, createTestApp, type TestApp } from '../test-support'

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

let PHOTO: Buffer
beforeAll(async () => {
  PHOTO = await photoJpeg({ width: 400, height: 300, seed: 21 })
})

async function setup() {
  const app = await createTestApp()
  apps.push(app)
  await app.ok('sellers.createSeller', { ...COOP, address: 'Xã Dương Xá, Gia Lâm, Hà Nội', phone: '0912345678' })
  const household = await app.ok('sellers.createSeller', { name: 'Hộ bà Lê Thị Hoa', kind: 'household' })
  const honey = await app.ok('catalog.createProduct', {
    name: 'Mật ong hoa nhãn Hưng Yên',
    description: 'Mật ong nguyên chất <script>alert(1)</script>',
    variants: [{ sku: 'MOHN-500', optionLabel: 'Hũ 500 g', unit: 'hũ', priceVnd: 150000 }],
  })
  const tea = await app.ok('catalog.createProduct', { name: 'Chè Shan tuyết Suối Giàng', variants: [{ sku: 'CST-100', unit: 'hộp', priceVnd: 350000 }] })
  const honeyCert = await app.ok('ocop.createCertificate', {
    productId: honey.id,
    stars: 4,
    group: 'ocop.food',
    certificateNumber: '2025/QĐ-UBND-HY-017',
    issuingAuthority: 'UBND tỉnh Hưng Yên',
    issueDate: '2025-03-01',
  })
  // The tea's certificate lapsed yesterday (27 Nov 2026).
  await app.ok('ocop.createCertificate', { productId: tea.id, stars: 5, group: 'ocop.beverage', certificateNumber: 'TW-2023-5', issueDate: '2023-11-27', expiryDate: '2026-11-27' })
  const honeyLot = await app.ok('lots.createLot', {
    variantId: honey.variants[0]!.id,
    harvestDate: '2026-11-20',
    shelfLifeDays: 720,
    quantity: 1200,
    producerSellerId: household.id,
    growingAreaCodes: ['vn-hy-khoai-001', 'VN-HY-KHOAI-002'],
    certifications: [{ kind: 'vietgap', number: 'VG:01;2025', issuer: 'Trung tâm Chứng nhận', issueDate: '2025-01-10', expiryDate: '2027-01-10' }],
  })
  const teaLot = await app.ok('lots.createLot', { variantId: tea.variants[0]!.id, dateKind: 'production', harvestDate: '2026-10-05', expiryDate: '2027-10-05', quantity: 300 })
  const oldLot = await app.ok('lots.createLot', { variantId: honey.variants[0]!.id, harvestDate: '2026-06-01', quantity: 40 })
  return { app, household, honey, tea, honeyCert, honeyLot, teaLot, oldLot }
}

function errorOf(result: Envelope<unknown>): { code: string; details: { reason?: string; issues?: { path: (string | number)[]; code: string }[] } } {
  expect(result.ok).toBe(false)
  return (result as unknown as { error: { code: string; details: { reason?: string; issues?: { path: (string | number)[]; code: string }[] } } }).error
}

const decode = (base64: string) => Buffer.from(base64, 'base64')

describe('trace.exportLotPage', () => {
  it('is a self-contained page with the codes, the product, the growing areas, a photo and the OCOP stars in force', async () => {
    const { app, honey, household, honeyCert, honeyLot } = await setup()
    await app.ok('lots.addLotPhotos', { lotId: honeyLot.id, altText: 'Vườn nhãn', files: [{ name: 'vuon.jpg', bytes: new Uint8Array(PHOTO) }] })
    const file = await app.ok('trace.exportLotPage', { lotId: honeyLot.id })
    expect(file).toMatchObject({ fileName: `truy-xuat-${honeyLot.traceCode}.html`, mimeType: 'text/html; charset=utf-8', rowCount: 1 })
    const html = decode(file.contentBase64).toString('utf8')
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).toContain(honeyLot.traceCode)
    expect(html).toContain(honeyLot.lotCode)
    expect(html).toContain(honey.name)
    expect(html).toContain('VN-HY-KHOAI-001')
    expect(html).toContain('VN-HY-KHOAI-002')
    expect(html).toContain(household.name)
    expect(html).toContain(COOP.name)
    expect(html).toMatch(/<img src="data:image\/(webp|jpeg);base64,[A-Za-z0-9+/]+=*" alt="Vườn nhãn">/)
    expect(html).toContain('Sản phẩm OCOP 4 sao')
    expect(html).toContain(honeyCert.certificateNumber)
    expect(html).toContain('VietGAP')
    // The dates as Vietnamese labels write them, judged on today.
    expect(html).toContain('20/11/2026')
    expect(html).toContain('28/11/2026')
    // Text from the database is escaped, and the page loads nothing from outside.
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;')
    expect(html).not.toMatch(/(src|href)="https?:/)
  })

  it('shows no OCOP stars for a product whose certificate has lapsed', async () => {
    const { app, tea, teaLot } = await setup()
    const html = decode((await app.ok('trace.exportLotPage', { lotId: teaLot.id })).contentBase64).toString('utf8')
    expect(html).toContain(tea.name)
    expect(html).toContain(teaLot.traceCode)
    expect(html).not.toContain('Sản phẩm OCOP')
    expect(html).not.toContain('TW-2023-5')
    expect(html).not.toContain('<img')
  })

  it('stops showing the stars once the certificate lapses', async () => {
    const { app, honeyLot } = await setup()
    app.clock.advance(Date.parse('2028-03-01T17:00:00Z') - app.clock.now())
    const html = decode((await app.ok('trace.exportLotPage', { lotId: honeyLot.id })).contentBase64).toString('utf8')
    expect(html).not.toContain('Sản phẩm OCOP')
  })

  it('answers NOT_FOUND for an unknown lot', async () => {
    const { app } = await setup()
    expect(errorOf(await app.call('trace.exportLotPage', { lotId: 'lot_nope' })).code).toBe('NOT_FOUND')
  })
})

describe('trace.exportRecords', () => {
  it('writes CSV for a harvest range: BOM, header row, one row per lot, stars only where in force', async () => {
    const { app, honey, honeyCert, honeyLot, teaLot } = await setup()
    const file = await app.ok('trace.exportRecords', { format: 'csv', harvestFrom: '2026-10-01', harvestTo: '2026-11-30' })
    expect(file).toMatchObject({ fileName: 'truy-xuat-2026-11-28.csv', mimeType: 'text/csv; charset=utf-8', rowCount: 2 })
    const bytes = decode(file.contentBase64)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8').slice(1)
    expect(text).toContain('\r\n')
    const rows = parse(text, { columns: true }) as Record<string, string>[]
    expect(text.split('\r\n')[0]).toBe(
      'trace_code,lot_code,product_name,variant_sku,unit,quantity,harvest_date,expiry_date,growing_area_codes,producer_name,seller_name,ocop_stars,ocop_certificate_number,certifications,trace_url',
    )
    expect(rows).toHaveLength(2)
    const byCode = new Map(rows.map((r) => [r['trace_code'], r]))
    expect(byCode.get(honeyLot.traceCode)).toMatchObject({
      lot_code: honeyLot.lotCode,
      product_name: honey.name,
      variant_sku: 'MOHN-500',
      unit: 'hũ',
      quantity: '1200',
      harvest_date: '2026-11-20',
      expiry_date: '2028-11-09',
      growing_area_codes: 'VN-HY-KHOAI-001;VN-HY-KHOAI-002',
      producer_name: 'Hộ bà Lê Thị Hoa',
      seller_name: COOP.name,
      ocop_stars: '4',
      ocop_certificate_number: honeyCert.certificateNumber,
      certifications: 'vietgap:VG%3A01%3B2025:2027-01-10',
      trace_url: '',
    })
    expect(byCode.get(teaLot.traceCode)).toMatchObject({ ocop_stars: '', ocop_certificate_number: '', harvest_date: '2026-10-05' })
  })

  it('writes JSON for chosen lots, with the trace URL once a template is set', async () => {
    const { app, honeyLot, oldLot } = await setup()
    await app.ok('settings.update', { traceUrlTemplate: 'https://truyxuat.example.vn/lo/{lot}?c={code}' })
    const file = await app.ok('trace.exportRecords', { format: 'json', lotIds: [honeyLot.id, oldLot.id] })
    expect(file).toMatchObject({ fileName: 'truy-xuat-2026-11-28.json', mimeType: 'application/json', rowCount: 2 })
    const doc = JSON.parse(decode(file.contentBase64).toString('utf8')) as {
      format: string
      as_of: string
      generated_at: string
      record_count: number
      records: { trace_code: string; lot_code: string; ocop: { stars: number } | null; trace_url: string | null; growing_area_codes: string[]; certifications: { type: string; expired: boolean }[] }[]
    }
    expect(doc).toMatchObject({ format: 'ocop-storefront.trace-records', as_of: '2026-11-28', generated_at: '2026-11-28T03:00:00.000Z', record_count: 2 })
    expect(doc.records.map((r) => r.trace_code).sort()).toEqual([honeyLot.traceCode, oldLot.traceCode].sort())
    const honeyRecord = doc.records.find((r) => r.trace_code === honeyLot.traceCode)!
    expect(honeyRecord).toMatchObject({
      lot_code: honeyLot.lotCode,
      ocop: { stars: 4 },
      trace_url: `https://truyxuat.example.vn/lo/${honeyLot.lotCode}?c=${honeyLot.traceCode}`,
      growing_area_codes: ['VN-HY-KHOAI-001', 'VN-HY-KHOAI-002'],
      certifications: [{ type: 'vietgap', expired: false }],
    })
  })

  it('refuses an export with neither lots nor dates (trace.selection_required), and an unknown lot (NOT_FOUND)', async () => {
    const { app, honeyLot } = await setup()
    const error = errorOf(await app.call('trace.exportRecords', { format: 'csv' }))
    expect(error.code).toBe('VALIDATION')
    expect(error.details.issues).toEqual([expect.objectContaining({ path: ['lotIds'], code: 'trace.selection_required' })])
    expect(errorOf(await app.call('trace.exportRecords', { format: 'json', lotIds: [honeyLot.id, 'lot_nope'] })).code).toBe('NOT_FOUND')
    expect(errorOf(await app.call('trace.exportRecords', { format: 'csv', harvestFrom: '2026-11-30', harvestTo: '2026-11-01' })).details.issues![0]!.code).toBe('range_reversed')
    // An empty range is not an error: a header-only file.
    const empty = await app.ok('trace.exportRecords', { format: 'csv', harvestFrom: '2020-01-01', harvestTo: '2020-12-31' })
    expect(empty.rowCount).toBe(0)
    expect(decode(empty.contentBase64).toString('utf8').trim().split('\r\n')).toHaveLength(1)
  })
})
