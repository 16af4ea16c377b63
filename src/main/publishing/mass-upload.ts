/**
 * The marketplaces' mass-upload file (docs/marketplace-mass-upload.md): one XLSX from which a
 * household without API access fills the bulk-upload templates of Shopee, Lazada and TikTok
 * Shop. The platforms' own templates cannot be produced here: they are generated per category in
 * each Seller Center, with drop-down lists and attribute columns of that category. So the file
 * carries what the app knows — one row per variant, grouped the way each platform groups the
 * variants of one product, in the columns the platform's template asks for — and says, column by
 * column, what the seller still has to choose in Seller Center.
 */
import ExcelJS from 'exceljs'
import type { z } from 'zod'
import type { ExportFileDto, ProductDto, VariantDto } from '@shared/contract/dto'
import { AppError } from '@shared/contract/errors'
import type { exportMassUploadInput, MassUploadPlatform } from '@shared/contract/publishing'
import { formatDateVi, todayInVietnam } from '@shared/domain/calendar'
import { loadProduct } from '../catalog/catalog.repo'
import type { ServiceDeps } from '../context'
import { claimLine, currentClaim, stripUnbackedClaims, type OcopClaim } from './ocop-claims'

type ExportInput = z.output<typeof exportMassUploadInput>

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const IN_CHUNK = 400

/** The sheet that explains the others comes first, under this name. */
export const GUIDE_SHEET = 'Hướng dẫn'

/** The platforms' sheets, by platform. */
export const PLATFORM_SHEETS: Readonly<Record<MassUploadPlatform, string>> = { shopee: 'Shopee', lazada: 'Lazada', tiktok: 'TikTok Shop' }

/** Row 1 holds the column titles, row 2 what each column is; variants start on this row. */
export const FIRST_DATA_ROW = 3

/** Who fills a column: the app, the seller (in the platform's own template), or nobody (read only). */
type Filler = 'app' | 'seller' | 'reference'

/** The header fill that tells the three apart; the guide sheet explains the colours. */
const FILL_COLOUR: Readonly<Record<Filler, string>> = { app: 'FFE2EFDA', seller: 'FFFFF2CC', reference: 'FFE7E6E6' }

/** One variant as every sheet sees it. */
interface VariantLine {
  /** The product's number in this file (1, 2, …), the same on every sheet. */
  readonly group: number
  /** The first variant of its product: Shopee wants product-level fields on that row only. */
  readonly first: boolean
  /** The product has more than one variant, so the platforms see a variation group. */
  readonly hasVariations: boolean
  readonly name: string
  readonly description: string
  /** File names of the product's photos, cover first. */
  readonly photos: readonly string[]
  /** The photo tagged with this variant, when there is one. */
  readonly variantPhoto: string | null
  /** Every variant of the product has its own photo (Shopee: all options or none). */
  readonly everyVariantHasPhoto: boolean
  readonly claim: OcopClaim | null
  readonly variant: VariantDto
  readonly available: number
}

interface UploadColumn {
  readonly title: string
  /** Shown on row 2, under the title. */
  readonly note: string
  readonly width: number
  readonly filler: Filler
  readonly numFmt?: string
  readonly value?: CellValue
}

type CellValue = (line: VariantLine) => string | number | null

const byApp = (title: string, note: string, width: number, value: CellValue, numFmt?: string): UploadColumn => ({ title, note, width, filler: 'app', value, ...(numFmt && { numFmt }) })
const bySeller = (title: string, note: string, width = 14): UploadColumn => ({ title, note, width, filler: 'seller' })
const forReference = (title: string, note: string, width: number, value: CellValue): UploadColumn => ({ title, note, width, filler: 'reference', value })

/** Shopee's template: product-level fields on the first row of a variation group, blank below. */
const firstRowOnly =
  (value: CellValue): CellValue =>
  (line) =>
    line.first ? value(line) : null

const VND = '#,##0'
const COUNT = '0'
const KG = '0.000'

const optionName = (line: VariantLine): string | null => (line.hasVariations ? (line.variant.optionLabel ?? line.variant.sku) : null)
const weightKg = (line: VariantLine): number | null => (line.variant.weightGrams === null ? null : line.variant.weightGrams / 1000)
const photo = (index: number) => (line: VariantLine) => line.photos[index] ?? null
const ocopColumn = forReference('[Tham khảo] Chứng nhận OCOP', 'Chỉ khi giấy chứng nhận còn hiệu lực hôm nay; câu này đã có ở cuối mô tả. Không dán vào mẫu của sàn.', 44, (l) =>
  l.claim ? claimLine(l.claim) : null,
)
const PHOTO_NOTE = 'Tên tệp ảnh trong app (không phải đường link): tải ảnh này lên sàn rồi chọn ảnh đó.'

/**
 * Shopee's basic mass-upload template, Vietnamese titles, in its order up to the package size;
 * the shipping-channel and pre-order columns that follow differ by shop and template version.
 */
const SHOPEE: readonly UploadColumn[] = [
  bySeller('Ngành hàng', 'Chọn ngành hàng cấp cuối trong mẫu của Shopee.', 16),
  byApp('Tên sản phẩm', 'Chỉ ở dòng đầu của mỗi sản phẩm; các dòng phân loại bên dưới để trống, như mẫu Shopee hướng dẫn.', 36, firstRowOnly((l) => l.name)),
  byApp('Mô tả sản phẩm', 'Chữ thuần, chỉ ở dòng đầu của mỗi sản phẩm.', 48, firstRowOnly((l) => l.description)),
  byApp('SKU sản phẩm', 'SKU của sản phẩm không có phân loại. Sản phẩm nhiều phân loại: để trống, SKU nằm ở cột «SKU phân loại».', 16, (l) => (l.hasVariations ? null : l.variant.sku)),
  byApp('Mã sản phẩm', 'Mã gom phân loại: các dòng cùng số là các phân loại của một sản phẩm. Trống khi sản phẩm không có phân loại.', 12, (l) => (l.hasVariations ? l.group : null), COUNT),
  byApp('Tên nhóm phân loại hàng 1', 'Tên chung «Phân loại»; có thể đổi, ví dụ «Quy cách».', 18, (l) => (l.hasVariations ? 'Phân loại' : null)),
  byApp('Tên phân loại hàng cho nhóm phân loại hàng 1', 'Ví dụ «Hũ 500 g».', 22, optionName),
  byApp('Hình ảnh mỗi phân loại', 'Chỉ điền khi mọi phân loại của sản phẩm đều có ảnh riêng (Shopee: có cho tất cả hoặc không cho phân loại nào).', 24, (l) =>
    l.hasVariations && l.everyVariantHasPhoto ? l.variantPhoto : null,
  ),
  bySeller('Tên nhóm phân loại hàng 2', 'App chỉ có một nhóm phân loại: để trống.'),
  bySeller('Tên phân loại hàng cho nhóm phân loại hàng 2', 'Để trống.'),
  byApp('Giá', 'Đồng, số nguyên.', 12, (l) => l.variant.priceVnd, VND),
  byApp('Kho hàng', 'Số có thể bán lúc lập file.', 10, (l) => l.available, COUNT),
  byApp('SKU phân loại', 'SKU của từng phân loại (sản phẩm nhiều phân loại).', 16, (l) => (l.hasVariations ? l.variant.sku : null)),
  bySeller('Size Chart Template', 'Bảng kích cỡ, cho hàng may mặc: thường để trống.'),
  bySeller('Size Chart Image', 'Để trống.'),
  byApp('Ảnh bìa', `${PHOTO_NOTE} Chỉ ở dòng đầu của mỗi sản phẩm.`, 24, firstRowOnly(photo(0))),
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => byApp(`Hình ảnh sản phẩm ${n}`, 'Tên tệp ảnh, chỉ ở dòng đầu.', 24, firstRowOnly(photo(n)))),
  byApp('Cân nặng', 'kg, khối lượng gửi hàng.', 10, weightKg, KG),
  bySeller('Chiều dài', 'cm, của gói hàng: app chưa lưu kích thước.', 10),
  bySeller('Chiều rộng', 'cm', 10),
  bySeller('Chiều cao', 'cm', 10),
  forReference('[Tham khảo] Mã vạch (GTIN)', 'Mẫu cơ bản không có cột này: nhập khi Shopee hỏi mã GTIN. Không dán vào mẫu.', 16, (l) => l.variant.barcode),
  ocopColumn,
]

/**
 * Lazada publishes no fixed column titles (its templates are generated per category), so these
 * are plain Vietnamese titles for the fields its product API defines (name, description, brand,
 * SellerSku, price, special_price, quantity, package weight/size/content, images).
 */
const LAZADA: readonly UploadColumn[] = [
  byApp('Mã nhóm sản phẩm', 'Các dòng cùng số là các SKU (phân loại) của một sản phẩm trên Lazada.', 10, (l) => l.group, COUNT),
  bySeller('Danh mục', 'Chọn danh mục cấp cuối trong Seller Center; mẫu của Lazada đi theo danh mục.', 16),
  byApp('Tên sản phẩm', 'Giống nhau ở mọi dòng của một sản phẩm.', 36, (l) => l.name),
  bySeller('Thương hiệu', 'Chọn trong danh sách của Lazada; không có thương hiệu thì chọn «No Brand».'),
  byApp('Mô tả sản phẩm', 'Chữ thuần.', 48, (l) => l.description),
  byApp('Phân loại', 'Tên phân loại của SKU, ví dụ «Hũ 500 g». Trống khi sản phẩm chỉ có một SKU.', 18, optionName),
  byApp('SKU người bán', 'Mã SKU của bạn, không trùng.', 16, (l) => l.variant.sku),
  byApp('Giá (đồng)', 'Giá niêm yết; khi có giá trước giảm thì đây là giá trước giảm.', 12, (l) => listPriceVnd(l.variant), VND),
  byApp('Giá khuyến mãi (đồng)', 'Giá đang bán khi có giá trước giảm. Lazada cần thêm ngày bắt đầu và kết thúc khuyến mãi.', 12, (l) => salePriceVnd(l.variant), VND),
  byApp('Số lượng tồn kho', 'Số có thể bán lúc lập file.', 10, (l) => l.available, COUNT),
  byApp('Khối lượng gói hàng (kg)', 'kg, khối lượng gửi hàng.', 10, weightKg, KG),
  bySeller('Dài gói hàng (cm)', 'App chưa lưu kích thước gói hàng.', 10),
  bySeller('Rộng gói hàng (cm)', 'cm', 10),
  bySeller('Cao gói hàng (cm)', 'cm', 10),
  byApp('Nội dung gói hàng', 'Trong gói có gì; sửa nếu gói có nhiều thứ.', 30, (l) => `1 ${l.variant.unit} ${l.name}${l.variant.optionLabel ? ` (${l.variant.optionLabel})` : ''}`),
  byApp('Mã vạch (GTIN/EAN)', 'Khi sản phẩm có mã vạch.', 16, (l) => l.variant.barcode),
  byApp('Ảnh riêng của SKU', 'Ảnh gắn với phân loại này trong app, nếu có.', 24, (l) => l.variantPhoto),
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => byApp(n === 1 ? 'Ảnh 1 (ảnh chính)' : `Ảnh ${n}`, n === 1 ? PHOTO_NOTE : 'Tên tệp ảnh.', 24, photo(n - 1))),
  ocopColumn,
]

/**
 * TikTok Shop's batch-upload template, as far as the public copies show its order; the title in
 * brackets is the template's English column title. TikTok groups the SKUs of a product by an
 * identical product name.
 */
const TIKTOK: readonly UploadColumn[] = [
  bySeller('Danh mục (Category)', 'Chọn trong danh sách của mẫu TikTok.', 16),
  bySeller('Thương hiệu (Brand)', 'Không bắt buộc; để trống là không có thương hiệu.'),
  byApp('Tên sản phẩm (Product Name)', 'Giống nhau ở mọi dòng của một sản phẩm: TikTok gom các SKU theo tên. TikTok Việt Nam cần 25–255 ký tự.', 36, (l) => l.name),
  byApp('Mô tả sản phẩm (Product Description)', 'Chữ thuần.', 48, (l) => l.description),
  byApp('Ảnh chính (Main Product Image)', PHOTO_NOTE, 24, photo(0)),
  ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => byApp(`Ảnh sản phẩm ${n} (Product Image ${n})`, 'Tên tệp ảnh.', 24, photo(n - 1))),
  byApp('Mã định danh GTIN/EAN (Identifier Code)', 'Khi sản phẩm có mã vạch.', 16, (l) => l.variant.barcode),
  byApp('Phân loại 1 (Variation)', 'Tên phân loại, ví dụ «Hũ 500 g». Trống khi sản phẩm chỉ có một SKU.', 18, optionName),
  bySeller('Phân loại 2 (Variation 2)', 'App chỉ có một nhóm phân loại: để trống.'),
  byApp('Ảnh phân loại (Variant Image)', 'Ảnh gắn với phân loại này trong app, nếu có.', 24, (l) => (l.hasVariations ? l.variantPhoto : null)),
  byApp('Khối lượng gói hàng, kg (Package Weight)', 'kg, khối lượng gửi hàng.', 10, weightKg, KG),
  bySeller('Dài gói hàng, cm (Package Length)', 'App chưa lưu kích thước gói hàng.', 10),
  bySeller('Rộng gói hàng, cm (Package Width)', 'cm', 10),
  bySeller('Cao gói hàng, cm (Package Height)', 'cm', 10),
  byApp('Giá bán lẻ, đồng (Retail Price)', 'Đồng, số nguyên.', 12, (l) => l.variant.priceVnd, VND),
  byApp('Số lượng (Quantity)', 'Số có thể bán lúc lập file.', 10, (l) => l.available, COUNT),
  byApp('SKU người bán (Seller SKU)', 'Mã SKU của bạn, không trùng.', 16, (l) => l.variant.sku),
  ocopColumn,
]

const COLUMNS: Readonly<Record<MassUploadPlatform, readonly UploadColumn[]>> = { shopee: SHOPEE, lazada: LAZADA, tiktok: TIKTOK }

/** Lazada's `price` is the price before a discount and `special_price` the price paid. */
function listPriceVnd(v: VariantDto): number {
  return v.compareAtPriceVnd !== null && v.compareAtPriceVnd > v.priceVnd ? v.compareAtPriceVnd : v.priceVnd
}
function salePriceVnd(v: VariantDto): number | null {
  return v.compareAtPriceVnd !== null && v.compareAtPriceVnd > v.priceVnd ? v.priceVnd : null
}

function photoFileName(mediaKey: string): string {
  return `${mediaKey}.jpg`
}

async function activeProductIds(deps: ServiceDeps): Promise<string[]> {
  const rows = await deps.db.selectFrom('product').select('id').where('status', '=', 'active').where('archived_at', 'is', null).orderBy('name_folded').orderBy('id').execute()
  return rows.map((r) => r.id)
}

/** Sellable now: on hand minus what confirmed orders hold (never below zero). */
async function availableByVariant(deps: ServiceDeps, variantIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  for (let i = 0; i < variantIds.length; i += IN_CHUNK) {
    const rows = await deps.db.selectFrom('stock_level').select(['variant_id', 'on_hand', 'reserved']).where('variant_id', 'in', variantIds.slice(i, i + IN_CHUNK)).execute()
    for (const r of rows) out.set(r.variant_id, Math.max(0, r.on_hand - r.reserved))
  }
  return out
}

function linesOf(product: ProductDto, group: number, claim: OcopClaim | null, available: ReadonlyMap<string, number>): VariantLine[] {
  // Stars only while a certificate backs them, stated once from the certificate itself.
  const stars = claim?.stars ?? null
  const name = stripUnbackedClaims(product.name, stars)
  const text = stripUnbackedClaims(product.description ?? product.name, stars)
  const description = claim ? `${text}\n\n${claimLine(claim)}` : text
  const photos = product.images.map((img) => photoFileName(img.mediaKey))
  const photoOf = (variantId: string) => {
    const tagged = product.images.find((img) => img.variantId === variantId)
    return tagged ? photoFileName(tagged.mediaKey) : null
  }
  const everyVariantHasPhoto = product.variants.every((v) => photoOf(v.id) !== null)
  return product.variants.map((variant, index) => ({
    group,
    first: index === 0,
    hasVariations: product.variants.length > 1,
    name,
    description,
    photos,
    variantPhoto: photoOf(variant.id),
    everyVariantHasPhoto,
    claim,
    variant,
    available: available.get(variant.id) ?? 0,
  }))
}

function addPlatformSheet(book: ExcelJS.Workbook, name: string, columns: readonly UploadColumn[], lines: readonly VariantLine[]): void {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: FIRST_DATA_ROW - 1 }] })
  sheet.columns = columns.map((c) => ({ width: c.width, ...(c.numFmt && { style: { numFmt: c.numFmt } }) }))
  const header = sheet.addRow(columns.map((c) => c.title))
  const notes = sheet.addRow(columns.map((c) => c.note))
  columns.forEach((c, i) => {
    const title = header.getCell(i + 1)
    title.font = { bold: true }
    title.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL_COLOUR[c.filler] } }
    title.alignment = { wrapText: true, vertical: 'top' }
    const note = notes.getCell(i + 1)
    note.font = { italic: true, color: { argb: 'FF595959' } }
    note.alignment = { wrapText: true, vertical: 'top' }
  })
  notes.height = 75
  for (const line of lines) sheet.addRow(columns.map((c) => c.value?.(line) ?? null))
}

function addGuideSheet(book: ExcelJS.Workbook, asOf: string, productCount: number, rowCount: number, platforms: readonly MassUploadPlatform[]): void {
  const sheet = book.addWorksheet(GUIDE_SHEET)
  sheet.columns = [{ width: 120 }]
  const sheets = platforms.map((p) => `«${PLATFORM_SHEETS[p]}»`).join(', ')
  const lines: { text: string; style?: 'title' | 'heading' }[] = [
    { text: 'File đăng sản phẩm hàng loạt lên sàn thương mại điện tử', style: 'title' },
    { text: `Lập ngày ${formatDateVi(asOf)}: ${productCount} sản phẩm, ${rowCount} dòng trên mỗi trang tính của sàn (mỗi dòng là một phân loại, tức một mã SKU).` },
    { text: '' },
    { text: 'File này không tải thẳng lên sàn được', style: 'heading' },
    { text: 'Mỗi sàn có file mẫu riêng, thường theo từng ngành hàng, với danh sách chọn và các cột thuộc tính riêng của ngành hàng đó. File này chứa sẵn những gì app biết để bạn chép sang file mẫu của sàn.' },
    { text: '' },
    { text: 'Cách dùng', style: 'heading' },
    { text: '1. Trong Kênh Người Bán (Seller Center) của sàn, mở chức năng đăng sản phẩm hàng loạt, chọn ngành hàng và tải file mẫu của sàn về máy.' },
    { text: `2. Mở trang tính của sàn đó trong file này (${sheets}). Dòng 1 là tên cột, dòng 2 là ghi chú cho từng cột, sản phẩm bắt đầu từ dòng ${FIRST_DATA_ROW}.` },
    { text: '3. Chép từng cột sang cột cùng tên trong file mẫu của sàn, rồi điền các cột còn thiếu và tải file mẫu lên Seller Center.' },
    { text: '   • Shopee: tên và thứ tự cột theo mẫu cơ bản của Shopee (tiếng Việt), đến hết các cột kích thước gói hàng. Các cột đơn vị vận chuyển và hàng đặt trước sau đó tùy cửa hàng: điền trong mẫu của Shopee.' },
    { text: '   • Lazada: Lazada không công bố tên cột cố định, mẫu sinh theo danh mục. Tên cột ở đây là tên chung: dán vào cột có cùng ý nghĩa trong mẫu của Lazada.' },
    { text: '   • TikTok Shop: tên trong ngoặc là tên cột trong mẫu tiếng Anh của TikTok.' },
    { text: '4. Màu ở tên cột: xanh lá — app đã điền; vàng — bạn tự chọn hoặc điền trong mẫu của sàn (ngành hàng, thương hiệu, thuộc tính, kích thước gói hàng…); xám — chỉ để tham khảo, không dán vào mẫu.' },
    { text: '' },
    { text: 'Sản phẩm nhiều phân loại', style: 'heading' },
    { text: 'Một sản phẩm có nhiều phân loại (ví dụ hũ 250 g và hũ 500 g) chiếm các dòng liền nhau. Shopee nhận biết chúng qua cột «Mã sản phẩm» cùng số (tên, mô tả và ảnh chỉ ở dòng đầu); Lazada qua cột «Mã nhóm sản phẩm»; TikTok Shop qua tên sản phẩm giống nhau.' },
    { text: '' },
    { text: 'Ảnh', style: 'heading' },
    { text: 'Ảnh sản phẩm nằm trong app trên máy bạn, không phải đường link trên mạng. Các cột ảnh ghi tên tệp ảnh dạng <mã ảnh>.jpg, theo đúng thứ tự ảnh trong app (ảnh đầu tiên là ảnh bìa); cùng một ảnh luôn có cùng tên.' },
    { text: 'Hãy tải các ảnh đó lên sàn (thư viện ảnh trong Seller Center), rồi chọn ảnh hoặc dán đường link ảnh mà sàn cấp vào file mẫu.' },
    { text: '' },
    { text: 'Số liệu', style: 'heading' },
    { text: 'Giá là số đồng, không có phần lẻ. Tồn kho là số có thể bán lúc lập file: tồn trong kho trừ hàng đã giữ cho đơn đã xác nhận. Khối lượng tính bằng kg.' },
    { text: 'Giá và tồn kho trên sàn không tự đổi theo app: khi giá hoặc tồn kho thay đổi, hãy sửa trên sàn hoặc lập lại file.' },
    { text: '' },
    { text: 'OCOP', style: 'heading' },
    { text: 'Hạng sao OCOP và số giấy chứng nhận chỉ được ghi (ở cuối mô tả) khi giấy chứng nhận còn hiệu lực vào ngày lập file; lời tự ghi hạng sao không có giấy chứng nhận đã được bỏ khỏi tên và mô tả.' },
    { text: 'Giấy chứng nhận OCOP có hiệu lực 36 tháng. Khi hết hạn mà chưa được công nhận lại, hãy gỡ hạng sao khỏi trang sản phẩm trên sàn.' },
  ]
  for (const line of lines) {
    const row = sheet.addRow([line.text])
    const cell = row.getCell(1)
    cell.alignment = { wrapText: true, vertical: 'top' }
    if (line.style === 'title') cell.font = { bold: true, size: 14 }
    if (line.style === 'heading') cell.font = { bold: true }
  }
}

/**
 * One XLSX: the guide sheet, then one sheet per platform (in the order asked), one row per variant
 * of every active product, or of the products given (each must exist).
 */
export async function exportMassUpload(deps: ServiceDeps, input: ExportInput): Promise<ExportFileDto> {
  const today = todayInVietnam(deps.clock.now())
  const ids = input.productIds ? [...new Set(input.productIds)] : await activeProductIds(deps)
  const platforms = [...new Set(input.platforms)]

  const products: { product: ProductDto; claim: OcopClaim | null }[] = []
  for (const id of ids) {
    const product = await loadProduct(deps.db, id, today)
    if (!product) throw new AppError('NOT_FOUND', `No product ${id}`, { entity: 'product', id })
    products.push({ product, claim: await currentClaim(deps.db, id, today) })
  }
  const available = await availableByVariant(deps, products.flatMap(({ product }) => product.variants.map((v) => v.id)))
  const lines = products.flatMap(({ product, claim }, index) => linesOf(product, index + 1, claim, available))

  const book = new ExcelJS.Workbook()
  book.creator = 'OCOP Storefront'
  addGuideSheet(book, today, products.length, lines.length, platforms)
  for (const platform of platforms) addPlatformSheet(book, PLATFORM_SHEETS[platform], COLUMNS[platform], lines)
  const bytes = Buffer.from(await book.xlsx.writeBuffer())
  return { fileName: `dang-hang-loat-${today.replace(/-/g, '')}.xlsx`, mimeType: XLSX_MIME, contentBase64: bytes.toString('base64'), rowCount: lines.length }
}
