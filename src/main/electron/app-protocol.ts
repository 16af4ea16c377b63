/**
 * The `app://shop/…` protocol that serves the built renderer (out/renderer) in production
 * (Electron security checklist item 18: a custom protocol instead of `file://`).
 *
 * The request URL comes from web content and is untrusted. Chromium normalizes URLs of a
 * registered standard scheme before we see them, but this module does not rely on it: it reads
 * the raw path itself and refuses, rather than repairs, anything that could step outside the
 * root — dot segments (plain or percent-encoded), backslashes, encoded slashes, drive letters,
 * NUL bytes, other hosts. Only then is the path joined onto the root, and the result is checked
 * once more to be inside it.
 */
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { MEDIA_VARIANTS, type MediaVariant } from '@shared/contract/media'
import { APP_HOST, APP_SCHEME } from './app-origin'

export type AppPathResolution =
  | { readonly ok: true; readonly file: string }
  | { readonly ok: false; readonly reason: AppPathRefusal }

export type AppPathRefusal = 'not-a-string' | 'too-long' | 'unparseable' | 'scheme' | 'host' | 'forbidden-character' | 'bad-encoding' | 'forbidden-segment' | 'outside-root'

const MAX_REQUEST_URL_LENGTH = 4096
const RAW_URL = new RegExp(`^${APP_SCHEME}://([^/?#]*)([^?#]*)`, 'i')

/**
 * Maps `app://shop/<path>` to a file under `rootDir`. A path whose last segment has no file
 * extension is a client-side route and gets `index.html`, so a reload on a deep link works.
 */
export function resolveAppRequestPath(requestUrl: unknown, rootDir: string): AppPathResolution {
  if (typeof requestUrl !== 'string') return refuse('not-a-string')
  if (requestUrl.length > MAX_REQUEST_URL_LENGTH) return refuse('too-long')
  if (requestUrl.includes('\\') || requestUrl.includes('\0')) return refuse('forbidden-character')

  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return refuse('unparseable')
  }
  if (url.protocol !== `${APP_SCHEME}:`) return refuse('scheme')
  if (url.host.toLowerCase() !== APP_HOST || url.username !== '' || url.password !== '') return refuse('host')

  // The parser has already collapsed `..` and `%2e%2e`; look at the path as it was written.
  const raw = RAW_URL.exec(requestUrl)
  if (raw === null || (raw[1] ?? '').toLowerCase() !== APP_HOST) return refuse('host')
  const rawPath = raw[2] ?? ''

  const segments: string[] = []
  for (const encoded of rawPath.split('/').slice(1)) {
    let segment: string
    try {
      segment = decodeURIComponent(encoded)
    } catch {
      return refuse('bad-encoding')
    }
    if (/[/\\:]/.test(segment) || segment.includes('\0')) return refuse('forbidden-character')
    // `.` and `..` walk the tree; any other leading dot is a hidden file nothing links to.
    if (segment.startsWith('.')) return refuse('forbidden-segment')
    segments.push(segment)
  }
  // An empty segment is only acceptable as the trailing slash of a route (`/products/`).
  if (segments.slice(0, -1).includes('')) return refuse('forbidden-segment')

  const last = segments.at(-1) ?? ''
  return insideRoot(rootDir, last === '' || extname(last) === '' ? ['index.html'] : segments)
}

function insideRoot(rootDir: string, segments: readonly string[]): AppPathResolution {
  const root = resolve(rootDir)
  const file = resolve(join(root, ...segments))
  const fromRoot = relative(root, file)
  if (fromRoot === '' || fromRoot === '..' || fromRoot.startsWith(`..${sep}`) || isAbsolute(fromRoot)) return refuse('outside-root')
  return { ok: true, file }
}

function refuse(reason: AppPathRefusal): AppPathResolution {
  return { ok: false, reason }
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
}

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

export interface AppProtocolOptions {
  readonly rootDir: string
  readonly csp: string
  /** Injected so tests can serve from a temp folder; in the app it is `fs.promises.readFile` (asar-aware). */
  readonly readFile: (file: string) => Promise<Uint8Array<ArrayBuffer>>
  readonly onRefused?: (url: string, reason: string) => void
  /** Stored images and documents, served at `app://shop/media/<key>/<variant>`. */
  readonly media?: { resolve(key: string, variant: MediaVariant): { path: string; mime: string } | undefined }
}

/**
 * `app://shop/media/<64 hex>/<variant>` → the key and variant, or null. Nothing from the URL is
 * ever joined onto a path: the media store maps a validated key to its own file.
 */
export function parseMediaRequest(requestUrl: string): { key: string; variant: MediaVariant } | null {
  const match = new RegExp(`^${APP_SCHEME}://${APP_HOST}/media/([0-9a-f]{64})/([a-z]+)(?:[?#].*)?$`).exec(requestUrl)
  if (!match || !(MEDIA_VARIANTS as readonly string[]).includes(match[2]!)) return null
  return { key: match[1]!, variant: match[2] as MediaVariant }
}

/** The handler given to `protocol.handle(APP_SCHEME, …)`: Fetch API request in, response out. */
export function createAppProtocolHandler(options: AppProtocolOptions): (request: Request) => Promise<Response> {
  const headers = (file: string): Record<string, string> => ({
    'content-type': contentTypeFor(file),
    'content-security-policy': options.csp,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  })
  const serveMedia = async (request: Request): Promise<Response> => {
    const wanted = parseMediaRequest(request.url)
    const found = wanted ? options.media?.resolve(wanted.key, wanted.variant) : undefined
    if (!wanted || !found) {
      options.onRefused?.(request.url, 'media')
      return new Response(null, { status: 404 })
    }
    let body: Uint8Array<ArrayBuffer>
    try {
      body = await options.readFile(found.path)
    } catch {
      return new Response(null, { status: 404 })
    }
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: {
        'content-type': found.mime,
        'x-content-type-options': 'nosniff',
        // Content-addressed: the bytes under a key never change.
        'cache-control': 'private, max-age=31536000, immutable',
        'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
      },
    })
  }
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } })
    }
    if (options.media && request.url.startsWith(`${APP_SCHEME}://${APP_HOST}/media/`)) return serveMedia(request)
    const resolved = resolveAppRequestPath(request.url, options.rootDir)
    if (!resolved.ok) {
      options.onRefused?.(request.url, resolved.reason)
      return new Response(null, { status: 404 })
    }
    let body: Uint8Array<ArrayBuffer>
    try {
      body = await options.readFile(resolved.file)
    } catch {
      return new Response(null, { status: 404 })
    }
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: headers(resolved.file),
    })
  }
}
