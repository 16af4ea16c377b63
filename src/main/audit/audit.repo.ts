import type { AuditEntryDto } from '@shared/contract/dto'
import type { Db } from '../db/connection'
import type { IdFactory } from '../ids'

export interface AuditRecord {
  readonly entityType: 'seller' | 'product' | 'ocop_certificate' | 'lot' | 'settings' | 'customer' | 'order' | 'stock'
  readonly entityId: string
  readonly action: string
  readonly actor: string
  readonly at: string
  readonly before: unknown
  readonly after: unknown
}

/** Append-only: history is never rewritten. Call it inside the transaction that made the change. */
export async function recordAudit(db: Db, newId: IdFactory, entry: AuditRecord): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId('audit'),
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      action: entry.action,
      actor: entry.actor,
      at: entry.at,
      before_json: entry.before === null || entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === null || entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute()
}

export async function listAudit(db: Db, entityId: string, limit: number): Promise<AuditEntryDto[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_id', '=', entityId)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    entityType: r.entity_type,
    entityId: r.entity_id,
    action: r.action,
    actor: r.actor,
    at: r.at,
    before: r.before_json === null ? null : (JSON.parse(r.before_json) as unknown),
    after: r.after_json === null ? null : (JSON.parse(r.after_json) as unknown),
  }))
}
