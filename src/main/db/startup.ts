import { existsSync, mkdirSync, statSync } from 'node:fs'
import type { Clock } from '../clock'
import type { DataPaths } from '../paths'
import { openDatabase, type OpenedDatabase } from './connection'
import { backupDatabase, listAutoBackups, migrateToLatest, pendingMigrations } from './migrate'

/** A daily copy even without migrations: a bad import on Monday is still undoable on Tuesday. */
const DAILY_BACKUP_MS = 20 * 60 * 60 * 1000

export interface StartupReport {
  readonly backupFile: string | null
  readonly applied: readonly string[]
}

/**
 * Opens the app database, copying it first when migrations are pending or the newest
 * automatic copy is older than a day (the last five are kept), then migrates. Runs before any
 * window or HTTP listener exists.
 */
export async function openAppDatabase(paths: DataPaths, clock: Clock): Promise<{ opened: OpenedDatabase; report: StartupReport }> {
  mkdirSync(paths.dataDir, { recursive: true })
  const existed = existsSync(paths.databaseFile) && statSync(paths.databaseFile).size > 0
  const opened = openDatabase(paths.databaseFile)
  try {
    let backupFile: string | null = null
    if (existed) {
      const pending = await pendingMigrations(opened.db)
      const newest = listAutoBackups(paths.backupsDir).at(-1)
      const newestAge = newest ? clock.now() - backupTime(newest) : Infinity
      if (pending.length > 0 || newestAge > DAILY_BACKUP_MS) {
        backupFile = backupDatabase({
          sqlite: opened.sqlite,
          backupsDir: paths.backupsDir,
          nowIso: clock.isoNow(),
          kind: 'auto',
          reason: pending.length > 0 ? `before-${pending[0]}` : 'daily',
        }).file
      }
    }
    const applied = await migrateToLatest(opened.db)
    return { opened, report: { backupFile, applied } }
  } catch (error) {
    await opened.close()
    throw error
  }
}

/** `auto-20261128T010000Z-daily.sqlite` → its time in ms (names, not file times: copies keep their age when moved). */
export function backupTime(fileName: string): number {
  const m = /^auto-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(fileName)
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : 0
}
