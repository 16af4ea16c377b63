/**
 * The payment-intent state machine, as data (after Stripe's PaymentIntent). Provider adapters
 * never set a status: they turn what VNPay, a bank statement or the cashier said into a
 * `PaymentSignal`, and this table decides. An order's money state is derived from its intents.
 *
 *   requires_action ──customer_returned──▶ processing ──confirmed──▶ succeeded
 *         │  (VNPay page / VietQR shown)        │ (awaiting the provider's word)
 *         ├─confirmed──▶ succeeded              ├─declined──▶ failed
 *         ├─declined──▶ failed                  ├─abandoned─▶ canceled
 *         ├─abandoned / cancel_requested──▶ canceled
 *         └─timed_out──▶ expired
 *   canceled / failed / expired ──confirmed──▶ succeeded   (money taken late: a fact, recorded)
 */
import { assertNever } from '../contract/errors'

export const PAYMENT_METHODS = ['vnpay', 'vietqr', 'cash', 'cod'] as const
export type PaymentMethod = (typeof PAYMENT_METHODS)[number]

export const PAYMENT_INTENT_STATUSES = ['requires_action', 'processing', 'succeeded', 'canceled', 'failed', 'expired'] as const
export type PaymentIntentStatus = (typeof PAYMENT_INTENT_STATUSES)[number]

export const ORDER_PAYMENT_STATUSES = ['unpaid', 'partially_paid', 'paid', 'partially_refunded', 'refunded'] as const
export type OrderPaymentStatus = (typeof ORDER_PAYMENT_STATUSES)[number]

export const CANCELLATION_REASONS = ['requested_by_customer', 'duplicate', 'abandoned', 'expired'] as const
export type CancellationReason = (typeof CANCELLATION_REASONS)[number]

export const REFUND_REASONS = ['requested_by_customer', 'returned_goods', 'duplicate', 'fraudulent', 'other'] as const
export type RefundReason = (typeof REFUND_REASONS)[number]

export type PaymentSignal =
  /** A verified VNPay return reporting success: not proof of money (reference 1.4), so we wait. */
  | { readonly kind: 'customer_returned' }
  /** Money received: querydr, a verified IPN, a matched statement line, or the cashier. */
  | { readonly kind: 'confirmed' }
  /** The provider says the payment failed (declined card, insufficient balance…). */
  | { readonly kind: 'declined' }
  /** The customer cancelled on the provider's page. */
  | { readonly kind: 'abandoned' }
  /** The payment window closed without money arriving. */
  | { readonly kind: 'timed_out' }
  /** Someone in the shop cancelled the intent. */
  | { readonly kind: 'cancel_requested' }

export type Transition =
  | { readonly kind: 'move'; readonly to: PaymentIntentStatus; readonly late?: true }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'refused'; readonly reason: 'already_succeeded' | 'already_final' | 'in_flight' }

export function isFinal(status: PaymentIntentStatus): boolean {
  return status === 'succeeded' || status === 'canceled' || status === 'failed' || status === 'expired'
}

/** What a signal does to an intent in `status` (paid by `method`). */
export function nextIntentState(status: PaymentIntentStatus, method: PaymentMethod, signal: PaymentSignal): Transition {
  const move = (to: PaymentIntentStatus): Transition => ({ kind: 'move', to })
  switch (status) {
    case 'requires_action':
      switch (signal.kind) {
        case 'customer_returned':
          return move('processing')
        case 'confirmed':
          return move('succeeded')
        case 'declined':
          return move('failed')
        case 'abandoned':
        case 'cancel_requested':
          return move('canceled')
        case 'timed_out':
          return move('expired')
        default:
          return assertNever(signal, 'payment signal')
      }
    case 'processing':
      switch (signal.kind) {
        case 'customer_returned':
          return { kind: 'unchanged' }
        case 'confirmed':
          return move('succeeded')
        case 'declined':
          return move('failed')
        case 'abandoned':
          return move('canceled')
        case 'timed_out':
          // A customer said they paid: only the provider may close this one.
          return method === 'vnpay' ? { kind: 'refused', reason: 'in_flight' } : move('expired')
        case 'cancel_requested':
          // COD money is with the carrier until the parcel is refused; a VNPay payment may be in flight.
          return method === 'cod' ? move('canceled') : { kind: 'refused', reason: 'in_flight' }
        default:
          return assertNever(signal, 'payment signal')
      }
    case 'succeeded':
      return signal.kind === 'confirmed' || signal.kind === 'customer_returned' ? { kind: 'unchanged' } : { kind: 'refused', reason: 'already_succeeded' }
    case 'canceled':
    case 'failed':
    case 'expired':
      // Money the provider confirms was taken is a fact even after we gave up waiting.
      if (signal.kind === 'confirmed') return { kind: 'move', to: 'succeeded', late: true }
      return signal.kind === 'cancel_requested' ? { kind: 'refused', reason: 'already_final' } : { kind: 'unchanged' }
    default:
      return assertNever(status, 'payment intent status')
  }
}

/** Whether someone in the shop may cancel an intent now. */
export function canCancel(status: PaymentIntentStatus, method: PaymentMethod): boolean {
  return nextIntentState(status, method, { kind: 'cancel_requested' }).kind === 'move'
}

/**
 * An order's money state from what its intents received and gave back. A debt shows before a
 * refund does: an order paid in part stays "partially paid" even after a small refund.
 */
export function orderPaymentStatus(totalVnd: number, receivedVnd: number, refundedVnd: number): OrderPaymentStatus {
  if (receivedVnd <= 0) return 'unpaid'
  if (refundedVnd >= receivedVnd) return 'refunded'
  if (receivedVnd < totalVnd) return 'partially_paid'
  return refundedVnd > 0 ? 'partially_refunded' : 'paid'
}

/**
 * What is still owed on an order: the total less what was received. A refund does not make the
 * customer owe again (money goes back for returned goods, a duplicate payment, a goodwill
 * gesture), and an overpayment is shown, not owed back here.
 */
export function outstandingVnd(totalVnd: number, receivedVnd: number, _refundedVnd: number): number {
  return Math.max(0, totalVnd - receivedVnd)
}

/**
 * VNPay's refund types: 02 gives back the whole transaction, 03 a part (reference section 2).
 * A second refund of the rest is still partial from VNPay's side once any refund exists.
 */
export function vnpayRefundType(receivedVnd: number, alreadyRefundedVnd: number, amountVnd: number): '02' | '03' {
  return alreadyRefundedVnd === 0 && amountVnd === receivedVnd ? '02' : '03'
}

/** Cash at the counter: the change, or null when the cash does not cover the amount. */
export function cashChange(amountVnd: number, tenderedVnd: number): number | null {
  return tenderedVnd >= amountVnd ? tenderedVnd - amountVnd : null
}
