// labels.printPdf: the desktop shell opens the PDF in the system viewer; browser mode cannot.
import { readFileSync, rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { COOP, createTestApp, type TestApp } from '../test-support'

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
