/**
 * The publishing outbox's throughput and its one hard promise: jobs drained per second against a
 * platform with no latency (what the outbox itself costs: claim, lease, bookkeeping, one SQLite
 * transaction per job), and the number of duplicate creates when 1,000 listings go out through
 * random 429s, 5xx, timeouts and answers lost after the work was done (target 0). Then the same
 * outbox with the app's real handlers and Shopee connector over loopback HTTP to the fake Shopee
 * (signatures checked, zero latency): what a publish (photo upload + add_item) and a stock push
 * cost end to end.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { OperationInput, OperationName, OperationOutput } from '../../src/shared/contract/operations'
import { photoJpeg } from '../../src/main/media/test-fixtures'
import { FAKE_SHOPEE_APP, FAKE_SHOPEE_SHOP_ID, startFakeShopee } from '../fakes/shopee'
import { createApp, type App } from '../../src/main/app'
import { memoryLogger } from '../../src/main/logger'
import { dataPaths } from '../../src/main/paths'
import { createOutbox, enqueueJob, type OutboxHandlers } from '../../src/main/publishing/outbox'
import { seededRandom } from '../../src/main/publishing/outbox-policy'
import { SimulatedPlatform } from '../fakes/simulated-marketplace'
import { flushReport, record, scratchDir } from './report'

const JOBS = 2_000
const FAULT_LISTINGS = 1_000
const HTTP_LISTINGS = 200
const T = '2026-11-01T02:00:00.000Z'

const scratch = scratchDir('publishing')
const apps: App[] = []

afterAll(async () => {
  for (const app of apps) await app.close()
  scratch.remove()
  flushReport()
})

/** A file database with one Shopee account and `count` listings (products written with SQL). */
async function appWithListings(name: string, count: number): Promise<App> {
  // The app's own worker stays off: the bench drains with its own handlers and clock.
  const app = await createApp({ paths: dataPaths(`${scratch.path}/${name}`), transport: 'http', appVersion: '0.0.0-bench', logger: memoryLogger(), reportRollups: false, paymentPolling: false, outboxWorker: false })
  apps.push(app)
  const sqlite = app.database.sqlite
  sqlite.prepare(`INSERT INTO seller (id, kind, name, is_default, created_at, updated_at) VALUES ('sel_b', 'cooperative', 'HTX', 1, ?, ?)`).run(T, T)
  sqlite.prepare(`INSERT INTO channel_account (id, seller_id, kind, display_name, state, created_at, updated_at) VALUES ('cha_b', 'sel_b', 'shopee', 'Shopee', 'connected', ?, ?)`).run(T, T)
  const product = sqlite.prepare(`INSERT INTO product (id, seller_id, name, name_folded, status, version, variant_count, created_at, updated_at) VALUES (?, 'sel_b', ?, ?, 'active', 1, 0, ?, ?)`)
  const listing = sqlite.prepare(`INSERT INTO listing (id, channel_account_id, product_id, status, created_at, updated_at) VALUES (?, 'cha_b', ?, 'queued', ?, ?)`)
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      product.run(`prd_b${i}`, `Sản phẩm ${i}`, `san pham ${i}`, T, T)
      listing.run(`lst_b${i}`, `prd_b${i}`, T, T)
    }
  })()
  return app
}

function publishHandlers(platform: SimulatedPlatform): OutboxHandlers {
  return {
    async run(job) {
      const listingId = job.listingId!
      const itemId = (job.uncertain ? platform.find(listingId) : null) ?? platform.create(listingId)
      return { apply: async (trx) => void (await trx.updateTable('listing').set({ status: 'published', external_item_id: itemId }).where('id', '=', listingId).execute()) }
    },
    async refresh() {},
  }
}

async function enqueuePublishes(app: App, count: number): Promise<void> {
  let n = 0
  await app.database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i++) await enqueueJob(trx, (k) => `${k}_${n++}`, new Date().toISOString(), { channelAccountId: 'cha_b', listingId: `lst_b${i}`, kind: 'publish' })
  })
}

describe('publishing outbox', () => {
  it(`drains ${JOBS} jobs against a platform with no latency`, async () => {
    const app = await appWithListings('throughput', JOBS)
    await enqueuePublishes(app, JOBS)
    const platform = new SimulatedPlatform(seededRandom(1), 0)
    const outbox = createOutbox({ db: app.database.db, clock: { now: Date.now, isoNow: () => new Date().toISOString() }, logger: memoryLogger() }, publishHandlers(platform))
    const t = performance.now()
    let done = 0
    while (done < JOBS) {
      const report = await outbox.drainOnce(8)
      if (report.ran === 0) break
      done += report.done
    }
    const seconds = (performance.now() - t) / 1000
    record({
      name: 'publishing.jobs_per_s',
      value: done / seconds,
      unit: 'jobs/s',
      target: 200,
      better: 'higher',
      detail: `${done} publish jobs of one shop drained by outbox.drainOnce (one job per account per round: claim + lease, the call, a done transaction) on a file database (WAL, synchronous=FULL), platform answering at once; ${seconds.toFixed(2)} s`,
    })
  })

  it(`publishes ${FAULT_LISTINGS} listings through random faults without a duplicate`, async () => {
    const app = await appWithListings('faults', FAULT_LISTINGS)
    await enqueuePublishes(app, FAULT_LISTINGS)
    const platform = new SimulatedPlatform(seededRandom(99), 0.4)
    let now = Date.parse('2026-11-28T03:00:00.000Z')
    const clock = { now: () => now, isoNow: () => new Date(now).toISOString() }
    const outbox = createOutbox({ db: app.database.db, clock, logger: memoryLogger(), random: seededRandom(100) }, publishHandlers(platform))
    // Jobs were queued at the real time; start the simulated clock after them.
    now = Math.max(now, Date.now() + 1)
    for (let round = 0; round < 100_000; round++) {
      const report = await outbox.drainOnce(8)
      if (report.ran > 0) continue
      const due = await outbox.nextDueAt()
      if (due === null) break
      now = Math.max(now + 1, Date.parse(due))
    }
    const published = app.database.sqlite.prepare(`SELECT count(*) AS n FROM listing WHERE status = 'published'`).get() as { n: number }
    record({
      name: 'publishing.duplicate_creates',
      value: platform.creates - platform.items.size,
      unit: 'creates',
      target: 0,
      creates: platform.creates,
      published: published.n,
      detail: `${FAULT_LISTINGS} publish jobs against a simulated platform failing 40% of calls (429 with Retry-After, 503, timeouts, and answers lost after the item was made); the outbox re-checks after any attempt whose outcome it never learnt. ${published.n} listings published, ${platform.creates} creates executed`,
    })
  })

  it(`publishes ${HTTP_LISTINGS} listings and pushes their stock to the fake Shopee over HTTP`, async () => {
    const shopee = await startFakeShopee()
    try {
      const app = await createApp({ paths: dataPaths(`${scratch.path}/http`), transport: 'http', appVersion: '0.0.0-bench', logger: memoryLogger(), reportRollups: false, paymentPolling: false, outboxWorker: false })
      apps.push(app)
      const ok = async <K extends OperationName>(name: K, input: OperationInput<K>): Promise<OperationOutput<K>> => {
        const answer = await app.invoke(name, input, { actor: 'bench' })
        if (!answer.ok) throw new Error(`${name}: ${JSON.stringify(answer.error)}`)
        return answer.data as OperationOutput<K>
      }
      await ok('sellers.createSeller', { name: 'HTX Bench', kind: 'cooperative', taxCode: null })
      const account = await ok('channels.createAccount', { kind: 'shopee', displayName: 'Shopee', apiBase: shopee.url, authBase: shopee.url, appKey: FAKE_SHOPEE_APP.partnerId, secret: FAKE_SHOPEE_APP.partnerKey })
      // The shop approves: the code goes through the app's own callback handler, as the redirect brings it.
      app.vnpayCallbacks.setBaseUrl('http://127.0.0.1:47821')
      const consent = new URL((await ok('channels.startAuthorization', { id: account.id })).url)
      const callback = new URL(consent.searchParams.get('redirect') ?? '')
      callback.searchParams.set('code', shopee.authorizeCode())
      callback.searchParams.set('shop_id', FAKE_SHOPEE_SHOP_ID)
      expect((await app.channelCallbacks.handleCallback(callback.searchParams)).ok).toBe(true)

      const photo = await photoJpeg({ width: 500, height: 500, seed: 5 })
      const productIds: string[] = []
      const variantIds: string[] = []
      for (let i = 0; i < HTTP_LISTINGS; i++) {
        const sku = `HB-${i}`
        const product = await ok('catalog.createProduct', { name: `Đặc sản ${i}`, status: 'active', variants: [{ sku, unit: 'hộp', priceVnd: 60_000 + i, weightGrams: 400 }] })
        // Other bytes per product (a JPEG comment), so each photo is its own upload.
        const marked = Buffer.concat([photo.subarray(0, 2), Buffer.from([0xff, 0xfe, 0x00, 2 + sku.length]), Buffer.from(sku), photo.subarray(2)])
        await ok('catalog.addProductImages', { productId: product.id, files: [{ name: `${sku}.jpg`, bytes: new Uint8Array(marked) }] })
        await ok('stock.receiveStock', { variantId: product.variants[0]!.id, quantity: 10 })
        productIds.push(product.id)
        variantIds.push(product.variants[0]!.id)
      }
      await ok('listings.upsertListing', { channelAccountId: account.id, productId: productIds[0]!, categoryId: '100629', attributes: { logistics: '50011' } })
      await ok('listings.publishProducts', { productIds, channelAccountIds: [account.id] })

      const drain = async () => {
        const started = performance.now()
        let ran = 0
        for (;;) {
          const report = await app.outbox.drainOnce(8)
          if (report.ran === 0) break
          ran += report.ran
        }
        return { ran, seconds: (performance.now() - started) / 1000 }
      }
      const publishing = await drain()
      expect(shopee.items()).toHaveLength(HTTP_LISTINGS)
      for (const variantId of variantIds) await ok('stock.receiveStock', { variantId, quantity: 1 })
      const pushing = await drain()
      expect(shopee.items().every((item) => item.stock === 11)).toBe(true)
      record({
        name: 'publishing.http_publish_per_s',
        value: HTTP_LISTINGS / publishing.seconds,
        unit: 'listings/s',
        better: 'higher',
        detail: `${HTTP_LISTINGS} listings published by the app's handlers and Shopee connector over loopback HTTP to the fake Shopee (photo upload, add_item, every call signed and checked), one shop, ${publishing.ran} jobs in ${publishing.seconds.toFixed(2)} s`,
      })
      record({
        name: 'publishing.http_stock_pushes_per_s',
        value: pushing.ran / pushing.seconds,
        unit: 'pushes/s',
        better: 'higher',
        detail: `${pushing.ran} stock pushes (one per listing, queued by the stock ledger) to the fake Shopee over HTTP in ${pushing.seconds.toFixed(2)} s`,
      })
    } finally {
      await shopee.close()
    }
  })
})
