// The NTM/OCOP portal's push API through the outbox, against a fake portal that implements
// docs/ntm-portal-listing.md: photos once, the listing document, a stock change pushes the
// document again, a busy portal is waited out, unlisting withdraws it.
import { rmSync } from 'node:fs'
import axios from 'axios'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createChannelAccountInput, listingsActionInput, upsertListingInput } from '@shared/contract/publishing'
import { createIdFactory } from '../ids'
import { photoJpeg } from '../media/test-fixtures'
import { createLotsService } from '../lots/lots.service'
import { createCertificatesService } from '../ocop/certificates.service'
import { keyFileSecretBox } from '../payments/secret-box'
import { COOP, createTestApp, type TestApp } from '../test-support'
import { startFakePortal, type FakePortal } from '../../../test/fakes/ntm-portal'
import { createListingsService } from './listings.service'
import { drainOutbox } from './outbox.test-support'
import { createOutbox } from './outbox'
import { createPortalListings } from './portal-listing'
import { createPublishingHandlers } from './publishing.handlers'

let portal: FakePortal
beforeAll(async () => {
  portal = await startFakePortal()
})
afterAll(async () => {
  await portal.close()
})

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

const ctx = { actor: 'tester' }

async function setup() {
  const app = await createTestApp()
  apps.push(app)
  await app.ok('sellers.createSeller', COOP)
  const secrets = keyFileSecretBox(`${app.paths.dataDir}/secret.key`)
  const deps = { db: app.database.db, clock: app.clock, newId: createIdFactory(app.clock.now) }
  // The listing document reads photos and lots from the database; only `resolve` of the media
  // service is used on this path, which is what the test app exposes.
  const media = app.media as Parameters<typeof createLotsService>[1]
  const portalListings = createPortalListings(deps, createCertificatesService(deps, media), createLotsService(deps, media))
  const listings = createListingsService({ ...deps, secrets })
  const outbox = createOutbox(
    { db: app.database.db, clock: app.clock, logger: app.logger },
    createPublishingHandlers({ ...deps, secrets, media: app.media, connectorFor: () => { throw new Error('no marketplace here') }, portal: { listings: portalListings, http: axios.create() } }),
  )
  const account = await listings.createAccount(createChannelAccountInput.parse({ kind: 'ntm_portal', displayName: 'Cổng OCOP Hà Nội', apiBase: portal.url, secret: portal.apiKey }), ctx)
  const honey = await app.ok('catalog.createProduct', { name: 'Mật ong hoa nhãn', category: 'ocop.food', status: 'active', variants: [{ sku: 'MO-500', unit: 'hũ', priceVnd: 150_000 }] })
  await app.ok('catalog.addProductImages', { productId: honey.id, files: [{ name: 'a.jpg', bytes: new Uint8Array(await photoJpeg({ width: 480, height: 360, seed: 9 })) }] })
  await app.ok('stock.receiveStock', { variantId: honey.variants[0]!.id, quantity: 12 })
  return { app, listings, outbox, account, honey }
}


describe('pushing listings to the NTM/OCOP portal', () => {
  it('sends the photo once and the listing document, again when stock changes, and withdraws it when unlisted', async () => {
    const { app, listings, outbox, account, honey } = await setup()
    const listing = await listings.upsertListing(upsertListingInput.parse({ channelAccountId: account.id, productId: honey.id }), ctx)
    portal.failNext(1, 503)
    await listings.publish(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    await drainOutbox(app.clock, outbox)
    expect(portal.listings.get(honey.id)).toMatchObject({ schema: 'ocop-listing/1', listingId: honey.id, variants: [expect.objectContaining({ sku: 'MO-500', availableQuantity: 12 })] })
    expect(portal.images.size).toBe(1)
    const [published] = await listings.listListings({ channelAccountId: account.id })
    expect(published).toMatchObject({ status: 'published', externalItemId: `https://portal.example.vn/san-pham/${honey.id}` })

    await app.ok('stock.receiveStock', { variantId: honey.variants[0]!.id, quantity: 3 })
    await drainOutbox(app.clock, outbox)
    expect(portal.listings.get(honey.id)!.variants[0]!.availableQuantity).toBe(15)
    expect(portal.writes.filter((w) => w.path.startsWith('/images/'))).toHaveLength(1)

    await listings.unlist(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    await drainOutbox(app.clock, outbox)
    expect(portal.listings.has(honey.id)).toBe(false)
    expect((await listings.listListings({}))[0]!.status).toBe('unlisted')
  })

  it('marks the listing with the portal’s reason when it refuses the document', async () => {
    const { app, listings, outbox, account, honey } = await setup()
    const listing = await listings.upsertListing(upsertListingInput.parse({ channelAccountId: account.id, productId: honey.id }), ctx)
    portal.failNext(1, 422)
    await listings.publish(listingsActionInput.parse({ listingIds: [listing.id] }), ctx)
    await drainOutbox(app.clock, outbox)
    expect((await listings.listListings({}))[0]).toMatchObject({ status: 'error', lastErrorCode: 'invalid_listing', lastErrorMessage: 'Thiếu mã số vùng trồng' })
  })
})
