/**
 * The desktop app's loopback address for what outside services send the browser back to:
 * VNPay's return (and a relayed IPN) and a marketplace's OAuth redirect. A tiny HTTP server on
 * 127.0.0.1 that answers those routes and nothing else. Browser mode does not need it: its own
 * server mounts the same routes.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from './logger'
/** Serves a request if it is its route (true), or leaves it (false). */
export type LoopbackRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>

export interface CallbackServer {
  readonly url: string
  close(): Promise<void>
}

export async function startCallbackServer(routes: readonly LoopbackRoute[], logger: Logger, port = 0): Promise<CallbackServer> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const serve = async () => {
      for (const route of routes) if (await route(req, res, url)) return true
      return false
    }
    serve()
      .then((served) => {
        if (served) return
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
        res.end('Not found')
      })
      .catch((error: unknown) => {
        logger.error('loopback callback failed', error)
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

/**
 * The desktop app's loopback port. Lazada and TikTok Shop return only to the redirect address
 * registered in their developer consoles, so it must stay the same from one start to the next:
 * http://127.0.0.1:47821/channels/callback is the address a seller registers there.
 */
export const PREFERRED_LOOPBACK_PORT = 47_821

/**
 * Listens on `port`, or, when another program holds it, on any free port (VNPay and Shopee take
 * any return address; a Lazada or TikTok connection then waits until the port is free again).
 */
export async function startCallbackServerPreferring(routes: readonly LoopbackRoute[], logger: Logger, port = PREFERRED_LOOPBACK_PORT): Promise<CallbackServer> {
  try {
    return await startCallbackServer(routes, logger, port)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error
    const fallback = await startCallbackServer(routes, logger, 0)
    logger.warn(`loopback: port ${port} is taken by another program; listening on ${fallback.url} instead (Lazada and TikTok Shop will not return to it)`)
    return fallback
  }
}
