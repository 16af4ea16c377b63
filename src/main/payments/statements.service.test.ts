// Statement reconciliation through the real dispatcher: VietQR transfers matched from a bank
// statement, COD settled from a carrier's remittance file. Nothing is applied before a person
// has seen the preview; a line is never applied twice.
import ExcelJS from 'exceljs'
import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { Envelope } from '@shared/contract/errors'
import type { StatementPreviewDto } from '@shared/contract/payments'
import { COOP, createTestApp, type TestApp } from '../test-support'

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) {
    await app.close()
    rmSync(app.paths.dataDir, { recursive: true, force: true })
  }
})

let keys = 0
const key = () => `stmt-key-${++keys}-${Date.now()}`
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

async function setup() {
  const app = await createTestApp()
  apps.push(app)
  await app.ok('sellers.createSeller', { ...COOP, bankBin: '970436', bankAccountNumber: '0123456789', bankAccountName: 'HTX DUONG XA' })
  const product = await app.ok('catalog.createProduct', { name: 'Gạo nếp cái hoa vàng', variants: [{ sku: 'GN-2', unit: 'túi', priceVnd: 120_000 }] })
  const variantId = product.variants[0]!.id
  await app.ok('stock.receiveStock', { variantId, quantity: 500 })
  const order = (quantity: number) => app.ok('orders.createOrder', { channel: 'phone', lines: [{ variantId, quantity }], confirm: true })
  return { app, order }
}

function errorOf(result: Envelope<unknown>) {
  expect(result.ok, JSON.stringify(result)).toBe(false)
  return (result as unknown as { error: { code: string; details: { reason?: string; issues?: { code: string }[] } } }).error
}

/** A Vietcombank-like export: a preamble, then the columns, credits and debits. */
function bankCsv(rows: string[][]): string {
  return [
    'NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM',
    'SAO KÊ TÀI KHOẢN',
    'Số tài khoản: 0123456789',
    'Từ ngày 28/11/2026 đến ngày 28/11/2026',
    '',
    'Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Mô tả',
    ...rows.map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')),
  ].join('\r\n')
}

const lineOf = (preview: StatementPreviewDto, rowNumber: number) => preview.lines.find((l) => l.rowNumber === rowNumber)!

describe('bank statements for VietQR transfers', () => {
  it('previews matched, ambiguous, different and unmatched credits, applies only what is chosen, and never twice', async () => {
    const { app, order } = await setup()
    const a = await order(1) // 120.000
    const b = await order(2) // 240.000
    const c = await order(3) // 360.000
    const qa = await app.ok('payments.createIntent', { orderId: a.id, method: 'vietqr', idempotencyKey: key() })
    const qb = await app.ok('payments.createIntent', { orderId: b.id, method: 'vietqr', idempotencyKey: key() })
    const qc = await app.ok('payments.createIntent', { orderId: c.id, method: 'vietqr', idempotencyKey: key() })
    const memo = (o: { number: string }) => o.number.replace(/-/g, '')
    const csv = bankCsv([
      ['28/11/2026', 'FT2633201', '', '120.000', `MBVCB.1234.${memo(a)}.CT tu 0912345678 NGUYEN VAN AN`],
      ['28/11/2026', 'FT2633202', '', '240.000', 'NGUYEN THI BINH chuyen tien'],
      ['28/11/2026', 'FT2633203', '', '300.000', `${memo(c)} thanh toan`],
      ['28/11/2026', 'FT2633204', '', '55.000', 'Hoan tien phi'],
      ['28/11/2026', 'FT2633205', '15.000', '', 'Phi SMS Banking'],
    ])
    const preview = await app.ok('payments.previewStatement', { kind: 'bank', fileName: 'saoke-vcb.csv', contentBase64: b64(csv), profile: 'Vietcombank' })
    expect(preview.missingFields).toEqual([])
    expect(preview.headerRow).toBe(6)
    expect(preview.skippedDebits).toBe(1)
    expect(lineOf(preview, 7)).toMatchObject({ match: 'matched', amountVnd: 120_000, candidates: [expect.objectContaining({ intentId: qa.id, orderId: a.id })] })
    expect(lineOf(preview, 8)).toMatchObject({ match: 'ambiguous', reasons: ['amount_only'] })
    expect(lineOf(preview, 9)).toMatchObject({ match: 'difference', candidates: [expect.objectContaining({ intentId: qc.id, expectedVnd: 360_000 })] })
    expect(lineOf(preview, 10).match).toBe('unmatched')
    expect(preview.summary).toMatchObject({ matched: 1, ambiguous: 1, difference: 1, unmatched: 1, matchedVnd: 120_000 })
    // Previewing applied nothing.
    expect((await app.ok('payments.getIntent', { id: qa.id })).status).toBe('requires_action')

    const result = await app.ok('payments.applyStatement', {
      importId: preview.importId,
      lines: [
        { index: lineOf(preview, 7).index, orderId: a.id, intentId: qa.id },
        { index: lineOf(preview, 8).index, orderId: b.id, intentId: qb.id },
        { index: lineOf(preview, 9).index, orderId: c.id, intentId: qc.id },
      ],
    })
    expect(result).toMatchObject({ applied: 3, appliedVnd: 660_000 })
    expect((await app.ok('orders.getOrder', { id: a.id })).paymentStatus).toBe('paid')
    expect((await app.ok('orders.getOrder', { id: b.id })).paymentStatus).toBe('paid')
    // The customer sent 300.000 of 360.000: that is what was received.
    expect(await app.ok('payments.orderPayments', { orderId: c.id })).toMatchObject({ paidVnd: 300_000, outstandingVnd: 60_000, paymentStatus: 'partially_paid' })
    const events = await app.ok('payments.listEvents', { intentId: qa.id })
    expect(events[0]).toMatchObject({ type: 'statement.bank_credit', source: 'bank_statement', outcome: 'applied', statusAfter: 'succeeded' })

    expect(errorOf(await app.call('payments.applyStatement', { importId: preview.importId, lines: [{ index: 3, orderId: a.id }] })).details.reason).toBe('already_applied')
    const again = await app.ok('payments.previewStatement', { kind: 'bank', fileName: 'saoke-vcb.csv', contentBase64: b64(csv), profile: 'Vietcombank' })
    expect(again.summary.alreadyApplied).toBe(3)
    expect(lineOf(again, 8)).toMatchObject({ match: 'already_applied', candidates: [] })
    const retry = errorOf(await app.call('payments.applyStatement', { importId: again.importId, lines: [{ index: lineOf(again, 7).index, orderId: a.id, intentId: qa.id }] }))
    expect(retry.details.issues?.[0]?.code).toBe('line_not_applicable')
  })

  it('applies all chosen lines or none', async () => {
    const { app, order } = await setup()
    const a = await order(1)
    const b = await order(2)
    const qa = await app.ok('payments.createIntent', { orderId: a.id, method: 'vietqr', idempotencyKey: key() })
    await app.ok('payments.createIntent', { orderId: b.id, method: 'vietqr', idempotencyKey: key() })
    const csv = bankCsv([
      ['28/11/2026', 'FT1', '', '120.000', a.number],
      ['28/11/2026', 'FT2', '', '240.000', b.number],
    ])
    const preview = await app.ok('payments.previewStatement', { kind: 'bank', fileName: 's.csv', contentBase64: b64(csv), profile: 'Vietcombank' })
    const error = errorOf(
      await app.call('payments.applyStatement', {
        importId: preview.importId,
        lines: [
          { index: lineOf(preview, 7).index, orderId: a.id, intentId: qa.id },
          // Not a candidate of that line: the whole apply is refused.
          { index: lineOf(preview, 8).index, orderId: a.id, intentId: qa.id },
        ],
      }),
    )
    expect(error.details.issues?.[0]?.code).toBe('candidate_unknown')
    expect((await app.ok('payments.getIntent', { id: qa.id })).status).toBe('requires_action')
    expect(app.database.sqlite.prepare('SELECT count(*) AS n FROM statement_line_applied').get()).toEqual({ n: 0 })
  })

  it('asks for the columns it cannot guess, and remembers the mapping for the bank', async () => {
    const { app, order } = await setup()
    const a = await order(1)
    const qa = await app.ok('payments.createIntent', { orderId: a.id, method: 'vietqr', idempotencyKey: key() })
    const csv = ['Cot1,Cot2,Cot3', `28/11/2026,120000,${a.number.replace(/-/g, '')} chuyen khoan`].join('\n')
    const first = await app.ok('payments.previewStatement', { kind: 'bank', fileName: 'lạ.csv', contentBase64: b64(csv), profile: 'Co-opBank' })
    expect(first.missingFields.length).toBeGreaterThan(0)
    expect(first.lines).toEqual([])
    expect(first.sampleRows[0]!.cells).toEqual(['Cot1', 'Cot2', 'Cot3'])
    const mapped = await app.ok('payments.previewStatement', {
      kind: 'bank',
      fileName: 'lạ.csv',
      contentBase64: b64(csv),
      profile: 'Co-opBank',
      headerRow: 1,
      mapping: { date: 0, credit: 1, description: 2, debit: null, amount: null, reference: null },
    })
    expect(mapped.missingFields).toEqual([])
    expect(mapped.lines[0]).toMatchObject({ match: 'matched', amountVnd: 120_000 })
    await app.ok('payments.applyStatement', { importId: mapped.importId, lines: [{ index: 0, orderId: a.id, intentId: qa.id }] })

    const b = await order(1)
    await app.ok('payments.createIntent', { orderId: b.id, method: 'vietqr', idempotencyKey: key() })
    const next = ['Cot1,Cot2,Cot3', `29/11/2026,120000,${b.number.replace(/-/g, '')}`].join('\n')
    const remembered = await app.ok('payments.previewStatement', { kind: 'bank', fileName: 'lạ-2.csv', contentBase64: b64(next), profile: 'co-opbank' })
    expect(remembered.missingFields).toEqual([])
    expect(remembered.lines[0]).toMatchObject({ match: 'matched' })
  })

  it('reads an XLSX statement', async () => {
    const { app, order } = await setup()
    const a = await order(1)
    await app.ok('payments.createIntent', { orderId: a.id, method: 'vietqr', idempotencyKey: key() })
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('Sao ke')
    sheet.addRow(['MB BANK - SAO KÊ'])
    sheet.addRow([])
    sheet.addRow(['Ngày', 'Nội dung', 'Ghi nợ', 'Ghi có', 'Mã giao dịch'])
    sheet.addRow(['28/11/2026', `${a.number} thanh toan`, null, 120000, 'MB123'])
    const bytes = Buffer.from(await book.xlsx.writeBuffer())
    const preview = await app.ok('payments.previewStatement', { kind: 'bank', fileName: 'mb.xlsx', contentBase64: bytes.toString('base64'), profile: 'MB' })
    expect(preview.lines).toHaveLength(1)
    expect(preview.lines[0]).toMatchObject({ match: 'matched', reference: 'MB123' })
  })
})

describe('COD statements from carriers', () => {
  it('settles parcels by order number or tracking code, lists differences, and flags lines it cannot place', async () => {
    const { app, order } = await setup()
    const a = await order(1)
    const b = await order(2)
    const c = await order(3)
    for (const [o, code] of [[a, 'GHTK001'], [b, 'GHTK002'], [c, 'GHTK003']] as const) {
      await app.ok('orders.transitionOrder', { id: o.id, action: 'ship', carrier: 'GHTK', trackingCode: code })
    }
    const codA = await app.ok('payments.createIntent', { orderId: a.id, method: 'cod', idempotencyKey: key() })
    const csv = [
      'Mã đơn hàng,Mã vận đơn,Tiền thu hộ,Phí',
      `${a.number},GHTK001,120.000,22.000`,
      `,GHTK002,240.000,22.000`,
      `${c.number},GHTK003,350.000,22.000`,
      `DH-2026-999999,GHTK999,99.000,22.000`,
      `${a.number},GHTK001,120.000,22.000`,
    ].join('\n')
    const preview = await app.ok('payments.previewStatement', { kind: 'cod', fileName: 'ghtk.csv', contentBase64: b64(csv), profile: 'GHTK' })
    expect(preview.lines.map((l) => l.match)).toEqual(['matched', 'matched', 'difference', 'unmatched', 'duplicate'])
    expect(preview.lines[2]).toMatchObject({ amountVnd: 350_000, feeVnd: 22_000, candidates: [expect.objectContaining({ orderId: c.id, expectedVnd: 360_000 })] })
    const result = await app.ok('payments.applyStatement', {
      importId: preview.importId,
      lines: [
        { index: 0, orderId: a.id },
        { index: 1, orderId: b.id },
        { index: 2, orderId: c.id },
      ],
    })
    expect(result.appliedVnd).toBe(710_000)
    expect(await app.ok('payments.getIntent', { id: codA.id })).toMatchObject({ status: 'succeeded', amountReceivedVnd: 120_000 })
    // B had no COD payment recorded: the remittance creates one.
    const bMoney = await app.ok('payments.orderPayments', { orderId: b.id })
    expect(bMoney).toMatchObject({ paymentStatus: 'paid' })
    expect(bMoney.intents[0]).toMatchObject({ method: 'cod', status: 'succeeded', amountReceivedVnd: 240_000 })
    expect((await app.ok('payments.orderPayments', { orderId: c.id })).outstandingVnd).toBe(10_000)
  })

  it('flags money collected for a cancelled order instead of matching it', async () => {
    const { app, order } = await setup()
    const a = await order(1)
    await app.ok('orders.transitionOrder', { id: a.id, action: 'cancel' })
    const csv = ['Mã đơn hàng,Mã vận đơn,Tiền thu hộ', `${a.number},X1,120.000`].join('\n')
    const preview = await app.ok('payments.previewStatement', { kind: 'cod', fileName: 'ghn.csv', contentBase64: b64(csv), profile: 'GHN' })
    expect(preview.lines[0]).toMatchObject({ match: 'ambiguous', reasons: ['order_cancelled'], candidates: [expect.objectContaining({ orderId: a.id })] })
  })
})

describe('remembered mappings', () => {
  it('finds the remembered header by its titles when next month’s preamble is longer', async () => {
    const { app, order } = await setup()
    const a = await order(1)
    const b = await order(2)
    const qa = await app.ok('payments.createIntent', { orderId: a.id, method: 'vietqr', idempotencyKey: key() })
    await app.ok('payments.createIntent', { orderId: b.id, method: 'vietqr', idempotencyKey: key() })
    const header = 'Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Mô tả'
    const first = ['VIETCOMBANK', 'SAO KE', '', header, `28/11/2026,FT1,,120.000,${a.number}`].join('\n')
    const p1 = await app.ok('payments.previewStatement', { kind: 'bank', fileName: 'a.csv', contentBase64: b64(first), profile: 'VCB' })
    expect(p1.headerRow).toBe(4)
    await app.ok('payments.applyStatement', { importId: p1.importId, lines: [{ index: 0, orderId: a.id, intentId: qa.id }] })
    const second = ['VIETCOMBANK', header, `29/11/2026,FT2,,240.000,${b.number}`, '29/11/2026,FT3,,50.000,khach le', '29/11/2026,FT4,,60.000,khach le 2'].join('\n')
    const p2 = await app.ok('payments.previewStatement', { kind: 'bank', fileName: 'b.csv', contentBase64: b64(second), profile: 'VCB' })
    expect(p2.headerRow).toBe(2)
    expect(p2.lines.map((l) => [l.rowNumber, l.match])).toEqual([
      [3, 'matched'],
      [4, 'unmatched'],
      [5, 'unmatched'],
    ])
  })
})
