import type { z } from 'zod'
import { AppError, type ValidationIssue } from '@shared/contract/errors'
import type { ProductDto } from '@shared/contract/dto'
import type { createProductInput, updateProductInput } from '@shared/contract/inputs'
import { todayInVietnam } from '@shared/domain/calendar'
import { foldVietnamese } from '@shared/domain/vietnamese'
import { recordAudit } from '../audit/audit.repo'
import type { CallContext, ServiceDeps } from '../context'
import type { Db } from '../db/connection'
import { findSeller } from '../sellers/sellers.repo'
import type { SellersService } from '../sellers/sellers.service'
import {
  findLiveSkuHolders,
  findProductRow,
  insertVariant,
  loadProduct,
  refreshProductDerived,
  updateVariant,
  type NewVariant,
} from './catalog.repo'

type CreateProduct = z.output<typeof createProductInput>
type UpdateProduct = z.output<typeof updateProductInput>
export type VariantDraft = CreateProduct['variants'][number]

/** One product as a caller wants it to be; the single write path for forms and imports. */
export interface ProductWrite {
  readonly productId?: string
  readonly expectedVersion?: number
  readonly sellerId?: string
  readonly name?: string
  readonly description?: string | null
  readonly category?: string | null
  readonly status?: 'draft' | 'active'
  readonly variants?: readonly VariantDraft[]
  /**
   * `replace` (the product form): the list is the whole product, missing variants are archived.
   * `merge` (imports): listed variants are created or updated, the others left alone.
   */
  readonly variantMode: 'replace' | 'merge'
  readonly action: string
}

export interface CatalogService {
  create(input: CreateProduct, ctx: CallContext): Promise<ProductDto>
  update(input: UpdateProduct, ctx: CallContext): Promise<ProductDto>
  get(id: string): Promise<ProductDto>
  archive(id: string, ctx: CallContext): Promise<ProductDto>
  restore(id: string, ctx: CallContext): Promise<ProductDto>
  /** For imports: runs inside the caller's transaction. */
  saveProduct(trx: Db, write: ProductWrite, ctx: CallContext): Promise<{ product: ProductDto; created: number; updated: number }>
}

export function createCatalogService(deps: ServiceDeps, sellers: SellersService): CatalogService {
  const { db, clock, newId } = deps

  async function mustLoad(trx: Db, id: string): Promise<ProductDto> {
    const product = await loadProduct(trx, id, todayInVietnam(clock.now()))
    if (!product) throw new AppError('NOT_FOUND', `No product ${id}`, { entity: 'product', id })
    return product
  }

  async function assertSellerExists(trx: Db, sellerId: string): Promise<void> {
    if (!(await findSeller(trx, sellerId))) {
      throw new AppError('NOT_FOUND', `No seller ${sellerId}`, {
        entity: 'seller',
        id: sellerId,
        issues: [{ path: ['sellerId'], code: 'seller_not_found', message: 'Unknown seller' }],
      })
    }
  }

  async function assertSkusFree(trx: Db, productId: string | undefined, variants: readonly VariantDraft[]): Promise<void> {
    const holders = await findLiveSkuHolders(trx, variants.map((v) => v.sku))
    const issues: ValidationIssue[] = []
    for (const holder of holders) {
      if (holder.productId === productId) continue
      const index = variants.findIndex((v) => v.sku.toUpperCase() === holder.sku.toUpperCase())
      issues.push({
        path: ['variants', index, 'sku'],
        code: 'sku_taken',
        message: `SKU ${holder.sku} is already used by “${holder.productName}”`,
        params: { sku: holder.sku, productName: holder.productName, productId: holder.productId },
      })
    }
    if (issues.length > 0) throw new AppError('CONFLICT', issues[0]!.message, { issues })
  }

  async function saveProduct(trx: Db, write: ProductWrite, ctx: CallContext) {
    const now = clock.isoNow()
    const existing = write.productId ? await findProductRow(trx, write.productId) : undefined
    if (write.productId && !existing) throw new AppError('NOT_FOUND', `No product ${write.productId}`, { entity: 'product', id: write.productId })
    if (existing?.status === 'archived') {
      throw new AppError('CONFLICT', 'This product is archived; restore it before editing', { reason: 'product_archived', id: existing.id })
    }
    if (existing && write.expectedVersion !== undefined && write.expectedVersion !== existing.version) {
      throw new AppError('CONFLICT', 'Someone else changed this product meanwhile; reload it and try again', {
        reason: 'version_mismatch',
        expected: write.expectedVersion,
        actual: existing.version,
      })
    }
    const sellerId = write.sellerId ?? existing?.seller_id ?? (await sellers.defaultSellerId(trx))
    if (write.sellerId) await assertSellerExists(trx, write.sellerId)
    const before = existing ? await mustLoad(trx, existing.id) : null

    const productId = existing?.id ?? newId('product')
    const name = write.name ?? existing?.name
    if (name === undefined) throw new AppError('VALIDATION', 'A product needs a name', { issues: [{ path: ['name'], code: 'too_small', message: 'Required' }] })
    if (!existing) {
      await trx
        .insertInto('product')
        .values({
          id: productId,
          seller_id: sellerId,
          name,
          name_folded: foldVietnamese(name),
          description: write.description ?? null,
          category: write.category ?? null,
          status: write.status ?? 'active',
          version: 1,
          variant_count: 0,
          min_price_vnd: null,
          max_price_vnd: null,
          created_at: now,
          updated_at: now,
          archived_at: null,
        })
        .execute()
    }

    let created = 0
    let updated = 0
    if (write.variants) {
      const current = before?.variants ?? []
      const byId = new Map(current.map((v) => [v.id, v]))
      const bySku = new Map(current.map((v) => [v.sku.toUpperCase(), v]))
      // In merge mode a variant is recognised by its SKU; in replace mode by its id.
      const targets = write.variants.map((draft) => (draft.id ? byId.get(draft.id) : write.variantMode === 'merge' ? bySku.get(draft.sku.toUpperCase()) : undefined))
      write.variants.forEach((draft, i) => {
        if (draft.id && !targets[i]) {
          throw new AppError('VALIDATION', `Variant ${draft.id} does not belong to this product`, {
            issues: [{ path: ['variants', i, 'id'], code: 'variant_not_in_product', message: 'Unknown variant' }],
          })
        }
      })
      await assertSkusFree(trx, existing?.id, write.variants)
      const kept = new Set(targets.filter((t) => t !== undefined).map((t) => t.id))
      if (write.variantMode === 'replace') {
        const removed = current.filter((v) => !kept.has(v.id)).map((v) => v.id)
        if (removed.length > 0) {
          await trx.updateTable('product_variant').set({ archived_at: now, updated_at: now }).where('id', 'in', removed).execute()
        }
      }
      // Two variants may swap SKUs: park the renamed ones first so the unique index never sees a clash.
      const renamed = write.variants.flatMap((draft, i) => {
        const target = targets[i]
        return target && target.sku !== draft.sku ? [target.id] : []
      })
      for (const id of renamed) {
        await trx.updateTable('product_variant').set({ sku: `~${id}` }).where('id', '=', id).execute()
      }
      let nextPosition = write.variantMode === 'merge' ? current.length : 0
      for (const [i, draft] of write.variants.entries()) {
        const target = targets[i]
        const position = write.variantMode === 'replace' ? i : (target?.position ?? nextPosition++)
        const values: NewVariant = { ...draft, id: target?.id ?? newId('variant'), position }
        if (target) {
          const same =
            target.sku === values.sku &&
            target.optionLabel === values.optionLabel &&
            target.unit === values.unit &&
            target.priceVnd === values.priceVnd &&
            target.compareAtPriceVnd === values.compareAtPriceVnd &&
            target.barcode === values.barcode &&
            target.weightGrams === values.weightGrams &&
            target.position === values.position
          if (!same) {
            await updateVariant(trx, values, now)
            updated++
          }
        } else {
          await insertVariant(trx, productId, values, now)
          created++
        }
      }
    }

    const changes = {
      ...(write.name !== undefined && { name: write.name }),
      ...(write.description !== undefined && { description: write.description }),
      ...(write.category !== undefined && { category: write.category }),
      ...(write.status !== undefined && { status: write.status }),
      ...(write.sellerId !== undefined && { seller_id: write.sellerId }),
    }
    if (existing && Object.keys(changes).length > 0) {
      await trx.updateTable('product').set(changes).where('id', '=', productId).execute()
    }
    await refreshProductDerived(trx, productId)
    let after = await mustLoad(trx, productId)
    if (before && sameProduct(before, after)) return { product: before, created, updated }
    if (before) {
      await trx.updateTable('product').set({ version: before.version + 1, updated_at: now }).where('id', '=', productId).execute()
      after = await mustLoad(trx, productId)
    }
    await recordAudit(trx, newId, {
      entityType: 'product',
      entityId: productId,
      action: before ? write.action : 'create',
      actor: ctx.actor,
      at: now,
      before: before && forAudit(before),
      after: forAudit(after),
    })
    return { product: after, created, updated }
  }

  return {
    saveProduct,

    create(input, ctx) {
      return db.transaction().execute(async (trx) => {
        const { product } = await saveProduct(
          trx,
          {
            sellerId: input.sellerId,
            name: input.name,
            description: input.description,
            category: input.category,
            status: input.status,
            variants: input.variants,
            variantMode: 'replace',
            action: 'create',
          },
          ctx,
        )
        return product
      })
    },

    update(input, ctx) {
      return db.transaction().execute(async (trx) => {
        const { product } = await saveProduct(
          trx,
          {
            productId: input.id,
            expectedVersion: input.expectedVersion,
            sellerId: input.sellerId,
            name: input.name,
            description: input.description,
            category: input.category,
            status: input.status,
            variants: input.variants,
            variantMode: 'replace',
            action: 'update',
          },
          ctx,
        )
        return product
      })
    },

    get: (id) => mustLoad(db, id),

    archive(id, ctx) {
      return db.transaction().execute(async (trx) => {
        const before = await mustLoad(trx, id)
        if (before.status === 'archived') return before
        const now = clock.isoNow()
        await trx
          .updateTable('product_variant')
          .set({ archived_at: now, updated_at: now })
          .where('product_id', '=', id)
          .where('archived_at', 'is', null)
          .execute()
        await trx
          .updateTable('product')
          .set({ status: 'archived', archived_at: now, updated_at: now, version: before.version + 1 })
          .where('id', '=', id)
          .execute()
        await refreshProductDerived(trx, id)
        const after = await mustLoad(trx, id)
        await recordAudit(trx, newId, { entityType: 'product', entityId: id, action: 'archive', actor: ctx.actor, at: now, before: forAudit(before), after: forAudit(after) })
        return after
      })
    },

    restore(id, ctx) {
      return db.transaction().execute(async (trx) => {
        const before = await mustLoad(trx, id)
        if (before.status !== 'archived') return before
        await assertSkusFree(trx, id, before.variants)
        const now = clock.isoNow()
        await trx
          .updateTable('product_variant')
          .set({ archived_at: null, updated_at: now })
          .where('product_id', '=', id)
          .where('archived_at', '=', before.archivedAt)
          .execute()
        await trx
          .updateTable('product')
          .set({ status: 'draft', archived_at: null, updated_at: now, version: before.version + 1 })
          .where('id', '=', id)
          .execute()
        await refreshProductDerived(trx, id)
        const after = await mustLoad(trx, id)
        await recordAudit(trx, newId, { entityType: 'product', entityId: id, action: 'restore', actor: ctx.actor, at: now, before: forAudit(before), after: forAudit(after) })
        return after
      })
    },
  }
}

/** Photos and the OCOP standing have their own history entries; a product entry records its fields. */
function forAudit({ images: _i, ocop: _o, ...rest }: ProductDto) {
  return rest
}

function sameProduct(a: ProductDto, b: ProductDto): boolean {
  const strip = ({ updatedAt: _u, version: _v, ...rest }: ProductDto) => rest
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b))
}
