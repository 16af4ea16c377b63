/**
 * Frozen in time: never edit a released migration, never import app code here.
 * Later changes are new numbered files that only add (see migrations.test.ts).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE seller (
      id TEXT PRIMARY KEY NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('cooperative', 'household', 'enterprise', 'cooperative_group')),
      name TEXT NOT NULL,
      tax_code TEXT,
      representative TEXT,
      phone TEXT,
      email TEXT,
      address TEXT,
      bank_name TEXT,
      bank_account_number TEXT,
      bank_account_name TEXT,
      is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`.execute(db)
  await sql`CREATE UNIQUE INDEX seller_single_default ON seller (is_default) WHERE is_default = 1`.execute(db)
  await sql`CREATE UNIQUE INDEX seller_tax_code_unique ON seller (tax_code) WHERE tax_code IS NOT NULL`.execute(db)

  // seq is the integer key the search index points at (an FTS5 rowid must be an integer);
  // id is the public, prefixed ULID.
  await sql`
    CREATE TABLE product (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      seller_id TEXT NOT NULL REFERENCES seller (id),
      name TEXT NOT NULL,
      name_folded TEXT NOT NULL,
      description TEXT,
      category TEXT,
      status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'archived')),
      version INTEGER NOT NULL DEFAULT 1,
      variant_count INTEGER NOT NULL DEFAULT 0,
      min_price_vnd INTEGER,
      max_price_vnd INTEGER,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
  // The list as first opened shows live products (draft or active): partial indexes serve its
  // three sorts without reading the whole table; the (status, …) ones serve a single status.
  await sql`CREATE INDEX product_live_updated ON product (updated_at, seq) WHERE status != 'archived'`.execute(db)
  await sql`CREATE INDEX product_live_name ON product (name_folded, seq) WHERE status != 'archived'`.execute(db)
  await sql`CREATE INDEX product_live_price ON product (min_price_vnd, seq) WHERE status != 'archived'`.execute(db)
  await sql`CREATE INDEX product_status_updated ON product (status, updated_at)`.execute(db)
  await sql`CREATE INDEX product_status_name ON product (status, name_folded)`.execute(db)
  await sql`CREATE INDEX product_status_price ON product (status, min_price_vnd)`.execute(db)
  await sql`CREATE INDEX product_seller ON product (seller_id, status)`.execute(db)
  await sql`CREATE INDEX product_category ON product (category, status)`.execute(db)

  await sql`
    CREATE TABLE product_variant (
      id TEXT PRIMARY KEY NOT NULL,
      product_id TEXT NOT NULL REFERENCES product (id),
      sku TEXT NOT NULL,
      option_label TEXT,
      unit TEXT NOT NULL,
      price_vnd INTEGER NOT NULL CHECK (price_vnd >= 0),
      compare_at_price_vnd INTEGER CHECK (compare_at_price_vnd IS NULL OR compare_at_price_vnd >= 0),
      barcode TEXT,
      weight_grams INTEGER CHECK (weight_grams IS NULL OR weight_grams >= 0),
      position INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
  // An SKU is unique among live variants only: archiving frees it (case-insensitively).
  await sql`CREATE UNIQUE INDEX variant_live_sku ON product_variant (sku COLLATE NOCASE) WHERE archived_at IS NULL`.execute(db)
  // Exact SKU lookups in the archive too (the unique index above only covers live variants).
  await sql`CREATE INDEX variant_sku ON product_variant (sku COLLATE NOCASE)`.execute(db)
  await sql`CREATE INDEX variant_product ON product_variant (product_id, position)`.execute(db)
  await sql`CREATE INDEX variant_barcode ON product_variant (barcode) WHERE barcode IS NOT NULL`.execute(db)

  // Live (not archived) products only, keyed by product.seq. Text is folded by the
  // repository first (foldVietnamese: đ → d, which remove_diacritics cannot do).
  // Contentless: the index holds no copy of the text, only what search needs. One-letter
  // prefixes are indexed too: "mat o" is typed on the way to "mat ong".
  await sql`
    CREATE VIRTUAL TABLE product_search USING fts5 (
      name, extra, description,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '1 2 3'
    )`.execute(db)

  await sql`
    CREATE TABLE audit_log (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      entity_type TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      action TEXT NOT NULL,
      actor TEXT NOT NULL,
      at TEXT NOT NULL,
      before_json TEXT,
      after_json TEXT
    ) STRICT`.execute(db)
  await sql`CREATE INDEX audit_entity ON audit_log (entity_id, seq)`.execute(db)
}
