-- index audit_entity
CREATE INDEX audit_entity ON audit_log (entity_id, seq);
-- index product_category
CREATE INDEX product_category ON product (category, status);
-- index product_live_name
CREATE INDEX product_live_name ON product (name_folded, seq) WHERE status != 'archived';
-- index product_live_price
CREATE INDEX product_live_price ON product (min_price_vnd, seq) WHERE status != 'archived';
-- index product_live_updated
CREATE INDEX product_live_updated ON product (updated_at, seq) WHERE status != 'archived';
-- index product_seller
CREATE INDEX product_seller ON product (seller_id, status);
-- index product_status_name
CREATE INDEX product_status_name ON product (status, name_folded);
-- index product_status_price
CREATE INDEX product_status_price ON product (status, min_price_vnd);
-- index product_status_updated
CREATE INDEX product_status_updated ON product (status, updated_at);
-- index seller_single_default
CREATE UNIQUE INDEX seller_single_default ON seller (is_default) WHERE is_default = 1;
-- index seller_tax_code_unique
CREATE UNIQUE INDEX seller_tax_code_unique ON seller (tax_code) WHERE tax_code IS NOT NULL;
-- index variant_barcode
CREATE INDEX variant_barcode ON product_variant (barcode) WHERE barcode IS NOT NULL;
-- index variant_live_sku
CREATE UNIQUE INDEX variant_live_sku ON product_variant (sku COLLATE NOCASE) WHERE archived_at IS NULL;
-- index variant_product
CREATE INDEX variant_product ON product_variant (product_id, position);
-- index variant_sku
CREATE INDEX variant_sku ON product_variant (sku COLLATE NOCASE);
-- table audit_log
CREATE TABLE audit_log ( seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, action TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL, before_json TEXT, after_json TEXT ) STRICT;
-- table product
CREATE TABLE product ( seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, seller_id TEXT NOT NULL REFERENCES seller (id), name TEXT NOT NULL, name_folded TEXT NOT NULL, description TEXT, category TEXT, status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'archived')), version INTEGER NOT NULL DEFAULT 1, variant_count INTEGER NOT NULL DEFAULT 0, min_price_vnd INTEGER, max_price_vnd INTEGER, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, archived_at TEXT ) STRICT;
-- table product_search
CREATE VIRTUAL TABLE product_search USING fts5 ( name, extra, description, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3' );
-- table product_search_config
CREATE TABLE 'product_search_config'(k PRIMARY KEY, v) WITHOUT ROWID;
-- table product_search_data
CREATE TABLE 'product_search_data'(id INTEGER PRIMARY KEY, block BLOB);
-- table product_search_docsize
CREATE TABLE 'product_search_docsize'(id INTEGER PRIMARY KEY, sz BLOB, origin INTEGER);
-- table product_search_idx
CREATE TABLE 'product_search_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
-- table product_variant
CREATE TABLE product_variant ( id TEXT PRIMARY KEY NOT NULL, product_id TEXT NOT NULL REFERENCES product (id), sku TEXT NOT NULL, option_label TEXT, unit TEXT NOT NULL, price_vnd INTEGER NOT NULL CHECK (price_vnd >= 0), compare_at_price_vnd INTEGER CHECK (compare_at_price_vnd IS NULL OR compare_at_price_vnd >= 0), barcode TEXT, weight_grams INTEGER CHECK (weight_grams IS NULL OR weight_grams >= 0), position INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, archived_at TEXT ) STRICT;
-- table seller
CREATE TABLE seller ( id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('cooperative', 'household', 'enterprise', 'cooperative_group')), name TEXT NOT NULL, tax_code TEXT, representative TEXT, phone TEXT, email TEXT, address TEXT, bank_name TEXT, bank_account_number TEXT, bank_account_name TEXT, is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)), created_at TEXT NOT NULL, updated_at TEXT NOT NULL ) STRICT;
