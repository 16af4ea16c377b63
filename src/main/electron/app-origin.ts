/**
 * Where the renderer comes from, and the one way this shell compares origins.
 *
 * In a packaged app the renderer is served by our own `app://shop` protocol; before packaging,
 * electron-vite's dev server may serve it instead (ELECTRON_RENDERER_URL). Every trust decision
 * (IPC senders, navigation) asks `isTrustedOrigin`, which parses with `new URL` and compares
 * scheme and host exactly — never `startsWith`, so `app://shop.evil` is not `app://shop`.
 */

export const APP_SCHEME = 'app'
export const APP_HOST = 'shop'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * `scheme://host[:port]` of a URL, or null when it does not parse, carries credentials or has
 * no host. Node's `URL#origin` is the string "null" for schemes it does not know (like `app:`),
 * so the origin is built from the parsed parts instead.
 */
export function originOf(rawUrl: unknown): string | null {
  if (typeof rawUrl !== 'string' || rawUrl.length === 0 || rawUrl.length > 4096) return null
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    return null
  }
  if (url.username !== '' || url.password !== '' || url.host === '') return null
  return `${url.protocol}//${url.host}`
}

export interface RendererSource {
  /** What the window loads first. */
  readonly entryUrl: string
  /** Origins allowed to call IPC and to be navigated to; the app origin always comes first. */
  readonly trustedOrigins: readonly string[]
  readonly fromDevServer: boolean
}

/**
 * The dev server is honoured only in an unpackaged build and only on a loopback host: a
 * packaged app never loads remote code, whatever its environment says.
 */
export function rendererSource(options: { readonly isPackaged: boolean; readonly devServerUrl: string | undefined }): RendererSource {
  const devOrigin = options.isPackaged ? null : devServerOrigin(options.devServerUrl)
  if (devOrigin !== null && options.devServerUrl !== undefined) {
    return { entryUrl: options.devServerUrl, trustedOrigins: [APP_ORIGIN, devOrigin], fromDevServer: true }
  }
  return { entryUrl: APP_ENTRY_URL, trustedOrigins: [APP_ORIGIN], fromDevServer: false }
}

function devServerOrigin(devServerUrl: string | undefined): string | null {
  if (devServerUrl === undefined || devServerUrl === '') return null
  const origin = originOf(devServerUrl)
  if (origin === null) return null
  const url = new URL(devServerUrl)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  return LOOPBACK_HOSTS.has(url.hostname) ? origin : null
}

export function isTrustedOrigin(rawUrl: unknown, trustedOrigins: readonly string[]): boolean {
  const origin = originOf(rawUrl)
  return origin !== null && trustedOrigins.includes(origin)
}
