import { describe, expect, it } from 'vitest'
import { COOP, createTestApp } from '../test-support'

describe('sellers', () => {
  it('makes the first seller the default one, and lists the default first', async () => {
    const app = await createTestApp()
    const coop = await app.ok('sellers.createSeller', COOP)
    const household = await app.ok('sellers.createSeller', { name: 'Hộ ông Nguyễn Văn Tuấn', kind: 'household', phone: '0912 345 678' })
    expect(coop.isDefault).toBe(true)
    expect(household.isDefault).toBe(false)
    expect(household.phone).toBe('0912345678')
    const list = await app.ok('sellers.listSellers', {})
    expect(list.map((s) => s.name)).toEqual([COOP.name, 'Hộ ông Nguyễn Văn Tuấn'])
  })

  it('accepts each kind of OCOP seller', async () => {
    const app = await createTestApp()
    for (const kind of ['cooperative', 'household', 'enterprise', 'cooperative_group'] as const) {
      expect((await app.ok('sellers.createSeller', { name: `Chủ thể ${kind}`, kind })).kind).toBe(kind)
    }
  })

  it('refuses a malformed tax code, phone or email with field-level issues', async () => {
    const app = await createTestApp()
    const result = await app.call('sellers.createSeller', { name: 'HTX B', kind: 'cooperative', taxCode: '12345', phone: '123', email: 'not-an-email' })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('VALIDATION')
    const issues = (result.error.details as { issues: { path: string[]; code: string }[] }).issues
    expect(issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['taxCode', 'tax_code_format'],
      ['phone', 'phone_format'],
      ['email', 'email_format'],
    ])
  })

  it('refuses an unknown kind and an empty name', async () => {
    const app = await createTestApp()
    const result = await app.call('sellers.createSeller', { name: '  ', kind: 'company' as 'cooperative' })
    expect(result.ok || result.error.code).toBe('VALIDATION')
  })

  it('refuses a second seller with the same tax code (CONFLICT), and writes nothing', async () => {
    const app = await createTestApp()
    await app.ok('sellers.createSeller', COOP)
    const again = await app.call('sellers.createSeller', { ...COOP, name: 'Another' })
    expect(again.ok || again.error.code).toBe('CONFLICT')
    expect(await app.ok('sellers.listSellers', {})).toHaveLength(1)
  })

  it('updates only the fields given, records who changed what, and can move the default', async () => {
    const app = await createTestApp()
    const coop = await app.ok('sellers.createSeller', COOP)
    const other = await app.ok('sellers.createSeller', { name: 'Tổ hợp tác Mây tre', kind: 'cooperative_group' })
    app.clock.advance(1000)
    const updated = await app.ok('sellers.updateSeller', { id: coop.id, bankName: 'Agribank', bankAccountNumber: '1500 2050 12345', representative: 'Nguyễn Thị Lan' })
    expect(updated).toMatchObject({ name: COOP.name, bankName: 'Agribank', bankAccountNumber: '1500205012345', representative: 'Nguyễn Thị Lan' })
    expect(updated.updatedAt > coop.updatedAt).toBe(true)
    const history = await app.ok('audit.listEntries', { entityId: coop.id })
    expect(history.map((h) => h.action)).toEqual(['update', 'create'])
    expect(history[0]).toMatchObject({ actor: 'tester', before: { bankName: null }, after: { bankName: 'Agribank' } })

    await app.ok('sellers.setDefaultSeller', { id: other.id })
    const list = await app.ok('sellers.listSellers', {})
    expect(list.filter((s) => s.isDefault).map((s) => s.id)).toEqual([other.id])
  })

  it('answers NOT_FOUND for an unknown seller', async () => {
    const app = await createTestApp()
    const result = await app.call('sellers.updateSeller', { id: 'sel_nope', name: 'X' })
    expect(result.ok || result.error.code).toBe('NOT_FOUND')
  })
})
