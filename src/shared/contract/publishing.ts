/**
 * Publishing: the listing document we hand to the NTM/OCOP portal (or a commune hub), in a
 * stable, versioned shape that docs/ntm-portal-listing.md describes field by field. The same
 * document is exported as JSON, and flattened to CSV/XLSX for a manual upload.
 * Rules of the schema: money is integer đồng, dates are 'YYYY-MM-DD' in Vietnam's calendar,
 * times are UTC ISO; a field is only ever added within a version, never renamed or removed.
 */
import { z } from 'zod'
import { httpUrl } from './inputs'

export const PORTAL_LISTING_SCHEMA = 'ocop-listing/1'

const stars = z.union([z.literal(3), z.literal(4), z.literal(5)])

export const portalListingDto = z.object({
  schema: z.literal(PORTAL_LISTING_SCHEMA),
  /** Stable for the product on this app: the portal's upsert key. */
  listingId: z.string(),
  /** When the product or what it carries last changed (UTC). */
  updatedAt: z.string(),
  seller: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(['cooperative', 'household', 'enterprise', 'cooperative_group']),
    taxCode: z.string().nullable(),
    address: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
  }),
  product: z.object({
    name: z.string(),
    description: z.string().nullable(),
    /** OCOP product group code (e.g. 'ocop.food') or the shop's own category text. */
    category: z.string().nullable(),
    categoryName: z.string().nullable(),
  }),
  variants: z.array(
    z.object({
      sku: z.string(),
      optionLabel: z.string().nullable(),
      unit: z.string(),
      priceVnd: z.number().int(),
      compareAtPriceVnd: z.number().int().nullable(),
      barcode: z.string().nullable(),
      weightGrams: z.number().int().nullable(),
      /** What can be sold now: on hand − held by confirmed orders. */
      availableQuantity: z.number().int(),
    }),
  ),
  images: z.array(
    z.object({
      /** SHA-256 of the photo as given: stable, so a portal uploads each photo once. */
      key: z.string(),
      position: z.number().int(),
      altText: z.string().nullable(),
      width: z.number().int(),
      height: z.number().int(),
      /** The file name in an export folder, or null when the images are sent separately. */
      fileName: z.string().nullable(),
    }),
  ),
  /** Only while a certificate is in force on `asOf`: an expired certificate claims nothing. */
  ocop: z
    .object({
      stars,
      certificateNumber: z.string(),
      decisionNumber: z.string().nullable(),
      issuingLevel: z.enum(['province', 'central']),
      issuingAuthority: z.string().nullable(),
      issueDate: z.string(),
      expiryDate: z.string(),
    })
    .nullable(),
  traceability: z.object({
    lots: z.array(
      z.object({
        lotCode: z.string(),
        traceCode: z.string(),
        /** The trace page's address from Settings, or null when none is set (the QR then reads `TXNG <code>`). */
        traceUrl: z.string().nullable(),
        sku: z.string(),
        dateKind: z.string(),
        harvestDate: z.string(),
        expiryDate: z.string().nullable(),
        growingAreaCodes: z.array(z.string()),
        producer: z.string().nullable(),
      }),
    ),
  }),
})
export type PortalListingDto = z.infer<typeof portalListingDto>

export const portalExportDocumentDto = z.object({
  schema: z.literal(PORTAL_LISTING_SCHEMA),
  generatedAt: z.string(),
  /** The Vietnam calendar day OCOP validity and stock were judged on. */
  asOf: z.string(),
  listings: z.array(portalListingDto),
})
export type PortalExportDocumentDto = z.infer<typeof portalExportDocumentDto>

export const exportPortalListingsInput = z.object({
  format: z.enum(['json', 'csv', 'xlsx']),
  /** Omitted: every active product. */
  productIds: z.array(z.string().min(1)).min(1).max(5_000).optional(),
  /** Column titles of CSV/XLSX. */
  headers: z.enum(['vi', 'en']).default('vi'),
})
export type ExportPortalListingsInput = z.input<typeof exportPortalListingsInput>

/** The marketplaces whose bulk-upload templates the mass-upload file follows (docs/marketplace-mass-upload.md). */
export const MASS_UPLOAD_PLATFORMS = ['shopee', 'lazada', 'tiktok'] as const
export type MassUploadPlatform = (typeof MASS_UPLOAD_PLATFORMS)[number]

export const exportMassUploadInput = z.object({
  /** One sheet each, in this order. Omitted: all three. */
  platforms: z.array(z.enum(MASS_UPLOAD_PLATFORMS)).min(1).default([...MASS_UPLOAD_PLATFORMS]),
  /** Omitted: every active product. */
  productIds: z.array(z.string().min(1)).min(1).max(5_000).optional(),
})
export type ExportMassUploadInput = z.input<typeof exportMassUploadInput>

// ---------------------------------------------------------------------------------------------
// Channels and listings

export const CHANNEL_KINDS = ['ntm_portal', 'shopee', 'lazada', 'tiktok', 'file_export'] as const
export type ChannelKind = (typeof CHANNEL_KINDS)[number]
export const MARKETPLACE_KINDS = ['shopee', 'lazada', 'tiktok'] as const

export const LISTING_STATUSES = ['draft', 'queued', 'published', 'error', 'unlisted'] as const
export type ListingStatus = (typeof LISTING_STATUSES)[number]

export const createChannelAccountInput = z.object({
  kind: z.enum(CHANNEL_KINDS),
  displayName: z.string().trim().min(1).max(80),
  /** Sandbox or live API host (a marketplace), or the portal's endpoint. Omitted: the platform's live host. */
  apiBase: httpUrl.optional(),
  authBase: httpUrl.optional(),
  /** partner_id / app_key. */
  appKey: z.string().trim().min(1).max(100).optional(),
  /** partner_key / app_secret, or the portal's API key: sealed, write-only. */
  secret: z.string().trim().min(8).max(500).optional(),
})
export type CreateChannelAccountInput = z.input<typeof createChannelAccountInput>

export const channelAccountDto = z.object({
  id: z.string(),
  sellerId: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  displayName: z.string(),
  apiBase: z.string().nullable(),
  authBase: z.string().nullable(),
  appKey: z.string().nullable(),
  hasSecret: z.boolean(),
  state: z.enum(['not_connected', 'connected', 'expired', 'error']),
  shopId: z.string().nullable(),
  shopName: z.string().nullable(),
  accessExpiresAt: z.string().nullable(),
  refreshExpiresAt: z.string().nullable(),
  lastError: z.string().nullable(),
  ordersSyncedAt: z.string().nullable(),
  /** An order pull waits or runs (the screen shows "Đang lấy đơn…"). */
  pullingOrders: z.boolean(),
  /** Changes waiting to go out, and the ones that failed for good. */
  pendingJobs: z.number().int(),
  deadJobs: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type ChannelAccountDto = z.infer<typeof channelAccountDto>

export const upsertListingInput = z.object({
  channelAccountId: z.string().min(1),
  productId: z.string().min(1),
  /** The platform's leaf category. */
  categoryId: z.string().trim().max(40).nullish().transform((v) => v ?? null),
  /** Platform attribute id → value. */
  attributes: z.record(z.string().max(60), z.string().max(500)).default({}),
  brandId: z.string().trim().max(40).nullish().transform((v) => v ?? null),
  titleOverride: z.string().trim().max(255).nullish().transform((v) => (v ? v : null)),
  descriptionOverride: z.string().trim().max(25_000).nullish().transform((v) => (v ? v : null)),
  /** Units kept back from this channel, so a sale elsewhere never oversells it. */
  stockBuffer: z.number().int().min(0).max(1_000_000).default(0),
  /** Channel prices per variant; null: the variant's own price. */
  prices: z.array(z.object({ variantId: z.string().min(1), priceVnd: z.number().int().min(0).nullable() })).max(200).default([]),
})
export type UpsertListingInput = z.input<typeof upsertListingInput>

export const listingDto = z.object({
  id: z.string(),
  channelAccountId: z.string(),
  channelKind: z.enum(CHANNEL_KINDS),
  productId: z.string(),
  productName: z.string(),
  status: z.enum(LISTING_STATUSES),
  categoryId: z.string().nullable(),
  attributes: z.record(z.string(), z.string()),
  brandId: z.string().nullable(),
  titleOverride: z.string().nullable(),
  descriptionOverride: z.string().nullable(),
  stockBuffer: z.number().int(),
  externalItemId: z.string().nullable(),
  skus: z.array(
    z.object({
      variantId: z.string(),
      sku: z.string(),
      priceVnd: z.number().int().nullable(),
      externalSkuId: z.string().nullable(),
      pushedQuantity: z.number().int().nullable(),
    }),
  ),
  lastErrorCode: z.string().nullable(),
  lastErrorMessage: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** Changes to this listing still waiting to go out. */
  pendingJobs: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string(),
})
export type ListingDto = z.infer<typeof listingDto>

export const listingsActionInput = z.object({ listingIds: z.array(z.string().min(1)).min(1).max(1_000) })

/** Many products on many channels in one action (each missing listing is made from the channel's habits). */
export const publishProductsInput = z.object({
  productIds: z.array(z.string().min(1)).min(1).max(500),
  channelAccountIds: z.array(z.string().min(1)).min(1).max(10),
})

export const listListingsInput = z.object({
  channelAccountId: z.string().min(1).optional(),
  productId: z.string().min(1).optional(),
})

export const outboxJobDto = z.object({
  id: z.string(),
  channelAccountId: z.string(),
  listingId: z.string().nullable(),
  productName: z.string().nullable(),
  kind: z.string(),
  status: z.enum(['pending', 'running', 'done', 'dead', 'dropped']),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastErrorKind: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
  lastErrorMessage: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
})
export type OutboxJobDto = z.infer<typeof outboxJobDto>

export const listOutboxJobsInput = z.object({
  status: z.enum(['pending', 'dead']).default('dead'),
  channelAccountId: z.string().min(1).optional(),
  limit: z.number().int().min(1).max(500).default(100),
})

/** The page the seller opens to let the app manage the shop (marketplace OAuth). */
export const authorizationDto = z.object({ url: z.string(), expiresAt: z.string() })
export const redirectUrlDto = z.object({ url: z.string().nullable() })
