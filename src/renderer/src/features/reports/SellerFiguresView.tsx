/**
 * One seller's figures for a period, as the figures file carries them to the commune: who sells
 * online, OCOP products by star and where they are listed, products on sale / traceable / online,
 * orders and net sales per channel, money by method. Shown after the seller makes the file, and
 * on the coordinator's screen for each seller that sent one.
 */
import { Card, Col, Descriptions, Flex, Row, Table, Tag, Typography } from 'antd'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ONLINE_CHANNELS, type SellerFigures } from '@shared/contract/reports'
import { useFormat } from '../../components/format'
import { OcopStars } from '../ocop/OcopBits'
import { useMethodLabel } from '../dashboard/DashboardBits'
import { formatShare } from './report-cells'
import { cashlessShare, onlineShare } from './seller-figures'

const PLATFORMS = ['shopee', 'lazada', 'tiktok', 'ntm_portal', 'file_export'] as const
const STARS = ['5', '4', '3'] as const

function Share({ share }: { share: number | null }) {
  const { t } = useTranslation()
  const format = useFormat()
  return <Typography.Text strong>{share === null ? t('common.empty') : formatShare(share, format.language)}</Typography.Text>
}

/**
 * A table of figures with the share worked out from it underneath. The share sits beside the
 * table, not in its footer, which also keeps antd from indenting the table as a nested one when
 * the coordinator opens a seller's row.
 */
function FiguresCard(props: { title: string; share: { label: string; value: number | null }; children: ReactNode }) {
  return (
    <Card size="small" title={props.title} styles={{ body: { padding: 0 } }}>
      {props.children}
      <Flex justify="space-between" style={{ padding: '8px 8px 10px' }}>
        <span>{props.share.label}</span>
        <Share share={props.share.value} />
      </Flex>
    </Card>
  )
}

function CountsCard({ figures }: { figures: SellerFigures }) {
  const { t } = useTranslation()
  const format = useFormat()
  const sellers = figures.onlineSellers
  const ocop = figures.ocop
  const n = (value: number) => format.number(value)
  return (
    <Flex vertical gap={12}>
      <Descriptions
        size="small"
        bordered
        column={1}
        title={<span style={{ fontSize: 14 }}>{t('reports.figures.onlineSellers.title')}</span>}
        items={[
          { key: 'cooperatives', label: t('reports.figures.onlineSellers.cooperatives'), children: n(sellers.cooperatives) },
          { key: 'groups', label: t('reports.figures.onlineSellers.groups'), children: n(sellers.groups) },
          { key: 'households', label: t('reports.figures.onlineSellers.households'), children: n(sellers.households) },
          { key: 'enterprises', label: t('reports.figures.onlineSellers.enterprises'), children: n(sellers.enterprises) },
        ]}
      />
      <Descriptions
        size="small"
        bordered
        column={1}
        title={<span style={{ fontSize: 14 }}>{t('reports.figures.products.title')}</span>}
        items={[
          { key: 'active', label: t('reports.figures.products.active'), children: n(figures.products.active) },
          { key: 'traced', label: t('reports.figures.products.withTraceability'), children: n(figures.products.withTraceability) },
          { key: 'listed', label: t('reports.figures.products.listedOnline'), children: n(figures.products.listedOnline) },
        ]}
      />
      <Descriptions
        size="small"
        bordered
        column={1}
        title={<span style={{ fontSize: 14 }}>{t('reports.figures.ocop.title')}</span>}
        items={[
          ...STARS.map((star) => ({ key: `star-${star}`, label: <OcopStars stars={Number(star)} />, children: n(ocop.byStar[star]) })),
          ...PLATFORMS.map((platform) => ({
            key: platform,
            label: t('reports.figures.ocop.listedOn', { channel: t(`reports.figures.ocop.platforms.${platform}`) }),
            children: n(ocop.listedOn[platform]),
          })),
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('reports.figures.onlineSellers.hint')} {t('reports.figures.ocop.hint')}
      </Typography.Text>
    </Flex>
  )
}

function SalesTable({ figures }: { figures: SellerFigures }) {
  const { t } = useTranslation()
  const format = useFormat()
  const rows = [...figures.sales.byChannel].sort((a, b) => b.netVnd - a.netVnd)
  return (
    <FiguresCard title={t('reports.figures.sales.title')} share={{ label: t('reports.figures.sales.ecommerceShare'), value: onlineShare(figures) }}>
      <Table
        size="small"
        rowKey="channel"
        dataSource={rows}
        pagination={false}
        aria-label={t('reports.figures.sales.title')}
        locale={{ emptyText: t('reports.figures.sales.none') }}
        columns={[
          {
            key: 'channel',
            title: t('reports.figures.sales.channel'),
            render: (_, r) => (
              <Flex gap={6} align="center" wrap>
                {t(`orders.channels.${r.channel}`)}
                {ONLINE_CHANNELS.includes(r.channel) && (
                  <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                    {t('reports.figures.sales.online')}
                  </Tag>
                )}
              </Flex>
            ),
          },
          { key: 'orders', title: t('reports.figures.sales.orders'), align: 'right', render: (_, r) => format.number(r.orders) },
          { key: 'net', title: t('reports.figures.sales.net'), align: 'right', render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{format.vnd(r.netVnd)}</span> },
        ]}
        summary={() =>
          rows.length > 0 && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t('reports.figures.sales.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Typography.Text strong>{format.number(figures.sales.total.orders)}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                  {format.vnd(figures.sales.total.netVnd)}
                </Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )
        }
      />
    </FiguresCard>
  )
}

function CollectionsTable({ figures }: { figures: SellerFigures }) {
  const { t } = useTranslation()
  const format = useFormat()
  const methodLabel = useMethodLabel()
  return (
    <FiguresCard title={t('reports.figures.collections.title')} share={{ label: t('reports.figures.collections.cashlessShare'), value: cashlessShare(figures) }}>
      <Table
        size="small"
        rowKey="method"
        dataSource={figures.collections}
        pagination={false}
        aria-label={t('reports.figures.collections.title')}
        columns={[
          { key: 'method', title: t('reports.figures.collections.method'), render: (_, r) => methodLabel(r.method) },
          {
            key: 'amount',
            title: t('reports.figures.collections.amount'),
            align: 'right',
            render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{format.vnd(r.amountVnd)}</span>,
          },
        ]}
      />
    </FiguresCard>
  )
}

export function SellerFiguresView({ figures }: { figures: SellerFigures }) {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={10}>
        <CountsCard figures={figures} />
      </Col>
      <Col xs={24} xl={14}>
        <Flex vertical gap={16}>
          <SalesTable figures={figures} />
          <CollectionsTable figures={figures} />
        </Flex>
      </Col>
    </Row>
  )
}
