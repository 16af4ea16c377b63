/**
 * Product search: SQLite FTS5 over folded text (see @shared/domain/vietnamese for why we
 * fold ourselves), prefix-matched word by word while the user types, ranked by bm25 with the
 * name weighing most. An exact SKU or barcode hit is always listed first.
 */
import { sql, type SelectQueryBuilder } from 'kysely'
import type { z } from 'zod'
import type { ProductListItemDto, ProductPageDto } from '@shared/contract/dto'
import type { searchProductsInput } from '@shared/contract/inputs'
import { searchTokens } from '@shared/domain/vietnamese'
import type { Db } from '../db/connection'
import type { Database } from '../db/schema'

export type SearchProducts = z.output<typeof searchProductsInput>

/** Column weights for bm25: name, extra (SKU, barcode, option, unit, category), description. */
const BM25 = sql`bm25(product_search, 10.0, 4.0, 1.0)`

/** `nuoc mam 500` → `"nuoc"* "mam"* "500"*` (every word, each as a prefix). Tokens are [\p{L}\p{N}]+ only. */
export function toFtsQuery(query: string): string | null {
  const tokens = searchTokens(query)
  return tokens.length === 0 ? null : tokens.map((t) => `"${t}"*`).join(' ')
}

type ProductQuery = SelectQueryBuilder<Database, 'product', object>

function applyFilters(q: ProductQuery, input: SearchProducts): ProductQuery {
  let out = q
  switch (input.status) {
    case 'live':
      out = out.where('product.status', '!=', 'archived')
      break
    case 'any':
      break
    default:
      out = out.where('product.status', '=', input.status)
  }
  if (input.category) out = out.where('product.category', '=', input.category)
  if (input.sellerId) out = out.where('product.seller_id', '=', input.sellerId)
  return out
}

async function exactCodeHits(db: Db, query: string, input: SearchProducts): Promise<Map<string, 'sku' | 'barcode'>> {
  const code = query.trim()
  const hits = new Map<string, 'sku' | 'barcode'>()
  if (code === '' || /\s/.test(code)) return hits
  // Archived variants are searched too when the filter asks for archived products.
  const rows = await applyFilters(db.selectFrom('product'), input)
    .innerJoin('product_variant as v', 'v.product_id', 'product.id')
    .select(['product.id as id', sql<number>`v.sku = ${code} COLLATE NOCASE`.as('by_sku')])
    .where((eb) => eb.or([eb(sql`v.sku`, '=', sql`${code} COLLATE NOCASE`), eb('v.barcode', '=', code)]))
    .where((eb) => (input.status === 'archived' || input.status === 'any' ? eb.lit(true) : eb('v.archived_at', 'is', null)))
    .limit(20)
    .execute()
  for (const r of rows) if (!hits.has(r.id) || r.by_sku) hits.set(r.id, r.by_sku ? 'sku' : 'barcode')
  return hits
}

function orderBy<O>(q: SelectQueryBuilder<Database, 'product', O>, input: SearchProducts, hasText: boolean): SelectQueryBuilder<Database, 'product', O> {
  const dir = input.direction
  switch (input.sort) {
    case 'relevance':
      return hasText ? q.orderBy(sql`rank`).orderBy('product.seq') : q.orderBy('product.updated_at', dir ?? 'desc').orderBy('product.seq', dir ?? 'desc')
    case 'name':
      return q.orderBy('product.name_folded', dir ?? 'asc').orderBy('product.seq')
    case 'updatedAt':
      return q.orderBy('product.updated_at', dir ?? 'desc').orderBy('product.seq', dir ?? 'desc')
    case 'price':
      return q.orderBy('product.min_price_vnd', dir ?? 'asc').orderBy('product.seq')
  }
}

export async function searchProducts(db: Db, input: SearchProducts): Promise<ProductPageDto> {
  const ftsQuery = toFtsQuery(input.query)
  const exact = await exactCodeHits(db, input.query, input)
  const exactIds = [...exact.keys()]

  // Archived products are not in the search index (it holds live ones only), so a text
  // search of the archive falls back to matching the folded name word by word.
  const useIndex = ftsQuery !== null && input.status !== 'archived' && input.status !== 'any'

  let base: ProductQuery = applyFilters(db.selectFrom('product'), input)
  if (ftsQuery !== null) {
    if (useIndex) {
      base = base
        .innerJoin(
          (eb) =>
            eb
              .selectFrom('product_search')
              .select([sql<number>`rowid`.as('rowid'), BM25.as('rank')])
              .where(sql<boolean>`product_search MATCH ${ftsQuery}`)
              .as('hit'),
          (join) => join.onRef('hit.rowid', '=', 'product.seq'),
        ) as unknown as ProductQuery
    } else {
      for (const token of searchTokens(input.query)) {
        base = base.where((eb) =>
          eb.or([eb('product.name_folded', 'like', `${token}%`), eb('product.name_folded', 'like', `% ${token}%`)]),
        )
      }
    }
  }
  if (exactIds.length > 0) base = base.where('product.id', 'not in', exactIds)

  const countRow = await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()
  // A query of punctuation only has no words to look for: only an exact code can match it.
  const textTotal = ftsQuery === null && input.query.trim() !== '' ? 0 : countRow.n
  const total = exactIds.length + textTotal

  // The exact hits occupy the first positions of the result; the text hits follow.
  const exactPage = exactIds.slice(input.offset, input.offset + input.limit)
  const textOffset = Math.max(0, input.offset - exactIds.length)
  const textLimit = input.limit - exactPage.length

  const ids: { id: string; matchedBy: ProductListItemDto['matchedBy'] }[] = exactPage.map((id) => ({ id, matchedBy: exact.get(id)! }))
  if (textLimit > 0 && textTotal > 0) {
    const rows = await orderBy(base.select('product.id'), input, useIndex).limit(textLimit).offset(textOffset).execute()
    for (const r of rows) ids.push({ id: r.id, matchedBy: ftsQuery === null ? 'all' : 'text' })
  }
  return { items: await listItems(db, ids), total }
}

async function listItems(db: Db, ids: readonly { id: string; matchedBy: ProductListItemDto['matchedBy'] }[]): Promise<ProductListItemDto[]> {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('product')
    .innerJoin('seller', 'seller.id', 'product.seller_id')
    .select([
      'product.id',
      'product.seller_id',
      'seller.name as seller_name',
      'product.name',
      'product.category',
      'product.status',
      'product.variant_count',
      'product.min_price_vnd',
      'product.max_price_vnd',
      'product.updated_at',
      'product.archived_at',
    ])
    .where(
      'product.id',
      'in',
      ids.map((i) => i.id),
    )
    .execute()
  const variants = await db
    .selectFrom('product_variant as v')
    .innerJoin('product as p', 'p.id', 'v.product_id')
    .select(['v.product_id', 'v.sku', 'v.unit'])
    .where(
      'v.product_id',
      'in',
      ids.map((i) => i.id),
    )
    .where((eb) => eb.or([eb('v.archived_at', 'is', null), eb('v.archived_at', '=', eb.ref('p.archived_at'))]))
    .orderBy('v.product_id')
    .orderBy('v.position')
    .execute()
  const skusOf = new Map<string, { skus: string[]; units: string[] }>()
  for (const v of variants) {
    const entry = skusOf.get(v.product_id) ?? { skus: [], units: [] }
    entry.skus.push(v.sku)
    if (!entry.units.includes(v.unit)) entry.units.push(v.unit)
    skusOf.set(v.product_id, entry)
  }
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap(({ id, matchedBy }) => {
    const r = byId.get(id)
    if (!r) return []
    const codes = skusOf.get(id) ?? { skus: [], units: [] }
    return [
      {
        id: r.id,
        sellerId: r.seller_id,
        sellerName: r.seller_name,
        name: r.name,
        category: r.category,
        status: r.status,
        variantCount: r.variant_count,
        minPriceVnd: r.min_price_vnd,
        maxPriceVnd: r.max_price_vnd,
        skus: codes.skus.slice(0, 10),
        units: codes.units,
        updatedAt: r.updated_at,
        matchedBy,
      },
    ]
  })
}
