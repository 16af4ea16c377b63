/**
 * Sales receipts and delivery notes as PDF, for an 80 mm thermal roll or an A5 sheet.
 *
 * What is printed, and why:
 *
 * - A receipt is titled "PHIẾU BÁN HÀNG" with the line "Phiếu này không phải là hóa đơn" under
 *   it, never "HÓA ĐƠN BÁN HÀNG": both "hóa đơn giá trị gia tăng" and "hóa đơn bán hàng" are
 *   invoice types of the invoicing decree (Nghị định 123/2020/NĐ-CP), issued as e-invoices through
 *   the tax authority's system, and this paper is neither ("không phải hóa đơn GTGT" alone would
 *   leave it looking like a hóa đơn bán hàng). It lists the lines with their prices, the totals
 *   (Tạm tính, Giảm giá, Phí giao hàng, Tổng cộng, Khách đưa, Tiền thừa) and the total in words.
 * - A delivery note ("PHIẾU GIAO HÀNG") travels with the parcel: it lists what is in it (STT, Tên
 *   hàng, ĐVT, SL) without unit prices or line amounts, the order total, what was paid in advance
 *   and the amount the courier collects (COD) in figures and in words, and has signature boxes for
 *   the courier and the recipient, who signs on receipt of the goods.
 * - `roll80`: 80 mm paper, 72 mm printed; one page exactly as long as its content (the layout is
 *   measured first, then the page is created at that height). Each line of the order takes two
 *   rows: the name (wrapped), then quantity, unit price and amount.
 * - `a5`: A5 portrait with a six-column table; when the lines do not fit, the table goes on over
 *   as many pages as needed with its header repeated, and the pages are numbered.
 *
 * Text is Be Vietnam Pro, embedded and subset (see ../pdf/fonts), so every Vietnamese letter
 * prints and the text stays extractable. Nothing leaves its box: every string is measured with the
 * embedded font, names and notes wrap and are cut with "…" after a few lines, and figures shrink
 * (they are never cut). With a fixed `creationDate` the output is byte-for-byte reproducible.
 *
 * The renderer prints the figures it is given: it does not recompute the totals (the order
 * service owns that arithmetic), it only checks that each is a whole number of đồng.
 */
import PDFDocument from 'pdfkit'
import { create as createQr, type QRCode } from 'qrcode'
import { AppError } from '@shared/contract/errors'
import { amountInWordsVi } from '@shared/domain/amount-in-words'
import { VIETNAM_UTC_OFFSET_MS } from '@shared/domain/calendar'
import { MAX_VND, formatVnd } from '@shared/domain/money'
import { FONT_BOLD, FONT_REGULAR, registerFonts, type PdfFontName } from '../pdf/fonts'
import { qrDarkRuns } from '../traceability/qr-runs'
import { fitSize, measurer, truncate, wrap, type Measure } from '../pdf/text-fit'

export interface ReceiptLine {
  name: string
  variantLabel?: string | null
  sku?: string | null
  /** Đơn vị tính as it should read: 'hũ', 'kg', 'hộp'. */
  unit: string
  /** May be a fraction for goods sold by weight (1,5 kg). */
  quantity: number
  unitPriceVnd: number
  /** Discount on this line, already taken off `totalVnd`. */
  discountVnd: number
  totalVnd: number
  lotCodes?: string[]
}

export interface ReceiptData {
  kind: 'receipt' | 'delivery_note'
  seller: { name: string; address?: string | null; phone?: string | null; taxCode?: string | null }
  /** 'DH-2026-000123'. */
  orderNumber: string
  /** UTC ISO timestamp (a zone is required); printed in Vietnam time as 'HH:mm dd/MM/yyyy'. */
  createdAt: string
  /** 'Tại quầy', 'Zalo', 'Shopee'… */
  channelLabel?: string | null
  customer?: { name: string; phone?: string | null; address?: string | null } | null
  lines: ReceiptLine[]
  subtotalVnd: number
  orderDiscountVnd: number
  shippingFeeVnd: number
  totalVnd: number
  /**
   * Receipt: what the customer handed over (Khách đưa). Delivery note: what was paid before
   * delivery; the courier collects `totalVnd − paidVnd` (the whole total when null).
   */
  paidVnd?: number | null
  /** Receipt only: Tiền thừa. */
  changeVnd?: number | null
  paymentMethodLabel?: string | null
  notes?: string | null
  /** 'Cảm ơn quý khách!' */
  footer?: string | null
  /** Printed as a QR code at the end (a VietQR payload, a trace link…). */
  qrPayload?: string | null
}

export type ReceiptFormat = 'roll80' | 'a5'
export const RECEIPT_FORMATS: readonly ReceiptFormat[] = ['roll80', 'a5']

export interface RenderReceiptOptions {
  /** Stored as the PDF's creation date; fixed in tests so the output is byte-for-byte stable. */
  creationDate?: Date
  /** Captions and number format; Vietnamese by default. The amount in words is always Vietnamese. */
  locale?: 'vi' | 'en'
}

/** Lines on one order: far above any real sale, and it bounds the work. */
export const MAX_RECEIPT_LINES = 1000
const MAX_QR_PAYLOAD = 1000

/** PDF points per millimetre (72 pt to the inch). */
const PT_PER_MM = 72 / 25.4
const mm = (value: number): number => value * PT_PER_MM

export async function renderReceiptPdf(data: ReceiptData, format: ReceiptFormat, options: RenderReceiptOptions = {}): Promise<Buffer> {
  if (!RECEIPT_FORMATS.includes(format)) invalid(`Unknown receipt format ${String(format)}`, { reason: 'receipt.unknown_format' })
  const locale = options.locale ?? 'vi'
  const receipt = validate(data)
  const spec = FORMATS[format]
  const captions = CAPTIONS[locale]

  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    lang: locale === 'vi' ? 'vi-VN' : 'en',
    info: {
      Title: `${receipt.kind === 'receipt' ? captions.receiptDocTitle : captions.deliveryDocTitle} ${receipt.orderNumber}`,
      Creator: 'OCOP Storefront',
      CreationDate: options.creationDate ?? new Date(),
    },
  })
  await registerFonts(doc)
  const done = collect(doc)

  const layout = new ReceiptLayout(measurer(doc), spec, captions, locale)
  const pages = paginate(layout.blocks(receipt), spec)
  pages.forEach((page, index) => {
    doc.addPage({ size: [spec.pageWidth, page.height], margin: 0 })
    for (const { block, y } of page.placed) for (const item of block.items) drawItem(doc, item, y)
    if (pages.length > 1) {
      const text = `${receipt.orderNumber} · ${captions.page(index + 1, pages.length)}`
      const size = spec.small
      const width = doc.font(FONT_REGULAR).fontSize(size).widthOfString(text)
      drawItem(doc, { kind: 'text', text, font: FONT_REGULAR, size, x: (spec.pageWidth - width) / 2, y: page.height - spec.marginBottom / 2 - size * 0.6 }, 0)
    }
  })
  doc.end()
  return done
}

// ---------------------------------------------------------------------------------------------
// Formats and captions

interface FormatSpec {
  readonly pageWidth: number
  /** Null: the page is as tall as its content (roll paper). */
  readonly pageHeight: number | null
  readonly marginX: number
  readonly marginTop: number
  /** Also holds the page number when there is more than one page. */
  readonly marginBottom: number
  readonly body: number
  readonly small: number
  readonly title: number
  readonly sellerName: number
  readonly total: number
  /** Figures shrink down to this size rather than be cut. */
  readonly min: number
  readonly qrSide: number
  readonly signatureSpace: number
  /** Receipts get signature boxes on this format (delivery notes always do). */
  readonly receiptSignatures: boolean
  readonly table: 'wide' | 'stacked'
  readonly align: 'left' | 'center'
}

/**
 * A PDF page may not be taller than 14 400 pt (200 inches, the limit of PDF viewers and
 * printers); a roll receipt longer than that (some 500 lines) goes on on a second page.
 */
const MAX_PAGE_HEIGHT = 14_400

const FORMATS: Readonly<Record<ReceiptFormat, FormatSpec>> = {
  roll80: {
    pageWidth: mm(80),
    pageHeight: null,
    // 80 mm paper prints 72 mm (576 dots at 203 dpi): 4 mm each side.
    marginX: mm(4),
    marginTop: mm(4),
    // Room for the cutter, which sits a few millimetres above the print head.
    marginBottom: mm(8),
    body: 8,
    small: 7,
    title: 11,
    sellerName: 10,
    total: 10,
    min: 5,
    qrSide: mm(26),
    signatureSpace: mm(14),
    receiptSignatures: false,
    table: 'stacked',
    align: 'center',
  },
  a5: {
    pageWidth: mm(148),
    pageHeight: mm(210),
    marginX: mm(12),
    marginTop: mm(12),
    marginBottom: mm(14),
    body: 9,
    small: 7.5,
    title: 14,
    sellerName: 12,
    total: 11,
    min: 5.5,
    qrSide: mm(26),
    signatureSpace: mm(18),
    receiptSignatures: true,
    table: 'wide',
    align: 'left',
  },
}

interface Captions {
  receiptTitle: string
  receiptDocTitle: string
  notInvoice: string
  deliveryTitle: string
  deliveryDocTitle: string
  phone: string
  taxCode: string
  orderNumber: string
  date: string
  channel: string
  payment: string
  customer: string
  walkIn: string
  recipient: string
  customerPhone: string
  address: string
  deliveryAddress: string
  no: string
  item: string
  unit: string
  quantity: string
  unitPrice: string
  amount: string
  sku: string
  lot: string
  subtotal: string
  discount: string
  shipping: string
  total: string
  paid: string
  change: string
  orderTotal: string
  prepaid: string
  cod: string
  inWords: string
  notes: string
  buyer: string
  seller: string
  courier: string
  receiver: string
  signHint: string
  page: (page: number, pages: number) => string
}

const CAPTIONS: Readonly<Record<'vi' | 'en', Captions>> = {
  vi: {
    receiptTitle: 'PHIẾU BÁN HÀNG',
    receiptDocTitle: 'Phiếu bán hàng',
    notInvoice: 'Phiếu này không phải là hóa đơn',
    deliveryTitle: 'PHIẾU GIAO HÀNG',
    deliveryDocTitle: 'Phiếu giao hàng',
    phone: 'ĐT',
    taxCode: 'MST',
    orderNumber: 'Số đơn',
    date: 'Ngày',
    channel: 'Kênh bán',
    payment: 'Thanh toán',
    customer: 'Khách hàng',
    walkIn: 'Khách lẻ',
    recipient: 'Người nhận',
    customerPhone: 'Điện thoại',
    address: 'Địa chỉ',
    deliveryAddress: 'Địa chỉ giao',
    no: 'STT',
    item: 'Tên hàng',
    unit: 'ĐVT',
    quantity: 'SL',
    unitPrice: 'Đơn giá',
    amount: 'Thành tiền',
    sku: 'Mã',
    lot: 'Lô',
    subtotal: 'Tạm tính',
    discount: 'Giảm giá',
    shipping: 'Phí giao hàng',
    total: 'Tổng cộng',
    paid: 'Khách đưa',
    change: 'Tiền thừa',
    orderTotal: 'Tổng tiền đơn hàng',
    prepaid: 'Đã thanh toán',
    cod: 'Thu hộ (COD)',
    inWords: 'Bằng chữ',
    notes: 'Ghi chú',
    buyer: 'Người mua hàng',
    seller: 'Người bán hàng',
    courier: 'Người giao hàng',
    receiver: 'Người nhận hàng',
    signHint: '(Ký, ghi rõ họ tên)',
    page: (page, pages) => `Trang ${page}/${pages}`,
  },
  en: {
    receiptTitle: 'SALES RECEIPT',
    receiptDocTitle: 'Sales receipt',
    notInvoice: 'This receipt is not an invoice',
    deliveryTitle: 'DELIVERY NOTE',
    deliveryDocTitle: 'Delivery note',
    phone: 'Tel',
    taxCode: 'Tax code',
    orderNumber: 'Order',
    date: 'Date',
    channel: 'Channel',
    payment: 'Payment',
    customer: 'Customer',
    walkIn: 'Walk-in customer',
    recipient: 'Recipient',
    customerPhone: 'Phone',
    address: 'Address',
    deliveryAddress: 'Deliver to',
    no: 'No.',
    item: 'Item',
    unit: 'Unit',
    quantity: 'Qty',
    unitPrice: 'Unit price',
    amount: 'Amount',
    sku: 'SKU',
    lot: 'Lot',
    subtotal: 'Subtotal',
    discount: 'Discount',
    shipping: 'Shipping',
    total: 'Total',
    paid: 'Cash received',
    change: 'Change',
    orderTotal: 'Order total',
    prepaid: 'Paid in advance',
    cod: 'Cash on delivery',
    inWords: 'In words',
    notes: 'Notes',
    buyer: 'Buyer',
    seller: 'Seller',
    courier: 'Delivered by',
    receiver: 'Received by',
    signHint: '(Signature and full name)',
    page: (page, pages) => `Page ${page} of ${pages}`,
  },
}

// ---------------------------------------------------------------------------------------------
// Validation

function invalid(message: string, details: Record<string, unknown>): never {
  throw new AppError('VALIDATION', message, details)
}

const ZONED_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

/** NFC (precomposed letters map one-to-one to the font's glyphs), trimmed; empty becomes null. */
function clean(text: string | null | undefined): string | null {
  if (text == null) return null
  if (typeof text !== 'string') invalid('Text fields must be strings', { reason: 'receipt.invalid_text' })
  const value = text.normalize('NFC').trim()
  return value === '' ? null : value
}

function required(text: string | null | undefined, field: string): string {
  const value = clean(text)
  if (value === null) invalid(`${field} is empty`, { reason: 'receipt.missing_field', field })
  return value
}

function money(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_VND) {
    invalid(`${field} must be a whole number of đồng between 0 and ${MAX_VND}`, { reason: 'receipt.invalid_amount', field })
  }
  return value
}

function optionalMoney(value: unknown, field: string): number | null {
  return value == null ? null : money(value, field)
}

/** The data with clean text and checked figures. */
function validate(data: ReceiptData): ReceiptData {
  if (data == null || typeof data !== 'object') invalid('No receipt data', { reason: 'receipt.missing_field', field: 'data' })
  if (data.kind !== 'receipt' && data.kind !== 'delivery_note') invalid(`Unknown document kind ${String(data.kind)}`, { reason: 'receipt.unknown_kind' })
  if (typeof data.createdAt !== 'string' || !ZONED_TIMESTAMP.test(data.createdAt) || !Number.isFinite(Date.parse(data.createdAt))) {
    invalid('createdAt must be an ISO timestamp with a time zone', { reason: 'receipt.invalid_date', field: 'createdAt' })
  }
  if (!Array.isArray(data.lines) || data.lines.length === 0) invalid('The order has no lines', { reason: 'receipt.empty' })
  if (data.lines.length > MAX_RECEIPT_LINES) {
    invalid(`At most ${MAX_RECEIPT_LINES} lines can be printed`, { reason: 'receipt.too_many_lines', max: MAX_RECEIPT_LINES, count: data.lines.length })
  }
  const qrPayload = clean(data.qrPayload)
  if (qrPayload !== null && qrPayload.length > MAX_QR_PAYLOAD) {
    invalid(`The QR content is longer than ${MAX_QR_PAYLOAD} characters`, { reason: 'receipt.qr_payload_too_long', max: MAX_QR_PAYLOAD })
  }
  if (data.seller == null) invalid('seller is missing', { reason: 'receipt.missing_field', field: 'seller.name' })
  return {
    kind: data.kind,
    seller: {
      name: required(data.seller.name, 'seller.name'),
      address: clean(data.seller.address),
      phone: clean(data.seller.phone),
      taxCode: clean(data.seller.taxCode),
    },
    orderNumber: required(data.orderNumber, 'orderNumber'),
    createdAt: data.createdAt,
    channelLabel: clean(data.channelLabel),
    customer:
      data.customer == null
        ? null
        : { name: required(data.customer.name, 'customer.name'), phone: clean(data.customer.phone), address: clean(data.customer.address) },
    lines: data.lines.map((line, index) => {
      if (line == null || typeof line !== 'object') invalid(`Line ${index + 1} is missing`, { reason: 'receipt.missing_field', field: `lines.${index}` })
      if (typeof line.quantity !== 'number' || !Number.isFinite(line.quantity) || line.quantity <= 0 || line.quantity > 1e9) {
        invalid(`Line ${index + 1}: the quantity must be a positive number`, { reason: 'receipt.invalid_quantity', index })
      }
      if (line.lotCodes != null && !Array.isArray(line.lotCodes)) invalid(`Line ${index + 1}: lotCodes must be a list`, { reason: 'receipt.invalid_text', index })
      return {
        name: required(line.name, `lines.${index}.name`),
        variantLabel: clean(line.variantLabel),
        sku: clean(line.sku),
        unit: clean(line.unit) ?? '',
        quantity: line.quantity,
        unitPriceVnd: money(line.unitPriceVnd, `lines.${index}.unitPriceVnd`),
        discountVnd: money(line.discountVnd, `lines.${index}.discountVnd`),
        totalVnd: money(line.totalVnd, `lines.${index}.totalVnd`),
        lotCodes: (line.lotCodes ?? []).map((code) => clean(code)).filter((code): code is string => code !== null),
      }
    }),
    subtotalVnd: money(data.subtotalVnd, 'subtotalVnd'),
    orderDiscountVnd: money(data.orderDiscountVnd, 'orderDiscountVnd'),
    shippingFeeVnd: money(data.shippingFeeVnd, 'shippingFeeVnd'),
    totalVnd: money(data.totalVnd, 'totalVnd'),
    paidVnd: optionalMoney(data.paidVnd, 'paidVnd'),
    changeVnd: optionalMoney(data.changeVnd, 'changeVnd'),
    paymentMethodLabel: clean(data.paymentMethodLabel),
    notes: clean(data.notes),
    footer: clean(data.footer),
    qrPayload,
  }
}

/** '2026-11-28T03:05:00Z' → '10:05 28/11/2026': Vietnam is UTC+7 all year (see calendar.ts). */
export function formatVietnamDateTime(iso: string): string {
  const local = new Date(Date.parse(iso) + VIETNAM_UTC_OFFSET_MS)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(local.getUTCHours())}:${two(local.getUTCMinutes())} ${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${String(local.getUTCFullYear()).padStart(4, '0')}`
}

// ---------------------------------------------------------------------------------------------
// Layout: the document as a list of blocks, each measured, that pagination places on pages

type Item =
  | { kind: 'text'; text: string; font: PdfFontName; size: number; x: number; y: number }
  | { kind: 'rule'; x: number; y: number; width: number; weight: number; dashed: boolean; gray?: boolean }
  | { kind: 'qr'; qr: QRCode; x: number; y: number; side: number }

/**
 * A part of the document that is never split across pages. `row` blocks are table rows: a page
 * that starts with one gets the table header first. `y` of the items is relative to the block's top.
 */
interface Block {
  role: 'content' | 'tableHeader' | 'row'
  height: number
  /** Space above the block, dropped at the top of a page. */
  gapBefore: number
  items: Item[]
}

/**
 * Line pitch as a multiple of the font size. Be Vietnam Pro's ascender is 1.0 em and no glyph goes
 * below −0.21 em, so 1.22 keeps descenders clear of the (tallest, 0.96 em) accents of the next line.
 */
const LINE_PITCH = 1.22
const MINUS = '\u2212'
const NBSP = '\u00a0'


/** Builds one block from top to bottom. */
class BlockBuilder {
  readonly items: Item[] = []
  y = 0
  constructor(private readonly measure: Measure) {}

  text(text: string, font: PdfFontName, size: number, x: number, y = this.y): void {
    if (text !== '') this.items.push({ kind: 'text', text, font, size, x, y })
  }

  /** A line of text set in a box of `width` from `x`, aligned; the caller has made it fit. */
  aligned(text: string, font: PdfFontName, size: number, x: number, width: number, align: 'left' | 'center' | 'right', y = this.y): void {
    const w = this.measure(text, font, size)
    const dx = align === 'left' ? 0 : align === 'right' ? width - w : (width - w) / 2
    this.text(text, font, size, x + Math.max(0, dx), y)
  }

  /** Lines one under the other, moving the cursor down. */
  lines(lines: readonly string[], font: PdfFontName, size: number, x: number, width: number, align: 'left' | 'center' | 'right' = 'left'): void {
    for (const line of lines) {
      this.aligned(line, font, size, x, width, align)
      this.y += size * LINE_PITCH
    }
  }

  /** A paragraph wrapped to `width`, at most `maxLines` lines (the last one cut with "…"). */
  paragraph(text: string, font: PdfFontName, size: number, x: number, width: number, maxLines: number, align: 'left' | 'center' | 'right' = 'left'): void {
    this.lines(fitLines(this.measure, text, font, size, width, maxLines), font, size, x, width, align)
  }

  rule(x: number, width: number, weight: number, dashed = false, gray = false): void {
    this.items.push({ kind: 'rule', x, y: this.y, width, weight, dashed, ...(gray && { gray }) })
  }

  space(points: number): void {
    this.y += points
  }

  build(role: Block['role'], gapBefore: number): Block {
    return { role, height: this.y, gapBefore, items: this.items }
  }
}

class ReceiptLayout {
  private readonly x0: number
  private readonly width: number
  private readonly gap: number

  constructor(
    private readonly measure: Measure,
    private readonly spec: FormatSpec,
    private readonly c: Captions,
    private readonly locale: 'vi' | 'en',
  ) {
    this.x0 = spec.marginX
    this.width = spec.pageWidth - 2 * spec.marginX
    this.gap = spec.body * 0.7
  }

  private builder(): BlockBuilder {
    return new BlockBuilder(this.measure)
  }

  /** '1.250.000 ₫' with a no-break space, so ₫ never sits alone on a line. */
  private vnd(amount: number): string {
    return formatVnd(amount, this.locale).replace(/ ₫$/, `${NBSP}₫`)
  }

  /** A figure in the table, without the currency sign. */
  private figure(amount: number): string {
    return formatVnd(amount, this.locale).replace(/ ₫$/, '')
  }

  private quantity(quantity: number): string {
    return new Intl.NumberFormat(this.locale === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 3 }).format(quantity)
  }

  blocks(r: ReceiptData): Block[] {
    const blocks: Block[] = [this.sellerBlock(r), this.titleBlock(r), this.infoBlock(r)]
    const customer = this.customerBlock(r)
    if (customer) blocks.push(customer)
    blocks.push(...(this.spec.table === 'wide' ? this.wideTable(r) : this.stackedTable(r)))
    // A5: the QR code goes left of the totals, which only take the right part of the width.
    const qrBesideTotals = this.spec.table === 'wide' && r.qrPayload ? r.qrPayload : null
    blocks.push(this.totalsBlock(r, qrBesideTotals))
    const notes = r.notes ? this.notesBlock(r.notes) : null
    if (notes) blocks.push(notes)
    if (r.kind === 'delivery_note' || this.spec.receiptSignatures) blocks.push(this.signatureBlock(r))
    if (r.footer) {
      const b = this.builder()
      b.paragraph(r.footer, FONT_BOLD, this.spec.body, this.x0, this.width, 3, 'center')
      blocks.push(b.build('content', this.gap))
    }
    if (r.qrPayload && !qrBesideTotals) blocks.push(this.qrBlock(r.qrPayload))
    return blocks
  }

  private sellerBlock(r: ReceiptData): Block {
    const { spec, x0, width, c } = this
    const b = this.builder()
    b.paragraph(r.seller.name, FONT_BOLD, spec.sellerName, x0, width, 2, spec.align)
    if (r.seller.address) b.paragraph(r.seller.address, FONT_REGULAR, spec.small, x0, width, 3, spec.align)
    const contact = [r.seller.phone && `${c.phone}: ${r.seller.phone}`, r.seller.taxCode && `${c.taxCode}: ${r.seller.taxCode}`].filter(Boolean) as string[]
    if (contact.length > 0) {
      const oneLine = contact.join(' · ')
      const lines = this.measure(oneLine, FONT_REGULAR, spec.small) <= width ? [oneLine] : contact
      for (const line of lines) b.paragraph(line, FONT_REGULAR, spec.small, x0, width, 2, spec.align)
    }
    return b.build('content', 0)
  }

  private titleBlock(r: ReceiptData): Block {
    const { spec, x0, width, c } = this
    const b = this.builder()
    const title = r.kind === 'receipt' ? c.receiptTitle : c.deliveryTitle
    const size = fitSize(this.measure, title, FONT_BOLD, spec.title, spec.min, width)
    b.paragraph(title, FONT_BOLD, size, x0, width, 2, 'center')
    if (r.kind === 'receipt') b.paragraph(`(${c.notInvoice})`, FONT_REGULAR, spec.small, x0, width, 2, 'center')
    return b.build('content', this.gap)
  }

  /** "Caption: value" lines, wrapped. */
  private fields(b: BlockBuilder, fields: readonly (readonly [caption: string, value: string | null | undefined])[], maxLines = 3): void {
    for (const [caption, value] of fields) {
      if (value) b.paragraph(`${caption}: ${value}`, FONT_REGULAR, this.spec.body, this.x0, this.width, maxLines)
    }
  }

  private infoBlock(r: ReceiptData): Block {
    const { c } = this
    const b = this.builder()
    this.fields(b, [
      [c.orderNumber, r.orderNumber],
      [c.date, formatVietnamDateTime(r.createdAt)],
      [c.channel, r.channelLabel],
    ])
    return b.build('content', this.gap)
  }

  private customerBlock(r: ReceiptData): Block | null {
    const { c } = this
    const b = this.builder()
    if (r.kind === 'receipt') {
      this.fields(b, [
        [c.customer, r.customer?.name ?? c.walkIn],
        [c.customerPhone, r.customer?.phone],
        [c.address, r.customer?.address],
      ])
    } else if (r.customer) {
      this.fields(b, [
        [c.recipient, r.customer.name],
        [c.customerPhone, r.customer.phone],
        [c.deliveryAddress, r.customer.address],
      ], 4)
    } else {
      // No recipient on file: dotted lines for the courier to write them in.
      for (const caption of [c.recipient, c.customerPhone, c.deliveryAddress]) {
        b.lines([this.dotted(`${caption}: `, this.spec.body)], FONT_REGULAR, this.spec.body, this.x0, this.width)
      }
    }
    return b.items.length > 0 ? b.build('content', this.gap * 0.5) : null
  }

  private dotted(prefix: string, size: number): string {
    let dots = ''
    while (this.measure(`${prefix}${dots}.`, FONT_REGULAR, size) <= this.width) dots += '.'
    return `${prefix}${dots}`
  }

  private nameOf(line: ReceiptLine): string {
    return line.variantLabel ? `${line.name} (${line.variantLabel})` : line.name
  }

  private detailOf(line: ReceiptLine): string | null {
    const parts = [line.sku && `${this.c.sku}: ${line.sku}`, line.lotCodes && line.lotCodes.length > 0 && `${this.c.lot}: ${line.lotCodes.join(', ')}`]
    const detail = parts.filter(Boolean).join(' · ')
    return detail === '' ? null : detail
  }

  /** A5: STT | Tên hàng | ĐVT | SL | Đơn giá | Thành tiền (the last two only on receipts). */
  private wideTable(r: ReceiptData): Block[] {
    const { spec, x0, width, c, measure } = this
    const priced = r.kind === 'receipt'
    const pad = 3
    const body = spec.body
    const headerFont = FONT_BOLD
    const numbers = r.lines.map((line, i) => ({
      no: String(i + 1),
      quantity: this.quantity(line.quantity),
      price: this.figure(line.unitPriceVnd),
      amount: this.figure(line.totalVnd),
    }))
    // (+1: a caption measured to the exact width of its cell must not wrap on a rounding error.)
    const widest = (header: string, values: readonly string[], size: number) =>
      Math.max(measure(header, headerFont, spec.small), ...values.map((v) => measure(v, FONT_REGULAR, size))) + 2 * pad + 1
    // The figures' size: the body size unless the columns would leave the name too little room.
    const minName = width * 0.36
    const unitWidth = Math.min(
      Math.max(measure(c.unit, headerFont, spec.small), ...r.lines.map((line) => measure(line.unit, FONT_REGULAR, body))) + 2 * pad + 1,
      width * 0.14,
    )
    let size = body
    const columnsAt = (s: number) => {
      const no = widest(c.no, numbers.map((n) => n.no), s)
      const quantity = widest(c.quantity, numbers.map((n) => n.quantity), s)
      const price = priced ? widest(c.unitPrice, numbers.map((n) => n.price), s) : 0
      const amount = priced ? widest(c.amount, numbers.map((n) => n.amount), s) : 0
      return { no, quantity, price, amount, name: width - no - unitWidth - quantity - price - amount }
    }
    let cols = columnsAt(size)
    while (cols.name < minName && size > spec.min) {
      size = Math.max(spec.min, size - 0.5)
      cols = columnsAt(size)
    }
    const xNo = x0
    const xName = xNo + cols.no
    const xUnit = xName + cols.name
    const xQuantity = xUnit + unitWidth
    const xPrice = xQuantity + cols.quantity
    const xAmount = xPrice + cols.price

    // Header: captions in the small bold size, wrapped in two lines if a column is narrow.
    const header = this.builder()
    header.rule(x0, width, 0.8)
    header.space(pad)
    const headerCells: [string, number, number, 'left' | 'center' | 'right'][] = [
      [c.no, xNo, cols.no, 'center'],
      [c.item, xName, cols.name, 'left'],
      [c.unit, xUnit, unitWidth, 'center'],
      [c.quantity, xQuantity, cols.quantity, 'right'],
    ]
    if (priced) headerCells.push([c.unitPrice, xPrice, cols.price, 'right'], [c.amount, xAmount, cols.amount, 'right'])
    let headerHeight = 0
    for (const [text, x, w, align] of headerCells) {
      const lines = fitLines(measure, text, headerFont, spec.small, w - 2 * pad, 2)
      lines.forEach((line, i) => header.aligned(line, headerFont, spec.small, x + pad, w - 2 * pad, align, header.y + i * spec.small * LINE_PITCH))
      headerHeight = Math.max(headerHeight, lines.length * spec.small * LINE_PITCH)
    }
    header.space(headerHeight + pad * 0.5)
    header.rule(x0, width, 0.5)
    const blocks: Block[] = [header.build('tableHeader', this.gap)]

    r.lines.forEach((line, i) => {
      const n = numbers[i]!
      const b = this.builder()
      b.space(pad)
      const top = b.y
      // Figures first, on the first line of the row; they shrink further if one is still too wide.
      const figure = (text: string, x: number, w: number, align: 'center' | 'right') => {
        const s = fitSize(measure, text, FONT_REGULAR, size, spec.min, w - 2 * pad)
        b.aligned(text, FONT_REGULAR, s, x + pad, w - 2 * pad, align, top)
      }
      figure(n.no, xNo, cols.no, 'center')
      figure(n.quantity, xQuantity, cols.quantity, 'right')
      if (priced) {
        figure(n.price, xPrice, cols.price, 'right')
        figure(n.amount, xAmount, cols.amount, 'right')
      }
      const unitLines = fitLines(measure, line.unit, FONT_REGULAR, body, unitWidth - 2 * pad, 2)
      unitLines.forEach((text, k) => b.aligned(text, FONT_REGULAR, body, xUnit + pad, unitWidth - 2 * pad, 'center', top + k * body * LINE_PITCH))
      // The name column sets the row's height.
      b.paragraph(this.nameOf(line), FONT_REGULAR, body, xName + pad, cols.name - 2 * pad, 3)
      const detail = this.detailOf(line)
      if (detail) b.paragraph(detail, FONT_REGULAR, spec.small, xName + pad, cols.name - 2 * pad, 3)
      if (priced && line.discountVnd > 0) {
        b.paragraph(`${c.discount}: ${MINUS}${this.vnd(line.discountVnd)}`, FONT_REGULAR, spec.small, xName + pad, cols.name - 2 * pad, 1)
      }
      b.y = Math.max(b.y, top + Math.max(unitLines.length * body, size) * LINE_PITCH)
      b.space(pad * 0.5)
      b.rule(x0, width, 0.3, false, true)
      blocks.push(b.build('row', 0))
    })
    return blocks
  }

  /**
   * Roll: each line of the order on two rows, the number and name (wrapped) across the whole
   * width, then quantity and unit, unit price and amount; delivery notes put the quantity on
   * the right of the name instead.
   */
  private stackedTable(r: ReceiptData): Block[] {
    const { spec, x0, width, c, measure } = this
    const priced = r.kind === 'receipt'
    const body = spec.body
    const columnGap = 6
    const noWidth = Math.max(measure(`${r.lines.length}.`, FONT_REGULAR, body), measure(c.no, FONT_BOLD, spec.small)) + 4
    const xName = x0 + noWidth
    const nameWidth = width - noWidth
    const rows = r.lines.map((line, i) => ({
      no: `${i + 1}.`,
      quantity: line.unit ? `${this.quantity(line.quantity)} ${line.unit}` : this.quantity(line.quantity),
      price: this.figure(line.unitPriceVnd),
      amount: this.figure(line.totalVnd),
    }))

    const header = this.builder()
    header.rule(x0, width, 0.6, true)
    header.space(3)
    const blocks: Block[] = []
    if (priced) {
      // Figures at the body size unless the quantity column would get under a third of the row.
      let size = body
      const columnsAt = (s: number) => {
        const amount = Math.max(measure(c.amount, FONT_BOLD, spec.small), ...rows.map((row) => measure(row.amount, FONT_REGULAR, s)))
        const price = Math.max(measure(c.unitPrice, FONT_BOLD, spec.small), ...rows.map((row) => measure(row.price, FONT_REGULAR, s)))
        return { amount, price, quantity: nameWidth - amount - price - 2 * columnGap }
      }
      let cols = columnsAt(size)
      while (cols.quantity < nameWidth / 3 && size > spec.min) {
        size = Math.max(spec.min, size - 0.5)
        cols = columnsAt(size)
      }
      const right = x0 + width
      const priceRight = right - cols.amount - columnGap
      header.text(c.no, FONT_BOLD, spec.small, x0)
      header.lines(fitLines(measure, c.item, FONT_BOLD, spec.small, nameWidth, 1), FONT_BOLD, spec.small, xName, nameWidth)
      const headerRow = header.y
      header.text(truncate(measure, c.quantity, FONT_BOLD, spec.small, cols.quantity), FONT_BOLD, spec.small, xName, headerRow)
      header.aligned(c.unitPrice, FONT_BOLD, spec.small, priceRight - cols.price, cols.price, 'right', headerRow)
      header.aligned(c.amount, FONT_BOLD, spec.small, right - cols.amount, cols.amount, 'right', headerRow)
      header.space(spec.small * LINE_PITCH + 1.5)
      header.rule(x0, width, 0.4)
      blocks.push(header.build('tableHeader', this.gap))

      r.lines.forEach((line, i) => {
        const row = rows[i]!
        const b = this.builder()
        b.space(2)
        b.text(row.no, FONT_REGULAR, body, x0)
        b.paragraph(this.nameOf(line), FONT_REGULAR, body, xName, nameWidth, 3)
        const detail = this.detailOf(line)
        if (detail) b.paragraph(detail, FONT_REGULAR, spec.small, xName, nameWidth, 3)
        const figures = b.y
        const quantitySize = fitSize(measure, row.quantity, FONT_REGULAR, size, spec.min, cols.quantity)
        b.text(truncate(measure, row.quantity, FONT_REGULAR, quantitySize, cols.quantity), FONT_REGULAR, quantitySize, xName, figures)
        b.aligned(row.price, FONT_REGULAR, size, priceRight - cols.price, cols.price, 'right', figures)
        b.aligned(row.amount, FONT_REGULAR, size, right - cols.amount, cols.amount, 'right', figures)
        b.space(size * LINE_PITCH)
        if (line.discountVnd > 0) {
          const discount = `${MINUS}${this.figure(line.discountVnd)}`
          const discountSize = fitSize(measure, discount, FONT_REGULAR, spec.small, spec.min, nameWidth / 2)
          b.text(c.discount, FONT_REGULAR, spec.small, xName)
          b.aligned(discount, FONT_REGULAR, discountSize, right - nameWidth / 2, nameWidth / 2, 'right')
          b.space(spec.small * LINE_PITCH)
        }
        blocks.push(b.build('row', 0))
      })
      return blocks
    }

    // Delivery note: name on the left, quantity on the right.
    const quantityWidth = Math.min(
      Math.max(measure(c.quantity, FONT_BOLD, spec.small), ...rows.map((row) => measure(row.quantity, FONT_REGULAR, body))),
      nameWidth * 0.4,
    )
    const textWidth = nameWidth - quantityWidth - columnGap
    const right = x0 + width
    header.text(c.no, FONT_BOLD, spec.small, x0)
    header.text(truncate(measure, c.item, FONT_BOLD, spec.small, textWidth), FONT_BOLD, spec.small, xName)
    header.aligned(c.quantity, FONT_BOLD, spec.small, right - quantityWidth, quantityWidth, 'right')
    header.space(spec.small * LINE_PITCH + 1.5)
    header.rule(x0, width, 0.4)
    blocks.push(header.build('tableHeader', this.gap))
    r.lines.forEach((line, i) => {
      const row = rows[i]!
      const b = this.builder()
      b.space(2)
      const top = b.y
      b.text(row.no, FONT_REGULAR, body, x0)
      const quantityLines = fitLines(measure, row.quantity, FONT_REGULAR, body, quantityWidth, 2)
      quantityLines.forEach((text, k) => b.aligned(text, FONT_REGULAR, body, right - quantityWidth, quantityWidth, 'right', top + k * body * LINE_PITCH))
      b.paragraph(this.nameOf(line), FONT_REGULAR, body, xName, textWidth, 3)
      const detail = this.detailOf(line)
      if (detail) b.paragraph(detail, FONT_REGULAR, spec.small, xName, textWidth, 3)
      b.y = Math.max(b.y, top + quantityLines.length * body * LINE_PITCH)
      blocks.push(b.build('row', 0))
    })
    return blocks
  }

  /** Totals, the payment and the amount in words: kept together on one page. */
  private totalsBlock(r: ReceiptData, qrPayload: string | null): Block {
    const { spec, x0, width, c } = this
    const b = this.builder()
    if (spec.table === 'stacked') b.rule(x0, width, 0.6, true)
    b.space(this.gap * 0.6)
    const top = b.y
    // On A5 the figures sit in the right half, under the table's amount column.
    const labelX = spec.table === 'wide' ? x0 + width * 0.4 : x0
    const rowWidth = x0 + width - labelX
    const row = (label: string, value: string, strong = false) => {
      const size = strong ? spec.total : spec.body
      const font = strong ? FONT_BOLD : FONT_REGULAR
      const labelWidth = Math.min(this.measure(label, font, size), rowWidth * 0.55)
      const valueWidth = rowWidth - labelWidth - 6
      const valueSize = fitSize(this.measure, value, font, size, spec.min, valueWidth)
      b.text(truncate(this.measure, label, font, size, labelWidth), font, size, labelX)
      b.aligned(truncate(this.measure, value, font, valueSize, valueWidth), font, valueSize, labelX + rowWidth - valueWidth, valueWidth, 'right')
      b.space(size * LINE_PITCH)
    }
    let inWords: number
    if (r.kind === 'receipt') {
      row(c.subtotal, this.vnd(r.subtotalVnd))
      if (r.orderDiscountVnd > 0) row(c.discount, `${MINUS}${this.vnd(r.orderDiscountVnd)}`)
      if (r.shippingFeeVnd > 0) row(c.shipping, this.vnd(r.shippingFeeVnd))
      b.space(1)
      row(c.total, this.vnd(r.totalVnd), true)
      if (r.paymentMethodLabel) row(c.payment, r.paymentMethodLabel)
      if (r.paidVnd != null) row(c.paid, this.vnd(r.paidVnd))
      if (r.changeVnd != null) row(c.change, this.vnd(r.changeVnd))
      inWords = r.totalVnd
    } else {
      const collect = r.paidVnd == null ? r.totalVnd : Math.max(0, r.totalVnd - r.paidVnd)
      if (r.shippingFeeVnd > 0) row(c.shipping, this.vnd(r.shippingFeeVnd))
      row(c.orderTotal, this.vnd(r.totalVnd))
      if (r.paidVnd != null && r.paidVnd > 0) row(c.prepaid, this.vnd(Math.min(r.paidVnd, r.totalVnd)))
      if (r.paymentMethodLabel) row(c.payment, r.paymentMethodLabel)
      b.space(1)
      row(c.cod, this.vnd(collect), true)
      inWords = collect
    }
    if (qrPayload) {
      const side = Math.min(spec.qrSide, width * 0.4 - this.gap)
      b.items.push({ kind: 'qr', qr: createQr(qrPayload, { errorCorrectionLevel: 'M' }), x: x0, y: top, side })
      b.y = Math.max(b.y, top + side)
    }
    b.space(this.gap * 0.4)
    b.paragraph(`${c.inWords}: ${amountInWordsVi(inWords)}.`, FONT_REGULAR, spec.body, x0, width, 4)
    return b.build('content', 0)
  }

  private notesBlock(notes: string): Block {
    const b = this.builder()
    b.paragraph(`${this.c.notes}: ${notes}`, FONT_REGULAR, this.spec.body, this.x0, this.width, 10)
    return b.build('content', this.gap * 0.6)
  }

  private signatureBlock(r: ReceiptData): Block {
    const { spec, x0, width, c } = this
    const b = this.builder()
    const [left, right] = r.kind === 'receipt' ? [c.buyer, c.seller] : [c.courier, c.receiver]
    const half = width / 2
    const top = b.y
    let bottom = top
    for (const [caption, x] of [
      [left, x0],
      [right, x0 + half],
    ] as const) {
      b.y = top
      b.paragraph(caption, FONT_BOLD, spec.body, x, half, 2, 'center')
      b.paragraph(c.signHint, FONT_REGULAR, spec.small, x, half, 2, 'center')
      bottom = Math.max(bottom, b.y)
    }
    b.y = bottom + spec.signatureSpace
    return b.build('content', this.gap * 1.2)
  }

  private qrBlock(payload: string): Block {
    const { spec, x0, width } = this
    const b = this.builder()
    const qr = createQr(payload, { errorCorrectionLevel: 'M' })
    const side = Math.min(spec.qrSide, width)
    b.items.push({ kind: 'qr', qr, x: x0 + (width - side) / 2, y: 0, side })
    b.space(side)
    return b.build('content', this.gap * 0.5)
  }
}

// ---------------------------------------------------------------------------------------------
// Text fitting


/** The text wrapped in at most `maxLines`, the last kept line cut with "…" when some are left over. */
function fitLines(measure: Measure, text: string, font: PdfFontName, size: number, width: number, maxLines: number): string[] {
  const lines = wrap(measure, text, font, size, width)
  if (lines.length <= maxLines) return lines
  const kept = lines.slice(0, maxLines)
  kept[maxLines - 1] = truncate(measure, `${kept[maxLines - 1]!} ${lines[maxLines]!}`, font, size, width, true)
  return kept
}



// ---------------------------------------------------------------------------------------------
// Pagination and drawing

interface Page {
  height: number
  placed: { block: Block; y: number }[]
}

/**
 * Places the blocks top to bottom, starting a new page when the next one does not fit: a table
 * header is kept with the first row under it, and a page that begins inside the table begins with
 * the header. A roll page ends where its content ends.
 */
function paginate(blocks: readonly Block[], spec: FormatSpec): Page[] {
  const maxHeight = spec.pageHeight ?? MAX_PAGE_HEIGHT
  const bottom = maxHeight - spec.marginBottom
  const pages: Page[] = []
  let page: Page = { height: maxHeight, placed: [] }
  let y = spec.marginTop
  let tableHeader: Block | null = null
  const finish = () => {
    page.height = spec.pageHeight ?? Math.min(MAX_PAGE_HEIGHT, y + spec.marginBottom)
    pages.push(page)
  }
  blocks.forEach((block, i) => {
    if (block.role === 'tableHeader') tableHeader = block
    else if (block.role === 'content') tableHeader = null
    const keepWith = block.role === 'tableHeader' ? (blocks[i + 1]?.height ?? 0) : 0
    let gap = page.placed.length === 0 ? 0 : block.gapBefore
    if (page.placed.length > 0 && y + gap + block.height + keepWith > bottom) {
      finish()
      page = { height: maxHeight, placed: [] }
      y = spec.marginTop
      gap = 0
      if (block.role === 'row' && tableHeader) {
        page.placed.push({ block: tableHeader, y })
        y += tableHeader.height
      }
    }
    page.placed.push({ block, y: y + gap })
    y += gap + block.height
  })
  finish()
  return pages
}

function drawItem(doc: PDFKit.PDFDocument, item: Item, top: number): void {
  switch (item.kind) {
    case 'text':
      // lineBreak: false: every line has been measured to fit; it also keeps pdfkit from adding pages.
      doc.font(item.font).fontSize(item.size).fillColor('black').text(item.text, item.x, top + item.y, { lineBreak: false })
      break
    case 'rule':
      doc.save()
      doc.moveTo(item.x, top + item.y).lineTo(item.x + item.width, top + item.y).lineWidth(item.weight)
      if (item.dashed) doc.dash(2, { space: 1.5 })
      doc.stroke(item.gray ? '#8a8a8a' : 'black')
      doc.restore()
      break
    case 'qr':
      drawQr(doc, item.qr, item.x, top + item.y, item.side)
      break
  }
}

/** The full quiet zone the QR standard asks for, inside the square. */
const QUIET_MODULES = 4

/** One filled path of rectangles, one per run of dark modules: no hairline seams when rasterised. */
function drawQr(doc: PDFKit.PDFDocument, qr: QRCode, x: number, y: number, side: number): void {
  const module = side / (qr.modules.size + 2 * QUIET_MODULES)
  const originX = x + QUIET_MODULES * module
  const originY = y + QUIET_MODULES * module
  for (const run of qrDarkRuns(qr)) doc.rect(originX + run.col * module, originY + run.row * module, run.length * module, module)
  doc.fill('black')
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
}
