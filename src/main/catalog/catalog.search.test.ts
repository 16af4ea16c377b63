import { beforeAll, describe, expect, it } from 'vitest'
import { COOP, createTestApp, type TestApp } from '../test-support'
import { searchProductsInput } from '@shared/contract/inputs'
import { searchProducts, toFtsQuery } from './catalog.search'

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

  it('searches the archive by name, word by word, and finds archived SKUs exactly', async () => {
    const id = idOf.get('Bánh đa nem Làng Chều')!
    await app.ok('catalog.archiveProduct', { id })
    expect(await names('banh da', { status: 'archived' })).toEqual(['Bánh đa nem Làng Chều'])
    expect(await names('banh d', { status: 'archived' })).toEqual(['Bánh đa nem Làng Chều'])
    expect(await names('anh da', { status: 'archived' })).toEqual([])
    expect((await app.ok('catalog.searchProducts', { query: 'bdn-01', status: 'archived' })).items[0]?.matchedBy).toBe('sku')
    expect(await names('bdn-01')).toEqual([])
    await app.ok('catalog.restoreProduct', { id })
    await app.ok('catalog.updateProduct', { id, status: 'active' })
  })

  it('returns nothing, not everything, for a query of punctuation only', async () => {
    expect((await app.ok('catalog.searchProducts', { query: '%%' })).total).toBe(0)
  })
})

describe('toFtsQuery', () => {
  it('quotes each folded word, the last one (being typed) as a prefix, so FTS syntax in the input is inert', () => {
    expect(toFtsQuery('Nước mắm "OR" NEAR(')).toBe('"nuoc" "mam" "or" "near"*')
    expect(toFtsQuery('  ')).toBeNull()
  })
})

describe('broad queries', () => {
  it('above the ranking limit, lists name matches first, newest first, and pages through all matches exactly once', async () => {
    const broad = await createTestApp()
    await broad.ok('sellers.createSeller', COOP)
    const made: string[] = []
    for (let i = 0; i < 6; i++) {
      const p = await broad.ok('catalog.createProduct', { name: `Mật ong số ${i}`, variants: [{ sku: `MO-${i}`, unit: 'chai', priceVnd: 1000 + i }] })
      made.push(p.id)
    }
    const inDescription = await broad.ok('catalog.createProduct', { name: 'Phấn hoa', description: 'Lấy từ tổ mật ong', variants: [{ sku: 'PH-1', unit: 'hũ', priceVnd: 1 }] })
    const input = (offset: number, limit: number) => searchProductsInput.parse({ query: 'mat ong', offset, limit })
    const whole = await searchProducts(broad.database.db, input(0, 50), { rankLimit: 3 })
    expect(whole.total).toBe(7)
    expect(whole.items.map((i) => i.id)).toEqual([...made].reverse().concat(inDescription.id))
    const paged: string[] = []
    for (let offset = 0; offset < 7; offset += 2) paged.push(...(await searchProducts(broad.database.db, input(offset, 2), { rankLimit: 3 })).items.map((i) => i.id))
    expect(paged).toEqual(whole.items.map((i) => i.id))
    // Under the limit the same query is ranked by bm25 and finds the same products.
    const ranked = await searchProducts(broad.database.db, input(0, 50))
    expect(new Set(ranked.items.map((i) => i.id))).toEqual(new Set(whole.items.map((i) => i.id)))
  })
})
