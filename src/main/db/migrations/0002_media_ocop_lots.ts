/**
 * Frozen in time: never edit a released migration, never import app code here.
 * Images and documents (content-addressed media), OCOP certificates, harvest/production lots
 * with growing-area codes and their own certifications, traceability codes, app settings.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // One row per stored file set. key = sha256 of the bytes the user gave us, so the same photo
  // added twice is stored once; the files live under <dataDir>/media/<key[0..2]>/<key>/.
  // The database never holds a path.
  await sql`
    CREATE TABLE media (
      key TEXT PRIMARY KEY NOT NULL CHECK (length(key) = 64),
      kind TEXT NOT NULL CHECK (kind IN ('image', 'document')),
      mime TEXT NOT NULL,
      ext TEXT NOT NULL,
      width INTEGER,
      height INTEGER,
      bytes INTEGER NOT NULL CHECK (bytes >= 0),
      original_name TEXT,
      created_at TEXT NOT NULL
    ) STRICT`.execute(db)

  // The ordered photos of a product; the first one is the cover (as in Shopify and Sapo).
  // variant_id tags a photo as the picture of one variant (e.g. the 1 kg jar).
  await sql`
    CREATE TABLE product_image (
      id TEXT PRIMARY KEY NOT NULL,
      product_id TEXT NOT NULL REFERENCES product (id),
      variant_id TEXT REFERENCES product_variant (id),
      media_key TEXT NOT NULL REFERENCES media (key),
      position INTEGER NOT NULL,
      alt_text TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`.execute(db)
  await sql`CREATE UNIQUE INDEX product_image_once ON product_image (product_id, media_key)`.execute(db)
  await sql`CREATE INDEX product_image_order ON product_image (product_id, position)`.execute(db)
  await sql`CREATE INDEX product_image_media ON product_image (media_key)`.execute(db)
  // The cover's key, kept by the images service, so lists show a thumbnail without a join.
  await sql`ALTER TABLE product ADD COLUMN cover_media_key TEXT`.execute(db)

  await sql`
    CREATE TABLE ocop_certificate (
      id TEXT PRIMARY KEY NOT NULL,
      product_id TEXT NOT NULL REFERENCES product (id),
      stars INTEGER NOT NULL CHECK (stars BETWEEN 3 AND 5),
      total_score INTEGER CHECK (total_score IS NULL OR total_score BETWEEN 0 AND 100),
      ocop_group TEXT NOT NULL,
      subgroup TEXT,
      certificate_number TEXT NOT NULL,
      decision_number TEXT,
      decision_date TEXT,
      issuing_level TEXT NOT NULL CHECK (issuing_level IN ('province', 'central')),
      issuing_authority TEXT,
      issue_date TEXT NOT NULL,
      expiry_date TEXT NOT NULL,
      scan_media_key TEXT REFERENCES media (key),
      notes TEXT,
      version INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK (expiry_date > issue_date),
      CHECK ((stars = 5) = (issuing_level = 'central'))
    ) STRICT`.execute(db)
  await sql`CREATE INDEX ocop_certificate_product ON ocop_certificate (product_id, expiry_date)`.execute(db)
  await sql`CREATE INDEX ocop_certificate_expiry ON ocop_certificate (expiry_date)`.execute(db)
  await sql`CREATE UNIQUE INDEX ocop_certificate_number ON ocop_certificate (certificate_number COLLATE NOCASE)`.execute(db)

  // A lot is what was harvested or produced at once, of one variant. quantity is how many of
  // the variant's unit were received; stock movements (orders issue) will count per lot and
  // pick earliest expiry first (lot_picking).
  await sql`
    CREATE TABLE lot (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      product_id TEXT NOT NULL REFERENCES product (id),
      variant_id TEXT NOT NULL REFERENCES product_variant (id),
      lot_code TEXT NOT NULL,
      trace_code TEXT NOT NULL UNIQUE,
      date_kind TEXT NOT NULL CHECK (date_kind IN ('harvest', 'production')),
      harvest_date TEXT NOT NULL,
      expiry_date TEXT,
      shelf_life_days INTEGER CHECK (shelf_life_days IS NULL OR shelf_life_days > 0),
      quantity INTEGER NOT NULL CHECK (quantity > 0),
      unit TEXT NOT NULL,
      producer_seller_id TEXT REFERENCES seller (id),
      notes TEXT,
      version INTEGER NOT NULL DEFAULT 1,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT,
      CHECK (expiry_date IS NULL OR expiry_date >= harvest_date)
    ) STRICT`.execute(db)
  await sql`CREATE UNIQUE INDEX lot_code_per_variant ON lot (variant_id, lot_code COLLATE NOCASE)`.execute(db)
  await sql`CREATE INDEX lot_picking ON lot (variant_id, expiry_date, harvest_date) WHERE archived_at IS NULL`.execute(db)
  await sql`CREATE INDEX lot_product ON lot (product_id, harvest_date)`.execute(db)
  await sql`CREATE INDEX lot_harvest ON lot (harvest_date)`.execute(db)

  await sql`
    CREATE TABLE lot_growing_area (
      lot_id TEXT NOT NULL REFERENCES lot (id),
      position INTEGER NOT NULL,
      code TEXT NOT NULL,
      PRIMARY KEY (lot_id, code)
    ) STRICT, WITHOUT ROWID`.execute(db)
  await sql`CREATE INDEX lot_growing_area_code ON lot_growing_area (code)`.execute(db)

  await sql`
    CREATE TABLE lot_certification (
      id TEXT PRIMARY KEY NOT NULL,
      lot_id TEXT NOT NULL REFERENCES lot (id),
      kind TEXT NOT NULL,
      number TEXT,
      issuer TEXT,
      issue_date TEXT,
      expiry_date TEXT,
      position INTEGER NOT NULL,
      CHECK (expiry_date IS NULL OR issue_date IS NULL OR expiry_date > issue_date)
    ) STRICT`.execute(db)
  await sql`CREATE INDEX lot_certification_lot ON lot_certification (lot_id, position)`.execute(db)

  await sql`
    CREATE TABLE lot_photo (
      lot_id TEXT NOT NULL REFERENCES lot (id),
      media_key TEXT NOT NULL REFERENCES media (key),
      position INTEGER NOT NULL,
      alt_text TEXT,
      PRIMARY KEY (lot_id, media_key)
    ) STRICT, WITHOUT ROWID`.execute(db)
  await sql`CREATE INDEX lot_photo_media ON lot_photo (media_key)`.execute(db)

  await sql`
    CREATE TABLE app_setting (
      key TEXT PRIMARY KEY NOT NULL,
      value_json TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`.execute(db)
}
