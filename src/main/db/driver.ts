/**
 * The one place that knows there are two builds of better-sqlite3.
 *
 * The app ships better-sqlite3 13 (Node-API 10 prebuilds inside the package: it loads in
 * Electron 45 with no rebuild). Node 20 only has Node-API 9 and crashes (SIGSEGV) when 13
 * opens a database, so on Node 20 — tests, and the HTTP mode on our CI machines — we load
 * 12.x, installed under the npm alias `better-sqlite3-node20`. Both have the same JS API.
 *
 * Remove the alias (and this switch) the day Node ≥ 22.14 is the floor everywhere.
 */
import { createRequire } from 'node:module'
import type BetterSqlite3 from 'better-sqlite3'

export type SqliteDatabase = BetterSqlite3.Database
export type SqliteConstructor = typeof BetterSqlite3

/** Node-API 10 arrived in Node 22.14 / 23.6 and is in every Electron ≥ 35. */
export function driverModuleFor(napiVersion: string | undefined): 'better-sqlite3' | 'better-sqlite3-node20' {
  return Number(napiVersion ?? 0) >= 10 ? 'better-sqlite3' : 'better-sqlite3-node20'
}

let cached: SqliteConstructor | undefined

export function loadSqlite(): SqliteConstructor {
  if (!cached) {
    const requireFromHere = createRequire(import.meta.url)
    cached = requireFromHere(driverModuleFor(process.versions.napi)) as SqliteConstructor
  }
  return cached
}
