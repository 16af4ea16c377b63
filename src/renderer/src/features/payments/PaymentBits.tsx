/**
 * Pieces the payment screens share: status tags, method names and icons, and the words for
 * what the backend and VNPay say (error reasons, VNPay codes, event log entries).
 */
import { Tag } from 'antd'
import { BankOutlined, CarOutlined, CreditCardOutlined, WalletOutlined } from '@ant-design/icons'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { PaymentIntentDto, RefundDto } from '@shared/contract/payments'
import type { PaymentIntentStatus, PaymentMethod } from '@shared/domain/payment-state'
import { formatVnd } from '@shared/domain/money'
import { payResponseMessage, queryDrResponseMessage, refundResponseMessage, transactionStatusMessage, type VnpayMessage } from '@shared/domain/vnpay-codes'
import { ApiError, issuesOf, reasonOf } from '../../api/errors'
import { currentLanguage, hasText, translateDynamic } from '../../i18n'
import { orderErrorText, orderIssueText } from '../orders/OrderBits'

// ---------------------------------------------------------------------------------------------
// Tags and names

const INTENT_COLOR: Record<PaymentIntentStatus, string> = {
  requires_action: 'gold',
  processing: 'blue',
  succeeded: 'green',
  canceled: 'default',
  failed: 'red',
  expired: 'default',
}

export function IntentStatusTag({ intent }: { intent: Pick<PaymentIntentDto, 'status' | 'method'> }) {
  const { t } = useTranslation()
  return (
    <Tag color={INTENT_COLOR[intent.status]} style={{ marginInlineEnd: 0 }}>
      {t(`payments.intentStatus.${intent.status}`)}
    </Tag>
  )
}

const REFUND_COLOR: Record<RefundDto['status'], string> = { pending: 'gold', succeeded: 'purple', failed: 'red' }

export function RefundStatusTag({ status }: { status: RefundDto['status'] }) {
  const { t } = useTranslation()
  return (
    <Tag color={REFUND_COLOR[status]} style={{ marginInlineEnd: 0 }}>
      {t(`payments.refundStatus.${status}`)}
    </Tag>
  )
}

/** Decoration next to the method's name: hidden from screen readers, which read the name. */
export const METHOD_ICONS: Record<PaymentMethod, ReactNode> = {
  cash: <WalletOutlined aria-hidden />,
  vietqr: <BankOutlined aria-hidden />,
  vnpay: <CreditCardOutlined aria-hidden />,
  cod: <CarOutlined aria-hidden />,
}

/** The intent's status in words, where a COD parcel's "processing" reads as waiting for the carrier. */
export function intentStatusText(intent: Pick<PaymentIntentDto, 'status' | 'method'>): string {
  if (intent.method === 'cod' && intent.status === 'processing') return translateDynamic('payments.codProcessing')
  return translateDynamic(`payments.intentStatus.${intent.status}`)
}

// ---------------------------------------------------------------------------------------------
// VNPay codes: the shared tables hold both languages

export function inLanguage(message: VnpayMessage): string {
  return currentLanguage() === 'en' ? message.en : message.vi
}

/** What VNPay's last code on an intent means (a declined card, the customer cancelling…). */
export function vnpayPayText(code: string): string {
  return inLanguage(payResponseMessage(code))
}

/** A refund's failure code (`vnpay_94`, `provider_unreachable`…) in words: the same words as the history's. */
export function refundFailureText(code: string | null): string {
  return code ? eventReasonText(code) : translateDynamic('payments.refundStatus.failed')
}

// ---------------------------------------------------------------------------------------------
// The event log

/** An event type (`vnpay.return`) in words; a type this screen does not know shows as it is. */
export function eventTypeText(type: string): string {
  // Known types are `group.name`: anything shorter would name a whole group of the catalogue.
  const key = `payments.history.types.${type}`
  return /^\w+\.\w+$/.test(type) && hasText(key) ? translateDynamic(key) : type
}

export function eventSourceText(source: string): string {
  const key = `payments.history.sources.${source}`
  return hasText(key) ? translateDynamic(key) : source
}

/** Why an event was rejected or changed nothing; VNPay codes (`querydr_91`, `vnpay_94`) read as VNPay's words. */
export function eventReasonText(reason: string): string {
  const querydr = /^querydr_(\w+)$/.exec(reason)
  if (querydr) return translateDynamic('payments.history.reasons.querydr', { message: inLanguage(queryDrResponseMessage(querydr[1])), code: querydr[1] })
  if (reason === 'vnpay_refund_rejected') return translateDynamic('payments.history.reasons.vnpay_refund_rejected')
  const refund = /^vnpay_(\d+|unknown)$/.exec(reason)
  if (refund) return translateDynamic('payments.history.reasons.vnpayCode', { message: inLanguage(refundResponseMessage(refund[1])), code: refund[1] })
  // A reason this screen has no words for shows as it is, for support to look up, rather than vanish.
  const key = `payments.history.reasons.${reason}`
  return hasText(key) ? translateDynamic(key) : reason
}

/** Who did it: the customer's browser, VNPay, the poller, or a person (named as the app knows them). */
export function paymentActorText(actor: string): string {
  const own = `payments.history.actors.${actor}`
  if (hasText(own)) return translateDynamic(own)
  const order = `orders.detail.actors.${actor}`
  return hasText(order) ? translateDynamic(order) : actor
}

// ---------------------------------------------------------------------------------------------
// Errors

type Params = Record<string, string | number>

function detailsOf(error: unknown): Record<string, unknown> {
  return error instanceof ApiError && typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {}
}

/** Parameters of a reason in words: amounts as money, statuses as the right kind of status. */
function wordParams(reason: string, params: Readonly<Record<string, unknown>>): Params {
  const language = currentLanguage()
  const out: Params = {}
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'number') out[key] = key === 'limit' ? value : formatVnd(value, language)
    else if (typeof value === 'string') out[key] = value
  }
  const status = params['status']
  if (typeof status === 'string') {
    // An order's status for order_not_payable; an intent's everywhere else.
    out['status'] = reason === 'order_not_payable' ? translateDynamic(`orders.status.${status}`) : translateDynamic(`payments.intentStatus.${status}`)
  }
  if (reason === 'provider_refused') {
    const code = typeof params['providerCode'] === 'string' ? params['providerCode'] : ''
    out['code'] = code
    out['message'] = inLanguage(code === '09' ? transactionStatusMessage(code) : refundResponseMessage(code))
  }
  return out
}

/** A field issue of a payment operation in words, or null when the payment screens have none for it. */
export function paymentIssueText(issue: { readonly code: string; readonly params?: Readonly<Record<string, string | number>> | undefined }): string | null {
  const key = `payments.errors.${issue.code}`
  return hasText(key) ? translateDynamic(key, wordParams(issue.code, issue.params ?? {})) : null
}

/** One sentence for an alert or a toast: the payment screens' own reasons first, then the orders' and the app's. */
export function paymentErrorText(error: unknown): string {
  const reason = reasonOf(error)
  if (reason && hasText(`payments.errors.${reason}`)) return translateDynamic(`payments.errors.${reason}`, wordParams(reason, detailsOf(error)))
  for (const issue of issuesOf(error)) {
    const text = paymentIssueText(issue)
    if (text) return text
  }
  return orderErrorText(error)
}

/** The issues of a payment call that belong on one of the form's `fields`, keyed by the field's name. */
export function paymentFieldErrors(error: unknown, fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of issuesOf(error)) {
    const [field] = issue.path
    if (typeof field === 'string' && fields.includes(field) && !out[field]) out[field] = paymentIssueText(issue) ?? orderIssueText(issue)
  }
  return out
}
