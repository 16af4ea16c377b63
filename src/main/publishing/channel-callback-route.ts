/**
 * GET /channels/callback: where a marketplace sends the seller's browser after they approved
 * (or refused) the app. No token is asked (the marketplace cannot send one); the single-use
 * `state` is the check. Answers with a small self-contained page in Vietnamese (English beneath).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { escapeHtml } from '../traceability/trace-page'
import { CHANNEL_CALLBACK_PATH, type ChannelCallbackResult } from './channel-auth'

export interface ChannelCallbackHandler {
  handleCallback(query: URLSearchParams): Promise<ChannelCallbackResult>
}

export async function serveChannelCallback(req: IncomingMessage, res: ServerResponse, url: URL, handler: ChannelCallbackHandler, onError: (error: unknown) => void): Promise<boolean> {
  if (url.pathname !== CHANNEL_CALLBACK_PATH) return false
  if (req.method !== 'GET') {
    res.writeHead(405, { Allow: 'GET', 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('Use GET')
    return true
  }
  const result = await handler.handleCallback(url.searchParams).catch((error: unknown) => {
    onError(error)
    return null
  })
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  })
  res.end(page(result))
  return true
}

const WHY: Readonly<Record<string, { vi: string; en: string }>> = {
  unknown_state: { vi: 'Liên kết này không do ứng dụng tạo ra, hoặc đã được dùng.', en: 'This link was not made by the app, or was already used.' },
  expired_state: { vi: 'Liên kết đã quá 10 phút. Hãy bấm “Kết nối cửa hàng” lại.', en: 'The link is more than 10 minutes old. Press “Connect shop” again.' },
  refused: { vi: 'Cửa hàng chưa đồng ý cho ứng dụng quản lý.', en: 'The shop did not let the app manage it.' },
  exchange_failed: { vi: 'Sàn không đổi được mã xác nhận lấy quyền truy cập.', en: 'The marketplace would not exchange the code for access.' },
}

function page(result: ChannelCallbackResult | null): string {
  const ok = result?.ok === true
  const head = ok ? { vi: 'Đã kết nối cửa hàng', en: 'Shop connected' } : { vi: 'Chưa kết nối được cửa hàng', en: 'The shop could not be connected' }
  const why = result?.reason ? WHY[result.reason] : undefined
  const detail = ok ? `<p data-testid="channel-shop">${escapeHtml(result.accountName ?? '')} · ${escapeHtml(result.shopId ?? '')}</p>` : why ? `<p>${escapeHtml(why.vi)}</p><p class="en">${escapeHtml(why.en)}</p>` : ''
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(head.vi)}</title>
<style>body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f5f5;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
main{background:#fff;border-radius:8px;padding:32px 40px;max-width:480px;box-shadow:0 1px 4px rgba(0,0,0,.12)}h1{color:${ok ? '#237804' : '#a8071a'};font-size:22px;margin:0 0 4px}.en{color:#8c8c8c}</style></head>
<body><main data-testid="channel-result" data-ok="${ok}"><h1>${escapeHtml(head.vi)}</h1><p class="en">${escapeHtml(head.en)}</p>${detail}
<p>Bạn có thể đóng thẻ này và quay lại ứng dụng Gian hàng số OCOP.</p><p class="en">You can close this tab and return to OCOP Storefront.</p></main></body></html>`
}
