import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_DIR_NAME = 'ocop-storefront'

/**
 * Where the data lives when no --data-dir is given. It is the folder Electron calls
 * `userData` for this app, so the desktop app and `npm run serve` share one database.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME)
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), APP_DIR_NAME)
}

export interface DataPaths {
  readonly dataDir: string
  readonly databaseFile: string
  readonly backupsDir: string
  /** Content-addressed images and documents (see media/media-store.ts). */
  readonly mediaDir: string
}

export function dataPaths(dataDir: string): DataPaths {
  return { dataDir, databaseFile: join(dataDir, 'ocop-storefront.sqlite'), backupsDir: join(dataDir, 'backups'), mediaDir: join(dataDir, 'media') }
}
