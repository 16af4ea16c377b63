/**
 * "Hoàn tiền": give back all or part of a payment. A VNPay payment is refunded through VNPay,
 * to the card or account it came from; cash, a transfer or COD is handed back by the shop and
 * only recorded here. One idempotency key per opening of the dialog, as for taking money.
 */
import { Alert, App, Form, Input, Modal, Select } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PaymentIntentDto } from '@shared/contract/payments'
import { REFUND_REASONS, type RefundReason } from '@shared/domain/payment-state'
import { isApiError } from '../../api/errors'
import { useFormat } from '../../components/format'
import { VndInput } from '../../components/VndInput'
import { paymentErrorText, paymentFieldErrors } from './PaymentBits'
import { newIdempotencyKey, useRefund } from './payments.queries'

const NOTE_MAX = 300

export function RefundDialog({ intent, onClose }: { intent: PaymentIntentDto; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const refund = useRefund()
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey)
  const refundable = intent.amountRefundableVnd
  const [amount, setAmount] = useState<number | null>(refundable)
  const [reason, setReason] = useState<RefundReason>('requested_by_customer')
  const [note, setNote] = useState('')
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const [problem, setProblem] = useState<string | null>(null)
  const vnpay = intent.method === 'vnpay'

  const amountError =
    fieldErrors['amountVnd'] ??
    (amount === null || amount <= 0
      ? t('payments.errors.amount_required')
      : amount > refundable
        ? t('payments.errors.refund_exceeds_received', { refundable: format.vnd(refundable) })
        : null)

  const submit = async () => {
    if (amountError !== null || amount === null) return
    setFieldErrors({})
    setProblem(null)
    try {
      const after = await refund.mutateAsync({ intentId: intent.id, amountVnd: amount, reason, note: note.trim() || null, idempotencyKey })
      const words = { amount: format.vnd(amount), number: after.orderNumber }
      void message.success(vnpay ? t('payments.refund.vnpayDone', words) : t('payments.refund.done', words))
      onClose()
    } catch (error) {
      // A refund the backend answered about (refused, failed) is settled: trying again is a new
      // request. Only a lost answer keeps the key, so a retry finds the refund already made.
      if (!isApiError(error, 'NETWORK')) setIdempotencyKey(newIdempotencyKey())
      const errors = paymentFieldErrors(error, ['amountVnd'])
      setFieldErrors(errors)
      if (Object.keys(errors).length === 0) setProblem(paymentErrorText(error))
    }
  }

  return (
    <Modal
      open
      width={560}
      title={t('payments.refund.title', { method: t(`payments.methods.${intent.method}`), amount: format.vnd(intent.amountReceivedVnd) })}
      okText={t('payments.refund.ok')}
      okButtonProps={{ danger: true, disabled: amountError !== null, loading: refund.isPending }}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form layout="vertical" component="div">
        <Alert type={vnpay ? 'warning' : 'info'} showIcon style={{ marginBottom: 16 }} title={vnpay ? t('payments.refund.vnpayWarning') : t('payments.refund.manualHint')} />
        <Form.Item
          label={t('payments.refund.amount')}
          htmlFor="refund-amount"
          validateStatus={amountError ? 'error' : undefined}
          help={amountError ?? t('payments.refund.amountHint', { refundable: format.vnd(refundable) })}
        >
          <VndInput
            id="refund-amount"
            value={amount}
            onChange={(v) => {
              setAmount(v ?? null)
              setFieldErrors({})
            }}
            autoFocus
          />
        </Form.Item>
        <Form.Item label={t('payments.refund.reason')} htmlFor="refund-reason">
          <Select<RefundReason> id="refund-reason" value={reason} onChange={setReason} options={REFUND_REASONS.map((r) => ({ value: r, label: t(`payments.refundReasons.${r}`) }))} />
        </Form.Item>
        <Form.Item label={t('payments.refund.note')} htmlFor="refund-note">
          <Input.TextArea id="refund-note" rows={2} maxLength={NOTE_MAX} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('payments.refund.notePlaceholder')} />
        </Form.Item>
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  )
}
