/**
 * Payment intents over VNPay, VietQR transfers, cash and COD (after Stripe's PaymentIntent).
 *
 * - Every message about money (URL built, return, IPN, querydr, refund, cashier, statement) is
 *   appended to `payment_event` raw, with its verification result, in the same transaction as
 *   whatever it changed: a forged, replayed or mismatched message is logged and changes nothing.
 * - Provider codes are mapped to signals; domain/payment-state.ts decides the status.
 * - A desktop has no public IPN URL, so querydr is the source of truth for VNPay: asked at once
 *   when the customer comes back, then polled with backoff (`next_poll_at`, durable across
 *   restarts) until the intent is final.
 */
import { createHash } from 'node:crypto'
import type { AxiosInstance } from 'axios'
import type { z } from 'zod'
import { AppError } from '@shared/contract/errors'
import type {
  cancelIntentInput,
  confirmReceivedInput,
  createIntentInput,
  listEventsInput,
  NextActionDto,
  OrderPaymentsDto,
  PaymentEventDto,
  PaymentIntentDto,
  PaymentSettingsDto,
  refundInput,
  updateVnpayConfigInput,
} from '@shared/contract/payments'
import { findBankByBin } from '@shared/domain/banks'
import { canCancel, cashChange, isFinal, nextIntentState, orderPaymentStatus, outstandingVnd, vnpayRefundType, type PaymentIntentStatus, type PaymentSignal } from '@shared/domain/payment-state'
import { buildVietQrPayload, orderMemo } from '@shared/domain/vietqr'
import { classifyPayResult, classifyQueryDr } from '@shared/domain/vnpay-codes'
import type { CallContext, Desktop, ServiceDeps } from '../context'
import type { Db } from '../db/connection'
import type { PaymentIntentRow } from '../db/schema'
import type { Logger } from '../logger'
import { appendPaymentEvent, insertIntent, loadIntentRow, refreshOrderPayment, toEventDto, toIntentDto, toIntentDtos } from './payments.repo'
import type { SecretBox } from './secret-box'
import { createVnpayCalls, isSandbox, loadTerminal, paymentUrl, readCallback, type VnpayTerminal } from './vnpay-gateway'

type CreateIntent = z.output<typeof createIntentInput>
type CancelIntent = z.output<typeof cancelIntentInput>
type ConfirmReceived = z.output<typeof confirmReceivedInput>
type Refund = z.output<typeof refundInput>
type ListEvents = z.output<typeof listEventsInput>
type UpdateVnpayConfig = z.output<typeof updateVnpayConfigInput>

export interface PaymentsDeps extends ServiceDeps {
  readonly secrets: SecretBox
  readonly http: AxiosInstance
  readonly logger: Logger
  /** Where VNPay sends the customer back (the app's loopback server), once it listens. */
  readonly callbackBaseUrl: () => string | null
}

/** VNPay's page stays open this long (the official demos use 15 minutes). */
export const VNPAY_WINDOW_MS = 15 * 60_000
/** After the window closes, querydr is still asked for this long before the intent expires. */
export const VNPAY_GRACE_MS = 10 * 60_000
const FIRST_POLL_MS = 60_000
const GIVE_UP_POLLING_MS = 24 * 60 * 60_000
/** Longer than any refund call can take (the client gives up after 15 s). */
const REFUND_STALE_MS = 10 * 60_000
const MAX_POLL_MS = 5 * 60_000
/** Orders that can take money: confirmed and after, not cancelled or returned. */
const PAYABLE_ORDER_STATUSES = new Set(['confirmed', 'packed', 'shipped', 'delivered', 'completed'])

export function pollDelayMs(attempts: number): number {
  return Math.min(MAX_POLL_MS, 15_000 * 2 ** Math.min(attempts, 10))
}

function requestHash(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex')
}

/** The error a failed refund answers with, the first time and on every replay of its key. */
function refundFailure(failureCode: string | null): AppError {
  switch (failureCode) {
    case 'provider_unreachable':
      return new AppError('CONFLICT', 'VNPay did not answer the refund; check the VNPay merchant portal before trying again', { reason: 'provider_unreachable' })
    case 'bad_signature':
      return new AppError('CONFLICT', 'VNPay’s answer to the refund failed its signature check; nothing was recorded as refunded', { reason: 'bad_signature' })
    case 'interrupted':
      return new AppError('CONFLICT', 'The app stopped while this refund was being sent; check the VNPay merchant portal', { reason: 'refund_interrupted' })
    case 'vnpay_not_configured':
      return new AppError('VALIDATION', 'VNPay is not set up: enter the terminal code and secret in Settings', { reason: 'vnpay_not_configured' })
    default: {
      const providerCode = failureCode === 'vnpay_refund_rejected' ? '09' : (failureCode ?? '').replace(/^vnpay_/, '')
      return new AppError('CONFLICT', `VNPay refused the refund (code ${providerCode || '?'})`, { reason: 'provider_refused', providerCode })
    }
  }
}

function invalid(message: string, code: string, path: string, params?: Record<string, string | number>): never {
  throw new AppError('VALIDATION', message, { issues: [{ path: [path], code, message, ...(params && { params }) }] })
}

/** What a VNPay outcome (pay result or querydr status) means for an intent. */
function signalFor(outcome: ReturnType<typeof classifyPayResult>, authoritative: boolean): PaymentSignal | null {
  switch (outcome) {
    case 'succeeded':
      return authoritative ? { kind: 'confirmed' } : { kind: 'customer_returned' }
    case 'failed':
      return { kind: 'declined' }
    case 'canceled':
      return { kind: 'abandoned' }
    case 'expired':
      return { kind: 'timed_out' }
    case 'pending':
    case 'review':
      return null
  }
}

/** The reply VNPay expects from an IPN endpoint (reference 1.4). */
export interface IpnReply {
  readonly RspCode: '00' | '01' | '02' | '04' | '97' | '99'
  readonly Message: string
}

export interface CallbackResult {
  readonly intent: PaymentIntentDto | null
  readonly outcome: 'applied' | 'unchanged' | 'rejected'
  readonly reason: string | null
  readonly reply: IpnReply
  /** The pay result VNPay reported (for the page shown to the customer). */
  readonly responseCode: string | null
}

export function createPaymentsService(deps: PaymentsDeps) {
  const { db, clock, newId, secrets, logger } = deps
  const vnpay = createVnpayCalls(deps.http)

  async function defaultSellerId(trx: Db): Promise<string | null> {
    const row = await trx.selectFrom('seller').select('id').orderBy('is_default', 'desc').orderBy('created_at').limit(1).executeTakeFirst()
    return row?.id ?? null
  }

  async function loadOrder(trx: Db, orderId: string) {
    const order = await trx.selectFrom('sales_order').select(['id', 'number', 'status', 'total_vnd', 'paid_vnd', 'refunded_vnd']).where('id', '=', orderId).executeTakeFirst()
    if (!order) throw new AppError('NOT_FOUND', `No order ${orderId}`, { entity: 'order', id: orderId })
    return order
  }

  /**
   * Applies a signal to an intent inside `trx`: the state machine decides, the intent and its
   * order change, and the event is logged whatever the outcome.
   */
  async function applySignal(
    trx: Db,
    row: PaymentIntentRow,
    signal: PaymentSignal | null,
    event: { type: string; source: string; payload: unknown; verified: boolean | null; actor: string; reason?: string },
    provider: { code?: string | null; txnNo?: string | null; payDate?: string | null; receivedVnd?: number } = {},
  ): Promise<{ row: PaymentIntentRow; outcome: 'applied' | 'unchanged' | 'rejected'; reason: string | null }> {
    const at = clock.isoNow()
    const transition = signal ? nextIntentState(row.status, row.method, signal) : ({ kind: 'unchanged' } as const)
    const providerChanges = {
      ...(provider.code !== undefined && provider.code !== null && { provider_code: provider.code }),
      ...(provider.txnNo && provider.txnNo !== '0' && { provider_txn_no: provider.txnNo }),
      ...(provider.payDate && { provider_pay_date: provider.payDate }),
    }
    if (transition.kind !== 'move') {
      const reason = transition.kind === 'refused' ? transition.reason : (event.reason ?? (signal && isFinal(row.status) ? 'duplicate' : null))
      if (Object.keys(providerChanges).length > 0 && transition.kind === 'unchanged' && !isFinal(row.status)) {
        await trx.updateTable('payment_intent').set({ ...providerChanges, updated_at: at }).where('id', '=', row.id).execute()
      }
      await appendPaymentEvent(trx, newId, { intentId: row.id, ...event, outcome: 'unchanged', reason, statusBefore: row.status, statusAfter: row.status, at })
      return { row: await loadIntentRow(trx, row.id), outcome: 'unchanged', reason }
    }
    const to = transition.to
    const succeeded = to === 'succeeded'
    await trx
      .updateTable('payment_intent')
      .set({
        ...providerChanges,
        status: to,
        updated_at: at,
        version: row.version + 1,
        ...(succeeded && { amount_received_vnd: provider.receivedVnd ?? row.amount_vnd, succeeded_at: at, next_poll_at: null }),
        ...(to === 'canceled' && { canceled_at: at, cancellation_reason: signal?.kind === 'abandoned' ? 'abandoned' : (row.cancellation_reason ?? 'requested_by_customer') }),
        // VNPay's own code (51 insufficient balance…) when it gave one, on this message or an earlier return.
        ...(to === 'failed' && { failure_code: provider.code ?? row.provider_code ?? 'declined' }),
        ...(to === 'expired' && { cancellation_reason: 'expired' }),
        ...(isFinal(to) && !succeeded && { next_poll_at: null }),
      })
      .where('id', '=', row.id)
      .execute()
    await appendPaymentEvent(trx, newId, {
      intentId: row.id,
      ...event,
      outcome: 'applied',
      reason: transition.late ? 'late_confirmation' : (event.reason ?? null),
      statusBefore: row.status,
      statusAfter: to,
      at,
    })
    if (succeeded) await refreshOrderPayment(trx, row.order_id)
    return { row: await loadIntentRow(trx, row.id), outcome: 'applied', reason: transition.late ? 'late_confirmation' : null }
  }

  async function terminalFor(row: Pick<PaymentIntentRow, 'seller_id'>): Promise<VnpayTerminal> {
    const terminal = await loadTerminal(db, secrets, row.seller_id)
    if (!terminal) throw new AppError('VALIDATION', 'VNPay is not set up: enter the terminal code and secret in Settings', { reason: 'vnpay_not_configured' })
    return terminal
  }

  /** Asks VNPay (querydr) how a payment stands and applies the answer. */
  async function askVnpay(row: PaymentIntentRow, actor: string): Promise<PaymentIntentRow> {
    if (row.method !== 'vnpay' || !row.provider_ref || !row.provider_create_date) return row
    const terminal = await terminalFor(row)
    const order = await loadOrder(db, row.order_id)
    const answer = await vnpay.queryDr(terminal, {
      txnRef: row.provider_ref,
      transactionDate: row.provider_create_date,
      orderNumber: order.number,
      transactionNo: row.provider_txn_no,
      nowMs: clock.now(),
    })
    return db.transaction().execute(async (trx) => {
      const current = await loadIntentRow(trx, row.id)
      const nowMs = clock.now()
      const pastWindow = current.expires_at !== null && nowMs > Date.parse(current.expires_at) + VNPAY_GRACE_MS
      let result: { row: PaymentIntentRow }
      if (answer.kind === 'unreachable') {
        await appendPaymentEvent(trx, newId, {
          intentId: current.id,
          type: 'vnpay.querydr',
          source: 'vnpay_querydr',
          payload: { request: answer.request, problem: answer.problem },
          verified: null,
          outcome: 'unchanged',
          reason: 'provider_unreachable',
          statusBefore: current.status,
          statusAfter: current.status,
          actor,
          at: clock.isoNow(),
        })
        result = { row: current }
      } else {
        const f = answer.facts
        const payload = { request: answer.request, response: f.raw }
        const base = { type: 'vnpay.querydr', source: 'vnpay_querydr', payload, verified: f.verified, actor }
        const rejection = !f.verified ? 'bad_signature' : f.responseCode === '00' && f.amountVnd !== null && f.amountVnd !== current.amount_vnd ? 'amount_mismatch' : null
        if (rejection) {
          await appendPaymentEvent(trx, newId, { intentId: current.id, ...base, outcome: 'rejected', reason: rejection, statusBefore: current.status, statusAfter: current.status, at: clock.isoNow() })
          result = { row: current }
        } else if (f.responseCode === '00') {
          const outcome = classifyQueryDr(f.transactionStatus ?? '', f.transactionType ?? '01')
          // querydr reports only a status: a customer's cancel shows as a plain failure (02), so
          // the pay code of a verified return, when there was one, says which it was.
          let signal = signalFor(outcome, true)
          if (signal?.kind === 'declined' && current.provider_code === '24') signal = { kind: 'abandoned' }
          // Never paid and the window has closed: VNPay reports the dead attempt as failed (02).
          const windowClosed = current.expires_at !== null && nowMs > Date.parse(current.expires_at)
          if (signal?.kind === 'declined' && windowClosed && current.status === 'requires_action' && current.provider_code === null) signal = { kind: 'timed_out' }
          if (signal === null && pastWindow && current.status === 'requires_action') signal = { kind: 'timed_out' }
          result = await applySignal(trx, current, signal, base, { txnNo: f.transactionNo ?? null, payDate: f.payDate ?? null })
        } else {
          // 91: VNPay has no such payment (the page was never paid). Past the window, it never will be.
          const signal: PaymentSignal | null = f.responseCode === '91' && pastWindow ? { kind: 'timed_out' } : null
          result = await applySignal(trx, current, signal, { ...base, reason: `querydr_${f.responseCode ?? 'unknown'}` })
        }
      }
      return schedulePoll(trx, result.row, answer.kind === 'answer' && answer.facts.responseCode === '94')
    })
  }

  async function schedulePoll(trx: Db, row: PaymentIntentRow, slowDown: boolean): Promise<PaymentIntentRow> {
    if (row.method !== 'vnpay' || isFinal(row.status)) {
      if (row.next_poll_at !== null) await trx.updateTable('payment_intent').set({ next_poll_at: null }).where('id', '=', row.id).execute()
      return loadIntentRow(trx, row.id)
    }
    // A payment VNPay still calls pending a day after its window is left for a person to check
    // ("Kiểm tra lại"), rather than asked about every few minutes for ever.
    if (row.expires_at !== null && clock.now() > Date.parse(row.expires_at) + GIVE_UP_POLLING_MS) {
      await trx.updateTable('payment_intent').set({ next_poll_at: null }).where('id', '=', row.id).execute()
      return loadIntentRow(trx, row.id)
    }
    const attempts = row.poll_attempts + (slowDown ? 2 : 1)
    const next = new Date(clock.now() + pollDelayMs(attempts)).toISOString()
    await trx.updateTable('payment_intent').set({ next_poll_at: next, poll_attempts: attempts }).where('id', '=', row.id).execute()
    return loadIntentRow(trx, row.id)
  }

  async function createVnpayAction(trx: Db, input: CreateIntent, order: { number: string }, intentId: string, sellerId: string | null) {
    const terminal = await loadTerminal(trx, secrets, sellerId)
    if (!terminal) throw new AppError('VALIDATION', 'VNPay is not set up: enter the terminal code and secret in Settings', { reason: 'vnpay_not_configured' })
    const base = deps.callbackBaseUrl()
    if (!base) throw new AppError('CONFLICT', 'The app cannot receive VNPay’s answer right now (its local return address is not ready)', { reason: 'return_url_unavailable' })
    const nowMs = clock.now()
    // Unique per attempt, not per order (reference 6): the order's memo plus the intent's own id.
    const txnRef = `${orderMemo(order.number)}-${intentId.slice(-10).toUpperCase()}`
    const returnUrl = `${base}/vnpay/return`
    const built = paymentUrl(terminal, {
      amountVnd: input.amountVnd as number,
      txnRef,
      orderNumber: order.number,
      createdAtMs: nowMs,
      expireAtMs: nowMs + VNPAY_WINDOW_MS,
      returnUrl,
      locale: input.locale,
      ...(input.vnpayBankCode && { bankCode: input.vnpayBankCode }),
    })
    const action: NextActionDto = { type: 'redirect_to_url', url: built.url, returnUrl }
    return { action, txnRef, createDate: built.createDate, expiresAt: new Date(nowMs + VNPAY_WINDOW_MS).toISOString() }
  }

  async function createVietQrAction(trx: Db, input: CreateIntent, order: { number: string }, sellerId: string | null) {
    const seller = sellerId ? await trx.selectFrom('seller').selectAll().where('id', '=', sellerId).executeTakeFirst() : undefined
    if (!seller?.bank_bin || !seller.bank_account_number) {
      throw new AppError('VALIDATION', 'Choose the bank and enter the account number of the seller to show a VietQR code', { reason: 'vietqr_not_configured' })
    }
    // One memo per transfer: a second QR for the same order gets its own, so a statement line
    // names exactly one intent.
    let memo = orderMemo(order.number)
    for (let n = 2; await trx.selectFrom('payment_intent').select('id').where('method', '=', 'vietqr').where('provider_ref', '=', memo).executeTakeFirst(); n++) {
      memo = `${orderMemo(order.number)}L${n}`
    }
    const amountVnd = input.amountVnd as number
    const data = buildVietQrPayload({ bin: seller.bank_bin, accountNumber: seller.bank_account_number, amountVnd, memo })
    const action: NextActionDto = {
      type: 'display_vietqr',
      data,
      bankBin: seller.bank_bin,
      bankName: findBankByBin(seller.bank_bin)?.shortName ?? seller.bank_name ?? seller.bank_bin,
      accountNumber: seller.bank_account_number,
      accountName: seller.bank_account_name,
      amountVnd,
      memo,
    }
    return { action, memo }
  }

  const service = {
    async createIntent(input: CreateIntent, ctx: CallContext): Promise<PaymentIntentDto> {
      const hash = requestHash([input.orderId, input.amountVnd ?? null, input.method, input.cashTenderedVnd ?? null, input.vnpayBankCode ?? null, input.locale])
      return db.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('payment_intent').selectAll().where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst()
        if (existing) {
          if (existing.request_hash !== hash) {
            throw new AppError('CONFLICT', 'This idempotency key was already used with different parameters', { reason: 'idempotency_mismatch', intentId: existing.id })
          }
          return toIntentDto(trx, existing)
        }
        const order = await loadOrder(trx, input.orderId)
        if (!PAYABLE_ORDER_STATUSES.has(order.status)) {
          throw new AppError('CONFLICT', `Order ${order.number} cannot take a payment while it is ${order.status}`, { reason: 'order_not_payable', status: order.status })
        }
        const owed = outstandingVnd(order.total_vnd, order.paid_vnd, order.refunded_vnd)
        if (owed === 0) throw new AppError('CONFLICT', `Order ${order.number} is already paid`, { reason: 'order_already_paid' })
        const amountVnd = input.amountVnd ?? owed
        if (amountVnd > owed) invalid(`Order ${order.number} owes only ${owed} đồng`, 'amount_exceeds_outstanding', 'amountVnd', { outstanding: owed })
        const sellerId = await defaultSellerId(trx)
        const id = newId('paymentIntent')
        const at = clock.isoNow()
        const priced = { ...input, amountVnd }
        let status: PaymentIntentStatus = 'requires_action'
        const extra: Partial<PaymentIntentRow> = {}
        let eventPayload: unknown = { orderId: order.id, amountVnd, method: input.method }
        switch (input.method) {
          case 'vnpay': {
            const v = await createVnpayAction(trx, priced, order, id, sellerId)
            Object.assign(extra, {
              next_action_json: JSON.stringify(v.action),
              provider_ref: v.txnRef,
              provider_create_date: v.createDate,
              expires_at: v.expiresAt,
              next_poll_at: new Date(clock.now() + FIRST_POLL_MS).toISOString(),
            })
            eventPayload = { ...(eventPayload as object), paymentUrl: v.action.url }
            break
          }
          case 'vietqr': {
            const q = await createVietQrAction(trx, priced, order, sellerId)
            Object.assign(extra, { next_action_json: JSON.stringify(q.action), provider_ref: q.memo })
            eventPayload = { ...(eventPayload as object), qr: q.action }
            break
          }
          case 'cash': {
            const tendered = input.cashTenderedVnd ?? amountVnd
            const change = cashChange(amountVnd, tendered)
            if (change === null) invalid('The cash handed over is less than the amount', 'cash_short', 'cashTenderedVnd', { amount: amountVnd })
            status = 'succeeded'
            Object.assign(extra, { amount_received_vnd: amountVnd, cash_tendered_vnd: tendered, change_vnd: change, succeeded_at: at })
            eventPayload = { ...(eventPayload as object), tenderedVnd: tendered, changeVnd: change }
            break
          }
          case 'cod':
            // The carrier collects at the door; settled by its COD statement or by hand.
            status = 'processing'
            break
        }
        await insertIntent(trx, {
          id,
          order_id: order.id,
          seller_id: sellerId,
          method: input.method,
          status,
          amount_vnd: amountVnd,
          idempotency_key: input.idempotencyKey,
          request_hash: hash,
          created_by: ctx.actor,
          created_at: at,
          ...extra,
        })
        await appendPaymentEvent(trx, newId, {
          intentId: id,
          type: input.method === 'vnpay' ? 'vnpay.url_built' : 'intent.created',
          source: input.method === 'vnpay' ? 'vnpay_url' : 'app',
          payload: eventPayload,
          verified: null,
          outcome: 'applied',
          statusBefore: null,
          statusAfter: status,
          actor: ctx.actor,
          at,
        })
        if (status === 'succeeded') await refreshOrderPayment(trx, order.id)
        return toIntentDto(trx, await loadIntentRow(trx, id))
      })
    },

    async getIntent(id: string): Promise<PaymentIntentDto> {
      return toIntentDto(db, await loadIntentRow(db, id))
    },

    async orderPayments(orderId: string): Promise<OrderPaymentsDto> {
      const order = await loadOrder(db, orderId)
      const rows = await db.selectFrom('payment_intent').selectAll().where('order_id', '=', orderId).orderBy('seq', 'desc').execute()
      return {
        orderId: order.id,
        orderNumber: order.number,
        totalVnd: order.total_vnd,
        paidVnd: order.paid_vnd,
        refundedVnd: order.refunded_vnd,
        outstandingVnd: outstandingVnd(order.total_vnd, order.paid_vnd, order.refunded_vnd),
        paymentStatus: orderPaymentStatus(order.total_vnd, order.paid_vnd, order.refunded_vnd),
        intents: await toIntentDtos(db, rows),
      }
    },

    async cancelIntent(input: CancelIntent, ctx: CallContext): Promise<PaymentIntentDto> {
      let row = await loadIntentRow(db, input.id)
      // The customer may have paid on VNPay's page a moment ago: ask before giving up on it.
      if (row.method === 'vnpay' && !isFinal(row.status)) {
        try {
          row = await askVnpay(row, ctx.actor)
        } catch (error) {
          if (!(error instanceof AppError)) throw error
        }
        if (row.status === 'succeeded') throw new AppError('CONFLICT', 'VNPay reports this payment as paid; it cannot be cancelled (refund it instead)', { reason: 'already_succeeded' })
      }
      return db.transaction().execute(async (trx) => {
        const current = await loadIntentRow(trx, input.id)
        const transition = nextIntentState(current.status, current.method, { kind: 'cancel_requested' })
        if (transition.kind !== 'move') {
          throw new AppError('CONFLICT', `A ${current.status} payment cannot be cancelled`, { reason: transition.kind === 'refused' ? transition.reason : 'already_final', status: current.status })
        }
        await trx.updateTable('payment_intent').set({ cancellation_reason: input.reason }).where('id', '=', current.id).execute()
        const result = await applySignal(trx, { ...current, cancellation_reason: input.reason }, { kind: 'cancel_requested' }, {
          type: 'intent.canceled',
          source: 'user',
          payload: { reason: input.reason },
          verified: null,
          actor: ctx.actor,
        })
        return toIntentDto(trx, result.row)
      })
    },

    /** The cashier saw the transfer arrive, or the carrier paid the COD: audited in the event log. */
    async confirmReceived(input: ConfirmReceived, ctx: CallContext): Promise<PaymentIntentDto> {
      return db.transaction().execute(async (trx) => {
        const row = await loadIntentRow(trx, input.id)
        if (row.method === 'vnpay' || row.method === 'cash') {
          throw new AppError('CONFLICT', 'Only a transfer or a COD payment is confirmed by hand; VNPay confirms its own', { reason: 'confirm_not_manual', method: row.method })
        }
        if (row.status === 'succeeded') throw new AppError('CONFLICT', 'This payment is already received', { reason: 'already_succeeded' })
        // A closed QR or COD (cancelled, expired) is not reopened by hand: money that came anyway
        // is recorded against the order as a new payment, where the shop sees it.
        if (isFinal(row.status)) throw new AppError('CONFLICT', `A ${row.status} payment cannot be confirmed`, { reason: 'already_final', status: row.status })
        const result = await applySignal(trx, row, { kind: 'confirmed' }, {
          type: 'intent.confirmed_by_hand',
          source: 'user',
          payload: { note: input.note },
          verified: null,
          actor: ctx.actor,
        })
        if (result.outcome !== 'applied') throw new AppError('CONFLICT', `A ${row.status} payment cannot be confirmed`, { reason: 'already_final', status: row.status })
        await trx.updateTable('payment_intent').set({ note: input.note }).where('id', '=', row.id).execute()
        return toIntentDto(trx, await loadIntentRow(trx, row.id))
      })
    },

    async refund(input: Refund, ctx: CallContext): Promise<PaymentIntentDto> {
      const hash = requestHash([input.intentId, input.amountVnd ?? null, input.reason])
      // Reserve the amount first (a pending refund row), so two refunds at once cannot exceed it.
      const reserved = await db.transaction().execute(async (trx) => {
        if (input.idempotencyKey) {
          const prior = await trx.selectFrom('payment_refund').selectAll().where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst()
          if (prior) {
            if (prior.request_hash !== hash) throw new AppError('CONFLICT', 'This idempotency key was already used with different parameters', { reason: 'idempotency_mismatch' })
            // The same answer as the first time (Stripe's rule), a failure included.
            if (prior.status === 'failed') throw refundFailure(prior.failure_code)
            return { replay: true as const }
          }
        }
        const row = await loadIntentRow(trx, input.intentId)
        if (row.status !== 'succeeded') throw new AppError('CONFLICT', 'Only a received payment can be refunded', { reason: 'not_refundable', status: row.status })
        const pending = await trx
          .selectFrom('payment_refund')
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_vnd'), eb.lit(0)).as('n'))
          .where('intent_id', '=', row.id)
          .where('status', '=', 'pending')
          .executeTakeFirstOrThrow()
        const refundable = row.amount_received_vnd - row.amount_refunded_vnd - Number(pending.n)
        if (refundable <= 0) throw new AppError('CONFLICT', 'Everything received has already been refunded', { reason: 'nothing_to_refund' })
        const amountVnd = input.amountVnd ?? refundable
        if (amountVnd > refundable) invalid(`At most ${refundable} đồng can be refunded`, 'refund_exceeds_received', 'amountVnd', { refundable })
        const id = newId('refund')
        const at = clock.isoNow()
        await trx
          .insertInto('payment_refund')
          .values({
            id,
            intent_id: row.id,
            amount_vnd: amountVnd,
            reason: input.reason,
            note: input.note,
            status: 'pending',
            provider_request_id: null,
            transaction_type: row.method === 'vnpay' ? vnpayRefundType(row.amount_received_vnd, row.amount_refunded_vnd, amountVnd) : null,
            failure_code: null,
            idempotency_key: input.idempotencyKey ?? null,
            request_hash: hash,
            created_by: ctx.actor,
            created_at: at,
            updated_at: at,
          })
          .execute()
        await appendPaymentEvent(trx, newId, {
          intentId: row.id,
          refundId: id,
          type: 'refund.created',
          source: 'user',
          payload: { amountVnd, reason: input.reason, note: input.note },
          verified: null,
          outcome: 'applied',
          statusBefore: row.status,
          statusAfter: row.status,
          actor: ctx.actor,
          at,
        })
        return { replay: false as const, refundId: id, row, amountVnd }
      })
      if (reserved.replay) return service.getIntent(input.intentId)
      const { refundId, row, amountVnd } = reserved

      if (row.method !== 'vnpay') {
        // Cash handed back or a transfer made by the shop: recorded as done.
        return settleRefund(refundId, 'succeeded', null, { type: 'refund.succeeded', source: 'user', payload: { by: row.method }, verified: null }, ctx.actor)
      }
      let terminal: VnpayTerminal
      try {
        terminal = await terminalFor(row)
      } catch (error) {
        await settleRefund(refundId, 'failed', 'vnpay_not_configured', { type: 'refund.failed', source: 'app', payload: {}, verified: null }, ctx.actor)
        throw error
      }
      const order = await loadOrder(db, row.order_id)
      const refundRow = await db.selectFrom('payment_refund').selectAll().where('id', '=', refundId).executeTakeFirstOrThrow()
      const answer = await vnpay.refund(terminal, {
        txnRef: row.provider_ref!,
        transactionDate: row.provider_create_date!,
        transactionNo: row.provider_txn_no,
        amountVnd,
        transactionType: refundRow.transaction_type as '02' | '03',
        createBy: ctx.actor,
        orderNumber: order.number,
        nowMs: clock.now(),
      })
      await db.updateTable('payment_refund').set({ provider_request_id: answer.requestId }).where('id', '=', refundId).execute()
      if (answer.kind === 'unreachable') {
        // Whether VNPay acted on it is unknown; the shop checks the VNPay merchant portal before retrying.
        await settleRefund(refundId, 'failed', 'provider_unreachable', { type: 'vnpay.refund', source: 'vnpay_refund', payload: { request: answer.request, problem: answer.problem }, verified: null }, ctx.actor)
        throw refundFailure('provider_unreachable')
      }
      const f = answer.facts
      const logged = { type: 'vnpay.refund', source: 'vnpay_refund', payload: { request: answer.request, response: f.raw }, verified: f.verified }
      if (!f.verified) {
        await settleRefund(refundId, 'failed', 'bad_signature', { ...logged, reason: 'bad_signature', outcome: 'rejected' }, ctx.actor)
        throw refundFailure('bad_signature')
      }
      if (f.responseCode !== '00') {
        await settleRefund(refundId, 'failed', `vnpay_${f.responseCode ?? 'unknown'}`, logged, ctx.actor)
        throw refundFailure(`vnpay_${f.responseCode ?? 'unknown'}`)
      }
      if (f.transactionStatus === '09') {
        await settleRefund(refundId, 'failed', 'vnpay_refund_rejected', logged, ctx.actor)
        throw refundFailure('vnpay_refund_rejected')
      }
      // 00 with status 05/06: VNPay accepted it and is paying it back; the money is committed.
      return settleRefund(refundId, 'succeeded', null, logged, ctx.actor)
    },

    async listEvents(input: ListEvents): Promise<PaymentEventDto[]> {
      let q = db.selectFrom('payment_event as e').selectAll('e')
      if (input.intentId) q = q.where('e.intent_id', '=', input.intentId)
      if (input.orderId) q = q.where('e.intent_id', 'in', db.selectFrom('payment_intent').select('id').where('order_id', '=', input.orderId))
      const rows = await q.orderBy('e.seq', 'desc').limit(input.limit).execute()
      return rows.map(toEventDto)
    },

    /**
     * The order was cancelled (inside its transaction): every payment still waiting is cancelled
     * too. A VNPay payment the customer reports as made stays open: only VNPay can settle it,
     * and if money arrives it shows on the cancelled order, to be refunded.
     */
    async cancelOpenPayments(trx: Db, orderId: string, actor: string): Promise<void> {
      const open = await trx.selectFrom('payment_intent').selectAll().where('order_id', '=', orderId).where('status', 'in', ['requires_action', 'processing']).execute()
      for (const row of open) {
        if (!canCancel(row.status, row.method)) continue
        await applySignal(trx, { ...row, cancellation_reason: 'order_cancelled' }, { kind: 'cancel_requested' }, { type: 'intent.canceled', source: 'app', payload: { reason: 'order_cancelled' }, verified: null, actor })
      }
    },

    /** The desktop app shows VNPay's page in its own window; browser mode opens a tab itself. */
    async openCheckout(id: string, desktop: Desktop | undefined): Promise<{ openedIn: 'app_window' | 'none'; url: string }> {
      const intent = await service.getIntent(id)
      if (intent.nextAction?.type !== 'redirect_to_url') {
        throw new AppError('CONFLICT', 'This payment has no VNPay page to open', { reason: 'no_checkout', status: intent.status })
      }
      if (!desktop?.openPaymentPage) return { openedIn: 'none', url: intent.nextAction.url }
      await desktop.openPaymentPage(intent.nextAction.url)
      return { openedIn: 'app_window', url: intent.nextAction.url }
    },

    /** "Kiểm tra lại": ask VNPay now. */
    async refresh(id: string, ctx: CallContext): Promise<PaymentIntentDto> {
      const row = await loadIntentRow(db, id)
      if (row.method !== 'vnpay') throw new AppError('VALIDATION', 'Only a VNPay payment can be checked with VNPay', { reason: 'not_vnpay' })
      return toIntentDto(db, await askVnpay(row, ctx.actor))
    },

    /** One round of the poller: every VNPay intent whose time has come. */
    async pollDue(limit = 20): Promise<number> {
      await sweepInterruptedRefunds()
      const due = await db
        .selectFrom('payment_intent')
        .selectAll()
        .where('next_poll_at', 'is not', null)
        .where('next_poll_at', '<=', clock.isoNow())
        .orderBy('next_poll_at')
        .limit(limit)
        .execute()
      for (const row of due) {
        try {
          await askVnpay(row, 'system')
        } catch (error) {
          logger.warn(`payments: polling ${row.id} failed: ${error instanceof Error ? error.message : String(error)}`)
          await db.transaction().execute((trx) => schedulePoll(trx, row, true))
        }
      }
      return due.length
    },

    /** When the next poll is due (the poller sleeps until then), or null when nothing waits. */
    async nextPollAt(): Promise<string | null> {
      const row = await db.selectFrom('payment_intent').select('next_poll_at').where('next_poll_at', 'is not', null).orderBy('next_poll_at').limit(1).executeTakeFirst()
      return row?.next_poll_at ?? null
    },

    /**
     * A VNPay return (the customer's browser) or IPN (VNPay's server), as a query string. The
     * checks of reference 1.4, in its order: signature → TxnRef → amount → state.
     */
    async handleVnpayCallback(kind: 'return' | 'ipn', query: URLSearchParams): Promise<CallbackResult> {
      const raw = Object.fromEntries(query.entries())
      const source = kind === 'return' ? 'vnpay_return' : 'vnpay_ipn'
      const type = `vnpay.${kind}`
      const actor = kind === 'return' ? 'customer' : 'vnpay'
      const txnRef = query.get('vnp_TxnRef') ?? ''
      const row = txnRef ? await db.selectFrom('payment_intent').selectAll().where('method', '=', 'vnpay').where('provider_ref', '=', txnRef).executeTakeFirst() : undefined
      const reject = async (intentId: string | null, reason: string, verified: boolean | null, rsp: IpnReply['RspCode'], status: string | null) => {
        await appendPaymentEvent(db, newId, { intentId, type, source, payload: raw, verified, outcome: 'rejected', reason, statusBefore: status, statusAfter: status, actor, at: clock.isoNow() })
        return { intent: intentId ? await service.getIntent(intentId) : null, outcome: 'rejected' as const, reason, reply: { RspCode: rsp, Message: reason }, responseCode: query.get('vnp_ResponseCode') }
      }
      if (!row) {
        // Still check the signature with the shop's terminal, so the log says whether it was VNPay.
        const terminal = await loadTerminal(db, secrets, await defaultSellerId(db)).catch(() => null)
        const verified = terminal ? readCallback(terminal, query).verified : null
        if (verified === false) return reject(null, 'bad_signature', false, '97', null)
        return reject(null, 'unknown_txn', verified, '01', null)
      }
      let terminal: VnpayTerminal
      try {
        terminal = await terminalFor(row)
      } catch {
        return reject(row.id, 'vnpay_not_configured', null, '99', row.status)
      }
      const facts = readCallback(terminal, query)
      if (!facts.verified || !facts.tmnCodeMatches) return reject(row.id, 'bad_signature', false, '97', row.status)
      if (facts.amountVnd !== row.amount_vnd) return reject(row.id, 'amount_mismatch', true, '04', row.status)

      const outcome = classifyPayResult(facts.responseCode ?? '', facts.transactionStatus ?? '')
      const wasFinal = isFinal(row.status)
      const applied = await db.transaction().execute(async (trx) => {
        const current = await loadIntentRow(trx, row.id)
        return applySignal(trx, current, signalFor(outcome, kind === 'ipn'), { type, source, payload: raw, verified: true, actor }, {
          code: facts.responseCode,
          txnNo: facts.transactionNo,
          payDate: facts.payDate,
        })
      })
      let finalRow = applied.row
      if (kind === 'return' && !isFinal(finalRow.status)) {
        // The return is only a hint (reference 1.4, 6): ask VNPay itself at once.
        try {
          finalRow = await askVnpay(finalRow, 'system')
        } catch (error) {
          logger.warn(`payments: querydr after the return of ${row.id} failed: ${error instanceof Error ? error.message : String(error)}`)
        }
      }
      // 02 tells VNPay to stop: we had already settled this payment and its message changed nothing.
      const reply: IpnReply = wasFinal && applied.outcome !== 'applied' ? { RspCode: '02', Message: 'Order already confirmed' } : { RspCode: '00', Message: 'Confirm Success' }
      return { intent: await toIntentDto(db, finalRow), outcome: applied.outcome, reason: applied.reason, reply, responseCode: facts.responseCode }
    },

    /**
     * Money a bank or carrier statement shows arrived, inside the caller's transaction: it
     * confirms the chosen open intent with what really arrived, or, when the order had none
     * (COD nobody recorded, a transfer without a QR), records a succeeded intent for it.
     */
    async recordStatementMoney(
      trx: Db,
      s: { orderId: string; intentId: string | null; method: 'vietqr' | 'cod'; amountVnd: number; key: string; type: string; source: string; payload: unknown; actor: string },
    ): Promise<string> {
      if (s.intentId) {
        const row = await loadIntentRow(trx, s.intentId)
        if (row.order_id !== s.orderId || row.method !== s.method) {
          throw new AppError('VALIDATION', `Payment ${row.id} is not a ${s.method} payment of that order`, { reason: 'intent_mismatch' })
        }
        const result = await applySignal(trx, row, { kind: 'confirmed' }, { type: s.type, source: s.source, payload: s.payload, verified: null, actor: s.actor }, { receivedVnd: s.amountVnd })
        if (result.outcome !== 'applied') throw new AppError('CONFLICT', `Payment ${row.id} is already ${row.status}`, { reason: 'already_final', intentId: row.id })
        return row.id
      }
      const order = await loadOrder(trx, s.orderId)
      const id = newId('paymentIntent')
      const at = clock.isoNow()
      await insertIntent(trx, {
        id,
        order_id: order.id,
        seller_id: await defaultSellerId(trx),
        method: s.method,
        status: 'succeeded',
        amount_vnd: s.amountVnd,
        amount_received_vnd: s.amountVnd,
        idempotency_key: s.key,
        request_hash: requestHash([s.key]),
        created_by: s.actor,
        created_at: at,
        succeeded_at: at,
      })
      await appendPaymentEvent(trx, newId, { intentId: id, type: s.type, source: s.source, payload: s.payload, verified: null, outcome: 'applied', statusBefore: null, statusAfter: 'succeeded', actor: s.actor, at })
      await refreshOrderPayment(trx, order.id)
      return id
    },

    async settings(): Promise<PaymentSettingsDto> {
      const sellerId = await defaultSellerId(db)
      const config = sellerId ? await db.selectFrom('vnpay_config').selectAll().where('seller_id', '=', sellerId).executeTakeFirst() : undefined
      const seller = sellerId ? await db.selectFrom('seller').selectAll().where('id', '=', sellerId).executeTakeFirst() : undefined
      return {
        sellerId,
        secretProtection: secrets.protection,
        vnpay: config
          ? { tmnCode: config.tmn_code, paymentUrl: config.payment_url, apiUrl: config.api_url, isSandbox: isSandbox(config.api_url), secretProtection: config.secret_protection, updatedAt: config.updated_at }
          : null,
        vietqr:
          seller?.bank_bin && seller.bank_account_number
            ? { bankBin: seller.bank_bin, bankName: findBankByBin(seller.bank_bin)?.shortName ?? seller.bank_name ?? seller.bank_bin, accountNumber: seller.bank_account_number, accountName: seller.bank_account_name }
            : null,
      }
    },

    async updateVnpayConfig(input: UpdateVnpayConfig, ctx: CallContext): Promise<PaymentSettingsDto> {
      await db.transaction().execute(async (trx) => {
        const sellerId = await defaultSellerId(trx)
        if (!sellerId) throw new AppError('CONFLICT', 'Enter the seller’s details first', { reason: 'no_seller' })
        const existing = await trx.selectFrom('vnpay_config').selectAll().where('seller_id', '=', sellerId).executeTakeFirst()
        if (!input.hashSecret && !existing) invalid('Enter the hash secret VNPay sent with the terminal code', 'required', 'hashSecret')
        const at = clock.isoNow()
        const sealed = input.hashSecret ? { secret_sealed: secrets.seal(input.hashSecret), secret_protection: secrets.protection } : {}
        if (existing) {
          await trx.updateTable('vnpay_config').set({ tmn_code: input.tmnCode, payment_url: input.paymentUrl, api_url: input.apiUrl, updated_at: at, ...sealed }).where('seller_id', '=', sellerId).execute()
        } else {
          await trx
            .insertInto('vnpay_config')
            .values({ seller_id: sellerId, tmn_code: input.tmnCode, payment_url: input.paymentUrl, api_url: input.apiUrl, updated_at: at, secret_sealed: '', secret_protection: secrets.protection, ...sealed })
            .execute()
        }
        // The audit shows who changed the terminal and when, never the secret.
        await appendPaymentEvent(trx, newId, {
          intentId: null,
          type: 'settings.vnpay_updated',
          source: 'user',
          payload: { tmnCode: input.tmnCode, paymentUrl: input.paymentUrl, apiUrl: input.apiUrl, secretChanged: Boolean(input.hashSecret) },
          verified: null,
          outcome: 'applied',
          actor: ctx.actor,
          at,
        })
      })
      return service.settings()
    },
  }

  /**
   * A refund left pending by an app that stopped between asking VNPay and recording the answer:
   * whether VNPay acted is unknown here, so it is closed as interrupted (releasing the amount)
   * with a logged event, and the shop checks the VNPay merchant portal.
   */
  async function sweepInterruptedRefunds(): Promise<void> {
    const stale = await db
      .selectFrom('payment_refund')
      .select('id')
      .where('status', '=', 'pending')
      .where('updated_at', '<', new Date(clock.now() - REFUND_STALE_MS).toISOString())
      .execute()
    for (const r of stale) {
      await settleRefund(r.id, 'failed', 'interrupted', { type: 'refund.interrupted', source: 'app', payload: {}, verified: null }, 'system')
    }
  }

  async function settleRefund(
    refundId: string,
    status: 'succeeded' | 'failed',
    failureCode: string | null,
    event: { type: string; source: string; payload: unknown; verified: boolean | null; reason?: string; outcome?: 'applied' | 'rejected' },
    actor: string,
  ): Promise<PaymentIntentDto> {
    return db.transaction().execute(async (trx) => {
      const refund = await trx.selectFrom('payment_refund').selectAll().where('id', '=', refundId).executeTakeFirstOrThrow()
      const row = await loadIntentRow(trx, refund.intent_id)
      const at = clock.isoNow()
      await trx.updateTable('payment_refund').set({ status, failure_code: failureCode, updated_at: at }).where('id', '=', refundId).execute()
      if (status === 'succeeded') {
        await trx.updateTable('payment_intent').set({ amount_refunded_vnd: row.amount_refunded_vnd + refund.amount_vnd, updated_at: at }).where('id', '=', row.id).execute()
        await refreshOrderPayment(trx, row.order_id)
      }
      await appendPaymentEvent(trx, newId, {
        intentId: row.id,
        refundId,
        type: event.type,
        source: event.source,
        payload: event.payload,
        verified: event.verified,
        outcome: event.outcome ?? (status === 'succeeded' ? 'applied' : 'rejected'),
        reason: event.reason ?? failureCode,
        statusBefore: row.status,
        statusAfter: row.status,
        actor,
        at,
      })
      return toIntentDto(trx, await loadIntentRow(trx, row.id))
    })
  }

  return service
}

export type PaymentsService = ReturnType<typeof createPaymentsService>
