/**
 * The renderer needs no browser permission — no camera, location, notifications, USB, clipboard
 * reading — so every request and every check is refused (Electron security checklist item 5).
 * Electron's own default grants most of them.
 */
import type { Session } from 'electron'
import type { Logger } from '../logger'

export type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>

export function denyAllPermissions(session: PermissionSession, logger: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    logger.warn(`permission "${permission}" refused`)
    callback(false)
  })
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}
