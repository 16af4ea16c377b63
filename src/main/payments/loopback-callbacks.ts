/**
 * The desktop app's loopback address for VNPay's return (and a relayed IPN): a tiny HTTP server
 * on 127.0.0.1 that answers /vnpay/return and /vnpay/ipn and nothing else. Browser mode does not
 * need it: its own server mounts the same route.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from '../logger'
import { serveVnpayCallback, type VnpayCallbackHandler } from './vnpay-callback-route'

export interface CallbackServer {
  readonly url: string
  close(): Promise<void>
}

export async function startCallbackServer(handler: VnpayCallbackHandler, logger: Logger, port = 0): Promise<CallbackServer> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    serveVnpayCallback(req, res, url, handler, (error) => logger.error('VNPay callback failed', error))
      .then((served) => {
        if (served) return
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
        res.end('Not found')
      })
      .catch((error: unknown) => {
        logger.error('VNPay callback failed', error)
        if (!res.headersSent) res.writeHead(500)
        res.end()
      })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const { port: bound } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
