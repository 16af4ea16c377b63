/**
 * The desktop shell, end to end in the real Electron: the built app (`npm run build` first) is
 * launched with its own empty data folder. Skipped where the Electron binary is absent (our CI);
 * runs on developer machines and release CI (on Linux without a display, under `xvfb-run`).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, test as base, expect, type ElectronApplication, type Page } from '@playwright/test'
import type { BridgeApi } from '../../src/shared/contract/bridge'
import { OPERATION_NAMES } from '../../src/shared/contract/operations'
import { RENDERER_CSP } from '../../src/main/security-headers'
import { ELECTRON_UNAVAILABLE, findElectronBinary } from './electron-binary'

const repoRoot = resolve(__dirname, '../..')

/** What the specs read from the renderer's global scope (this file is typed without the DOM library). */
interface RendererScope {
  readonly ocop?: BridgeApi
  readonly process?: unknown
  readonly require?: unknown
  location: { href: string }
  open(url: string): unknown
}

/** Main-process global where the stubbed `shell.openExternal` records what it was asked to open. */
interface MainScope {
  openedExternally?: string[]
}

interface Desktop {
  readonly app: ElectronApplication
  readonly window: Page
  readonly dataDir: string
}

const test = base.extend<{ desktop: Desktop }>({
  // Playwright reads a fixture's dependencies from its first parameter, which must be a pattern.
  // eslint-disable-next-line no-empty-pattern
  desktop: async ({}, use) => {
    if (!existsSync(join(repoRoot, 'out/main/index.js'))) throw new Error('The app is not built: run `npm run build` before this suite')
    const dataDir = mkdtempSync(join(tmpdir(), 'ocop-desktop-e2e-'))
    const env: Record<string, string> = {}
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RENDERER_URL') env[key] = value
    env['OCOP_DATA_DIR'] = dataDir
    const app = await electron.launch({ args: ['.'], cwd: repoRoot, env })
    try {
      const window = await app.firstWindow()
      await window.waitForLoadState('domcontentloaded')
      await use({ app, window, dataDir })
    } finally {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  },
})

test.skip(!findElectronBinary(repoRoot).available, ELECTRON_UNAVAILABLE)

test('opens one sandboxed, context-isolated window on app://shop with only the contract bridge', async ({ desktop }) => {
  const { app, window } = desktop
  expect(window.url()).toBe('app://shop/index.html')

  // app.enableSandbox() forces the sandbox on every renderer by adding this switch.
  const shell = await app.evaluate(({ app: electronApp, BrowserWindow }) => ({
    windows: BrowserWindow.getAllWindows().length,
    sandboxForced: electronApp.commandLine.hasSwitch('enable-sandbox'),
  }))
  expect(shell).toEqual({ windows: 1, sandboxForced: true })

  // No Node in the page; and the bridge exists only because contextBridge worked, which it
  // does only with context isolation on.
  const renderer = await window.evaluate(() => {
    const scope = globalThis as unknown as RendererScope
    return { process: typeof scope.process, require: typeof scope.require, bridge: Object.keys(scope.ocop ?? {}).sort() }
  })
  expect(renderer).toEqual({ process: 'undefined', require: 'undefined', bridge: [...OPERATION_NAMES].sort() })
})

test('answers a contract call over IPC', async ({ desktop }) => {
  const answer = await desktop.window.evaluate(() => {
    const scope = globalThis as unknown as RendererScope
    if (!scope.ocop) throw new Error('no bridge')
    return scope.ocop['system.getInfo']({})
  })
  expect(answer).toMatchObject({ ok: true, data: { transport: 'ipc', dataDir: desktop.dataDir } })
})

test('serves the renderer with the CSP header and nothing from outside its folder', async ({ desktop }) => {
  const responses = await desktop.window.evaluate(async () => {
    const page = await fetch('app://shop/index.html')
    const outside = await fetch('app://shop/../../package.json')
    return { status: page.status, csp: page.headers.get('content-security-policy'), outside: outside.status }
  })
  expect(responses).toEqual({ status: 200, csp: RENDERER_CSP, outside: 404 })
})

test('refuses navigation away and opens only allowed links, in the browser', async ({ desktop }) => {
  const { app, window } = desktop
  await app.evaluate(({ shell }) => {
    const main = globalThis as unknown as MainScope
    main.openedExternally = []
    shell.openExternal = async (url: string) => {
      main.openedExternally?.push(url)
    }
  })
  const opened = () => app.evaluate(() => (globalThis as unknown as MainScope).openedExternally ?? [])

  await window.evaluate(() => {
    ;(globalThis as unknown as RendererScope).location.href = 'https://example.com/'
  })
  await expect.poll(opened).toEqual(['https://example.com/'])
  expect(window.url()).toBe('app://shop/index.html')

  await window.evaluate(() => {
    ;(globalThis as unknown as RendererScope).location.href = 'file:///etc/passwd'
  })
  const popup = await window.evaluate(() => (globalThis as unknown as RendererScope).open('https://ocop.gov.vn/'))
  expect(popup).toBeNull()
  await window.evaluate(() => (globalThis as unknown as RendererScope).open('javascript:alert(1)'))
  await expect.poll(opened).toEqual(['https://example.com/', 'https://ocop.gov.vn/'])
  expect(window.url()).toBe('app://shop/index.html')
  expect(app.windows()).toHaveLength(1)
})
