/**
 * Frozen in time: never edit a released migration, never import app code here.
 * Reports: day-by-day sums of sales, goods and money (kept by the app, recomputed for the days
 * the triggers below mark as changed), this installation's signing identity for the seller
 * bundle, and the bundles a commune coordinator imported.
 *
 * Days are Asia/Ho_Chi_Minh calendar days: date(<UTC ISO time>, '+7 hours') (Vietnam has had
 * no daylight saving time since 1975).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // One row per day and channel: orders confirmed that day (cancelled ones not), the goods they
  // sold after every discount, the goods that came back that day, shipping charged.
  await sql`
    CREATE TABLE report_sales_day (
      day TEXT NOT NULL,
      channel TEXT NOT NULL,
      orders INTEGER NOT NULL,
      gross_vnd INTEGER NOT NULL,
      returns_vnd INTEGER NOT NULL,
      shipping_vnd INTEGER NOT NULL,
      PRIMARY KEY (day, channel)
    ) STRICT, WITHOUT ROWID`.execute(db)

  // The same by variant (its product and seller kept, to group by them without a join per row).
  await sql`
    CREATE TABLE report_product_day (
      day TEXT NOT NULL,
      variant_id TEXT NOT NULL,
      product_id TEXT NOT NULL,
      seller_id TEXT,
      quantity INTEGER NOT NULL,
      gross_vnd INTEGER NOT NULL,
      returned_quantity INTEGER NOT NULL,
      returns_vnd INTEGER NOT NULL,
      PRIMARY KEY (day, variant_id)
    ) STRICT, WITHOUT ROWID`.execute(db)
  await sql`CREATE INDEX report_product_day_product ON report_product_day (product_id, day)`.execute(db)

  // Money collected per day and method: payments that succeeded that day, refunds paid back that
  // day, and sales the marketplaces collect (method 'marketplace').
  await sql`
    CREATE TABLE report_collection_day (
      day TEXT NOT NULL,
      method TEXT NOT NULL CHECK (method IN ('cash', 'cod', 'vietqr', 'vnpay', 'marketplace')),
      received_vnd INTEGER NOT NULL,
      refunded_vnd INTEGER NOT NULL,
      PRIMARY KEY (day, method)
    ) STRICT, WITHOUT ROWID`.execute(db)

  // Days whose sums must be recomputed before they are read.
  await sql`CREATE TABLE report_dirty_day (day TEXT PRIMARY KEY NOT NULL) STRICT, WITHOUT ROWID`.execute(db)

  // What the day sums are recomputed from, found by time.
  await sql`CREATE INDEX order_confirmed ON sales_order (confirmed_at) WHERE confirmed_at IS NOT NULL`.execute(db)
  await sql`CREATE INDEX order_event_returns ON order_event (at) WHERE kind IN ('returned', 'partial_return')`.execute(db)
  await sql`CREATE INDEX payment_intent_succeeded ON payment_intent (succeeded_at) WHERE succeeded_at IS NOT NULL`.execute(db)
  await sql`CREATE INDEX payment_refund_succeeded ON payment_refund (updated_at) WHERE status = 'succeeded'`.execute(db)

  // The triggers only say which days changed; the app recomputes them with the full rules
  // (discounts shared out, returns at their sale price), so no business rule lives in SQL.
  const mark = (time: string) => sql.raw(`INSERT OR IGNORE INTO report_dirty_day (day) SELECT date(${time}, '+7 hours') WHERE ${time} IS NOT NULL;`)
  await sql`
    CREATE TRIGGER report_order_insert AFTER INSERT ON sales_order BEGIN
      ${mark('NEW.confirmed_at')}
    END`.execute(db)
  await sql`
    CREATE TRIGGER report_order_update AFTER UPDATE ON sales_order
    WHEN OLD.status IS NOT NEW.status OR OLD.confirmed_at IS NOT NEW.confirmed_at OR OLD.channel IS NOT NEW.channel
      OR OLD.subtotal_vnd IS NOT NEW.subtotal_vnd OR OLD.order_discount_vnd IS NOT NEW.order_discount_vnd
      OR OLD.shipping_fee_vnd IS NOT NEW.shipping_fee_vnd OR OLD.total_vnd IS NOT NEW.total_vnd
    BEGIN
      ${mark('OLD.confirmed_at')}
      ${mark('NEW.confirmed_at')}
    END`.execute(db)
  for (const [event, row] of [
    ['INSERT', 'NEW'],
    ['DELETE', 'OLD'],
    ['UPDATE', 'NEW'],
  ] as const) {
    await sql`
      CREATE TRIGGER ${sql.raw(`report_order_line_${event.toLowerCase()}`)} AFTER ${sql.raw(event)} ON order_line BEGIN
        INSERT OR IGNORE INTO report_dirty_day (day)
          SELECT date(o.confirmed_at, '+7 hours') FROM sales_order o WHERE o.id = ${sql.raw(`${row}.order_id`)} AND o.confirmed_at IS NOT NULL;
      END`.execute(db)
  }
  await sql`
    CREATE TRIGGER report_return_event AFTER INSERT ON order_event WHEN NEW.kind IN ('returned', 'partial_return') BEGIN
      ${mark('NEW.at')}
    END`.execute(db)
  await sql`
    CREATE TRIGGER report_intent_insert AFTER INSERT ON payment_intent BEGIN
      ${mark('NEW.succeeded_at')}
    END`.execute(db)
  await sql`
    CREATE TRIGGER report_intent_update AFTER UPDATE ON payment_intent
    WHEN OLD.status IS NOT NEW.status OR OLD.succeeded_at IS NOT NEW.succeeded_at OR OLD.amount_received_vnd IS NOT NEW.amount_received_vnd OR OLD.method IS NOT NEW.method
    BEGIN
      ${mark('OLD.succeeded_at')}
      ${mark('NEW.succeeded_at')}
    END`.execute(db)
  await sql`
    CREATE TRIGGER report_refund_insert AFTER INSERT ON payment_refund WHEN NEW.status = 'succeeded' BEGIN
      ${mark('NEW.updated_at')}
    END`.execute(db)
  await sql`
    CREATE TRIGGER report_refund_update AFTER UPDATE ON payment_refund WHEN OLD.status IS NOT NEW.status OR OLD.amount_vnd IS NOT NEW.amount_vnd BEGIN
      INSERT OR IGNORE INTO report_dirty_day (day) SELECT date(OLD.updated_at, '+7 hours') WHERE OLD.status = 'succeeded';
      INSERT OR IGNORE INTO report_dirty_day (day) SELECT date(NEW.updated_at, '+7 hours') WHERE NEW.status = 'succeeded';
    END`.execute(db)

  // Everything already in the book is summed once, on first use.
  await sql`INSERT OR IGNORE INTO report_dirty_day (day) SELECT DISTINCT date(confirmed_at, '+7 hours') FROM sales_order WHERE confirmed_at IS NOT NULL`.execute(db)
  await sql`INSERT OR IGNORE INTO report_dirty_day (day) SELECT DISTINCT date(at, '+7 hours') FROM order_event WHERE kind IN ('returned', 'partial_return')`.execute(db)
  await sql`INSERT OR IGNORE INTO report_dirty_day (day) SELECT DISTINCT date(succeeded_at, '+7 hours') FROM payment_intent WHERE succeeded_at IS NOT NULL`.execute(db)
  await sql`INSERT OR IGNORE INTO report_dirty_day (day) SELECT DISTINCT date(updated_at, '+7 hours') FROM payment_refund WHERE status = 'succeeded'`.execute(db)

  // This installation's Ed25519 key for signing seller bundles: made once, the private half sealed.
  await sql`
    CREATE TABLE report_identity (
      id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
      installation_id TEXT NOT NULL,
      public_key TEXT NOT NULL,
      private_key_sealed TEXT NOT NULL,
      secret_protection TEXT NOT NULL CHECK (secret_protection IN ('os', 'key_file')),
      created_at TEXT NOT NULL
    ) STRICT`.execute(db)

  // Bundles a coordinator imported: one per installation and period (a re-import replaces it).
  await sql`
    CREATE TABLE commune_bundle (
      id TEXT PRIMARY KEY NOT NULL,
      installation_id TEXT NOT NULL,
      public_key TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      seller_name TEXT NOT NULL,
      seller_kind TEXT NOT NULL,
      tax_code TEXT,
      address TEXT,
      period_from TEXT NOT NULL,
      period_to TEXT NOT NULL,
      body_hash TEXT NOT NULL,
      body_json TEXT NOT NULL,
      file_name TEXT,
      imported_at TEXT NOT NULL,
      imported_by TEXT NOT NULL,
      UNIQUE (installation_id, period_from, period_to)
    ) STRICT`.execute(db)
  await sql`CREATE INDEX commune_bundle_period ON commune_bundle (period_from, period_to)`.execute(db)
}
