/**
 * The home screen's figures (docs/reports.md): sales from the day sums (rollups.ts), brought up
 * to date first; what needs attention (low stock, lots and OCOP certificates running out,
 * changes a channel has not taken) from the live tables, which are small.
 */
import { sql } from 'kysely'
import type { DashboardDto, PeriodInput, SalesFiguresDto } from '@shared/contract/reports'
import { CASHLESS_METHODS } from '@shared/contract/reports'
import { ORDER_STATUS_VALUES } from '@shared/contract/orders'
import { addDays, daysBetween, todayInVietnam } from '@shared/domain/calendar'
import type { ServiceDeps } from '../context'
import type { Db } from '../db/connection'
import { collectedByMethod, netByChannel } from './period-sums'
import { dayRange, daysOf, refreshRollups } from './rollups'

/** How far ahead lots and certificates are flagged. */
export const LOT_EXPIRY_WINDOW_DAYS = 30
export const CERTIFICATE_EXPIRY_WINDOW_DAYS = 90
const LIST_LIMIT = 10

const zero: SalesFiguresDto = { orders: 0, grossVnd: 0, returnsVnd: 0, netVnd: 0, shippingVnd: 0 }

function figures(row: { orders: unknown; gross: unknown; returns: unknown; shipping: unknown } | undefined): SalesFiguresDto {
  if (!row) return zero
  const gross = Number(row.gross ?? 0)
  const returns = Number(row.returns ?? 0)
  return { orders: Number(row.orders ?? 0), grossVnd: gross, returnsVnd: returns, netVnd: gross - returns, shippingVnd: Number(row.shipping ?? 0) }
}

const salesSums = (db: Db) =>
  db
    .selectFrom('report_sales_day')
    .select((eb) => [
      eb.fn.sum<number>('orders').as('orders'),
      eb.fn.sum<number>('gross_vnd').as('gross'),
      eb.fn.sum<number>('returns_vnd').as('returns'),
      eb.fn.sum<number>('shipping_vnd').as('shipping'),
    ])

/** Sales of a period from the day sums. */
export async function salesBetween(db: Db, from: string, to: string): Promise<SalesFiguresDto> {
  return figures(await salesSums(db).where('day', '>=', from).where('day', '<=', to).executeTakeFirst())
}

/** The first day of the month `months` before (negative) or after the month of `day`. */
function monthStart(day: string, months: number): string {
  const [y, m] = day.split('-').map(Number) as [number, number]
  const index = y * 12 + (m - 1) + months
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`
}

export async function dashboard(deps: ServiceDeps, period: PeriodInput): Promise<DashboardDto> {
  const { db, clock } = deps
  await refreshRollups(db)
  const today = todayInVietnam(clock.now())

  const [todayFigures, last7, last30, total] = await Promise.all([
    salesBetween(db, today, today),
    salesBetween(db, addDays(today, -6), today),
    salesBetween(db, addDays(today, -29), today),
    salesBetween(db, period.from, period.to),
  ])

  const dayRows = await salesSums(db).select('day').where('day', '>=', period.from).where('day', '<=', period.to).groupBy('day').execute()
  const byDayMap = new Map(dayRows.map((r) => [r.day, figures(r)]))
  const byDay = daysOf(period.from, period.to).map((day) => ({ day, ...(byDayMap.get(day) ?? zero) }))

  const firstMonth = monthStart(period.to, -11)
  const lastDay = addDays(monthStart(period.to, 1), -1)
  const monthRows = await salesSums(db)
    .select(sql<string>`substr(day, 1, 7)`.as('month'))
    .where('day', '>=', firstMonth)
    .where('day', '<=', lastDay)
    .groupBy(sql`substr(day, 1, 7)`)
    .execute()
  const byMonthMap = new Map(monthRows.map((r) => [r.month, figures(r)]))
  const byMonth = Array.from({ length: 12 }, (_, i) => monthStart(period.to, i - 11).slice(0, 7)).map((month) => ({ month, ...(byMonthMap.get(month) ?? zero) }))

  const byChannel = (await netByChannel(db, period)).sort((a, b) => b.netVnd - a.netVnd || a.channel.localeCompare(b.channel))

  const { start } = dayRange(period.from)
  const { end } = dayRange(period.to)
  const statusRows = await db
    .selectFrom('sales_order')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('created_at', '>=', start)
    .where('created_at', '<', end)
    .groupBy('status')
    .execute()
  const statusCounts = new Map(statusRows.map((r) => [r.status, Number(r.n)]))
  const byStatus = ORDER_STATUS_VALUES.map((status) => ({ status, orders: statusCounts.get(status) ?? 0 }))

  const productRows = await db
    .selectFrom('report_product_day as r')
    .innerJoin('product as p', 'p.id', 'r.product_id')
    .select(['r.product_id', 'p.name', sql<number>`sum(r.quantity - r.returned_quantity)`.as('quantity'), sql<number>`sum(r.gross_vnd - r.returns_vnd)`.as('net')])
    .where('r.day', '>=', period.from)
    .where('r.day', '<=', period.to)
    .groupBy('r.product_id')
    .orderBy('net', 'desc')
    .orderBy('r.product_id')
    .limit(LIST_LIMIT)
    .execute()
  const topProducts = productRows.map((r) => ({ productId: r.product_id, productName: r.name, quantity: Number(r.quantity), netVnd: Number(r.net) }))

  const collections = await collectedByMethod(db, period)
  const collected = collections.reduce((sum, c) => sum + c.amountVnd, 0)
  const cashless = collections.filter((c) => CASHLESS_METHODS.includes(c.method)).reduce((sum, c) => sum + c.amountVnd, 0)
  const cashlessShare = collected > 0 ? Math.min(1, Math.max(0, cashless / collected)) : null

  const lowRows = await db
    .selectFrom('product_variant as v')
    .innerJoin('product as p', 'p.id', 'v.product_id')
    .leftJoin('stock_level as s', 's.variant_id', 'v.id')
    .select(['v.id', 'v.sku', 'v.low_stock_threshold', 'p.id as product_id', 'p.name', sql<number>`ifnull(s.on_hand, 0) - ifnull(s.reserved, 0)`.as('available')])
    .where('v.low_stock_threshold', 'is not', null)
    .where('v.archived_at', 'is', null)
    .where('p.status', '!=', 'archived')
    .where(sql<boolean>`ifnull(s.on_hand, 0) - ifnull(s.reserved, 0) <= v.low_stock_threshold`)
    .orderBy(sql`ifnull(s.on_hand, 0) - ifnull(s.reserved, 0) - v.low_stock_threshold`)
    .orderBy('v.sku')
    .limit(LIST_LIMIT)
    .execute()
  const lowStock = lowRows.map((r) => ({ variantId: r.id, productId: r.product_id, productName: r.name, sku: r.sku, available: Number(r.available), threshold: r.low_stock_threshold ?? 0 }))

  const lotHorizon = addDays(today, LOT_EXPIRY_WINDOW_DAYS)
  const lotRows = await db
    .selectFrom('lot as l')
    .innerJoin('product as p', 'p.id', 'l.product_id')
    .innerJoin('stock_lot_level as s', 's.lot_id', 'l.id')
    .select(['l.id', 'l.lot_code', 'l.expiry_date', 'p.name', 's.on_hand'])
    .where('l.archived_at', 'is', null)
    .where('l.expiry_date', 'is not', null)
    .where('l.expiry_date', '<=', lotHorizon)
    .where('s.on_hand', '>', 0)
    .orderBy('l.expiry_date')
    .orderBy('l.lot_code')
    .limit(LIST_LIMIT)
    .execute()
  const expiringLots = lotRows.map((r) => ({ lotId: r.id, lotCode: r.lot_code, productName: r.name, expiryDate: r.expiry_date!, daysLeft: daysBetween(today, r.expiry_date!), onHand: r.on_hand }))

  const certificateHorizon = addDays(today, CERTIFICATE_EXPIRY_WINDOW_DAYS)
  const certificateRows = await db
    .selectFrom('ocop_certificate as c')
    .innerJoin('product as p', 'p.id', 'c.product_id')
    .select(['c.id', 'c.product_id', 'p.name', 'c.stars', 'c.certificate_number', 'c.expiry_date'])
    .where('p.status', '!=', 'archived')
    .where('c.expiry_date', '<=', certificateHorizon)
    // A certificate the product has already renewed is history, not an alert.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('ocop_certificate as newer')
            .select('newer.id')
            .whereRef('newer.product_id', '=', 'c.product_id')
            .whereRef('newer.expiry_date', '>', 'c.expiry_date'),
        ),
      ),
    )
    .orderBy('c.expiry_date')
    .orderBy('c.id')
    .limit(LIST_LIMIT)
    .execute()
  const expiringCertificates = certificateRows.map((r) => ({
    certificateId: r.id,
    productId: r.product_id,
    productName: r.name,
    stars: r.stars,
    certificateNumber: r.certificate_number,
    expiryDate: r.expiry_date,
    daysLeft: daysBetween(today, r.expiry_date),
  }))

  const outboxRows = await db
    .selectFrom('outbox_job')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['pending', 'running', 'dead'])
    .groupBy('status')
    .execute()
  const outbox = {
    pending: outboxRows.filter((r) => r.status !== 'dead').reduce((sum, r) => sum + Number(r.n), 0),
    dead: outboxRows.filter((r) => r.status === 'dead').reduce((sum, r) => sum + Number(r.n), 0),
  }

  return {
    period: { from: period.from, to: period.to },
    today,
    windows: { today: todayFigures, last7, last30 },
    byDay,
    byMonth,
    total,
    byChannel,
    byStatus,
    topProducts,
    collections,
    cashlessShare,
    lowStock,
    expiringLots,
    expiringCertificates,
    outbox,
  }
}
