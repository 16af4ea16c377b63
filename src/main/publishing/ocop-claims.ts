/**
 * OCOP claims on the channels: stars may be claimed only while a certificate is in force
 * (PRODUCT.md: certificates last 36 months and lapse unless renewed). What we send says so in
 * one authoritative line built from the certificate; a star claim typed into a title or a
 * description that the certificate does not back is taken out; and when a product's standing
 * changes (a lapse, a renewal), its published listings get an update queued.
 */
import { sql } from 'kysely'
import { todayInVietnam } from '@shared/domain/calendar'
import type { Db } from '../db/connection'
import type { IdFactory } from '../ids'
import { productOcopStanding } from '../ocop/certificates.service'
import { enqueueJob } from './outbox'

export interface OcopClaim {
  readonly stars: 3 | 4 | 5
  readonly certificateNumber: string
  readonly expiryDate: string
}

/** "OCOP 4 sao", "4 sao OCOP", "OCOP 4★", "OCOP 4*": the ways a star claim is written. */
const STAR_CLAIM = /(?:\bOCOP\s*[-–:]?\s*([3-5])\s*(?:sao|★|\*)|\b([3-5])\s*(?:sao|★)\s*OCOP\b)/giu

/** Removes every star claim the certificate does not back (all of them when there is none). */
export function stripUnbackedClaims(text: string, stars: number | null): string {
  return text
    .replace(STAR_CLAIM, (match, a: string | undefined, b: string | undefined) => (stars !== null && Number(a ?? b) === stars ? match : ''))
    .replace(/\s{2,}/g, ' ')
    .replace(/\s+([,.;:)])/g, '$1')
    .replace(/[\s\-–|]+$/u, '')
    .trim()
}

/** The one line that states the claim, from the certificate itself. */
export function claimLine(claim: OcopClaim): string {
  const [y, m, d] = claim.expiryDate.split('-')
  return `Sản phẩm OCOP ${claim.stars} sao – giấy chứng nhận số ${claim.certificateNumber}, hiệu lực đến ${d}/${m}/${y}.`
}

/** The certificate in force for a product today, if any. */
export async function currentClaim(db: Db, productId: string, today: string): Promise<OcopClaim | null> {
  const standing = (await productOcopStanding(db, [productId], today)).get(productId)
  if (!standing?.stars || !standing.expiryDate) return null
  const cert = await db
    .selectFrom('ocop_certificate')
    .select(['certificate_number'])
    .where('product_id', '=', productId)
    .where('stars', '=', standing.stars)
    .where('expiry_date', '=', standing.expiryDate)
    .executeTakeFirst()
  return cert ? { stars: standing.stars, certificateNumber: cert.certificate_number, expiryDate: standing.expiryDate } : null
}

/**
 * Published listings whose product's OCOP standing differs from what the channel was last told
 * get an update queued (coalesced with any update already waiting).
 */
export async function queueOcopClaimUpdates(db: Db, newId: IdFactory, nowMs: number): Promise<number> {
  const today = todayInVietnam(nowMs)
  const listings = await db
    .selectFrom('listing as l')
    .innerJoin('channel_account as a', 'a.id', 'l.channel_account_id')
    .select(['l.id', 'l.product_id', 'l.channel_account_id', 'l.ocop_claim_stars'])
    .where('l.status', '=', 'published')
    .where('a.kind', 'in', ['shopee', 'lazada', 'tiktok'])
    .where(sql<boolean>`l.external_item_id IS NOT NULL`)
    .execute()
  if (listings.length === 0) return 0
  const standing = await productOcopStanding(db, [...new Set(listings.map((l) => l.product_id))], today)
  const stale = listings.filter((l) => (standing.get(l.product_id)?.stars ?? null) !== l.ocop_claim_stars)
  const at = new Date(nowMs).toISOString()
  await db.transaction().execute(async (trx) => {
    for (const l of stale) await enqueueJob(trx, newId, at, { channelAccountId: l.channel_account_id, listingId: l.id, kind: 'update', dedupeKey: `update:${l.id}` })
  })
  return stale.length
}
