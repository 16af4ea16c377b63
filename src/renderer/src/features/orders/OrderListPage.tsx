import { Alert, Button, DatePicker, Flex, Form, Select, Table, Tabs, Typography, type TableColumnsType } from 'antd'
import { PlusOutlined, ReconciliationOutlined, ShopOutlined } from '@ant-design/icons'
import dayjs from 'dayjs'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { ORDER_CHANNELS, ORDER_STATUS_VALUES, type OrderChannel, type OrderListItemDto, type OrderStatusValue } from '@shared/contract/orders'
import { addDays, todayInVietnam } from '@shared/domain/calendar'
import { useFormat } from '../../components/format'
import { SearchField } from '../../components/SearchField'
import { describeError } from '../../i18n/error-text'
import { OrderStatusTag, PaymentStatusTag, useChannelLabel } from './OrderBits'
import { setOrderFilters, useOrderFilters, useOrderList, useOrderStatusCounts } from './orders.queries'

const PAGE_SIZES = [20, 50, 100]

function OrderFilterBar() {
  const { t } = useTranslation()
  const setQuery = useCallback((query: string) => setOrderFilters({ query }), [])
  const channelLabel = useChannelLabel()
  const filters = useOrderFilters()
  // The shop's days are Vietnam's, whatever zone the computer is set to.
  const today = todayInVietnam(Date.now())

  return (
    <Form layout="vertical" component="div" role="search" aria-label={t('orders.list.filtersLabel')}>
      <Flex wrap gap={12} align="end">
        <Form.Item label={t('orders.list.search')} htmlFor="order-search" style={{ margin: 0, flex: '1 1 260px' }}>
          <SearchField id="order-search" query={filters.query} onQuery={setQuery} placeholder={t('orders.list.searchPlaceholder')} />
        </Form.Item>
        <Form.Item label={t('orders.list.channel')} htmlFor="order-channel-filter" style={{ margin: 0, width: 200 }}>
          <Select<OrderChannel | 'all'>
            id="order-channel-filter"
            value={filters.channel ?? 'all'}
            onChange={(value) => setOrderFilters({ channel: value === 'all' ? null : value })}
            options={[{ value: 'all', label: t('orders.list.channelAll') }, ...ORDER_CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }))]}
          />
        </Form.Item>
        <Form.Item label={t('orders.list.dates')} htmlFor="order-date-range" style={{ margin: 0 }}>
          <DatePicker.RangePicker
            id={{ start: 'order-date-range' }}
            format="DD/MM/YYYY"
            allowEmpty={[true, true]}
            placeholder={[t('orders.list.from'), t('orders.list.to')]}
            value={[filters.fromDate ? dayjs(filters.fromDate) : null, filters.toDate ? dayjs(filters.toDate) : null]}
            presets={[
              { label: t('orders.list.today'), value: [dayjs(today), dayjs(today)] },
              { label: t('orders.list.last7Days'), value: [dayjs(addDays(today, -6)), dayjs(today)] },
              { label: t('orders.list.thisMonth'), value: [dayjs(`${today.slice(0, 8)}01`), dayjs(today)] },
            ]}
            onChange={(range) => setOrderFilters({ fromDate: range?.[0]?.format('YYYY-MM-DD') ?? null, toDate: range?.[1]?.format('YYYY-MM-DD') ?? null })}
            style={{ width: 260 }}
          />
        </Form.Item>
      </Flex>
    </Form>
  )
}

export function OrderListPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const format = useFormat()
  const channelLabel = useChannelLabel()
  const filters = useOrderFilters()
  const [page, setPage] = useState({ page: 1, pageSize: 50 })
  const list = useOrderList(filters, page)
  const counts = useOrderStatusCounts(filters)

  // A new search starts from its first page.
  useEffect(() => setPage((p) => (p.page === 1 ? p : { ...p, page: 1 })), [filters])

  const columns: TableColumnsType<OrderListItemDto> = useMemo(
    () => [
      {
        key: 'number',
        title: t('orders.list.columns.number'),
        width: 150,
        fixed: 'left',
        render: (_, o) => (
          <Link to={`/orders/${o.id}`}>
            <Typography.Text strong style={{ color: 'inherit', whiteSpace: 'nowrap' }}>
              {o.number}
            </Typography.Text>
          </Link>
        ),
      },
      { key: 'createdAt', title: t('orders.list.columns.createdAt'), width: 130, render: (_, o) => <span style={{ whiteSpace: 'nowrap' }}>{format.dateTime(o.createdAt)}</span> },
      { key: 'channel', title: t('orders.list.columns.channel'), width: 120, render: (_, o) => channelLabel(o.channel) },
      {
        key: 'customer',
        title: t('orders.list.columns.customer'),
        render: (_, o) =>
          o.customerName || o.customerPhone ? (
            <Flex vertical>
              <span>{o.customerName ?? t('common.empty')}</span>
              {o.customerPhone && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {o.customerPhone}
                </Typography.Text>
              )}
            </Flex>
          ) : (
            <Typography.Text type="secondary">{t('orders.list.walkIn')}</Typography.Text>
          ),
      },
      { key: 'lines', title: t('orders.list.columns.lines'), width: 80, align: 'right', render: (_, o) => format.number(o.lineCount) },
      { key: 'total', title: t('orders.list.columns.total'), width: 130, align: 'right', render: (_, o) => <Typography.Text strong>{format.vnd(o.totalVnd)}</Typography.Text> },
      { key: 'status', title: t('orders.list.columns.status'), width: 130, render: (_, o) => <OrderStatusTag status={o.status} /> },
      { key: 'payment', title: t('orders.list.columns.payment'), width: 140, render: (_, o) => <PaymentStatusTag status={o.paymentStatus} /> },
    ],
    [t, format, channelLabel],
  )
  const totalWidth = columns.reduce((sum, c) => sum + Number(c.width ?? 200), 0)
  const total = list.data?.total
  const countText = (status: OrderStatusValue | null) => {
    const n = counts.get(status)
    return n === undefined ? '' : ` (${format.number(n)})`
  }

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="end" wrap gap={12}>
        <Flex align="baseline" gap={16} wrap>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t('orders.title')}
          </Typography.Title>
          {total !== undefined && (
            <Typography.Text type="secondary" role="status">
              {t('orders.list.total', { total: format.number(total) })}
            </Typography.Text>
          )}
        </Flex>
        <Flex gap={8}>
          <Button icon={<ReconciliationOutlined />} onClick={() => void navigate('/payments/statements')}>
            {t('statements.openFromOrders')}
          </Button>
          <Button icon={<ShopOutlined />} onClick={() => void navigate('/counter')}>
            {t('orders.list.counter')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/orders/new')}>
            {t('orders.list.create')}
          </Button>
        </Flex>
      </Flex>
      <OrderFilterBar />
      <Tabs
        activeKey={filters.status ?? 'all'}
        onChange={(key) => setOrderFilters({ status: key === 'all' ? null : (key as OrderStatusValue) })}
        items={[
          { key: 'all', label: `${t('orders.list.statusAll')}${countText(null)}` },
          ...ORDER_STATUS_VALUES.map((s) => ({ key: s, label: `${t(`orders.status.${s}`)}${countText(s)}` })),
        ]}
        style={{ marginBottom: -12 }}
      />
      {list.error && <Alert type="error" showIcon title={describeError(list.error)} action={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>} />}
      <Table<OrderListItemDto>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isLoading || (list.isFetching && list.isPlaceholderData)}
        scroll={{ x: totalWidth }}
        locale={{ emptyText: t('orders.list.empty') }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (n, [from, to]) => t('orders.list.pageRange', { from: format.number(from), to: format.number(to), total: format.number(n) }),
          onChange: (current, pageSize) => setPage({ page: pageSize === page.pageSize ? current : 1, pageSize }),
        }}
      />
    </Flex>
  )
}
