/**
 * Media keys that database backups still refer to. Garbage collection keeps those files too:
 * restoring yesterday's backup must bring the photos back with it, not rows pointing at files
 * that were collected in the meantime. Backups are opened read-only, one at a time.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { loadSqlite } from '../db/driver'

export function mediaKeysInBackups(backupsDir: string): { keys: Set<string>; unreadable: string[] } {
  const keys = new Set<string>()
  const unreadable: string[] = []
  if (!existsSync(backupsDir)) return { keys, unreadable }
  const Sqlite = loadSqlite()
  for (const name of readdirSync(backupsDir).filter((f) => f.endsWith('.sqlite'))) {
    let db: InstanceType<typeof Sqlite> | undefined
    try {
      db = new Sqlite(join(backupsDir, name), { readonly: true, fileMustExist: true })
      // Backups made before photos existed (migration 0002) have no media table.
      const hasMedia = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'media'`).get()
      if (hasMedia) for (const row of db.prepare('SELECT key FROM media').iterate() as Iterable<{ key: string }>) keys.add(row.key)
    } catch {
      unreadable.push(name)
    } finally {
      db?.close()
    }
  }
  return { keys, unreadable }
}
