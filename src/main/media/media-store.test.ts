import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { createMediaStore } from './media-store'
import { processImage, type ProcessedImage } from './pipeline'
import { photoJpeg } from './test-fixtures'

const dirs: { remove(): void }[] = []
afterAll(() => dirs.splice(0).forEach((d) => d.remove()))

function newStore() {
  // Not test-support's tempDir: that module loads the whole app, which this store does not need.
  const path = mkdtempSync(join(tmpdir(), 'ocop-media-'))
  dirs.push({ remove: () => rmSync(path, { recursive: true, force: true }) })
  return createMediaStore(path)
}

/** Every folder under the root (except .tmp), as `<2>/<key>`. */
function folders(root: string): string[] {
  return readdirSync(root)
    .filter((p) => p !== '.tmp')
    .flatMap((p) => readdirSync(join(root, p)).map((k) => `${p}/${k}`))
}

const HOUR = 3_600_000
let photo: Buffer
let processed: ProcessedImage

beforeAll(async () => {
  photo = await photoJpeg({ width: 640, height: 480, seed: 7 })
  processed = await processImage(photo)
})

describe('media store: put', () => {
  it('writes the four variants under <2 hex>/<sha256>/ and resolves them by key', async () => {
    const store = newStore()
    const stored = await store.put(processed)
    const key = createHash('sha256').update(photo).digest('hex')
    expect(stored.key).toBe(key)
    expect(stored.deduped).toBe(false)
    expect(folders(store.rootDir)).toEqual([`${key.slice(0, 2)}/${key}`])
    expect(readdirSync(join(store.rootDir, key.slice(0, 2), key)).sort()).toEqual(['card.webp', 'market.jpg', 'master.jpg', 'thumb.webp'])
    expect(stored.master).toEqual({ ext: 'jpg', mime: 'image/jpeg', width: 640, height: 480, bytes: processed.master.bytes.length })
    expect(stored.market).toMatchObject({ width: 800, height: 800, bytes: processed.market.bytes.length })
    expect(stored.bytes).toBe(processed.master.bytes.length + processed.thumb.bytes.length + processed.card.bytes.length + processed.market.bytes.length)
    for (const variant of ['master', 'thumb', 'card', 'market'] as const) {
      const r = store.resolve(key, variant)
      expect(r, variant).toBeDefined()
      expect(readFileSync(r!.path).equals(processed[variant].bytes)).toBe(true)
      expect(r!.mime).toBe(processed[variant].mime)
    }
    expect(store.resolve(key, 'file')).toBeUndefined()
    // Nothing is left in the staging folder.
    expect(readdirSync(join(store.rootDir, '.tmp'))).toEqual([])
  })

  it('stores the same photo once: the second put is a dedupe and writes nothing', async () => {
    const store = newStore()
    const first = await store.put(processed)
    const again = await store.put(await processImage(photo))
    expect(again.deduped).toBe(true)
    expect(again.key).toBe(first.key)
    expect(again.bytes).toBe(first.bytes)
    expect(again.master).toEqual(first.master)
    expect(folders(store.rootDir)).toHaveLength(1)
  })

  it('dedupes concurrent puts of the same photo into one folder', async () => {
    const store = newStore()
    const results = await Promise.all([store.put(processed), store.put(processed), store.put(processed)])
    expect(folders(store.rootDir)).toHaveLength(1)
    expect(results.every((r) => r.key === processed.sourceSha256)).toBe(true)
    expect(readdirSync(join(store.rootDir, '.tmp'))).toEqual([])
  })

  it('completes a folder an interrupted or damaged write left partial, instead of calling it a dedupe', async () => {
    const store = newStore()
    const key = processed.sourceSha256
    const folder = join(store.rootDir, key.slice(0, 2), key)
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'thumb.webp'), processed.thumb.bytes)
    expect(store.resolve(key, 'market')).toBeUndefined()
    const stored = await store.put(processed)
    expect(stored.deduped).toBe(false)
    expect(readdirSync(folder).sort()).toEqual(['card.webp', 'market.jpg', 'master.jpg', 'thumb.webp'])
    expect((await store.put(processed)).deduped).toBe(true)
  })

  it('keeps a PNG master as master.png', async () => {
    const store = newStore()
    const png = await sharp({ create: { width: 120, height: 90, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } } }).png().toBuffer()
    const stored = await store.put(await processImage(png))
    expect(stored.master).toMatchObject({ ext: 'png', mime: 'image/png' })
    expect(store.resolve(stored.key, 'master')!.path.endsWith('master.png')).toBe(true)
  })

  it('refuses a key that is not a SHA-256', async () => {
    const store = newStore()
    await expect(store.put({ ...processed, sourceSha256: '../../etc' })).rejects.toBeInstanceOf(AppError)
    expect(readdirSync(store.rootDir).filter((n) => n !== '.tmp')).toEqual([])
  })

  it('writes nothing when processing fails', async () => {
    const store = newStore()
    const truncated = photo.subarray(0, photo.length >> 1)
    await expect(processImage(truncated).then((p) => store.put(p))).rejects.toMatchObject({ details: { reason: 'media.corrupt' } })
    expect(readdirSync(store.rootDir)).toEqual([])
  })
})

describe('media store: putFile', () => {
  const pdf = Buffer.from('%PDF-1.4\n% Giấy chứng nhận OCOP 4 sao\n%%EOF\n')

  it('stores an attachment as <2>/<sha>/file.<ext>, once', async () => {
    const store = newStore()
    const first = await store.putFile(pdf, 'PDF', 'application/pdf')
    const key = createHash('sha256').update(pdf).digest('hex')
    expect(first).toEqual({ key, bytes: pdf.length, deduped: false, ext: 'pdf', mime: 'application/pdf' })
    expect(readdirSync(join(store.rootDir, key.slice(0, 2), key))).toEqual(['file.pdf'])
    expect(store.resolve(key, 'file')).toEqual({ path: join(store.rootDir, key.slice(0, 2), key, 'file.pdf'), mime: 'application/pdf' })
    expect((await store.putFile(pdf, 'pdf', 'application/pdf')).deduped).toBe(true)
    expect(store.resolve(key, 'master')).toBeUndefined()
  })

  it('refuses an extension that could escape the folder', async () => {
    const store = newStore()
    await expect(store.putFile(pdf, '../x', 'application/pdf')).rejects.toMatchObject({ details: { reason: 'media.bad_extension' } })
    await expect(store.putFile(pdf, 'p/df', 'application/pdf')).rejects.toBeInstanceOf(AppError)
  })

  it('lets the same bytes be both an attachment and an image', async () => {
    const store = newStore()
    const asFile = await store.putFile(photo, 'jpg', 'image/jpeg')
    const asImage = await store.put(processed)
    expect(asImage.key).toBe(asFile.key)
    expect(asImage.deduped).toBe(false)
    expect(store.resolve(asFile.key, 'file')).toBeDefined()
    expect(store.resolve(asFile.key, 'thumb')).toBeDefined()
  })
})

describe('media store: resolve', () => {
  it('rejects anything but 64 lowercase hex', async () => {
    const store = newStore()
    const { key } = await store.put(processed)
    for (const bad of ['../x', '..', `${key.slice(0, 62)}/..`, key.toUpperCase(), `${key}0`, key.slice(1), '', `../${key}`, `${key.slice(0, 2)}/../${key}`]) {
      expect(store.resolve(bad, 'master'), bad).toBeUndefined()
    }
    expect(store.resolve('0'.repeat(64), 'master')).toBeUndefined()
  })
})

describe('media store: gc', () => {
  async function storeWithThree() {
    const store = newStore()
    const keep = await store.put(processed)
    const orphan = await store.putFile(Buffer.from('orphan certificate'), 'pdf', 'application/pdf')
    const other = await store.put(await processImage(await photoJpeg({ width: 300, height: 300, seed: 99 })))
    return { store, keep, orphan, other }
  }

  it('removes unreferenced folders past the grace period and keeps referenced ones', async () => {
    const { store, keep, orphan, other } = await storeWithThree()
    const r = await store.gc(new Set([keep.key]), { olderThanMs: HOUR, now: Date.now() + 2 * HOUR })
    expect(r.removed.sort()).toEqual([orphan.key, other.key].sort())
    expect(r.keptYoung).toBe(0)
    expect(store.resolve(keep.key, 'master')).toBeDefined()
    expect(store.resolve(orphan.key, 'file')).toBeUndefined()
    expect(store.resolve(other.key, 'thumb')).toBeUndefined()
    expect(folders(store.rootDir)).toEqual([`${keep.key.slice(0, 2)}/${keep.key}`])
    expect(readdirSync(join(store.rootDir, '.tmp'))).toEqual([])
  })

  it('keeps young unreferenced folders: an upload whose row is not committed yet', async () => {
    const { store, keep, orphan, other } = await storeWithThree()
    const r = await store.gc(new Set([keep.key]), { olderThanMs: HOUR, now: Date.now() })
    expect(r).toEqual({ removed: [], keptYoung: 2, tmpCleared: 0 })
    expect(store.resolve(orphan.key, 'file')).toBeDefined()
    expect(store.resolve(other.key, 'master')).toBeDefined()
  })

  it('makes a folder young again when an upload dedupes onto it', async () => {
    const store = newStore()
    const stored = await store.put(processed)
    const folder = join(store.rootDir, stored.key.slice(0, 2), stored.key)
    const past = new Date(Date.now() - 10 * HOUR)
    utimesSync(folder, past, past)
    expect((await store.put(processed)).deduped).toBe(true)
    const r = await store.gc(new Set(), { olderThanMs: HOUR, now: Date.now() })
    expect(r.removed).toEqual([])
    expect(store.resolve(stored.key, 'master')).toBeDefined()
  })

  it('clears stale leftovers of interrupted writes, never young ones, and ignores foreign names', async () => {
    const store = newStore()
    const { key } = await store.put(processed)
    const tmp = join(store.rootDir, '.tmp')
    mkdirSync(join(tmp, 'crashed-upload'), { recursive: true })
    writeFileSync(join(tmp, 'crashed-upload', 'master.jpg'), 'half a file')
    const part = join(store.rootDir, key.slice(0, 2), key, '.file.pdf.123.part')
    writeFileSync(part, 'half')
    mkdirSync(join(store.rootDir, 'not-media'), { recursive: true })
    mkdirSync(join(store.rootDir, 'ab', 'not-a-key'), { recursive: true })

    const young = await store.gc(new Set([key]), { olderThanMs: HOUR, now: Date.now() })
    expect(young.tmpCleared).toBe(0)
    expect(existsSync(join(tmp, 'crashed-upload'))).toBe(true)

    const old = await store.gc(new Set([key]), { olderThanMs: HOUR, now: Date.now() + 2 * HOUR })
    expect(old).toEqual({ removed: [], keptYoung: 0, tmpCleared: 2 })
    expect(readdirSync(tmp)).toEqual([])
    expect(existsSync(part)).toBe(false)
    expect(existsSync(join(store.rootDir, 'not-media'))).toBe(true)
    expect(existsSync(join(store.rootDir, 'ab', 'not-a-key'))).toBe(true)
    expect(store.resolve(key, 'card')).toBeDefined()
  })

  it('a crash before the final rename leaves no folder that looks complete', async () => {
    const store = newStore()
    // What a crash mid-put leaves: files in a staging folder, nothing under the key.
    const staging = join(store.rootDir, '.tmp', 'crash-1')
    mkdirSync(staging, { recursive: true })
    writeFileSync(join(staging, 'master.jpg'), processed.master.bytes)
    writeFileSync(join(staging, 'thumb.webp'), processed.thumb.bytes)
    expect(store.resolve(processed.sourceSha256, 'master')).toBeUndefined()
    const stored = await store.put(processed)
    expect(stored.deduped).toBe(false)
    expect(store.resolve(processed.sourceSha256, 'market')).toBeDefined()
    rmSync(staging, { recursive: true, force: true })
  })
})
