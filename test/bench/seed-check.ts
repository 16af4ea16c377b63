/**
 * Does the fast seeder write what the app writes? The same generated catalogue goes once
 * through the real service (sellers.createSeller, catalog.createProduct, catalog.archiveProduct,
 * with the clock set to each product's time) and once through writeCatalogue; the two databases
 * must then hold the same rows (ids mapped), the same search index (term by term, via fts5vocab)
 * and give the same search results.
 */
import { searchProductsInput } from '@shared/contract/inputs'
import { searchProducts } from '../../src/main/catalog/catalog.search'
import { openDatabase, type OpenedDatabase } from '../../src/main/db/connection'
import type { SqliteDatabase } from '../../src/main/db/driver'
import { migrateToLatest } from '../../src/main/db/migrate'
import { createTestApp } from '../../src/main/test-support'
import { generateCatalogue, writeCatalogue } from './seed'

type Row = Record<string, unknown>

const CHECK_QUERIES = ['nuoc mam', 'mat o', 'gao st', 'tra sh', 'ca phe', 'gom bat tr', 'thuc pham', 'ocop', '893', 'hu 1kg', '']

function rows(sqlite: SqliteDatabase, sql: string): Row[] {
  return sqlite.prepare(sql).all() as Row[]
}

function ftsInstances(sqlite: SqliteDatabase): Row[] {
  sqlite.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab USING fts5vocab(main, product_search, 'instance')")
  return rows(sqlite, 'SELECT term, doc, col, "offset" FROM temp.bench_vocab ORDER BY term, doc, col, "offset"')
}

export interface SeedCheckResult {
  readonly products: number
  readonly variants: number
  readonly indexTerms: number
  readonly queries: number
  readonly differences: string[]
}

export async function compareSeederWithService(productCount = 150): Promise<SeedCheckResult> {
  const app = await createTestApp()
  let seeded: OpenedDatabase | undefined
  try {
    const startMs = app.clock.now() + 1000
    const catalogue = generateCatalogue({ products: productCount, sellers: 3, startMs, endMs: startMs + productCount * 120_000, seed: 7 })
    const moveTo = (iso: string) => app.clock.advance(Date.parse(iso) - app.clock.now())

    // A: through the service.
    const sellerIds: string[] = []
    for (const s of catalogue.sellers) {
      moveTo(s.createdAt)
      sellerIds.push((await app.ok('sellers.createSeller', { name: s.name, kind: s.kind, taxCode: s.taxCode })).id)
    }
    for (const p of catalogue.products()) {
      moveTo(p.createdAt)
      const created = await app.ok('catalog.createProduct', {
        name: p.name,
        description: p.description,
        category: p.category,
        status: p.status,
        sellerId: sellerIds[p.sellerIndex],
        variants: p.variants.map((v) => ({
          sku: v.sku,
          optionLabel: v.optionLabel,
          unit: v.unit,
          priceVnd: v.priceVnd,
          compareAtPriceVnd: v.compareAtPriceVnd,
          barcode: v.barcode,
          weightGrams: v.weightGrams,
        })),
      })
      if (p.archivedAt) {
        moveTo(p.archivedAt)
        await app.ok('catalog.archiveProduct', { id: created.id })
      }
    }

    // B: through the seeder.
    seeded = openDatabase(':memory:')
    await migrateToLatest(seeded.db)
    writeCatalogue(seeded.sqlite, catalogue, { actor: 'tester' })

    const a = app.database.sqlite
    const b = seeded.sqlite
    const differences: string[] = []
    const idMap = new Map<string, string>()
    const mapIds = (text: string) => text.replace(/\b(?:sel|prd|var)_[0-9a-z]{26}\b/g, (id) => idMap.get(id) ?? `UNMAPPED(${id})`)
    const compare = (what: string, left: Row[], right: Row[], omit: readonly string[]) => {
      if (left.length !== right.length) differences.push(`${what}: ${left.length} rows through the service, ${right.length} seeded`)
      for (let i = 0; i < Math.min(left.length, right.length); i++) {
        const l = { ...left[i] }
        const r = { ...right[i] }
        for (const k of omit) {
          delete l[k]
          delete r[k]
        }
        const lt = mapIds(JSON.stringify(l))
        const rt = JSON.stringify(r)
        if (lt !== rt) differences.push(`${what} #${i}: service ${lt} ≠ seeded ${rt}`)
      }
    }

    const sellersA = rows(a, 'SELECT * FROM seller ORDER BY created_at, id')
    const sellersB = rows(b, 'SELECT * FROM seller ORDER BY created_at, id')
    sellersA.forEach((s, i) => sellersB[i] && idMap.set(String(s['id']), String(sellersB[i]['id'])))
    compare('seller', sellersA, sellersB, ['id'])

    const productsA = rows(a, 'SELECT * FROM product ORDER BY seq')
    const productsB = rows(b, 'SELECT * FROM product ORDER BY seq')
    productsA.forEach((p, i) => productsB[i] && idMap.set(String(p['id']), String(productsB[i]['id'])))
    compare('product', productsA, productsB, ['id'])

    const variantSql = 'SELECT p.seq AS product_seq, v.* FROM product_variant v JOIN product p ON p.id = v.product_id ORDER BY p.seq, v.position, v.id'
    const variantsA = rows(a, variantSql)
    const variantsB = rows(b, variantSql)
    variantsA.forEach((v, i) => variantsB[i] && idMap.set(String(v['id']), String(variantsB[i]['id'])))
    compare('variant', variantsA, variantsB, ['id'])

    const indexA = ftsInstances(a)
    const indexB = ftsInstances(b)
    compare('search index', indexA, indexB, [])

    // What bm25 reads besides the doclists: per-row sizes and the totals ("averages") record.
    const statsSql = "SELECT 'docsize' AS t, id, hex(sz) AS v FROM product_search_docsize UNION ALL SELECT 'averages', id, hex(block) FROM product_search_data WHERE id = 1 ORDER BY 1, 2"
    compare('search statistics', rows(a, statsSql), rows(b, statsSql), [])

    const auditSql = 'SELECT entity_type, entity_id, action, actor, at, before_json, after_json FROM audit_log ORDER BY seq'
    compare('audit', rows(a, auditSql), rows(b, auditSql), [])

    // Exact code lookups too (SKU as printed and lower-cased, a barcode, a half-typed SKU).
    const codes: string[] = []
    for (const p of catalogue.products()) {
      if (p.archivedAt !== null) continue
      const v = p.variants[0]!
      if (codes.length === 0) codes.push(v.sku, v.sku.toLowerCase(), v.sku.slice(0, 6))
      const barcode = p.variants.find((x) => x.barcode !== null)?.barcode
      if (barcode) {
        codes.push(barcode)
        break
      }
    }
    const queries = [...CHECK_QUERIES, ...codes]
    for (const query of queries) {
      const input = searchProductsInput.parse({ query, limit: 200 })
      const left = await app.ok('catalog.searchProducts', { query, limit: 200 })
      const right = await searchProducts(seeded.db, input)
      const strip = (page: typeof left) => ({ total: page.total, items: page.items.map(({ sellerId: _s, ...rest }) => rest) })
      const lt = mapIds(JSON.stringify(strip(left)))
      const rt = JSON.stringify(strip(right))
      if (lt !== rt) differences.push(`search "${query}": service ${lt} ≠ seeded ${rt}`)
    }
    return { products: productsB.length, variants: variantsB.length, indexTerms: indexB.length, queries: queries.length, differences }
  } finally {
    await seeded?.close()
    await app.close()
  }
}
