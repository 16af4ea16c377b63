-- index audit_entity
CREATE INDEX audit_entity ON audit_log (entity_id, seq);
-- index channel_account_seller
CREATE INDEX channel_account_seller ON channel_account (seller_id);
-- index commune_bundle_period
CREATE INDEX commune_bundle_period ON commune_bundle (period_from, period_to);
-- index customer_address_customer
CREATE INDEX customer_address_customer ON customer_address (customer_id, position);
-- index customer_name
CREATE INDEX customer_name ON customer (name_folded);
-- index customer_phone
CREATE INDEX customer_phone ON customer (phone) WHERE phone IS NOT NULL;
-- index listing_channel_product
CREATE UNIQUE INDEX listing_channel_product ON listing (channel_account_id, product_id);
-- index listing_product
CREATE INDEX listing_product ON listing (product_id);
-- index listing_sku_variant
CREATE INDEX listing_sku_variant ON listing_sku (variant_id);
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
-- index order_channel_created
CREATE INDEX order_channel_created ON sales_order (channel, created_at, seq);
-- index order_confirmed
CREATE INDEX order_confirmed ON sales_order (confirmed_at) WHERE confirmed_at IS NOT NULL;
-- index order_created
CREATE INDEX order_created ON sales_order (created_at, seq);
-- index order_customer
CREATE INDEX order_customer ON sales_order (customer_id, created_at) WHERE customer_id IS NOT NULL;
-- index order_event_order
CREATE INDEX order_event_order ON order_event (order_id, seq);
-- index order_event_returns
CREATE INDEX order_event_returns ON order_event (at) WHERE kind IN ('returned', 'partial_return');
-- index order_external
CREATE UNIQUE INDEX order_external ON sales_order (channel, external_ref) WHERE external_ref IS NOT NULL;
-- index order_line_order
CREATE INDEX order_line_order ON order_line (order_id, position);
-- index order_line_variant
CREATE INDEX order_line_variant ON order_line (variant_id);
-- index order_phone
CREATE INDEX order_phone ON sales_order (customer_phone) WHERE customer_phone IS NOT NULL;
-- index order_status_created
CREATE INDEX order_status_created ON sales_order (status, created_at, seq);
-- index order_tracking
CREATE INDEX order_tracking ON sales_order (tracking_code) WHERE tracking_code IS NOT NULL;
-- index outbox_job_account
CREATE INDEX outbox_job_account ON outbox_job (channel_account_id, status);
-- index outbox_job_due
CREATE INDEX outbox_job_due ON outbox_job (status, next_attempt_at) WHERE status IN ('pending', 'running');
-- index outbox_job_listing
CREATE INDEX outbox_job_listing ON outbox_job (listing_id, seq) WHERE listing_id IS NOT NULL;
-- index outbox_job_pending_dedupe
CREATE UNIQUE INDEX outbox_job_pending_dedupe ON outbox_job (dedupe_key) WHERE status = 'pending' AND dedupe_key IS NOT NULL;
-- index payment_event_intent
CREATE INDEX payment_event_intent ON payment_event (intent_id, seq) WHERE intent_id IS NOT NULL;
-- index payment_intent_open
CREATE INDEX payment_intent_open ON payment_intent (method, status) WHERE status IN ('requires_action', 'processing');
-- index payment_intent_order
CREATE INDEX payment_intent_order ON payment_intent (order_id, seq);
-- index payment_intent_poll
CREATE INDEX payment_intent_poll ON payment_intent (next_poll_at) WHERE next_poll_at IS NOT NULL;
-- index payment_intent_provider_ref
CREATE UNIQUE INDEX payment_intent_provider_ref ON payment_intent (method, provider_ref) WHERE provider_ref IS NOT NULL;
-- index payment_intent_succeeded
CREATE INDEX payment_intent_succeeded ON payment_intent (succeeded_at) WHERE succeeded_at IS NOT NULL;
-- index payment_refund_intent
CREATE INDEX payment_refund_intent ON payment_refund (intent_id, seq);
-- index payment_refund_succeeded
CREATE INDEX payment_refund_succeeded ON payment_refund (updated_at) WHERE status = 'succeeded';
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
-- index report_product_day_product
CREATE INDEX report_product_day_product ON report_product_day (product_id, day);
-- index seller_single_default
CREATE UNIQUE INDEX seller_single_default ON seller (is_default) WHERE is_default = 1;
-- index seller_tax_code_unique
CREATE UNIQUE INDEX seller_tax_code_unique ON seller (tax_code) WHERE tax_code IS NOT NULL;
-- index stock_lot_level_variant
CREATE INDEX stock_lot_level_variant ON stock_lot_level (variant_id);
-- index stock_movement_lot
CREATE INDEX stock_movement_lot ON stock_movement (lot_id, seq) WHERE lot_id IS NOT NULL;
-- index stock_movement_order
CREATE INDEX stock_movement_order ON stock_movement (order_id) WHERE order_id IS NOT NULL;
-- index stock_movement_variant
CREATE INDEX stock_movement_variant ON stock_movement (variant_id, seq);
-- index stocktake_line_item
CREATE UNIQUE INDEX stocktake_line_item ON stocktake_line (stocktake_id, variant_id, ifnull(lot_id, ''));
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
-- table channel_account
CREATE TABLE channel_account ( id TEXT PRIMARY KEY NOT NULL, seller_id TEXT NOT NULL REFERENCES seller (id), kind TEXT NOT NULL CHECK (kind IN ('ntm_portal', 'shopee', 'lazada', 'tiktok', 'file_export')), display_name TEXT NOT NULL, api_base TEXT, auth_base TEXT, app_key TEXT, secret_sealed TEXT, secret_protection TEXT CHECK (secret_protection IS NULL OR secret_protection IN ('os', 'key_file')), state TEXT NOT NULL CHECK (state IN ('not_connected', 'connected', 'expired', 'error')), shop_id TEXT, shop_name TEXT, shop_cipher TEXT, access_token_sealed TEXT, access_expires_at TEXT, refresh_token_sealed TEXT, refresh_expires_at TEXT, last_error TEXT, order_cursor TEXT, orders_synced_at TEXT, version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, archived_at TEXT ) STRICT;
-- table channel_media
CREATE TABLE channel_media ( channel_account_id TEXT NOT NULL REFERENCES channel_account (id), media_key TEXT NOT NULL, external_ref TEXT NOT NULL, external_url TEXT, uploaded_at TEXT NOT NULL, PRIMARY KEY (channel_account_id, media_key) ) STRICT, WITHOUT ROWID;
-- table commune_bundle
CREATE TABLE commune_bundle ( id TEXT PRIMARY KEY NOT NULL, installation_id TEXT NOT NULL, public_key TEXT NOT NULL, fingerprint TEXT NOT NULL, seller_name TEXT NOT NULL, seller_kind TEXT NOT NULL, tax_code TEXT, address TEXT, period_from TEXT NOT NULL, period_to TEXT NOT NULL, body_hash TEXT NOT NULL, body_json TEXT NOT NULL, file_name TEXT, imported_at TEXT NOT NULL, imported_by TEXT NOT NULL, UNIQUE (installation_id, period_from, period_to) ) STRICT;
-- table customer
CREATE TABLE customer ( seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_folded TEXT NOT NULL, phone TEXT, email TEXT, notes TEXT, version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, archived_at TEXT ) STRICT;
-- table customer_address
CREATE TABLE customer_address ( id TEXT PRIMARY KEY NOT NULL, customer_id TEXT NOT NULL REFERENCES customer (id), label TEXT, recipient_name TEXT, recipient_phone TEXT, street TEXT, ward_code TEXT, ward_name TEXT, province_code TEXT, province_name TEXT, legacy_text TEXT, is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)), position INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, CHECK (ward_code IS NOT NULL OR legacy_text IS NOT NULL OR street IS NOT NULL) ) STRICT;
-- table listing
CREATE TABLE listing ( id TEXT PRIMARY KEY NOT NULL, channel_account_id TEXT NOT NULL REFERENCES channel_account (id), product_id TEXT NOT NULL REFERENCES product (id), status TEXT NOT NULL CHECK (status IN ('draft', 'queued', 'published', 'error', 'unlisted')), category_id TEXT, attributes_json TEXT NOT NULL DEFAULT '{}', brand_id TEXT, title_override TEXT, description_override TEXT, stock_buffer INTEGER NOT NULL DEFAULT 0 CHECK (stock_buffer >= 0), external_item_id TEXT, -- The OCOP stars the channel was last told about (null: none): when the product's standing -- changes (a certificate lapses or is renewed), the listing is updated. ocop_claim_stars INTEGER, last_error_code TEXT, last_error_message TEXT, published_at TEXT, version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL ) STRICT;
-- table listing_sku
CREATE TABLE listing_sku ( listing_id TEXT NOT NULL REFERENCES listing (id), variant_id TEXT NOT NULL REFERENCES product_variant (id), price_vnd INTEGER CHECK (price_vnd IS NULL OR price_vnd >= 0), external_sku_id TEXT, pushed_quantity INTEGER, pushed_price_vnd INTEGER, PRIMARY KEY (listing_id, variant_id) ) STRICT, WITHOUT ROWID;
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
-- table order_event
CREATE TABLE order_event ( seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, order_id TEXT NOT NULL REFERENCES sales_order (id), kind TEXT NOT NULL, from_status TEXT, to_status TEXT, actor TEXT NOT NULL, at TEXT NOT NULL, note TEXT, data_json TEXT ) STRICT;
-- table order_line
CREATE TABLE order_line ( id TEXT PRIMARY KEY NOT NULL, order_id TEXT NOT NULL REFERENCES sales_order (id), position INTEGER NOT NULL, variant_id TEXT NOT NULL REFERENCES product_variant (id), product_id TEXT NOT NULL, product_name TEXT NOT NULL, variant_label TEXT, sku TEXT NOT NULL, unit TEXT NOT NULL, quantity INTEGER NOT NULL CHECK (quantity > 0), unit_price_vnd INTEGER NOT NULL CHECK (unit_price_vnd >= 0), discount_json TEXT, discount_vnd INTEGER NOT NULL DEFAULT 0 CHECK (discount_vnd >= 0), total_vnd INTEGER NOT NULL CHECK (total_vnd >= 0), returned_quantity INTEGER NOT NULL DEFAULT 0 CHECK (returned_quantity >= 0 AND returned_quantity <= quantity) ) STRICT;
-- table order_number
CREATE TABLE order_number (year INTEGER PRIMARY KEY, last INTEGER NOT NULL) STRICT;
-- table order_search
CREATE VIRTUAL TABLE order_search USING fts5 ( number, name, phone, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4' );
-- table order_search_config
CREATE TABLE 'order_search_config'(k PRIMARY KEY, v) WITHOUT ROWID;
-- table order_search_data
CREATE TABLE 'order_search_data'(id INTEGER PRIMARY KEY, block BLOB);
-- table order_search_docsize
CREATE TABLE 'order_search_docsize'(id INTEGER PRIMARY KEY, sz BLOB, origin INTEGER);
-- table order_search_idx
CREATE TABLE 'order_search_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
-- table outbox_job
CREATE TABLE outbox_job ( seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, channel_account_id TEXT NOT NULL REFERENCES channel_account (id), listing_id TEXT REFERENCES listing (id), kind TEXT NOT NULL CHECK (kind IN ('publish', 'update', 'unlist', 'image', 'stock', 'price', 'pull_orders', 'portal_push')), dedupe_key TEXT, idempotency_key TEXT NOT NULL UNIQUE, payload_json TEXT NOT NULL DEFAULT '{}', status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'dead', 'dropped')), attempts INTEGER NOT NULL DEFAULT 0, refreshed INTEGER NOT NULL DEFAULT 0 CHECK (refreshed IN (0, 1)), -- Set once an attempt may have reached the platform without us learning the outcome -- (timeout, lost answer, process death); from then on the job checks before acting. uncertain INTEGER NOT NULL DEFAULT 0 CHECK (uncertain IN (0, 1)), next_attempt_at TEXT NOT NULL, lease_until TEXT, last_error_kind TEXT, last_error_code TEXT, last_error_message TEXT, result_json TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, finished_at TEXT ) STRICT;
-- table payment_event
CREATE TABLE payment_event ( seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, intent_id TEXT REFERENCES payment_intent (id), refund_id TEXT REFERENCES payment_refund (id), type TEXT NOT NULL, source TEXT NOT NULL, payload_json TEXT NOT NULL, verified INTEGER CHECK (verified IS NULL OR verified IN (0, 1)), outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'unchanged', 'rejected')), reason TEXT, status_before TEXT, status_after TEXT, actor TEXT NOT NULL, at TEXT NOT NULL ) STRICT;
-- table payment_intent
CREATE TABLE payment_intent ( seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, order_id TEXT NOT NULL REFERENCES sales_order (id), seller_id TEXT REFERENCES seller (id), method TEXT NOT NULL CHECK (method IN ('vnpay', 'vietqr', 'cash', 'cod')), status TEXT NOT NULL CHECK (status IN ('requires_action', 'processing', 'succeeded', 'canceled', 'failed', 'expired')), amount_vnd INTEGER NOT NULL CHECK (amount_vnd > 0), amount_received_vnd INTEGER NOT NULL DEFAULT 0 CHECK (amount_received_vnd >= 0), amount_refunded_vnd INTEGER NOT NULL DEFAULT 0 CHECK (amount_refunded_vnd >= 0 AND amount_refunded_vnd <= amount_received_vnd), next_action_json TEXT, idempotency_key TEXT NOT NULL UNIQUE, request_hash TEXT NOT NULL, provider_ref TEXT, provider_txn_no TEXT, provider_create_date TEXT, provider_pay_date TEXT, provider_code TEXT, cash_tendered_vnd INTEGER CHECK (cash_tendered_vnd IS NULL OR cash_tendered_vnd >= 0), change_vnd INTEGER CHECK (change_vnd IS NULL OR change_vnd >= 0), cancellation_reason TEXT, failure_code TEXT, expires_at TEXT, next_poll_at TEXT, poll_attempts INTEGER NOT NULL DEFAULT 0, note TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, succeeded_at TEXT, canceled_at TEXT, version INTEGER NOT NULL DEFAULT 1 ) STRICT;
-- table payment_refund
CREATE TABLE payment_refund ( seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, intent_id TEXT NOT NULL REFERENCES payment_intent (id), amount_vnd INTEGER NOT NULL CHECK (amount_vnd > 0), reason TEXT NOT NULL, note TEXT, status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')), provider_request_id TEXT, transaction_type TEXT, failure_code TEXT, idempotency_key TEXT UNIQUE, request_hash TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL ) STRICT;
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
CREATE TABLE product_variant ( id TEXT PRIMARY KEY NOT NULL, product_id TEXT NOT NULL REFERENCES product (id), sku TEXT NOT NULL, option_label TEXT, unit TEXT NOT NULL, price_vnd INTEGER NOT NULL CHECK (price_vnd >= 0), compare_at_price_vnd INTEGER CHECK (compare_at_price_vnd IS NULL OR compare_at_price_vnd >= 0), barcode TEXT, weight_grams INTEGER CHECK (weight_grams IS NULL OR weight_grams >= 0), position INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, archived_at TEXT , low_stock_threshold INTEGER) STRICT;
-- table report_collection_day
CREATE TABLE report_collection_day ( day TEXT NOT NULL, method TEXT NOT NULL CHECK (method IN ('cash', 'cod', 'vietqr', 'vnpay', 'marketplace')), received_vnd INTEGER NOT NULL, refunded_vnd INTEGER NOT NULL, PRIMARY KEY (day, method) ) STRICT, WITHOUT ROWID;
-- table report_dirty_day
CREATE TABLE report_dirty_day (day TEXT PRIMARY KEY NOT NULL) STRICT, WITHOUT ROWID;
-- table report_identity
CREATE TABLE report_identity ( id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1), installation_id TEXT NOT NULL, public_key TEXT NOT NULL, private_key_sealed TEXT NOT NULL, secret_protection TEXT NOT NULL CHECK (secret_protection IN ('os', 'key_file')), created_at TEXT NOT NULL ) STRICT;
-- table report_product_day
CREATE TABLE report_product_day ( day TEXT NOT NULL, variant_id TEXT NOT NULL, product_id TEXT NOT NULL, seller_id TEXT, quantity INTEGER NOT NULL, gross_vnd INTEGER NOT NULL, returned_quantity INTEGER NOT NULL, returns_vnd INTEGER NOT NULL, PRIMARY KEY (day, variant_id) ) STRICT, WITHOUT ROWID;
-- table report_sales_day
CREATE TABLE report_sales_day ( day TEXT NOT NULL, channel TEXT NOT NULL, orders INTEGER NOT NULL, gross_vnd INTEGER NOT NULL, returns_vnd INTEGER NOT NULL, shipping_vnd INTEGER NOT NULL, PRIMARY KEY (day, channel) ) STRICT, WITHOUT ROWID;
-- table sales_order
CREATE TABLE sales_order ( seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, number TEXT NOT NULL UNIQUE, channel TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('draft', 'confirmed', 'packed', 'shipped', 'delivered', 'completed', 'cancelled', 'returned')), customer_id TEXT REFERENCES customer (id), customer_name TEXT, customer_phone TEXT, delivery_address_json TEXT, subtotal_vnd INTEGER NOT NULL CHECK (subtotal_vnd >= 0), order_discount_json TEXT, order_discount_vnd INTEGER NOT NULL DEFAULT 0 CHECK (order_discount_vnd >= 0), shipping_fee_vnd INTEGER NOT NULL DEFAULT 0 CHECK (shipping_fee_vnd >= 0), total_vnd INTEGER NOT NULL CHECK (total_vnd >= 0), payment_status TEXT NOT NULL DEFAULT 'unpaid', external_ref TEXT, notes TEXT, version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, confirmed_at TEXT, shipped_at TEXT, completed_at TEXT, cancelled_at TEXT , paid_vnd INTEGER NOT NULL DEFAULT 0, refunded_vnd INTEGER NOT NULL DEFAULT 0, carrier TEXT, tracking_code TEXT) STRICT;
-- table seller
CREATE TABLE seller ( id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('cooperative', 'household', 'enterprise', 'cooperative_group')), name TEXT NOT NULL, tax_code TEXT, representative TEXT, phone TEXT, email TEXT, address TEXT, bank_name TEXT, bank_account_number TEXT, bank_account_name TEXT, is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)), created_at TEXT NOT NULL, updated_at TEXT NOT NULL , bank_bin TEXT) STRICT;
-- table statement_import
CREATE TABLE statement_import ( id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('bank', 'cod')), file_name TEXT NOT NULL, profile_key TEXT NOT NULL, status TEXT NOT NULL CHECK (status IN ('previewed', 'applied')), lines_json TEXT NOT NULL, summary_json TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL, applied_at TEXT ) STRICT;
-- table statement_line_applied
CREATE TABLE statement_line_applied ( fingerprint TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, import_id TEXT NOT NULL REFERENCES statement_import (id), intent_id TEXT REFERENCES payment_intent (id), order_id TEXT REFERENCES sales_order (id), amount_vnd INTEGER NOT NULL, applied_at TEXT NOT NULL ) STRICT, WITHOUT ROWID;
-- table statement_profile
CREATE TABLE statement_profile ( key TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('bank', 'cod')), header_row INTEGER NOT NULL, mapping_json TEXT NOT NULL, updated_at TEXT NOT NULL ) STRICT, WITHOUT ROWID;
-- table stock_level
CREATE TABLE stock_level ( variant_id TEXT PRIMARY KEY NOT NULL REFERENCES product_variant (id), on_hand INTEGER NOT NULL DEFAULT 0, reserved INTEGER NOT NULL DEFAULT 0, CHECK (reserved >= 0), CHECK (on_hand - reserved >= 0) ) STRICT, WITHOUT ROWID;
-- table stock_lot_level
CREATE TABLE stock_lot_level ( lot_id TEXT PRIMARY KEY NOT NULL REFERENCES lot (id), variant_id TEXT NOT NULL REFERENCES product_variant (id), on_hand INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0) ) STRICT, WITHOUT ROWID;
-- table stock_movement
CREATE TABLE stock_movement ( seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, variant_id TEXT NOT NULL REFERENCES product_variant (id), lot_id TEXT REFERENCES lot (id), kind TEXT NOT NULL CHECK (kind IN ('receive', 'reserve', 'release', 'issue', 'return', 'write_off', 'adjustment', 'stocktake', 'lot_correction')), on_hand_delta INTEGER NOT NULL, reserved_delta INTEGER NOT NULL, order_id TEXT REFERENCES sales_order (id), stocktake_id TEXT, reason TEXT, actor TEXT NOT NULL, at TEXT NOT NULL, CHECK (on_hand_delta != 0 OR reserved_delta != 0) ) STRICT;
-- table stocktake
CREATE TABLE stocktake ( id TEXT PRIMARY KEY NOT NULL, status TEXT NOT NULL CHECK (status IN ('counting', 'confirmed', 'cancelled')), note TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL, confirmed_at TEXT ) STRICT;
-- table stocktake_line
CREATE TABLE stocktake_line ( id INTEGER PRIMARY KEY, stocktake_id TEXT NOT NULL REFERENCES stocktake (id), variant_id TEXT NOT NULL REFERENCES product_variant (id), lot_id TEXT REFERENCES lot (id), expected INTEGER NOT NULL, counted INTEGER CHECK (counted IS NULL OR counted >= 0) ) STRICT;
-- table vnpay_config
CREATE TABLE vnpay_config ( seller_id TEXT PRIMARY KEY NOT NULL REFERENCES seller (id), tmn_code TEXT NOT NULL, secret_sealed TEXT NOT NULL, secret_protection TEXT NOT NULL CHECK (secret_protection IN ('os', 'key_file')), payment_url TEXT NOT NULL, api_url TEXT NOT NULL, updated_at TEXT NOT NULL ) STRICT;
-- trigger payment_event_append_only_delete
CREATE TRIGGER payment_event_append_only_delete BEFORE DELETE ON payment_event BEGIN SELECT RAISE(ABORT, 'payment_event is append-only'); END;
-- trigger payment_event_append_only_update
CREATE TRIGGER payment_event_append_only_update BEFORE UPDATE ON payment_event BEGIN SELECT RAISE(ABORT, 'payment_event is append-only'); END;
-- trigger report_intent_insert
CREATE TRIGGER report_intent_insert AFTER INSERT ON payment_intent BEGIN INSERT OR IGNORE INTO report_dirty_day (day) SELECT date(NEW.succeeded_at, '+7 hours') WHERE NEW.succeeded_at IS NOT NULL; END;
-- trigger report_intent_update
CREATE TRIGGER report_intent_update AFTER UPDATE ON payment_intent WHEN OLD.status IS NOT NEW.status OR OLD.succeeded_at IS NOT NEW.succeeded_at OR OLD.amount_received_vnd IS NOT NEW.amount_received_vnd OR OLD.method IS NOT NEW.method BEGIN INSERT OR IGNORE INTO report_dirty_day (day) SELECT date(OLD.succeeded_at, '+7 hours') WHERE OLD.succeeded_at IS NOT NULL; INSERT OR IGNORE INTO report_dirty_day (day) SELECT date(NEW.succeeded_at, '+7 hours') WHERE NEW.succeeded_at IS NOT NULL; END;
-- trigger report_order_insert
CREATE TRIGGER report_order_insert AFTER INSERT ON sales_order BEGIN INSERT OR IGNORE INTO report_dirty_day (day) SELECT date(NEW.confirmed_at, '+7 hours') WHERE NEW.confirmed_at IS NOT NULL; END;
-- trigger report_order_line_delete
CREATE TRIGGER report_order_line_delete AFTER DELETE ON order_line BEGIN INSERT OR IGNORE INTO report_dirty_day (day) SELECT date(o.confirmed_at, '+7 hours') FROM sales_order o WHERE o.id = OLD.order_id AND o.confirmed_at IS NOT NULL; END;
-- trigger report_order_line_insert
CREATE TRIGGER report_order_line_insert AFTER INSERT ON order_line BEGIN INSERT OR IGNORE INTO report_dirty_day (day) SELECT date(o.confirmed_at, '+7 hours') FROM sales_order o WHERE o.id = NEW.order_id AND o.confirmed_at IS NOT NULL; END;
-- trigger report_order_line_update
CREATE TRIGGER report_order_line_update AFTER UPDATE ON order_line BEGIN INSERT OR IGNORE INTO report_dirty_day (day) SELECT date(o.confirmed_at, '+7 hours') FROM sales_order o WHERE o.id = NEW.order_id AND o.confirmed_at IS NOT NULL; END;
-- trigger report_order_update
CREATE TRIGGER report_order_update AFTER UPDATE ON sales_order WHEN OLD.status IS NOT NEW.status OR OLD.confirmed_at IS NOT NEW.confirmed_at OR OLD.channel IS NOT NEW.channel OR OLD.subtotal_vnd IS NOT NEW.subtotal_vnd OR OLD.order_discount_vnd IS NOT NEW.order_discount_vnd OR OLD.shipping_fee_vnd IS NOT NEW.shipping_fee_vnd OR OLD.total_vnd IS NOT NEW.total_vnd BEGIN INSERT OR IGNORE INTO report_dirty_day (day) SELECT date(OLD.confirmed_at, '+7 hours') WHERE OLD.confirmed_at IS NOT NULL; INSERT OR IGNORE INTO report_dirty_day (day) SELECT date(NEW.confirmed_at, '+7 hours') WHERE NEW.confirmed_at IS NOT NULL; END;
-- trigger report_refund_insert
CREATE TRIGGER report_refund_insert AFTER INSERT ON payment_refund WHEN NEW.status = 'succeeded' BEGIN INSERT OR IGNORE INTO report_dirty_day (day) SELECT date(NEW.updated_at, '+7 hours') WHERE NEW.updated_at IS NOT NULL; END;
-- trigger report_refund_update
CREATE TRIGGER report_refund_update AFTER UPDATE ON payment_refund WHEN OLD.status IS NOT NEW.status OR OLD.amount_vnd IS NOT NEW.amount_vnd BEGIN INSERT OR IGNORE INTO report_dirty_day (day) SELECT date(OLD.updated_at, '+7 hours') WHERE OLD.status = 'succeeded'; INSERT OR IGNORE INTO report_dirty_day (day) SELECT date(NEW.updated_at, '+7 hours') WHERE NEW.status = 'succeeded'; END;
-- trigger report_return_event
CREATE TRIGGER report_return_event AFTER INSERT ON order_event WHEN NEW.kind IN ('returned', 'partial_return') BEGIN INSERT OR IGNORE INTO report_dirty_day (day) SELECT date(NEW.at, '+7 hours') WHERE NEW.at IS NOT NULL; END;
