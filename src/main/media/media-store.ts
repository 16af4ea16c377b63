/**
 * Content-addressed media store. Every stored thing lives in its own folder named by a SHA-256:
 *
 *   <root>/<first 2 hex>/<sha256>/master.<jpg|png|webp>, thumb.webp, card.webp, market.jpg
 *   <root>/<first 2 hex>/<sha256>/file.<ext>                    (a scanned certificate, a PDF…)
 *
 * An image's key is the SHA-256 of the uploaded bytes (ProcessedImage.sourceSha256), so the same
 * photo uploaded twice is processed twice but stored once. The database keeps keys only, never
 * paths: the data folder can move.
 *
 * Atomicity: a new folder is written completely under <root>/.tmp/<random>/ (each file fsynced),
 * then renamed into place in one step, so a folder under its key either does not exist or holds
 * every file; a crash leaves at most a leftover in .tmp, which gc() clears. (A completion marker
 * was the alternative; it needs every reader to check it, the rename does not.) The rare case of
 * a folder that exists but lacks this kind's files (the same bytes stored once as a file and then
 * as an image, or a file deleted by hand) adds the missing files one by one, each through a
 * temporary name and a rename, and completeness is always judged on the full set of files.
 *
 * gc() deletes unreferenced folders only past a grace period, so an upload whose database row is
 * not committed yet is never deleted. A dedupe hit touches its folder, making it young again;
 * gc() moves a folder aside before deleting it and puts it back if it was touched meanwhile.
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync } from 'node:fs'
import { mkdir, open, readdir, rename, rm, stat, utimes } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '@shared/contract/errors'
import type { ProcessedImage } from './pipeline'

export type MediaVariant = 'master' | 'thumb' | 'card' | 'market' | 'file'

export interface StoredVariant {
  readonly ext: string
  readonly mime: string
  readonly width: number
  readonly height: number
  /** Size of the stored file. */
  readonly bytes: number
}

export interface StoredMedia {
  readonly key: string
  /** Total bytes of the four files. */
  readonly bytes: number
  /** True when the folder was already complete and nothing was written. */
  readonly deduped: boolean
  readonly master: StoredVariant
  readonly thumb: StoredVariant
  readonly card: StoredVariant
  readonly market: StoredVariant
}

export interface StoredFile {
  readonly key: string
  readonly bytes: number
  readonly deduped: boolean
  readonly ext: string
  readonly mime: string
}

export interface GcResult {
  /** Keys whose folders were deleted. */
  readonly removed: string[]
  /** Unreferenced folders kept because they are younger than the grace period. */
  readonly keptYoung: number
  /** Stale leftovers of interrupted writes that were cleared. */
  readonly tmpCleared: number
}

export interface MediaStore {
  readonly rootDir: string
  put(processed: ProcessedImage): Promise<StoredMedia>
  putFile(bytes: Uint8Array, ext: string, mime: string): Promise<StoredFile>
  resolve(key: string, variant: MediaVariant): { path: string; mime: string } | undefined
  gc(referenced: ReadonlySet<string>, options: { olderThanMs: number; now: number }): Promise<GcResult>
}

const KEY = /^[0-9a-f]{64}$/
const EXT = /^[a-z0-9]{1,10}$/
const TMP = '.tmp'
/** A file being added to an existing folder: `.<name>.<random>.part`. */
const PART = /^\..+\.part$/

export function isMediaKey(key: unknown): key is string {
  return typeof key === 'string' && KEY.test(key)
}

const MIME_BY_EXT: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  heic: 'image/heic',
  avif: 'image/avif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
}

export function mimeOfExt(ext: string): string {
  return MIME_BY_EXT[ext] ?? 'application/octet-stream'
}

interface FileToWrite {
  readonly name: string
  readonly bytes: Uint8Array
}

/** Which files make a folder complete for one kind of content. */
interface Kind {
  readonly has: (names: readonly string[]) => boolean
  /** Files of this kind already present, by stem (`master`, `file`…): their stored names. */
  readonly present: (names: readonly string[]) => Map<string, string>
}

const stemOf = (name: string) => name.slice(0, name.indexOf('.') < 0 ? name.length : name.indexOf('.'))

function kindOf(stems: readonly string[]): Kind {
  const present = (names: readonly string[]) => {
    const found = new Map<string, string>()
    for (const n of names) if (!n.startsWith('.') && stems.includes(stemOf(n)) && !found.has(stemOf(n))) found.set(stemOf(n), n)
    return found
  }
  return { present, has: (names) => present(names).size === stems.length }
}

const IMAGE_KIND = kindOf(['master', 'thumb', 'card', 'market'])
const FILE_KIND = kindOf(['file'])

const RETRYABLE = new Set(['EPERM', 'EACCES', 'EBUSY'])

function errCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined
}

/** rename, retried briefly on Windows' transient locks (antivirus, indexer). */
async function renameRetrying(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to)
      return
    } catch (e) {
      if (attempt >= 8 || !RETRYABLE.has(errCode(e) ?? '') || existsSync(to)) throw e
      await new Promise((r) => setTimeout(r, 15 * 2 ** attempt))
    }
  }
}

async function writeDurable(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx')
  try {
    await handle.writeFile(bytes)
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** fsync of a directory, so a rename into it survives a power cut (not possible on Windows: skipped). */
async function syncDir(path: string): Promise<void> {
  if (process.platform === 'win32') return
  try {
    const handle = await open(path, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // best effort
  }
}

const randomName = () => `${process.pid}-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`

async function listNames(dir: string): Promise<string[] | undefined> {
  try {
    return await readdir(dir)
  } catch (e) {
    if (errCode(e) === 'ENOENT' || errCode(e) === 'ENOTDIR') return undefined
    throw e
  }
}

export function createMediaStore(rootDir: string): MediaStore {
  const tmpRoot = join(rootDir, TMP)
  const folderOf = (key: string) => join(rootDir, key.slice(0, 2), key)

  function checkKey(key: string): void {
    if (!isMediaKey(key)) throw new AppError('VALIDATION', 'A media key is 64 lowercase hex characters.', { reason: 'media.bad_key' })
  }

  /**
   * Makes `folderOf(key)` hold `files` (or what an earlier write of the same content left there).
   * Returns the stored names by stem, and whether nothing had to be written.
   */
  async function commit(key: string, kind: Kind, files: readonly FileToWrite[]): Promise<{ deduped: boolean; names: Map<string, string> }> {
    const folder = folderOf(key)
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await listNames(folder)
      if (existing && kind.has(existing)) {
        // Make it young again, so a gc() that saw it old does not delete it under the new reference.
        const now = new Date()
        try {
          await utimes(folder, now, now)
          return { deduped: true, names: kind.present(existing) }
        } catch (e) {
          if (errCode(e) === 'ENOENT') continue // gc() moved it away just now: write it afresh
          throw e
        }
      }
      if (existing) {
        // The folder exists without this kind's files: add the missing ones, each atomically.
        const present = kind.present(existing)
        for (const f of files) {
          if (present.has(stemOf(f.name))) continue
          const part = join(folder, `.${f.name}.${randomName()}.part`)
          await writeDurable(part, f.bytes)
          await renameRetrying(part, join(folder, f.name))
        }
        await syncDir(folder)
        const after = (await listNames(folder)) ?? []
        if (kind.has(after)) return { deduped: false, names: kind.present(after) }
        continue
      }
      // A new folder: build it under .tmp, then one rename puts it in place.
      const staging = join(tmpRoot, randomName())
      await mkdir(staging, { recursive: true })
      try {
        for (const f of files) await writeDurable(join(staging, f.name), f.bytes)
        await syncDir(staging)
        await mkdir(join(rootDir, key.slice(0, 2)), { recursive: true })
        try {
          await renameRetrying(staging, folder)
          await syncDir(join(rootDir, key.slice(0, 2)))
          return { deduped: false, names: kind.present(files.map((f) => f.name)) }
        } catch (e) {
          // Someone else put the same content in place first: theirs is as good as ours.
          if (!existsSync(folder)) throw e
        }
      } finally {
        await rm(staging, { recursive: true, force: true })
      }
    }
    throw new AppError('INTERNAL', `Could not store media ${key}.`, { reason: 'media.store_failed' })
  }

  async function sizeOf(key: string, name: string): Promise<number> {
    return (await stat(join(folderOf(key), name))).size
  }

  return {
    rootDir,

    async put(processed) {
      const key = processed.sourceSha256
      checkKey(key)
      const p = processed
      const { deduped, names } = await commit(key, IMAGE_KIND, [
        { name: `master.${p.master.ext}`, bytes: p.master.bytes },
        { name: 'thumb.webp', bytes: p.thumb.bytes },
        { name: 'card.webp', bytes: p.card.bytes },
        { name: 'market.jpg', bytes: p.market.bytes },
      ])
      const variant = async (stem: 'master' | 'thumb' | 'card' | 'market'): Promise<StoredVariant> => {
        const name = names.get(stem)!
        const ext = name.slice(stem.length + 1)
        const bytes = deduped ? await sizeOf(key, name) : p[stem].bytes.byteLength
        return { ext, mime: mimeOfExt(ext), width: p[stem].width, height: p[stem].height, bytes }
      }
      const [master, thumb, card, market] = await Promise.all([variant('master'), variant('thumb'), variant('card'), variant('market')])
      return { key, bytes: master.bytes + thumb.bytes + card.bytes + market.bytes, deduped, master, thumb, card, market }
    },

    async putFile(bytes, ext, mime) {
      const cleanExt = ext.replace(/^\./, '').toLowerCase()
      if (!EXT.test(cleanExt)) {
        throw new AppError('VALIDATION', 'A file extension is 1 to 10 letters or digits.', { reason: 'media.bad_extension', ext })
      }
      const key = createHash('sha256').update(bytes).digest('hex')
      const { deduped, names } = await commit(key, FILE_KIND, [{ name: `file.${cleanExt}`, bytes }])
      const storedExt = names.get('file')!.slice('file.'.length)
      return { key, bytes: bytes.byteLength, deduped, ext: storedExt, mime: storedExt === cleanExt ? mime : mimeOfExt(storedExt) }
    },

    resolve(key, variant) {
      if (!isMediaKey(key)) return undefined
      const folder = folderOf(key)
      let names: string[]
      try {
        names = readdirSync(folder)
      } catch {
        return undefined
      }
      const name = names.find((n) => n.startsWith(`${variant}.`) && EXT.test(n.slice(variant.length + 1)))
      if (!name) return undefined
      return { path: join(folder, name), mime: mimeOfExt(name.slice(variant.length + 1)) }
    },

    async gc(referenced, { olderThanMs, now }) {
      const removed: string[] = []
      let keptYoung = 0
      let tmpCleared = 0
      const isOld = (s: { mtimeMs: number; ctimeMs: number }) => now - Math.max(s.mtimeMs, s.ctimeMs) >= olderThanMs

      // Leftovers of interrupted writes (young ones may be uploads in progress).
      for (const name of (await listNames(tmpRoot)) ?? []) {
        const path = join(tmpRoot, name)
        const s = await stat(path).catch(() => undefined)
        if (s && isOld(s)) {
          await rm(path, { recursive: true, force: true })
          tmpCleared++
        }
      }

      for (const prefix of (await listNames(rootDir)) ?? []) {
        if (!/^[0-9a-f]{2}$/.test(prefix)) continue
        for (const key of (await listNames(join(rootDir, prefix))) ?? []) {
          if (!isMediaKey(key) || !key.startsWith(prefix)) continue
          const folder = join(rootDir, prefix, key)
          if (referenced.has(key)) {
            for (const name of (await listNames(folder)) ?? []) {
              if (!PART.test(name)) continue
              const s = await stat(join(folder, name)).catch(() => undefined)
              if (s && isOld(s)) {
                await rm(join(folder, name), { force: true })
                tmpCleared++
              }
            }
            continue
          }
          const s = await stat(folder).catch(() => undefined)
          if (!s?.isDirectory()) continue
          if (!isOld(s)) {
            keptYoung++
            continue
          }
          // Move it aside first (atomic), then check nobody touched it in between, then delete.
          await mkdir(tmpRoot, { recursive: true })
          const aside = join(tmpRoot, `gc-${key}-${randomName()}`)
          try {
            await rename(folder, aside)
          } catch {
            continue
          }
          // (mtime only: the rename itself just changed the ctime; a dedupe hit sets the mtime.)
          const again = await stat(aside).catch(() => undefined)
          if (again && again.mtimeMs > s.mtimeMs) {
            // A put() deduped onto it after we looked: put it back.
            await rename(aside, folder).catch(() => rm(aside, { recursive: true, force: true }))
            keptYoung++
            continue
          }
          await rm(aside, { recursive: true, force: true })
          removed.push(key)
        }
      }
      return { removed, keptYoung, tmpCleared }
    },
  }
}
