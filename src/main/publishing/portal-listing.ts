/**
 * The NTM/OCOP portal listing (schema `ocop-listing/1`, docs/ntm-portal-listing.md): one
 * document per active product, built from what the app knows — the product and its variants,
 * what can be sold now, its photos, the OCOP certificate in force today (none when it has
 * lapsed: an expired certificate claims nothing), and its recent lots with their trace codes.
 * No public portal API is known, so the same documents are exported as JSON (for a portal or a
 * commune hub to import) and flattened to CSV/XLSX (for a manual upload).
 */
import type { z } from 'zod'
import type { ExportFileDto } from '@shared/contract/dto'
import { AppError } from '@shared/contract/errors'
import { PORTAL_LISTING_SCHEMA, type exportPortalListingsInput, type PortalExportDocumentDto, type PortalListingDto } from '@shared/contract/publishing'
import { todayInVietnam } from '@shared/domain/calendar'
import { isOcopGroup, OCOP_GROUP_NAMES } from '@shared/domain/ocop'
import { loadProduct } from '../catalog/catalog.repo'
import { writeSheet, type SheetColumn } from '../catalog/spreadsheet'
import type { ServiceDeps } from '../context'
import type { LotsService } from '../lots/lots.service'
import type { CertificatesService } from '../ocop/certificates.service'
import { findSeller } from '../sellers/sellers.repo'

type ExportInput = z.output<typeof exportPortalListingsInput>

/** Recent lots are enough to trace what is on sale; older ones stay in the app. */
const LOTS_PER_LISTING = 20
const IN_CHUNK = 400

const MIME = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const

/** CSV/XLSX columns: one row per variant, the listing's shared fields repeated. */
const FLAT_COLUMNS: readonly { key: string; vi: string; en: string; width: number; numeric?: true }[] = [
  { key: 'listingId', vi: 'Mã tin (listingId)', en: 'Listing id', width: 30 },
  { key: 'seller', vi: 'Chủ thể', en: 'Seller', width: 28 },
  { key: 'sellerTaxCode', vi: 'Mã số thuế', en: 'Tax code', width: 14 },
  { key: 'productName', vi: 'Tên sản phẩm', en: 'Product name', width: 36 },
  { key: 'category', vi: 'Nhóm sản phẩm', en: 'Category', width: 24 },
  { key: 'sku', vi: 'Mã SKU', en: 'SKU', width: 16 },
  { key: 'optionLabel', vi: 'Phân loại', en: 'Option', width: 16 },
  { key: 'unit', vi: 'Đơn vị tính', en: 'Unit', width: 10 },
  { key: 'priceVnd', vi: 'Giá bán (đồng)', en: 'Price (VND)', width: 14, numeric: true },
  { key: 'availableQuantity', vi: 'Có thể bán', en: 'Available', width: 10, numeric: true },
  { key: 'barcode', vi: 'Mã vạch', en: 'Barcode', width: 16 },
  { key: 'weightGrams', vi: 'Khối lượng (g)', en: 'Weight (g)', width: 12, numeric: true },
  { key: 'ocopStars', vi: 'Hạng sao OCOP', en: 'OCOP stars', width: 10, numeric: true },
  { key: 'ocopCertificate', vi: 'Số giấy chứng nhận OCOP', en: 'OCOP certificate no.', width: 22 },
  { key: 'ocopExpiry', vi: 'Hạn giấy chứng nhận', en: 'Certificate expiry', width: 14 },
  { key: 'traceCodes', vi: 'Mã truy xuất (lô)', en: 'Trace codes (lots)', width: 30 },
  { key: 'traceUrls', vi: 'Đường dẫn truy xuất', en: 'Trace URLs', width: 40 },
  { key: 'growingAreaCodes', vi: 'Mã số vùng trồng', en: 'Growing-area codes', width: 24 },
  { key: 'images', vi: 'Ảnh (mã)', en: 'Images (keys)', width: 30 },
  { key: 'description', vi: 'Mô tả', en: 'Description', width: 40 },
]

export function createPortalListings(deps: ServiceDeps, certificates: CertificatesService, lots: LotsService) {
  const { db, clock } = deps

  async function availableByVariant(variantIds: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>()
    for (let i = 0; i < variantIds.length; i += IN_CHUNK) {
      const rows = await db.selectFrom('stock_level').select(['variant_id', 'on_hand', 'reserved']).where('variant_id', 'in', variantIds.slice(i, i + IN_CHUNK)).execute()
      for (const r of rows) out.set(r.variant_id, Math.max(0, r.on_hand - r.reserved))
    }
    return out
  }

  async function listing(productId: string, today: string): Promise<PortalListingDto> {
    const product = await loadProduct(db, productId, today)
    if (!product) throw new AppError('NOT_FOUND', `No product ${productId}`, { entity: 'product', id: productId })
    const seller = await findSeller(db, product.sellerId)
    if (!seller) throw new AppError('NOT_FOUND', `No seller ${product.sellerId}`, { entity: 'seller', id: product.sellerId })
    const inForce = (await certificates.list(productId))
      .filter((c) => c.state !== 'expired')
      .sort((a, b) => b.stars - a.stars || b.expiryDate.localeCompare(a.expiryDate))[0]
    const recentLots = (await lots.list({ productId, query: '', includeArchived: false, limit: LOTS_PER_LISTING, offset: 0 })).items
    const available = await availableByVariant(product.variants.map((v) => v.id))
    const category = product.category
    return {
      schema: PORTAL_LISTING_SCHEMA,
      listingId: product.id,
      updatedAt: [product.updatedAt, ...recentLots.map((l) => l.updatedAt)].sort().at(-1)!,
      seller: { id: seller.id, name: seller.name, kind: seller.kind, taxCode: seller.taxCode, address: seller.address, phone: seller.phone, email: seller.email },
      product: {
        name: product.name,
        description: product.description,
        category,
        categoryName: category && isOcopGroup(category) ? OCOP_GROUP_NAMES[category].vi : category,
      },
      variants: product.variants.map((v) => ({
        sku: v.sku,
        optionLabel: v.optionLabel,
        unit: v.unit,
        priceVnd: v.priceVnd,
        compareAtPriceVnd: v.compareAtPriceVnd,
        barcode: v.barcode,
        weightGrams: v.weightGrams,
        availableQuantity: available.get(v.id) ?? 0,
      })),
      images: product.images.map((img) => ({ key: img.mediaKey, position: img.position, altText: img.altText, width: img.width, height: img.height, fileName: null })),
      ocop: inForce
        ? {
            stars: inForce.stars,
            certificateNumber: inForce.certificateNumber,
            decisionNumber: inForce.decisionNumber,
            issuingLevel: inForce.issuingLevel,
            issuingAuthority: inForce.issuingAuthority,
            issueDate: inForce.issueDate,
            expiryDate: inForce.expiryDate,
          }
        : null,
      traceability: {
        lots: recentLots.map((l) => ({
          lotCode: l.lotCode,
          traceCode: l.traceCode,
          traceUrl: l.traceUrl,
          sku: l.sku,
          dateKind: l.dateKind,
          harvestDate: l.harvestDate,
          expiryDate: l.expiryDate,
          growingAreaCodes: l.growingAreaCodes,
          producer: l.producer?.name ?? null,
        })),
      },
    }
  }

  async function activeProductIds(): Promise<string[]> {
    const rows = await db.selectFrom('product').select('id').where('status', '=', 'active').where('archived_at', 'is', null).orderBy('name_folded').orderBy('id').execute()
    return rows.map((r) => r.id)
  }

  return {
    listing,

    async document(productIds?: readonly string[]): Promise<PortalExportDocumentDto> {
      const today = todayInVietnam(clock.now())
      const ids = productIds ?? (await activeProductIds())
      const listings: PortalListingDto[] = []
      for (const id of ids) listings.push(await listing(id, today))
      return { schema: PORTAL_LISTING_SCHEMA, generatedAt: clock.isoNow(), asOf: today, listings }
    },

    async export(input: ExportInput): Promise<ExportFileDto> {
      const doc = await this.document(input.productIds)
      const stamp = doc.asOf.replace(/-/g, '')
      if (input.format === 'json') {
        return { fileName: `ocop-listing-${stamp}.json`, mimeType: MIME.json, contentBase64: Buffer.from(JSON.stringify(doc, null, 2), 'utf8').toString('base64'), rowCount: doc.listings.length }
      }
      const columns: SheetColumn[] = FLAT_COLUMNS.map((c) => ({ header: c[input.headers], width: c.width, numeric: c.numeric === true }))
      const rows = doc.listings.flatMap((l) =>
        l.variants.map((v) => {
          const values: Record<string, string | number | null> = {
            listingId: l.listingId,
            seller: l.seller.name,
            sellerTaxCode: l.seller.taxCode,
            productName: l.product.name,
            category: l.product.categoryName,
            sku: v.sku,
            optionLabel: v.optionLabel,
            unit: v.unit,
            priceVnd: v.priceVnd,
            availableQuantity: v.availableQuantity,
            barcode: v.barcode,
            weightGrams: v.weightGrams,
            ocopStars: l.ocop?.stars ?? null,
            ocopCertificate: l.ocop?.certificateNumber ?? null,
            ocopExpiry: l.ocop?.expiryDate ?? null,
            traceCodes: l.traceability.lots.filter((lot) => lot.sku === v.sku).map((lot) => `${lot.lotCode} (${lot.traceCode})`).join('; ') || null,
            traceUrls: l.traceability.lots.filter((lot) => lot.sku === v.sku && lot.traceUrl).map((lot) => lot.traceUrl).join(' ') || null,
            growingAreaCodes: [...new Set(l.traceability.lots.filter((lot) => lot.sku === v.sku).flatMap((lot) => lot.growingAreaCodes))].join('; ') || null,
            images: l.images.map((i) => i.key).join(' ') || null,
            description: l.product.description,
          }
          return FLAT_COLUMNS.map((c) => values[c.key] ?? null)
        }),
      )
      const bytes = await writeSheet(input.format, 'OCOP', columns, rows)
      return { fileName: `ocop-listing-${stamp}.${input.format}`, mimeType: MIME[input.format], contentBase64: bytes.toString('base64'), rowCount: rows.length }
    },
  }
}

export type PortalListings = ReturnType<typeof createPortalListings>
