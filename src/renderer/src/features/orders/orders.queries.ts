import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'
import type { ProductDto } from '@shared/contract/dto'
import {
  ORDER_STATUS_VALUES,
  type CounterSaleInput,
  type CreateOrderInput,
  type ListOrdersInput,
  type OrderActionInput,
  type OrderChannel,
  type OrderDto,
  type OrderStatusValue,
  type ReturnOrderInput,
  type UpdateOrderInput,
} from '@shared/contract/orders'
import { addDays } from '@shared/domain/calendar'
import { call } from '../../api/client'
import { productKeys } from '../catalog/catalog.queries'
import { customerKeys } from '../customers/customers.queries'

export const orderKeys = {
  all: ['orders'] as const,
  list: (filters: OrderFilters, page: OrderPage) => ['orders', 'list', filters, page] as const,
  count: (filters: OrderFilters, status: OrderStatusValue | null) => ['orders', 'count', filters, status] as const,
  detail: (id: string) => ['orders', 'detail', id] as const,
  variantChoices: (query: string) => ['orders', 'variantChoices', query] as const,
}

/** Stock screens share the `stock` prefix: anything that moves goods invalidates all of it. */
export const stockKeys = {
  all: ['stock'] as const,
  levels: (variantIds: readonly string[]) => ['stock', 'levels', [...variantIds].sort()] as const,
}

// ---------------------------------------------------------------------------------------------
// The list's filters

export interface OrderFilters {
  readonly query: string
  readonly status: OrderStatusValue | null
  readonly channel: OrderChannel | null
  /** Vietnam calendar days 'YYYY-MM-DD', both or neither. */
  readonly fromDate: string | null
  readonly toDate: string | null
}

export interface OrderPage {
  readonly page: number
  readonly pageSize: number
}

export const DEFAULT_ORDER_FILTERS: OrderFilters = { query: '', status: null, channel: null, fromDate: null, toDate: null }

/** Kept outside the screen, so opening an order and coming back finds the list as it was left. */
let currentFilters: OrderFilters = DEFAULT_ORDER_FILTERS
const listeners = new Set<() => void>()

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function setOrderFilters(change: Partial<OrderFilters>): void {
  currentFilters = { ...currentFilters, ...change }
  for (const listener of listeners) listener()
}

export function useOrderFilters(): OrderFilters {
  return useSyncExternalStore(subscribe, () => currentFilters)
}

/**
 * The UTC instant a Vietnam day starts at. Orders are stored with UTC times; the shop's "today"
 * starts at 00:00 in Hà Nội (UTC+7, no daylight saving), whatever the computer's zone is.
 */
export function vietnamDayStart(date: string): string {
  return new Date(`${date}T00:00:00+07:00`).toISOString()
}

export function listInput(filters: OrderFilters, status: OrderStatusValue | null = filters.status): Omit<ListOrdersInput, 'limit' | 'offset'> {
  return {
    query: filters.query.trim(),
    ...(status && { status }),
    ...(filters.channel && { channel: filters.channel }),
    ...(filters.fromDate && { from: vietnamDayStart(filters.fromDate) }),
    // `to` is exclusive: the start of the day after the last one chosen.
    ...(filters.toDate && { to: vietnamDayStart(addDays(filters.toDate, 1)) }),
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

export function useOrderList(filters: OrderFilters, page: OrderPage) {
  return useQuery({
    queryKey: orderKeys.list(filters, page),
    queryFn: () => call('orders.listOrders', { ...listInput(filters), limit: page.pageSize, offset: (page.page - 1) * page.pageSize }),
    placeholderData: keepPreviousData,
  })
}

/**
 * How many orders each status tab holds under the other filters: one count per status, each
 * a single indexed COUNT on the local database (limit 1 keeps the rows out of the answer).
 */
export function useOrderStatusCounts(filters: OrderFilters): ReadonlyMap<OrderStatusValue | null, number> {
  const statuses: (OrderStatusValue | null)[] = [null, ...ORDER_STATUS_VALUES]
  const results = useQueries({
    queries: statuses.map((status) => ({
      queryKey: orderKeys.count({ ...filters, status: null }, status),
      queryFn: () => call('orders.listOrders', { ...listInput(filters, status), limit: 1 }),
      placeholderData: keepPreviousData,
    })),
  })
  const counts = new Map<OrderStatusValue | null, number>()
  statuses.forEach((status, i) => {
    const total = results[i]?.data?.total
    if (total !== undefined) counts.set(status, total)
  })
  return counts
}

export function useOrder(id: string) {
  return useQuery({ queryKey: orderKeys.detail(id), queryFn: () => call('orders.getOrder', { id }) })
}

/** Orders of one customer, newest first, for the customer's page. */
export function useCustomerOrders(customerId: string | undefined) {
  return useQuery({
    queryKey: ['orders', 'ofCustomer', customerId] as const,
    queryFn: () => call('orders.listOrders', { customerId: customerId!, limit: 10 }),
    enabled: !!customerId,
  })
}

/** Available stock (on hand minus what confirmed orders hold) of the variants on a screen. */
export function useStockLevels(variantIds: readonly string[]) {
  const unique = [...new Set(variantIds)]
  return useQuery({
    queryKey: stockKeys.levels(unique),
    queryFn: () => call('stock.listStock', { variantIds: unique, limit: 500 }),
    enabled: unique.length > 0,
    placeholderData: keepPreviousData,
    select: (page) => new Map(page.items.map((level) => [level.variantId, level])),
  })
}

// ---------------------------------------------------------------------------------------------
// Finding a variant to sell

/** One sellable variant, with what an order line snapshots from it. */
export interface VariantChoice {
  readonly variantId: string
  readonly productId: string
  readonly productName: string
  readonly variantLabel: string | null
  readonly sku: string
  readonly barcode: string | null
  readonly unit: string
  readonly priceVnd: number
}

function choicesOf(product: ProductDto): VariantChoice[] {
  return product.variants.map((v) => ({
    variantId: v.id,
    productId: product.id,
    productName: product.name,
    variantLabel: v.optionLabel,
    sku: v.sku,
    barcode: v.barcode,
    unit: v.unit,
    priceVnd: v.priceVnd,
  }))
}

function productDetail(queryClient: QueryClient, id: string): Promise<ProductDto> {
  return queryClient.fetchQuery({ queryKey: productKeys.detail(id), queryFn: () => call('catalog.getProduct', { id }), staleTime: 30_000 })
}

/**
 * Variants matching what is typed: the catalogue search ranks products (an exact SKU or barcode
 * first), and each product found is opened for its variants, shared with the catalogue's cache.
 */
async function loadVariantChoices(queryClient: QueryClient, text: string): Promise<VariantChoice[]> {
  const page = await call('catalog.searchProducts', { query: text, status: 'live', limit: 8 })
  const products = await Promise.all(page.items.map((p) => productDetail(queryClient, p.id)))
  return products.flatMap(choicesOf)
}

/** The same answer as `useVariantChoices`, asked now (or taken from the cache). */
export function fetchVariantChoices(queryClient: QueryClient, query: string): Promise<VariantChoice[]> {
  const text = query.trim()
  return queryClient.fetchQuery({ queryKey: orderKeys.variantChoices(text), queryFn: () => loadVariantChoices(queryClient, text), staleTime: 10_000 })
}

export function useVariantChoices(query: string) {
  const queryClient = useQueryClient()
  const text = query.trim()
  return useQuery({
    queryKey: orderKeys.variantChoices(text),
    queryFn: () => loadVariantChoices(queryClient, text),
    enabled: text !== '',
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  })
}

/**
 * The variant whose SKU (any case) or barcode is exactly `code`, or null. This is what a barcode
 * scanner's "code + Enter" means; it asks the server at once rather than waiting for the
 * debounced list, because a scanner types faster than any debounce.
 */
export async function findExactVariant(queryClient: QueryClient, code: string): Promise<VariantChoice | null> {
  const text = code.trim()
  if (text === '') return null
  const page = await call('catalog.searchProducts', { query: text, status: 'live', limit: 3 })
  for (const item of page.items) {
    if (item.matchedBy !== 'sku' && item.matchedBy !== 'barcode') continue
    const product = await productDetail(queryClient, item.id)
    const hit = choicesOf(product).find((v) => v.sku.toUpperCase() === text.toUpperCase() || v.barcode === text)
    if (hit) return hit
  }
  return null
}

// ---------------------------------------------------------------------------------------------
// Writing

/** After any change to an order: its page, every list and count, stock, and the customer's order count. */
function useOrderSaved() {
  const queryClient = useQueryClient()
  return async (order: OrderDto) => {
    queryClient.setQueryData(orderKeys.detail(order.id), order)
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: orderKeys.all, predicate: (q) => q.queryKey[1] !== 'detail' || q.queryKey[2] !== order.id }),
      queryClient.invalidateQueries({ queryKey: stockKeys.all }),
      queryClient.invalidateQueries({ queryKey: customerKeys.all }),
    ])
  }
}

export function useCreateOrder() {
  const saved = useOrderSaved()
  return useMutation({ mutationFn: (input: CreateOrderInput) => call('orders.createOrder', input), onSuccess: saved })
}

export function useUpdateOrder() {
  const saved = useOrderSaved()
  return useMutation({ mutationFn: (input: UpdateOrderInput) => call('orders.updateOrder', input), onSuccess: saved })
}

export function useTransitionOrder() {
  const saved = useOrderSaved()
  return useMutation({ mutationFn: (input: OrderActionInput) => call('orders.transitionOrder', input), onSuccess: saved })
}

export function useReturnOrder() {
  const saved = useOrderSaved()
  return useMutation({ mutationFn: (input: ReturnOrderInput) => call('orders.returnOrder', input), onSuccess: saved })
}

export function useCounterSale() {
  const saved = useOrderSaved()
  return useMutation({
    mutationFn: (input: CounterSaleInput) => call('orders.counterSale', input),
    onSuccess: (sale) => saved(sale.order),
  })
}

export function useOrderDocument() {
  return useMutation({
    mutationFn: (input: { id: string; kind: 'receipt' | 'delivery_note'; format: 'roll80' | 'a5' }) => call('orders.renderDocument', input),
  })
}
