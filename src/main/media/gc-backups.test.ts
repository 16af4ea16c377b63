// Garbage collection never takes a photo that a database backup still refers to: restoring the
// backup must bring its photos back.
import { readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { COOP, createTestApp, type TestApp } from '../test-support'
import { mediaKeysInBackups } from './backup-references'
import { photoJpeg } from './test-fixtures'

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

const HOUR = 3600_000

describe('media garbage collection and backups', () => {
  it('keeps the files of a photo removed after a backup, until that backup is gone', async () => {
    const app = await createTestApp()
    apps.push(app)
    await app.ok('sellers.createSeller', COOP)
    const product = await app.ok('catalog.createProduct', { name: 'Cam Canh', variants: [{ sku: 'CC-1', unit: 'kg', priceVnd: 45000 }] })
    const bytes = new Uint8Array(await photoJpeg({ width: 320, height: 240, seed: 7 }))
    const added = await app.ok('catalog.addProductImages', { productId: product.id, files: [{ name: 'cam.jpg', bytes }] })
    const key = added.images[0]!.mediaKey

    const backup = await app.ok('system.createBackup', {})
    expect(mediaKeysInBackups(app.paths.backupsDir).keys).toEqual(new Set([key]))

    await app.ok('catalog.removeProductImage', { id: added.images[0]!.id })
    app.clock.advance(2 * HOUR)
    expect(await app.ok('system.collectMediaGarbage', {})).toEqual({ removed: 0, keptYoung: 0 })
    expect(app.media.resolve(key, 'master')).toBeDefined()

    unlinkSync(backup.file)
    expect(await app.ok('system.collectMediaGarbage', {})).toEqual({ removed: 1, keptYoung: 0 })
    expect(app.media.resolve(key, 'master')).toBeUndefined()
  })

  it('reads a backup without photos, and reports one it cannot read', async () => {
    const app = await createTestApp()
    apps.push(app)
    await app.ok('system.createBackup', {})
    writeFileSync(`${app.paths.backupsDir}/manual-broken.sqlite`, 'not a database at all')
    const found = mediaKeysInBackups(app.paths.backupsDir)
    expect(found.keys.size).toBe(0)
    expect(found.unreadable).toEqual(['manual-broken.sqlite'])
    expect(readdirSync(app.paths.backupsDir)).toHaveLength(2)
  })
})
