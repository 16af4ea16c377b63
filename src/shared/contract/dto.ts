/**
 * DTOs that cross the boundary. They are zod schemas so that `GET /api` can describe
 * them and tests can check real answers against them; the TypeScript types are inferred.
 * Rows are not DTOs: repositories in src/main map snake_case rows onto these.
 */
import { z } from 'zod'
import { MAX_VND } from '../domain/money'

export const SELLER_KINDS = ['cooperative', 'household', 'enterprise', 'cooperative_group'] as const
export type SellerKind = (typeof SELLER_KINDS)[number]

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const
export type ProductStatus = (typeof PRODUCT_STATUSES)[number]

const isoTime = z.string().describe('UTC ISO-8601 time')
const vndAmount = z.number().int().min(0).max(MAX_VND).describe('integer đồng')

export const sellerDto = z.object({
  id: z.string(),
  kind: z.enum(SELLER_KINDS),
  name: z.string(),
  taxCode: z.string().nullable(),
  representative: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  bankName: z.string().nullable(),
  bankAccountNumber: z.string().nullable(),
  bankAccountName: z.string().nullable(),
  /** NAPAS BIN of the bank (for VietQR). */
  bankBin: z.string().nullable(),
  isDefault: z.boolean(),
  productCount: z.number().int(),
  createdAt: isoTime,
  updatedAt: isoTime,
})
export type SellerDto = z.infer<typeof sellerDto>

export const variantDto = z.object({
  id: z.string(),
  sku: z.string(),
  optionLabel: z.string().nullable(),
  unit: z.string(),
  priceVnd: vndAmount,
  compareAtPriceVnd: vndAmount.nullable(),
  barcode: z.string().nullable(),
  weightGrams: z.number().int().nullable(),
  position: z.number().int(),
})
export type VariantDto = z.infer<typeof variantDto>

export const productImageDto = z.object({
  id: z.string(),
  productId: z.string(),
  variantId: z.string().nullable(),
  mediaKey: z.string(),
  position: z.number().int(),
  /** The first image is the cover. */
  isCover: z.boolean(),
  altText: z.string().nullable(),
  width: z.number().int(),
  height: z.number().int(),
  bytes: z.number().int(),
  mime: z.string(),
})
export type ProductImageDto = z.infer<typeof productImageDto>

/** A product's OCOP standing as lists show it: `none` when it never had a certificate. */
export const PRODUCT_OCOP_STATES = ['valid', 'expiring', 'expired', 'none'] as const
export type ProductOcopState = (typeof PRODUCT_OCOP_STATES)[number]

/** The OCOP standing of a product, derived at read time (it changes with the date, not with edits). */
export const productOcopDto = z.object({
  /** Highest star among certificates still valid today; null when none is. */
  stars: z.union([z.literal(3), z.literal(4), z.literal(5)]).nullable(),
  state: z.enum(PRODUCT_OCOP_STATES),
  /** Expiry of the certificate that gives the stars (or of the latest expired one). */
  expiryDate: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
})
export type ProductOcopDto = z.infer<typeof productOcopDto>

export const productDto = z.object({
  id: z.string(),
  sellerId: z.string(),
  sellerName: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  status: z.enum(PRODUCT_STATUSES),
  version: z.number().int(),
  variants: z.array(variantDto),
  /** Ordered; the first is the cover. */
  images: z.array(productImageDto),
  ocop: productOcopDto,
  createdAt: isoTime,
  updatedAt: isoTime,
  archivedAt: isoTime.nullable(),
})
export type ProductDto = z.infer<typeof productDto>

export const productListItemDto = z.object({
  id: z.string(),
  sellerId: z.string(),
  sellerName: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  status: z.enum(PRODUCT_STATUSES),
  variantCount: z.number().int(),
  minPriceVnd: vndAmount.nullable(),
  maxPriceVnd: vndAmount.nullable(),
  skus: z.array(z.string()),
  units: z.array(z.string()),
  /** The cover photo's media key, for a thumbnail. */
  coverMediaKey: z.string().nullable(),
  ocop: productOcopDto,
  updatedAt: isoTime,
  /** Why this row is here: an exact SKU or barcode hit ranks above a text match. */
  matchedBy: z.enum(['sku', 'barcode', 'text', 'all']),
})
export type ProductListItemDto = z.infer<typeof productListItemDto>

export const productPageDto = z.object({ items: z.array(productListItemDto), total: z.number().int() })
export type ProductPageDto = z.infer<typeof productPageDto>

export const importRowErrorDto = z.object({
  /** 1-based row number as the spreadsheet shows it (the header is row 1). */
  row: z.number().int(),
  /** The column header as written in the file, or null for a whole-row problem. */
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
})
export type ImportRowErrorDto = z.infer<typeof importRowErrorDto>

export const importResultDto = z.object({
  rows: z.number().int(),
  productsCreated: z.number().int(),
  productsUpdated: z.number().int(),
  variantsCreated: z.number().int(),
  variantsUpdated: z.number().int(),
})
export type ImportResultDto = z.infer<typeof importResultDto>

export const IMPORT_PHASES = ['reading', 'validating', 'writing', 'done', 'failed'] as const
export const importProgressDto = z.object({
  jobId: z.string(),
  phase: z.enum(IMPORT_PHASES),
  done: z.number().int(),
  total: z.number().int(),
})
export type ImportProgressDto = z.infer<typeof importProgressDto>

export const exportFileDto = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  contentBase64: z.string(),
  rowCount: z.number().int(),
})
export type ExportFileDto = z.infer<typeof exportFileDto>

export const auditEntryDto = z.object({
  id: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.string(),
  actor: z.string(),
  at: isoTime,
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
})
export type AuditEntryDto = z.infer<typeof auditEntryDto>

export const systemInfoDto = z.object({
  appVersion: z.string(),
  transport: z.enum(['ipc', 'http']),
  dataDir: z.string(),
  databaseFile: z.string(),
  backupsDir: z.string(),
  schemaVersion: z.string(),
  sqliteVersion: z.string(),
})
export type SystemInfoDto = z.infer<typeof systemInfoDto>

export const backupDto = z.object({ file: z.string(), bytes: z.number().int(), createdAt: isoTime })
export type BackupDto = z.infer<typeof backupDto>
