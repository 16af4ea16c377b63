// Three sellers' apps export their figures for November as signed bundles; a coordinator's app
// imports them, refuses a tampered one and a stranger's key, counts a bundle sent twice once, and
// makes the commune's report, read back here from the XLSX. The first seller's figures are
// checked one by one against what its order book holds.
import { rmSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { bundleFileSchema } from '@shared/contract/reports'
import { COOP, createTestApp, type TestApp } from '../test-support'
import { createInstallationIdentity, serializeBundle, signBundle } from './bundle'

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' }

/** A seller's app with a counter sale and a Shopee order; `ocop` adds a 4★ certificate, a lot and a published listing. */
async function sellerApp(name: string, kind: 'cooperative' | 'household', sales: { counter: number; shopee: number }, ocop: boolean) {
  const app = await createTestApp()
  apps.push(app)
  await app.ok('sellers.createSeller', { ...COOP, name, kind, taxCode: null })
  const product = await app.ok('catalog.createProduct', { name: 'Mật ong hoa nhãn', status: 'active', variants: [{ sku: 'MO-500', unit: 'hũ', priceVnd: 100_000 }] })
  const variantId = product.variants[0]!.id
  await app.ok('stock.receiveStock', { variantId, quantity: 100 })
  if (sales.counter > 0) await app.ok('orders.counterSale', { lines: [{ variantId, quantity: sales.counter }], cashReceivedVnd: sales.counter * 100_000 })
  if (sales.shopee > 0) await app.ok('orders.createOrder', { channel: 'shopee', lines: [{ variantId, quantity: sales.shopee }], externalRef: `2611${name.length}AB`, confirm: true })
  if (ocop) {
    await app.ok('ocop.createCertificate', { productId: product.id, stars: 4, group: 'ocop.food', subgroup: 'food.raw.honey', certificateNumber: '1234/QĐ-UBND', issueDate: '2025-03-01' })
    await app.ok('lots.createLot', { variantId, harvestDate: '2026-11-20', quantity: 40 })
    const channel = await app.ok('channels.createAccount', { kind: 'file_export', displayName: 'Postmart' })
    await app.ok('listings.publishProducts', { productIds: [product.id], channelAccountIds: [channel.id] })
  }
  return app
}

function decode(file: { contentBase64: string }): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(Buffer.from(file.contentBase64, 'base64'))
}

describe('commune indicators', () => {
  it('exports a seller’s figures for a period, nothing about buyers', async () => {
    const app = await sellerApp('HTX Mật ong Đa Tốn', 'cooperative', { counter: 2, shopee: 3 }, true)
    const bundle = await app.ok('reports.exportSellerBundle', NOVEMBER)
    expect(bundle.fileName).toBe('so-lieu-htx-mat-ong-da-ton-2026-11-01_2026-11-30.ocop.json')
    expect(bundle.figures).toEqual({
      onlineSellers: { cooperatives: 1, households: 0, enterprises: 0, groups: 0 },
      ocop: { byStar: { '3': 0, '4': 1, '5': 0 }, listedOn: { shopee: 0, lazada: 0, tiktok: 0, ntm_portal: 0, file_export: 1 } },
      products: { active: 1, withTraceability: 1, listedOnline: 1 },
      sales: {
        byChannel: [
          { channel: 'counter', orders: 1, netVnd: 200_000 },
          { channel: 'shopee', orders: 1, netVnd: 300_000 },
        ],
        total: { orders: 2, netVnd: 500_000 },
      },
      collections: [
        { method: 'cash', amountVnd: 200_000 },
        { method: 'cod', amountVnd: 0 },
        { method: 'vietqr', amountVnd: 0 },
        { method: 'vnpay', amountVnd: 0 },
        { method: 'marketplace', amountVnd: 300_000 },
      ],
    })
    const text = Buffer.from(bundle.contentBase64, 'base64').toString('utf8')
    const file = bundleFileSchema.parse(JSON.parse(text))
    expect(file.body.seller.name).toBe('HTX Mật ong Đa Tốn')
    // The same key from one export to the next, and the fingerprint the seller reads out.
    const again = await app.ok('reports.exportSellerBundle', NOVEMBER)
    expect(bundleFileSchema.parse(JSON.parse(Buffer.from(again.contentBase64, 'base64').toString('utf8'))).publicKey).toBe(file.publicKey)
    expect(await app.ok('reports.getIdentity', {})).toEqual({ installationId: file.body.installationId, fingerprint: bundle.fingerprint })
  })

  it('imports three sellers’ bundles, refuses what was changed or signed by another key, counts a repeat once, and makes the commune report', async () => {
    const a = await sellerApp('HTX Mật ong Đa Tốn', 'cooperative', { counter: 2, shopee: 3 }, true)
    const b = await sellerApp('Hộ Nguyễn Văn Bình', 'household', { counter: 1, shopee: 0 }, false)
    const c = await sellerApp('Hộ Trần Thị Cúc', 'household', { counter: 0, shopee: 4 }, false)
    const bundles = await Promise.all([a, b, c].map((app) => app.ok('reports.exportSellerBundle', NOVEMBER)))
    const coordinator = await createTestApp()
    apps.push(coordinator)

    const first = await coordinator.ok('commune.importBundles', { files: bundles.map((x) => ({ name: x.fileName, bytes: decode(x) })) })
    expect(first.map((r) => r.outcome)).toEqual(['imported', 'imported', 'imported'])
    expect(first[0]).toMatchObject({ sellerName: 'HTX Mật ong Đa Tốn', period: NOVEMBER, fingerprint: bundles[0]!.fingerprint })

    // One byte changed on the way (300.000 → 900.000), the same file again, and a stranger
    // claiming seller A's installation with a key of their own.
    const text = Buffer.from(bundles[0]!.contentBase64, 'base64').toString('utf8')
    const tampered = text.replace('"netVnd": 300000', '"netVnd": 900000')
    expect(tampered).not.toBe(text)
    const stolen = bundleFileSchema.parse(JSON.parse(text))
    const stranger = createInstallationIdentity()
    const impostor = serializeBundle(signBundle({ ...stolen.body, figures: { ...stolen.body.figures, sales: { ...stolen.body.figures.sales, total: { orders: 99, netVnd: 99_000_000 } } } }, stranger.privateKeyPem))
    const second = await coordinator.ok('commune.importBundles', {
      files: [
        { name: 'so-lieu-sua.ocop.json', bytes: Uint8Array.from(Buffer.from(tampered)) },
        { name: bundles[1]!.fileName, bytes: decode(bundles[1]!) },
        { name: 'so-lieu-gia.ocop.json', bytes: Uint8Array.from(Buffer.from(impostor)) },
      ],
    })
    expect(second.map((r) => [r.outcome, r.reason])).toEqual([
      ['refused', 'bundle_tampered'],
      ['unchanged', null],
      ['refused', 'bundle_other_key'],
    ])

    // Seller C sells one more on Shopee and sends November again: it replaces, never adds.
    const variant = (await c.ok('stock.listStock', {})).items[0]!
    await c.ok('orders.createOrder', { channel: 'shopee', lines: [{ variantId: variant.variantId, quantity: 1 }], externalRef: '2611C2', confirm: true })
    const resent = await c.ok('reports.exportSellerBundle', NOVEMBER)
    expect((await coordinator.ok('commune.importBundles', { files: [{ name: resent.fileName, bytes: decode(resent) }] }))[0]!.outcome).toBe('replaced')
    const kept = await coordinator.ok('commune.listBundles', NOVEMBER)
    expect(kept).toHaveLength(3)
    expect(kept.find((k) => k.sellerName === 'Hộ Trần Thị Cúc')!.figures.sales.total).toEqual({ orders: 2, netVnd: 500_000 })

    // The report: A 500,000 (300,000 online), B 100,000 (none online), C 500,000 (all online).
    const report = await coordinator.ok('commune.exportReport', { ...NOVEMBER, format: 'xlsx', language: 'vi' })
    expect(report.fileName).toBe('bao-cao-xa-2026-11-01_2026-11-30.xlsx')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(report.contentBase64, 'base64') as unknown as ArrayBuffer)
    const sheet = book.worksheets.find((s) => s.name === 'Theo đơn vị')!
    const values: (string | number | null)[][] = []
    sheet.eachRow((row) => values.push((row.values as (string | number | null)[]).slice(1)))
    const header = values.findIndex((r) => r[0] === 'Đơn vị')
    const rows = values.slice(header + 1, header + 5)
    expect(rows.map((r) => [r[0], r[3], r[4], r[5]])).toEqual([
      ['Hộ Nguyễn Văn Bình', 1, 100_000, 0],
      ['Hộ Trần Thị Cúc', 2, 500_000, 500_000],
      ['HTX Mật ong Đa Tốn', 2, 500_000, 300_000],
      ['Tổng cộng', 5, 1_100_000, 800_000],
    ])
    const summary = book.worksheets.find((s) => s.name === 'Tổng hợp')!
    const indicators = new Map<string, unknown>()
    summary.eachRow((row) => indicators.set(String(row.getCell(1).value), row.getCell(2).value))
    expect(indicators.get('Hộ kinh doanh bán hàng trực tuyến')).toBe(1)
    expect(indicators.get('HTX, tổ hợp tác bán hàng trực tuyến')).toBe(1)
    expect(indicators.get('Sản phẩm OCOP 4 sao')).toBe(1)

    // Each seller's own sheet, under its name.
    const own = book.worksheets.find((s) => s.name === 'Hộ Trần Thị Cúc')!
    const ownRows = new Map<string, unknown[]>()
    own.eachRow((row) => ownRows.set(String(row.getCell(1).value), [row.getCell(2).value, row.getCell(3).value, row.getCell(4).value]))
    expect(ownRows.get('Kênh Shopee')).toEqual([2, 500_000, null])
    expect(ownRows.get('Tỷ lệ doanh thu thương mại điện tử')).toEqual([null, 500_000, 1])

    const pdf = await coordinator.ok('commune.exportReport', { ...NOVEMBER, format: 'pdf', language: 'vi' })
    expect(Buffer.from(pdf.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-')
    // A period nobody reported for says so instead of making an empty report.
    expect(await coordinator.call('commune.exportReport', { from: '2026-10-01', to: '2026-10-31', format: 'xlsx', language: 'vi' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'no_bundles' } },
    })
  })
})
