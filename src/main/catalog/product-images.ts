/**
 * A product's photos: an ordered list whose first photo is the cover (Shopify, Sapo and the
 * marketplaces all treat the first image so). Adding, reordering and removing never bump the
 * product's version: a photo change must not make an open product form fail its save.
 */
import type { z } from 'zod'
import { AppError } from '@shared/contract/errors'
import type { ProductImageDto } from '@shared/contract/dto'
import {
  MAX_PRODUCT_IMAGES,
  type addProductImagesInput,
  type ProductImagesDto,
  type reorderProductImagesInput,
  type updateProductImageInput,
} from '@shared/contract/media'
import { recordAudit } from '../audit/audit.repo'
import type { CallContext, ServiceDeps } from '../context'
import type { Db } from '../db/connection'
import type { MediaService } from '../media/media.service'

type AddImages = z.output<typeof addProductImagesInput>
type UpdateImage = z.output<typeof updateProductImageInput>
type ReorderImages = z.output<typeof reorderProductImagesInput>

export async function listProductImages(db: Db, productId: string): Promise<ProductImageDto[]> {
  const rows = await db
    .selectFrom('product_image as i')
    .innerJoin('media as m', 'm.key', 'i.media_key')
    .select(['i.id', 'i.product_id', 'i.variant_id', 'i.media_key', 'i.position', 'i.alt_text', 'm.width', 'm.height', 'm.bytes', 'm.mime'])
    .where('i.product_id', '=', productId)
    .orderBy('i.position')
    .orderBy('i.id')
    .execute()
  return rows.map((r, index) => ({
    id: r.id,
    productId: r.product_id,
    variantId: r.variant_id,
    mediaKey: r.media_key,
    position: r.position,
    isCover: index === 0,
    altText: r.alt_text,
    width: r.width ?? 0,
    height: r.height ?? 0,
    bytes: r.bytes,
    mime: r.mime,
  }))
}

/** Positions 0..n-1 in the given order, and the product's cover key kept in step. */
async function writeOrder(trx: Db, productId: string, ids: readonly string[], now: string): Promise<void> {
  for (const [position, id] of ids.entries()) {
    await trx.updateTable('product_image').set({ position, updated_at: now }).where('id', '=', id).where('product_id', '=', productId).execute()
  }
  const cover = ids[0]
    ? await trx.selectFrom('product_image').select('media_key').where('id', '=', ids[0]).executeTakeFirstOrThrow()
    : undefined
  await trx
    .updateTable('product')
    .set({ cover_media_key: cover?.media_key ?? null })
    .where('id', '=', productId)
    .execute()
}

async function orderedIds(trx: Db, productId: string): Promise<string[]> {
  const rows = await trx.selectFrom('product_image').select('id').where('product_id', '=', productId).orderBy('position').orderBy('id').execute()
  return rows.map((r) => r.id)
}

export function createProductImagesService(deps: ServiceDeps, media: MediaService) {
  const { db, clock, newId } = deps

  async function requireProduct(trx: Db, productId: string): Promise<{ id: string; archived_at: string | null }> {
    const product = await trx.selectFrom('product').select(['id', 'archived_at']).where('id', '=', productId).executeTakeFirst()
    if (!product) throw new AppError('NOT_FOUND', `No product ${productId}`, { entity: 'product', id: productId })
    return product
  }

  async function requireVariant(trx: Db, productId: string, variantId: string | null): Promise<void> {
    if (variantId === null) return
    const variant = await trx.selectFrom('product_variant').select('id').where('id', '=', variantId).where('product_id', '=', productId).executeTakeFirst()
    if (!variant) throw new AppError('NOT_FOUND', `Product ${productId} has no variant ${variantId}`, { entity: 'variant', id: variantId })
  }

  async function requireImage(trx: Db, id: string) {
    const image = await trx.selectFrom('product_image').selectAll().where('id', '=', id).executeTakeFirst()
    if (!image) throw new AppError('NOT_FOUND', `No product image ${id}`, { entity: 'productImage', id })
    return image
  }

  async function result(productId: string, addedIds: string[] = []): Promise<ProductImagesDto> {
    return { productId, images: await listProductImages(db, productId), addedIds }
  }

  return {
    async add(input: AddImages, ctx: CallContext): Promise<ProductImagesDto> {
      // Fail fast, before the heavy work, on what the files cannot change.
      await requireProduct(db, input.productId)
      await requireVariant(db, input.productId, input.variantId)
      const existing = await orderedIds(db, input.productId)
      if (existing.length + input.files.length > MAX_PRODUCT_IMAGES) {
        throw new AppError('VALIDATION', `A product keeps at most ${MAX_PRODUCT_IMAGES} photos`, {
          reason: 'media.too_many_images',
          max: MAX_PRODUCT_IMAGES,
          current: existing.length,
        })
      }
      const ingested = await media.ingestImages(input.files)
      const addedIds = await db.transaction().execute(async (trx) => {
        await requireProduct(trx, input.productId)
        await requireVariant(trx, input.productId, input.variantId)
        const now = clock.isoNow()
        await media.recordMedia(trx, ingested)
        const ids = await orderedIds(trx, input.productId)
        const present = new Set(
          (await trx.selectFrom('product_image').select('media_key').where('product_id', '=', input.productId).execute()).map((r) => r.media_key),
        )
        const added: string[] = []
        const addedKeys: string[] = []
        for (const item of ingested) {
          // The same photo twice (in this batch or already on the product) is kept once.
          if (present.has(item.key)) continue
          present.add(item.key)
          const id = newId('image')
          await trx
            .insertInto('product_image')
            .values({
              id,
              product_id: input.productId,
              variant_id: input.variantId,
              media_key: item.key,
              position: ids.length + added.length,
              alt_text: input.altText,
              created_at: now,
              updated_at: now,
            })
            .execute()
          added.push(id)
          addedKeys.push(item.key)
        }
        if (ids.length + added.length > MAX_PRODUCT_IMAGES) {
          throw new AppError('VALIDATION', `A product keeps at most ${MAX_PRODUCT_IMAGES} photos`, { reason: 'media.too_many_images', max: MAX_PRODUCT_IMAGES })
        }
        await writeOrder(trx, input.productId, [...ids, ...added], now)
        if (added.length > 0) {
          await recordAudit(trx, newId, {
            entityType: 'product',
            entityId: input.productId,
            action: 'images_add',
            actor: ctx.actor,
            at: now,
            before: null,
            after: { imageIds: added, mediaKeys: addedKeys },
          })
        }
        return added
      })
      return result(input.productId, addedIds)
    },

    async update(input: UpdateImage, ctx: CallContext): Promise<ProductImageDto> {
      const productId = await db.transaction().execute(async (trx) => {
        const image = await requireImage(trx, input.id)
        const patch: { alt_text?: string | null; variant_id?: string | null; updated_at: string } = { updated_at: clock.isoNow() }
        if (input.altText !== undefined) patch.alt_text = input.altText
        if (input.variantId !== undefined) {
          await requireVariant(trx, image.product_id, input.variantId)
          patch.variant_id = input.variantId
        }
        await trx.updateTable('product_image').set(patch).where('id', '=', input.id).execute()
        await recordAudit(trx, newId, {
          entityType: 'product',
          entityId: image.product_id,
          action: 'image_update',
          actor: ctx.actor,
          at: patch.updated_at,
          before: { imageId: image.id, altText: image.alt_text, variantId: image.variant_id },
          after: { imageId: image.id, altText: patch.alt_text ?? image.alt_text, variantId: patch.variant_id === undefined ? image.variant_id : patch.variant_id },
        })
        return image.product_id
      })
      const images = await listProductImages(db, productId)
      return images.find((i) => i.id === input.id)!
    },

    async reorder(input: ReorderImages, ctx: CallContext): Promise<ProductImagesDto> {
      await db.transaction().execute(async (trx) => {
        await requireProduct(trx, input.productId)
        const current = await orderedIds(trx, input.productId)
        const given = new Set(input.imageIds)
        if (given.size !== input.imageIds.length || given.size !== current.length || current.some((id) => !given.has(id))) {
          throw new AppError('VALIDATION', 'Give every photo of the product exactly once, in the new order', {
            reason: 'media.order_mismatch',
            expected: current.length,
          })
        }
        const now = clock.isoNow()
        await writeOrder(trx, input.productId, input.imageIds, now)
        await recordAudit(trx, newId, {
          entityType: 'product',
          entityId: input.productId,
          action: 'images_reorder',
          actor: ctx.actor,
          at: now,
          before: { imageIds: current },
          after: { imageIds: input.imageIds },
        })
      })
      return result(input.productId)
    },

    async remove(id: string, ctx: CallContext): Promise<ProductImagesDto> {
      const productId = await db.transaction().execute(async (trx) => {
        const image = await requireImage(trx, id)
        await trx.deleteFrom('product_image').where('id', '=', id).execute()
        const now = clock.isoNow()
        await writeOrder(trx, image.product_id, await orderedIds(trx, image.product_id), now)
        await recordAudit(trx, newId, {
          entityType: 'product',
          entityId: image.product_id,
          action: 'image_remove',
          actor: ctx.actor,
          at: now,
          before: { imageId: image.id, mediaKey: image.media_key, altText: image.alt_text },
          after: null,
        })
        return image.product_id
      })
      return result(productId)
    },
  }
}

export type ProductImagesService = ReturnType<typeof createProductImagesService>
