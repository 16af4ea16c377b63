/** Harvest/production lots, traceability, labels and the settings they use: inputs and DTOs. */
import { z } from 'zod'
import { LOT_CERT_KINDS, LOT_DATE_KINDS } from '../domain/lot'
import { isoDate, optionalText, reason, text } from './inputs'
import { mediaRefDto } from './media'

export { LOT_DATE_KINDS }
export const LOT_CERT_KIND_CODES = LOT_CERT_KINDS

const certification = z.object({
  kind: z.enum(LOT_CERT_KIND_CODES),
  number: optionalText(80),
  issuer: optionalText(200),
  issueDate: isoDate.nullish().transform((v) => v ?? null),
  expiryDate: isoDate.nullish().transform((v) => v ?? null),
})

const growingAreaCodes = z
  .array(z.string().trim().min(1).max(40))
  .max(10)
  .superRefine((codes, ctx) => {
    const seen = new Set<string>()
    codes.forEach((code, i) => {
      const key = code.toUpperCase()
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [i], message: `Growing-area code ${code} is repeated`, params: reason('growing_area_code_duplicate', { code }) })
      seen.add(key)
    })
  })

const lotFields = {
  /** Omitted: suggested from the SKU and the date (e.g. MOHN-260915-01). */
  lotCode: z.string().trim().max(40).optional(),
  dateKind: z.enum(LOT_DATE_KINDS).default('harvest'),
  harvestDate: isoDate,
  expiryDate: isoDate.nullish().transform((v) => v ?? null),
  shelfLifeDays: z.number().int().nullish().transform((v) => v ?? null),
  /** How many of the variant's unit this lot holds (whole units). */
  quantity: z.number().int(),
  /** Omitted: the variant's unit. */
  unit: z.string().trim().min(1).max(30).optional(),
  /** The household (a seller) that grew or made it; omitted when the cooperative itself did. */
  producerSellerId: z.string().min(1).nullish().transform((v) => v ?? null),
  growingAreaCodes: growingAreaCodes.default([]),
  certifications: z.array(certification).max(10).default([]),
  notes: optionalText(2000),
}

export const createLotInput = z.object({ variantId: z.string().min(1), ...lotFields })
export type CreateLotInput = z.input<typeof createLotInput>

export const updateLotInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1).optional(),
  ...z.object(lotFields).partial().shape,
})
export type UpdateLotInput = z.input<typeof updateLotInput>

export const listLotsInput = z.object({
  productId: z.string().min(1).optional(),
  variantId: z.string().min(1).optional(),
  /** Lot code, trace code, SKU, product name or growing-area code. */
  query: text(100).default(''),
  /** Only lots whose expiry falls within this many days (already expired included). */
  expiringWithinDays: z.number().int().min(0).max(3650).optional(),
  harvestFrom: isoDate.optional(),
  harvestTo: isoDate.optional(),
  includeArchived: z.boolean().default(false),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
})
export type ListLotsInput = z.input<typeof listLotsInput>

export const lotCertificationDto = z.object({
  kind: z.enum(LOT_CERT_KIND_CODES),
  number: z.string().nullable(),
  issuer: z.string().nullable(),
  issueDate: z.string().nullable(),
  expiryDate: z.string().nullable(),
  state: z.enum(['valid', 'expiring', 'expired', 'no_expiry']),
})

export const lotDto = z.object({
  id: z.string(),
  productId: z.string(),
  productName: z.string(),
  variantId: z.string(),
  sku: z.string(),
  variantLabel: z.string().nullable(),
  lotCode: z.string(),
  traceCode: z.string(),
  dateKind: z.enum(LOT_DATE_KINDS),
  harvestDate: z.string(),
  /** The expiry given, or harvest + shelf life. */
  expiryDate: z.string().nullable(),
  shelfLifeDays: z.number().int().nullable(),
  quantity: z.number().int(),
  unit: z.string(),
  producer: z.object({ id: z.string(), name: z.string() }).nullable(),
  seller: z.object({ id: z.string(), name: z.string() }),
  growingAreaCodes: z.array(z.string()),
  certifications: z.array(lotCertificationDto),
  photos: z.array(mediaRefDto),
  notes: z.string().nullable(),
  /** What the QR code encodes: the trace URL from the settings template, or `TXNG <code>`. */
  qrPayload: z.string(),
  traceUrl: z.string().nullable(),
  /** OCOP stars the product may claim today (null when no certificate is valid). */
  ocopStars: z.union([z.literal(3), z.literal(4), z.literal(5)]).nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  archivedAt: z.string().nullable(),
})
export type LotDto = z.infer<typeof lotDto>

export const lotPageDto = z.object({ items: z.array(lotDto), total: z.number().int() })
export type LotPageDto = z.infer<typeof lotPageDto>

export const traceLookupInput = z.object({ code: z.string().trim().min(1).max(40) })
export const lotCodeSuggestionInput = z.object({ variantId: z.string().min(1), harvestDate: isoDate })
export const lotCodeSuggestionDto = z.object({ lotCode: z.string() })

export const exportTracePageInput = z.object({ lotId: z.string().min(1) })

export const exportTraceRecordsInput = z
  .object({
    format: z.enum(['json', 'csv']),
    lotIds: z.array(z.string().min(1)).min(1).max(5000).optional(),
    harvestFrom: isoDate.optional(),
    harvestTo: isoDate.optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.lotIds && !v.harvestFrom && !v.harvestTo) {
      ctx.addIssue({ code: 'custom', path: ['lotIds'], message: 'Choose lots or a harvest date range', params: reason('trace.selection_required') })
    }
    if (v.harvestFrom && v.harvestTo && v.harvestFrom > v.harvestTo) {
      ctx.addIssue({ code: 'custom', path: ['harvestTo'], message: 'The range ends before it starts', params: reason('range_reversed') })
    }
  })

export const LABEL_LAYOUT_IDS = ['a4_2x5', 'a4_3x8', 'thermal_50x30'] as const
export type LabelLayoutId = (typeof LABEL_LAYOUT_IDS)[number]

export const renderLabelsInput = z.object({
  items: z
    .array(z.object({ lotId: z.string().min(1), copies: z.number().int().min(1).max(500).default(1) }))
    .min(1)
    .max(200),
  layout: z.enum(LABEL_LAYOUT_IDS),
  /** 1-based sticker where printing starts on a partly used sheet. */
  startPosition: z.number().int().min(1).max(24).default(1),
  showPrice: z.boolean().default(true),
  locale: z.enum(['vi', 'en']).default('vi'),
})
export type RenderLabelsInput = z.input<typeof renderLabelsInput>

export const labelsPdfDto = z.object({
  fileName: z.string(),
  mimeType: z.literal('application/pdf'),
  contentBase64: z.string(),
  labelCount: z.number().int(),
  pageCount: z.number().int(),
  /** Lots printed without OCOP stars because the product's certificate is not valid today. */
  starsWithheld: z.array(z.object({ lotCode: z.string(), productName: z.string() })),
})
export type LabelsPdfDto = z.infer<typeof labelsPdfDto>

export const settingsDto = z.object({
  /** Where the QR of a lot points: the provincial or national traceability portal, or the co-op's page. */
  traceUrlTemplate: z.string().nullable(),
  defaultLabelLayout: z.enum(LABEL_LAYOUT_IDS),
})
export type SettingsDto = z.infer<typeof settingsDto>

export const updateSettingsInput = z.object({
  traceUrlTemplate: z.string().trim().max(300).nullish().transform((v) => (v ? v : null)).optional(),
  defaultLabelLayout: z.enum(LABEL_LAYOUT_IDS).optional(),
})
export type UpdateSettingsInput = z.input<typeof updateSettingsInput>

export const printedLabelsDto = labelsPdfDto.omit({ contentBase64: true }).extend({
  /** Where the PDF was written before the system's PDF viewer opened it for printing. */
  file: z.string(),
})
export type PrintedLabelsDto = z.infer<typeof printedLabelsDto>
