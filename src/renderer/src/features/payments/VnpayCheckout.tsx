/**
 * Paying through VNPay's hosted page (scenario 6): open it on this machine, or copy the link and
 * send it to the buyer. VNPay reports back through the customer's browser and the app's own
 * questions (querydr); this dialog only watches the intent, which the order page asks about
 * every few seconds while it is open.
 *
 * Browser mode opens the page with window.open inside the click itself: a popup blocker lets a
 * window through only during the user's gesture, never after an awaited call. The desktop app
 * asks the main process, which opens VNPay in a window of its own.
 */
import { Alert, App, Button, Descriptions, Flex, Modal, Result, Typography } from 'antd'
import { CopyOutlined, ExportOutlined, ReloadOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { PaymentIntentDto } from '@shared/contract/payments'
import { transportKind } from '../../api/client'
import { copyText } from '../../components/clipboard'
import { useFormat } from '../../components/format'
import { IntentStatusTag, intentStatusText, paymentErrorText, vnpayPayText } from './PaymentBits'
import { useOpenCheckout, useRefreshIntent } from './payments.queries'

/** Opening VNPay's page and copying its link, the same from the dialog and from the list of payments. */
export function useVnpayPage() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const openCheckout = useOpenCheckout()
  const refresh = useRefreshIntent()

  const urlOf = (intent: PaymentIntentDto) => (intent.nextAction?.type === 'redirect_to_url' ? intent.nextAction.url : null)

  return {
    urlOf,
    opening: openCheckout.isPending,
    refreshing: refresh.isPending,
    open(intent: PaymentIntentDto) {
      const url = urlOf(intent)
      if (!url) return
      if (transportKind() === 'http') {
        // noopener: VNPay's page gets no handle on this tab.
        window.open(url, '_blank', 'noopener,noreferrer')
        return
      }
      openCheckout.mutate(intent.id, {
        onSuccess: (opened) => void (opened.openedIn === 'app_window' ? message.info(t('payments.vnpay.openedInApp')) : message.warning(t('payments.vnpay.notOpened'))),
        onError: (error) => void message.error(paymentErrorText(error)),
      })
    },
    async copyLink(intent: PaymentIntentDto) {
      const url = urlOf(intent)
      if (!url) return
      if (await copyText(url)) void message.success(t('payments.card.linkCopied'))
      else void message.warning(t('payments.card.copyFailed', { url }), 10)
    },
    refresh(intent: PaymentIntentDto) {
      refresh.mutate(intent.id, {
        onSuccess: (after) => void message.info(t('payments.card.refreshed', { status: intentStatusText(after) })),
        onError: (error) => void message.error(paymentErrorText(error)),
      })
    },
  }
}

export function VnpayCheckoutModal({ intent, onClose }: { intent: PaymentIntentDto; onClose: () => void }) {
  const { t } = useTranslation()
  const format = useFormat()
  const page = useVnpayPage()
  const url = page.urlOf(intent)

  let state
  switch (intent.status) {
    case 'requires_action':
      state = <Alert type="info" showIcon role="status" title={t('payments.vnpay.waiting')} />
      break
    case 'processing':
      state = <Alert type="info" showIcon role="status" title={t('payments.vnpay.processing')} />
      break
    case 'succeeded':
      state = <Result status="success" title={t('payments.vnpay.succeeded')} subTitle={t('payments.vnpay.succeededText', { amount: format.vnd(intent.amountReceivedVnd) })} />
      break
    default:
      state = (
        <Alert
          type="warning"
          showIcon
          role="status"
          title={t('payments.vnpay.ended', { status: intentStatusText(intent) })}
          description={intent.providerCode && intent.providerCode !== '00' ? t('payments.card.vnpaySaid', { message: vnpayPayText(intent.providerCode) }) : undefined}
        />
      )
  }

  return (
    <Modal
      open
      width={600}
      title={t('payments.vnpay.title', { number: intent.orderNumber })}
      onCancel={onClose}
      footer={
        <Button type={intent.status === 'succeeded' ? 'primary' : 'default'} onClick={onClose}>
          {t('payments.vnpay.close')}
        </Button>
      }
      modalRender={(node) => <div data-testid="vnpay-modal">{node}</div>}
    >
      <Flex vertical gap={16}>
        <Descriptions
          column={1}
          size="small"
          items={[
            { key: 'amount', label: t('payments.vnpay.amount'), children: <Typography.Text strong>{format.vnd(intent.amountVnd)}</Typography.Text> },
            { key: 'status', label: t('payments.vnpay.status'), children: <IntentStatusTag intent={intent} /> },
            ...(intent.providerRef ? [{ key: 'ref', label: t('payments.vnpay.txnRef'), children: <Typography.Text copyable>{intent.providerRef}</Typography.Text> }] : []),
          ]}
        />
        {url && (
          <>
            <Typography.Text type="secondary">{t('payments.vnpay.intro')}</Typography.Text>
            <Flex gap={8} wrap>
              <Button type="primary" icon={<ExportOutlined />} loading={page.opening} onClick={() => page.open(intent)} data-testid="open-vnpay">
                {t('payments.card.openVnpay')}
              </Button>
              <Button icon={<CopyOutlined />} onClick={() => void page.copyLink(intent)}>
                {t('payments.card.copyLink')}
              </Button>
            </Flex>
            {intent.expiresAt && <Typography.Text type="secondary">{t('payments.vnpay.expires', { at: format.dateTime(intent.expiresAt) })}</Typography.Text>}
          </>
        )}
        {state}
        {(intent.status === 'requires_action' || intent.status === 'processing') && (
          <Flex>
            <Button icon={<ReloadOutlined />} loading={page.refreshing} onClick={() => page.refresh(intent)}>
              {t('payments.card.refresh')}
            </Button>
          </Flex>
        )}
      </Flex>
    </Modal>
  )
}
