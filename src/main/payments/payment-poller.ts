/**
 * Drives the payments service's durable poll queue (`payment_intent.next_poll_at`): wakes up
 * every few seconds and asks VNPay about whatever is due. The schedule lives in the database, so
 * a restart simply resumes where the last run stopped.
 */
import { startBackgroundLoop, type BackgroundLoop } from '../background-loop'
import type { Logger } from '../logger'

export type PaymentPoller = BackgroundLoop

export function startPaymentPoller(payments: { pollDue(): Promise<number> }, logger: Logger, everyMs = 5_000): PaymentPoller {
  return startBackgroundLoop('payments: polling', () => payments.pollDue(), logger, everyMs)
}
