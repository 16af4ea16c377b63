/**
 * Label sheets as PDF: price and traceability stickers for harvest lots, printed on A4 sticker
 * sheets or a 50 × 30 mm thermal roll.
 *
 * Everything is vector: text in Be Vietnam Pro (a Vietnamese-designed font with every precomposed
 * Vietnamese letter; pdfkit embeds only the glyphs used), QR codes as filled rectangles, OCOP stars
 * as polygons (the font has no ★ glyph). Vector output stays sharp at any printer resolution and
 * keeps the text extractable and searchable.
 *
 * Nothing may leave its sticker: every string is measured with the embedded font, the product
 * name is wrapped and shrunk down to a minimum size and then cut with "…", the whole text block
 * shrinks when it is too tall, and each label is drawn inside a clipping rectangle as a last guard.
 */
import PDFDocument from 'pdfkit'
import { create as createQr, type QRCode } from 'qrcode'
import { AppError } from '@shared/contract/errors'
import { formatDateVi, isIsoDate } from '@shared/domain/calendar'
import { formatVnd } from '@shared/domain/money'
import { FONT_BOLD, FONT_REGULAR, loadFonts } from '../pdf/fonts'
import { qrDarkRuns } from '../traceability/qr-runs'
import { fitSize, measurer, truncate, wrap, type Measure } from '../pdf/text-fit'

/** PDF points per millimetre (72 pt to the inch). */
const PT_PER_MM = 72 / 25.4
const mm = (value: number): number => value * PT_PER_MM

export interface LabelLayout {
  readonly id: string
  readonly name: { readonly vi: string; readonly en: string }
  readonly pageWidthMm: number
  readonly pageHeightMm: number
  readonly columns: number
  readonly rows: number
  readonly labelWidthMm: number
  readonly labelHeightMm: number
  /** From the page's top-left corner to the first sticker. */
  readonly marginTopMm: number
  readonly marginLeftMm: number
  /** Space between stickers (die-cut sheets often have none vertically). */
  readonly gapXMm: number
  readonly gapYMm: number
  /** Blank border kept inside each sticker: cutting tolerance and the printer's unprintable edge. */
  readonly paddingMm: number
  /** Side of the QR code's square, its quiet zone included. */
  readonly qrSizeMm: number
  /** Body text size at full scale (pt); the name and price are drawn larger. */
  readonly bodyPt: number
  readonly namePt: number
  /** Nothing is drawn smaller than this, whatever has to fit. */
  readonly minPt: number
  /** Lines the product name may wrap to. */
  readonly nameMaxLines: number
}

/**
 * The sheets we print on. Slots are numbered 1… left to right, then top to bottom, as label
 * software (and the sheet makers' own templates) number them.
 *
 * - a4_2x5: 10 stickers of 99.1 × 57 mm (the common "L7173"-type sheet), 2.5 mm column gap.
 * - a4_3x8: 24 stickers of 70 × 37 mm, edge to edge (3 × 70 = 210 mm; 8 × 37 = 296 mm).
 * - thermal_50x30: one 50 × 30 mm label per page, as thermal label printers expect.
 */
export const LABEL_LAYOUTS = {
  a4_2x5: {
    id: 'a4_2x5',
    name: { vi: 'Giấy A4, 10 nhãn (2 × 5), 99,1 × 57 mm', en: 'A4 sheet, 10 labels (2 × 5), 99.1 × 57 mm' },
    pageWidthMm: 210,
    pageHeightMm: 297,
    columns: 2,
    rows: 5,
    labelWidthMm: 99.1,
    labelHeightMm: 57,
    marginTopMm: 6,
    marginLeftMm: 4.65,
    gapXMm: 2.5,
    gapYMm: 0,
    paddingMm: 4,
    qrSizeMm: 28,
    bodyPt: 9,
    namePt: 13,
    minPt: 6,
    nameMaxLines: 3,
  },
  a4_3x8: {
    id: 'a4_3x8',
    name: { vi: 'Giấy A4, 24 nhãn (3 × 8), 70 × 37 mm', en: 'A4 sheet, 24 labels (3 × 8), 70 × 37 mm' },
    pageWidthMm: 210,
    pageHeightMm: 297,
    columns: 3,
    rows: 8,
    labelWidthMm: 70,
    labelHeightMm: 37,
    marginTopMm: 0.5,
    marginLeftMm: 0,
    gapXMm: 0,
    gapYMm: 0,
    paddingMm: 3.5,
    qrSizeMm: 20,
    bodyPt: 7,
    namePt: 9.5,
    minPt: 5,
    nameMaxLines: 2,
  },
  thermal_50x30: {
    id: 'thermal_50x30',
    name: { vi: 'Máy in nhiệt, nhãn 50 × 30 mm', en: 'Thermal printer, 50 × 30 mm label' },
    pageWidthMm: 50,
    pageHeightMm: 30,
    columns: 1,
    rows: 1,
    labelWidthMm: 50,
    labelHeightMm: 30,
    marginTopMm: 0,
    marginLeftMm: 0,
    gapXMm: 0,
    gapYMm: 0,
    paddingMm: 1.5,
    // With the 2-module quiet zone inside, the symbol itself is 15–16 mm: phones read it at arm's length.
    qrSizeMm: 18,
    bodyPt: 6,
    namePt: 7.5,
    minPt: 4.5,
    nameMaxLines: 2,
  },
} as const satisfies Record<string, LabelLayout>

export type LabelLayoutId = keyof typeof LABEL_LAYOUTS

export function isLabelLayoutId(value: unknown): value is LabelLayoutId {
  return typeof value === 'string' && Object.hasOwn(LABEL_LAYOUTS, value)
}

export interface LabelData {
  productName: string
  variantLabel?: string | null
  /** As it should read, e.g. '500 g', '1 chai 500 ml'. */
  netQuantity: string
  /** Null prints no price (e.g. labels for a wholesale buyer). */
  priceVnd: number | null
  lotCode: string
  traceCode: string
  /** 'YYYY-MM-DD'. */
  harvestDate?: string | null
  /** Whether `harvestDate` is a harvest date (default) or a production date (NSX). */
  dateKind?: 'harvest' | 'production'
  /** 'YYYY-MM-DD'. */
  expiryDate?: string | null
  /** Null when the product has no OCOP certificate in force; the caller decides (effectiveOcopStars). */
  ocopStars: 3 | 4 | 5 | null
  sellerName: string
  /** Mã số vùng trồng. */
  growingAreaCode?: string | null
  /** What the QR code encodes (see traceQrPayload). */
  qrPayload: string
  /** How many identical stickers to print; default 1. */
  copies?: number
}

export interface RenderLabelsOptions {
  /** 1-based slot where printing starts on the first sheet, to use up a partly used sheet. */
  startPosition?: number
  /** The PDF's title (document properties). */
  title?: string
  /** Captions and price format; Vietnamese by default. */
  locale?: 'vi' | 'en'
  /** Stored as the PDF's creation date; fixed in tests so the output is byte-for-byte stable. */
  creationDate?: Date
}

/** Stickers in one request, copies included: about 84 A4 sheets of 24, already a big print run. */
export const MAX_LABELS = 2000
const MAX_QR_PAYLOAD = 500

/** Position and size of a slot (0-based, within its page) in millimetres from the page's top-left corner. */
export function labelSlotRectMm(layoutId: LabelLayoutId, slot: number): { x: number; y: number; width: number; height: number } {
  const layout: LabelLayout = LABEL_LAYOUTS[layoutId]
  const column = slot % layout.columns
  const row = Math.floor(slot / layout.columns) % layout.rows
  return {
    x: layout.marginLeftMm + column * (layout.labelWidthMm + layout.gapXMm),
    y: layout.marginTopMm + row * (layout.labelHeightMm + layout.gapYMm),
    width: layout.labelWidthMm,
    height: layout.labelHeightMm,
  }
}

/** How many pages `labelCount` stickers take when printing starts at `startPosition`. */
export function labelPageCount(layoutId: LabelLayoutId, labelCount: number, startPosition = 1): number {
  const layout: LabelLayout = LABEL_LAYOUTS[layoutId]
  return labelCount === 0 ? 0 : Math.ceil((startPosition - 1 + labelCount) / (layout.columns * layout.rows))
}

/** Renders the stickers, in order, each repeated `copies` times. */
export async function renderLabelsPdf(labels: readonly LabelData[], layoutId: LabelLayoutId, options: RenderLabelsOptions = {}): Promise<Buffer> {
  if (!isLabelLayoutId(layoutId)) invalid(`Unknown label layout ${String(layoutId)}`, { reason: 'labels.unknown_layout' })
  const layout: LabelLayout = LABEL_LAYOUTS[layoutId]
  const locale = options.locale ?? 'vi'
  const stickers = validate(labels, layout, options.startPosition ?? 1)
  const startSlot = (options.startPosition ?? 1) - 1
  const perPage = layout.columns * layout.rows
  const captions = CAPTIONS[locale]

  const fonts = await loadFonts()
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    lang: locale === 'vi' ? 'vi-VN' : 'en',
    info: {
      Title: options.title ?? captions.title,
      Creator: 'OCOP Storefront',
      CreationDate: options.creationDate ?? new Date(),
    },
  })
  doc.registerFont(REGULAR, fonts.regular)
  doc.registerFont(BOLD, fonts.bold)
  const done = collect(doc)

  const qrCache = new Map<string, QRCode>()
  stickers.forEach((label, i) => {
    const slot = (startSlot + i) % perPage
    if (i === 0 || slot === 0) doc.addPage({ size: [mm(layout.pageWidthMm), mm(layout.pageHeightMm)], margin: 0 })
    const rect = labelSlotRectMm(layoutId, slot)
    let qr = qrCache.get(label.qrPayload)
    if (!qr) {
      qr = createQr(label.qrPayload, { errorCorrectionLevel: 'M' })
      qrCache.set(label.qrPayload, qr)
    }
    drawLabel(doc, label, qr, layout, { x: mm(rect.x), y: mm(rect.y), width: mm(rect.width), height: mm(rect.height) }, locale)
  })
  doc.end()
  return done
}

// ---------------------------------------------------------------------------------------------
// Validation

function invalid(message: string, details: Record<string, unknown>): never {
  throw new AppError('VALIDATION', message, details)
}

/** Checks the input and returns one entry per sticker (copies expanded), with NFC text. */
function validate(labels: readonly LabelData[], layout: LabelLayout, startPosition: number): LabelData[] {
  if (!Array.isArray(labels) || labels.length === 0) invalid('There are no labels to print', { reason: 'labels.empty' })
  const perPage = layout.columns * layout.rows
  if (!Number.isInteger(startPosition) || startPosition < 1 || startPosition > perPage) {
    invalid(`The start position must be between 1 and ${perPage}`, { reason: 'labels.invalid_start_position', max: perPage })
  }
  let total = 0
  labels.forEach((label, index) => {
    const copies = label.copies ?? 1
    if (!Number.isInteger(copies) || copies < 1) invalid(`Label ${index + 1}: copies must be a whole number ≥ 1`, { reason: 'labels.invalid_copies', index })
    total += copies
  })
  if (total > MAX_LABELS) invalid(`At most ${MAX_LABELS} labels can be printed at once (asked for ${total})`, { reason: 'labels.too_many', max: MAX_LABELS, count: total })

  const stickers: LabelData[] = []
  labels.forEach((label, index) => {
    for (const field of ['productName', 'lotCode', 'traceCode', 'qrPayload'] as const) {
      if (typeof label[field] !== 'string' || label[field].trim() === '') {
        invalid(`Label ${index + 1}: ${field} is empty`, { reason: 'labels.missing_field', index, field })
      }
    }
    if (label.qrPayload.length > MAX_QR_PAYLOAD) {
      invalid(`Label ${index + 1}: the QR content is longer than ${MAX_QR_PAYLOAD} characters`, { reason: 'labels.qr_payload_too_long', index, max: MAX_QR_PAYLOAD })
    }
    for (const field of ['harvestDate', 'expiryDate'] as const) {
      const value = label[field]
      if (value != null && !isIsoDate(value)) invalid(`Label ${index + 1}: ${field} is not a YYYY-MM-DD date`, { reason: 'labels.invalid_date', index, field })
    }
    if (label.ocopStars !== null && ![3, 4, 5].includes(label.ocopStars)) {
      invalid(`Label ${index + 1}: OCOP stars must be 3, 4, 5 or null`, { reason: 'labels.invalid_stars', index })
    }
    if (label.priceVnd !== null && !(Number.isSafeInteger(label.priceVnd) && label.priceVnd >= 0)) {
      invalid(`Label ${index + 1}: the price must be a whole number of đồng`, { reason: 'labels.invalid_price', index })
    }
    // Precomposed (NFC) letters map one-to-one to the font's Vietnamese glyphs; decomposed input
    // would need mark positioning and would extract as decomposed text.
    const nfc = (text: string | null | undefined) => (text == null ? text : text.normalize('NFC').trim())
    const clean: LabelData = {
      ...label,
      productName: nfc(label.productName)!,
      variantLabel: nfc(label.variantLabel),
      netQuantity: nfc(label.netQuantity) ?? '',
      lotCode: nfc(label.lotCode)!,
      traceCode: nfc(label.traceCode)!,
      sellerName: nfc(label.sellerName) ?? '',
      growingAreaCode: nfc(label.growingAreaCode),
    }
    for (let copy = 0; copy < (label.copies ?? 1); copy++) stickers.push(clean)
  })
  return stickers
}

// ---------------------------------------------------------------------------------------------
// Fonts and captions

const REGULAR = FONT_REGULAR
const BOLD = FONT_BOLD
type FontName = typeof REGULAR | typeof BOLD

interface Captions {
  title: string
  lot: string
  harvest: readonly [long: string, short: string]
  production: readonly [long: string, short: string]
  expiry: readonly [long: string, short: string]
  area: readonly [long: string, short: string]
  ocop: (stars: number) => string
}

/**
 * NSX (ngày sản xuất) and HSD (hạn sử dụng) are the abbreviations Vietnamese packaging uses;
 * the long forms are used when the sticker is wide enough. MSVT is mã số vùng trồng.
 */
const CAPTIONS: Readonly<Record<'vi' | 'en', Captions>> = {
  vi: {
    title: 'Nhãn truy xuất nguồn gốc',
    lot: 'Lô',
    harvest: ['Ngày thu hoạch', 'Thu hoạch'],
    production: ['Ngày sản xuất', 'NSX'],
    expiry: ['Hạn sử dụng', 'HSD'],
    area: ['Mã số vùng trồng', 'MSVT'],
    ocop: (stars) => `OCOP ${stars} sao`,
  },
  en: {
    title: 'Traceability labels',
    lot: 'Lot',
    harvest: ['Harvested', 'Harv.'],
    production: ['Produced', 'Prod.'],
    expiry: ['Best before', 'Exp.'],
    area: ['Growing area', 'Area'],
    ocop: (stars) => `OCOP ${stars}-star`,
  },
}

// ---------------------------------------------------------------------------------------------
// Drawing one label

interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** A planned line of text. `stars` marks the OCOP line, drawn with star shapes after the text. */
interface Line {
  text: string
  font: FontName
  size: number
  stars?: number
}

/**
 * Line pitch as a multiple of the font size. Be Vietnam Pro's ascender is 1.0 em and its
 * descender 0.265 em, but no glyph goes below −0.21 em, so 1.22 keeps descenders clear of the
 * (tallest, 0.96 em) accents on the next line.
 */
const LINE_PITCH = 1.22

function drawLabel(doc: PDFKit.PDFDocument, label: LabelData, qr: QRCode, layout: LabelLayout, cell: Box, locale: 'vi' | 'en'): void {
  const pad = mm(layout.paddingMm)
  const inner: Box = { x: cell.x + pad, y: cell.y + pad, width: cell.width - 2 * pad, height: cell.height - 2 * pad }
  const measure = measurer(doc)

  doc.save()
  // Last guard: whatever happens, ink stays on this sticker.
  doc.rect(cell.x, cell.y, cell.width, cell.height).clip()

  // QR code, top right, with the trace code under it so a person can type it in.
  const qrSide = mm(layout.qrSizeMm)
  const moduleCount = qr.modules.size + 2 * QUIET_MODULES
  const moduleSize = qrSide / moduleCount
  const qrBox: Box = { x: inner.x + inner.width - qrSide, y: inner.y, width: qrSide, height: qrSide }
  drawQr(doc, qr, qrBox)
  const codeSize = fitSize(measure, label.traceCode, BOLD, layout.bodyPt, layout.minPt, qrSide)
  const codeText = truncate(measure, label.traceCode, BOLD, codeSize, qrSide)
  const codeWidth = measure(codeText, BOLD, codeSize)
  drawText(doc, { text: codeText, font: BOLD, size: codeSize }, qrBox.x + (qrSide - codeWidth) / 2, qrBox.y + qrSide + moduleSize * 0.5)

  // Text column, left of the QR code. The gap keeps at least two more modules of white beside
  // the symbol (four in all, the quiet zone the QR standard asks for).
  const gap = Math.max(mm(1), 2 * moduleSize)
  const column: Box = { x: inner.x, y: inner.y, width: qrBox.x - gap - inner.x, height: inner.height }
  const lines = planTextColumn(measure, label, layout, column, CAPTIONS[locale], locale)
  let y = column.y
  for (const line of lines) {
    drawText(doc, line, column.x, y)
    if (line.stars) drawStars(doc, line.stars, column.x + measure(line.text, line.font, line.size) + line.size * 0.35, y, line.size)
    y += line.size * LINE_PITCH
  }
  doc.restore()
}

function drawText(doc: PDFKit.PDFDocument, line: Line, x: number, y: number): void {
  // lineBreak: false keeps pdfkit from wrapping, and from adding a page when text nears the
  // bottom of the page; every line has already been measured to fit.
  doc.font(line.font).fontSize(line.size).fillColor('black').text(line.text, x, y, { lineBreak: false })
}


/**
 * Plans the text column: shrinks everything step by step until it fits the column's height,
 * then, at the minimum size, drops the least important lines rather than let them overflow.
 */
function planTextColumn(measure: Measure, label: LabelData, layout: LabelLayout, column: Box, captions: Captions, locale: 'vi' | 'en'): Line[] {
  const minScale = layout.minPt / layout.bodyPt
  const height = (lines: readonly Line[]) => lines.reduce((sum, line) => sum + line.size * LINE_PITCH, 0)
  // 100 %, 95 %, … down to the minimum itself, which is seldom a multiple of the step.
  const scales = [...Array.from({ length: Math.ceil((1 - minScale) / 0.05) }, (_, i) => 1 - i * 0.05), minScale]
  for (const scale of scales) {
    const lines = planLines(measure, label, layout, column.width, captions, locale, scale, layout.nameMaxLines).flatMap((row) => row.lines)
    if (height(lines) <= column.height) return lines
  }
  // Still too tall at the smallest size (the layouts leave room, so this is a guard): one line of
  // name, then drop rows, least important first.
  let rows = planLines(measure, label, layout, column.width, captions, locale, minScale, 1)
  for (const kind of DROP_ORDER) {
    if (height(rows.flatMap((row) => row.lines)) <= column.height) break
    rows = rows.filter((row) => row.kind !== kind)
  }
  const lines = rows.flatMap((row) => row.lines)
  while (lines.length > 1 && height(lines) > column.height) lines.pop()
  return lines
}

type RowKind = 'name' | 'detail' | 'price' | 'lot' | 'dates' | 'area' | 'seller' | 'ocop'
const DROP_ORDER: readonly RowKind[] = ['seller', 'area', 'detail', 'ocop', 'dates']

interface Row {
  kind: RowKind
  lines: Line[]
}

function planLines(measure: Measure, label: LabelData, layout: LabelLayout, width: number, captions: Captions, locale: 'vi' | 'en', scale: number, nameMaxLines: number): Row[] {
  const body = layout.bodyPt * scale
  const rows: Row[] = []
  // The name has its own, larger size; it shrinks towards the body size before it is cut.
  const nameSize = layout.namePt * scale
  rows.push({ kind: 'name', lines: fitParagraph(measure, label.productName, BOLD, nameSize, Math.max(layout.minPt, body), width, nameMaxLines) })

  const detail = [label.variantLabel, label.netQuantity].filter((part): part is string => !!part && part !== '')
  const uniqueDetail = detail.length === 2 && detail[0] === detail[1] ? [detail[0]!] : detail
  if (uniqueDetail.length > 0) rows.push({ kind: 'detail', lines: choose(measure, [[uniqueDetail.join(' · ')]], REGULAR, body, width) })

  if (label.priceVnd !== null) {
    // A no-break space before ₫ so the symbol never sits alone (formatVnd writes a plain space).
    const price = formatVnd(label.priceVnd, locale).replace(/ ₫$/, '\u00a0₫')
    rows.push({ kind: 'price', lines: choose(measure, [[price]], BOLD, body * 1.3, width) })
  }

  rows.push({ kind: 'lot', lines: fitCode(measure, `${captions.lot}: ${label.lotCode}`, body, Math.min(body, layout.minPt), width) })

  const dated: (readonly [captions: readonly [string, string], date: string])[] = []
  if (label.harvestDate) dated.push([label.dateKind === 'production' ? captions.production : captions.harvest, formatDateVi(label.harvestDate)])
  if (label.expiryDate) dated.push([captions.expiry, formatDateVi(label.expiryDate)])
  if (dated.length > 0) {
    const long = dated.map(([caption, date]) => `${caption[0]}: ${date}`)
    const short = dated.map(([caption, date]) => `${caption[1]}: ${date}`)
    // Long captions read best, on one line or two; abbreviations only when the sticker is narrow.
    const alternatives = dated.length === 2 ? [[long.join(' · ')], long, [short.join(' · ')], short] : [long, short]
    rows.push({ kind: 'dates', lines: choose(measure, alternatives, REGULAR, body, width) })
  }

  if (label.growingAreaCode) {
    const code = label.growingAreaCode
    rows.push({ kind: 'area', lines: choose(measure, [[`${captions.area[0]}: ${code}`], [`${captions.area[1]}: ${code}`]], REGULAR, body, width) })
  }
  if (label.sellerName) rows.push({ kind: 'seller', lines: choose(measure, [[label.sellerName]], REGULAR, body, width) })

  if (label.ocopStars !== null) {
    const text = captions.ocop(label.ocopStars)
    const withStars = measure(text, BOLD, body) + body * 0.35 + label.ocopStars * body * STAR_PITCH <= width
    const [line] = choose(measure, [[text]], BOLD, body, width)
    rows.push({ kind: 'ocop', lines: [{ ...line!, ...(withStars && { stars: label.ocopStars }) }] })
  }
  return rows
}

/** The first alternative whose lines all fit the width; failing that, the last one, each line cut with "…". */
function choose(measure: Measure, alternatives: readonly (readonly string[])[], font: FontName, size: number, width: number): Line[] {
  const fits = alternatives.find((lines) => lines.every((text) => measure(text, font, size) <= width))
  const lines = fits ?? alternatives[alternatives.length - 1]!
  return lines.map((text) => ({ text: truncate(measure, text, font, size, width), font, size }))
}

/**
 * An identifier (the lot code) is never cut: it shrinks to the minimum size, then wraps onto more
 * lines, breaking inside the code if it must. A label with half a lot code traces nothing.
 */
function fitCode(measure: Measure, text: string, size: number, minSize: number, width: number): Line[] {
  const fitted = fitSize(measure, text, REGULAR, size, minSize, width)
  if (measure(text, REGULAR, fitted) <= width) return [{ text, font: REGULAR, size: fitted }]
  return wrap(measure, text, REGULAR, minSize, width).map((line) => ({ text: line, font: REGULAR, size: minSize }))
}

/** Wraps a paragraph in at most `maxLines`, shrinking from `size` to `minSize` first, then cutting the last line. */
function fitParagraph(measure: Measure, text: string, font: FontName, size: number, minSize: number, width: number, maxLines: number): Line[] {
  for (let s = size; s >= minSize - 1e-9; s -= 0.5) {
    const lines = wrap(measure, text, font, s, width)
    if (lines.length <= maxLines) return lines.map((line) => ({ text: line, font, size: s }))
  }
  const lines = wrap(measure, text, font, minSize, width)
  const kept = lines.slice(0, maxLines)
  // The cut line ends with "…" to show the name goes on.
  const last = `${kept[kept.length - 1]!} ${lines.slice(maxLines).join(' ')}`
  kept[kept.length - 1] = truncate(measure, last, font, minSize, width, true)
  return kept.map((line) => ({ text: line, font, size: minSize }))
}




// ---------------------------------------------------------------------------------------------
// QR code and stars

/**
 * Quiet zone drawn inside the QR square, in modules. The standard asks for four; the other two
 * come from the sticker's padding on the outer sides and from the gap on the text side.
 */
const QUIET_MODULES = 2

/**
 * Draws the symbol as filled rectangles, one per horizontal run of dark modules, all in one path
 * filled at once: a single fill leaves no hairline seams between modules when rasterised.
 */
function drawQr(doc: PDFKit.PDFDocument, qr: QRCode, box: Box): void {
  const size = qr.modules.size
  const module = box.width / (size + 2 * QUIET_MODULES)
  const originX = box.x + QUIET_MODULES * module
  const originY = box.y + QUIET_MODULES * module
  for (const run of qrDarkRuns(qr)) doc.rect(originX + run.col * module, originY + run.row * module, run.length * module, module)
  doc.fill('black')
}

/** Horizontal distance between stars, in font sizes. */
const STAR_PITCH = 0.95

/** Five-pointed stars in a row, sized to sit on a line of text of `size` whose top is `top`. */
function drawStars(doc: PDFKit.PDFDocument, count: number, left: number, top: number, size: number): void {
  const outer = size * 0.42
  const inner = outer * 0.382 // the inner radius of a regular star polygon {5/2}
  const centerY = top + size * 0.62 // Be Vietnam Pro's cap height is 0.74 em: centred on capitals
  for (let i = 0; i < count; i++) {
    const centerX = left + outer + i * size * STAR_PITCH
    const points: number[][] = []
    for (let k = 0; k < 10; k++) {
      const radius = k % 2 === 0 ? outer : inner
      const angle = -Math.PI / 2 + (k * Math.PI) / 5
      points.push([centerX + radius * Math.cos(angle), centerY + radius * Math.sin(angle)])
    }
    // Gold with a dark outline: reads as OCOP yellow in colour and stays visible in black and white.
    doc.polygon(...points).lineWidth(Math.max(0.25, size * 0.04)).fillAndStroke('#F2B705', '#5C4500')
  }
}

// ---------------------------------------------------------------------------------------------

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
}
