/**
 * Pieces the order screens share: status and payment tags, the words for the backend's order
 * errors (stock shortages first of all), the product search box a barcode scanner types into,
 * the discount field and the customer picker.
 */
import { Alert, AutoComplete, Flex, Input, InputNumber, Select, Space, Spin, Tag, Typography, type InputRef } from 'antd'
import { BarcodeOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { useRef, useState, type ReactNode, type Ref } from 'react'
import { useTranslation } from 'react-i18next'
import type { CustomerDto, OrderChannel, OrderStatusValue } from '@shared/contract/orders'
import type { Discount } from '@shared/domain/order-totals'
import type { OrderPaymentStatus } from '@shared/domain/payment-state'
import { formatVnd } from '@shared/domain/money'
import { ApiError, issuesOf, reasonOf } from '../../api/errors'
import { useFormat } from '../../components/format'
import { useDebouncedValue } from '../../components/useDebouncedValue'
import { VndInput } from '../../components/VndInput'
import { currentLanguage, hasText, translateDynamic } from '../../i18n'
import { describeError, issueText } from '../../i18n/error-text'
import { useCustomerChoices } from '../customers/customers.queries'
import { fetchVariantChoices, findExactVariant, useStockLevels, useVariantChoices, type VariantChoice } from './orders.queries'

// ---------------------------------------------------------------------------------------------
// Tags

const STATUS_COLOR: Record<OrderStatusValue, string> = {
  draft: 'default',
  confirmed: 'blue',
  packed: 'cyan',
  shipped: 'geekblue',
  delivered: 'purple',
  completed: 'green',
  cancelled: 'red',
  returned: 'orange',
}

export function OrderStatusTag({ status }: { status: OrderStatusValue }) {
  const { t } = useTranslation()
  return (
    <Tag color={STATUS_COLOR[status]} style={{ marginInlineEnd: 0 }}>
      {t(`orders.status.${status}`)}
    </Tag>
  )
}

/** Every money state of an order has its colour: owed in gold, settled in green, money given back in purple. */
const PAYMENT_COLOR: Record<OrderPaymentStatus, string> = { unpaid: 'gold', partially_paid: 'lime', paid: 'green', partially_refunded: 'orange', refunded: 'purple' }

export function PaymentStatusTag({ status }: { status: OrderPaymentStatus }) {
  const { t } = useTranslation()
  return (
    <Tag color={PAYMENT_COLOR[status]} style={{ marginInlineEnd: 0 }}>
      {t(`orders.payment.${status}`)}
    </Tag>
  )
}

export function useChannelLabel(): (channel: OrderChannel) => string {
  const { t } = useTranslation()
  return (channel) => t(`orders.channels.${channel}`)
}

/** Channels where the order has a number of its own on the other side (the shop's order number there). */
export const MARKETPLACE_CHANNELS: readonly OrderChannel[] = ['shopee', 'lazada', 'tiktok', 'ntm_portal', 'website']

// ---------------------------------------------------------------------------------------------
// Error words

type Params = Record<string, string | number>

function detailsOf(error: unknown): Record<string, unknown> {
  return error instanceof ApiError && typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {}
}

/** Amounts in a message read as money, statuses and actions as words. */
function wordParams(params: Readonly<Record<string, unknown>>): Params {
  const out: Params = {}
  const language = currentLanguage()
  for (const [key, value] of Object.entries(params)) {
    if (typeof value !== 'string' && typeof value !== 'number') continue
    if (typeof value === 'number' && (key === 'total' || key.endsWith('Vnd'))) out[key] = formatVnd(value, language)
    else if ((key === 'from' || key === 'status') && typeof value === 'string') out[key] = translateDynamic(`orders.status.${value}`)
    else if (key === 'action' && typeof value === 'string') out[key] = translateDynamic(`orders.actionVerbs.${value}`)
    else out[key] = value
  }
  return out
}

/** A field issue in words: the order screens' own reasons first, then the app-wide catalogue. */
export function orderIssueText(issue: { readonly code: string; readonly params?: Readonly<Record<string, string | number>> | undefined }): string {
  const key = `orders.errors.${issue.code}`
  if (hasText(key)) return translateDynamic(key, wordParams(issue.params ?? {}))
  return issueText(issue)
}

/** One sentence for an alert or a toast. */
export function orderErrorText(error: unknown): string {
  if (!(error instanceof ApiError)) return describeError(error)
  const reason = reasonOf(error)
  if (reason && hasText(`orders.errors.${reason}`)) return translateDynamic(`orders.errors.${reason}`, wordParams(detailsOf(error)))
  const issue = issuesOf(error).find((i) => hasText(`orders.errors.${i.code}`))
  if (issue) return orderIssueText(issue)
  return describeError(error)
}

export interface Shortage {
  readonly variantId: string
  readonly sku: string
  readonly productName: string
  readonly requested: number
  readonly available: number
}

/** The lines a refused confirmation could not hold (CONFLICT `insufficient_stock`), or null for any other error. */
export function shortagesOf(error: unknown): Shortage[] | null {
  if (reasonOf(error) !== 'insufficient_stock') return null
  const list = detailsOf(error)['shortages']
  if (!Array.isArray(list)) return []
  return list.flatMap((s): Shortage[] => {
    if (typeof s !== 'object' || s === null) return []
    const r = s as Record<string, unknown>
    if (typeof r['sku'] !== 'string' || typeof r['requested'] !== 'number' || typeof r['available'] !== 'number') return []
    return [
      {
        variantId: typeof r['variantId'] === 'string' ? r['variantId'] : '',
        sku: r['sku'],
        productName: typeof r['productName'] === 'string' ? r['productName'] : '',
        requested: r['requested'],
        available: r['available'],
      },
    ]
  })
}

/** "Không đủ hàng trong kho" with one line per SKU: "còn X, cần Y". */
export function ShortageAlert({ shortages, action, title }: { shortages: readonly Shortage[]; action?: ReactNode; title?: string }) {
  const { t } = useTranslation()
  const format = useFormat()
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? t('orders.errors.insufficient_stock')}
      description={
        <Flex vertical gap={4}>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {shortages.map((s) => (
              <li key={`${s.variantId}-${s.sku}`}>
                {t('orders.shortage.line', { sku: s.sku, productName: s.productName, available: format.number(s.available), requested: format.number(s.requested) })}
              </li>
            ))}
          </ul>
          <Typography.Text type="secondary">{t('orders.shortage.hint')}</Typography.Text>
        </Flex>
      }
      action={action}
    />
  )
}

// ---------------------------------------------------------------------------------------------
// The product search box

function variantTitle(v: VariantChoice): string {
  return [v.productName, v.variantLabel].filter(Boolean).join(' · ')
}

/**
 * Type a name (no tone marks needed) and pick, or type/scan a SKU or barcode and press Enter: an
 * exact hit goes straight into the order; a single match by name does too; otherwise the list
 * stays open to choose from.
 */
export function ProductSearchBox(props: {
  id: string
  onPick: (variant: VariantChoice) => void
  large?: boolean
  autoFocus?: boolean
  inputRef?: Ref<InputRef>
  placeholder?: string
}) {
  const { t } = useTranslation()
  const format = useFormat()
  const queryClient = useQueryClient()
  const [typed, setTyped] = useState('')
  const [notFound, setNotFound] = useState<string | null>(null)
  const [looking, setLooking] = useState(false)
  const debounced = useDebouncedValue(typed, 150)
  const choices = useVariantChoices(debounced)
  const items = typed.trim() === '' ? [] : (choices.data ?? [])
  const stock = useStockLevels(items.map((v) => v.variantId))
  // Set when the list itself took the Enter (an option was highlighted), so the key handler leaves it.
  const pickedByList = useRef(false)

  const pick = (variant: VariantChoice) => {
    setTyped('')
    setNotFound(null)
    props.onPick(variant)
  }

  const lookUp = async (text: string) => {
    if (text.trim() === '') return
    setLooking(true)
    try {
      const exact = await findExactVariant(queryClient, text)
      if (exact) return pick(exact)
      const found = await fetchVariantChoices(queryClient, text)
      if (found.length === 1) return pick(found[0]!)
      if (found.length === 0) setNotFound(text.trim())
    } catch {
      setNotFound(text.trim())
    } finally {
      setLooking(false)
    }
  }

  const options = items.map((v) => {
    const level = stock.data?.get(v.variantId)
    return {
      value: v.variantId,
      label: (
        <Flex justify="space-between" gap={12} align="center">
          <Flex vertical style={{ minWidth: 0 }}>
            <Typography.Text ellipsis>{variantTitle(v)}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[v.sku, v.barcode, v.unit].filter(Boolean).join(' · ')}
            </Typography.Text>
          </Flex>
          <Flex vertical align="end" style={{ flex: 'none' }}>
            <span>{format.vnd(v.priceVnd)}</span>
            {level && (
              <Typography.Text type={level.available > 0 ? 'secondary' : 'danger'} style={{ fontSize: 12 }}>
                {t('orders.entry.availableShort', { available: format.number(level.available) })}
              </Typography.Text>
            )}
          </Flex>
        </Flex>
      ),
    }
  })

  return (
    <Flex vertical gap={4}>
      <AutoComplete
        value={typed}
        options={options}
        defaultActiveFirstOption={false}
        onSearch={(value) => {
          setTyped(value)
          setNotFound(null)
        }}
        onSelect={(variantId: string) => {
          pickedByList.current = true
          const variant = items.find((v) => v.variantId === variantId)
          if (variant) pick(variant)
        }}
        onKeyDown={(event) => {
          if (event.key !== 'Enter') return
          const text = (event.target as HTMLInputElement).value
          // The list handles Enter on a highlighted option in the same event; look it up only otherwise.
          window.setTimeout(() => {
            if (pickedByList.current) {
              pickedByList.current = false
              return
            }
            void lookUp(text)
          }, 0)
        }}
        notFoundContent={choices.isFetching && typed.trim() !== '' ? <Spin size="small" /> : null}
        style={{ width: '100%' }}
        popupMatchSelectWidth
      >
        <Input
          id={props.id}
          ref={props.inputRef}
          size={props.large ? 'large' : 'middle'}
          prefix={<BarcodeOutlined aria-hidden />}
          suffix={looking || (choices.isFetching && typed.trim() !== '') ? <Spin size="small" /> : <span />}
          placeholder={props.placeholder ?? t('orders.entry.searchPlaceholder')}
          autoFocus={props.autoFocus}
          autoComplete="off"
          spellCheck={false}
          style={props.large ? { fontSize: 20, height: 52 } : undefined}
        />
      </AutoComplete>
      {notFound && (
        <Typography.Text type="danger" role="status">
          {t('orders.entry.notFound', { text: notFound })}
        </Typography.Text>
      )}
    </Flex>
  )
}

// ---------------------------------------------------------------------------------------------
// Discounts

/** An amount off or a percentage, as the contract takes it (`{ kind, vnd }` or `{ kind, percent }`); empty is no discount. */
export function DiscountInput(props: { id?: string; value?: Discount | null; onChange?: (value: Discount | null) => void; label: string; size?: 'small' | 'middle' }) {
  const { t } = useTranslation()
  const [kindWhenEmpty, setKindWhenEmpty] = useState<Discount['kind']>('amount')
  const kind = props.value?.kind ?? kindWhenEmpty
  const number = props.value ? (props.value.kind === 'amount' ? props.value.vnd : props.value.percent) : null
  const emit = (nextKind: Discount['kind'], value: number | null) => {
    if (value === null || value === undefined || Number.isNaN(value)) return props.onChange?.(null)
    props.onChange?.(nextKind === 'amount' ? { kind: 'amount', vnd: value } : { kind: 'percent', percent: value })
  }
  return (
    <Space.Compact style={{ width: '100%' }}>
      {kind === 'amount' ? (
        <VndInput id={props.id} aria-label={props.label} size={props.size} value={number} onChange={(v) => emit('amount', v ?? null)} placeholder="0" />
      ) : (
        <InputNumber<number>
          id={props.id}
          aria-label={props.label}
          size={props.size}
          min={0}
          max={100}
          step={1}
          precision={2}
          suffix="%"
          value={number}
          onChange={(v) => emit('percent', v ?? null)}
          placeholder="0"
          style={{ width: '100%' }}
        />
      )}
      <Select<Discount['kind']>
        aria-label={t('orders.entry.discountKind', { label: props.label })}
        size={props.size}
        value={kind}
        onChange={(next) => {
          setKindWhenEmpty(next)
          // Switching between đồng and % changes what the number means: start again from empty.
          props.onChange?.(null)
        }}
        options={[
          { value: 'amount', label: t('orders.entry.discountAmount') },
          { value: 'percent', label: '%' },
        ]}
        style={{ width: 76, flex: 'none' }}
      />
    </Space.Compact>
  )
}

// ---------------------------------------------------------------------------------------------
// Customers

export function customerLabel(c: Pick<CustomerDto, 'name' | 'phone'>): string {
  return c.phone ? `${c.name} · ${c.phone}` : c.name
}

/** A customer chosen by name (tone marks optional) or a few digits of the phone. */
export function CustomerPicker(props: {
  id?: string
  value?: string | null
  selectedLabel?: string
  onChange?: (id: string | null, customer: CustomerDto | null) => void
  placeholder?: string
}) {
  const { t } = useTranslation()
  const [typed, setTyped] = useState('')
  const debounced = useDebouncedValue(typed, 200)
  const choices = useCustomerChoices(debounced)
  const items = choices.data?.items ?? []
  const options = items.map((c) => ({ value: c.id, label: customerLabel(c), customer: c as CustomerDto | null }))
  if (props.value && !options.some((o) => o.value === props.value)) options.unshift({ value: props.value, label: props.selectedLabel ?? '…', customer: null })

  return (
    <Select<string, (typeof options)[number]>
      id={props.id}
      value={props.value ?? undefined}
      allowClear
      placeholder={props.placeholder ?? t('orders.entry.customerPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      options={options}
      loading={choices.isFetching}
      notFoundContent={choices.isFetching ? <Spin size="small" /> : t('orders.entry.noCustomers')}
      optionRender={(option) => {
        const c = option.data.customer
        return (
          <Flex vertical>
            <span>{option.data.label}</span>
            {c && c.addresses[0] && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                {(c.addresses.find((a) => a.isDefault) ?? c.addresses[0]).text}
              </Typography.Text>
            )}
          </Flex>
        )
      }}
      onChange={(value, option) => {
        setTyped('')
        const customer = option && !Array.isArray(option) ? option.customer : null
        props.onChange?.(value ?? null, customer)
      }}
      style={{ width: '100%' }}
    />
  )
}
