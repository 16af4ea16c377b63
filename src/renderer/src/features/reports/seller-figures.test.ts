import { describe, expect, it } from 'vitest'
import type { SellerFigures } from '@shared/contract/reports'
import { cashlessShare, combinedOnlineShare, onlineShare } from './seller-figures'

function figures(byChannel: SellerFigures['sales']['byChannel'], collections: SellerFigures['collections'] = []): SellerFigures {
  return {
    onlineSellers: { cooperatives: 0, households: 0, enterprises: 0, groups: 0 },
    ocop: { byStar: { '3': 0, '4': 0, '5': 0 }, listedOn: { shopee: 0, lazada: 0, tiktok: 0, ntm_portal: 0, file_export: 0 } },
    products: { active: 0, withTraceability: 0, listedOnline: 0 },
    sales: { byChannel, total: { orders: byChannel.reduce((s, c) => s + c.orders, 0), netVnd: byChannel.reduce((s, c) => s + c.netVnd, 0) } },
    collections,
  }
}

describe('a seller’s shares', () => {
  it('count Shopee, the portal, Facebook and the like as online, the counter and the phone as not', () => {
    const f = figures([
      { channel: 'counter', orders: 2, netVnd: 300_000 },
      { channel: 'shopee', orders: 1, netVnd: 100_000 },
      { channel: 'facebook', orders: 1, netVnd: 100_000 },
      { channel: 'phone', orders: 1, netVnd: 0 },
    ])
    expect(onlineShare(f)).toBeCloseTo(0.4)
  })

  it('count transfers, VNPay and marketplace payouts as cashless, and say nothing when nothing was collected', () => {
    expect(
      cashlessShare(
        figures(
          [],
          [
            { method: 'cash', amountVnd: 100_000 },
            { method: 'vietqr', amountVnd: 300_000 },
          ],
        ),
      ),
    ).toBeCloseTo(0.75)
    expect(cashlessShare(figures([], [{ method: 'cash', amountVnd: 0 }]))).toBeNull()
    expect(onlineShare(figures([]))).toBeNull()
  })

  it('take several sellers’ share from their sums, so a small seller does not weigh as much as a big one', () => {
    const big = figures([{ channel: 'shopee', orders: 9, netVnd: 900_000 }])
    const small = figures([{ channel: 'counter', orders: 1, netVnd: 100_000 }])
    expect(combinedOnlineShare([big, small])).toBeCloseTo(0.9)
  })
})
