/**
 * What each outbox job does on a marketplace, through the connector interface: publish
 * (photos first, each uploaded once per channel; then the item, looked up first when an
 * earlier attempt may have made it), update (and put back on sale when it was unlisted), unlist,
 * and stock/price pushes computed when they run, skipping what the channel already has. Token
 * refresh stores the new pair atomically (Shopee's refresh token works once). A job that dies
 * marks its listing with the reason.
 */
import { LOGISTICS_ATTRIBUTE } from '@shared/domain/channel-requirements'
import { readFile } from 'node:fs/promises'
import type { AxiosInstance } from 'axios'
import { createPortalClient } from './portal-client'
import type { PortalListings } from './portal-listing'
import type { Db } from '../db/connection'
import type { ServiceDeps } from '../context'
import type { MediaService } from '../media/media.service'
import type { SecretBox } from '../payments/secret-box'
import { ConnectorFailure, type ListingPayload, type MarketplaceConnector, type ShopTokens, type UploadedImage } from './connector'
import type { JobSuccess, OutboxHandlers, RunningJob } from './outbox'
import { channelQuantity } from './stock-sync'
import { enqueueJob } from './outbox'
import { importMarketplaceOrders } from './order-import'
import { claimLine, currentClaim, stripUnbackedClaims, type OcopClaim } from './ocop-claims'
import { todayInVietnam } from '@shared/domain/calendar'
import type { OrdersService } from '../orders/orders.service'

/** The connector for an account's platform and hosts (tests pass fakes' hosts). */
export type ConnectorFactory = (account: {
  readonly kind: 'shopee' | 'lazada' | 'tiktok'
  readonly apiBase: string
  readonly authBase: string
  readonly appKey: string
  readonly appSecret: string
}) => MarketplaceConnector

export interface PublishingHandlerDeps extends ServiceDeps {
  readonly secrets: SecretBox
  readonly media: Pick<MediaService, 'resolve'>
  readonly connectorFor: ConnectorFactory
  /** Where marketplace orders land (absent: order pulls are refused). */
  readonly orders?: OrdersService
  /** The NTM/OCOP portal's push API (docs/ntm-portal-listing.md). */
  readonly portal?: { readonly listings: Pick<PortalListings, 'listing'>; readonly http: AxiosInstance }
}

/** The attribute key that carries a listing's shipping channels rather than a platform attribute. */
export { LOGISTICS_ATTRIBUTE }

/** The first pull of a new shop looks this far back. */
const FIRST_PULL_DAYS = 3

/** Platforms take at most this many item photos (Shopee 9, TikTok 9, Lazada 8: the smallest wins). */
const MAX_IMAGES = 8

function withClaim(description: string, claim: OcopClaim | null): string {
  return claim ? `${description}\n\n${claimLine(claim)}` : description
}

export function createPublishingHandlers(deps: PublishingHandlerDeps): OutboxHandlers {
  const { db, clock, secrets, media } = deps

  async function account(id: string) {
    const row = await db.selectFrom('channel_account').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    if (row.kind !== 'shopee' && row.kind !== 'lazada' && row.kind !== 'tiktok') {
      throw new ConnectorFailure('rejected', `${row.kind} channels are not sent through the outbox`, { code: 'not_a_marketplace' })
    }
    if (!row.app_key || !row.secret_sealed || !row.api_base || !row.auth_base) throw new ConnectorFailure('rejected', 'The channel is missing its app key, secret or hosts', { code: 'not_configured' })
    const connector = deps.connectorFor({ kind: row.kind, apiBase: row.api_base, authBase: row.auth_base, appKey: row.app_key, appSecret: secrets.open(row.secret_sealed) })
    if (!row.access_token_sealed || !row.refresh_token_sealed || !row.shop_id) {
      throw new ConnectorFailure('auth', 'The shop has not authorised the app yet', { code: 'not_connected' })
    }
    const tokens: ShopTokens = {
      accessToken: secrets.open(row.access_token_sealed),
      accessExpiresAt: row.access_expires_at ? Date.parse(row.access_expires_at) : 0,
      refreshToken: secrets.open(row.refresh_token_sealed),
      refreshExpiresAt: row.refresh_expires_at ? Date.parse(row.refresh_expires_at) : null,
      shopId: row.shop_id,
      ...(row.shop_cipher && { shopCipher: row.shop_cipher }),
    }
    return { row, kind: row.kind, connector, tokens }
  }

  async function listingData(listingId: string) {
    const listing = await db.selectFrom('listing').selectAll().where('id', '=', listingId).executeTakeFirstOrThrow()
    const product = await db.selectFrom('product').select(['id', 'name', 'description']).where('id', '=', listing.product_id).executeTakeFirstOrThrow()
    const skus = await db
      .selectFrom('listing_sku as s')
      .innerJoin('product_variant as v', 'v.id', 's.variant_id')
      .leftJoin('stock_level as k', 'k.variant_id', 's.variant_id')
      .select(['s.variant_id', 's.price_vnd', 's.external_sku_id', 's.pushed_quantity', 's.pushed_price_vnd', 'v.sku', 'v.price_vnd as variant_price', 'v.option_label', 'v.weight_grams', 'v.barcode', 'k.on_hand', 'k.reserved'])
      .where('s.listing_id', '=', listingId)
      .where('v.archived_at', 'is', null)
      .orderBy('v.position')
      .execute()
    const images = await db.selectFrom('product_image').select(['media_key']).where('product_id', '=', product.id).orderBy('position').limit(MAX_IMAGES).execute()
    return {
      listing,
      product,
      claim: await currentClaim(db, product.id, todayInVietnam(clock.now())),
      images: images.map((i) => i.media_key),
      skus: skus.map((s) => ({
        variantId: s.variant_id,
        sku: s.sku,
        priceVnd: s.price_vnd ?? s.variant_price,
        quantity: channelQuantity(s.on_hand ?? 0, s.reserved ?? 0, listing.stock_buffer),
        optionLabel: s.option_label,
        externalSkuId: s.external_sku_id,
        pushedQuantity: s.pushed_quantity,
        pushedPriceVnd: s.pushed_price_vnd,
        weightGrams: s.weight_grams,
        barcode: s.barcode,
      })),
    }
  }

  /** Each photo goes to a channel once (the square marketplace JPEG); the platform's reference is kept. */
  async function uploadedImages(accountId: string, connector: MarketplaceConnector, tokens: ShopTokens, keys: readonly string[]): Promise<UploadedImage[]> {
    const out: UploadedImage[] = []
    for (const key of keys) {
      const known = await db.selectFrom('channel_media').selectAll().where('channel_account_id', '=', accountId).where('media_key', '=', key).executeTakeFirst()
      if (known) {
        out.push({ ref: known.external_ref, url: known.external_url })
        continue
      }
      const file = media.resolve(key, 'market')
      if (!file) continue
      const uploaded = await connector.uploadImage(tokens, { bytes: await readFile(file.path), fileName: `${key}.jpg` }, clock.now())
      await db
        .insertInto('channel_media')
        .values({ channel_account_id: accountId, media_key: key, external_ref: uploaded.ref, external_url: uploaded.url, uploaded_at: clock.isoNow() })
        .onConflict((oc) => oc.columns(['channel_account_id', 'media_key']).doNothing())
        .execute()
      out.push(uploaded)
    }
    return out
  }

  function payloadOf(data: Awaited<ReturnType<typeof listingData>>, images: readonly UploadedImage[]): ListingPayload {
    const { listing, product } = data
    // The listing's attributes may carry the reserved key `logistics` (comma-separated shipping
    // channel ids, Shopee); every other key is a platform attribute.
    const { [LOGISTICS_ATTRIBUTE]: logistics, ...attributes } = JSON.parse(listing.attributes_json) as Record<string, string>
    return {
      ...(logistics && { logisticsIds: logistics.split(',').map((x) => x.trim()).filter(Boolean) }),
      listingId: listing.id,
      // Stars only while a certificate backs them, stated once from the certificate itself.
      title: stripUnbackedClaims(listing.title_override ?? product.name, data.claim?.stars ?? null),
      description: withClaim(stripUnbackedClaims(listing.description_override ?? product.description ?? product.name, data.claim?.stars ?? null), data.claim),
      categoryId: listing.category_id ?? '',
      attributes,
      brandId: listing.brand_id,
      images,
      skus: data.skus.map((s) => ({ sku: s.sku, priceVnd: s.priceVnd, quantity: s.quantity, optionLabel: s.optionLabel, externalSkuId: s.externalSkuId, weightGrams: s.weightGrams, barcode: s.barcode })),
    }
  }

  /** Records what the channel now has, in the transaction that closes the job. */
  const recordPushed = (data: Awaited<ReturnType<typeof listingData>>, extra: (trx: Db) => Promise<void>) => async (trx: Db) => {
    await trx.updateTable('listing').set({ ocop_claim_stars: data.claim?.stars ?? null }).where('id', '=', data.listing.id).execute()
    for (const s of data.skus) {
      await trx.updateTable('listing_sku').set({ pushed_quantity: s.quantity, pushed_price_vnd: s.priceVnd }).where('listing_id', '=', data.listing.id).where('variant_id', '=', s.variantId).execute()
    }
    await extra(trx)
  }

  /** The portal takes whole listing documents: photos first (once each), then the document. */
  async function runPortal(job: RunningJob): Promise<JobSuccess> {
    if (!deps.portal) throw new ConnectorFailure('rejected', 'The portal push is not available here', { code: 'no_portal' })
    const row = await db.selectFrom('channel_account').selectAll().where('id', '=', job.channelAccountId).executeTakeFirstOrThrow()
    if (!row.api_base || !row.secret_sealed) throw new ConnectorFailure('rejected', 'The portal channel has no endpoint or API key', { code: 'not_configured' })
    if (job.kind !== 'portal_push' || !job.listingId) throw new ConnectorFailure('rejected', `A portal channel does not take ${job.kind} jobs`, { code: 'unsupported_job' })
    const client = createPortalClient(deps.portal.http, { baseUrl: row.api_base, apiKey: secrets.open(row.secret_sealed) })
    const listing = await db.selectFrom('listing').selectAll().where('id', '=', job.listingId).executeTakeFirstOrThrow()
    const now = clock.now()
    if ((job.payload as { action?: string }).action === 'delete') {
      await client.deleteListing(listing.product_id, job.idempotencyKey, now)
      return { apply: async (trx) => void (await trx.updateTable('listing').set({ status: 'unlisted', updated_at: clock.isoNow() }).where('id', '=', listing.id).execute()) }
    }
    const doc = await deps.portal.listings.listing(listing.product_id, todayInVietnam(now))
    for (const image of doc.images) {
      const sent = await db.selectFrom('channel_media').select('media_key').where('channel_account_id', '=', row.id).where('media_key', '=', image.key).executeTakeFirst()
      const file = sent ? undefined : media.resolve(image.key, 'market')
      if (!file) continue
      await client.putImage(image.key, await readFile(file.path), `${job.idempotencyKey}:${image.key}`, now)
      await db
        .insertInto('channel_media')
        .values({ channel_account_id: row.id, media_key: image.key, external_ref: image.key, external_url: null, uploaded_at: clock.isoNow() })
        .onConflict((oc) => oc.columns(['channel_account_id', 'media_key']).doNothing())
        .execute()
    }
    const { url } = await client.putListing(doc, job.idempotencyKey, now)
    return {
      result: { url },
      apply: async (trx) => {
        const at = clock.isoNow()
        await trx
          .updateTable('listing')
          .set({ status: 'published', external_item_id: url ?? doc.listingId, published_at: listing.published_at ?? at, ocop_claim_stars: doc.ocop?.stars ?? null, last_error_code: null, last_error_message: null, updated_at: at })
          .where('id', '=', listing.id)
          .execute()
      },
    }
  }

  return {
    async run(job: RunningJob) {
      const channel = await db.selectFrom('channel_account').select('kind').where('id', '=', job.channelAccountId).executeTakeFirstOrThrow()
      if (channel.kind === 'ntm_portal') return runPortal(job)
      const { row, kind, connector, tokens } = await account(job.channelAccountId)
      const now = clock.now()
      if (job.kind === 'pull_orders') {
        if (!deps.orders) throw new ConnectorFailure('rejected', 'Orders cannot be imported here', { code: 'no_orders_module' })
        const since = row.orders_synced_at ? Date.parse(row.orders_synced_at) : now - FIRST_PULL_DAYS * 86_400_000
        const page = await connector.pullOrders(tokens, row.order_cursor, since, now)
        // Idempotent by (channel, external id): a crash before the cursor is saved repeats harmlessly.
        const summary = await importMarketplaceOrders(db, deps.orders, kind, page.orders, { actor: `${kind} (sàn)` })
        return {
          result: summary,
          apply: async (trx) => {
            const at = clock.isoNow()
            await trx.updateTable('channel_account').set({ order_cursor: page.cursor, orders_synced_at: at, updated_at: at }).where('id', '=', row.id).execute()
            if (page.more) await enqueueJob(trx, deps.newId, at, { channelAccountId: row.id, listingId: null, kind: 'pull_orders', dedupeKey: `pull:${row.id}:more` })
          },
        }
      }
      if (!job.listingId) throw new ConnectorFailure('rejected', `A ${job.kind} job needs a listing`, { code: 'no_listing' })
      const data = await listingData(job.listingId)
      const itemId = data.listing.external_item_id
      switch (job.kind) {
        case 'publish': {
          const payload = payloadOf(data, await uploadedImages(row.id, connector, tokens, data.images))
          const created = (job.uncertain ? await connector.findItem(tokens, payload, now) : null) ?? (await connector.createItem(tokens, payload, now))
          return {
            result: { itemId: created.itemId },
            apply: recordPushed(data, async (trx) => {
              const at = clock.isoNow()
              await trx.updateTable('listing').set({ status: 'published', external_item_id: created.itemId, published_at: at, last_error_code: null, last_error_message: null, updated_at: at }).where('id', '=', data.listing.id).execute()
              for (const s of data.skus) {
                const externalSkuId = created.skuIds[s.sku]
                if (externalSkuId) await trx.updateTable('listing_sku').set({ external_sku_id: externalSkuId }).where('listing_id', '=', data.listing.id).where('variant_id', '=', s.variantId).execute()
              }
            }),
          }
        }
        case 'update': {
          if (!itemId) throw new ConnectorFailure('not_found', 'The listing was never published', { code: 'not_published' })
          await connector.updateItem(tokens, itemId, payloadOf(data, await uploadedImages(row.id, connector, tokens, data.images)), now)
          // Published again after an unlist (listings.service queueUpdate): the content alone would
          // leave the item hidden on the platform, so it is put back on sale too. Content first, so
          // buyers never see the old content on sale again.
          const relist = (job.payload as { relist?: unknown }).relist === true
          if (relist) await connector.relistItem(tokens, itemId, now)
          // An edit queued while an unlist waited runs after it: the item is still off sale, and
          // the listing must keep saying so.
          const status = relist || data.listing.status !== 'unlisted' ? 'published' : 'unlisted'
          return {
            ...(relist && { result: { relisted: true } }),
            apply: recordPushed(data, async (trx) => {
              await trx.updateTable('listing').set({ status, last_error_code: null, last_error_message: null, updated_at: clock.isoNow() }).where('id', '=', data.listing.id).execute()
            }),
          }
        }
        case 'unlist': {
          if (itemId) await connector.unlistItem(tokens, itemId, now)
          return { apply: async (trx) => void (await trx.updateTable('listing').set({ status: 'unlisted', updated_at: clock.isoNow() }).where('id', '=', data.listing.id).execute()) }
        }
        case 'stock': {
          // Computed now, not when queued: the latest number wins, and an unchanged one sends nothing.
          const changed = data.skus.filter((s) => s.quantity !== s.pushedQuantity)
          if (!itemId || changed.length === 0 || data.listing.status === 'unlisted') return { result: { skipped: true } }
          await connector.updateStock(tokens, itemId, changed, now)
          return {
            result: { pushed: changed.map((s) => [s.sku, s.quantity]) },
            apply: async (trx) => {
              for (const s of changed) await trx.updateTable('listing_sku').set({ pushed_quantity: s.quantity }).where('listing_id', '=', data.listing.id).where('variant_id', '=', s.variantId).execute()
            },
          }
        }
        case 'price': {
          const changed = data.skus.filter((s) => s.priceVnd !== s.pushedPriceVnd)
          if (!itemId || changed.length === 0) return { result: { skipped: true } }
          await connector.updatePrice(tokens, itemId, changed, now)
          return {
            apply: async (trx) => {
              for (const s of changed) await trx.updateTable('listing_sku').set({ pushed_price_vnd: s.priceVnd }).where('listing_id', '=', data.listing.id).where('variant_id', '=', s.variantId).execute()
            },
          }
        }
        default:
          throw new ConnectorFailure('rejected', `${job.kind} jobs are not handled here`, { code: 'unsupported_job' })
      }
    },

    async refresh(channelAccountId: string) {
      const { connector, tokens } = await account(channelAccountId)
      try {
        const fresh = await connector.refresh(tokens, clock.now())
        // One transaction: Shopee's old refresh token is dead the moment the new one exists.
        await db.transaction().execute(async (trx) => {
          await trx
            .updateTable('channel_account')
            .set({
              access_token_sealed: secrets.seal(fresh.accessToken),
              access_expires_at: new Date(fresh.accessExpiresAt).toISOString(),
              refresh_token_sealed: secrets.seal(fresh.refreshToken),
              refresh_expires_at: fresh.refreshExpiresAt === null ? null : new Date(fresh.refreshExpiresAt).toISOString(),
              state: 'connected',
              last_error: null,
              updated_at: clock.isoNow(),
            })
            .where('id', '=', channelAccountId)
            .execute()
        })
      } catch (error) {
        if (error instanceof ConnectorFailure && error.kind === 'auth') {
          await db.updateTable('channel_account').set({ state: 'expired', last_error: error.message, updated_at: clock.isoNow() }).where('id', '=', channelAccountId).execute()
        }
        throw error
      }
    },

    async onDead(trx, job, reason, failure) {
      if (!job.listingId) return
      const at = clock.isoNow()
      // A failed push leaves the listing up (it is still on sale); a failed publish, update or unlist marks it.
      const marksError = job.kind === 'publish' || job.kind === 'update' || job.kind === 'unlist' || job.kind === 'portal_push'
      await trx
        .updateTable('listing')
        .set({ ...(marksError && { status: 'error' as const }), last_error_code: failure.code ?? reason, last_error_message: failure.message.slice(0, 500), updated_at: at })
        .where('id', '=', job.listingId)
        .execute()
    },
  }
}
