/**
 * Drains an outbox in a test until nothing waits, moving the test clock to each next due job
 * (backoffs and Retry-After waits pass in no real time). Stops when only jobs held behind a
 * dead one are left; fails loudly if it never settles.
 */
import type { Outbox } from './outbox'

export async function drainOutbox(clock: { now(): number; advance(ms: number): void }, outbox: Outbox, maxRounds = 5_000): Promise<number> {
  for (let rounds = 0; rounds < maxRounds; rounds++) {
    const report = await outbox.drainOnce(8)
    if (report.ran > 0) continue
    const due = await outbox.nextDueAt()
    if (due === null) return rounds
    // Due already and still not run: held behind a dead job of its listing, for a person to settle.
    if (Date.parse(due) <= clock.now()) return rounds
    clock.advance(Date.parse(due) - clock.now())
  }
  throw new Error(`the outbox did not settle in ${maxRounds} rounds`)
}
