import { Kysely, SqliteDialect, type SqliteDatabase as KyselySqliteDatabase, type SqliteStatement } from 'kysely'
import { loadSqlite, type SqliteDatabase } from './driver'
import type { Database } from './schema'

export type Db = Kysely<Database>

export interface OpenedDatabase {
  readonly sqlite: SqliteDatabase
  readonly db: Db
  close(): Promise<void>
}

/**
 * Opens (or creates) the database file with the settings this app relies on:
 * - WAL, so reads never wait for the writer;
 * - synchronous=FULL: rural power cuts are common, and a committed sale must survive one
 *   (NORMAL in WAL mode may lose the last commits on power loss; the cost is measured in the bench);
 * - foreign keys on, and a busy timeout so a second process (a backup, the CLI) waits instead of failing.
 */
export function openSqlite(file: string): SqliteDatabase {
  const Sqlite = loadSqlite()
  const sqlite = new Sqlite(file)
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  return sqlite
}

export function openDatabase(file: string): OpenedDatabase {
  const sqlite = openSqlite(file)
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) })
  return {
    sqlite,
    db,
    async close() {
      await db.destroy()
    },
  }
}

/**
 * kysely's SQLite driver prepares every query afresh. Preparing costs as much as running a
 * small indexed query, so we keep the most recent statements by SQL text (the app issues a
 * few hundred distinct shapes at most). A statement that is still iterating is never shared.
 */
export function withStatementCache(sqlite: SqliteDatabase, capacity = 500): KyselySqliteDatabase {
  const cache = new Map<string, SqliteStatement & { busy?: boolean }>()
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string): SqliteStatement {
      const hit = cache.get(sqlText)
      if (hit && !hit.busy) {
        cache.delete(sqlText)
        cache.set(sqlText, hit)
        return hit
      }
      const statement = sqlite.prepare(sqlText) as unknown as SqliteStatement & { busy?: boolean }
      cache.set(sqlText, statement)
      if (cache.size > capacity) {
        const oldest = cache.keys().next().value
        if (oldest !== undefined) cache.delete(oldest)
      }
      return statement
    },
  }
}
