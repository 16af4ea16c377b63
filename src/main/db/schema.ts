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
  /** NAPAS BIN of the bank, for VietQR (0004). */
  bank_bin: string | null
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
  /** 0003: below this many units the variant is "running low"; null, no alert. */
  low_stock_threshold: Generated<number | null>
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

export interface CustomerTable {
  seq: Generated<number>
  id: string
  name: string
  name_folded: string
  phone: string | null
  email: string | null
  notes: string | null
  version: number
  created_at: string
  updated_at: string
  archived_at: string | null
}

export interface CustomerAddressTable {
  id: string
  customer_id: string
  label: string | null
  recipient_name: string | null
  recipient_phone: string | null
  street: string | null
  ward_code: string | null
  ward_name: string | null
  province_code: string | null
  province_name: string | null
  legacy_text: string | null
  is_default: 0 | 1
  position: number
  created_at: string
  updated_at: string
}

export type OrderStatusColumn = 'draft' | 'confirmed' | 'packed' | 'shipped' | 'delivered' | 'completed' | 'cancelled' | 'returned'

export interface SalesOrderTable {
  seq: Generated<number>
  id: string
  number: string
  channel: string
  status: OrderStatusColumn
  customer_id: string | null
  customer_name: string | null
  customer_phone: string | null
  delivery_address_json: string | null
  subtotal_vnd: number
  order_discount_json: string | null
  order_discount_vnd: number
  shipping_fee_vnd: number
  total_vnd: number
  payment_status: Generated<string>
  external_ref: string | null
  notes: string | null
  version: number
  created_at: string
  updated_at: string
  confirmed_at: string | null
  shipped_at: string | null
  completed_at: string | null
  cancelled_at: string | null
  /** Kept from the order's payment intents (0004). */
  paid_vnd: Generated<number>
  refunded_vnd: Generated<number>
  carrier: string | null
  tracking_code: string | null
}

export interface OrderSearchTable {
  rowid: number
  number: string
  name: string
  phone: string
}

export interface OrderLineTable {
  id: string
  order_id: string
  position: number
  variant_id: string
  product_id: string
  product_name: string
  variant_label: string | null
  sku: string
  unit: string
  quantity: number
  unit_price_vnd: number
  discount_json: string | null
  discount_vnd: number
  total_vnd: number
  returned_quantity: Generated<number>
}

export interface OrderEventTable {
  seq: Generated<number>
  id: string
  order_id: string
  kind: string
  from_status: string | null
  to_status: string | null
  actor: string
  at: string
  note: string | null
  data_json: string | null
}

export interface OrderNumberTable {
  year: number
  last: number
}

export type StockMovementKind = 'receive' | 'reserve' | 'release' | 'issue' | 'return' | 'write_off' | 'adjustment' | 'stocktake' | 'lot_correction'

export interface StockMovementTable {
  seq: Generated<number>
  id: string
  variant_id: string
  lot_id: string | null
  kind: StockMovementKind
  on_hand_delta: number
  reserved_delta: number
  order_id: string | null
  stocktake_id: string | null
  reason: string | null
  actor: string
  at: string
}

export interface StockLevelTable {
  variant_id: string
  on_hand: number
  reserved: number
}

export interface StockLotLevelTable {
  lot_id: string
  variant_id: string
  on_hand: number
}

export interface StocktakeTable {
  id: string
  status: 'counting' | 'confirmed' | 'cancelled'
  note: string | null
  created_by: string
  created_at: string
  confirmed_at: string | null
}

export interface StocktakeLineTable {
  id: Generated<number>
  stocktake_id: string
  variant_id: string
  lot_id: string | null
  expected: number
  counted: number | null
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
  customer: CustomerTable
  customer_address: CustomerAddressTable
  sales_order: SalesOrderTable
  order_search: OrderSearchTable
  order_line: OrderLineTable
  order_event: OrderEventTable
  order_number: OrderNumberTable
  stock_movement: StockMovementTable
  stock_level: StockLevelTable
  stock_lot_level: StockLotLevelTable
  stocktake: StocktakeTable
  stocktake_line: StocktakeLineTable
  vnpay_config: VnpayConfigTable
  payment_intent: PaymentIntentTable
  payment_refund: PaymentRefundTable
  payment_event: PaymentEventTable
  statement_import: StatementImportTable
  statement_line_applied: StatementLineAppliedTable
  statement_profile: StatementProfileTable
  channel_account: ChannelAccountTable
  listing: ListingTable
  listing_sku: ListingSkuTable
  channel_media: ChannelMediaTable
  outbox_job: OutboxJobTable
  report_sales_day: ReportSalesDayTable
  report_product_day: ReportProductDayTable
  report_collection_day: ReportCollectionDayTable
  report_dirty_day: { day: string }
  report_identity: ReportIdentityTable
  commune_bundle: CommuneBundleTable
}

export interface VnpayConfigTable {
  seller_id: string
  tmn_code: string
  secret_sealed: string
  secret_protection: 'os' | 'key_file'
  payment_url: string
  api_url: string
  updated_at: string
}

export type PaymentMethodColumn = 'vnpay' | 'vietqr' | 'cash' | 'cod'
export type PaymentIntentStatusColumn = 'requires_action' | 'processing' | 'succeeded' | 'canceled' | 'failed' | 'expired'

export interface PaymentIntentTable {
  seq: Generated<number>
  id: string
  order_id: string
  seller_id: string | null
  method: PaymentMethodColumn
  status: PaymentIntentStatusColumn
  amount_vnd: number
  amount_received_vnd: Generated<number>
  amount_refunded_vnd: Generated<number>
  next_action_json: string | null
  idempotency_key: string
  request_hash: string
  provider_ref: string | null
  provider_txn_no: string | null
  provider_create_date: string | null
  provider_pay_date: string | null
  provider_code: string | null
  cash_tendered_vnd: number | null
  change_vnd: number | null
  cancellation_reason: string | null
  failure_code: string | null
  expires_at: string | null
  next_poll_at: string | null
  poll_attempts: Generated<number>
  note: string | null
  created_by: string
  created_at: string
  updated_at: string
  succeeded_at: string | null
  canceled_at: string | null
  version: Generated<number>
}

export interface PaymentRefundTable {
  seq: Generated<number>
  id: string
  intent_id: string
  amount_vnd: number
  reason: string
  note: string | null
  status: 'pending' | 'succeeded' | 'failed'
  provider_request_id: string | null
  transaction_type: string | null
  failure_code: string | null
  idempotency_key: string | null
  request_hash: string | null
  created_by: string
  created_at: string
  updated_at: string
}

export interface PaymentEventTable {
  seq: Generated<number>
  id: string
  intent_id: string | null
  refund_id: string | null
  type: string
  source: string
  payload_json: string
  verified: 0 | 1 | null
  outcome: 'applied' | 'unchanged' | 'rejected'
  reason: string | null
  status_before: string | null
  status_after: string | null
  actor: string
  at: string
}

export interface StatementImportTable {
  id: string
  kind: 'bank' | 'cod'
  file_name: string
  profile_key: string
  status: 'previewed' | 'applied'
  lines_json: string
  summary_json: string | null
  created_by: string
  created_at: string
  applied_at: string | null
}

export interface StatementLineAppliedTable {
  fingerprint: string
  kind: string
  import_id: string
  intent_id: string | null
  order_id: string | null
  amount_vnd: number
  applied_at: string
}

export interface StatementProfileTable {
  key: string
  kind: 'bank' | 'cod'
  header_row: number
  mapping_json: string
  updated_at: string
}

export type ChannelKindColumn = 'ntm_portal' | 'shopee' | 'lazada' | 'tiktok' | 'file_export'

export interface ChannelAccountTable {
  id: string
  seller_id: string
  kind: ChannelKindColumn
  display_name: string
  api_base: string | null
  auth_base: string | null
  app_key: string | null
  secret_sealed: string | null
  secret_protection: 'os' | 'key_file' | null
  state: 'not_connected' | 'connected' | 'expired' | 'error'
  shop_id: string | null
  shop_name: string | null
  shop_cipher: string | null
  access_token_sealed: string | null
  access_expires_at: string | null
  refresh_token_sealed: string | null
  refresh_expires_at: string | null
  last_error: string | null
  order_cursor: string | null
  orders_synced_at: string | null
  version: Generated<number>
  created_at: string
  updated_at: string
  archived_at: string | null
}

export interface ListingTable {
  id: string
  channel_account_id: string
  product_id: string
  status: 'draft' | 'queued' | 'published' | 'error' | 'unlisted'
  category_id: string | null
  attributes_json: Generated<string>
  brand_id: string | null
  title_override: string | null
  description_override: string | null
  stock_buffer: Generated<number>
  external_item_id: string | null
  ocop_claim_stars: number | null
  last_error_code: string | null
  last_error_message: string | null
  published_at: string | null
  version: Generated<number>
  created_at: string
  updated_at: string
}

export interface ListingSkuTable {
  listing_id: string
  variant_id: string
  price_vnd: number | null
  external_sku_id: string | null
  pushed_quantity: number | null
  pushed_price_vnd: number | null
}

export interface ChannelMediaTable {
  channel_account_id: string
  media_key: string
  external_ref: string
  external_url: string | null
  uploaded_at: string
}

export type OutboxJobKindColumn = 'publish' | 'update' | 'unlist' | 'image' | 'stock' | 'price' | 'pull_orders' | 'portal_push'
export type OutboxJobStatusColumn = 'pending' | 'running' | 'done' | 'dead' | 'dropped'

export interface OutboxJobTable {
  seq: Generated<number>
  id: string
  channel_account_id: string
  listing_id: string | null
  kind: OutboxJobKindColumn
  dedupe_key: string | null
  idempotency_key: string
  payload_json: Generated<string>
  status: OutboxJobStatusColumn
  attempts: Generated<number>
  refreshed: Generated<0 | 1>
  uncertain: Generated<0 | 1>
  next_attempt_at: string
  lease_until: string | null
  last_error_kind: string | null
  last_error_code: string | null
  last_error_message: string | null
  result_json: string | null
  created_at: string
  updated_at: string
  finished_at: string | null
}

export type SellerRow = Selectable<SellerTable>
export type ProductRow = Selectable<ProductTable>
export type VariantRow = Selectable<ProductVariantTable>
export type MediaRow = Selectable<MediaTable>
export type ProductImageRow = Selectable<ProductImageTable>
export type OcopCertificateRow = Selectable<OcopCertificateTable>
export type LotRow = Selectable<LotTable>
export type LotCertificationRow = Selectable<LotCertificationTable>
export type CustomerRow = Selectable<CustomerTable>
export type CustomerAddressRow = Selectable<CustomerAddressTable>
export type SalesOrderRow = Selectable<SalesOrderTable>
export type OrderLineRow = Selectable<OrderLineTable>
export type PaymentIntentRow = Selectable<PaymentIntentTable>
export type PaymentRefundRow = Selectable<PaymentRefundTable>
export type OutboxJobRow = Selectable<OutboxJobTable>

/** 0006: sums of one Asia/Ho_Chi_Minh day and channel (reports/rollups.ts keeps them). */
export interface ReportSalesDayTable {
  day: string
  channel: string
  orders: number
  gross_vnd: number
  returns_vnd: number
  shipping_vnd: number
}

export interface ReportProductDayTable {
  day: string
  variant_id: string
  product_id: string
  seller_id: string | null
  quantity: number
  gross_vnd: number
  returned_quantity: number
  returns_vnd: number
}

export interface ReportCollectionDayTable {
  day: string
  method: 'cash' | 'cod' | 'vietqr' | 'vnpay' | 'marketplace'
  received_vnd: number
  refunded_vnd: number
}

export interface ReportIdentityTable {
  id: 1
  installation_id: string
  public_key: string
  private_key_sealed: string
  secret_protection: 'os' | 'key_file'
  created_at: string
}

export interface CommuneBundleTable {
  id: string
  installation_id: string
  public_key: string
  fingerprint: string
  seller_name: string
  seller_kind: string
  tax_code: string | null
  address: string | null
  period_from: string
  period_to: string
  body_hash: string
  body_json: string
  file_name: string | null
  imported_at: string
  imported_by: string
}
