/**
 * Frozen in time: never edit a released migration, never import app code here.
 * Payments: intents shaped like Stripe's PaymentIntent, their refunds, an append-only log of
 * every provider message, the seller's VNPay terminal, and bank/COD statement imports.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // The bank's NAPAS BIN, which a VietQR code needs (the bank's name alone is ambiguous).
  await sql`ALTER TABLE seller ADD COLUMN bank_bin TEXT`.execute(db)

  // Money state of an order, kept by the payments service from its intents in the same
  // transaction: received and refunded are sums over the order's intents.
  await sql`ALTER TABLE sales_order ADD COLUMN paid_vnd INTEGER NOT NULL DEFAULT 0`.execute(db)
  await sql`ALTER TABLE sales_order ADD COLUMN refunded_vnd INTEGER NOT NULL DEFAULT 0`.execute(db)
  // A carrier's COD statement names parcels by their tracking code (mã vận đơn).
  await sql`ALTER TABLE sales_order ADD COLUMN carrier TEXT`.execute(db)
  await sql`ALTER TABLE sales_order ADD COLUMN tracking_code TEXT`.execute(db)
  await sql`CREATE INDEX order_tracking ON sales_order (tracking_code) WHERE tracking_code IS NOT NULL`.execute(db)

  // One VNPay terminal per seller. The hash secret is sealed (OS keychain through Electron's
  // safeStorage, or a key file in browser mode) and never leaves the main process.
  await sql`
    CREATE TABLE vnpay_config (
      seller_id TEXT PRIMARY KEY NOT NULL REFERENCES seller (id),
      tmn_code TEXT NOT NULL,
      secret_sealed TEXT NOT NULL,
      secret_protection TEXT NOT NULL CHECK (secret_protection IN ('os', 'key_file')),
      payment_url TEXT NOT NULL,
      api_url TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`.execute(db)

  await sql`
    CREATE TABLE payment_intent (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      order_id TEXT NOT NULL REFERENCES sales_order (id),
      seller_id TEXT REFERENCES seller (id),
      method TEXT NOT NULL CHECK (method IN ('vnpay', 'vietqr', 'cash', 'cod')),
      status TEXT NOT NULL CHECK (status IN ('requires_action', 'processing', 'succeeded', 'canceled', 'failed', 'expired')),
      amount_vnd INTEGER NOT NULL CHECK (amount_vnd > 0),
      amount_received_vnd INTEGER NOT NULL DEFAULT 0 CHECK (amount_received_vnd >= 0),
      amount_refunded_vnd INTEGER NOT NULL DEFAULT 0 CHECK (amount_refunded_vnd >= 0 AND amount_refunded_vnd <= amount_received_vnd),
      next_action_json TEXT,
      idempotency_key TEXT NOT NULL UNIQUE,
      request_hash TEXT NOT NULL,
      provider_ref TEXT,
      provider_txn_no TEXT,
      provider_create_date TEXT,
      provider_pay_date TEXT,
      provider_code TEXT,
      cash_tendered_vnd INTEGER CHECK (cash_tendered_vnd IS NULL OR cash_tendered_vnd >= 0),
      change_vnd INTEGER CHECK (change_vnd IS NULL OR change_vnd >= 0),
      cancellation_reason TEXT,
      failure_code TEXT,
      expires_at TEXT,
      next_poll_at TEXT,
      poll_attempts INTEGER NOT NULL DEFAULT 0,
      note TEXT,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      succeeded_at TEXT,
      canceled_at TEXT,
      version INTEGER NOT NULL DEFAULT 1
    ) STRICT`.execute(db)
  // A VNPay TxnRef or a transfer memo names exactly one intent, for ever.
  await sql`CREATE UNIQUE INDEX payment_intent_provider_ref ON payment_intent (method, provider_ref) WHERE provider_ref IS NOT NULL`.execute(db)
  await sql`CREATE INDEX payment_intent_order ON payment_intent (order_id, seq)`.execute(db)
  await sql`CREATE INDEX payment_intent_poll ON payment_intent (next_poll_at) WHERE next_poll_at IS NOT NULL`.execute(db)
  await sql`CREATE INDEX payment_intent_open ON payment_intent (method, status) WHERE status IN ('requires_action', 'processing')`.execute(db)

  await sql`
    CREATE TABLE payment_refund (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      intent_id TEXT NOT NULL REFERENCES payment_intent (id),
      amount_vnd INTEGER NOT NULL CHECK (amount_vnd > 0),
      reason TEXT NOT NULL,
      note TEXT,
      status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
      provider_request_id TEXT,
      transaction_type TEXT,
      failure_code TEXT,
      idempotency_key TEXT UNIQUE,
      request_hash TEXT,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`.execute(db)
  await sql`CREATE INDEX payment_refund_intent ON payment_refund (intent_id, seq)`.execute(db)

  // Every message about money, as received, with what we made of it. Never updated, never
  // deleted: the triggers refuse it, whatever the code above does.
  await sql`
    CREATE TABLE payment_event (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      intent_id TEXT REFERENCES payment_intent (id),
      refund_id TEXT REFERENCES payment_refund (id),
      type TEXT NOT NULL,
      source TEXT NOT NULL,
      payload_json TEXT NOT NULL,
      verified INTEGER CHECK (verified IS NULL OR verified IN (0, 1)),
      outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'unchanged', 'rejected')),
      reason TEXT,
      status_before TEXT,
      status_after TEXT,
      actor TEXT NOT NULL,
      at TEXT NOT NULL
    ) STRICT`.execute(db)
  await sql`CREATE INDEX payment_event_intent ON payment_event (intent_id, seq) WHERE intent_id IS NOT NULL`.execute(db)
  await sql`CREATE TRIGGER payment_event_append_only_update BEFORE UPDATE ON payment_event BEGIN SELECT RAISE(ABORT, 'payment_event is append-only'); END`.execute(db)
  await sql`CREATE TRIGGER payment_event_append_only_delete BEFORE DELETE ON payment_event BEGIN SELECT RAISE(ABORT, 'payment_event is append-only'); END`.execute(db)

  // Statement imports: previewed first, applied once. A statement line that was applied is
  // remembered by its fingerprint, so importing the same file twice changes nothing.
  await sql`
    CREATE TABLE statement_import (
      id TEXT PRIMARY KEY NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('bank', 'cod')),
      file_name TEXT NOT NULL,
      profile_key TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('previewed', 'applied')),
      lines_json TEXT NOT NULL,
      summary_json TEXT,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      applied_at TEXT
    ) STRICT`.execute(db)
  await sql`
    CREATE TABLE statement_line_applied (
      fingerprint TEXT PRIMARY KEY NOT NULL,
      kind TEXT NOT NULL,
      import_id TEXT NOT NULL REFERENCES statement_import (id),
      intent_id TEXT REFERENCES payment_intent (id),
      order_id TEXT REFERENCES sales_order (id),
      amount_vnd INTEGER NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT, WITHOUT ROWID`.execute(db)
  // The column mapping a person chose for a bank's or carrier's file, remembered for next time.
  await sql`
    CREATE TABLE statement_profile (
      key TEXT PRIMARY KEY NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('bank', 'cod')),
      header_row INTEGER NOT NULL,
      mapping_json TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT, WITHOUT ROWID`.execute(db)

  // Counter sales already marked paid (cash) become succeeded cash intents, so an order's money
  // state is always the sum of its intents.
  await sql`
    INSERT INTO payment_intent (id, order_id, method, status, amount_vnd, amount_received_vnd, idempotency_key, request_hash,
                                cash_tendered_vnd, change_vnd, created_by, created_at, updated_at, succeeded_at)
    SELECT 'pi_m' || o.seq, o.id, 'cash', 'succeeded', o.total_vnd, o.total_vnd, 'migrated-cash:' || o.id, 'migrated',
           (SELECT json_extract(e.data_json, '$.received') FROM order_event e WHERE e.order_id = o.id AND e.kind = 'cash' ORDER BY e.seq DESC LIMIT 1),
           (SELECT json_extract(e.data_json, '$.change') FROM order_event e WHERE e.order_id = o.id AND e.kind = 'cash' ORDER BY e.seq DESC LIMIT 1),
           'migration', o.updated_at, o.updated_at, o.updated_at
    FROM sales_order o
    WHERE o.payment_status = 'paid' AND o.total_vnd > 0`.execute(db)
  await sql`UPDATE sales_order SET paid_vnd = total_vnd WHERE payment_status = 'paid'`.execute(db)
}
