/**
 * A TCP forwarder to put between the app and a fake platform, so a test can pull the plug:
 * the app is pointed at `url`, every connection made there is relayed byte for byte to the
 * target, and
 * - `cut()` destroys every open connection (a call in flight loses its answer, as when the line
 *   drops mid-request) and stops listening, so new connections are refused (ECONNREFUSED), as
 *   when the machine has no network at all;
 * - `restore()` listens again on the same port, so the app's configured host works again.
 * The fake behind it never notices: it only sees its own connections end.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'

export interface NetworkSwitch {
  /** Where the app should send its requests: the target's URL with this switch's host and port. */
  readonly url: string
  /** Connections made or relayed so far (each one is a fresh TCP connection to the target). */
  readonly connections: number
  readonly isCut: boolean
  cut(): Promise<void>
  restore(): Promise<void>
  close(): Promise<void>
}

export async function startNetworkSwitch(targetUrl: string, options: { readonly host?: string } = {}): Promise<NetworkSwitch> {
  const target = new URL(targetUrl)
  const targetPort = Number(target.port || (target.protocol === 'https:' ? 443 : 80))
  const host = options.host ?? '127.0.0.1'
  const open = new Set<Socket>()
  let connections = 0
  let isCut = false

  const server = createServer((inbound) => {
    connections += 1
    const outbound = connect(targetPort, target.hostname)
    open.add(inbound)
    open.add(outbound)
    // Either side ending or failing takes the other down with it, as one broken line would.
    const drop = () => {
      inbound.destroy()
      outbound.destroy()
    }
    for (const socket of [inbound, outbound]) {
      socket.on('error', drop)
      socket.on('close', () => {
        open.delete(socket)
        drop()
      })
    }
    inbound.pipe(outbound)
    outbound.pipe(inbound)
  })

  function listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  }

  function stopListening(): Promise<void> {
    // close() waits for the connections to end, and they are being destroyed right after.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const socket of open) socket.destroy()
    open.clear()
    return closed
  }

  await listen(0)
  const { port } = server.address() as AddressInfo
  const url = new URL(targetUrl)
  url.hostname = host
  url.port = String(port)

  return {
    url: url.href.replace(/\/+$/, ''),
    get connections() {
      return connections
    },
    get isCut() {
      return isCut
    },
    async cut() {
      if (isCut) return
      isCut = true
      await stopListening()
    },
    async restore() {
      if (!isCut) return
      await listen(port)
      isCut = false
    },
    async close() {
      if (isCut) return
      isCut = true
      await stopListening()
    },
  }
}
