/**
 * What needs doing, each row one click from the screen where it is done: variants running low
 * (Kho hàng), lots near their best-before date (Lô hàng), OCOP certificates to renew (the
 * product's certificates), and changes the sales channels have not taken yet (Kênh bán).
 */
import { Card, Col, Flex, Row, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd'
import { CheckCircleOutlined, WarningOutlined } from '@ant-design/icons'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { DashboardDto } from '@shared/contract/reports'
import { formatDateVi } from '@shared/domain/calendar'
import { useFormat } from '../../components/format'
import { ExpiryCell } from '../lots/LotListPage'
import { daysLeftText, OcopStars } from '../ocop/OcopBits'

/** About four rows; the card links to the full list. */
const LIST_SCROLL = { y: 168 }

function AttentionCard(props: { title: string; warn: boolean; link: ReactNode; children: ReactNode }) {
  return (
    <Card
      size="small"
      role="region"
      aria-label={props.title}
      title={
        <Flex gap={6} align="center">
          {props.warn ? <WarningOutlined style={{ color: '#d46b08' }} aria-hidden /> : <CheckCircleOutlined style={{ color: '#389e0d' }} aria-hidden />}
          <span style={{ whiteSpace: 'normal' }}>{props.title}</span>
        </Flex>
      }
      // The link sits at the foot of every card, level across the row whatever the list's length.
      actions={[props.link]}
      style={{ height: '100%', display: 'flex', flexDirection: 'column' }}
      styles={{ body: { flex: 1 } }}
    >
      {props.children}
    </Card>
  )
}

/** A short list, or the sentence saying there is nothing to do. */
function AttentionList<T extends object>(props: { items: readonly T[]; none: string; rowKey: keyof T & string; columns: TableColumnsType<T> }) {
  if (props.items.length === 0) return <Typography.Text type="secondary">{props.none}</Typography.Text>
  return <Table<T> size="small" rowKey={props.rowKey} dataSource={props.items as T[]} pagination={false} scroll={LIST_SCROLL} columns={props.columns} />
}

/** A linked name with a smaller line under it (the SKU, the product, the stars). */
function NamedRow(props: { link: ReactNode; under: ReactNode }) {
  return (
    <Flex vertical>
      {props.link}
      {typeof props.under === 'string' ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {props.under}
        </Typography.Text>
      ) : (
        props.under
      )}
    </Flex>
  )
}

function LowStockCard({ items }: { items: DashboardDto['lowStock'] }) {
  const { t } = useTranslation()
  const format = useFormat()
  return (
    <AttentionCard title={t('dashboard.attention.lowStock.title')} warn={items.length > 0} link={<Link to="/stock?tab=low">{t('dashboard.attention.lowStock.open')}</Link>}>
      <AttentionList
        items={items}
        none={t('dashboard.attention.lowStock.none')}
        rowKey="variantId"
        columns={[
          {
            key: 'product',
            title: t('dashboard.columns.product'),
            render: (_, r) => <NamedRow link={<Link to={`/stock?tab=low&q=${encodeURIComponent(r.sku)}`}>{r.productName}</Link>} under={r.sku} />,
          },
          {
            key: 'available',
            title: t('dashboard.attention.lowStock.available'),
            align: 'right',
            width: 104,
            render: (_, r) => (
              <Flex vertical align="end">
                <Typography.Text strong type={r.available <= 0 ? 'danger' : 'warning'}>
                  {format.number(r.available)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                  {t('dashboard.attention.lowStock.threshold', { count: format.number(r.threshold) })}
                </Typography.Text>
              </Flex>
            ),
          },
        ]}
      />
    </AttentionCard>
  )
}

function ExpiringLotsCard({ items, today }: { items: DashboardDto['expiringLots']; today: string }) {
  const { t } = useTranslation()
  return (
    <AttentionCard title={t('dashboard.attention.lots.title')} warn={items.length > 0} link={<Link to="/lots">{t('dashboard.attention.lots.open')}</Link>}>
      <AttentionList
        items={items}
        none={t('dashboard.attention.lots.none')}
        rowKey="lotId"
        columns={[
          { key: 'lot', title: t('dashboard.attention.lots.lot'), render: (_, r) => <NamedRow link={<Link to={`/lots/${r.lotId}`}>{r.lotCode}</Link>} under={r.productName} /> },
          { key: 'expiry', title: t('dashboard.attention.lots.expiry'), width: 110, render: (_, r) => <ExpiryCell expiryDate={r.expiryDate} today={today} /> },
        ]}
      />
    </AttentionCard>
  )
}

function ExpiringCertificatesCard({ items }: { items: DashboardDto['expiringCertificates'] }) {
  const { t } = useTranslation()
  return (
    <AttentionCard
      title={t('dashboard.attention.certificates.title')}
      warn={items.length > 0}
      link={<Link to="/ocop/alerts">{t('dashboard.attention.certificates.open')}</Link>}
    >
      <AttentionList
        items={items}
        none={t('dashboard.attention.certificates.none')}
        rowKey="certificateId"
        columns={[
          {
            key: 'product',
            title: t('dashboard.columns.product'),
            // Certificates are renewed on the product's own page.
            render: (_, r) => <NamedRow link={<Link to={`/products/${r.productId}`}>{r.productName}</Link>} under={<OcopStars stars={r.stars} />} />,
          },
          {
            key: 'expiry',
            title: t('dashboard.attention.certificates.expiry'),
            width: 110,
            render: (_, r) => (
              <Flex vertical align="start" gap={2}>
                <span>{formatDateVi(r.expiryDate)}</span>
                <Tag color={r.daysLeft < 0 ? 'red' : 'orange'} style={{ marginInlineEnd: 0, fontSize: 12, lineHeight: '18px' }}>
                  {daysLeftText(t, r.daysLeft)}
                </Tag>
              </Flex>
            ),
          },
        ]}
      />
    </AttentionCard>
  )
}

function ChannelQueueCard({ outbox }: { outbox: DashboardDto['outbox'] }) {
  const { t } = useTranslation()
  const format = useFormat()
  const note = outbox.dead > 0 ? t('dashboard.attention.channels.deadHint') : outbox.pending === 0 ? t('dashboard.attention.channels.allSent') : null
  return (
    <AttentionCard title={t('dashboard.attention.channels.title')} warn={outbox.dead > 0} link={<Link to="/channels">{t('dashboard.attention.channels.open')}</Link>}>
      <Flex vertical gap={8}>
        <Flex gap={24} wrap role="group" aria-label={t('dashboard.attention.channels.summary', { pending: format.number(outbox.pending), dead: format.number(outbox.dead) })}>
          <Statistic title={t('dashboard.attention.channels.pending')} value={outbox.pending} formatter={() => format.number(outbox.pending)} />
          <Statistic
            title={t('dashboard.attention.channels.dead')}
            value={outbox.dead}
            formatter={() => format.number(outbox.dead)}
            styles={{ content: { color: outbox.dead > 0 ? '#cf1322' : undefined } }}
          />
        </Flex>
        {note && <Typography.Text type={outbox.dead > 0 ? 'danger' : 'secondary'}>{note}</Typography.Text>}
      </Flex>
    </AttentionCard>
  )
}

export function AttentionCards({ dashboard }: { dashboard: DashboardDto }) {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={12} xl={6}>
        <LowStockCard items={dashboard.lowStock} />
      </Col>
      <Col xs={24} md={12} xl={6}>
        <ExpiringLotsCard items={dashboard.expiringLots} today={dashboard.today} />
      </Col>
      <Col xs={24} md={12} xl={6}>
        <ExpiringCertificatesCard items={dashboard.expiringCertificates} />
      </Col>
      <Col xs={24} md={12} xl={6}>
        <ChannelQueueCard outbox={dashboard.outbox} />
      </Col>
    </Row>
  )
}
