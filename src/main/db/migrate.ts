import { existsSync, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { Migrator, type MigrationProvider } from 'kysely'
import type { Db } from './connection'
import type { SqliteDatabase } from './driver'
import { migrations } from './migrations'

const provider: MigrationProvider = { getMigrations: async () => migrations }

export function createMigrator(db: Db): Migrator {
  return new Migrator({ db, provider })
}

export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await createMigrator(db).getMigrations()
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name)
}

/** Runs every pending migration; throws (with the failing name) instead of returning an error object. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await createMigrator(db).migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown'
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

export async function schemaVersion(db: Db): Promise<string> {
  const all = await createMigrator(db).getMigrations()
  return all.filter((m) => m.executedAt !== undefined).at(-1)?.name ?? 'none'
}

export const AUTO_BACKUP_PREFIX = 'auto-'
export const AUTO_BACKUPS_KEPT = 5

export interface BackupOptions {
  readonly sqlite: SqliteDatabase
  readonly backupsDir: string
  readonly nowIso: string
  readonly kind: 'auto' | 'manual'
  readonly reason?: string
}

/**
 * A consistent copy of the live database (VACUUM INTO reads through the WAL, so the copy
 * holds every committed transaction and is itself a compact, ordinary SQLite file).
 */
export function backupDatabase({ sqlite, backupsDir, nowIso, kind, reason }: BackupOptions): { file: string; bytes: number } {
  mkdirSync(backupsDir, { recursive: true })
  const stamp = nowIso.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
  const suffix = reason ? `-${reason.replace(/[^A-Za-z0-9_-]/g, '')}` : ''
  let file = join(backupsDir, `${kind === 'auto' ? AUTO_BACKUP_PREFIX : 'manual-'}${stamp}${suffix}.sqlite`)
  for (let n = 2; existsSync(file); n++) file = file.replace(/(-\d+)?\.sqlite$/, `-${n}.sqlite`)
  sqlite.prepare('VACUUM INTO ?').run(file)
  if (kind === 'auto') pruneAutoBackups(backupsDir)
  return { file, bytes: statSync(file).size }
}

export function listAutoBackups(backupsDir: string): string[] {
  if (!existsSync(backupsDir)) return []
  return readdirSync(backupsDir)
    .filter((f) => f.startsWith(AUTO_BACKUP_PREFIX) && f.endsWith('.sqlite'))
    .sort()
}

function pruneAutoBackups(backupsDir: string): void {
  const files = listAutoBackups(backupsDir)
  for (const old of files.slice(0, Math.max(0, files.length - AUTO_BACKUPS_KEPT))) unlinkSync(join(backupsDir, old))
}
