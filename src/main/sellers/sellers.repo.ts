import { sql } from 'kysely'
import type { SellerDto } from '@shared/contract/dto'
import type { Db } from '../db/connection'
import type { SellerRow } from '../db/schema'

export function toSellerDto(row: SellerRow, productCount: number): SellerDto {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    taxCode: row.tax_code,
    representative: row.representative,
    phone: row.phone,
    email: row.email,
    address: row.address,
    bankName: row.bank_name,
    bankAccountNumber: row.bank_account_number,
    bankAccountName: row.bank_account_name,
    bankBin: row.bank_bin,
    isDefault: row.is_default === 1,
    productCount,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

function sellersWithCounts(db: Db) {
  return db
    .selectFrom('seller')
    .selectAll('seller')
    .select(
      sql<number>`(SELECT count(*) FROM product p WHERE p.seller_id = seller.id AND p.status != 'archived')`.as('product_count'),
    )
}

export async function findSeller(db: Db, id: string): Promise<SellerDto | undefined> {
  const row = await sellersWithCounts(db).where('seller.id', '=', id).executeTakeFirst()
  return row && toSellerDto(row, row.product_count)
}

export async function listSellerRows(db: Db): Promise<SellerDto[]> {
  const rows = await sellersWithCounts(db).orderBy('is_default', 'desc').orderBy('created_at').orderBy('id').execute()
  return rows.map((r) => toSellerDto(r, r.product_count))
}

export async function findDefaultSellerId(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('seller').select('id').where('is_default', '=', 1).executeTakeFirst()
  return row?.id
}

export async function findSellerByTaxCode(db: Db, taxCode: string): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('seller').select(['id', 'name']).where('tax_code', '=', taxCode).executeTakeFirst()
}
