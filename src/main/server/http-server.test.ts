import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { OPERATION_NAMES } from '@shared/contract/operations'
import { COOP, createTestApp, tempDir } from '../test-support'
import { startHttpServer, tokenMatches, type RunningServer } from './http-server'
import { browserUrl, parseServeOptions, UsageError } from './serve-options'

const TOKEN = 'test-token-123456'
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function serve(withRenderer = false): Promise<RunningServer> {
  const app = await createTestApp()
  let rendererDir: string | undefined
  if (withRenderer) {
    const dir = tempDir()
    cleanups.push(() => dir.remove())
    rendererDir = join(dir.path, 'renderer')
    mkdirSync(join(rendererDir, 'assets'), { recursive: true })
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>OCOP</title>')
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)')
  }
  const running = await startHttpServer({ invoke: app.invoke, token: TOKEN, host: '127.0.0.1', port: 0, logger: app.logger, ...(rendererDir && { rendererDir }) })
  cleanups.push(() => app.close(), () => running.close())
  return running
}

function post(server: RunningServer, op: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/${op}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

describe('HTTP transport', () => {
  it('binds to 127.0.0.1 by default and lists every operation with its JSON Schema', async () => {
    const server = await serve()
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const res = await fetch(`${server.url}/api`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { operations: { name: string; input: { type?: string; properties?: Record<string, unknown> }; errors: string[]; upload?: true }[] }
    expect(body.operations.map((o) => o.name)).toEqual(OPERATION_NAMES)
    // The operations that take files say so (they also accept multipart/form-data).
    expect(body.operations.filter((o) => o.upload).map((o) => o.name)).toEqual(['catalog.addProductImages', 'ocop.attachCertificateScan', 'lots.addLotPhotos', 'commune.importBundles'])
    const create = body.operations.find((o) => o.name === 'catalog.createProduct')!
    expect(create.input.type).toBe('object')
    expect(Object.keys(create.input.properties!)).toEqual(expect.arrayContaining(['name', 'variants', 'sellerId']))
  })

  it('answers 401 without the right bearer token, on every /api route', async () => {
    const server = await serve()
    expect((await fetch(`${server.url}/api`)).status).toBe(401)
    expect((await post(server, 'sellers.listSellers', {}, { Authorization: 'Bearer wrong-token-0000000' })).status).toBe(401)
    const res = await post(server, 'sellers.listSellers', {}, { Authorization: `Basic ${TOKEN}` })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
  })

  it('carries a call and its result as { ok: true, data }', async () => {
    const server = await serve()
    const created = await post(server, 'sellers.createSeller', COOP)
    expect(created.status).toBe(200)
    expect(await created.json()).toMatchObject({ ok: true, data: { name: COOP.name, isDefault: true } })
    const product = await post(server, 'catalog.createProduct', { name: 'Nước mắm', variants: [{ sku: 'NM-1', unit: 'chai', priceVnd: 125000 }] })
    expect(await product.json()).toMatchObject({ ok: true, data: { variants: [{ priceVnd: 125000 }] } })
  })

  it('maps error codes onto HTTP statuses', async () => {
    const server = await serve()
    expect((await post(server, 'catalog.getProduct', { id: 'prd_x' })).status).toBe(404)
    expect((await post(server, 'catalog.createProduct', { name: '' })).status).toBe(400)
    expect((await post(server, 'catalog.nope', {})).status).toBe(404)
    await post(server, 'sellers.createSeller', COOP)
    const conflict = await post(server, 'sellers.createSeller', COOP)
    expect(conflict.status).toBe(409)
    expect(await conflict.json()).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.any(String) } })
  })

  it('refuses malformed bodies clearly', async () => {
    const server = await serve()
    const bad = await post(server, 'sellers.createSeller', '{"name":')
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { code: 'VALIDATION', message: expect.stringContaining('JSON') } })
    expect((await post(server, 'sellers.createSeller', 'name=x', { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(400)
    expect((await fetch(`${server.url}/api/sellers.listSellers`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(400)
  })

  it('serves the renderer with a CSP, falls back to index.html for app routes, and never leaves its folder', async () => {
    const server = await serve(true)
    const index = await fetch(`${server.url}/`)
    expect(index.status).toBe(200)
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect((await fetch(`${server.url}/assets/app.js`)).status).toBe(200)
    expect(await (await fetch(`${server.url}/products/123`)).text()).toContain('<title>OCOP</title>')
    const traversal = await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`)
    expect(await traversal.text()).not.toContain('root:')
  })
})

describe('tokenMatches', () => {
  it('compares the whole token', () => {
    expect(tokenMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true)
    expect(tokenMatches(`Bearer ${TOKEN}x`, TOKEN)).toBe(false)
    expect(tokenMatches(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false)
    expect(tokenMatches(undefined, TOKEN)).toBe(false)
  })
})

describe('serve options', () => {
  it('takes flags over environment over defaults', () => {
    const env = { OCOP_DATA_DIR: '/env/dir', OCOP_PORT: '5000', OCOP_TOKEN: 'env-token-1234' }
    expect(parseServeOptions(['--port', '6000'], env)).toMatchObject({ dataDir: '/env/dir', port: 6000, host: '127.0.0.1', token: 'env-token-1234', tokenWasGenerated: false })
    const generated = parseServeOptions([], { XDG_CONFIG_HOME: '/xdg' })
    expect(generated.port).toBe(0)
    expect(generated.token).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(generated.tokenWasGenerated).toBe(true)
  })

  it('refuses bad ports, short tokens and unknown flags', () => {
    expect(() => parseServeOptions(['--port', 'abc'], {})).toThrow(UsageError)
    expect(() => parseServeOptions(['--port', '70000'], {})).toThrow(UsageError)
    expect(() => parseServeOptions(['--token', 'short'], {})).toThrow(UsageError)
    expect(() => parseServeOptions(['--verbose'], {})).toThrow(UsageError)
  })

  it('puts the token in the URL fragment, which browsers never send to the server', () => {
    expect(browserUrl('http://127.0.0.1:4173', 'a b')).toBe('http://127.0.0.1:4173/#token=a%20b')
  })
})
