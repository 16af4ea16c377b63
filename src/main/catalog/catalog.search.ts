/**
 * Product search: SQLite FTS5 over folded text (see @shared/domain/vietnamese for why we
 * fold ourselves): the words typed so far match whole words and the one being typed matches as
 * a prefix; results are ranked by bm25 with the name weighing most (broad queries: see
 * RANK_LIMIT). An exact SKU or barcode hit is always listed first.
 */
import { sql, type SelectQueryBuilder } from 'kysely'
import type { z } from 'zod'
import type { ProductListItemDto, ProductPageDto } from '@shared/contract/dto'
import { BARCODE_PATTERN, SKU_PATTERN, type searchProductsInput } from '@shared/contract/inputs'
import { addDays, todayInVietnam } from '@shared/domain/calendar'
import { searchTokens } from '@shared/domain/vietnamese'
import type { Db } from '../db/connection'
import type { Database } from '../db/schema'
import { productOcopStanding } from '../ocop/certificates.service'

export type SearchProducts = z.output<typeof searchProductsInput>
/** The search with the date it runs on: OCOP filters depend on which certificates are valid today. */
type Search = SearchProducts & { readonly today: string }

/** Column weights for bm25: name, extra (SKU, barcode, option, unit, category), description. */
const BM25 = sql`bm25(product_search, 10.0, 4.0, 1.0)`

/**
 * Above this many matches a broad query ("nuoc", "g") is not ranked by bm25, whose cost grows
 * with every match (≈1 µs each): products whose name holds every word come first, then the
 * others, most recently added first within each group. Totals and paging are unchanged.
 * Measured in the bench (catalog.search.p95_ms@100k).
 */
export const RANK_LIMIT = 2000

/**
 * `nuoc mam ph` → `"nuoc" "mam" "ph"*`: the words already typed must match whole words, the
 * one being typed (the last) is a prefix. Tokens are [\p{L}\p{N}]+ only, so quoting them makes
 * any FTS syntax in the input inert.
 */
export function toFtsQuery(query: string): string | null {
  const tokens = searchTokens(query)
  return tokens.length === 0 ? null : tokens.map((t, i) => (i === tokens.length - 1 ? `"${t}"*` : `"${t}"`)).join(' ')
}

type ProductQuery = SelectQueryBuilder<Database, 'product', object>

function applyFilters(q: ProductQuery, input: Search): ProductQuery {
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
  return applyOcopFilters(out, input)
}

/**
 * The same rules as productOcopStanding (domain/ocop-certificate): a certificate counts from its
 * issue date through its expiry date; the best one is the highest star, then the longest-running.
 */
function applyOcopFilters(q: ProductQuery, input: Search): ProductQuery {
  if (input.ocopStars === undefined && input.ocopState === undefined) return q
  const t = input.today
  const soon = addDays(t, 180)
  const inForce = sql`c.product_id = product.id AND c.issue_date <= ${t} AND c.expiry_date >= ${t}`
  const best = sql`(SELECT c.expiry_date FROM ocop_certificate c WHERE ${inForce} ORDER BY c.stars DESC, c.expiry_date DESC LIMIT 1)`
  const anyCert = sql`EXISTS (SELECT 1 FROM ocop_certificate c WHERE c.product_id = product.id)`
  let out = q
  if (input.ocopStars !== undefined) {
    out = out.where(sql<boolean>`(SELECT max(c.stars) FROM ocop_certificate c WHERE ${inForce}) = ${input.ocopStars}`)
  }
  switch (input.ocopState) {
    case 'valid':
      out = out.where(sql<boolean>`${best} > ${soon}`)
      break
    case 'expiring':
      out = out.where(sql<boolean>`${best} <= ${soon}`)
      break
    case 'expired':
      out = out.where(sql<boolean>`${best} IS NULL AND ${anyCert}`)
      break
    case 'none':
      out = out.where(sql<boolean>`NOT ${anyCert}`)
      break
    case undefined:
      break
  }
  return out
}

interface ExactHit {
  readonly id: string
  readonly seq: number
  readonly by: 'sku' | 'barcode'
}

/**
 * Products whose SKU or barcode is exactly the query. Two lookups, each on its own index: an
 * `sku = ? OR barcode = ?` would make SQLite read the whole SKU index for every one-word query.
 */
async function exactCodeHits(db: Db, query: string, input: Search): Promise<ExactHit[]> {
  const code = query.trim()
  if (code === '' || /\s/.test(code)) return []
  const includeArchived = input.status === 'archived' || input.status === 'any'
  const base = () =>
    applyFilters(db.selectFrom('product'), input)
      .innerJoin('product_variant as v', 'v.product_id', 'product.id')
      .select(['product.id as id', 'product.seq as seq'])
      .where((eb) => (includeArchived ? eb.or([eb('v.archived_at', 'is', null), eb('v.archived_at', '=', eb.ref('product.archived_at'))]) : eb('v.archived_at', 'is', null)))
      .limit(20)
  const bySku = SKU_PATTERN.test(code) ? await base().where(sql<boolean>`v.sku = ${code} COLLATE NOCASE`).execute() : []
  const byBarcode = BARCODE_PATTERN.test(code) ? await base().where('v.barcode', '=', code).execute() : []
  const hits = new Map<string, ExactHit>()
  for (const r of bySku) if (!hits.has(r.id)) hits.set(r.id, { ...r, by: 'sku' })
  for (const r of byBarcode) if (!hits.has(r.id)) hits.set(r.id, { ...r, by: 'barcode' })
  return [...hits.values()].slice(0, 20)
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

type PageEntry = { id: string; matchedBy: ProductListItemDto['matchedBy'] }

export async function searchProducts(db: Db, searched: SearchProducts, options: { rankLimit?: number; today?: string } = {}): Promise<ProductPageDto> {
  const today = options.today ?? todayInVietnam(Date.now())
  const input: Search = { ...searched, today }
  const ftsQuery = toFtsQuery(input.query)
  const exact = await exactCodeHits(db, input.query, input)
  // The exact hits occupy the first positions of the result; the text hits follow.
  const exactPage = exact.slice(input.offset, input.offset + input.limit)
  const page = {
    offset: Math.max(0, input.offset - exact.length),
    limit: input.limit - exactPage.length,
  }
  const entries: PageEntry[] = exactPage.map((e) => ({ id: e.id, matchedBy: e.by }))

  let textTotal: number
  if (ftsQuery === null && input.query.trim() !== '') {
    // Punctuation only: no words to look for, so only an exact code can match.
    textTotal = 0
  } else if (ftsQuery !== null && input.status === 'live' && !input.category && !input.sellerId && input.ocopStars === undefined && input.ocopState === undefined && input.sort === 'relevance') {
    const found = await rankedFromIndex(db, ftsQuery, exact, page, options.rankLimit ?? RANK_LIMIT)
    textTotal = found.total
    entries.push(...found.ids.map((id) => ({ id, matchedBy: 'text' as const })))
  } else {
    const found = await filteredSearch(db, input, ftsQuery, exact, page)
    textTotal = found.total
    entries.push(...found.ids.map((id) => ({ id, matchedBy: ftsQuery === null ? ('all' as const) : ('text' as const) })))
  }
  return { items: await listItems(db, entries, today), total: exact.length + textTotal }
}

/**
 * The common case — live products, ranked — answered from the index alone: it holds exactly
 * the live products, so counting and ranking never touch `product`; only the page's rows do.
 */
async function rankedFromIndex(
  db: Db,
  ftsQuery: string,
  exact: readonly ExactHit[],
  page: { offset: number; limit: number },
  rankLimit: number,
): Promise<{ total: number; ids: string[] }> {
  const exactSeqs = exact.map((e) => e.seq)
  const matching = (match: string) => {
    const q = db.selectFrom('product_search').where(sql<boolean>`product_search MATCH ${match}`)
    return exactSeqs.length > 0 ? q.where(sql<boolean>`rowid NOT IN (${sql.join(exactSeqs)})`) : q
  }
  const countOf = async (match: string) => (await matching(match).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n
  const total = await countOf(ftsQuery)
  if (page.limit <= 0 || total === 0 || page.offset >= total) return { total, ids: [] }

  let rowids: number[]
  if (total <= rankLimit) {
    const rows = await matching(ftsQuery)
      .select([sql<number>`rowid`.as('rowid'), BM25.as('rank')])
      .orderBy(sql`rank`)
      .orderBy(sql`rowid`)
      .limit(page.limit)
      .offset(page.offset)
      .execute()
    rowids = rows.map((r) => r.rowid)
  } else {
    const inName = `{name} : (${ftsQuery})`
    const newest = async (match: string, limit: number, offset: number) =>
      (await matching(match).select(sql<number>`rowid`.as('rowid')).orderBy(sql`rowid`, 'desc').limit(limit).offset(offset).execute()).map((r) => r.rowid)
    rowids = await newest(inName, page.limit, page.offset)
    if (rowids.length < page.limit) {
      // The name group ended on this page, or before it: continue with the other matches.
      const nameCount = rowids.length > 0 || page.offset === 0 ? page.offset + rowids.length : await countOf(inName)
      rowids.push(...(await newest(`(${ftsQuery}) NOT ${inName}`, page.limit - rowids.length, Math.max(0, page.offset - nameCount))))
    }
  }
  if (rowids.length === 0) return { total, ids: [] }
  const rows = await db.selectFrom('product').select(['id', 'seq']).where('seq', 'in', rowids).execute()
  const idOf = new Map(rows.map((r) => [r.seq, r.id]))
  return { total, ids: rowids.flatMap((seq) => idOf.get(seq) ?? []) }
}

/** Filters, other sorts, and the archive (which the index does not hold). */
async function filteredSearch(
  db: Db,
  input: Search,
  ftsQuery: string | null,
  exact: readonly ExactHit[],
  page: { offset: number; limit: number },
): Promise<{ total: number; ids: string[] }> {
  const useIndex = ftsQuery !== null && input.status !== 'archived' && input.status !== 'any'
  let base: ProductQuery = applyFilters(db.selectFrom('product'), input)
  if (ftsQuery !== null) {
    if (useIndex) {
      base = base.innerJoin(
        (eb) =>
          eb
            .selectFrom('product_search')
            .select([sql<number>`rowid`.as('rowid'), BM25.as('rank')])
            .where(sql<boolean>`product_search MATCH ${ftsQuery}`)
            .as('hit'),
        (join) => join.onRef('hit.rowid', '=', 'product.seq'),
      ) as unknown as ProductQuery
    } else {
      // Archived products are not in the index: match the folded name, word by word, as the
      // index would (whole words, the last one as a prefix).
      const tokens = searchTokens(input.query)
      tokens.forEach((token, i) => {
        const last = i === tokens.length - 1
        base = base.where(sql`' ' || product.name_folded || ' '`, 'like', last ? `% ${token}%` : `% ${token} %`)
      })
    }
  }
  if (exact.length > 0) base = base.where('product.id', 'not in', exact.map((e) => e.id))
  const total = (await base.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n
  if (page.limit <= 0 || total === 0) return { total, ids: [] }
  const rows = await orderBy(base.select('product.id'), input, useIndex).limit(page.limit).offset(page.offset).execute()
  return { total, ids: rows.map((r) => r.id) }
}

async function listItems(db: Db, ids: readonly PageEntry[], today: string): Promise<ProductListItemDto[]> {
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
      'product.cover_media_key',
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
  const standing = await productOcopStanding(db, ids.map((i) => i.id), today)
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
        coverMediaKey: r.cover_media_key,
        ocop: standing.get(id)!,
        updatedAt: r.updated_at,
        matchedBy,
      },
    ]
  })
}
