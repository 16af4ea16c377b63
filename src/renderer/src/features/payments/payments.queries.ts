import { useMutation, useQuery, useQueryClient, type Query } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { OrderDto } from '@shared/contract/orders'
import type { CreateIntentInput, OrderPaymentsDto, PaymentIntentDto, RefundInput, UpdateVnpayConfigInput } from '@shared/contract/payments'
import type { CANCELLATION_REASONS } from '@shared/domain/payment-state'
import { call } from '../../api/client'
import { orderKeys } from '../orders/orders.queries'

export const paymentKeys = {
  all: ['payments'] as const,
  order: (orderId: string) => ['payments', 'order', orderId] as const,
  events: (orderId: string) => ['payments', 'events', orderId] as const,
  settings: ['payments', 'settings'] as const,
}

/** How often an order's payments are asked again while one of them can still change by itself. */
export const OPEN_PAYMENT_POLL_MS = 3_000

/**
 * A VNPay page, a VietQR transfer or a COD parcel settles outside this screen (the customer's
 * browser, the poller, a statement import on the other PC): while one is open, ask again.
 */
export function hasOpenIntent(payments: OrderPaymentsDto | undefined): boolean {
  return payments?.intents.some((i) => i.status === 'requires_action' || i.status === 'processing') ?? false
}

export function useOrderPayments(orderId: string) {
  return useQuery({
    queryKey: paymentKeys.order(orderId),
    queryFn: () => call('payments.orderPayments', { orderId }),
    refetchInterval: (query: Query<OrderPaymentsDto, Error, OrderPaymentsDto, readonly unknown[]>) => (hasOpenIntent(query.state.data) ? OPEN_PAYMENT_POLL_MS : false),
    // The customer pays on another tab: keep asking while this one is in the background.
    refetchIntervalInBackground: true,
  })
}

export function usePaymentEvents(orderId: string, enabled: boolean, refetchInterval: number | false) {
  return useQuery({
    queryKey: paymentKeys.events(orderId),
    queryFn: () => call('payments.listEvents', { orderId, limit: 200 }),
    enabled,
    refetchInterval,
  })
}

export function usePaymentSettings() {
  return useQuery({ queryKey: paymentKeys.settings, queryFn: () => call('payments.getSettings') })
}

/**
 * The order's page shows its payment status in the header: when the money changes, the cached
 * order takes the new sums (payments never change the order's version), and lists ask again.
 */
export function useSyncOrderMoney() {
  const queryClient = useQueryClient()
  return useCallback(async (money: Pick<OrderPaymentsDto, 'orderId' | 'paymentStatus' | 'paidVnd' | 'refundedVnd'>) => {
    const cached = queryClient.getQueryData<OrderDto>(orderKeys.detail(money.orderId))
    if (cached && cached.paymentStatus === money.paymentStatus && cached.paidVnd === money.paidVnd && cached.refundedVnd === money.refundedVnd) return
    if (cached) {
      queryClient.setQueryData<OrderDto>(orderKeys.detail(money.orderId), { ...cached, paymentStatus: money.paymentStatus, paidVnd: money.paidVnd, refundedVnd: money.refundedVnd })
    }
    await queryClient.invalidateQueries({ queryKey: orderKeys.all, predicate: (q) => q.queryKey[1] !== 'detail' })
  }, [queryClient])
}

/** After any change to an intent: the order's payments and its history are asked again. */
function useIntentSaved() {
  const queryClient = useQueryClient()
  return async (intent: PaymentIntentDto) => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: paymentKeys.order(intent.orderId) }),
      queryClient.invalidateQueries({ queryKey: paymentKeys.events(intent.orderId) }),
    ])
  }
}

export function useCreateIntent() {
  const saved = useIntentSaved()
  return useMutation({ mutationFn: (input: CreateIntentInput) => call('payments.createIntent', input), onSuccess: saved })
}

export function useConfirmReceived() {
  const saved = useIntentSaved()
  return useMutation({ mutationFn: (input: { id: string; note: string }) => call('payments.confirmReceived', input), onSuccess: saved })
}

type CancelReason = Exclude<(typeof CANCELLATION_REASONS)[number], 'expired'>

export function useCancelIntent() {
  const saved = useIntentSaved()
  return useMutation({ mutationFn: (input: { id: string; reason?: CancelReason }) => call('payments.cancelIntent', input), onSuccess: saved })
}

export function useRefreshIntent() {
  const saved = useIntentSaved()
  return useMutation({ mutationFn: (id: string) => call('payments.refreshIntent', { id }), onSuccess: saved })
}

export function useRefund() {
  const saved = useIntentSaved()
  return useMutation({ mutationFn: (input: RefundInput) => call('payments.refund', input), onSuccess: saved })
}

export function useOpenCheckout() {
  return useMutation({ mutationFn: (id: string) => call('payments.openCheckout', { id }) })
}

export function useUpdateVnpayConfig() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: UpdateVnpayConfigInput) => call('payments.updateVnpayConfig', input),
    onSuccess: (settings) => queryClient.setQueryData(paymentKeys.settings, settings),
  })
}

/**
 * An idempotency key for one attempt (Stripe's advice: a UUID). `crypto.randomUUID` exists only
 * in secure contexts, and browser mode may be opened over plain HTTP from another machine of
 * the co-op's network; `getRandomValues` works everywhere.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
