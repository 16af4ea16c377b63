/**
 * Every migration, listed statically so bundling can never lose one (kysely's
 * FileMigrationProvider reads a folder at run time, which a bundled app does not have).
 * Names sort in the order they run. migrations.test.ts checks this list against the folder.
 */
import type { Migration } from 'kysely'
import * as m0001 from './0001_init'
import * as m0002 from './0002_media_ocop_lots'
import * as m0003 from './0003_orders_inventory'
import * as m0004 from './0004_payments'
import * as m0005 from './0005_publishing'
import * as m0006 from './0006_reports'

export const migrations: Readonly<Record<string, Migration>> = {
  '0001_init': m0001,
  '0002_media_ocop_lots': m0002,
  '0003_orders_inventory': m0003,
  '0004_payments': m0004,
  '0005_publishing': m0005,
  '0006_reports': m0006,
}
