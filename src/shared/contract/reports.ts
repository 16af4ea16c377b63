/**
 * Reports, the dashboard and the commune indicators (docs/reports.md defines every figure).
 * Days are Asia/Ho_Chi_Minh calendar days written YYYY-MM-DD; a period runs from its first to its
 * last day, both included. Money is integer đồng.
 */
import { z } from 'zod'
import { ORDER_CHANNELS, ORDER_STATUS_VALUES } from './orders'

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD')

/** A period of whole days; at most about ten years, the first not after the last. */
export const periodInput = z
  .object({ from: day, to: day })
  .refine((p) => p.from <= p.to, { message: 'the period ends before it starts', path: ['to'] })
  .refine((p) => Date.parse(p.to) - Date.parse(p.from) <= 3_700 * 86_400_000, { message: 'the period is longer than ten years', path: ['to'] })
export type PeriodInput = z.infer<typeof periodInput>

/** How the money of a sale was collected; `marketplace`: the platform collected it and pays the seller out. */
export const COLLECTION_METHODS = ['cash', 'cod', 'vietqr', 'vnpay', 'marketplace'] as const
export type CollectionMethod = (typeof COLLECTION_METHODS)[number]
/** The ones that reach the seller without cash changing hands. */
export const CASHLESS_METHODS: readonly CollectionMethod[] = ['vietqr', 'vnpay', 'marketplace']

/** Channel groups of the commune indicators: what counts as selling online. */
export const CHANNEL_GROUPS = {
  marketplace: ['shopee', 'lazada', 'tiktok'],
  portal: ['ntm_portal'],
  ownOnline: ['website', 'facebook', 'zalo'],
  offline: ['counter', 'phone', 'other'],
} as const satisfies Record<string, readonly (typeof ORDER_CHANNELS)[number][]>
export const ONLINE_CHANNELS: readonly (typeof ORDER_CHANNELS)[number][] = [...CHANNEL_GROUPS.marketplace, ...CHANNEL_GROUPS.portal, ...CHANNEL_GROUPS.ownOnline]

const vnd = z.number().int()
const count = z.number().int().min(0)

export const salesFiguresDto = z.object({
  /** Orders confirmed in the period and not cancelled. */
  orders: count,
  /** Goods sold: line totals after every discount, order discount shared out. */
  grossVnd: vnd,
  /** Goods that came back in the period, at the price they were sold for. */
  returnsVnd: vnd,
  /** grossVnd − returnsVnd. */
  netVnd: vnd,
  /** Shipping charged to the customers, not part of the goods figures. */
  shippingVnd: vnd,
})
export type SalesFiguresDto = z.infer<typeof salesFiguresDto>

export const dashboardDto = z.object({
  period: z.object({ from: day, to: day }),
  today: day,
  /** Fixed windows ending today, whatever the period. */
  windows: z.object({ today: salesFiguresDto, last7: salesFiguresDto, last30: salesFiguresDto }),
  /** The period, day by day (every day present, zero when nothing sold). */
  byDay: z.array(salesFiguresDto.extend({ day })),
  /** The twelve months ending with the period's last month. */
  byMonth: z.array(salesFiguresDto.extend({ month: z.string() })),
  total: salesFiguresDto,
  byChannel: z.array(z.object({ channel: z.enum(ORDER_CHANNELS), orders: count, netVnd: vnd })),
  /** Orders created in the period, by where they stand now. */
  byStatus: z.array(z.object({ status: z.enum(ORDER_STATUS_VALUES), orders: count })),
  topProducts: z.array(z.object({ productId: z.string(), productName: z.string(), quantity: z.number().int(), netVnd: vnd })),
  /** Money collected in the period, by method (refunds taken off). */
  collections: z.array(z.object({ method: z.enum(COLLECTION_METHODS), amountVnd: vnd })),
  /** Cashless share of the money collected, 0–1; null when nothing was collected. */
  cashlessShare: z.number().min(0).max(1).nullable(),
  lowStock: z.array(z.object({ variantId: z.string(), productId: z.string(), productName: z.string(), sku: z.string(), available: z.number().int(), threshold: z.number().int() })),
  expiringLots: z.array(z.object({ lotId: z.string(), lotCode: z.string(), productName: z.string(), expiryDate: day, daysLeft: z.number().int(), onHand: z.number().int() })),
  expiringCertificates: z.array(
    z.object({ certificateId: z.string(), productId: z.string(), productName: z.string(), stars: z.number().int(), certificateNumber: z.string(), expiryDate: day, daysLeft: z.number().int() }),
  ),
  outbox: z.object({ pending: count, dead: count }),
})
export type DashboardDto = z.infer<typeof dashboardDto>

// ----------------------------------------------------------------------------------------------
// Commune indicators and the seller bundle

export const BUNDLE_FORMAT = 'ocop-seller-figures/1'

/** One seller's figures for a period: what a commune coordinator adds up. Nothing about buyers. */
export const sellerFiguresSchema = z.object({
  /** Member sellers (the seller itself and the households whose products it sells) active online in the period. */
  onlineSellers: z.object({ cooperatives: count, households: count, enterprises: count, groups: count }),
  ocop: z.object({
    /** Products with an OCOP certificate in force on the period's last day, by star. */
    byStar: z.object({ '3': count, '4': count, '5': count }),
    /** Of those, how many are published on each channel kind on the period's last day. */
    listedOn: z.object({ shopee: count, lazada: count, tiktok: count, ntm_portal: count, file_export: count }),
  }),
  products: z.object({
    /** Active products on the period's last day. */
    active: count,
    /** Of those, with at least one lot carrying a traceability code. */
    withTraceability: count,
    /** Of those, published on at least one channel. */
    listedOnline: count,
  }),
  sales: z.object({
    byChannel: z.array(z.object({ channel: z.enum(ORDER_CHANNELS), orders: count, netVnd: vnd })),
    total: z.object({ orders: count, netVnd: vnd }),
  }),
  collections: z.array(z.object({ method: z.enum(COLLECTION_METHODS), amountVnd: vnd })),
})
export type SellerFigures = z.infer<typeof sellerFiguresSchema>

/** The signed part of a bundle. */
export const bundleBodySchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  /** Random per installation; with the key it tells one app from another. */
  installationId: z.string().min(8).max(64),
  seller: z.object({
    name: z.string().min(1).max(200),
    kind: z.enum(['cooperative', 'household', 'enterprise', 'cooperative_group']),
    taxCode: z.string().max(20).nullable(),
    /** The seller's address as entered (commune, province), to place it. */
    address: z.string().max(500).nullable(),
  }),
  period: z.object({ from: day, to: day }),
  generatedAt: z.string(),
  appVersion: z.string().max(40),
  figures: sellerFiguresSchema,
})
export type BundleBody = z.infer<typeof bundleBodySchema>

/** The file: the body, the installation's Ed25519 public key (SPKI, base64) and the signature (base64) over the body's canonical JSON. */
export const bundleFileSchema = z.object({
  body: bundleBodySchema,
  publicKey: z.string().min(40).max(200),
  signature: z.string().min(80).max(120),
})
export type BundleFile = z.infer<typeof bundleFileSchema>

// ----------------------------------------------------------------------------------------------
// Operations' inputs and outputs

/** A bundle is a few kilobytes; anything near a megabyte is not one. */
export const MAX_BUNDLE_BYTES = 1024 * 1024

export const sellerBundleDto = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  contentBase64: z.string(),
  rowCount: z.number().int(),
  /** What the coordinator compares, read aloud, the first time this installation sends figures. */
  fingerprint: z.string(),
  figures: sellerFiguresSchema,
})
export type SellerBundleDto = z.infer<typeof sellerBundleDto>

export const reportIdentityDto = z.object({ installationId: z.string(), fingerprint: z.string() })

export const importBundlesInput = z.object({
  files: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(255),
        bytes: z
          .instanceof(Uint8Array)
          .refine((b) => b.byteLength > 0, { message: 'the file is empty' })
          .refine((b) => b.byteLength <= MAX_BUNDLE_BYTES, { message: 'the file is too large to be a bundle' }),
      }),
    )
    .min(1)
    .max(20),
})
export type ImportBundlesInput = z.input<typeof importBundlesInput>

export const BUNDLE_IMPORT_OUTCOMES = ['imported', 'replaced', 'unchanged', 'refused'] as const
export const bundleImportResultDto = z.array(
  z.object({
    fileName: z.string(),
    outcome: z.enum(BUNDLE_IMPORT_OUTCOMES),
    /** Refused: bundle_not_json, bundle_format, bundle_invalid, bundle_key, bundle_tampered, bundle_other_key. */
    reason: z.string().nullable(),
    message: z.string().nullable(),
    sellerName: z.string().nullable(),
    period: z.object({ from: day, to: day }).nullable(),
    fingerprint: z.string().nullable(),
  }),
)
export type BundleImportResultDto = z.infer<typeof bundleImportResultDto>

export const communeBundleDto = z.object({
  id: z.string(),
  installationId: z.string(),
  fingerprint: z.string(),
  sellerName: z.string(),
  sellerKind: z.enum(['cooperative', 'household', 'enterprise', 'cooperative_group']),
  taxCode: z.string().nullable(),
  address: z.string().nullable(),
  period: z.object({ from: day, to: day }),
  generatedAt: z.string(),
  importedAt: z.string(),
  fileName: z.string().nullable(),
  figures: sellerFiguresSchema,
})
export type CommuneBundleDto = z.infer<typeof communeBundleDto>

export const listBundlesInput = z.object({ from: day.optional(), to: day.optional() })

export const REPORT_FILE_FORMATS = ['xlsx', 'pdf'] as const
export const exportCommuneReportInput = z
  .object({ from: day, to: day, format: z.enum(REPORT_FILE_FORMATS), language: z.enum(['vi', 'en']).default('vi') })
  .refine((p) => p.from <= p.to, { message: 'the period ends before it starts', path: ['to'] })

// ----------------------------------------------------------------------------------------------
// Reports a manager opens and exports

export const REPORT_KINDS = [
  'sales_by_product',
  'sales_by_variant',
  'sales_by_channel',
  'sales_by_customer',
  'sales_by_seller',
  'payments',
  'stock_valuation',
  'stock_movements',
  'ocop_certificates',
] as const
export type ReportKind = (typeof REPORT_KINDS)[number]

export const getReportInput = z
  .object({ kind: z.enum(REPORT_KINDS), from: day, to: day, language: z.enum(['vi', 'en']).default('vi') })
  .refine((p) => p.from <= p.to, { message: 'the period ends before it starts', path: ['to'] })
export const exportReportInput = z
  .object({ kind: z.enum(REPORT_KINDS), from: day, to: day, language: z.enum(['vi', 'en']).default('vi'), format: z.enum(REPORT_FILE_FORMATS) })
  .refine((p) => p.from <= p.to, { message: 'the period ends before it starts', path: ['to'] })

const reportCell = z.union([z.string(), z.number(), z.null()])
/** A report as the screen shows it and the files carry it (src/main/reports/report-document.ts). */
export const reportDocumentDto = z.object({
  title: z.string(),
  language: z.enum(['vi', 'en']),
  meta: z.array(z.object({ label: z.string(), value: z.string() })),
  tables: z.array(
    z.object({
      title: z.string(),
      columns: z.array(z.object({ key: z.string(), header: z.string(), kind: z.enum(['text', 'vnd', 'int', 'share', 'day']), width: z.number().optional() })),
      rows: z.array(z.record(z.string(), reportCell)),
      totals: z.record(z.string(), reportCell).optional(),
      note: z.string().optional(),
    }),
  ),
})
export type ReportDocumentDto = z.infer<typeof reportDocumentDto>
