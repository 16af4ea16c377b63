/**
 * Sums of a period read from the day sums (rollups.ts): orders and net sales per channel, and
 * money collected per method. Callers bring the day sums up to date first.
 */
import { sql } from 'kysely'
import { COLLECTION_METHODS, type CollectionMethod } from '@shared/contract/reports'
import { ORDER_CHANNELS, type OrderChannel } from '@shared/contract/orders'
import type { Db } from '../db/connection'

export interface PeriodDays {
  readonly from: string
  readonly to: string
}

/** Orders and net sales (goods − returns) per channel that sold in the period, in channel order. */
export async function netByChannel(db: Db, period: PeriodDays): Promise<{ channel: OrderChannel; orders: number; netVnd: number }[]> {
  const rows = await db
    .selectFrom('report_sales_day')
    .select(['channel', (eb) => eb.fn.sum<number>('orders').as('orders'), sql<number>`sum(gross_vnd - returns_vnd)`.as('net')])
    .where('day', '>=', period.from)
    .where('day', '<=', period.to)
    .groupBy('channel')
    .orderBy('channel')
    .execute()
  return rows
    .filter((r) => (ORDER_CHANNELS as readonly string[]).includes(r.channel))
    .map((r) => ({ channel: r.channel as OrderChannel, orders: Number(r.orders), netVnd: Number(r.net) }))
}

/** Money collected in the period net of refunds, for every method (zero where none). */
export async function collectedByMethod(db: Db, period: PeriodDays): Promise<{ method: CollectionMethod; amountVnd: number }[]> {
  const rows = await db
    .selectFrom('report_collection_day')
    .select(['method', sql<number>`sum(received_vnd - refunded_vnd)`.as('amount')])
    .where('day', '>=', period.from)
    .where('day', '<=', period.to)
    .groupBy('method')
    .execute()
  const by = new Map(rows.map((r) => [r.method, Number(r.amount)]))
  return COLLECTION_METHODS.map((method) => ({ method, amountVnd: by.get(method) ?? 0 }))
}
