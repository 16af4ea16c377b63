/**
 * A task the main process repeats in the background (VNPay polling, the publishing outbox):
 * every few seconds, never two rounds at once, never keeping the process alive on its own, and
 * stopped by waiting for the round under way. A failed round is logged; the next one still runs.
 */
import type { Logger } from './logger'

export interface BackgroundLoop {
  stop(): Promise<void>
}

export function startBackgroundLoop(name: string, round: () => Promise<unknown>, logger: Logger, everyMs: number): BackgroundLoop {
  let running: Promise<unknown> | null = null
  const timer = setInterval(() => {
    if (running) return
    running = round()
      .catch((error: unknown) => logger.error(`${name}: round failed`, error))
      .finally(() => {
        running = null
      })
  }, everyMs)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}
