/**
 * What the publishing outbox does after a job fails: pure rules, so retries can be reasoned
 * about (and tested) without a network. A failure's kind decides; the attempt count and a
 * random draw (full jitter, after AWS's "Exponential Backoff and Jitter") spread retries so a
 * hundred jobs that failed together do not come back together.
 */
import type { ConnectorFailureKind } from './connector'

export interface RetryPolicy {
  /** First retry waits up to this long. */
  readonly baseMs: number
  /** No wait is ever longer. */
  readonly capMs: number
  /** After this many failed attempts the job is dead (a person retries or drops it). */
  readonly maxAttempts: number
  /** A rate limit without Retry-After waits this long. */
  readonly rateLimitDefaultMs: number
  /**
   * The least wait after a failure that may have taken effect (a timeout, a dropped answer, a
   * 5xx). The platform may still be finishing the call we gave up on; the retry looks for its
   * result first, and must not look before it can be there.
   */
  readonly uncertainMinMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 5_000,
  capMs: 30 * 60_000,
  maxAttempts: 8,
  rateLimitDefaultMs: 1_000,
  uncertainMinMs: 60_000,
}

export type NextStep =
  | { readonly kind: 'retry'; readonly afterMs: number; readonly countsAsAttempt: boolean }
  /** Refresh the shop's token once, then retry at once. */
  | { readonly kind: 'refresh_then_retry' }
  | { readonly kind: 'dead'; readonly reason: 'rejected' | 'not_found' | 'too_many_attempts' | 'auth_after_refresh' }

/** Exponential backoff with full jitter: a uniform wait in [0, min(cap, base·2^attempt)). */
export function backoffMs(attempt: number, random: () => number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30))
  return Math.floor(random() * ceiling)
}

/**
 * The next step after a failure. `attempts` counts the failed attempts so far, this one
 * included; `refreshedAlready` says whether this attempt already ran on a just-refreshed token.
 * A rate limit is the platform asking us to wait, not the job failing, and being offline is not
 * the platform's answer at all: neither counts towards `maxAttempts`, so a busy spell or a day
 * without internet never kills good jobs.
 */
export function nextStep(
  failure: { readonly kind: ConnectorFailureKind; readonly retryAfterMs?: number | undefined; readonly offline?: boolean | undefined },
  attempts: number,
  refreshedAlready: boolean,
  random: () => number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): NextStep {
  switch (failure.kind) {
    case 'rate_limited':
      return { kind: 'retry', afterMs: Math.max(0, failure.retryAfterMs ?? policy.rateLimitDefaultMs) + Math.floor(random() * 250), countsAsAttempt: false }
    case 'auth':
      return refreshedAlready ? { kind: 'dead', reason: 'auth_after_refresh' } : { kind: 'refresh_then_retry' }
    case 'transient':
      // Offline for a day is normal in the countryside: wait (capped backoff) without dying.
      if (failure.offline) return { kind: 'retry', afterMs: backoffMs(Math.min(attempts, 6), random, policy), countsAsAttempt: false }
      if (attempts >= policy.maxAttempts) return { kind: 'dead', reason: 'too_many_attempts' }
      return { kind: 'retry', afterMs: Math.max(policy.uncertainMinMs, backoffMs(attempts, random, policy)), countsAsAttempt: true }
    case 'rejected':
      return { kind: 'dead', reason: 'rejected' }
    case 'not_found':
      return { kind: 'dead', reason: 'not_found' }
  }
}

/** HTTP Retry-After: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | null {
  if (header === null || header === undefined) return null
  const text = header.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const at = Date.parse(text)
  if (Number.isNaN(at) || !/[a-z]/i.test(text)) return null
  return Math.max(0, at - nowMs)
}

/** For reproducible jitter in tests and fakes. */
export { seededRandom } from '@shared/seeded-random'
