/**
 * Keeps every channel's stock in step: the stock ledger calls this in the same transaction as
 * any movement, and each live listing that sells one of the moved variants gets a stock push
 * queued. Pushes coalesce per listing (`stock:<listing>`), and the quantity is computed when the
 * job runs (available − the listing's buffer), so a burst of sales becomes one push of the latest
 * number — the slow, stale sync that oversells is what sellers complain of most.
 */
import type { Db } from '../db/connection'
import type { IdFactory } from '../ids'
import { enqueueJob } from './outbox'

/** Channels that show our stock; a file export is refreshed when it is made. */
const STOCKED_CHANNELS = ['shopee', 'lazada', 'tiktok', 'ntm_portal'] as const

export async function queueStockPushes(trx: Db, newId: IdFactory, at: string, variantIds: readonly string[]): Promise<number> {
  if (variantIds.length === 0) return 0
  const listings = await trx
    .selectFrom('listing_sku as ls')
    .innerJoin('listing as l', 'l.id', 'ls.listing_id')
    .innerJoin('channel_account as a', 'a.id', 'l.channel_account_id')
    .select(['l.id', 'l.channel_account_id', 'a.kind'])
    .distinct()
    .where('ls.variant_id', 'in', [...new Set(variantIds)])
    .where('l.status', 'in', ['published', 'queued'])
    .where('a.kind', 'in', [...STOCKED_CHANNELS])
    .where('a.archived_at', 'is', null)
    .execute()
  for (const l of listings) {
    // The portal takes the whole listing document again (its availableQuantity changed).
    await enqueueJob(
      trx,
      newId,
      at,
      l.kind === 'ntm_portal'
        ? { channelAccountId: l.channel_account_id, listingId: l.id, kind: 'portal_push', dedupeKey: `portal:${l.id}`, payload: { action: 'put' } }
        : { channelAccountId: l.channel_account_id, listingId: l.id, kind: 'stock', dedupeKey: `stock:${l.id}` },
    )
  }
  return listings.length
}

/** What a channel may sell of a variant: available less the listing's buffer, never below zero. */
export function channelQuantity(onHand: number, reserved: number, buffer: number): number {
  return Math.max(0, onHand - reserved - buffer)
}
