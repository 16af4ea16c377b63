/** Small readings of the dashboard's answer that several cards share. */
import type { DashboardDto } from '@shared/contract/reports'

/**
 * Nothing happened in the period: no sale, no return, no money in or out and no order created.
 * The period's charts would all be flat, so the screen says so instead and offers a new order.
 */
export function isQuietPeriod(dashboard: DashboardDto): boolean {
  const { total } = dashboard
  return (
    total.orders === 0 &&
    total.grossVnd === 0 &&
    total.returnsVnd === 0 &&
    total.shippingVnd === 0 &&
    dashboard.byStatus.every((s) => s.orders === 0) &&
    dashboard.collections.every((c) => c.amountVnd === 0)
  )
}

/** A pie cannot draw a negative slice: a method whose refunds passed its receipts has none. */
export function pieSlices<T extends { amountVnd: number }>(collections: readonly T[]): T[] {
  return collections.filter((c) => c.amountVnd > 0)
}
