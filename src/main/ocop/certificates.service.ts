/**
 * The OCOP certificate registry. Rules live in domain/ocop-certificate (shared with the form);
 * this service applies them with today's date in Vietnam, stores, audits, and answers "what
 * may this product claim today" for every other feature (labels, exports, listings).
 */
import type { z } from 'zod'
import { AppError, type ValidationIssue } from '@shared/contract/errors'
import type { ProductOcopDto } from '@shared/contract/dto'
import type { attachScanInput } from '@shared/contract/media'
import type { CertificateDto, createCertificateInput, ExpiryAlertsDto, expiryAlertsInput, updateCertificateInput } from '@shared/contract/ocop'
import { addDays, todayInVietnam } from '@shared/domain/calendar'
import {
  certificateState,
  defaultExpiry,
  effectiveOcopCertificate,
  issuingLevelForStar,
  validateCertificate,
  type Issue,
  type OcopStar,
} from '@shared/domain/ocop-certificate'
import { recordAudit } from '../audit/audit.repo'
import type { CallContext, ServiceDeps } from '../context'
import type { Db } from '../db/connection'
import type { OcopCertificateRow } from '../db/schema'
import type { MediaService } from '../media/media.service'

type CreateCertificate = z.output<typeof createCertificateInput>
type UpdateCertificate = z.output<typeof updateCertificateInput>
type ExpiryAlertsInput = z.output<typeof expiryAlertsInput>
type AttachScan = z.output<typeof attachScanInput>

type CertificateRowWithProduct = OcopCertificateRow & { product_name: string; scan_mime: string | null; scan_kind: 'image' | 'document' | null }

function issuesToValidation(issues: readonly Issue[]): ValidationIssue[] {
  // The form's field names are the contract's, except the group.
  return issues.map((i) => ({
    path: [i.field === 'ocopGroup' ? 'group' : i.field],
    code: i.reason,
    message: `${i.field}: ${i.reason}`,
    ...(i.params ? { params: i.params } : {}),
  }))
}

function toDto(row: CertificateRowWithProduct, today: string): CertificateDto {
  const state = certificateState(row.expiry_date, today)
  const { warnings } = validateCertificate(
    {
      certificateNumber: row.certificate_number,
      stars: row.stars,
      totalScore: row.total_score,
      ocopGroup: row.ocop_group,
      subgroup: row.subgroup,
      issuingLevel: row.issuing_level,
      issueDate: row.issue_date,
      expiryDate: row.expiry_date,
      decisionNumber: row.decision_number,
      decisionDate: row.decision_date,
    },
    // Warnings are about the record, not about when it was typed in: judge them as of issue.
    { today: row.issue_date > today ? row.issue_date : today },
  )
  return {
    id: row.id,
    productId: row.product_id,
    productName: row.product_name,
    stars: row.stars,
    totalScore: row.total_score,
    group: row.ocop_group,
    subgroup: row.subgroup,
    certificateNumber: row.certificate_number,
    decisionNumber: row.decision_number,
    decisionDate: row.decision_date,
    issuingLevel: row.issuing_level,
    issuingAuthority: row.issuing_authority,
    issueDate: row.issue_date,
    expiryDate: row.expiry_date,
    notes: row.notes,
    scan: row.scan_media_key ? { mediaKey: row.scan_media_key, mime: row.scan_mime ?? 'application/octet-stream', kind: row.scan_kind ?? 'document', altText: null } : null,
    state: state.state === 'revoked' ? 'expired' : state.state,
    daysLeft: state.daysLeft,
    alertWindow: state.window,
    warnings: warnings.filter((w) => w.reason !== 'already_expired'),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

function certificateQuery(db: Db) {
  return db
    .selectFrom('ocop_certificate as c')
    .innerJoin('product as p', 'p.id', 'c.product_id')
    .leftJoin('media as m', 'm.key', 'c.scan_media_key')
    .selectAll('c')
    .select(['p.name as product_name', 'm.mime as scan_mime', 'm.kind as scan_kind'])
}

/**
 * What each product may claim today, for lists, labels, exports and listings. Products with no
 * certificate get state `none`; with only lapsed ones `expired` and no stars.
 */
export async function productOcopStanding(db: Db, productIds: readonly string[], today: string): Promise<Map<string, ProductOcopDto>> {
  const out = new Map<string, ProductOcopDto>()
  if (productIds.length === 0) return out
  const rows = await db
    .selectFrom('ocop_certificate')
    .select(['product_id', 'stars', 'issue_date', 'expiry_date'])
    .where('product_id', 'in', [...productIds])
    .execute()
  const byProduct = new Map<string, typeof rows>()
  for (const r of rows) byProduct.set(r.product_id, [...(byProduct.get(r.product_id) ?? []), r])
  for (const id of productIds) {
    const certs = (byProduct.get(id) ?? []).map((r) => ({ stars: r.stars, issueDate: r.issue_date, expiryDate: r.expiry_date }))
    if (certs.length === 0) {
      out.set(id, { stars: null, state: 'none', expiryDate: null, daysLeft: null })
      continue
    }
    const best = effectiveOcopCertificate(certs, today)
    if (best) {
      const s = certificateState(best.expiryDate, today)
      out.set(id, { stars: best.stars as OcopStar, state: s.state === 'valid' ? 'valid' : 'expiring', expiryDate: best.expiryDate, daysLeft: s.daysLeft })
    } else {
      const latest = certs.reduce((a, b) => (b.expiryDate > a.expiryDate ? b : a))
      out.set(id, { stars: null, state: 'expired', expiryDate: latest.expiryDate, daysLeft: certificateState(latest.expiryDate, today).daysLeft })
    }
  }
  return out
}

export function createCertificatesService(deps: ServiceDeps, media: MediaService) {
  const { db, clock, newId } = deps
  const today = () => todayInVietnam(clock.now())

  async function load(trx: Db, id: string): Promise<CertificateRowWithProduct> {
    const row = await certificateQuery(trx).where('c.id', '=', id).executeTakeFirst()
    if (!row) throw new AppError('NOT_FOUND', `No OCOP certificate ${id}`, { entity: 'certificate', id })
    return row
  }

  function check(values: {
    stars: number
    totalScore: number | null
    group: string
    subgroup: string | null
    certificateNumber: string
    decisionNumber: string | null
    decisionDate: string | null
    issuingLevel: string
    issueDate: string
    expiryDate: string
  }): void {
    const { errors } = validateCertificate({ ...values, ocopGroup: values.group }, { today: today() })
    if (errors.length > 0) {
      const issues = issuesToValidation(errors)
      throw new AppError('VALIDATION', `Invalid certificate: ${issues.map((i) => i.code).join(', ')}`, { issues })
    }
  }

  async function numberTaken(trx: Db, number: string, exceptId?: string): Promise<void> {
    let q = trx.selectFrom('ocop_certificate as c').innerJoin('product as p', 'p.id', 'c.product_id').select(['c.id', 'p.name']).where(
      (eb) => eb.fn('lower', ['c.certificate_number']),
      '=',
      number.toLowerCase(),
    )
    if (exceptId) q = q.where('c.id', '!=', exceptId)
    const other = await q.executeTakeFirst()
    if (other) {
      throw new AppError('CONFLICT', `Certificate number ${number} is already registered (${other.name})`, {
        reason: 'certificate_number_taken',
        issues: [{ path: ['certificateNumber'], code: 'certificate_number_taken', message: 'taken', params: { product: other.name } }],
      })
    }
  }

  function snapshot(row: OcopCertificateRow) {
    const { created_at: _c, updated_at: _u, ...rest } = row
    return rest
  }

  return {
    async create(input: CreateCertificate, ctx: CallContext): Promise<CertificateDto> {
      const values = {
        ...input,
        issuingLevel: input.issuingLevel ?? issuingLevelForStar(input.stars),
        expiryDate: input.expiryDate ?? defaultExpiry(input.issueDate),
      }
      check(values)
      const id = await db.transaction().execute(async (trx) => {
        const product = await trx.selectFrom('product').select(['id', 'archived_at']).where('id', '=', input.productId).executeTakeFirst()
        if (!product) throw new AppError('NOT_FOUND', `No product ${input.productId}`, { entity: 'product', id: input.productId })
        await numberTaken(trx, values.certificateNumber)
        const id = newId('certificate')
        const now = clock.isoNow()
        await trx
          .insertInto('ocop_certificate')
          .values({
            id,
            product_id: input.productId,
            stars: values.stars,
            total_score: values.totalScore,
            ocop_group: values.group,
            subgroup: values.subgroup,
            certificate_number: values.certificateNumber,
            decision_number: values.decisionNumber,
            decision_date: values.decisionDate,
            issuing_level: values.issuingLevel,
            issuing_authority: values.issuingAuthority,
            issue_date: values.issueDate,
            expiry_date: values.expiryDate,
            scan_media_key: null,
            notes: values.notes,
            version: 1,
            created_at: now,
            updated_at: now,
          })
          .execute()
        const row = await load(trx, id)
        await recordAudit(trx, newId, { entityType: 'ocop_certificate', entityId: id, action: 'create', actor: ctx.actor, at: now, before: null, after: snapshot(row) })
        await recordAudit(trx, newId, {
          entityType: 'product',
          entityId: input.productId,
          action: 'certificate_add',
          actor: ctx.actor,
          at: now,
          before: null,
          after: { certificateId: id, stars: values.stars, certificateNumber: values.certificateNumber, expiryDate: values.expiryDate },
        })
        return id
      })
      return toDto(await load(db, id), today())
    },

    async update(input: UpdateCertificate, ctx: CallContext): Promise<CertificateDto> {
      await db.transaction().execute(async (trx) => {
        const before = await load(trx, input.id)
        if (input.expectedVersion !== undefined && input.expectedVersion !== before.version) {
          throw new AppError('CONFLICT', 'Someone changed this certificate meanwhile; reload it', { reason: 'version_mismatch', current: before.version })
        }
        const stars = input.stars ?? before.stars
        const issueDate = input.issueDate ?? before.issue_date
        const values = {
          stars,
          totalScore: input.totalScore === undefined ? before.total_score : input.totalScore,
          group: input.group ?? before.ocop_group,
          subgroup: input.subgroup === undefined ? before.subgroup : input.subgroup,
          certificateNumber: input.certificateNumber ?? before.certificate_number,
          decisionNumber: input.decisionNumber === undefined ? before.decision_number : input.decisionNumber,
          decisionDate: input.decisionDate === undefined ? before.decision_date : input.decisionDate,
          // A changed star moves the level with it unless the caller set one.
          issuingLevel: input.issuingLevel ?? (input.stars !== undefined ? issuingLevelForStar(stars) : before.issuing_level),
          issuingAuthority: input.issuingAuthority === undefined ? before.issuing_authority : input.issuingAuthority,
          issueDate,
          // A new issue date without an expiry means a renewal: the default validity again.
          expiryDate: input.expiryDate ?? (input.issueDate !== undefined && input.issueDate !== before.issue_date ? defaultExpiry(issueDate) : before.expiry_date),
          notes: input.notes === undefined ? before.notes : input.notes,
        }
        check(values)
        if (values.certificateNumber.toLowerCase() !== before.certificate_number.toLowerCase()) await numberTaken(trx, values.certificateNumber, before.id)
        const now = clock.isoNow()
        await trx
          .updateTable('ocop_certificate')
          .set({
            stars: values.stars as OcopStar,
            total_score: values.totalScore,
            ocop_group: values.group,
            subgroup: values.subgroup,
            certificate_number: values.certificateNumber,
            decision_number: values.decisionNumber,
            decision_date: values.decisionDate,
            issuing_level: values.issuingLevel,
            issuing_authority: values.issuingAuthority,
            issue_date: values.issueDate,
            expiry_date: values.expiryDate,
            notes: values.notes,
            version: before.version + 1,
            updated_at: now,
          })
          .where('id', '=', before.id)
          .execute()
        const after = await load(trx, before.id)
        await recordAudit(trx, newId, { entityType: 'ocop_certificate', entityId: before.id, action: 'update', actor: ctx.actor, at: now, before: snapshot(before), after: snapshot(after) })
      })
      return toDto(await load(db, input.id), today())
    },

    async remove(id: string, ctx: CallContext): Promise<CertificateDto> {
      return db.transaction().execute(async (trx) => {
        const before = await load(trx, id)
        await trx.deleteFrom('ocop_certificate').where('id', '=', id).execute()
        const now = clock.isoNow()
        await recordAudit(trx, newId, { entityType: 'ocop_certificate', entityId: id, action: 'delete', actor: ctx.actor, at: now, before: snapshot(before), after: null })
        await recordAudit(trx, newId, {
          entityType: 'product',
          entityId: before.product_id,
          action: 'certificate_remove',
          actor: ctx.actor,
          at: now,
          before: { certificateId: id, stars: before.stars, certificateNumber: before.certificate_number },
          after: null,
        })
        return toDto(before, today())
      })
    },

    async list(productId: string): Promise<CertificateDto[]> {
      const product = await db.selectFrom('product').select('id').where('id', '=', productId).executeTakeFirst()
      if (!product) throw new AppError('NOT_FOUND', `No product ${productId}`, { entity: 'product', id: productId })
      const rows = await certificateQuery(db).where('c.product_id', '=', productId).orderBy('c.expiry_date', 'desc').orderBy('c.id').execute()
      const t = today()
      return rows.map((r) => toDto(r, t))
    },

    async attachScan(input: AttachScan, ctx: CallContext): Promise<CertificateDto> {
      await load(db, input.certificateId)
      const ingested = await media.ingestDocument(input.files[0]!)
      await db.transaction().execute(async (trx) => {
        const before = await load(trx, input.certificateId)
        await media.recordMedia(trx, [ingested])
        const now = clock.isoNow()
        await trx.updateTable('ocop_certificate').set({ scan_media_key: ingested.key, updated_at: now }).where('id', '=', before.id).execute()
        await recordAudit(trx, newId, {
          entityType: 'ocop_certificate',
          entityId: before.id,
          action: 'scan_attach',
          actor: ctx.actor,
          at: now,
          before: { scanMediaKey: before.scan_media_key },
          after: { scanMediaKey: ingested.key, fileName: ingested.originalName },
        })
      })
      return toDto(await load(db, input.certificateId), today())
    },

    async removeScan(id: string, ctx: CallContext): Promise<CertificateDto> {
      await db.transaction().execute(async (trx) => {
        const before = await load(trx, id)
        const now = clock.isoNow()
        await trx.updateTable('ocop_certificate').set({ scan_media_key: null, updated_at: now }).where('id', '=', id).execute()
        await recordAudit(trx, newId, { entityType: 'ocop_certificate', entityId: id, action: 'scan_remove', actor: ctx.actor, at: now, before: { scanMediaKey: before.scan_media_key }, after: null })
      })
      return toDto(await load(db, id), today())
    },

    /**
     * Expired and soon-expiring certificates of live products. A certificate the product has
     * already renewed (another one issued later) is history, not an alert.
     */
    async expiryAlerts(input: ExpiryAlertsInput): Promise<ExpiryAlertsDto> {
      const t = today()
      const horizon = addDays(t, input.withinDays)
      const rows = await certificateQuery(db)
        .where('p.status', '!=', 'archived')
        .where('c.expiry_date', '<=', horizon)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('ocop_certificate as newer')
                .select('newer.id')
                .whereRef('newer.product_id', '=', 'c.product_id')
                .whereRef('newer.issue_date', '>', 'c.issue_date')
                .whereRef('newer.expiry_date', '>', 'c.expiry_date'),
            ),
          ),
        )
        .orderBy('c.expiry_date')
        .orderBy('c.id')
        .execute()
      const items = rows.map((r) => toDto(r, t))
      const counts = { expired: 0, within30: 0, within90: 0, within180: 0 }
      for (const item of items) {
        if (item.state === 'expired') counts.expired++
        else if (item.alertWindow === 30) counts.within30++
        else if (item.alertWindow === 90) counts.within90++
        else if (item.alertWindow === 180) counts.within180++
      }
      return { asOf: t, counts, items }
    },
  }
}

export type CertificatesService = ReturnType<typeof createCertificatesService>
