/**
 * Image fixtures for the media tests and the bench, generated with sharp at run time (no binary
 * blobs in the repository). Deterministic: the same arguments give the same bytes.
 */
import { crc32, deflateSync } from 'node:zlib'
import { resolve } from 'node:path'
import sharp from 'sharp'

/** Photographic-like RGB pixels: smooth gradients and waves plus a little grain (xorshift, seeded). */
export function photoPixels(width: number, height: number, seed = 1, grain = 16): Buffer {
  const buf = Buffer.alloc(width * height * 3)
  let s = seed >>> 0 || 1
  for (let y = 0; y < height; y++) {
    const fy = y / height
    for (let x = 0; x < width; x++) {
      s ^= s << 13
      s >>>= 0
      s ^= s >>> 17
      s ^= s << 5
      s >>>= 0
      const n = ((s & 0xff) - 128) / grain
      const fx = x / width
      const i = (y * width + x) * 3
      buf[i] = 40 + 160 * fx + 30 * Math.sin(fy * 9 + seed) + n
      buf[i + 1] = 60 + 120 * fy + 40 * Math.cos(fx * 7 + fy * 3) + n
      buf[i + 2] = 90 + 80 * (1 - fx) * fy + n
    }
  }
  return buf
}

/** A camera-like JPEG (quality 90), optionally with an EXIF orientation. */
export async function photoJpeg(options: { width?: number; height?: number; seed?: number; orientation?: number; quality?: number } = {}): Promise<Buffer> {
  const { width = 4000, height = 3000, seed = 1, orientation, quality = 90 } = options
  let img = sharp(photoPixels(width, height, seed), { raw: { width, height, channels: 3 } }).jpeg({ quality })
  if (orientation !== undefined) img = img.withMetadata({ orientation })
  return img.toBuffer()
}

/** Worst case for JPEG: uniform random noise over the whole frame. */
export async function noiseJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#000000', noise: { type: 'gaussian', mean: 128, sigma: 70 } } })
    .jpeg({ quality: 95 })
    .toBuffer()
}

export const LEFT_COLOUR = { r: 230, g: 20, b: 20 } as const
export const RIGHT_COLOUR = { r: 20, g: 40, b: 220 } as const
export const GPS_EXIF = {
  IFD0: { Make: 'OCOP Test Camera', Model: 'Fixture 1' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '21/1 1/1 30/1', GPSLongitudeRef: 'E', GPSLongitude: '105/1 50/1 0/1' },
}
export const XMP_PACKET =
  '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>Nguyen Van A</rdf:li></rdf:Seq></dc:creator></rdf:Description>' +
  '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'

/**
 * 300×200 as stored, left half red and right half blue, EXIF orientation 6 (the camera was turned
 * 90° clockwise), GPS position and an XMP packet. Upright it is 200×300 with red on top.
 */
export async function orientedGpsJpeg(): Promise<Buffer> {
  const width = 300
  const height = 200
  const px = Buffer.alloc(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = x < width / 2 ? LEFT_COLOUR : RIGHT_COLOUR
      px.set([c.r, c.g, c.b], (y * width + x) * 3)
    }
  }
  return sharp(px, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .withExif(GPS_EXIF)
    .withMetadata({ orientation: 6 })
    .withXmp(XMP_PACKET)
    .toBuffer()
}

/** True when an EXIF block has a GPS IFD pointer (tag 0x8825, either byte order). */
export function exifHasGps(exif: Buffer | undefined): boolean {
  if (!exif) return false
  return exif.includes(Buffer.from([0x25, 0x88, 0x04, 0x00])) || exif.includes(Buffer.from([0x88, 0x25, 0x00, 0x04]))
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/**
 * A decompression bomb: a valid PNG header (correct CRCs) declaring width×height greyscale pixels,
 * followed by a few compressed rows. A couple of hundred bytes on disk.
 */
export function pngBomb(width = 30_000, height = 30_000): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 0 // greyscale
  const rows = deflateSync(Buffer.alloc((width + 1) * 4))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', rows),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeUInt32BE(n)
  return b
}
const u16 = (n: number) => {
  const b = Buffer.alloc(2)
  b.writeUInt16BE(n)
  return b
}
const box = (type: string, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts)
  return Buffer.concat([u32(body.length + 8), Buffer.from(type, 'latin1'), body])
}
const fullBox = (type: string, version: number, ...parts: Buffer[]) => box(type, Buffer.from([version, 0, 0, 0]), ...parts)

/**
 * A structurally valid HEIC (ISO-BMFF `ftyp heic`, one `hvc1` item with a minimal hvcC record and
 * an `ispe` size) whose payload is a placeholder: the header parses like an iPhone photo's, and
 * decoding needs an HEVC decoder (which the prebuilt libvips does not ship, and which could not
 * decode the placeholder anyway).
 */
export function heicContainer(width = 4032, height = 3024): Buffer {
  const payload = Buffer.from('placeholder for an HEVC bitstream')
  const hvcC = box('hvcC', Buffer.from('0101600000009000000000005af000fcfdf8f800000f00', 'hex'))
  const build = (mdatOffset: number) =>
    Buffer.concat([
      box('ftyp', Buffer.from('heic', 'latin1'), u32(0), Buffer.from('mif1heic', 'latin1')),
      fullBox(
        'meta',
        0,
        fullBox('hdlr', 0, u32(0), Buffer.from('pict', 'latin1'), Buffer.alloc(12), Buffer.from([0])),
        fullBox('pitm', 0, u16(1)),
        fullBox('iloc', 0, Buffer.from([0x44, 0x00]), u16(1), u16(1), u16(0), u16(1), u32(mdatOffset), u32(payload.length)),
        fullBox('iinf', 0, u16(1), fullBox('infe', 2, u16(1), u16(0), Buffer.from('hvc1', 'latin1'), Buffer.from([0]))),
        box('iprp', box('ipco', hvcC, fullBox('ispe', 0, u32(width), u32(height))), fullBox('ipma', 0, u32(1), u16(1), Buffer.from([2, 0x81, 0x02]))),
      ),
      box('mdat', payload),
    ])
  const probe = build(0)
  return build(probe.length - payload.length)
}

/** RGB(A) at (x, y) of an encoded image. */
export async function pixelAt(image: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true })
  const i = (y * info.width + x) * info.channels
  return [...data.subarray(i, i + info.channels)]
}

/** Each channel within `tolerance` of the expected colour. */
export function near(actual: readonly number[], expected: { r: number; g: number; b: number }, tolerance = 24): boolean {
  return Math.abs(actual[0]! - expected.r) <= tolerance && Math.abs(actual[1]! - expected.g) <= tolerance && Math.abs(actual[2]! - expected.b) <= tolerance
}

export const REPO_ROOT = resolve(__dirname, '../../..')

/**
 * Bundles src/main/media/media.worker.ts into `outFile` as CommonJS (the way electron-vite builds
 * out/main/media.worker.js), for the worker-pool test and the bench when out/ has no worker yet.
 * `outFile` must lie inside the repository so that `require('sharp')` resolves.
 */
export async function bundleMediaWorker(outDir: string, fileName = 'media.worker.js'): Promise<string> {
  const { build } = await import('vite')
  await build({
    configFile: false,
    root: REPO_ROOT,
    logLevel: 'silent',
    resolve: { alias: { '@shared': resolve(REPO_ROOT, 'src/shared') } },
    build: {
      ssr: resolve(REPO_ROOT, 'src/main/media/media.worker.ts'),
      outDir,
      emptyOutDir: false,
      minify: false,
      sourcemap: false,
      rollupOptions: { output: { format: 'cjs', entryFileNames: fileName } },
    },
  })
  return resolve(outDir, fileName)
}
