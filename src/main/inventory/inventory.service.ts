/**
 * Stock as the shop sees it: levels per variant (on hand, held by confirmed orders, available)
 * with their lots, goods received without a lot, corrections by hand, the low-stock threshold,
 * the history of one variant, and stocktakes (kiểm kho): a count sheet of what the books say,
 * the counts typed in, and one confirmation that writes every difference as a movement.
 */
import { sql } from 'kysely'
import type { z } from 'zod'
import { AppError } from '@shared/contract/errors'
import type { adjustStockInput, countStocktakeInput, receiveStockInput, StockLevelDto, stockQueryInput, StocktakeDto, startStocktakeInput } from '@shared/contract/orders'
import { foldVietnamese } from '@shared/domain/vietnamese'
import type { CallContext, ServiceDeps } from '../context'
import type { Db } from '../db/connection'
import { likeContains } from '../db/like'
import { adjust, receive, type LedgerContext } from './stock-ledger'

type StockQuery = z.output<typeof stockQueryInput>
type ReceiveStock = z.output<typeof receiveStockInput>
type AdjustStock = z.output<typeof adjustStockInput>
type StartStocktake = z.output<typeof startStocktakeInput>
type CountStocktake = z.output<typeof countStocktakeInput>

export function createInventoryService(deps: ServiceDeps) {
  const { db, clock, newId } = deps
  const ledger = (ctx: CallContext): LedgerContext => ({ newId, actor: ctx.actor, at: clock.isoNow() })

  async function requireVariant(trx: Db, variantId: string) {
    const v = await trx.selectFrom('product_variant').select(['id', 'archived_at']).where('id', '=', variantId).executeTakeFirst()
    if (!v) throw new AppError('NOT_FOUND', `No variant ${variantId}`, { entity: 'variant', id: variantId })
    return v
  }

  async function levels(trx: Db, variantIds: readonly string[]): Promise<StockLevelDto[]> {
    if (variantIds.length === 0) return []
    const [rows, lots] = await Promise.all([
      trx
        .selectFrom('product_variant as v')
        .innerJoin('product as p', 'p.id', 'v.product_id')
        .leftJoin('stock_level as s', 's.variant_id', 'v.id')
        .select(['v.id', 'v.sku', 'v.option_label', 'v.unit', 'v.low_stock_threshold', 'p.id as product_id', 'p.name', 's.on_hand', 's.reserved'])
        .where('v.id', 'in', [...variantIds])
        .execute(),
      trx
        .selectFrom('stock_lot_level as s')
        .innerJoin('lot', 'lot.id', 's.lot_id')
        .select(['s.variant_id', 's.lot_id', 's.on_hand', 'lot.lot_code', 'lot.expiry_date'])
        .where('s.variant_id', 'in', [...variantIds])
        .where('s.on_hand', '>', 0)
        .orderBy(sql`lot.expiry_date IS NULL`)
        .orderBy('lot.expiry_date')
        .execute(),
    ])
    const byId = new Map(rows.map((r) => [r.id, r]))
    return variantIds.flatMap((id) => {
      const r = byId.get(id)
      if (!r) return []
      const onHand = r.on_hand ?? 0
      const reserved = r.reserved ?? 0
      return [
        {
          variantId: r.id,
          productId: r.product_id,
          productName: r.name,
          sku: r.sku,
          variantLabel: r.option_label,
          unit: r.unit,
          onHand,
          reserved,
          available: onHand - reserved,
          lowStockThreshold: r.low_stock_threshold,
          lots: lots.filter((l) => l.variant_id === id).map((l) => ({ lotId: l.lot_id, lotCode: l.lot_code, expiryDate: l.expiry_date, onHand: l.on_hand })),
        },
      ]
    })
  }

  async function stocktake(trx: Db, id: string): Promise<StocktakeDto> {
    const head = await trx.selectFrom('stocktake').selectAll().where('id', '=', id).executeTakeFirst()
    if (!head) throw new AppError('NOT_FOUND', `No stocktake ${id}`, { entity: 'stocktake', id })
    const lines = await trx
      .selectFrom('stocktake_line as l')
      .innerJoin('product_variant as v', 'v.id', 'l.variant_id')
      .innerJoin('product as p', 'p.id', 'v.product_id')
      .leftJoin('lot', 'lot.id', 'l.lot_id')
      .select(['l.variant_id', 'l.lot_id', 'l.expected', 'l.counted', 'v.sku', 'v.unit', 'p.name', 'lot.lot_code'])
      .where('l.stocktake_id', '=', id)
      .orderBy('p.name_folded')
      .orderBy('v.sku')
      .orderBy('lot.lot_code')
      .execute()
    return {
      id: head.id,
      status: head.status,
      note: head.note,
      createdAt: head.created_at,
      confirmedAt: head.confirmed_at,
      lines: lines.map((l) => ({
        variantId: l.variant_id,
        lotId: l.lot_id,
        lotCode: l.lot_code,
        productName: l.name,
        sku: l.sku,
        unit: l.unit,
        expected: l.expected,
        counted: l.counted,
        difference: l.counted === null ? null : l.counted - l.expected,
      })),
    }
  }

  return {
    async list(input: StockQuery): Promise<{ items: StockLevelDto[]; total: number }> {
      let q = db
        .selectFrom('product_variant as v')
        .innerJoin('product as p', 'p.id', 'v.product_id')
        .leftJoin('stock_level as s', 's.variant_id', 'v.id')
        .where('v.archived_at', 'is', null)
        .where('p.status', '!=', 'archived')
      if (input.variantIds) q = q.where('v.id', 'in', input.variantIds)
      if (input.lowOnly) q = q.where('v.low_stock_threshold', 'is not', null).where(sql<boolean>`ifnull(s.on_hand, 0) - ifnull(s.reserved, 0) <= v.low_stock_threshold`)
      const text = input.query.trim()
      if (text !== '') {
        q = q.where((eb) => eb.or([likeContains(sql.ref('v.sku'), text), likeContains(sql.ref('p.name_folded'), foldVietnamese(text)), eb('v.barcode', '=', text)]))
      }
      const total = (await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n
      const ids = await q.select('v.id').orderBy('p.name_folded').orderBy('v.position').limit(input.limit).offset(input.offset).execute()
      return { items: await levels(db, ids.map((r) => r.id)), total }
    },

    async receive(input: ReceiveStock, ctx: CallContext): Promise<StockLevelDto> {
      await db.transaction().execute(async (trx) => {
        const v = await requireVariant(trx, input.variantId)
        if (v.archived_at !== null) throw new AppError('VALIDATION', 'Stock can only be received for a live variant', { reason: 'variant_archived' })
        await receive(trx, ledger(ctx), { variantId: input.variantId, lotId: null, quantity: input.quantity, reason: input.note })
      })
      return (await levels(db, [input.variantId]))[0]!
    },

    async adjust(input: AdjustStock, ctx: CallContext): Promise<StockLevelDto> {
      await db.transaction().execute(async (trx) => {
        await requireVariant(trx, input.variantId)
        if (input.lotId) {
          const lot = await trx.selectFrom('lot').select('variant_id').where('id', '=', input.lotId).executeTakeFirst()
          if (!lot || lot.variant_id !== input.variantId) throw new AppError('NOT_FOUND', `Variant ${input.variantId} has no lot ${input.lotId}`, { entity: 'lot', id: input.lotId })
        }
        await adjust(trx, ledger(ctx), { variantId: input.variantId, lotId: input.lotId, delta: input.delta, reason: input.reason })
      })
      return (await levels(db, [input.variantId]))[0]!
    },

    async setThreshold(variantId: string, threshold: number | null): Promise<StockLevelDto> {
      await requireVariant(db, variantId)
      await db.updateTable('product_variant').set({ low_stock_threshold: threshold }).where('id', '=', variantId).execute()
      return (await levels(db, [variantId]))[0]!
    },

    async history(variantId: string, limit: number) {
      await requireVariant(db, variantId)
      const rows = await db
        .selectFrom('stock_movement as m')
        .leftJoin('lot', 'lot.id', 'm.lot_id')
        .leftJoin('sales_order as o', 'o.id', 'm.order_id')
        .select(['m.id', 'm.kind', 'lot.lot_code', 'm.on_hand_delta', 'm.reserved_delta', 'm.order_id', 'o.number', 'm.stocktake_id', 'm.reason', 'm.actor', 'm.at'])
        .where('m.variant_id', '=', variantId)
        .orderBy('m.seq', 'desc')
        .limit(limit)
        .execute()
      return rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        lotCode: r.lot_code,
        onHandDelta: r.on_hand_delta,
        reservedDelta: r.reserved_delta,
        orderId: r.order_id,
        orderNumber: r.number,
        stocktakeId: r.stocktake_id,
        reason: r.reason,
        actor: r.actor,
        at: r.at,
      }))
    },

    /** A count sheet: what the books say now, per variant and per lot (and stock kept without a lot). */
    async startStocktake(input: StartStocktake, ctx: CallContext): Promise<StocktakeDto> {
      const id = await db.transaction().execute(async (trx) => {
        const open = await trx.selectFrom('stocktake').select('id').where('status', '=', 'counting').executeTakeFirst()
        if (open) throw new AppError('CONFLICT', 'Finish or cancel the stocktake in progress first', { reason: 'stocktake_open', id: open.id })
        let variants = trx
          .selectFrom('product_variant as v')
          .innerJoin('product as p', 'p.id', 'v.product_id')
          .leftJoin('stock_level as s', 's.variant_id', 'v.id')
          .select(['v.id', 's.on_hand'])
          .where('v.archived_at', 'is', null)
          .where('p.status', '!=', 'archived')
        if (input.variantIds) variants = variants.where('v.id', 'in', input.variantIds)
        else variants = variants.where((eb) => eb.or([eb('s.on_hand', '!=', 0), eb.exists(eb.selectFrom('lot').select('lot.id').whereRef('lot.variant_id', '=', 'v.id'))]))
        const rows = await variants.execute()
        const lotRows = rows.length
          ? await trx.selectFrom('stock_lot_level').selectAll().where('variant_id', 'in', rows.map((r) => r.id)).where('on_hand', '>', 0).execute()
          : []
        const id = newId('stocktake')
        const now = clock.isoNow()
        await trx.insertInto('stocktake').values({ id, status: 'counting', note: input.note, created_by: ctx.actor, created_at: now, confirmed_at: null }).execute()
        for (const v of rows) {
          const lots = lotRows.filter((l) => l.variant_id === v.id)
          const inLots = lots.reduce((n, l) => n + l.on_hand, 0)
          for (const l of lots) await trx.insertInto('stocktake_line').values({ stocktake_id: id, variant_id: v.id, lot_id: l.lot_id, expected: l.on_hand, counted: null }).execute()
          const unlotted = (v.on_hand ?? 0) - inLots
          if (unlotted !== 0 || lots.length === 0) await trx.insertInto('stocktake_line').values({ stocktake_id: id, variant_id: v.id, lot_id: null, expected: unlotted, counted: null }).execute()
        }
        return id
      })
      return stocktake(db, id)
    },

    getStocktake: (id: string) => stocktake(db, id),

    async count(input: CountStocktake): Promise<StocktakeDto> {
      await db.transaction().execute(async (trx) => {
        const head = await stocktake(trx, input.id)
        if (head.status !== 'counting') throw new AppError('CONFLICT', `This stocktake is ${head.status}`, { reason: 'stocktake_closed' })
        for (const [i, c] of input.counts.entries()) {
          // The book figure is taken again at the moment of counting, so what moves between opening
          // the sheet and counting a shelf is not counted twice.
          const level = (await trx.selectFrom('stock_level').select('on_hand').where('variant_id', '=', c.variantId).executeTakeFirst())?.on_hand ?? 0
          const lotRows = await trx.selectFrom('stock_lot_level').select(['lot_id', 'on_hand']).where('variant_id', '=', c.variantId).execute()
          const book = c.lotId === null ? level - lotRows.reduce((n, r) => n + r.on_hand, 0) : (lotRows.find((r) => r.lot_id === c.lotId)?.on_hand ?? 0)
          let q = trx.updateTable('stocktake_line').set({ counted: c.counted, ...(c.counted !== null && { expected: book }) }).where('stocktake_id', '=', input.id).where('variant_id', '=', c.variantId)
          q = c.lotId === null ? q.where('lot_id', 'is', null) : q.where('lot_id', '=', c.lotId)
          const done = await q.executeTakeFirst()
          if (Number(done.numUpdatedRows) === 0) {
            throw new AppError('VALIDATION', 'This item is not on the count sheet', {
              issues: [{ path: ['counts', i], code: 'stocktake_line_unknown', message: 'not on the sheet' }],
            })
          }
        }
      })
      return stocktake(db, input.id)
    },

    /**
     * One confirmation writes every difference as a `stocktake` movement. Counting below what
     * confirmed orders hold is refused for that line (CONFLICT `stock_reserved`) and nothing is
     * written: the orders must be dealt with first.
     */
    async confirmStocktake(id: string, ctx: CallContext): Promise<StocktakeDto> {
      await db.transaction().execute(async (trx) => {
        const sheet = await stocktake(trx, id)
        if (sheet.status !== 'counting') throw new AppError('CONFLICT', `This stocktake is ${sheet.status}`, { reason: 'stocktake_closed' })
        const uncounted = sheet.lines.filter((l) => l.counted === null)
        if (uncounted.length > 0) {
          throw new AppError('VALIDATION', `${uncounted.length} items are not counted yet`, { reason: 'stocktake_incomplete', missing: uncounted.length })
        }
        const ctxLedger = ledger(ctx)
        for (const l of sheet.lines) {
          // `expected` is the book figure when that line was counted (see count()): goods sold or
          // received after the count are already in the books and stay there.
          if (l.difference === 0 || l.difference === null) continue
          if (l.difference > 0) {
            await receive(trx, ctxLedger, { variantId: l.variantId, lotId: l.lotId, quantity: l.difference, reason: `stocktake ${id}`, kind: 'stocktake', stocktakeId: id })
          } else {
            await adjust(trx, ctxLedger, { variantId: l.variantId, lotId: l.lotId, delta: l.difference, reason: `stocktake ${id}`, kind: 'stocktake', stocktakeId: id })
          }
        }
        await trx.updateTable('stocktake').set({ status: 'confirmed', confirmed_at: ctxLedger.at }).where('id', '=', id).execute()
      })
      return stocktake(db, id)
    },

    async cancelStocktake(id: string): Promise<StocktakeDto> {
      const sheet = await stocktake(db, id)
      if (sheet.status !== 'counting') throw new AppError('CONFLICT', `This stocktake is ${sheet.status}`, { reason: 'stocktake_closed' })
      await db.updateTable('stocktake').set({ status: 'cancelled' }).where('id', '=', id).execute()
      return stocktake(db, id)
    },
  }
}

export type InventoryService = ReturnType<typeof createInventoryService>
