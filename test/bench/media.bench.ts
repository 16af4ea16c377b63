/**
 * The image pipeline on a camera-sized photo: time per 12 MP photo, overhead against bare sharp
 * doing the same work, and a batch of 20 through the worker pool while the main thread's event
 * loop is watched (the evidence that the UI does not freeze during an upload).
 */
import { existsSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, describe, it } from 'vitest'
import { processImage, VARIANT_QUALITY, VARIANT_SIZES, type ProcessedImage } from '../../src/main/media/pipeline'
import { bundleMediaWorker, photoJpeg } from '../../src/main/media/test-fixtures'
import { createInlineRunner, createMediaWorkerPool, type MediaRunner } from '../../src/main/media/worker-pool'
import { flushReport, median, percentile, record, scratchDir } from './report'
import { REPO_ROOT } from './seed'

const RUNS = 12
const BATCH = 20
const scratch = scratchDir('media')
const runners: MediaRunner[] = []

afterAll(async () => {
  await Promise.all(runners.map((r) => r.close()))
  scratch.remove()
  flushReport()
})

const WHITE = { r: 255, g: 255, b: 255 }

/** Bare sharp producing the same four outputs (sizes, formats, qualities) as the pipeline did, in parallel. */
function bareSharp(input: Buffer, like: ProcessedImage) {
  const src = () => sharp(input, { autoOrient: true })
  const side = like.market.width
  return Promise.all([
    src().jpeg({ quality: VARIANT_QUALITY.masterJpeg, mozjpeg: false }).toBuffer(),
    src().resize(VARIANT_SIZES.thumb, VARIANT_SIZES.thumb, { fit: 'inside', withoutEnlargement: true }).webp({ quality: VARIANT_QUALITY.thumb }).toBuffer(),
    src().resize(VARIANT_SIZES.card, VARIANT_SIZES.card, { fit: 'inside', withoutEnlargement: true }).webp({ quality: VARIANT_QUALITY.card }).toBuffer(),
    src().flatten({ background: WHITE }).resize(side, side, { fit: 'contain', background: WHITE }).jpeg({ quality: like.market.quality, mozjpeg: false }).toBuffer(),
  ])
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

async function batch(runner: MediaRunner, photos: readonly Buffer[]) {
  const h = monitorEventLoopDelay({ resolution: 5 })
  h.enable()
  const t = performance.now()
  await Promise.all(photos.map((p) => runner.process(p)))
  const seconds = (performance.now() - t) / 1000
  h.disable()
  return { seconds, p99: h.percentile(99) / 1e6, max: h.max / 1e6, mean: h.mean / 1e6 }
}

describe('media pipeline', () => {
  it('processes a 12 MP photo, against bare sharp doing the same work', async () => {
    const photo = await photoJpeg({ width: 4000, height: 3000, orientation: 6, quality: 90 })
    let last = await processImage(photo)
    for (let i = 0; i < 2; i++) {
      last = await processImage(photo)
      await bareSharp(photo, last)
    }
    const ours: number[] = []
    const bare: number[] = []
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, alternating which goes first, so both see the same machine state.
      const pair = i % 2 === 0 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const)
      for (const which of pair) {
        if (which === 'ours') ours.push(await timed(async () => (last = await processImage(photo))))
        else bare.push(await timed(() => bareSharp(photo, last)))
      }
    }
    const sizes = `master ${last.master.width}×${last.master.height} JPEG ${(last.master.bytes.length / 1e6).toFixed(2)} MB, thumb ${last.thumb.width}×${last.thumb.height}, card ${last.card.width}×${last.card.height}, market ${last.market.width}² q${last.market.quality} ${(last.market.bytes.length / 1e3).toFixed(0)} kB`
    record({
      name: 'media.ms_per_12mp_photo',
      value: median(ours),
      unit: 'ms',
      p95: percentile(ours, 95),
      samples: ours.length,
      inputBytes: photo.length,
      detail: `Median processImage time for a 4000×3000 JPEG (q90, EXIF orientation 6, gradients + grain, ${(photo.length / 1e6).toFixed(1)} MB) over ${RUNS} runs in the calling thread: validation, hash, auto-orient, metadata strip and the four variants (${sizes}). sharp.concurrency() = ${sharp.concurrency()}.`,
    })
    record({
      name: 'media.pipeline_ratio',
      value: median(ours) / median(bare),
      unit: '×',
      target: 1.2,
      better: 'lower',
      oursMs: median(ours),
      bareMs: median(bare),
      detail: `Median processImage ÷ median of bare sharp making the same four outputs (four independent sharp(input) pipelines in parallel, same sizes, formats and qualities, market at the quality the pipeline settled on): ${median(ours).toFixed(0)} ms vs ${median(bare).toFixed(0)} ms, ${RUNS} interleaved runs each. Below 1 because the pipeline decodes the thumb/card/market source once, shrink-on-load, instead of three times.`,
    })
  })

  it(`processes ${BATCH} photos through the worker pool without blocking the main thread`, async () => {
    const photos: Buffer[] = []
    for (let i = 0; i < BATCH; i++) photos.push(await photoJpeg({ width: 4000, height: 3000, seed: i + 11, orientation: i % 3 === 0 ? 6 : 1 }))
    const built = join(REPO_ROOT, 'out/main/media.worker.js')
    const workerFile = existsSync(built) ? built : await bundleMediaWorker(join(scratch.path, 'worker'))
    const source = existsSync(built)
      ? 'out/main/media.worker.js'
      : 'src/main/media/media.worker.ts bundled by the bench (out/main/media.worker.js does not exist yet: the electron-vite entry is not added)'
    const pool = createMediaWorkerPool({ workerFile })
    runners.push(pool)
    await pool.process(photos[0]!) // the worker's start and sharp's load are not part of the batch
    const viaPool = await batch(pool, photos)
    const inline = await batch(createInlineRunner(), photos)
    record({
      name: 'media.batch20_s',
      value: viaPool.seconds,
      unit: 's',
      inlineSeconds: inline.seconds,
      detail: `${BATCH} distinct 4000×3000 JPEGs submitted at once to the worker pool (1 worker, 2 jobs at a time; worker: ${source}). The same batch in the main thread (inline runner, all 20 at once): ${inline.seconds.toFixed(2)} s.`,
    })
    record({
      name: 'media.batch20_event_loop_p99_ms',
      value: viaPool.p99,
      unit: 'ms',
      target: 50,
      better: 'lower',
      maxMs: viaPool.max,
      meanMs: viaPool.mean,
      inlineP99Ms: inline.p99,
      inlineMaxMs: inline.max,
      detail: `Main-thread event-loop delay (perf_hooks.monitorEventLoopDelay, 5 ms resolution) during the ${BATCH}-photo batch through the worker: p99 ${viaPool.p99.toFixed(1)} ms, max ${viaPool.max.toFixed(1)} ms. For comparison, the same batch inline in the main thread: p99 ${inline.p99.toFixed(1)} ms, max ${inline.max.toFixed(1)} ms.`,
    })
  })
})
