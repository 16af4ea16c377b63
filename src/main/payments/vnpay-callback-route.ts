/**
 * VNPay's two ways back to us, over plain HTTP on the loopback address:
 *   GET /vnpay/return?vnp_…  the customer's browser, redirected by VNPay → a small result page
 *   GET /vnpay/ipn?vnp_…     VNPay's server (or a commune hub relaying it) → {"RspCode","Message"}
 * No token is asked: VNPay cannot send one. The signature is the authentication; everything
 * else is decided by the payments service, which logs every call whatever its outcome.
 * The browser-mode server mounts this, and the desktop shell runs it on its own loopback port.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { formatVnd } from '@shared/domain/money'
import { payResponseMessage } from '@shared/domain/vnpay-codes'
import type { CallbackResult } from './payments.service'

export interface VnpayCallbackHandler {
  handle(kind: 'return' | 'ipn', query: URLSearchParams): Promise<CallbackResult>
}

export const VNPAY_RETURN_PATH = '/vnpay/return'
export const VNPAY_IPN_PATH = '/vnpay/ipn'

export function isVnpayCallbackPath(path: string): boolean {
  return path === VNPAY_RETURN_PATH || path === VNPAY_IPN_PATH
}

/** Answers a callback; `false` when the request is not one (so the caller routes it on). */
export async function serveVnpayCallback(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  handler: VnpayCallbackHandler,
  onError: (error: unknown) => void,
): Promise<boolean> {
  if (!isVnpayCallbackPath(url.pathname)) return false
  if (req.method !== 'GET') {
    res.writeHead(405, { Allow: 'GET', 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('Use GET')
    return true
  }
  const kind = url.pathname === VNPAY_IPN_PATH ? 'ipn' : 'return'
  // An unexpected failure is answered (99 to an IPN, "could not confirm" to a person), never left hanging.
  const result: CallbackResult | null = await handler.handle(kind, url.searchParams).catch((error: unknown) => {
    onError(error)
    return null
  })
  if (kind === 'ipn') {
    // 99 makes VNPay try again later (reference 1.4), which is what an unexpected failure needs.
    const body = JSON.stringify(result?.reply ?? { RspCode: '99', Message: 'Unknown error' })
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
    res.end(body)
    return true
  }
  const html = returnPage(result)
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  })
  res.end(html)
  return true
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

interface PageText {
  readonly tone: 'ok' | 'wait' | 'bad'
  readonly vi: string
  readonly en: string
}

function headline(result: CallbackResult | null): PageText {
  if (!result || result.outcome === 'rejected' || !result.intent) {
    return { tone: 'bad', vi: 'Không xác nhận được kết quả thanh toán', en: 'The payment result could not be confirmed' }
  }
  switch (result.intent.status) {
    case 'succeeded':
      return { tone: 'ok', vi: 'Thanh toán thành công', en: 'Payment received' }
    case 'processing':
    case 'requires_action':
      return { tone: 'wait', vi: 'Đang chờ VNPay xác nhận', en: 'Waiting for VNPay to confirm' }
    case 'canceled':
      return { tone: 'bad', vi: 'Giao dịch đã bị hủy', en: 'The payment was cancelled' }
    case 'expired':
      return { tone: 'bad', vi: 'Đã hết thời gian thanh toán', en: 'The payment window has closed' }
    case 'failed':
      return { tone: 'bad', vi: 'Thanh toán không thành công', en: 'The payment did not go through' }
  }
}

/** A self-contained page in Vietnamese (English beneath): what happened, and to go back to the app. */
export function returnPage(result: CallbackResult | null): string {
  const head = headline(result)
  const detail = result?.outcome === 'rejected' ? null : result?.responseCode && result.responseCode !== '00' ? payResponseMessage(result.responseCode) : null
  const intent = result?.intent
  const colour = head.tone === 'ok' ? '#237804' : head.tone === 'wait' ? '#ad6800' : '#a8071a'
  const rows = intent
    ? `<dl><dt>Đơn hàng / Order</dt><dd data-testid="order-number">${escapeHtml(intent.orderNumber)}</dd><dt>Số tiền / Amount</dt><dd>${escapeHtml(formatVnd(intent.amountVnd))}</dd></dl>`
    : ''
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(head.vi)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f5f5;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;border-radius:8px;padding:32px 40px;max-width:480px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
h1{color:${colour};font-size:22px;margin:0 0 4px}
.en{color:#8c8c8c;margin:0 0 16px}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 16px;margin:16px 0}
dt{color:#595959}dd{margin:0;font-weight:600}
</style></head>
<body><main data-testid="vnpay-result" data-status="${escapeHtml(intent?.status ?? 'unknown')}">
<h1>${escapeHtml(head.vi)}</h1><p class="en">${escapeHtml(head.en)}</p>
${detail ? `<p>${escapeHtml(detail.vi)}</p><p class="en">${escapeHtml(detail.en)}</p>` : ''}
${rows}
<p>Bạn có thể đóng thẻ này và quay lại ứng dụng Gian hàng số OCOP.</p>
<p class="en">You can close this tab and return to OCOP Storefront.</p>
</main></body></html>`
}
