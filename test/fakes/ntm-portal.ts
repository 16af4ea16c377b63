/**
 * A portal (or commune hub) implementing the push API of docs/ntm-portal-listing.md: it checks
 * the API key and the Idempotency-Key, validates each listing against the published schema,
 * treats a repeated key as a no-op (204), and can fail on request (503 with Retry-After, 422).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { portalListingDto, type PortalListingDto } from '../../src/shared/contract/publishing'

export interface FakePortal {
  readonly url: string
  readonly apiKey: string
  readonly listings: Map<string, PortalListingDto>
  readonly images: Set<string>
  /** PUTs that changed something (a replayed Idempotency-Key does not count). */
  readonly writes: { method: string; path: string; key: string }[]
  failNext(count: number, status?: 503 | 500 | 422): void
  close(): Promise<void>
}

export async function startFakePortal(apiKey = 'portal-key-0123456789'): Promise<FakePortal> {
  const listings = new Map<string, PortalListingDto>()
  const images = new Set<string>()
  const seenKeys = new Set<string>()
  const writes: { method: string; path: string; key: string }[] = []
  let failures: { count: number; status: number } = { count: 0, status: 503 }

  const answer = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
    res.end(body === undefined ? '' : JSON.stringify(body))
  }
  const read = async (req: IncomingMessage) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    return Buffer.concat(chunks)
  }

  const server = createServer((req, res) => {
    void (async () => {
      const body = await read(req)
      if (req.headers.authorization !== `Bearer ${apiKey}`) return answer(res, 401, { code: 'bad_key', message: 'Sai khóa API' })
      const key = req.headers['idempotency-key']
      if (typeof key !== 'string' || key === '') return answer(res, 400, { code: 'idempotency_key_missing', message: 'Thiếu Idempotency-Key' })
      if (failures.count > 0) {
        failures.count--
        return failures.status === 422
          ? answer(res, 422, { code: 'invalid_listing', message: 'Thiếu mã số vùng trồng', field: 'traceability' })
          : answer(res, failures.status, { code: 'busy', message: 'Máy chủ bận' }, { 'Retry-After': '2' })
      }
      if (seenKeys.has(`${req.method} ${key}`)) return answer(res, 204)
      const url = new URL(req.url ?? '/', 'http://portal')
      const [, kind, id = ''] = url.pathname.split('/')
      const decoded = decodeURIComponent(id)
      if (kind === 'images' && req.method === 'PUT') {
        images.add(decoded)
      } else if (kind === 'listings' && req.method === 'PUT') {
        const parsed = portalListingDto.safeParse(JSON.parse(body.toString('utf8')))
        if (!parsed.success) return answer(res, 422, { code: 'schema', message: parsed.error.issues[0]?.message ?? 'invalid', field: parsed.error.issues[0]?.path.join('.') })
        if (parsed.data.listingId !== decoded) return answer(res, 422, { code: 'id_mismatch', message: 'listingId khác đường dẫn', field: 'listingId' })
        listings.set(decoded, parsed.data)
      } else if (kind === 'listings' && req.method === 'DELETE') {
        if (!listings.delete(decoded)) return answer(res, 404, { code: 'not_found', message: 'Không có tin này' })
      } else {
        return answer(res, 404, { code: 'no_route', message: 'Không có đường dẫn này' })
      }
      seenKeys.add(`${req.method} ${key}`)
      writes.push({ method: req.method ?? '', path: url.pathname, key })
      return kind === 'listings' && req.method === 'PUT' ? answer(res, 200, { url: `https://portal.example.vn/san-pham/${decoded}` }) : answer(res, 200, {})
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    apiKey,
    listings,
    images,
    writes,
    failNext(count, status = 503) {
      failures = { count, status }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
