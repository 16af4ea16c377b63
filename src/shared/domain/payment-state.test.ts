import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  canCancel,
  cashChange,
  isFinal,
  nextIntentState,
  orderPaymentStatus,
  outstandingVnd,
  PAYMENT_INTENT_STATUSES,
  PAYMENT_METHODS,
  vnpayRefundType,
  type PaymentSignal,
} from './payment-state'

const SIGNALS: PaymentSignal[] = [
  { kind: 'customer_returned' },
  { kind: 'confirmed' },
  { kind: 'declined' },
  { kind: 'abandoned' },
  { kind: 'timed_out' },
  { kind: 'cancel_requested' },
]

describe('the payment-intent state machine', () => {
  it('moves a VNPay payment through return, confirmation and success', () => {
    expect(nextIntentState('requires_action', 'vnpay', { kind: 'customer_returned' })).toEqual({ kind: 'move', to: 'processing' })
    expect(nextIntentState('processing', 'vnpay', { kind: 'confirmed' })).toEqual({ kind: 'move', to: 'succeeded' })
  })

  it('never leaves succeeded: a repeated confirmation changes nothing, anything else is refused', () => {
    for (const method of PAYMENT_METHODS) {
      expect(nextIntentState('succeeded', method, { kind: 'confirmed' })).toEqual({ kind: 'unchanged' })
      for (const signal of SIGNALS.filter((s) => s.kind !== 'confirmed' && s.kind !== 'customer_returned')) {
        expect(nextIntentState('succeeded', method, signal)).toEqual({ kind: 'refused', reason: 'already_succeeded' })
      }
    }
  })

  it('records money the provider confirms after we gave up, marked late', () => {
    for (const from of ['canceled', 'failed', 'expired'] as const) {
      expect(nextIntentState(from, 'vnpay', { kind: 'confirmed' })).toEqual({ kind: 'move', to: 'succeeded', late: true })
    }
  })

  it('does not let the shop cancel or time out a VNPay payment the customer says is paid', () => {
    expect(nextIntentState('processing', 'vnpay', { kind: 'cancel_requested' })).toEqual({ kind: 'refused', reason: 'in_flight' })
    expect(nextIntentState('processing', 'vnpay', { kind: 'timed_out' })).toEqual({ kind: 'refused', reason: 'in_flight' })
    expect(canCancel('processing', 'cod')).toBe(true)
    expect(canCancel('requires_action', 'vietqr')).toBe(true)
    expect(canCancel('succeeded', 'cash')).toBe(false)
  })

  it('answers every status, method and signal, and only ever moves to a known status', () => {
    for (const status of PAYMENT_INTENT_STATUSES) {
      for (const method of PAYMENT_METHODS) {
        for (const signal of SIGNALS) {
          const t = nextIntentState(status, method, signal)
          if (t.kind === 'move') {
            expect(PAYMENT_INTENT_STATUSES).toContain(t.to)
            // Out of a final state, only money arriving moves anything.
            if (isFinal(status)) expect([status, signal.kind, t.to]).toEqual([status, 'confirmed', 'succeeded'])
          }
        }
      }
    }
  })
})

describe('an order’s money state', () => {
  it('shows a debt before a refund: part paid and part refunded is still partly paid', () => {
    expect(orderPaymentStatus(235_000, 100_000, 10_000)).toBe('partially_paid')
    expect(orderPaymentStatus(235_000, 100_000, 100_000)).toBe('refunded')
    expect(outstandingVnd(235_000, 100_000, 10_000)).toBe(135_000)
  })

  it('is unpaid, partly paid, paid, partly refunded or refunded', () => {
    expect(orderPaymentStatus(235_000, 0, 0)).toBe('unpaid')
    expect(orderPaymentStatus(235_000, 100_000, 0)).toBe('partially_paid')
    expect(orderPaymentStatus(235_000, 235_000, 0)).toBe('paid')
    expect(orderPaymentStatus(235_000, 300_000, 0)).toBe('paid')
    expect(orderPaymentStatus(235_000, 235_000, 85_000)).toBe('partially_refunded')
    expect(orderPaymentStatus(235_000, 235_000, 235_000)).toBe('refunded')
  })

  it('never owes a negative amount, and a refund never makes the customer owe again', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.nat(10_000_000), fc.nat(10_000_000), (total, received, refundedRaw) => {
        const refunded = Math.min(refundedRaw, received)
        const owed = outstandingVnd(total, received, refunded)
        expect(owed).toBeGreaterThanOrEqual(0)
        expect(owed).toBe(outstandingVnd(total, received, 0))
        if (orderPaymentStatus(total, received, refunded) === 'partially_paid') expect(owed).toBeGreaterThan(0)
      }),
    )
  })
})

describe('small rules', () => {
  it('uses VNPay type 02 only for one refund of everything, 03 otherwise', () => {
    expect(vnpayRefundType(235_000, 0, 235_000)).toBe('02')
    expect(vnpayRefundType(235_000, 0, 85_000)).toBe('03')
    expect(vnpayRefundType(235_000, 85_000, 150_000)).toBe('03')
  })

  it('gives change only when the cash covers the amount', () => {
    expect(cashChange(170_000, 200_000)).toBe(30_000)
    expect(cashChange(170_000, 170_000)).toBe(0)
    expect(cashChange(170_000, 169_999)).toBeNull()
  })
})
