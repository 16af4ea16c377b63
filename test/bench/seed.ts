/**
 * Fast seeding of a large catalogue for the bench: raw prepared statements in one transaction,
 * writing exactly the rows the app would have written had every product been created (and some
 * archived) through the catalogue service — product with its denormalised fields, variants, the
 * folded product_search row keyed by product.seq, and the audit entries. test/unit/bench-seed.test.ts
 * checks this row for row (and the search index term by term) against the real service.
 *
 * The 100k database is cached under node_modules/.cache/ocop-bench/, keyed by a hash of the
 * migrations, this seeder and the folding code, so only the first bench run pays for it.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { foldVietnamese } from '@shared/domain/vietnamese'
import { categorySearchText } from '../../src/main/catalog/catalog.repo'
import { openDatabase } from '../../src/main/db/connection'
import { loadSqlite, type SqliteDatabase } from '../../src/main/db/driver'
import { migrateToLatest } from '../../src/main/db/migrate'
import { createIdFactory } from '../../src/main/ids'
import {
  FAMILIES,
  FAMILY_NAMES,
  GENERIC_SENTENCES,
  GIVEN_NAMES,
  LOCALITIES,
  QUALITIES,
  SELLER_PREFIXES,
  type Family,
} from './vocabulary'
import { seededRandom } from '../../src/shared/seeded-random'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const BENCH_CACHE_DIR = join(REPO_ROOT, 'node_modules/.cache/ocop-bench')

export interface SeedSeller {
  readonly id: string
  readonly kind: 'cooperative' | 'household' | 'enterprise' | 'cooperative_group'
  readonly name: string
  readonly taxCode: string
  readonly createdAt: string
}

export interface SeedVariant {
  readonly id: string
  readonly sku: string
  readonly optionLabel: string | null
  readonly unit: string
  readonly priceVnd: number
  readonly compareAtPriceVnd: number | null
  readonly barcode: string | null
  readonly weightGrams: number | null
}

export interface SeedProduct {
  /** 1-based, in creation order: the product.seq the app would give it. */
  readonly seq: number
  readonly id: string
  readonly sellerIndex: number
  readonly name: string
  readonly description: string | null
  readonly category: string | null
  readonly status: 'active' | 'draft'
  readonly createdAt: string
  /** Archived through the service at this time (its variants with it), or never. */
  readonly archivedAt: string | null
  readonly archiveAuditId: string | null
  readonly auditId: string
  readonly variants: readonly SeedVariant[]
}

export interface CatalogueOptions {
  readonly products: number
  readonly sellers: number
  /** Creation time of the first seller; products follow, evenly spread until endMs. */
  readonly startMs: number
  readonly endMs: number
  readonly seed?: number
}

export interface Catalogue {
  readonly sellers: readonly SeedSeller[]
  readonly sellerAuditIds: readonly string[]
  /** Lazily generated, in seq order (100k products are never all in memory). */
  products(): Generator<SeedProduct>
}

function ean13(body12: string): string {
  let sum = 0
  for (let i = 0; i < 12; i++) sum += Number(body12[i]) * (i % 2 === 0 ? 1 : 3)
  return body12 + String((10 - (sum % 10)) % 10)
}

export function generateCatalogue(options: CatalogueOptions): Catalogue {
  const seed = options.seed ?? 20261128
  let clockMs = options.startMs
  const newId = createIdFactory(() => clockMs)
  const random = seededRandom(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!

  const sellers: SeedSeller[] = []
  const sellerAuditIds: string[] = []
  const usedSellerNames = new Set<string>()
  for (let i = 0; i < options.sellers; i++) {
    clockMs = options.startMs + i
    const prefix = pick(SELLER_PREFIXES)
    let name = prefix.kind === 'household' ? `${prefix.text} ${pick(FAMILY_NAMES)} ${pick(GIVEN_NAMES)}` : `${prefix.text} ${pick(LOCALITIES)}`
    if (usedSellerNames.has(name)) name = `${name} ${i + 1}`
    usedSellerNames.add(name)
    sellers.push({ id: newId('seller'), kind: prefix.kind, name, taxCode: String(100_000_000 + i * 7919).padStart(10, '0'), createdAt: new Date(clockMs).toISOString() })
    sellerAuditIds.push(newId('audit'))
  }

  const totalWeight = FAMILIES.reduce((s, f) => s + f.weight, 0)
  const productStart = options.startMs + options.sellers + 1000
  const step = Math.max(1000, Math.floor((options.endMs - productStart) / Math.max(1, options.products)))

  function* products(): Generator<SeedProduct> {
    // Product generation re-seeds, so calling products() twice yields the same catalogue.
    const r = seededRandom(seed ^ 0x5eed)
    const p = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!
    let last = productStart
    const ids = createIdFactory(() => last)
    for (let seq = 1; seq <= options.products; seq++) {
      const createdMs = productStart + (seq - 1) * step
      last = createdMs
      const family = ((): Family => {
        let w = r() * totalWeight
        for (const f of FAMILIES) {
          w -= f.weight
          if (w < 0) return f
        }
        return FAMILIES[FAMILIES.length - 1]!
      })()
      const base = p(family.bases)
      const variety = p(family.varieties)
      const place = p(family.places)
      const quality = p(QUALITIES)
      const withPlace = r() < 0.7
      const name = [base, variety, withPlace ? place : '', quality].filter((x) => x !== '').join(' ')
      const stars = 3 + Math.floor(r() * 3)
      const fill = (s: string) => s.replaceAll('{v}', variety).replaceAll('{p}', place).replaceAll('{s}', String(stars))
      const description =
        r() < 0.85
          ? [fill(p(family.sentences)), r() < 0.5 ? fill(p(family.sentences)) : '', fill(p(GENERIC_SENTENCES))]
              .filter((s, i, all) => s !== '' && all.indexOf(s) === i)
              .join(' ') || null
          : null
      const category = r() < 0.05 ? null : family.category
      const roll = r()
      const status: 'active' | 'draft' = roll < 0.06 ? 'draft' : 'active'
      const archived = roll > 0.97
      const sellerIndex = Math.min(options.sellers - 1, Math.floor(options.sellers * r() * r()))
      const basePrice = Math.round((family.price[0] + r() * (family.price[1] - family.price[0])) / 1000) * 1000
      const count = Math.min(family.options.length, r() < 0.35 ? 1 : r() < 0.55 ? 2 : 3)
      const first = Math.floor(r() * (family.options.length - count + 1))
      const productId = ids('product')
      const variants: SeedVariant[] = []
      for (let k = 0; k < count; k++) {
        const option = family.options[first + k]!
        const priceVnd = Math.max(1000, Math.round((basePrice * option.priceFactor) / 1000) * 1000)
        const withBarcode = r() < 0.4
        const withCompare = r() < 0.15
        variants.push({
          id: ids('variant'),
          sku: `${family.code}-${String(seq).padStart(6, '0')}-${option.code}`,
          optionLabel: count === 1 && r() < 0.5 ? null : option.label,
          unit: option.unit,
          priceVnd,
          compareAtPriceVnd: withCompare ? Math.round((priceVnd * 1.2) / 1000) * 1000 + 1000 : null,
          barcode: withBarcode ? ean13(`893${String(sellerIndex).padStart(4, '0')}${String((seq * 3 + k) % 100_000).padStart(5, '0')}`) : null,
          weightGrams: option.weightGrams,
        })
      }
      const auditId = ids('audit')
      let archivedAt: string | null = null
      let archiveAuditId: string | null = null
      if (archived) {
        last = createdMs + 1 + Math.floor(r() * (step - 2))
        archivedAt = new Date(last).toISOString()
        archiveAuditId = ids('audit')
      }
      yield {
        seq,
        id: productId,
        sellerIndex,
        name,
        description,
        category,
        status,
        createdAt: new Date(createdMs).toISOString(),
        archivedAt,
        archiveAuditId,
        auditId,
        variants,
      }
    }
  }
  return { sellers, sellerAuditIds, products }
}

// ---------------------------------------------------------------------------------------------
// Writing

interface ProductDtoJson {
  id: string
  sellerId: string
  sellerName: string
  name: string
  description: string | null
  category: string | null
  status: string
  version: number
  variants: unknown[]
  createdAt: string
  updatedAt: string
  archivedAt: string | null
}

/** The ProductDto the service loads after a write (key order as loadProduct builds it). */
function productDto(p: SeedProduct, seller: SeedSeller, state: 'created' | 'archived'): ProductDtoJson {
  const archived = state === 'archived'
  return {
    id: p.id,
    sellerId: seller.id,
    sellerName: seller.name,
    name: p.name,
    description: p.description,
    category: p.category,
    status: archived ? 'archived' : p.status,
    version: archived ? 2 : 1,
    // Ordered by position then id; position is the index.
    variants: p.variants.map((v, position) => ({
      id: v.id,
      sku: v.sku,
      optionLabel: v.optionLabel,
      unit: v.unit,
      priceVnd: v.priceVnd,
      compareAtPriceVnd: v.compareAtPriceVnd,
      barcode: v.barcode,
      weightGrams: v.weightGrams,
      position,
    })),
    createdAt: p.createdAt,
    updatedAt: archived ? p.archivedAt! : p.createdAt,
    archivedAt: archived ? p.archivedAt : null,
  }
}

/**
 * Exactly what refreshProductDerived (src/main/catalog/catalog.repo.ts) writes to product_search
 * for a live product: rowid = product.seq; name, extra (per variant in position order: SKU,
 * barcode, option label, unit; then the category's search text) and description, each folded.
 */
export function searchRow(p: SeedProduct): [number, string, string, string] {
  const extra = [...p.variants.flatMap((v) => [v.sku, v.barcode ?? '', v.optionLabel ?? '', v.unit]), categorySearchText(p.category)].join(' ')
  return [p.seq, foldVietnamese(p.name), foldVietnamese(extra), foldVietnamese(p.description ?? '')]
}

export interface WriteOptions {
  readonly actor?: string
  /** Write the audit entries the service writes (default true). */
  readonly audit?: boolean
}

export interface WriteCounts {
  sellers: number
  products: number
  variants: number
  indexed: number
  archived: number
}

/** Writes the catalogue into a migrated database, in one transaction. */
export function writeCatalogue(sqlite: SqliteDatabase, catalogue: Catalogue, options: WriteOptions = {}): WriteCounts {
  const actor = options.actor ?? 'bench'
  const audit = options.audit ?? true
  const insertSeller = sqlite.prepare(
    `INSERT INTO seller (id, kind, name, tax_code, representative, phone, email, address, bank_name, bank_account_number, bank_account_name, is_default, created_at, updated_at)
     VALUES (?, ?, ?, ?, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ?, ?, ?)`,
  )
  const insertProduct = sqlite.prepare(
    `INSERT INTO product (seq, id, seller_id, name, name_folded, description, category, status, version, variant_count, min_price_vnd, max_price_vnd, created_at, updated_at, archived_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertVariant = sqlite.prepare(
    `INSERT INTO product_variant (id, product_id, sku, option_label, unit, price_vnd, compare_at_price_vnd, barcode, weight_grams, position, created_at, updated_at, archived_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const insertSearch = sqlite.prepare('INSERT INTO product_search (rowid, name, extra, description) VALUES (?, ?, ?, ?)')
  const deleteSearch = sqlite.prepare('DELETE FROM product_search WHERE rowid = ?')
  const insertAudit = sqlite.prepare('INSERT INTO audit_log (id, entity_type, entity_id, action, actor, at, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')

  const counts: WriteCounts = { sellers: 0, products: 0, variants: 0, indexed: 0, archived: 0 }
  sqlite.transaction(() => {
    catalogue.sellers.forEach((s, i) => {
      const isDefault = i === 0 ? 1 : 0
      insertSeller.run(s.id, s.kind, s.name, s.taxCode, isDefault, s.createdAt, s.createdAt)
      if (audit) {
        const dto = {
          id: s.id,
          kind: s.kind,
          name: s.name,
          taxCode: s.taxCode,
          representative: null,
          phone: null,
          email: null,
          address: null,
          bankName: null,
          bankAccountNumber: null,
          bankAccountName: null,
          bankBin: null,
          isDefault: isDefault === 1,
          productCount: 0,
          createdAt: s.createdAt,
          updatedAt: s.createdAt,
        }
        insertAudit.run(catalogue.sellerAuditIds[i], 'seller', s.id, 'create', actor, s.createdAt, null, JSON.stringify(dto))
      }
      counts.sellers++
    })

    for (const p of catalogue.products()) {
      const seller = catalogue.sellers[p.sellerIndex]!
      const archived = p.archivedAt !== null
      const prices = p.variants.map((v) => v.priceVnd)
      insertProduct.run(
        p.seq,
        p.id,
        seller.id,
        p.name,
        foldVietnamese(p.name),
        p.description,
        p.category,
        archived ? 'archived' : p.status,
        archived ? 2 : 1,
        p.variants.length,
        Math.min(...prices),
        Math.max(...prices),
        p.createdAt,
        archived ? p.archivedAt : p.createdAt,
        p.archivedAt,
      )
      p.variants.forEach((v, position) => {
        insertVariant.run(
          v.id,
          p.id,
          v.sku,
          v.optionLabel,
          v.unit,
          v.priceVnd,
          v.compareAtPriceVnd,
          v.barcode,
          v.weightGrams,
          position,
          p.createdAt,
          archived ? p.archivedAt : p.createdAt,
          p.archivedAt,
        )
        counts.variants++
      })
      // An archived product was indexed when it was created and left the index when archived:
      // replaying both keeps the index's statistics (and so bm25 ranks) and its tombstones as the app leaves them.
      insertSearch.run(...searchRow(p))
      if (archived) {
        deleteSearch.run(p.seq)
        counts.archived++
      } else counts.indexed++
      if (audit) {
        const created = productDto(p, seller, 'created')
        insertAudit.run(p.auditId, 'product', p.id, 'create', actor, p.createdAt, null, JSON.stringify(created))
        if (archived) {
          insertAudit.run(p.archiveAuditId, 'product', p.id, 'archive', actor, p.archivedAt, JSON.stringify(created), JSON.stringify(productDto(p, seller, 'archived')))
        }
      }
      counts.products++
    }
  })()
  return counts
}

// ---------------------------------------------------------------------------------------------
// The cached 100k database

/** Files whose content decides what the seeded database holds. */
const KEY_SOURCES = ['test/bench/seed.ts', 'test/bench/vocabulary.ts', 'src/shared/domain/vietnamese.ts', 'src/shared/domain/ocop.ts', 'src/main/db/migrations']

export function seedCacheKey(products: number): string {
  const hash = createHash('sha256').update(`products=${products};v1`)
  for (const rel of KEY_SOURCES) {
    const abs = join(REPO_ROOT, rel)
    const files = statSync(abs).isDirectory()
      ? readdirSync(abs)
          .filter((f) => f.endsWith('.ts'))
          .sort()
          .map((f) => join(abs, f))
      : [abs]
    for (const f of files) hash.update(f.slice(REPO_ROOT.length)).update(readFileSync(f))
  }
  return hash.digest('hex').slice(0, 16)
}

export const BENCH_CATALOGUE = {
  sellers: 300,
  startMs: Date.parse('2024-01-02T01:00:00.000Z'),
  endMs: Date.parse('2026-11-01T10:00:00.000Z'),
} as const

export interface SeededDatabase {
  readonly file: string
  readonly key: string
  readonly built: boolean
  readonly buildSeconds: number
  readonly bytes: number
  readonly counts?: WriteCounts
}

/** Builds (once) and returns the cached database of `products` products. Never open it for writing: copy it. */
export async function seededDatabase(products = 100_000): Promise<SeededDatabase> {
  const key = seedCacheKey(products)
  mkdirSync(BENCH_CACHE_DIR, { recursive: true })
  const file = join(BENCH_CACHE_DIR, `catalogue-${products}-${key}.sqlite`)
  if (existsSync(file)) return { file, key, built: false, buildSeconds: 0, bytes: statSync(file).size }

  for (const old of readdirSync(BENCH_CACHE_DIR)) {
    if (old.startsWith(`catalogue-${products}-`)) rmSync(join(BENCH_CACHE_DIR, old), { force: true })
  }
  const started = performance.now()
  const building = `${file}.building-${process.pid}`
  for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true })
  // The schema comes from the real migrations, through the app's own connection.
  const opened = openDatabase(building)
  await migrateToLatest(opened.db)
  await opened.close()

  const Sqlite = loadSqlite()
  const sqlite = new Sqlite(building)
  // Bulk-load settings for the seeding only; the file ends in WAL mode like the app's.
  sqlite.pragma('journal_mode = DELETE')
  sqlite.pragma('synchronous = OFF')
  sqlite.pragma('cache_size = -262144')
  sqlite.pragma('foreign_keys = ON')
  const counts = writeCatalogue(sqlite, generateCatalogue({ products, ...BENCH_CATALOGUE }), { actor: 'desktop' })
  sqlite.pragma('journal_mode = WAL')
  sqlite.close()
  renameSync(building, file)
  return { file, key, built: true, buildSeconds: (performance.now() - started) / 1000, bytes: statSync(file).size, counts }
}
