/**
 * The durable outbox every change to a channel goes through (STYLE: "side effects go through
 * an outbox"). A job is written in the same transaction as the change that needs it
 * (`enqueueJob`); a worker drains due jobs (`drainOnce`), one at a time per channel account
 * and in order per listing, and decides what a failure means with outbox-policy.ts.
 *
 * - Coalescing: a job with a `dedupeKey` replaces the payload of the pending job with the same
 *   key instead of queuing another (ten stock changes in a minute make one push, computed when
 *   it runs).
 * - Crash safety: a job runs under a lease. If the process dies mid-call, the lease runs out and
 *   the job is run again with `uncertain: true`, which tells the handler the platform may already
 *   have done it (a create whose answer was lost): it checks before doing it twice.
 * - A dead job blocks the later jobs of its listing (an update cannot follow a failed publish)
 *   until a person retries or drops it.
 */
import { sql, type Updateable } from 'kysely'
import { ConnectorFailure } from './connector'
import { DEFAULT_RETRY_POLICY, nextStep, type RetryPolicy } from './outbox-policy'
import type { Clock } from '../clock'
import type { Db } from '../db/connection'
import type { OutboxJobDto } from '@shared/contract/publishing'
import { AppError } from '@shared/contract/errors'
import type { OutboxJobKindColumn, OutboxJobRow, OutboxJobTable } from '../db/schema'
import type { IdFactory } from '../ids'
import type { Logger } from '../logger'
import { startBackgroundLoop, type BackgroundLoop } from '../background-loop'

export type JobKind = OutboxJobKindColumn

export interface NewJob {
  readonly channelAccountId: string
  readonly listingId: string | null
  readonly kind: JobKind
  /** Jobs with the same key coalesce while pending (e.g. `stock:<listingId>`). */
  readonly dedupeKey?: string | null
  readonly payload?: unknown
}

/** Writes a job inside the caller's transaction; returns its id and whether it joined a pending one. */
export async function enqueueJob(trx: Db, newId: IdFactory, nowIso: string, job: NewJob): Promise<{ id: string; coalesced: boolean }> {
  const payload = JSON.stringify(job.payload ?? {})
  if (job.dedupeKey) {
    const pending = await trx.selectFrom('outbox_job').select('id').where('dedupe_key', '=', job.dedupeKey).where('status', '=', 'pending').executeTakeFirst()
    if (pending) {
      await trx.updateTable('outbox_job').set({ payload_json: payload, updated_at: nowIso }).where('id', '=', pending.id).execute()
      return { id: pending.id, coalesced: true }
    }
  }
  const id = newId('outboxJob')
  await trx
    .insertInto('outbox_job')
    .values({
      id,
      channel_account_id: job.channelAccountId,
      listing_id: job.listingId,
      kind: job.kind,
      dedupe_key: job.dedupeKey ?? null,
      // The job's own id: stable across retries, unique for ever.
      idempotency_key: id,
      payload_json: payload,
      status: 'pending',
      next_attempt_at: nowIso,
      lease_until: null,
      last_error_kind: null,
      last_error_code: null,
      last_error_message: null,
      result_json: null,
      created_at: nowIso,
      updated_at: nowIso,
      finished_at: null,
    })
    .execute()
  return { id, coalesced: false }
}

export interface RunningJob {
  readonly id: string
  readonly kind: JobKind
  readonly channelAccountId: string
  readonly listingId: string | null
  readonly idempotencyKey: string
  readonly payload: unknown
  /** Failed attempts so far. */
  readonly attempts: number
  /**
   * The platform may already have done this job: the last attempt timed out, lost its answer, or
   * the process died during it. A create must look for what it may have made before making it.
   */
  readonly uncertain: boolean
}

export interface JobSuccess {
  /** Stored with the job. */
  readonly result?: unknown
  /** Runs in the transaction that marks the job done (record the external id, the pushed stock…). */
  readonly apply?: (trx: Db) => Promise<void>
}

export interface OutboxHandlers {
  run(job: RunningJob): Promise<JobSuccess>
  /** Refreshes the account's token (after an auth failure); throws ConnectorFailure('auth') when the shop must re-authorise. */
  refresh(channelAccountId: string): Promise<void>
  /** A job died: record why on what it was for (the listing's error), in the same transaction. */
  onDead?(trx: Db, job: RunningJob, reason: string, failure: { code: string | null; message: string }): Promise<void>
}

export interface OutboxDeps {
  readonly db: Db
  readonly clock: Clock
  readonly logger: Logger
  readonly random?: () => number
  readonly policy?: RetryPolicy
  /** How long a job may run before another worker may take it back. */
  readonly leaseMs?: number
}

export interface DrainReport {
  readonly ran: number
  readonly done: number
  readonly retried: number
  readonly dead: number
}

/** Two payloads of one change queued twice: the newer's fields win, but a flag either set stays set. */
export function mergePayloads(olderJson: string, newerJson: string): string {
  const older = JSON.parse(olderJson) as unknown
  const newer = JSON.parse(newerJson) as unknown
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
  if (!isObject(older) || !isObject(newer)) return newerJson
  const merged: Record<string, unknown> = { ...older, ...newer }
  for (const [key, value] of Object.entries(older)) if (value === true) merged[key] = true
  return JSON.stringify(merged)
}

/** Failures that leave it open whether the platform acted. */
const UNCERTAIN_ERRORS = new Set(['transient', 'interrupted'])

export function createOutbox(deps: OutboxDeps, handlers: OutboxHandlers) {
  const { db, clock, logger } = deps
  const random = deps.random ?? Math.random
  const policy = deps.policy ?? DEFAULT_RETRY_POLICY
  const leaseMs = deps.leaseMs ?? 5 * 60_000

  const toRunning = (row: OutboxJobRow): RunningJob => ({
    id: row.id,
    kind: row.kind,
    channelAccountId: row.channel_account_id,
    listingId: row.listing_id,
    idempotencyKey: row.idempotency_key,
    payload: JSON.parse(row.payload_json) as unknown,
    attempts: row.attempts,
    uncertain: row.uncertain === 1,
  })

  /**
   * Puts a job back in the queue. A job with a dedupe key may have a twin by then: the same change
   * queued again while it ran or lay dead (one pending job per key is all the unique index
   * allows). The twin is folded into this older job, which keeps its place in the listing's
   * order: the payloads merge (the newer's fields win, a flag either one set stays set), and the
   * twin is marked dropped, naming the job that carries it.
   */
  async function backToPending(trx: Db, row: Pick<OutboxJobRow, 'id' | 'dedupe_key' | 'payload_json'>, fields: Omit<Updateable<OutboxJobTable>, 'status'>): Promise<void> {
    let payload: string | undefined
    if (row.dedupe_key !== null) {
      const twin = await trx
        .selectFrom('outbox_job')
        .select(['id', 'payload_json'])
        .where('dedupe_key', '=', row.dedupe_key)
        .where('status', '=', 'pending')
        .where('id', '!=', row.id)
        .executeTakeFirst()
      if (twin) {
        payload = mergePayloads(row.payload_json, twin.payload_json)
        const now = clock.isoNow()
        await trx
          .updateTable('outbox_job')
          .set({ status: 'dropped', finished_at: now, updated_at: now, result_json: JSON.stringify({ reason: 'coalesced', into: row.id }) })
          .where('id', '=', twin.id)
          .execute()
      }
    }
    await trx
      .updateTable('outbox_job')
      .set({ ...fields, ...(payload !== undefined && { payload_json: payload }), status: 'pending' })
      .where('id', '=', row.id)
      .execute()
  }

  /**
   * Running jobs go back to the queue, marked uncertain (the platform may have acted before the
   * worker died). With `leaseExpired`, only those whose lease ran out; without, all of them.
   */
  async function requeueRunning(leaseExpired: boolean): Promise<number> {
    const now = clock.isoNow()
    let query = db.selectFrom('outbox_job').select(['id', 'dedupe_key', 'payload_json']).where('status', '=', 'running')
    if (leaseExpired) query = query.where('lease_until', '<', now)
    const rows = await query.execute()
    if (rows.length === 0) return 0
    await db.transaction().execute(async (trx) => {
      for (const row of rows) {
        await backToPending(trx, row, { next_attempt_at: now, lease_until: null, uncertain: 1, last_error_kind: 'interrupted', last_error_message: 'the app stopped while this job ran', updated_at: now })
      }
    })
    return rows.length
  }

  /**
   * Takes the due jobs that may run now: at most one per channel account (platform limits are
   * per shop), none whose listing has an earlier job unfinished, dead included.
   */
  async function claim(limit: number): Promise<OutboxJobRow[]> {
    return db.transaction().execute(async (trx) => {
      const now = clock.isoNow()
      const due = await trx
        .selectFrom('outbox_job as j')
        .selectAll('j')
        .where('j.status', '=', 'pending')
        .where('j.next_attempt_at', '<=', now)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('outbox_job as earlier')
                .select(sql`1`.as('one'))
                .whereRef('earlier.listing_id', '=', 'j.listing_id')
                .whereRef('earlier.seq', '<', 'j.seq')
                .where('earlier.status', 'in', ['pending', 'running', 'dead']),
            ),
          ),
        )
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('outbox_job as busy').select(sql`1`.as('one')).whereRef('busy.channel_account_id', '=', 'j.channel_account_id').where('busy.status', '=', 'running'))),
        )
        .orderBy('j.seq')
        .limit(limit * 20)
        .execute()
      const picked: OutboxJobRow[] = []
      const accounts = new Set<string>()
      for (const row of due) {
        if (accounts.has(row.channel_account_id)) continue
        accounts.add(row.channel_account_id)
        picked.push(row)
        if (picked.length >= limit) break
      }
      const leaseUntil = new Date(clock.now() + leaseMs).toISOString()
      for (const row of picked) {
        await trx.updateTable('outbox_job').set({ status: 'running', lease_until: leaseUntil, updated_at: now }).where('id', '=', row.id).execute()
      }
      return picked
    })
  }

  async function finish(job: RunningJob, success: JobSuccess): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const now = clock.isoNow()
      await trx
        .updateTable('outbox_job')
        .set({ status: 'done', lease_until: null, finished_at: now, updated_at: now, result_json: success.result === undefined ? null : JSON.stringify(success.result) })
        .where('id', '=', job.id)
        .execute()
      await success.apply?.(trx)
    })
  }

  async function fail(job: RunningJob, row: OutboxJobRow, error: unknown): Promise<'retried' | 'dead'> {
    const failure =
      error instanceof ConnectorFailure
        ? error
        : new ConnectorFailure('transient', error instanceof Error ? error.message : String(error), { code: 'internal' })
    if (!(error instanceof ConnectorFailure)) logger.error(`outbox: job ${job.id} (${job.kind}) failed unexpectedly`, error)
    let step = nextStep({ kind: failure.kind, retryAfterMs: failure.details.retryAfterMs, offline: failure.details.offline }, row.attempts + 1, row.refreshed === 1, random, policy)
    // A failure other than auth means the token was good: a later expiry deserves a refresh again.
    let refreshed: 0 | 1 = failure.kind === 'auth' ? row.refreshed : 0
    if (step.kind === 'refresh_then_retry') {
      try {
        await handlers.refresh(job.channelAccountId)
        refreshed = 1
        step = { kind: 'retry', afterMs: 0, countsAsAttempt: false }
      } catch (refreshError) {
        logger.warn(`outbox: refreshing the token of ${job.channelAccountId} failed: ${refreshError instanceof Error ? refreshError.message : String(refreshError)}`)
        // Only a refused refresh means the shop must be connected again; a refresh that met a
        // timeout, a 5xx, a rate limit or no network is retried like any such call.
        const refusal = refreshError instanceof ConnectorFailure ? refreshError : null
        const again =
          refusal && (refusal.kind === 'transient' || refusal.kind === 'rate_limited')
            ? nextStep({ kind: refusal.kind, retryAfterMs: refusal.details.retryAfterMs, offline: refusal.details.offline }, row.attempts + 1, false, random, policy)
            : null
        step = again?.kind === 'retry' || again?.kind === 'dead' ? again : { kind: 'dead', reason: 'auth_after_refresh' }
      }
    }
    const now = clock.isoNow()
    const errorFields = {
      last_error_kind: failure.kind,
      last_error_code: failure.details.code ?? null,
      last_error_message: failure.message.slice(0, 1000),
      // A request that never left this machine cannot have been acted on.
      uncertain: row.uncertain === 1 || (UNCERTAIN_ERRORS.has(failure.kind) && !failure.details.offline) ? (1 as const) : (0 as const),
      updated_at: now,
      lease_until: null,
    }
    if (step.kind === 'dead') {
      const reason = step.reason
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('outbox_job')
          .set({ ...errorFields, status: 'dead', attempts: row.attempts + 1, finished_at: now, result_json: JSON.stringify({ reason }) })
          .where('id', '=', job.id)
          .execute()
        await handlers.onDead?.(trx, job, reason, { code: failure.details.code ?? null, message: failure.message })
      })
      return 'dead'
    }
    const afterMs = step.afterMs
    const attempts = row.attempts + (step.countsAsAttempt ? 1 : 0)
    await db.transaction().execute((trx) =>
      backToPending(trx, row, { ...errorFields, refreshed, attempts, next_attempt_at: new Date(clock.now() + afterMs).toISOString() }),
    )
    return 'retried'
  }

  return {
    /** One round: take back dead workers' jobs, run what is due (accounts in parallel), record the outcomes. */
    async drainOnce(limit = 8): Promise<DrainReport> {
      await requeueRunning(true)
      const claimed = await claim(limit)
      const outcomes = await Promise.all(
        claimed.map(async (row) => {
          const job = toRunning(row)
          try {
            const success = await handlers.run(job)
            await finish(job, success)
            return 'done' as const
          } catch (error) {
            return fail(job, row, error)
          }
        }),
      )
      return {
        ran: claimed.length,
        done: outcomes.filter((o) => o === 'done').length,
        retried: outcomes.filter((o) => o === 'retried').length,
        dead: outcomes.filter((o) => o === 'dead').length,
      }
    },

    /**
     * At start-up, by the process that owns the data folder: every job still marked running was
     * cut off by a crash or a kill, so it is queued again now rather than when its lease runs out.
     */
    reclaimInterrupted(): Promise<number> {
      return requeueRunning(false)
    },

    /** When the next job is due (the worker sleeps until then), or null when nothing waits. */
    async nextDueAt(): Promise<string | null> {
      const row = await db.selectFrom('outbox_job').select((eb) => eb.fn.min('next_attempt_at').as('at')).where('status', '=', 'pending').executeTakeFirst()
      return (row?.at as string | null | undefined) ?? null
    },

    /** A dead job tried again from scratch (a person fixed its cause). */
    async retry(jobId: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('outbox_job').select(['id', 'dedupe_key', 'payload_json']).where('id', '=', jobId).where('status', '=', 'dead').executeTakeFirst()
        if (!row) return false
        const now = clock.isoNow()
        await backToPending(trx, row, { attempts: 0, refreshed: 0, next_attempt_at: now, finished_at: null, updated_at: now })
        return true
      })
    },

    /** A dead or waiting job given up: it never runs, and no longer holds back its listing. */
    async drop(jobId: string): Promise<boolean> {
      const now = clock.isoNow()
      const result = await db
        .updateTable('outbox_job')
        .set({ status: 'dropped', finished_at: now, updated_at: now })
        .where('id', '=', jobId)
        .where('status', 'in', ['dead', 'pending'])
        .executeTakeFirst()
      return Number(result.numUpdatedRows) === 1
    },

    /** How many changes wait, run or died, per channel account (the UI's "N thay đổi đang chờ"). */
    async counts(): Promise<{ channelAccountId: string; pending: number; running: number; dead: number }[]> {
      const rows = await db
        .selectFrom('outbox_job')
        .select(['channel_account_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', 'in', ['pending', 'running', 'dead'])
        .groupBy(['channel_account_id', 'status'])
        .execute()
      const byAccount = new Map<string, { channelAccountId: string; pending: number; running: number; dead: number }>()
      for (const r of rows) {
        const entry = byAccount.get(r.channel_account_id) ?? { channelAccountId: r.channel_account_id, pending: 0, running: 0, dead: 0 }
        entry[r.status as 'pending' | 'running' | 'dead'] = Number(r.n)
        byAccount.set(r.channel_account_id, entry)
      }
      return [...byAccount.values()]
    },
  }
}

export type Outbox = ReturnType<typeof createOutbox>

/** Jobs for the "changes waiting / failed" screen, newest first, with the product they concern. */
export async function listJobs(db: Db, where: { status: 'pending' | 'dead'; channelAccountId?: string; limit: number; ids?: readonly string[] }): Promise<OutboxJobDto[]> {
  let q = db
    .selectFrom('outbox_job as j')
    .leftJoin('listing as l', 'l.id', 'j.listing_id')
    .leftJoin('product as p', 'p.id', 'l.product_id')
    .selectAll('j')
    .select('p.name as product_name')
  if (where.ids) q = q.where('j.id', 'in', [...where.ids])
  else q = q.where('j.status', 'in', where.status === 'pending' ? ['pending', 'running'] : ['dead'])
  if (where.channelAccountId) q = q.where('j.channel_account_id', '=', where.channelAccountId)
  const rows = await q.orderBy('j.seq', 'desc').limit(where.limit).execute()
  return rows.map((r) => ({
    id: r.id,
    channelAccountId: r.channel_account_id,
    listingId: r.listing_id,
    productName: r.product_name,
    kind: r.kind,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastErrorKind: r.last_error_kind,
    lastErrorCode: r.last_error_code,
    lastErrorMessage: r.last_error_message,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  }))
}

/** A person's retry or drop, answered with the job as it now is. */
export async function changeJob(db: Db, outbox: Outbox, id: string, action: 'retry' | 'drop'): Promise<OutboxJobDto> {
  const before = (await listJobs(db, { status: 'dead', limit: 1, ids: [id] }))[0]
  if (!before) throw new AppError('NOT_FOUND', `No job ${id}`, { entity: 'outboxJob', id })
  const changed = action === 'retry' ? await outbox.retry(id) : await outbox.drop(id)
  if (!changed) throw new AppError('CONFLICT', `A ${before.status} job cannot be ${action === 'retry' ? 'retried' : 'dropped'}`, { reason: 'job_state', status: before.status })
  return (await listJobs(db, { status: 'dead', limit: 1, ids: [id] }))[0]!
}

/** Drains the outbox in the background, with an optional step before each round (scheduling order pulls). */
/**
 * The background worker: every `everyMs` it runs `beforeRound` (token renewals, order pulls due)
 * and then drains rounds back to back while they find work, for up to `burstMs`, yielding to the
 * event loop between rounds. A shop with 200 listings to publish is not held to one job per tick;
 * an idle outbox costs one query per tick.
 */
export function startOutboxWorker(
  outbox: Pick<Outbox, 'drainOnce'>,
  logger: Logger,
  everyMs = 3_000,
  beforeRound?: () => Promise<unknown>,
  burstMs = 20_000,
): BackgroundLoop {
  let stopping = false
  const loop = startBackgroundLoop(
    'outbox',
    async () => {
      await beforeRound?.()
      const until = Date.now() + burstMs
      while (!stopping) {
        const report = await outbox.drainOnce()
        if (report.ran === 0 || Date.now() >= until) break
        await new Promise((resolve) => setImmediate(resolve))
      }
    },
    logger,
    everyMs,
  )
  return {
    async stop() {
      stopping = true
      await loop.stop()
    },
  }
}
