// app://shop/media/<key>/<variant>: stored images and documents in the packaged app. The media
// resolver and readFile are fakes that record every call, so the tests can prove that a refused
// request never reaches either, and that only the path the resolver returns is ever read.
import { describe, expect, it } from 'vitest'
import { MEDIA_VARIANTS, type MediaVariant } from '@shared/contract/media'
import { createAppProtocolHandler, parseMediaRequest } from './app-protocol'

const KEY = 'ab'.repeat(32)
const OTHER_KEY = 'cd'.repeat(32)
const ROOT = '/srv/ocop/out/renderer'
const MEDIA_ROOT = '/data/ocop/media'

describe('parseMediaRequest', () => {
  it('reads the key and the variant of every media variant', () => {
    for (const variant of MEDIA_VARIANTS) {
      expect(parseMediaRequest(`app://shop/media/${KEY}/${variant}`)).toEqual({ key: KEY, variant })
    }
  })

  it('ignores a query string or a fragment', () => {
    expect(parseMediaRequest(`app://shop/media/${KEY}/thumb?v=2`)).toEqual({ key: KEY, variant: 'thumb' })
    expect(parseMediaRequest(`app://shop/media/${KEY}/card#x`)).toEqual({ key: KEY, variant: 'card' })
  })

  it.each([
    ['an unknown variant', `app://shop/media/${KEY}/passwd`],
    ['a variant in upper case', `app://shop/media/${KEY}/THUMB`],
    ['no variant', `app://shop/media/${KEY}`],
    ['a trailing slash', `app://shop/media/${KEY}/thumb/`],
    ['an extra segment', `app://shop/media/${KEY}/thumb/x`],
    ['a file extension', `app://shop/media/${KEY}/thumb.webp`],
    ['a key in upper case', `app://shop/media/${KEY.toUpperCase()}/thumb`],
    ['a short key', `app://shop/media/${KEY.slice(1)}/thumb`],
    ['a long key', `app://shop/media/${KEY}0/thumb`],
    ['a non-hex key', `app://shop/media/${'g'.repeat(64)}/thumb`],
    ['dot segments', 'app://shop/media/../../etc/passwd'],
    ['encoded dot segments', `app://shop/media/%2e%2e/%2e%2e/${KEY}/thumb`],
    ['encoded slashes', `app://shop/media/..%2f..%2fetc%2fpasswd/thumb`],
    ['a traversal in the variant', `app://shop/media/${KEY}/..%2f..%2fsecret`],
    ['a backslash', `app://shop/media/${KEY}\\..\\thumb`],
    ['a NUL byte', `app://shop/media/${KEY}/thumb%00`],
    ['another host', `app://evil/media/${KEY}/thumb`],
    ['a look-alike host', `app://shop.evil/media/${KEY}/thumb`],
    ['credentials', `app://user@shop/media/${KEY}/thumb`],
    ['another scheme', `file://shop/media/${KEY}/thumb`],
    ['https', `https://shop/media/${KEY}/thumb`],
    ['a media folder elsewhere', `app://shop/assets/media/${KEY}/thumb`],
    ['the empty string', ''],
  ])('refuses %s', (_what, url) => {
    expect(parseMediaRequest(url)).toBeNull()
  })
})

interface Recorder {
  resolved: [string, MediaVariant][]
  read: string[]
  refused: string[]
}

function handlerWith(files: Record<string, { path: string; mime: string }>, options: { failRead?: boolean } = {}) {
  const calls: Recorder = { resolved: [], read: [], refused: [] }
  const handler = createAppProtocolHandler({
    rootDir: ROOT,
    csp: "default-src 'self'",
    readFile: async (file) => {
      calls.read.push(file)
      if (options.failRead) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
      return new TextEncoder().encode(`bytes of ${file}`) as Uint8Array<ArrayBuffer>
    },
    onRefused: (url, reason) => calls.refused.push(`${reason} ${url}`),
    media: {
      resolve(key, variant) {
        calls.resolved.push([key, variant])
        return files[`${key}/${variant}`]
      },
    },
  })
  return { handler, calls }
}

const STORED = {
  [`${KEY}/thumb`]: { path: `${MEDIA_ROOT}/ab/${KEY}/thumb.webp`, mime: 'image/webp' },
  [`${KEY}/master`]: { path: `${MEDIA_ROOT}/ab/${KEY}/master.jpg`, mime: 'image/jpeg' },
  [`${OTHER_KEY}/file`]: { path: `${MEDIA_ROOT}/cd/${OTHER_KEY}/file.pdf`, mime: 'application/pdf' },
}

describe('app://shop/media/ in the protocol handler', () => {
  it('serves a thumbnail with the type the store gives, cacheable for good, locked down', async () => {
    const { handler, calls } = handlerWith(STORED)
    const response = await handler(new Request(`app://shop/media/${KEY}/thumb`))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/webp')
    expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
    expect(await response.text()).toBe(`bytes of ${MEDIA_ROOT}/ab/${KEY}/thumb.webp`)
    expect(calls.resolved).toEqual([[KEY, 'thumb']])
    expect(calls.read).toEqual([`${MEDIA_ROOT}/ab/${KEY}/thumb.webp`])
    expect(calls.refused).toEqual([])
  })

  it('serves other variants with their own types, and HEAD without a body', async () => {
    const { handler, calls } = handlerWith(STORED)
    expect((await handler(new Request(`app://shop/media/${KEY}/master`))).headers.get('content-type')).toBe('image/jpeg')
    const pdf = await handler(new Request(`app://shop/media/${OTHER_KEY}/file?download=1`))
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const head = await handler(new Request(`app://shop/media/${KEY}/thumb`, { method: 'HEAD' }))
    expect(head.status).toBe(200)
    expect(head.headers.get('content-type')).toBe('image/webp')
    expect(await head.text()).toBe('')
    expect(calls.read.every((p) => p.startsWith(`${MEDIA_ROOT}/`))).toBe(true)
  })

  it('answers 404 for a key or variant the store does not have, without reading anything', async () => {
    const { handler, calls } = handlerWith(STORED)
    for (const url of [`app://shop/media/${OTHER_KEY}/thumb`, `app://shop/media/${KEY}/card`, `app://shop/media/${KEY}/file`]) {
      const response = await handler(new Request(url))
      expect(response.status, url).toBe(404)
      expect(await response.text()).toBe('')
    }
    expect(calls.resolved).toEqual([
      [OTHER_KEY, 'thumb'],
      [KEY, 'card'],
      [KEY, 'file'],
    ])
    expect(calls.read).toEqual([])
  })

  it.each([
    `app://shop/media/${KEY}/passwd`,
    `app://shop/media/${KEY}/thumb.webp`,
    `app://shop/media/${KEY.toUpperCase()}/thumb`,
    `app://shop/media/${KEY.slice(2)}/thumb`,
    'app://shop/media/../../etc/passwd',
    'app://shop/media/%2e%2e/%2e%2e/etc/passwd',
    'app://shop/media/..%2f..%2fetc%2fpasswd/thumb',
    `app://shop/media/${KEY}/..%2f..%2f..%2fsecret`,
    `app://shop/media/${KEY}\\..\\..\\secret/thumb`,
    `app://shop/media/${KEY}/thumb%00.png`,
    'app://shop/media/',
  ])('refuses %s with 404, asking neither the store nor the disk', async (url) => {
    const { handler, calls } = handlerWith(STORED)
    // The raw text, not a Request: a Request would normalise dot segments before the handler sees them.
    const response = await handler({ method: 'GET', url } as Request)
    expect(response.status).toBe(404)
    expect(await response.text()).toBe('')
    expect(calls.resolved).toEqual([])
    expect(calls.read).toEqual([])
    expect(calls.refused).toEqual([`media ${url}`])
  })

  it('answers 404 when the file vanished between resolve and read', async () => {
    const { handler, calls } = handlerWith(STORED, { failRead: true })
    const response = await handler(new Request(`app://shop/media/${KEY}/thumb`))
    expect(response.status).toBe(404)
    expect(calls.read).toEqual([`${MEDIA_ROOT}/ab/${KEY}/thumb.webp`])
  })

  it('refuses methods other than GET and HEAD before looking anything up', async () => {
    const { handler, calls } = handlerWith(STORED)
    const response = await handler(new Request(`app://shop/media/${KEY}/thumb`, { method: 'DELETE' }))
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, HEAD')
    expect(calls.resolved).toEqual([])
    expect(calls.read).toEqual([])
  })

  it('still serves the renderer’s own files next to media', async () => {
    const { handler, calls } = handlerWith(STORED)
    const response = await handler(new Request('app://shop/assets/app.js'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe("default-src 'self'")
    expect(calls.read).toEqual([`${ROOT}/assets/app.js`])
    expect(calls.resolved).toEqual([])
  })
})
