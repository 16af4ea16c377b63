/**
 * Phiếu kiểm kho: what the books said when the sheet was opened (sổ sách), what was counted on
 * the shelf (thực tế) and the difference (chênh lệch). Counts are typed row after row with the
 * keyboard and saved as they go; one confirmation writes every difference into stock. A
 * confirmed or cancelled sheet is only read.
 */
import { Alert, App, Button, Card, Flex, Input, InputNumber, Popconfirm, Progress, Radio, Result, Spin, Statistic, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd'
import { CheckCircleOutlined, SaveOutlined, SearchOutlined, WarningOutlined } from '@ant-design/icons'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useBlocker, useNavigate, useParams } from 'react-router'
import type { StocktakeDto } from '@shared/contract/orders'
import { formatDateVi, vietnamDateOf } from '@shared/domain/calendar'
import { foldVietnamese } from '@shared/domain/vietnamese'
import { isApiError } from '../../api/errors'
import { PageTop } from '../../components/FormPageFrame'
import { useFormat } from '../../components/format'
import { describeError } from '../../i18n/error-text'
import { DeltaText } from './StockPage'
import {
  forgetOpenStocktake,
  rememberOpenStocktake,
  stockErrorReason,
  stockErrorText,
  useCancelStocktake,
  useConfirmStocktake,
  useCountStocktake,
  useStockLevelsOf,
  useStocktake,
} from './stock.queries'

type Line = StocktakeDto['lines'][number]
type Filter = 'all' | 'uncounted' | 'differences'

const BACK_TO = '/stock?tab=stocktake'
/** Counts are saved this long after the last keystroke: a sheet is typed fast, row after row. */
const AUTOSAVE_MS = 1200
const MAX_COUNT = 10_000_000

function lineKey(line: Pick<Line, 'variantId' | 'lotId'>): string {
  return `${line.variantId}|${line.lotId ?? ''}`
}

function StatusTag({ status }: { status: StocktakeDto['status'] }) {
  const { t } = useTranslation()
  const color = status === 'counting' ? 'processing' : status === 'confirmed' ? 'success' : 'default'
  return <Tag color={color}>{t(`stock.sheet.status.${status}`)}</Tag>
}

function SheetTitle({ sheet }: { sheet: StocktakeDto }) {
  const { t } = useTranslation()
  return (
    <Flex align="center" gap={8} wrap>
      <span>{t('stock.sheet.title', { date: formatDateVi(vietnamDateOf(sheet.createdAt)) })}</span>
      <StatusTag status={sheet.status} />
    </Flex>
  )
}

function SheetTimes({ sheet }: { sheet: StocktakeDto }) {
  const { t } = useTranslation()
  const format = useFormat()
  return (
    <Typography.Text type="secondary">
      {t('stock.sheet.createdAt', { at: format.dateTime(sheet.createdAt) })}
      {sheet.confirmedAt && ` · ${t('stock.sheet.confirmedAt', { at: format.dateTime(sheet.confirmedAt) })}`}
      {sheet.note && ` · ${sheet.note}`}
    </Typography.Text>
  )
}

function matches(line: Line, folded: string): boolean {
  if (!folded) return true
  return foldVietnamese(`${line.productName} ${line.sku} ${line.lotCode ?? ''}`).includes(folded)
}

/** The columns every sheet shows, counting or closed. */
function useBaseColumns(): TableColumnsType<Line> {
  const { t } = useTranslation()
  const format = useFormat()
  return [
    {
      key: 'product',
      title: t('stock.sheet.columns.product'),
      render: (_, line) => (
        <Typography.Text ellipsis={{ tooltip: line.productName }} style={{ maxWidth: 260 }}>
          {line.productName}
        </Typography.Text>
      ),
    },
    { key: 'sku', title: t('stock.sheet.columns.sku'), width: 130, render: (_, line) => <span style={{ whiteSpace: 'nowrap' }}>{line.sku}</span> },
    {
      key: 'lot',
      title: t('stock.sheet.columns.lot'),
      width: 170,
      render: (_, line) => (line.lotCode ? <span style={{ whiteSpace: 'nowrap' }}>{line.lotCode}</span> : <Typography.Text type="secondary">{t('stock.withoutLot')}</Typography.Text>),
    },
    { key: 'unit', title: t('stock.sheet.columns.unit'), width: 70, render: (_, line) => line.unit },
    { key: 'expected', title: t('stock.sheet.columns.expected'), width: 100, align: 'right', render: (_, line) => format.number(line.expected) },
  ]
}

function DifferenceCell({ difference, warning }: { difference: number | null; warning?: string | undefined }) {
  const { t } = useTranslation()
  if (difference === null) return <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>
  return (
    <Flex vertical align="end" gap={2}>
      {difference === 0 ? (
        <Typography.Text type="secondary">
          <CheckCircleOutlined aria-hidden /> {t('stock.sheet.match')}
        </Typography.Text>
      ) : (
        <Typography.Text strong>
          <DeltaText value={difference} />
        </Typography.Text>
      )}
      {warning && (
        <Tooltip title={warning}>
          <Tag color="red" icon={<WarningOutlined />} style={{ marginInlineEnd: 0, fontSize: 12 }}>
            {t('stock.sheet.reservedTag')}
          </Tag>
        </Tooltip>
      )}
    </Flex>
  )
}

function Summary({ lines }: { lines: readonly { expected: number; counted: number | null }[] }) {
  const { t } = useTranslation()
  const format = useFormat()
  const counted = lines.filter((line) => line.counted !== null)
  const diffs = counted.map((line) => line.counted! - line.expected)
  const surplus = diffs.filter((d) => d > 0).reduce((n, d) => n + d, 0)
  const shortage = diffs.filter((d) => d < 0).reduce((n, d) => n - d, 0)
  return (
    <Flex gap={32} wrap>
      <Statistic title={t('stock.sheet.summary.counted')} value={`${format.number(counted.length)}/${format.number(lines.length)}`} />
      <Statistic title={t('stock.sheet.summary.differences')} value={format.number(diffs.filter((d) => d !== 0).length)} />
      <Statistic title={t('stock.sheet.summary.surplus')} value={surplus > 0 ? `+${format.number(surplus)}` : format.number(0)} styles={{ content: { color: surplus > 0 ? '#389e0d' : undefined } }} />
      <Statistic title={t('stock.sheet.summary.shortage')} value={shortage > 0 ? `−${format.number(shortage)}` : format.number(0)} styles={{ content: { color: shortage > 0 ? '#cf1322' : undefined } }} />
    </Flex>
  )
}

function SheetFilters(props: {
  filter: Filter
  onFilter: (filter: Filter) => void
  search: string
  onSearch: (search: string) => void
  counts: Record<Filter, number>
  filters: readonly Filter[]
}) {
  const { t } = useTranslation()
  const format = useFormat()
  return (
    <Flex gap={12} wrap align="center">
      <Input
        type="search"
        allowClear
        prefix={<SearchOutlined />}
        aria-label={t('stock.sheet.search')}
        placeholder={t('stock.sheet.search')}
        value={props.search}
        onChange={(e) => props.onSearch(e.target.value)}
        style={{ width: 320 }}
        autoComplete="off"
      />
      <Radio.Group
        optionType="button"
        value={props.filter}
        aria-label={t('stock.sheet.filter.label')}
        onChange={(e) => props.onFilter(e.target.value as Filter)}
        options={props.filters.map((key) => ({ value: key, label: t(`stock.sheet.filter.${key}`, { n: format.number(props.counts[key]) }) }))}
      />
    </Flex>
  )
}

// ---------------------------------------------------------------------------------------------
// Counting

function CountSheet({ sheet }: { sheet: StocktakeDto }) {
  const { t } = useTranslation()
  const { message, modal } = App.useApp()
  const navigate = useNavigate()
  const format = useFormat()
  const baseColumns = useBaseColumns()
  const count = useCountStocktake()
  const confirm = useConfirmStocktake()
  const cancel = useCancelStocktake()
  const [drafts, setDrafts] = useState<ReadonlyMap<string, number | null>>(new Map())
  const [saveError, setSaveError] = useState<string | null>(null)
  const [confirmError, setConfirmError] = useState<unknown>(null)
  const [filter, setFilter] = useState<Filter>('all')
  // The filtered rows are chosen when the filter is: a row typed into must not vanish under the cursor.
  const [frozen, setFrozen] = useState<ReadonlySet<string> | null>(null)
  const [search, setSearch] = useState('')
  const draftsRef = useRef(drafts)
  draftsRef.current = drafts

  useEffect(() => rememberOpenStocktake(sheet.id), [sheet.id])

  const valueOf = useCallback((line: Line) => (drafts.has(lineKey(line)) ? (drafts.get(lineKey(line)) ?? null) : line.counted), [drafts])
  const lines = useMemo(() => sheet.lines.map((line) => {
    const counted = valueOf(line)
    return { ...line, counted, difference: counted === null ? null : counted - line.expected }
  }), [sheet.lines, valueOf])

  // What confirmed orders hold, to warn before the server refuses a count below it.
  const variantIds = useMemo(() => [...new Set(sheet.lines.map((line) => line.variantId))].sort(), [sheet.lines])
  const levels = useStockLevelsOf(variantIds)
  const reservedWarning = useMemo(() => {
    const out = new Map<string, string>()
    if (!levels.data) return out
    const change = new Map<string, number>()
    for (const line of lines) if (line.difference !== null) change.set(line.variantId, (change.get(line.variantId) ?? 0) + line.difference)
    for (const level of levels.data) {
      const delta = change.get(level.variantId) ?? 0
      if (delta < 0 && level.available + delta < 0) {
        out.set(level.variantId, t('stock.sheet.reservedWarning', { reserved: format.number(level.reserved), unit: sheet.lines.find((l) => l.variantId === level.variantId)?.unit ?? '' }))
      }
    }
    return out
  }, [levels.data, lines, t, format, sheet.lines])

  /** Sends every unsaved count; true when the server holds them all. */
  const save = useCallback(async (): Promise<boolean> => {
    const pending = [...draftsRef.current]
    if (pending.length === 0) return true
    const byKey = new Map(sheet.lines.map((line) => [lineKey(line), line]))
    const counts = pending.flatMap(([key, counted]) => {
      const line = byKey.get(key)
      return line ? [{ variantId: line.variantId, lotId: line.lotId, counted }] : []
    })
    try {
      await count.mutateAsync({ id: sheet.id, counts })
      setSaveError(null)
      // Keep what was typed while the request was out.
      setDrafts((current) => {
        const next = new Map(current)
        for (const [key, value] of pending) if (next.get(key) === value) next.delete(key)
        return next
      })
      return true
    } catch (error) {
      setSaveError(stockErrorText(error))
      return false
    }
  }, [count, sheet.id, sheet.lines])

  useEffect(() => {
    if (drafts.size === 0 || count.isPending) return
    const timer = window.setTimeout(() => void save(), AUTOSAVE_MS)
    return () => window.clearTimeout(timer)
  }, [drafts, count.isPending, save])

  // Leaving the page saves first; a failed save keeps the user here with the message. Refs, not
  // state: the blocker is asked at the moment of navigating, possibly before a re-render.
  const dirty = drafts.size > 0 || count.isPending
  const dirtyRef = useRef(dirty)
  dirtyRef.current = dirty
  const closing = useRef(false)
  const blocker = useBlocker(() => dirtyRef.current && !closing.current)
  useEffect(() => {
    if (blocker.state !== 'blocked') return
    void save().then((ok) => (ok ? blocker.proceed() : blocker.reset()))
  }, [blocker, save])
  useEffect(() => {
    if (!dirty) return
    const warn = (event: BeforeUnloadEvent) => event.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirty])

  const setCount = (line: Line, value: number | null) =>
    setDrafts((current) => {
      const next = new Map(current)
      if (value === line.counted) next.delete(lineKey(line))
      else next.set(lineKey(line), value)
      return next
    })

  const chooseFilter = (next: Filter) => {
    setFilter(next)
    setFrozen(next === 'all' ? null : new Set(lines.filter((l) => (next === 'uncounted' ? l.counted === null : l.difference !== null && l.difference !== 0)).map(lineKey)))
  }
  const folded = foldVietnamese(search.trim())
  const visible = lines.filter((line) => (!frozen || frozen.has(lineKey(line))) && matches(line, folded))
  const counts: Record<Filter, number> = {
    all: lines.length,
    uncounted: lines.filter((l) => l.counted === null).length,
    differences: lines.filter((l) => l.difference !== null && l.difference !== 0).length,
  }
  const countedLines = lines.length - counts.uncounted

  const focusRow = (index: number) => {
    const input = document.getElementById(`stocktake-count-${index}`) as HTMLInputElement | null
    if (!input) return false
    input.focus()
    input.select()
    return true
  }

  const fillExpected = () =>
    setDrafts((current) => {
      const next = new Map(current)
      for (const line of lines) if (line.counted === null) next.set(lineKey(line), line.expected)
      return next
    })

  const doConfirm = async () => {
    setConfirmError(null)
    if (!(await save())) return
    try {
      const done = await confirm.mutateAsync(sheet.id)
      const changed = done.lines.filter((line) => line.difference !== null && line.difference !== 0).length
      void message.success(t('stock.sheet.confirmed', { n: format.number(changed) }))
      window.scrollTo({ top: 0 })
    } catch (error) {
      setConfirmError(error)
      if (stockErrorReason(error) === 'stocktake_incomplete') chooseFilter('uncounted')
    }
  }

  const askConfirm = () => {
    modal.confirm({
      title: t('stock.sheet.confirmTitle'),
      content: counts.uncounted > 0 ? t('stock.sheet.confirmUncounted', { n: format.number(counts.uncounted) }) : t('stock.sheet.confirmText', { n: format.number(counts.differences) }),
      okText: t('stock.sheet.confirmOk'),
      cancelText: t('common.cancel'),
      onOk: doConfirm,
    })
  }

  // mutateAsync: the closed sheet replaces this component before per-call callbacks would run.
  const doCancel = async () => {
    closing.current = true
    try {
      await cancel.mutateAsync(sheet.id)
      void message.success(t('stock.sheet.cancelled'))
      void navigate(BACK_TO)
    } catch (error) {
      closing.current = false
      void message.error(stockErrorText(error))
    }
  }

  const columns: TableColumnsType<Line> = [
    ...baseColumns,
    {
      key: 'counted',
      title: t('stock.sheet.columns.counted'),
      width: 130,
      render: (_, line, index) => (
        <InputNumber<number>
          id={`stocktake-count-${index}`}
          size="middle"
          min={0}
          max={MAX_COUNT}
          precision={0}
          value={line.counted}
          onChange={(value) => setCount(sheet.lines.find((l) => lineKey(l) === lineKey(line))!, value ?? null)}
          onPressEnter={(event) => {
            if (!focusRow(event.shiftKey ? index - 1 : index + 1)) (event.target as HTMLInputElement).blur()
          }}
          aria-label={t('stock.sheet.countedFor', { sku: line.sku, lot: line.lotCode ?? t('stock.withoutLot') })}
          status={line.counted === null ? undefined : line.difference !== 0 ? 'warning' : undefined}
          style={{ width: 110 }}
        />
      ),
    },
    {
      key: 'difference',
      title: t('stock.sheet.columns.difference'),
      width: 150,
      align: 'right',
      render: (_, line) => <DifferenceCell difference={line.difference} warning={line.difference !== null && line.difference < 0 ? reservedWarning.get(line.variantId) : undefined} />,
    },
  ]

  const saveState = count.isPending ? t('stock.sheet.saveState.saving') : drafts.size > 0 ? t('stock.sheet.saveState.unsaved', { n: format.number(drafts.size) }) : t('stock.sheet.saveState.saved')
  const confirmReason = confirmError ? stockErrorReason(confirmError) : undefined

  return (
    <Flex vertical gap={16}>
      <PageTop
        backTo={BACK_TO}
        title={<SheetTitle sheet={sheet} />}
        extra={
          <Flex gap={8} wrap>
            <Popconfirm title={t('stock.sheet.cancelConfirm')} okText={t('stock.sheet.cancelOk')} cancelText={t('stock.sheet.keep')} okButtonProps={{ danger: true }} onConfirm={() => void doCancel()}>
              <Button danger loading={cancel.isPending}>
                {t('stock.sheet.cancel')}
              </Button>
            </Popconfirm>
            <Button type="primary" icon={<CheckCircleOutlined />} loading={confirm.isPending} onClick={askConfirm}>
              {t('stock.sheet.confirm')}
            </Button>
          </Flex>
        }
      />
      <SheetTimes sheet={sheet} />
      {confirmError !== null && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setConfirmError(null) }}
          title={t('stock.sheet.confirmFailed')}
          description={
            <Flex vertical gap={4}>
              <span>{stockErrorText(confirmError)}</span>
              {confirmReason === 'stock_reserved' && <span>{t('stock.sheet.reservedHelp')}</span>}
            </Flex>
          }
          action={
            confirmReason === 'stocktake_incomplete' ? (
              <Button size="small" onClick={() => chooseFilter('uncounted')}>
                {t('stock.sheet.showMissing')}
              </Button>
            ) : confirmReason === 'stocktake_closed' ? (
              <Button size="small" onClick={() => window.location.reload()}>
                {t('common.retry')}
              </Button>
            ) : undefined
          }
        />
      )}
      {saveError && <Alert type="error" showIcon title={t('stock.sheet.saveFailed')} description={saveError} action={<Button size="small" onClick={() => void save()}>{t('common.retry')}</Button>} />}
      <Card size="small">
        <Flex justify="space-between" align="center" wrap gap={16}>
          <Flex vertical gap={4} style={{ minWidth: 260 }}>
            <Typography.Text role="status">{t('stock.sheet.progress', { counted: format.number(countedLines), lines: format.number(lines.length) })}</Typography.Text>
            <Progress percent={lines.length ? Math.round((countedLines / lines.length) * 100) : 100} size="small" showInfo={false} style={{ margin: 0 }} />
          </Flex>
          <Typography.Text type="secondary">{t('stock.sheet.keyboardHint')}</Typography.Text>
          <Flex gap={8} align="center" wrap>
            <Typography.Text type={drafts.size > 0 ? 'warning' : 'secondary'} aria-live="polite">
              {saveState}
            </Typography.Text>
            <Button icon={<SaveOutlined />} disabled={drafts.size === 0} loading={count.isPending} onClick={() => void save()}>
              {t('stock.sheet.save')}
            </Button>
            <Popconfirm title={t('stock.sheet.fillExpectedConfirm', { n: format.number(counts.uncounted) })} okText={t('stock.sheet.fillExpectedOk')} cancelText={t('common.cancel')} onConfirm={fillExpected} disabled={counts.uncounted === 0}>
              <Button disabled={counts.uncounted === 0}>{t('stock.sheet.fillExpected')}</Button>
            </Popconfirm>
          </Flex>
        </Flex>
      </Card>
      <SheetFilters filter={filter} onFilter={chooseFilter} search={search} onSearch={setSearch} counts={counts} filters={['all', 'uncounted', 'differences']} />
      <Table<Line>
        rowKey={lineKey}
        size="small"
        columns={columns}
        dataSource={visible}
        pagination={false}
        sticky
        scroll={{ x: 900 }}
        locale={{ emptyText: t('stock.sheet.empty') }}
        aria-label={t('stock.sheet.tableLabel')}
      />
    </Flex>
  )
}

// ---------------------------------------------------------------------------------------------
// Read-only

function ClosedSheet({ sheet }: { sheet: StocktakeDto }) {
  const { t } = useTranslation()
  const format = useFormat()
  const baseColumns = useBaseColumns()
  const differences = sheet.lines.filter((line) => line.difference !== null && line.difference !== 0).length
  const [filter, setFilter] = useState<Filter>(differences > 0 && sheet.status === 'confirmed' ? 'differences' : 'all')
  const [search, setSearch] = useState('')
  useEffect(() => forgetOpenStocktake(sheet.id), [sheet.id])

  const folded = foldVietnamese(search.trim())
  const visible = sheet.lines.filter(
    (line) => matches(line, folded) && (filter === 'all' || (filter === 'uncounted' ? line.counted === null : line.difference !== null && line.difference !== 0)),
  )
  const counts: Record<Filter, number> = {
    all: sheet.lines.length,
    uncounted: sheet.lines.filter((l) => l.counted === null).length,
    differences,
  }
  const columns: TableColumnsType<Line> = [
    ...baseColumns,
    {
      key: 'counted',
      title: t('stock.sheet.columns.counted'),
      width: 110,
      align: 'right',
      render: (_, line) => (line.counted === null ? <Typography.Text type="secondary">{t('common.empty')}</Typography.Text> : format.number(line.counted)),
    },
    { key: 'difference', title: t('stock.sheet.columns.difference'), width: 130, align: 'right', render: (_, line) => <DifferenceCell difference={line.difference} /> },
  ]

  return (
    <Flex vertical gap={16}>
      <PageTop backTo={BACK_TO} title={<SheetTitle sheet={sheet} />} />
      <SheetTimes sheet={sheet} />
      {sheet.status === 'cancelled' ? (
        <Alert type="info" showIcon title={t('stock.sheet.cancelledText')} />
      ) : (
        <Alert type="success" showIcon title={differences > 0 ? t('stock.sheet.confirmedText', { n: format.number(differences) }) : t('stock.sheet.confirmedNoDifference')} />
      )}
      <Card size="small">
        <Summary lines={sheet.lines} />
      </Card>
      {/* A confirmed sheet has every line counted; a cancelled one may not. */}
      <SheetFilters
        filter={filter}
        onFilter={setFilter}
        search={search}
        onSearch={setSearch}
        counts={counts}
        filters={counts.uncounted > 0 ? ['all', 'uncounted', 'differences'] : ['all', 'differences']}
      />
      <Table<Line>
        rowKey={lineKey}
        size="small"
        columns={columns}
        dataSource={visible}
        pagination={false}
        sticky
        scroll={{ x: 880 }}
        locale={{ emptyText: t('stock.sheet.empty') }}
        aria-label={t('stock.sheet.tableLabel')}
      />
    </Flex>
  )
}

export function StocktakePage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const { stocktakeId } = useParams()
  const sheet = useStocktake(stocktakeId)

  if (sheet.isLoading) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    )
  }
  if (sheet.error || !sheet.data) {
    const missing = isApiError(sheet.error, 'NOT_FOUND')
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? t('stock.sheet.notFound') : describeError(sheet.error)}
        extra={
          <Flex gap={8} justify="center">
            {!missing && <Button onClick={() => void sheet.refetch()}>{t('common.retry')}</Button>}
            <Button type="primary" onClick={() => void navigate(BACK_TO)}>
              {t('stock.sheet.backToStock')}
            </Button>
          </Flex>
        }
      />
    )
  }
  return sheet.data.status === 'counting' ? <CountSheet key={sheet.data.id} sheet={sheet.data} /> : <ClosedSheet key={sheet.data.id} sheet={sheet.data} />
}
