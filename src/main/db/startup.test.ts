import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fixedClock } from '../clock'
import { dataPaths } from '../paths'
import { tempDir } from '../test-support'
import { openSqlite } from './connection'
import { AUTO_BACKUPS_KEPT, backupDatabase, listAutoBackups } from './migrate'
import { migrations } from './migrations'
import { openAppDatabase } from './startup'

const dirs: { remove(): void }[] = []
afterEach(() => dirs.splice(0).forEach((d) => d.remove()))

function freshPaths() {
  const dir = tempDir()
  dirs.push(dir)
  return dataPaths(dir.path)
}

describe('openAppDatabase', () => {
  it('creates and migrates a new database, in WAL mode, without a backup of nothing', async () => {
    const paths = freshPaths()
    const { opened, report } = await openAppDatabase(paths, fixedClock())
    expect(report.applied).toEqual(Object.keys(migrations))
    expect(report.backupFile).toBeNull()
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    await opened.close()
    expect(existsSync(paths.databaseFile)).toBe(true)
  })

  it('copies an existing database before start-up when no copy is younger than a day, and not again the same day', async () => {
    const paths = freshPaths()
    const clock = fixedClock('2026-11-28T01:00:00.000Z')
    const first = await openAppDatabase(paths, clock)
    await first.opened.db.insertInto('seller').values({ id: 'sel_1', kind: 'cooperative', name: 'HTX A', tax_code: null, representative: null, phone: null, email: null, address: null, bank_name: null, bank_account_number: null, bank_account_name: null, is_default: 1, created_at: clock.isoNow(), updated_at: clock.isoNow() }).execute()
    await first.opened.close()

    const second = await openAppDatabase(paths, clock)
    expect(second.report.backupFile).toMatch(/auto-20261128T010000Z-daily\.sqlite$/)
    await second.opened.close()
    const copy = openSqlite(second.report.backupFile!)
    expect(copy.prepare('SELECT name FROM seller').all()).toEqual([{ name: 'HTX A' }])
    copy.close()

    const third = await openAppDatabase(paths, clock)
    expect(third.report.backupFile).toBeNull()
    await third.opened.close()
  })

  it('keeps only the last five automatic copies', async () => {
    const paths = freshPaths()
    const sqlite = openSqlite(join(paths.dataDir, 'x.sqlite'))
    sqlite.exec('CREATE TABLE t (a)')
    for (let i = 0; i < AUTO_BACKUPS_KEPT + 3; i++) {
      backupDatabase({ sqlite, backupsDir: paths.backupsDir, nowIso: `2026-11-${String(10 + i).padStart(2, '0')}T00:00:00.000Z`, kind: 'auto' })
    }
    backupDatabase({ sqlite, backupsDir: paths.backupsDir, nowIso: '2026-11-01T00:00:00.000Z', kind: 'manual' })
    sqlite.close()
    const autos = listAutoBackups(paths.backupsDir)
    expect(autos).toHaveLength(AUTO_BACKUPS_KEPT)
    expect(autos[0]).toContain('20261113')
    expect(readdirSync(paths.backupsDir).filter((f) => f.startsWith('manual-'))).toHaveLength(1)
  })

  it('makes a daily copy again once the newest one is older than a day', async () => {
    const paths = freshPaths()
    const clock = fixedClock('2026-11-28T01:00:00.000Z')
    await (await openAppDatabase(paths, clock)).opened.close()
    const second = await openAppDatabase(paths, clock)
    await second.opened.close()
    clock.advance(19 * 3600_000)
    const sameDay = await openAppDatabase(paths, clock)
    expect(sameDay.report.backupFile).toBeNull()
    await sameDay.opened.close()
    clock.advance(2 * 3600_000)
    const third = await openAppDatabase(paths, clock)
    expect(third.report.backupFile).not.toBeNull()
    await third.opened.close()
  })
})
