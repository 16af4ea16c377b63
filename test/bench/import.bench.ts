/**
 * Importing an XLSX of 10,000 rows (about 5,000 products of 1–3 variants) through the real
 * operation (dispatcher → importProducts → catalog service, one transaction), on a new file
 * database with the cooperative's seller set up, as a co-op's first big import would be.
 */
import ExcelJS from 'exceljs'
import { afterAll, describe, it } from 'vitest'
import type { ImportResultDto } from '@shared/contract/dto'
import { OCOP_GROUP_NAMES, isOcopGroup } from '@shared/domain/ocop'
import { PRODUCT_COLUMNS, STATUS_LABELS } from '@shared/domain/product-columns'
import { createApp, type App } from '../../src/main/app'
import { readSheet } from '../../src/main/catalog/spreadsheet'
import { memoryLogger } from '../../src/main/logger'
import { dataPaths } from '../../src/main/paths'
import { flushReport, record, scratchDir } from './report'
import { generateCatalogue } from './seed'

const ROWS = 10_000

interface Workbook {
  readonly bytes: Buffer
  readonly products: number
  readonly rows: number
}

/** The file a co-op would send: the template's Vietnamese headers, one row per variant. */
async function buildWorkbook(): Promise<Workbook> {
  const start = Date.parse('2026-01-01T00:00:00.000Z')
  const catalogue = generateCatalogue({ products: ROWS, sellers: 1, startMs: start, endMs: start + ROWS * 60_000, seed: 424242 })
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Sản phẩm')
  sheet.addRow(PRODUCT_COLUMNS.map((c) => c.vi))
  const seen = new Map<string, number>()
  let rows = 0
  let products = 0
  for (const p of catalogue.products()) {
    if (rows >= ROWS) break
    // One file, one seller: two different products never share a name in it.
    const n = (seen.get(p.name) ?? 0) + 1
    seen.set(p.name, n)
    const name = n === 1 ? p.name : `${p.name} ${n}`
    const category = p.category === null ? '' : isOcopGroup(p.category) ? OCOP_GROUP_NAMES[p.category].vi : p.category
    const status = STATUS_LABELS[p.status].vi
    for (const v of p.variants.slice(0, ROWS - rows)) {
      // Same order as PRODUCT_COLUMNS; the seller column is left empty (the default seller).
      sheet.addRow([name, v.sku, v.optionLabel ?? '', v.unit, v.priceVnd, v.compareAtPriceVnd, v.barcode ?? '', v.weightGrams, category, status, p.description ?? '', ''])
      rows++
    }
    products++
  }
  return { bytes: Buffer.from(await workbook.xlsx.writeBuffer()), products, rows }
}

const scratch = scratchDir('import')
const apps: App[] = []

async function freshApp(name: string): Promise<App> {
  const app = await createApp({ paths: dataPaths(`${scratch.path}/${name}`), transport: 'http', appVersion: '0.0.0-bench', logger: memoryLogger(), reportRollups: false })
  apps.push(app)
  const seller = await app.invoke('sellers.createSeller', { name: 'HTX Nông nghiệp Dương Xá', kind: 'cooperative', taxCode: '0101234567' }, { actor: 'bench' })
  if (!seller.ok) throw new Error(`seller: ${JSON.stringify(seller.error)}`)
  return app
}

afterAll(async () => {
  for (const app of apps) await app.close()
  scratch.remove()
  flushReport()
})

describe('product import', () => {
  it('imports an XLSX of 10,000 rows', async () => {
    const generated = performance.now()
    const file = await buildWorkbook()
    const generatedMs = performance.now() - generated
    const contentBase64 = file.bytes.toString('base64')

    // The measured run: the first import in this process, on a new database, as in the app.
    const app = await freshApp('import')
    const t = performance.now()
    const envelope = await app.invoke('catalog.importProducts', { fileName: 'san-pham.xlsx', contentBase64 }, { actor: 'bench' })
    const seconds = (performance.now() - t) / 1000
    if (!envelope.ok) throw new Error(`import failed: ${JSON.stringify(envelope.error).slice(0, 2000)}`)
    const result = envelope.data as ImportResultDto

    // Where the time goes (warm, after the measured run): parsing alone, then a dry run (parse + validate) on another new database.
    const parseStart = performance.now()
    const sheet = await readSheet('san-pham.xlsx', file.bytes)
    const parseS = (performance.now() - parseStart) / 1000
    const dryApp = await freshApp('dry-run')
    const dryStart = performance.now()
    const dry = await dryApp.invoke('catalog.importProducts', { fileName: 'san-pham.xlsx', contentBase64, dryRun: true }, { actor: 'bench' })
    const dryS = (performance.now() - dryStart) / 1000
    if (!dry.ok) throw new Error('dry run failed')

    const counts = app.database.sqlite.prepare('SELECT (SELECT count(*) FROM product) AS products, (SELECT count(*) FROM product_variant) AS variants').get() as { products: number; variants: number }
    record({
      name: 'catalog.import_xlsx_s@10k',
      value: seconds,
      unit: 's',
      target: 10,
      rows: sheet.rows.length,
      fileMb: file.bytes.length / 1048576,
      productsCreated: result.productsCreated,
      variantsCreated: result.variantsCreated,
      parseS,
      dryRunS: dryS,
      detail:
        `app.invoke('catalog.importProducts') of a ${(file.bytes.length / 1048576).toFixed(1)} MB XLSX (exceljs, headers ${PRODUCT_COLUMNS.map((c) => c.vi).join(' | ')}) ` +
        `of ${file.rows} rows = ${file.products} products, into a new file database (WAL, synchronous=FULL) with one seller; ` +
        `created ${result.productsCreated} products / ${result.variantsCreated} variants (database holds ${counts.products} / ${counts.variants}). ` +
        `Breakdown (warm, measured after): reading the XLSX ${parseS.toFixed(2)} s, dry run (read + validate + match, no writes) ${dryS.toFixed(2)} s, ` +
        `so writing ≈ ${(seconds - dryS).toFixed(2)} s. (Generating the file took ${(generatedMs / 1000).toFixed(1)} s, not counted.)`,
    })
  })
})
