/**
 * The figures kept for the period on screen, one row per seller: who, the key fingerprint the
 * coordinator compared, orders, net sales and the online share, when and from which file it was
 * imported. A row opens to the seller's full figures; a bundle sent by mistake can be removed.
 */
import { App, Button, Flex, Popconfirm, Table, Typography } from 'antd'
import { DeleteOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { CommuneBundleDto } from '@shared/contract/reports'
import { Fingerprint } from '../../components/Fingerprint'
import { useFormat } from '../../components/format'
import { describeError } from '../../i18n/error-text'
import { formatShare } from '../reports/report-cells'
import { combinedOnlineShare, onlineShare } from '../reports/seller-figures'
import { SellerFiguresView } from '../reports/SellerFiguresView'
import { useRemoveBundle } from './commune.queries'

function RemoveButton({ bundle }: { bundle: CommuneBundleDto }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const remove = useRemoveBundle()
  return (
    <Popconfirm
      title={t('reports.commune.bundles.removeConfirm', { seller: bundle.sellerName })}
      okText={t('reports.commune.bundles.removeOk')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onConfirm={() =>
        remove.mutateAsync(bundle.id).then(
          () => void message.success(t('reports.commune.bundles.removed', { seller: bundle.sellerName })),
          (error: unknown) => void message.error(describeError(error)),
        )
      }
    >
      {/* No hover tooltip: it would sit over the confirmation's buttons. The name says whose figures go. */}
      <Button type="text" danger icon={<DeleteOutlined />} loading={remove.isPending} aria-label={t('reports.commune.bundles.remove', { seller: bundle.sellerName })} />
    </Popconfirm>
  )
}

export function BundlesTable({ bundles, loading, label }: { bundles: readonly CommuneBundleDto[]; loading: boolean; label: string }) {
  const { t } = useTranslation()
  const format = useFormat()
  const share = (value: number | null) => (value === null ? t('common.empty') : formatShare(value, format.language))
  const totalOrders = bundles.reduce((sum, b) => sum + b.figures.sales.total.orders, 0)
  const totalNet = bundles.reduce((sum, b) => sum + b.figures.sales.total.netVnd, 0)
  return (
    <Table<CommuneBundleDto>
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={[...bundles]}
      aria-label={label}
      pagination={bundles.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      // Fixed widths for the figures; the seller's name takes the rest, and an opened row spans the table as it is.
      tableLayout="fixed"
      scroll={{ x: 960 }}
      locale={{ emptyText: t('reports.commune.bundles.empty') }}
      expandable={{
        expandedRowRender: (bundle) => <SellerFiguresView figures={bundle.figures} />,
        expandIcon: ({ expanded, onExpand, record }) => (
          <Button
            type="text"
            size="small"
            aria-expanded={expanded}
            aria-label={t('reports.commune.bundles.details', { seller: record.sellerName })}
            onClick={(event) => onExpand(record, event)}
          >
            {expanded ? '−' : '+'}
          </Button>
        ),
      }}
      columns={[
        {
          key: 'seller',
          title: t('reports.commune.bundles.seller'),
          sorter: (a, b) => a.sellerName.localeCompare(b.sellerName, 'vi'),
          render: (_, b) => (
            <Flex vertical>
              <Typography.Text strong>{b.sellerName}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[t(`seller.kinds.${b.sellerKind}`), b.taxCode && t('reports.commune.bundles.taxCode', { taxCode: b.taxCode })].filter(Boolean).join(' · ')}
              </Typography.Text>
            </Flex>
          ),
        },
        {
          key: 'fingerprint',
          title: t('reports.commune.bundles.fingerprint'),
          width: 200,
          render: (_, b) => <Fingerprint value={b.fingerprint} />,
        },
        {
          key: 'orders',
          title: t('reports.commune.bundles.orders'),
          align: 'right',
          width: 90,
          sorter: (a, b) => a.figures.sales.total.orders - b.figures.sales.total.orders,
          render: (_, b) => format.number(b.figures.sales.total.orders),
        },
        {
          key: 'net',
          title: t('reports.commune.bundles.net'),
          align: 'right',
          width: 150,
          sorter: (a, b) => a.figures.sales.total.netVnd - b.figures.sales.total.netVnd,
          render: (_, b) => <span style={{ whiteSpace: 'nowrap' }}>{format.vnd(b.figures.sales.total.netVnd)}</span>,
        },
        {
          key: 'online',
          title: t('reports.commune.bundles.onlineShare'),
          align: 'right',
          width: 110,
          render: (_, b) => <span style={{ whiteSpace: 'nowrap' }}>{share(onlineShare(b.figures))}</span>,
        },
        {
          key: 'imported',
          title: t('reports.commune.bundles.importedAt'),
          width: 190,
          render: (_, b) => (
            <Flex vertical>
              <span style={{ whiteSpace: 'nowrap' }}>{format.dateTime(b.importedAt)}</span>
              {b.fileName && (
                <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 170 }} ellipsis={{ tooltip: b.fileName }}>
                  {b.fileName}
                </Typography.Text>
              )}
            </Flex>
          ),
        },
        { key: 'remove', width: 56, render: (_, b) => <RemoveButton bundle={b} /> },
      ]}
      summary={() =>
        bundles.length > 1 && (
          <Table.Summary.Row>
            {/* The expand column comes first. */}
            <Table.Summary.Cell index={0} />
            <Table.Summary.Cell index={1} colSpan={2}>
              <Typography.Text strong>{t('reports.commune.bundles.total')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              <Typography.Text strong>{format.number(totalOrders)}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                {format.vnd(totalNet)}
              </Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5} align="right">
              <Typography.Text strong>{share(combinedOnlineShare(bundles.map((b) => b.figures)))}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={6} colSpan={2} />
          </Table.Summary.Row>
        )
      }
    />
  )
}
