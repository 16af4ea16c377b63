/**
 * Product and variant storage. Everything that must stay in step — the denormalised price
 * range and variant count on `product`, and the folded search index — is written here and
 * only here, inside the caller's transaction.
 */
import { sql } from 'kysely'
import type { ProductDto, VariantDto } from '@shared/contract/dto'
import { OCOP_GROUP_NAMES, isOcopGroup } from '@shared/domain/ocop'
import { foldVietnamese } from '@shared/domain/vietnamese'
import type { Db } from '../db/connection'
import type { ProductRow, VariantRow } from '../db/schema'
import { productOcopStanding } from '../ocop/certificates.service'
import { listProductImages } from './product-images'

export function toVariantDto(row: VariantRow): VariantDto {
  return {
    id: row.id,
    sku: row.sku,
    optionLabel: row.option_label,
    unit: row.unit,
    priceVnd: row.price_vnd,
    compareAtPriceVnd: row.compare_at_price_vnd,
    barcode: row.barcode,
    weightGrams: row.weight_grams,
    position: row.position,
  }
}

/** Variants shown with a product: live ones, or for an archived product those archived with it. */
async function variantRowsOf(db: Db, product: Pick<ProductRow, 'id' | 'archived_at'>): Promise<VariantRow[]> {
  let q = db.selectFrom('product_variant').selectAll().where('product_id', '=', product.id)
  q = product.archived_at === null ? q.where('archived_at', 'is', null) : q.where('archived_at', '=', product.archived_at)
  return q.orderBy('position').orderBy('id').execute()
}

export async function findProductRow(db: Db, id: string): Promise<ProductRow | undefined> {
  return db.selectFrom('product').selectAll().where('id', '=', id).executeTakeFirst()
}

/** `today` (a Vietnam date) decides which OCOP certificate still counts. */
export async function loadProduct(db: Db, id: string, today: string): Promise<ProductDto | undefined> {
  const row = await db
    .selectFrom('product')
    .innerJoin('seller', 'seller.id', 'product.seller_id')
    .selectAll('product')
    .select('seller.name as seller_name')
    .where('product.id', '=', id)
    .executeTakeFirst()
  if (!row) return undefined
  const variants = await variantRowsOf(db, row)
  const [images, standing] = await Promise.all([listProductImages(db, id), productOcopStanding(db, [id], today)])
  return {
    id: row.id,
    sellerId: row.seller_id,
    sellerName: row.seller_name,
    name: row.name,
    description: row.description,
    category: row.category,
    status: row.status,
    version: row.version,
    variants: variants.map(toVariantDto),
    images,
    ocop: standing.get(id)!,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  }
}

export interface LiveSkuHolder {
  readonly variantId: string
  readonly sku: string
  readonly productId: string
  readonly productName: string
}

/** Live variants holding any of these SKUs (case-insensitive), with their product. */
export async function findLiveSkuHolders(db: Db, skus: readonly string[]): Promise<LiveSkuHolder[]> {
  if (skus.length === 0) return []
  const found: LiveSkuHolder[] = []
  // Chunked to stay far below SQLite's bound-parameter limit on large imports.
  for (let i = 0; i < skus.length; i += 500) {
    const chunk = skus.slice(i, i + 500)
    const rows = await db
      .selectFrom('product_variant as v')
      .innerJoin('product as p', 'p.id', 'v.product_id')
      .select(['v.id as variantId', 'v.sku', 'p.id as productId', 'p.name as productName'])
      .where('v.archived_at', 'is', null)
      .where(sql<boolean>`v.sku COLLATE NOCASE IN (${sql.join(chunk)})`)
      .execute()
    found.push(...rows)
  }
  return found
}

export function categorySearchText(category: string | null): string {
  if (!category) return ''
  if (isOcopGroup(category)) {
    const names = OCOP_GROUP_NAMES[category]
    return `${names.vi} ${names.en}`
  }
  return category
}

/**
 * Recomputes what `product` caches about its variants and rewrites its search entry.
 * Archived products leave the index: search covers live products; the archive is browsed by filter.
 */
export async function refreshProductDerived(db: Db, productId: string): Promise<void> {
  const product = await findProductRow(db, productId)
  if (!product) return
  const variants = await variantRowsOf(db, product)
  const prices = variants.map((v) => v.price_vnd)
  await db
    .updateTable('product')
    .set({
      variant_count: variants.length,
      min_price_vnd: prices.length ? Math.min(...prices) : null,
      max_price_vnd: prices.length ? Math.max(...prices) : null,
      name_folded: foldVietnamese(product.name),
    })
    .where('id', '=', productId)
    .execute()
  await db.deleteFrom('product_search').where('rowid', '=', product.seq).execute()
  if (product.status === 'archived') return
  const extra = [
    ...variants.flatMap((v) => [v.sku, v.barcode ?? '', v.option_label ?? '', v.unit]),
    categorySearchText(product.category),
  ].join(' ')
  await db
    .insertInto('product_search')
    .values({
      rowid: product.seq,
      name: foldVietnamese(product.name),
      extra: foldVietnamese(extra),
      description: foldVietnamese(product.description ?? ''),
    })
    .execute()
}

export interface NewVariant {
  readonly id: string
  readonly sku: string
  readonly optionLabel: string | null
  readonly unit: string
  readonly priceVnd: number
  readonly compareAtPriceVnd: number | null
  readonly barcode: string | null
  readonly weightGrams: number | null
  readonly position: number
}

export async function insertVariant(db: Db, productId: string, v: NewVariant, now: string): Promise<void> {
  await db
    .insertInto('product_variant')
    .values({
      id: v.id,
      product_id: productId,
      sku: v.sku,
      option_label: v.optionLabel,
      unit: v.unit,
      price_vnd: v.priceVnd,
      compare_at_price_vnd: v.compareAtPriceVnd,
      barcode: v.barcode,
      weight_grams: v.weightGrams,
      position: v.position,
      created_at: now,
      updated_at: now,
      archived_at: null,
    })
    .execute()
}

export async function updateVariant(db: Db, v: NewVariant, now: string): Promise<void> {
  await db
    .updateTable('product_variant')
    .set({
      sku: v.sku,
      option_label: v.optionLabel,
      unit: v.unit,
      price_vnd: v.priceVnd,
      compare_at_price_vnd: v.compareAtPriceVnd,
      barcode: v.barcode,
      weight_grams: v.weightGrams,
      position: v.position,
      updated_at: now,
    })
    .where('id', '=', v.id)
    .execute()
}
