/**
 * Statement reconciliation at the size a busy month brings: a carrier's COD remittance file of
 * 50,000 parcels (no row cap) against 50,000 shipped orders, and a bank statement of 5,000
 * credits against 5,000 open VietQR transfers. Previewed and applied through the real
 * operations on a file database; the orders are written with SQL (only their numbers, tracking
 * codes and totals matter here), the statements as CSV text the way carriers and banks send them.
 */
import { afterAll, describe, it } from 'vitest'
import type { StatementPreviewDto, StatementResultDto } from '@shared/contract/payments'
import { formatOrderNumber } from '@shared/domain/order-number'
import { createApp, type App } from '../../src/main/app'
import { memoryLogger } from '../../src/main/logger'
import { dataPaths } from '../../src/main/paths'
import { flushReport, record, scratchDir } from './report'

const COD_LINES = 50_000
const BANK_LINES = 5_000
const T = '2026-11-01T02:00:00.000Z'

const scratch = scratchDir('statements')
const apps: App[] = []

afterAll(async () => {
  for (const app of apps) await app.close()
  scratch.remove()
  flushReport()
})

async function freshApp(name: string): Promise<App> {
  const app = await createApp({ paths: dataPaths(`${scratch.path}/${name}`), transport: 'http', appVersion: '0.0.0-bench', logger: memoryLogger(), reportRollups: false, paymentPolling: false })
  apps.push(app)
  const seller = await app.invoke('sellers.createSeller', { name: 'HTX Nông nghiệp Dương Xá', kind: 'cooperative', taxCode: '0101234567', bankBin: '970436', bankAccountNumber: '0123456789' }, { actor: 'bench' })
  if (!seller.ok) throw new Error(`seller: ${JSON.stringify(seller.error)}`)
  return app
}

/** `count` shipped orders DH-2026-000001…, each with a GHTK tracking code and its total. */
function seedOrders(app: App, count: number, status: 'shipped' | 'confirmed'): { number: string; total: number; tracking: string }[] {
  const orders: { number: string; total: number; tracking: string }[] = []
  const insert = app.database.sqlite.prepare(
    `INSERT INTO sales_order (id, number, channel, status, subtotal_vnd, total_vnd, carrier, tracking_code, created_at, updated_at)
     VALUES (?, ?, 'phone', ?, ?, ?, 'GHTK', ?, ?, ?)`,
  )
  app.database.sqlite.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const total = 50_000 + ((i * 7919) % 400) * 1_000
      const order = { number: formatOrderNumber(2026, i), total, tracking: `S${String(10_000_000 + i)}` }
      insert.run(`ord_bench_${i}`, order.number, status, total, total, order.tracking, T, T)
      orders.push(order)
    }
  })()
  return orders
}

function rssMb(): number {
  return process.memoryUsage().rss / 1048576
}

describe('statement reconciliation', () => {
  it(`previews and applies a COD file of ${COD_LINES.toLocaleString('en')} parcels`, async () => {
    const app = await freshApp('cod')
    const orders = seedOrders(app, COD_LINES, 'shipped')
    // Half named by order number, half only by tracking code; a few amounts differ.
    const csv = ['Mã đơn hàng,Mã vận đơn,Tiền thu hộ,Phí dịch vụ,Ngày đối soát']
    orders.forEach((o, i) => {
      const collected = i % 1000 === 0 ? o.total - 10_000 : o.total
      csv.push(`${i % 2 === 0 ? o.number : ''},${o.tracking},${collected.toLocaleString('vi-VN')},"22.000",28/11/2026`)
    })
    const contentBase64 = Buffer.from(csv.join('\r\n'), 'utf8').toString('base64')
    global.gc?.()
    const rssBefore = rssMb()
    const t = performance.now()
    const preview = await app.invoke('payments.previewStatement', { kind: 'cod', fileName: 'ghtk-doi-soat.csv', contentBase64, profile: 'GHTK' }, { actor: 'bench' })
    const previewS = (performance.now() - t) / 1000
    const rssPreview = rssMb()
    if (!preview.ok) throw new Error(`preview: ${JSON.stringify(preview.error).slice(0, 500)}`)
    const p = preview.data as StatementPreviewDto
    const chosen = p.lines.filter((l) => l.match === 'matched' || l.match === 'difference').map((l) => ({ index: l.index, orderId: l.candidates[0]!.orderId }))
    const a = performance.now()
    const applied = await app.invoke('payments.applyStatement', { importId: p.importId, lines: chosen }, { actor: 'bench' })
    const applyS = (performance.now() - a) / 1000
    if (!applied.ok) throw new Error(`apply: ${JSON.stringify(applied.error).slice(0, 500)}`)
    const result = applied.data as StatementResultDto
    record({
      name: 'payments.cod_preview_s@50k',
      value: previewS,
      unit: 's',
      target: 10,
      matched: p.summary.matched,
      difference: p.summary.difference,
      rssGrowthMb: rssPreview - rssBefore,
      detail: `payments.previewStatement of a ${(contentBase64.length * 0.75 / 1048576).toFixed(1)} MB CSV of ${COD_LINES} parcels against ${COD_LINES} shipped orders: read, map, match by number/tracking code, store the preview (matched ${p.summary.matched}, difference ${p.summary.difference}); RSS grew ${(rssPreview - rssBefore).toFixed(0)} MB`,
    })
    record({
      name: 'payments.cod_apply_s@50k',
      value: applyS,
      unit: 's',
      target: 60,
      applied: result.applied,
      detail: `payments.applyStatement of ${result.applied} lines in one transaction: a succeeded COD intent, its event and the order's money per line (${(applyS * 1000 / result.applied).toFixed(2)} ms/line)`,
    })
  })

  it(`matches a bank statement of ${BANK_LINES.toLocaleString('en')} credits against as many open transfers`, async () => {
    const app = await freshApp('bank')
    const orders = seedOrders(app, BANK_LINES, 'confirmed')
    const intent = app.database.sqlite.prepare(
      `INSERT INTO payment_intent (id, order_id, method, status, amount_vnd, idempotency_key, request_hash, provider_ref, created_by, created_at, updated_at)
       VALUES (?, ?, 'vietqr', 'requires_action', ?, ?, 'bench', ?, 'bench', ?, ?)`,
    )
    app.database.sqlite.transaction(() => {
      orders.forEach((o, i) => intent.run(`pi_bench_${i}`, `ord_bench_${i + 1}`, o.total, `bench-${i}`, o.number.replace(/-/g, ''), T, T))
    })()
    const csv = ['Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Mô tả']
    orders.forEach((o, i) => csv.push(`28/11/2026,FT${100000 + i},,${o.total.toLocaleString('vi-VN').replace(/\./g, ',')},"MBVCB.${i}.${o.number.replace(/-/g, '')}.CT tu 09${String(i).padStart(8, '0')}"`))
    const contentBase64 = Buffer.from(csv.join('\r\n'), 'utf8').toString('base64')
    const t = performance.now()
    const preview = await app.invoke('payments.previewStatement', { kind: 'bank', fileName: 'saoke.csv', contentBase64, profile: 'Vietcombank' }, { actor: 'bench' })
    const previewS = (performance.now() - t) / 1000
    if (!preview.ok) throw new Error(`preview: ${JSON.stringify(preview.error).slice(0, 500)}`)
    const p = preview.data as StatementPreviewDto
    record({
      name: 'payments.bank_preview_s@5k',
      value: previewS,
      unit: 's',
      target: 5,
      matched: p.summary.matched,
      detail: `payments.previewStatement of ${BANK_LINES} credits against ${BANK_LINES} open VietQR intents, memo in a bank-mangled description (matched ${p.summary.matched})`,
    })
  })
})
