/**
 * The stock ledger: the only code that writes `stock_movement` and the cached levels
 * (`stock_level` per variant, `stock_lot_level` per lot), always together, inside the caller's
 * transaction. Every function checks before it writes and says precisely what is short; the
 * tables' CHECK constraints stay as the last guard (a write that would make available stock
 * negative fails even if a check here were wrong).
 *
 * Why this cannot oversell under concurrent requests: the app has one SQLite connection and
 * kysely runs one transaction at a time on it, so "read available, then reserve" happens with
 * no other write in between; a second process (the CLI) would wait on SQLite's write lock.
 */
import { sql } from 'kysely'
import { AppError } from '@shared/contract/errors'
import type { Db } from '../db/connection'
import type { StockMovementKind } from '../db/schema'
import type { IdFactory } from '../ids'
import { queueStockPushes } from '../publishing/stock-sync'

export interface LedgerContext {
  readonly newId: IdFactory
  readonly actor: string
  readonly at: string
}

interface Movement {
  readonly variantId: string
  readonly lotId: string | null
  readonly kind: StockMovementKind
  readonly onHandDelta: number
  readonly reservedDelta: number
  readonly orderId?: string | null
  readonly stocktakeId?: string | null
  readonly reason?: string | null
}

export interface Shortage {
  readonly variantId: string
  readonly sku: string
  readonly productName: string
  readonly requested: number
  readonly available: number
}

function isConstraint(error: unknown): boolean {
  return typeof error === 'object' && error !== null && String((error as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')
}

/**
 * Writes movements and moves the cached levels by the same amounts; the channels selling a
 * moved variant get a stock push queued in the same transaction (publishing/stock-sync.ts).
 */
export async function applyMovements(trx: Db, ctx: LedgerContext, movements: readonly Movement[]): Promise<void> {
  const moved = movements.filter((m) => m.onHandDelta !== 0 || m.reservedDelta !== 0).map((m) => m.variantId)
  for (const m of movements) {
    if (m.onHandDelta === 0 && m.reservedDelta === 0) continue
    await trx
      .insertInto('stock_movement')
      .values({
        id: ctx.newId('stockMovement'),
        variant_id: m.variantId,
        lot_id: m.lotId,
        kind: m.kind,
        on_hand_delta: m.onHandDelta,
        reserved_delta: m.reservedDelta,
        order_id: m.orderId ?? null,
        stocktake_id: m.stocktakeId ?? null,
        reason: m.reason ?? null,
        actor: ctx.actor,
        at: ctx.at,
      })
      .execute()
    try {
      // UPDATE first, INSERT only for a new row: an upsert would check the CHECK constraints
      // against the inserted delta itself (a negative "row") before resolving the conflict.
      const moved = await trx
        .updateTable('stock_level')
        .set({ on_hand: sql<number>`on_hand + ${m.onHandDelta}`, reserved: sql<number>`reserved + ${m.reservedDelta}` })
        .where('variant_id', '=', m.variantId)
        .executeTakeFirst()
      if (Number(moved.numUpdatedRows) === 0) {
        await trx.insertInto('stock_level').values({ variant_id: m.variantId, on_hand: m.onHandDelta, reserved: m.reservedDelta }).execute()
      }
      if (m.lotId !== null && m.onHandDelta !== 0) {
        const lotMoved = await trx
          .updateTable('stock_lot_level')
          .set({ on_hand: sql<number>`on_hand + ${m.onHandDelta}` })
          .where('lot_id', '=', m.lotId)
          .executeTakeFirst()
        if (Number(lotMoved.numUpdatedRows) === 0) {
          await trx.insertInto('stock_lot_level').values({ lot_id: m.lotId, variant_id: m.variantId, on_hand: m.onHandDelta }).execute()
        }
      }
    } catch (error) {
      if (!isConstraint(error)) throw error
      throw new AppError('CONFLICT', 'Not enough stock for this change', { reason: 'insufficient_stock', variantId: m.variantId })
    }
  }
  await queueStockPushes(trx, ctx.newId, ctx.at, moved)
}

export interface VariantStock {
  readonly onHand: number
  readonly reserved: number
  readonly available: number
}

export async function stockOfVariants(trx: Db, variantIds: readonly string[]): Promise<Map<string, VariantStock>> {
  const out = new Map<string, VariantStock>()
  if (variantIds.length === 0) return out
  const rows = await trx.selectFrom('stock_level').selectAll().where('variant_id', 'in', [...variantIds]).execute()
  for (const id of variantIds) out.set(id, { onHand: 0, reserved: 0, available: 0 })
  for (const r of rows) out.set(r.variant_id, { onHand: r.on_hand, reserved: r.reserved, available: r.on_hand - r.reserved })
  return out
}

async function describeVariants(trx: Db, variantIds: readonly string[]) {
  const rows = await trx
    .selectFrom('product_variant as v')
    .innerJoin('product as p', 'p.id', 'v.product_id')
    .select(['v.id', 'v.sku', 'p.name'])
    .where('v.id', 'in', [...variantIds])
    .execute()
  return new Map(rows.map((r) => [r.id, r]))
}

function sumByVariant(lines: readonly { variantId: string; quantity: number }[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const l of lines) out.set(l.variantId, (out.get(l.variantId) ?? 0) + l.quantity)
  return out
}

/** Stock sitting in lots already past their expiry (not sellable, still on hand until written off). */
async function expiredStock(trx: Db, variantIds: readonly string[], today: string): Promise<Map<string, number>> {
  if (variantIds.length === 0) return new Map()
  const rows = await trx
    .selectFrom('stock_lot_level as s')
    .innerJoin('lot', 'lot.id', 's.lot_id')
    .select(['s.variant_id', sql<number>`sum(s.on_hand)`.as('n')])
    .where('s.variant_id', 'in', [...variantIds])
    .where('lot.expiry_date', '<', today)
    .where('s.on_hand', '>', 0)
    .groupBy('s.variant_id')
    .execute()
  return new Map(rows.map((r) => [r.variant_id, r.n]))
}

/**
 * Holds stock for a confirmed order. All lines are checked first and every shortage is named
 * in one CONFLICT (reason `insufficient_stock`, details.shortages), so the user fixes them at once.
 * Goods in expired lots do not count: they could not be shipped.
 */
export async function reserve(trx: Db, ctx: LedgerContext & { today: string }, orderId: string, lines: readonly { variantId: string; quantity: number }[]): Promise<void> {
  const wanted = sumByVariant(lines)
  const variantIds = [...wanted.keys()]
  const [levels, expired] = await Promise.all([stockOfVariants(trx, variantIds), expiredStock(trx, variantIds, ctx.today)])
  const stock = new Map([...levels].map(([id, l]) => [id, { ...l, available: l.available - (expired.get(id) ?? 0) }]))
  const short = [...wanted].filter(([id, qty]) => stock.get(id)!.available < qty)
  if (short.length > 0) {
    const names = await describeVariants(trx, short.map(([id]) => id))
    const shortages: Shortage[] = short.map(([id, qty]) => ({
      variantId: id,
      sku: names.get(id)?.sku ?? id,
      productName: names.get(id)?.name ?? '',
      requested: qty,
      available: Math.max(0, stock.get(id)!.available),
      ...(expired.get(id) ? { expired: expired.get(id)! } : {}),
    }))
    throw new AppError('CONFLICT', `Not enough stock: ${shortages.map((s) => `${s.sku} (${s.available} available, ${s.requested} wanted)`).join('; ')}`, {
      reason: 'insufficient_stock',
      shortages,
    })
  }
  await applyMovements(
    trx,
    ctx,
    [...wanted].map(([variantId, qty]) => ({ variantId, lotId: null, kind: 'reserve', onHandDelta: 0, reservedDelta: qty, orderId })),
  )
}

/** What an order still holds, per variant, from the ledger itself (never from a copy). */
export async function heldByOrder(trx: Db, orderId: string): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom('stock_movement')
    .select(['variant_id', sql<number>`sum(reserved_delta)`.as('held')])
    .where('order_id', '=', orderId)
    .groupBy('variant_id')
    .execute()
  return new Map(rows.filter((r) => r.held !== 0).map((r) => [r.variant_id, r.held]))
}

/** Gives back everything the order holds (cancel). */
export async function release(trx: Db, ctx: LedgerContext, orderId: string): Promise<void> {
  const held = await heldByOrder(trx, orderId)
  await applyMovements(
    trx,
    ctx,
    [...held].map(([variantId, qty]) => ({ variantId, lotId: null, kind: 'release', onHandDelta: 0, reservedDelta: -qty, orderId })),
  )
}

interface LotStock {
  readonly lotId: string
  readonly lotCode: string
  readonly expiryDate: string | null
  readonly harvestDate: string
  readonly onHand: number
}

/** A variant's lots with stock, in picking order: earliest expiry first (FEFO), then oldest harvest. */
export async function lotsInPickingOrder(trx: Db, variantId: string): Promise<LotStock[]> {
  const rows = await trx
    .selectFrom('stock_lot_level as s')
    .innerJoin('lot', 'lot.id', 's.lot_id')
    .select(['s.lot_id', 's.on_hand', 'lot.lot_code', 'lot.expiry_date', 'lot.harvest_date'])
    .where('s.variant_id', '=', variantId)
    .where('s.on_hand', '>', 0)
    .orderBy(sql`lot.expiry_date IS NULL`)
    .orderBy('lot.expiry_date')
    .orderBy('lot.harvest_date')
    .orderBy(sql`lot.lot_code COLLATE NOCASE`)
    .execute()
  return rows.map((r) => ({ lotId: r.lot_id, lotCode: r.lot_code, expiryDate: r.expiry_date, harvestDate: r.harvest_date, onHand: r.on_hand }))
}

/**
 * Ships what the order holds: lots that are not expired, earliest expiry first, then stock kept
 * without a lot. Goods only left in expired lots are not sold: CONFLICT `only_expired_lots`.
 */
export async function issue(trx: Db, ctx: LedgerContext & { today: string }, orderId: string): Promise<void> {
  const held = await heldByOrder(trx, orderId)
  const movements: Movement[] = []
  for (const [variantId, qty] of held) {
    let left = qty
    const lots = await lotsInPickingOrder(trx, variantId)
    for (const lot of lots) {
      if (left === 0) break
      if (lot.expiryDate !== null && lot.expiryDate < ctx.today) continue
      const take = Math.min(left, lot.onHand)
      movements.push({ variantId, lotId: lot.lotId, kind: 'issue', onHandDelta: -take, reservedDelta: -take, orderId })
      left -= take
    }
    if (left > 0) {
      const level = (await stockOfVariants(trx, [variantId])).get(variantId)!
      const inLots = lots.reduce((n, l) => n + l.onHand, 0)
      const unlotted = level.onHand - inLots
      const take = Math.min(left, Math.max(0, unlotted))
      if (take > 0) movements.push({ variantId, lotId: null, kind: 'issue', onHandDelta: -take, reservedDelta: -take, orderId })
      left -= take
    }
    if (left > 0) {
      const names = await describeVariants(trx, [variantId])
      throw new AppError('CONFLICT', `${names.get(variantId)?.sku ?? variantId}: ${left} of the units held are only in expired lots`, {
        reason: 'only_expired_lots',
        variantId,
        sku: names.get(variantId)?.sku ?? variantId,
        missing: left,
      })
    }
  }
  await applyMovements(trx, ctx, movements)
}

/** Lots an order's goods left from, per variant, as issued. */
export async function issuedLots(trx: Db, orderId: string): Promise<{ variantId: string; lotId: string; lotCode: string; quantity: number }[]> {
  const rows = await trx
    .selectFrom('stock_movement as m')
    .innerJoin('lot', 'lot.id', 'm.lot_id')
    .select(['m.variant_id', 'm.lot_id', 'lot.lot_code', sql<number>`-sum(m.on_hand_delta)`.as('quantity')])
    .where('m.order_id', '=', orderId)
    .where('m.kind', 'in', ['issue', 'return'])
    .groupBy(['m.variant_id', 'm.lot_id', 'lot.lot_code'])
    .orderBy(sql`min(m.seq)`)
    .execute()
  return rows.filter((r) => r.quantity > 0).map((r) => ({ variantId: r.variant_id, lotId: r.lot_id!, lotCode: r.lot_code, quantity: r.quantity }))
}

/**
 * Puts returned goods back where they came from: into the lots they were issued from (the
 * last-picked first), then as stock without a lot.
 */
export async function restock(trx: Db, ctx: LedgerContext, orderId: string, variantId: string, quantity: number): Promise<void> {
  const issuedRows = await trx
    .selectFrom('stock_movement')
    .select(['lot_id', sql<number>`-sum(on_hand_delta)`.as('net')])
    .where('order_id', '=', orderId)
    .where('variant_id', '=', variantId)
    .where('kind', 'in', ['issue', 'return'])
    .groupBy('lot_id')
    .orderBy(sql`max(seq)`, 'desc')
    .execute()
  let left = quantity
  const movements: Movement[] = []
  for (const row of issuedRows) {
    if (left === 0) break
    const take = Math.min(left, row.net)
    if (take <= 0) continue
    movements.push({ variantId, lotId: row.lot_id, kind: 'return', onHandDelta: take, reservedDelta: 0, orderId })
    left -= take
  }
  if (left > 0) throw new AppError('CONFLICT', `Only ${quantity - left} of these units left the stock with this order`, { reason: 'return_exceeds_issued', variantId })
  await applyMovements(trx, ctx, movements)
}

/** Goods in: with a lot (harvest recorded) or without. */
export async function receive(
  trx: Db,
  ctx: LedgerContext,
  input: { variantId: string; lotId: string | null; quantity: number; kind?: 'receive' | 'lot_correction' | 'stocktake'; reason?: string | null; stocktakeId?: string | null },
): Promise<void> {
  await applyMovements(trx, ctx, [
    {
      variantId: input.variantId,
      lotId: input.lotId,
      kind: input.kind ?? 'receive',
      onHandDelta: input.quantity,
      reservedDelta: 0,
      reason: input.reason ?? null,
      stocktakeId: input.stocktakeId ?? null,
    },
  ])
}

/**
 * A correction by hand (breakage, a miscount). Removing stock that confirmed orders hold is
 * refused (CONFLICT `stock_reserved`): those orders must be changed first, or the shop would
 * promise goods it no longer has.
 */
export async function adjust(
  trx: Db,
  ctx: LedgerContext,
  input: { variantId: string; lotId: string | null; delta: number; reason: string; kind?: 'adjustment' | 'stocktake' | 'lot_correction'; stocktakeId?: string | null },
): Promise<void> {
  if (input.delta < 0) {
    const level = (await stockOfVariants(trx, [input.variantId])).get(input.variantId)!
    if (level.available + input.delta < 0) {
      throw new AppError('CONFLICT', `Only ${level.available} can be removed; ${level.reserved} are held by confirmed orders`, {
        reason: 'stock_reserved',
        available: level.available,
        reserved: level.reserved,
      })
    }
    if (input.lotId !== null) {
      const lot = await trx.selectFrom('stock_lot_level').select('on_hand').where('lot_id', '=', input.lotId).executeTakeFirst()
      if ((lot?.on_hand ?? 0) + input.delta < 0) {
        throw new AppError('CONFLICT', `The lot holds only ${lot?.on_hand ?? 0}`, { reason: 'lot_stock_short', onHand: lot?.on_hand ?? 0 })
      }
    } else {
      // Without a lot only the stock kept without one can go, or the lots would claim more
      // than is on hand: say which lot instead.
      const inLots = await trx
        .selectFrom('stock_lot_level')
        .select(sql<number>`ifnull(sum(on_hand), 0)`.as('n'))
        .where('variant_id', '=', input.variantId)
        .executeTakeFirstOrThrow()
      const unlotted = level.onHand - inLots.n
      if (unlotted + input.delta < 0) {
        throw new AppError('CONFLICT', `Only ${unlotted} are kept without a lot; choose the lot the goods came from`, { reason: 'unlotted_stock_short', onHand: unlotted })
      }
    }
  }
  await applyMovements(trx, ctx, [
    {
      variantId: input.variantId,
      lotId: input.lotId,
      kind: input.kind ?? 'adjustment',
      onHandDelta: input.delta,
      reservedDelta: 0,
      reason: input.reason,
      stocktakeId: input.stocktakeId ?? null,
    },
  ])
}
