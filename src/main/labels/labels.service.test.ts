// Label sheets through the real dispatcher: real lots, real certificates, real pdfkit output,
// read back with poppler's pdftotext.
import { rmSync } from 'node:fs'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { Envelope } from '@shared/contract/errors'
import { COOP, createTestApp, type TestApp } from '../test-support'
import { flatText as flat, pdfPageCount as pageCount, pdfScratch, pdftotext } from '../pdf/poppler.test-support'
import { slotText as slotTextOf } from './label-slots.test-support'


const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})
const scratch = pdfScratch('labels-service')
afterAll(() => scratch.remove())

async function setup() {
  const app = await createTestApp()
  apps.push(app)
  await app.ok('sellers.createSeller', COOP)
  const honey = await app.ok('catalog.createProduct', {
    name: 'Mật ong hoa nhãn Hưng Yên',
    variants: [{ sku: 'MOHN-500', optionLabel: 'Hũ', unit: 'hũ', priceVnd: 150000, weightGrams: 500 }],
  })
  const rice = await app.ok('catalog.createProduct', { name: 'Gạo nếp cái hoa vàng', variants: [{ sku: 'GNCHV-2', unit: 'túi', priceVnd: 120000, weightGrams: 2000 }] })
  const tea = await app.ok('catalog.createProduct', { name: 'Chè Shan tuyết Suối Giàng', variants: [{ sku: 'CST-100', unit: 'hộp', priceVnd: 350000 }] })
  // Honey: 4★ in force. Rice: never certified. Tea: its 5★ lapsed on 27 Nov 2026.
  await app.ok('ocop.createCertificate', { productId: honey.id, stars: 4, group: 'ocop.food', certificateNumber: 'HY-OCOP-04', issueDate: '2025-03-01' })
  await app.ok('ocop.createCertificate', { productId: tea.id, stars: 5, group: 'ocop.beverage', certificateNumber: 'TW-OCOP-05', issueDate: '2023-11-27', expiryDate: '2026-11-27' })
  const honeyLot = await app.ok('lots.createLot', { variantId: honey.variants[0]!.id, harvestDate: '2026-11-20', shelfLifeDays: 720, quantity: 200, growingAreaCodes: ['VN-HY-001'] })
  const riceLot = await app.ok('lots.createLot', { variantId: rice.variants[0]!.id, harvestDate: '2026-11-02', quantity: 80 })
  const teaLot = await app.ok('lots.createLot', { variantId: tea.variants[0]!.id, dateKind: 'production', harvestDate: '2026-10-20', expiryDate: '2027-10-20', quantity: 50 })
  return { app, honey, rice, tea, honeyLot, riceLot, teaLot }
}

function errorOf(result: Envelope<unknown>): { code: string; details: { reason?: string } } {
  expect(result.ok).toBe(false)
  return (result as unknown as { error: { code: string; details: { reason?: string } } }).error
}

function save(base64: string): { file: string; pdf: Buffer } {
  const pdf = Buffer.from(base64, 'base64')
  return { file: scratch.saved(pdf), pdf }
}

/** The text inside one a4_2x5 sticker (0-based slot), flattened. */
const slotText = (file: string, page: number, slot: number) => flat(slotTextOf(file, 'a4_2x5', page, slot))

describe('labels.renderPdf', () => {
  it('prints 3 + 2 copies on one A4 2×5 sheet', async () => {
    const { app, honeyLot, riceLot } = await setup()
    const result = await app.ok('labels.renderPdf', {
      items: [
        { lotId: honeyLot.id, copies: 3 },
        { lotId: riceLot.id, copies: 2 },
      ],
      layout: 'a4_2x5',
    })
    expect(result).toMatchObject({ mimeType: 'application/pdf', labelCount: 5, pageCount: 1, starsWithheld: [] })
    expect(result.fileName).toBe('tem-truy-xuat-a4_2x5-202611280300.pdf')
    const { pdf } = save(result.contentBase64)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pageCount(pdf)).toBe(1)
  })

  it('shows each lot’s code and product name with diacritics, and OCOP only where the certificate is in force', async () => {
    const { app, honey, rice, honeyLot, riceLot } = await setup()
    const result = await app.ok('labels.renderPdf', {
      items: [
        { lotId: honeyLot.id, copies: 3 },
        { lotId: riceLot.id, copies: 2 },
      ],
      layout: 'a4_2x5',
    })
    const { file } = save(result.contentBase64)
    const whole = flat(pdftotext([file, '-']))
    expect(whole).toContain(honeyLot.lotCode)
    expect(whole).toContain(riceLot.lotCode)
    expect(whole).toContain(honey.name)
    expect(whole).toContain(rice.name)
    expect(whole.match(/OCOP/g)).toHaveLength(3)

    for (const slot of [0, 1, 2]) {
      const text = slotText(file, 1, slot)
      expect(text, `slot ${slot}`).toContain(honeyLot.lotCode)
      expect(text).toContain(honey.name)
      expect(text).toContain('OCOP 4 sao')
      expect(text).toContain(honeyLot.traceCode)
      expect(text).toContain('VN-HY-001')
    }
    for (const slot of [3, 4]) {
      const text = slotText(file, 1, slot)
      expect(text, `slot ${slot}`).toContain(riceLot.lotCode)
      expect(text).toContain(rice.name)
      expect(text).not.toContain('OCOP')
    }
    // The rest of the sheet is empty.
    expect(slotText(file, 1, 5)).toBe('')
  })

  it('withholds the stars of a product whose certificate has lapsed, and says so', async () => {
    const { app, tea, teaLot, honeyLot, riceLot } = await setup()
    expect(teaLot.ocopStars).toBeNull()
    const result = await app.ok('labels.renderPdf', {
      items: [{ lotId: teaLot.id, copies: 2 }, { lotId: honeyLot.id }, { lotId: riceLot.id }],
      layout: 'a4_2x5',
    })
    // Rice never had a certificate: nothing was withheld from it.
    expect(result.starsWithheld).toEqual([{ lotCode: teaLot.lotCode, productName: tea.name }])
    expect(result.labelCount).toBe(4)
    const { file } = save(result.contentBase64)
    for (const slot of [0, 1]) {
      const text = slotText(file, 1, slot)
      expect(text).toContain(tea.name)
      expect(text).toContain(teaLot.lotCode)
      expect(text).not.toContain('OCOP')
    }
    expect(slotText(file, 1, 2)).toContain('OCOP 4 sao')
  })

  it('uses the English captions when asked', async () => {
    const { app, honeyLot } = await setup()
    const result = await app.ok('labels.renderPdf', { items: [{ lotId: honeyLot.id }], layout: 'a4_2x5', locale: 'en' })
    expect(slotText(save(result.contentBase64).file, 1, 0)).toContain('OCOP 4-star')
  })

  it('refuses an unknown lot with NOT_FOUND', async () => {
    const { app, honeyLot } = await setup()
    const error = errorOf(
      await app.call('labels.renderPdf', {
        items: [{ lotId: honeyLot.id }, { lotId: 'lot_nope', copies: 2 }],
        layout: 'a4_2x5',
      }),
    )
    expect(error.code).toBe('NOT_FOUND')
  })

  it('starts on sticker 7 of a partly used sheet: 5 labels take 2 pages', async () => {
    const { app, honeyLot, riceLot } = await setup()
    const result = await app.ok('labels.renderPdf', {
      items: [
        { lotId: honeyLot.id, copies: 3 },
        { lotId: riceLot.id, copies: 2 },
      ],
      layout: 'a4_2x5',
      startPosition: 7,
    })
    expect(result).toMatchObject({ labelCount: 5, pageCount: 2 })
    const { file, pdf } = save(result.contentBase64)
    expect(pageCount(pdf)).toBe(2)
    expect(slotText(file, 1, 5)).toBe('')
    expect(slotText(file, 1, 6)).toContain(honeyLot.lotCode)
    expect(slotText(file, 1, 9)).toContain(riceLot.lotCode)
    expect(slotText(file, 2, 0)).toContain(riceLot.lotCode)
    expect(slotText(file, 2, 1)).toBe('')
    // A start past the sheet is refused.
    expect(errorOf(await app.call('labels.renderPdf', { items: [{ lotId: honeyLot.id }], layout: 'a4_2x5', startPosition: 11 })).details.reason).toBe(
      'labels.invalid_start_position',
    )
  })
})
