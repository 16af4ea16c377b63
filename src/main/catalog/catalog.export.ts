import type { z } from 'zod'
import type { ExportFileDto } from '@shared/contract/dto'
import type { exportProductsInput, importTemplateInput } from '@shared/contract/inputs'
import { todayInVietnam } from '@shared/domain/calendar'
import { OCOP_GROUP_NAMES, isOcopGroup } from '@shared/domain/ocop'
import { PRODUCT_COLUMNS, STATUS_LABELS } from '@shared/domain/product-columns'
import type { Clock } from '../clock'
import type { Db } from '../db/connection'
import { searchProducts } from './catalog.search'
import { writeSheet, type SheetColumn } from './spreadsheet'

type ExportInput = z.output<typeof exportProductsInput>
type TemplateInput = z.output<typeof importTemplateInput>

const WIDTHS: Record<string, number> = { productName: 36, description: 40, seller: 28, category: 22, sku: 18 }
const NUMERIC = new Set(['priceVnd', 'compareAtPriceVnd', 'weightGrams'])
const MIME = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const

export function exportColumns(lang: 'vi' | 'en'): SheetColumn[] {
  return PRODUCT_COLUMNS.map((c) => ({ header: c[lang], width: WIDTHS[c.key] ?? 14, numeric: NUMERIC.has(c.key) }))
}

/** One row per variant, in the import format (see @shared/domain/product-columns). */
export async function exportProducts(db: Db, clock: Clock, input: ExportInput): Promise<ExportFileDto> {
  const ids: string[] = []
  // Reuse search so the file holds exactly what the list shows for the same query and filters.
  for (let offset = 0; ; offset += 500) {
    const page = await searchProducts(db, { ...input, limit: 500, offset, sort: input.query ? 'relevance' : 'name' }, { today: todayInVietnam(clock.now()) })
    ids.push(...page.items.map((i) => i.id))
    if (page.items.length < 500) break
  }
  const rows: (string | number | null)[][] = []
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    const found = await db
      .selectFrom('product as p')
      .innerJoin('seller as s', 's.id', 'p.seller_id')
      .innerJoin('product_variant as v', 'v.product_id', 'p.id')
      .select([
        'p.id', 'p.name', 'p.description', 'p.category', 'p.status', 's.name as seller_name', 's.tax_code',
        'v.sku', 'v.option_label', 'v.unit', 'v.price_vnd', 'v.compare_at_price_vnd', 'v.barcode', 'v.weight_grams',
      ])
      .where('p.id', 'in', chunk)
      .where((eb) => eb.or([eb('v.archived_at', 'is', null), eb('v.archived_at', '=', eb.ref('p.archived_at'))]))
      .orderBy('v.position')
      .execute()
    const order = new Map(chunk.map((id, n) => [id, n]))
    found.sort((a, b) => order.get(a.id)! - order.get(b.id)!)
    for (const r of found) {
      const values: Record<string, string | number | null> = {
        productName: r.name,
        sku: r.sku,
        optionLabel: r.option_label,
        unit: r.unit,
        priceVnd: r.price_vnd,
        compareAtPriceVnd: r.compare_at_price_vnd,
        barcode: r.barcode,
        weightGrams: r.weight_grams,
        category: r.category && isOcopGroup(r.category) ? OCOP_GROUP_NAMES[r.category][input.headers] : r.category,
        status: STATUS_LABELS[r.status][input.headers],
        description: r.description,
        seller: r.tax_code ?? r.seller_name,
      }
      rows.push(PRODUCT_COLUMNS.map((c) => values[c.key] ?? null))
    }
  }
  const stamp = clock.isoNow().slice(0, 10)
  const content = await writeSheet(input.format, input.headers === 'vi' ? 'San pham' : 'Products', exportColumns(input.headers), rows)
  return {
    fileName: `${input.headers === 'vi' ? 'san-pham' : 'products'}-${stamp}.${input.format}`,
    mimeType: MIME[input.format],
    contentBase64: content.toString('base64'),
    rowCount: rows.length,
  }
}

/** A file to fill in: the import headers and two example rows (one product with two variants). */
export async function importTemplate(input: TemplateInput): Promise<ExportFileDto> {
  const vi = input.headers === 'vi'
  const example = (sku: string, option: string, price: number, weight: number): Record<string, string | number | null> => ({
    productName: vi ? 'Mật ong hoa nhãn' : 'Longan honey',
    sku,
    optionLabel: option,
    unit: vi ? 'chai' : 'bottle',
    priceVnd: price,
    compareAtPriceVnd: null,
    barcode: null,
    weightGrams: weight,
    category: OCOP_GROUP_NAMES['ocop.food'][input.headers],
    status: STATUS_LABELS.active[input.headers],
    description: vi ? 'Mật ong nguyên chất, OCOP 4 sao' : 'Pure honey, OCOP 4 stars',
    seller: null,
  })
  const rows = [example('MO-500', '500 ml', 180000, 700), example('MO-1L', '1 lít', 320000, 1350)].map((r) => PRODUCT_COLUMNS.map((c) => r[c.key] ?? null))
  const content = await writeSheet(input.format, vi ? 'San pham' : 'Products', exportColumns(input.headers), rows)
  return {
    fileName: `${vi ? 'mau-nhap-san-pham' : 'product-import-template'}.${input.format}`,
    mimeType: MIME[input.format],
    contentBase64: content.toString('base64'),
    rowCount: rows.length,
  }
}
