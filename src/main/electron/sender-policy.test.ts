import { describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, APP_ORIGIN, isTrustedOrigin, originOf, rendererSource } from './app-origin'
import { judgeSender } from './sender-policy'

const production = rendererSource({ isPackaged: true, devServerUrl: undefined }).trustedOrigins
const development = rendererSource({ isPackaged: false, devServerUrl: 'http://localhost:5173/' }).trustedOrigins

describe('where the renderer comes from', () => {
  it('serves the packaged app from app://shop only, whatever ELECTRON_RENDERER_URL says', () => {
    expect(rendererSource({ isPackaged: true, devServerUrl: 'http://localhost:5173/' })).toEqual({
      entryUrl: APP_ENTRY_URL,
      trustedOrigins: [APP_ORIGIN],
      fromDevServer: false,
    })
  })

  it('uses the dev server of an unpackaged build and trusts its origin next to the app origin', () => {
    expect(rendererSource({ isPackaged: false, devServerUrl: 'http://localhost:5173/' })).toEqual({
      entryUrl: 'http://localhost:5173/',
      trustedOrigins: [APP_ORIGIN, 'http://localhost:5173'],
      fromDevServer: true,
    })
  })

  it('falls back to the built renderer when there is no dev server', () => {
    expect(rendererSource({ isPackaged: false, devServerUrl: undefined }).entryUrl).toBe(APP_ENTRY_URL)
    expect(rendererSource({ isPackaged: false, devServerUrl: '' }).trustedOrigins).toEqual([APP_ORIGIN])
  })

  it.each([['https://evil.example.com/'], ['http://192.168.1.20:5173/'], ['http://localhost.evil.com:5173/'], ['file:///tmp/index.html'], ['http://user@localhost:5173/'], ['not a url']])(
    'never loads or trusts a dev server that is not on this machine: %s',
    (devServerUrl) => {
      expect(rendererSource({ isPackaged: false, devServerUrl })).toEqual({ entryUrl: APP_ENTRY_URL, trustedOrigins: [APP_ORIGIN], fromDevServer: false })
    },
  )

  it('computes origins for schemes Node calls opaque, and none for URLs without a host', () => {
    expect(originOf('app://shop/index.html#/products')).toBe('app://shop')
    expect(originOf('http://LOCALHOST:5173/a?b')).toBe('http://localhost:5173')
    expect(originOf('https://example.com:443/')).toBe('https://example.com')
    expect(originOf('about:blank')).toBeNull()
    expect(originOf('data:text/html,hi')).toBeNull()
    expect(originOf('blob:app://shop/uuid')).toBeNull()
    expect(originOf('app://shop@evil/')).toBeNull()
    expect(originOf(null)).toBeNull()
  })
})

describe('IPC sender validation', () => {
  const mainFrame = (url: string) => ({ url, isMainFrame: true })

  it('accepts the main frame of our own renderer, on any route', () => {
    expect(judgeSender(mainFrame('app://shop/index.html'), production)).toEqual({ trusted: true })
    expect(judgeSender(mainFrame('app://shop/products/prd_01?tab=variants#gia'), production)).toEqual({ trusted: true })
  })

  it.each([
    ['app://shop.evil/index.html'],
    ['app://evil/index.html'],
    ['app://shop:8080/index.html'],
    ['app://shop@evil/index.html'],
    ['app://evil@shop/index.html'],
    ['app://SHOP/index.html'],
    ['app:shop/index.html'],
    ['app:///shop/index.html'],
    ['apps://shop/index.html'],
    ['http://shop/index.html'],
    ['https://shop/index.html'],
    ['http://localhost:5173/'],
    ['https://example.com/app://shop'],
    ['file:///work/main/out/renderer/index.html'],
    ['data:text/html,<script>ocop()</script>'],
    ['blob:app://shop/0f3c'],
    ['about:blank'],
    ['null'],
    [''],
    ['%%%'],
    ['javascript:alert(1)'],
  ])('refuses a main frame showing %j', (url) => {
    expect(judgeSender(mainFrame(url), production)).toEqual({ trusted: false, reason: 'untrusted-origin' })
  })

  it('refuses a subframe even when it shows our own origin', () => {
    expect(judgeSender({ url: 'app://shop/index.html', isMainFrame: false }, production)).toEqual({ trusted: false, reason: 'subframe' })
  })

  it('refuses a sender whose frame is gone', () => {
    expect(judgeSender(null, production)).toEqual({ trusted: false, reason: 'no-frame' })
    expect(judgeSender(undefined, production)).toEqual({ trusted: false, reason: 'no-frame' })
  })

  it('refuses garbage a forged frame description might carry', () => {
    expect(judgeSender({ url: 42 as unknown as string, isMainFrame: true }, production)).toEqual({ trusted: false, reason: 'untrusted-origin' })
    expect(judgeSender({ url: 'app://shop/', isMainFrame: 'yes' as unknown as boolean }, production)).toEqual({ trusted: false, reason: 'subframe' })
  })

  it('accepts the dev server origin only in development, and only that exact origin', () => {
    expect(judgeSender(mainFrame('http://localhost:5173/#/orders'), development)).toEqual({ trusted: true })
    expect(judgeSender(mainFrame('app://shop/index.html'), development)).toEqual({ trusted: true })
    expect(judgeSender(mainFrame('http://localhost:5173/'), production).trusted).toBe(false)
    expect(judgeSender(mainFrame('http://localhost:5174/'), development).trusted).toBe(false)
    expect(judgeSender(mainFrame('https://localhost:5173/'), development).trusted).toBe(false)
    expect(judgeSender(mainFrame('http://127.0.0.1:5173/'), development).trusted).toBe(false)
    expect(judgeSender(mainFrame('http://localhost:5173.evil.com/'), development).trusted).toBe(false)
  })

  it('compares parsed origins, never prefixes', () => {
    expect(isTrustedOrigin('app://shop.evil.com/', [APP_ORIGIN])).toBe(false)
    expect(isTrustedOrigin('app://shopping/', [APP_ORIGIN])).toBe(false)
  })
})
