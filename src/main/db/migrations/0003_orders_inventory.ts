/**
 * Frozen in time: never edit a released migration, never import app code here.
 * Customers with two-tier addresses, orders with their lines and events, and the stock ledger
 * with its cached levels.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE customer (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      name_folded TEXT NOT NULL,
      phone TEXT,
      email TEXT,
      notes TEXT,
      version INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
  // The phone is how shops find a customer, but two people may share one (a family's phone):
  // duplicates are flagged by the service, not forbidden here.
  await sql`CREATE INDEX customer_phone ON customer (phone) WHERE phone IS NOT NULL`.execute(db)
  await sql`CREATE INDEX customer_name ON customer (name_folded)`.execute(db)

  // Addresses in the units in force since 1 July 2025 (province/city → commune/ward, no district),
  // with the names snapshotted; an old three-tier address typed by a user is kept as free text.
  await sql`
    CREATE TABLE customer_address (
      id TEXT PRIMARY KEY NOT NULL,
      customer_id TEXT NOT NULL REFERENCES customer (id),
      label TEXT,
      recipient_name TEXT,
      recipient_phone TEXT,
      street TEXT,
      ward_code TEXT,
      ward_name TEXT,
      province_code TEXT,
      province_name TEXT,
      legacy_text TEXT,
      is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
      position INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (ward_code IS NOT NULL OR legacy_text IS NOT NULL OR street IS NOT NULL)
    ) STRICT`.execute(db)
  await sql`CREATE INDEX customer_address_customer ON customer_address (customer_id, position)`.execute(db)

  await sql`
    CREATE TABLE sales_order (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      number TEXT NOT NULL UNIQUE,
      channel TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('draft', 'confirmed', 'packed', 'shipped', 'delivered', 'completed', 'cancelled', 'returned')),
      customer_id TEXT REFERENCES customer (id),
      customer_name TEXT,
      customer_phone TEXT,
      delivery_address_json TEXT,
      subtotal_vnd INTEGER NOT NULL CHECK (subtotal_vnd >= 0),
      order_discount_json TEXT,
      order_discount_vnd INTEGER NOT NULL DEFAULT 0 CHECK (order_discount_vnd >= 0),
      shipping_fee_vnd INTEGER NOT NULL DEFAULT 0 CHECK (shipping_fee_vnd >= 0),
      total_vnd INTEGER NOT NULL CHECK (total_vnd >= 0),
      payment_status TEXT NOT NULL DEFAULT 'unpaid',
      external_ref TEXT,
      notes TEXT,
      version INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      confirmed_at TEXT,
      shipped_at TEXT,
      completed_at TEXT,
      cancelled_at TEXT
    ) STRICT`.execute(db)
  // The list's usual questions: by status and date, by channel and date, everything by date.
  await sql`CREATE INDEX order_status_created ON sales_order (status, created_at, seq)`.execute(db)
  await sql`CREATE INDEX order_channel_created ON sales_order (channel, created_at, seq)`.execute(db)
  await sql`CREATE INDEX order_created ON sales_order (created_at, seq)`.execute(db)
  await sql`CREATE INDEX order_customer ON sales_order (customer_id, created_at) WHERE customer_id IS NOT NULL`.execute(db)
  await sql`CREATE INDEX order_phone ON sales_order (customer_phone) WHERE customer_phone IS NOT NULL`.execute(db)
  await sql`CREATE UNIQUE INDEX order_external ON sales_order (channel, external_ref) WHERE external_ref IS NOT NULL`.execute(db)
  // Number, customer name and phone, folded; rowid = sales_order.seq.
  await sql`
    CREATE VIRTUAL TABLE order_search USING fts5 (
      number, name, phone,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3 4'
    )`.execute(db)

  // Each line snapshots what was sold, so renaming a product never rewrites an old receipt.
  await sql`
    CREATE TABLE order_line (
      id TEXT PRIMARY KEY NOT NULL,
      order_id TEXT NOT NULL REFERENCES sales_order (id),
      position INTEGER NOT NULL,
      variant_id TEXT NOT NULL REFERENCES product_variant (id),
      product_id TEXT NOT NULL,
      product_name TEXT NOT NULL,
      variant_label TEXT,
      sku TEXT NOT NULL,
      unit TEXT NOT NULL,
      quantity INTEGER NOT NULL CHECK (quantity > 0),
      unit_price_vnd INTEGER NOT NULL CHECK (unit_price_vnd >= 0),
      discount_json TEXT,
      discount_vnd INTEGER NOT NULL DEFAULT 0 CHECK (discount_vnd >= 0),
      total_vnd INTEGER NOT NULL CHECK (total_vnd >= 0),
      returned_quantity INTEGER NOT NULL DEFAULT 0 CHECK (returned_quantity >= 0 AND returned_quantity <= quantity)
    ) STRICT`.execute(db)
  await sql`CREATE INDEX order_line_order ON order_line (order_id, position)`.execute(db)
  await sql`CREATE INDEX order_line_variant ON order_line (variant_id)`.execute(db)

  await sql`
    CREATE TABLE order_event (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      order_id TEXT NOT NULL REFERENCES sales_order (id),
      kind TEXT NOT NULL,
      from_status TEXT,
      to_status TEXT,
      actor TEXT NOT NULL,
      at TEXT NOT NULL,
      note TEXT,
      data_json TEXT
    ) STRICT`.execute(db)
  await sql`CREATE INDEX order_event_order ON order_event (order_id, seq)`.execute(db)

  // Order numbers are never reused: a cancelled order keeps its number (a create that fails is
  // rolled back with its number, which was never on a saved order).
  await sql`CREATE TABLE order_number (year INTEGER PRIMARY KEY, last INTEGER NOT NULL) STRICT`.execute(db)

  // The ledger: append-only. on_hand_delta moves physical stock, reserved_delta moves what
  // confirmed orders hold. On hand = Σ on_hand_delta; reserved = Σ reserved_delta.
  await sql`
    CREATE TABLE stock_movement (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      variant_id TEXT NOT NULL REFERENCES product_variant (id),
      lot_id TEXT REFERENCES lot (id),
      kind TEXT NOT NULL CHECK (kind IN ('receive', 'reserve', 'release', 'issue', 'return', 'write_off', 'adjustment', 'stocktake', 'lot_correction')),
      on_hand_delta INTEGER NOT NULL,
      reserved_delta INTEGER NOT NULL,
      order_id TEXT REFERENCES sales_order (id),
      stocktake_id TEXT,
      reason TEXT,
      actor TEXT NOT NULL,
      at TEXT NOT NULL,
      CHECK (on_hand_delta != 0 OR reserved_delta != 0)
    ) STRICT`.execute(db)
  await sql`CREATE INDEX stock_movement_variant ON stock_movement (variant_id, seq)`.execute(db)
  await sql`CREATE INDEX stock_movement_lot ON stock_movement (lot_id, seq) WHERE lot_id IS NOT NULL`.execute(db)
  await sql`CREATE INDEX stock_movement_order ON stock_movement (order_id) WHERE order_id IS NOT NULL`.execute(db)

  // Cached levels, written in the same transaction as the movements. The CHECKs are the last
  // guard: a write that would sell what is not there fails, whatever the code above it did.
  await sql`
    CREATE TABLE stock_level (
      variant_id TEXT PRIMARY KEY NOT NULL REFERENCES product_variant (id),
      on_hand INTEGER NOT NULL DEFAULT 0,
      reserved INTEGER NOT NULL DEFAULT 0,
      CHECK (reserved >= 0),
      CHECK (on_hand - reserved >= 0)
    ) STRICT, WITHOUT ROWID`.execute(db)
  await sql`
    CREATE TABLE stock_lot_level (
      lot_id TEXT PRIMARY KEY NOT NULL REFERENCES lot (id),
      variant_id TEXT NOT NULL REFERENCES product_variant (id),
      on_hand INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0)
    ) STRICT, WITHOUT ROWID`.execute(db)
  await sql`CREATE INDEX stock_lot_level_variant ON stock_lot_level (variant_id)`.execute(db)
  // Below this many units the variant shows in "sắp hết hàng"; null: no alert.
  await sql`ALTER TABLE product_variant ADD COLUMN low_stock_threshold INTEGER`.execute(db)

  await sql`
    CREATE TABLE stocktake (
      id TEXT PRIMARY KEY NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('counting', 'confirmed', 'cancelled')),
      note TEXT,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      confirmed_at TEXT
    ) STRICT`.execute(db)
  await sql`
    CREATE TABLE stocktake_line (
      id INTEGER PRIMARY KEY,
      stocktake_id TEXT NOT NULL REFERENCES stocktake (id),
      variant_id TEXT NOT NULL REFERENCES product_variant (id),
      lot_id TEXT REFERENCES lot (id),
      expected INTEGER NOT NULL,
      counted INTEGER CHECK (counted IS NULL OR counted >= 0)
    ) STRICT`.execute(db)
  await sql`CREATE UNIQUE INDEX stocktake_line_item ON stocktake_line (stocktake_id, variant_id, ifnull(lot_id, ''))`.execute(db)

  // Lots recorded before the ledger existed were received goods: put the live ones in stock once
  // (an archived lot was sold out or withdrawn).
  await sql`
    INSERT INTO stock_movement (id, variant_id, lot_id, kind, on_hand_delta, reserved_delta, reason, actor, at)
    SELECT 'stm_0003_' || id, variant_id, id, 'receive', quantity, 0, 'lot recorded before 0003', 'migration', created_at
    FROM lot WHERE archived_at IS NULL ORDER BY seq`.execute(db)
  await sql`INSERT INTO stock_lot_level (lot_id, variant_id, on_hand) SELECT id, variant_id, quantity FROM lot WHERE archived_at IS NULL`.execute(db)
  await sql`INSERT INTO stock_level (variant_id, on_hand, reserved) SELECT variant_id, sum(quantity), 0 FROM lot WHERE archived_at IS NULL GROUP BY variant_id`.execute(db)
}
