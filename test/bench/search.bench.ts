/**
 * Catalogue search over 100,000 products: latency of the real searchProducts for typed
 * queries and code lookups (and where its time goes), the same queries answered without FTS
 * (a LIKE scan of the same folded text, checked to find the same products), kysely's overhead
 * on a search page's query, and the product list as first opened.
 */
import type BetterSqlite3 from 'better-sqlite3'
import { copyFileSync, statSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { Kysely, SqliteDialect, type SqliteDatabase as KyselySqliteDatabase, type SqliteStatement } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { searchProductsInput } from '@shared/contract/inputs'
import type { ProductPageDto } from '@shared/contract/dto'
import { searchTokens } from '@shared/domain/vietnamese'
import { categorySearchText } from '../../src/main/catalog/catalog.repo'
import { RANK_LIMIT, searchProducts, toFtsQuery, type SearchProducts } from '../../src/main/catalog/catalog.search'
import { openDatabase, openSqlite, withStatementCache, type Db, type OpenedDatabase } from '../../src/main/db/connection'
import type { SqliteDatabase } from '../../src/main/db/driver'
import type { Database } from '../../src/main/db/schema'
import { flushReport, median, percentile, record, scratchDir, sum } from './report'
import { seededDatabase, type SeededDatabase } from './seed'
import { compareSeederWithService } from './seed-check'
import { TYPED_QUERIES } from './vocabulary'

const ROUNDS = 5
const LIKE_ROUNDS = 2
const PAGE = 50

let seeded: SeededDatabase
let scratch: ReturnType<typeof scratchDir>
let dbFile: string
let opened: OpenedDatabase
let queries: string[]
let inputs: SearchProducts[]
let seedCheckNote = 'not run'

type SearchFn = (db: Db, input: SearchProducts) => Promise<ProductPageDto>
type Prepared = BetterSqlite3.Statement<unknown[]>

/** Realistic code lookups from the seeded data: SKUs as printed and as typed in lower case, barcodes, an SKU half typed. */
function codeQueries(sqlite: SqliteDatabase): string[] {
  const pick = (seq: number) =>
    sqlite
      .prepare(
        `SELECT v.sku, v.barcode FROM product_variant v JOIN product p ON p.id = v.product_id
         WHERE v.archived_at IS NULL AND p.seq >= ? ORDER BY p.seq, v.position LIMIT 1`,
      )
      .get(seq) as { sku: string; barcode: string | null }
  const barcode = (seq: number) =>
    (
      sqlite
        .prepare(
          `SELECT v.barcode FROM product_variant v JOIN product p ON p.id = v.product_id
           WHERE v.archived_at IS NULL AND v.barcode IS NOT NULL AND p.seq >= ? ORDER BY p.seq LIMIT 1`,
        )
        .get(seq) as { barcode: string }
    ).barcode
  return [
    pick(1_234).sku,
    pick(23_456).sku,
    pick(45_678).sku.toLowerCase(),
    pick(67_890).sku.toLowerCase(),
    pick(88_888).sku,
    pick(99_001).sku.toLowerCase(),
    barcode(31_337),
    barcode(77_777),
    pick(55_555).sku.slice(0, 7).toLowerCase(),
    pick(12_121).sku.slice(0, 9),
  ]
}

/** The same order for every run: a deterministic shuffle per round. */
function shuffled(n: number, round: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i)
  let s = 1_000_003 * (round + 1)
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648
    const j = s % (i + 1)
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  return order
}

interface LatencyPass {
  readonly samples: number[]
  /** CPU time of this process per search (user + system): wall time minus waiting for the CPU or the disk. */
  readonly cpuSamples: number[]
  readonly perQuery: Map<string, number[]>
  readonly totals: Map<string, number>
  /** 1-minute load average before and after: other work on the machine inflates the tail. */
  readonly load: [number, number]
}

async function latencyPass(db: Db, search: SearchFn, rounds: number): Promise<LatencyPass> {
  const load: [number, number] = [loadavg()[0]!, 0]
  const totals = new Map<string, number>()
  for (const [i, input] of inputs.entries()) totals.set(queries[i]!, (await search(db, input)).total) // warm-up
  const samples: number[] = []
  const cpuSamples: number[] = []
  const perQuery = new Map<string, number[]>(queries.map((q) => [q, []]))
  for (let round = 0; round < rounds; round++) {
    for (const i of shuffled(inputs.length, round)) {
      const cpu = process.cpuUsage()
      const t = performance.now()
      await search(db, inputs[i]!)
      const ms = performance.now() - t
      const used = process.cpuUsage(cpu)
      samples.push(ms)
      cpuSamples.push((used.user + used.system) / 1000)
      perQuery.get(queries[i]!)!.push(ms)
    }
  }
  load[1] = loadavg()[0]!
  return { samples, cpuSamples, perQuery, totals, load }
}

/** Context fields every latency metric carries. */
function passFields(pass: LatencyPass): Record<string, number> {
  return {
    p50: median(pass.samples),
    cpuP50: median(pass.cpuSamples),
    cpuP95: percentile(pass.cpuSamples, 95),
    loadAvgBefore: pass.load[0],
    loadAvgAfter: pass.load[1],
  }
}

const loadNote = (pass: LatencyPass) =>
  `CPU-time p95 ${percentile(pass.cpuSamples, 95).toFixed(1)} ms; load average ${pass.load[0].toFixed(1)} → ${pass.load[1].toFixed(1)} on ${cpus().length} cores.`

function slowestQueries(pass: LatencyPass, n = 5): [string, number][] {
  return [...pass.perQuery.entries()]
    .map(([q, s]): [string, number] => [q, median(s)])
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
}

const hitsText = (n: number) => `${n} ${n === 1 ? 'hit' : 'hits'}`

const slowest = (pass: LatencyPass, n = 5) =>
  slowestQueries(pass, n)
    .map(([q, ms]) => `"${q}" ${ms.toFixed(1)} ms (${hitsText(pass.totals.get(q) ?? 0)})`)
    .join(', ')

/** EXPLAIN QUERY PLAN of a statement with its parameters, on one line. */
function planOf(sqlite: SqliteDatabase, sqlText: string, parameters: readonly unknown[] = []): string {
  return (sqlite.prepare(`EXPLAIN QUERY PLAN ${sqlText}`).all(...parameters) as { detail: string }[]).map((r) => r.detail).join(', ')
}

/** What each statement searchProducts issues is for (by its SQL text). */
function labelOf(sqlText: string): string {
  if (sqlText.includes('v.sku = ? COLLATE NOCASE')) return 'exact SKU lookup'
  if (sqlText.includes('"v"."barcode" = ?')) return 'exact barcode lookup'
  if (sqlText.includes('product_search MATCH')) {
    const joined = sqlText.includes('inner join (select')
    if (sqlText.includes('count(*)')) return joined ? 'count (index joined to product: filters)' : 'count (index only)'
    if (sqlText.includes('bm25')) return joined ? 'ranked page (index joined to product: filters, other sorts)' : 'bm25-ranked page (index only)'
    if (sqlText.includes('order by rowid desc')) return `newest-first page (more than ${RANK_LIMIT} matches)`
  }
  if (/^select "id", "seq" from "product" where "seq" in/.test(sqlText)) return 'ids of the page rows'
  if (sqlText.includes('"seller_name"')) return 'listItems: products + seller'
  if (sqlText.includes('"v"."unit"')) return 'listItems: variants'
  if (sqlText.startsWith('select count(*) as "n" from "product"')) return 'count (no text: product)'
  if (sqlText.startsWith('select "product"."id" from "product"')) return 'page (no text: product)'
  return sqlText.slice(0, 60)
}

interface TracedStatement {
  readonly label: string
  readonly sql: string
  readonly parameters: readonly unknown[]
  readonly ms: number
}

/**
 * A second connection whose statements add up the time SQLite spends in each kind of query,
 * to say what dominates a search, and can record every statement of one search. Used for
 * diagnosis only, never for the reported latencies.
 */
function instrumented(file: string): {
  db: Db
  stats: Map<string, { n: number; ms: number }>
  trace(fn: () => Promise<unknown>): Promise<TracedStatement[]>
  close(): Promise<void>
} {
  const sqlite = openSqlite(file)
  const stats = new Map<string, { n: number; ms: number }>()
  let tracing: TracedStatement[] | null = null
  const add = (label: string, sqlText: string, parameters: readonly unknown[], ms: number) => {
    const s = stats.get(label) ?? { n: 0, ms: 0 }
    s.n++
    s.ms += ms
    stats.set(label, s)
    tracing?.push({ label, sql: sqlText, parameters: [...parameters], ms })
  }
  const wrapped: KyselySqliteDatabase = {
    close: () => sqlite.close(),
    prepare(sqlText: string): SqliteStatement {
      const statement = sqlite.prepare(sqlText)
      const label = labelOf(sqlText)
      return {
        reader: statement.reader,
        all(parameters: readonly unknown[]) {
          const t = performance.now()
          try {
            return statement.all(parameters) as unknown[]
          } finally {
            add(label, sqlText, parameters, performance.now() - t)
          }
        },
        run(parameters: readonly unknown[]) {
          return statement.run(parameters)
        },
        iterate(parameters: readonly unknown[]) {
          return statement.iterate(parameters) as IterableIterator<unknown>
        },
      }
    },
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(wrapped as unknown as SqliteDatabase) }) })
  return {
    db,
    stats,
    async trace(fn) {
      tracing = []
      try {
        await fn()
        return tracing
      } finally {
        tracing = null
      }
    },
    close: () => db.destroy(),
  }
}

async function breakdown(search: SearchFn): Promise<string> {
  const probe = instrumented(dbFile)
  try {
    for (const input of inputs) await search(probe.db, input) // warm-up
    probe.stats.clear()
    let wall = 0
    for (let pass = 0; pass < 2; pass++) {
      for (const input of inputs) {
        const t = performance.now()
        await search(probe.db, input)
        wall += performance.now() - t
      }
    }
    const inSqlite = sum([...probe.stats.values()].map((s) => s.ms))
    const parts = [...probe.stats.entries()]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([label, s]) => `${label} ${((100 * s.ms) / wall).toFixed(0)}% (${(s.ms / s.n).toFixed(2)} ms × ${s.n})`)
    return `${parts.join('; ')}; outside SQLite (kysely, JS) ${((100 * (wall - inSqlite)) / wall).toFixed(0)}%`
  } finally {
    await probe.close()
  }
}

/** The statements of one search (best of 3 runs each), the costliest with its query plan. */
async function anatomy(search: SearchFn, input: SearchProducts): Promise<string> {
  const probe = instrumented(dbFile)
  try {
    await search(probe.db, input)
    let best: TracedStatement[] = []
    for (let i = 0; i < 3; i++) {
      const traced = await probe.trace(() => search(probe.db, input))
      if (best.length === 0) best = traced
      else best = best.map((s, k) => (traced[k] && traced[k].ms < s.ms ? traced[k] : s))
    }
    const costliest = [...best].sort((a, b) => b.ms - a.ms)[0]
    const list = best.map((s) => `${s.label} ${s.ms.toFixed(2)} ms`).join(' → ')
    if (!costliest) return 'no statements'
    const match = costliest.parameters.find((p) => typeof p === 'string' && p.includes('"'))
    return `${list}; costliest: ${costliest.label}${match ? ` (MATCH '${String(match)}')` : ''}, plan: ${planOf(opened.sqlite, costliest.sql, costliest.parameters)}`
  } finally {
    await probe.close()
  }
}

beforeAll(async () => {
  seeded = await seededDatabase(100_000)
  scratch = scratchDir('search')
  dbFile = join(scratch.path, 'ocop-storefront.sqlite')
  copyFileSync(seeded.file, dbFile)
  opened = openDatabase(dbFile)
  queries = [...TYPED_QUERIES, ...codeQueries(opened.sqlite)]
  inputs = queries.map((query) => searchProductsInput.parse({ query }))
})

afterAll(async () => {
  await opened?.close()
  scratch?.remove()
  flushReport()
})

describe('catalogue search, 100,000 products', () => {
  it('uses a seeded database that matches what the catalogue service writes', async () => {
    const check = await compareSeederWithService(150)
    seedCheckNote =
      check.differences.length === 0
        ? `seeder verified against catalog.createProduct/archiveProduct on ${check.products} products: identical rows, index terms and search results (${check.queries} queries, code lookups included)`
        : `SEEDER MISMATCH (${check.differences.length}): ${check.differences[0]}`
    console.log(`[bench] ${seedCheckNote}`)
    console.log(
      `[bench] database: ${(seeded.bytes / 1048576).toFixed(0)} MB, ${seeded.built ? `built in ${seeded.buildSeconds.toFixed(1)} s` : 'from cache'} (${seeded.file})`,
    )
  })

  it('searches with the real searchProducts (p50, p95)', async () => {
    const pass = await latencyPass(opened.db, searchProducts, ROUNDS)
    const hits = [...pass.totals.values()].sort((a, b) => a - b)
    const context = {
      queries: queries.length,
      samples: pass.samples.length,
      hitsMedian: median(hits),
      hitsMax: hits.at(-1),
      // Text hits above RANK_LIMIT: ordered without bm25 (name matches first, newest first).
      unrankedQueries: hits.filter((n) => n > RANK_LIMIT).length,
    }
    const where = await breakdown(searchProducts)
    const [worst] = slowestQueries(pass, 1)
    const worstAnatomy = worst ? await anatomy(searchProducts, inputs[queries.indexOf(worst[0])]!) : ''
    record({
      name: 'catalog.search.p95_ms@100k',
      value: percentile(pass.samples, 95),
      unit: 'ms',
      target: 5,
      ...context,
      ...passFields(pass),
      detail:
        `searchProducts (limit ${PAGE}, status live, relevance: exact SKU/barcode lookups on their indexes, count and rank from product_search alone, ` +
        `bm25 up to ${RANK_LIMIT} matches, above that name matches first then the rest, newest first) over ${queries.length} queries × ${ROUNDS} rounds; ` +
        `median query matches ${context.hitsMedian} products (max ${context.hitsMax}; ${context.unrankedQueries} queries above ${RANK_LIMIT}). Slowest: ${slowest(pass)}. ` +
        `Time by statement: ${where}. Slowest query "${worst?.[0]}", statement by statement: ${worstAnatomy}. ${loadNote(pass)} ${seedCheckNote}.`,
    })
    record({ name: 'catalog.search.p50_ms@100k', value: median(pass.samples), unit: 'ms', ...context })
    record({
      name: 'catalog.search.queries@100k',
      value: queries.length,
      unit: 'queries',
      detail: `${TYPED_QUERIES.length} typed queries (words without diacritics, 1–4 words, the last often half typed) and ${queries.length - TYPED_QUERIES.length} code lookups (SKUs as printed and lower-cased, barcodes, half-typed SKUs): ${queries.map((q) => `"${q}"`).join(' ')}`,
    })
  })

  it('compares with the same search answered by LIKE scans (no FTS, same matches)', async () => {
    const sqlite = opened.sqlite

    // The baseline: what the app would store and scan without FTS. Per live product, one row
    // holding its searchable text exactly as refreshProductDerived gives it to the index (name;
    // extra = SKU, barcode, option label, unit of each live variant in position order, then the
    // category's search text; description), as the index's tokens: folded, letters and digits
    // only, joined by single spaces, so a word boundary is exactly a space. In a file of its own,
    // attached to the bench's connection (never in the app's schema), with the same page cache.
    const baselineFile = join(scratch.path, 'like-baseline.sqlite')
    sqlite.prepare('ATTACH DATABASE ? AS like_baseline').run(baselineFile)
    try {
      sqlite.pragma(`like_baseline.cache_size = ${Number(sqlite.pragma('main.cache_size', { simple: true }))}`)
      sqlite.exec('CREATE TABLE like_baseline.product_text (seq INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT')
      const buildStarted = performance.now()
      const source = sqlite
        .prepare(
          `SELECT p.seq, p.name, p.description, p.category, v.sku, v.barcode, v.option_label, v.unit
           FROM product p LEFT JOIN product_variant v ON v.product_id = p.id AND v.archived_at IS NULL
           WHERE p.status != 'archived' ORDER BY p.seq, v.position, v.id`,
        )
        .all() as {
        seq: number
        name: string
        description: string | null
        category: string | null
        sku: string | null
        barcode: string | null
        option_label: string | null
        unit: string | null
      }[]
      /** Tokens per column (name, extra, description), to check against the index's own counts. */
      const columnTokens = new Map<number, [number, number, number]>()
      const insert = sqlite.prepare('INSERT INTO like_baseline.product_text (seq, text) VALUES (?, ?)')
      sqlite.transaction(() => {
        for (let i = 0; i < source.length; ) {
          const first = source[i]!
          const parts: string[] = []
          for (; i < source.length && source[i]!.seq === first.seq; i++) {
            const v = source[i]!
            if (v.sku !== null) parts.push(v.sku, v.barcode ?? '', v.option_label ?? '', v.unit ?? '')
          }
          const extra = [...parts, categorySearchText(first.category)].join(' ')
          const columns = [searchTokens(first.name), searchTokens(extra), searchTokens(first.description ?? '')]
          columnTokens.set(first.seq, [columns[0]!.length, columns[1]!.length, columns[2]!.length])
          insert.run(first.seq, columns.flat().join(' '))
        }
      })()
      const buildS = (performance.now() - buildStarted) / 1000
      const baselineRows = columnTokens.size
      const baselineMb = statSync(baselineFile).size / 1048576

      // Correctness 1: the index holds the same tokens per product and column (its docsize record).
      const docsize = new Map(
        (sqlite.prepare('SELECT id, sz FROM product_search_docsize').all() as { id: number; sz: Buffer }[]).map((r) => [r.id, decodeVarints(r.sz)]),
      )
      const tokenDiffs: string[] = []
      for (const [seq, counts] of columnTokens) {
        const indexed = docsize.get(seq)
        if (!indexed || indexed.join() !== counts.join()) tokenDiffs.push(`seq ${seq}: baseline ${counts.join('/')} tokens, index ${indexed?.join('/') ?? 'absent'}`)
      }
      const indexRows = (sqlite.prepare(`SELECT count(*) AS n FROM product_search_docsize WHERE id IN (SELECT seq FROM product WHERE status != 'archived')`).get() as { n: number }).n
      if (indexRows !== baselineRows) tokenDiffs.push(`index holds ${indexRows} live products, baseline ${baselineRows}`)
      if (tokenDiffs.length > 0) console.log(`[bench] LIKE baseline text ≠ index (${tokenDiffs.length}): ${tokenDiffs.slice(0, 10).join('; ')}`)
      expect(tokenDiffs.slice(0, 10), 'the LIKE baseline must hold the tokens the index holds').toEqual([])

      // The LIKE search: the same word semantics as toFtsQuery (every word whole but the last,
      // which is a prefix); the total and the first page, as searchProducts computes them.
      const patternsOf = (query: string) => {
        const tokens = searchTokens(query)
        // Tokens are letters and digits only: no LIKE wildcard to escape.
        return tokens.map((t, i) => (i === tokens.length - 1 ? `% ${t}%` : `% ${t} %`))
      }
      const whereOf = (n: number) => (n === 0 ? '1' : Array.from({ length: n }, () => `' ' || text || ' ' LIKE ?`).join(' AND '))
      const statements = new Map<number, { count: Prepared; page: Prepared; all: Prepared }>()
      const statementsFor = (n: number) => {
        let s = statements.get(n)
        if (!s) {
          s = {
            count: sqlite.prepare(`SELECT count(*) AS n FROM like_baseline.product_text WHERE ${whereOf(n)}`),
            page: sqlite.prepare(`SELECT seq FROM like_baseline.product_text WHERE ${whereOf(n)} ORDER BY seq DESC LIMIT ${PAGE}`),
            all: sqlite.prepare(`SELECT seq FROM like_baseline.product_text WHERE ${whereOf(n)}`),
          }
          statements.set(n, s)
        }
        return s
      }
      const likeSearch = (patterns: readonly string[]) => {
        const s = statementsFor(patterns.length)
        const total = (s.count.get(...patterns) as { n: number }).n
        const page = (s.page.all(...patterns) as { seq: number }[]).map((r) => r.seq)
        return { total, page }
      }

      // Correctness 2: for every query, the LIKE baseline finds exactly the products the index
      // matches (exact SKU/barcode hits included on both sides: their codes are in the text),
      // and as many as searchProducts reports.
      const ftsMatch = sqlite.prepare('SELECT rowid FROM product_search WHERE product_search MATCH ?')
      const pages = new Map<string, ProductPageDto>()
      const mismatches: string[] = []
      for (const [i, q] of queries.entries()) {
        const patterns = patternsOf(q)
        const likeSet = new Set((statementsFor(patterns.length).all.all(...patterns) as { seq: number }[]).map((r) => r.seq))
        const fts = toFtsQuery(q)
        const ftsSet = new Set(fts === null ? [] : (ftsMatch.all(fts) as { rowid: number }[]).map((r) => r.rowid))
        const page = await searchProducts(opened.db, inputs[i]!)
        pages.set(q, page)
        const onlyLike = [...likeSet].filter((s) => !ftsSet.has(s))
        const onlyFts = [...ftsSet].filter((s) => !likeSet.has(s))
        const { total } = likeSearch(patterns)
        if (onlyLike.length > 0 || onlyFts.length > 0 || total !== likeSet.size || likeSet.size !== page.total) {
          mismatches.push(
            `"${q}": LIKE ${likeSet.size} (count ${total}), FTS MATCH ${ftsSet.size}, searchProducts total ${page.total}` +
              (onlyLike.length ? `; only LIKE: seq ${onlyLike.slice(0, 5).join(', ')}` : '') +
              (onlyFts.length ? `; only FTS: seq ${onlyFts.slice(0, 5).join(', ')}` : ''),
          )
        }
      }
      if (mismatches.length > 0) console.log(`[bench] LIKE baseline ≠ FTS on ${mismatches.length} queries:\n  ${mismatches.join('\n  ')}`)
      expect(mismatches, 'the LIKE baseline must match exactly what the search matches').toEqual([])

      // For context, the previous (names only) LIKE figure: substring LIKE per word on
      // product.name_folded, which an index of the names serves. Other matches, not the same question.
      const nameStatements = new Map<number, Prepared>()
      const nameOnly = (query: string) => {
        const tokens = searchTokens(query)
        let statement = nameStatements.get(tokens.length)
        if (!statement) {
          statement = sqlite.prepare(`SELECT seq FROM product WHERE status != 'archived'${' AND name_folded LIKE ?'.repeat(tokens.length)}`)
          nameStatements.set(tokens.length, statement)
        }
        return statement.all(...tokens.map((t) => `%${t}%`)) as unknown[]
      }
      const nameOnlyDiffers = queries.filter((q) => nameOnly(q).length !== pages.get(q)!.total).length

      // Like for like: the index statements searchProducts itself runs for each query (count,
      // then the bm25 page or the newest-first pages), replayed as raw prepared statements.
      const probe = instrumented(dbFile)
      const core = new Map<string, { statement: Prepared; parameters: unknown[] }[]>()
      try {
        for (const [i, q] of queries.entries()) {
          const traced = await probe.trace(() => searchProducts(probe.db, inputs[i]!))
          core.set(
            q,
            traced.filter((s) => s.sql.includes('product_search MATCH')).map((s) => ({ statement: sqlite.prepare(s.sql), parameters: [...s.parameters] })),
          )
        }
      } finally {
        await probe.close()
      }
      const ftsCore = (q: string) => {
        for (const s of core.get(q)!) s.statement.all(...s.parameters)
      }

      const planLike = planOf(sqlite, `SELECT count(*) FROM like_baseline.product_text WHERE ${whereOf(2)}`, ['% a %', '% b%'])
      const planLikePage = planOf(sqlite, `SELECT seq FROM like_baseline.product_text WHERE ${whereOf(2)} ORDER BY seq DESC LIMIT ${PAGE}`, ['% a %', '% b%'])
      const planName = planOf(sqlite, `SELECT seq FROM product WHERE status != 'archived' AND name_folded LIKE ?`, ['%x%'])

      // Timing: the four ways interleaved query by query, their order rotated.
      const times = { like: new Map<string, number[]>(), likeCount: [] as number[], likePage: [] as number[], name: [] as number[], fts: new Map<string, number[]>(), core: [] as number[] }
      for (const q of queries) {
        times.like.set(q, [])
        times.fts.set(q, [])
      }
      const ways: ((i: number) => Promise<void>)[] = [
        async (i) => {
          const patterns = patternsOf(queries[i]!)
          const s = statementsFor(patterns.length)
          const t0 = performance.now()
          s.count.get(...patterns)
          const t1 = performance.now()
          s.page.all(...patterns)
          const t2 = performance.now()
          times.likeCount.push(t1 - t0)
          times.likePage.push(t2 - t1)
          times.like.get(queries[i]!)!.push(t2 - t0)
        },
        async (i) => {
          const t = performance.now()
          nameOnly(queries[i]!)
          times.name.push(performance.now() - t)
        },
        async (i) => {
          const t = performance.now()
          await searchProducts(opened.db, inputs[i]!)
          times.fts.get(queries[i]!)!.push(performance.now() - t)
        },
        async (i) => {
          const t = performance.now()
          ftsCore(queries[i]!)
          times.core.push(performance.now() - t)
        },
      ]
      for (const [i] of queries.entries()) for (const way of ways) await way(i) // warm-up
      const load: [number, number] = [loadavg()[0]!, 0]
      for (let round = 0; round < LIKE_ROUNDS; round++) {
        for (const [k, i] of shuffled(queries.length, round + 100).entries()) {
          for (let w = 0; w < ways.length; w++) await ways[(w + k + round) % ways.length]!(i)
        }
      }
      load[1] = loadavg()[0]!

      const like = [...times.like.values()].flat()
      const fts = [...times.fts.values()].flat()
      const mean = (xs: readonly number[]) => sum(xs) / xs.length
      const perQuery = queries
        .map((q): [string, number] => [q, sum(times.like.get(q)!) / sum(times.fts.get(q)!)])
        .sort((a, b) => a[1] - b[1])
      const showRatios = (list: [string, number][]) => list.map(([q, r]) => `"${q}" ${r.toFixed(0)}× (${hitsText(pages.get(q)!.total)})`).join(', ')
      record({
        name: 'catalog.search.like_scan_ratio@100k',
        value: sum(like) / sum(fts),
        unit: '×',
        target: 50,
        better: 'higher',
        likeMeanMs: mean(like),
        likeCountMeanMs: mean(times.likeCount),
        likePageMeanMs: mean(times.likePage),
        ftsMeanMs: mean(fts),
        ftsCoreMeanMs: mean(times.core),
        likeOverFtsCore: sum(like) / sum(times.core),
        perQueryRatioMin: perQuery[0]![1],
        perQueryRatioMedian: median(perQuery.map((r) => r[1])),
        baselineRows,
        baselineMb,
        baselineBuildS: buildS,
        loadAvgBefore: load[0],
        loadAvgAfter: load[1],
        detail:
          `Σ time of the search done without FTS ÷ Σ time of the real searchProducts, same ${queries.length} queries × ${LIKE_ROUNDS} rounds, interleaved (order rotated). ` +
          `Without FTS: a table of its own (attached, not in the app schema; ${baselineRows} rows, ${baselineMb.toFixed(0)} MB, same page cache size as the app's database) holding per live product ` +
          `its searchable text as the index holds it (name, extra = each live variant's SKU, barcode, option label, unit + the category's search text, description; ` +
          `folded and split into the index's tokens, joined by spaces), then per query two raw prepared statements: SELECT count(*) and the first page of ${PAGE} ORDER BY seq DESC, ` +
          `each with ' ' || text || ' ' LIKE '% word %' for every word but the last and '% last%' for the last (toFtsQuery's semantics). ` +
          `Checked before timing: per product and column the baseline has the index's token counts (product_search_docsize), and for all ${queries.length} queries the LIKE scan ` +
          `finds exactly the products product_search MATCH finds and as many as searchProducts reports (exact code hits included on both sides). ` +
          `The FTS side also does the exact SKU/barcode lookups and loads the page (listItems) through kysely; the LIKE side does neither, so the ratio is conservative. ` +
          `Means: LIKE ${mean(like).toFixed(1)} ms (count ${mean(times.likeCount).toFixed(1)} + page ${mean(times.likePage).toFixed(1)}), searchProducts ${mean(fts).toFixed(2)} ms. ` +
          `Like for like, LIKE ÷ the index statements searchProducts runs (count + ranked or newest-first page), raw (${mean(times.core).toFixed(2)} ms): ${(sum(like) / sum(times.core)).toFixed(0)}×. ` +
          `Per query, lowest: ${showRatios(perQuery.slice(0, 3))}; highest: ${showRatios(perQuery.slice(-3))}. ` +
          `Plans: count ${planLike}; page ${planLikePage}. Load average ${load[0].toFixed(1)} → ${load[1].toFixed(1)}.`,
      })
      record({
        name: 'catalog.search.like_name_only_ratio@100k',
        value: sum(times.name) / sum(fts),
        unit: '×',
        nameOnlyMeanMs: mean(times.name),
        ftsMeanMs: mean(fts),
        queriesWithOtherTotals: nameOnlyDiffers,
        detail:
          `For context (the former like_scan_ratio): Σ time of SELECT seq FROM product WHERE status != 'archived' AND name_folded LIKE '%word%' per word ` +
          `(plan: ${planName}) ÷ Σ searchProducts, same queries and rounds. Names only, substring matches, no count or page: not the same question ` +
          `(its match count differs from the search's total for ${nameOnlyDiffers} of ${queries.length} queries). Mean ${mean(times.name).toFixed(2)} ms.`,
      })
    } finally {
      sqlite.exec('DETACH DATABASE like_baseline')
    }
  })

  it('measures kysely against the same SQL as a raw prepared statement', async () => {
    const db = opened.db
    const page = await searchProducts(db, searchProductsInput.parse({ query: 'nuoc mam' }))
    const ids = page.items.map((i) => i.id)
    // The products query listItems runs for every search page (50 ids, joined with the seller).
    const build = (list: readonly string[]) =>
      db
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
        .where('product.id', 'in', list)
    const one = (id: string) =>
      db.selectFrom('product').innerJoin('seller', 'seller.id', 'product.seller_id').selectAll('product').select('seller.name as seller_name').where('product.id', '=', id)

    const cases = [
      { name: 'page', build: () => build(ids), label: `listItems' products query: 50 products by id joined with their seller (one search page)` },
      { name: 'one', build: () => one(ids[0]!), label: `loadProduct's first query: one product by id joined with its seller` },
    ]
    for (const c of cases) {
      const compiled = c.build().compile()
      const raw = opened.sqlite.prepare(compiled.sql)
      const params = [...compiled.parameters]
      const ways: Record<string, () => unknown> = {
        raw: () => raw.all(params),
        kysely: () => c.build().execute(),
        compileOnly: () => c.build().compile(),
        executeCompiled: () => db.executeQuery(compiled),
      }
      const n = c.name === 'page' ? 100 : 1000
      const perOp: Record<string, number[]> = { raw: [], kysely: [], compileOnly: [], executeCompiled: [] }
      const order = Object.entries(ways)
      for (let batch = 0; batch < 26; batch++) {
        // Rotated each batch, so no way always runs right after another's garbage.
        for (let k = 0; k < order.length; k++) {
          const [way, fn] = order[(k + batch) % order.length]!
          const t = performance.now()
          for (let i = 0; i < n; i++) await fn()
          if (batch >= 2) perOp[way]!.push(((performance.now() - t) * 1000) / n) // µs per op; the first batches warm up
        }
      }
      const m = Object.fromEntries(Object.entries(perOp).map(([k, v]) => [k, median(v)])) as Record<string, number>
      const ratio = m['kysely']! / m['raw']!
      const over = m['kysely']! - m['raw']!
      const driver = m['executeCompiled']! - m['raw']!
      const dominated =
        `kysely ${m['kysely']!.toFixed(1)} µs vs raw ${m['raw']!.toFixed(1)} µs per query: of the ${over.toFixed(1)} µs added, ` +
        `building + compiling the query ${m['compileOnly']!.toFixed(1)} µs, driver path (connection mutex, promises, statement cache lookup) ${driver.toFixed(1)} µs`
      if (c.name === 'page') {
        record({
          name: 'db.kysely_overhead_ratio',
          value: ratio,
          unit: '×',
          target: 1.3,
          rawUs: m['raw'],
          kyselyUs: m['kysely'],
          compileUs: m['compileOnly'],
          executeCompiledUs: m['executeCompiled'],
          detail: `${c.label}, through openDatabase (statement cache) vs better-sqlite3 .all() on the same SQL prepared once. ${dominated}.`,
        })
      } else {
        record({
          name: 'db.kysely_overhead_ratio.single_row',
          value: ratio,
          unit: '×',
          rawUs: m['raw'],
          kyselyUs: m['kysely'],
          compileUs: m['compileOnly'],
          executeCompiledUs: m['executeCompiled'],
          detail: `For context: ${c.label}. ${dominated}.`,
        })
      }
    }
  })

  it('times the product list as first opened (no query), for the record', async () => {
    const input = searchProductsInput.parse({})
    const first = await searchProducts(opened.db, input)
    const samples: number[] = []
    for (let i = 0; i < 30; i++) {
      const t = performance.now()
      await searchProducts(opened.db, input)
      samples.push(performance.now() - t)
    }
    const probe = instrumented(dbFile)
    let plans: string
    try {
      const traced = await probe.trace(() => searchProducts(probe.db, input))
      plans = traced
        .filter((s) => s.label.includes('no text'))
        .map((s) => `${s.label}: ${planOf(opened.sqlite, s.sql, s.parameters)}`)
        .join('; ')
    } finally {
      await probe.close()
    }
    // The same answer computed without any index.
    const expectedIds = (
      opened.sqlite.prepare(`SELECT id FROM product NOT INDEXED WHERE status != 'archived' ORDER BY updated_at DESC, seq DESC LIMIT ${PAGE}`).all() as { id: string }[]
    ).map((r) => r.id)
    const expectedTotal = (opened.sqlite.prepare(`SELECT count(*) AS n FROM product NOT INDEXED WHERE status != 'archived'`).get() as { n: number }).n
    const same = first.total === expectedTotal && JSON.stringify(first.items.map((i) => i.id)) === JSON.stringify(expectedIds)
    record({
      name: 'catalog.list_first_open_ms@100k',
      value: median(samples),
      unit: 'ms',
      p95: percentile(samples, 95),
      sameResults: same,
      detail:
        `The product list as first opened: searchProducts with no query (live products, most recently updated first: count + first ${PAGE}), median of 30. ` +
        `Plans — ${plans}. ${same ? `Same total (${first.total}) and page as a scan of the table without indexes.` : `DIFFERS from a scan of the table without indexes (total ${first.total} vs ${expectedTotal}).`}`,
    })
  })
})

/** The per-column token counts of an FTS5 docsize record (SQLite varints). */
function decodeVarints(blob: Buffer): number[] {
  const out: number[] = []
  let i = 0
  while (i < blob.length) {
    let value = 0
    for (let k = 0; k < 9 && i < blob.length; k++) {
      const byte = blob[i++]!
      if (k === 8) {
        value = value * 256 + byte
        break
      }
      value = value * 128 + (byte & 0x7f)
      if ((byte & 0x80) === 0) break
    }
    out.push(value)
  }
  return out
}
