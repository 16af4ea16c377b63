// labels.printPdf: the desktop shell opens the PDF in the system viewer; browser mode cannot.
import { readFileSync, rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { COOP, createTestApp, type TestApp } from '../test-support'
import { formatNetWeight } from './labels.service'
import { pdftotext } from '../pdf/poppler.test-support'

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

async function withLot(app: TestApp) {
  await app.ok('sellers.createSeller', COOP)
  const product = await app.ok('catalog.createProduct', { name: 'Bưởi Diễn Phú Diễn', variants: [{ sku: 'BD-1', unit: 'quả', priceVnd: 60000 }] })
  return app.ok('lots.createLot', { variantId: product.variants[0]!.id, harvestDate: '2026-11-25', quantity: 40 })
}

describe('labels.printPdf', () => {
  it('writes the PDF under the data folder and asks the desktop to open it', async () => {
    const opened: string[] = []
    const app = await createTestApp({ desktop: { openFile: async (file) => void opened.push(file) } })
    apps.push(app)
    const lot = await withLot(app)
    const printed = await app.ok('labels.printPdf', { items: [{ lotId: lot.id, copies: 2 }], layout: 'thermal_50x30' })
    expect(printed).toMatchObject({ labelCount: 2, pageCount: 2, mimeType: 'application/pdf' })
    expect(opened).toEqual([printed.file])
    expect(printed.file.startsWith(app.paths.dataDir)).toBe(true)
    expect(readFileSync(printed.file).subarray(0, 5).toString('latin1')).toBe('%PDF-')
  })

  it('is refused in browser mode, where the PDF is downloaded instead', async () => {
    const app = await createTestApp()
    apps.push(app)
    const lot = await withLot(app)
    const result = await app.call('labels.printPdf', { items: [{ lotId: lot.id }], layout: 'a4_3x8' })
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'desktop_only' } } })
  })

  it('reports a viewer that could not open the file', async () => {
    const app = await createTestApp({
      desktop: {
        openFile: async () => {
          throw new Error('no PDF viewer')
        },
      },
    })
    apps.push(app)
    const lot = await withLot(app)
    const result = await app.call('labels.printPdf', { items: [{ lotId: lot.id }], layout: 'a4_3x8' })
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
  })
})

describe('net quantity on the label', () => {
  it('writes grams under a kilo and kilos with a decimal comma above', () => {
    expect([500, 999, 1000, 1500, 2250].map(formatNetWeight)).toEqual(['500 g', '999 g', '1 kg', '1,5 kg', '2,25 kg'])
  })

  it('does not repeat a weight the variant name already gives', async () => {
    const app = await createTestApp({ desktop: { openFile: async () => undefined } })
    apps.push(app)
    await app.ok('sellers.createSeller', COOP)
    const honey = await app.ok('catalog.createProduct', {
      name: 'Mật ong hoa nhãn',
      variants: [{ sku: 'MO-500', optionLabel: 'Hũ 500 g', unit: 'hũ', priceVnd: 150000, weightGrams: 500 }],
    })
    const lot = await app.ok('lots.createLot', { variantId: honey.variants[0]!.id, harvestDate: '2026-11-20', quantity: 10 })
    const printed = await app.ok('labels.printPdf', { items: [{ lotId: lot.id }], layout: 'thermal_50x30' })
    const text = pdftotext([printed.file, '-'])
    expect(text).toContain('Hũ 500 g')
    expect(text).not.toMatch(/500 g · 500 g/)
  })
})
