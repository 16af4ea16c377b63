// A power cut in the middle of selling: the built server (out/main/cli.js serve) is a real child
// process with a real database file; orders and counter sales pour in over HTTP and the process is
// SIGKILLed mid-stream. Reopened afterwards, the database must be whole: integrity_check ok, no
// order without lines or events, levels equal to the ledger, and every order the server answered
// 200 for present in full (synchronous=FULL: a committed sale survives).
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadSqlite } from '../../src/main/db/driver'
import { tempDir } from '../../src/main/test-support'

const CLI = join(__dirname, '../../out/main/cli.js')
const TOKEN = 'crash-token-0123456789'
const HEADERS = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }

const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c()
})

function startServe(dataDir: string): Promise<{ child: ChildProcess; url: string; exited: Promise<NodeJS.Signals | number | null> }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--data-dir', dataDir, '--port', '0', '--token', TOKEN], { stdio: ['ignore', 'pipe', 'pipe'] })
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)))
  let output = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "Listening on" line within 15 s:\n${output}`)), 15_000)
    const onData = (d: Buffer) => {
      output += d.toString()
      const m = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve({ child, url: m[1]!, exited })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${code} before listening:\n${output}`))
    })
  })
}

async function call<T>(url: string, op: string, input: unknown): Promise<{ status: number; body: { ok: boolean; data?: T; error?: { code: string; message: string } } }> {
  const res = await fetch(`${url}/api/${op}`, { method: 'POST', headers: HEADERS, body: JSON.stringify(input) })
  return { status: res.status, body: (await res.json()) as { ok: boolean; data?: T; error?: { code: string; message: string } } }
}
async function ok<T>(url: string, op: string, input: unknown): Promise<T> {
  const r = await call<T>(url, op, input)
  if (r.status !== 200) throw new Error(`${op}: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body.data!
}

interface OrderOut {
  id: string
  number: string
  status: string
  subtotalVnd: number
  totalVnd: number
  lines: { id: string; variantId: string; quantity: number; totalVnd: number }[]
}

describe('orders survive a crash of the server', () => {
  it('SIGKILL while orders pour in: the reopened database is whole and holds every answered order', async () => {
    if (!existsSync(CLI)) throw new Error('out/main/cli.js is missing: run `npm run build` first (npm test builds before testing)')
    const dir = tempDir('ocop-crash-')
    cleanups.push(() => dir.remove())
    const { child, url, exited } = await startServe(dir.path)

    const contract = (await (await fetch(`${url}/api`, { headers: HEADERS })).json()) as { operations: { name: string }[] }
    if (!contract.operations.some((o) => o.name === 'orders.createOrder')) {
      throw new Error('out/main/cli.js predates orders: rebuild it (flock /tmp/ocop-build.lock npx electron-vite build)')
    }
    await ok(url, 'sellers.createSeller', { name: 'HTX Nông nghiệp Dương Xá', kind: 'cooperative' })
    const product = await ok<{ variants: { id: string }[] }>(url, 'catalog.createProduct', {
      name: 'Mật ong hoa nhãn',
      variants: [
        { sku: 'MO-500', unit: 'hũ', priceVnd: 150_000 },
        { sku: 'MO-250', unit: 'hũ', priceVnd: 85_000 },
      ],
    })
    const [a, b] = product.variants.map((v) => v.id) as [string, string]
    await ok(url, 'lots.createLot', { variantId: a, harvestDate: '2026-01-10', expiryDate: '2099-12-31', quantity: 50_000 })
    await ok(url, 'stock.receiveStock', { variantId: a, quantity: 50_000 })
    await ok(url, 'stock.receiveStock', { variantId: b, quantity: 100_000 })

    // Four clients sell as fast as they can until the server dies.
    const answered: OrderOut[] = []
    let refusedOther = 0
    let stop = false
    async function client(n: number) {
      for (let i = 0; !stop; i++) {
        try {
          const lines = [
            { variantId: a, quantity: 1 + ((n + i) % 3) },
            ...(i % 2 === 0 ? [{ variantId: b, quantity: 2, discount: { kind: 'percent', percent: 10 } }] : []),
          ]
          if ((n + i) % 2 === 0) {
            const r = await call<OrderOut>(url, 'orders.createOrder', { channel: 'website', lines, confirm: true, shippingFeeVnd: 30_000 })
            if (r.status === 200) answered.push(r.body.data!)
            else refusedOther++
          } else {
            const r = await call<{ order: OrderOut }>(url, 'orders.counterSale', { lines, cashReceivedVnd: 2_000_000 })
            if (r.status === 200) answered.push(r.body.data!.order)
            else refusedOther++
          }
        } catch {
          return // the server is gone
        }
      }
    }
    const clients = [0, 1, 2, 3].map((n) => client(n))
    // ~300 ms in, and not before a few sales went through (a slow disk fsyncs every commit).
    await new Promise((resolve) => setTimeout(resolve, 300))
    for (let waited = 0; answered.length < 10 && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20))
    child.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')
    stop = true
    await Promise.all(clients)
    expect(refusedOther).toBe(0)
    expect(answered.length).toBeGreaterThanOrEqual(10)

    const Sqlite = loadSqlite()
    const sqlite = new Sqlite(join(dir.path, 'ocop-storefront.sqlite'))
    cleanups.unshift(() => sqlite.close())
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(sqlite.pragma('foreign_key_check')).toEqual([])

    const orders = sqlite.prepare('SELECT id, number, status, subtotal_vnd, order_discount_vnd, shipping_fee_vnd, total_vnd FROM sales_order').all() as {
      id: string
      number: string
      status: string
      subtotal_vnd: number
      order_discount_vnd: number
      shipping_fee_vnd: number
      total_vnd: number
    }[]
    expect(orders.length).toBeGreaterThanOrEqual(answered.length)
    const linesOf = sqlite.prepare('SELECT count(*) AS n, ifnull(sum(total_vnd), 0) AS total, ifnull(sum(quantity), 0) AS qty FROM order_line WHERE order_id = ?')
    const eventsOf = sqlite.prepare('SELECT kind, from_status, to_status FROM order_event WHERE order_id = ? ORDER BY seq')
    const ledgerOfOrder = sqlite.prepare('SELECT ifnull(sum(on_hand_delta), 0) AS on_hand, ifnull(sum(reserved_delta), 0) AS reserved FROM stock_movement WHERE order_id = ?')
    for (const o of orders) {
      const lines = linesOf.get(o.id) as { n: number; total: number; qty: number }
      expect(lines.n, o.number).toBeGreaterThanOrEqual(1)
      expect(lines.total, o.number).toBe(o.subtotal_vnd)
      expect(o.total_vnd, o.number).toBe(o.subtotal_vnd - o.order_discount_vnd + o.shipping_fee_vnd)
      const events = eventsOf.all(o.id) as { kind: string; from_status: string | null; to_status: string | null }[]
      expect(events[0], o.number).toMatchObject({ kind: 'created', to_status: 'draft' })
      const lastStatus = events.filter((e) => e.to_status !== null).at(-1)!
      expect(lastStatus.to_status, o.number).toBe(o.status)
      // What the order did to stock matches its status.
      const ledger = ledgerOfOrder.get(o.id) as { on_hand: number; reserved: number }
      if (o.status === 'confirmed') expect(ledger, o.number).toEqual({ on_hand: 0, reserved: lines.qty })
      else if (o.status === 'completed') expect(ledger, o.number).toEqual({ on_hand: -lines.qty, reserved: 0 })
      else throw new Error(`${o.number} is ${o.status}`)
    }
    const numbers = orders.map((o) => o.number)
    expect(new Set(numbers).size).toBe(numbers.length)
    const last = (sqlite.prepare('SELECT max(last) AS last FROM order_number').get() as { last: number }).last
    expect(last).toBe(orders.length)

    // The levels are the ledger; the lots hold no more than is on hand.
    const levels = sqlite
      .prepare(
        `SELECT s.variant_id, s.on_hand, s.reserved,
                (SELECT sum(on_hand_delta) FROM stock_movement m WHERE m.variant_id = s.variant_id) AS ledger_on_hand,
                (SELECT sum(reserved_delta) FROM stock_movement m WHERE m.variant_id = s.variant_id) AS ledger_reserved,
                (SELECT ifnull(sum(on_hand), 0) FROM stock_lot_level l WHERE l.variant_id = s.variant_id) AS in_lots
         FROM stock_level s`,
      )
      .all() as { variant_id: string; on_hand: number; reserved: number; ledger_on_hand: number; ledger_reserved: number; in_lots: number }[]
    expect(levels).toHaveLength(2)
    for (const l of levels) {
      expect(l.on_hand, l.variant_id).toBe(l.ledger_on_hand)
      expect(l.reserved, l.variant_id).toBe(l.ledger_reserved)
      expect(l.on_hand - l.reserved, l.variant_id).toBeGreaterThanOrEqual(0)
      expect(l.in_lots, l.variant_id).toBeLessThanOrEqual(l.on_hand)
    }
    const lots = sqlite.prepare('SELECT l.lot_id, l.on_hand, (SELECT sum(on_hand_delta) FROM stock_movement m WHERE m.lot_id = l.lot_id) AS ledger FROM stock_lot_level l').all() as {
      lot_id: string
      on_hand: number
      ledger: number
    }[]
    for (const l of lots) expect(l.on_hand, l.lot_id).toBe(l.ledger)

    // Every order answered 200 is there, whole, as answered.
    const byId = new Map(orders.map((o) => [o.id, o]))
    const lineRows = sqlite.prepare('SELECT id, variant_id, quantity, total_vnd FROM order_line WHERE order_id = ? ORDER BY position')
    for (const sent of answered) {
      const stored = byId.get(sent.id)
      expect(stored, `${sent.number} answered 200 but is missing`).toBeDefined()
      expect({ number: stored!.number, status: stored!.status, subtotal: stored!.subtotal_vnd, total: stored!.total_vnd }).toEqual({
        number: sent.number,
        status: sent.status,
        subtotal: sent.subtotalVnd,
        total: sent.totalVnd,
      })
      expect(lineRows.all(sent.id)).toEqual(sent.lines.map((l) => ({ id: l.id, variant_id: l.variantId, quantity: l.quantity, total_vnd: l.totalVnd })))
    }
  }, 30_000)
})
