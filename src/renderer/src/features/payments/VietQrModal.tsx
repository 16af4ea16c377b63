/**
 * The VietQR of one payment: the customer scans it in any Vietnamese banking app and finds the
 * account, the exact amount and the order's memo filled in. The same facts are shown as text
 * with copy buttons, for a customer who types the transfer by hand or is sent it over Zalo.
 * No bank tells the app when the money arrives: the cashier confirms it here (or a statement
 * import matches it later).
 */
import { Alert, Button, Descriptions, Flex, Modal, Result, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { PaymentIntentDto } from '@shared/contract/payments'
import { useFormat } from '../../components/format'
import { QrCode } from '../../components/QrCode'
import { ConfirmReceivedForm } from './ConfirmReceived'
import { intentStatusText } from './PaymentBits'

export function VietQrModal({ intent, onClose }: { intent: PaymentIntentDto; onClose: () => void }) {
  const { t } = useTranslation()
  const format = useFormat()
  const action = intent.nextAction?.type === 'display_vietqr' ? intent.nextAction : null

  const copyable = (text: string, field: string) => ({
    text,
    tooltips: [t('payments.vietqr.copy', { field }), t('payments.vietqr.copied', { field })],
  })

  let body
  if (action) {
    body = (
      <Flex vertical gap={16}>
        <Typography.Text type="secondary">{t('payments.vietqr.intro')}</Typography.Text>
        <Flex gap={24} wrap align="start">
          <QrCode
            text={action.data}
            size={240}
            label={t('payments.vietqr.qrLabel', { amount: format.vnd(action.amountVnd), account: action.accountNumber, bank: action.bankName })}
            data-testid="vietqr-code"
            data-payload={action.data}
            style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: 4, boxSizing: 'content-box' }}
          />
          <Descriptions
            column={1}
            size="small"
            style={{ flex: 1, minWidth: 240 }}
            items={[
              { key: 'bank', label: t('payments.vietqr.bank'), children: action.bankName },
              {
                key: 'account',
                label: t('payments.vietqr.accountNumber'),
                children: (
                  <Typography.Text strong copyable={copyable(action.accountNumber, t('payments.vietqr.accountNumber'))}>
                    {action.accountNumber}
                  </Typography.Text>
                ),
              },
              ...(action.accountName ? [{ key: 'name', label: t('payments.vietqr.accountName'), children: action.accountName }] : []),
              {
                key: 'amount',
                label: t('payments.vietqr.amount'),
                children: (
                  <Typography.Text strong style={{ fontSize: 18 }} copyable={copyable(String(action.amountVnd), t('payments.vietqr.amount'))}>
                    {format.vnd(action.amountVnd)}
                  </Typography.Text>
                ),
              },
              {
                key: 'memo',
                label: t('payments.vietqr.memo'),
                children: (
                  <Typography.Text code strong copyable={copyable(action.memo, t('payments.vietqr.memo'))} data-testid="vietqr-memo">
                    {action.memo}
                  </Typography.Text>
                ),
              },
            ]}
          />
        </Flex>
        <Alert type="info" showIcon title={t('payments.vietqr.memoHint')} description={t('payments.vietqr.noCallback')} />
        <ConfirmReceivedForm intent={intent} onDone={() => undefined} />
      </Flex>
    )
  } else if (intent.status === 'succeeded') {
    body = <Result status="success" title={t('payments.vietqr.paid', { amount: format.vnd(intent.amountReceivedVnd) })} />
  } else {
    body = <Alert type="warning" showIcon title={t('payments.vietqr.notWaiting', { status: intentStatusText(intent) })} />
  }

  return (
    <Modal
      open
      width={720}
      title={t('payments.vietqr.title', { number: intent.orderNumber })}
      onCancel={onClose}
      footer={
        <Button type={action ? 'default' : 'primary'} onClick={onClose}>
          {action ? t('payments.vietqr.later') : t('common.close')}
        </Button>
      }
      modalRender={(node) => <div data-testid="vietqr-modal">{node}</div>}
    >
      {body}
    </Modal>
  )
}
