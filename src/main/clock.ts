export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** The current time as a UTC ISO string — the only form times are stored in. */
  isoNow(): string
}

export const systemClock: Clock = {
  now: () => Date.now(),
  isoNow: () => new Date().toISOString(),
}

/** A clock for tests that moves only when told. */
export function fixedClock(startIso = '2026-11-28T03:00:00.000Z'): Clock & { advance(ms: number): void } {
  let t = Date.parse(startIso)
  return {
    now: () => t,
    isoNow: () => new Date(t).toISOString(),
    advance(ms: number) {
      t += ms
    },
  }
}
