import { describe, expect, it } from 'vitest'
import { vnd } from '@shared/domain/money'
import { matchCodLines, type CodOrder } from './cod-match'
import type { CodStatementLine } from './statement-table'

function line(rowNumber: number, orderNumber: string | null, trackingCode: string | null, cod: number, fee: number | null = 22_000): CodStatementLine {
  return { rowNumber, orderNumber, trackingCode, codAmountVnd: vnd(cod), feeVnd: fee === null ? null : vnd(fee), date: null }
}

const orders: CodOrder[] = [
  { orderId: 'ord_1', orderNumber: 'DH-2026-000123', trackingCode: 'S21.SG01.A1.123456', codDueVnd: vnd(350_000), status: 'delivered' },
  { orderId: 'ord_2', orderNumber: 'DH-2026-000124', trackingCode: 'GHN-LK7P9Q', codDueVnd: vnd(180_000), status: 'delivered' },
  { orderId: 'ord_3', orderNumber: 'DH-2026-1234567', trackingCode: null, codDueVnd: vnd(95_000), status: 'cancelled' },
]

describe('matchCodLines', () => {
  it('matches by order number in any spelling the carrier used, carrying the fee through', () => {
    for (const orderNumber of ['DH-2026-000123', 'DH2026000123', 'dh-2026-123', 'S21.DH2026000123', 'ĐH 2026 000123']) {
      expect(matchCodLines([line(4, orderNumber, null, 350_000)], orders)[0]).toEqual({
        status: 'matched',
        line: line(4, orderNumber, null, 350_000),
        feeVnd: 22_000,
        orderId: 'ord_1',
        orderNumber: 'DH-2026-000123',
        orderStatus: 'delivered',
        matchedBy: 'order_number',
        expectedVnd: 350_000,
        gotVnd: 350_000,
        deltaVnd: 0,
      })
    }
  })

  it('matches by tracking code, also when the carrier puts its own code in the order column', () => {
    expect(matchCodLines([line(1, null, 'ghn-lk7p9q', 180_000)], orders)[0]).toMatchObject({ status: 'matched', orderId: 'ord_2', matchedBy: 'tracking_code' })
    expect(matchCodLines([line(1, 'GHNLK7P9Q', null, 180_000)], orders)[0]).toMatchObject({ status: 'matched', orderId: 'ord_2', matchedBy: 'tracking_code' })
  })

  it('reports a difference with expected, got and delta', () => {
    expect(matchCodLines([line(5, 'DH2026000124', null, 150_000, null)], orders)[0]).toMatchObject({
      status: 'difference',
      orderId: 'ord_2',
      expectedVnd: 180_000,
      gotVnd: 150_000,
      deltaVnd: -30_000,
      feeVnd: null,
    })
  })

  it('marks the second line of the same order as a duplicate of the first', () => {
    const results = matchCodLines([line(4, 'DH2026000123', null, 350_000), line(9, null, 'S21.SG01.A1.123456', 350_000)], orders)
    expect(results[0]).toMatchObject({ status: 'matched', orderId: 'ord_1' })
    expect(results[1]).toMatchObject({ status: 'duplicate', orderId: 'ord_1', firstRowNumber: 4, matchedBy: 'tracking_code' })
  })

  it('does not read a longer order number as a shorter one', () => {
    expect(matchCodLines([line(1, 'DH20260001234', null, 350_000)], orders)[0]).toMatchObject({ status: 'unmatched' })
    expect(matchCodLines([line(1, 'DH20261234567', null, 95_000)], orders)[0]).toMatchObject({ status: 'matched', orderId: 'ord_3', orderStatus: 'cancelled' })
  })

  it('leaves a line naming none of our orders unmatched, with its fee', () => {
    expect(matchCodLines([line(1, 'DH2026999999', 'S99', 10_000, 16_500)], orders)[0]).toEqual({
      status: 'unmatched',
      line: line(1, 'DH2026999999', 'S99', 10_000, 16_500),
      feeVnd: 16_500,
    })
  })

  it('asks a person when a line names two of our orders', () => {
    const [result] = matchCodLines([line(1, 'DH2026000123', 'GHN-LK7P9Q', 530_000)], orders)
    expect(result).toMatchObject({
      status: 'ambiguous',
      candidates: [
        { orderId: 'ord_1', matchedBy: 'order_number' },
        { orderId: 'ord_2', matchedBy: 'tracking_code' },
      ],
    })
  })

  it('matches an order by number and tracking code at once as one order', () => {
    expect(matchCodLines([line(1, 'DH2026000123', 'S21.SG01.A1.123456', 350_000)], orders)[0]).toMatchObject({
      status: 'matched',
      orderId: 'ord_1',
      matchedBy: 'order_number',
    })
  })
})
