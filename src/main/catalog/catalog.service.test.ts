import { describe, expect, it } from 'vitest'
import type { CreateProductInput } from '@shared/contract/inputs'
import { COOP, createTestApp, type TestApp } from '../test-support'

const FISH_SAUCE: CreateProductInput = {
  name: 'Nước mắm cá cơm Phú Quốc',
  description: 'Nước mắm truyền thống 40 độ đạm',
  category: 'ocop.food',
  variants: [
    { sku: 'NM-500', optionLabel: '500 ml', unit: 'chai', priceVnd: 125000, weightGrams: 700 },
    { sku: 'NM-1L', optionLabel: '1 lít', unit: 'chai', priceVnd: 220000, compareAtPriceVnd: 250000, barcode: '8934567890123' },
  ],
}

async function appWithSeller(): Promise<TestApp> {
  const app = await createTestApp()
  await app.ok('sellers.createSeller', COOP)
  return app
}

function errorOf(result: { ok: boolean; error?: unknown }) {
  expect(result.ok).toBe(false)
  return (result as { error: { code: string; message: string; details: { issues?: { path: (string | number)[]; code: string; params?: Record<string, unknown> }[]; reason?: string } } }).error
}

describe('catalog products', () => {
  it('creates a product with two variants for the default seller, in integer đồng', async () => {
    const app = await appWithSeller()
    const product = await app.ok('catalog.createProduct', FISH_SAUCE)
    expect(product.id).toMatch(/^prd_[0-9a-z]{26}$/)
    expect(product).toMatchObject({ name: FISH_SAUCE.name, status: 'active', version: 1, sellerName: COOP.name, category: 'ocop.food' })
    expect(product.variants.map((v) => [v.sku, v.priceVnd, v.position])).toEqual([
      ['NM-500', 125000, 0],
      ['NM-1L', 220000, 1],
    ])
    expect(product.variants[0]!.id).toMatch(/^var_/)
    expect(await app.ok('catalog.getProduct', { id: product.id })).toEqual(product)
  })

  it('accepts the minimal shape { name, variants: [{ sku, unit, priceVnd }] }', async () => {
    const app = await appWithSeller()
    const p = await app.ok('catalog.createProduct', { name: 'Rau muống', variants: [{ sku: 'RM-1', unit: 'bó', priceVnd: 10000 }] })
    expect(p.variants[0]).toMatchObject({ optionLabel: null, barcode: null, weightGrams: null, compareAtPriceVnd: null })
  })

  it('explains that the cooperative must be set up before the first product', async () => {
    const app = await createTestApp()
    const error = errorOf(await app.call('catalog.createProduct', FISH_SAUCE))
    expect(error.code).toBe('NOT_FOUND')
    expect(error.details.reason).toBe('no_default_seller')
  })

  it('refuses fractional prices, negative prices, a compare-at price not above the price, and bad SKUs', async () => {
    const app = await appWithSeller()
    const error = errorOf(
      await app.call('catalog.createProduct', {
        name: 'Mật ong',
        variants: [
          { sku: 'MO 1', unit: 'chai', priceVnd: 1.5 },
          { sku: 'MO-2', unit: 'chai', priceVnd: -1 },
          { sku: 'MO-3', unit: 'chai', priceVnd: 100000, compareAtPriceVnd: 90000 },
        ],
      }),
    )
    expect(error.code).toBe('VALIDATION')
    expect(error.details.issues!.map((i) => `${i.path.join('.')}:${i.code}`)).toEqual([
      'variants.0.sku:sku_format',
      'variants.0.priceVnd:invalid_type',
      'variants.1.priceVnd:too_small',
      'variants.2.compareAtPriceVnd:compare_at_not_higher',
    ])
    expect((await app.ok('catalog.searchProducts', { query: '' })).total).toBe(0)
  })

  it('refuses the same SKU twice in one product, ignoring case', async () => {
    const app = await appWithSeller()
    const error = errorOf(await app.call('catalog.createProduct', { name: 'Gạo', variants: [{ sku: 'G-1', unit: 'kg', priceVnd: 1 }, { sku: 'g-1', unit: 'kg', priceVnd: 2 }] }))
    expect(error.details.issues).toEqual([expect.objectContaining({ path: ['variants', 1, 'sku'], code: 'sku_repeated' })])
  })

  it('refuses an SKU a live variant of another product already has, naming that product', async () => {
    const app = await appWithSeller()
    await app.ok('catalog.createProduct', FISH_SAUCE)
    const error = errorOf(await app.call('catalog.createProduct', { name: 'Khác', variants: [{ sku: 'nm-500', unit: 'chai', priceVnd: 1 }] }))
    expect(error.code).toBe('CONFLICT')
    expect(error.details.issues![0]).toMatchObject({ path: ['variants', 0, 'sku'], code: 'sku_taken', params: { productName: FISH_SAUCE.name } })
    expect((await app.ok('catalog.searchProducts', { query: 'khac' })).total).toBe(0)
  })

  it('updates a price, bumps the version, and records the change with before and after', async () => {
    const app = await appWithSeller()
    const created = await app.ok('catalog.createProduct', FISH_SAUCE)
    app.clock.advance(60_000)
    const variants = created.variants.map((v) => (v.sku === 'NM-500' ? { ...v, priceVnd: 130000 } : v))
    const updated = await app.ok('catalog.updateProduct', { id: created.id, expectedVersion: 1, variants })
    expect(updated.version).toBe(2)
    expect(updated.variants[0]).toMatchObject({ id: created.variants[0]!.id, priceVnd: 130000 })
    expect(updated.updatedAt).toBe('2026-11-28T03:01:00.000Z')
    const [last] = await app.ok('audit.listEntries', { entityId: created.id })
    expect(last).toMatchObject({ action: 'update', actor: 'tester' })
    expect((last!.before as typeof created).variants[0]!.priceVnd).toBe(125000)
    expect((last!.after as typeof created).variants[0]!.priceVnd).toBe(130000)
  })

  it('refuses a stale edit with CONFLICT version_mismatch', async () => {
    const app = await appWithSeller()
    const created = await app.ok('catalog.createProduct', FISH_SAUCE)
    await app.ok('catalog.updateProduct', { id: created.id, name: 'Nước mắm nhĩ' })
    const error = errorOf(await app.call('catalog.updateProduct', { id: created.id, expectedVersion: 1, name: 'Cũ' }))
    expect(error.code).toBe('CONFLICT')
    expect(error.details.reason).toBe('version_mismatch')
  })

  it('does not bump the version or write history for an edit that changes nothing', async () => {
    const app = await appWithSeller()
    const created = await app.ok('catalog.createProduct', FISH_SAUCE)
    const same = await app.ok('catalog.updateProduct', { id: created.id, name: created.name, variants: created.variants })
    expect(same.version).toBe(1)
    expect(await app.ok('audit.listEntries', { entityId: created.id })).toHaveLength(1)
  })

  it('archives variants left out of the list, adds new ones, and lets two variants swap SKUs', async () => {
    const app = await appWithSeller()
    const created = await app.ok('catalog.createProduct', FISH_SAUCE)
    const [small, large] = created.variants
    const updated = await app.ok('catalog.updateProduct', {
      id: created.id,
      variants: [
        { ...large!, sku: 'NM-500' },
        { ...small!, sku: 'NM-1L' },
        { sku: 'NM-5L', optionLabel: 'Can 5 lít', unit: 'can', priceVnd: 900000 },
      ],
    })
    expect(updated.variants.map((v) => [v.id, v.sku])).toEqual([
      [large!.id, 'NM-500'],
      [small!.id, 'NM-1L'],
      [updated.variants[2]!.id, 'NM-5L'],
    ])
    const trimmed = await app.ok('catalog.updateProduct', { id: created.id, variants: [updated.variants[2]!] })
    expect(trimmed.variants.map((v) => v.sku)).toEqual(['NM-5L'])
    // The archived variants' SKUs are free again.
    await app.ok('catalog.createProduct', { name: 'Nước mắm mới', variants: [{ sku: 'NM-500', unit: 'chai', priceVnd: 1 }] })
  })

  it('refuses a variant id that belongs to another product', async () => {
    const app = await appWithSeller()
    const a = await app.ok('catalog.createProduct', FISH_SAUCE)
    const b = await app.ok('catalog.createProduct', { name: 'Mắm tôm', variants: [{ sku: 'MT-1', unit: 'hũ', priceVnd: 30000 }] })
    const error = errorOf(await app.call('catalog.updateProduct', { id: b.id, variants: [{ ...a.variants[0]! }] }))
    expect(error.details.issues![0]).toMatchObject({ code: 'variant_not_in_product' })
  })

  it('archives instead of deleting: gone from the live list, kept with its variants, SKUs freed; restore brings it back as a draft', async () => {
    const app = await appWithSeller()
    const created = await app.ok('catalog.createProduct', FISH_SAUCE)
    const archived = await app.ok('catalog.archiveProduct', { id: created.id })
    expect(archived).toMatchObject({ status: 'archived', version: 2 })
    expect(archived.archivedAt).not.toBeNull()
    expect(archived.variants).toHaveLength(2)
    expect((await app.ok('catalog.searchProducts', { query: 'nuoc mam' })).total).toBe(0)
    expect((await app.ok('catalog.searchProducts', { query: 'nuoc mam', status: 'archived' })).items.map((i) => i.id)).toEqual([created.id])
    const editArchived = errorOf(await app.call('catalog.updateProduct', { id: created.id, name: 'x' }))
    expect(editArchived.details.reason).toBe('product_archived')

    const restored = await app.ok('catalog.restoreProduct', { id: created.id })
    expect(restored).toMatchObject({ status: 'draft', archivedAt: null })
    expect(restored.variants.map((v) => v.sku)).toEqual(['NM-500', 'NM-1L'])
    expect((await app.ok('catalog.searchProducts', { query: 'nuoc mam' })).total).toBe(1)
  })

  it('will not restore a product whose SKU was taken meanwhile', async () => {
    const app = await appWithSeller()
    const created = await app.ok('catalog.createProduct', FISH_SAUCE)
    await app.ok('catalog.archiveProduct', { id: created.id })
    await app.ok('catalog.createProduct', { name: 'Nước mắm khác', variants: [{ sku: 'NM-1L', unit: 'chai', priceVnd: 1 }] })
    const error = errorOf(await app.call('catalog.restoreProduct', { id: created.id }))
    expect(error.code).toBe('CONFLICT')
    expect((await app.ok('catalog.getProduct', { id: created.id })).status).toBe('archived')
  })

  it('moves a product to another seller only if that seller exists', async () => {
    const app = await appWithSeller()
    const created = await app.ok('catalog.createProduct', FISH_SAUCE)
    const household = await app.ok('sellers.createSeller', { name: 'Hộ bà Hoa', kind: 'household' })
    expect((await app.ok('catalog.updateProduct', { id: created.id, sellerId: household.id })).sellerName).toBe('Hộ bà Hoa')
    expect(errorOf(await app.call('catalog.updateProduct', { id: created.id, sellerId: 'sel_nope' })).code).toBe('NOT_FOUND')
  })
})
