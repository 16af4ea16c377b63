import { describe, expect, it, vi } from 'vitest'
import { memoryLogger } from '../logger'
import { APP_ORIGIN } from './app-origin'
import { guardWebContents, type GuardedContents } from './navigation-guard'

vi.mock('electron', () => {
  throw new Error('the navigation guard must not load electron at runtime')
})

interface FakeEvent {
  readonly url: string
  readonly isMainFrame: boolean
  defaultPrevented: boolean
  preventDefault(): void
}

function setUp(trustedOrigins: readonly string[] = [APP_ORIGIN]) {
  const listeners = new Map<string, (event: FakeEvent) => void>()
  let windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined
  const contents = {
    on: (name: string, listener: (event: FakeEvent) => void) => {
      listeners.set(name, listener)
      return contents
    },
    setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => {
      windowOpenHandler = handler
    },
  }
  const opened: string[] = []
  const logger = memoryLogger()
  guardWebContents(contents as unknown as GuardedContents, {
    trustedOrigins,
    externalUrlPolicy: {},
    openExternal: async (url) => {
      opened.push(url)
    },
    logger,
  })
  const fire = (name: string, url: string, isMainFrame = true): FakeEvent => {
    const event: FakeEvent = {
      url,
      isMainFrame,
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true
      },
    }
    const listener = listeners.get(name)
    if (!listener) throw new Error(`no ${name} listener`)
    listener(event)
    return event
  }
  const openWindow = (url: string) => {
    if (!windowOpenHandler) throw new Error('no window open handler')
    return windowOpenHandler({ url })
  }
  return { fire, openWindow, opened, logger }
}

describe('navigation guard', () => {
  it('lets the renderer move around its own origin', () => {
    const { fire, opened } = setUp()
    expect(fire('will-navigate', 'app://shop/index.html#/orders').defaultPrevented).toBe(false)
    expect(fire('will-redirect', 'app://shop/products').defaultPrevented).toBe(false)
    expect(fire('will-frame-navigate', 'app://shop/index.html').defaultPrevented).toBe(false)
    expect(opened).toEqual([])
  })

  it('cancels navigation away and opens an allowed link in the browser instead', () => {
    const { fire, opened } = setUp()
    expect(fire('will-navigate', 'https://shopee.vn/shop/123').defaultPrevented).toBe(true)
    expect(opened).toEqual(['https://shopee.vn/shop/123'])
  })

  it.each([['javascript:alert(1)'], ['file:///etc/passwd'], ['http://example.com/'], ['app://shop.evil/'], ['https://example.com.attacker.com@evil.com/'], ['data:text/html,x']])(
    'cancels navigation to %s and opens nothing',
    (url) => {
      const { fire, opened, logger } = setUp()
      expect(fire('will-navigate', url).defaultPrevented).toBe(true)
      expect(opened).toEqual([])
      expect(logger.lines).toEqual([expect.stringContaining('navigation refused')])
    },
  )

  it('cancels redirects and subframe navigation away without opening anything', () => {
    const { fire, opened } = setUp()
    expect(fire('will-redirect', 'https://shopee.vn/').defaultPrevented).toBe(true)
    expect(fire('will-frame-navigate', 'https://shopee.vn/', false).defaultPrevented).toBe(true)
    expect(fire('will-frame-navigate', 'app://shop/index.html', false).defaultPrevented).toBe(false)
    expect(opened).toEqual([])
  })

  it('leaves main-frame navigations to will-navigate, which Electron skips once will-frame-navigate is cancelled', () => {
    const { fire, opened } = setUp()
    expect(fire('will-frame-navigate', 'https://shopee.vn/', true).defaultPrevented).toBe(false)
    expect(fire('will-navigate', 'https://shopee.vn/').defaultPrevented).toBe(true)
    expect(opened).toEqual(['https://shopee.vn/'])
  })

  it('never creates a window, and opens allowed links externally', () => {
    const { openWindow, opened } = setUp()
    expect(openWindow('https://ocop.gov.vn/')).toEqual({ action: 'deny' })
    expect(openWindow('app://shop/index.html')).toEqual({ action: 'deny' })
    expect(openWindow('javascript:alert(1)')).toEqual({ action: 'deny' })
    expect(openWindow('file:///C:/Windows/System32/calc.exe')).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://ocop.gov.vn/'])
  })

  it('refuses every <webview>', () => {
    const { fire } = setUp()
    expect(fire('will-attach-webview', 'app://shop/').defaultPrevented).toBe(true)
  })

  it('trusts the dev server only when it is among the trusted origins', () => {
    expect(setUp().fire('will-navigate', 'http://localhost:5173/').defaultPrevented).toBe(true)
    expect(setUp([APP_ORIGIN, 'http://localhost:5173']).fire('will-navigate', 'http://localhost:5173/').defaultPrevented).toBe(false)
  })
})
