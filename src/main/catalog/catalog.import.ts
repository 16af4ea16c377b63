/**
 * Product import: the whole file is read and checked first; every problem is reported with
 * its row and column; nothing is written unless every row is valid, and then everything is
 * written in one transaction. Rows are matched to existing products by SKU (then by name and
 * seller), so exporting, editing in Excel and importing again updates instead of duplicating.
 */
import { AppError } from '@shared/contract/errors'
import type { ImportProgressDto, ImportResultDto, ImportRowErrorDto } from '@shared/contract/dto'
import { variantInput, type importProductsInput } from '@shared/contract/inputs'
import { parseVnd } from '@shared/domain/money'
import { OCOP_GROUPS, OCOP_GROUP_NAMES, type OcopGroup } from '@shared/domain/ocop'
import { PRODUCT_COLUMNS, STATUS_WORDS, type ProductColumnKey } from '@shared/domain/product-columns'
import { foldVietnamese } from '@shared/domain/vietnamese'
import { toValidationIssues } from '@shared/contract/validation'
import type { z } from 'zod'
import type { CallContext, ServiceDeps } from '../context'
import { listSellerRows } from '../sellers/sellers.repo'
import { findLiveSkuHolders } from './catalog.repo'
import type { CatalogService, VariantDraft } from './catalog.service'
import { readSheet, type SheetRow } from './spreadsheet'

type ImportInput = z.output<typeof importProductsInput>

export const MAX_IMPORT_ROWS = 50_000
const MAX_REPORTED_ERRORS = 500
const YIELD_EVERY = 250

export interface ImportProgressBoard {
  set(progress: ImportProgressDto): void
  get(jobId: string): ImportProgressDto | undefined
}

/** In-memory progress of running imports; entries are dropped ten minutes after they end. */
export function createImportProgressBoard(now: () => number = Date.now): ImportProgressBoard {
  const entries = new Map<string, { progress: ImportProgressDto; at: number }>()
  return {
    set(progress) {
      const t = now()
      entries.set(progress.jobId, { progress, at: t })
      for (const [id, e] of entries) if (t - e.at > 10 * 60_000 && (e.progress.phase === 'done' || e.progress.phase === 'failed')) entries.delete(id)
    },
    get: (jobId) => entries.get(jobId)?.progress,
  }
}

interface ParsedRow {
  readonly rowNumber: number
  readonly productName: string
  readonly sellerId: string | undefined
  readonly description: string | null | undefined
  readonly category: string | null | undefined
  readonly status: 'active' | 'draft' | undefined
  readonly variant: VariantDraft
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

const OCOP_BY_NAME = new Map<string, OcopGroup>(
  OCOP_GROUPS.flatMap((g) => [foldVietnamese(OCOP_GROUP_NAMES[g].vi), foldVietnamese(OCOP_GROUP_NAMES[g].en), ...OCOP_GROUP_NAMES[g].aliases, g].map((n) => [foldVietnamese(n), g] as const)),
)

function mapHeader(header: readonly string[], errors: ImportRowErrorDto[]): Map<ProductColumnKey, { index: number; label: string }> {
  const byName = new Map<string, ProductColumnKey>()
  for (const col of PRODUCT_COLUMNS) for (const name of [col.vi, col.en, ...col.aliases]) byName.set(foldVietnamese(name), col.key)
  const found = new Map<ProductColumnKey, { index: number; label: string }>()
  header.forEach((label, index) => {
    const key = byName.get(foldVietnamese(label))
    if (!key) return
    if (found.has(key)) {
      errors.push({ row: 1, column: label, code: 'duplicate_column', message: `Column "${label}" appears twice`, params: { column: label } })
      return
    }
    found.set(key, { index, label })
  })
  for (const col of PRODUCT_COLUMNS) {
    if (col.required && !found.has(col.key)) {
      errors.push({ row: 1, column: null, code: 'missing_column', message: `Missing column "${col.vi}" (${col.en})`, params: { column: col.vi } })
    }
  }
  return found
}

export interface ImportDeps extends ServiceDeps {
  readonly catalog: CatalogService
  readonly progress: ImportProgressBoard
}

export async function importProducts(deps: ImportDeps, input: ImportInput, ctx: CallContext): Promise<ImportResultDto> {
  const jobId = input.jobId ?? `job_${deps.clock.now()}`
  const report = (phase: ImportProgressDto['phase'], done: number, total: number) => deps.progress.set({ jobId, phase, done, total })
  report('reading', 0, 0)
  try {
    const result = await runImport(deps, input, ctx, report)
    return result
  } catch (error) {
    report('failed', 0, 0)
    throw error
  }
}

async function runImport(
  deps: ImportDeps,
  input: ImportInput,
  ctx: CallContext,
  report: (phase: ImportProgressDto['phase'], done: number, total: number) => void,
): Promise<ImportResultDto> {
  const bytes = Buffer.from(input.contentBase64, 'base64')
  const sheet = await readSheet(input.fileName, bytes)
  const errors: ImportRowErrorDto[] = []
  const columns = mapHeader(sheet.header, errors)
  if (errors.length > 0) throw invalid(errors)
  if (sheet.rows.length === 0) throw invalid([{ row: 1, column: null, code: 'no_rows', message: 'The file has a header but no product rows' }])
  if (sheet.rows.length > MAX_IMPORT_ROWS) {
    throw invalid([{ row: 1, column: null, code: 'too_many_rows', message: `At most ${MAX_IMPORT_ROWS} rows per file`, params: { max: MAX_IMPORT_ROWS } }])
  }

  const sellers = await listSellerRows(deps.db)
  const sellerByKey = new Map<string, string>()
  for (const s of sellers) {
    sellerByKey.set(foldVietnamese(s.name), s.id)
    if (s.taxCode) sellerByKey.set(s.taxCode, s.id)
  }
  const defaultSellerId = sellers.find((s) => s.isDefault)?.id

  const total = sheet.rows.length
  const parsed: ParsedRow[] = []
  const firstRowOfSku = new Map<string, number>()
  for (const [i, row] of sheet.rows.entries()) {
    if (i % YIELD_EVERY === 0) {
      report('validating', i, total)
      await yieldToEventLoop()
    }
    const result = parseRow(row, columns, sellerByKey, defaultSellerId)
    if ('errors' in result) {
      errors.push(...result.errors)
      continue
    }
    const skuKey = result.variant.sku.toUpperCase()
    const first = firstRowOfSku.get(skuKey)
    if (first !== undefined) {
      errors.push({ row: row.rowNumber, column: columns.get('sku')!.label, code: 'sku_repeated', message: `SKU ${result.variant.sku} is already on row ${first}`, params: { sku: result.variant.sku, firstRow: first } })
      continue
    }
    firstRowOfSku.set(skuKey, row.rowNumber)
    parsed.push(result)
  }

  // Group rows into products, then find which existing product each group updates.
  const groups = new Map<string, ParsedRow[]>()
  for (const row of parsed) {
    const key = `${row.sellerId ?? ''}|${foldVietnamese(row.productName)}`
    const list = groups.get(key)
    if (list) list.push(row)
    else groups.set(key, [row])
  }
  const holders = await findLiveSkuHolders(deps.db, parsed.map((r) => r.variant.sku))
  const holderBySku = new Map(holders.map((h) => [h.sku.toUpperCase(), h]))
  const existingByName = await existingProductsByName(deps, [...groups.values()].map((g) => g[0]!))
  const claimedBy = new Map<string, number>()
  const plans: { productId?: string; rows: ParsedRow[] }[] = []
  for (const rows of groups.values()) {
    const targets = new Set(rows.flatMap((r) => holderBySku.get(r.variant.sku.toUpperCase())?.productId ?? []))
    const skuCol = columns.get('sku')!.label
    if (targets.size > 1) {
      for (const r of rows) {
        const h = holderBySku.get(r.variant.sku.toUpperCase())
        if (h) errors.push({ row: r.rowNumber, column: skuCol, code: 'sku_in_other_product', message: `SKU ${r.variant.sku} belongs to “${h.productName}”`, params: { sku: r.variant.sku, productName: h.productName } })
      }
      continue
    }
    const first = rows[0]!
    const productId = [...targets][0] ?? existingByName.get(`${first.sellerId ?? ''}|${foldVietnamese(first.productName)}`)
    if (productId) {
      const claimer = claimedBy.get(productId)
      if (claimer !== undefined) {
        errors.push({ row: first.rowNumber, column: skuCol, code: 'product_claimed_twice', message: `These rows update the same product as row ${claimer} under another name`, params: { firstRow: claimer } })
        continue
      }
      claimedBy.set(productId, first.rowNumber)
    }
    plans.push({ ...(productId && { productId }), rows })
  }
  if (errors.length > 0) throw invalid(errors)

  const counts = { rows: total, productsCreated: 0, productsUpdated: 0, variantsCreated: 0, variantsUpdated: 0 }
  if (input.dryRun) {
    for (const plan of plans) {
      if (plan.productId) counts.productsUpdated++
      else counts.productsCreated++
      for (const r of plan.rows) {
        if (holderBySku.has(r.variant.sku.toUpperCase())) counts.variantsUpdated++
        else counts.variantsCreated++
      }
    }
    report('done', total, total)
    return counts
  }

  report('writing', 0, plans.length)
  await deps.db.transaction().execute(async (trx) => {
    for (const [i, plan] of plans.entries()) {
      if (i % YIELD_EVERY === 0) {
        report('writing', i, plans.length)
        await yieldToEventLoop()
      }
      const first = plan.rows[0]!
      const pick = <K extends 'description' | 'category' | 'status'>(key: K): ParsedRow[K] => plan.rows.find((r) => r[key] !== undefined)?.[key]
      const { created, updated } = await deps.catalog.saveProduct(
        trx,
        {
          ...(plan.productId && { productId: plan.productId }),
          ...(!plan.productId && { sellerId: first.sellerId }),
          name: first.productName,
          description: pick('description'),
          category: pick('category'),
          status: pick('status'),
          variants: plan.rows.map((r) => r.variant),
          variantMode: 'merge',
          action: 'import',
        },
        ctx,
      )
      if (plan.productId) counts.productsUpdated++
      else counts.productsCreated++
      counts.variantsCreated += created
      counts.variantsUpdated += updated
    }
  })
  report('done', plans.length, plans.length)
  return counts
}

async function existingProductsByName(deps: ImportDeps, firstRows: readonly ParsedRow[]): Promise<Map<string, string>> {
  const names = [...new Set(firstRows.map((r) => foldVietnamese(r.productName)))]
  const found = new Map<string, string>()
  const ambiguous = new Set<string>()
  for (let i = 0; i < names.length; i += 500) {
    const rows = await deps.db
      .selectFrom('product')
      .select(['id', 'seller_id', 'name_folded'])
      .where('status', '!=', 'archived')
      .where('name_folded', 'in', names.slice(i, i + 500))
      .execute()
    for (const r of rows) {
      const key = `${r.seller_id}|${r.name_folded}`
      // Where two live products share a name, the import cannot tell which one is meant: it creates.
      if (found.has(key)) ambiguous.add(key)
      else found.set(key, r.id)
    }
  }
  for (const key of ambiguous) found.delete(key)
  return found
}

function parseRow(
  row: SheetRow,
  columns: Map<ProductColumnKey, { index: number; label: string }>,
  sellerByKey: Map<string, string>,
  defaultSellerId: string | undefined,
): ParsedRow | { errors: ImportRowErrorDto[] } {
  const errors: ImportRowErrorDto[] = []
  const cell = (key: ProductColumnKey): string | undefined => {
    const col = columns.get(key)
    return col ? (row.cells[col.index] ?? '').trim() : undefined
  }
  const label = (key: ProductColumnKey) => columns.get(key)?.label ?? PRODUCT_COLUMNS.find((c) => c.key === key)!.vi
  const fail = (key: ProductColumnKey, code: string, message: string, params?: Record<string, string | number>) =>
    errors.push({ row: row.rowNumber, column: label(key), code, message, ...(params && { params }) })

  const productName = cell('productName') ?? ''
  if (productName === '') fail('productName', 'required', 'Product name is required')
  else if (productName.length > 200) fail('productName', 'too_long', 'Product name is longer than 200 characters', { limit: 200 })

  let sellerId: string | undefined = defaultSellerId
  const sellerText = cell('seller')
  if (sellerText) {
    sellerId = sellerByKey.get(sellerText.replace(/\s/g, '')) ?? sellerByKey.get(foldVietnamese(sellerText))
    if (!sellerId) fail('seller', 'unknown_seller', `No seller named "${sellerText}"`, { value: sellerText })
  } else if (!defaultSellerId) {
    errors.push({ row: row.rowNumber, column: null, code: 'no_default_seller', message: 'Set up the cooperative’s seller before importing' })
  }

  let status: 'active' | 'draft' | undefined
  const statusText = cell('status')
  if (statusText) {
    status = STATUS_WORDS[foldVietnamese(statusText)]
    if (!status) fail('status', 'status_value', `Unknown status "${statusText}" (use Đang bán or Nháp)`, { value: statusText })
  }

  const categoryText = cell('category')
  const category = categoryText === undefined ? undefined : categoryText === '' ? null : (OCOP_BY_NAME.get(foldVietnamese(categoryText)) ?? categoryText)
  if (category && category.length > 100) fail('category', 'too_long', 'Category is longer than 100 characters', { limit: 100 })
  const descriptionText = cell('description')
  const description = descriptionText === undefined ? undefined : descriptionText === '' ? null : descriptionText
  if (description && description.length > 5000) fail('description', 'too_long', 'Description is longer than 5000 characters', { limit: 5000 })

  const money = (key: 'priceVnd' | 'compareAtPriceVnd'): number | null | undefined => {
    const text = cell(key)
    if (!text) return key === 'priceVnd' ? undefined : null
    const value = parseVnd(text)
    if (value === null) fail(key, 'price_format', `"${text}" is not a price in đồng`, { value: text })
    return value
  }
  const priceVnd = money('priceVnd')
  if (cell('priceVnd') === '') fail('priceVnd', 'required', 'Price is required')
  const compareAtPriceVnd = money('compareAtPriceVnd')

  let weightGrams: number | null = null
  const weightText = cell('weightGrams')
  if (weightText) {
    const m = /^(\d{1,7})\s*(g|gr|gram)?$/i.exec(weightText.replace(/[.,](?=\d{3}\b)/g, ''))
    if (m) weightGrams = Number(m[1])
    else fail('weightGrams', 'weight_format', `"${weightText}" is not a weight in grams`, { value: weightText })
  }

  const candidate = {
    sku: cell('sku') ?? '',
    optionLabel: cell('optionLabel') || null,
    unit: cell('unit') ?? '',
    priceVnd: priceVnd ?? 0,
    compareAtPriceVnd: compareAtPriceVnd ?? null,
    barcode: cell('barcode') || null,
    weightGrams,
  }
  const parsedVariant = variantInput.safeParse(candidate)
  if (!parsedVariant.success) {
    for (const issue of toValidationIssues(parsedVariant.error)) {
      const key = issue.path[0] as ProductColumnKey
      const already = errors.some((e) => e.column === label(key))
      if (already) continue
      const code = issue.code === 'too_small' && issue.params?.['origin'] === 'string' ? 'required' : issue.code
      fail(key, code, issue.message, issue.params as Record<string, string | number> | undefined)
    }
  }
  if (errors.length > 0 || !parsedVariant.success) return { errors }
  return { rowNumber: row.rowNumber, productName, sellerId, description, category, status, variant: parsedVariant.data }
}

function invalid(errors: ImportRowErrorDto[]): AppError {
  const sorted = [...errors].sort((a, b) => a.row - b.row)
  const first = sorted[0]!
  return new AppError('VALIDATION', `The file has ${errors.length} problem(s); nothing was imported. First: row ${first.row}${first.column ? `, column "${first.column}"` : ''}: ${first.message}`, {
    rows: sorted.slice(0, MAX_REPORTED_ERRORS),
    totalErrors: errors.length,
  })
}
