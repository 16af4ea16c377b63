/**
 * A marketplace reduced to what the outbox's guarantees are about: it creates items, takes stock
 * pushes, fails when told (429, 5xx, timeouts, answers lost after the work was done, no network)
 * and counts every item it really made, so a test or a bench can prove nothing was made twice.
 * The real platforms' fakes (Shopee, Lazada, TikTok Shop) check signatures; this one checks counts.
 */
import { ConnectorFailure } from '../../src/main/publishing/connector'

/** A platform that does what it is asked, fails when told, and remembers every item it made. */
export class SimulatedPlatform {
  readonly items = new Map<string, { itemId: string; stock: number[] }>()
  creates = 0
  offline = false
  calls: string[] = []
  private next = 1
  constructor(private readonly random: () => number, private readonly faultRate: number) {}

  private fault(): void {
    if (this.offline) throw new ConnectorFailure('transient', 'connect ECONNREFUSED', { code: 'network', offline: true })
    const r = this.random()
    if (r < this.faultRate * 0.3) throw new ConnectorFailure('rate_limited', 'too many requests', { retryAfterMs: 2_000, httpStatus: 429 })
    if (r < this.faultRate * 0.6) throw new ConnectorFailure('transient', 'server error', { httpStatus: 503 })
    if (r < this.faultRate * 0.8) throw new ConnectorFailure('transient', 'timeout', { code: 'timeout' })
  }

  find(listingId: string): string | null {
    this.fault()
    return this.items.get(listingId)?.itemId ?? null
  }

  create(listingId: string): string {
    this.fault()
    this.creates++
    const itemId = `item-${this.next++}`
    this.items.set(listingId, { itemId, stock: [] })
    this.calls.push(`create ${listingId}`)
    // The answer is lost on the way back now and then: the item exists, we are not told.
    if (this.random() < this.faultRate * 0.2) throw new ConnectorFailure('transient', 'socket hang up', { code: 'ECONNRESET' })
    return itemId
  }

  stock(listingId: string, quantity: number): void {
    this.fault()
    const item = this.items.get(listingId)
    if (!item) throw new ConnectorFailure('not_found', 'no such item')
    item.stock.push(quantity)
    this.calls.push(`stock ${listingId} ${quantity}`)
  }
}
