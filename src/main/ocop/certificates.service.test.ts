// OCOP certificates through the real dispatcher (real SQLite in memory, real media store).
// The test clock starts at 2026-11-28T03:00Z = 10:00 on 28 Nov 2026 in Vietnam (UTC+7).
import { rmSync } from 'node:fs'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Envelope } from '@shared/contract/errors'
import type { CreateCertificateInput } from '@shared/contract/ocop'
import { addDays } from '@shared/domain/calendar'
import { photoJpeg } from '../media/test-fixtures'
import { COOP, createTestApp, type TestApp } from '../test-support'

const TODAY = '2026-11-28'
const in_ = (days: number) => addDays(TODAY, days)

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

async function setup(productCount = 1) {
  const app = await createTestApp()
  apps.push(app)
  await app.ok('sellers.createSeller', COOP)
  const names = ['Mật ong hoa nhãn Hưng Yên', 'Chè Shan tuyết Suối Giàng', 'Nước mắm Phú Quốc', 'Gạo nếp cái hoa vàng', 'Cam sành Hàm Yên', 'Miến dong Bình Liêu']
  const products = []
  for (let i = 0; i < productCount; i++) {
    products.push(await app.ok('catalog.createProduct', { name: names[i]!, category: 'ocop.food', variants: [{ sku: `SP-${i + 1}`, unit: 'hộp', priceVnd: 100000 }] }))
  }
  return { app, products }
}

let seq = 0
/** A certificate issued well in the past (so expiry dates in the near future are after it). */
function cert(productId: string, extra: Partial<CreateCertificateInput> = {}): CreateCertificateInput {
  seq++
  return { productId, stars: 4, group: 'ocop.food', certificateNumber: `HY-OCOP-${seq}`, issueDate: '2024-01-15', ...extra }
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

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
let PHOTO: Buffer
beforeAll(async () => {
  PHOTO = await photoJpeg({ width: 420, height: 594, seed: 7 })
})

describe('ocop.createCertificate', () => {
  it('defaults the expiry to issue + 36 months, clamped (29 Feb 2024 → 28 Feb 2027), and the level to province for 4★', async () => {
    const { app, products } = await setup()
    const created = await app.ok('ocop.createCertificate', {
      productId: products[0]!.id,
      stars: 4,
      group: 'ocop.food',
      subgroup: 'food.raw.honey',
      certificateNumber: '1234/QĐ-UBND',
      decisionNumber: '1234/QĐ-UBND',
      decisionDate: '2024-02-26',
      issuingAuthority: 'UBND tỉnh Hưng Yên',
      issueDate: '2024-02-29',
    })
    expect(created).toMatchObject({
      productId: products[0]!.id,
      productName: products[0]!.name,
      stars: 4,
      issuingLevel: 'province',
      issueDate: '2024-02-29',
      expiryDate: '2027-02-28',
      scan: null,
      version: 1,
      warnings: [],
      // 28 Nov 2026 → 28 Feb 2027 is 92 days: expiring, in the 180-day window.
      state: 'expiring',
      daysLeft: 92,
      alertWindow: 180,
    })
    expect(created.id).toMatch(/^ocp_/)
    expect(await app.ok('ocop.listCertificates', { productId: products[0]!.id })).toEqual([created])
    // Both the certificate and the product keep a history line.
    expect((await app.ok('audit.listEntries', { entityId: created.id })).map((e) => e.action)).toEqual(['create'])
    expect((await app.ok('audit.listEntries', { entityId: products[0]!.id }))[0]).toMatchObject({ action: 'certificate_add', after: { certificateId: created.id, stars: 4 } })
  })

  it('defaults the level to central for 5★, and refuses 5★ at province level (level_for_star on issuingLevel)', async () => {
    const { app, products } = await setup()
    expect((await app.ok('ocop.createCertificate', cert(products[0]!.id, { stars: 5 }))).issuingLevel).toBe('central')
    const error = errorOf(await app.call('ocop.createCertificate', cert(products[0]!.id, { stars: 5, issuingLevel: 'province' })))
    expect(error.code).toBe('VALIDATION')
    expect(error.details.issues).toEqual([expect.objectContaining({ path: ['issuingLevel'], code: 'level_for_star', params: { stars: 5, expected: 'central' } })])
  })

  it('refuses an expiry on or before the issue date (expiry_before_issue)', async () => {
    const { app, products } = await setup()
    for (const expiryDate of ['2024-01-14', '2024-01-15']) {
      const error = errorOf(await app.call('ocop.createCertificate', cert(products[0]!.id, { expiryDate })))
      expect(error.code).toBe('VALIDATION')
      expect(error.details.issues).toEqual([expect.objectContaining({ path: ['expiryDate'], code: 'expiry_before_issue' })])
    }
    expect(await app.ok('ocop.listCertificates', { productId: products[0]!.id })).toEqual([])
  })

  it('refuses an issue date after today in Vietnam (issue_in_future), today itself is fine', async () => {
    const { app, products } = await setup()
    const error = errorOf(await app.call('ocop.createCertificate', cert(products[0]!.id, { issueDate: '2026-11-29' })))
    expect(error.details.issues).toEqual([expect.objectContaining({ path: ['issueDate'], code: 'issue_in_future', params: { today: TODAY } })])
    expect((await app.ok('ocop.createCertificate', cert(products[0]!.id, { issueDate: TODAY }))).expiryDate).toBe('2029-11-28')
  })

  it('refuses a certificate number already registered, whatever its case (CONFLICT certificate_number_taken)', async () => {
    const { app, products } = await setup(2)
    await app.ok('ocop.createCertificate', cert(products[0]!.id, { certificateNumber: 'HY-2024-ABC' }))
    const error = errorOf(await app.call('ocop.createCertificate', cert(products[1]!.id, { certificateNumber: 'hy-2024-abc' })))
    expect(error.code).toBe('CONFLICT')
    expect(error.details.reason).toBe('certificate_number_taken')
    expect(error.details.issues).toEqual([expect.objectContaining({ path: ['certificateNumber'], code: 'certificate_number_taken', params: { product: products[0]!.name } })])
  })

  it('saves a score outside the star’s band with a score_star_mismatch warning', async () => {
    const { app, products } = await setup()
    const created = await app.ok('ocop.createCertificate', cert(products[0]!.id, { totalScore: 60 }))
    expect(created.totalScore).toBe(60)
    expect(created.warnings).toEqual([{ field: 'totalScore', reason: 'score_star_mismatch', params: { score: 60, stars: 4, min: 70, max: 89 } }])
    expect((await app.ok('ocop.createCertificate', cert(products[0]!.id, { totalScore: 75 }))).warnings).toEqual([])
  })

  it('refuses an unknown product with NOT_FOUND', async () => {
    const { app } = await setup()
    expect(errorOf(await app.call('ocop.createCertificate', cert('prd_nope'))).code).toBe('NOT_FOUND')
  })
})

describe('ocop.expiryAlerts', () => {
  it('counts expired and the 30/90/180-day windows, lists expired first, and leaves long-valid certificates out', async () => {
    const { app, products } = await setup(5)
    const [p20, p60, p150, pExpired, pLong] = products
    const c20 = await app.ok('ocop.createCertificate', cert(p20!.id, { expiryDate: in_(20) }))
    const c60 = await app.ok('ocop.createCertificate', cert(p60!.id, { expiryDate: in_(60) }))
    const c150 = await app.ok('ocop.createCertificate', cert(p150!.id, { expiryDate: in_(150) }))
    const cExpired = await app.ok('ocop.createCertificate', cert(pExpired!.id, { issueDate: '2023-11-18', expiryDate: in_(-10) }))
    const cLong = await app.ok('ocop.createCertificate', cert(pLong!.id, { issueDate: '2025-11-28' }))
    expect(cLong).toMatchObject({ expiryDate: '2028-11-28', state: 'valid', alertWindow: null })
    // Saving an already expired certificate is allowed (history) and not warned about as such.
    expect(cExpired).toMatchObject({ state: 'expired', daysLeft: -10, alertWindow: null, warnings: [] })

    const alerts = await app.ok('ocop.expiryAlerts', {})
    expect(alerts.asOf).toBe(TODAY)
    expect(alerts.counts).toEqual({ expired: 1, within30: 1, within90: 1, within180: 1 })
    expect(alerts.items.map((i) => i.id)).toEqual([cExpired.id, c20.id, c60.id, c150.id])
    expect(alerts.items.map((i) => [i.state, i.daysLeft, i.alertWindow])).toEqual([
      ['expired', -10, null],
      ['expiring', 20, 30],
      ['expiring', 60, 90],
      ['expiring', 150, 180],
    ])

    // A narrower window lists fewer (expired ones always).
    const within30 = await app.ok('ocop.expiryAlerts', { withinDays: 30 })
    expect(within30.items.map((i) => i.id)).toEqual([cExpired.id, c20.id])
  })

  it('hides a certificate the product has renewed', async () => {
    const { app, products } = await setup()
    const old = await app.ok('ocop.createCertificate', cert(products[0]!.id, { issueDate: '2023-11-18', expiryDate: in_(-10) }))
    expect((await app.ok('ocop.expiryAlerts', {})).items.map((i) => i.id)).toEqual([old.id])
    const renewed = await app.ok('ocop.createCertificate', cert(products[0]!.id, { issueDate: '2026-11-20' }))
    expect(renewed.expiryDate).toBe('2029-11-20')
    const alerts = await app.ok('ocop.expiryAlerts', {})
    expect(alerts.items).toEqual([])
    expect(alerts.counts).toEqual({ expired: 0, within30: 0, within90: 0, within180: 0 })
    // The history keeps both, newest expiry first.
    expect((await app.ok('ocop.listCertificates', { productId: products[0]!.id })).map((c) => c.id)).toEqual([renewed.id, old.id])
  })

  it('leaves archived products out', async () => {
    const { app, products } = await setup()
    await app.ok('ocop.createCertificate', cert(products[0]!.id, { expiryDate: in_(20) }))
    await app.ok('catalog.archiveProduct', { id: products[0]!.id })
    expect((await app.ok('ocop.expiryAlerts', {})).items).toEqual([])
  })
})

describe('a product’s OCOP standing', () => {
  it('takes the stars of the highest certificate in force, is expiring within 180 days, and expires the day after the expiry date (Vietnam time)', async () => {
    const { app, products } = await setup()
    const id = products[0]!.id
    expect((await app.ok('catalog.getProduct', { id })).ocop).toEqual({ stars: null, state: 'none', expiryDate: null, daysLeft: null })

    await app.ok('ocop.createCertificate', cert(id, { stars: 3, issueDate: '2024-06-01', expiryDate: '2026-12-10' }))
    await app.ok('ocop.createCertificate', cert(id, { stars: 4, expiryDate: '2026-12-18' }))
    const expected = { stars: 4, state: 'expiring', expiryDate: '2026-12-18', daysLeft: 20 }
    expect((await app.ok('catalog.getProduct', { id })).ocop).toEqual(expected)
    expect((await app.ok('catalog.searchProducts', { query: '' })).items[0]!.ocop).toEqual(expected)

    // 18 Dec 2026, 23:59:59.999 in Vietnam = 16:59:59.999Z: the last valid day.
    app.clock.advance(Date.parse('2026-12-18T16:59:59.999Z') - app.clock.now())
    expect((await app.ok('catalog.getProduct', { id })).ocop).toEqual({ stars: 4, state: 'expiring', expiryDate: '2026-12-18', daysLeft: 0 })

    // One millisecond later it is 19 Dec in Vietnam: no certificate is in force.
    app.clock.advance(1)
    const expired = { stars: null, state: 'expired', expiryDate: '2026-12-18', daysLeft: -1 }
    expect((await app.ok('catalog.getProduct', { id })).ocop).toEqual(expired)
    expect((await app.ok('catalog.searchProducts', { query: '' })).items[0]!.ocop).toEqual(expired)
    expect((await app.ok('catalog.searchProducts', { query: '', ocopState: 'expired' })).items.map((i) => i.id)).toEqual([id])
    expect((await app.ok('ocop.listCertificates', { productId: id })).map((c) => c.state)).toEqual(['expired', 'expired'])
  })

  it('prefers the higher star even when a lower one runs longer, and ignores a lapsed higher one', async () => {
    const { app, products } = await setup()
    const id = products[0]!.id
    await app.ok('ocop.createCertificate', cert(id, { stars: 3, issueDate: '2025-06-01' }))
    await app.ok('ocop.createCertificate', cert(id, { stars: 5, issueDate: '2023-01-10', expiryDate: in_(-1) }))
    expect((await app.ok('catalog.getProduct', { id })).ocop).toEqual({ stars: 3, state: 'valid', expiryDate: '2028-06-01', daysLeft: 551 })
    await app.ok('ocop.createCertificate', cert(id, { stars: 4, expiryDate: in_(100) }))
    expect((await app.ok('catalog.getProduct', { id })).ocop).toMatchObject({ stars: 4, state: 'expiring', daysLeft: 100 })
  })

  it('draws the line between valid and expiring at 180 days, in the standing and in the filter alike', async () => {
    const { app, products } = await setup(2)
    const [at180, at181] = products
    await app.ok('ocop.createCertificate', cert(at180!.id, { expiryDate: in_(180) }))
    await app.ok('ocop.createCertificate', cert(at181!.id, { expiryDate: in_(181) }))
    expect((await app.ok('catalog.getProduct', { id: at180!.id })).ocop).toMatchObject({ state: 'expiring', daysLeft: 180 })
    expect((await app.ok('catalog.getProduct', { id: at181!.id })).ocop).toMatchObject({ state: 'valid', daysLeft: 181 })
    expect((await app.ok('catalog.searchProducts', { query: '', ocopState: 'expiring' })).items.map((i) => i.id)).toEqual([at180!.id])
    expect((await app.ok('catalog.searchProducts', { query: '', ocopState: 'valid' })).items.map((i) => i.id)).toEqual([at181!.id])
    expect((await app.ok('ocop.expiryAlerts', {})).counts).toEqual({ expired: 0, within30: 0, within90: 0, within180: 1 })
  })

  it('catalog.searchProducts filters by ocopStars and by ocopState', async () => {
    const { app, products } = await setup(4)
    const [valid4, expiring3, expired5, none] = products
    await app.ok('ocop.createCertificate', cert(valid4!.id, { stars: 4, issueDate: '2025-10-01' }))
    await app.ok('ocop.createCertificate', cert(expiring3!.id, { stars: 3, expiryDate: in_(60) }))
    await app.ok('ocop.createCertificate', cert(expired5!.id, { stars: 5, issueDate: '2023-10-01', expiryDate: in_(-5) }))

    const ids = async (filter: { ocopStars?: 3 | 4 | 5; ocopState?: 'none' | 'valid' | 'expiring' | 'expired' }) =>
      (await app.ok('catalog.searchProducts', { query: '', ...filter })).items.map((i) => i.id).sort()
    expect(await ids({ ocopStars: 4 })).toEqual([valid4!.id])
    expect(await ids({ ocopStars: 3 })).toEqual([expiring3!.id])
    expect(await ids({ ocopStars: 5 })).toEqual([])
    expect(await ids({ ocopState: 'none' })).toEqual([none!.id])
    expect(await ids({ ocopState: 'valid' })).toEqual([valid4!.id])
    expect(await ids({ ocopState: 'expiring' })).toEqual([expiring3!.id])
    expect(await ids({ ocopState: 'expired' })).toEqual([expired5!.id])
    expect(await ids({ ocopStars: 4, ocopState: 'expiring' })).toEqual([])
    // A text query combines with the filter.
    expect(await ids({ ocopState: 'valid' })).toEqual((await app.ok('catalog.searchProducts', { query: 'mat ong', ocopState: 'valid' })).items.map((i) => i.id))

    // The list's standing agrees with the filter.
    const page = await app.ok('catalog.searchProducts', { query: '' })
    const stateOf = new Map(page.items.map((i) => [i.id, [i.ocop.stars, i.ocop.state]]))
    expect(stateOf.get(valid4!.id)).toEqual([4, 'valid'])
    expect(stateOf.get(expiring3!.id)).toEqual([3, 'expiring'])
    expect(stateOf.get(expired5!.id)).toEqual([null, 'expired'])
    expect(stateOf.get(none!.id)).toEqual([null, 'none'])
  })
})

describe('ocop.updateCertificate / deleteCertificate', () => {
  it('refuses a stale edit with CONFLICT version_mismatch', async () => {
    const { app, products } = await setup()
    const created = await app.ok('ocop.createCertificate', cert(products[0]!.id))
    const edited = await app.ok('ocop.updateCertificate', { id: created.id, expectedVersion: 1, notes: 'Đã kiểm tra bản gốc' })
    expect(edited).toMatchObject({ version: 2, notes: 'Đã kiểm tra bản gốc' })
    const error = errorOf(await app.call('ocop.updateCertificate', { id: created.id, expectedVersion: 1, notes: 'cũ' }))
    expect(error.code).toBe('CONFLICT')
    expect(error.details.reason).toBe('version_mismatch')
    expect((await app.ok('ocop.listCertificates', { productId: products[0]!.id }))[0]!.notes).toBe('Đã kiểm tra bản gốc')
  })

  it('a new issue date without an expiry is a renewal: +36 months', async () => {
    const { app, products } = await setup()
    const created = await app.ok('ocop.createCertificate', cert(products[0]!.id, { issueDate: '2023-12-18' }))
    expect(created).toMatchObject({ expiryDate: '2026-12-18', state: 'expiring', alertWindow: 30 })
    const renewed = await app.ok('ocop.updateCertificate', { id: created.id, issueDate: '2026-11-20' })
    expect(renewed).toMatchObject({ issueDate: '2026-11-20', expiryDate: '2029-11-20', state: 'valid', alertWindow: null, version: 2 })
    // An edit that keeps the issue date keeps the expiry.
    expect((await app.ok('ocop.updateCertificate', { id: created.id, stars: 3 })).expiryDate).toBe('2029-11-20')
    const history = await app.ok('audit.listEntries', { entityId: created.id })
    expect(history.map((e) => e.action)).toEqual(['update', 'update', 'create'])
    expect(history[1]).toMatchObject({ before: { expiry_date: '2026-12-18' }, after: { expiry_date: '2029-11-20' } })
  })

  it('moves the level with the star unless one is given, and checks the rules again', async () => {
    const { app, products } = await setup()
    const created = await app.ok('ocop.createCertificate', cert(products[0]!.id))
    expect((await app.ok('ocop.updateCertificate', { id: created.id, stars: 5 })).issuingLevel).toBe('central')
    const error = errorOf(await app.call('ocop.updateCertificate', { id: created.id, stars: 4, issuingLevel: 'central' }))
    expect(error.details.issues).toEqual([expect.objectContaining({ path: ['issuingLevel'], code: 'level_for_star' })])
    expect(errorOf(await app.call('ocop.updateCertificate', { id: created.id, expiryDate: '2020-01-01' })).details.issues![0]!.code).toBe('expiry_before_issue')
    expect(errorOf(await app.call('ocop.updateCertificate', { id: 'ocp_nope', notes: 'x' })).code).toBe('NOT_FOUND')
  })

  it('refuses renumbering onto another certificate’s number, but accepts a change of case of its own', async () => {
    const { app, products } = await setup()
    const a = await app.ok('ocop.createCertificate', cert(products[0]!.id, { certificateNumber: 'A-001' }))
    await app.ok('ocop.createCertificate', cert(products[0]!.id, { certificateNumber: 'B-002' }))
    expect(errorOf(await app.call('ocop.updateCertificate', { id: a.id, certificateNumber: 'b-002' })).details.reason).toBe('certificate_number_taken')
    expect((await app.ok('ocop.updateCertificate', { id: a.id, certificateNumber: 'a-001' })).certificateNumber).toBe('a-001')
  })

  it('deletes a certificate, keeping it in the history; the product is uncertified again', async () => {
    const { app, products } = await setup()
    const id = products[0]!.id
    const created = await app.ok('ocop.createCertificate', cert(id))
    const removed = await app.ok('ocop.deleteCertificate', { id: created.id })
    expect(removed.id).toBe(created.id)
    expect(await app.ok('ocop.listCertificates', { productId: id })).toEqual([])
    expect((await app.ok('catalog.getProduct', { id })).ocop.state).toBe('none')
    expect((await app.ok('audit.listEntries', { entityId: created.id }))[0]).toMatchObject({ action: 'delete', after: null, before: { id: created.id } })
    expect((await app.ok('audit.listEntries', { entityId: id }))[0]).toMatchObject({ action: 'certificate_remove' })
    expect(errorOf(await app.call('ocop.deleteCertificate', { id: created.id })).code).toBe('NOT_FOUND')
    // Its number is free again.
    await app.ok('ocop.createCertificate', cert(id, { certificateNumber: created.certificateNumber }))
  })
})

describe('ocop.attachCertificateScan', () => {
  it('stores a complete PDF as a document', async () => {
    const { app, products } = await setup()
    const created = await app.ok('ocop.createCertificate', cert(products[0]!.id))
    const withScan = await app.ok('ocop.attachCertificateScan', { certificateId: created.id, files: [{ name: 'giay-chung-nhan.pdf', bytes: new Uint8Array(PDF) }] })
    expect(withScan.scan).toEqual({ mediaKey: expect.stringMatching(/^[0-9a-f]{64}$/), mime: 'application/pdf', kind: 'document', altText: null })
    const stored = app.media.resolve(withScan.scan!.mediaKey, 'file')
    expect(stored).toMatchObject({ mime: 'application/pdf' })
    expect(stored!.path).toMatch(/file\.pdf$/)
    expect((await app.ok('ocop.listCertificates', { productId: products[0]!.id }))[0]!.scan).toEqual(withScan.scan)
    expect((await app.ok('audit.listEntries', { entityId: created.id }))[0]).toMatchObject({ action: 'scan_attach', after: { scanMediaKey: withScan.scan!.mediaKey, fileName: 'giay-chung-nhan.pdf' } })

    const detached = await app.ok('ocop.removeCertificateScan', { id: created.id })
    expect(detached.scan).toBeNull()
  })

  it('refuses a PDF without its end-of-file marker as media.corrupt', async () => {
    const { app, products } = await setup()
    const created = await app.ok('ocop.createCertificate', cert(products[0]!.id))
    const cut = PDF.subarray(0, PDF.indexOf('%%EOF'))
    const error = errorOf(await app.call('ocop.attachCertificateScan', { certificateId: created.id, files: [{ name: 'scan.pdf', bytes: new Uint8Array(cut) }] }))
    expect(error.code).toBe('VALIDATION')
    expect(error.details).toMatchObject({ reason: 'media.corrupt', file: 'scan.pdf', fileIndex: 0 })
    expect((await app.ok('ocop.listCertificates', { productId: products[0]!.id }))[0]!.scan).toBeNull()
    expect(await app.database.db.selectFrom('media').select('key').execute()).toEqual([])
  })

  it('stores a photographed certificate as an image, and refuses other content and a second file', async () => {
    const { app, products } = await setup()
    const created = await app.ok('ocop.createCertificate', cert(products[0]!.id))
    const withScan = await app.ok('ocop.attachCertificateScan', { certificateId: created.id, files: [{ name: 'anh-chup.jpg', bytes: new Uint8Array(PHOTO) }] })
    expect(withScan.scan).toMatchObject({ kind: 'image', mime: 'image/jpeg' })
    expect(app.media.resolve(withScan.scan!.mediaKey, 'thumb')).toMatchObject({ mime: 'image/webp' })

    const text = errorOf(await app.call('ocop.attachCertificateScan', { certificateId: created.id, files: [{ name: 'scan.pdf', bytes: new Uint8Array(Buffer.from('not a pdf at all')) }] }))
    expect(text.details.reason).toBe('media.unsupported_format')
    const two = errorOf(
      await app.call('ocop.attachCertificateScan', {
        certificateId: created.id,
        files: [
          { name: 'a.pdf', bytes: new Uint8Array(PDF) },
          { name: 'b.pdf', bytes: new Uint8Array(PDF) },
        ],
      }),
    )
    expect(two.code).toBe('VALIDATION')
    expect(errorOf(await app.call('ocop.attachCertificateScan', { certificateId: 'ocp_nope', files: [{ name: 'a.pdf', bytes: new Uint8Array(PDF) }] })).code).toBe('NOT_FOUND')
  })
})
