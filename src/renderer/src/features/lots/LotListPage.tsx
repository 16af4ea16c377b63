import { Alert, App, Button, Checkbox, DatePicker, Dropdown, Flex, Form, Input, Radio, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd'
import { DownloadOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons'
import { useMutation } from '@tanstack/react-query'
import dayjs from 'dayjs'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import type { LotDto } from '@shared/contract/lots'
import { daysBetween, formatDateVi, todayInVietnam } from '@shared/domain/calendar'
import { call } from '../../api/client'
import { saveFile } from '../../components/files'
import { useFormat } from '../../components/format'
import { SearchField } from '../../components/SearchField'
import { describeError } from '../../i18n/error-text'
import { LabelsDialog, type LabelLot } from './LabelsDialog'
import { ProductPicker } from './LotFormPage'
import { EXPIRY_WINDOWS, setLotFilters, useLookupTraceCode, useLotFilters, useLotList, type ExpiryWindow } from './lots.queries'

/** Typing waits this long for a pause before asking the server. */
/** An expiry this close shows orange in the list. */
export const EXPIRY_WARNING_DAYS = 30
const PAGE_SIZES = [20, 50, 100]

/** The expiry as a date, coloured when it is near or past: red once expired, orange within 30 days. */
export function ExpiryCell({ expiryDate, today }: { expiryDate: string | null; today: string }) {
  const { t } = useTranslation()
  if (!expiryDate) return <Typography.Text type="secondary">{t('lots.noExpiry')}</Typography.Text>
  const daysLeft = daysBetween(today, expiryDate)
  const state =
    daysLeft < 0
      ? { color: 'red', text: t('lots.expired'), title: t('lots.expiredDaysAgo', { days: -daysLeft }) }
      : daysLeft <= EXPIRY_WARNING_DAYS
        ? { color: 'orange', text: daysLeft === 0 ? t('lots.expiresToday') : t('lots.daysLeft', { days: daysLeft }), title: undefined }
        : null
  return (
    <Flex vertical align="start" gap={2}>
      <span>{formatDateVi(expiryDate)}</span>
      {state && (
        <Tag color={state.color} title={state.title} style={{ marginInlineEnd: 0, fontSize: 12, lineHeight: '18px' }}>
          {state.text}
        </Tag>
      )}
    </Flex>
  )
}

export function OcopStarsCell({ stars }: { stars: LotDto['ocopStars'] }) {
  const { t } = useTranslation()
  if (stars === null) {
    return (
      <Tooltip title={t('lots.noStarsHint')}>
        <span aria-label={t('lots.noStars')}>{t('common.empty')}</span>
      </Tooltip>
    )
  }
  return (
    <Tag color="gold" aria-label={t('lots.stars', { stars })}>
      {'★'.repeat(stars)}
    </Tag>
  )
}

function TraceLookup() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const lookup = useLookupTraceCode()
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const search = (value: string) => {
    if (value.trim() === '') return
    setError(null)
    lookup.mutate(value, {
      onSuccess: (lot) => void navigate(`/lots/${lot.id}`),
      onError: (e) => setError(describeError(e)),
    })
  }
  return (
    <Form layout="vertical" component="div" style={{ width: 320 }}>
      <Form.Item label={t('lots.lookup.label')} htmlFor="trace-lookup" validateStatus={error ? 'error' : undefined} help={error ?? undefined} style={{ margin: 0 }}>
        <Input.Search
          id="trace-lookup"
          value={code}
          onChange={(e) => {
            setCode(e.target.value)
            setError(null)
          }}
          onSearch={search}
          placeholder={t('lots.lookup.placeholder')}
          enterButton={t('lots.lookup.button')}
          loading={lookup.isPending}
          autoComplete="off"
          spellCheck={false}
          style={{ fontFamily: 'monospace' }}
        />
      </Form.Item>
    </Form>
  )
}

function LotFilterBar() {
  const { t } = useTranslation()
  const setQuery = useCallback((query: string) => setLotFilters({ query }), [])
  const filters = useLotFilters()

  const expiryValue = filters.expiringWithinDays === null ? 'all' : String(filters.expiringWithinDays)
  return (
    <Form layout="vertical" component="div" role="search" aria-label={t('lots.filters.label')}>
      <Flex wrap gap={12} align="end">
        <Form.Item label={t('lots.filters.search')} htmlFor="lot-search" style={{ margin: 0, flex: '1 1 240px' }}>
          <SearchField id="lot-search" query={filters.query} onQuery={setQuery} placeholder={t('lots.filters.searchPlaceholder')} />
        </Form.Item>
        <Form.Item label={t('lots.filters.product')} htmlFor="lot-product" style={{ margin: 0, width: 220 }}>
          <ProductPicker
            id="lot-product"
            allowClear
            placeholder={t('lots.filters.productAll')}
            value={filters.productId ?? undefined}
            selectedLabel={filters.productName ?? undefined}
            onChange={(_id, product) => setLotFilters({ productId: product?.id ?? null, productName: product?.name ?? null })}
          />
        </Form.Item>
        <Form.Item label={t('lots.filters.harvestRange')} htmlFor="lot-harvest-range" style={{ margin: 0 }}>
          <DatePicker.RangePicker
            id={{ start: 'lot-harvest-range' }}
            format="DD/MM/YYYY"
            allowEmpty={[true, true]}
            placeholder={[t('lots.filters.from'), t('lots.filters.to')]}
            value={[filters.harvestFrom ? dayjs(filters.harvestFrom) : null, filters.harvestTo ? dayjs(filters.harvestTo) : null]}
            onChange={(range) =>
              setLotFilters({ harvestFrom: range?.[0]?.format('YYYY-MM-DD') ?? null, harvestTo: range?.[1]?.format('YYYY-MM-DD') ?? null })
            }
            style={{ width: 250 }}
          />
        </Form.Item>
        <Form.Item label={<span id="lot-expiry-label">{t('lots.filters.expiring')}</span>} style={{ margin: 0 }}>
          <Radio.Group
            aria-labelledby="lot-expiry-label"
            role="radiogroup"
            optionType="button"
            value={expiryValue}
            onChange={(e) => {
              const value = e.target.value as string
              setLotFilters({ expiringWithinDays: value === 'all' ? null : (Number(value) as ExpiryWindow) })
            }}
            options={[
              { value: 'all', label: t('lots.filters.expiringAll') },
              ...EXPIRY_WINDOWS.map((days) => ({ value: String(days), label: t('lots.filters.expiringDays', { days }) })),
            ]}
          />
        </Form.Item>
        <Checkbox checked={filters.includeArchived} onChange={(e) => setLotFilters({ includeArchived: e.target.checked })} style={{ marginBottom: 5 }}>
          {t('lots.filters.archived')}
        </Checkbox>
      </Flex>
    </Form>
  )
}

export function LotListPage() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const format = useFormat()
  const filters = useLotFilters()
  const [page, setPage] = useState({ page: 1, pageSize: 50 })
  const [selected, setSelected] = useState<ReadonlyMap<string, LabelLot>>(new Map())
  const [printing, setPrinting] = useState<readonly LabelLot[] | null>(null)
  const list = useLotList(filters, page)
  const today = todayInVietnam(Date.now())
  const separator = t('common.listSeparator')

  // A new search starts from its first page.
  useEffect(() => setPage((p) => (p.page === 1 ? p : { ...p, page: 1 })), [filters])

  const exportRecords = useMutation({
    mutationFn: (fileFormat: 'json' | 'csv') =>
      call('trace.exportRecords', {
        format: fileFormat,
        ...(selected.size > 0
          ? { lotIds: [...selected.keys()] }
          : { ...(filters.harvestFrom && { harvestFrom: filters.harvestFrom }), ...(filters.harvestTo && { harvestTo: filters.harvestTo }) }),
      }),
    onSuccess: (file) => {
      saveFile(file)
      void message.success(t('lots.export.done', { rows: format.number(file.rowCount), file: file.fileName }))
    },
    onError: (error) => void message.error(describeError(error)),
  })
  const canExport = selected.size > 0 || filters.harvestFrom !== null || filters.harvestTo !== null

  const columns: TableColumnsType<LotDto> = useMemo(
    () => [
      {
        key: 'lotCode',
        title: t('lots.columns.lotCode'),
        width: 165,
        fixed: 'left',
        render: (_, lot) => (
          <Link to={`/lots/${lot.id}`}>
            <Typography.Text strong style={{ color: 'inherit', whiteSpace: 'nowrap' }}>
              {lot.lotCode}
            </Typography.Text>
          </Link>
        ),
      },
      {
        key: 'traceCode',
        title: t('lots.columns.traceCode'),
        width: 108,
        render: (_, lot) => <Typography.Text style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{lot.traceCode}</Typography.Text>,
      },
      {
        key: 'product',
        title: t('lots.columns.product'),
        width: 190,
        render: (_, lot) => (
          <Flex vertical>
            <Typography.Text ellipsis={{ tooltip: lot.productName }} style={{ maxWidth: 170 }}>
              {lot.productName}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[lot.variantLabel, lot.sku].filter(Boolean).join(' · ')}
            </Typography.Text>
          </Flex>
        ),
      },
      {
        key: 'harvestDate',
        title: t('lots.columns.harvestDate'),
        width: 105,
        render: (_, lot) => (
          <Flex vertical>
            <span>{formatDateVi(lot.harvestDate)}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`lots.dateKinds.${lot.dateKind}`)}
            </Typography.Text>
          </Flex>
        ),
      },
      { key: 'expiryDate', title: t('lots.columns.expiryDate'), width: 125, render: (_, lot) => <ExpiryCell expiryDate={lot.expiryDate} today={today} /> },
      {
        key: 'quantity',
        title: t('lots.columns.quantity'),
        width: 85,
        align: 'right',
        render: (_, lot) => `${format.number(lot.quantity)} ${lot.unit}`,
      },
      {
        key: 'producer',
        title: t('lots.columns.producer'),
        width: 125,
        ellipsis: true,
        render: (_, lot) =>
          lot.producer ? lot.producer.name : <Typography.Text type="secondary">{lot.seller.name}</Typography.Text>,
      },
      {
        key: 'growingAreaCodes',
        title: t('lots.columns.growingAreaCodes'),
        width: 110,
        ellipsis: true,
        render: (_, lot) => (lot.growingAreaCodes.length > 0 ? lot.growingAreaCodes.join(separator) : t('common.empty')),
      },
      { key: 'ocop', title: t('lots.columns.ocop'), width: 75, render: (_, lot) => <OcopStarsCell stars={lot.ocopStars} /> },
      // Only archived lots differ; without them the column would say the same on every row.
      ...(filters.includeArchived
        ? [
            {
              key: 'status',
              title: t('lots.columns.status'),
              width: 125,
              render: (_: unknown, lot: LotDto) => (lot.archivedAt ? <Tag>{t('lots.status.archived')}</Tag> : <Tag color="green">{t('lots.status.active')}</Tag>),
            },
          ]
        : []),
    ],
    [t, format, today, separator, filters.includeArchived],
  )
  const totalWidth = columns.reduce((sum, c) => sum + Number(c.width ?? 0), 48)
  const total = list.data?.total

  const selectionBar = (
    <Flex justify="space-between" align="center" wrap gap={8}>
      <Typography.Text type="secondary" role="status">
        {selected.size > 0 ? t('lots.selection.count', { n: format.number(selected.size) }) : t('lots.selection.none')}
      </Typography.Text>
      <Flex gap={8} wrap>
        {selected.size > 0 && <Button onClick={() => setSelected(new Map())}>{t('lots.selection.clear')}</Button>}
        <Button icon={<PrinterOutlined />} disabled={selected.size === 0} onClick={() => setPrinting([...selected.values()])}>
          {t('lots.actions.printLabels')}
        </Button>
        <Tooltip title={canExport ? (selected.size > 0 ? t('lots.export.selectedHint') : t('lots.export.rangeHint')) : t('lots.export.needSelection')}>
          <Dropdown
            disabled={!canExport}
            trigger={['click']}
            menu={{
              items: [
                { key: 'csv', label: t('lots.export.csv') },
                { key: 'json', label: t('lots.export.json') },
              ],
              onClick: ({ key }) => exportRecords.mutate(key as 'json' | 'csv'),
            }}
          >
            <Button icon={<DownloadOutlined />} disabled={!canExport} loading={exportRecords.isPending}>
              {t('lots.actions.exportRecords')}
            </Button>
          </Dropdown>
        </Tooltip>
      </Flex>
    </Flex>
  )

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="end" wrap gap={12}>
        <Flex align="baseline" gap={16} wrap>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t('lots.title')}
          </Typography.Title>
          {total !== undefined && (
            <Typography.Text type="secondary" role="status">
              {t('lots.total', { total: format.number(total) })}
            </Typography.Text>
          )}
        </Flex>
        <Flex gap={12} align="end" wrap>
          <TraceLookup />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/lots/new')}>
            {t('lots.actions.add')}
          </Button>
        </Flex>
      </Flex>
      <Typography.Text type="secondary">{t('lots.intro')}</Typography.Text>
      <LotFilterBar />
      {list.error && <Alert type="error" showIcon title={describeError(list.error)} action={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>} />}
      {selectionBar}
      <Table<LotDto>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isLoading || (list.isFetching && list.isPlaceholderData)}
        scroll={{ x: totalWidth }}
        locale={{ emptyText: t('lots.empty') }}
        rowSelection={{
          selectedRowKeys: [...selected.keys()],
          preserveSelectedRowKeys: true,
          fixed: true,
          getTitleCheckboxProps: () => ({ 'aria-label': t('lots.selection.selectPage') }),
          getCheckboxProps: (lot) => ({ 'aria-label': t('lots.selection.selectLot', { lotCode: lot.lotCode }) }),
          onChange: (keys, rows) =>
            setSelected((previous) => {
              const next = new Map<string, LabelLot>()
              const byId = new Map(rows.filter(Boolean).map((lot) => [lot.id, lot]))
              for (const key of keys) {
                const id = String(key)
                const lot = byId.get(id) ?? previous.get(id)
                if (lot) next.set(id, { id: lot.id, lotCode: lot.lotCode, productName: lot.productName })
              }
              return next
            }),
        }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showTotal: (n, [from, to]) => t('lots.pageRange', { from: format.number(from), to: format.number(to), total: format.number(n) }),
          onChange: (current, pageSize) => setPage({ page: pageSize === page.pageSize ? current : 1, pageSize }),
        }}
      />
      <LabelsDialog open={printing !== null} lots={printing ?? []} onClose={() => setPrinting(null)} />
    </Flex>
  )
}
