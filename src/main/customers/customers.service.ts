/**
 * Customers: a name, the phone the shop knows them by (the contract stores every spelling as
 * 0912345678, so +84 and 0 forms match), addresses in the two-tier units, notes. Two customers
 * may share a phone (a family's phone): that is flagged on both, never refused.
 */
import { sql } from 'kysely'
import type { z } from 'zod'
import { AppError } from '@shared/contract/errors'
import type { AddressDto, createCustomerInput, CustomerDto, searchCustomersInput, updateCustomerInput } from '@shared/contract/orders'
import { phoneSearchKey } from '@shared/domain/phone'
import { foldVietnamese } from '@shared/domain/vietnamese'
import { recordAudit } from '../audit/audit.repo'
import { likeWordStart } from '../db/like'
import type { CallContext, ServiceDeps } from '../context'
import type { Db } from '../db/connection'
import type { CustomerAddressRow, CustomerRow } from '../db/schema'
import type { AddressBook } from './address-book'

type CreateCustomer = z.output<typeof createCustomerInput>
type UpdateCustomer = z.output<typeof updateCustomerInput>
type SearchCustomers = z.output<typeof searchCustomersInput>
type AddressDraft = CreateCustomer['addresses'][number]

export function createCustomersService(deps: ServiceDeps, addresses: AddressBook) {
  const { db, clock, newId } = deps

  function addressToDto(row: CustomerAddressRow): AddressDto {
    return {
      id: row.id,
      label: row.label,
      recipientName: row.recipient_name,
      recipientPhone: row.recipient_phone,
      street: row.street,
      wardCode: row.ward_code,
      wardName: row.ward_name,
      provinceCode: row.province_code,
      provinceName: row.province_name,
      legacyText: row.legacy_text,
      isDefault: row.is_default === 1,
      text: addresses.format({ street: row.street, wardCode: row.ward_code, legacyText: row.legacy_text }),
    }
  }

  async function toDtos(trx: Db, rows: readonly CustomerRow[]): Promise<CustomerDto[]> {
    if (rows.length === 0) return []
    const ids = rows.map((r) => r.id)
    const phones = [...new Set(rows.flatMap((r) => (r.phone ? [r.phone] : [])))]
    const [addressRows, sharing, counts] = await Promise.all([
      trx.selectFrom('customer_address').selectAll().where('customer_id', 'in', ids).orderBy('customer_id').orderBy('position').execute(),
      phones.length
        ? trx.selectFrom('customer').select(['id', 'name', 'phone']).where('phone', 'in', phones).where('archived_at', 'is', null).execute()
        : Promise.resolve([]),
      trx.selectFrom('sales_order').select(['customer_id', sql<number>`count(*)`.as('n')]).where('customer_id', 'in', ids).groupBy('customer_id').execute(),
    ])
    const countOf = new Map(counts.map((c) => [c.customer_id, c.n]))
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      phone: r.phone,
      email: r.email,
      notes: r.notes,
      addresses: addressRows.filter((a) => a.customer_id === r.id).map(addressToDto),
      samePhone: r.phone ? sharing.filter((s) => s.phone === r.phone && s.id !== r.id).map((s) => ({ id: s.id, name: s.name })) : [],
      orderCount: countOf.get(r.id) ?? 0,
      version: r.version,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }))
  }

  async function load(trx: Db, id: string): Promise<CustomerRow> {
    const row = await trx.selectFrom('customer').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw new AppError('NOT_FOUND', `No customer ${id}`, { entity: 'customer', id })
    return row
  }

  /** The full list replaces the old one; a ward code must exist in the dataset. */
  async function writeAddresses(trx: Db, customerId: string, drafts: readonly AddressDraft[], now: string): Promise<void> {
    drafts.forEach((a, i) => {
      if (a.wardCode && !addresses.ward(a.wardCode)) {
        throw new AppError('VALIDATION', `Unknown commune/ward code ${a.wardCode}`, {
          issues: [{ path: ['addresses', i, 'wardCode'], code: 'ward_unknown', message: 'unknown ward', params: { code: a.wardCode } }],
        })
      }
    })
    await trx.deleteFrom('customer_address').where('customer_id', '=', customerId).execute()
    const defaultIndex = Math.max(0, drafts.findIndex((a) => a.isDefault))
    for (const [position, a] of drafts.entries()) {
      const unit = a.wardCode ? addresses.ward(a.wardCode) : undefined
      await trx
        .insertInto('customer_address')
        .values({
          id: a.id && a.id.startsWith('adr_') ? a.id : newId('address'),
          customer_id: customerId,
          label: a.label,
          recipient_name: a.recipientName,
          recipient_phone: a.recipientPhone,
          street: a.street,
          ward_code: unit?.wardCode ?? null,
          ward_name: unit?.wardName ?? null,
          province_code: unit?.provinceCode ?? null,
          province_name: unit?.provinceName ?? null,
          legacy_text: a.legacyText,
          is_default: position === defaultIndex ? 1 : 0,
          position,
          created_at: now,
          updated_at: now,
        })
        .execute()
    }
  }

  return {
    async create(input: CreateCustomer, ctx: CallContext): Promise<CustomerDto> {
      const id = await db.transaction().execute(async (trx) => {
        const id = newId('customer')
        const now = clock.isoNow()
        await trx
          .insertInto('customer')
          .values({
            id,
            name: input.name,
            name_folded: foldVietnamese(input.name),
            phone: input.phone,
            email: input.email,
            notes: input.notes,
            version: 1,
            created_at: now,
            updated_at: now,
            archived_at: null,
          })
          .execute()
        await writeAddresses(trx, id, input.addresses, now)
        await recordAudit(trx, newId, { entityType: 'customer', entityId: id, action: 'create', actor: ctx.actor, at: now, before: null, after: input })
        return id
      })
      return (await toDtos(db, [await load(db, id)]))[0]!
    },

    async update(input: UpdateCustomer, ctx: CallContext): Promise<CustomerDto> {
      await db.transaction().execute(async (trx) => {
        const before = await load(trx, input.id)
        if (input.expectedVersion !== undefined && input.expectedVersion !== before.version) {
          throw new AppError('CONFLICT', 'Someone changed this customer meanwhile; reload it', { reason: 'version_mismatch', current: before.version })
        }
        const now = clock.isoNow()
        const name = input.name ?? before.name
        await trx
          .updateTable('customer')
          .set({
            name,
            name_folded: foldVietnamese(name),
            phone: input.phone === undefined ? before.phone : input.phone,
            email: input.email === undefined ? before.email : input.email,
            notes: input.notes === undefined ? before.notes : input.notes,
            version: before.version + 1,
            updated_at: now,
          })
          .where('id', '=', before.id)
          .execute()
        if (input.addresses) await writeAddresses(trx, before.id, input.addresses, now)
        await recordAudit(trx, newId, { entityType: 'customer', entityId: before.id, action: 'update', actor: ctx.actor, at: now, before, after: input })
      })
      return (await toDtos(db, [await load(db, input.id)]))[0]!
    },

    async get(id: string): Promise<CustomerDto> {
      return (await toDtos(db, [await load(db, id)]))[0]!
    },

    async search(input: SearchCustomers): Promise<{ items: CustomerDto[]; total: number }> {
      let q = db.selectFrom('customer').where('archived_at', 'is', null)
      const text = input.query.trim()
      if (text !== '') {
        const key = phoneSearchKey(text)
        if (key !== null && key.length >= 3) {
          q = q.where('phone', 'like', `%${key}%`)
        } else {
          const words = foldVietnamese(text).split(/\s+/).filter(Boolean)
          for (const w of words) q = q.where(likeWordStart(sql.ref('name_folded'), w))
        }
      }
      const total = (await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n
      const rows = await q.selectAll().orderBy('name_folded').orderBy('seq').limit(input.limit).offset(input.offset).execute()
      return { items: await toDtos(db, rows), total }
    },

    /** Snapshot for an order: the name and phone as they are today. */
    async snapshot(trx: Db, id: string): Promise<{ id: string; name: string; phone: string | null }> {
      const row = await load(trx, id)
      return { id: row.id, name: row.name, phone: row.phone }
    },
  }
}

export type CustomersService = ReturnType<typeof createCustomersService>
