import jsQR from 'jsqr'
import sharp from 'sharp'
import { afterAll, describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { amountInWordsVi } from '@shared/domain/amount-in-words'
import { MAX_VND } from '@shared/domain/money'
import { MAX_RECEIPT_LINES, formatVietnamDateTime, renderReceiptPdf, type ReceiptData, type ReceiptFormat, type ReceiptLine } from './receipt-pdf'
import { flatText as flat, pdfinfo, pdfPageCount as pageCount, pdfScratch, pdftoppm, pdftotext, pdfWordBoxes as wordBoxes } from '../pdf/poppler.test-support'

const CREATED = new Date('2026-11-28T03:00:00Z')
const PT_PER_MM = 72 / 25.4

const HONEY: ReceiptLine = {
  name: 'Mật ong hoa nhãn Đông Anh',
  variantLabel: 'Hũ 500 g',
  sku: 'MO-500',
  unit: 'hũ',
  quantity: 2,
  unitPriceVnd: 150_000,
  discountVnd: 0,
  totalVnd: 300_000,
  lotCodes: ['MOHN-260915-01'],
}
const RICE: ReceiptLine = { name: 'Gạo nếp cái hoa vàng', unit: 'kg', quantity: 10, unitPriceVnd: 45_000, discountVnd: 20_000, totalVnd: 430_000 }
const FISH_SAUCE: ReceiptLine = {
  name: 'Nước mắm cốt cá cơm than truyền thống Cát Hải thượng hạng',
  unit: 'chai',
  quantity: 4,
  unitPriceVnd: 130_000,
  discountVnd: 0,
  totalVnd: 520_000,
}

/** 300 000 + 430 000 + 520 000 = 1 250 000; −20 000 off the order, +20 000 shipping. */
const SALE: ReceiptData = {
  kind: 'receipt',
  seller: { name: 'HTX Nông nghiệp Dương Xá', address: 'Thôn Trung Dương, xã Gia Lâm, TP Hà Nội', phone: '0912 345 678', taxCode: '0101234567' },
  orderNumber: 'DH-2026-000123',
  createdAt: '2026-11-28T03:05:00.000Z',
  channelLabel: 'Tại quầy',
  customer: { name: 'Nguyễn Thị Hương', phone: '0987 654 321', address: 'Số 12 ngõ 34 phố Nguyễn Văn Cừ, phường Bồ Đề, Hà Nội' },
  lines: [HONEY, RICE, FISH_SAUCE],
  subtotalVnd: 1_250_000,
  orderDiscountVnd: 20_000,
  shippingFeeVnd: 20_000,
  totalVnd: 1_250_000,
  paidVnd: 1_300_000,
  changeVnd: 50_000,
  paymentMethodLabel: 'Tiền mặt',
  notes: 'Giao giờ hành chính, gọi trước khi đến.',
  footer: 'Cảm ơn quý khách!',
  qrPayload: 'https://htx-duongxa.vn/truy-xuat/DH-2026-000123',
}
const DELIVERY: ReceiptData = { ...SALE, kind: 'delivery_note', paidVnd: 500_000, changeVnd: null, paymentMethodLabel: 'Chuyển khoản một phần' }

/** `count` lines, each name unique and long enough to wrap on some formats. */
function manyLines(count: number): ReceiptLine[] {
  const base = [HONEY, RICE, FISH_SAUCE]
  return Array.from({ length: count }, (_, i) => ({ ...base[i % 3]!, name: `Hàng số ${i + 1} ${base[i % 3]!.name}` }))
}
const withLines = (data: ReceiptData, lines: ReceiptLine[]): ReceiptData => {
  const subtotal = lines.reduce((sum, line) => sum + line.totalVnd, 0)
  return { ...data, lines, subtotalVnd: subtotal, totalVnd: subtotal - data.orderDiscountVnd + data.shippingFeeVnd, paidVnd: null, changeVnd: null }
}

const scratch = pdfScratch('receipt')
afterAll(() => scratch.remove())
const saved = scratch.saved

/** [width, height] of each page, in points, from the MediaBox entries. */
function mediaBoxes(pdf: Buffer): [number, number][] {
  return [...pdf.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])])
}

/** The text of one page (or all), in layout mode, as pdftotext extracts it. */
function pageText(file: string, page?: number): string {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)]
  return pdftotext(['-layout', ...range, file, '-'])
}


async function decodeQr(file: string, page: number): Promise<string | null> {
  const prefix = scratch.path('page')
  pdftoppm(['-r', '200', '-png', '-f', String(page), '-l', String(page), '-singlefile', file, prefix])
  const { data, info } = await sharp(`${prefix}.png`).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)?.data ?? null
}

const reasonOf = async (promise: Promise<unknown>) => {
  const error = await promise.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(AppError)
  expect((error as AppError).code).toBe('VALIDATION')
  return ((error as AppError).details as { reason: string }).reason
}

describe('formatVietnamDateTime', () => {
  it('prints the instant in Vietnam time, HH:mm dd/MM/yyyy', () => {
    expect(formatVietnamDateTime('2026-11-28T03:05:00Z')).toBe('10:05 28/11/2026')
    expect(formatVietnamDateTime('2026-12-31T17:30:00.000Z')).toBe('00:30 01/01/2027')
    expect(formatVietnamDateTime('2026-06-01T08:00:00+07:00')).toBe('08:00 01/06/2026')
  })
})

describe('renderReceiptPdf', () => {
  it('refuses bad input with a reason', async () => {
    expect(await reasonOf(renderReceiptPdf({ ...SALE, lines: [] }, 'roll80'))).toBe('receipt.empty')
    expect(await reasonOf(renderReceiptPdf(SALE, 'a4' as ReceiptFormat))).toBe('receipt.unknown_format')
    expect(await reasonOf(renderReceiptPdf({ ...SALE, kind: 'invoice' as 'receipt' }, 'a5'))).toBe('receipt.unknown_kind')
    expect(await reasonOf(renderReceiptPdf({ ...SALE, createdAt: '2026-11-28T10:05:00' }, 'roll80'))).toBe('receipt.invalid_date')
    expect(await reasonOf(renderReceiptPdf({ ...SALE, orderNumber: ' ' }, 'roll80'))).toBe('receipt.missing_field')
    expect(await reasonOf(renderReceiptPdf({ ...SALE, seller: { name: '' } }, 'roll80'))).toBe('receipt.missing_field')
    expect(await reasonOf(renderReceiptPdf({ ...SALE, totalVnd: 1.5 }, 'roll80'))).toBe('receipt.invalid_amount')
    expect(await reasonOf(renderReceiptPdf({ ...SALE, paidVnd: -1 }, 'roll80'))).toBe('receipt.invalid_amount')
    expect(await reasonOf(renderReceiptPdf({ ...SALE, totalVnd: MAX_VND + 1 }, 'roll80'))).toBe('receipt.invalid_amount')
    expect(await reasonOf(renderReceiptPdf({ ...SALE, lines: [{ ...HONEY, quantity: 0 }] }, 'roll80'))).toBe('receipt.invalid_quantity')
    expect(await reasonOf(renderReceiptPdf({ ...SALE, lines: manyLines(MAX_RECEIPT_LINES + 1) }, 'a5'))).toBe('receipt.too_many_lines')
    expect(await reasonOf(renderReceiptPdf({ ...SALE, qrPayload: 'x'.repeat(1001) }, 'roll80'))).toBe('receipt.qr_payload_too_long')
  })

  it('is byte-for-byte reproducible and embeds only Be Vietnam Pro', async () => {
    for (const format of ['roll80', 'a5'] as const) {
      const a = await renderReceiptPdf(SALE, format, { creationDate: CREATED })
      const b = await renderReceiptPdf(SALE, format, { creationDate: CREATED })
      expect(a.equals(b), format).toBe(true)
      const text = a.toString('latin1')
      expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+BeVietnamPro-Regular/)
      expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+BeVietnamPro-Bold/)
      expect(text).not.toMatch(/Helvetica/)
    }
  })

  it('makes an 80 mm roll page that grows with the lines, on one page', async () => {
    const heights: number[] = []
    for (const count of [1, 3, 20, 60]) {
      const pdf = await renderReceiptPdf(withLines(SALE, manyLines(count)), 'roll80', { creationDate: CREATED })
      expect(pageCount(pdf)).toBe(1)
      const [[width, height]] = mediaBoxes(pdf) as [[number, number]]
      expect(width).toBeCloseTo(226.77, 2) // 80 mm
      expect(width).toBeCloseTo(80 * PT_PER_MM, 4)
      heights.push(height)
    }
    for (let i = 1; i < heights.length; i++) expect(heights[i]!).toBeGreaterThan(heights[i - 1]!)
    // About a centimetre per line of the order, not a fixed paper length.
    expect(heights[3]! - heights[2]!).toBeGreaterThan(40 * 6 * PT_PER_MM)
  })

  it('prints A5 portrait pages', async () => {
    const pdf = await renderReceiptPdf(SALE, 'a5', { creationDate: CREATED })
    expect(pageCount(pdf)).toBe(1)
    const [[width, height]] = mediaBoxes(pdf) as [[number, number]]
    expect(width).toBeCloseTo(148 * PT_PER_MM, 3)
    expect(height).toBeCloseTo(210 * PT_PER_MM, 3)
  })

  it('prints the receipt in Vietnamese, extractable and in NFC (roll)', async () => {
    const file = saved(await renderReceiptPdf(SALE, 'roll80', { creationDate: CREATED }))
    const raw = pageText(file)
    expect(raw).toBe(raw.normalize('NFC'))
    expect(raw).not.toMatch(/[\u0300-\u036f]/)
    const text = flat(raw)
    for (const expected of [
      'HTX Nông nghiệp Dương Xá',
      'Thôn Trung Dương, xã Gia Lâm, TP Hà Nội',
      'ĐT: 0912 345 678 · MST: 0101234567',
      'PHIẾU BÁN HÀNG',
      '(Phiếu này không phải là hóa đơn)',
      'Số đơn: DH-2026-000123',
      'Ngày: 10:05 28/11/2026',
      'Kênh bán: Tại quầy',
      'Khách hàng: Nguyễn Thị Hương',
      'Điện thoại: 0987 654 321',
      'Mật ong hoa nhãn Đông Anh (Hũ 500 g)',
      'Mã: MO-500 · Lô: MOHN-260915-01',
      '2 hũ 150.000 300.000',
      'Gạo nếp cái hoa vàng',
      '10 kg 45.000 430.000',
      'Giảm giá −20.000',
      'Nước mắm cốt cá cơm than truyền thống Cát Hải thượng hạng',
      'Tạm tính 1.250.000 ₫',
      'Giảm giá −20.000 ₫',
      'Phí giao hàng 20.000 ₫',
      'Tổng cộng 1.250.000 ₫',
      'Thanh toán Tiền mặt',
      'Khách đưa 1.300.000 ₫',
      'Tiền thừa 50.000 ₫',
      'Bằng chữ: Một triệu hai trăm năm mươi nghìn đồng.',
      'Ghi chú: Giao giờ hành chính, gọi trước khi đến.',
      'Cảm ơn quý khách!',
    ]) {
      expect(text).toContain(expected)
    }
    expect(raw).toMatch(/1\.250\.000\u00a0?\s?₫/) // the no-break space may come out as U+00A0
    expect(text).not.toContain('HÓA ĐƠN BÁN HÀNG')
    // A receipt has no signature boxes on the roll.
    expect(text).not.toContain('Người mua hàng')

    const info = pdfinfo([file])
    expect(info).toMatch(/Title:\s+Phiếu bán hàng DH-2026-000123/)
  })

  it('prints the six-column table and signature boxes on A5', async () => {
    const text = flat(pageText(saved(await renderReceiptPdf(SALE, 'a5', { creationDate: CREATED }))))
    expect(text).toContain('STT Tên hàng ĐVT SL Đơn giá Thành tiền')
    expect(text).toContain('1 Mật ong hoa nhãn Đông Anh (Hũ 500 g) hũ 2 150.000 300.000')
    expect(text).toContain('2 Gạo nếp cái hoa vàng kg 10 45.000 430.000')
    expect(text).toContain('Tổng cộng 1.250.000 ₫')
    expect(text).toContain('Bằng chữ: Một triệu hai trăm năm mươi nghìn đồng.')
    expect(text).toContain('Người mua hàng')
    expect(text).toContain('Người bán hàng')
    expect(text).toContain('(Ký, ghi rõ họ tên)')
    expect(text).not.toContain('Trang') // one page: no page numbers
  })

  it('writes the total in words as amountInWordsVi does', async () => {
    for (const total of [0, 21_000, 1_005_000, 101_000_000, 15_000_000_000, MAX_VND]) {
      const data: ReceiptData = { ...SALE, subtotalVnd: total, orderDiscountVnd: 0, shippingFeeVnd: 0, totalVnd: total, paidVnd: null, changeVnd: null }
      for (const format of ['roll80', 'a5'] as const) {
        const text = flat(pageText(saved(await renderReceiptPdf(data, format, { creationDate: CREATED }))))
        expect(text, `${format} ${total}`).toContain(`Bằng chữ: ${amountInWordsVi(total)}.`)
      }
    }
  })

  it('continues the A5 table on the next pages with the header repeated', async () => {
    const data = withLines(SALE, manyLines(60))
    const pdf = await renderReceiptPdf(data, 'a5', { creationDate: CREATED })
    const file = saved(pdf)
    const pages = pageCount(pdf)
    expect(pages).toBeGreaterThanOrEqual(2)
    for (const [width, height] of mediaBoxes(pdf)) {
      expect(width).toBeCloseTo(148 * PT_PER_MM, 3)
      expect(height).toBeCloseTo(210 * PT_PER_MM, 3)
    }
    const texts = Array.from({ length: pages }, (_, i) => flat(pageText(file, i + 1)))
    expect(texts[0]).toContain('PHIẾU BÁN HÀNG')
    expect(texts[1]).not.toContain('PHIẾU BÁN HÀNG')
    // Every page with rows starts its table with the header; the rows run on in order.
    let next = 1
    texts.forEach((text, i) => {
      expect(text, `page ${i + 1}`).toContain(`DH-2026-000123 · Trang ${i + 1}/${pages}`)
      const first = text.indexOf(`Hàng số ${next} `)
      if (first === -1) return
      expect(text.indexOf('STT Tên hàng ĐVT SL Đơn giá Thành tiền'), `page ${i + 1}`).toBeGreaterThan(-1)
      expect(text.indexOf('STT Tên hàng ĐVT SL Đơn giá Thành tiền')).toBeLessThan(first)
      while (next <= 60 && text.includes(`Hàng số ${next} `)) next++
    })
    expect(next).toBe(61)
    expect(texts[1]).toContain('Hàng số ')
    expect(texts.join(' ')).toContain(`Bằng chữ: ${amountInWordsVi(data.totalVnd)}.`)
  })

  it('prints a delivery note with quantities, the amount to collect and signatures, no prices', async () => {
    for (const format of ['roll80', 'a5'] as const) {
      const text = flat(pageText(saved(await renderReceiptPdf(DELIVERY, format, { creationDate: CREATED }))))
      expect(text, format).toContain('PHIẾU GIAO HÀNG')
      expect(text, format).not.toContain('hóa đơn')
      expect(text, format).toContain('Người nhận: Nguyễn Thị Hương')
      expect(text, format).toContain('Địa chỉ giao: Số 12 ngõ 34 phố Nguyễn Văn Cừ')
      expect(text, format).toContain('Mật ong hoa nhãn Đông Anh (Hũ 500 g)')
      expect(text, format).not.toContain('Đơn giá')
      expect(text, format).not.toContain('150.000')
      expect(text, format).toContain('Tổng tiền đơn hàng 1.250.000 ₫')
      expect(text, format).toContain('Đã thanh toán 500.000 ₫')
      expect(text, format).toContain('Thu hộ (COD) 750.000 ₫')
      expect(text, format).toContain(`Bằng chữ: ${amountInWordsVi(750_000)}.`)
      expect(text, format).toContain('Người giao hàng')
      expect(text, format).toContain('Người nhận hàng')
    }
    const roll = flat(pageText(saved(await renderReceiptPdf(DELIVERY, 'roll80', { creationDate: CREATED }))))
    expect(roll).toContain('Gạo nếp cái hoa vàng 10 kg')
    // Paid in full: nothing to collect. No recipient on file: lines to write one in.
    const prepaid = flat(pageText(saved(await renderReceiptPdf({ ...DELIVERY, paidVnd: 1_250_000, customer: null }, 'a5', { creationDate: CREATED }))))
    expect(prepaid).toMatch(/Thu hộ \(COD\) 0 ?₫/) // pdftotext may drop the no-break space after a lone digit
    expect(prepaid).toContain('Bằng chữ: Không đồng.')
    expect(prepaid).toMatch(/Người nhận: \.{20,}/)
  })

  it('swaps the captions in English', async () => {
    const text = flat(pageText(saved(await renderReceiptPdf(SALE, 'a5', { locale: 'en', creationDate: CREATED }))))
    expect(text).toContain('SALES RECEIPT')
    expect(text).toContain('(This receipt is not an invoice)')
    expect(text).toContain('No. Item Unit Qty Unit price Amount')
    expect(text).toContain('Total 1,250,000 ₫')
    expect(text).toContain('Change 50,000 ₫')
    expect(text).toContain('Mật ong hoa nhãn Đông Anh')
    expect(text).toContain('In words: Một triệu hai trăm năm mươi nghìn đồng.')
    expect(text).not.toContain('Tổng cộng')
  })

  it('never lets text leave the printable area, whatever the names and amounts', async () => {
    const huge: ReceiptLine = {
      name: 'Nước mắm cốt cá cơm than truyền thống Cát Hải thượng hạng đặc biệt 40 độ đạm ủ chượp mười hai tháng trong thùng gỗ pơ mu '.repeat(3),
      variantLabel: 'Thùng 24 chai thủy tinh 500 ml kèm hộp quà tặng',
      sku: 'NMCH-40N-500ML-THUNG24-QUA-TANG-TET-2027',
      unit: 'thùng carton',
      quantity: 1234.5,
      unitPriceVnd: 99_999_999_999,
      discountVnd: 999_999_999,
      totalVnd: MAX_VND,
      lotCodes: ['NMCH-261101-03', 'NMCH-261101-04', 'NMCH-261215-01', 'NMCH-270105-02'],
    }
    const unbroken: ReceiptLine = { ...RICE, name: 'Gạonếpcáihoavàng'.repeat(8), unit: 'bao50kgloạiđặcbiệt' }
    const extreme: ReceiptData = {
      ...SALE,
      seller: { ...SALE.seller, name: 'Hợp tác xã Chế biến Thủy sản và Dịch vụ Nghề cá Cát Hải, thành phố Hải Phòng', address: 'Khu 5, thị trấn Cát Hải, huyện Cát Hải, thành phố Hải Phòng, Việt Nam' },
      lines: [huge, unbroken, ...manyLines(30)],
      subtotalVnd: MAX_VND,
      orderDiscountVnd: MAX_VND,
      shippingFeeVnd: MAX_VND,
      totalVnd: MAX_VND,
      paidVnd: MAX_VND,
      changeVnd: MAX_VND,
      paymentMethodLabel: 'Chuyển khoản ngân hàng qua mã VietQR của Ngân hàng Nông nghiệp và Phát triển Nông thôn',
      notes: 'Giao trước Tết. '.repeat(40),
      footer: 'Cảm ơn quý khách đã ủng hộ sản phẩm OCOP của hợp tác xã! Hẹn gặp lại.',
    }
    const margins: Record<ReceiptFormat, number> = { roll80: 4, a5: 12 }
    for (const format of ['roll80', 'a5'] as const) {
      for (const data of [extreme, { ...extreme, kind: 'delivery_note' as const }, withLines(SALE, manyLines(60))]) {
        const file = saved(await renderReceiptPdf(data, format, { creationDate: CREATED }))
        const words = wordBoxes(file)
        expect(words.length).toBeGreaterThan(100)
        const tolerance = 0.05
        const margin = margins[format] * PT_PER_MM
        for (const word of words) {
          const where = `${format} ${data.kind} p.${word.page}: "${word.text}"`
          expect(word.xMin, where).toBeGreaterThanOrEqual(margin - tolerance)
          expect(word.xMax, where).toBeLessThanOrEqual(word.pageWidth - margin + tolerance)
          expect(word.yMin, where).toBeGreaterThanOrEqual(0)
          expect(word.yMax, where).toBeLessThanOrEqual(word.pageHeight)
        }
      }
    }
    // The figures are shrunk, never cut.
    const text = flat(pageText(saved(await renderReceiptPdf(extreme, 'roll80', { creationDate: CREATED }))))
    expect(text).toContain('999.999.999.999 ₫')
    expect(text).toContain('99.999.999.999')
    expect(text).toContain('1.234,5 thùng carton')
  })

  it('draws a QR code that decodes to the payload', async () => {
    for (const format of ['roll80', 'a5'] as const) {
      const file = saved(await renderReceiptPdf(SALE, format, { creationDate: CREATED }))
      expect(await decodeQr(file, 1), format).toBe(SALE.qrPayload)
    }
    const none = saved(await renderReceiptPdf({ ...SALE, qrPayload: null }, 'roll80', { creationDate: CREATED }))
    expect(await decodeQr(none, 1)).toBeNull()
  })
})
