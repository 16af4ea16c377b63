/** Input schemas: every operation's input is parsed with one of these at every boundary. */
import { z } from 'zod'
import { MAX_VND } from '../domain/money'
import { isIsoDate } from '../domain/calendar'
import { normalizeVietnamesePhone } from '../domain/phone'
import { PRODUCT_OCOP_STATES, SELLER_KINDS } from './dto'

/** Marks a custom issue with a stable reason the UI can translate. */
export function reason(code: string, extra: Record<string, string | number> = {}): { reason: string } & Record<string, string | number> {
  return { reason: code, ...extra }
}

export const text = (max: number) => z.string().trim().max(max)
export const requiredText = (max: number) => z.string().trim().min(1).max(max)
/** Optional free text: empty strings mean "nothing", and become null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null))

/** A calendar date, 'YYYY-MM-DD' (certificate and harvest dates have no time of day). */
export const isoDate = z
  .string()
  .trim()
  .refine((v) => isIsoDate(v), { params: reason('date_format') })

/** An http(s) address (a payment page, an API host, a portal endpoint), parsed, not pattern-matched. */
export const httpUrl = z
  .string()
  .trim()
  .max(500)
  .refine(
    (v) => {
      try {
        const u = new URL(v)
        return u.protocol === 'https:' || u.protocol === 'http:'
      } catch {
        return false
      }
    },
    { params: reason('url_format') },
  )

export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/]*$/
export const BARCODE_PATTERN = /^[0-9A-Za-z-]{4,32}$/
/** Mã số thuế: 10 digits, 10+3 for a branch, or a 12-digit citizen ID (households, since 2025). */
export const TAX_CODE_PATTERN = /^(\d{10}(-\d{3})?|\d{12})$/

/** Any way Vietnamese people write a phone number in, stored one way: 0912345678. */
export const phone = z
  .string()
  .trim()
  .nullish()
  .transform((v, ctx) => {
    if (!v) return null
    const normal = normalizeVietnamesePhone(v)
    if (normal === null) {
      ctx.addIssue({ code: 'custom', message: 'Not a Vietnamese phone number', params: reason('phone_format') })
      return z.NEVER
    }
    return normal
  })

const taxCode = z
  .string()
  .trim()
  .nullish()
  .transform((v) => (v ? v.replace(/\s/g, '') : null))
  .refine((v) => v === null || TAX_CODE_PATTERN.test(v), { params: reason('tax_code_format') })

export const email = z
  .string()
  .trim()
  .nullish()
  .transform((v) => (v ? v : null))
  .refine((v) => v === null || z.email().safeParse(v).success, { params: reason('email_format') })

const bankAccountNumber = z
  .string()
  .trim()
  .nullish()
  .transform((v) => (v ? v.replace(/[\s.-]/g, '') : null))
  .refine((v) => v === null || /^[0-9A-Za-z]{4,19}$/.test(v), { params: reason('bank_account_format') })

const sellerFields = {
  name: requiredText(200),
  kind: z.enum(SELLER_KINDS),
  taxCode,
  representative: optionalText(120),
  phone,
  email,
  address: optionalText(300),
  bankName: optionalText(120),
  bankAccountNumber,
  bankAccountName: optionalText(120),
  bankBin: z
    .string()
    .trim()
    .refine((v) => /^\d{6}$/.test(v), { params: reason('bank_bin_format') })
    .nullish()
    .transform((v) => (v ? v : null)),
}

export const createSellerInput = z.object(sellerFields)
export type CreateSellerInput = z.input<typeof createSellerInput>

export const updateSellerInput = z.object({
  id: z.string().min(1),
  ...z.object(sellerFields).partial().shape,
})
export type UpdateSellerInput = z.input<typeof updateSellerInput>

export const emptyInput = z.object({}).optional().transform(() => ({}))

export const variantInput = z
  .object({
    /** Present when editing an existing variant; absent for a new one. */
    id: z.string().min(1).optional(),
    sku: requiredText(64).refine((v) => SKU_PATTERN.test(v), { params: reason('sku_format') }),
    optionLabel: optionalText(100),
    unit: requiredText(30),
    priceVnd: z.number().int().min(0).max(MAX_VND),
    compareAtPriceVnd: z.number().int().min(0).max(MAX_VND).nullish().transform((v) => v ?? null),
    barcode: z
      .string()
      .trim()
      .nullish()
      .transform((v) => (v ? v : null))
      .refine((v) => v === null || BARCODE_PATTERN.test(v), { params: reason('barcode_format') }),
    weightGrams: z.number().int().min(0).max(1_000_000).nullish().transform((v) => v ?? null),
  })
  .superRefine((v, ctx) => {
    if (v.compareAtPriceVnd !== null && v.compareAtPriceVnd <= v.priceVnd) {
      ctx.addIssue({
        code: 'custom',
        path: ['compareAtPriceVnd'],
        message: 'Compare-at price must be higher than the price',
        params: reason('compare_at_not_higher'),
      })
    }
  })
export type VariantInput = z.input<typeof variantInput>

const variantList = z
  .array(variantInput)
  .min(1)
  .max(100)
  .superRefine((variants, ctx) => {
    const seen = new Map<string, number>()
    variants.forEach((v, i) => {
      const key = v.sku.toUpperCase()
      const first = seen.get(key)
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'sku'],
          message: `SKU ${v.sku} is repeated in this product`,
          params: reason('sku_repeated', { sku: v.sku }),
        })
      } else seen.set(key, i)
    })
  })

const category = z
  .string()
  .trim()
  .max(100)
  .nullish()
  .transform((v) => (v ? v : null))

export const createProductInput = z.object({
  name: requiredText(200),
  description: optionalText(5000),
  category,
  status: z.enum(['draft', 'active']).default('active'),
  sellerId: z.string().min(1).optional(),
  variants: variantList,
})
export type CreateProductInput = z.input<typeof createProductInput>

export const updateProductInput = z.object({
  id: z.string().min(1),
  /** When given, the update is refused with CONFLICT if someone changed the product meanwhile. */
  expectedVersion: z.number().int().min(1).optional(),
  name: requiredText(200).optional(),
  description: optionalText(5000).optional(),
  category: category.optional(),
  status: z.enum(['draft', 'active']).optional(),
  sellerId: z.string().min(1).optional(),
  /** The full list: variants with an id are updated, new ones created, missing ones archived. */
  variants: variantList.optional(),
})
export type UpdateProductInput = z.input<typeof updateProductInput>

export const idInput = z.object({ id: z.string().min(1) })

export const SEARCH_SORTS = ['relevance', 'name', 'updatedAt', 'price'] as const
export const searchProductsInput = z.object({
  query: text(200).default(''),
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).default(0),
  /** `live` (the default) means draft or active: everything not archived. */
  status: z.enum(['live', 'draft', 'active', 'archived', 'any']).default('live'),
  category: z.string().trim().max(100).optional(),
  sellerId: z.string().min(1).optional(),
  /** Products whose valid OCOP certificate has this many stars. */
  ocopStars: z.union([z.literal(3), z.literal(4), z.literal(5)]).optional(),
  /** Products by the state of their OCOP certificate today (`none`: never certified). */
  ocopState: z.enum(PRODUCT_OCOP_STATES).optional(),
  sort: z.enum(SEARCH_SORTS).default('relevance'),
  direction: z.enum(['asc', 'desc']).optional(),
})
export type SearchProductsInput = z.input<typeof searchProductsInput>

/** 10,000 rows of XLSX are well under 5 MB; leave room for a large file, refuse absurd ones. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024

export const importProductsInput = z.object({
  fileName: requiredText(255),
  contentBase64: z.string().min(1).max(Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4),
  /** Chosen by the caller so it can ask for progress while the import runs. */
  jobId: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/).optional(),
  /** Validate the whole file and report, without writing anything. */
  dryRun: z.boolean().default(false),
})
export type ImportProductsInput = z.input<typeof importProductsInput>

export const importProgressInput = z.object({ jobId: z.string().min(1) })

export const exportProductsInput = z.object({
  format: z.enum(['csv', 'xlsx']),
  query: text(200).default(''),
  status: z.enum(['live', 'draft', 'active', 'archived', 'any']).default('live'),
  category: z.string().trim().max(100).optional(),
  sellerId: z.string().min(1).optional(),
  ocopStars: z.union([z.literal(3), z.literal(4), z.literal(5)]).optional(),
  ocopState: z.enum(PRODUCT_OCOP_STATES).optional(),
  /** Column headers in Vietnamese (default) or English. */
  headers: z.enum(['vi', 'en']).default('vi'),
})
export type ExportProductsInput = z.input<typeof exportProductsInput>

export const importTemplateInput = z.object({
  format: z.enum(['csv', 'xlsx']),
  headers: z.enum(['vi', 'en']).default('vi'),
})

export const auditListInput = z.object({
  entityId: z.string().min(1),
  limit: z.number().int().min(1).max(200).default(50),
})
