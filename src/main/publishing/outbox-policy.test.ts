import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { backoffMs, DEFAULT_RETRY_POLICY, nextStep, parseRetryAfter, seededRandom } from './outbox-policy'

const half = () => 0.5

describe('retries after a failure', () => {
  it('waits as long as Retry-After says, without spending an attempt', () => {
    expect(nextStep({ kind: 'rate_limited', retryAfterMs: 3_000 }, 7, false, () => 0)).toEqual({ kind: 'retry', afterMs: 3_000, countsAsAttempt: false })
    expect(nextStep({ kind: 'rate_limited' }, 1, false, () => 0)).toEqual({ kind: 'retry', afterMs: DEFAULT_RETRY_POLICY.rateLimitDefaultMs, countsAsAttempt: false })
  })

  it('refreshes the token once on an auth error, and gives up if the fresh token is refused too', () => {
    expect(nextStep({ kind: 'auth' }, 1, false, half)).toEqual({ kind: 'refresh_then_retry' })
    expect(nextStep({ kind: 'auth' }, 2, true, half)).toEqual({ kind: 'dead', reason: 'auth_after_refresh' })
  })

  it('backs off on transient failures until the attempts run out', () => {
    expect(nextStep({ kind: 'transient' }, 1, false, half)).toMatchObject({ kind: 'retry', countsAsAttempt: true })
    expect(nextStep({ kind: 'transient' }, DEFAULT_RETRY_POLICY.maxAttempts, false, half)).toEqual({ kind: 'dead', reason: 'too_many_attempts' })
    // Never sooner than a minute: the platform may still be finishing the call we gave up on.
    expect(nextStep({ kind: 'transient' }, 1, false, () => 0)).toEqual({ kind: 'retry', afterMs: 60_000, countsAsAttempt: true })
    expect(nextStep({ kind: 'transient' }, 7, false, () => 0.999)).toMatchObject({ afterMs: Math.floor(0.999 * DEFAULT_RETRY_POLICY.baseMs * 2 ** 7) })
  })

  it('waits out being offline without spending attempts', () => {
    const step = nextStep({ kind: 'transient', offline: true }, 50, false, () => 0.999)
    expect(step).toMatchObject({ kind: 'retry', countsAsAttempt: false })
    expect((step as { afterMs: number }).afterMs).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.baseMs * 2 ** 6)
  })

  it('does not retry what the platform refused', () => {
    expect(nextStep({ kind: 'rejected' }, 1, false, half)).toEqual({ kind: 'dead', reason: 'rejected' })
    expect(nextStep({ kind: 'not_found' }, 1, false, half)).toEqual({ kind: 'dead', reason: 'not_found' })
  })

  it('keeps every backoff within [0, min(cap, base·2^n)), growing with n', () => {
    fc.assert(
      fc.property(fc.nat(60), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const wait = backoffMs(attempt, () => r)
        expect(wait).toBeGreaterThanOrEqual(0)
        expect(wait).toBeLessThan(Math.min(DEFAULT_RETRY_POLICY.capMs, DEFAULT_RETRY_POLICY.baseMs * 2 ** attempt) + 1)
      }),
    )
    expect(backoffMs(1, () => 0.999)).toBeLessThan(backoffMs(6, () => 0.999))
    expect(backoffMs(40, () => 0.999)).toBeLessThan(DEFAULT_RETRY_POLICY.capMs)
  })
})

describe('Retry-After', () => {
  const now = Date.parse('2026-11-28T03:00:00Z')
  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter('Sat, 28 Nov 2026 03:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Sat, 28 Nov 2026 02:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter(undefined, now)).toBeNull()
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter('-5', now)).toBeNull()
    expect(parseRetryAfter('2026', now)).toBe(2_026_000)
  })
})

describe('seeded randomness', () => {
  it('repeats for a seed and stays in [0, 1)', () => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    const draws = Array.from({ length: 1000 }, () => a())
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b()))
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true)
    expect(new Set(draws).size).toBeGreaterThan(990)
  })
})
