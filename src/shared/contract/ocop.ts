/** OCOP certificates of a product: inputs and DTOs. The rules themselves are in domain/ocop-certificate. */
import { z } from 'zod'
import { OCOP_GROUPS } from '../domain/ocop'
import { isoDate, optionalText, requiredText } from './inputs'
import { mediaRefDto } from './media'

export { PRODUCT_OCOP_STATES, productOcopDto, type ProductOcopDto, type ProductOcopState } from './dto'

export const OCOP_CERTIFICATE_STATES = ['valid', 'expiring', 'expired'] as const
export type OcopCertificateState = (typeof OCOP_CERTIFICATE_STATES)[number]

const stars = z.union([z.literal(3), z.literal(4), z.literal(5)])

const certificateFields = {
  stars,
  totalScore: z.number().int().min(0).max(100).nullish().transform((v) => v ?? null),
  group: z.enum(OCOP_GROUPS),
  subgroup: optionalText(120),
  certificateNumber: requiredText(60),
  decisionNumber: optionalText(60),
  decisionDate: isoDate.nullish().transform((v) => v ?? null),
  /** Omitted: province for 3–4★, central for 5★. */
  issuingLevel: z.enum(['province', 'central']).optional(),
  issuingAuthority: optionalText(200),
  issueDate: isoDate,
  /** Omitted: the issue date + 36 months. */
  expiryDate: isoDate.nullish().transform((v) => v ?? null),
  notes: optionalText(2000),
}

export const createCertificateInput = z.object({ productId: z.string().min(1), ...certificateFields })
export type CreateCertificateInput = z.input<typeof createCertificateInput>

export const updateCertificateInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1).optional(),
  ...z.object(certificateFields).partial().shape,
})
export type UpdateCertificateInput = z.input<typeof updateCertificateInput>

export const listCertificatesInput = z.object({ productId: z.string().min(1) })

export const certificateIssueDto = z.object({
  field: z.string(),
  reason: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
})

export const certificateDto = z.object({
  id: z.string(),
  productId: z.string(),
  productName: z.string(),
  stars,
  totalScore: z.number().int().nullable(),
  group: z.string(),
  subgroup: z.string().nullable(),
  certificateNumber: z.string(),
  decisionNumber: z.string().nullable(),
  decisionDate: z.string().nullable(),
  issuingLevel: z.enum(['province', 'central']),
  issuingAuthority: z.string().nullable(),
  issueDate: z.string(),
  expiryDate: z.string(),
  notes: z.string().nullable(),
  scan: mediaRefDto.nullable(),
  state: z.enum(OCOP_CERTIFICATE_STATES),
  /** Days from today (Vietnam) to the expiry date; negative once expired. */
  daysLeft: z.number().int(),
  /** The smallest alert window (30, 90, 180 days) the certificate is in, or null. */
  alertWindow: z.union([z.literal(30), z.literal(90), z.literal(180)]).nullable(),
  /** Things a manager should look at that do not block saving (score outside the star band…). */
  warnings: z.array(certificateIssueDto),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type CertificateDto = z.infer<typeof certificateDto>

export const expiryAlertsInput = z.object({
  /** The widest window to list (days ahead); expired certificates are always listed. */
  withinDays: z.number().int().min(1).max(366).default(180),
})

export const expiryAlertsDto = z.object({
  asOf: z.string(),
  counts: z.object({ expired: z.number().int(), within30: z.number().int(), within90: z.number().int(), within180: z.number().int() }),
  /** Expired first, then by expiry date. Only each product's current certificates: a renewed one hides the old. */
  items: z.array(certificateDto),
})
export type ExpiryAlertsDto = z.infer<typeof expiryAlertsDto>

