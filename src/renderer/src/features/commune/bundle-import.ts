/**
 * Importing sellers' figures files in batches. The backend takes at most 20 files a call and
 * refuses the whole call when one of them is empty or larger than a bundle can be, so those are
 * answered here, file by file, and only the rest are sent.
 */
import { MAX_BUNDLE_BYTES, type BundleImportResultDto } from '@shared/contract/reports'

/** `commune.importBundles` accepts at most this many files a call (importBundlesInput). */
export const IMPORT_BATCH_SIZE = 20

export type ImportResult = BundleImportResultDto[number]

/** Refusals made before sending, next to the backend's `bundle_*` reasons. */
export type LocalRefusal = 'empty' | 'too_large'

export interface ChosenFile {
  readonly name: string
  readonly size: number
}

export function localRefusal(file: ChosenFile): LocalRefusal | null {
  if (file.size === 0) return 'empty'
  if (file.size > MAX_BUNDLE_BYTES) return 'too_large'
  return null
}

export function refusedHere(name: string, reason: LocalRefusal): ImportResult {
  return { fileName: name, outcome: 'refused', reason, message: null, sellerName: null, period: null, fingerprint: null }
}

export function batches<T>(items: readonly T[], size = IMPORT_BATCH_SIZE): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * Reads and sends the files batch by batch, in the order chosen, and answers one result per
 * file in that order. `send` is `commune.importBundles`; a batch whose call fails becomes an
 * error for its files (`onBatchError`), and the next batch is still tried.
 */
export async function importInBatches<F extends ChosenFile>(
  files: readonly F[],
  read: (file: F) => Promise<Uint8Array<ArrayBuffer>>,
  send: (files: { name: string; bytes: Uint8Array<ArrayBuffer> }[]) => Promise<ImportResult[]>,
  hooks: { onProgress?: (done: number) => void; onBatchError: (file: F, error: unknown) => ImportResult },
): Promise<ImportResult[]> {
  const results = new Map<F, ImportResult>()
  const toSend: F[] = []
  for (const file of files) {
    const refusal = localRefusal(file)
    if (refusal) results.set(file, refusedHere(file.name, refusal))
    else toSend.push(file)
  }
  let done = results.size
  hooks.onProgress?.(done)
  for (const batch of batches(toSend)) {
    try {
      const payload = await Promise.all(batch.map(async (file) => ({ name: file.name, bytes: await read(file) })))
      const answers = await send(payload)
      batch.forEach((file, index) => results.set(file, answers[index] ?? hooks.onBatchError(file, new Error('no answer for this file'))))
    } catch (error) {
      for (const file of batch) results.set(file, hooks.onBatchError(file, error))
    }
    done += batch.length
    hooks.onProgress?.(done)
  }
  return files.map((file) => results.get(file)!)
}

export interface PeriodGroup {
  readonly from: string
  readonly to: string
  readonly count: number
}

/** The periods other than `current` that have bundles, latest first, each with how many sellers sent one. */
export function otherPeriods(bundles: readonly { period: { from: string; to: string } }[], current: { from: string; to: string }): PeriodGroup[] {
  const groups = new Map<string, PeriodGroup>()
  for (const { period } of bundles) {
    if (period.from === current.from && period.to === current.to) continue
    const key = `${period.from}_${period.to}`
    const group = groups.get(key)
    groups.set(key, { from: period.from, to: period.to, count: (group?.count ?? 0) + 1 })
  }
  return [...groups.values()].sort((a, b) => (a.to === b.to ? b.from.localeCompare(a.from) : b.to.localeCompare(a.to)))
}
