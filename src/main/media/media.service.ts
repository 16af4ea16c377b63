/**
 * Media as the rest of the app sees it: files in, keys out. Processing (sharp) runs in the
 * media worker; files land in the content-addressed store; the `media` table records what
 * each key is. Callers write their own rows (product_image, lot_photo…) in the same
 * transaction as `recordMedia`, so a failed save leaves at most unreferenced files, which
 * garbage collection removes after a grace period — never a row without its file.
 */
import { readFile } from 'node:fs/promises'
import { AppError } from '@shared/contract/errors'
import type { MediaVariant, UploadFile } from '@shared/contract/media'
import type { Clock } from '../clock'
import type { Db } from '../db/connection'
import type { MediaStore } from './media-store'
import type { MediaRunner } from './worker-pool'

export interface IngestedMedia {
  readonly key: string
  readonly kind: 'image' | 'document'
  readonly mime: string
  readonly ext: string
  readonly width: number | null
  readonly height: number | null
  readonly bytes: number
  readonly originalName: string
}

/** Files younger than this are never collected: their rows may not be committed yet. */
export const GC_GRACE_MS = 60 * 60 * 1000

export interface MediaService {
  /** Every file is processed before any is stored: one bad file refuses the whole call. */
  ingestImages(files: readonly UploadFile[]): Promise<IngestedMedia[]>
  /** A scanned certificate: a PDF as it is, or an image through the image pipeline. */
  ingestDocument(file: UploadFile): Promise<IngestedMedia>
  /** Inside the caller's transaction. */
  recordMedia(trx: Db, items: readonly IngestedMedia[]): Promise<void>
  resolve(key: string, variant: MediaVariant): { path: string; mime: string } | undefined
  read(key: string, variant: MediaVariant): Promise<{ bytes: Buffer; mime: string } | undefined>
  collectGarbage(): Promise<{ removed: number; keptYoung: number }>
  close(): Promise<void>
}

function withFile(error: unknown, file: UploadFile, index: number): unknown {
  if (!(error instanceof AppError)) return error
  const details = typeof error.details === 'object' && error.details !== null ? error.details : {}
  return new AppError(error.code, `${file.name}: ${error.message}`, { ...details, file: file.name, fileIndex: index })
}

/** A PDF starts with %PDF- and, when complete, ends with %%EOF (maybe followed by whitespace). */
export function looksLikeCompletePdf(bytes: Uint8Array): 'pdf' | 'truncated' | 'no' {
  const head = Buffer.from(bytes.subarray(0, 5)).toString('latin1')
  if (head !== '%PDF-') return 'no'
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.byteLength - 1024))).toString('latin1')
  return tail.includes('%%EOF') ? 'pdf' : 'truncated'
}

export function createMediaService(deps: {
  db: Db
  clock: Clock
  store: MediaStore
  runner: MediaRunner
  /** File ages come from the file system's timestamps, so they are judged by the real clock (tests move `clock`). */
  fileSystemNow?: () => number
  /** Keys other copies of the data still need (the database backups): never collected. */
  keptElsewhere?: () => ReadonlySet<string>
}): MediaService {
  const { db, clock, store, runner } = deps
  const fileSystemNow = deps.fileSystemNow ?? Date.now

  /** Every file is processed before any is stored: a corrupt third photo stores nothing. */
  async function ingest(files: readonly UploadFile[]): Promise<IngestedMedia[]> {
    const processed = []
    for (const [index, file] of files.entries()) {
      try {
        processed.push({ file, result: await runner.process(file.bytes) })
      } catch (error) {
        throw withFile(error, file, index)
      }
    }
    const out: IngestedMedia[] = []
    for (const { file, result } of processed) {
      const stored = await store.put(result)
      const { master } = result
      out.push({ key: stored.key, kind: 'image', mime: master.mime, ext: master.ext, width: master.width, height: master.height, bytes: master.bytes.byteLength, originalName: file.name })
    }
    return out
  }

  return {
    ingestImages: ingest,

    async ingestDocument(file) {
      const pdf = looksLikeCompletePdf(file.bytes)
      if (pdf === 'truncated') {
        throw withFile(new AppError('VALIDATION', 'The PDF is incomplete (no end-of-file marker)', { reason: 'media.corrupt' }), file, 0)
      }
      if (pdf === 'pdf') {
        const stored = await store.putFile(file.bytes, 'pdf', 'application/pdf')
        return { key: stored.key, kind: 'document', mime: 'application/pdf', ext: 'pdf', width: null, height: null, bytes: file.bytes.byteLength, originalName: file.name }
      }
      return (await ingest([file]))[0]!
    },

    async recordMedia(trx, items) {
      const now = clock.isoNow()
      for (const item of items) {
        await trx
          .insertInto('media')
          .values({
            key: item.key,
            kind: item.kind,
            mime: item.mime,
            ext: item.ext,
            width: item.width,
            height: item.height,
            bytes: item.bytes,
            original_name: item.originalName,
            created_at: now,
          })
          .onConflict((oc) => oc.column('key').doNothing())
          .execute()
      }
    },

    resolve: (key, variant) => store.resolve(key, variant),

    async read(key, variant) {
      const found = store.resolve(key, variant)
      if (!found) return undefined
      return { bytes: await readFile(found.path), mime: found.mime }
    },

    async collectGarbage() {
      const cutoff = new Date(clock.now() - GC_GRACE_MS).toISOString()
      const referenced = await db.transaction().execute(async (trx) => {
        // Rows nothing points at any more go first (old enough that no save is in flight)…
        await trx
          .deleteFrom('media')
          .where('created_at', '<', cutoff)
          .where((eb) =>
            eb.and([
              eb.not(eb.exists(eb.selectFrom('product_image').select('product_image.id').whereRef('product_image.media_key', '=', 'media.key'))),
              eb.not(eb.exists(eb.selectFrom('lot_photo').select('lot_photo.lot_id').whereRef('lot_photo.media_key', '=', 'media.key'))),
              eb.not(
                eb.exists(eb.selectFrom('ocop_certificate').select('ocop_certificate.id').whereRef('ocop_certificate.scan_media_key', '=', 'media.key')),
              ),
            ]),
          )
          .execute()
        // …then the files no row knows, here or in a backup that may be restored.
        return new Set([...(await trx.selectFrom('media').select('key').execute()).map((r) => r.key), ...(deps.keptElsewhere?.() ?? [])])
      })
      const result = await store.gc(referenced, { olderThanMs: GC_GRACE_MS, now: fileSystemNow() })
      return { removed: result.removed.length, keptYoung: result.keptYoung }
    },

    close: () => runner.close(),
  }
}
