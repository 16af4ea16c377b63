/**
 * One order: what was sold, to whom, where it goes, and what happened to it. The buttons are the
 * steps the state machine allows from here (`allowedActions`), in Vietnamese verbs; printing the
 * receipt or delivery note gives a PDF to save or print.
 */
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  Col,
  Descriptions,
  Divider,
  Dropdown,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Skeleton,
  Table,
  Tag,
  Timeline,
  Typography,
  type TableColumnsType,
} from 'antd'
import {
  CarOutlined,
  CheckCircleOutlined,
  CheckOutlined,
  CloseCircleOutlined,
  DownOutlined,
  EditOutlined,
  GiftOutlined,
  HomeOutlined,
  PrinterOutlined,
  RollbackOutlined,
} from '@ant-design/icons'
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import type { OrderActionValue, OrderDto } from '@shared/contract/orders'
import { amountInWordsVi } from '@shared/domain/amount-in-words'
import { isApiError, issuesOf, reasonOf } from '../../api/errors'
import { saveFile } from '../../components/files'
import { useFormat } from '../../components/format'
import { LoadFailed, PageTop } from '../../components/FormPageFrame'
import { hasText, translateDynamic } from '../../i18n'
import { describeError } from '../../i18n/error-text'
import { OrderPaymentsCard } from '../payments/OrderPaymentsCard'
import { OrderForm } from './OrderEntryPage'
import { OrderStatusTag, PaymentStatusTag, ShortageAlert, orderErrorText, orderIssueText, shortagesOf, useChannelLabel, type Shortage } from './OrderBits'
import { useOrder, useOrderDocument, useReturnOrder, useStockLevels, useTransitionOrder } from './orders.queries'

type OrderLine = OrderDto['lines'][number]
type StepAction = Exclude<OrderActionValue, 'cancel' | 'return'>

const ACTION_ICONS: Record<StepAction, ReactNode> = {
  confirm: <CheckOutlined />,
  pack: <GiftOutlined />,
  ship: <CarOutlined />,
  deliver: <HomeOutlined />,
  complete: <CheckCircleOutlined />,
}

const EVENT_COLORS: Record<string, string> = { cancelled: 'red', returned: 'orange', completed: 'green', confirmed: 'blue' }

interface Problem {
  readonly text: string | null
  readonly shortages: Shortage[] | null
  readonly reload: boolean
}

function problemOf(error: unknown): Problem {
  const shortages = shortagesOf(error)
  if (shortages) return { text: null, shortages, reload: false }
  const reason = reasonOf(error)
  return { text: orderErrorText(error), shortages: null, reload: reason === 'version_mismatch' || reason === 'order_transition_not_allowed' }
}

// ---------------------------------------------------------------------------------------------
// Dialogs

function CancelDialog({ order, open, onClose, onDone }: { order: OrderDto; open: boolean; onClose: () => void; onDone: (o: OrderDto) => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const transition = useTransitionOrder()
  const [reason, setReason] = useState('')
  const submit = async () => {
    try {
      const cancelled = await transition.mutateAsync({ id: order.id, action: 'cancel', expectedVersion: order.version, note: reason.trim() || null })
      void message.success(t('orders.detail.cancelled', { number: cancelled.number }))
      setReason('')
      onDone(cancelled)
    } catch (error) {
      void message.error(orderErrorText(error))
    }
  }
  const holdsStock = order.status === 'confirmed' || order.status === 'packed'
  return (
    <Modal
      open={open}
      title={t('orders.detail.cancelTitle', { number: order.number })}
      okText={t('orders.detail.cancelOk')}
      okButtonProps={{ danger: true, loading: transition.isPending }}
      cancelText={t('orders.detail.cancelKeep')}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Flex vertical gap={12}>
        <Typography.Text>{holdsStock ? t('orders.detail.cancelReleases') : t('orders.detail.cancelDraft')}</Typography.Text>
        <Form layout="vertical" component="div">
          <Form.Item label={t('orders.detail.cancelReason')} htmlFor="cancel-reason" style={{ margin: 0 }}>
            <Input.TextArea
              id="cancel-reason"
              rows={2}
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              placeholder={t('orders.detail.cancelReasonPlaceholder')}
              autoFocus
            />
          </Form.Item>
        </Form>
      </Flex>
    </Modal>
  )
}

/** Carriers the co-ops hand parcels to; any other name can be typed. */
const CARRIERS = ['GHTK', 'GHN', 'Viettel Post', 'J&T Express', 'VNPost', 'Ninja Van', 'Best Express'] as const
/** The contract's rule for a tracking code (orders.ts, orderActionInput). */
const TRACKING_CODE = /^[A-Za-z0-9._-]*$/
const TRACKING_CODE_MAX = 40

export interface ShipDetails {
  readonly carrier: string | null
  readonly trackingCode: string | null
}

/**
 * "Giao cho vận chuyển": who carries the parcel and its tracking code, both optional. The code is
 * what the carrier's COD statement names the parcel by, so it is worth typing when there is one.
 */
function ShipDialog({ order, open, onClose, onShip }: { order: OrderDto; open: boolean; onClose: () => void; onShip: (details: ShipDetails) => void }) {
  const { t } = useTranslation()
  const [carrier, setCarrier] = useState(order.carrier ?? '')
  const [trackingCode, setTrackingCode] = useState(order.trackingCode ?? '')
  const code = trackingCode.trim()
  const codeError = code.length > TRACKING_CODE_MAX || !TRACKING_CODE.test(code) ? t('orders.errors.tracking_code_format') : null
  const submit = () => {
    if (codeError) return
    onShip({ carrier: carrier.trim() || null, trackingCode: code || null })
  }
  return (
    <Modal
      open={open}
      title={t('orders.detail.shipTitle', { number: order.number })}
      okText={t('orders.detail.shipOk')}
      okButtonProps={{ disabled: codeError !== null, icon: <CarOutlined /> }}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Flex vertical gap={12}>
        <Typography.Text>{t('orders.detail.shipIntro')}</Typography.Text>
        <Form layout="vertical" component="div">
          <Form.Item label={t('orders.detail.carrier')} htmlFor="ship-carrier">
            <AutoComplete
              id="ship-carrier"
              value={carrier}
              onChange={(v: string) => setCarrier(v)}
              options={CARRIERS.map((c) => ({ value: c, label: c }))}
              showSearch={{ filterOption: (input, option) => (option?.value ?? '').toLowerCase().includes(input.trim().toLowerCase()) }}
              placeholder={t('orders.detail.carrierPlaceholder')}
              maxLength={60}
              autoFocus
            />
          </Form.Item>
          <Form.Item
            label={t('orders.detail.trackingCode')}
            htmlFor="ship-tracking-code"
            validateStatus={codeError ? 'error' : undefined}
            help={codeError ?? t('orders.detail.trackingCodeHint')}
            style={{ margin: 0 }}
          >
            <Input
              id="ship-tracking-code"
              value={trackingCode}
              onChange={(e) => setTrackingCode(e.target.value)}
              onPressEnter={submit}
              placeholder={t('orders.detail.trackingCodePlaceholder')}
              autoComplete="off"
              spellCheck={false}
            />
          </Form.Item>
        </Form>
      </Flex>
    </Modal>
  )
}

function ReturnDialog({ order, open, onClose, onDone }: { order: OrderDto; open: boolean; onClose: () => void; onDone: (o: OrderDto) => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const returnOrder = useReturnOrder()
  const [quantities, setQuantities] = useState<Record<string, number | null>>({})
  const [disposition, setDisposition] = useState<'restock' | 'write_off'>('restock')
  const [note, setNote] = useState('')
  const [lineErrors, setLineErrors] = useState<Record<string, string>>({})
  const returnable = order.lines.filter((l) => l.quantity - l.returnedQuantity > 0)
  const chosen = returnable.flatMap((l) => {
    const q = quantities[l.id] ?? 0
    return q > 0 ? [{ lineId: l.id, quantity: q }] : []
  })

  const submit = async () => {
    setLineErrors({})
    try {
      const after = await returnOrder.mutateAsync({ id: order.id, lines: chosen, disposition, note: note.trim() || null })
      void message.success(after.status === 'returned' ? t('orders.detail.returnedAll', { number: after.number }) : t('orders.detail.returnedSome', { number: after.number }))
      setQuantities({})
      setNote('')
      onDone(after)
    } catch (error) {
      const errors: Record<string, string> = {}
      for (const issue of issuesOf(error)) {
        const [head, index] = issue.path
        const line = head === 'lines' && typeof index === 'number' ? chosen[index] : undefined
        if (line) errors[line.lineId] = orderIssueText(issue)
      }
      setLineErrors(errors)
      if (Object.keys(errors).length === 0) void message.error(orderErrorText(error))
    }
  }

  return (
    <Modal
      open={open}
      width={760}
      title={t('orders.detail.returnTitle', { number: order.number })}
      okText={t('orders.detail.returnOk')}
      okButtonProps={{ disabled: chosen.length === 0, loading: returnOrder.isPending }}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Flex vertical gap={16}>
        <Table<OrderLine>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={returnable}
          columns={[
            {
              key: 'product',
              title: t('orders.entry.columns.product'),
              render: (_, l) => (
                <Flex vertical>
                  <span>{[l.productName, l.variantLabel].filter(Boolean).join(' · ')}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {l.sku}
                  </Typography.Text>
                </Flex>
              ),
            },
            { key: 'sold', title: t('orders.detail.columns.sold'), width: 80, align: 'right', render: (_, l) => `${format.number(l.quantity)} ${l.unit}` },
            { key: 'returned', title: t('orders.detail.columns.returned'), width: 80, align: 'right', render: (_, l) => format.number(l.returnedQuantity) },
            {
              key: 'now',
              title: t('orders.detail.columns.returnNow'),
              width: 170,
              render: (_, l) => {
                const left = l.quantity - l.returnedQuantity
                return (
                  <Flex vertical gap={2}>
                    <Flex gap={6} align="center">
                      <InputNumber<number>
                        aria-label={t('orders.detail.returnQuantityOf', { sku: l.sku })}
                        min={0}
                        max={left}
                        precision={0}
                        value={quantities[l.id] ?? null}
                        onChange={(v) => setQuantities((q) => ({ ...q, [l.id]: v }))}
                        status={lineErrors[l.id] ? 'error' : undefined}
                        style={{ width: 80 }}
                      />
                      <Button size="small" onClick={() => setQuantities((q) => ({ ...q, [l.id]: left }))}>
                        {t('orders.detail.returnAllOfLine', { left: format.number(left) })}
                      </Button>
                    </Flex>
                    {lineErrors[l.id] && <Typography.Text type="danger">{lineErrors[l.id]}</Typography.Text>}
                  </Flex>
                )
              },
            },
          ]}
        />
        <Form layout="vertical" component="div">
          <Form.Item label={<span id="return-disposition-label">{t('orders.detail.disposition')}</span>}>
            <Radio.Group
              aria-labelledby="return-disposition-label"
              value={disposition}
              onChange={(e) => setDisposition(e.target.value as 'restock' | 'write_off')}
              style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
              options={[
                { value: 'restock', label: t('orders.detail.restock') },
                { value: 'write_off', label: t('orders.detail.writeOff') },
              ]}
            />
          </Form.Item>
          <Form.Item label={t('orders.detail.returnNote')} htmlFor="return-note" style={{ margin: 0 }}>
            <Input.TextArea id="return-note" rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </Form.Item>
        </Form>
      </Flex>
    </Modal>
  )
}

// ---------------------------------------------------------------------------------------------
// Panels

function PrintMenu({ order, kind }: { order: OrderDto; kind: 'receipt' | 'delivery_note' }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const render = useOrderDocument()
  const print = async (format: 'roll80' | 'a5') => {
    try {
      const file = await render.mutateAsync({ id: order.id, kind, format })
      saveFile(file)
      void message.success(t('orders.detail.printed', { file: file.fileName }))
    } catch (error) {
      void message.error(describeError(error))
    }
  }
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'roll80', label: t('orders.detail.formatRoll80') },
          { key: 'a5', label: t('orders.detail.formatA5') },
        ],
        onClick: ({ key }) => void print(key as 'roll80' | 'a5'),
      }}
    >
      <Button icon={<PrinterOutlined />} loading={render.isPending}>
        {kind === 'receipt' ? t('orders.detail.printReceipt') : t('orders.detail.printDeliveryNote')} <DownOutlined />
      </Button>
    </Dropdown>
  )
}

function LinesCard({ order }: { order: OrderDto }) {
  const { t } = useTranslation()
  const format = useFormat()
  const stock = useStockLevels(order.lines.map((l) => l.variantId))
  const anyReturned = order.lines.some((l) => l.returnedQuantity > 0)
  const gross = order.lines.reduce((n, l) => n + l.quantity * l.unitPriceVnd, 0)
  const lineDiscounts = order.lines.reduce((n, l) => n + l.discountVnd, 0)
  const columns: TableColumnsType<OrderLine> = [
    { key: 'position', title: '#', width: 40, render: (_, l) => l.position + 1 },
    {
      key: 'product',
      title: t('orders.entry.columns.product'),
      render: (_, l) => (
        <Flex vertical>
          <Link to={`/products/${l.productId}`}>{[l.productName, l.variantLabel].filter(Boolean).join(' · ')}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {l.sku}
          </Typography.Text>
          {l.lots.length > 0 && (
            <Flex gap={4} wrap style={{ marginTop: 4 }} aria-label={t('orders.detail.lotsShipped')}>
              {l.lots.map((lot) => (
                <Link key={lot.lotId} to={`/lots/${lot.lotId}`}>
                  <Tag style={{ marginInlineEnd: 0 }}>{t('orders.detail.lotQuantity', { lotCode: lot.lotCode, quantity: format.number(lot.quantity) })}</Tag>
                </Link>
              ))}
            </Flex>
          )}
        </Flex>
      ),
    },
    { key: 'quantity', title: t('orders.entry.columns.quantity'), width: 90, align: 'right', render: (_, l) => `${format.number(l.quantity)} ${l.unit}` },
    ...(anyReturned
      ? [{ key: 'returned', title: t('orders.detail.columns.returned'), width: 80, align: 'right' as const, render: (_: unknown, l: OrderLine) => format.number(l.returnedQuantity) }]
      : []),
    { key: 'unitPrice', title: t('orders.entry.columns.unitPrice'), width: 120, align: 'right', render: (_, l) => format.vnd(l.unitPriceVnd) },
    { key: 'discount', title: t('orders.entry.columns.discount'), width: 110, align: 'right', render: (_, l) => (l.discountVnd > 0 ? `−${format.vnd(l.discountVnd)}` : t('common.empty')) },
    { key: 'total', title: t('orders.entry.columns.total'), width: 130, align: 'right', render: (_, l) => <Typography.Text strong>{format.vnd(l.totalVnd)}</Typography.Text> },
    {
      key: 'stock',
      title: t('orders.detail.columns.stockNow'),
      width: 130,
      align: 'right',
      render: (_, l) => {
        const level = stock.data?.get(l.variantId)
        if (!level) return t('common.empty')
        return (
          <span data-testid={`stock-${l.sku}`}>
            {t('orders.detail.stockCell', { onHand: format.number(level.onHand), available: format.number(level.available) })}
          </span>
        )
      },
    },
  ]
  const row = (label: string, value: string, strong = false) => (
    <Flex justify="space-between" gap={24}>
      <Typography.Text type={strong ? undefined : 'secondary'} strong={strong}>
        {label}
      </Typography.Text>
      <Typography.Text strong={strong}>{value}</Typography.Text>
    </Flex>
  )
  return (
    <Card title={t('orders.entry.sectionLines')} size="small">
      <Table<OrderLine> rowKey="id" size="small" pagination={false} columns={columns} dataSource={order.lines} scroll={{ x: 760 }} />
      <Flex justify="end" style={{ marginTop: 16 }}>
        <Flex vertical gap={6} style={{ minWidth: 320 }}>
          {row(t('orders.totals.gross'), format.vnd(gross))}
          {lineDiscounts > 0 && row(t('orders.totals.lineDiscounts'), `−${format.vnd(lineDiscounts)}`)}
          {row(t('orders.totals.subtotal'), format.vnd(order.subtotalVnd))}
          {order.orderDiscountVnd > 0 && row(t('orders.totals.orderDiscount'), `−${format.vnd(order.orderDiscountVnd)}`)}
          {row(t('orders.totals.shipping'), format.vnd(order.shippingFeeVnd))}
          <Divider style={{ margin: '4px 0' }} />
          <Flex justify="space-between" align="baseline" gap={24}>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {t('orders.totals.total')}
            </Typography.Text>
            <Typography.Text strong style={{ fontSize: 22 }}>
              {format.vnd(order.totalVnd)}
            </Typography.Text>
          </Flex>
          <Typography.Text type="secondary" italic style={{ maxWidth: 360 }}>
            {t('orders.totals.inWords', { words: amountInWordsVi(order.totalVnd) })}
          </Typography.Text>
        </Flex>
      </Flex>
    </Card>
  )
}

function InfoCard({ order }: { order: OrderDto }) {
  const { t } = useTranslation()
  const format = useFormat()
  const channelLabel = useChannelLabel()
  const empty = <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>
  const address = order.deliveryAddress
  return (
    <Card title={t('orders.detail.infoTitle')} size="small">
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'channel', label: t('orders.entry.channel'), children: channelLabel(order.channel) },
          ...(order.externalRef ? [{ key: 'externalRef', label: t('orders.detail.externalRef'), children: order.externalRef }] : []),
          {
            key: 'customer',
            label: t('orders.entry.customer'),
            children: order.customerId ? <Link to={`/customers/${order.customerId}`}>{order.customerName}</Link> : (order.customerName ?? t('orders.list.walkIn')),
          },
          { key: 'phone', label: t('orders.customers.form.phone'), children: order.customerPhone ?? empty },
          {
            key: 'delivery',
            label: t('orders.detail.deliveryTo'),
            children: address ? (
              <Flex vertical>
                {(address.recipientName || address.recipientPhone) && <span>{[address.recipientName, address.recipientPhone].filter(Boolean).join(' · ')}</span>}
                <span>{address.text}</span>
              </Flex>
            ) : (
              <Typography.Text type="secondary">{t('orders.detail.noDelivery')}</Typography.Text>
            ),
          },
          ...(order.carrier ? [{ key: 'carrier', label: t('orders.detail.carrier'), children: order.carrier }] : []),
          ...(order.trackingCode
            ? [{ key: 'trackingCode', label: t('orders.detail.trackingCode'), children: <Typography.Text copyable>{order.trackingCode}</Typography.Text> }]
            : []),
          { key: 'payment', label: t('orders.list.columns.payment'), children: <PaymentStatusTag status={order.paymentStatus} /> },
          { key: 'created', label: t('orders.detail.createdAt'), children: format.dateTime(order.createdAt) },
          ...(order.notes ? [{ key: 'notes', label: t('orders.entry.notes'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{order.notes}</span> }] : []),
        ]}
      />
    </Card>
  )
}

function eventText(event: OrderDto['events'][number]): string {
  if (event.kind === 'status' && event.fromStatus && event.toStatus) {
    return translateDynamic('orders.events.status', {
      from: translateDynamic(`orders.status.${event.fromStatus}`),
      to: translateDynamic(`orders.status.${event.toStatus}`),
    })
  }
  return translateDynamic(`orders.events.${event.kind}`, undefined, 'orders.events.other')
}

/** Who did it: the desktop's user name as it is; the browser session has a word of its own. */
function actorName(actor: string): string {
  const key = `orders.detail.actors.${actor}`
  return hasText(key) ? translateDynamic(key) : actor
}

function TimelineCard({ order }: { order: OrderDto }) {
  const { t } = useTranslation()
  const format = useFormat()
  return (
    <Card title={t('orders.detail.timelineTitle')} size="small">
      <Timeline
        items={order.events.map((e) => ({
          key: e.id,
          color: EVENT_COLORS[e.toStatus ?? ''] ?? (e.kind === 'created' ? 'gray' : 'blue'),
          content: (
            <Flex vertical gap={2}>
              <Typography.Text strong>{eventText(e)}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('orders.detail.eventBy', { at: format.dateTime(e.at), actor: actorName(e.actor) })}
              </Typography.Text>
              {e.note && <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>“{e.note}”</Typography.Text>}
              {e.kind === 'cash' && typeof e.data?.['received'] === 'number' && (
                <Typography.Text>
                  {t('orders.counter.lastChange', {
                    cash: format.vnd(e.data['received']),
                    change: typeof e.data['change'] === 'number' ? format.vnd(e.data['change']) : t('common.empty'),
                  })}
                </Typography.Text>
              )}
            </Flex>
          ),
        }))}
      />
    </Card>
  )
}

// ---------------------------------------------------------------------------------------------
// The page

function OrderDetail({ id }: { id: string }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const query = useOrder(id)
  const transition = useTransitionOrder()
  const [editing, setEditing] = useState(false)
  const [dialog, setDialog] = useState<'cancel' | 'return' | 'ship' | null>(null)
  const [problem, setProblem] = useState<Problem | null>(null)
  const [acting, setActing] = useState<StepAction | null>(null)
  const order = query.data

  if (query.isLoading) return <Skeleton active />
  if (!order) {
    return <LoadFailed error={query.error} backTo="/orders" backLabel={t('orders.detail.backToList')} />
  }

  const act = async (action: StepAction, ship?: ShipDetails) => {
    setProblem(null)
    setActing(action)
    try {
      const after = await transition.mutateAsync({ id: order.id, action, expectedVersion: order.version, ...(ship && { carrier: ship.carrier, trackingCode: ship.trackingCode }) })
      void message.success(t(`orders.detail.done.${action}`, { number: after.number }))
    } catch (error) {
      setProblem(problemOf(error))
      if (isApiError(error, 'CONFLICT')) void query.refetch()
    } finally {
      setActing(null)
    }
  }

  const steps = order.allowedActions.filter((a): a is StepAction => a !== 'cancel' && a !== 'return')
  const title = t('orders.detail.title', { number: order.number })

  if (editing) {
    return (
      <Flex vertical gap={16}>
        <PageTop backTo="/orders" title={t('orders.detail.editTitle', { number: order.number })} extra={<OrderStatusTag status={order.status} />} />
        <OrderForm
          order={order}
          onCancel={() => setEditing(false)}
          onSaved={(_saved, confirmError) => {
            setEditing(false)
            setProblem(confirmError ? problemOf(confirmError) : null)
          }}
        />
      </Flex>
    )
  }

  return (
    <Flex vertical gap={16}>
      <PageTop
        backTo="/orders"
        title={title}
        extra={
          <Flex gap={8} align="center" wrap>
            <OrderStatusTag status={order.status} />
            <PaymentStatusTag status={order.paymentStatus} />
          </Flex>
        }
      />
      <Flex gap={8} wrap role="toolbar" aria-label={t('orders.detail.actionsLabel')}>
        {steps.map((action, i) => (
          <Button
            key={action}
            type={i === 0 ? 'primary' : 'default'}
            icon={ACTION_ICONS[action]}
            loading={acting === action && { delay: 200 }}
            disabled={acting !== null}
            onClick={() => (action === 'ship' ? setDialog('ship') : void act(action))}
          >
            {t(`orders.actions.${action}`)}
          </Button>
        ))}
        {order.status === 'draft' && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('orders.detail.edit')}
          </Button>
        )}
        {order.allowedActions.includes('return') && (
          <Button icon={<RollbackOutlined />} onClick={() => setDialog('return')}>
            {t('orders.actions.return')}
          </Button>
        )}
        {order.allowedActions.includes('cancel') && (
          <Button danger icon={<CloseCircleOutlined />} onClick={() => setDialog('cancel')}>
            {t('orders.actions.cancel')}
          </Button>
        )}
        <span style={{ flex: 1 }} />
        <PrintMenu order={order} kind="receipt" />
        {order.deliveryAddress && <PrintMenu order={order} kind="delivery_note" />}
      </Flex>
      {problem?.shortages && <ShortageAlert shortages={problem.shortages} title={t('orders.detail.cannotConfirm')} />}
      {problem?.text && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={problem.text}
          action={
            problem.reload ? (
              <Button size="small" onClick={() => void query.refetch().then(() => setProblem(null))}>
                {t('orders.detail.reload')}
              </Button>
            ) : undefined
          }
          closable={{ onClose: () => setProblem(null) }}
        />
      )}
      {/* The lines need the width: side panels move beside them only on wide screens. */}
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={16}>
          <Flex vertical gap={16}>
            <LinesCard order={order} />
            <OrderPaymentsCard order={order} />
          </Flex>
        </Col>
        <Col xs={24} xxl={8}>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12} xxl={24}>
              <InfoCard order={order} />
            </Col>
            <Col xs={24} lg={12} xxl={24}>
              <TimelineCard order={order} />
            </Col>
          </Row>
        </Col>
      </Row>
      <CancelDialog order={order} open={dialog === 'cancel'} onClose={() => setDialog(null)} onDone={() => setDialog(null)} />
      <ReturnDialog order={order} open={dialog === 'return'} onClose={() => setDialog(null)} onDone={() => setDialog(null)} />
      <ShipDialog
        order={order}
        open={dialog === 'ship'}
        onClose={() => setDialog(null)}
        onShip={(details) => {
          setDialog(null)
          void act('ship', details)
        }}
      />
    </Flex>
  )
}

export function OrderDetailPage() {
  const { orderId } = useParams()
  return <OrderDetail key={orderId} id={orderId ?? ''} />
}
