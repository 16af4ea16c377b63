import type { ProductDto } from '@shared/contract/dto'
import type { CreateProductInput } from '@shared/contract/inputs'

/**
 * The form's shape is the contract's shape (same field names and nesting), so a server
 * issue at `["variants", 1, "sku"]` lands on the second variant's SKU field as is.
 */
export interface VariantFormValues {
  id?: string
  sku?: string
  optionLabel?: string | null
  unit?: string
  priceVnd?: number | null
  compareAtPriceVnd?: number | null
  barcode?: string | null
  weightGrams?: number | null
}

export interface ProductFormValues {
  name?: string
  description?: string | null
  category?: string | null
  status: 'active' | 'draft'
  sellerId?: string
  variants: VariantFormValues[]
}

/**
 * Common units of Vietnamese farm products, offered as suggestions. They are data (printed
 * on labels and invoices as typed), not interface words, so they are not translated.
 */
export const UNIT_SUGGESTIONS = ['kg', 'g', 'hộp', 'chai', 'bó', 'túi', 'gói', 'lọ', 'thùng', 'cái'] as const

export function newProductValues(sellerId: string | undefined): ProductFormValues {
  return { status: 'active', ...(sellerId && { sellerId }), variants: [{}] }
}

export function productToFormValues(product: ProductDto): ProductFormValues {
  return {
    name: product.name,
    description: product.description,
    category: product.category,
    status: product.status === 'draft' ? 'draft' : 'active',
    sellerId: product.sellerId,
    variants: product.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      optionLabel: v.optionLabel,
      unit: v.unit,
      priceVnd: v.priceVnd,
      compareAtPriceVnd: v.compareAtPriceVnd,
      barcode: v.barcode,
      weightGrams: v.weightGrams,
    })),
  }
}

const text = (v: string | null | undefined) => (v ?? '').trim()
const optional = (v: string | null | undefined) => (text(v) === '' ? null : text(v))
const amount = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null)

export function formValuesToInput(values: ProductFormValues): CreateProductInput {
  return {
    name: text(values.name),
    description: optional(values.description),
    category: optional(values.category),
    status: values.status,
    ...(values.sellerId && { sellerId: values.sellerId }),
    variants: values.variants.map((v) => ({
      ...(v.id && { id: v.id }),
      sku: text(v.sku),
      optionLabel: optional(v.optionLabel),
      unit: text(v.unit),
      // A missing price is caught by the form's own rules before we get here.
      priceVnd: amount(v.priceVnd) ?? 0,
      compareAtPriceVnd: amount(v.compareAtPriceVnd),
      barcode: optional(v.barcode),
      weightGrams: amount(v.weightGrams),
    })),
  }
}
