/**
 * Matching bank credits to open VietQR payment intents. Pure: the caller loads the lines and the
 * open intents and records what a person confirms.
 *
 * The rule is deliberately timid, because a wrong match marks an unpaid order as paid:
 * - matched: exactly one intent's memo is in the description AND the amount is exactly what is
 *   due, and no earlier line of the statement has claimed that intent;
 * - ambiguous: a person must choose — several memos, the memo with another amount (a partial or
 *   rounded payment), only the amount (customers forget the memo, but two orders of 150.000 ₫ on
 *   the same day are common), or an intent already claimed by an earlier line;
 * - unmatched: nothing points anywhere.
 * Every result carries its candidates with their reasons so the UI can offer the choice.
 */
import { createHash } from 'node:crypto'
import type { Vnd } from '@shared/domain/money'
import { compactForMatching } from '@shared/domain/vietqr'
import type { BankStatementLine } from './statement-table'

export interface OpenIntent {
  readonly intentId: string
  readonly orderNumber: string
  /** The memo the QR carried (`orderMemo(orderNumber)` when the intent was created). */
  readonly memo: string
  readonly amountDueVnd: Vnd
}

/** Why an intent is offered for a line. */
export type CandidateReason = 'memo' | 'amount_equal' | 'amount_differs' | 'intent_already_claimed'

export interface BankMatchCandidate {
  readonly intentId: string
  readonly orderNumber: string
  readonly expectedVnd: Vnd
  readonly gotVnd: Vnd
  /** got − expected: positive when the customer paid more than due. */
  readonly deltaVnd: number
  readonly reasons: readonly CandidateReason[]
  /** For intent_already_claimed: the row of the line that claimed it first. */
  readonly claimedByRow?: number
}

/** Why a person must decide. */
export type AmbiguityReason = 'several_memos' | 'amount_differs' | 'amount_only' | 'several_amount_only' | 'intent_already_claimed'

export type BankMatchResult =
  | { readonly status: 'matched'; readonly line: BankStatementLine; readonly intentId: string; readonly candidates: readonly BankMatchCandidate[] }
  | { readonly status: 'ambiguous'; readonly line: BankStatementLine; readonly reason: AmbiguityReason; readonly candidates: readonly BankMatchCandidate[] }
  | { readonly status: 'unmatched'; readonly line: BankStatementLine; readonly candidates: readonly [] }

/**
 * One result per line, in the order of `lines`. Claims are decided in statement order: the first
 * line that matches an intent by memo and amount gets it; a later one naming the same intent
 * becomes ambiguous ('intent_already_claimed'), since paying twice and importing an overlapping
 * statement look the same from here. Intents claimed by a memo match are not offered to other
 * lines as amount-only candidates.
 */
export function matchBankCredits(lines: readonly BankStatementLine[], openIntents: readonly OpenIntent[]): BankMatchResult[] {
  const memos = indexMemos(openIntents)
  const memoHits = lines.map((line) => intentsNamedIn(compactForMatching(line.description), memos))
  const byAmount = new Map<number, OpenIntent[]>()
  for (const intent of openIntents) byAmount.set(intent.amountDueVnd, [...(byAmount.get(intent.amountDueVnd) ?? []), intent])

  /** intentId → index of the line that claimed it. */
  const claimedBy = new Map<string, number>()
  for (const [i, line] of lines.entries()) {
    const hits = memoHits[i]!
    if (hits.length === 1 && hits[0]!.amountDueVnd === line.amountVnd && !claimedBy.has(hits[0]!.intentId)) {
      claimedBy.set(hits[0]!.intentId, i)
    }
  }

  return lines.map((line, i): BankMatchResult => {
    /** The candidate, marked when another line holds the intent. */
    const offer = (intent: OpenIntent, reasons: CandidateReason[]): BankMatchCandidate => {
      const claimer = claimedBy.get(intent.intentId)
      if (claimer === undefined || claimer === i) return candidate(intent, line, reasons)
      return { ...candidate(intent, line, [...reasons, 'intent_already_claimed']), claimedByRow: lines[claimer]!.rowNumber }
    }
    const amountReason = (intent: OpenIntent): CandidateReason => (intent.amountDueVnd === line.amountVnd ? 'amount_equal' : 'amount_differs')

    const hits = memoHits[i]!
    if (hits.length === 1) {
      const intent = hits[0]!
      const offered = offer(intent, ['memo', amountReason(intent)])
      if (intent.amountDueVnd !== line.amountVnd) return { status: 'ambiguous', line, reason: 'amount_differs', candidates: [offered] }
      if (claimedBy.get(intent.intentId) !== i) return { status: 'ambiguous', line, reason: 'intent_already_claimed', candidates: [offered] }
      return { status: 'matched', line, intentId: intent.intentId, candidates: [offered] }
    }
    if (hits.length > 1) {
      return { status: 'ambiguous', line, reason: 'several_memos', candidates: hits.map((intent) => offer(intent, ['memo', amountReason(intent)])) }
    }
    const sameAmount = (byAmount.get(line.amountVnd) ?? []).filter((intent) => !claimedBy.has(intent.intentId))
    if (sameAmount.length === 0) return { status: 'unmatched', line, candidates: [] }
    const candidates = sameAmount.map((intent) => candidate(intent, line, ['amount_equal']))
    return { status: 'ambiguous', line, reason: sameAmount.length === 1 ? 'amount_only' : 'several_amount_only', candidates }
  })
}

interface MemoIndex {
  readonly byMemo: ReadonlyMap<string, readonly { intent: OpenIntent; position: number }[]>
  readonly lengths: readonly number[]
}

/** Memos by their compact form, so a line is searched for every memo at once (not line × intent). */
function indexMemos(intents: readonly OpenIntent[]): MemoIndex {
  const byMemo = new Map<string, { intent: OpenIntent; position: number }[]>()
  intents.forEach((intent, position) => {
    const memo = compactForMatching(intent.memo)
    if (memo === '') return
    byMemo.set(memo, [...(byMemo.get(memo) ?? []), { intent, position }])
  })
  return { byMemo, lengths: [...new Set([...byMemo.keys()].map((m) => m.length))] }
}

/**
 * The intents whose memo appears in a compacted description, in the order they were given:
 * the same rule as `descriptionContainsMemo` (a memo ending in a digit must not be followed by
 * another digit), found by looking up every window of each memo length.
 */
function intentsNamedIn(haystack: string, index: MemoIndex): OpenIntent[] {
  const found = new Map<number, OpenIntent>()
  for (const length of index.lengths) {
    for (let at = 0; at + length <= haystack.length; at++) {
      const hits = index.byMemo.get(haystack.slice(at, at + length))
      if (!hits) continue
      if (/\d/.test(haystack.charAt(at + length - 1)) && /\d/.test(haystack.charAt(at + length))) continue
      for (const hit of hits) found.set(hit.position, hit.intent)
    }
  }
  return [...found.entries()].sort((a, b) => a[0] - b[0]).map(([, intent]) => intent)
}

function candidate(intent: OpenIntent, line: BankStatementLine, reasons: CandidateReason[]): BankMatchCandidate {
  return {
    intentId: intent.intentId,
    orderNumber: intent.orderNumber,
    expectedVnd: intent.amountDueVnd,
    gotVnd: line.amountVnd,
    deltaVnd: line.amountVnd - intent.amountDueVnd,
    reasons,
  }
}

/**
 * A stable identity for a statement line, so importing the same statement again (or an export of
 * an overlapping period) can be recognised by the caller: sha256 of
 * "date|amount|reference|description", the description reduced like memos are (upper case,
 * letters and digits only) so re-exports that re-wrap or re-space it still agree. The row number is
 * left out on purpose: a different period puts the same transaction on another row.
 * Two genuinely identical lines in one file (same day, amount and text, no reference) share a
 * fingerprint; `lineFingerprints` tells them apart.
 */
export function lineFingerprint(line: Pick<BankStatementLine, 'date' | 'amountVnd' | 'reference' | 'description'>): string {
  const reference = line.reference === null ? '' : compactForMatching(line.reference)
  const text = `${line.date}|${line.amountVnd}|${reference}|${compactForMatching(line.description)}`
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * Fingerprints of all lines of one file: the nth repeat of an identical line gets "#n" appended
 * before hashing, so two real 100.000 ₫ transfers with the same text stay two lines, while a
 * re-import of the same file yields the same list.
 */
export function lineFingerprints(lines: readonly Pick<BankStatementLine, 'date' | 'amountVnd' | 'reference' | 'description'>[]): string[] {
  const seen = new Map<string, number>()
  return lines.map((line) => {
    const base = lineFingerprint(line)
    const count = (seen.get(base) ?? 0) + 1
    seen.set(base, count)
    return count === 1 ? base : createHash('sha256').update(`${base}#${count}`, 'utf8').digest('hex')
  })
}
