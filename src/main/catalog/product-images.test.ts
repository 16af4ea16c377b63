// Product photos through the real dispatcher: real SQLite in memory, real sharp (inline runner),
// real content-addressed store in a temp folder. No mocks.
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Envelope } from '@shared/contract/errors'
import { LEFT_COLOUR, near, orientedGpsJpeg, photoJpeg, pixelAt, RIGHT_COLOUR } from '../media/test-fixtures'
import { COOP, createTestApp, type TestApp } from '../test-support'

let PHOTO_A: Buffer
let PHOTO_B: Buffer
let PHOTO_C: Buffer
let ORIENTED: Buffer

beforeAll(async () => {
  // Small photos keep the suite fast; three different seeds give three different keys.
  PHOTO_A = await photoJpeg({ width: 480, height: 360, seed: 1 })
  PHOTO_B = await photoJpeg({ width: 480, height: 360, seed: 2 })
  PHOTO_C = await photoJpeg({ width: 480, height: 360, seed: 3 })
  ORIENTED = await orientedGpsJpeg()
})

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

async function setup() {
  const app = await createTestApp()
  apps.push(app)
  await app.ok('sellers.createSeller', COOP)
  const honey = await app.ok('catalog.createProduct', {
    name: 'Mật ong hoa nhãn Hưng Yên',
    variants: [
      { sku: 'MO-250', optionLabel: 'Hũ 250 g', unit: 'hũ', priceVnd: 85000 },
      { sku: 'MO-500', optionLabel: 'Hũ 500 g', unit: 'hũ', priceVnd: 150000 },
    ],
  })
  const rice = await app.ok('catalog.createProduct', { name: 'Gạo nếp cái hoa vàng', variants: [{ sku: 'GN-2', unit: 'túi', priceVnd: 120000 }] })
  return { app, honey, rice }
}

const file = (name: string, bytes: Uint8Array) => ({ name, bytes: new Uint8Array(bytes) })

interface ErrorShape {
  code: string
  message: string
  details: { reason?: string; file?: string; fileIndex?: number; issues?: { path: (string | number)[]; code: string }[] }
}
function errorOf(result: Envelope<unknown>): ErrorShape {
  expect(result.ok).toBe(false)
  return (result as unknown as { error: ErrorShape }).error
}

/** Keys of the stored sets (`<mediaDir>/<2 hex>/<key>`), leftovers in .tmp excluded. */
function storedKeys(mediaDir: string): string[] {
  if (!existsSync(mediaDir)) return []
  return readdirSync(mediaDir)
    .filter((prefix) => /^[0-9a-f]{2}$/.test(prefix))
    .flatMap((prefix) => readdirSync(join(mediaDir, prefix)))
    .sort()
}

async function mediaRows(app: TestApp): Promise<string[]> {
  return (await app.database.db.selectFrom('media').select('key').orderBy('key').execute()).map((r) => r.key)
}

async function coverInList(app: TestApp, productId: string): Promise<string | null> {
  const page = await app.ok('catalog.searchProducts', { query: '' })
  return page.items.find((i) => i.id === productId)!.coverMediaKey
}

describe('catalog.addProductImages', () => {
  it('adds two photos in order, the first as cover; getProduct and searchProducts agree', async () => {
    const { app, honey } = await setup()
    const added = await app.ok('catalog.addProductImages', { productId: honey.id, altText: 'Hũ mật ong', files: [file('a.jpg', PHOTO_A), file('b.jpg', PHOTO_B)] })
    expect(added.productId).toBe(honey.id)
    expect(added.images).toHaveLength(2)
    expect(added.addedIds).toEqual(added.images.map((i) => i.id))
    expect(added.images.map((i) => [i.position, i.isCover])).toEqual([
      [0, true],
      [1, false],
    ])
    expect(added.images[0]).toMatchObject({ productId: honey.id, variantId: null, altText: 'Hũ mật ong', width: 480, height: 360, mime: 'image/jpeg' })
    expect(added.images[0]!.mediaKey).toMatch(/^[0-9a-f]{64}$/)
    expect(added.images[0]!.mediaKey).not.toBe(added.images[1]!.mediaKey)
    expect(added.images[0]!.bytes).toBeGreaterThan(0)

    const product = await app.ok('catalog.getProduct', { id: honey.id })
    expect(product.images).toEqual(added.images)
    // A photo change never bumps the product version (an open product form must still save).
    expect(product.version).toBe(1)
    expect(await coverInList(app, honey.id)).toBe(added.images[0]!.mediaKey)
    // The ranked full-text path and an exact SKU hit carry the cover too.
    for (const query of ['mat ong', 'MO-500']) {
      const hit = (await app.ok('catalog.searchProducts', { query })).items.find((i) => i.id === honey.id)
      expect(hit?.coverMediaKey, query).toBe(added.images[0]!.mediaKey)
    }
  })

  it('does not add the same photo twice, and stores its files once', async () => {
    const { app, honey } = await setup()
    const first = await app.ok('catalog.addProductImages', { productId: honey.id, files: [file('a.jpg', PHOTO_A), file('b.jpg', PHOTO_B)] })
    expect(storedKeys(app.paths.mediaDir)).toEqual(first.images.map((i) => i.mediaKey).sort())

    const again = await app.ok('catalog.addProductImages', { productId: honey.id, files: [file('a-copy.jpg', PHOTO_A)] })
    expect(again.addedIds).toEqual([])
    expect(again.images.map((i) => i.id)).toEqual(first.images.map((i) => i.id))
    // Twice in one batch is kept once, too.
    const batch = await app.ok('catalog.addProductImages', { productId: honey.id, files: [file('c.jpg', PHOTO_C), file('c2.jpg', PHOTO_C)] })
    expect(batch.addedIds).toHaveLength(1)
    expect(batch.images).toHaveLength(3)

    const keys = storedKeys(app.paths.mediaDir)
    expect(keys).toHaveLength(3)
    expect(new Set(keys).size).toBe(3)
    expect(keys).toEqual(batch.images.map((i) => i.mediaKey).sort())
    expect(await mediaRows(app)).toEqual(keys)
    // Each set holds the four variants.
    const key = first.images[0]!.mediaKey
    expect(readdirSync(join(app.paths.mediaDir, key.slice(0, 2), key)).sort()).toEqual(['card.webp', 'market.jpg', 'master.jpg', 'thumb.webp'])
  })

  it('stores an upright master without EXIF, GPS or XMP', async () => {
    const { app, honey } = await setup()
    const added = await app.ok('catalog.addProductImages', { productId: honey.id, files: [file('IMG_0001.JPG', ORIENTED)] })
    const image = added.images[0]!
    // Stored 300×200 with orientation 6: upright it is 200×300.
    expect(image).toMatchObject({ width: 200, height: 300, mime: 'image/jpeg' })
    const master = app.media.resolve(image.mediaKey, 'master')
    expect(master).toBeDefined()
    expect(master!.mime).toBe('image/jpeg')
    const meta = await sharp(master!.path).metadata()
    expect(meta.width).toBe(200)
    expect(meta.height).toBe(300)
    expect(meta.exif).toBeUndefined()
    expect(meta.xmp).toBeUndefined()
    expect(meta.orientation ?? 1).toBe(1)
    const { readFile } = await import('node:fs/promises')
    const bytes = await readFile(master!.path)
    // Red was on the left as stored; turned upright it is on top, blue below.
    expect(near(await pixelAt(bytes, 100, 20), LEFT_COLOUR)).toBe(true)
    expect(near(await pixelAt(bytes, 100, 280), RIGHT_COLOUR)).toBe(true)
    expect(bytes.includes(Buffer.from('OCOP Test Camera'))).toBe(false)
    expect(bytes.includes(Buffer.from('Nguyen Van A'))).toBe(false)
  })

  it('refuses a whole batch when one file is truncated: nothing added, no media rows, no files', async () => {
    const { app, honey } = await setup()
    const before = await app.ok('catalog.addProductImages', { productId: honey.id, files: [file('a.jpg', PHOTO_A)] })
    const keysBefore = storedKeys(app.paths.mediaDir)
    const rowsBefore = await mediaRows(app)

    const error = errorOf(
      await app.call('catalog.addProductImages', {
        productId: honey.id,
        files: [file('good.jpg', PHOTO_B), file('broken.jpg', PHOTO_C.subarray(0, PHOTO_C.length >> 1))],
      }),
    )
    expect(error.code).toBe('VALIDATION')
    expect(error.details).toMatchObject({ reason: 'media.corrupt', file: 'broken.jpg', fileIndex: 1 })
    expect(error.message).toContain('broken.jpg')

    expect((await app.ok('catalog.getProduct', { id: honey.id })).images).toEqual(before.images)
    expect(await mediaRows(app)).toEqual(rowsBefore)
    // The good first file was processed but never stored: every file is checked before any is written.
    expect(storedKeys(app.paths.mediaDir)).toEqual(keysBefore)
  })

  it('judges a file by its content, not its name: text named photo.jpg is media.unsupported_format', async () => {
    const { app, honey } = await setup()
    const error = errorOf(
      await app.call('catalog.addProductImages', { productId: honey.id, files: [file('photo.jpg', Buffer.from('Mật ong hoa nhãn, không phải ảnh\n'.repeat(20)))] }),
    )
    expect(error.code).toBe('VALIDATION')
    expect(error.details).toMatchObject({ reason: 'media.unsupported_format', file: 'photo.jpg', fileIndex: 0 })
    expect(await mediaRows(app)).toEqual([])
  })

  it('refuses an unknown product with NOT_FOUND and an empty batch with VALIDATION', async () => {
    const { app } = await setup()
    expect(errorOf(await app.call('catalog.addProductImages', { productId: 'prd_nope', files: [file('a.jpg', PHOTO_A)] })).code).toBe('NOT_FOUND')
    expect(errorOf(await app.call('catalog.addProductImages', { productId: 'prd_nope', files: [] })).code).toBe('VALIDATION')
  })
})

describe('catalog.reorderProductImages / updateProductImage / removeProductImage', () => {
  it('reorders: the new first photo becomes the cover, and the list follows', async () => {
    const { app, honey } = await setup()
    const added = await app.ok('catalog.addProductImages', { productId: honey.id, files: [file('a.jpg', PHOTO_A), file('b.jpg', PHOTO_B)] })
    const [a, b] = added.images
    const reordered = await app.ok('catalog.reorderProductImages', { productId: honey.id, imageIds: [b!.id, a!.id] })
    expect(reordered.images.map((i) => [i.id, i.position, i.isCover])).toEqual([
      [b!.id, 0, true],
      [a!.id, 1, false],
    ])
    expect(reordered.addedIds).toEqual([])
    expect((await app.ok('catalog.getProduct', { id: honey.id })).images.map((i) => i.id)).toEqual([b!.id, a!.id])
    expect(await coverInList(app, honey.id)).toBe(b!.mediaKey)
  })

  it('refuses an order that leaves a photo out, repeats one, or names another product’s photo: media.order_mismatch', async () => {
    const { app, honey, rice } = await setup()
    const added = await app.ok('catalog.addProductImages', { productId: honey.id, files: [file('a.jpg', PHOTO_A), file('b.jpg', PHOTO_B)] })
    const foreign = await app.ok('catalog.addProductImages', { productId: rice.id, files: [file('c.jpg', PHOTO_C)] })
    const [a, b] = added.images
    for (const imageIds of [[a!.id], [a!.id, a!.id], [a!.id, foreign.images[0]!.id], [b!.id, a!.id, foreign.images[0]!.id], [a!.id, 'img_nope']]) {
      const error = errorOf(await app.call('catalog.reorderProductImages', { productId: honey.id, imageIds }))
      expect(error.code, JSON.stringify(imageIds)).toBe('VALIDATION')
      expect(error.details.reason).toBe('media.order_mismatch')
    }
    expect((await app.ok('catalog.getProduct', { id: honey.id })).images.map((i) => i.id)).toEqual([a!.id, b!.id])
    expect((await app.ok('catalog.getProduct', { id: rice.id })).images.map((i) => i.id)).toEqual([foreign.images[0]!.id])
  })

  it('changes alt text and variant; a variant of another product is NOT_FOUND', async () => {
    const { app, honey, rice } = await setup()
    const added = await app.ok('catalog.addProductImages', { productId: honey.id, files: [file('a.jpg', PHOTO_A)] })
    const image = added.images[0]!
    const updated = await app.ok('catalog.updateProductImage', { id: image.id, altText: 'Hũ 500 g trên bàn gỗ', variantId: honey.variants[1]!.id })
    expect(updated).toMatchObject({ id: image.id, altText: 'Hũ 500 g trên bàn gỗ', variantId: honey.variants[1]!.id, isCover: true })

    const foreign = errorOf(await app.call('catalog.updateProductImage', { id: image.id, variantId: rice.variants[0]!.id }))
    expect(foreign.code).toBe('NOT_FOUND')
    expect((await app.ok('catalog.getProduct', { id: honey.id })).images[0]!.variantId).toBe(honey.variants[1]!.id)

    // Only what is given changes; null clears.
    const cleared = await app.ok('catalog.updateProductImage', { id: image.id, variantId: null })
    expect(cleared).toMatchObject({ variantId: null, altText: 'Hũ 500 g trên bàn gỗ' })
    expect(errorOf(await app.call('catalog.updateProductImage', { id: 'img_nope', altText: 'x' })).code).toBe('NOT_FOUND')
  })

  it('adding with a variant of another product is NOT_FOUND before any work', async () => {
    const { app, honey, rice } = await setup()
    const error = errorOf(await app.call('catalog.addProductImages', { productId: honey.id, variantId: rice.variants[0]!.id, files: [file('a.jpg', PHOTO_A)] }))
    expect(error.code).toBe('NOT_FOUND')
    expect(storedKeys(app.paths.mediaDir)).toEqual([])
  })

  it('removing the cover moves the cover to the next photo; removing the last clears it', async () => {
    const { app, honey } = await setup()
    const added = await app.ok('catalog.addProductImages', { productId: honey.id, files: [file('a.jpg', PHOTO_A), file('b.jpg', PHOTO_B), file('c.jpg', PHOTO_C)] })
    const [a, b, c] = added.images
    const after = await app.ok('catalog.removeProductImage', { id: a!.id })
    expect(after.images.map((i) => [i.id, i.position, i.isCover])).toEqual([
      [b!.id, 0, true],
      [c!.id, 1, false],
    ])
    expect(await coverInList(app, honey.id)).toBe(b!.mediaKey)
    await app.ok('catalog.removeProductImage', { id: b!.id })
    const last = await app.ok('catalog.removeProductImage', { id: c!.id })
    expect(last.images).toEqual([])
    expect(await coverInList(app, honey.id)).toBeNull()
    expect(errorOf(await app.call('catalog.removeProductImage', { id: a!.id })).code).toBe('NOT_FOUND')
  })

  it('records images_add, image_update, images_reorder and image_remove in the product’s history', async () => {
    const { app, honey } = await setup()
    const added = await app.ok('catalog.addProductImages', { productId: honey.id, files: [file('a.jpg', PHOTO_A), file('b.jpg', PHOTO_B)] })
    const [a, b] = added.images
    await app.ok('catalog.updateProductImage', { id: a!.id, altText: 'Mặt trước' })
    await app.ok('catalog.reorderProductImages', { productId: honey.id, imageIds: [b!.id, a!.id] })
    await app.ok('catalog.removeProductImage', { id: a!.id })
    // A repeated photo adds nothing, and so writes no history.
    await app.ok('catalog.addProductImages', { productId: honey.id, files: [file('b.jpg', PHOTO_B)] })

    const entries = await app.ok('audit.listEntries', { entityId: honey.id })
    expect(entries.map((e) => e.action)).toEqual(['image_remove', 'images_reorder', 'image_update', 'images_add', 'create'])
    const [remove, reorder, , add] = entries
    expect(add).toMatchObject({ actor: 'tester', before: null, after: { imageIds: [a!.id, b!.id], mediaKeys: [a!.mediaKey, b!.mediaKey] } })
    expect(reorder).toMatchObject({ before: { imageIds: [a!.id, b!.id] }, after: { imageIds: [b!.id, a!.id] } })
    expect(remove).toMatchObject({ before: { imageId: a!.id, mediaKey: a!.mediaKey }, after: null })
  })
})

describe('system.collectMediaGarbage', () => {
  it('keeps everything during the grace hour, then removes only the unreferenced set from disk and from `media`', async () => {
    const { app, honey } = await setup()
    const added = await app.ok('catalog.addProductImages', { productId: honey.id, files: [file('a.jpg', PHOTO_A), file('b.jpg', PHOTO_B)] })
    const [a, b] = added.images
    await app.ok('catalog.removeProductImage', { id: a!.id })

    // Fixed clock: the row of the removed photo is brand new, so nothing is collected yet.
    expect((await app.ok('system.collectMediaGarbage', {})).removed).toBe(0)
    expect(storedKeys(app.paths.mediaDir)).toEqual([a!.mediaKey, b!.mediaKey].sort())
    expect(await mediaRows(app)).toEqual([a!.mediaKey, b!.mediaKey].sort())

    app.clock.advance(2 * 3600_000)
    // Two hours later both the row and the files of the removed photo go; the cover stays.
    const afterTwoHours = await app.ok('system.collectMediaGarbage', {})
    expect(await mediaRows(app)).toEqual([b!.mediaKey])
    expect(afterTwoHours).toEqual({ removed: 1, keptYoung: 0 })
    expect(storedKeys(app.paths.mediaDir)).toEqual([b!.mediaKey])
    expect(app.media.resolve(a!.mediaKey, 'thumb')).toBeUndefined()
    expect(app.media.resolve(b!.mediaKey, 'thumb')).toMatchObject({ mime: 'image/webp' })
    expect((await app.ok('catalog.getProduct', { id: honey.id })).images.map((i) => i.mediaKey)).toEqual([b!.mediaKey])
    // A second run finds nothing more to do.
    expect(await app.ok('system.collectMediaGarbage', {})).toEqual({ removed: 0, keptYoung: 0 })
  })

  it('a photo added back before collection is not lost', async () => {
    const { app, honey } = await setup()
    const added = await app.ok('catalog.addProductImages', { productId: honey.id, files: [file('a.jpg', PHOTO_A)] })
    await app.ok('catalog.removeProductImage', { id: added.images[0]!.id })
    await app.ok('catalog.addProductImages', { productId: honey.id, files: [file('a.jpg', PHOTO_A)] })
    app.clock.advance(2 * 3600_000)
    expect((await app.ok('system.collectMediaGarbage', {})).removed).toBe(0)
    expect(storedKeys(app.paths.mediaDir)).toEqual([added.images[0]!.mediaKey])
    expect(app.media.resolve(added.images[0]!.mediaKey, 'master')).toBeDefined()
  })
})
