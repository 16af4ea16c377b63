/**
 * The push API of docs/ntm-portal-listing.md, from the app's side: one listing document per
 * PUT, a DELETE to withdraw it, photos by key. Every answer becomes a result or a
 * ConnectorFailure the outbox knows what to do with (400/422 refused, 401/403 auth, 429/503 wait,
 * other 5xx or no answer retried with the same Idempotency-Key).
 */
import { isAxiosError, type AxiosInstance } from 'axios'
import type { PortalListingDto } from '@shared/contract/publishing'
import { ConnectorFailure, isNoConnection } from './connector'
import { parseRetryAfter } from './outbox-policy'

export interface PortalEndpoint {
  /** e.g. https://portal.example.vn/api/ocop (no trailing slash needed). */
  readonly baseUrl: string
  readonly apiKey: string
}

const TIMEOUT_MS = 20_000

function failureOf(status: number, body: unknown, retryAfter: string | undefined, nowMs: number): ConnectorFailure {
  const detail = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; message?: unknown; field?: unknown }
  const code = typeof detail.code === 'string' ? detail.code : `http_${status}`
  const message = typeof detail.message === 'string' ? detail.message : `The portal answered HTTP ${status}`
  if (status === 429 || status === 503) return new ConnectorFailure('rate_limited', message, { code, httpStatus: status, ...(parseRetryAfter(retryAfter, nowMs) !== null && { retryAfterMs: parseRetryAfter(retryAfter, nowMs)! }) })
  if (status === 401 || status === 403) return new ConnectorFailure('auth', message, { code, httpStatus: status })
  if (status === 404) return new ConnectorFailure('not_found', message, { code, httpStatus: status })
  if (status >= 500) return new ConnectorFailure('transient', message, { code, httpStatus: status })
  return new ConnectorFailure('rejected', message, { code, httpStatus: status, ...(typeof detail.field === 'string' && { field: detail.field }) })
}

export function createPortalClient(http: AxiosInstance, endpoint: PortalEndpoint) {
  const base = endpoint.baseUrl.replace(/\/+$/, '')
  async function send(method: 'PUT' | 'DELETE', path: string, idempotencyKey: string, data: unknown, contentType: string, nowMs: number): Promise<unknown> {
    try {
      const response = await http.request({
        method,
        url: `${base}${path}`,
        data,
        headers: { Authorization: `Bearer ${endpoint.apiKey}`, 'Idempotency-Key': idempotencyKey, 'Content-Type': contentType },
        timeout: TIMEOUT_MS,
        validateStatus: () => true,
        maxRedirects: 0,
      })
      if (response.status >= 200 && response.status < 300) return response.data as unknown
      // Withdrawing what is already gone is done.
      if (method === 'DELETE' && response.status === 404) return null
      throw failureOf(response.status, response.data, response.headers['retry-after'] as string | undefined, nowMs)
    } catch (error) {
      if (error instanceof ConnectorFailure) throw error
      // No connection was ever made: the portal cannot have seen the call, so the job waits for
      // the network without spending its attempts.
      const offline = isAxiosError(error) && isNoConnection(error.code)
      throw new ConnectorFailure('transient', error instanceof Error ? error.message : String(error), { code: isAxiosError(error) ? (error.code ?? 'network') : 'network', offline })
    }
  }
  return {
    /** Upserts one listing; the answer may carry the listing's public page. */
    async putListing(doc: PortalListingDto, idempotencyKey: string, nowMs: number): Promise<{ url: string | null }> {
      const body = await send('PUT', `/listings/${encodeURIComponent(doc.listingId)}`, idempotencyKey, doc, 'application/json', nowMs)
      const url = typeof body === 'object' && body !== null && typeof (body as { url?: unknown }).url === 'string' ? (body as { url: string }).url : null
      return { url }
    },
    async deleteListing(listingId: string, idempotencyKey: string, nowMs: number): Promise<void> {
      await send('DELETE', `/listings/${encodeURIComponent(listingId)}`, idempotencyKey, undefined, 'application/json', nowMs)
    },
    async putImage(key: string, bytes: Buffer, idempotencyKey: string, nowMs: number): Promise<void> {
      await send('PUT', `/images/${encodeURIComponent(key)}`, idempotencyKey, bytes, 'image/jpeg', nowMs)
    },
  }
}
