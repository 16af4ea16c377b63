// Harvest/production lots through the real dispatcher (real SQLite in memory, real sharp).
// The test clock starts at 2026-11-28T03:00Z = 10:00 on 28 Nov 2026 in Vietnam.
import { rmSync } from 'node:fs'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Envelope } from '@shared/contract/errors'
import type { CreateLotInput } from '@shared/contract/lots'
import { newTraceCode } from '@shared/domain/trace'
import { photoJpeg } from '../media/test-fixtures'
import { COOP, createTestApp, type TestApp } from '../test-support'

const TRACE_CODE = /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

let PHOTO_A: Buffer
let PHOTO_B: Buffer
beforeAll(async () => {
  PHOTO_A = await photoJpeg({ width: 400, height: 300, seed: 11 })
  PHOTO_B = await photoJpeg({ width: 400, height: 300, seed: 12 })
})

async function setup() {
  const app = await createTestApp()
  apps.push(app)
  const coop = await app.ok('sellers.createSeller', COOP)
  const household = await app.ok('sellers.createSeller', { name: 'Hộ ông Nguyễn Văn Bảy', kind: 'household' })
  const honey = await app.ok('catalog.createProduct', {
    name: 'Mật ong hoa nhãn Hưng Yên',
    category: 'ocop.food',
    variants: [
      { sku: 'MOHN-500', optionLabel: 'Hũ 500 g', unit: 'hũ', priceVnd: 150000, barcode: '8931234567890', weightGrams: 500 },
      { sku: 'MOHN-250', optionLabel: 'Hũ 250 g', unit: 'hũ', priceVnd: 85000 },
    ],
  })
  const rice = await app.ok('catalog.createProduct', { name: 'Gạo nếp cái hoa vàng', variants: [{ sku: 'GNCHV-2', unit: 'túi', priceVnd: 120000 }] })
  const [honey500, honey250] = honey.variants
  return { app, coop, household, honey, rice, honey500: honey500!, honey250: honey250!, riceBag: rice.variants[0]! }
}

interface ErrorShape {
  code: string
  message: string
  details: { reason?: string; issues?: { path: (string | number)[]; code: string; params?: Record<string, unknown> }[] }
}
function errorOf(result: Envelope<unknown>): ErrorShape {
  expect(result.ok).toBe(false)
  return (result as unknown as { error: ErrorShape }).error
}

const lotOf = (variantId: string, extra: Partial<CreateLotInput> = {}): CreateLotInput => ({ variantId, harvestDate: '2026-11-20', quantity: 120, ...extra })

describe('lots.createLot', () => {
  it('suggests <SKU>-YYMMDD-01, then -02 on the same day, each with its own valid trace code', async () => {
    const { app, honey, honey500, coop } = await setup()
    expect(await app.ok('lots.suggestLotCode', { variantId: honey500.id, harvestDate: '2026-11-20' })).toEqual({ lotCode: 'MOHN-500-261120-01' })
    const first = await app.ok('lots.createLot', lotOf(honey500.id))
    const second = await app.ok('lots.createLot', lotOf(honey500.id))
    expect(first.lotCode).toBe('MOHN-500-261120-01')
    expect(second.lotCode).toBe('MOHN-500-261120-02')
    expect(await app.ok('lots.suggestLotCode', { variantId: honey500.id, harvestDate: '2026-11-20' })).toEqual({ lotCode: 'MOHN-500-261120-03' })
    expect(first.traceCode).toMatch(TRACE_CODE)
    expect(second.traceCode).toMatch(TRACE_CODE)
    expect(first.traceCode).not.toBe(second.traceCode)
    expect(first).toMatchObject({
      productId: honey.id,
      productName: honey.name,
      variantId: honey500.id,
      sku: 'MOHN-500',
      variantLabel: 'Hũ 500 g',
      dateKind: 'harvest',
      harvestDate: '2026-11-20',
      expiryDate: null,
      shelfLifeDays: null,
      quantity: 120,
      unit: 'hũ',
      producer: null,
      seller: { id: coop.id, name: COOP.name },
      growingAreaCodes: [],
      certifications: [],
      photos: [],
      notes: null,
      version: 1,
      archivedAt: null,
      ocopStars: null,
    })
    expect(first.id).toMatch(/^lot_/)
    expect(await app.ok('lots.getLot', { id: first.id })).toEqual(first)
    // Many lots: trace codes stay unique.
    const codes = new Set([first.traceCode, second.traceCode])
    for (let i = 0; i < 20; i++) codes.add((await app.ok('lots.createLot', lotOf(honey500.id, { harvestDate: '2026-11-01' }))).traceCode)
    expect(codes.size).toBe(22)
  })

  it('resolves the expiry from the shelf life (10 days from 20 Nov → 30 Nov) and keeps given codes, units and producers', async () => {
    const { app, honey500, household } = await setup()
    const lot = await app.ok('lots.createLot', lotOf(honey500.id, { lotCode: '  MO-NHAN-01 ', shelfLifeDays: 10, unit: 'thùng', producerSellerId: household.id, notes: 'Vụ nhãn cuối mùa' }))
    expect(lot).toMatchObject({ lotCode: 'MO-NHAN-01', expiryDate: '2026-11-30', shelfLifeDays: 10, unit: 'thùng', producer: { id: household.id, name: household.name }, notes: 'Vụ nhãn cuối mùa' })
    const explicit = await app.ok('lots.createLot', lotOf(honey500.id, { expiryDate: '2028-11-20', dateKind: 'production' }))
    expect(explicit).toMatchObject({ expiryDate: '2028-11-20', shelfLifeDays: null, dateKind: 'production' })
  })

  it('stores growing-area codes in upper case and refuses one repeated in another case', async () => {
    const { app, honey500 } = await setup()
    const lot = await app.ok('lots.createLot', lotOf(honey500.id, { growingAreaCodes: [' vn-hy-001 ', 'Hy.02/2025'] }))
    expect(lot.growingAreaCodes).toEqual(['VN-HY-001', 'HY.02/2025'])
    const error = errorOf(await app.call('lots.createLot', lotOf(honey500.id, { growingAreaCodes: ['VN-HY-001', 'vn-hy-001'] })))
    expect(error.code).toBe('VALIDATION')
    expect(error.details.issues).toEqual([expect.objectContaining({ path: ['growingAreaCodes', 1], code: 'growing_area_code_duplicate' })])
    const format = errorOf(await app.call('lots.createLot', lotOf(honey500.id, { growingAreaCodes: ['VN-'] })))
    expect(format.details.issues).toEqual([expect.objectContaining({ path: ['growingAreaCodes', 0], code: 'growing_area_code_format' })])
  })

  it('refuses a harvest after today (harvest_in_future on harvestDate), accepts today', async () => {
    const { app, honey500 } = await setup()
    const error = errorOf(await app.call('lots.createLot', lotOf(honey500.id, { harvestDate: '2026-11-29' })))
    expect(error.code).toBe('VALIDATION')
    expect(error.details.issues).toEqual([expect.objectContaining({ path: ['harvestDate'], code: 'harvest_in_future' })])
    expect((await app.ok('lots.createLot', lotOf(honey500.id, { harvestDate: '2026-11-28' }))).harvestDate).toBe('2026-11-28')
  })

  it('refuses a zero, negative or fractional quantity', async () => {
    const { app, honey500 } = await setup()
    for (const quantity of [0, -5]) {
      const error = errorOf(await app.call('lots.createLot', lotOf(honey500.id, { quantity })))
      expect(error.code).toBe('VALIDATION')
      expect(error.details.issues).toEqual([expect.objectContaining({ path: ['quantity'], code: 'quantity_positive' })])
    }
    expect(errorOf(await app.call('lots.createLot', lotOf(honey500.id, { quantity: 1.5 }))).details.issues![0]!.path).toEqual(['quantity'])
  })

  it('points a certification problem at its own field (certifications.0.expiryDate)', async () => {
    const { app, honey500 } = await setup()
    const error = errorOf(
      await app.call('lots.createLot', lotOf(honey500.id, { certifications: [{ kind: 'vietgap', number: 'VG-123', issueDate: '2025-06-01', expiryDate: '2025-05-01' }] })),
    )
    expect(error.code).toBe('VALIDATION')
    expect(error.details.issues).toEqual([expect.objectContaining({ path: ['certifications', 0, 'expiryDate'], code: 'expiry_before_issue' })])

    const lot = await app.ok('lots.createLot', lotOf(honey500.id, { certifications: [{ kind: 'vietgap', number: 'VG-123', issuer: 'Chi cục Trồng trọt', issueDate: '2025-06-01', expiryDate: '2027-06-01' }, { kind: 'organic' }] }))
    expect(lot.certifications).toEqual([
      { kind: 'vietgap', number: 'VG-123', issuer: 'Chi cục Trồng trọt', issueDate: '2025-06-01', expiryDate: '2027-06-01', state: 'valid' },
      { kind: 'organic', number: null, issuer: null, issueDate: null, expiryDate: null, state: 'no_expiry' },
    ])
  })

  it('refuses a lot code already used for the variant whatever its case, but allows it on another variant', async () => {
    const { app, honey500, honey250 } = await setup()
    await app.ok('lots.createLot', lotOf(honey500.id, { lotCode: 'MOHN-01' }))
    const error = errorOf(await app.call('lots.createLot', lotOf(honey500.id, { lotCode: 'mohn-01' })))
    expect(error.code).toBe('CONFLICT')
    expect(error.details.reason).toBe('lot_code_taken')
    expect(error.details.issues).toEqual([expect.objectContaining({ path: ['lotCode'], code: 'lot_code_taken' })])
    expect((await app.ok('lots.createLot', lotOf(honey250.id, { lotCode: 'mohn-01' }))).lotCode).toBe('mohn-01')
    // A suggested code skips codes taken in another case.
    await app.ok('lots.createLot', lotOf(honey500.id, { lotCode: 'mohn-500-261120-01' }))
    expect((await app.ok('lots.createLot', lotOf(honey500.id))).lotCode).toBe('MOHN-500-261120-02')
  })

  it('refuses a lot code with spaces, an unknown producer, an unknown or archived variant', async () => {
    const { app, honey500, rice, riceBag } = await setup()
    expect(errorOf(await app.call('lots.createLot', lotOf(honey500.id, { lotCode: 'MOHN 01' }))).details.issues).toEqual([
      expect.objectContaining({ path: ['lotCode'], code: 'lot_code_format' }),
    ])
    const producer = errorOf(await app.call('lots.createLot', lotOf(honey500.id, { producerSellerId: 'sel_nope' })))
    expect(producer.code).toBe('NOT_FOUND')
    expect(errorOf(await app.call('lots.createLot', lotOf('var_nope'))).code).toBe('NOT_FOUND')
    await app.ok('catalog.archiveProduct', { id: rice.id })
    expect(errorOf(await app.call('lots.createLot', lotOf(riceBag.id))).details.reason).toBe('variant_archived')
    expect((await app.ok('lots.listLots', {})).total).toBe(0)
  })
})

describe('lots.listLots', () => {
  async function fourLots() {
    const s = await setup()
    const { app, honey500, honey250, riceBag } = s
    const late = await app.ok('lots.createLot', lotOf(honey500.id, { lotCode: 'MO-LATE', harvestDate: '2026-11-20', expiryDate: '2026-12-30', growingAreaCodes: ['VN-HY-001'] }))
    const soon = await app.ok('lots.createLot', lotOf(honey250.id, { lotCode: 'MO-SOON', harvestDate: '2026-11-25', shelfLifeDays: 10 }))
    const none = await app.ok('lots.createLot', lotOf(riceBag.id, { lotCode: 'GN-NONE', harvestDate: '2026-10-02' }))
    const later = await app.ok('lots.createLot', lotOf(riceBag.id, { lotCode: 'GN-LATER', harvestDate: '2026-10-15', expiryDate: '2027-10-15', growingAreaCodes: ['VN-HN-GL-017'] }))
    return { ...s, late, soon, none, later }
  }

  it('lists earliest expiry first (FEFO), lots without an expiry last', async () => {
    const { app, late, soon, none, later } = await fourLots()
    expect(soon.expiryDate).toBe('2026-12-05')
    const page = await app.ok('lots.listLots', {})
    expect(page.total).toBe(4)
    expect(page.items.map((l) => l.id)).toEqual([soon.id, late.id, later.id, none.id])
    const paged = await app.ok('lots.listLots', { limit: 2, offset: 1 })
    expect(paged).toMatchObject({ total: 4 })
    expect(paged.items.map((l) => l.id)).toEqual([late.id, later.id])
  })

  it('finds lots by lot code, trace code (any case, spaces), SKU, growing-area code and product name without diacritics', async () => {
    const { app, honey, late, soon, none, later } = await fourLots()
    const ids = async (query: string) => (await app.ok('lots.listLots', { query })).items.map((l) => l.id)
    expect(await ids('mo-late')).toEqual([late.id])
    expect(await ids('late')).toEqual([late.id, later.id])
    expect(await ids(later.traceCode.toLowerCase().replace('-', ' '))).toEqual([later.id])
    expect(await ids(` ${none.traceCode.toLowerCase()} `)).toEqual([none.id])
    expect(await ids('mohn-250')).toEqual([soon.id])
    expect(await ids('gnchv')).toEqual([later.id, none.id])
    expect(await ids('vn-hn-gl')).toEqual([later.id])
    expect(await ids('hy-001')).toEqual([late.id])
    expect(await ids('mat ong hoa nhan')).toEqual([soon.id, late.id])
    expect(await ids('Mật ong')).toEqual([soon.id, late.id])
    expect(await ids('gao nep')).toEqual([later.id, none.id])
    expect(await ids('khong co gi')).toEqual([])
    expect((await app.ok('lots.listLots', { productId: honey.id })).items.map((l) => l.id)).toEqual([soon.id, late.id])
    expect((await app.ok('lots.listLots', { variantId: late.variantId })).items.map((l) => l.id)).toEqual([late.id])
  })

  it('treats _ and % in the query as the characters they are (a lot code may contain _)', async () => {
    const { app, honey500 } = await setup()
    const underscore = await app.ok('lots.createLot', lotOf(honey500.id, { lotCode: 'MO_01' }))
    await app.ok('lots.createLot', lotOf(honey500.id, { lotCode: 'MO-01' }))
    await app.ok('lots.createLot', lotOf(honey500.id, { lotCode: 'MOX01' }))
    expect((await app.ok('lots.listLots', { query: 'mo_01' })).items.map((l) => l.lotCode)).toEqual([underscore.lotCode])
    expect((await app.ok('lots.listLots', { query: '%' })).total).toBe(0)
  })

  it('filters by expiry within N days (expired included, no-expiry lots excluded) and by harvest range', async () => {
    const { app, late, soon, none, later } = await fourLots()
    const ids = async (input: { expiringWithinDays?: number; harvestFrom?: string; harvestTo?: string }) => (await app.ok('lots.listLots', input)).items.map((l) => l.id)
    expect(await ids({ expiringWithinDays: 7 })).toEqual([soon.id])
    expect(await ids({ expiringWithinDays: 32 })).toEqual([soon.id, late.id])
    expect(await ids({ expiringWithinDays: 3650 })).toEqual([soon.id, late.id, later.id])
    expect(await ids({ harvestFrom: '2026-11-01' })).toEqual([soon.id, late.id])
    expect(await ids({ harvestTo: '2026-10-31' })).toEqual([later.id, none.id])
    expect(await ids({ harvestFrom: '2026-10-10', harvestTo: '2026-11-20' })).toEqual([late.id, later.id])
    // An already expired lot counts as "expiring within" any window.
    app.clock.advance(10 * 86_400_000)
    expect(await ids({ expiringWithinDays: 0 })).toEqual([soon.id])
  })

  it('archives and restores: archived lots leave the list unless asked for, and still answer their trace code', async () => {
    const { app, late, soon } = await fourLots()
    const archived = await app.ok('lots.archiveLot', { id: soon.id })
    expect(archived.archivedAt).toBe('2026-11-28T03:00:00.000Z')
    expect(archived.version).toBe(2)
    expect((await app.ok('lots.listLots', {})).items.map((l) => l.id)).not.toContain(soon.id)
    expect((await app.ok('lots.listLots', { includeArchived: true })).items.map((l) => l.id)).toEqual(expect.arrayContaining([soon.id, late.id]))
    expect((await app.ok('lots.lookupTraceCode', { code: soon.traceCode })).id).toBe(soon.id)
    // Archiving twice changes nothing.
    expect((await app.ok('lots.archiveLot', { id: soon.id })).version).toBe(2)
    const restored = await app.ok('lots.restoreLot', { id: soon.id })
    expect(restored).toMatchObject({ archivedAt: null, version: 3 })
    expect((await app.ok('lots.listLots', {})).items[0]!.id).toBe(soon.id)
    expect(errorOf(await app.call('lots.archiveLot', { id: 'lot_nope' })).code).toBe('NOT_FOUND')
  })
})

describe('lots.lookupTraceCode', () => {
  it('finds a lot however the code is typed, refuses a malformed code and reports an unknown one', async () => {
    const { app, honey500 } = await setup()
    const lot = await app.ok('lots.createLot', lotOf(honey500.id))
    const typed = lot.traceCode.toLowerCase().replace('-', ' ')
    expect(typed).toMatch(/^[0-9a-z]{5} [0-9a-z]{5}$/)
    expect((await app.ok('lots.lookupTraceCode', { code: typed })).id).toBe(lot.id)
    expect((await app.ok('lots.lookupTraceCode', { code: lot.traceCode.replace('-', '') })).id).toBe(lot.id)
    // O is read as 0 (Crockford), so a zero typed as the letter still finds it.
    if (lot.traceCode.includes('0')) expect((await app.ok('lots.lookupTraceCode', { code: lot.traceCode.replace(/0/g, 'o') })).id).toBe(lot.id)

    for (const code of ['abc', 'ABCDE-FGHJ', 'ABCDE-FGHJU']) {
      const error = errorOf(await app.call('lots.lookupTraceCode', { code }))
      expect(error.code, code).toBe('VALIDATION')
      expect(error.details.reason).toBe('trace_code_invalid')
    }
    // One character changed: the check character refuses it rather than finding another lot.
    const last = lot.traceCode.at(-1)!
    const mistyped = lot.traceCode.slice(0, -1) + (last === '0' ? '1' : '0')
    expect(errorOf(await app.call('lots.lookupTraceCode', { code: mistyped })).details.reason).toBe('trace_code_invalid')

    let unknown = newTraceCode()
    while (unknown === lot.traceCode) unknown = newTraceCode()
    expect(errorOf(await app.call('lots.lookupTraceCode', { code: unknown })).code).toBe('NOT_FOUND')
  })
})

describe('QR payloads and the trace URL template', () => {
  it('encodes TXNG <code> by default, and the expanded URL once a template is set', async () => {
    const { app, honey500 } = await setup()
    const lot = await app.ok('lots.createLot', lotOf(honey500.id, { lotCode: 'MO-01' }))
    expect(lot.qrPayload).toBe(`TXNG ${lot.traceCode}`)
    expect(lot.traceUrl).toBeNull()

    const settings = await app.ok('settings.update', { traceUrlTemplate: 'https://truyxuat.example.vn/lo/{lot}?c={code}' })
    expect(settings.traceUrlTemplate).toBe('https://truyxuat.example.vn/lo/{lot}?c={code}')
    const url = `https://truyxuat.example.vn/lo/MO-01?c=${lot.traceCode}`
    expect(await app.ok('lots.getLot', { id: lot.id })).toMatchObject({ qrPayload: url, traceUrl: url })
    expect((await app.ok('lots.listLots', {})).items[0]).toMatchObject({ qrPayload: url, traceUrl: url })

    // Cleared again: back to the text form.
    await app.ok('settings.update', { traceUrlTemplate: '' })
    expect(await app.ok('lots.getLot', { id: lot.id })).toMatchObject({ qrPayload: `TXNG ${lot.traceCode}`, traceUrl: null })
  })

  it('refuses a template the QR codes could not use, and keeps the old one', async () => {
    const { app } = await setup()
    await app.ok('settings.update', { traceUrlTemplate: 'https://truyxuat.example.vn/lo/{code}' })
    for (const [template, code] of [
      ['https://{code}.example.vn/lo', 'trace_template.placeholder_in_host'],
      ['https://truyxuat.example.vn/lo/{batch}', 'trace_template.unknown_placeholder'],
      ['https://truyxuat.example.vn/lo', 'trace_template.missing_code'],
      ['truyxuat.example.vn/{code}', 'trace_template.not_http_url'],
    ] as const) {
      const error = errorOf(await app.call('settings.update', { traceUrlTemplate: template }))
      expect(error.code, template).toBe('VALIDATION')
      expect(error.details.issues!.map((i) => i.code), template).toContain(code)
      expect(error.details.issues![0]!.path).toEqual(['traceUrlTemplate'])
    }
    expect((await app.ok('settings.get', {})).traceUrlTemplate).toBe('https://truyxuat.example.vn/lo/{code}')
  })

  it('a {gtin} template still lists a lot whose variant has no barcode, with the TXNG text', async () => {
    const { app, honey500, honey250 } = await setup()
    const withBarcode = await app.ok('lots.createLot', lotOf(honey500.id))
    const without = await app.ok('lots.createLot', lotOf(honey250.id))
    await app.ok('settings.update', { traceUrlTemplate: 'https://truyxuat.example.vn/01/{gtin}/10/{lot}?c={code}' })
    const page = await app.ok('lots.listLots', {})
    expect(page.total).toBe(2)
    const byId = new Map(page.items.map((l) => [l.id, l]))
    const url = `https://truyxuat.example.vn/01/8931234567890/10/${withBarcode.lotCode}?c=${withBarcode.traceCode}`
    expect(byId.get(withBarcode.id)).toMatchObject({ qrPayload: url, traceUrl: url })
    expect(byId.get(without.id)).toMatchObject({ qrPayload: `TXNG ${without.traceCode}`, traceUrl: null })
    expect((await app.ok('lots.getLot', { id: without.id })).qrPayload).toBe(`TXNG ${without.traceCode}`)
  })
})

describe('OCOP stars on a lot', () => {
  it('follow the product’s certificate in force today', async () => {
    const { app, honey, honey500 } = await setup()
    const lot = await app.ok('lots.createLot', lotOf(honey500.id))
    expect(lot.ocopStars).toBeNull()
    await app.ok('ocop.createCertificate', { productId: honey.id, stars: 4, group: 'ocop.food', certificateNumber: 'HY-01', issueDate: '2023-11-01', expiryDate: '2026-11-27' })
    expect((await app.ok('lots.getLot', { id: lot.id })).ocopStars).toBeNull()
    const cert = await app.ok('ocop.createCertificate', { productId: honey.id, stars: 4, group: 'ocop.food', certificateNumber: 'HY-02', issueDate: '2026-11-01', expiryDate: '2026-12-01' })
    expect((await app.ok('lots.getLot', { id: lot.id })).ocopStars).toBe(4)
    expect((await app.ok('lots.listLots', {})).items[0]!.ocopStars).toBe(4)
    // 2 Dec 2026 in Vietnam: lapsed.
    app.clock.advance(Date.parse('2026-12-01T17:00:00Z') - app.clock.now())
    expect((await app.ok('lots.getLot', { id: lot.id })).ocopStars).toBeNull()
    await app.ok('ocop.updateCertificate', { id: cert.id, expiryDate: '2029-11-01' })
    expect((await app.ok('lots.lookupTraceCode', { code: lot.traceCode })).ocopStars).toBe(4)
  })
})

describe('lots.updateLot', () => {
  it('refuses a stale edit with CONFLICT, keeps the trace code, recomputes the expiry from the shelf life', async () => {
    const { app, honey500 } = await setup()
    const lot = await app.ok('lots.createLot', lotOf(honey500.id, { shelfLifeDays: 10 }))
    const moved = await app.ok('lots.updateLot', { id: lot.id, expectedVersion: 1, harvestDate: '2026-11-22', quantity: 90 })
    expect(moved).toMatchObject({ version: 2, harvestDate: '2026-11-22', expiryDate: '2026-12-02', shelfLifeDays: 10, quantity: 90, traceCode: lot.traceCode, lotCode: lot.lotCode })
    const error = errorOf(await app.call('lots.updateLot', { id: lot.id, expectedVersion: 1, quantity: 5 }))
    expect(error.code).toBe('CONFLICT')
    expect(error.details.reason).toBe('version_mismatch')
    expect((await app.ok('lots.getLot', { id: lot.id })).quantity).toBe(90)

    // An explicit expiry replaces the shelf life.
    expect(await app.ok('lots.updateLot', { id: lot.id, expiryDate: '2027-01-31' })).toMatchObject({ expiryDate: '2027-01-31', shelfLifeDays: null })
    // The same rules as on create.
    expect(errorOf(await app.call('lots.updateLot', { id: lot.id, harvestDate: '2026-12-01' })).details.issues![0]!.code).toBe('harvest_in_future')
    expect(errorOf(await app.call('lots.updateLot', { id: 'lot_nope', quantity: 1 })).code).toBe('NOT_FOUND')
  })

  it('refuses renaming onto another lot’s code of the same variant', async () => {
    const { app, honey500 } = await setup()
    await app.ok('lots.createLot', lotOf(honey500.id, { lotCode: 'A-01' }))
    const b = await app.ok('lots.createLot', lotOf(honey500.id, { lotCode: 'B-01' }))
    expect(errorOf(await app.call('lots.updateLot', { id: b.id, lotCode: 'a-01' })).details.reason).toBe('lot_code_taken')
    expect((await app.ok('lots.updateLot', { id: b.id, lotCode: 'b-01' })).lotCode).toBe('b-01')
  })
})

describe('lot photos and history', () => {
  it('adds photos once each, removes one, and records every change in the lot’s history', async () => {
    const { app, honey500 } = await setup()
    const lot = await app.ok('lots.createLot', lotOf(honey500.id))
    const withPhotos = await app.ok('lots.addLotPhotos', {
      lotId: lot.id,
      altText: 'Thu hoạch mật',
      files: [
        { name: 'a.jpg', bytes: new Uint8Array(PHOTO_A) },
        { name: 'b.jpg', bytes: new Uint8Array(PHOTO_B) },
      ],
    })
    expect(withPhotos.photos).toHaveLength(2)
    expect(withPhotos.photos[0]).toEqual({ mediaKey: expect.stringMatching(/^[0-9a-f]{64}$/), mime: 'image/jpeg', kind: 'image', altText: 'Thu hoạch mật' })
    const [a, b] = withPhotos.photos
    expect(app.media.resolve(a!.mediaKey, 'card')).toMatchObject({ mime: 'image/webp' })
    // Photos do not change the lot's version.
    expect(withPhotos.version).toBe(1)

    const again = await app.ok('lots.addLotPhotos', { lotId: lot.id, files: [{ name: 'a-again.jpg', bytes: new Uint8Array(PHOTO_A) }] })
    expect(again.photos.map((p) => p.mediaKey)).toEqual([a!.mediaKey, b!.mediaKey])

    const bad = errorOf(await app.call('lots.addLotPhotos', { lotId: lot.id, files: [{ name: 'x.jpg', bytes: new Uint8Array(Buffer.from('plain text')) }] }))
    expect(bad.details.reason).toBe('media.unsupported_format')

    const removed = await app.ok('lots.removeLotPhoto', { lotId: lot.id, mediaKey: a!.mediaKey })
    expect(removed.photos.map((p) => p.mediaKey)).toEqual([b!.mediaKey])
    expect(errorOf(await app.call('lots.removeLotPhoto', { lotId: lot.id, mediaKey: a!.mediaKey })).code).toBe('NOT_FOUND')
    expect(errorOf(await app.call('lots.addLotPhotos', { lotId: 'lot_nope', files: [{ name: 'a.jpg', bytes: new Uint8Array(PHOTO_A) }] })).code).toBe('NOT_FOUND')

    await app.ok('lots.updateLot', { id: lot.id, quantity: 100 })
    await app.ok('lots.archiveLot', { id: lot.id })
    await app.ok('lots.restoreLot', { id: lot.id })
    const history = await app.ok('audit.listEntries', { entityId: lot.id })
    expect(history.map((e) => e.action)).toEqual(['restore', 'archive', 'update', 'photo_remove', 'photos_add', 'create'])
    expect(history.every((e) => e.entityType === 'lot' && e.actor === 'tester')).toBe(true)
    const update = history[2]!
    expect(update).toMatchObject({ before: { quantity: 120 }, after: { quantity: 100 } })
    expect(history[4]).toMatchObject({ after: { mediaKeys: [a!.mediaKey, b!.mediaKey] } })
    expect(history[5]).toMatchObject({ before: null, after: { traceCode: lot.traceCode, lotCode: lot.lotCode } })
  })
})
