/**
 * "Thu tiền": choose how the customer pays and how much (all that is owed, or a part), then the
 * backend opens a payment intent. Cash is settled at once; a VietQR or a VNPay payment goes on
 * in its own dialog; COD waits for the carrier. One idempotency key per opening of the dialog,
 * so a double click or a retry after a lost answer can never take the money twice.
 */
import { Alert, Button, Flex, Form, Modal, Radio, Select, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { OrderDto } from '@shared/contract/orders'
import type { CreateIntentInput, OrderPaymentsDto, PaymentIntentDto } from '@shared/contract/payments'
import { cashChange, PAYMENT_METHODS, type PaymentMethod } from '@shared/domain/payment-state'
import { useFormat } from '../../components/format'
import { VndInput } from '../../components/VndInput'
import { METHOD_ICONS, paymentErrorText, paymentFieldErrors } from './PaymentBits'
import { hasOpenIntent, newIdempotencyKey, useCreateIntent } from './payments.queries'

const VNPAY_BANK_CHOICES = ['any', 'VNPAYQR', 'VNBANK', 'INTCARD'] as const
type VnpayBankChoice = (typeof VNPAY_BANK_CHOICES)[number]

/** A sale at the counter is paid in cash there; any other order most often by transfer. */
function defaultMethod(order: OrderDto): PaymentMethod {
  return order.channel === 'counter' ? 'cash' : 'vietqr'
}

export function CollectPaymentDialog({
  order,
  payments,
  onClose,
  onCreated,
}: {
  order: OrderDto
  payments: OrderPaymentsDto
  onClose: () => void
  onCreated: (intent: PaymentIntentDto) => void
}) {
  const { t } = useTranslation()
  const format = useFormat()
  const create = useCreateIntent()
  const [idempotencyKey] = useState(newIdempotencyKey)
  const [method, setMethod] = useState<PaymentMethod>(() => defaultMethod(order))
  const [amount, setAmount] = useState<number | null>(payments.outstandingVnd)
  const [tendered, setTendered] = useState<number | null>(null)
  const [vnpayBank, setVnpayBank] = useState<VnpayBankChoice>('any')
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const [problem, setProblem] = useState<string | null>(null)

  const owed = payments.outstandingVnd
  const amountError =
    fieldErrors['amountVnd'] ??
    (amount === null || amount <= 0 ? t('payments.errors.amount_required') : amount > owed ? t('payments.errors.amount_exceeds_outstanding', { outstanding: format.vnd(owed) }) : null)
  const change = amount !== null && tendered !== null ? cashChange(amount, tendered) : null
  // Cash short of the amount shows as the live "còn thiếu" line below; only the server's word goes on the field.
  const tenderedError = fieldErrors['cashTenderedVnd'] ?? null
  const cashShort = method === 'cash' && tendered !== null && amount !== null && change === null
  const ready = amountError === null && tenderedError === null && !cashShort

  const submit = async () => {
    if (!ready || amount === null) return
    setFieldErrors({})
    setProblem(null)
    const input: CreateIntentInput = {
      orderId: order.id,
      method,
      amountVnd: amount,
      idempotencyKey,
      locale: format.language === 'en' ? 'en' : 'vn',
      ...(method === 'cash' && tendered !== null && { cashTenderedVnd: tendered }),
      ...(method === 'vnpay' && vnpayBank !== 'any' && { vnpayBankCode: vnpayBank }),
    }
    try {
      onCreated(await create.mutateAsync(input))
    } catch (error) {
      const errors = paymentFieldErrors(error, ['amountVnd', 'cashTenderedVnd'])
      setFieldErrors(errors)
      if (Object.keys(errors).length === 0) setProblem(paymentErrorText(error))
    }
  }

  const openCount = payments.intents.filter((i) => i.status === 'requires_action' || i.status === 'processing').length

  return (
    <Modal
      open
      width={640}
      title={t('payments.collect.title', { number: order.number })}
      okText={t(`payments.collect.ok.${method}`)}
      okButtonProps={{ disabled: !ready, loading: create.isPending }}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      <Form layout="vertical" component="div">
        {hasOpenIntent(payments) && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('payments.collect.openIntents', { count: openCount })} />}
        <Form.Item label={<span id="collect-method-label">{t('payments.collect.method')}</span>} extra={t(`payments.methodHints.${method}`)}>
          <Radio.Group
            aria-labelledby="collect-method-label"
            optionType="button"
            buttonStyle="solid"
            value={method}
            onChange={(e) => {
              setMethod(e.target.value as PaymentMethod)
              setFieldErrors({})
              setProblem(null)
            }}
            options={PAYMENT_METHODS.map((m) => ({
              value: m,
              label: (
                <>
                  {METHOD_ICONS[m]} {t(`payments.methods.${m}`)}
                </>
              ),
            }))}
            style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}
          />
        </Form.Item>
        <Form.Item
          label={t('payments.collect.amount')}
          htmlFor="collect-amount"
          validateStatus={amountError ? 'error' : undefined}
          help={amountError ?? t('payments.collect.amountHint', { outstanding: format.vnd(owed) })}
        >
          <VndInput
            id="collect-amount"
            value={amount}
            onChange={(v) => {
              setAmount(v ?? null)
              setFieldErrors({})
            }}
            autoFocus
          />
        </Form.Item>
        {method === 'cash' && (
          <Form.Item label={t('payments.collect.tendered')} htmlFor="collect-tendered" validateStatus={tenderedError ? 'error' : undefined} help={tenderedError ?? undefined}>
            <Flex gap={8}>
              <VndInput
                id="collect-tendered"
                value={tendered}
                onChange={(v) => {
                  setTendered(v ?? null)
                  setFieldErrors({})
                }}
                placeholder={amount !== null ? format.vnd(amount) : undefined}
              />
              <Button onClick={() => setTendered(amount)} disabled={amount === null}>
                {t('payments.collect.exact')}
              </Button>
            </Flex>
          </Form.Item>
        )}
        {method === 'cash' && tendered !== null && amount !== null && (
          <Flex justify="space-between" align="baseline" role="status" aria-live="polite" style={{ marginBottom: 16 }}>
            <Typography.Text>{change === null ? t('payments.collect.short') : t('payments.collect.change')}</Typography.Text>
            <Typography.Text strong style={{ fontSize: 20 }} type={change === null ? 'danger' : undefined} data-testid="collect-change">
              {format.vnd(change ?? amount - tendered)}
            </Typography.Text>
          </Flex>
        )}
        {method === 'vnpay' && (
          <Form.Item label={t('payments.collect.vnpayBank')} htmlFor="collect-vnpay-bank">
            <Select<VnpayBankChoice>
              id="collect-vnpay-bank"
              value={vnpayBank}
              onChange={setVnpayBank}
              options={VNPAY_BANK_CHOICES.map((c) => ({ value: c, label: t(`payments.collect.vnpayBanks.${c}`) }))}
            />
          </Form.Item>
        )}
        {problem && <Alert type="error" showIcon role="alert" title={problem} />}
      </Form>
    </Modal>
  )
}
