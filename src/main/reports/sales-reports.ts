/**
 * Sales of a period broken down by product, variant or member seller, from the day sums
 * (rollups.ts), brought up to date first. Figures as defined in docs/reports.md.
 */
import { sql } from 'kysely'
import type { PeriodInput } from '@shared/contract/reports'
import type { Db } from '../db/connection'
import { refreshRollups } from './rollups'

export interface ProductSalesRow {
  readonly productId: string
  readonly productName: string
  readonly sellerId: string | null
  readonly sellerName: string | null
  /** Present when broken down by variant. */
  readonly variantId: string | null
  readonly sku: string | null
  readonly optionLabel: string | null
  readonly quantity: number
  readonly returnedQuantity: number
  readonly grossVnd: number
  readonly returnsVnd: number
  readonly netVnd: number
}

/** Goods sold in the period per product (or per variant), best sellers first. */
export async function salesByProduct(db: Db, period: PeriodInput, by: 'product' | 'variant' = 'product'): Promise<ProductSalesRow[]> {
  await refreshRollups(db)
  const sums = db
    .selectFrom('report_product_day as r')
    .select([
      'r.product_id',
      sql<string | null>`${by === 'variant' ? sql`r.variant_id` : sql`NULL`}`.as('variant_id'),
      (eb) => eb.fn.sum<number>('r.quantity').as('quantity'),
      (eb) => eb.fn.sum<number>('r.returned_quantity').as('returned_quantity'),
      (eb) => eb.fn.sum<number>('r.gross_vnd').as('gross'),
      (eb) => eb.fn.sum<number>('r.returns_vnd').as('returns'),
    ])
    .where('r.day', '>=', period.from)
    .where('r.day', '<=', period.to)
    .groupBy(by === 'variant' ? ['r.product_id', 'r.variant_id'] : ['r.product_id'])
  const rows = await db
    .selectFrom(sums.as('s'))
    .innerJoin('product as p', 'p.id', 's.product_id')
    .leftJoin('seller as sel', 'sel.id', 'p.seller_id')
    .leftJoin('product_variant as v', 'v.id', 's.variant_id')
    .select(['s.product_id', 'p.name', 'p.seller_id', 'sel.name as seller_name', 's.variant_id', 'v.sku', 'v.option_label', 's.quantity', 's.returned_quantity', 's.gross', 's.returns'])
    .orderBy(sql`s.gross - s.returns`, 'desc')
    .orderBy('p.name_folded')
    .orderBy('v.sku')
    .execute()
  return rows.map((r) => ({
    productId: r.product_id,
    productName: r.name,
    sellerId: r.seller_id,
    sellerName: r.seller_name,
    variantId: r.variant_id,
    sku: r.sku,
    optionLabel: r.option_label,
    quantity: Number(r.quantity),
    returnedQuantity: Number(r.returned_quantity),
    grossVnd: Number(r.gross),
    returnsVnd: Number(r.returns),
    netVnd: Number(r.gross) - Number(r.returns),
  }))
}
