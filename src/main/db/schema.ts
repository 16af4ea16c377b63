/**
 * The database as kysely sees it. These row types stay inside src/main: repositories map
 * them onto the contract's DTOs. Times are UTC ISO text, money integer đồng, booleans 0/1.
 */
import type { Generated, Selectable } from 'kysely'

export interface SellerTable {
  id: string
  kind: 'cooperative' | 'household' | 'enterprise' | 'cooperative_group'
  name: string
  tax_code: string | null
  representative: string | null
  phone: string | null
  email: string | null
  address: string | null
  bank_name: string | null
  bank_account_number: string | null
  bank_account_name: string | null
  is_default: 0 | 1
  created_at: string
  updated_at: string
}

export interface ProductTable {
  seq: Generated<number>
  id: string
  seller_id: string
  name: string
  name_folded: string
  description: string | null
  category: string | null
  status: 'draft' | 'active' | 'archived'
  version: number
  variant_count: number
  min_price_vnd: number | null
  max_price_vnd: number | null
  created_at: string
  updated_at: string
  archived_at: string | null
}

export interface ProductVariantTable {
  id: string
  product_id: string
  sku: string
  option_label: string | null
  unit: string
  price_vnd: number
  compare_at_price_vnd: number | null
  barcode: string | null
  weight_grams: number | null
  position: number
  created_at: string
  updated_at: string
  archived_at: string | null
}

export interface ProductSearchTable {
  rowid: number
  name: string
  extra: string
  description: string
}

export interface AuditLogTable {
  seq: Generated<number>
  id: string
  entity_type: string
  entity_id: string
  action: string
  actor: string
  at: string
  before_json: string | null
  after_json: string | null
}

export interface Database {
  seller: SellerTable
  product: ProductTable
  product_variant: ProductVariantTable
  product_search: ProductSearchTable
  audit_log: AuditLogTable
}

export type SellerRow = Selectable<SellerTable>
export type ProductRow = Selectable<ProductTable>
export type VariantRow = Selectable<ProductVariantTable>
