import { Alert, Button, Flex, Form, Input, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd'
import { PlusOutlined, SearchOutlined, WarningOutlined } from '@ant-design/icons'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import type { CustomerDto } from '@shared/contract/orders'
import { useFormat } from '../../components/format'
import { useDebouncedValue } from '../../components/useDebouncedValue'
import { describeError } from '../../i18n/error-text'
import { useCustomerList } from './customers.queries'

const SEARCH_DEBOUNCE_MS = 250
const PAGE_SIZES = [20, 50, 100]

/** The search survives leaving the list for a customer and coming back. */
let rememberedQuery = ''

/** "Same phone as …": a family's shared phone is normal, but worth a look before picking the wrong one. */
export function SamePhoneTag({ customer }: { customer: Pick<CustomerDto, 'samePhone'> }) {
  const { t } = useTranslation()
  if (customer.samePhone.length === 0) return null
  const names = customer.samePhone.map((c) => c.name).join(t('common.listSeparator'))
  return (
    <Tooltip title={t('orders.customers.samePhoneHint')}>
      <Tag color="warning" icon={<WarningOutlined />} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
        {t('orders.customers.samePhone', { names })}
      </Tag>
    </Tooltip>
  )
}

export function CustomerListPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const format = useFormat()
  const [typed, setTyped] = useState(rememberedQuery)
  const query = useDebouncedValue(typed, SEARCH_DEBOUNCE_MS)
  const [page, setPage] = useState({ page: 1, pageSize: 50 })
  const list = useCustomerList(query, page)

  useEffect(() => {
    rememberedQuery = query
    // A new search starts from its first page.
    setPage((p) => (p.page === 1 ? p : { ...p, page: 1 }))
  }, [query])

  const columns: TableColumnsType<CustomerDto> = useMemo(
    () => [
      {
        key: 'name',
        title: t('orders.customers.columns.name'),
        width: 260,
        render: (_, c) => (
          <Flex vertical gap={4} align="start">
            <Link to={`/customers/${c.id}`}>
              <Typography.Text strong style={{ color: 'inherit' }}>
                {c.name}
              </Typography.Text>
            </Link>
            <SamePhoneTag customer={c} />
          </Flex>
        ),
      },
      {
        key: 'phone',
        title: t('orders.customers.columns.phone'),
        width: 130,
        render: (_, c) => (c.phone ? <span style={{ whiteSpace: 'nowrap' }}>{c.phone}</span> : t('common.empty')),
      },
      {
        key: 'address',
        title: t('orders.customers.columns.address'),
        render: (_, c) => {
          const address = c.addresses.find((a) => a.isDefault) ?? c.addresses[0]
          if (!address) return <Typography.Text type="secondary">{t('orders.customers.noAddress')}</Typography.Text>
          return (
            <Flex vertical>
              <Typography.Text ellipsis={{ tooltip: address.text }} style={{ maxWidth: 420 }}>
                {address.text}
              </Typography.Text>
              {c.addresses.length > 1 && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('orders.customers.moreAddresses', { count: c.addresses.length - 1 })}
                </Typography.Text>
              )}
            </Flex>
          )
        },
      },
      {
        key: 'orderCount',
        title: t('orders.customers.columns.orderCount'),
        width: 100,
        align: 'right',
        render: (_, c) => format.number(c.orderCount),
      },
    ],
    [t, format],
  )

  const total = list.data?.total
  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="end" wrap gap={12}>
        <Flex align="baseline" gap={16} wrap>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t('orders.customers.title')}
          </Typography.Title>
          {total !== undefined && (
            <Typography.Text type="secondary" role="status">
              {t('orders.customers.total', { total: format.number(total) })}
            </Typography.Text>
          )}
        </Flex>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/customers/new')}>
          {t('orders.customers.add')}
        </Button>
      </Flex>
      <Form layout="vertical" component="div" role="search" aria-label={t('orders.customers.searchLabel')}>
        <Form.Item label={t('orders.customers.search')} htmlFor="customer-search" style={{ margin: 0, maxWidth: 480 }}>
          <Input
            id="customer-search"
            type="search"
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('orders.customers.searchPlaceholder')}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            autoFocus
          />
        </Form.Item>
      </Form>
      {list.error && <Alert type="error" showIcon title={describeError(list.error)} action={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>} />}
      <Table<CustomerDto>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isLoading || (list.isFetching && list.isPlaceholderData)}
        locale={{ emptyText: query.trim() ? t('orders.customers.emptySearch') : t('orders.customers.empty') }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (n, [from, to]) => t('orders.customers.pageRange', { from: format.number(from), to: format.number(to), total: format.number(n) }),
          onChange: (current, pageSize) => setPage({ page: pageSize === page.pageSize ? current : 1, pageSize }),
        }}
      />
    </Flex>
  )
}
