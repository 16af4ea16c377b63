import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openSqlite } from './connection'
import { driverModuleFor } from './driver'
import { migrations } from './migrations'

function schemaOf(sqlite: ReturnType<typeof openSqlite>): string {
  const rows = sqlite
    .prepare(
      `SELECT type, name, sql FROM sqlite_master
       WHERE sql IS NOT NULL AND name NOT LIKE 'kysely_%' AND name NOT LIKE 'sqlite_%'
       ORDER BY type, name`,
    )
    .all() as { type: string; name: string; sql: string }[]
  return rows.map((r) => `-- ${r.type} ${r.name}\n${r.sql.replace(/\s+/g, ' ').trim()};`).join('\n') + '\n'
}

function columnsOf(sqlite: ReturnType<typeof openSqlite>): Map<string, Map<string, { notnull: number; dflt: unknown }>> {
  const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely_%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'product_search_%'`).all() as { name: string }[]
  return new Map(
    tables.map(({ name }) => [
      name,
      new Map((sqlite.prepare(`SELECT name, "notnull", dflt_value AS dflt FROM pragma_table_info(?)`).all(name) as { name: string; notnull: number; dflt: unknown }[]).map((c) => [c.name, c])),
    ]),
  )
}

describe('migrations', () => {
  it('lists every migration file of the folder, in order', () => {
    const files = readdirSync(join(__dirname, 'migrations'))
      .filter((f) => /^\d{4}_.+\.ts$/.test(f) && !f.endsWith('.test.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort()
    expect(Object.keys(migrations)).toEqual(files)
  })

  it('builds, from an empty database, exactly the committed schema', async () => {
    const sqlite = openSqlite(':memory:')
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) })
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateToLatest()
    expect(error).toBeUndefined()
    await expect(schemaOf(sqlite)).toMatchFileSnapshot('./__snapshots__/schema.sql')
    await db.destroy()
  })

  it('only ever adds: no later migration drops or renames a column, or adds NOT NULL without a default', async () => {
    const sqlite = openSqlite(':memory:')
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) })
    const names = Object.keys(migrations)
    let previous = columnsOf(sqlite)
    for (const name of names) {
      const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(name)
      expect(error, name).toBeUndefined()
      const current = columnsOf(sqlite)
      for (const [table, columns] of previous) {
        expect(current.has(table), `${name} dropped table ${table}`).toBe(true)
        for (const column of columns.keys()) expect(current.get(table)!.has(column), `${name} dropped ${table}.${column}`).toBe(true)
        for (const [column, info] of current.get(table)!) {
          if (!columns.has(column) && info.notnull === 1) expect(info.dflt, `${name} added ${table}.${column} NOT NULL without default`).not.toBeNull()
        }
      }
      previous = current
    }
    await db.destroy()
  })

  it('are listed statically and sorted, so a bundled app runs them in the right order', () => {
    const names = Object.keys(migrations)
    expect([...names].sort()).toEqual(names)
  })
})

describe('driver selection', () => {
  it('loads better-sqlite3 13 only where Node-API 10 exists', () => {
    expect(driverModuleFor('10')).toBe('better-sqlite3')
    expect(driverModuleFor('9')).toBe('better-sqlite3-node20')
    expect(driverModuleFor(undefined)).toBe('better-sqlite3-node20')
  })

  it('opens a database on the Node running the tests, with the durability settings the app relies on', () => {
    const sqlite = openSqlite(':memory:')
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2) // FULL
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000)
    sqlite.close()
  })
})
