// The outbox under faults, on a real SQLite database, against a simulated platform that counts
// what it really created: random 429/5xx/timeouts/lost answers, the network cut and restored,
// a worker that dies mid-call. Every listing must be created exactly once, in order per listing.
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { COOP, createTestApp, type TestApp } from '../test-support'
import { memoryLogger } from '../logger'
import { ConnectorFailure } from './connector'
import { drainOutbox } from './outbox.test-support'
import { createOutbox, enqueueJob, startOutboxWorker, type DrainReport, type OutboxHandlers, type RunningJob } from './outbox'
import { seededRandom } from './outbox-policy'
import { SimulatedPlatform } from '../../../test/fakes/simulated-marketplace'

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

async function setup(listings: number) {
  const app = await createTestApp()
  apps.push(app)
  const seller = await app.ok('sellers.createSeller', COOP)
  const at = app.clock.isoNow()
  const sqlite = app.database.sqlite
  sqlite
    .prepare(`INSERT INTO channel_account (id, seller_id, kind, display_name, state, created_at, updated_at) VALUES ('cha_shop', ?, 'shopee', 'Shopee HTX', 'connected', ?, ?)`)
    .run(seller.id, at, at)
  const product = await app.ok('catalog.createProduct', { name: 'Gạo nếp cái hoa vàng', variants: [{ sku: 'GN-1', unit: 'túi', priceVnd: 120_000 }] })
  const insertProduct = sqlite.prepare(
    `INSERT INTO product (id, seller_id, name, name_folded, status, version, variant_count, created_at, updated_at) VALUES (?, ?, ?, ?, 'active', 1, 0, ?, ?)`,
  )
  const insertListing = sqlite.prepare(`INSERT INTO listing (id, channel_account_id, product_id, status, created_at, updated_at) VALUES (?, 'cha_shop', ?, 'queued', ?, ?)`)
  const ids: string[] = []
  sqlite.transaction(() => {
    for (let i = 0; i < listings; i++) {
      const productId = i === 0 ? product.id : `prd_sim_${i}`
      if (i > 0) insertProduct.run(productId, seller.id, `Sản phẩm ${i}`, `san pham ${i}`, at, at)
      insertListing.run(`lst_${i}`, productId, at, at)
      ids.push(`lst_${i}`)
    }
  })()
  return { app, listingIds: ids }
}

/** The handlers the publishing service will have, reduced to creates and stock pushes. */
function handlersFor(platform: SimulatedPlatform, refreshes: string[] = []): OutboxHandlers {
  return {
    async run(job: RunningJob) {
      const listingId = job.listingId!
      if (job.kind === 'publish') {
        // After an attempt whose outcome we never learnt, look before creating again.
        const existing = job.uncertain ? platform.find(listingId) : null
        const itemId = existing ?? platform.create(listingId)
        return {
          result: { itemId },
          apply: async (trx) => {
            await trx.updateTable('listing').set({ status: 'published', external_item_id: itemId }).where('id', '=', listingId).execute()
          },
        }
      }
      if (job.kind === 'stock') {
        platform.stock(listingId, (job.payload as { quantity: number }).quantity)
        return {}
      }
      throw new Error(`unexpected job ${job.kind}`)
    },
    async refresh(accountId) {
      refreshes.push(accountId)
    },
    async onDead(trx, job, reason, failure) {
      if (job.listingId) {
        await trx.updateTable('listing').set({ status: 'error', last_error_code: reason, last_error_message: failure.message }).where('id', '=', job.listingId).execute()
      }
    },
  }
}

async function enqueueAll(app: TestApp, listingIds: readonly string[], kind: 'publish' | 'stock', payload: (id: string) => unknown = () => ({})) {
  await app.database.db.transaction().execute(async (trx) => {
    for (const id of listingIds) await enqueueJob(trx, (k) => `${k}_${id}_${kind}_${Math.random().toString(36).slice(2)}`, app.clock.isoNow(), { channelAccountId: 'cha_shop', listingId: id, kind, payload: payload(id) })
  })
}

function jobCounts(app: TestApp): Record<string, number> {
  const rows = app.database.sqlite.prepare(`SELECT status, count(*) AS n FROM outbox_job GROUP BY status`).all() as { status: string; n: number }[]
  return Object.fromEntries(rows.map((r) => [r.status, r.n]))
}

describe('the outbox under faults', () => {
  it('publishes 200 listings through random 429s, 5xx, timeouts and lost answers, each exactly once', async () => {
    const { app, listingIds } = await setup(200)
    const platform = new SimulatedPlatform(seededRandom(7), 0.4)
    const outbox = createOutbox({ db: app.database.db, clock: app.clock, logger: app.logger, random: seededRandom(11) }, handlersFor(platform))
    await enqueueAll(app, listingIds, 'publish')
    await drainOutbox(app.clock, outbox)
    expect(jobCounts(app)).toEqual({ done: 200 })
    expect(platform.creates).toBe(200)
    expect(platform.items.size).toBe(200)
    const published = app.database.sqlite.prepare(`SELECT count(DISTINCT external_item_id) AS n FROM listing WHERE status = 'published'`).get()
    expect(published).toEqual({ n: 200 })
  })

  it('waits while the network is down, without dying, and drains once it returns', async () => {
    const { app, listingIds } = await setup(40)
    const platform = new SimulatedPlatform(seededRandom(3), 0.2)
    const outbox = createOutbox({ db: app.database.db, clock: app.clock, logger: app.logger, random: seededRandom(5) }, handlersFor(platform))
    await enqueueAll(app, listingIds, 'publish')
    for (let i = 0; i < 10; i++) await outbox.drainOnce(8)
    platform.offline = true
    // A day without internet, the clock running.
    for (let i = 0; i < 300; i++) {
      await outbox.drainOnce(8)
      app.clock.advance(5 * 60_000)
    }
    expect(jobCounts(app)['dead']).toBeUndefined()
    platform.offline = false
    await drainOutbox(app.clock, outbox)
    expect(jobCounts(app)).toEqual({ done: 40 })
    expect(platform.creates).toBe(40)
  })

  it('takes back the jobs of a worker that died mid-call, and does not create twice', async () => {
    const { app, listingIds } = await setup(6)
    const platform = new SimulatedPlatform(seededRandom(1), 0)
    const dying: OutboxHandlers = {
      ...handlersFor(platform),
      // The create reaches the platform, then the process is gone: no answer, no bookkeeping.
      run: (job) => {
        platform.create(job.listingId!)
        return new Promise(() => undefined)
      },
    }
    await enqueueAll(app, listingIds, 'publish')
    const first = createOutbox({ db: app.database.db, clock: app.clock, logger: app.logger, leaseMs: 60_000 }, dying)
    void first.drainOnce(8)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(jobCounts(app)).toMatchObject({ running: 1, pending: 5 })
    expect(platform.creates).toBe(1)

    app.clock.advance(61_000)
    const second = createOutbox({ db: app.database.db, clock: app.clock, logger: app.logger }, handlersFor(platform))
    await drainOutbox(app.clock, second)
    expect(jobCounts(app)).toEqual({ done: 6 })
    expect(platform.creates).toBe(6)
    expect(platform.items.size).toBe(6)
  })

  it('keeps each listing’s jobs in order, and holds them behind a dead one until it is retried or dropped', async () => {
    const { app } = await setup(2)
    const platform = new SimulatedPlatform(seededRandom(9), 0)
    const outbox = createOutbox({ db: app.database.db, clock: app.clock, logger: app.logger }, handlersFor(platform))
    // A stock push queued before the listing exists on the platform: it must wait for the publish.
    await enqueueAll(app, ['lst_0'], 'publish')
    await enqueueAll(app, ['lst_0'], 'stock', () => ({ quantity: 5 }))
    await enqueueAll(app, ['lst_1'], 'stock', () => ({ quantity: 7 }))
    await enqueueAll(app, ['lst_1'], 'publish')
    await drainOutbox(app.clock, outbox)
    expect(platform.calls.filter((c) => c.includes('lst_0'))).toEqual(['create lst_0', 'stock lst_0 5'])
    // lst_1's stock came first and found nothing: it died, and its publish waits behind it.
    expect(jobCounts(app)).toEqual({ done: 2, dead: 1, pending: 1 })
    expect(app.database.sqlite.prepare(`SELECT status, last_error_code FROM listing WHERE id = 'lst_1'`).get()).toEqual({ status: 'error', last_error_code: 'not_found' })
    const dead = app.database.sqlite.prepare(`SELECT id FROM outbox_job WHERE status = 'dead'`).get() as { id: string }
    expect(await outbox.drop(dead.id)).toBe(true)
    await drainOutbox(app.clock, outbox)
    expect(jobCounts(app)).toEqual({ done: 3, dropped: 1 })
    expect(platform.items.has('lst_1')).toBe(true)
  })

  it('coalesces a burst of stock changes into one push of the latest', async () => {
    const { app } = await setup(1)
    const platform = new SimulatedPlatform(seededRandom(2), 0)
    const outbox = createOutbox({ db: app.database.db, clock: app.clock, logger: app.logger }, handlersFor(platform))
    await enqueueAll(app, ['lst_0'], 'publish')
    await drainOutbox(app.clock, outbox)
    for (let q = 10; q > 0; q--) {
      const joined = await app.database.db
        .transaction()
        .execute((trx) => enqueueJob(trx, (k) => `${k}_${q}`, app.clock.isoNow(), { channelAccountId: 'cha_shop', listingId: 'lst_0', kind: 'stock', dedupeKey: 'stock:lst_0', payload: { quantity: q } }))
      expect(joined.coalesced).toBe(q !== 10)
    }
    expect(await outbox.counts()).toEqual([{ channelAccountId: 'cha_shop', pending: 1, running: 0, dead: 0 }])
    await drainOutbox(app.clock, outbox)
    expect(platform.items.get('lst_0')!.stock).toEqual([1])
  })

  it('refreshes the token once on an auth error, and kills the job when the fresh token fails too', async () => {
    const { app } = await setup(2)
    const refreshes: string[] = []
    let authFailures = 1
    const platform = new SimulatedPlatform(seededRandom(4), 0)
    const base = handlersFor(platform, refreshes)
    const outbox = createOutbox({ db: app.database.db, clock: app.clock, logger: app.logger }, {
      ...base,
      run: async (job) => {
        if (job.listingId === 'lst_1' || authFailures-- > 0) throw new ConnectorFailure('auth', 'access token expired', { code: 'error_auth' })
        return base.run(job)
      },
    })
    await enqueueAll(app, ['lst_0', 'lst_1'], 'publish')
    await drainOutbox(app.clock, outbox)
    expect(refreshes).toEqual(['cha_shop', 'cha_shop'])
    expect(jobCounts(app)).toEqual({ done: 1, dead: 1 })
    const dead = app.database.sqlite.prepare(`SELECT id, last_error_kind, result_json FROM outbox_job WHERE status = 'dead'`).get() as { id: string; last_error_kind: string; result_json: string }
    expect(dead).toMatchObject({ last_error_kind: 'auth', result_json: JSON.stringify({ reason: 'auth_after_refresh' }) })
    expect(await outbox.retry(dead.id)).toBe(true)
    expect(jobCounts(app)).toEqual({ done: 1, pending: 1 })
  })

  it('retries a job whose token refresh met a timeout or no network, and refreshes again on a later expiry', async () => {
    const { app } = await setup(1)
    const platform = new SimulatedPlatform(seededRandom(1), 0)
    const base = handlersFor(platform)
    const refreshOutcomes: (ConnectorFailure | null)[] = [
      new ConnectorFailure('transient', 'timeout of 20000ms exceeded', { code: 'timeout' }),
      new ConnectorFailure('transient', 'connect ENETUNREACH', { code: 'network', offline: true }),
      null,
      null,
    ]
    const auth = [true, true, true, false, true, false]
    const runs: string[] = []
    let refreshes = 0
    const outbox = createOutbox({ db: app.database.db, clock: app.clock, logger: app.logger, random: seededRandom(4) }, {
      ...base,
      run: async (job) => {
        const expired = auth.shift() ?? false
        runs.push(expired ? 'auth' : 'ran')
        if (expired) throw new ConnectorFailure('auth', 'access token expired', { code: 'error_auth' })
        // The first good run meets a server error: the token was fine, so the next expiry is refreshed again.
        if (runs.filter((r) => r === 'ran').length === 1) throw new ConnectorFailure('transient', 'server error', { httpStatus: 500 })
        return base.run(job)
      },
      refresh: async () => {
        refreshes++
        const outcome = refreshOutcomes.shift()
        if (outcome) throw outcome
      },
    })
    await enqueueAll(app, ['lst_0'], 'publish')
    await drainOutbox(app.clock, outbox)
    expect(jobCounts(app)).toEqual({ done: 1 })
    expect(refreshes).toBe(4)
    expect(runs).toEqual(['auth', 'auth', 'auth', 'ran', 'auth', 'ran'])
    expect(platform.creates).toBe(1)
  })

  it('folds a change queued again while its job ran or lay dead into that job, instead of breaking on the one-pending-job-per-key rule', async () => {
    const { app } = await setup(1)
    const at = () => app.clock.isoNow()
    const queue = (payload: unknown) =>
      app.database.db.transaction().execute((trx) =>
        enqueueJob(trx, (k) => `${k}_${Math.random().toString(36).slice(2)}`, at(), { channelAccountId: 'cha_shop', listingId: 'lst_0', kind: 'update', dedupeKey: 'update:lst_0', payload }),
      )
    let fails = 2
    const ran: unknown[] = []
    const outbox = createOutbox({ db: app.database.db, clock: app.clock, logger: app.logger, random: seededRandom(2) }, {
      ...handlersFor(new SimulatedPlatform(seededRandom(1), 0)),
      run: async (job) => {
        ran.push(job.payload)
        // While the job is under way, the seller edits the listing again: a twin is queued.
        if (ran.length === 1) await queue({})
        if (fails-- > 0) throw new ConnectorFailure('transient', 'server error', { httpStatus: 500 })
        return {}
      },
    })
    const first = await queue({ relist: true })
    await outbox.drainOnce(8)
    const rows = () => app.database.sqlite.prepare(`SELECT id, status, payload_json, result_json FROM outbox_job ORDER BY seq`).all() as { id: string; status: string; payload_json: string; result_json: string | null }[]
    // The older job carries the change (its relist kept), the twin is dropped, naming it.
    expect(rows()).toEqual([
      { id: first.id, status: 'pending', payload_json: JSON.stringify({ relist: true }), result_json: null },
      { id: expect.any(String), status: 'dropped', payload_json: '{}', result_json: JSON.stringify({ reason: 'coalesced', into: first.id }) },
    ])

    // A job that died, retried by a person while the same change waits again.
    app.database.sqlite.prepare(`UPDATE outbox_job SET status = 'dead' WHERE id = ?`).run(first.id)
    await queue({ note: 'newer' })
    expect(await outbox.retry(first.id)).toBe(true)
    expect(rows().filter((r) => r.status === 'pending')).toEqual([{ id: first.id, status: 'pending', payload_json: JSON.stringify({ relist: true, note: 'newer' }), result_json: null }])

    // A job a crash left running, requeued at start-up while a twin waits.
    app.database.sqlite.prepare(`UPDATE outbox_job SET status = 'running', lease_until = ? WHERE id = ?`).run(new Date(app.clock.now() + 60_000).toISOString(), first.id)
    await queue({})
    expect(await outbox.reclaimInterrupted()).toBe(1)
    expect(rows().filter((r) => r.status === 'pending').map((r) => r.id)).toEqual([first.id])

    await drainOutbox(app.clock, outbox)
    expect(jobCounts(app)).toEqual({ done: 1, dropped: 3 })
  })

  it('gives up after the attempts run out on a platform that keeps failing', async () => {
    const { app } = await setup(1)
    const outbox = createOutbox({ db: app.database.db, clock: app.clock, logger: app.logger, random: seededRandom(8) }, {
      ...handlersFor(new SimulatedPlatform(seededRandom(1), 0)),
      run: async () => {
        throw new ConnectorFailure('transient', 'server error', { httpStatus: 500 })
      },
    })
    await enqueueAll(app, ['lst_0'], 'publish')
    await drainOutbox(app.clock, outbox)
    expect(app.database.sqlite.prepare(`SELECT status, attempts FROM outbox_job`).get()).toEqual({ status: 'dead', attempts: 8 })
  })

  it('drains back to back while there is work, instead of one round per tick, and stops between rounds', async () => {
    let waiting = 50
    let rounds = 0
    let before = 0
    const outbox = {
      drainOnce: async (): Promise<DrainReport> => {
        rounds++
        const ran = waiting > 0 ? 1 : 0
        waiting -= ran
        return { ran, done: ran, retried: 0, dead: 0 }
      },
    }
    const worker = startOutboxWorker(outbox, memoryLogger(), 20, async () => {
      before++
    })
    await vi.waitFor(() => expect(waiting).toBe(0), { timeout: 2_000, interval: 5 })
    await worker.stop()
    // 50 jobs, then one empty round to learn there is no more: all in the first tick or two.
    expect(before).toBeLessThanOrEqual(2)
    expect(rounds).toBeGreaterThanOrEqual(51)

    // A worker asked to stop finishes the round under way and starts no other.
    waiting = 1_000
    const slow = {
      drainOnce: async (): Promise<DrainReport> => {
        await new Promise((resolve) => setTimeout(resolve, 2))
        waiting--
        return { ran: 1, done: 1, retried: 0, dead: 0 }
      },
    }
    const second = startOutboxWorker(slow, memoryLogger(), 10)
    await vi.waitFor(() => expect(waiting).toBeLessThan(995), { timeout: 2_000, interval: 2 })
    await second.stop()
    const stopAt = waiting
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(waiting).toBe(stopAt)
  })
})
