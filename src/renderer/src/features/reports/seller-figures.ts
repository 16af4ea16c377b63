/**
 * Readings of one seller's figures (docs/reports.md, "Commune indicators") that the screens
 * show next to the raw counts: the online share of net sales and the cashless share of money
 * collected, worked out the way the commune report works them out (src/main/reports/commune.ts).
 */
import { CASHLESS_METHODS, ONLINE_CHANNELS, type SellerFigures } from '@shared/contract/reports'

/** Null when there is nothing to divide: "—" on screen, never a misleading 0 %. */
function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.min(1, Math.max(0, part / whole)) : null
}

export function onlineNet(figures: SellerFigures): number {
  return figures.sales.byChannel.filter((c) => ONLINE_CHANNELS.includes(c.channel)).reduce((sum, c) => sum + c.netVnd, 0)
}

export function onlineShare(figures: SellerFigures): number | null {
  return share(onlineNet(figures), figures.sales.total.netVnd)
}

export function cashlessShare(figures: SellerFigures): number | null {
  const all = figures.collections.reduce((sum, c) => sum + c.amountVnd, 0)
  const cashless = figures.collections.filter((c) => CASHLESS_METHODS.includes(c.method)).reduce((sum, c) => sum + c.amountVnd, 0)
  return share(cashless, all)
}

/** Several sellers together: the shares of the sums, not the average of the shares. */
export function combinedOnlineShare(all: readonly SellerFigures[]): number | null {
  return share(
    all.reduce((sum, f) => sum + onlineNet(f), 0),
    all.reduce((sum, f) => sum + f.sales.total.netVnd, 0),
  )
}
