import { describe, expect, it } from 'vitest'
import { CANCELLATION_REASONS, ORDER_PAYMENT_STATUSES, PAYMENT_INTENT_STATUSES, PAYMENT_METHODS, REFUND_REASONS } from '@shared/domain/payment-state'
import { refundDto } from '@shared/contract/payments'
import { en } from './en'
import { vi } from './vi'

describe('the payment words', () => {
  it('name every payment method, intent status, refund status and reason of the state machine in both languages', () => {
    for (const catalogue of [vi, en]) {
      for (const method of PAYMENT_METHODS) expect(catalogue.payments.methods[method], method).toBeTruthy()
      for (const method of PAYMENT_METHODS) expect(catalogue.payments.methodHints[method], method).toBeTruthy()
      for (const status of PAYMENT_INTENT_STATUSES) expect(catalogue.payments.intentStatus[status], status).toBeTruthy()
      for (const status of refundDto.shape.status.options) expect(catalogue.payments.refundStatus[status], status).toBeTruthy()
      for (const reason of REFUND_REASONS) expect(catalogue.payments.refundReasons[reason], reason).toBeTruthy()
      for (const reason of CANCELLATION_REASONS) expect(catalogue.payments.cancellationReasons[reason], reason).toBeTruthy()
      for (const status of ORDER_PAYMENT_STATUSES) expect(catalogue.orders.payment[status], status).toBeTruthy()
    }
  })

  it('use the Vietnamese words cashiers know for the intent statuses and the history’s reasons', () => {
    expect(vi.payments.intentStatus).toEqual({
      requires_action: 'Chờ khách thanh toán',
      processing: 'Đang xử lý',
      succeeded: 'Thành công',
      canceled: 'Đã hủy',
      failed: 'Thất bại',
      expired: 'Hết hạn',
    })
    expect(vi.payments.history.reasons).toMatchObject({
      bad_signature: 'Sai chữ ký',
      amount_mismatch: 'Sai số tiền',
      unknown_txn: 'Không rõ giao dịch',
      duplicate: 'Trùng lặp',
      provider_unreachable: 'Không kết nối được VNPay',
    })
  })
})
