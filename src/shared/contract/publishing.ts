/**
 * Publishing: the listing document we hand to the NTM/OCOP portal (or a commune hub), in a
 * stable, versioned shape that docs/ntm-portal-listing.md describes field by field. The same
 * document is exported as JSON, and flattened to CSV/XLSX for a manual upload.
 * Rules of the schema: money is integer đồng, dates are 'YYYY-MM-DD' in Vietnam's calendar,
 * times are UTC ISO; a field is only ever added within a version, never renamed or removed.
 */
import { z } from 'zod'

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
