/**
 * Channel accounts and listings. Every change that must reach a channel is an outbox job
 * written in the same transaction as the change (publish, update, unlist; stock pushes come
 * from the stock ledger, stock-sync.ts), so nothing is lost when the network or the app stops.
 * Credentials are sealed like the VNPay secret and never leave the main process.
 */
import type { z } from 'zod'
import { AppError } from '@shared/contract/errors'
import type { ChannelAccountDto, createChannelAccountInput, ListingDto, listingsActionInput, publishProductsInput, upsertListingInput } from '@shared/contract/publishing'
import type { CallContext, ServiceDeps } from '../context'
import type { Db } from '../db/connection'
import type { IdFactory } from '../ids'
import type { SecretBox } from '../payments/secret-box'
import { findDefaultSellerId } from '../sellers/sellers.repo'
import { enqueueJob } from './outbox'
import { missingRequirements } from '@shared/domain/channel-requirements'

type CreateAccount = z.output<typeof createChannelAccountInput>
type UpsertListing = z.output<typeof upsertListingInput>
type ListingsAction = z.output<typeof listingsActionInput>
type PublishProducts = z.output<typeof publishProductsInput>

/** Where each marketplace lives when the seller gives no host (reference §1.1, §2, §3). */
export const LIVE_HOSTS: Readonly<Record<'shopee' | 'lazada' | 'tiktok', { apiBase: string; authBase: string }>> = {
  shopee: { apiBase: 'https://partner.shopeemobile.com', authBase: 'https://partner.shopeemobile.com' },
  lazada: { apiBase: 'https://api.lazada.vn/rest', authBase: 'https://auth.lazada.com' },
  tiktok: { apiBase: 'https://open-api.tiktokglobalshop.com', authBase: 'https://auth.tiktok-shops.com' },
}

const MARKETPLACES = new Set(['shopee', 'lazada', 'tiktok'])

/**
 * Queues the update of a listing that is on a marketplace, coalesced (`update:<listing>`) with
 * the one already waiting. `relist` asks for the item to be put back on sale as well, because it
 * was unlisted. enqueueJob replaces the payload of the job it joins, so a relist already waiting
 * is carried over here: a plain edit made meanwhile must not leave the item hidden. A relist
 * whose waiting update was queued before an unlist that has still to run cannot join it (it
 * would run first and the unlist would have the last word): that update is dropped and this one
 * queued after the unlist, pushing the latest content anyway, as updates read it when they run.
 */
export async function queueUpdate(trx: Db, newId: IdFactory, nowIso: string, job: { readonly channelAccountId: string; readonly listingId: string; readonly relist: boolean }): Promise<void> {
  const dedupeKey = `update:${job.listingId}`
  const waiting = await trx.selectFrom('outbox_job').select(['id', 'seq', 'payload_json']).where('dedupe_key', '=', dedupeKey).where('status', '=', 'pending').executeTakeFirst()
  let relist = job.relist
  if (waiting) {
    relist ||= (JSON.parse(waiting.payload_json) as { relist?: unknown }).relist === true
    if (job.relist) {
      const unlistAfter = await trx
        .selectFrom('outbox_job')
        .select('id')
        .where('listing_id', '=', job.listingId)
        .where('kind', '=', 'unlist')
        .where('status', 'in', ['pending', 'running', 'dead'])
        .where('seq', '>', waiting.seq)
        .executeTakeFirst()
      if (unlistAfter) await trx.updateTable('outbox_job').set({ status: 'dropped', finished_at: nowIso, updated_at: nowIso }).where('id', '=', waiting.id).execute()
    }
  }
  await enqueueJob(trx, newId, nowIso, { channelAccountId: job.channelAccountId, listingId: job.listingId, kind: 'update', dedupeKey, ...(relist && { payload: { relist: true } }) })
}

/**
 * Whether publishing this listing again must put its item back on sale: it was unlisted; or the
 * last thing asked of the platform for it was an unlist (still waiting, running, failed or given
 * up, so the item may be off sale already or will be before the update runs); or a relist that
 * never finished (it failed, or a person dropped it). Putting an item on sale that already is
 * does no harm, so any doubt counts as yes.
 */
async function needsRelist(trx: Db, listing: { readonly id: string; readonly status: string }): Promise<boolean> {
  if (listing.status === 'unlisted') return true
  const last = await trx
    .selectFrom('outbox_job')
    .select(['kind', 'status', 'payload_json'])
    .where('listing_id', '=', listing.id)
    .where('kind', 'in', ['publish', 'update', 'unlist'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (last?.kind === 'unlist') return true
  return last?.kind === 'update' && last.status !== 'done' && (JSON.parse(last.payload_json) as { relist?: unknown }).relist === true
}

function invalid(message: string, issues: { path: (string | number)[]; code: string; params?: Record<string, string | number> }[]): never {
  throw new AppError('VALIDATION', message, { issues: issues.map((i) => ({ ...i, message })) })
}

export function createListingsService(deps: ServiceDeps & { readonly secrets: SecretBox }) {
  const { db, clock, newId, secrets } = deps

  async function jobCounts(trx: Db, column: 'channel_account_id' | 'listing_id', ids: readonly string[]) {
    const out = new Map<string, { pending: number; dead: number }>()
    if (ids.length === 0) return out
    const rows = await trx
      .selectFrom('outbox_job')
      .select([column, 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .where(column, 'in', [...ids])
      .where('status', 'in', ['pending', 'running', 'dead'])
      .groupBy([column, 'status'])
      .execute()
    for (const r of rows) {
      const id = (r as Record<string, unknown>)[column] as string
      const entry = out.get(id) ?? { pending: 0, dead: 0 }
      if (r.status === 'dead') entry.dead += Number(r.n)
      else entry.pending += Number(r.n)
      out.set(id, entry)
    }
    return out
  }

  async function accountDtos(trx: Db, ids?: readonly string[]): Promise<ChannelAccountDto[]> {
    let q = trx.selectFrom('channel_account').selectAll().where('archived_at', 'is', null)
    if (ids) q = q.where('id', 'in', [...ids])
    const rows = await q.orderBy('created_at').orderBy('id').execute()
    const counts = await jobCounts(trx, 'channel_account_id', rows.map((r) => r.id))
    const pulling = new Set(
      rows.length === 0
        ? []
        : (
            await trx
              .selectFrom('outbox_job')
              .select('channel_account_id')
              .distinct()
              .where('kind', '=', 'pull_orders')
              .where('status', 'in', ['pending', 'running'])
              .where('channel_account_id', 'in', rows.map((r) => r.id))
              .execute()
          ).map((j) => j.channel_account_id),
    )
    return rows.map((r) => ({
      id: r.id,
      sellerId: r.seller_id,
      kind: r.kind,
      displayName: r.display_name,
      apiBase: r.api_base,
      authBase: r.auth_base,
      appKey: r.app_key,
      hasSecret: r.secret_sealed !== null,
      state: r.state,
      shopId: r.shop_id,
      shopName: r.shop_name,
      accessExpiresAt: r.access_expires_at,
      refreshExpiresAt: r.refresh_expires_at,
      lastError: r.last_error,
      ordersSyncedAt: r.orders_synced_at,
      pullingOrders: pulling.has(r.id),
      pendingJobs: counts.get(r.id)?.pending ?? 0,
      deadJobs: counts.get(r.id)?.dead ?? 0,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }))
  }

  async function listingDtos(trx: Db, where: { ids?: readonly string[]; channelAccountId?: string; productId?: string }): Promise<ListingDto[]> {
    let q = trx
      .selectFrom('listing as l')
      .innerJoin('channel_account as a', 'a.id', 'l.channel_account_id')
      .innerJoin('product as p', 'p.id', 'l.product_id')
      .selectAll('l')
      .select(['a.kind as channel_kind', 'p.name as product_name'])
    if (where.ids) q = q.where('l.id', 'in', [...where.ids])
    if (where.channelAccountId) q = q.where('l.channel_account_id', '=', where.channelAccountId)
    if (where.productId) q = q.where('l.product_id', '=', where.productId)
    const rows = await q.orderBy('p.name_folded').orderBy('l.id').execute()
    if (rows.length === 0) return []
    const ids = rows.map((r) => r.id)
    const skus = await trx
      .selectFrom('listing_sku as s')
      .innerJoin('product_variant as v', 'v.id', 's.variant_id')
      .select(['s.listing_id', 's.variant_id', 'v.sku', 's.price_vnd', 's.external_sku_id', 's.pushed_quantity', 'v.position'])
      .where('s.listing_id', 'in', ids)
      .orderBy('v.position')
      .execute()
    const counts = await jobCounts(trx, 'listing_id', ids)
    return rows.map((r) => ({
      id: r.id,
      channelAccountId: r.channel_account_id,
      channelKind: r.channel_kind,
      productId: r.product_id,
      productName: r.product_name,
      status: r.status,
      categoryId: r.category_id,
      attributes: JSON.parse(r.attributes_json) as Record<string, string>,
      brandId: r.brand_id,
      titleOverride: r.title_override,
      descriptionOverride: r.description_override,
      stockBuffer: r.stock_buffer,
      externalItemId: r.external_item_id,
      skus: skus
        .filter((s) => s.listing_id === r.id)
        .map((s) => ({ variantId: s.variant_id, sku: s.sku, priceVnd: s.price_vnd, externalSkuId: s.external_sku_id, pushedQuantity: s.pushed_quantity })),
      lastErrorCode: r.last_error_code,
      lastErrorMessage: r.last_error_message,
      publishedAt: r.published_at,
      pendingJobs: counts.get(r.id)?.pending ?? 0,
      version: r.version,
      updatedAt: r.updated_at,
    }))
  }

  async function loadAccount(trx: Db, id: string) {
    const account = await trx.selectFrom('channel_account').selectAll().where('id', '=', id).where('archived_at', 'is', null).executeTakeFirst()
    if (!account) throw new AppError('NOT_FOUND', `No channel account ${id}`, { entity: 'channelAccount', id })
    return account
  }

  /** Checks and queues listings inside `trx`; refuses them all, naming each problem, when any is not ready. */
  async function publishIn(trx: Db, listingIds: readonly string[], field: string): Promise<void> {
    const now = clock.isoNow()
    const listings = await listingDtos(trx, { ids: listingIds })
    const byId = new Map(listings.map((l) => [l.id, l]))
    const problems: { path: (string | number)[]; code: string; params?: Record<string, string | number> }[] = []
    for (const [i, id] of listingIds.entries()) {
      const l = byId.get(id)
      if (!l) problems.push({ path: [field, i], code: 'listing_unknown' })
      else if (MARKETPLACES.has(l.channelKind) && !l.categoryId) problems.push({ path: [field, i], code: 'category_required', params: { product: l.productName } })
      else if (l.skus.length === 0) problems.push({ path: [field, i], code: 'no_variants', params: { product: l.productName } })
    }
    // Every marketplace refuses an item without a photo (reference §4): say so before queuing.
    const withPhotos = new Set(
      (await trx.selectFrom('product_image').select('product_id').distinct().where('product_id', 'in', listings.map((l) => l.productId)).execute()).map((r) => r.product_id),
    )
    for (const [i, id] of listingIds.entries()) {
      const l = byId.get(id)
      if (l && MARKETPLACES.has(l.channelKind) && !withPhotos.has(l.productId)) problems.push({ path: [field, i], code: 'images_required', params: { product: l.productName } })
    }
    // What each marketplace refuses an item without (weight, shipping channel), named per product.
    const weights = new Map<string, (number | null)[]>()
    if (listings.length > 0) {
      const rows = await trx
        .selectFrom('listing_sku as s')
        .innerJoin('product_variant as v', 'v.id', 's.variant_id')
        .select(['s.listing_id', 'v.weight_grams'])
        .where('s.listing_id', 'in', listings.map((l) => l.id))
        .execute()
      for (const r of rows) weights.set(r.listing_id, [...(weights.get(r.listing_id) ?? []), r.weight_grams])
    }
    for (const [i, id] of listingIds.entries()) {
      const l = byId.get(id)
      if (!l || !MARKETPLACES.has(l.channelKind) || l.skus.length === 0) continue
      for (const code of missingRequirements(l.channelKind, { attributes: l.attributes, variantWeightsGrams: weights.get(l.id) ?? [] })) {
        problems.push({ path: [field, i], code, params: { product: l.productName } })
      }
    }
    const products = await trx.selectFrom('product').select(['id', 'name', 'status']).where('id', 'in', listings.map((l) => l.productId)).execute()
    for (const p of products.filter((x) => x.status !== 'active')) {
      problems.push({ path: [field, listingIds.indexOf(listings.find((l) => l.productId === p.id)!.id)], code: 'product_not_active', params: { product: p.name } })
    }
    if (problems.length > 0) invalid('Some listings cannot be published yet', problems)
    for (const l of listings) {
      if (l.channelKind === 'file_export') {
        // A file export carries every published listing the next time it is made.
        await trx.updateTable('listing').set({ status: 'published', published_at: now, last_error_code: null, last_error_message: null, updated_at: now }).where('id', '=', l.id).execute()
        continue
      }
      if (l.channelKind === 'ntm_portal') {
        await trx.updateTable('listing').set({ status: 'queued', last_error_code: null, last_error_message: null, updated_at: now }).where('id', '=', l.id).execute()
        await enqueueJob(trx, newId, now, { channelAccountId: l.channelAccountId, listingId: l.id, kind: 'portal_push', dedupeKey: `portal:${l.id}`, payload: { action: 'put' } })
        continue
      }
      // Read before the status below changes: 'unlisted' is what says the item is off sale.
      const relist = l.externalItemId !== null && (await needsRelist(trx, l))
      await trx.updateTable('listing').set({ status: 'queued', last_error_code: null, last_error_message: null, updated_at: now }).where('id', '=', l.id).execute()
      if (l.externalItemId) await queueUpdate(trx, newId, now, { channelAccountId: l.channelAccountId, listingId: l.id, relist })
      else await enqueueJob(trx, newId, now, { channelAccountId: l.channelAccountId, listingId: l.id, kind: 'publish' })
    }
  }

  /** The product's listing on a channel, made as a draft from the channel's habits when there is none yet. */
  async function ensureListing(trx: Db, channelAccountId: string, productId: string): Promise<string> {
    const existing = await trx.selectFrom('listing').select('id').where('channel_account_id', '=', channelAccountId).where('product_id', '=', productId).executeTakeFirst()
    if (existing) return existing.id
    const product = await trx.selectFrom('product').select(['id', 'archived_at']).where('id', '=', productId).executeTakeFirst()
    if (!product) throw new AppError('NOT_FOUND', `No product ${productId}`, { entity: 'product', id: productId })
    if (product.archived_at !== null) throw new AppError('CONFLICT', 'An archived product cannot be listed', { reason: 'product_archived' })
    // The channel's most recent listing: its category, attributes (shipping channels) and buffer are the usual ones.
    const usual = await trx.selectFrom('listing').select(['category_id', 'attributes_json', 'brand_id', 'stock_buffer']).where('channel_account_id', '=', channelAccountId).orderBy('updated_at', 'desc').limit(1).executeTakeFirst()
    const id = newId('listing')
    const now = clock.isoNow()
    await trx
      .insertInto('listing')
      .values({
        id,
        channel_account_id: channelAccountId,
        product_id: productId,
        status: 'draft',
        category_id: usual?.category_id ?? null,
        attributes_json: usual?.attributes_json ?? '{}',
        brand_id: usual?.brand_id ?? null,
        title_override: null,
        description_override: null,
        stock_buffer: usual?.stock_buffer ?? 0,
        external_item_id: null,
        last_error_code: null,
        last_error_message: null,
        published_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute()
    const variants = await trx.selectFrom('product_variant').select('id').where('product_id', '=', productId).where('archived_at', 'is', null).execute()
    for (const v of variants) {
      await trx.insertInto('listing_sku').values({ listing_id: id, variant_id: v.id, price_vnd: null, external_sku_id: null, pushed_quantity: null, pushed_price_vnd: null }).execute()
    }
    return id
  }

  return {
    listAccounts: () => accountDtos(db),

    async createAccount(input: CreateAccount, ctx: CallContext): Promise<ChannelAccountDto> {
      void ctx
      return db.transaction().execute(async (trx) => {
        const sellerId = await findDefaultSellerId(trx)
        if (!sellerId) throw new AppError('CONFLICT', 'Enter the seller’s details first', { reason: 'no_seller' })
        if (MARKETPLACES.has(input.kind) && (!input.appKey || !input.secret)) {
          invalid('A marketplace needs the app key and secret of the seller’s developer account', [
            ...(!input.appKey ? [{ path: ['appKey'], code: 'required' }] : []),
            ...(!input.secret ? [{ path: ['secret'], code: 'required' }] : []),
          ])
        }
        if (input.kind === 'ntm_portal' && (!input.apiBase || !input.secret)) {
          invalid('The portal needs its endpoint and the API key it issued', [
            ...(!input.apiBase ? [{ path: ['apiBase'], code: 'required' }] : []),
            ...(!input.secret ? [{ path: ['secret'], code: 'required' }] : []),
          ])
        }
        const live = MARKETPLACES.has(input.kind) ? LIVE_HOSTS[input.kind as 'shopee' | 'lazada' | 'tiktok'] : null
        const id = newId('channelAccount')
        const now = clock.isoNow()
        await trx
          .insertInto('channel_account')
          .values({
            id,
            seller_id: sellerId,
            kind: input.kind,
            display_name: input.displayName,
            api_base: input.apiBase ?? live?.apiBase ?? null,
            auth_base: input.authBase ?? live?.authBase ?? null,
            app_key: input.appKey ?? null,
            secret_sealed: input.secret ? secrets.seal(input.secret) : null,
            secret_protection: input.secret ? secrets.protection : null,
            // A marketplace is connected once the shop authorises the app; the portal and a file export need no more.
            state: MARKETPLACES.has(input.kind) ? 'not_connected' : 'connected',
            shop_id: null,
            shop_name: null,
            shop_cipher: null,
            access_token_sealed: null,
            access_expires_at: null,
            refresh_token_sealed: null,
            refresh_expires_at: null,
            last_error: null,
            order_cursor: null,
            orders_synced_at: null,
            created_at: now,
            updated_at: now,
            archived_at: null,
          })
          .execute()
        return (await accountDtos(trx, [id]))[0]!
      })
    },

    /**
     * "Lấy đơn mới": a connected marketplace is asked for new orders now instead of at the next
     * 10-minute round. A pull already waiting is brought forward, unless the platform asked us to
     * wait (429): then it keeps its time, as asking again early would only be refused.
     */
    async pullOrdersNow(id: string, ctx: CallContext): Promise<ChannelAccountDto> {
      void ctx
      return db.transaction().execute(async (trx) => {
        const account = await loadAccount(trx, id)
        if (!MARKETPLACES.has(account.kind)) throw new AppError('CONFLICT', 'Only a marketplace has orders to pull', { reason: 'not_a_marketplace' })
        if (account.state !== 'connected') throw new AppError('CONFLICT', 'Connect the shop before pulling its orders', { reason: 'not_connected' })
        const now = clock.isoNow()
        const queued = await enqueueJob(trx, newId, now, { channelAccountId: id, listingId: null, kind: 'pull_orders', dedupeKey: `pull:${id}` })
        if (queued.coalesced) {
          await trx
            .updateTable('outbox_job')
            .set({ next_attempt_at: now, updated_at: now })
            .where('id', '=', queued.id)
            .where('next_attempt_at', '>', now)
            .where((eb) => eb.or([eb('last_error_kind', 'is', null), eb('last_error_kind', '!=', 'rate_limited')]))
            .execute()
        }
        return (await accountDtos(trx, [id]))[0]!
      })
    },

    async listListings(where: { channelAccountId?: string; productId?: string }): Promise<ListingDto[]> {
      return listingDtos(db, where)
    },

    /** Creates or edits a product's listing on a channel; a published one gets an update queued. */
    async upsertListing(input: UpsertListing, ctx: CallContext): Promise<ListingDto> {
      void ctx
      return db.transaction().execute(async (trx) => {
        const account = await loadAccount(trx, input.channelAccountId)
        const product = await trx.selectFrom('product').select(['id', 'status', 'archived_at']).where('id', '=', input.productId).executeTakeFirst()
        if (!product) throw new AppError('NOT_FOUND', `No product ${input.productId}`, { entity: 'product', id: input.productId })
        if (product.archived_at !== null) throw new AppError('CONFLICT', 'An archived product cannot be listed', { reason: 'product_archived' })
        const variants = await trx.selectFrom('product_variant').select(['id']).where('product_id', '=', product.id).where('archived_at', 'is', null).execute()
        const variantIds = new Set(variants.map((v) => v.id))
        input.prices.forEach((p, i) => {
          if (!variantIds.has(p.variantId)) invalid(`Variant ${p.variantId} is not a live variant of this product`, [{ path: ['prices', i, 'variantId'], code: 'variant_unknown' }])
        })
        const now = clock.isoNow()
        const existing = await trx.selectFrom('listing').selectAll().where('channel_account_id', '=', account.id).where('product_id', '=', product.id).executeTakeFirst()
        const fields = {
          category_id: input.categoryId,
          attributes_json: JSON.stringify(input.attributes),
          brand_id: input.brandId,
          title_override: input.titleOverride,
          description_override: input.descriptionOverride,
          stock_buffer: input.stockBuffer,
          updated_at: now,
        }
        let id: string
        if (existing) {
          id = existing.id
          await trx.updateTable('listing').set({ ...fields, version: existing.version + 1 }).where('id', '=', id).execute()
        } else {
          id = newId('listing')
          await trx.insertInto('listing').values({ id, channel_account_id: account.id, product_id: product.id, status: 'draft', created_at: now, external_item_id: null, last_error_code: null, last_error_message: null, published_at: null, ...fields }).execute()
        }
        // Every live variant is sold on the channel; prices given override the variant's own.
        const priceOf = new Map(input.prices.map((p) => [p.variantId, p.priceVnd]))
        for (const variantId of variantIds) {
          const found = await trx.selectFrom('listing_sku').select('variant_id').where('listing_id', '=', id).where('variant_id', '=', variantId).executeTakeFirst()
          if (found) {
            if (priceOf.has(variantId)) await trx.updateTable('listing_sku').set({ price_vnd: priceOf.get(variantId)! }).where('listing_id', '=', id).where('variant_id', '=', variantId).execute()
          } else {
            await trx.insertInto('listing_sku').values({ listing_id: id, variant_id: variantId, price_vnd: priceOf.get(variantId) ?? null, external_sku_id: null, pushed_quantity: null, pushed_price_vnd: null }).execute()
          }
        }
        if (existing?.status === 'published') {
          if (account.kind === 'ntm_portal') await enqueueJob(trx, newId, now, { channelAccountId: account.id, listingId: id, kind: 'portal_push', dedupeKey: `portal:${id}`, payload: { action: 'put' } })
          else await queueUpdate(trx, newId, now, { channelAccountId: account.id, listingId: id, relist: false })
        }
        return (await listingDtos(trx, { ids: [id] }))[0]!
      })
    },

    /** Puts listings on their channels, all in one go: each becomes a queued publish (or update) job. */
    async publish(input: ListingsAction, ctx: CallContext): Promise<ListingDto[]> {
      void ctx
      return db.transaction().execute(async (trx) => {
        await publishIn(trx, input.listingIds, 'listingIds')
        return listingDtos(trx, { ids: input.listingIds })
      })
    },

    /**
     * Scenario 5 in one action: these products on these channels. A product not yet on a channel
     * gets a listing (with the channel's usual category, shipping channels and buffer when the
     * channel has listings already); then everything is checked and queued together, or nothing is.
     */
    async publishProducts(input: PublishProducts, ctx: CallContext): Promise<ListingDto[]> {
      void ctx
      return db.transaction().execute(async (trx) => {
        const ids: string[] = []
        for (const channelAccountId of input.channelAccountIds) {
          const account = await loadAccount(trx, channelAccountId)
          for (const productId of input.productIds) ids.push(await ensureListing(trx, account.id, productId))
        }
        await publishIn(trx, ids, 'productIds')
        return listingDtos(trx, { ids })
      })
    },

    /** Takes listings off their channels; one never published is simply marked so (and its waiting publish dropped). */
    async unlist(input: ListingsAction, ctx: CallContext): Promise<ListingDto[]> {
      void ctx
      return db.transaction().execute(async (trx) => {
        const now = clock.isoNow()
        const listings = await listingDtos(trx, { ids: input.listingIds })
        if (listings.length !== new Set(input.listingIds).size) throw new AppError('NOT_FOUND', 'Some listings do not exist', { entity: 'listing' })
        for (const l of listings) {
          if (l.externalItemId && l.channelKind === 'ntm_portal') {
            await enqueueJob(trx, newId, now, { channelAccountId: l.channelAccountId, listingId: l.id, kind: 'portal_push', payload: { action: 'delete' } })
          } else if (l.externalItemId) {
            await enqueueJob(trx, newId, now, { channelAccountId: l.channelAccountId, listingId: l.id, kind: 'unlist' })
          } else {
            await trx.updateTable('outbox_job').set({ status: 'dropped', finished_at: now, updated_at: now }).where('listing_id', '=', l.id).where('status', 'in', ['pending', 'dead']).execute()
            await trx.updateTable('listing').set({ status: 'unlisted', updated_at: now }).where('id', '=', l.id).execute()
          }
        }
        return listingDtos(trx, { ids: input.listingIds })
      })
    },
  }
}

export type ListingsService = ReturnType<typeof createListingsService>
