/**
 * The one HTTP call of VNPay's merchant web API: POST a signed JSON body (querydr or refund) to
 * `…/merchant_webapi/api/transaction` (section 2 of shared/reference/payments.md) and hand back
 * the parsed JSON untouched. Checking the response checksum and reading the codes is
 * ./protocol.ts's job; deciding what they mean is the service's.
 *
 * Every way of not getting a usable answer becomes `VnpayUnreachable`, so the caller has one
 * thing to catch and can schedule a retry. For a refund, "unreachable" does not mean "not
 * done": a timeout may hide a refund VNPay accepted, so the retry must be a querydr (or a refund
 * that tolerates code 94, "already being processed"), never a blind second refund.
 */
import { isAxiosError, type AxiosInstance } from 'axios'
import type { QueryDrRequest, RefundRequest } from './protocol'

export type VnpayUnreachableKind = 'timeout' | 'network' | 'http' | 'bad_body'

export class VnpayUnreachable extends Error {
  override readonly name = 'VnpayUnreachable'
  constructor(
    readonly kind: VnpayUnreachableKind,
    message: string,
    /** The HTTP status when a response arrived; null for timeouts and network errors. */
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

export interface VnpayApiResponse {
  /** The parsed JSON object as received; verify it with verifyQueryDrResponse / verifyRefundResponse. */
  readonly raw: unknown
  readonly status: number
}

export interface VnpayApi {
  queryDr(body: QueryDrRequest): Promise<VnpayApiResponse>
  refund(body: RefundRequest): Promise<VnpayApiResponse>
}

export interface VnpayApiOptions {
  /** Injected, so tests and the composition root choose proxies, agents and interceptors. */
  readonly http: AxiosInstance
  /** e.g. VNPAY_ENDPOINTS.sandbox.apiUrl. */
  readonly apiUrl: string
  /** Whole-request timeout; default 15 s. */
  readonly timeoutMs?: number
}

export const DEFAULT_VNPAY_TIMEOUT_MS = 15_000
/** A querydr or refund answer is a few hundred bytes; anything near this is not VNPay. */
const MAX_RESPONSE_BYTES = 1_000_000

export function createVnpayApi({ http, apiUrl, timeoutMs = DEFAULT_VNPAY_TIMEOUT_MS }: VnpayApiOptions): VnpayApi {
  const url = new URL(apiUrl)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new RangeError(`apiUrl is not http(s): ${apiUrl}`)
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`timeoutMs must be positive: ${timeoutMs}`)

  async function post(body: QueryDrRequest | RefundRequest): Promise<VnpayApiResponse> {
    let status: number
    let text: unknown
    // axios's `timeout` is an idle timer on the socket in Node, so a server trickling a byte at a
    // time would never trip it; the abort signal puts a deadline on the whole exchange.
    const deadline = AbortSignal.timeout(timeoutMs)
    try {
      const response = await http.post<unknown>(url.href, JSON.stringify(body), {
        timeout: timeoutMs,
        signal: deadline,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        // The body is parsed here, not by axios: its default silently hands back a string when
        // JSON.parse fails, which would let a proxy's HTML page pass for an answer.
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        // Every status is a response to classify, not an exception with a different shape.
        validateStatus: () => true,
        // A redirect from a payment API is a misconfigured URL or a captive portal, not VNPay.
        maxRedirects: 0,
        maxContentLength: MAX_RESPONSE_BYTES,
        transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
      })
      status = response.status
      text = response.data
    } catch (error) {
      if (deadline.aborted) throw new VnpayUnreachable('timeout', `VNPay did not answer within ${timeoutMs} ms`, null, { cause: error })
      throw fromAxiosError(error)
    }
    if (status < 200 || status > 299) throw new VnpayUnreachable('http', `VNPay answered HTTP ${status}`, status)
    let raw: unknown
    try {
      raw = typeof text === 'string' ? JSON.parse(text) : undefined
    } catch (error) {
      throw new VnpayUnreachable('bad_body', `VNPay answered HTTP ${status} with a body that is not JSON`, status, { cause: error })
    }
    // querydr and refund always answer with a flat JSON object (section 2).
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new VnpayUnreachable('bad_body', `VNPay answered HTTP ${status} without a JSON object`, status)
    }
    return { raw, status }
  }

  return {
    queryDr: (body) => post(body),
    refund: (body) => post(body),
  }
}

function fromAxiosError(error: unknown): VnpayUnreachable {
  if (isAxiosError(error)) {
    const status = error.response?.status ?? null
    if (error.code === 'ETIMEDOUT' || error.code === 'ECONNABORTED') {
      return new VnpayUnreachable('timeout', `VNPay did not answer in time (${error.message})`, status, { cause: error })
    }
    if (error.code === 'ERR_BAD_RESPONSE' || error.code === 'ERR_FR_MAX_BODY_LENGTH_EXCEEDED') {
      return new VnpayUnreachable('bad_body', `VNPay's answer could not be read (${error.message})`, status, { cause: error })
    }
    return new VnpayUnreachable('network', `VNPay could not be reached (${error.code ?? error.message})`, status, { cause: error })
  }
  return new VnpayUnreachable('network', `VNPay could not be reached (${error instanceof Error ? error.message : String(error)})`, null, { cause: error })
}
