/**
 * Kho hàng: stock per variant (on hand, held for confirmed orders, available), the low-stock
 * list, lots expiring soon, and the way into a stocktake. Receiving without a lot, corrections
 * by hand and the ledger of one variant open from each row.
 */
import {
  Alert,
  App,
  Badge,
  Button,
  Checkbox,
  Drawer,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  theme,
  type TableColumnsType,
} from 'antd'
import { AuditOutlined, EditOutlined, HistoryOutlined, InfoCircleOutlined, QrcodeOutlined, SearchOutlined } from '@ant-design/icons'
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router'
import type { LotDto } from '@shared/contract/lots'
import type { StockLevelDto } from '@shared/contract/orders'
import { todayInVietnam } from '@shared/domain/calendar'
import { isApiError, issuesOf } from '../../api/errors'
import { useFormat } from '../../components/format'
import { useDebouncedValue } from '../../components/useDebouncedValue'
import { hasText, translateDynamic } from '../../i18n'
import { describeError, issueText } from '../../i18n/error-text'
import { ExpiryCell } from '../lots/LotListPage'
import {
  EXPIRING_WITHIN_DAYS,
  forgetOpenStocktake,
  openStocktakeIdOf,
  stockErrorReason,
  stockErrorText,
  useAdjustStock,
  useExpiringLots,
  useReceiveStock,
  useRememberedStocktakeId,
  useSetThreshold,
  useStartStocktake,
  useStockHistory,
  useStockLevels,
  useStockLevelsOf,
  useStocktake,
  variantIdsMatching,
  type StockMovement,
} from './stock.queries'

const TABS = ['levels', 'low', 'expiring', 'stocktake'] as const
type StockTab = (typeof TABS)[number]

const SEARCH_DEBOUNCE_MS = 250
const PAGE_SIZES = [20, 50, 100]
const MAX_QUANTITY = 10_000_000
const HISTORY_PAGE = 100
const HISTORY_MAX = 500
const EXPAND_COLUMN_WIDTH = 40

/** One colour per ledger kind (stock_movement.kind); an unknown kind shows plain. */
const KIND_COLORS: Readonly<Record<string, string>> = {
  receive: 'green',
  reserve: 'gold',
  release: 'default',
  issue: 'blue',
  return: 'cyan',
  write_off: 'red',
  adjustment: 'purple',
  stocktake: 'geekblue',
  lot_correction: 'magenta',
}
const REASON_SUGGESTIONS = ['damaged', 'expired', 'miscount', 'sample', 'found'] as const

function isTab(value: string | null): value is StockTab {
  return value !== null && (TABS as readonly string[]).includes(value)
}

function isLow(level: StockLevelDto): boolean {
  return level.lowStockThreshold !== null && level.available <= level.lowStockThreshold
}

/** Signed, with a true minus sign, so "+3" and "−3" line up and read at a glance. */
function useSigned() {
  const format = useFormat()
  return (value: number) => (value > 0 ? `+${format.number(value)}` : value < 0 ? `−${format.number(-value)}` : format.number(0))
}

export function DeltaText({ value }: { value: number }) {
  const signed = useSigned()
  return <Typography.Text type={value > 0 ? 'success' : value < 0 ? 'danger' : 'secondary'}>{signed(value)}</Typography.Text>
}

function ProductCell({ productName, variantLabel, productId }: { productName: string; variantLabel: string | null; productId: string }) {
  return (
    <Flex vertical>
      <Link to={`/products/${productId}`}>
        <Typography.Text strong ellipsis={{ tooltip: productName }} style={{ color: 'inherit', maxWidth: 194 }}>
          {productName}
        </Typography.Text>
      </Link>
      {variantLabel && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {variantLabel}
        </Typography.Text>
      )}
    </Flex>
  )
}

// ---------------------------------------------------------------------------------------------
// The levels table (Tồn kho, Sắp hết hàng)

function ThresholdCell({ level }: { level: StockLevelDto }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const setThreshold = useSetThreshold()
  const [value, setValue] = useState<number | null>(level.lowStockThreshold)
  // Enter saves and then the field loses focus: the second save must see the first.
  const sent = useRef<number | null>(level.lowStockThreshold)
  useEffect(() => {
    setValue(level.lowStockThreshold)
    sent.current = level.lowStockThreshold
  }, [level.lowStockThreshold])

  const save = () => {
    if (value === sent.current) return
    sent.current = value
    setThreshold.mutate(
      { variantId: level.variantId, threshold: value },
      {
        onSuccess: (saved) =>
          void message.success(
            saved.lowStockThreshold === null
              ? t('stock.threshold.cleared', { sku: saved.sku })
              : t('stock.threshold.saved', { sku: saved.sku, threshold: format.number(saved.lowStockThreshold) }),
          ),
        onError: (error) => {
          sent.current = level.lowStockThreshold
          setValue(level.lowStockThreshold)
          void message.error(stockErrorText(error))
        },
      },
    )
  }

  return (
    <InputNumber<number>
      size="small"
      min={0}
      max={MAX_QUANTITY}
      precision={0}
      value={value}
      onChange={(v) => setValue(v ?? null)}
      onBlur={save}
      onPressEnter={save}
      placeholder={t('stock.threshold.none')}
      aria-label={t('stock.threshold.for', { sku: level.sku })}
      disabled={setThreshold.isPending}
      style={{ width: 104 }}
    />
  )
}

function AvailableCell({ level }: { level: StockLevelDto }) {
  const { t } = useTranslation()
  const format = useFormat()
  const state = level.available <= 0 && level.onHand > 0 ? 'allHeld' : level.available <= 0 ? 'out' : isLow(level) ? 'low' : null
  return (
    <Flex vertical align="end" gap={2}>
      <Typography.Text strong>{format.number(level.available)}</Typography.Text>
      {state && (
        <Tag color={state === 'low' ? 'orange' : 'red'} style={{ marginInlineEnd: 0, fontSize: 12, lineHeight: '18px' }}>
          {t(`stock.tags.${state}`)}
        </Tag>
      )}
    </Flex>
  )
}

/** The lots a variant's stock sits in, earliest expiry first, and what is kept without a lot. */
function LotsOfLevel({ level }: { level: StockLevelDto }) {
  const { t } = useTranslation()
  const format = useFormat()
  const today = todayInVietnam(Date.now())
  const inLots = level.lots.reduce((n, lot) => n + lot.onHand, 0)
  const rows = [
    ...level.lots.map((lot) => ({ key: lot.lotId, lotId: lot.lotId as string | null, lotCode: lot.lotCode, expiryDate: lot.expiryDate, onHand: lot.onHand })),
    ...(level.onHand - inLots !== 0 ? [{ key: 'none', lotId: null, lotCode: t('stock.withoutLot'), expiryDate: null, onHand: level.onHand - inLots }] : []),
  ]
  return (
    <Table
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      style={{ maxWidth: 560 }}
      aria-label={t('stock.lots.title', { sku: level.sku })}
      columns={[
        {
          key: 'lot',
          title: t('stock.lots.lotCode'),
          render: (_, row) => (row.lotId ? <Link to={`/lots/${row.lotId}`}>{row.lotCode}</Link> : <Typography.Text type="secondary">{row.lotCode}</Typography.Text>),
        },
        { key: 'expiry', title: t('stock.lots.expiry'), width: 150, render: (_, row) => (row.lotId ? <ExpiryCell expiryDate={row.expiryDate} today={today} /> : t('common.empty')) },
        { key: 'onHand', title: t('stock.lots.onHand'), width: 120, align: 'right', render: (_, row) => `${format.number(row.onHand)} ${level.unit}` },
      ]}
    />
  )
}

type Dialog = { kind: 'receive' | 'adjust' | 'history'; level: StockLevelDto; lotId?: string } | null

function StockTable({ query, lowOnly, onOpen }: { query: string; lowOnly: boolean; onOpen: (dialog: NonNullable<Dialog>) => void }) {
  const { t } = useTranslation()
  const format = useFormat()
  const [page, setPage] = useState({ page: 1, pageSize: 50 })
  const levels = useStockLevels({ query, lowOnly }, page)
  // A new search starts from its first page.
  useEffect(() => setPage((p) => (p.page === 1 ? p : { ...p, page: 1 })), [query])

  const columns: TableColumnsType<StockLevelDto> = useMemo(
    () => [
      {
        key: 'product',
        title: t('stock.columns.product'),
        width: 226,
        render: (_, level) => <ProductCell productId={level.productId} productName={level.productName} variantLabel={level.variantLabel} />,
      },
      {
        key: 'sku',
        title: t('stock.columns.sku'),
        width: 120,
        render: (_, level) => (
          <Flex vertical>
            <Typography.Text style={{ whiteSpace: 'nowrap' }}>{level.sku}</Typography.Text>
            {level.lots.length > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('stock.lots.count', { n: level.lots.length })}
              </Typography.Text>
            )}
          </Flex>
        ),
      },
      { key: 'unit', title: t('stock.columns.unit'), width: 60, render: (_, level) => level.unit },
      {
        key: 'onHand',
        title: <HeaderHint title={t('stock.columns.onHand')} hint={t('stock.hints.onHand')} />,
        width: 84,
        align: 'right',
        render: (_, level) => format.number(level.onHand),
      },
      {
        key: 'reserved',
        title: <HeaderHint title={t('stock.columns.reserved')} hint={t('stock.hints.reserved')} />,
        width: 100,
        align: 'right',
        render: (_, level) => (level.reserved > 0 ? format.number(level.reserved) : <Typography.Text type="secondary">{format.number(0)}</Typography.Text>),
      },
      {
        key: 'available',
        title: <HeaderHint title={t('stock.columns.available')} hint={t('stock.hints.available')} />,
        width: 104,
        align: 'right',
        render: (_, level) => <AvailableCell level={level} />,
      },
      {
        key: 'threshold',
        title: <HeaderHint title={t('stock.columns.threshold')} hint={t('stock.hints.threshold')} />,
        width: 126,
        render: (_, level) => <ThresholdCell level={level} />,
      },
      {
        key: 'actions',
        title: t('common.actions'),
        width: 264,
        render: (_, level) => (
          <Space size={4}>
            <Button size="small" onClick={() => onOpen({ kind: 'receive', level })}>
              {t('stock.actions.receive')}
            </Button>
            <Button size="small" onClick={() => onOpen({ kind: 'adjust', level })}>
              {t('stock.actions.adjust')}
            </Button>
            <Button size="small" type="link" icon={<HistoryOutlined />} onClick={() => onOpen({ kind: 'history', level })}>
              {t('stock.actions.history')}
            </Button>
          </Space>
        ),
      },
    ],
    [t, format, onOpen],
  )
  const total = levels.data?.total

  return (
    <Flex vertical gap={12}>
      {levels.error && <Alert type="error" showIcon title={describeError(levels.error)} action={<Button onClick={() => void levels.refetch()}>{t('common.retry')}</Button>} />}
      <Table<StockLevelDto>
        rowKey="variantId"
        size="middle"
        columns={columns}
        dataSource={levels.data?.items ?? []}
        loading={levels.isLoading || (levels.isFetching && levels.isPlaceholderData)}
        scroll={{ x: columns.reduce((sum, c) => sum + Number(c.width ?? 0), EXPAND_COLUMN_WIDTH) }}
        locale={{ emptyText: lowOnly ? t('stock.low.empty') : t('stock.empty') }}
        expandable={{
          expandedRowRender: (level) => <LotsOfLevel level={level} />,
          rowExpandable: (level) => level.lots.length > 0,
          columnWidth: EXPAND_COLUMN_WIDTH,
        }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          hideOnSinglePage: (total ?? 0) <= PAGE_SIZES[0]!,
          showTotal: (n, [from, to]) => t('stock.pageRange', { from: format.number(from), to: format.number(to), total: format.number(n) }),
          onChange: (current, pageSize) => setPage({ page: pageSize === page.pageSize ? current : 1, pageSize }),
        }}
      />
    </Flex>
  )
}

function HeaderHint({ title, hint }: { title: string; hint: string }) {
  return (
    <Tooltip title={hint}>
      <span>
        {title} <InfoCircleOutlined style={{ fontSize: 12, opacity: 0.6 }} aria-hidden />
      </span>
    </Tooltip>
  )
}

// ---------------------------------------------------------------------------------------------
// Nhập kho

interface ReceiveValues {
  quantity: number | null
  note: string
}

function ReceiveDialog({ level, onClose }: { level: StockLevelDto; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const [form] = Form.useForm<ReceiveValues>()
  const receive = useReceiveStock()
  const quantity = Form.useWatch('quantity', form)
  const [failure, setFailure] = useState<string | null>(null)

  const submit = (values: ReceiveValues) => {
    if (!values.quantity) return
    setFailure(null)
    receive.mutate(
      { variantId: level.variantId, quantity: values.quantity, note: values.note },
      {
        onSuccess: (saved) => {
          void message.success(t('stock.receive.done', { quantity: format.number(values.quantity ?? 0), unit: saved.unit, sku: saved.sku, onHand: format.number(saved.onHand) }))
          onClose()
        },
        onError: (error) => setFailure(stockErrorText(error)),
      },
    )
  }

  return (
    <Modal
      open
      title={t('stock.receive.title', { product: level.productName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('stock.receive.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: receive.isPending && { delay: 200 } }}
      destroyOnHidden
      width={560}
    >
      <Flex vertical gap={16}>
        <LevelSummary level={level} />
        <Form<ReceiveValues> form={form} name="stock-receive" layout="vertical" initialValues={{ quantity: null, note: '' }} onFinish={submit}>
          <Form.Item
            name="quantity"
            label={t('stock.receive.quantity')}
            rules={[{ required: true, message: t('stock.receive.quantityRequired') }]}
            extra={quantity ? t('stock.receive.after', { onHand: format.number(level.onHand + quantity), unit: level.unit }) : undefined}
          >
            <InputNumber<number> min={1} max={MAX_QUANTITY} precision={0} autoFocus suffix={level.unit} style={{ width: 200 }} onPressEnter={() => form.submit()} />
          </Form.Item>
          <Form.Item name="note" label={t('stock.receive.note')} style={{ marginBottom: 0 }}>
            <Input maxLength={300} placeholder={t('stock.receive.notePlaceholder')} onPressEnter={() => form.submit()} />
          </Form.Item>
        </Form>
        {failure && <Alert type="error" showIcon title={failure} />}
        <Alert
          type="info"
          showIcon
          icon={<QrcodeOutlined />}
          title={t('stock.receive.lotHintTitle')}
          description={
            <Flex vertical gap={4} align="start">
              <span>{t('stock.receive.lotHint')}</span>
              <Link to={`/lots/new?productId=${encodeURIComponent(level.productId)}&variantId=${encodeURIComponent(level.variantId)}`}>
                {t('stock.receive.lotLink', { sku: level.sku })}
              </Link>
            </Flex>
          }
        />
      </Flex>
    </Modal>
  )
}

function LevelSummary({ level }: { level: StockLevelDto }) {
  const { t } = useTranslation()
  const format = useFormat()
  const { token } = theme.useToken()
  const figures = [
    { key: 'onHand', label: t('stock.columns.onHand'), value: level.onHand },
    { key: 'reserved', label: t('stock.columns.reserved'), value: level.reserved },
    { key: 'available', label: t('stock.columns.available'), value: level.available },
  ]
  return (
    <Flex vertical gap={8} style={{ padding: '10px 14px', background: token.colorFillQuaternary, borderRadius: token.borderRadius }}>
      <Typography.Text type="secondary">{[level.variantLabel, level.sku].filter(Boolean).join(' · ')}</Typography.Text>
      <Flex gap={32} wrap>
        {figures.map((figure) => (
          <Flex key={figure.key} vertical>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {figure.label}
            </Typography.Text>
            <Typography.Text strong style={{ fontSize: 16 }}>{`${format.number(figure.value)} ${level.unit}`}</Typography.Text>
          </Flex>
        ))}
      </Flex>
    </Flex>
  )
}

// ---------------------------------------------------------------------------------------------
// Điều chỉnh

interface AdjustValues {
  direction: 'add' | 'remove'
  quantity: number | null
  lotId: string
  reason: string
}

const NO_LOT = ''

function AdjustDialog({ level, lotId, onClose }: { level: StockLevelDto; lotId?: string | undefined; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const signed = useSigned()
  const [form] = Form.useForm<AdjustValues>()
  const adjust = useAdjustStock()
  const [failure, setFailure] = useState<string | null>(null)
  const direction = Form.useWatch('direction', form)
  const quantity = Form.useWatch('quantity', form)
  const chosenLot = Form.useWatch('lotId', form)
  const lot = level.lots.find((l) => l.lotId === chosenLot)
  const delta = quantity ? (direction === 'remove' ? -quantity : quantity) : 0
  // All of it in lots: a removal must name one, so offer the one that expires first.
  const unlotted = level.onHand - level.lots.reduce((n, l) => n + l.onHand, 0)
  const defaultLot = unlotted <= 0 && level.lots[0] ? level.lots[0].lotId : NO_LOT

  const submit = (values: AdjustValues) => {
    if (!values.quantity) return
    setFailure(null)
    const change = values.direction === 'remove' ? -values.quantity : values.quantity
    adjust.mutate(
      { variantId: level.variantId, lotId: values.lotId || null, delta: change, reason: values.reason },
      {
        onSuccess: (saved) => {
          void message.success(t('stock.adjust.done', { sku: saved.sku, delta: signed(change), onHand: format.number(saved.onHand), unit: saved.unit }))
          onClose()
        },
        onError: (error) => {
          const reason = stockErrorReason(error)
          const text = stockErrorText(error)
          if (reason === 'stock_reserved' || reason === 'delta_zero') form.setFields([{ name: 'quantity', errors: [text] }])
          else if (reason === 'lot_stock_short' || reason === 'unlotted_stock_short' || (isApiError(error, 'NOT_FOUND') && values.lotId)) {
            form.setFields([{ name: level.lots.length > 0 ? 'lotId' : 'quantity', errors: [text] }])
          }
          else {
            const onReason = issuesOf(error).find((issue) => issue.path[0] === 'reason')
            if (onReason) form.setFields([{ name: 'reason', errors: [issueText(onReason)] }])
            else setFailure(text)
          }
        },
      },
    )
  }

  return (
    <Modal
      open
      title={t('stock.adjust.title', { product: level.productName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('stock.adjust.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: adjust.isPending && { delay: 200 } }}
      destroyOnHidden
      width={560}
    >
      <Flex vertical gap={16}>
        <LevelSummary level={level} />
        <Form<AdjustValues>
          form={form}
          name="stock-adjust"
          layout="vertical"
          initialValues={{ direction: 'remove', quantity: null, lotId: lotId ?? defaultLot, reason: '' }}
          onFinish={submit}
          onValuesChange={(changed: Partial<AdjustValues>) => {
            // A new direction or lot changes what the quantity may be.
            if ('direction' in changed || 'lotId' in changed) void form.validateFields(['quantity']).catch(() => undefined)
          }}
        >
          <Flex gap={16} wrap align="start">
            <Form.Item name="direction" label={<span id="adjust-direction">{t('stock.adjust.direction')}</span>}>
              <Radio.Group
                aria-labelledby="adjust-direction"
                optionType="button"
                options={[
                  { value: 'remove', label: t('stock.adjust.remove') },
                  { value: 'add', label: t('stock.adjust.add') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="quantity"
              label={t('stock.adjust.quantity')}
              dependencies={['direction', 'lotId']}
              rules={[
                { required: true, message: t('stock.adjust.quantityRequired') },
                {
                  validator: async (_, value: number | null) => {
                    if (!value || form.getFieldValue('direction') !== 'remove') return
                    const selected = level.lots.find((l) => l.lotId === form.getFieldValue('lotId'))
                    if (selected && value > selected.onHand) throw new Error(t('stock.adjust.lotTooMuch', { onHand: format.number(selected.onHand), unit: level.unit }))
                    // Without a lot only what is kept without one can go (the backend says the same).
                    if (!selected && level.lots.length > 0 && value > unlotted && value <= level.available) {
                      throw new Error(t('stock.adjust.unlottedTooMuch', { onHand: format.number(Math.max(0, unlotted)), unit: level.unit }))
                    }
                    if (value > level.available) {
                      throw new Error(t('stock.adjust.tooMuch', { available: format.number(Math.max(0, level.available)), reserved: format.number(level.reserved), unit: level.unit }))
                    }
                  },
                },
              ]}
              style={{ flex: '1 1 160px' }}
            >
              <InputNumber<number> min={1} max={MAX_QUANTITY} precision={0} autoFocus suffix={level.unit} style={{ width: 180 }} />
            </Form.Item>
          </Flex>
          {level.lots.length > 0 && (
            <Form.Item name="lotId" label={t('stock.adjust.lot')} extra={t('stock.adjust.lotHint')}>
              <Select
                options={[
                  { value: NO_LOT, label: t('stock.withoutLot') },
                  ...level.lots.map((l) => ({ value: l.lotId, label: t('stock.adjust.lotOption', { lotCode: l.lotCode, onHand: format.number(l.onHand), unit: level.unit }) })),
                ]}
              />
            </Form.Item>
          )}
          <Form.Item label={t('stock.adjust.reason')} required style={{ marginBottom: 12 }}>
            <Form.Item name="reason" noStyle rules={[{ required: true, whitespace: true, message: t('stock.adjust.reasonRequired') }]}>
              <Input maxLength={300} placeholder={t('stock.adjust.reasonPlaceholder')} aria-label={t('stock.adjust.reason')} onPressEnter={() => form.submit()} />
            </Form.Item>
            {/* Quick reasons as buttons: a dropdown under the last field would cover the dialog's own buttons. */}
            <Flex gap={6} wrap style={{ marginTop: 8 }} role="group" aria-label={t('stock.adjust.reasonSuggestions')}>
              {REASON_SUGGESTIONS.map((key) => (
                <Button
                  key={key}
                  size="small"
                  type="dashed"
                  onClick={() => {
                    form.setFieldValue('reason', t(`stock.adjust.reasons.${key}`))
                    void form.validateFields(['reason']).catch(() => undefined)
                  }}
                >
                  {t(`stock.adjust.reasons.${key}`)}
                </Button>
              ))}
            </Flex>
          </Form.Item>
          <Typography.Text type="secondary" role="status">
            {delta !== 0
              ? t('stock.adjust.preview', { onHand: format.number(level.onHand + delta), unit: level.unit, delta: signed(delta) })
              : t('stock.adjust.previewNone')}
            {lot && delta !== 0 && ` ${t('stock.adjust.previewLot', { lotCode: lot.lotCode, onHand: format.number(lot.onHand + delta) })}`}
          </Typography.Text>
        </Form>
        {failure && <Alert type="error" showIcon title={failure} />}
      </Flex>
    </Modal>
  )
}

// ---------------------------------------------------------------------------------------------
// Lịch sử

function kindText(kind: string): string {
  return translateDynamic(`stock.history.kinds.${kind}`, undefined, 'stock.history.kinds.other')
}

function actorText(actor: string): string {
  return hasText(`history.actors.${actor}`) ? translateDynamic(`history.actors.${actor}`) : actor
}

/**
 * Movements the app writes itself carry an English note for the log ("stocktake stk_…",
 * "lot MK-…: 120 → 100"); the user reads what they mean instead.
 */
function reasonText(movement: StockMovement): string | null {
  const { kind, reason, lotCode } = movement
  if (kind === 'stocktake') return translateDynamic('stock.history.fromStocktake')
  if (kind === 'receive' && lotCode && reason === `lot ${lotCode}`) return translateDynamic('stock.history.lotRecorded')
  if (kind === 'lot_correction' && reason) {
    const change = /:\s*(\d+\s*→\s*\d+)$/.exec(reason)?.[1]
    return change ? translateDynamic('stock.history.lotCorrected', { change }) : reason
  }
  return reason
}

function OrderNumberLink({ number, orderId }: { number: string; orderId: string }) {
  const { t } = useTranslation()
  return (
    <Link to={`/orders/${orderId}`} aria-label={t('stock.history.openOrder', { number })}>
      {number}
    </Link>
  )
}

function HistoryDrawer({ level, onClose }: { level: StockLevelDto; onClose: () => void }) {
  const { t } = useTranslation()
  const format = useFormat()
  const [limit, setLimit] = useState(HISTORY_PAGE)
  const history = useStockHistory(level.variantId, limit)
  const rows = history.data ?? []

  const columns: TableColumnsType<StockMovement> = [
    { key: 'at', title: t('stock.history.columns.at'), width: 118, render: (_, m) => <span style={{ whiteSpace: 'nowrap' }}>{format.dateTime(m.at)}</span> },
    {
      key: 'kind',
      title: t('stock.history.columns.kind'),
      width: 150,
      render: (_, m) => <Tag color={KIND_COLORS[m.kind] ?? 'default'}>{kindText(m.kind)}</Tag>,
    },
    { key: 'onHand', title: t('stock.history.columns.onHand'), width: 82, align: 'right', render: (_, m) => (m.onHandDelta !== 0 ? <DeltaText value={m.onHandDelta} /> : t('common.empty')) },
    {
      key: 'reserved',
      title: t('stock.history.columns.reserved'),
      width: 82,
      align: 'right',
      render: (_, m) => (m.reservedDelta !== 0 ? <DeltaText value={m.reservedDelta} /> : t('common.empty')),
    },
    {
      key: 'detail',
      title: t('stock.history.columns.detail'),
      render: (_, m) => {
        const reason = reasonText(m)
        return (
          <Flex vertical>
            {m.orderNumber && (
              <span>
                {t('stock.history.order')} {m.orderId ? <OrderNumberLink number={m.orderNumber} orderId={m.orderId} /> : m.orderNumber}
              </span>
            )}
            {m.lotCode && <Typography.Text type="secondary">{t('stock.history.lot', { lotCode: m.lotCode })}</Typography.Text>}
            {reason && <Typography.Text>{reason}</Typography.Text>}
          </Flex>
        )
      },
    },
    { key: 'actor', title: t('stock.history.columns.actor'), width: 120, render: (_, m) => <Typography.Text type="secondary">{actorText(m.actor)}</Typography.Text> },
  ]

  return (
    <Drawer
      open
      onClose={onClose}
      size={860}
      destroyOnHidden
      title={
        <Flex vertical>
          <span>{t('stock.history.title')}</span>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t('stock.history.subtitle', { product: level.productName, sku: level.sku })}
          </Typography.Text>
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        <LevelSummary level={level} />
        {history.error && <Alert type="error" showIcon title={describeError(history.error)} />}
        <Table<StockMovement>
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={history.isLoading}
          pagination={false}
          locale={{ emptyText: t('stock.history.empty') }}
          aria-label={t('stock.history.title')}
        />
        {rows.length >= limit && limit < HISTORY_MAX && (
          <Button onClick={() => setLimit(HISTORY_MAX)} loading={history.isFetching}>
            {t('stock.history.more')}
          </Button>
        )}
        {rows.length >= HISTORY_MAX && <Typography.Text type="secondary">{t('stock.history.limited', { n: format.number(HISTORY_MAX) })}</Typography.Text>}
      </Flex>
    </Drawer>
  )
}

// ---------------------------------------------------------------------------------------------
// Lô sắp hết hạn

function ExpiringLots({ query, onOpen }: { query: string; onOpen: (dialog: NonNullable<Dialog>) => void }) {
  const { t } = useTranslation()
  const format = useFormat()
  const lots = useExpiringLots(query)
  const [onlyInStock, setOnlyInStock] = useState(true)
  const variantIds = useMemo(() => [...new Set((lots.data?.items ?? []).map((lot) => lot.variantId))].sort(), [lots.data])
  const levels = useStockLevelsOf(variantIds)
  const today = todayInVietnam(Date.now())

  const levelOf = useMemo(() => new Map((levels.data ?? []).map((level) => [level.variantId, level])), [levels.data])
  const onHandOf = (lot: LotDto): number | undefined => {
    const level = levelOf.get(lot.variantId)
    if (!level) return undefined
    return level.lots.find((l) => l.lotId === lot.id)?.onHand ?? 0
  }
  const items = (lots.data?.items ?? []).filter((lot) => !onlyInStock || !levels.data || (onHandOf(lot) ?? 0) > 0)

  const columns: TableColumnsType<LotDto> = [
    {
      key: 'lotCode',
      title: t('stock.expiring.columns.lotCode'),
      width: 170,
      render: (_, lot) => (
        <Link to={`/lots/${lot.id}`}>
          <Typography.Text strong style={{ color: 'inherit', whiteSpace: 'nowrap' }}>
            {lot.lotCode}
          </Typography.Text>
        </Link>
      ),
    },
    {
      key: 'product',
      title: t('stock.columns.product'),
      render: (_, lot) => (
        <Flex vertical>
          <Typography.Text ellipsis={{ tooltip: lot.productName }}>{lot.productName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[lot.variantLabel, lot.sku].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'expiry', title: t('stock.expiring.columns.expiry'), width: 140, render: (_, lot) => <ExpiryCell expiryDate={lot.expiryDate} today={today} /> },
    { key: 'recorded', title: t('stock.expiring.columns.recorded'), width: 120, align: 'right', render: (_, lot) => `${format.number(lot.quantity)} ${lot.unit}` },
    {
      key: 'inStock',
      title: t('stock.expiring.columns.inStock'),
      width: 120,
      align: 'right',
      render: (_, lot) => {
        const onHand = onHandOf(lot)
        if (onHand === undefined) return levels.isLoading ? '…' : t('common.empty')
        return onHand > 0 ? <Typography.Text strong>{`${format.number(onHand)} ${lot.unit}`}</Typography.Text> : <Typography.Text type="secondary">{format.number(0)}</Typography.Text>
      },
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 150,
      render: (_, lot) => {
        const level = levelOf.get(lot.variantId)
        const onHand = onHandOf(lot) ?? 0
        return (
          <Button size="small" icon={<EditOutlined />} disabled={!level || onHand <= 0} onClick={() => level && onOpen({ kind: 'adjust', level, lotId: lot.id })}>
            {t('stock.expiring.writeOff')}
          </Button>
        )
      },
    },
  ]

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Text type="secondary">{t('stock.expiring.intro', { days: EXPIRING_WITHIN_DAYS })}</Typography.Text>
        <Checkbox checked={onlyInStock} onChange={(e) => setOnlyInStock(e.target.checked)}>
          {t('stock.expiring.onlyInStock')}
        </Checkbox>
      </Flex>
      {lots.error && <Alert type="error" showIcon title={describeError(lots.error)} action={<Button onClick={() => void lots.refetch()}>{t('common.retry')}</Button>} />}
      <Table<LotDto>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={lots.isLoading || (lots.isFetching && lots.isPlaceholderData)}
        scroll={{ x: 900 }}
        pagination={false}
        locale={{ emptyText: t('stock.expiring.empty', { days: EXPIRING_WITHIN_DAYS }) }}
      />
      {lots.data && lots.data.total > lots.data.items.length && (
        <Typography.Text type="secondary">
          {t('stock.expiring.more', { shown: format.number(lots.data.items.length), total: format.number(lots.data.total) })}{' '}
          <Link to="/lots">{t('stock.expiring.allLots')}</Link>
        </Typography.Text>
      )}
    </Flex>
  )
}

// ---------------------------------------------------------------------------------------------
// Kiểm kho

type StocktakeScope = 'all' | 'filtered' | 'low'

/** The sheet this computer opened last, while it is still being counted. */
function useOpenStocktake() {
  const rememberedId = useRememberedStocktakeId()
  const sheet = useStocktake(rememberedId ?? undefined)
  useEffect(() => {
    if (!rememberedId) return
    if ((sheet.data && sheet.data.status !== 'counting') || isApiError(sheet.error, 'NOT_FOUND')) forgetOpenStocktake(rememberedId)
  }, [rememberedId, sheet.data, sheet.error])
  return sheet.data?.status === 'counting' ? sheet.data : null
}

function OpenStocktakeAlert() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const format = useFormat()
  const open = useOpenStocktake()
  if (!open) return null
  const counted = open.lines.filter((line) => line.counted !== null).length
  return (
    <Alert
      type="warning"
      showIcon
      title={t('stock.stocktake.openTitle')}
      description={t('stock.stocktake.openText', { at: format.dateTime(open.createdAt), counted: format.number(counted), lines: format.number(open.lines.length) })}
      action={
        <Button type="primary" onClick={() => void navigate(`/stock/stocktakes/${open.id}`)}>
          {t('stock.stocktake.continue')}
        </Button>
      }
    />
  )
}

function StocktakeStart({ query }: { query: string }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const navigate = useNavigate()
  const format = useFormat()
  const start = useStartStocktake()
  const open = useOpenStocktake()
  const [scope, setScope] = useState<StocktakeScope>(query ? 'filtered' : 'all')
  const [note, setNote] = useState('')
  const [collecting, setCollecting] = useState(false)
  const filtered = useStockLevels({ query, lowOnly: false }, { page: 1, pageSize: 1 })
  const low = useStockLevels({ query: '', lowOnly: true }, { page: 1, pageSize: 1 })
  const filteredCount = filtered.data?.total
  const lowCount = low.data?.total
  useEffect(() => {
    if (!query && scope === 'filtered') setScope('all')
  }, [query, scope])

  const begin = async () => {
    let variantIds: string[] | undefined
    if (scope !== 'all') {
      setCollecting(true)
      try {
        variantIds = await variantIdsMatching(scope === 'low' ? { query: '', lowOnly: true } : { query, lowOnly: false })
      } catch (error) {
        void message.error(describeError(error))
        return
      } finally {
        setCollecting(false)
      }
      if (variantIds.length === 0) {
        void message.warning(t('stock.stocktake.nothingToCount'))
        return
      }
    }
    start.mutate(
      { ...(variantIds && { variantIds }), note },
      {
        onSuccess: (sheet) => {
          void message.success(t('stock.stocktake.started', { lines: format.number(sheet.lines.length) }))
          void navigate(`/stock/stocktakes/${sheet.id}`)
        },
        onError: (error) => {
          if (openStocktakeIdOf(error)) void message.warning(stockErrorText(error))
          else void message.error(stockErrorText(error))
        },
      },
    )
  }

  const count = (n: number | undefined) => (n === undefined ? '…' : format.number(n))
  return (
    <Flex vertical gap={16} style={{ maxWidth: 760 }}>
      <OpenStocktakeAlert />
      <Typography.Paragraph style={{ margin: 0 }}>{t('stock.stocktake.intro')}</Typography.Paragraph>
      <ol style={{ margin: 0, paddingInlineStart: 20 }}>
        <li>{t('stock.stocktake.step1')}</li>
        <li>{t('stock.stocktake.step2')}</li>
        <li>{t('stock.stocktake.step3')}</li>
      </ol>
      <Alert type="info" showIcon title={t('stock.stocktake.quietHint')} />
      <Form layout="vertical" component="div">
        <Form.Item label={<span id="stocktake-scope">{t('stock.stocktake.scope')}</span>}>
          <Radio.Group aria-labelledby="stocktake-scope" value={scope} onChange={(e) => setScope(e.target.value as StocktakeScope)}>
            <Flex vertical gap={8}>
              <Radio value="all">{t('stock.stocktake.scopeAll')}</Radio>
              <Radio value="filtered" disabled={!query}>
                {query ? t('stock.stocktake.scopeFiltered', { query, n: count(filteredCount) }) : t('stock.stocktake.scopeFilteredNone')}
              </Radio>
              <Radio value="low" disabled={lowCount === 0}>
                {t('stock.stocktake.scopeLow', { n: count(lowCount) })}
              </Radio>
            </Flex>
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('stock.stocktake.note')} htmlFor="stocktake-note">
          <Input id="stocktake-note" value={note} maxLength={300} onChange={(e) => setNote(e.target.value)} placeholder={t('stock.stocktake.notePlaceholder')} style={{ maxWidth: 420 }} />
        </Form.Item>
        <Button type="primary" icon={<AuditOutlined />} disabled={!!open} loading={collecting || start.isPending} onClick={() => void begin()}>
          {t('stock.stocktake.start')}
        </Button>
      </Form>
    </Flex>
  )
}

// ---------------------------------------------------------------------------------------------
// The page

export function StockPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const tabParam = params.get('tab')
  const tab: StockTab = isTab(tabParam) ? tabParam : 'levels'
  const query = params.get('q') ?? ''
  const [typed, setTyped] = useState(query)
  const debounced = useDebouncedValue(typed, SEARCH_DEBOUNCE_MS)
  const [dialog, setDialog] = useState<Dialog>(null)
  const lowCount = useStockLevels({ query, lowOnly: true }, { page: 1, pageSize: 1 }).data?.total
  const openSheet = useOpenStocktake()

  const setParam = (key: 'tab' | 'q', value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current)
        if (value) next.set(key, value)
        else next.delete(key)
        return next
      },
      { replace: true },
    )
  useEffect(() => {
    const trimmed = debounced.trim()
    if (trimmed !== query) setParam('q', trimmed)
  }, [debounced]) // the search follows the typing only; a link that changes `q` is taken as it is

  const open = useMemo(() => (next: NonNullable<Dialog>) => setDialog(next), [])
  const tabLabel = (key: StockTab): ReactNode => {
    if (key === 'low' && lowCount) {
      return (
        <span>
          {t('stock.tabs.low')} <Badge count={lowCount} color="orange" size="small" overflowCount={999} />
        </span>
      )
    }
    if (key === 'stocktake' && openSheet) {
      return (
        <Badge dot status="warning" offset={[6, 0]}>
          {t('stock.tabs.stocktake')}
        </Badge>
      )
    }
    return t(`stock.tabs.${key}`)
  }

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('stock.title')}
        </Typography.Title>
        <Button icon={<QrcodeOutlined />} onClick={() => void navigate('/lots/new')}>
          {t('stock.actions.recordLot')}
        </Button>
      </Flex>
      <Typography.Text type="secondary">{t('stock.intro')}</Typography.Text>
      <Form layout="vertical" component="div" role="search" aria-label={t('stock.search.label')}>
        <Form.Item label={t('stock.search.label')} htmlFor="stock-search" style={{ margin: 0, maxWidth: 480 }}>
          <Input
            id="stock-search"
            type="search"
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('stock.search.placeholder')}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onPressEnter={() => setParam('q', typed.trim())}
            autoComplete="off"
          />
        </Form.Item>
      </Form>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParam('tab', key === 'levels' ? '' : key)}
        destroyOnHidden
        items={[
          {
            key: 'levels',
            label: tabLabel('levels'),
            children: <StockTable query={query} lowOnly={false} onOpen={open} />,
          },
          {
            key: 'low',
            label: tabLabel('low'),
            children: (
              <Flex vertical gap={12}>
                <Typography.Text type="secondary">{t('stock.low.intro')}</Typography.Text>
                <StockTable query={query} lowOnly onOpen={open} />
              </Flex>
            ),
          },
          { key: 'expiring', label: tabLabel('expiring'), children: <ExpiringLots query={query} onOpen={open} /> },
          { key: 'stocktake', label: tabLabel('stocktake'), children: <StocktakeStart query={query} /> },
        ]}
      />
      {dialog?.kind === 'receive' && <ReceiveDialog level={dialog.level} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'adjust' && <AdjustDialog level={dialog.level} lotId={dialog.lotId} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'history' && <HistoryDrawer level={dialog.level} onClose={() => setDialog(null)} />}
    </Flex>
  )
}
