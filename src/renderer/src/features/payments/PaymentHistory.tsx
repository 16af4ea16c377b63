/**
 * "Lịch sử thanh toán": every message about the order's money, newest first, as the backend
 * logged it: what it was, where it came from, whether its signature held, and what it changed.
 * A forged or mismatched callback shows here as rejected, with the reason.
 */
import { Alert, Collapse, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { CheckOutlined, CloseOutlined, MinusOutlined } from '@ant-design/icons'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PaymentEventDto } from '@shared/contract/payments'
import { useFormat } from '../../components/format'
import { hasText, translateDynamic } from '../../i18n'
import { describeError } from '../../i18n/error-text'
import { eventReasonText, eventSourceText, eventTypeText, paymentActorText } from './PaymentBits'
import { OPEN_PAYMENT_POLL_MS, usePaymentEvents } from './payments.queries'

const OUTCOME_COLOR: Record<PaymentEventDto['outcome'], string> = { applied: 'green', unchanged: 'default', rejected: 'red' }

/** A status before or after the event: an intent's word when there is one, otherwise as stored. */
function statusWord(status: string): string {
  const key = `payments.intentStatus.${status}`
  return hasText(key) ? translateDynamic(key) : status
}

function Verified({ verified }: { verified: boolean | null }) {
  const { t } = useTranslation()
  if (verified === null) return <MinusOutlined aria-label={t('payments.history.verified.none')} style={{ color: '#8c8c8c' }} />
  return verified ? (
    <CheckOutlined aria-label={t('payments.history.verified.yes')} style={{ color: '#389e0d' }} />
  ) : (
    <CloseOutlined aria-label={t('payments.history.verified.no')} style={{ color: '#cf1322' }} />
  )
}

function EventsTable({ orderId, poll }: { orderId: string; poll: boolean }) {
  const { t } = useTranslation()
  const format = useFormat()
  const events = usePaymentEvents(orderId, true, poll ? OPEN_PAYMENT_POLL_MS : false)
  if (events.error) return <Alert type="error" showIcon title={describeError(events.error)} />
  const columns: TableColumnsType<PaymentEventDto> = [
    { key: 'at', title: t('payments.history.columns.at'), width: 140, render: (_, e) => format.dateTime(e.at) },
    { key: 'type', title: t('payments.history.columns.type'), render: (_, e) => eventTypeText(e.type) },
    { key: 'source', title: t('payments.history.columns.source'), width: 150, render: (_, e) => eventSourceText(e.source) },
    { key: 'verified', title: t('payments.history.columns.verified'), width: 80, align: 'center', render: (_, e) => <Verified verified={e.verified} /> },
    {
      key: 'outcome',
      title: t('payments.history.columns.outcome'),
      width: 130,
      render: (_, e) => <Tag color={OUTCOME_COLOR[e.outcome]}>{t(`payments.history.outcomes.${e.outcome}`)}</Tag>,
    },
    { key: 'reason', title: t('payments.history.columns.reason'), render: (_, e) => (e.reason ? eventReasonText(e.reason) : t('common.empty')) },
    {
      key: 'status',
      title: t('payments.history.columns.status'),
      width: 190,
      render: (_, e) =>
        e.statusAfter && e.statusBefore && e.statusAfter !== e.statusBefore
          ? t('payments.history.statusChange', { from: statusWord(e.statusBefore), to: statusWord(e.statusAfter) })
          : e.statusAfter
            ? statusWord(e.statusAfter)
            : t('common.empty'),
    },
    { key: 'actor', title: t('payments.history.columns.actor'), width: 160, render: (_, e) => paymentActorText(e.actor) },
  ]
  return (
    <Table<PaymentEventDto>
      rowKey="id"
      size="small"
      pagination={false}
      loading={events.isLoading}
      dataSource={events.data ?? []}
      columns={columns}
      scroll={{ x: 1000 }}
      locale={{ emptyText: <Typography.Text type="secondary">{t('payments.history.empty')}</Typography.Text> }}
    />
  )
}

export function PaymentHistory({ orderId, poll }: { orderId: string; poll: boolean }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  return (
    <Collapse
      size="small"
      activeKey={open ? ['history'] : []}
      onChange={(keys) => setOpen(keys.includes('history'))}
      items={[{ key: 'history', label: t('payments.history.title'), children: open ? <EventsTable orderId={orderId} poll={poll} /> : null }]}
    />
  )
}
