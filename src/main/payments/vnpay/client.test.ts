// The merchant web API client against a real local HTTP server (no mock of axios): what reaches
// the server, and how each way of failing to get an answer is reported.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import axios from 'axios'
import { afterEach, describe, expect, it } from 'vitest'
import { createVnpayApi, VnpayUnreachable } from './client'
import { buildQueryDrRequest, buildRefundRequest, signQueryDrResponse, verifyQueryDrRequest, verifyQueryDrResponse, verifyRefundRequest } from './protocol'

const SECRET = 'test_secret'
const CONFIG = { tmnCode: 'TEST_TMN_CODE', hashSecret: SECRET }
const NOW = Date.parse('2023-12-21T03:30:00Z')

const queryBody = () =>
  buildQueryDrRequest(CONFIG, { requestId: 'REQ1', txnRef: 'TXN1', orderInfo: 'Truy van don hang DH1', transactionDate: '20231221100000', createdAtMs: NOW, ipAddr: '127.0.0.1' })
const refundBody = () =>
  buildRefundRequest(CONFIG, {
    requestId: 'REF1',
    transactionType: '02',
    txnRef: 'TXN1',
    amountVnd: 125000,
    transactionNo: '14422574',
    transactionDate: '20231221100000',
    createBy: 'thu ngan',
    createdAtMs: NOW,
    ipAddr: '127.0.0.1',
    orderInfo: 'Hoan tien don hang DH1',
  })

interface Received {
  method: string | undefined
  path: string | undefined
  contentType: string | undefined
  body: unknown
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function fakeVnpay(handler: Handler): Promise<{ url: string; received: Received[]; port: number }> {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      let body: unknown = text
      try {
        body = JSON.parse(text)
      } catch {
        // kept as text: the assertion will say what arrived
      }
      received.push({ method: req.method, path: req.url, contentType: req.headers['content-type'], body })
      handler(req, res, text)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/merchant_webapi/api/transaction`, received, port }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify(body))
}

async function unreachable(promise: Promise<unknown>): Promise<VnpayUnreachable> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(VnpayUnreachable)
    return error as VnpayUnreachable
  }
  throw new Error('expected VnpayUnreachable, got an answer')
}

describe('createVnpayApi', () => {
  it('POSTs the signed querydr body as JSON and returns the answer as received', async () => {
    const answer = {
      vnp_ResponseId: 'R1',
      vnp_Command: 'querydr',
      vnp_ResponseCode: '00',
      vnp_Message: 'QueryDR Success',
      vnp_TmnCode: 'TEST_TMN_CODE',
      vnp_TxnRef: 'TXN1',
      vnp_Amount: '12500000',
      vnp_BankCode: 'NCB',
      vnp_PayDate: '20231221100500',
      vnp_TransactionNo: '14422574',
      vnp_TransactionType: '01',
      vnp_TransactionStatus: '00',
      vnp_OrderInfo: 'Truy van don hang DH1',
      vnp_PromotionCode: null,
    }
    const vnpay = await fakeVnpay((_req, res, text) => {
      // Like the real service: refuse a body whose checksum does not hold.
      if (!verifyQueryDrRequest(JSON.parse(text), SECRET)) return json(res, 200, { vnp_ResponseCode: '97' })
      json(res, 200, { ...answer, vnp_SecureHash: signQueryDrResponse(answer, SECRET) })
    })
    const api = createVnpayApi({ http: axios.create(), apiUrl: vnpay.url })
    const body = queryBody()

    const response = await api.queryDr(body)

    expect(vnpay.received).toEqual([{ method: 'POST', path: '/merchant_webapi/api/transaction', contentType: 'application/json', body }])
    expect(response.status).toBe(200)
    expect(response.raw).toMatchObject({ ...answer, vnp_SecureHash: expect.stringMatching(/^[0-9a-f]{128}$/) })
    expect(verifyQueryDrResponse(response.raw, SECRET)).toMatchObject({ verified: true, amountVnd: 125000, transactionStatus: '00' })
  })

  it('POSTs the signed refund body to the same endpoint', async () => {
    const vnpay = await fakeVnpay((_req, res, text) => json(res, 200, { vnp_ResponseCode: verifyRefundRequest(JSON.parse(text), SECRET) ? '00' : '97' }))
    const api = createVnpayApi({ http: axios.create(), apiUrl: vnpay.url })

    const response = await api.refund(refundBody())

    expect(response).toEqual({ raw: { vnp_ResponseCode: '00' }, status: 200 })
    expect(vnpay.received[0]?.body).toMatchObject({ vnp_Command: 'refund', vnp_Amount: 12500000 })
  })

  it('reports HTTP 500 as unreachable, with the status, so the caller retries later', async () => {
    const vnpay = await fakeVnpay((_req, res) => json(res, 500, { error: 'Internal Server Error' }))
    const error = await unreachable(createVnpayApi({ http: axios.create(), apiUrl: vnpay.url }).queryDr(queryBody()))
    expect(error.kind).toBe('http')
    expect(error.status).toBe(500)
  })

  it('reports a redirect as an HTTP problem instead of following it', async () => {
    const target = await fakeVnpay((_req, res) => json(res, 200, { vnp_ResponseCode: '00' }))
    const vnpay = await fakeVnpay((_req, res) => {
      res.writeHead(302, { Location: target.url })
      res.end()
    })
    const error = await unreachable(createVnpayApi({ http: axios.create(), apiUrl: vnpay.url }).queryDr(queryBody()))
    expect(error).toMatchObject({ kind: 'http', status: 302 })
    expect(target.received).toEqual([])
  })

  it('gives up on a server that does not answer in time', async () => {
    const vnpay = await fakeVnpay(() => {
      // never answers
    })
    const started = Date.now()
    const error = await unreachable(createVnpayApi({ http: axios.create(), apiUrl: vnpay.url, timeoutMs: 200 }).queryDr(queryBody()))
    expect(error.kind).toBe('timeout')
    expect(error.status).toBeNull()
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('gives up on a server that trickles its answer past the deadline', async () => {
    const vnpay = await fakeVnpay((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write('{"vnp_ResponseCode":')
      const timer = setInterval(() => res.write(' '), 50)
      res.on('close', () => clearInterval(timer))
    })
    const error = await unreachable(createVnpayApi({ http: axios.create(), apiUrl: vnpay.url, timeoutMs: 300 }).refund(refundBody()))
    expect(error.kind).toBe('timeout')
  })

  it('reports a body that is not JSON, such as a proxy error page', async () => {
    const vnpay = await fakeVnpay((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.end('<html><body>Bad gateway</body></html>')
    })
    const error = await unreachable(createVnpayApi({ http: axios.create(), apiUrl: vnpay.url }).queryDr(queryBody()))
    expect(error).toMatchObject({ kind: 'bad_body', status: 200 })
  })

  it('reports JSON that is not an object, and an empty body, as a bad body', async () => {
    for (const text of ['"OK"', '[]', 'null', '']) {
      const vnpay = await fakeVnpay((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(text)
      })
      const error = await unreachable(createVnpayApi({ http: axios.create(), apiUrl: vnpay.url }).queryDr(queryBody()))
      expect(error.kind).toBe('bad_body')
    }
  })

  it('reports a refused connection as a network problem', async () => {
    const vnpay = await fakeVnpay(() => {})
    await cleanups.pop()?.()
    const error = await unreachable(createVnpayApi({ http: axios.create(), apiUrl: vnpay.url }).queryDr(queryBody()))
    expect(error).toMatchObject({ kind: 'network', status: null })
    expect(error.message).toContain('ECONNREFUSED')
  })

  it('refuses an API URL that is not http(s) and a timeout that is not positive', () => {
    expect(() => createVnpayApi({ http: axios.create(), apiUrl: 'file:///etc/passwd' })).toThrow(RangeError)
    expect(() => createVnpayApi({ http: axios.create(), apiUrl: 'not a url' })).toThrow()
    expect(() => createVnpayApi({ http: axios.create(), apiUrl: 'https://sandbox.vnpayment.vn/merchant_webapi/api/transaction', timeoutMs: 0 })).toThrow(RangeError)
  })
})
