import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { APP_DIR_NAME } from '../paths'
import { applicationMenuTemplate } from './app-menu'
import { desktopActor, desktopUserDataDir, startupFailureDialog } from './launch-options'
import { denyAllPermissions, type PermissionSession } from './permissions'
import { memoryLogger } from '../logger'

vi.mock('electron', () => {
  throw new Error('launch decisions must not load electron at runtime')
})

describe('desktop data folder', () => {
  const appDataDir = '/home/lan/.config'

  it('is the folder npm run serve uses by default', () => {
    expect(desktopUserDataDir({ isPackaged: true, env: {}, appDataDir })).toBe(join(appDataDir, APP_DIR_NAME))
  })

  it('moves to OCOP_DATA_DIR in an unpackaged build (development, end-to-end tests)', () => {
    expect(desktopUserDataDir({ isPackaged: false, env: { OCOP_DATA_DIR: '/tmp/ocop-e2e-1' }, appDataDir })).toBe('/tmp/ocop-e2e-1')
  })

  it('ignores OCOP_DATA_DIR in a packaged app, and relative or empty values anywhere', () => {
    expect(desktopUserDataDir({ isPackaged: true, env: { OCOP_DATA_DIR: '/tmp/elsewhere' }, appDataDir })).toBe(join(appDataDir, APP_DIR_NAME))
    expect(desktopUserDataDir({ isPackaged: false, env: { OCOP_DATA_DIR: 'data' }, appDataDir })).toBe(join(appDataDir, APP_DIR_NAME))
    expect(desktopUserDataDir({ isPackaged: false, env: { OCOP_DATA_DIR: '' }, appDataDir })).toBe(join(appDataDir, APP_DIR_NAME))
  })
})

describe('desktop actor', () => {
  it('is the OS account name, or "desktop" when the OS has none', () => {
    expect(desktopActor(() => ({ username: 'lan' }))).toBe('lan')
    expect(desktopActor(() => ({ username: '  ' }))).toBe('desktop')
    expect(
      desktopActor(() => {
        throw new Error('ENOENT: no passwd entry')
      }),
    ).toBe('desktop')
  })
})

describe('start-up failure dialog', () => {
  it('explains in Vietnamese first, then English, and names the data folder and the cause', () => {
    const dialog = startupFailureDialog(new Error('SQLITE_CORRUPT: database disk image is malformed'), '/home/lan/.config/ocop-storefront')
    expect(dialog.title).toMatch(/^Không mở được dữ liệu/)
    expect(dialog.body.indexOf('Gian hàng số OCOP không mở được')).toBe(0)
    expect(dialog.body.indexOf('OCOP Storefront could not open')).toBeGreaterThan(0)
    expect(dialog.body).toContain('/home/lan/.config/ocop-storefront')
    expect(dialog.body).toContain('SQLITE_CORRUPT: database disk image is malformed')
  })
})

describe('permissions', () => {
  it('refuses every permission request and check', () => {
    const handlers: { request?: unknown; check?: unknown; device?: unknown } = {}
    const session = {
      setPermissionRequestHandler: (h: unknown) => void (handlers.request = h),
      setPermissionCheckHandler: (h: unknown) => void (handlers.check = h),
      setDevicePermissionHandler: (h: unknown) => void (handlers.device = h),
    }
    const logger = memoryLogger()
    denyAllPermissions(session as unknown as PermissionSession, logger)
    const answers: boolean[] = []
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      ;(handlers.request as (wc: unknown, p: string, cb: (granted: boolean) => void) => void)({}, permission, (granted) => answers.push(granted))
    }
    expect(answers).toEqual([false, false, false, false, false, false])
    expect((handlers.check as (...args: unknown[]) => boolean)(null, 'media', 'app://shop', {})).toBe(false)
    expect((handlers.device as (...args: unknown[]) => boolean)({ deviceType: 'usb' })).toBe(false)
    expect(logger.lines[0]).toBe('warn permission "media" refused')
  })
})

describe('application menu', () => {
  const roles = (template: ReturnType<typeof applicationMenuTemplate>): string[] =>
    template.flatMap((item) => [item.role ?? '', ...(Array.isArray(item.submenu) ? item.submenu.map((sub) => sub.role ?? '') : [])]).filter((r) => r !== '')

  it('has no DevTools or reload in a packaged build', () => {
    const packaged = roles(applicationMenuTemplate({ isMac: false, allowDevTools: false, productName: 'Gian hàng số OCOP' }))
    expect(packaged).not.toContain('toggleDevTools')
    expect(packaged).not.toContain('reload')
    expect(packaged).not.toContain('forceReload')
    expect(packaged).toEqual(expect.arrayContaining(['copy', 'paste', 'cut', 'selectAll', 'undo', 'quit']))
  })

  it('offers DevTools outside packaged builds, and the app menu on macOS', () => {
    expect(roles(applicationMenuTemplate({ isMac: false, allowDevTools: true, productName: 'X' }))).toContain('toggleDevTools')
    const mac = applicationMenuTemplate({ isMac: true, allowDevTools: false, productName: 'Gian hàng số OCOP' })
    expect(mac[0]?.label).toBe('Gian hàng số OCOP')
  })
})
