/**
 * Day sums the reports read instead of the order book (a year of a busy co-op is hundreds of
 * thousands of orders; a month's chart must not scan them). Triggers (migration 0006) mark the
 * days a change touches; `refreshRollups` recomputes those days here, with the same rules as the
 * orders module (docs/reports.md):
 * - a sale counts on the day its order was confirmed, unless the order was later cancelled;
 * - goods are worth their line totals with the order discount shared out over the lines
 *   (allocateOrderDiscount), shipping apart;
 * - goods that come back count on the day they came back, at what they were sold for
 *   (refundForReturn over the returns of that line so far, so steps add up exactly);
 * - money counts on the day it was received (a payment succeeded) or paid back (a refund
 *   succeeded); what a marketplace collects counts on the order's confirmation day.
 */
import { sql } from 'kysely'
import { allocateOrderDiscount, refundForReturn } from '@shared/domain/order-totals'
import { addDays, VIETNAM_UTC_OFFSET_MS } from '@shared/domain/calendar'
import type { Db } from '../db/connection'

const MARKETPLACE_CHANNELS = new Set(['shopee', 'lazada', 'tiktok'])
const METHODS = ['cash', 'cod', 'vietqr', 'vnpay'] as const

/** The UTC instants a Vietnamese day runs between: [start, end). */
export function dayRange(day: string): { readonly start: string; readonly end: string } {
  const start = Date.parse(`${day}T00:00:00.000Z`) - VIETNAM_UTC_OFFSET_MS
  return { start: new Date(start).toISOString(), end: new Date(start + 86_400_000).toISOString() }
}

interface LineRow {
  readonly id: string
  readonly order_id: string
  readonly position: number
  readonly variant_id: string
  readonly product_id: string
  readonly quantity: number
  readonly total_vnd: number
}

interface OrderForSums {
  readonly id: string
  readonly channel: string
  readonly order_discount_vnd: number
}

/** Each line's share of its order's discount, for every line of the given orders. */
async function lineShares(trx: Db, orders: ReadonlyMap<string, OrderForSums>): Promise<Map<string, { line: LineRow; discountVnd: number }>> {
  const out = new Map<string, { line: LineRow; discountVnd: number }>()
  const ids = [...orders.keys()]
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    const lines = (await trx
      .selectFrom('order_line')
      .select(['id', 'order_id', 'position', 'variant_id', 'product_id', 'quantity', 'total_vnd'])
      .where('order_id', 'in', chunk)
      .orderBy('order_id')
      .orderBy('position')
      .execute()) as LineRow[]
    const byOrder = new Map<string, LineRow[]>()
    for (const line of lines) byOrder.set(line.order_id, [...(byOrder.get(line.order_id) ?? []), line])
    for (const [orderId, orderLines] of byOrder) {
      const order = orders.get(orderId)!
      const lineSum = orderLines.reduce((sum, l) => sum + l.total_vnd, 0)
      // An order whose discount exceeds its lines never passes validation; clamp rather than throw on old data.
      const shares = allocateOrderDiscount(
        orderLines.map((l) => l.total_vnd),
        Math.min(order.order_discount_vnd, lineSum),
      )
      orderLines.forEach((line, index) => out.set(line.id, { line, discountVnd: shares[index]! }))
    }
  }
  return out
}

interface Accumulator {
  readonly sales: Map<string, { orders: number; gross: number; returns: number; shipping: number }>
  readonly products: Map<string, { productId: string; quantity: number; gross: number; returnedQuantity: number; returns: number }>
  readonly collections: Map<string, { received: number; refunded: number }>
}

function salesOf(acc: Accumulator, channel: string) {
  let entry = acc.sales.get(channel)
  if (!entry) acc.sales.set(channel, (entry = { orders: 0, gross: 0, returns: 0, shipping: 0 }))
  return entry
}

function productOf(acc: Accumulator, variantId: string, productId: string) {
  let entry = acc.products.get(variantId)
  if (!entry) acc.products.set(variantId, (entry = { productId, quantity: 0, gross: 0, returnedQuantity: 0, returns: 0 }))
  return entry
}

function collectionOf(acc: Accumulator, method: string) {
  let entry = acc.collections.get(method)
  if (!entry) acc.collections.set(method, (entry = { received: 0, refunded: 0 }))
  return entry
}

export interface ReturnedGoods {
  readonly orderId: string
  readonly channel: string
  readonly customerId: string | null
  readonly variantId: string
  readonly productId: string
  readonly units: number
  readonly valueVnd: number
}

/**
 * Goods that came back between two UTC instants, each worth its units of what its line was sold
 * for. Earlier returns of the same lines are read too, so a line returned in steps adds up to
 * exactly its value (refundForReturn).
 */
export async function returnsBetween(trx: Db, start: string, end: string): Promise<ReturnedGoods[]> {
  const touched = await trx
    .selectFrom('order_event')
    .select(['order_id'])
    .distinct()
    // Written out, not bound: SQLite uses the partial index order_event_returns only when the
    // query's condition matches the index's literally, and a bound parameter never does.
    .where(sql<boolean>`kind IN ('returned', 'partial_return')`)
    .where('at', '>=', start)
    .where('at', '<', end)
    .execute()
  if (touched.length === 0) return []
  const out: ReturnedGoods[] = []
  for (let i = 0; i < touched.length; i += 500) {
    const orderIds = touched.slice(i, i + 500).map((r) => r.order_id)
    const orders = await trx.selectFrom('sales_order').select(['id', 'channel', 'order_discount_vnd', 'customer_id']).where('id', 'in', orderIds).execute()
    const byId = new Map(orders.map((o) => [o.id, o]))
    const shares = await lineShares(trx, byId)
    const events = await trx
      .selectFrom('order_event')
      .select(['order_id', 'at', 'data_json'])
      .where('order_id', 'in', orderIds)
      .where('kind', 'in', ['returned', 'partial_return'])
      .where('at', '<', end)
      .orderBy('seq')
      .execute()
    const returnedSoFar = new Map<string, number>()
    for (const event of events) {
      const data = event.data_json ? (JSON.parse(event.data_json) as { lines?: { lineId: string; quantity: number }[] }) : {}
      for (const back of data.lines ?? []) {
        const share = shares.get(back.lineId)
        if (!share) continue
        const already = returnedSoFar.get(back.lineId) ?? 0
        const units = Math.min(back.quantity, share.line.quantity - already)
        if (units <= 0) continue
        returnedSoFar.set(back.lineId, already + units)
        if (event.at < start) continue
        const order = byId.get(event.order_id)!
        out.push({
          orderId: order.id,
          channel: order.channel,
          customerId: order.customer_id,
          variantId: share.line.variant_id,
          productId: share.line.product_id,
          units,
          valueVnd: refundForReturn({ lineTotalVnd: share.line.total_vnd, allocatedDiscountVnd: share.discountVnd, quantity: share.line.quantity, returnedQty: units, alreadyReturnedQty: already }),
        })
      }
    }
  }
  return out
}

/** Recomputes one day's sums inside `trx`. */
export async function recomputeDay(trx: Db, day: string): Promise<void> {
  const { start, end } = dayRange(day)
  const acc: Accumulator = { sales: new Map(), products: new Map(), collections: new Map() }

  // Sales: orders confirmed this day that still stand.
  const sold = await trx
    .selectFrom('sales_order')
    .select(['id', 'channel', 'order_discount_vnd', 'shipping_fee_vnd', 'total_vnd'])
    .where('confirmed_at', '>=', start)
    .where('confirmed_at', '<', end)
    .where('status', 'not in', ['cancelled', 'draft'])
    .execute()
  const soldById = new Map(sold.map((o) => [o.id, o]))
  const soldShares = await lineShares(trx, soldById)
  for (const order of sold) {
    const sales = salesOf(acc, order.channel)
    sales.orders += 1
    sales.shipping += order.shipping_fee_vnd
    if (MARKETPLACE_CHANNELS.has(order.channel)) collectionOf(acc, 'marketplace').received += order.total_vnd
  }
  for (const { line, discountVnd } of soldShares.values()) {
    const net = line.total_vnd - discountVnd
    salesOf(acc, soldById.get(line.order_id)!.channel).gross += net
    const product = productOf(acc, line.variant_id, line.product_id)
    product.quantity += line.quantity
    product.gross += net
  }

  // Returns made this day, each worth its units of what the line was sold for.
  for (const back of await returnsBetween(trx, start, end)) {
    salesOf(acc, back.channel).returns += back.valueVnd
    const product = productOf(acc, back.variantId, back.productId)
    product.returnedQuantity += back.units
    product.returns += back.valueVnd
    if (MARKETPLACE_CHANNELS.has(back.channel)) collectionOf(acc, 'marketplace').refunded += back.valueVnd
  }

  // Money received and paid back this day.
  const received = await trx
    .selectFrom('payment_intent')
    .select(['method', (eb) => eb.fn.sum<number>('amount_received_vnd').as('amount')])
    .where('succeeded_at', '>=', start)
    .where('succeeded_at', '<', end)
    .where('status', '=', 'succeeded')
    .groupBy('method')
    .execute()
  for (const r of received) collectionOf(acc, r.method).received += Number(r.amount)
  const refunded = await trx
    .selectFrom('payment_refund as r')
    .innerJoin('payment_intent as i', 'i.id', 'r.intent_id')
    .select(['i.method', (eb) => eb.fn.sum<number>('r.amount_vnd').as('amount')])
    // Literal for the same reason as above: the partial index payment_refund_succeeded.
    .where(sql<boolean>`r.status = 'succeeded'`)
    .where('r.updated_at', '>=', start)
    .where('r.updated_at', '<', end)
    .groupBy('i.method')
    .execute()
  for (const r of refunded) collectionOf(acc, r.method).refunded += Number(r.amount)

  // Replace the day's rows.
  await trx.deleteFrom('report_sales_day').where('day', '=', day).execute()
  await trx.deleteFrom('report_product_day').where('day', '=', day).execute()
  await trx.deleteFrom('report_collection_day').where('day', '=', day).execute()
  if (acc.sales.size > 0) {
    await trx
      .insertInto('report_sales_day')
      .values([...acc.sales].map(([channel, s]) => ({ day, channel, orders: s.orders, gross_vnd: s.gross, returns_vnd: s.returns, shipping_vnd: s.shipping })))
      .execute()
  }
  if (acc.products.size > 0) {
    const productIds = [...new Set([...acc.products.values()].map((p) => p.productId))]
    const sellers = new Map<string, string>()
    for (let i = 0; i < productIds.length; i += 500) {
      for (const p of await trx.selectFrom('product').select(['id', 'seller_id']).where('id', 'in', productIds.slice(i, i + 500)).execute()) sellers.set(p.id, p.seller_id)
    }
    const rows = [...acc.products].map(([variantId, p]) => ({
      day,
      variant_id: variantId,
      product_id: p.productId,
      seller_id: sellers.get(p.productId) ?? null,
      quantity: p.quantity,
      gross_vnd: p.gross,
      returned_quantity: p.returnedQuantity,
      returns_vnd: p.returns,
    }))
    // SQLite takes at most 32766 bound values per statement: 8 columns, so batches of 2,000 rows.
    for (let i = 0; i < rows.length; i += 2_000) await trx.insertInto('report_product_day').values(rows.slice(i, i + 2_000)).execute()
  }
  const collectionRows = [...acc.collections].filter(([method]) => method === 'marketplace' || (METHODS as readonly string[]).includes(method))
  if (collectionRows.length > 0) {
    await trx
      .insertInto('report_collection_day')
      .values(collectionRows.map(([method, c]) => ({ day, method: method as 'cash', received_vnd: c.received, refunded_vnd: c.refunded })))
      .execute()
  }
  await trx.deleteFrom('report_dirty_day').where('day', '=', day).execute()
}

/**
 * Recomputes the days marked as changed, oldest first, `batch` days per transaction (so a first
 * run over years of orders does not hold the database for long). Returns the number of days done.
 */
export async function refreshRollups(db: Db, options: { readonly maxDays?: number; readonly batch?: number } = {}): Promise<number> {
  const maxDays = options.maxDays ?? Number.POSITIVE_INFINITY
  const batch = options.batch ?? 31
  let done = 0
  while (done < maxDays) {
    const days = await db
      .selectFrom('report_dirty_day')
      .select('day')
      .orderBy('day')
      .limit(Math.min(batch, maxDays - done))
      .execute()
    if (days.length === 0) break
    await db.transaction().execute(async (trx) => {
      for (const { day } of days) await recomputeDay(trx, day)
    })
    done += days.length
  }
  return done
}

/** Whether any day still waits to be recomputed. */
export async function rollupsPending(db: Db): Promise<number> {
  const row = await db.selectFrom('report_dirty_day').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** Every day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = []
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d)
  return out
}
