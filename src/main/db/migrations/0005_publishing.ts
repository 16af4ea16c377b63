/**
 * Frozen in time: never edit a released migration, never import app code here.
 * Publishing: the seller's channel accounts (portal, marketplaces, file export) with sealed
 * credentials and tokens, listings of products on them, the images each channel already holds,
 * and the durable outbox every change to a channel goes through.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // Secrets (app secret, portal API key, tokens) are sealed like the VNPay secret and never
  // leave the main process; what is not secret (app key, shop id, hosts) is plain.
  await sql`
    CREATE TABLE channel_account (
      id TEXT PRIMARY KEY NOT NULL,
      seller_id TEXT NOT NULL REFERENCES seller (id),
      kind TEXT NOT NULL CHECK (kind IN ('ntm_portal', 'shopee', 'lazada', 'tiktok', 'file_export')),
      display_name TEXT NOT NULL,
      api_base TEXT,
      auth_base TEXT,
      app_key TEXT,
      secret_sealed TEXT,
      secret_protection TEXT CHECK (secret_protection IS NULL OR secret_protection IN ('os', 'key_file')),
      state TEXT NOT NULL CHECK (state IN ('not_connected', 'connected', 'expired', 'error')),
      shop_id TEXT,
      shop_name TEXT,
      shop_cipher TEXT,
      access_token_sealed TEXT,
      access_expires_at TEXT,
      refresh_token_sealed TEXT,
      refresh_expires_at TEXT,
      last_error TEXT,
      order_cursor TEXT,
      orders_synced_at TEXT,
      version INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT
    ) STRICT`.execute(db)
  await sql`CREATE INDEX channel_account_seller ON channel_account (seller_id)`.execute(db)

  // A product on one channel. Stock pushed = available − stock_buffer (never below 0).
  await sql`
    CREATE TABLE listing (
      id TEXT PRIMARY KEY NOT NULL,
      channel_account_id TEXT NOT NULL REFERENCES channel_account (id),
      product_id TEXT NOT NULL REFERENCES product (id),
      status TEXT NOT NULL CHECK (status IN ('draft', 'queued', 'published', 'error', 'unlisted')),
      category_id TEXT,
      attributes_json TEXT NOT NULL DEFAULT '{}',
      brand_id TEXT,
      title_override TEXT,
      description_override TEXT,
      stock_buffer INTEGER NOT NULL DEFAULT 0 CHECK (stock_buffer >= 0),
      external_item_id TEXT,
      -- The OCOP stars the channel was last told about (null: none): when the product's standing
      -- changes (a certificate lapses or is renewed), the listing is updated.
      ocop_claim_stars INTEGER,
      last_error_code TEXT,
      last_error_message TEXT,
      published_at TEXT,
      version INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`.execute(db)
  await sql`CREATE UNIQUE INDEX listing_channel_product ON listing (channel_account_id, product_id)`.execute(db)
  await sql`CREATE INDEX listing_product ON listing (product_id)`.execute(db)

  // Per variant: the channel's price (null: the variant's own), its id on the channel, and what
  // was last pushed, so a stock change that leaves the pushed number unchanged sends nothing.
  await sql`
    CREATE TABLE listing_sku (
      listing_id TEXT NOT NULL REFERENCES listing (id),
      variant_id TEXT NOT NULL REFERENCES product_variant (id),
      price_vnd INTEGER CHECK (price_vnd IS NULL OR price_vnd >= 0),
      external_sku_id TEXT,
      pushed_quantity INTEGER,
      pushed_price_vnd INTEGER,
      PRIMARY KEY (listing_id, variant_id)
    ) STRICT, WITHOUT ROWID`.execute(db)
  await sql`CREATE INDEX listing_sku_variant ON listing_sku (variant_id)`.execute(db)

  // An image a channel already holds (Shopee image_id, Lazada URL, TikTok uri): uploaded once.
  await sql`
    CREATE TABLE channel_media (
      channel_account_id TEXT NOT NULL REFERENCES channel_account (id),
      media_key TEXT NOT NULL,
      external_ref TEXT NOT NULL,
      external_url TEXT,
      uploaded_at TEXT NOT NULL,
      PRIMARY KEY (channel_account_id, media_key)
    ) STRICT, WITHOUT ROWID`.execute(db)

  // The outbox. A job is written in the same transaction as the change that needs it, and
  // drained in order per listing. `dedupe_key` coalesces a burst (ten stock changes, one push):
  // at most one pending job per key. `idempotency_key` travels to the platform where it takes
  // one, and anchors "did the lost create happen?" checks where it does not.
  await sql`
    CREATE TABLE outbox_job (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      channel_account_id TEXT NOT NULL REFERENCES channel_account (id),
      listing_id TEXT REFERENCES listing (id),
      kind TEXT NOT NULL CHECK (kind IN ('publish', 'update', 'unlist', 'image', 'stock', 'price', 'pull_orders', 'portal_push')),
      dedupe_key TEXT,
      idempotency_key TEXT NOT NULL UNIQUE,
      payload_json TEXT NOT NULL DEFAULT '{}',
      status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'dead', 'dropped')),
      attempts INTEGER NOT NULL DEFAULT 0,
      refreshed INTEGER NOT NULL DEFAULT 0 CHECK (refreshed IN (0, 1)),
      -- Set once an attempt may have reached the platform without us learning the outcome
      -- (timeout, lost answer, process death); from then on the job checks before acting.
      uncertain INTEGER NOT NULL DEFAULT 0 CHECK (uncertain IN (0, 1)),
      next_attempt_at TEXT NOT NULL,
      lease_until TEXT,
      last_error_kind TEXT,
      last_error_code TEXT,
      last_error_message TEXT,
      result_json TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      finished_at TEXT
    ) STRICT`.execute(db)
  await sql`CREATE INDEX outbox_job_due ON outbox_job (status, next_attempt_at) WHERE status IN ('pending', 'running')`.execute(db)
  await sql`CREATE INDEX outbox_job_listing ON outbox_job (listing_id, seq) WHERE listing_id IS NOT NULL`.execute(db)
  await sql`CREATE INDEX outbox_job_account ON outbox_job (channel_account_id, status)`.execute(db)
  await sql`CREATE UNIQUE INDEX outbox_job_pending_dedupe ON outbox_job (dedupe_key) WHERE status = 'pending' AND dedupe_key IS NOT NULL`.execute(db)
}
