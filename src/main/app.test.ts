import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '@shared/contract/errors'
import { contract, OPERATION_NAMES } from '@shared/contract/operations'
import { migrations } from './db/migrations'
import { createDispatcher, type Handlers } from './dispatch'
import { memoryLogger } from './logger'
import { COOP, createTestApp, tempDir } from './test-support'

describe('the contract and its handlers', () => {
  it('has a handler for every operation, and no handler outside the contract', async () => {
    const app = await createTestApp()
    expect(Object.keys(app.handlers).sort()).toEqual([...OPERATION_NAMES].sort())
  })

  it('declares only error codes from the closed list', () => {
    for (const name of OPERATION_NAMES) for (const code of contract[name].errors) expect(ERROR_CODES).toContain(code)
  })

  it('names operations domain.verb', () => {
    for (const name of OPERATION_NAMES) expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]+$/)
  })
})

describe('dispatch', () => {
  it('refuses an unknown operation, even one named like an Object property', async () => {
    const app = await createTestApp()
    for (const name of ['catalog.dropEverything', 'toString', '__proto__', 'constructor']) {
      const result = await app.invoke(name, {}, { actor: 't' })
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } })
    }
  })

  it('parses every input with the contract before the handler sees it', async () => {
    const app = await createTestApp()
    const result = await app.invoke('catalog.searchProducts', { query: 42 }, { actor: 't' })
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: ['query'], code: 'invalid_type' }] } } })
  })

  it('turns an unexpected failure into INTERNAL, keeping the stack in the log only', async () => {
    const logger = memoryLogger()
    const failing = { 'system.getInfo': async () => { throw new Error('disk on fire at /secret/path') } } as unknown as Handlers
    const invoke = createDispatcher(failing, logger)
    const result = await invoke('system.getInfo', {}, { actor: 't' })
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: expect.not.stringContaining('secret') } })
    expect(logger.lines.join('\n')).toContain('disk on fire at /secret/path')
  })

  it('reports where the data lives and what answers', async () => {
    const app = await createTestApp({ transport: 'ipc' })
    const info = await app.ok('system.getInfo', {})
    expect(info).toMatchObject({ transport: 'ipc', schemaVersion: Object.keys(migrations).at(-1), appVersion: '0.0.0-test' })
    expect(info.sqliteVersion).toMatch(/^3\.\d+/)
  })

  it('makes a manual backup on request', async () => {
    const dir = tempDir()
    const app = await createTestApp({ onDisk: dir.path })
    await app.ok('sellers.createSeller', COOP)
    const backup = await app.ok('system.createBackup', {})
    expect(backup.file).toMatch(/manual-20261128T030000Z\.sqlite$/)
    expect(backup.bytes).toBeGreaterThan(0)
    await app.close()
    dir.remove()
  })

  it('refuses a data folder another app has open, and gives it up on close', async () => {
    const dir = tempDir()
    const app = await createTestApp({ onDisk: dir.path })
    await expect(createTestApp({ onDisk: dir.path })).rejects.toThrow(/in use by another running copy/)
    await app.close()
    const again = await createTestApp({ onDisk: dir.path })
    await again.close()
    dir.remove()
  })

  it('queues again at once the outbox jobs a crash left running, marked to be checked before repeating', async () => {
    const dir = tempDir()
    const first = await createTestApp({ onDisk: dir.path })
    const seller = await first.ok('sellers.createSeller', COOP)
    const at = first.clock.isoNow()
    const sqlite = first.database.sqlite
    sqlite
      .prepare(`INSERT INTO channel_account (id, seller_id, kind, display_name, state, created_at, updated_at) VALUES ('cha_1', ?, 'file_export', 'Postmart', 'connected', ?, ?)`)
      .run(seller.id, at, at)
    // What a kill mid-call leaves: a job marked running, its lease far from over.
    const lease = new Date(first.clock.now() + 5 * 60_000).toISOString()
    sqlite
      .prepare(
        `INSERT INTO outbox_job (id, channel_account_id, listing_id, kind, idempotency_key, payload_json, status, attempts, next_attempt_at, lease_until, created_at, updated_at)
         VALUES ('obj_1', 'cha_1', NULL, 'pull_orders', 'obj_1', '{}', 'running', 0, ?, ?, ?, ?)`,
      )
      .run(at, lease, at, at)
    await first.close()

    const second = await createTestApp({ onDisk: dir.path })
    const job = second.database.sqlite.prepare(`SELECT status, uncertain, last_error_kind, lease_until FROM outbox_job WHERE id = 'obj_1'`).get()
    expect(job).toEqual({ status: 'pending', uncertain: 1, last_error_kind: 'interrupted', lease_until: null })
    expect(second.logger.lines.some((l) => l.startsWith('warn outbox: 1 job(s) were interrupted'))).toBe(true)
    await second.close()
    dir.remove()
  })
})
