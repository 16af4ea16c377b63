/**
 * Harvest and production lots. A lot belongs to one variant, carries its growing-area codes,
 * its own certifications (VietGAP, organic, food safety…) and photos, and a public trace code
 * that never changes. The expiry is stored resolved (given, or harvest + shelf life) so stock
 * can later be picked earliest-expiry-first straight from the `lot_picking` index.
 */
import { sql } from 'kysely'
import type { z } from 'zod'
import { AppError, type ValidationIssue } from '@shared/contract/errors'
import type { createLotInput, listLotsInput, LotDto, LotPageDto, updateLotInput } from '@shared/contract/lots'
import type { lotPhotosInput } from '@shared/contract/media'
import { addDays, todayInVietnam } from '@shared/domain/calendar'
import {
  certificationState,
  lotCodeKey,
  normaliseGrowingAreaCode,
  normaliseLotCode,
  resolveExpiry,
  suggestLotCode,
  validateLot,
  validateLotCertification,
} from '@shared/domain/lot'
import type { Issue } from '@shared/domain/ocop-certificate'
import { newTraceCode, parseTraceCode, traceQrPayload } from '@shared/domain/trace'
import { foldVietnamese } from '@shared/domain/vietnamese'
import { recordAudit } from '../audit/audit.repo'
import { likeContains } from '../db/like'
import { adjust, receive } from '../inventory/stock-ledger'
import type { CallContext, ServiceDeps } from '../context'
import type { Db } from '../db/connection'
import type { LotRow } from '../db/schema'
import type { MediaService } from '../media/media.service'
import { productOcopStanding } from '../ocop/certificates.service'
import { readSettings } from '../settings/settings.service'

type CreateLot = z.output<typeof createLotInput>
type UpdateLot = z.output<typeof updateLotInput>
type ListLots = z.output<typeof listLotsInput>
type LotPhotos = z.output<typeof lotPhotosInput>
type CertificationDraft = CreateLot['certifications'][number]

const MAX_LOT_PHOTOS = 20

function toIssues(issues: readonly Issue[], prefix: (string | number)[] = []): ValidationIssue[] {
  return issues.map((i) => ({
    path: [...prefix, ...i.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))],
    code: i.reason,
    message: `${i.field}: ${i.reason}`,
    ...(i.params ? { params: i.params } : {}),
  }))
}

function fail(issues: ValidationIssue[]): never {
  throw new AppError('VALIDATION', `Invalid lot: ${issues.map((i) => i.code).join(', ')}`, { issues })
}

export function createLotsService(deps: ServiceDeps, media: MediaService) {
  const { db, clock, newId } = deps
  const today = () => todayInVietnam(clock.now())

  /** Builds DTOs for many lots with one query per related table, in the order given. */
  async function toDtos(trx: Db, rows: readonly LotRow[]): Promise<LotDto[]> {
    if (rows.length === 0) return []
    const ids = rows.map((r) => r.id)
    const variantIds = [...new Set(rows.map((r) => r.variant_id))]
    const [variants, areas, certs, photos, settings] = await Promise.all([
      trx
        .selectFrom('product_variant as v')
        .innerJoin('product as p', 'p.id', 'v.product_id')
        .innerJoin('seller as s', 's.id', 'p.seller_id')
        .select(['v.id', 'v.sku', 'v.option_label', 'v.barcode', 'p.id as product_id', 'p.name as product_name', 's.id as seller_id', 's.name as seller_name'])
        .where('v.id', 'in', variantIds)
        .execute(),
      trx.selectFrom('lot_growing_area').selectAll().where('lot_id', 'in', ids).orderBy('lot_id').orderBy('position').execute(),
      trx.selectFrom('lot_certification').selectAll().where('lot_id', 'in', ids).orderBy('lot_id').orderBy('position').execute(),
      trx
        .selectFrom('lot_photo as lp')
        .innerJoin('media as m', 'm.key', 'lp.media_key')
        .select(['lp.lot_id', 'lp.media_key', 'lp.alt_text', 'm.mime', 'm.kind'])
        .where('lp.lot_id', 'in', ids)
        .orderBy('lp.lot_id')
        .orderBy('lp.position')
        .execute(),
      readSettings(trx),
    ])
    const producerIds = [...new Set(rows.flatMap((r) => (r.producer_seller_id ? [r.producer_seller_id] : [])))]
    const producers = producerIds.length
      ? new Map((await trx.selectFrom('seller').select(['id', 'name']).where('id', 'in', producerIds).execute()).map((s) => [s.id, s]))
      : new Map<string, { id: string; name: string }>()
    const t = today()
    const standing = await productOcopStanding(trx, [...new Set(rows.map((r) => r.product_id))], t)
    const variantOf = new Map(variants.map((v) => [v.id, v]))
    const group = <T extends { lot_id: string }>(list: readonly T[]) => {
      const out = new Map<string, T[]>()
      for (const item of list) out.set(item.lot_id, [...(out.get(item.lot_id) ?? []), item])
      return out
    }
    const areasOf = group(areas)
    const certsOf = group(certs)
    const photosOf = group(photos)
    return rows.map((row) => {
      const v = variantOf.get(row.variant_id)!
      // A template naming a value this lot lacks ({gtin} without a barcode) must not break the
      // list: such a lot gets the plain TXNG text, which still identifies it.
      let qrPayload: string
      let traceUrl: string | null = null
      try {
        qrPayload = traceQrPayload(settings.traceUrlTemplate, { code: row.trace_code, lot: row.lot_code, sku: v.sku, gtin: v.barcode, product: row.product_id })
        if (settings.traceUrlTemplate) traceUrl = qrPayload
      } catch {
        qrPayload = traceQrPayload(null, { code: row.trace_code })
      }
      return {
        id: row.id,
        productId: row.product_id,
        productName: v.product_name,
        variantId: row.variant_id,
        sku: v.sku,
        variantLabel: v.option_label,
        lotCode: row.lot_code,
        traceCode: row.trace_code,
        dateKind: row.date_kind,
        harvestDate: row.harvest_date,
        expiryDate: row.expiry_date,
        shelfLifeDays: row.shelf_life_days,
        quantity: row.quantity,
        unit: row.unit,
        producer: row.producer_seller_id ? (producers.get(row.producer_seller_id) ?? null) : null,
        seller: { id: v.seller_id, name: v.seller_name },
        growingAreaCodes: (areasOf.get(row.id) ?? []).map((a) => a.code),
        certifications: (certsOf.get(row.id) ?? []).map((c) => {
          const s = c.expiry_date ? certificationState(c.expiry_date, t).state : null
          return {
            kind: c.kind as CertificationDraft['kind'],
            number: c.number,
            issuer: c.issuer,
            issueDate: c.issue_date,
            expiryDate: c.expiry_date,
            state: s === null ? ('no_expiry' as const) : s === 'revoked' ? ('expired' as const) : s,
          }
        }),
        photos: (photosOf.get(row.id) ?? []).map((p) => ({ mediaKey: p.media_key, mime: p.mime, kind: p.kind, altText: p.alt_text })),
        notes: row.notes,
        qrPayload,
        traceUrl,
        ocopStars: standing.get(row.product_id)?.stars ?? null,
        version: row.version,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        archivedAt: row.archived_at,
      }
    })
  }

  async function loadRow(trx: Db, id: string): Promise<LotRow> {
    const row = await trx.selectFrom('lot').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw new AppError('NOT_FOUND', `No lot ${id}`, { entity: 'lot', id })
    return row
  }

  async function dto(trx: Db, id: string): Promise<LotDto> {
    return (await toDtos(trx, [await loadRow(trx, id)]))[0]!
  }

  async function requireVariant(trx: Db, variantId: string) {
    const variant = await trx
      .selectFrom('product_variant as v')
      .innerJoin('product as p', 'p.id', 'v.product_id')
      .select(['v.id', 'v.sku', 'v.unit', 'v.product_id', 'v.archived_at', 'p.status'])
      .where('v.id', '=', variantId)
      .executeTakeFirst()
    if (!variant) throw new AppError('NOT_FOUND', `No variant ${variantId}`, { entity: 'variant', id: variantId })
    return variant
  }

  async function requireProducer(trx: Db, sellerId: string | null): Promise<void> {
    if (sellerId === null) return
    const seller = await trx.selectFrom('seller').select('id').where('id', '=', sellerId).executeTakeFirst()
    if (!seller) throw new AppError('NOT_FOUND', `No seller ${sellerId}`, { entity: 'seller', id: sellerId })
  }

  async function nextLotCode(trx: Db, variantId: string, sku: string, harvestDate: string): Promise<string> {
    for (let seq = 1; seq < 1000; seq++) {
      const code = suggestLotCode(sku, harvestDate, seq)
      const taken = await trx.selectFrom('lot').select('id').where('variant_id', '=', variantId).where(sql<boolean>`lot_code = ${code} COLLATE NOCASE`).executeTakeFirst()
      if (!taken) return code
    }
    throw new AppError('CONFLICT', 'No free lot code for this date', { reason: 'lot_code_exhausted' })
  }

  async function uniqueTraceCode(trx: Db): Promise<string> {
    for (;;) {
      const code = newTraceCode()
      const taken = await trx.selectFrom('lot').select('id').where('trace_code', '=', code).executeTakeFirst()
      if (!taken) return code
    }
  }

  interface LotValues {
    lotCode: string
    dateKind: 'harvest' | 'production'
    harvestDate: string
    expiryDate: string | null
    shelfLifeDays: number | null
    quantity: number
    unit: string
    producerSellerId: string | null
    growingAreaCodes: string[]
    certifications: CertificationDraft[]
    notes: string | null
  }

  /** The domain rules, with today's date; returns the values as stored (codes normalised, expiry resolved). */
  function checked(values: LotValues): LotValues & { resolvedExpiry: string | null } {
    const t = today()
    const lot = validateLot(values, { today: t })
    const issues = toIssues(lot.errors)
    values.certifications.forEach((c, i) => issues.push(...toIssues(validateLotCertification(c, { today: t }).errors, ['certifications', i])))
    if (issues.length > 0) fail(issues)
    return {
      ...values,
      lotCode: normaliseLotCode(values.lotCode),
      growingAreaCodes: values.growingAreaCodes.map(normaliseGrowingAreaCode),
      resolvedExpiry: resolveExpiry(values),
    }
  }

  async function codeTaken(trx: Db, variantId: string, lotCode: string, exceptId?: string): Promise<void> {
    let q = trx.selectFrom('lot').select('id').where('variant_id', '=', variantId).where(sql<boolean>`lot_code = ${lotCode} COLLATE NOCASE`)
    if (exceptId) q = q.where('id', '!=', exceptId)
    if (await q.executeTakeFirst()) {
      throw new AppError('CONFLICT', `Lot code ${lotCode} is already used for this variant`, {
        reason: 'lot_code_taken',
        issues: [{ path: ['lotCode'], code: 'lot_code_taken', message: 'taken', params: { lotCode } }],
      })
    }
  }

  async function writeChildren(trx: Db, lotId: string, values: LotValues): Promise<void> {
    await trx.deleteFrom('lot_growing_area').where('lot_id', '=', lotId).execute()
    for (const [position, code] of values.growingAreaCodes.entries()) {
      await trx.insertInto('lot_growing_area').values({ lot_id: lotId, position, code }).execute()
    }
    await trx.deleteFrom('lot_certification').where('lot_id', '=', lotId).execute()
    for (const [position, c] of values.certifications.entries()) {
      await trx
        .insertInto('lot_certification')
        .values({ id: newId('lotCertification'), lot_id: lotId, kind: c.kind, number: c.number, issuer: c.issuer, issue_date: c.issueDate, expiry_date: c.expiryDate, position })
        .execute()
    }
  }

  function snapshot(d: LotDto) {
    const { photos: _p, qrPayload: _q, traceUrl: _t, ocopStars: _s, createdAt: _c, updatedAt: _u, ...rest } = d
    return rest
  }

  return {
    async create(input: CreateLot, ctx: CallContext): Promise<LotDto> {
      const id = await db.transaction().execute(async (trx) => {
        const variant = await requireVariant(trx, input.variantId)
        if (variant.archived_at !== null || variant.status === 'archived') {
          throw new AppError('VALIDATION', 'Lots can only be added to a live variant', { reason: 'variant_archived' })
        }
        await requireProducer(trx, input.producerSellerId)
        const lotCode = input.lotCode ? input.lotCode : await nextLotCode(trx, variant.id, variant.sku, input.harvestDate)
        const values = checked({ ...input, lotCode, unit: input.unit ?? variant.unit })
        await codeTaken(trx, variant.id, values.lotCode)
        const id = newId('lot')
        const now = clock.isoNow()
        await trx
          .insertInto('lot')
          .values({
            id,
            product_id: variant.product_id,
            variant_id: variant.id,
            lot_code: values.lotCode,
            trace_code: await uniqueTraceCode(trx),
            date_kind: values.dateKind,
            harvest_date: values.harvestDate,
            expiry_date: values.resolvedExpiry,
            shelf_life_days: values.shelfLifeDays,
            quantity: values.quantity,
            unit: values.unit,
            producer_seller_id: values.producerSellerId,
            notes: values.notes,
            version: 1,
            created_at: now,
            updated_at: now,
            archived_at: null,
          })
          .execute()
        await writeChildren(trx, id, values)
        // A recorded lot is goods received: it enters stock now, in the same transaction.
        await receive(trx, { newId, actor: ctx.actor, at: now }, { variantId: variant.id, lotId: id, quantity: values.quantity, reason: `lot ${values.lotCode}` })
        await recordAudit(trx, newId, { entityType: 'lot', entityId: id, action: 'create', actor: ctx.actor, at: now, before: null, after: snapshot(await dto(trx, id)) })
        return id
      })
      return dto(db, id)
    },

    async update(input: UpdateLot, ctx: CallContext): Promise<LotDto> {
      await db.transaction().execute(async (trx) => {
        const row = await loadRow(trx, input.id)
        if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) {
          throw new AppError('CONFLICT', 'Someone changed this lot meanwhile; reload it', { reason: 'version_mismatch', current: row.version })
        }
        const before = await dto(trx, row.id)
        const producerSellerId = input.producerSellerId === undefined ? row.producer_seller_id : input.producerSellerId
        await requireProducer(trx, producerSellerId)
        // Expiry and shelf life go together: giving one replaces the other unless both are given.
        const expiryGiven = input.expiryDate !== undefined
        const shelfGiven = input.shelfLifeDays !== undefined
        const values = checked({
          lotCode: input.lotCode || row.lot_code,
          dateKind: input.dateKind ?? row.date_kind,
          harvestDate: input.harvestDate ?? row.harvest_date,
          shelfLifeDays: shelfGiven ? input.shelfLifeDays! : expiryGiven ? null : row.shelf_life_days,
          expiryDate: expiryGiven ? input.expiryDate! : shelfGiven || row.shelf_life_days !== null ? null : row.expiry_date,
          quantity: input.quantity ?? row.quantity,
          unit: input.unit ?? row.unit,
          producerSellerId,
          growingAreaCodes: input.growingAreaCodes ?? before.growingAreaCodes,
          certifications: input.certifications ?? before.certifications.map(({ state: _s, ...c }) => c),
          notes: input.notes === undefined ? row.notes : input.notes,
        })
        if (lotCodeKey(values.lotCode) !== lotCodeKey(row.lot_code)) await codeTaken(trx, row.variant_id, values.lotCode, row.id)
        const now = clock.isoNow()
        await trx
          .updateTable('lot')
          .set({
            lot_code: values.lotCode,
            date_kind: values.dateKind,
            harvest_date: values.harvestDate,
            expiry_date: values.resolvedExpiry,
            shelf_life_days: values.shelfLifeDays,
            quantity: values.quantity,
            unit: values.unit,
            producer_seller_id: values.producerSellerId,
            notes: values.notes,
            version: row.version + 1,
            updated_at: now,
          })
          .where('id', '=', row.id)
          .execute()
        await writeChildren(trx, row.id, values)
        // The received quantity was corrected: the stock moves by the difference (refused when
        // the lot no longer holds that much, or confirmed orders hold it).
        const delta = values.quantity - row.quantity
        if (delta !== 0) {
          const reason = `lot ${values.lotCode}: ${row.quantity} → ${values.quantity}`
          if (delta > 0) await receive(trx, { newId, actor: ctx.actor, at: now }, { variantId: row.variant_id, lotId: row.id, quantity: delta, kind: 'lot_correction', reason })
          else await adjust(trx, { newId, actor: ctx.actor, at: now }, { variantId: row.variant_id, lotId: row.id, delta, kind: 'lot_correction', reason })
        }
        await recordAudit(trx, newId, { entityType: 'lot', entityId: row.id, action: 'update', actor: ctx.actor, at: now, before: snapshot(before), after: snapshot(await dto(trx, row.id)) })
      })
      return dto(db, input.id)
    },

    async setArchived(id: string, archived: boolean, ctx: CallContext): Promise<LotDto> {
      await db.transaction().execute(async (trx) => {
        const row = await loadRow(trx, id)
        if ((row.archived_at !== null) === archived) return
        const now = clock.isoNow()
        await trx
          .updateTable('lot')
          .set({ archived_at: archived ? now : null, version: row.version + 1, updated_at: now })
          .where('id', '=', id)
          .execute()
        await recordAudit(trx, newId, {
          entityType: 'lot',
          entityId: id,
          action: archived ? 'archive' : 'restore',
          actor: ctx.actor,
          at: now,
          before: { archivedAt: row.archived_at },
          after: { archivedAt: archived ? now : null },
        })
      })
      return dto(db, id)
    },

    get: (id: string) => dto(db, id),

    async lookup(code: string): Promise<LotDto> {
      const normal = parseTraceCode(code)
      if (normal === null) {
        throw new AppError('VALIDATION', `${code} is not a valid trace code`, {
          reason: 'trace_code_invalid',
          issues: [{ path: ['code'], code: 'trace_code_invalid', message: 'invalid' }],
        })
      }
      const row = await db.selectFrom('lot').selectAll().where('trace_code', '=', normal).executeTakeFirst()
      if (!row) throw new AppError('NOT_FOUND', `No lot with trace code ${normal}`, { entity: 'lot', code: normal })
      return (await toDtos(db, [row]))[0]!
    },

    async suggestCode(variantId: string, harvestDate: string): Promise<{ lotCode: string }> {
      const variant = await requireVariant(db, variantId)
      return { lotCode: await nextLotCode(db, variant.id, variant.sku, harvestDate) }
    },

    async list(input: ListLots): Promise<LotPageDto> {
      let q = db.selectFrom('lot').innerJoin('product_variant as v', 'v.id', 'lot.variant_id').innerJoin('product as p', 'p.id', 'lot.product_id')
      if (!input.includeArchived) q = q.where('lot.archived_at', 'is', null)
      if (input.productId) q = q.where('lot.product_id', '=', input.productId)
      if (input.variantId) q = q.where('lot.variant_id', '=', input.variantId)
      if (input.harvestFrom) q = q.where('lot.harvest_date', '>=', input.harvestFrom)
      if (input.harvestTo) q = q.where('lot.harvest_date', '<=', input.harvestTo)
      if (input.expiringWithinDays !== undefined) {
        q = q.where('lot.expiry_date', 'is not', null).where('lot.expiry_date', '<=', addDays(today(), input.expiringWithinDays))
      }
      const text = input.query.trim()
      if (text !== '') {
        const contains = likeContains
        const upper = text.toUpperCase()
        const trace = parseTraceCode(text)
        q = q.where((eb) =>
          eb.or([
            contains(sql.ref('lot.lot_code'), upper),
            contains(sql.ref('v.sku'), upper),
            contains(sql.ref('p.name_folded'), foldVietnamese(text)),
            ...(trace ? [eb('lot.trace_code', '=', trace)] : []),
            eb.exists(eb.selectFrom('lot_growing_area as g').select('g.lot_id').whereRef('g.lot_id', '=', 'lot.id').where(contains(sql.ref('g.code'), upper))),
          ]),
        )
      }
      const total = (await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n
      const rows = await q
        .selectAll('lot')
        // Earliest expiry first (FEFO), the order stock will be picked in.
        .orderBy(sql`lot.expiry_date IS NULL`)
        .orderBy('lot.expiry_date')
        .orderBy('lot.harvest_date')
        .orderBy(sql`lot.lot_code COLLATE NOCASE`)
        .orderBy('lot.id')
        .limit(input.limit)
        .offset(input.offset)
        .execute()
      return { items: await toDtos(db, rows), total }
    },

    /** For exports: every lot of the given ids or harvest range, in FEFO order. */
    async many(selection: { lotIds?: readonly string[]; harvestFrom?: string; harvestTo?: string }): Promise<LotDto[]> {
      let q = db.selectFrom('lot').selectAll()
      if (selection.lotIds) q = q.where('id', 'in', [...selection.lotIds])
      if (selection.harvestFrom) q = q.where('harvest_date', '>=', selection.harvestFrom)
      if (selection.harvestTo) q = q.where('harvest_date', '<=', selection.harvestTo)
      const rows = await q.orderBy('harvest_date').orderBy('lot_code').execute()
      if (selection.lotIds) {
        const found = new Set(rows.map((r) => r.id))
        const missing = selection.lotIds.find((id) => !found.has(id))
        if (missing) throw new AppError('NOT_FOUND', `No lot ${missing}`, { entity: 'lot', id: missing })
      }
      return toDtos(db, rows)
    },

    async addPhotos(input: LotPhotos, ctx: CallContext): Promise<LotDto> {
      await loadRow(db, input.lotId)
      const ingested = await media.ingestImages(input.files)
      await db.transaction().execute(async (trx) => {
        await loadRow(trx, input.lotId)
        await media.recordMedia(trx, ingested)
        const existing = await trx.selectFrom('lot_photo').select(['media_key', 'position']).where('lot_id', '=', input.lotId).execute()
        const present = new Set(existing.map((e) => e.media_key))
        let position = existing.reduce((max, e) => Math.max(max, e.position + 1), 0)
        const added: string[] = []
        for (const item of ingested) {
          if (present.has(item.key)) continue
          present.add(item.key)
          await trx.insertInto('lot_photo').values({ lot_id: input.lotId, media_key: item.key, position: position++, alt_text: input.altText }).execute()
          added.push(item.key)
        }
        if (present.size > MAX_LOT_PHOTOS) {
          throw new AppError('VALIDATION', `A lot keeps at most ${MAX_LOT_PHOTOS} photos`, { reason: 'media.too_many_images', max: MAX_LOT_PHOTOS })
        }
        if (added.length > 0) {
          await recordAudit(trx, newId, { entityType: 'lot', entityId: input.lotId, action: 'photos_add', actor: ctx.actor, at: clock.isoNow(), before: null, after: { mediaKeys: added } })
        }
      })
      return dto(db, input.lotId)
    },

    async removePhoto(lotId: string, mediaKey: string, ctx: CallContext): Promise<LotDto> {
      await db.transaction().execute(async (trx) => {
        await loadRow(trx, lotId)
        const removed = await trx.deleteFrom('lot_photo').where('lot_id', '=', lotId).where('media_key', '=', mediaKey).executeTakeFirst()
        if (Number(removed.numDeletedRows) === 0) throw new AppError('NOT_FOUND', `Lot ${lotId} has no photo ${mediaKey}`, { entity: 'lotPhoto', id: mediaKey })
        await recordAudit(trx, newId, { entityType: 'lot', entityId: lotId, action: 'photo_remove', actor: ctx.actor, at: clock.isoNow(), before: { mediaKey }, after: null })
      })
      return dto(db, lotId)
    },
  }
}

export type LotsService = ReturnType<typeof createLotsService>
