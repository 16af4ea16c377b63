/**
 * Payments: a Stripe-shaped facade over VNPay, VietQR transfers, cash and COD. Amounts are
 * integer đồng everywhere in this contract; VNPay's ×100 exists only inside its adapter.
 * The rules are in domain/payment-state.ts.
 */
import { z } from 'zod'
import { MAX_VND } from '../domain/money'
import { CANCELLATION_REASONS, ORDER_PAYMENT_STATUSES, PAYMENT_INTENT_STATUSES, PAYMENT_METHODS, REFUND_REASONS } from '../domain/payment-state'
import { httpUrl, MAX_IMPORT_BYTES, optionalText, reason, requiredText } from './inputs'

const positiveVnd = z.number().int().min(1).max(MAX_VND)
/** Stripe's rule: any string up to 255 characters; a UUID is a good choice. */
const idempotencyKey = z.string().trim().min(8).max(255)

export const createIntentInput = z
  .object({
    orderId: z.string().min(1),
    /** Omitted: what the order still owes. */
    amountVnd: positiveVnd.optional(),
    method: z.enum(PAYMENT_METHODS),
    idempotencyKey,
    /** Cash only: what the customer handed over; the change is worked out. */
    cashTenderedVnd: z.number().int().min(0).max(MAX_VND).optional(),
    /** VNPay only: go straight to one way of paying (QR, domestic card, international card). */
    vnpayBankCode: z.enum(['VNPAYQR', 'VNBANK', 'INTCARD']).optional(),
    /** VNPay only: the language of VNPay's page. */
    locale: z.enum(['vn', 'en']).default('vn'),
  })
  .superRefine((v, ctx) => {
    if (v.cashTenderedVnd !== undefined && v.method !== 'cash') {
      ctx.addIssue({ code: 'custom', path: ['cashTenderedVnd'], message: 'Only cash has money tendered', params: reason('cash_only') })
    }
    if (v.vnpayBankCode !== undefined && v.method !== 'vnpay') {
      ctx.addIssue({ code: 'custom', path: ['vnpayBankCode'], message: 'Only VNPay takes a bank code', params: reason('vnpay_only') })
    }
  })
export type CreateIntentInput = z.input<typeof createIntentInput>

export const cancelIntentInput = z.object({
  id: z.string().min(1),
  reason: z.enum(CANCELLATION_REASONS).exclude(['expired']).default('requested_by_customer'),
})

export const confirmReceivedInput = z.object({
  id: z.string().min(1),
  /** What the cashier saw: "CK Vietcombank 14:05", the carrier's remittance number… */
  note: requiredText(300),
})

export const refundInput = z.object({
  intentId: z.string().min(1),
  /** Omitted: everything still refundable. */
  amountVnd: positiveVnd.optional(),
  reason: z.enum(REFUND_REASONS),
  note: optionalText(300),
  idempotencyKey: idempotencyKey.optional(),
})
export type RefundInput = z.input<typeof refundInput>

export const listEventsInput = z
  .object({
    intentId: z.string().min(1).optional(),
    orderId: z.string().min(1).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .refine((v) => Boolean(v.intentId) !== Boolean(v.orderId), { message: 'Give an intent or an order', params: reason('intent_or_order') })

export const orderPaymentsInput = z.object({ orderId: z.string().min(1) })

/** Where VNPay's page was opened: a window of the desktop app, or nowhere (browser mode opens a tab itself). */
export const checkoutOpenedDto = z.object({ openedIn: z.enum(['app_window', 'none']), url: z.string() })

// ---------------------------------------------------------------------------------------------
// Outputs

export const nextActionDto = z.discriminatedUnion('type', [
  z.object({ type: z.literal('redirect_to_url'), url: z.string(), returnUrl: z.string() }),
  z.object({
    type: z.literal('display_vietqr'),
    /** The EMVCo text to draw as a QR code. */
    data: z.string(),
    bankBin: z.string(),
    bankName: z.string(),
    accountNumber: z.string(),
    accountName: z.string().nullable(),
    amountVnd: z.number().int(),
    memo: z.string(),
  }),
])
export type NextActionDto = z.infer<typeof nextActionDto>

export const refundDto = z.object({
  id: z.string(),
  object: z.literal('refund'),
  intentId: z.string(),
  amountVnd: z.number().int(),
  reason: z.enum(REFUND_REASONS),
  note: z.string().nullable(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  failureCode: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
})
export type RefundDto = z.infer<typeof refundDto>

export const paymentIntentDto = z.object({
  id: z.string(),
  object: z.literal('payment_intent'),
  orderId: z.string(),
  orderNumber: z.string(),
  method: z.enum(PAYMENT_METHODS),
  status: z.enum(PAYMENT_INTENT_STATUSES),
  currency: z.literal('vnd'),
  amountVnd: z.number().int(),
  amountReceivedVnd: z.number().int(),
  amountRefundedVnd: z.number().int(),
  /** Still refundable: received − refunded − refunds under way. */
  amountRefundableVnd: z.number().int(),
  nextAction: nextActionDto.nullable(),
  /** VNPay's vnp_TxnRef, or the memo a transfer must carry. */
  providerRef: z.string().nullable(),
  providerTransactionNo: z.string().nullable(),
  /** The provider's last result code (e.g. VNPay 24 = cancelled by the customer). */
  providerCode: z.string().nullable(),
  cashTenderedVnd: z.number().int().nullable(),
  changeVnd: z.number().int().nullable(),
  cancellationReason: z.string().nullable(),
  failureCode: z.string().nullable(),
  expiresAt: z.string().nullable(),
  note: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  succeededAt: z.string().nullable(),
  canceledAt: z.string().nullable(),
  refunds: z.array(refundDto),
  canCancel: z.boolean(),
})
export type PaymentIntentDto = z.infer<typeof paymentIntentDto>

export const orderPaymentsDto = z.object({
  orderId: z.string(),
  orderNumber: z.string(),
  totalVnd: z.number().int(),
  paidVnd: z.number().int(),
  refundedVnd: z.number().int(),
  outstandingVnd: z.number().int(),
  paymentStatus: z.enum(ORDER_PAYMENT_STATUSES),
  intents: z.array(paymentIntentDto),
})
export type OrderPaymentsDto = z.infer<typeof orderPaymentsDto>

export const paymentEventDto = z.object({
  id: z.string(),
  intentId: z.string().nullable(),
  refundId: z.string().nullable(),
  /** e.g. vnpay.return, vnpay.querydr, intent.created, refund.succeeded. */
  type: z.string(),
  source: z.string(),
  /** The message as it was received or sent (secrets never included). */
  payload: z.unknown(),
  /** Whether its signature checked out; null where there is none (a cashier's word). */
  verified: z.boolean().nullable(),
  outcome: z.enum(['applied', 'unchanged', 'rejected']),
  /** Why it was rejected or left unchanged: bad_signature, amount_mismatch, unknown_txn, duplicate… */
  reason: z.string().nullable(),
  statusBefore: z.string().nullable(),
  statusAfter: z.string().nullable(),
  actor: z.string(),
  at: z.string(),
})
export type PaymentEventDto = z.infer<typeof paymentEventDto>

// ---------------------------------------------------------------------------------------------
// Settings

export const SANDBOX_PAYMENT_URL = 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html'
export const SANDBOX_API_URL = 'https://sandbox.vnpayment.vn/merchant_webapi/api/transaction'


export const updateVnpayConfigInput = z.object({
  tmnCode: z.string().trim().refine((v) => /^[A-Za-z0-9]{8}$/.test(v), { params: reason('tmn_code_format') }),
  /** Omitted: keep the secret already stored. */
  hashSecret: z.string().trim().min(16).max(256).optional(),
  paymentUrl: httpUrl.default(SANDBOX_PAYMENT_URL),
  apiUrl: httpUrl.default(SANDBOX_API_URL),
})
export type UpdateVnpayConfigInput = z.input<typeof updateVnpayConfigInput>

export const paymentSettingsDto = z.object({
  sellerId: z.string().nullable(),
  vnpay: z
    .object({
      tmnCode: z.string(),
      paymentUrl: z.string(),
      apiUrl: z.string(),
      isSandbox: z.boolean(),
      /** 'os': sealed by the operating system; 'key_file': a key file next to the data (browser mode). */
      secretProtection: z.enum(['os', 'key_file']),
      updatedAt: z.string(),
    })
    .nullable(),
  /** How this machine would seal a secret saved now. */
  secretProtection: z.enum(['os', 'key_file']),
  vietqr: z
    .object({ bankBin: z.string(), bankName: z.string(), accountNumber: z.string(), accountName: z.string().nullable() })
    .nullable(),
})
export type PaymentSettingsDto = z.infer<typeof paymentSettingsDto>

// ---------------------------------------------------------------------------------------------
// Statements (bank credits for VietQR transfers; carriers' COD remittances)

export const STATEMENT_KINDS = ['bank', 'cod'] as const
export type StatementKind = (typeof STATEMENT_KINDS)[number]

export const BANK_FIELDS = ['date', 'credit', 'debit', 'amount', 'description', 'reference'] as const
export const COD_FIELDS = ['orderNumber', 'trackingCode', 'codAmount', 'fee', 'date'] as const

export const statementMappingInput = z.record(z.string(), z.number().int().min(0).max(200).nullable())

export const previewStatementInput = z.object({
  kind: z.enum(STATEMENT_KINDS),
  fileName: requiredText(255),
  contentBase64: z.string().min(1).max(Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4),
  /** Whose file this is (a bank or carrier name): its column mapping is remembered under it. */
  profile: requiredText(60),
  /** 1-based row of the column titles; omitted: remembered for the profile, or guessed. */
  headerRow: z.number().int().min(1).max(1000).optional(),
  /** Field → 0-based column; omitted: remembered for the profile, or guessed. */
  mapping: statementMappingInput.optional(),
})
export type PreviewStatementInput = z.input<typeof previewStatementInput>

export const statementCandidateDto = z.object({
  intentId: z.string().nullable(),
  orderId: z.string(),
  orderNumber: z.string(),
  expectedVnd: z.number().int(),
  reasons: z.array(z.string()),
})

export const statementLineDto = z.object({
  index: z.number().int(),
  rowNumber: z.number().int(),
  date: z.string().nullable(),
  amountVnd: z.number().int(),
  feeVnd: z.number().int().nullable(),
  description: z.string().nullable(),
  reference: z.string().nullable(),
  /** matched: one candidate, amount equal. ambiguous/difference: a person decides. */
  match: z.enum(['matched', 'ambiguous', 'difference', 'unmatched', 'duplicate', 'already_applied']),
  reasons: z.array(z.string()),
  candidates: z.array(statementCandidateDto),
})
export type StatementLineDto = z.infer<typeof statementLineDto>

export const statementPreviewDto = z.object({
  importId: z.string(),
  kind: z.enum(STATEMENT_KINDS),
  profile: z.string(),
  fileName: z.string(),
  /** The first rows as they are in the file, for the column-mapping step. */
  sampleRows: z.array(z.object({ rowNumber: z.number().int(), cells: z.array(z.string()) })),
  headerRow: z.number().int(),
  header: z.array(z.string()),
  mapping: z.record(z.string(), z.number().int().nullable()),
  /** Fields the mapping still lacks; nothing can be matched until they are chosen. */
  missingFields: z.array(z.string()),
  lines: z.array(statementLineDto),
  rowErrors: z.array(z.object({ rowNumber: z.number().int(), code: z.string(), column: z.string().nullable() })),
  skippedDebits: z.number().int(),
  summary: z.object({
    matched: z.number().int(),
    ambiguous: z.number().int(),
    difference: z.number().int(),
    unmatched: z.number().int(),
    duplicate: z.number().int(),
    alreadyApplied: z.number().int(),
    matchedVnd: z.number().int(),
  }),
})
export type StatementPreviewDto = z.infer<typeof statementPreviewDto>

export const applyStatementInput = z.object({
  importId: z.string().min(1),
  /**
   * The lines to apply. A `matched` line needs no choice; an ambiguous or different one needs
   * the candidate a person picked (orderId, and intentId for bank lines when there is one).
   */
  lines: z
    .array(z.object({ index: z.number().int().min(0), orderId: z.string().min(1), intentId: z.string().min(1).nullish().transform((v) => v ?? null) }))
    .min(1)
    .max(100_000),
})
export type ApplyStatementInput = z.input<typeof applyStatementInput>

export const statementResultDto = z.object({
  importId: z.string(),
  applied: z.number().int(),
  appliedVnd: z.number().int(),
  orders: z.array(z.object({ orderId: z.string(), orderNumber: z.string(), amountVnd: z.number().int() })),
})
export type StatementResultDto = z.infer<typeof statementResultDto>
