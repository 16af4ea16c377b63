-- index audit_entity
CREATE INDEX audit_entity ON audit_log (entity_id, seq);
-- index lot_certification_lot
CREATE INDEX lot_certification_lot ON lot_certification (lot_id, position);
-- index lot_code_per_variant
CREATE UNIQUE INDEX lot_code_per_variant ON lot (variant_id, lot_code COLLATE NOCASE);
-- index lot_growing_area_code
CREATE INDEX lot_growing_area_code ON lot_growing_area (code);
-- index lot_harvest
CREATE INDEX lot_harvest ON lot (harvest_date);
-- index lot_photo_media
CREATE INDEX lot_photo_media ON lot_photo (media_key);
-- index lot_picking
CREATE INDEX lot_picking ON lot (variant_id, expiry_date, harvest_date) WHERE archived_at IS NULL;
-- index lot_product
CREATE INDEX lot_product ON lot (product_id, harvest_date);
-- index ocop_certificate_expiry
CREATE INDEX ocop_certificate_expiry ON ocop_certificate (expiry_date);
-- index ocop_certificate_number
CREATE UNIQUE INDEX ocop_certificate_number ON ocop_certificate (certificate_number COLLATE NOCASE);
-- index ocop_certificate_product
CREATE INDEX ocop_certificate_product ON ocop_certificate (product_id, expiry_date);
-- index product_category
CREATE INDEX product_category ON product (category, status);
-- index product_image_media
CREATE INDEX product_image_media ON product_image (media_key);
-- index product_image_once
CREATE UNIQUE INDEX product_image_once ON product_image (product_id, media_key);
-- index product_image_order
CREATE INDEX product_image_order ON product_image (product_id, position);
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
-- table app_setting
CREATE TABLE app_setting ( key TEXT PRIMARY KEY NOT NULL, value_json TEXT NOT NULL, updated_at TEXT NOT NULL ) STRICT;
-- table audit_log
CREATE TABLE audit_log ( seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, action TEXT NOT NULL, actor TEXT NOT NULL, at TEXT NOT NULL, before_json TEXT, after_json TEXT ) STRICT;
-- table lot
CREATE TABLE lot ( seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, product_id TEXT NOT NULL REFERENCES product (id), variant_id TEXT NOT NULL REFERENCES product_variant (id), lot_code TEXT NOT NULL, trace_code TEXT NOT NULL UNIQUE, date_kind TEXT NOT NULL CHECK (date_kind IN ('harvest', 'production')), harvest_date TEXT NOT NULL, expiry_date TEXT, shelf_life_days INTEGER CHECK (shelf_life_days IS NULL OR shelf_life_days > 0), quantity INTEGER NOT NULL CHECK (quantity > 0), unit TEXT NOT NULL, producer_seller_id TEXT REFERENCES seller (id), notes TEXT, version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, archived_at TEXT, CHECK (expiry_date IS NULL OR expiry_date >= harvest_date) ) STRICT;
-- table lot_certification
CREATE TABLE lot_certification ( id TEXT PRIMARY KEY NOT NULL, lot_id TEXT NOT NULL REFERENCES lot (id), kind TEXT NOT NULL, number TEXT, issuer TEXT, issue_date TEXT, expiry_date TEXT, position INTEGER NOT NULL, CHECK (expiry_date IS NULL OR issue_date IS NULL OR expiry_date > issue_date) ) STRICT;
-- table lot_growing_area
CREATE TABLE lot_growing_area ( lot_id TEXT NOT NULL REFERENCES lot (id), position INTEGER NOT NULL, code TEXT NOT NULL, PRIMARY KEY (lot_id, code) ) STRICT, WITHOUT ROWID;
-- table lot_photo
CREATE TABLE lot_photo ( lot_id TEXT NOT NULL REFERENCES lot (id), media_key TEXT NOT NULL REFERENCES media (key), position INTEGER NOT NULL, alt_text TEXT, PRIMARY KEY (lot_id, media_key) ) STRICT, WITHOUT ROWID;
-- table media
CREATE TABLE media ( key TEXT PRIMARY KEY NOT NULL CHECK (length(key) = 64), kind TEXT NOT NULL CHECK (kind IN ('image', 'document')), mime TEXT NOT NULL, ext TEXT NOT NULL, width INTEGER, height INTEGER, bytes INTEGER NOT NULL CHECK (bytes >= 0), original_name TEXT, created_at TEXT NOT NULL ) STRICT;
-- table ocop_certificate
CREATE TABLE ocop_certificate ( id TEXT PRIMARY KEY NOT NULL, product_id TEXT NOT NULL REFERENCES product (id), stars INTEGER NOT NULL CHECK (stars BETWEEN 3 AND 5), total_score INTEGER CHECK (total_score IS NULL OR total_score BETWEEN 0 AND 100), ocop_group TEXT NOT NULL, subgroup TEXT, certificate_number TEXT NOT NULL, decision_number TEXT, decision_date TEXT, issuing_level TEXT NOT NULL CHECK (issuing_level IN ('province', 'central')), issuing_authority TEXT, issue_date TEXT NOT NULL, expiry_date TEXT NOT NULL, scan_media_key TEXT REFERENCES media (key), notes TEXT, version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, CHECK (expiry_date > issue_date), CHECK ((stars = 5) = (issuing_level = 'central')) ) STRICT;
-- table product
CREATE TABLE product ( seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, seller_id TEXT NOT NULL REFERENCES seller (id), name TEXT NOT NULL, name_folded TEXT NOT NULL, description TEXT, category TEXT, status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'archived')), version INTEGER NOT NULL DEFAULT 1, variant_count INTEGER NOT NULL DEFAULT 0, min_price_vnd INTEGER, max_price_vnd INTEGER, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, archived_at TEXT , cover_media_key TEXT) STRICT;
-- table product_image
CREATE TABLE product_image ( id TEXT PRIMARY KEY NOT NULL, product_id TEXT NOT NULL REFERENCES product (id), variant_id TEXT REFERENCES product_variant (id), media_key TEXT NOT NULL REFERENCES media (key), position INTEGER NOT NULL, alt_text TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL ) STRICT;
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
