/**
 * One seller's figures for the commune indicators (docs/reports.md, "Commune indicators"), and
 * the signed bundle that carries them to the coordinator. Nothing about buyers leaves: only
 * counts and sums.
 */
import { sql } from 'kysely'
import { AppError } from '@shared/contract/errors'
import { BUNDLE_FORMAT, ONLINE_CHANNELS, type BundleBody, type PeriodInput, type SellerFigures } from '@shared/contract/reports'
import type { ServiceDeps } from '../context'
import type { Db } from '../db/connection'
import type { SecretBox } from '../payments/secret-box'
import { findDefaultSellerId } from '../sellers/sellers.repo'
import { bundleFileName, createInstallationIdentity, identityFromPrivateKey, serializeBundle, signBundle } from './bundle'
import { collectedByMethod, netByChannel } from './period-sums'
import { dayRange, refreshRollups } from './rollups'

const LISTED_KINDS = ['shopee', 'lazada', 'tiktok', 'ntm_portal', 'file_export'] as const

export async function sellerFigures(db: Db, period: PeriodInput): Promise<SellerFigures> {
  await refreshRollups(db)
  const { start } = dayRange(period.from)
  const { end } = dayRange(period.to)

  // Sellers active online: a product of theirs sold on an online channel in the period, or on a channel now.
  const soldOnline = await db
    .selectFrom('order_line as l')
    .innerJoin('sales_order as o', 'o.id', 'l.order_id')
    .innerJoin('product as p', 'p.id', 'l.product_id')
    .select('p.seller_id')
    .distinct()
    .where('o.confirmed_at', '>=', start)
    .where('o.confirmed_at', '<', end)
    .where('o.status', 'not in', ['cancelled', 'draft'])
    .where('o.channel', 'in', [...ONLINE_CHANNELS])
    .execute()
  const listed = await db
    .selectFrom('listing as l')
    .innerJoin('product as p', 'p.id', 'l.product_id')
    .select('p.seller_id')
    .distinct()
    .where('l.status', '=', 'published')
    .execute()
  const onlineIds = [...new Set([...soldOnline, ...listed].map((r) => r.seller_id))]
  const kinds = onlineIds.length > 0 ? await db.selectFrom('seller').select('kind').where('id', 'in', onlineIds).execute() : []
  const onlineSellers = { cooperatives: 0, households: 0, enterprises: 0, groups: 0 }
  for (const { kind } of kinds) {
    if (kind === 'cooperative') onlineSellers.cooperatives++
    else if (kind === 'household') onlineSellers.households++
    else if (kind === 'enterprise') onlineSellers.enterprises++
    else onlineSellers.groups++
  }

  // OCOP products: the best certificate in force on the period's last day, per live product.
  const certified = await db
    .selectFrom('ocop_certificate as c')
    .innerJoin('product as p', 'p.id', 'c.product_id')
    .select(['c.product_id', (eb) => eb.fn.max('c.stars').as('stars')])
    .where('p.status', '!=', 'archived')
    .where('c.issue_date', '<=', period.to)
    .where('c.expiry_date', '>=', period.to)
    .groupBy('c.product_id')
    .execute()
  const byStar = { '3': 0, '4': 0, '5': 0 }
  for (const c of certified) byStar[String(c.stars) as '3' | '4' | '5']++
  const listedOn = { shopee: 0, lazada: 0, tiktok: 0, ntm_portal: 0, file_export: 0 }
  if (certified.length > 0) {
    const rows = await db
      .selectFrom('listing as l')
      .innerJoin('channel_account as a', 'a.id', 'l.channel_account_id')
      .select(['a.kind', (eb) => eb.fn.count<number>('l.product_id').distinct().as('n')])
      .where('l.status', '=', 'published')
      .where('l.product_id', 'in', certified.map((c) => c.product_id))
      .groupBy('a.kind')
      .execute()
    for (const r of rows) if ((LISTED_KINDS as readonly string[]).includes(r.kind)) listedOn[r.kind as (typeof LISTED_KINDS)[number]] = Number(r.n)
  }

  const productCounts = await db
    .selectFrom('product as p')
    .select([
      (eb) => eb.fn.countAll<number>().as('active'),
      sql<number>`sum(exists (select 1 from lot where lot.product_id = p.id))`.as('traced'),
      sql<number>`sum(exists (select 1 from listing l where l.product_id = p.id and l.status = 'published'))`.as('listed'),
    ])
    .where('p.status', '=', 'active')
    .executeTakeFirst()

  const byChannel = await netByChannel(db, period)

  return {
    onlineSellers,
    ocop: { byStar, listedOn },
    products: { active: Number(productCounts?.active ?? 0), withTraceability: Number(productCounts?.traced ?? 0), listedOnline: Number(productCounts?.listed ?? 0) },
    sales: {
      byChannel,
      total: { orders: byChannel.reduce((sum, c) => sum + c.orders, 0), netVnd: byChannel.reduce((sum, c) => sum + c.netVnd, 0) },
    },
    collections: await collectedByMethod(db, period),
  }
}

/** This installation's signing key: made on first use, the private half sealed like other secrets. */
export async function installationIdentity(db: Db, secrets: SecretBox, nowIso: string): Promise<{ installationId: string; publicKey: string; privateKeyPem: string; fingerprint: string }> {
  const row = await db.selectFrom('report_identity').selectAll().where('id', '=', 1).executeTakeFirst()
  if (row) {
    const privateKeyPem = secrets.open(row.private_key_sealed)
    return { installationId: row.installation_id, publicKey: row.public_key, privateKeyPem, fingerprint: identityFromPrivateKey(privateKeyPem).fingerprint }
  }
  const made = createInstallationIdentity()
  await db
    .insertInto('report_identity')
    .values({ id: 1, installation_id: made.installationId, public_key: made.publicKey, private_key_sealed: secrets.seal(made.privateKeyPem), secret_protection: secrets.protection, created_at: nowIso })
    .onConflict((oc) => oc.doNothing())
    .execute()
  // Two first uses at once: the row that won is the identity.
  return installationIdentity(db, secrets, nowIso)
}

/** The signed figures of the default seller for a period, as the file a coordinator imports. */
export async function exportSellerBundle(deps: ServiceDeps & { readonly secrets: SecretBox; readonly appVersion: string }, period: PeriodInput) {
  const { db, clock, secrets } = deps
  const sellerId = await findDefaultSellerId(db)
  if (!sellerId) throw new AppError('CONFLICT', 'Enter the seller’s details first', { reason: 'no_seller' })
  const seller = await db.selectFrom('seller').select(['name', 'kind', 'tax_code', 'address']).where('id', '=', sellerId).executeTakeFirstOrThrow()
  const identity = await installationIdentity(db, secrets, clock.isoNow())
  const body: BundleBody = {
    format: BUNDLE_FORMAT,
    installationId: identity.installationId,
    // NFC: the same name typed on two machines must be the same text for the coordinator.
    seller: { name: seller.name.normalize('NFC'), kind: seller.kind, taxCode: seller.tax_code, address: seller.address?.normalize('NFC') ?? null },
    period: { from: period.from, to: period.to },
    generatedAt: clock.isoNow(),
    appVersion: deps.appVersion,
    figures: await sellerFigures(db, period),
  }
  const file = signBundle(body, identity.privateKeyPem)
  const text = serializeBundle(file)
  return {
    fileName: bundleFileName(body),
    mimeType: 'application/json',
    contentBase64: Buffer.from(text, 'utf8').toString('base64'),
    rowCount: 1,
    fingerprint: identity.fingerprint,
    figures: body.figures,
  }
}
