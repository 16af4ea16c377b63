import { createHash } from 'node:crypto'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { DEFAULT_MEDIA_LIMITS, MARKETPLACE_IMAGE_RULES, marketSide, processImage, sniffImageContainer, type ProcessedImage } from './pipeline'
import {
  exifHasGps,
  heicContainer,
  LEFT_COLOUR,
  near,
  noiseJpeg,
  orientedGpsJpeg,
  photoJpeg,
  pixelAt,
  pngBomb,
  RIGHT_COLOUR,
} from './test-fixtures'

const WHITE = { r: 255, g: 255, b: 255 }

async function refusal(promise: Promise<unknown>): Promise<{ code: string; reason: string; details: Record<string, unknown>; message: string }> {
  const e = await promise.then(
    () => {
      throw new Error('expected a refusal, got a result')
    },
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(AppError)
  const err = e as AppError
  const details = err.details as Record<string, unknown>
  return { code: err.code, reason: String(details.reason), details, message: err.message }
}

const variants = (p: ProcessedImage) => [p.master, p.thumb, p.card, p.market] as const

describe('processImage: orientation and metadata', () => {
  it('the fixture really carries orientation 6, GPS and XMP', async () => {
    const meta = await sharp(await orientedGpsJpeg()).metadata()
    expect(meta.orientation).toBe(6)
    expect(meta.width).toBe(300)
    expect(meta.height).toBe(200)
    expect(exifHasGps(meta.exif)).toBe(true)
    expect(meta.exif!.includes(Buffer.from('OCOP Test Camera'))).toBe(true)
    expect(meta.xmp?.toString()).toContain('Nguyen Van A')
  })

  it('turns the photo upright and strips EXIF (GPS included), XMP and IPTC from all four variants', async () => {
    const input = await orientedGpsJpeg()
    const p = await processImage(input)
    expect(p.format).toBe('jpeg')
    expect(p.sourceSha256).toBe(createHash('sha256').update(input).digest('hex'))
    expect(p.sourceBytes).toBe(input.length)
    expect([p.width, p.height]).toEqual([200, 300])
    expect(p.hasAlpha).toBe(false)
    expect(p.master).toMatchObject({ mime: 'image/jpeg', ext: 'jpg', width: 200, height: 300 })
    for (const v of variants(p)) {
      const meta = await sharp(v.bytes).metadata()
      expect(meta.exif).toBeUndefined()
      expect(meta.orientation).toBeUndefined()
      expect(meta.xmp).toBeUndefined()
      expect(meta.iptc).toBeUndefined()
      expect(v.bytes.includes(Buffer.from('OCOP Test Camera'))).toBe(false)
      expect(v.bytes.includes(Buffer.from('Nguyen Van A'))).toBe(false)
      expect([meta.width, meta.height]).toEqual([v.width, v.height])
    }
    // Orientation 6 turns the stored left half into the top half.
    expect(near(await pixelAt(p.master.bytes, 100, 40), LEFT_COLOUR)).toBe(true)
    expect(near(await pixelAt(p.master.bytes, 100, 260), RIGHT_COLOUR)).toBe(true)
    expect(near(await pixelAt(p.thumb.bytes, Math.floor(p.thumb.width / 2), 10), LEFT_COLOUR)).toBe(true)
    expect(near(await pixelAt(p.thumb.bytes, Math.floor(p.thumb.width / 2), p.thumb.height - 10), RIGHT_COLOUR)).toBe(true)
    // The market square (800, padded left and right): red top, blue bottom, white sides.
    expect([p.market.width, p.market.height]).toEqual([800, 800])
    expect(near(await pixelAt(p.market.bytes, 400, 100), LEFT_COLOUR)).toBe(true)
    expect(near(await pixelAt(p.market.bytes, 400, 700), RIGHT_COLOUR)).toBe(true)
    expect(near(await pixelAt(p.market.bytes, 5, 400), WHITE, 3)).toBe(true)
  })

  it('sizes thumb and card inside 240 and 800 without enlarging', async () => {
    const big = await processImage(await photoJpeg({ width: 1800, height: 1200 }))
    expect(big.thumb).toMatchObject({ mime: 'image/webp', ext: 'webp', width: 240, height: 160 })
    expect(big.card).toMatchObject({ mime: 'image/webp', width: 800 })
    expect(Math.abs(big.card.height - 533)).toBeLessThanOrEqual(1)
    expect(big.master).toMatchObject({ width: 1800, height: 1200 })
    const small = await processImage(await photoJpeg({ width: 200, height: 100 }))
    expect(small.thumb).toMatchObject({ width: 200, height: 100 })
    expect(small.card).toMatchObject({ width: 200, height: 100 })
    for (const v of [big.thumb, big.card]) expect((await sharp(v.bytes).metadata()).format).toBe('webp')
  })
})

describe('processImage: the marketplace variant', () => {
  async function checkMarket(p: ProcessedImage) {
    const meta = await sharp(p.market.bytes).metadata()
    expect(meta.format).toBe('jpeg')
    expect(meta.space).toBe('srgb')
    expect(meta.channels).toBe(3)
    expect(meta.width).toBe(meta.height)
    expect(meta.width).toBe(p.market.width)
    expect(p.market.width).toBeGreaterThanOrEqual(MARKETPLACE_IMAGE_RULES.minSide)
    expect(p.market.width).toBeLessThanOrEqual(MARKETPLACE_IMAGE_RULES.maxSide)
    expect(p.market.bytes.length).toBeLessThanOrEqual(MARKETPLACE_IMAGE_RULES.maxBytes)
    expect(p.market).toMatchObject({ mime: 'image/jpeg', ext: 'jpg' })
    expect(meta.exif).toBeUndefined()
    return meta
  }

  it('pads a wide image to a white square without cropping', async () => {
    // 1200×400: a green product band with a red mark at its centre.
    const px = Buffer.alloc(1200 * 400 * 3)
    for (let i = 0; i < 1200 * 400; i++) px.set([30, 150, 60], i * 3)
    for (let y = 180; y < 220; y++) for (let x = 580; x < 620; x++) px.set([220, 30, 30], (y * 1200 + x) * 3)
    // The left and right ends keep their colour: nothing is cropped.
    const p = await processImage(await sharp(px, { raw: { width: 1200, height: 400, channels: 3 } }).png().toBuffer())
    await checkMarket(p)
    expect(p.market.width).toBe(1200)
    for (const [x, y] of [[0, 0], [1199, 0], [0, 1199], [1199, 1199], [600, 200], [600, 1000]] as const) {
      expect(near(await pixelAt(p.market.bytes, x, y), WHITE, 3), `white at ${x},${y}`).toBe(true)
    }
    expect(near(await pixelAt(p.market.bytes, 600, 600), { r: 220, g: 30, b: 30 })).toBe(true)
    expect(near(await pixelAt(p.market.bytes, 3, 600), { r: 30, g: 150, b: 60 })).toBe(true)
    expect(near(await pixelAt(p.market.bytes, 1196, 600), { r: 30, g: 150, b: 60 })).toBe(true)
  })

  it('flattens transparency onto white, and keeps alpha in the PNG master', async () => {
    const px = Buffer.alloc(600 * 600 * 4) // fully transparent…
    for (let y = 200; y < 400; y++) for (let x = 200; x < 400; x++) px.set([200, 120, 20, 255], (y * 600 + x) * 4) // …but an opaque orange square
    const p = await processImage(await sharp(px, { raw: { width: 600, height: 600, channels: 4 } }).png().toBuffer())
    expect(p.format).toBe('png')
    expect(p.hasAlpha).toBe(true)
    expect(p.master.mime).toBe('image/png')
    const masterMeta = await sharp(p.master.bytes).metadata()
    expect(masterMeta.hasAlpha).toBe(true)
    expect((await pixelAt(p.master.bytes, 10, 10))[3]).toBe(0)
    await checkMarket(p)
    expect(p.market.width).toBe(800)
    expect(near(await pixelAt(p.market.bytes, 20, 20), WHITE, 3)).toBe(true) // was transparent: white, not black
    expect(near(await pixelAt(p.market.bytes, 400, 400), { r: 200, g: 120, b: 20 })).toBe(true)
    expect((await sharp(p.thumb.bytes).metadata()).hasAlpha).toBe(true)
  })

  it('uses a side between the rules for every source size', () => {
    expect(marketSide(100, 50)).toBe(MARKETPLACE_IMAGE_RULES.minSide)
    expect(marketSide(1000, 1200)).toBe(1200)
    expect(marketSide(4000, 3000)).toBe(MARKETPLACE_IMAGE_RULES.preferredSide)
    expect(MARKETPLACE_IMAGE_RULES.preferredSide).toBeLessThanOrEqual(MARKETPLACE_IMAGE_RULES.maxSide)
  })

  it('keeps a 12 MP photo of pure noise under 1 MB', async () => {
    const input = await noiseJpeg(4000, 3000)
    const p = await processImage(input)
    await checkMarket(p)
    expect(p.market.width).toBe(MARKETPLACE_IMAGE_RULES.preferredSide)
    expect([p.master.width, p.master.height]).toEqual([4000, 3000])
  })

  it('goes down the quality ladder, then the size ladder, for noise at full marketplace size', async () => {
    // 1600×1600 of noise is not smoothed by any downscale: 1.6 MB at q85, 1.06 MB at q65.
    const p = await processImage(await noiseJpeg(1600, 1600))
    await checkMarket(p)
    expect(p.market.quality).toBe(MARKETPLACE_IMAGE_RULES.qualitySteps.at(-1))
    expect(p.market.width).toBeLessThan(MARKETPLACE_IMAGE_RULES.preferredSide)
  })

  it('converts a greyscale source to a 3-channel sRGB marketplace JPEG', async () => {
    const grey = await sharp({ create: { width: 900, height: 700, channels: 3, background: { r: 90, g: 90, b: 90 } } })
      .toColourspace('b-w')
      .jpeg()
      .toBuffer()
    expect((await sharp(grey).metadata()).channels).toBe(1)
    await checkMarket(await processImage(grey))
  })
})

describe('processImage: other formats', () => {
  it('reads WebP (master stays WebP), AVIF, TIFF and the first frame of a GIF', async () => {
    const base = () => sharp(Buffer.from(photoJpegSync), { raw: { width: 320, height: 240, channels: 3 } })
    const webp = await processImage(await base().webp().toBuffer())
    expect(webp).toMatchObject({ format: 'webp', width: 320, height: 240 })
    expect(webp.master.mime).toBe('image/webp')
    const avif = await processImage(await base().avif().toBuffer())
    expect(avif).toMatchObject({ format: 'avif', width: 320, height: 240 })
    expect(avif.master.mime).toBe('image/jpeg')
    const tiff = await processImage(await base().tiff().toBuffer())
    expect(tiff).toMatchObject({ format: 'tiff', width: 320, height: 240 })
    // Two frames, red then blue: the first one is kept.
    const frames = Buffer.alloc(64 * 128 * 3)
    for (let i = 0; i < 64 * 64; i++) frames.set([230, 20, 20], i * 3)
    for (let i = 64 * 64; i < 64 * 128; i++) frames.set([20, 40, 220], i * 3)
    const gifBytes = await sharp(frames, { raw: { width: 64, height: 128, channels: 3, pageHeight: 64 } }).gif().toBuffer()
    expect((await sharp(gifBytes).metadata()).pages).toBe(2)
    const gif = await processImage(gifBytes)
    expect(gif).toMatchObject({ format: 'gif', width: 64, height: 64 })
    expect(near(await pixelAt(gif.master.bytes, 32, 32), LEFT_COLOUR, 40)).toBe(true)
  })

  it('detects by content, whatever the bytes would be called', () => {
    expect(sniffImageContainer(Buffer.from('%PDF-1.7\n'))).toBeUndefined()
    expect(sniffImageContainer(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined()
    expect(sniffImageContainer(heicContainer())).toBe('heif')
    expect(sniffImageContainer(pngBomb())).toBe('png')
  })
})

const photoJpegSync = (() => {
  const px = Buffer.alloc(320 * 240 * 3)
  for (let y = 0; y < 240; y++) for (let x = 0; x < 320; x++) px.set([x % 256, y, (x + y) % 256], (y * 320 + x) * 3)
  return px
})()

describe('processImage: refusals', () => {
  it('refuses a truncated JPEG as corrupt', async () => {
    const full = await photoJpeg({ width: 800, height: 600 })
    const r = await refusal(processImage(full.subarray(0, full.length >> 1)))
    expect(r).toMatchObject({ code: 'VALIDATION', reason: 'media.corrupt' })
  })

  it('refuses a truncated PNG as corrupt', async () => {
    const png = await sharp(photoJpegSync, { raw: { width: 320, height: 240, channels: 3 } }).png().toBuffer()
    const r = await refusal(processImage(png.subarray(0, png.length >> 1)))
    expect(r.reason).toBe('media.corrupt')
  })

  it.each([
    ['random bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251))],
    ['a text file', Buffer.from('Mật ong hoa nhãn Hưng Yên\n'.repeat(50))],
    ['a PDF', Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>')],
    ['an empty file', Buffer.alloc(0)],
  ])('refuses %s as an unsupported format', async (_what, bytes) => {
    const r = await refusal(processImage(bytes))
    expect(r).toMatchObject({ code: 'VALIDATION', reason: 'media.unsupported_format' })
  })

  it('refuses a decompression bomb from its header, before decoding', async () => {
    const bomb = pngBomb(30_000, 30_000)
    expect(bomb.length).toBeLessThan(2000)
    const t = performance.now()
    const r = await refusal(processImage(bomb))
    expect(performance.now() - t).toBeLessThan(500)
    expect(r.reason).toBe('media.too_many_pixels')
    expect(r.details).toMatchObject({ maxPixels: DEFAULT_MEDIA_LIMITS.maxInputPixels, width: 30_000, height: 30_000 })
  })

  it('applies a lower pixel limit given as an option', async () => {
    const r = await refusal(processImage(await photoJpeg({ width: 400, height: 300 }), { maxInputPixels: 100_000 }))
    expect(r.reason).toBe('media.too_many_pixels')
    expect(r.details).toMatchObject({ width: 400, height: 300, maxPixels: 100_000 })
  })

  it('refuses a file over the byte limit without looking at it', async () => {
    const photo = await photoJpeg({ width: 400, height: 300 })
    const r = await refusal(processImage(photo, { maxInputBytes: 1000 }))
    expect(r.reason).toBe('media.too_large')
    expect(r.details).toMatchObject({ maxBytes: 1000, bytes: photo.length })
    expect(DEFAULT_MEDIA_LIMITS.maxInputBytes).toBe(30 * 1024 * 1024)
  })

  it('refuses an image below the minimum side', async () => {
    const r = await refusal(processImage(await photoJpeg({ width: 40, height: 30 }), { minSide: 50 }))
    expect(r.reason).toBe('media.too_small')
  })

  it('refuses an HEVC HEIC it cannot decode with its own reason', async () => {
    const heic = heicContainer()
    const meta = await sharp(heic).metadata() // the container itself parses…
    expect([meta.format, meta.compression]).toEqual(['heif', 'hevc'])
    const r = await refusal(processImage(heic)) // …the HEVC picture does not
    expect(r.reason).toBe('media.heic_unsupported')
  })
})
