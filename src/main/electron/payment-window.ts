/**
 * The window VNPay's payment page opens in (the desktop flow of reference section 6). It shows
 * pages we do not control, so it gets less than the app's own windows: no preload (no bridge
 * to our contract), its own in-memory session (no cookies shared with the app), sandboxed. It
 * may go wherever a card payment goes — VNPay, then a bank's https pages for OTP — and back to
 * our loopback return route; nothing else, no new windows, no webviews.
 */
import type { WebPreferences } from 'electron'
import { originOf } from './app-origin'
import { secureWebPreferences } from './web-preferences'

/** An in-memory partition: the payment window keeps nothing after the app quits. */
export const PAYMENT_PARTITION = 'vnpay-checkout'

export function paymentWindowPreferences(): WebPreferences {
  // The app windows' hardening, without their preload, in a session of its own.
  const { preload: _none, ...hardened } = secureWebPreferences({ preloadPath: '', allowDevTools: false })
  return { ...hardened, partition: PAYMENT_PARTITION }
}

export type PaymentNavigationVerdict = 'allow' | 'return' | 'refuse'

/**
 * Where the payment window may go. `returnBase` is the loopback server's base URL
 * (http://127.0.0.1:<port>): only its /vnpay/return page counts as coming back; any other
 * plain-http address, or any scheme but https, is refused.
 */
export function judgePaymentNavigation(rawUrl: unknown, returnBase: string): PaymentNavigationVerdict {
  const origin = originOf(rawUrl)
  if (origin === null) return 'refuse'
  const url = new URL(rawUrl as string)
  if (origin === originOf(returnBase)) return url.pathname === '/vnpay/return' ? 'return' : 'refuse'
  return url.protocol === 'https:' ? 'allow' : 'refuse'
}

/** The subset of `WebContents` the payment guard touches, so tests can pass a small fake. */
export interface PaymentContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', listener: (event: { url: string; preventDefault(): void }) => void): unknown
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

/** Applies `judgePaymentNavigation` to every way the page could leave. */
export function guardPaymentContents(contents: PaymentContents, returnBase: () => string | null, warn: (message: string) => void): void {
  const check = (kind: string) => (event: { url: string; preventDefault(): void }) => {
    const base = returnBase()
    if (base !== null && judgePaymentNavigation(event.url, base) !== 'refuse') return
    event.preventDefault()
    warn(`payment window: ${kind} refused: ${JSON.stringify(String(event.url).slice(0, 200))}`)
  }
  contents.on('will-navigate', check('navigation'))
  contents.on('will-redirect', check('redirect'))
  contents.on('will-frame-navigate', check('frame navigation'))
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}
