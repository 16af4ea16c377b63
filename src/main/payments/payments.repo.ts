/**
 * Rows to DTOs, the append-only event log, and the order's money state. Every function takes
 * the transaction it runs in: an intent, its event and its order always change together.
 */
import type { NextActionDto, PaymentEventDto, PaymentIntentDto, RefundDto } from '@shared/contract/payments'
import { canCancel, orderPaymentStatus, type PaymentIntentStatus, type RefundReason } from '@shared/domain/payment-state'
import { AppError } from '@shared/contract/errors'
import type { Db } from '../db/connection'
import type { Insertable, Selectable } from 'kysely'
import type { PaymentEventTable, PaymentIntentRow, PaymentIntentTable, PaymentRefundRow } from '../db/schema'
import type { IdFactory } from '../ids'

export interface PaymentEventRecord {
  readonly intentId: string | null
  readonly refundId?: string | null
  readonly type: string
  readonly source: string
  readonly payload: unknown
  readonly verified: boolean | null
  readonly outcome: 'applied' | 'unchanged' | 'rejected'
  readonly reason?: string | null
  readonly statusBefore?: string | null
  readonly statusAfter?: string | null
  readonly actor: string
  readonly at: string
}

export async function appendPaymentEvent(db: Db, newId: IdFactory, e: PaymentEventRecord): Promise<void> {
  await db
    .insertInto('payment_event')
    .values({
      id: newId('paymentEvent'),
      intent_id: e.intentId,
      refund_id: e.refundId ?? null,
      type: e.type,
      source: e.source,
      payload_json: JSON.stringify(e.payload ?? null),
      verified: e.verified === null ? null : e.verified ? 1 : 0,
      outcome: e.outcome,
      reason: e.reason ?? null,
      status_before: e.statusBefore ?? null,
      status_after: e.statusAfter ?? null,
      actor: e.actor,
      at: e.at,
    })
    .execute()
}

/** What a new intent must say; everything else starts empty. */
export type NewIntent = Pick<Insertable<PaymentIntentTable>, 'id' | 'order_id' | 'seller_id' | 'method' | 'status' | 'amount_vnd' | 'idempotency_key' | 'request_hash' | 'created_by' | 'created_at'> &
  Partial<Insertable<PaymentIntentTable>>

export async function insertIntent(db: Db, intent: NewIntent): Promise<void> {
  await db
    .insertInto('payment_intent')
    .values({
      next_action_json: null,
      provider_ref: null,
      provider_txn_no: null,
      provider_create_date: null,
      provider_pay_date: null,
      provider_code: null,
      cash_tendered_vnd: null,
      change_vnd: null,
      cancellation_reason: null,
      failure_code: null,
      expires_at: null,
      next_poll_at: null,
      note: null,
      succeeded_at: null,
      canceled_at: null,
      updated_at: intent.created_at,
      ...intent,
    })
    .execute()
}

export async function loadIntentRow(db: Db, id: string): Promise<PaymentIntentRow> {
  const row = await db.selectFrom('payment_intent').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `No payment ${id}`, { entity: 'paymentIntent', id })
  return row
}

function toRefundDto(r: PaymentRefundRow): RefundDto {
  return {
    id: r.id,
    object: 'refund',
    intentId: r.intent_id,
    amountVnd: r.amount_vnd,
    reason: r.reason as RefundReason,
    note: r.note,
    status: r.status,
    failureCode: r.failure_code,
    createdBy: r.created_by,
    createdAt: r.created_at,
  }
}

export async function toIntentDtos(db: Db, rows: readonly PaymentIntentRow[]): Promise<PaymentIntentDto[]> {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const refunds = await db.selectFrom('payment_refund').selectAll().where('intent_id', 'in', ids).orderBy('seq').execute()
  const numbers = await db
    .selectFrom('sales_order')
    .select(['id', 'number'])
    .where('id', 'in', [...new Set(rows.map((r) => r.order_id))])
    .execute()
  const numberOf = new Map(numbers.map((n) => [n.id, n.number]))
  return rows.map((r) => {
    const own = refunds.filter((f) => f.intent_id === r.id)
    const pending = own.filter((f) => f.status === 'pending').reduce((s, f) => s + f.amount_vnd, 0)
    return {
      id: r.id,
      object: 'payment_intent',
      orderId: r.order_id,
      orderNumber: numberOf.get(r.order_id) ?? '',
      method: r.method,
      status: r.status,
      currency: 'vnd',
      amountVnd: r.amount_vnd,
      amountReceivedVnd: r.amount_received_vnd,
      amountRefundedVnd: r.amount_refunded_vnd,
      amountRefundableVnd: Math.max(0, r.amount_received_vnd - r.amount_refunded_vnd - pending),
      // A redirect or a QR is only worth showing while the customer can still act on it.
      nextAction: r.status === 'requires_action' && r.next_action_json ? (JSON.parse(r.next_action_json) as NextActionDto) : null,
      providerRef: r.provider_ref,
      providerTransactionNo: r.provider_txn_no,
      providerCode: r.provider_code,
      cashTenderedVnd: r.cash_tendered_vnd,
      changeVnd: r.change_vnd,
      cancellationReason: r.cancellation_reason,
      failureCode: r.failure_code,
      expiresAt: r.expires_at,
      note: r.note,
      createdBy: r.created_by,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      succeededAt: r.succeeded_at,
      canceledAt: r.canceled_at,
      refunds: own.map(toRefundDto),
      canCancel: canCancel(r.status, r.method),
    }
  })
}

export async function toIntentDto(db: Db, row: PaymentIntentRow): Promise<PaymentIntentDto> {
  return (await toIntentDtos(db, [row]))[0]!
}

/** Re-derives an order's paid / refunded sums and payment status from its intents. */
export async function refreshOrderPayment(db: Db, orderId: string): Promise<void> {
  const sums = await db
    .selectFrom('payment_intent')
    .select((eb) => [eb.fn.coalesce(eb.fn.sum<number>('amount_received_vnd'), eb.lit(0)).as('received'), eb.fn.coalesce(eb.fn.sum<number>('amount_refunded_vnd'), eb.lit(0)).as('refunded')])
    .where('order_id', '=', orderId)
    .executeTakeFirstOrThrow()
  const order = await db.selectFrom('sales_order').select(['total_vnd']).where('id', '=', orderId).executeTakeFirstOrThrow()
  const received = Number(sums.received)
  const refunded = Number(sums.refunded)
  await db
    .updateTable('sales_order')
    .set({ paid_vnd: received, refunded_vnd: refunded, payment_status: orderPaymentStatus(order.total_vnd, received, refunded) })
    .where('id', '=', orderId)
    .execute()
}

export function toEventDto(r: Selectable<PaymentEventTable>): PaymentEventDto {
  return {
    id: r.id,
    intentId: r.intent_id,
    refundId: r.refund_id,
    type: r.type,
    source: r.source,
    payload: JSON.parse(r.payload_json) as unknown,
    verified: r.verified === null ? null : r.verified === 1,
    outcome: r.outcome,
    reason: r.reason,
    statusBefore: r.status_before,
    statusAfter: r.status_after,
    actor: r.actor,
    at: r.at,
  }
}

export type { PaymentIntentStatus }

/** Cash taken at the counter together with a sale: a succeeded intent, its event, the order paid. */
export async function recordCashPayment(
  db: Db,
  newId: IdFactory,
  c: { orderId: string; amountVnd: number; tenderedVnd: number; changeVnd: number; actor: string; at: string },
): Promise<string> {
  const id = newId('paymentIntent')
  await insertIntent(db, {
    id,
    order_id: c.orderId,
    seller_id: null,
    method: 'cash',
    status: 'succeeded',
    amount_vnd: c.amountVnd,
    amount_received_vnd: c.amountVnd,
    idempotency_key: `counter-sale:${c.orderId}`,
    request_hash: 'counter-sale',
    cash_tendered_vnd: c.tenderedVnd,
    change_vnd: c.changeVnd,
    created_by: c.actor,
    created_at: c.at,
    succeeded_at: c.at,
  })
  await appendPaymentEvent(db, newId, {
    intentId: id,
    type: 'intent.created',
    source: 'counter',
    payload: { orderId: c.orderId, amountVnd: c.amountVnd, tenderedVnd: c.tenderedVnd, changeVnd: c.changeVnd },
    verified: null,
    outcome: 'applied',
    statusBefore: null,
    statusAfter: 'succeeded',
    actor: c.actor,
    at: c.at,
  })
  await refreshOrderPayment(db, c.orderId)
  return id
}
