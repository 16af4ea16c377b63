/**
 * Drives the payments service's durable poll queue (`payment_intent.next_poll_at`): wakes up
 * every few seconds, asks VNPay about whatever is due, and never runs two rounds at once. The
 * schedule lives in the database, so a restart simply resumes where the last run stopped.
 */
import type { Logger } from '../logger'

export interface PaymentPoller {
  stop(): Promise<void>
}

export function startPaymentPoller(payments: { pollDue(): Promise<number> }, logger: Logger, everyMs = 5_000): PaymentPoller {
  let running: Promise<unknown> | null = null
  const timer = setInterval(() => {
    if (running) return
    running = payments
      .pollDue()
      .catch((error: unknown) => logger.error('payments: polling round failed', error))
      .finally(() => {
        running = null
      })
  }, everyMs)
  // The poller alone never keeps the process alive.
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
