import { describe, expect, it } from 'vitest'
import type { DashboardDto, SalesFiguresDto } from '@shared/contract/reports'
import { isQuietPeriod, pieSlices } from './dashboard-figures'

const zero: SalesFiguresDto = { orders: 0, grossVnd: 0, returnsVnd: 0, netVnd: 0, shippingVnd: 0 }

function answer(change: Partial<DashboardDto> = {}): DashboardDto {
  return {
    period: { from: '2026-03-01', to: '2026-03-02' },
    today: '2026-03-02',
    windows: { today: zero, last7: zero, last30: zero },
    byDay: [
      { day: '2026-03-01', ...zero },
      { day: '2026-03-02', ...zero },
    ],
    byMonth: [],
    total: zero,
    byChannel: [],
    byStatus: [{ status: 'draft', orders: 0 }],
    topProducts: [],
    collections: [{ method: 'cash', amountVnd: 0 }],
    cashlessShare: null,
    lowStock: [],
    expiringLots: [],
    expiringCertificates: [],
    outbox: { pending: 0, dead: 0 },
    ...change,
  }
}

describe('a quiet period', () => {
  it('is one with no sale, no return, no money and no order created', () => {
    expect(isQuietPeriod(answer())).toBe(true)
  })

  it('is not quiet when only a draft was created, or only money for an older order came in', () => {
    expect(isQuietPeriod(answer({ byStatus: [{ status: 'draft', orders: 1 }] }))).toBe(false)
    expect(isQuietPeriod(answer({ collections: [{ method: 'vietqr', amountVnd: 120_000 }] }))).toBe(false)
  })

  it('is not quiet when goods came back, even with no sale', () => {
    expect(isQuietPeriod(answer({ total: { ...zero, returnsVnd: 50_000, netVnd: -50_000 } }))).toBe(false)
  })
})

describe('the payment pie', () => {
  it('leaves out methods with nothing collected or more refunded than received', () => {
    const slices = pieSlices([
      { method: 'cash', amountVnd: 100_000 },
      { method: 'cod', amountVnd: 0 },
      { method: 'vnpay', amountVnd: -20_000 },
    ])
    expect(slices.map((s) => s.method)).toEqual(['cash'])
  })
})
