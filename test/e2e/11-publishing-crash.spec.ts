/**
 * The outbox survives the process dying: the app's own server (browser mode, the built
 * out/main/cli.js) publishes 200 listings to the fake Shopee, is killed outright (SIGKILL, no
 * shutdown code runs) about halfway, and a new server started on the same data folder finishes
 * the work. Every listing must end up on Shopee exactly once: the job that was cut off mid-call
 * is run again as "uncertain", which looks for the item before creating it.
 *
 * This spec starts its own servers (not the one in playwright.config.ts), so it can kill them.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test, type APIRequestContext } from '@playwright/test'
import sharp from 'sharp'
import type { OperationInput, OperationName, OperationOutput } from '../../src/shared/contract/operations'
import { FAKE_SHOPEE_APP, FAKE_SHOPEE_SHOP_ID, startFakeShopee, type FakeShopee } from '../fakes/shopee'

const LISTINGS = 200
const TOKEN = 'crash-token-0123456789'
const CLI = resolve(__dirname, '../../out/main/cli.js')

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer()
    probe.once('error', fail)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

interface Server {
  readonly base: string
  readonly process: ChildProcess
  readonly output: string[]
}

/** Starts `cli.js serve` on the folder and resolves once it says it listens. */
async function startServer(dataDir: string, port: number): Promise<Server> {
  const child = spawn(process.execPath, [CLI, 'serve', '--data-dir', dataDir, '--port', String(port), '--token', TOKEN], { stdio: ['ignore', 'pipe', 'pipe'] })
  const output: string[] = []
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server did not start:\n${output.join('')}`)), 30_000)
    const read = (chunk: Buffer) => {
      output.push(chunk.toString('utf8'))
      if (output.join('').includes('Listening on')) {
        clearTimeout(timer)
        done()
      }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`the server stopped (${code}):\n${output.join('')}`))
    })
  })
  return { base: `http://127.0.0.1:${port}`, process: child, output }
}

async function stopServer(server: Server | null, signal: NodeJS.Signals): Promise<void> {
  if (!server || server.process.exitCode !== null || server.process.signalCode !== null) return
  const exited = new Promise((done) => server.process.once('exit', done))
  server.process.kill(signal)
  await exited
}

async function call<K extends OperationName>(request: APIRequestContext, server: Server, name: K, input: OperationInput<K>): Promise<OperationOutput<K>> {
  const response = await request.post(`${server.base}/api/${name}`, { data: input ?? {}, headers: { Authorization: `Bearer ${TOKEN}` } })
  const body = (await response.json()) as { ok: boolean; data?: OperationOutput<K>; error?: unknown }
  expect(body.ok, `${name} answered ${JSON.stringify(body.error)}`).toBe(true)
  return body.data as OperationOutput<K>
}

let shopee: FakeShopee
let dataDir: string
let servers: Server[] = []

test.beforeAll(async () => {
  shopee = await startFakeShopee()
  dataDir = mkdtempSync(join(tmpdir(), 'ocop-crash-'))
})

test.afterAll(async () => {
  for (const server of servers) await stopServer(server, 'SIGTERM')
  servers = []
  await shopee?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

test('a server killed halfway through publishing 200 listings is restarted and finishes them, each on Shopee once', async ({ request }) => {
  test.setTimeout(300_000)
  const port = await freePort()
  const first = await startServer(dataDir, port)
  servers.push(first)

  // Set up as a co-op would: the seller, the Shopee shop (authorised on the fake's page), 200 products with a photo and stock.
  await call(request, first, 'sellers.createSeller', { name: 'HTX Nông sản Đa Tốn', kind: 'cooperative', taxCode: null })
  const account = await call(request, first, 'channels.createAccount', {
    kind: 'shopee',
    displayName: 'Shopee HTX',
    apiBase: shopee.url,
    authBase: shopee.url,
    appKey: FAKE_SHOPEE_APP.partnerId,
    secret: FAKE_SHOPEE_APP.partnerKey,
  })
  const consent = await call(request, first, 'channels.startAuthorization', { id: account.id })
  const page = await (await request.get(consent.url)).text()
  const agree = /<a href="([^"]+)">Đồng ý<\/a>/.exec(page)?.[1]?.replaceAll('&amp;', '&')
  expect(agree, page).toBeTruthy()
  expect((await request.get(agree!)).ok()).toBe(true)
  const [connected] = await call(request, first, 'channels.listAccounts', {})
  expect(connected).toMatchObject({ state: 'connected', shopId: FAKE_SHOPEE_SHOP_ID })

  const jpeg = await sharp({ create: { width: 600, height: 600, channels: 3, background: { r: 120, g: 160, b: 60 } } })
    .jpeg({ quality: 80 })
    .toBuffer()
  const listingIds: string[] = []
  for (let i = 0; i < LISTINGS; i++) {
    const sku = `CR-${String(i).padStart(3, '0')}`
    const product = await call(request, first, 'catalog.createProduct', {
      name: `Chè búp Tân Cương ${sku}`,
      description: 'Chè búp sao tay, đóng gói tại hợp tác xã.',
      status: 'active',
      variants: [{ sku, optionLabel: 'Gói 200 g', unit: 'gói', priceVnd: 90_000 + i * 100, weightGrams: 250 }],
    })
    const upload = await request.post(`${first.base}/api/catalog.addProductImages`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
      multipart: { input: JSON.stringify({ productId: product.id }), files: { name: `${sku}.jpg`, mimeType: 'image/jpeg', buffer: jpeg } },
    })
    expect(((await upload.json()) as { ok: boolean }).ok).toBe(true)
    await call(request, first, 'stock.receiveStock', { variantId: product.variants[0]!.id, quantity: 10 + (i % 7) })
    const listing = await call(request, first, 'listings.upsertListing', { channelAccountId: account.id, productId: product.id, categoryId: '100629', attributes: { logistics: '50011' } })
    listingIds.push(listing.id)
  }

  // Shopee answers slowly enough that the kill lands in the middle of the work.
  shopee.setMisbehaviour({ latencyMs: 40 })
  await call(request, first, 'listings.publish', { listingIds })
  await expect.poll(() => shopee.createCalls, { timeout: 120_000, intervals: [100] }).toBeGreaterThanOrEqual(LISTINGS / 2)
  await stopServer(first, 'SIGKILL')
  const atKill = shopee.items().length
  expect(atKill).toBeGreaterThanOrEqual(LISTINGS / 2)
  expect(atKill).toBeLessThan(LISTINGS)

  // The same folder, a new process: the lock of the dead one is stale and taken over.
  const second = await startServer(dataDir, port)
  servers.push(second)
  expect(second.output.join('')).not.toContain('in use by another running copy')
  await expect
    .poll(async () => (await call(request, second, 'listings.listListings', { channelAccountId: account.id })).filter((l) => l.status === 'published').length, {
      timeout: 180_000,
      intervals: [1_000],
    })
    .toBe(LISTINGS)

  // Exactly one item per listing at Shopee, and each listing holds the id of its own.
  const items = shopee.items()
  expect(items).toHaveLength(LISTINGS)
  expect(new Set(items.map((item) => item.itemSku)).size).toBe(LISTINGS)
  const listings = await call(request, second, 'listings.listListings', { channelAccountId: account.id })
  const itemBySku = new Map(items.map((item) => [item.itemSku, String(item.itemId)]))
  for (const listing of listings) {
    expect(listing.externalItemId).toBe(itemBySku.get(listing.skus[0]!.sku))
  }
  const dead = await call(request, second, 'outbox.listJobs', { status: 'dead' })
  expect(dead).toEqual([])
  await stopServer(second, 'SIGTERM')
})
