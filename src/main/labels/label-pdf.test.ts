import jsQR from 'jsqr'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { LABEL_LAYOUT_IDS } from '@shared/contract/lots'
import { newTraceCode, traceQrPayload } from '@shared/domain/trace'
import { LABEL_LAYOUTS, labelPageCount, labelSlotRectMm, renderLabelsPdf, type LabelData, type LabelLayoutId } from './label-pdf'
import { flatText as flat, pdfinfo, pdfPageCount as pageCount, pdfScratch, pdftoppm, pdfWordBoxes as wordBoxes } from '../pdf/poppler.test-support'
import { slotText } from './label-slots.test-support'

const CREATED = new Date('2026-11-28T03:00:00Z')
const PT_PER_MM = 72 / 25.4

const code = (seed: number) => newTraceCode(Uint8Array.from({ length: 9 }, (_, i) => (seed * 7 + i * 13) & 255))

const HONEY: LabelData = {
  productName: 'Mật ong hoa nhãn Đông Anh',
  variantLabel: 'Hũ thủy tinh',
  netQuantity: '500 g',
  priceVnd: 45000,
  lotCode: 'MOHN-260915-01',
  traceCode: code(1),
  harvestDate: '2026-09-15',
  expiryDate: '2028-09-15',
  ocopStars: 4,
  sellerName: 'HTX Nông nghiệp Dương Xá',
  growingAreaCode: 'VN-HN-GL-001',
  qrPayload: traceQrPayload(null, { code: code(1) }),
}
const RICE: LabelData = {
  productName: 'Gạo nếp cái hoa vàng',
  netQuantity: '2 kg',
  priceVnd: 120000,
  lotCode: 'GNCHV-261102-02',
  traceCode: code(2),
  harvestDate: '2026-11-02',
  expiryDate: null,
  ocopStars: null,
  sellerName: 'HTX Nông nghiệp Dương Xá',
  qrPayload: traceQrPayload('https://truyxuat.hanoi.gov.vn/lo/{lot}?c={code}', { code: code(2), lot: 'GNCHV-261102-02' }),
}
const TEA: LabelData = {
  productName: 'Trà Shan tuyết cổ thụ',
  variantLabel: 'Hộp 100 g',
  netQuantity: '100 g',
  priceVnd: 350000,
  lotCode: 'TST-261020-01',
  traceCode: code(3),
  harvestDate: '2026-10-20',
  dateKind: 'production',
  expiryDate: '2027-10-20',
  ocopStars: 5,
  sellerName: 'HTX Chè Suối Giàng',
  growingAreaCode: 'VN-YB-VC-017',
  qrPayload: traceQrPayload(null, { code: code(3) }),
}
const LONG: LabelData = {
  productName: 'Nước mắm cốt cá cơm than truyền thống Cát Hải thượng hạng đặc biệt 40 độ đạm ủ chượp mười hai tháng trong thùng gỗ',
  netQuantity: '1 chai 500 ml',
  priceVnd: null,
  lotCode: 'NMCH-261101-03',
  traceCode: code(4),
  harvestDate: '2026-11-01',
  expiryDate: '2028-11-01',
  ocopStars: 3,
  sellerName: 'Hợp tác xã Chế biến Thủy sản và Dịch vụ Nghề cá Cát Hải, Hải Phòng',
  growingAreaCode: null,
  qrPayload: traceQrPayload('https://htx-cathai.vn/truy-xuat/{code}', { code: code(4) }),
}
const MIXED = [HONEY, RICE, TEA, LONG]

const scratch = pdfScratch('labels')
afterAll(() => scratch.remove())
const saved = scratch.saved



/** Decodes the QR code of each slot of a page: rasterise at 200 dpi, crop the slot, run jsQR. */
async function decodeSlots(file: string, layout: LabelLayoutId, page: number, slots: readonly number[]): Promise<(string | null)[]> {
  const dpi = 200
  const prefix = scratch.path('page')
  pdftoppm(['-r', String(dpi), '-png', '-f', String(page), '-l', String(page), '-singlefile', file, prefix])
  const image = sharp(`${prefix}.png`)
  const { width, height } = await image.metadata()
  const results: (string | null)[] = []
  for (const slot of slots) {
    const rect = labelSlotRectMm(layout, slot)
    const px = (value: number) => Math.round((value / 25.4) * dpi)
    const left = px(rect.x)
    const top = px(rect.y)
    const region = { left, top, width: Math.min(px(rect.width), width! - left), height: Math.min(px(rect.height), height! - top) }
    const { data, info } = await sharp(`${prefix}.png`).extract(region).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    const found = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)
    results.push(found?.data ?? null)
  }
  return results
}

describe('label layouts', () => {
  it('are the layouts the contract offers', () => {
    expect(Object.keys(LABEL_LAYOUTS).sort()).toEqual([...LABEL_LAYOUT_IDS].sort())
  })

  it.each(Object.keys(LABEL_LAYOUTS) as LabelLayoutId[])('%s: every sticker lies on the page, none overlap', (id) => {
    const layout = LABEL_LAYOUTS[id]
    const perPage = layout.columns * layout.rows
    for (let slot = 0; slot < perPage; slot++) {
      const r = labelSlotRectMm(id, slot)
      expect(r.x).toBeGreaterThanOrEqual(0)
      expect(r.y).toBeGreaterThanOrEqual(0)
      expect(r.x + r.width).toBeLessThanOrEqual(layout.pageWidthMm + 1e-9)
      expect(r.y + r.height).toBeLessThanOrEqual(layout.pageHeightMm + 1e-9)
      if (slot > 0) {
        const previous = labelSlotRectMm(id, slot - 1)
        const sameRow = previous.y === r.y
        expect(sameRow ? previous.x + previous.width <= r.x : previous.y + previous.height <= r.y).toBe(true)
      }
    }
    // The QR code and its caption fit in the sticker.
    expect(layout.qrSizeMm + 2 * layout.paddingMm).toBeLessThan(layout.labelHeightMm)
  })

  it('keeps the QR symbol at least 14 mm wide on the thermal label', () => {
    const layout = LABEL_LAYOUTS.thermal_50x30
    // Worst case for these labels: a version-4 symbol (33 modules) plus the 2-module quiet zone each side.
    expect((layout.qrSizeMm * 33) / (33 + 4)).toBeGreaterThanOrEqual(14)
    expect((layout.qrSizeMm * 21) / (21 + 4)).toBeGreaterThanOrEqual(14)
  })
})

describe('renderLabelsPdf', () => {
  it('refuses an empty list, too many labels and bad input', async () => {
    const reasonOf = async (promise: Promise<unknown>) => {
      const error = await promise.catch((e: unknown) => e)
      expect(error).toBeInstanceOf(AppError)
      expect((error as AppError).code).toBe('VALIDATION')
      return ((error as AppError).details as { reason: string }).reason
    }
    expect(await reasonOf(renderLabelsPdf([], 'a4_2x5'))).toBe('labels.empty')
    expect(await reasonOf(renderLabelsPdf([{ ...HONEY, copies: 2001 }], 'a4_2x5'))).toBe('labels.too_many')
    expect(await reasonOf(renderLabelsPdf([{ ...HONEY, copies: 1000 }, { ...RICE, copies: 1001 }], 'a4_2x5'))).toBe('labels.too_many')
    expect(await reasonOf(renderLabelsPdf([{ ...HONEY, copies: 0 }], 'a4_2x5'))).toBe('labels.invalid_copies')
    expect(await reasonOf(renderLabelsPdf([HONEY], 'a4_2x5', { startPosition: 11 }))).toBe('labels.invalid_start_position')
    expect(await reasonOf(renderLabelsPdf([HONEY], 'thermal_50x30', { startPosition: 2 }))).toBe('labels.invalid_start_position')
    expect(await reasonOf(renderLabelsPdf([{ ...HONEY, expiryDate: '15/09/2028' }], 'a4_2x5'))).toBe('labels.invalid_date')
    expect(await reasonOf(renderLabelsPdf([{ ...HONEY, qrPayload: ' ' }], 'a4_2x5'))).toBe('labels.missing_field')
    expect(await reasonOf(renderLabelsPdf([HONEY], 'a4_4x10' as LabelLayoutId))).toBe('labels.unknown_layout')
  })

  it('counts pages from the layout, the copies and the start position', async () => {
    const twelve = [{ ...HONEY, copies: 5 }, { ...RICE, copies: 4 }, TEA, LONG, HONEY]
    expect(pageCount(await renderLabelsPdf(twelve, 'a4_2x5', { creationDate: CREATED }))).toBe(2)
    expect(pageCount(await renderLabelsPdf(twelve, 'a4_2x5', { startPosition: 9, creationDate: CREATED }))).toBe(2)
    expect(pageCount(await renderLabelsPdf([...twelve, TEA], 'a4_2x5', { startPosition: 9, creationDate: CREATED }))).toBe(3)
    expect(pageCount(await renderLabelsPdf(twelve, 'a4_3x8', { creationDate: CREATED }))).toBe(1)
    expect(pageCount(await renderLabelsPdf(MIXED, 'thermal_50x30', { creationDate: CREATED }))).toBe(4)
    expect(labelPageCount('a4_2x5', 12)).toBe(2)
    expect(labelPageCount('a4_2x5', 13, 9)).toBe(3)
    expect(labelPageCount('thermal_50x30', 4)).toBe(4)
  })

  it('is byte-for-byte reproducible and embeds only Be Vietnam Pro', async () => {
    const a = await renderLabelsPdf(MIXED, 'a4_3x8', { creationDate: CREATED })
    const b = await renderLabelsPdf(MIXED, 'a4_3x8', { creationDate: CREATED })
    expect(a.equals(b)).toBe(true)
    const text = a.toString('latin1')
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+BeVietnamPro-Regular/)
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+BeVietnamPro-Bold/)
    expect(text).not.toMatch(/Helvetica/)
  })

  it('prints the Vietnamese text of each sticker, extractable and in NFC', async () => {
    const file = saved(await renderLabelsPdf(MIXED, 'a4_2x5', { creationDate: CREATED, title: 'Nhãn lô tháng 11' }))
    const [honey, rice, tea, long] = MIXED.map((_, slot) => slotText(file, 'a4_2x5', 1, slot))
    for (const text of [honey, rice, tea, long]) {
      expect(text).toBe(text!.normalize('NFC'))
      expect(text).not.toMatch(/[\u0300-\u036f]/)
    }

    expect(flat(honey!)).toContain('Mật ong hoa nhãn Đông Anh')
    expect(flat(honey!)).toContain('Hũ thủy tinh · 500 g')
    expect(flat(honey!)).toContain('45.000 ₫')
    expect(honey).toMatch(/45\.000\u00a0?\s?₫/) // the no-break space may come out as U+00A0
    expect(flat(honey!)).toContain('Lô: MOHN-260915-01')
    expect(flat(honey!)).toContain('Ngày thu hoạch: 15/09/2026')
    expect(flat(honey!)).toContain('Hạn sử dụng: 15/09/2028')
    expect(flat(honey!)).toContain('Mã số vùng trồng: VN-HN-GL-001')
    expect(flat(honey!)).toContain('HTX Nông nghiệp Dương Xá')
    expect(flat(honey!)).toContain('OCOP 4 sao')
    expect(flat(honey!)).toContain(HONEY.traceCode)

    expect(flat(rice!)).toContain('Gạo nếp cái hoa vàng')
    expect(flat(rice!)).toContain('120.000 ₫')
    expect(flat(rice!)).toContain('Ngày thu hoạch: 02/11/2026')
    expect(rice).not.toMatch(/OCOP|sao|Hạn sử dụng|vùng trồng/)

    expect(flat(tea!)).toContain('Trà Shan tuyết cổ thụ')
    expect(flat(tea!)).toContain('350.000 ₫')
    expect(flat(tea!)).toContain('Ngày sản xuất: 20/10/2026')
    expect(flat(tea!)).toContain('OCOP 5 sao')

    // Too long for three lines even at the smallest size: cut with an ellipsis, no price line.
    expect(flat(long!)).toMatch(/^Nước mắm cốt cá cơm than truyền thống .*…/)
    expect(flat(long!)).not.toContain('thùng gỗ')
    expect(long).not.toContain('₫')
    expect(flat(long!)).toContain('OCOP 3 sao')

    const info = pdfinfo([file])
    expect(info).toMatch(/Title:\s+Nhãn lô tháng 11/)
    expect(info).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/)
  })

  it('swaps the captions in English', async () => {
    const file = saved(await renderLabelsPdf([HONEY, TEA], 'a4_2x5', { locale: 'en', creationDate: CREATED }))
    const honey = flat(slotText(file, 'a4_2x5', 1, 0))
    expect(honey).toContain('Lot: MOHN-260915-01')
    expect(honey).toContain('Harvested: 15/09/2026')
    expect(honey).toContain('Best before: 15/09/2028')
    expect(honey).toContain('45,000 ₫')
    expect(honey).toContain('OCOP 4-star')
    expect(honey).toContain('Mật ong hoa nhãn Đông Anh')
    expect(flat(slotText(file, 'a4_2x5', 1, 1))).toContain('Produced: 20/10/2026')
  })

  it('never lets text leave its sticker, on any layout', async () => {
    for (const layout of Object.keys(LABEL_LAYOUTS) as LabelLayoutId[]) {
      const file = saved(await renderLabelsPdf(MIXED, layout, { creationDate: CREATED }))
      const words = wordBoxes(file)
      expect(words.length).toBeGreaterThan(20)
      const perPage = LABEL_LAYOUTS[layout].columns * LABEL_LAYOUTS[layout].rows
      for (const word of words) {
        // The sticker this word belongs to: the one containing its centre.
        const cx = (word.xMin + word.xMax) / 2 / PT_PER_MM
        const cy = (word.yMin + word.yMax) / 2 / PT_PER_MM
        const slot = Array.from({ length: perPage }, (_, s) => labelSlotRectMm(layout, s)).find(
          (r) => cx >= r.x && cx <= r.x + r.width && cy >= r.y && cy <= r.y + r.height,
        )
        expect(slot, `${layout}: "${word.text}" is in no sticker`).toBeDefined()
        const tolerance = 0.01
        expect(word.xMin / PT_PER_MM, `${layout}: "${word.text}"`).toBeGreaterThanOrEqual(slot!.x - tolerance)
        expect(word.xMax / PT_PER_MM, `${layout}: "${word.text}"`).toBeLessThanOrEqual(slot!.x + slot!.width + tolerance)
        expect(word.yMin / PT_PER_MM, `${layout}: "${word.text}"`).toBeGreaterThanOrEqual(slot!.y - tolerance)
        expect(word.yMax / PT_PER_MM, `${layout}: "${word.text}"`).toBeLessThanOrEqual(slot!.y + slot!.height + tolerance)
      }
    }
  })

  it('starts at the requested slot of a partly used sheet', async () => {
    const file = saved(await renderLabelsPdf([HONEY, RICE, TEA], 'a4_2x5', { startPosition: 9, creationDate: CREATED }))
    for (let slot = 0; slot < 8; slot++) expect(flat(slotText(file, 'a4_2x5', 1, slot))).toBe('')
    expect(flat(slotText(file, 'a4_2x5', 1, 8))).toContain('Mật ong hoa nhãn Đông Anh')
    expect(flat(slotText(file, 'a4_2x5', 1, 9))).toContain('Gạo nếp cái hoa vàng')
    expect(flat(slotText(file, 'a4_2x5', 2, 0))).toContain('Trà Shan tuyết cổ thụ')
  })

  it('draws QR codes that decode to the payloads, one per sticker (A4 2 × 5)', async () => {
    const labels = [...MIXED, ...MIXED, HONEY, RICE, TEA] // 11: ten on page 1, one on page 2
    const file = saved(await renderLabelsPdf(labels, 'a4_2x5', { creationDate: CREATED }))
    const page1 = await decodeSlots(file, 'a4_2x5', 1, [...Array(10).keys()])
    expect(page1).toEqual(labels.slice(0, 10).map((l) => l.qrPayload))
    expect(await decodeSlots(file, 'a4_2x5', 2, [0, 1])).toEqual([TEA.qrPayload, null])
  })

  it('draws QR codes that decode on the 70 × 37 mm sheet, from the start position on', async () => {
    const file = saved(await renderLabelsPdf(MIXED, 'a4_3x8', { startPosition: 3, creationDate: CREATED }))
    const decoded = await decodeSlots(file, 'a4_3x8', 1, [...Array(24).keys()])
    expect(decoded.filter((d) => d !== null)).toHaveLength(MIXED.length)
    expect(decoded.slice(2, 6)).toEqual(MIXED.map((l) => l.qrPayload))
  })

  it('draws a scannable QR code on every thermal label', async () => {
    const file = saved(await renderLabelsPdf(MIXED, 'thermal_50x30', { creationDate: CREATED }))
    for (const [i, label] of MIXED.entries()) {
      expect(await decodeSlots(file, 'thermal_50x30', i + 1, [0])).toEqual([label.qrPayload])
    }
  })

  it('never cuts a lot code, even a 40-character one on the smallest stickers', async () => {
    const lotCode = 'MOKC-4IT8M45-500-HOA-NHAN-LONG-261125-01'
    expect(lotCode).toHaveLength(40)
    const label = { ...HONEY, lotCode }
    for (const layout of ['a4_3x8', 'thermal_50x30', 'a4_2x5'] as const) {
      const file = saved(await renderLabelsPdf([label], layout, { creationDate: CREATED }))
      // The code may wrap onto a second line: read the sticker without spaces or line breaks.
      expect(slotText(file, layout, 1, 0).replace(/\s+/g, ''), layout).toContain(lotCode)
      expect(slotText(file, layout, 1, 0), layout).not.toContain(`${lotCode.slice(0, 20)}…`)
    }
  })
})
