import { Card, Table, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { DashboardDto } from '@shared/contract/reports'
import { useFormat } from '../../components/format'

/** The period's ten best sellers by net sales; quantities are net of what came back. */
export function TopProductsCard({ items }: { items: DashboardDto['topProducts'] }) {
  const { t } = useTranslation()
  const format = useFormat()
  const title = t('dashboard.topProducts.title')
  return (
    <Card size="small" role="region" aria-label={title} title={title} style={{ height: '100%' }}>
      <Table
        size="small"
        rowKey="productId"
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('dashboard.topProducts.none') }}
        columns={[
          { key: 'rank', title: '#', width: 36, render: (_, _r, index) => <Typography.Text type="secondary">{format.number(index + 1)}</Typography.Text> },
          { key: 'product', title: t('dashboard.columns.product'), render: (_, r) => <Link to={`/products/${r.productId}`}>{r.productName}</Link> },
          { key: 'quantity', title: t('dashboard.columns.quantity'), align: 'right', width: 90, render: (_, r) => format.number(r.quantity) },
          {
            key: 'net',
            title: t('dashboard.columns.net'),
            align: 'right',
            width: 140,
            render: (_, r) => <span style={{ whiteSpace: 'nowrap' }}>{format.vnd(r.netVnd)}</span>,
          },
        ]}
      />
    </Card>
  )
}
