import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { contentTypeFor, createAppProtocolHandler, resolveAppRequestPath } from './app-protocol'

const root = '/srv/ocop/out/renderer'

describe('app:// path resolution', () => {
  it('maps files under the renderer root', () => {
    expect(resolveAppRequestPath('app://shop/index.html', root)).toEqual({ ok: true, file: `${root}/index.html` })
    expect(resolveAppRequestPath('app://shop/assets/index-6i7eS3tk.js', root)).toEqual({ ok: true, file: `${root}/assets/index-6i7eS3tk.js` })
    expect(resolveAppRequestPath('app://shop/assets/index.js?v=2#x', root)).toEqual({ ok: true, file: `${root}/assets/index.js` })
    expect(resolveAppRequestPath('app://shop/fonts/Be%20Vietnam%20Pro.woff2', root)).toEqual({ ok: true, file: `${root}/fonts/Be Vietnam Pro.woff2` })
  })

  it('answers client-side routes with index.html', () => {
    for (const url of ['app://shop', 'app://shop/', 'app://shop/products', 'app://shop/products/prd_01HX/', 'app://shop/s%E1%BA%A3n-ph%E1%BA%A9m']) {
      expect(resolveAppRequestPath(url, root), url).toEqual({ ok: true, file: `${root}/index.html` })
    }
  })

  it.each([
    ['app://shop/../../etc/passwd', 'forbidden-segment'],
    ['app://shop/assets/../../../etc/passwd', 'forbidden-segment'],
    ['app://shop/%2e%2e/%2e%2e/etc/passwd', 'forbidden-segment'],
    ['app://shop/%2E%2E/secret.txt', 'forbidden-segment'],
    ['app://shop/.%2e/secret.txt', 'forbidden-segment'],
    ['app://shop/./index.html', 'forbidden-segment'],
    ['app://shop/.env', 'forbidden-segment'],
    ['app://shop/assets/.vite/manifest.json', 'forbidden-segment'],
    ['app://shop/..%2f..%2fetc/passwd', 'forbidden-character'],
    ['app://shop/assets%2f..%2f..%2fpackage.json', 'forbidden-character'],
    ['app://shop/a%2F..%2F..%2Fb.js', 'forbidden-character'],
    ['app://shop/..\\..\\windows\\win.ini', 'forbidden-character'],
    ['app://shop/%5c..%5c..%5cwindows%5cwin.ini', 'forbidden-character'],
    ['app://shop/C:/Windows/win.ini', 'forbidden-character'],
    ['app://shop/C%3A%5CWindows%5Cwin.ini', 'forbidden-character'],
    ['app://shop/index.html::$DATA', 'forbidden-character'],
    ['app://shop/index.html%00.png', 'forbidden-character'],
    ['app://shop//etc/passwd', 'forbidden-segment'],
    ['app://shop/%2fetc/passwd.txt', 'forbidden-character'],
    ['app://shop/%E0%A4%A.js', 'bad-encoding'],
    ['app://evil/index.html', 'host'],
    ['app://shop.evil/index.html', 'host'],
    ['app://shop:8080/index.html', 'host'],
    ['app://user@shop/index.html', 'host'],
    ['app:///etc/passwd', 'host'],
    ['app:/etc/passwd', 'host'],
    ['file:///etc/passwd', 'scheme'],
    ['https://shop/index.html', 'scheme'],
    ['/etc/passwd', 'unparseable'],
    ['', 'unparseable'],
  ])('refuses %s (%s)', (url, reason) => {
    expect(resolveAppRequestPath(url, root)).toEqual({ ok: false, reason })
  })

  it('refuses what is not a request URL', () => {
    expect(resolveAppRequestPath(undefined, root)).toEqual({ ok: false, reason: 'not-a-string' })
    expect(resolveAppRequestPath(`app://shop/${'a/'.repeat(3000)}x.js`, root)).toEqual({ ok: false, reason: 'too-long' })
  })

  it('names the content type of what the renderer build contains', () => {
    expect(contentTypeFor('/r/index.html')).toBe('text/html; charset=utf-8')
    expect(contentTypeFor('/r/assets/a.JS')).toBe('text/javascript; charset=utf-8')
    expect(contentTypeFor('/r/logo.svg')).toBe('image/svg+xml')
    expect(contentTypeFor('/r/unknown.bin')).toBe('application/octet-stream')
  })
})

describe('app:// protocol handler', () => {
  let dir: string
  let rendererDir: string
  const refused: string[] = []

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ocop-protocol-'))
    rendererDir = join(dir, 'renderer')
    mkdirSync(join(rendererDir, 'assets'), { recursive: true })
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>OCOP</title>')
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("ocop")')
    writeFileSync(join(dir, 'secret.txt'), 'database password')
    refused.length = 0
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const handler = () =>
    createAppProtocolHandler({
      rootDir: rendererDir,
      csp: "default-src 'self'",
      readFile: (file) => readFile(file),
      onRefused: (url, reason) => refused.push(`${reason} ${url}`),
    })

  it('serves a built file with the CSP and nosniff headers', async () => {
    const response = await handler()(new Request('app://shop/assets/app.js'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe("default-src 'self'")
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toBe('console.log("ocop")')
  })

  it('serves index.html, with its CSP, for a deep link', async () => {
    const response = await handler()(new Request('app://shop/products/prd_01'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toBe("default-src 'self'")
    expect(await response.text()).toBe(readFileSync(join(rendererDir, 'index.html'), 'utf8'))
  })

  it('answers 404, without reading anything, when the raw request path leaves the root', async () => {
    // A Fetch `Request` normalizes its URL the way Chromium does; pass the raw text through to
    // prove the handler does not depend on that normalization.
    const raw = { method: 'GET', url: 'app://shop/%2e%2e/secret.txt' } as Request
    const response = await handler()(raw)
    expect(response.status).toBe(404)
    expect(await response.text()).toBe('')
    expect(refused).toEqual(['forbidden-segment app://shop/%2e%2e/secret.txt'])
  })

  it('keeps a traversal that the URL parser already collapsed inside the root', async () => {
    const response = await handler()(new Request('app://shop/assets/../../secret.txt'))
    expect(response.status).toBe(404)
    expect(await response.text()).toBe('')
  })

  it('answers 404 for a file that does not exist', async () => {
    expect((await handler()(new Request('app://shop/assets/missing.js'))).status).toBe(404)
  })

  it('refuses methods other than GET and HEAD', async () => {
    const response = await handler()(new Request('app://shop/index.html', { method: 'POST', body: 'x' }))
    expect(response.status).toBe(405)
    const head = await handler()(new Request('app://shop/index.html', { method: 'HEAD' }))
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })
})
