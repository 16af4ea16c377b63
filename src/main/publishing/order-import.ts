/**
 * Marketplace orders into our orders module. Idempotent by (channel, external order id) — the
 * orders table's unique index — so overlapping pulls and a pull repeated after a crash change
 * nothing. A new paid order is confirmed at once, which reserves its stock and (through the
 * stock ledger) queues stock pushes to every other channel: a Shopee sale lowers Lazada's stock.
 * When the stock is not there any more it is kept as a draft with a note, never dropped.
 */
import { AppError } from '@shared/contract/errors'
import { createOrderInput } from '@shared/contract/orders'
import { normalizeVietnamesePhone } from '@shared/domain/phone'
import type { CallContext } from '../context'
import type { Db } from '../db/connection'
import type { OrdersService } from '../orders/orders.service'
import { enqueueJob } from './outbox'
import type { ExternalOrder, MarketplaceKind } from './connector'
import type { IdFactory } from '../ids'

export interface ImportSummary {
  readonly created: number
  /** Orders first seen unpaid (kept as drafts) that are paid now. */
  readonly confirmed: number
  readonly cancelled: number
  readonly unchanged: number
  /** Orders kept as drafts because their stock was gone. */
  readonly drafts: number
  /** SKUs the marketplace sold that no live variant of ours carries. */
  readonly unknownSkus: readonly string[]
}

const CANCELLABLE = new Set(['draft', 'confirmed', 'packed'])

export async function importMarketplaceOrders(db: Db, orders: OrdersService, channel: MarketplaceKind, incoming: readonly ExternalOrder[], ctx: CallContext): Promise<ImportSummary> {
  let created = 0
  let confirmed = 0
  let cancelled = 0
  let unchanged = 0
  let drafts = 0
  const unknown = new Set<string>()
  for (const o of incoming) {
    const existing = await db.selectFrom('sales_order').select(['id', 'status']).where('channel', '=', channel).where('external_ref', '=', o.externalId).executeTakeFirst()
    if (existing) {
      if ((o.state === 'cancelled' || o.state === 'returned') && CANCELLABLE.has(existing.status)) {
        await orders.act({ id: existing.id, action: 'cancel', note: `Sàn ${channel} báo đơn đã hủy`, carrier: null, trackingCode: null }, ctx)
        cancelled++
      } else if (existing.status === 'draft' && o.state !== 'unpaid') {
        // Seen unpaid before, paid now: hold its stock (or leave it for a person when it is gone).
        try {
          await orders.act({ id: existing.id, action: 'confirm', note: `Sàn ${channel} báo đơn đã thanh toán`, carrier: null, trackingCode: null }, ctx)
          confirmed++
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error
          unchanged++
        }
      } else {
        unchanged++
      }
      continue
    }
    // An order first seen already cancelled never needed our stock.
    if (o.state === 'cancelled' || o.state === 'returned') {
      unchanged++
      continue
    }
    const skus = [...new Set(o.lines.map((l) => l.sku))]
    const variants = skus.length
      ? await db.selectFrom('product_variant').select(['id', 'sku']).where('sku', 'in', skus).where('archived_at', 'is', null).execute()
      : []
    const bySku = new Map(variants.map((v) => [v.sku, v.id]))
    const lines = o.lines.filter((l) => bySku.has(l.sku)).map((l) => ({ variantId: bySku.get(l.sku)!, quantity: l.quantity, unitPriceVnd: l.unitPriceVnd }))
    const missing = o.lines.filter((l) => !bySku.has(l.sku))
    for (const l of missing) unknown.add(l.sku)
    if (lines.length === 0) {
      unchanged++
      continue
    }
    const phone = o.buyerPhone ? normalizeVietnamesePhone(o.buyerPhone) : null
    const notes = [
      `Đơn ${channel} ${o.externalId} (${o.status})`,
      ...missing.map((l) => `Không tìm thấy SKU ${l.sku} (${l.name}) × ${l.quantity}`),
    ].join('\n')
    const base = {
      channel,
      lines,
      shippingFeeVnd: o.shippingFeeVnd,
      externalRef: o.externalId,
      deliveryAddress: o.buyerName || phone || o.addressText ? { recipientName: o.buyerName, recipientPhone: phone, legacyText: o.addressText } : null,
      notes,
    }
    try {
      await orders.create(createOrderInput.parse({ ...base, confirm: o.state !== 'unpaid' }), ctx)
      created++
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'CONFLICT') throw error
      // Sold elsewhere meanwhile: keep the order for a person, with the reason.
      await orders.create(createOrderInput.parse({ ...base, notes: `${notes}\nKhông đủ hàng để giữ khi nhận đơn từ sàn`, confirm: false }), ctx)
      drafts++
    }
  }
  return { created, confirmed, cancelled, unchanged, drafts, unknownSkus: [...unknown] }
}

/** Every connected marketplace is asked for new orders this often. */
export const ORDER_PULL_EVERY_MS = 10 * 60_000

/** Queues an order pull for each connected marketplace whose last one is old enough. */
export async function scheduleOrderPulls(db: Db, newId: IdFactory, nowMs: number): Promise<number> {
  const due = await db
    .selectFrom('channel_account')
    .select(['id'])
    .where('kind', 'in', ['shopee', 'lazada', 'tiktok'])
    .where('state', '=', 'connected')
    .where('archived_at', 'is', null)
    .where((eb) => eb.or([eb('orders_synced_at', 'is', null), eb('orders_synced_at', '<', new Date(nowMs - ORDER_PULL_EVERY_MS).toISOString())]))
    .execute()
  const at = new Date(nowMs).toISOString()
  await db.transaction().execute(async (trx) => {
    for (const a of due) await enqueueJob(trx, newId, at, { channelAccountId: a.id, listingId: null, kind: 'pull_orders', dedupeKey: `pull:${a.id}` })
  })
  return due.length
}

/** Access tokens are renewed this long before they run out (Lazada's guide says 30 minutes). */
export const REFRESH_AHEAD_MS = 30 * 60_000

/** Renews the tokens of connected shops that are about to expire, one shop at a time. */
export async function refreshExpiringTokens(db: Db, refresh: (channelAccountId: string) => Promise<void>, nowMs: number): Promise<number> {
  const due = await db
    .selectFrom('channel_account')
    .select('id')
    .where('kind', 'in', ['shopee', 'lazada', 'tiktok'])
    .where('state', '=', 'connected')
    .where('archived_at', 'is', null)
    .where('access_expires_at', 'is not', null)
    .where('access_expires_at', '<', new Date(nowMs + REFRESH_AHEAD_MS).toISOString())
    .execute()
  let refreshed = 0
  for (const a of due) {
    // A failure marks the account (expired, with the reason) inside `refresh`; the others go on.
    await refresh(a.id).then(
      () => refreshed++,
      () => undefined,
    )
  }
  return refreshed
}
