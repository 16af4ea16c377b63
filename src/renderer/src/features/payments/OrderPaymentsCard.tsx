/**
 * "Thanh toán" on the order's page: what the order costs, what was taken and given back, what is
 * still owed, and every payment with what can be done to it now (show the QR again, open VNPay,
 * confirm a transfer or a COD remittance, cancel, refund). While a payment can still change by
 * itself (the customer paying on VNPay, a statement import elsewhere) the card asks again every
 * few seconds, so "Đã thanh toán" appears without reloading.
 */
import { Alert, App, Button, Card, Descriptions, Divider, Flex, Skeleton, Tag, Typography } from 'antd'
import { CheckOutlined, CloseOutlined, CopyOutlined, ExportOutlined, QrcodeOutlined, ReloadOutlined, RollbackOutlined, WalletOutlined } from '@ant-design/icons'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { OrderDto, OrderStatusValue } from '@shared/contract/orders'
import type { OrderPaymentsDto, PaymentIntentDto, RefundDto } from '@shared/contract/payments'
import { useFormat } from '../../components/format'
import { hasText, translateDynamic } from '../../i18n'
import { describeError } from '../../i18n/error-text'
import { PaymentStatusTag } from '../orders/OrderBits'
import { CollectPaymentDialog } from './CollectPaymentDialog'
import { ConfirmReceivedDialog } from './ConfirmReceived'
import { IntentStatusTag, METHOD_ICONS, paymentActorText, paymentErrorText, refundFailureText, RefundStatusTag, vnpayPayText } from './PaymentBits'
import { PaymentHistory } from './PaymentHistory'
import { hasOpenIntent, useCancelIntent, useOrderPayments, useSyncOrderMoney } from './payments.queries'
import { RefundDialog } from './RefundDialog'
import { useVnpayPage, VnpayCheckoutModal } from './VnpayCheckout'
import { VietQrModal } from './VietQrModal'

/** The order statuses that can take money (the backend refuses the others with order_not_payable). */
const PAYABLE: ReadonlySet<OrderStatusValue> = new Set(['confirmed', 'packed', 'shipped', 'delivered', 'completed'])

type Dialog = { readonly kind: 'collect' } | { readonly kind: 'vietqr' | 'vnpay' | 'confirm' | 'refund'; readonly intentId: string }

function RefundLines({ refunds }: { refunds: readonly RefundDto[] }) {
  const { t } = useTranslation()
  const format = useFormat()
  return (
    <Flex vertical gap={4} style={{ borderInlineStart: '3px solid #d3adf7', paddingInlineStart: 10 }}>
      {refunds.map((r) => (
        <Flex key={r.id} vertical gap={0}>
          <Flex gap={8} align="center" wrap>
            <RollbackOutlined aria-hidden />
            <Typography.Text>{t('payments.card.refundLine', { amount: format.vnd(r.amountVnd), reason: t(`payments.refundReasons.${r.reason}`) })}</Typography.Text>
            <RefundStatusTag status={r.status} />
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('payments.card.by', { at: format.dateTime(r.createdAt), actor: paymentActorText(r.createdBy) })}
          </Typography.Text>
          {r.note && <Typography.Text style={{ fontSize: 12, whiteSpace: 'pre-wrap' }}>“{r.note}”</Typography.Text>}
          {r.status === 'failed' && (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {t('payments.card.refundFailed', { reason: refundFailureText(r.failureCode) })}
            </Typography.Text>
          )}
        </Flex>
      ))}
    </Flex>
  )
}

function IntentItem({ intent, onOpen, onCancel }: { intent: PaymentIntentDto; onOpen: (dialog: Dialog) => void; onCancel: (intent: PaymentIntentDto) => void }) {
  const { t } = useTranslation()
  const format = useFormat()
  const vnpayPage = useVnpayPage()
  const waiting = intent.status === 'requires_action'
  const facts: string[] = []
  if (intent.method === 'cod' && intent.status === 'processing') facts.push(t('payments.codProcessing'))
  if (intent.method === 'vietqr' && intent.providerRef) facts.push(t('payments.card.memo', { memo: intent.providerRef }))
  if (intent.method === 'vnpay' && intent.providerRef) facts.push(t('payments.card.providerRef', { ref: intent.providerRef }))
  if (intent.providerTransactionNo) facts.push(t('payments.card.txnNo', { no: intent.providerTransactionNo }))
  if (intent.cashTenderedVnd !== null) facts.push(t('payments.card.tendered', { cash: format.vnd(intent.cashTenderedVnd), change: format.vnd(intent.changeVnd ?? 0) }))
  if (waiting && intent.expiresAt) facts.push(t('payments.card.expiresAt', { at: format.dateTime(intent.expiresAt) }))
  if (intent.method === 'vnpay' && intent.providerCode && intent.providerCode !== '00' && intent.status !== 'succeeded') {
    facts.push(t('payments.card.vnpaySaid', { message: vnpayPayText(intent.providerCode) }))
  }
  if (intent.status === 'canceled' && intent.cancellationReason) {
    const key = `payments.cancellationReasons.${intent.cancellationReason}`
    facts.push(t('payments.card.cancellation', { reason: hasText(key) ? translateDynamic(key) : intent.cancellationReason }))
  }

  const actions = []
  if (intent.method === 'vietqr' && waiting) {
    actions.push(
      <Button key="qr" size="small" icon={<QrcodeOutlined />} onClick={() => onOpen({ kind: 'vietqr', intentId: intent.id })}>
        {t('payments.card.showQr')}
      </Button>,
    )
  }
  if ((intent.method === 'vietqr' && waiting) || (intent.method === 'cod' && intent.status === 'processing')) {
    actions.push(
      <Button key="confirm" size="small" type="primary" icon={<CheckOutlined />} onClick={() => onOpen({ kind: 'confirm', intentId: intent.id })}>
        {intent.method === 'cod' ? t('payments.card.confirmCod') : t('payments.card.confirmTransfer')}
      </Button>,
    )
  }
  if (intent.method === 'vnpay' && waiting && vnpayPage.urlOf(intent)) {
    actions.push(
      <Button key="open" size="small" type="primary" icon={<ExportOutlined />} onClick={() => onOpen({ kind: 'vnpay', intentId: intent.id })}>
        {t('payments.card.openVnpay')}
      </Button>,
      <Button key="copy" size="small" icon={<CopyOutlined />} onClick={() => void vnpayPage.copyLink(intent)}>
        {t('payments.card.copyLink')}
      </Button>,
    )
  }
  if (intent.method === 'vnpay' && (waiting || intent.status === 'processing')) {
    actions.push(
      <Button key="refresh" size="small" icon={<ReloadOutlined />} loading={vnpayPage.refreshing} onClick={() => vnpayPage.refresh(intent)}>
        {t('payments.card.refresh')}
      </Button>,
    )
  }
  if (intent.canCancel) {
    actions.push(
      <Button key="cancel" size="small" danger icon={<CloseOutlined />} onClick={() => onCancel(intent)}>
        {t('payments.card.cancel')}
      </Button>,
    )
  }
  if (intent.status === 'succeeded' && intent.amountRefundableVnd > 0) {
    actions.push(
      <Button key="refund" size="small" icon={<RollbackOutlined />} onClick={() => onOpen({ kind: 'refund', intentId: intent.id })}>
        {t('payments.card.refund')}
      </Button>,
    )
  }

  return (
    <section
      aria-label={`${t(`payments.methods.${intent.method}`)} ${format.vnd(intent.amountVnd)}`}
      data-testid={`intent-${intent.id}`}
      style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: 12 }}
    >
      <Flex vertical gap={6}>
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Flex gap={8} align="center">
            {METHOD_ICONS[intent.method]}
            <Typography.Text strong>{t(`payments.methods.${intent.method}`)}</Typography.Text>
            <Typography.Text strong>{format.vnd(intent.amountVnd)}</Typography.Text>
            {intent.amountRefundedVnd > 0 && <Tag color="purple">{t('payments.card.refunded', { amount: format.vnd(intent.amountRefundedVnd) })}</Tag>}
          </Flex>
          <IntentStatusTag intent={intent} />
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('payments.card.by', { at: format.dateTime(intent.succeededAt ?? intent.createdAt), actor: paymentActorText(intent.createdBy) })}
        </Typography.Text>
        {facts.map((fact) => (
          <Typography.Text key={fact} style={{ fontSize: 13 }}>
            {fact}
          </Typography.Text>
        ))}
        {intent.note && <Typography.Text style={{ fontSize: 13, whiteSpace: 'pre-wrap' }}>{t('payments.card.note', { note: intent.note })}</Typography.Text>}
        {intent.refunds.length > 0 && <RefundLines refunds={intent.refunds} />}
        {actions.length > 0 && (
          <Flex gap={8} wrap style={{ marginTop: 4 }}>
            {actions}
          </Flex>
        )}
      </Flex>
    </section>
  )
}

function Summary({ payments }: { payments: OrderPaymentsDto }) {
  const { t } = useTranslation()
  const format = useFormat()
  const overpaid = payments.paidVnd - payments.refundedVnd - payments.totalVnd
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 2, lg: 4 }}
      aria-label={t('payments.summary.label')}
      items={[
        { key: 'total', label: t('payments.summary.total'), children: format.vnd(payments.totalVnd) },
        { key: 'paid', label: t('payments.summary.paid'), children: <span data-testid="payment-paid">{format.vnd(payments.paidVnd)}</span> },
        { key: 'refunded', label: t('payments.summary.refunded'), children: <span data-testid="payment-refunded">{format.vnd(payments.refundedVnd)}</span> },
        {
          key: 'outstanding',
          label: t('payments.summary.outstanding'),
          children: (
            <Flex vertical>
              <Typography.Text strong type={payments.outstandingVnd > 0 ? 'danger' : undefined} data-testid="payment-outstanding">
                {format.vnd(payments.outstandingVnd)}
              </Typography.Text>
              {overpaid > 0 && <Typography.Text type="warning">{t('payments.summary.overpaid', { amount: format.vnd(overpaid) })}</Typography.Text>}
            </Flex>
          ),
        },
      ]}
    />
  )
}

export function OrderPaymentsCard({ order }: { order: OrderDto }) {
  const { t } = useTranslation()
  const { message, modal } = App.useApp()
  const format = useFormat()
  const query = useOrderPayments(order.id)
  const syncOrderMoney = useSyncOrderMoney()
  const cancel = useCancelIntent()
  const [dialog, setDialog] = useState<Dialog | null>(null)
  // The intent just made, until the list asked again includes it.
  const [created, setCreated] = useState<PaymentIntentDto | null>(null)
  const payments = query.data

  useEffect(() => {
    if (payments) void syncOrderMoney(payments)
  }, [payments, syncOrderMoney])

  const intentOf = (id: string): PaymentIntentDto | undefined => payments?.intents.find((i) => i.id === id) ?? (created?.id === id ? created : undefined)

  const onCreated = (intent: PaymentIntentDto) => {
    setCreated(intent)
    const amount = format.vnd(intent.amountVnd)
    switch (intent.method) {
      case 'cash':
        void message.success(t('payments.collect.cashDone', { amount, change: format.vnd(intent.changeVnd ?? 0) }))
        setDialog(null)
        break
      case 'cod':
        void message.success(t('payments.collect.codDone', { amount }), 6)
        setDialog(null)
        break
      case 'vietqr':
      case 'vnpay':
        setDialog({ kind: intent.method, intentId: intent.id })
        break
    }
  }

  const askCancel = (intent: PaymentIntentDto) => {
    modal.confirm({
      title: t('payments.card.cancelTitle', { amount: format.vnd(intent.amountVnd), method: t(`payments.methods.${intent.method}`) }),
      content: intent.method === 'vnpay' ? `${t('payments.card.cancelText')} ${t('payments.card.cancelVnpay')}` : t('payments.card.cancelText'),
      okText: t('payments.card.cancelOk'),
      okButtonProps: { danger: true },
      cancelText: t('payments.card.cancelKeep'),
      onOk: async () => {
        try {
          const after = await cancel.mutateAsync({ id: intent.id })
          void message.success(t('payments.card.canceled', { amount: format.vnd(after.amountVnd) }))
        } catch (error) {
          void message.error(paymentErrorText(error))
        }
      },
    })
  }

  const payable = PAYABLE.has(order.status)
  const owed = payments?.outstandingVnd ?? 0
  const blocked = !payable ? (order.status === 'draft' ? t('payments.card.draft') : t('payments.card.closed')) : owed === 0 ? t('payments.card.nothingOwed') : null
  const open = hasOpenIntent(payments)
  const current = dialog && dialog.kind !== 'collect' ? intentOf(dialog.intentId) : undefined

  return (
    <Card
      size="small"
      title={
        <Flex gap={8} align="center">
          {t('payments.title')}
          {payments && <PaymentStatusTag status={payments.paymentStatus} />}
        </Flex>
      }
      extra={
        <Button type="primary" icon={<WalletOutlined />} disabled={!payments || blocked !== null} onClick={() => setDialog({ kind: 'collect' })}>
          {t('payments.card.collect')}
        </Button>
      }
    >
      {query.isLoading ? (
        <Skeleton active />
      ) : !payments ? (
        <Alert type="error" showIcon title={describeError(query.error)} action={<Button onClick={() => void query.refetch()}>{t('common.retry')}</Button>} />
      ) : (
        <Flex vertical gap={12}>
          <Summary payments={payments} />
          {blocked && <Typography.Text type="secondary">{blocked}</Typography.Text>}
          {open && (
            <Typography.Text type="secondary" role="status">
              {t('payments.card.autoRefresh')}
            </Typography.Text>
          )}
          <Divider titlePlacement="start" plain style={{ margin: '4px 0' }}>
            {t('payments.card.listLabel')}
          </Divider>
          {payments.intents.length === 0 ? (
            <Typography.Text type="secondary">{t('payments.card.empty')}</Typography.Text>
          ) : (
            <Flex vertical gap={8}>
              {payments.intents.map((intent) => (
                <IntentItem key={intent.id} intent={intent} onOpen={setDialog} onCancel={askCancel} />
              ))}
            </Flex>
          )}
          <PaymentHistory orderId={order.id} poll={open} />
        </Flex>
      )}
      {dialog?.kind === 'collect' && payments && <CollectPaymentDialog order={order} payments={payments} onClose={() => setDialog(null)} onCreated={onCreated} />}
      {dialog?.kind === 'vietqr' && current && <VietQrModal intent={current} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'vnpay' && current && <VnpayCheckoutModal intent={current} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'confirm' && current && <ConfirmReceivedDialog intent={current} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'refund' && current && <RefundDialog intent={current} onClose={() => setDialog(null)} />}
    </Card>
  )
}
