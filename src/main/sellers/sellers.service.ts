import { AppError } from '@shared/contract/errors'
import type { SellerDto } from '@shared/contract/dto'
import type { createSellerInput, updateSellerInput } from '@shared/contract/inputs'
import type { z } from 'zod'
import { recordAudit } from '../audit/audit.repo'
import type { CallContext, ServiceDeps } from '../context'
import type { Db } from '../db/connection'
import { findDefaultSellerId, findSeller, findSellerByTaxCode, listSellerRows } from './sellers.repo'

type CreateSeller = z.output<typeof createSellerInput>
type UpdateSeller = z.output<typeof updateSellerInput>

export interface SellersService {
  create(input: CreateSeller, ctx: CallContext): Promise<SellerDto>
  update(input: UpdateSeller, ctx: CallContext): Promise<SellerDto>
  list(): Promise<SellerDto[]>
  setDefault(id: string, ctx: CallContext): Promise<SellerDto>
  /** The seller new products belong to when none is named; NOT_FOUND before first-run setup. */
  defaultSellerId(db?: Db): Promise<string>
}

export function createSellersService({ db, clock, newId }: ServiceDeps): SellersService {
  async function assertTaxCodeFree(trx: Db, taxCode: string | null, exceptId?: string): Promise<void> {
    if (!taxCode) return
    const holder = await findSellerByTaxCode(trx, taxCode)
    if (holder && holder.id !== exceptId) {
      throw new AppError('CONFLICT', `Tax code ${taxCode} already belongs to seller ${holder.name}`, {
        issues: [{ path: ['taxCode'], code: 'tax_code_taken', message: 'Tax code already registered', params: { name: holder.name } }],
      })
    }
  }

  async function mustFind(trx: Db, id: string): Promise<SellerDto> {
    const seller = await findSeller(trx, id)
    if (!seller) throw new AppError('NOT_FOUND', `No seller ${id}`, { entity: 'seller', id })
    return seller
  }

  return {
    async create(input, ctx) {
      return db.transaction().execute(async (trx) => {
        await assertTaxCodeFree(trx, input.taxCode)
        const now = clock.isoNow()
        const id = newId('seller')
        const isFirst = (await findDefaultSellerId(trx)) === undefined
        await trx
          .insertInto('seller')
          .values({
            id,
            kind: input.kind,
            name: input.name,
            tax_code: input.taxCode,
            representative: input.representative,
            phone: input.phone,
            email: input.email,
            address: input.address,
            bank_name: input.bankName,
            bank_account_number: input.bankAccountNumber,
            bank_account_name: input.bankAccountName,
            bank_bin: input.bankBin,
            is_default: isFirst ? 1 : 0,
            created_at: now,
            updated_at: now,
          })
          .execute()
        const created = await mustFind(trx, id)
        await recordAudit(trx, newId, { entityType: 'seller', entityId: id, action: 'create', actor: ctx.actor, at: now, before: null, after: created })
        return created
      })
    },

    async update(input, ctx) {
      return db.transaction().execute(async (trx) => {
        const before = await mustFind(trx, input.id)
        if (input.taxCode !== undefined) await assertTaxCodeFree(trx, input.taxCode, input.id)
        const now = clock.isoNow()
        await trx
          .updateTable('seller')
          .set({
            ...(input.kind !== undefined && { kind: input.kind }),
            ...(input.name !== undefined && { name: input.name }),
            ...(input.taxCode !== undefined && { tax_code: input.taxCode }),
            ...(input.representative !== undefined && { representative: input.representative }),
            ...(input.phone !== undefined && { phone: input.phone }),
            ...(input.email !== undefined && { email: input.email }),
            ...(input.address !== undefined && { address: input.address }),
            ...(input.bankName !== undefined && { bank_name: input.bankName }),
            ...(input.bankAccountNumber !== undefined && { bank_account_number: input.bankAccountNumber }),
            ...(input.bankAccountName !== undefined && { bank_account_name: input.bankAccountName }),
            ...(input.bankBin !== undefined && { bank_bin: input.bankBin }),
            updated_at: now,
          })
          .where('id', '=', input.id)
          .execute()
        const after = await mustFind(trx, input.id)
        await recordAudit(trx, newId, { entityType: 'seller', entityId: input.id, action: 'update', actor: ctx.actor, at: now, before, after })
        return after
      })
    },

    list: () => listSellerRows(db),

    async setDefault(id, ctx) {
      return db.transaction().execute(async (trx) => {
        const before = await mustFind(trx, id)
        if (before.isDefault) return before
        const now = clock.isoNow()
        await trx.updateTable('seller').set({ is_default: 0, updated_at: now }).where('is_default', '=', 1).execute()
        await trx.updateTable('seller').set({ is_default: 1, updated_at: now }).where('id', '=', id).execute()
        const after = await mustFind(trx, id)
        await recordAudit(trx, newId, { entityType: 'seller', entityId: id, action: 'set_default', actor: ctx.actor, at: now, before, after })
        return after
      })
    },

    async defaultSellerId(trx = db) {
      const id = await findDefaultSellerId(trx)
      if (!id) throw new AppError('NOT_FOUND', 'No seller is set up yet: create the cooperative’s seller first', { entity: 'seller', reason: 'no_default_seller' })
      return id
    },
  }
}
