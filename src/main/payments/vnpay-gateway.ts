/**
 * The seller's VNPay terminal as the payments service sees it: load the configuration (opening
 * the sealed secret), build the payment URL, ask querydr, send a refund. Every answer is
 * reduced to plain facts (verified? which codes? how much in đồng?) plus the raw message for the
 * event log; deciding what they mean for an intent is the state machine's job.
 */
import type { AxiosInstance } from 'axios'
import { AppError } from '@shared/contract/errors'
import { SANDBOX_API_URL } from '@shared/contract/payments'
import type { Db } from '../db/connection'
import type { SecretBox } from './secret-box'
import { createVnpayApi, VnpayUnreachable } from './vnpay/client'
import {
  asciiOrderInfo,
  buildPaymentUrl,
  buildQueryDrRequest,
  buildRefundRequest,
  formatVnpDate,
  newRequestId,
  parseVnpCallback,
  verifyQueryDrResponse,
  verifyRefundResponse,
} from './vnpay/protocol'

export interface VnpayTerminal {
  readonly sellerId: string
  readonly tmnCode: string
  readonly hashSecret: string
  readonly paymentUrl: string
  readonly apiUrl: string
}

/** The IP VNPay is told for server-side calls; a desktop has no public one (reference 6). */
const LOOPBACK_IP = '127.0.0.1'

export async function loadTerminal(db: Db, secrets: SecretBox, sellerId: string | null): Promise<VnpayTerminal | null> {
  if (!sellerId) return null
  const row = await db.selectFrom('vnpay_config').selectAll().where('seller_id', '=', sellerId).executeTakeFirst()
  if (!row) return null
  if (row.secret_protection !== secrets.protection) {
    // Sealed by the desktop app's OS keychain but opened in browser mode (or the reverse).
    throw new AppError('CONFLICT', 'The VNPay secret was saved by the other mode of the app; enter it again here', { reason: 'vnpay_secret_other_mode' })
  }
  let hashSecret: string
  try {
    hashSecret = secrets.open(row.secret_sealed)
  } catch {
    throw new AppError('CONFLICT', 'The stored VNPay secret cannot be opened on this machine; enter it again in Settings', { reason: 'vnpay_secret_unreadable' })
  }
  return { sellerId: row.seller_id, tmnCode: row.tmn_code, hashSecret, paymentUrl: row.payment_url, apiUrl: row.api_url }
}

export function isSandbox(apiUrl: string): boolean {
  return new URL(apiUrl).host === new URL(SANDBOX_API_URL).host
}

export interface PaymentUrlRequest {
  readonly amountVnd: number
  readonly txnRef: string
  readonly orderNumber: string
  readonly createdAtMs: number
  readonly expireAtMs: number
  readonly returnUrl: string
  readonly locale: 'vn' | 'en'
  readonly bankCode?: string
}

export function paymentUrl(terminal: VnpayTerminal, r: PaymentUrlRequest): { url: string; createDate: string; orderInfo: string } {
  const orderInfo = asciiOrderInfo(`Thanh toan don hang ${r.orderNumber}`)
  const url = buildPaymentUrl(
    { tmnCode: terminal.tmnCode, hashSecret: terminal.hashSecret, paymentUrl: terminal.paymentUrl },
    {
      amountVnd: r.amountVnd,
      txnRef: r.txnRef,
      orderInfo,
      createdAtMs: r.createdAtMs,
      expireAtMs: r.expireAtMs,
      ipAddr: LOOPBACK_IP,
      returnUrl: r.returnUrl,
      locale: r.locale,
      ...(r.bankCode && { bankCode: r.bankCode }),
    },
  )
  return { url, createDate: formatVnpDate(r.createdAtMs), orderInfo }
}

export type CallbackFacts = ReturnType<typeof parseVnpCallback>

export function readCallback(terminal: VnpayTerminal, query: URLSearchParams): CallbackFacts {
  return parseVnpCallback(query, terminal.hashSecret, terminal.tmnCode)
}

export type ProviderAnswer<T> = { readonly kind: 'answer'; readonly request: unknown; readonly facts: T } | { readonly kind: 'unreachable'; readonly request: unknown; readonly problem: string }

function redactedRequest(body: Record<string, unknown>): Record<string, unknown> {
  // The checksum is kept (it proves what we sent); nothing secret is in the body.
  return { ...body }
}

export function createVnpayCalls(http: AxiosInstance) {
  return {
    async queryDr(
      terminal: VnpayTerminal,
      q: { txnRef: string; transactionDate: string; orderNumber: string; transactionNo?: string | null; nowMs: number },
    ): Promise<ProviderAnswer<ReturnType<typeof verifyQueryDrResponse>>> {
      const body = buildQueryDrRequest(
        { tmnCode: terminal.tmnCode, hashSecret: terminal.hashSecret },
        {
          requestId: newRequestId(),
          txnRef: q.txnRef,
          orderInfo: asciiOrderInfo(`Truy van don hang ${q.orderNumber}`),
          transactionDate: q.transactionDate,
          createdAtMs: q.nowMs,
          ipAddr: LOOPBACK_IP,
          ...(q.transactionNo && { transactionNo: q.transactionNo }),
        },
      )
      const request = redactedRequest(body as unknown as Record<string, unknown>)
      try {
        const { raw } = await createVnpayApi({ http, apiUrl: terminal.apiUrl }).queryDr(body)
        return { kind: 'answer', request, facts: verifyQueryDrResponse(raw, terminal.hashSecret) }
      } catch (error) {
        if (error instanceof VnpayUnreachable) return { kind: 'unreachable', request, problem: error.message }
        throw error
      }
    },

    async refund(
      terminal: VnpayTerminal,
      r: { txnRef: string; transactionDate: string; transactionNo: string | null; amountVnd: number; transactionType: '02' | '03'; createBy: string; orderNumber: string; nowMs: number },
    ): Promise<ProviderAnswer<ReturnType<typeof verifyRefundResponse>> & { requestId: string }> {
      const requestId = newRequestId()
      const body = buildRefundRequest(
        { tmnCode: terminal.tmnCode, hashSecret: terminal.hashSecret },
        {
          requestId,
          transactionType: r.transactionType,
          txnRef: r.txnRef,
          amountVnd: r.amountVnd,
          // VNPay's own demo sends 0 when the transaction number is unknown (reference section 2).
          transactionNo: r.transactionNo ?? '0',
          transactionDate: r.transactionDate,
          createBy: asciiOrderInfo(r.createBy).slice(0, 250) || 'ocop',
          createdAtMs: r.nowMs,
          ipAddr: LOOPBACK_IP,
          orderInfo: asciiOrderInfo(`Hoan tien don hang ${r.orderNumber}`),
        },
      )
      const request = redactedRequest(body as unknown as Record<string, unknown>)
      try {
        const { raw } = await createVnpayApi({ http, apiUrl: terminal.apiUrl }).refund(body)
        return { kind: 'answer', request, requestId, facts: verifyRefundResponse(raw, terminal.hashSecret) }
      } catch (error) {
        if (error instanceof VnpayUnreachable) return { kind: 'unreachable', request, requestId, problem: error.message }
        throw error
      }
    },
  }
}

export type VnpayCalls = ReturnType<typeof createVnpayCalls>
