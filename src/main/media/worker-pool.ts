/**
 * Runs the image pipeline off the main thread: a small pool of long-lived `worker_threads`
 * Workers (one by default; sharp is loaded once per worker and never unloaded), each running
 * media.worker.js. Jobs queue in the main thread and at most `concurrency` run in one worker at a
 * time, so 20 photos dropped at once do not hold 20 decoded images in memory.
 *
 * Buffers cross the thread boundary by transfer, not by copy, in both directions. The caller's
 * input is copied once into a fresh ArrayBuffer which is then transferred (≈1 ms for a 5 MB
 * photo): transferring the caller's own buffer would detach it under their feet, and a Buffer
 * from Node's pool shares its ArrayBuffer with unrelated data. Results are transferred back the
 * same way.
 *
 * Errors keep their shape: an AppError thrown in the worker (code, message, details) is rebuilt
 * as an AppError here. If a worker dies (crash, out of memory), its jobs in flight reject with
 * INTERNAL `media.worker_crashed`, and the next job spawns a new worker.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { AppError, isErrorCode, type ErrorBody } from '@shared/contract/errors'
import { processImage, type EncodedImage, type PipelineLimits, type ProcessedImage } from './pipeline'

export interface MediaRunner {
  process(input: Uint8Array, limits?: Partial<PipelineLimits>): Promise<ProcessedImage>
  close(): Promise<void>
}

export interface MediaWorkerPoolOptions {
  /** The built worker (CommonJS). Default: media.worker.js next to the main bundle. */
  readonly workerFile?: string
  /** Number of workers. Default 1. */
  readonly size?: number
  /** Jobs running at once in one worker. Default 2: keeps both halves of the pipeline busy while bounding memory. */
  readonly concurrency?: number
}

// ---------------------------------------------------------------------------------------------
// Wire protocol (shared with media.worker.ts)

export interface MediaJobRequest {
  readonly id: number
  readonly input: Uint8Array
  readonly limits?: Partial<PipelineLimits>
}

export type MediaJobResponse =
  | { readonly id: number; readonly ok: true; readonly image: ProcessedImage }
  | { readonly id: number; readonly ok: false; readonly error: ErrorBody }

/** A copy in a fresh, transferable ArrayBuffer. */
function ownedCopy(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(new ArrayBuffer(bytes.byteLength))
  copy.set(bytes)
  return copy
}

/** The image with each variant's bytes in its own ArrayBuffer, and the list to transfer. */
export function imageForTransfer(image: ProcessedImage): { image: ProcessedImage; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = []
  const own = <T extends EncodedImage>(v: T): T => {
    const copy = ownedCopy(v.bytes)
    transfer.push(copy.buffer)
    return { ...v, bytes: Buffer.from(copy.buffer, 0, copy.byteLength) }
  }
  return { image: { ...image, master: own(image.master), thumb: own(image.thumb), card: own(image.card), market: own(image.market) }, transfer }
}

/** After structured cloning the Buffers arrive as plain Uint8Arrays: view them as Buffers again (no copy). */
export function imageFromTransfer(image: ProcessedImage): ProcessedImage {
  const buf = <T extends EncodedImage>(v: T): T => ({ ...v, bytes: Buffer.from(v.bytes.buffer, v.bytes.byteOffset, v.bytes.byteLength) })
  return { ...image, master: buf(image.master), thumb: buf(image.thumb), card: buf(image.card), market: buf(image.market) }
}

export function errorToBody(e: unknown): ErrorBody {
  if (e instanceof AppError) return e.toBody()
  const message = e instanceof Error ? e.message : String(e)
  return { code: 'INTERNAL', message, details: { reason: 'media.internal' } }
}

export function errorFromBody(body: ErrorBody): AppError {
  return new AppError(isErrorCode(body.code) ? body.code : 'INTERNAL', body.message, body.details)
}

// ---------------------------------------------------------------------------------------------

/** Runs the pipeline in the calling thread (tests of other modules, scripts). */
export function createInlineRunner(): MediaRunner {
  return {
    process: (input, limits) => processImage(input, limits),
    close: async () => {},
  }
}

/**
 * Where the built worker is. The main bundle is out/main/index.js or cli.js, but code shared by
 * both entries lands in out/main/chunks/, so `__dirname` may be either folder.
 */
export function defaultMediaWorkerFile(): string {
  const candidates = [join(__dirname, 'media.worker.js'), join(__dirname, '..', 'media.worker.js')]
  return candidates.find((f) => existsSync(f)) ?? candidates[0]!
}

interface Job {
  readonly id: number
  readonly input: Uint8Array
  readonly limits: Partial<PipelineLimits> | undefined
  readonly resolve: (image: ProcessedImage) => void
  readonly reject: (error: AppError) => void
}

interface Slot {
  readonly worker: Worker
  readonly running: Map<number, Job>
  exitError?: string
}

export function createMediaWorkerPool(options: MediaWorkerPoolOptions = {}): MediaRunner {
  const workerFile = options.workerFile ?? defaultMediaWorkerFile()
  const size = Math.max(1, Math.floor(options.size ?? 1))
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 2))
  const slots: Slot[] = []
  const queue: Job[] = []
  let nextId = 1
  let closed = false

  const internal = (reason: string, message: string) => new AppError('INTERNAL', message, { reason })

  function spawn(): Slot {
    const worker = new Worker(workerFile)
    const slot: Slot = { worker, running: new Map() }
    worker.unref() // an idle pool never keeps the process alive
    worker.on('message', (msg: MediaJobResponse) => {
      const job = slot.running.get(msg.id)
      if (!job) return
      slot.running.delete(msg.id)
      if (slot.running.size === 0) worker.unref()
      if (msg.ok) job.resolve(imageFromTransfer(msg.image))
      else job.reject(errorFromBody(msg.error))
      pump()
    })
    worker.on('error', (e) => {
      slot.exitError = e.message
    })
    worker.on('exit', (code) => {
      const i = slots.indexOf(slot)
      if (i >= 0) slots.splice(i, 1)
      const why = slot.exitError ?? `exit code ${code}`
      for (const job of slot.running.values()) {
        job.reject(closed ? internal('media.pool_closed', 'The media worker pool was closed.') : internal('media.worker_crashed', `The media worker stopped (${why}).`))
      }
      slot.running.clear()
      if (!closed) pump()
    })
    slots.push(slot)
    return slot
  }

  function pump(): void {
    while (!closed && queue.length > 0) {
      let slot = slots.filter((s) => s.running.size < concurrency).sort((a, b) => a.running.size - b.running.size)[0]
      if (!slot && slots.length < size) {
        if (!existsSync(workerFile)) {
          for (const job of queue.splice(0)) job.reject(internal('media.worker_missing', `The media worker file is missing: ${workerFile}`))
          return
        }
        slot = spawn()
      }
      if (!slot) return
      const job = queue.shift()!
      slot.running.set(job.id, job)
      slot.worker.ref()
      const request: MediaJobRequest = { id: job.id, input: job.input, ...(job.limits && { limits: job.limits }) }
      try {
        slot.worker.postMessage(request, [job.input.buffer as ArrayBuffer])
      } catch (e) {
        slot.running.delete(job.id)
        job.reject(internal('media.internal', `Could not send the image to the media worker: ${e instanceof Error ? e.message : String(e)}`))
      }
    }
  }

  return {
    process(input, limits) {
      if (closed) return Promise.reject(internal('media.pool_closed', 'The media worker pool was closed.'))
      return new Promise<ProcessedImage>((resolve, reject) => {
        queue.push({ id: nextId++, input: ownedCopy(input), limits, resolve, reject })
        pump()
      })
    },
    async close() {
      if (closed) return
      closed = true
      for (const job of queue.splice(0)) job.reject(internal('media.pool_closed', 'The media worker pool was closed.'))
      await Promise.all(slots.map((s) => s.worker.terminate()))
    },
  }
}
