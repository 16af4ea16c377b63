import { beforeAll, describe, expect, it } from 'vitest'
import { COOP, createTestApp, type TestApp } from '../test-support'
import { toFtsQuery } from './catalog.search'

const CATALOGUE = [
  { name: 'Nước mắm cá cơm Phú Quốc', sku: 'NM-PQ-500', price: 125000, category: 'ocop.food', barcode: '8930000000011' },
  { name: 'Nước mắm nhĩ Cát Hải', sku: 'NM-CH-1L', price: 180000, category: 'ocop.food' },
  { name: 'Đậu phộng rang muối', sku: 'DP-200', price: 45000, category: 'ocop.food' },
  { name: 'Mật ong hoa nhãn Hưng Yên', sku: 'MO-HY', price: 220000, category: 'ocop.food' },
  { name: 'Chè Shan tuyết cổ thụ', sku: 'CHE-ST', price: 350000, category: 'ocop.beverage' },
  { name: 'Gốm Bát Tràng men lam', sku: 'GOM-BT-01', price: 540000, category: 'ocop.handicraft' },
  { name: 'Bánh đa nem Làng Chều', sku: 'BDN-01', price: 30000, category: 'Bánh kẹo' },
  { name: 'Mắm tôm Ba Làng', sku: 'MT-BL', price: 40000, category: 'ocop.food', description: 'Dùng kèm nước mắm' },
  { name: 'Rượu nếp cái hoa vàng', sku: 'NM-RUOU', price: 150000, category: 'ocop.beverage' },
]

let app: TestApp
const idOf = new Map<string, string>()

beforeAll(async () => {
  app = await createTestApp()
  await app.ok('sellers.createSeller', COOP)
  for (const p of CATALOGUE) {
    const created = await app.ok('catalog.createProduct', {
      name: p.name,
      category: p.category,
      description: p.description,
      variants: [{ sku: p.sku, unit: 'chai', priceVnd: p.price, barcode: p.barcode }],
    })
    idOf.set(p.name, created.id)
    app.clock.advance(1000)
  }
})

async function names(query: string, extra: Record<string, unknown> = {}): Promise<string[]> {
  return (await app.ok('catalog.searchProducts', { query, ...extra })).items.map((i) => i.name)
}

describe('product search', () => {
  it('finds Vietnamese names typed without diacritics, including đ', async () => {
    expect(await names('nuoc mam ca com')).toEqual(['Nước mắm cá cơm Phú Quốc'])
    expect(await names('dau phong')).toEqual(['Đậu phộng rang muối'])
    expect(await names('DAU PHONG')).toEqual(['Đậu phộng rang muối'])
    expect(await names('Đậu Phộng')).toEqual(['Đậu phộng rang muối'])
    expect(await names('banh da nem')).toEqual(['Bánh đa nem Làng Chều'])
  })

  it('matches every word as a prefix while the user is typing', async () => {
    expect(await names('mat o')).toEqual(['Mật ong hoa nhãn Hưng Yên'])
    expect(await names('che shan tuy')).toEqual(['Chè Shan tuyết cổ thụ'])
    expect(await names('gom bat tr')).toEqual(['Gốm Bát Tràng men lam'])
  })

  it('accepts decomposed (NFD) input as typed on some keyboards', async () => {
    expect(await names('Nước mắm nhĩ'.normalize('NFD'))).toEqual(['Nước mắm nhĩ Cát Hải'])
  })

  it('ranks a match in the name above a match in the description', async () => {
    const found = await names('nuoc mam')
    expect(found.slice(0, 2).sort()).toEqual(['Nước mắm cá cơm Phú Quốc', 'Nước mắm nhĩ Cát Hải'])
    expect(found.at(-1)).toBe('Mắm tôm Ba Làng')
  })

  it('lists an exact SKU or barcode match first, even above better text matches', async () => {
    const bySku = await app.ok('catalog.searchProducts', { query: 'nm-ruou' })
    expect(bySku.items[0]).toMatchObject({ name: 'Rượu nếp cái hoa vàng', matchedBy: 'sku' })
    const byBarcode = await app.ok('catalog.searchProducts', { query: '8930000000011' })
    expect(byBarcode.items.map((i) => [i.name, i.matchedBy])).toEqual([['Nước mắm cá cơm Phú Quốc', 'barcode']])
    expect(byBarcode.total).toBe(1)
  })

  it('finds products by category name and by SKU words', async () => {
    expect((await names('thu cong my nghe')).includes('Gốm Bát Tràng men lam')).toBe(true)
    expect(await names('gom bt')).toEqual(['Gốm Bát Tràng men lam'])
  })

  it('pages through results without repeating or losing any, exact hits included', async () => {
    const all = await app.ok('catalog.searchProducts', { query: 'nm', limit: 100 })
    const seen: string[] = []
    for (let offset = 0; offset < all.total; offset += 2) {
      const page = await app.ok('catalog.searchProducts', { query: 'nm', limit: 2, offset })
      expect(page.total).toBe(all.total)
      seen.push(...page.items.map((i) => i.id))
    }
    expect(seen).toEqual(all.items.map((i) => i.id))
    expect(new Set(seen).size).toBe(seen.length)
  })

  it('filters by status, category and seller, and sorts by name or price', async () => {
    expect(await names('', { category: 'ocop.beverage', sort: 'name' })).toEqual(['Chè Shan tuyết cổ thụ', 'Rượu nếp cái hoa vàng'])
    expect((await names('', { sort: 'price' }))[0]).toBe('Bánh đa nem Làng Chều')
    expect((await names('', { sort: 'price', direction: 'desc' }))[0]).toBe('Gốm Bát Tràng men lam')
    const other = await app.ok('sellers.createSeller', { name: 'Hộ ông Tuấn', kind: 'household' })
    expect(await names('', { sellerId: other.id })).toEqual([])
    expect((await app.ok('catalog.searchProducts', { query: '', status: 'draft' })).total).toBe(0)
    expect((await app.ok('catalog.searchProducts', { query: '' })).total).toBe(CATALOGUE.length)
  })

  it('keeps the index in step with renames', async () => {
    const id = idOf.get('Mắm tôm Ba Làng')!
    await app.ok('catalog.updateProduct', { id, name: 'Mắm tép Ba Làng' })
    expect(await names('mam tep')).toEqual(['Mắm tép Ba Làng'])
    expect(await names('mam tom')).toEqual([])
    await app.ok('catalog.updateProduct', { id, name: 'Mắm tôm Ba Làng' })
  })

  it('returns nothing, not everything, for a query of punctuation only', async () => {
    expect((await app.ok('catalog.searchProducts', { query: '%%' })).total).toBe(0)
  })
})

describe('toFtsQuery', () => {
  it('quotes each folded word as a prefix, so FTS syntax in the input is inert', () => {
    expect(toFtsQuery('Nước mắm "OR" NEAR(')).toBe('"nuoc"* "mam"* "or"* "near"*')
    expect(toFtsQuery('  ')).toBeNull()
  })
})
