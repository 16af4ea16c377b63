/**
 * Taking an order by phone, Zalo or from a marketplace, fast with the keyboard: pick or create
 * the customer, type or scan products (Enter adds), adjust quantities and prices, choose where it
 * goes, and save it as a draft or confirm it (which holds the stock at once). The same form edits
 * a draft from its detail page.
 */
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  theme,
  type FormInstance,
  type InputRef,
} from 'antd'
import { CheckOutlined, DeleteOutlined, SaveOutlined, UserAddOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { useNavigate, useSearchParams } from 'react-router'
import type { ValidationIssue } from '@shared/contract/errors'
import {
  ORDER_CHANNELS,
  type CreateOrderInput,
  type CustomerDto,
  type OrderChannel,
  type OrderDto,
  type UpdateOrderInput,
} from '@shared/contract/orders'
import { amountInWordsVi } from '@shared/domain/amount-in-words'
import { validateOrderTotals, type Discount, type OrderTotalsResult } from '@shared/domain/order-totals'
import { normalizeVietnamesePhone } from '@shared/domain/phone'
import { call } from '../../api/client'
import { isApiError, issuesOf } from '../../api/errors'
import { showIssuesOnForm, useRevalidateOnLanguageChange } from '../../components/form-errors'
import { useFormat } from '../../components/format'
import { PageTop } from '../../components/FormPageFrame'
import { useDebouncedValue } from '../../components/useDebouncedValue'
import { VndInput } from '../../components/VndInput'
import { AddressFields, fieldValuesToAddress, isEmptyAddress, type AddressFieldValues } from '../customers/AddressPicker'
import { customerKeys, useCreateCustomer, useCustomer, useCustomerChoices } from '../customers/customers.queries'
import {
  CustomerPicker,
  DiscountInput,
  MARKETPLACE_CHANNELS,
  ProductSearchBox,
  ShortageAlert,
  customerLabel,
  orderErrorText,
  orderIssueText,
  shortagesOf,
  useChannelLabel,
  type Shortage,
} from './OrderBits'
import { orderKeys, useCreateOrder, useStockLevels, useTransitionOrder, useUpdateOrder, type VariantChoice } from './orders.queries'

// ---------------------------------------------------------------------------------------------
// Form values: the contract's names, so `['lines', 2, 'quantity']` from the server lands on its field.

interface LineValues {
  variantId: string
  productName: string
  variantLabel: string | null
  sku: string
  unit: string
  /** The price the line started with (the variant's, or the draft's); an emptied price falls back to it. */
  listPriceVnd: number
  quantity: number | null
  unitPriceVnd: number | null
  discount: Discount | null
}

interface DeliveryValues extends AddressFieldValues {
  recipientName?: string | null
  recipientPhone?: string | null
}

/** `keep`: the draft's address as it is; `none`: picked up at the shop; `other`: typed here; else a customer address id. */
type DeliveryChoice = 'keep' | 'none' | 'other' | (string & {})

interface OrderFormValues {
  channel: OrderChannel
  customerId: string | null
  lines: LineValues[]
  deliveryChoice: DeliveryChoice
  deliveryAddress: DeliveryValues
  shippingFeeVnd: number | null
  orderDiscount: Discount | null
  externalRef: string
  notes: string
}

const textOrNull = (value: string | null | undefined): string | null => (value && value.trim() !== '' ? value.trim() : null)

const EMPTY_DELIVERY: DeliveryValues = { recipientName: '', recipientPhone: '', street: '', wardCode: null, legacy: false, legacyText: '' }

function newOrderValues(customerId: string | null): OrderFormValues {
  return {
    channel: 'phone',
    customerId,
    lines: [],
    deliveryChoice: 'other',
    deliveryAddress: EMPTY_DELIVERY,
    shippingFeeVnd: 0,
    orderDiscount: null,
    externalRef: '',
    notes: '',
  }
}

function orderToFormValues(order: OrderDto): OrderFormValues {
  return {
    channel: order.channel,
    customerId: order.customerId,
    // Discounts come back as they were given: a percentage stays a percentage.
    lines: order.lines.map((l) => ({
      variantId: l.variantId,
      productName: l.productName,
      variantLabel: l.variantLabel,
      sku: l.sku,
      unit: l.unit,
      listPriceVnd: l.unitPriceVnd,
      quantity: l.quantity,
      unitPriceVnd: l.unitPriceVnd,
      discount: l.discount ?? (l.discountVnd > 0 ? { kind: 'amount', vnd: l.discountVnd } : null),
    })),
    deliveryChoice: order.deliveryAddress ? 'keep' : 'none',
    deliveryAddress: EMPTY_DELIVERY,
    shippingFeeVnd: order.shippingFeeVnd,
    orderDiscount: order.orderDiscount ?? (order.orderDiscountVnd > 0 ? { kind: 'amount', vnd: order.orderDiscountVnd } : null),
    externalRef: order.externalRef ?? '',
    notes: order.notes ?? '',
  }
}

function linesToInput(lines: readonly LineValues[]): CreateOrderInput['lines'] {
  return lines.map((l) => ({
    variantId: l.variantId,
    quantity: l.quantity ?? 0,
    ...(l.unitPriceVnd !== null && l.unitPriceVnd !== undefined && { unitPriceVnd: l.unitPriceVnd }),
    discount: l.discount,
  }))
}

/** Where the parcel goes, as the contract takes it; `undefined` leaves a draft's address unchanged. */
function deliveryToInput(values: OrderFormValues, customer: CustomerDto | undefined): CreateOrderInput['deliveryAddress'] | undefined {
  const choice = values.deliveryChoice
  if (choice === 'keep') return undefined
  if (choice === 'none') return null
  if (choice === 'other') {
    const typed = values.deliveryAddress ?? EMPTY_DELIVERY
    if (isEmptyAddress(typed) && !textOrNull(typed.recipientName) && !textOrNull(typed.recipientPhone)) return null
    return {
      recipientName: textOrNull(typed.recipientName) ?? customer?.name ?? null,
      recipientPhone: textOrNull(typed.recipientPhone) ?? customer?.phone ?? null,
      ...fieldValuesToAddress(typed),
    }
  }
  const saved = customer?.addresses.find((a) => a.id === choice)
  if (!saved) return null
  return {
    recipientName: saved.recipientName ?? customer?.name ?? null,
    recipientPhone: saved.recipientPhone ?? customer?.phone ?? null,
    street: saved.street,
    wardCode: saved.wardCode,
    legacyText: saved.legacyText,
  }
}

/** A customer's default address (else their first), or a typed one when they have none. */
function deliveryChoiceFor(customer: CustomerDto): DeliveryChoice {
  const preferred = customer.addresses.find((a) => a.isDefault) ?? customer.addresses[0]
  return preferred ? preferred.id : 'other'
}

function liveTotals(lines: readonly LineValues[] | undefined, orderDiscount: Discount | null | undefined, shippingFeeVnd: number | null | undefined): OrderTotalsResult {
  return validateOrderTotals({
    lines: (lines ?? []).map((l) => ({ quantity: l.quantity ?? 0, unitPriceVnd: l.unitPriceVnd ?? l.listPriceVnd, discount: l.discount })),
    orderDiscount: orderDiscount ?? null,
    shippingFeeVnd: shippingFeeVnd ?? 0,
  })
}

const LINE_FIELDS = new Set(['quantity', 'unitPriceVnd', 'discount'])
const TOP_FIELDS = new Set(['channel', 'customerId', 'shippingFeeVnd', 'orderDiscount', 'externalRef', 'notes'])
const DELIVERY_FIELDS = new Set(['recipientName', 'recipientPhone', 'street', 'wardCode', 'legacyText'])

// ---------------------------------------------------------------------------------------------
// Customer and channel

/** "Khách mới" without leaving the order: a name and a phone are enough; the rest can wait. */
function QuickCustomer({ onCreated, onCancel, onPickExisting }: { onCreated: (c: CustomerDto) => void; onCancel: () => void; onPickExisting: (c: CustomerDto) => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const create = useCreateCustomer()
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [errors, setErrors] = useState<{ name?: string; phone?: string }>({})
  const normal = normalizeVietnamesePhone(phone)
  const debounced = useDebouncedValue(normal ?? '', 250)
  const known = useCustomerChoices(debounced, debounced !== '')
  const sameAs = (known.data?.items ?? []).filter((c) => c.phone === debounced)

  const submit = async () => {
    const next: typeof errors = {}
    if (name.trim() === '') next.name = t('errors.issue.required')
    if (phone.trim() !== '' && normal === null) next.phone = t('errors.issue.phone_format')
    setErrors(next)
    if (next.name || next.phone) return
    try {
      const customer = await create.mutateAsync({ name: name.trim(), phone: textOrNull(phone), addresses: [] })
      void message.success(t('orders.customers.form.created', { name: customer.name }))
      onCreated(customer)
    } catch (error) {
      void message.error(orderErrorText(error))
    }
  }

  return (
    <Card size="small" type="inner" title={t('orders.entry.quickCustomerTitle')} style={{ marginBottom: 16 }}>
      <Form layout="vertical" component="div">
        <Row gutter={12} align="bottom">
          <Col xs={24} md={10}>
            <Form.Item label={t('orders.customers.form.name')} htmlFor="quick-customer-name" validateStatus={errors.name ? 'error' : undefined} help={errors.name}>
              <Input
                id="quick-customer-name"
                autoFocus
                value={name}
                onChange={(e) => setName(e.target.value)}
                onPressEnter={() => void submit()}
                maxLength={120}
                autoComplete="off"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('orders.customers.form.phone')} htmlFor="quick-customer-phone" validateStatus={errors.phone ? 'error' : undefined} help={errors.phone}>
              <Input id="quick-customer-phone" inputMode="tel" value={phone} onChange={(e) => setPhone(e.target.value)} onPressEnter={() => void submit()} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item>
              <Space>
                <Button type="primary" loading={create.isPending} onClick={() => void submit()}>
                  {t('orders.entry.quickCustomerAdd')}
                </Button>
                <Button onClick={onCancel}>{t('common.cancel')}</Button>
              </Space>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {sameAs.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('orders.customers.phoneKnownTitle')}
          description={
            <Flex vertical gap={4}>
              {sameAs.map((c) => (
                <Flex key={c.id} gap={8} align="center" wrap>
                  <span>{customerLabel(c)}</span>
                  <Button size="small" onClick={() => onPickExisting(c)}>
                    {t('orders.entry.useThisCustomer')}
                  </Button>
                </Flex>
              ))}
            </Flex>
          }
        />
      )}
    </Card>
  )
}

function CustomerSection({ form, customer, selectedLabel }: { form: FormInstance<OrderFormValues>; customer: CustomerDto | undefined; selectedLabel: string | undefined }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const channelLabel = useChannelLabel()
  const channel = Form.useWatch('channel', form) as OrderChannel | undefined
  const [creating, setCreating] = useState(false)
  const choose = (c: CustomerDto) => {
    queryClient.setQueryData(customerKeys.detail(c.id), c)
    form.setFieldsValue({ customerId: c.id, deliveryChoice: deliveryChoiceFor(c) })
    setCreating(false)
  }
  return (
    <Card title={t('orders.entry.sectionCustomer')} size="small">
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="channel" label={t('orders.entry.channel')} htmlFor="order-channel">
            <Select id="order-channel" options={ORDER_CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }))} />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item label={t('orders.entry.customer')} htmlFor="order-customer" style={{ marginBottom: creating ? 12 : undefined }}>
            <Flex gap={8}>
              <Form.Item name="customerId" noStyle>
                <CustomerPicker id="order-customer" selectedLabel={customer ? customerLabel(customer) : selectedLabel} />
              </Form.Item>
              <Button icon={<UserAddOutlined />} onClick={() => setCreating((v) => !v)} aria-expanded={creating}>
                {t('orders.entry.newCustomer')}
              </Button>
            </Flex>
          </Form.Item>
        </Col>
      </Row>
      {creating && <QuickCustomer onCreated={choose} onPickExisting={choose} onCancel={() => setCreating(false)} />}
      {customer && customer.samePhone.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('orders.customers.samePhone', { names: customer.samePhone.map((c) => c.name).join(t('common.listSeparator')) })}
          description={t('orders.customers.samePhoneHint')}
        />
      )}
      {channel && MARKETPLACE_CHANNELS.includes(channel) && (
        <Form.Item
          name="externalRef"
          label={t('orders.entry.externalRef', { channel: channelLabel(channel) })}
          extra={t('orders.entry.externalRefHint')}
          rules={[{ max: 80, message: t('errors.issue.max_length', { limit: 80 }) }]}
        >
          <Input autoComplete="off" spellCheck={false} style={{ maxWidth: 320 }} />
        </Form.Item>
      )}
    </Card>
  )
}

// ---------------------------------------------------------------------------------------------
// Lines

function LinesSection({
  form,
  totals,
  searchRef,
  alert,
}: {
  form: FormInstance<OrderFormValues>
  totals: OrderTotalsResult
  searchRef: React.RefObject<InputRef | null>
  alert: ReactNode
}) {
  const { t } = useTranslation()
  const format = useFormat()
  const lines = (Form.useWatch('lines', { form, preserve: true }) as LineValues[] | undefined) ?? []
  const stock = useStockLevels(lines.map((l) => l.variantId))

  const addLine = (v: VariantChoice) => {
    const current = (form.getFieldValue('lines') as LineValues[] | undefined) ?? []
    const at = current.findIndex((l) => l.variantId === v.variantId)
    if (at >= 0) {
      // The same product again (a second scan): one more of it, not a second line.
      form.setFieldValue(['lines', at, 'quantity'], (current[at]!.quantity ?? 0) + 1)
    } else {
      form.setFieldValue('lines', [
        ...current,
        {
          variantId: v.variantId,
          productName: v.productName,
          variantLabel: v.variantLabel,
          sku: v.sku,
          unit: v.unit,
          listPriceVnd: v.priceVnd,
          quantity: 1,
          unitPriceVnd: v.priceVnd,
          discount: null,
        } satisfies LineValues,
      ])
    }
    void form.validateFields(['lines']).catch(() => undefined)
  }

  return (
    <Card title={t('orders.entry.sectionLines')} size="small">
      <Flex vertical gap={12}>
        <Form.Item label={t('orders.entry.search')} htmlFor="order-product-search" style={{ marginBottom: 0 }} extra={t('orders.entry.searchHint')}>
          <ProductSearchBox id="order-product-search" inputRef={searchRef} onPick={addLine} />
        </Form.Item>
        {alert}
        <Form.List
          name="lines"
          rules={[{ validator: (_r, value: unknown[] | undefined) => (value && value.length > 0 ? Promise.resolve() : Promise.reject(new Error(t('orders.entry.noLines')))) }]}
        >
          {(fields, { remove }, { errors }) => (
            <>
              <Table
                rowKey="key"
                size="small"
                pagination={false}
                dataSource={fields}
                locale={{ emptyText: t('orders.entry.linesEmpty') }}
                scroll={{ x: 900 }}
                columns={[
                  {
                    key: 'product',
                    title: t('orders.entry.columns.product'),
                    render: (_, field) => {
                      const line = lines[field.name]
                      if (!line) return null
                      return (
                        <Flex vertical>
                          <Typography.Text strong>{[line.productName, line.variantLabel].filter(Boolean).join(' · ')}</Typography.Text>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {line.sku} · {line.unit}
                          </Typography.Text>
                        </Flex>
                      )
                    },
                  },
                  {
                    key: 'available',
                    title: t('orders.entry.columns.available'),
                    width: 120,
                    render: (_, field) => {
                      const line = lines[field.name]
                      const level = line ? stock.data?.get(line.variantId) : undefined
                      if (!line || !level) return <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>
                      const over = (line.quantity ?? 0) > level.available
                      return over ? (
                        <Tooltip title={t('orders.entry.overStockHint')}>
                          <Tag color="error" style={{ marginInlineEnd: 0 }}>
                            {t('orders.entry.overStock', { available: format.number(level.available) })}
                          </Tag>
                        </Tooltip>
                      ) : (
                        <span>{t('orders.entry.availableShort', { available: format.number(level.available) })}</span>
                      )
                    },
                  },
                  {
                    key: 'quantity',
                    title: t('orders.entry.columns.quantity'),
                    width: 110,
                    render: (_, field) => (
                      <Form.Item
                        name={[field.name, 'quantity']}
                        style={{ margin: 0 }}
                        rules={[{ required: true, type: 'integer', min: 1, message: t('errors.issue.quantity_positive') }]}
                      >
                        <InputNumber<number>
                          aria-label={t('orders.entry.quantityOf', { sku: lines[field.name]?.sku ?? '' })}
                          min={1}
                          max={1_000_000}
                          precision={0}
                          style={{ width: '100%' }}
                        />
                      </Form.Item>
                    ),
                  },
                  {
                    key: 'unitPrice',
                    title: t('orders.entry.columns.unitPrice'),
                    width: 150,
                    render: (_, field) => (
                      <Form.Item name={[field.name, 'unitPriceVnd']} style={{ margin: 0 }}>
                        <VndInput aria-label={t('orders.entry.priceOf', { sku: lines[field.name]?.sku ?? '' })} placeholder={format.number(lines[field.name]?.listPriceVnd ?? 0)} />
                      </Form.Item>
                    ),
                  },
                  {
                    key: 'discount',
                    title: t('orders.entry.columns.discount'),
                    width: 200,
                    render: (_, field) => (
                      <Form.Item name={[field.name, 'discount']} style={{ margin: 0 }}>
                        <DiscountInput label={t('orders.entry.discountOf', { sku: lines[field.name]?.sku ?? '' })} />
                      </Form.Item>
                    ),
                  },
                  {
                    key: 'total',
                    title: t('orders.entry.columns.total'),
                    width: 130,
                    align: 'right',
                    render: (_, field) => {
                      const amount = totals.totals?.lines[field.name]?.totalVnd
                      return amount === undefined ? t('common.empty') : <Typography.Text strong>{format.vnd(amount)}</Typography.Text>
                    },
                  },
                  {
                    key: 'remove',
                    width: 48,
                    render: (_, field) => (
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('orders.entry.removeLine', { sku: lines[field.name]?.sku ?? '' })}
                        onClick={() => {
                          remove(field.name)
                          searchRef.current?.focus()
                        }}
                      />
                    ),
                  },
                ]}
              />
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
      </Flex>
    </Card>
  )
}

// ---------------------------------------------------------------------------------------------
// Delivery and money

function DeliverySection({ form, customer, current }: { form: FormInstance<OrderFormValues>; customer: CustomerDto | undefined; current: OrderDto['deliveryAddress'] | undefined }) {
  const { t } = useTranslation()
  const choice = Form.useWatch('deliveryChoice', form) as DeliveryChoice | undefined
  const options = [
    ...(current !== undefined && current !== null ? [{ value: 'keep', label: t('orders.entry.deliveryKeep', { address: current.text }) }] : []),
    ...(customer?.addresses ?? []).map((a) => ({
      value: a.id,
      label: (
        <span>
          {a.label && <Typography.Text strong>{a.label}: </Typography.Text>}
          {a.text}
          {a.isDefault && (
            <Tag style={{ marginInlineStart: 8 }} color="green">
              {t('orders.customers.form.isDefault')}
            </Tag>
          )}
        </span>
      ),
    })),
    { value: 'other', label: customer?.addresses.length ? t('orders.entry.deliveryOther') : t('orders.entry.deliveryTyped') },
    { value: 'none', label: t('orders.entry.deliveryNone') },
  ]
  return (
    <Card title={t('orders.entry.sectionDelivery')} size="small">
      <Form.Item name="deliveryChoice" label={<span id="delivery-choice-label">{t('orders.entry.deliveryTo')}</span>}>
        <Radio.Group aria-labelledby="delivery-choice-label" style={{ display: 'flex', flexDirection: 'column', gap: 6 }} options={options} />
      </Form.Item>
      {choice === 'other' && (
        <>
          <Row gutter={12}>
            <Col xs={24} md={14}>
              <Form.Item name={['deliveryAddress', 'recipientName']} label={t('orders.customers.form.recipientName')} htmlFor="delivery-recipient">
                <Input id="delivery-recipient" maxLength={120} placeholder={customer ? customer.name : undefined} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item
                name={['deliveryAddress', 'recipientPhone']}
                label={t('orders.customers.form.recipientPhone')}
                htmlFor="delivery-phone"
                rules={[
                  {
                    validator: (_r, value: unknown) =>
                      !value || String(value).trim() === '' || normalizeVietnamesePhone(String(value)) !== null
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('errors.issue.phone_format'))),
                  },
                ]}
              >
                <Input id="delivery-phone" inputMode="tel" placeholder={customer?.phone ?? undefined} autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
          <AddressFields name={['deliveryAddress']} idPrefix="delivery" />
        </>
      )}
    </Card>
  )
}

function TotalsSection({ totals }: { totals: OrderTotalsResult }) {
  const { t } = useTranslation()
  const format = useFormat()
  const sums = totals.totals
  const gross = sums?.lines.reduce((n, l) => n + l.grossVnd, 0) ?? 0
  const lineDiscounts = sums?.lines.reduce((n, l) => n + l.discountVnd, 0) ?? 0
  const row = (label: string, value: string, strong = false) => (
    <Flex justify="space-between" gap={12}>
      <Typography.Text type={strong ? undefined : 'secondary'} strong={strong}>
        {label}
      </Typography.Text>
      <Typography.Text strong={strong}>{value}</Typography.Text>
    </Flex>
  )
  return (
    <Flex vertical gap={6} aria-label={t('orders.entry.totalsLabel')} role="group">
      {row(t('orders.totals.gross'), format.vnd(gross))}
      {lineDiscounts > 0 && row(t('orders.totals.lineDiscounts'), `−${format.vnd(lineDiscounts)}`)}
      {row(t('orders.totals.subtotal'), format.vnd(sums?.subtotalVnd ?? 0))}
      {(sums?.orderDiscountVnd ?? 0) > 0 && row(t('orders.totals.orderDiscount'), `−${format.vnd(sums!.orderDiscountVnd)}`)}
      {row(t('orders.totals.shipping'), format.vnd(sums?.shippingFeeVnd ?? 0))}
      <Divider style={{ margin: '6px 0' }} />
      <Flex justify="space-between" align="baseline" gap={12}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {t('orders.totals.total')}
        </Typography.Text>
        <Typography.Text strong style={{ fontSize: 22 }} data-testid="order-total">
          {sums ? format.vnd(sums.totalVnd) : t('common.empty')}
        </Typography.Text>
      </Flex>
      {sums && sums.totalVnd > 0 && (
        <Typography.Text type="secondary" italic>
          {t('orders.totals.inWords', { words: amountInWordsVi(sums.totalVnd) })}
        </Typography.Text>
      )}
      {totals.errors.length > 0 && (
        <Flex vertical role="alert">
          {totals.errors.map((e) => (
            <Typography.Text key={`${e.field}-${e.reason}`} type="danger">
              {orderIssueText({ code: e.reason, params: e.params })}
            </Typography.Text>
          ))}
        </Flex>
      )}
    </Flex>
  )
}

function MoneySection({ totals }: { totals: OrderTotalsResult }) {
  const { t } = useTranslation()
  return (
    <Card title={t('orders.entry.sectionMoney')} size="small">
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="shippingFeeVnd" label={t('orders.entry.shippingFee')} htmlFor="order-shipping">
            <VndInput id="order-shipping" placeholder="0" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="orderDiscount" label={t('orders.entry.orderDiscount')} htmlFor="order-discount">
            <DiscountInput id="order-discount" label={t('orders.entry.orderDiscount')} />
          </Form.Item>
        </Col>
      </Row>
      <TotalsSection totals={totals} />
      <Form.Item name="notes" label={t('orders.entry.notes')} htmlFor="order-notes" style={{ marginTop: 16, marginBottom: 0 }}>
        <Input.TextArea id="order-notes" rows={2} maxLength={2000} placeholder={t('orders.entry.notesPlaceholder')} />
      </Form.Item>
    </Card>
  )
}

// ---------------------------------------------------------------------------------------------
// The form

/**
 * New order (no `order`) or a draft being edited. A refused confirmation of a new order writes
 * nothing (one transaction); an edited draft is saved first and confirmed second, so a refusal
 * there leaves the edit saved and reports the shortage through `onSaved`.
 */
export function OrderForm({ order, initialCustomerId, onSaved, onCancel }: { order?: OrderDto; initialCustomerId?: string | null; onSaved?: (order: OrderDto, confirmError?: unknown) => void; onCancel?: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const { token } = theme.useToken()
  const format = useFormat()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [form] = Form.useForm<OrderFormValues>()
  useRevalidateOnLanguageChange(form)
  const create = useCreateOrder()
  const update = useUpdateOrder()
  const transition = useTransitionOrder()
  const [initialValues] = useState<OrderFormValues>(() => (order ? orderToFormValues(order) : newOrderValues(initialCustomerId ?? null)))
  const [version] = useState(order?.version)
  const [shortages, setShortages] = useState<Shortage[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [saving, setSaving] = useState<'draft' | 'confirm' | null>(null)
  const searchRef = useRef<InputRef>(null)
  const alertRef = useRef<HTMLDivElement>(null)

  const customerId = Form.useWatch('customerId', form) as string | null | undefined
  const customer = useCustomer(customerId ?? null).data
  const lines = Form.useWatch('lines', { form, preserve: true }) as LineValues[] | undefined
  const orderDiscount = Form.useWatch('orderDiscount', form) as Discount | null | undefined
  const shippingFeeVnd = Form.useWatch('shippingFeeVnd', form) as number | null | undefined
  const totals = useMemo(() => liveTotals(lines, orderDiscount, shippingFeeVnd), [lines, orderDiscount, shippingFeeVnd])

  // A new order opened for a customer (from the customer's page) starts at their default address.
  const initialAddressSet = useRef(order !== undefined || !initialCustomerId)
  useEffect(() => {
    if (initialAddressSet.current || !customer) return
    initialAddressSet.current = true
    form.setFieldValue('deliveryChoice', deliveryChoiceFor(customer))
  }, [customer, form])

  /** The user picked another customer (or none): their default address follows. */
  const customerChanged = async (id: string | null | undefined) => {
    if (!id) {
      const choice = form.getFieldValue('deliveryChoice') as DeliveryChoice
      if (choice !== 'keep' && choice !== 'none' && choice !== 'other') form.setFieldValue('deliveryChoice', 'other')
      return
    }
    try {
      const picked = await queryClient.fetchQuery({ queryKey: customerKeys.detail(id), queryFn: () => call('customers.getCustomer', { id }) })
      if (form.getFieldValue('customerId') === id) form.setFieldValue('deliveryChoice', deliveryChoiceFor(picked))
    } catch {
      // The picker shows the customer anyway; the address stays as it was.
    }
  }

  const showProblem = (text: string | null, list: Shortage[] | null) => {
    setProblem(text)
    setShortages(list)
    if (text || list) window.setTimeout(() => alertRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' }), 0)
  }

  const reportError = (error: unknown) => {
    const list = shortagesOf(error)
    if (list) return showProblem(null, list)
    if (isApiError(error, 'VALIDATION') && issuesOf(error).length > 0) {
      const choice = form.getFieldValue('deliveryChoice') as DeliveryChoice
      const unplaced = showIssuesOnForm(form, error, (path) => {
        const [head, index, field] = path
        if (head === 'lines') return typeof index === 'number' && typeof field === 'string' && LINE_FIELDS.has(field)
        if (head === 'deliveryAddress') return choice === 'other' && typeof index === 'string' && DELIVERY_FIELDS.has(index)
        return typeof head === 'string' && TOP_FIELDS.has(head) && path.length === 1
      })
      return showProblem(unplaced.length > 0 ? describeUnplaced(unplaced, form, t) : null, null)
    }
    showProblem(orderErrorText(error), null)
  }

  const submit = async (confirm: boolean) => {
    try {
      await form.validateFields()
    } catch {
      void message.error(t('orders.entry.fixErrors'))
      return
    }
    const values = form.getFieldsValue(true) as OrderFormValues
    if (totals.totals === null) {
      void message.error(t('orders.entry.fixErrors'))
      return
    }
    showProblem(null, null)
    setSaving(confirm ? 'confirm' : 'draft')
    const fields = {
      channel: values.channel,
      customerId: values.customerId ?? null,
      lines: linesToInput(values.lines),
      orderDiscount: values.orderDiscount ?? null,
      shippingFeeVnd: values.shippingFeeVnd ?? 0,
      externalRef: MARKETPLACE_CHANNELS.includes(values.channel) ? textOrNull(values.externalRef) : null,
      notes: textOrNull(values.notes),
    }
    const deliveryAddress = deliveryToInput(values, customer)
    try {
      if (!order) {
        const saved = await create.mutateAsync({ ...fields, deliveryAddress: deliveryAddress ?? null, confirm })
        void message.success(confirm ? t('orders.entry.confirmed', { number: saved.number }) : t('orders.entry.savedDraft', { number: saved.number }))
        void navigate(`/orders/${saved.id}`)
        return
      }
      const input: UpdateOrderInput = { id: order.id, expectedVersion: version, ...fields, ...(deliveryAddress !== undefined && { deliveryAddress }) }
      const saved = await update.mutateAsync(input)
      if (!confirm) {
        void message.success(t('orders.entry.savedDraft', { number: saved.number }))
        onSaved?.(saved)
        return
      }
      try {
        const confirmed = await transition.mutateAsync({ id: saved.id, action: 'confirm', expectedVersion: saved.version })
        void message.success(t('orders.entry.confirmed', { number: confirmed.number }))
        onSaved?.(confirmed)
      } catch (error) {
        await queryClient.invalidateQueries({ queryKey: orderKeys.detail(saved.id) })
        onSaved?.(saved, error)
      }
    } catch (error) {
      reportError(error)
    } finally {
      setSaving(null)
    }
  }

  // Ctrl+Enter confirms from anywhere in the form: the hands stay on the keyboard.
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      void submit(true)
    }
  }

  const alert = (
    <div ref={alertRef}>
      {shortages && (
        <ShortageAlert
          shortages={shortages}
          action={
            <Button size="small" onClick={() => void submit(false)}>
              {t('orders.entry.saveDraftInstead')}
            </Button>
          }
        />
      )}
      {problem && <Alert type="error" showIcon role="alert" title={problem} />}
    </div>
  )

  return (
    <Form<OrderFormValues>
      form={form}
      name="order"
      layout="vertical"
      initialValues={initialValues}
      onKeyDown={onKeyDown}
      onValuesChange={(changed: Partial<OrderFormValues>) => {
        if (shortages) setShortages(null)
        if ('customerId' in changed) void customerChanged(changed.customerId)
      }}
    >
      <Flex vertical gap={16}>
        <CustomerSection form={form} customer={customer} selectedLabel={order?.customerName ?? undefined} />
        <LinesSection form={form} totals={totals} searchRef={searchRef} alert={alert} />
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={13}>
            <DeliverySection form={form} customer={customer} current={order?.deliveryAddress} />
          </Col>
          <Col xs={24} lg={11}>
            <MoneySection totals={totals} />
          </Col>
        </Row>
      </Flex>
      <Flex
        justify="end"
        align="center"
        gap={12}
        wrap
        style={{ position: 'sticky', bottom: -20, marginTop: 16, padding: '12px 0 20px', background: token.colorBgLayout, borderTop: `1px solid ${token.colorBorderSecondary}`, zIndex: 2 }}
      >
        <Typography.Text style={{ marginInlineEnd: 'auto', fontSize: 16 }}>
          {t('orders.totals.total')}: <Typography.Text strong style={{ fontSize: 18 }}>{totals.totals ? format.vnd(totals.totals.totalVnd) : t('common.empty')}</Typography.Text>
        </Typography.Text>
        <Button onClick={() => (onCancel ? onCancel() : void navigate('/orders'))}>{t('common.cancel')}</Button>
        <Button icon={<SaveOutlined />} loading={saving === 'draft' && { delay: 200 }} disabled={saving !== null} onClick={() => void submit(false)}>
          {order ? t('orders.entry.saveChanges') : t('orders.entry.saveDraft')}
        </Button>
        <Tooltip title={t('orders.entry.confirmHint')}>
          <Button type="primary" icon={<CheckOutlined />} loading={saving === 'confirm' && { delay: 200 }} disabled={saving !== null} onClick={() => void submit(true)}>
            {order ? t('orders.entry.saveAndConfirm') : t('orders.entry.confirm')}
          </Button>
        </Tooltip>
      </Flex>
    </Form>
  )
}

/** Issues with no field of their own, e.g. an archived product on line 3: "Dòng 3 (MO-500): …". */
function describeUnplaced(issues: readonly ValidationIssue[], form: FormInstance<OrderFormValues>, t: TFunction): string {
  const lines = (form.getFieldValue('lines') as LineValues[] | undefined) ?? []
  return issues
    .map((issue) => {
      const [head, index] = issue.path
      const text = orderIssueText(issue)
      if (head === 'lines' && typeof index === 'number') return `${t('orders.entry.lineN', { n: index + 1, sku: lines[index]?.sku ?? '' })}: ${text}`
      return text
    })
    .join(' · ')
}

export function OrderEntryPage() {
  const { t } = useTranslation()
  const [params] = useSearchParams()
  return (
    <Flex vertical gap={16}>
      <PageTop backTo="/orders" title={t('orders.entry.createTitle')} />
      <OrderForm initialCustomerId={params.get('customerId')} />
    </Flex>
  )
}
