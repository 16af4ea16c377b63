/**
 * The pool with a real worker thread. Vitest cannot run a .ts file in a Worker, so the worker is
 * bundled from source first, the way electron-vite builds out/main/media.worker.js (CommonJS,
 * sharp external), into a folder inside the repository so that `require('sharp')` resolves.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '@shared/contract/errors'
import { processImage } from './pipeline'
import { bundleMediaWorker, photoJpeg, REPO_ROOT } from './test-fixtures'
import { createInlineRunner, createMediaWorkerPool, type MediaRunner } from './worker-pool'

const outDir = join(REPO_ROOT, 'node_modules/.cache/ocop-media-worker-test', String(process.pid))
let workerFile: string
const runners: MediaRunner[] = []

beforeAll(async () => {
  workerFile = await bundleMediaWorker(outDir)
}, 60_000)

afterAll(async () => {
  await Promise.all(runners.splice(0).map((r) => r.close()))
  rmSync(outDir, { recursive: true, force: true })
})

function pool(options: Parameters<typeof createMediaWorkerPool>[0] = {}): MediaRunner {
  const p = createMediaWorkerPool({ workerFile, ...options })
  runners.push(p)
  return p
}

describe('media worker pool', () => {
  it('gives the same result as the inline runner, with Buffers, without touching the caller’s input', async () => {
    const input = await photoJpeg({ width: 900, height: 600, orientation: 6 })
    const copy = Buffer.from(input)
    const p = pool()
    const [viaWorker, inline] = await Promise.all([p.process(input), createInlineRunner().process(input)])
    expect(input.equals(copy)).toBe(true) // not detached, not changed
    expect(viaWorker.sourceSha256).toBe(inline.sourceSha256)
    expect([viaWorker.width, viaWorker.height]).toEqual([600, 900])
    for (const v of ['master', 'thumb', 'card', 'market'] as const) {
      expect(Buffer.isBuffer(viaWorker[v].bytes), v).toBe(true)
      expect(viaWorker[v].bytes.equals(inline[v].bytes), v).toBe(true)
      expect(viaWorker[v]).toMatchObject({ mime: inline[v].mime, width: inline[v].width, height: inline[v].height })
    }
    expect((await sharp(viaWorker.market.bytes).metadata()).format).toBe('jpeg')
  })

  it('rebuilds the AppError of a refusal across the thread boundary', async () => {
    const p = pool()
    const e = await p.process(Buffer.from('not an image')).catch((err: unknown) => err)
    expect(e).toBeInstanceOf(AppError)
    expect(e).toMatchObject({ code: 'VALIDATION', details: { reason: 'media.unsupported_format' } })
    const limited = await p.process(await photoJpeg({ width: 100, height: 100 }), { maxInputBytes: 10 }).catch((err: unknown) => err)
    expect(limited).toMatchObject({ code: 'VALIDATION', details: { reason: 'media.too_large', maxBytes: 10 } })
  })

  it('runs many jobs through one long-lived worker, in order of submission', async () => {
    const p = pool({ size: 1, concurrency: 2 })
    const inputs = await Promise.all([1, 2, 3, 4, 5].map((seed) => photoJpeg({ width: 400, height: 300, seed })))
    const results = await Promise.all(inputs.map((i) => p.process(i)))
    const expected = await Promise.all(inputs.map((i) => processImage(i)))
    expect(results.map((r) => r.sourceSha256)).toEqual(expected.map((r) => r.sourceSha256))
  })

  it('rejects jobs in flight with INTERNAL when the worker dies, and respawns for the next job', async () => {
    // A worker that crashes on its first message, then (once respawned) the real one.
    const crashDir = join(outDir, 'crash')
    mkdirSync(crashDir, { recursive: true })
    const flag = join(crashDir, 'crashed-once')
    const crashing = join(crashDir, 'media.worker.js')
    writeFileSync(
      crashing,
      `const fs = require('node:fs')\n` +
        `if (!fs.existsSync(${JSON.stringify(flag)})) {\n` +
        `  require('node:worker_threads').parentPort.on('message', () => { fs.writeFileSync(${JSON.stringify(flag)}, '1'); process.exit(3) })\n` +
        `} else require(${JSON.stringify(workerFile)})\n`,
    )
    const p = pool({ workerFile: crashing })
    const input = await photoJpeg({ width: 300, height: 200 })
    const crashed = await p.process(input).catch((err: unknown) => err)
    expect(crashed).toBeInstanceOf(AppError)
    expect(crashed).toMatchObject({ code: 'INTERNAL', details: { reason: 'media.worker_crashed' } })
    const ok = await p.process(input)
    expect(ok.width).toBe(300)
  })

  it('rejects with INTERNAL when the worker file is missing, and after close', async () => {
    const missing = pool({ workerFile: join(outDir, 'nope.js') })
    await expect(missing.process(Buffer.from('x'))).rejects.toMatchObject({ code: 'INTERNAL', details: { reason: 'media.worker_missing' } })
    const p = pool()
    await p.close()
    await expect(p.process(Buffer.from('x'))).rejects.toMatchObject({ code: 'INTERNAL', details: { reason: 'media.pool_closed' } })
  })
})
