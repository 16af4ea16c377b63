// Browser mode uploads and media URLs: the real HTTP server in-process on a free port, the real
// service graph behind it, requests made with the global fetch/FormData/Blob.
import { request as httpRequest } from 'node:http'
import { rmSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { MAX_UPLOAD_FILE_BYTES, MAX_UPLOAD_FILES } from '@shared/contract/media'
import { photoJpeg } from '../media/test-fixtures'
import { COOP, createTestApp, type TestApp } from '../test-support'
import { mediaAccessKey, startHttpServer, type RunningServer } from './http-server'
import { isMultipart, readMultipartInput } from './multipart'

const TOKEN = 'test-token-0123456789'
const AUTH = { Authorization: `Bearer ${TOKEN}` }

let PHOTO_A: Buffer
let PHOTO_B: Buffer
beforeAll(async () => {
  PHOTO_A = await photoJpeg({ width: 400, height: 300, seed: 31 })
  PHOTO_B = await photoJpeg({ width: 400, height: 300, seed: 32 })
})

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function serve(): Promise<{ app: TestApp; server: RunningServer; productId: string }> {
  const app = await createTestApp()
  cleanups.push(async () => {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  })
  await app.ok('sellers.createSeller', COOP)
  const product = await app.ok('catalog.createProduct', { name: 'Mật ong hoa nhãn', variants: [{ sku: 'MO-1', unit: 'hũ', priceVnd: 90000 }] })
  const server = await startHttpServer({ invoke: app.invoke, media: app.media, token: TOKEN, host: '127.0.0.1', port: 0, logger: app.logger })
  cleanups.push(() => server.close())
  return { app, server, productId: product.id }
}

function form(input: unknown, files: { name: string; bytes: Uint8Array; type?: string }[]): FormData {
  const data = new FormData()
  data.append('input', typeof input === 'string' ? input : JSON.stringify(input))
  for (const f of files) data.append('files', new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'image/jpeg' }), f.name)
  return data
}

async function postForm(server: RunningServer, op: string, body: FormData) {
  const res = await fetch(`${server.url}/api/${op}`, { method: 'POST', headers: AUTH, body })
  return { status: res.status, body: (await res.json()) as { ok: boolean; data?: unknown; error?: { code: string; message: string; details?: Record<string, unknown> } } }
}

/** Raw GET with the path exactly as given (fetch would normalise `..`). */
function rawGet(server: RunningServer, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('multipart uploads over HTTP', () => {
  it('adds two photos to a product from one multipart request', async () => {
    const { app, server, productId } = await serve()
    const { status, body } = await postForm(
      server,
      'catalog.addProductImages',
      form({ productId, altText: 'Hũ mật ong' }, [
        { name: 'mặt trước.jpg', bytes: PHOTO_A },
        { name: 'mặt sau.jpg', bytes: PHOTO_B },
      ]),
    )
    expect(status).toBe(200)
    expect(body.ok).toBe(true)
    const data = body.data as { images: { mediaKey: string; isCover: boolean; altText: string | null }[]; addedIds: string[] }
    expect(data.images).toHaveLength(2)
    expect(data.addedIds).toHaveLength(2)
    expect(data.images.map((i) => [i.isCover, i.altText])).toEqual([
      [true, 'Hũ mật ong'],
      [false, 'Hũ mật ong'],
    ])
    expect((await app.ok('catalog.getProduct', { id: productId })).images.map((i) => i.mediaKey)).toEqual(data.images.map((i) => i.mediaKey))
    // The history records the actor of the HTTP transport.
    expect((await app.ok('audit.listEntries', { entityId: productId }))[0]).toMatchObject({ action: 'images_add', actor: 'browser' })
  })

  it('reports which file of the batch is broken', async () => {
    const { server, productId } = await serve()
    const { status, body } = await postForm(
      server,
      'catalog.addProductImages',
      form({ productId }, [
        { name: 'good.jpg', bytes: PHOTO_A },
        { name: 'cut.jpg', bytes: PHOTO_B.subarray(0, PHOTO_B.length >> 1) },
      ]),
    )
    expect(status).toBe(400)
    expect(body.error).toMatchObject({ code: 'VALIDATION', details: { reason: 'media.corrupt', file: 'cut.jpg', fileIndex: 1 } })
  })

  it('refuses multipart for an operation that takes no files', async () => {
    const { server, productId } = await serve()
    const { status, body } = await postForm(server, 'catalog.getProduct', form({ id: productId }, [{ name: 'a.jpg', bytes: PHOTO_A }]))
    expect(status).toBe(400)
    expect(body.error).toMatchObject({ code: 'VALIDATION' })
    expect(body.error!.message).toContain('does not take files')
    // An unknown operation is refused the same way, before any file is read.
    expect((await postForm(server, 'catalog.nope', form({}, [{ name: 'a.jpg', bytes: PHOTO_A }]))).status).toBe(400)
  })

  it('refuses bad JSON in the input part, a JSON array, and unexpected parts', async () => {
    const { server, productId } = await serve()
    const badJson = await postForm(server, 'catalog.addProductImages', form('{"productId": ', [{ name: 'a.jpg', bytes: PHOTO_A }]))
    expect(badJson.status).toBe(400)
    expect(badJson.body.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('not valid JSON') })

    const array = await postForm(server, 'catalog.addProductImages', form('[1,2]', [{ name: 'a.jpg', bytes: PHOTO_A }]))
    expect(array.body.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('JSON object') })

    const stray = form({ productId }, [{ name: 'a.jpg', bytes: PHOTO_A }])
    stray.append('photo', new Blob([new Uint8Array(PHOTO_A)]), 'x.jpg')
    const strayRes = await postForm(server, 'catalog.addProductImages', stray)
    expect(strayRes.body.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('"photo"') })

    // No files at all: the contract says at least one.
    const none = await postForm(server, 'catalog.addProductImages', form({ productId }, []))
    expect(none.status).toBe(400)
    expect(none.body.error!.code).toBe('VALIDATION')
  })

  it('still needs the bearer token', async () => {
    const { server, productId } = await serve()
    const res = await fetch(`${server.url}/api/catalog.addProductImages`, { method: 'POST', body: form({ productId }, [{ name: 'a.jpg', bytes: PHOTO_A }]) })
    expect(res.status).toBe(401)
  })

  it('accepts the contract’s maximum of 20 files in one request', async () => {
    const { server, productId } = await serve()
    const photos = await Promise.all(Array.from({ length: MAX_UPLOAD_FILES }, (_, i) => photoJpeg({ width: 96, height: 72, seed: 100 + i })))
    const { status, body } = await postForm(server, 'catalog.addProductImages', form({ productId }, photos.map((bytes, i) => ({ name: `${i}.jpg`, bytes }))))
    expect(body.error?.message ?? 'ok').toBe('ok')
    expect(status).toBe(200)
    expect((body.data as { images: unknown[] }).images).toHaveLength(MAX_UPLOAD_FILES)
  })

  it('refuses a file over 30 MB with media.too_large without processing it', async () => {
    const { app, server, productId } = await serve()
    const big = new Uint8Array(MAX_UPLOAD_FILE_BYTES + 1024 * 1024)
    big.set(PHOTO_A)
    const { status, body } = await postForm(server, 'catalog.addProductImages', form({ productId }, [{ name: 'huge.jpg', bytes: big }]))
    expect(status).toBe(400)
    expect(body.error).toMatchObject({ code: 'VALIDATION', details: { reason: 'media.too_large', maxBytes: MAX_UPLOAD_FILE_BYTES, file: 'huge.jpg' } })
    expect((await app.ok('catalog.getProduct', { id: productId })).images).toEqual([])
  })
})

describe('readMultipartInput', () => {
  async function requestOf(data: FormData): Promise<IncomingMessage> {
    const req = new Request('http://localhost/api/x', { method: 'POST', body: data })
    const bytes = Buffer.from(await req.arrayBuffer())
    const stream = Readable.from([bytes])
    return Object.assign(stream, { headers: { 'content-type': req.headers.get('content-type')! } }) as unknown as IncomingMessage
  }
  const limits = { maxFileBytes: 1000, maxFiles: 2, maxInputBytes: 100 }

  it('gives the same input object as IPC: the JSON fields plus files [{ name, bytes }]', async () => {
    const input = await readMultipartInput(await requestOf(form({ productId: 'prd_1', altText: 'Ảnh' }, [{ name: 'ảnh 1.jpg', bytes: Buffer.from('abc') }, { name: 'b.png', bytes: Buffer.from('defg') }])))
    expect(input).toEqual({
      productId: 'prd_1',
      altText: 'Ảnh',
      files: [
        { name: 'ảnh 1.jpg', bytes: Buffer.from('abc') },
        { name: 'b.png', bytes: Buffer.from('defg') },
      ],
    })
    expect(isMultipart('multipart/form-data; boundary=x')).toBe(true)
    expect(isMultipart('application/json')).toBe(false)
    expect(isMultipart(undefined)).toBe(false)
  })

  async function refusal(promise: Promise<unknown>): Promise<AppError> {
    const error = await promise.then(
      () => new Error('expected a refusal'),
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('VALIDATION')
    return error as AppError
  }

  it('enforces the file size, the file count and the input size while streaming', async () => {
    const tooBig = await refusal(readMultipartInput(await requestOf(form({}, [{ name: 'big.jpg', bytes: new Uint8Array(1001) }])), limits))
    expect(tooBig.details).toMatchObject({ reason: 'media.too_large', maxBytes: 1000, file: 'big.jpg' })
    const under = await readMultipartInput(await requestOf(form({}, [{ name: 'ok.jpg', bytes: new Uint8Array(999) }])), limits)
    expect((under['files'] as { bytes: Buffer }[])[0]!.bytes).toHaveLength(999)

    const three = [1, 2, 3].map((n) => ({ name: `${n}.jpg`, bytes: Buffer.from([n]) }))
    await refusal(readMultipartInput(await requestOf(form({}, three)), limits))
    await refusal(readMultipartInput(await requestOf(form({ a: 1 }, three)), limits))

    const bigInput = await refusal(readMultipartInput(await requestOf(form({ altText: 'x'.repeat(200) }, [])), limits))
    expect(bigInput.message).toContain('larger than 100 bytes')
  })

  it('accepts the input part plus maxFiles files, and names one file too many media.too_many_files', async () => {
    const two = [1, 2].map((n) => ({ name: `${n}.jpg`, bytes: Buffer.from([n]) }))
    const ok = await readMultipartInput(await requestOf(form({ a: 1 }, two)), limits).catch((e: unknown) => e)
    expect(ok instanceof Error ? ok.message : ok).toEqual({ a: 1, files: [expect.objectContaining({ name: '1.jpg' }), expect.objectContaining({ name: '2.jpg' })] })
    const three = [1, 2, 3].map((n) => ({ name: `${n}.jpg`, bytes: Buffer.from([n]) }))
    const tooMany = await refusal(readMultipartInput(await requestOf(form({ a: 1 }, three)), limits))
    expect(tooMany.details).toMatchObject({ reason: 'media.too_many_files', maxFiles: 2 })
  })

  it('accepts a file of exactly maxFileBytes and an input of exactly maxInputBytes, as the contract does', async () => {
    const exact = await readMultipartInput(await requestOf(form({}, [{ name: 'exact.jpg', bytes: new Uint8Array(1000) }])), limits)
    expect((exact['files'] as { bytes: Buffer }[])[0]!.bytes).toHaveLength(1000)
    const input = JSON.stringify({ altText: 'x'.repeat(100 - '{"altText":""}'.length) })
    expect(Buffer.byteLength(input)).toBe(100)
    expect(await readMultipartInput(await requestOf(form(input, [])), limits)).toMatchObject({ altText: expect.any(String), files: [] })
  })

  it('refuses a request that is not multipart at all', async () => {
    const stream = Object.assign(Readable.from([Buffer.from('{}')]), { headers: { 'content-type': 'application/json' } }) as unknown as IncomingMessage
    await refusal(readMultipartInput(stream, limits))
  })
})

describe('media over HTTP', () => {
  async function withImage() {
    const s = await serve()
    const added = await s.app.ok('catalog.addProductImages', { productId: s.productId, files: [{ name: 'a.jpg', bytes: new Uint8Array(PHOTO_A) }] })
    const access = ((await (await fetch(`${s.server.url}/api/media-access`, { headers: AUTH })).json()) as { mediaAccess: string }).mediaAccess
    return { ...s, key: added.images[0]!.mediaKey, access }
  }

  it('hands out the read-only media key with the bearer token only', async () => {
    const { server } = await serve()
    const res = await fetch(`${server.url}/api/media-access`, { headers: AUTH })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.json()).toEqual({ mediaAccess: mediaAccessKey(TOKEN) })
    expect(mediaAccessKey(TOKEN)).toMatch(/^[0-9a-f]{40}$/)
    expect(mediaAccessKey(TOKEN)).not.toContain(TOKEN)
    expect((await fetch(`${server.url}/api/media-access`)).status).toBe(401)
    // The media key is not a bearer token.
    expect((await fetch(`${server.url}/api/sellers.listSellers`, { method: 'POST', headers: { Authorization: `Bearer ${mediaAccessKey(TOKEN)}` } })).status).toBe(401)
  })

  it('serves a thumbnail as image/webp, cacheable for good, with an ETag and 304 on a match', async () => {
    const { server, key, access } = await withImage()
    const res = await fetch(`${server.url}/media/${key}/thumb?access=${access}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/webp')
    expect(res.headers.get('cache-control')).toContain('immutable')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const etag = res.headers.get('etag')
    expect(etag).toBe(`"${key}-thumb"`)
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF')
    expect(bytes.subarray(8, 12).toString('latin1')).toBe('WEBP')
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length)

    const again = await fetch(`${server.url}/media/${key}/thumb?access=${access}`, { headers: { 'If-None-Match': etag! } })
    expect(again.status).toBe(304)
    expect((await again.arrayBuffer()).byteLength).toBe(0)

    const master = await fetch(`${server.url}/media/${key}/master?access=${access}`)
    expect(master.status).toBe(200)
    expect(master.headers.get('content-type')).toBe('image/jpeg')
    const head = await fetch(`${server.url}/media/${key}/card?access=${access}`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-type')).toBe('image/webp')
  })

  it('answers 401 without or with a wrong access key, even for a real key', async () => {
    const { server, key } = await withImage()
    for (const query of ['', '?access=', `?access=${'0'.repeat(40)}`, `?access=${TOKEN}`]) {
      const res = await fetch(`${server.url}/media/${key}/thumb${query}`)
      expect(res.status, query).toBe(401)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED')
    }
  })

  it('answers 404 for an unknown key, an unknown variant and traversal attempts', async () => {
    const { server, key, access } = await withImage()
    const q = `?access=${access}`
    const paths = [
      `/media/${'a'.repeat(64)}/thumb${q}`,
      `/media/${key}/passwd${q}`,
      `/media/${key}/${q}`,
      `/media/${key.toUpperCase()}/thumb${q}`,
      `/media/..%2f..%2fetc/thumb${q}`,
      `/media/..%2F..%2F..%2Fetc%2Fpasswd/file${q}`,
      `/media/../../etc/passwd${q}`,
      `/media/${key}/..%2f..%2f..%2fetc%2fpasswd${q}`,
      `/media/.tmp/thumb${q}`,
      `/media/${key.slice(0, 2)}/thumb${q}`,
    ]
    for (const path of paths) {
      const res = await rawGet(server, path)
      expect(res.status, path).toBe(404)
      expect(res.body.toString('utf8'), path).not.toContain('root:')
    }
  })
})
