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
  /** The first image's media key (0002), kept by the images service. */
  cover_media_key: Generated<string | null>
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

export interface MediaTable {
  key: string
  kind: 'image' | 'document'
  mime: string
  ext: string
  width: number | null
  height: number | null
  bytes: number
  original_name: string | null
  created_at: string
}

export interface ProductImageTable {
  id: string
  product_id: string
  variant_id: string | null
  media_key: string
  position: number
  alt_text: string | null
  created_at: string
  updated_at: string
}

export interface OcopCertificateTable {
  id: string
  product_id: string
  stars: 3 | 4 | 5
  total_score: number | null
  ocop_group: string
  subgroup: string | null
  certificate_number: string
  decision_number: string | null
  decision_date: string | null
  issuing_level: 'province' | 'central'
  issuing_authority: string | null
  issue_date: string
  expiry_date: string
  scan_media_key: string | null
  notes: string | null
  version: number
  created_at: string
  updated_at: string
}

export interface LotTable {
  seq: Generated<number>
  id: string
  product_id: string
  variant_id: string
  lot_code: string
  trace_code: string
  date_kind: 'harvest' | 'production'
  harvest_date: string
  expiry_date: string | null
  shelf_life_days: number | null
  quantity: number
  unit: string
  producer_seller_id: string | null
  notes: string | null
  version: number
  created_at: string
  updated_at: string
  archived_at: string | null
}

export interface LotGrowingAreaTable {
  lot_id: string
  position: number
  code: string
}

export interface LotCertificationTable {
  id: string
  lot_id: string
  kind: string
  number: string | null
  issuer: string | null
  issue_date: string | null
  expiry_date: string | null
  position: number
}

export interface LotPhotoTable {
  lot_id: string
  media_key: string
  position: number
  alt_text: string | null
}

export interface AppSettingTable {
  key: string
  value_json: string
  updated_at: string
}

export interface Database {
  seller: SellerTable
  product: ProductTable
  product_variant: ProductVariantTable
  product_search: ProductSearchTable
  audit_log: AuditLogTable
  media: MediaTable
  product_image: ProductImageTable
  ocop_certificate: OcopCertificateTable
  lot: LotTable
  lot_growing_area: LotGrowingAreaTable
  lot_certification: LotCertificationTable
  lot_photo: LotPhotoTable
  app_setting: AppSettingTable
}

export type SellerRow = Selectable<SellerTable>
export type ProductRow = Selectable<ProductTable>
export type VariantRow = Selectable<ProductVariantTable>
export type MediaRow = Selectable<MediaTable>
export type ProductImageRow = Selectable<ProductImageTable>
export type OcopCertificateRow = Selectable<OcopCertificateTable>
export type LotRow = Selectable<LotTable>
export type LotCertificationRow = Selectable<LotCertificationTable>
