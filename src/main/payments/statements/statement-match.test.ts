import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { vnd, type Vnd } from '@shared/domain/money'
import { descriptionContainsMemo, orderMemo } from '@shared/domain/vietqr'
import { lineFingerprint, lineFingerprints, matchBankCredits, type OpenIntent } from './statement-match'
import type { BankStatementLine } from './statement-table'

function line(rowNumber: number, amount: number, description: string, reference: string | null = null, date = '2026-03-05'): BankStatementLine {
  return { rowNumber, date, amountVnd: vnd(amount), description, reference }
}

function intent(intentId: string, orderNumber: string, amount: number): OpenIntent {
  return { intentId, orderNumber, memo: orderMemo(orderNumber), amountDueVnd: vnd(amount) }
}

const A = intent('pi_A', 'DH-2026-000123', 150_000)
const B = intent('pi_B', 'DH-2026-000124', 150_000)
const C = intent('pi_C', 'DH-2026-000125', 420_000)

describe('matchBankCredits', () => {
  it('matches a line whose description carries exactly one memo and whose amount is due', () => {
    const [result] = matchBankCredits([line(7, 150_000, 'MBVCB.3278614721.DH2026000123.CT tu 0912345678 NGUYEN VAN A')], [A, B, C])
    expect(result).toEqual({
      status: 'matched',
      line: line(7, 150_000, 'MBVCB.3278614721.DH2026000123.CT tu 0912345678 NGUYEN VAN A'),
      intentId: 'pi_A',
      candidates: [{ intentId: 'pi_A', orderNumber: 'DH-2026-000123', expectedVnd: 150_000, gotVnd: 150_000, deltaVnd: 0, reasons: ['memo', 'amount_equal'] }],
    })
  })

  it('matches memos the bank mangled: lower case, spaces and dashes inserted', () => {
    const results = matchBankCredits([line(1, 150_000, 'ibft dh 2026-000124 chuyen tien')], [A, B])
    expect(results[0]).toMatchObject({ status: 'matched', intentId: 'pi_B' })
  })

  it('asks a person when the memo matches but the amount differs, saying what was expected and got', () => {
    const [result] = matchBankCredits([line(1, 140_000, 'DH2026000123')], [A, B])
    expect(result).toMatchObject({
      status: 'ambiguous',
      reason: 'amount_differs',
      candidates: [{ intentId: 'pi_A', expectedVnd: 150_000, gotVnd: 140_000, deltaVnd: -10_000, reasons: ['memo', 'amount_differs'] }],
    })
  })

  it('asks a person when the description carries several memos', () => {
    const [result] = matchBankCredits([line(1, 300_000, 'DH2026000123 DH2026000124')], [A, B, C])
    expect(result).toMatchObject({
      status: 'ambiguous',
      reason: 'several_memos',
      candidates: [
        { intentId: 'pi_A', reasons: ['memo', 'amount_differs'] },
        { intentId: 'pi_B', reasons: ['memo', 'amount_differs'] },
      ],
    })
  })

  it('never matches on the amount alone: one intent with that amount is only a suggestion', () => {
    const [result] = matchBankCredits([line(1, 420_000, 'NGUYEN VAN A chuyen tien')], [A, B, C])
    expect(result).toMatchObject({ status: 'ambiguous', reason: 'amount_only', candidates: [{ intentId: 'pi_C', reasons: ['amount_equal'] }] })
  })

  it('offers every intent with the amount when several are open', () => {
    const [result] = matchBankCredits([line(1, 150_000, 'chuyen tien')], [A, B, C])
    expect(result).toMatchObject({ status: 'ambiguous', reason: 'several_amount_only' })
    expect(result!.candidates.map((c) => c.intentId)).toEqual(['pi_A', 'pi_B'])
  })

  it('leaves a line with neither memo nor amount unmatched', () => {
    expect(matchBankCredits([line(1, 99_000, 'luong thang 3')], [A, B, C])[0]).toMatchObject({ status: 'unmatched', candidates: [] })
  })

  it('does not take a longer order number for this one', () => {
    const [result] = matchBankCredits([line(1, 150_000, 'DH20260001234')], [A])
    expect(result).toMatchObject({ status: 'ambiguous', reason: 'amount_only' })
  })

  it('gives an intent to the first line that claims it; the second is ambiguous and says who claimed it', () => {
    const results = matchBankCredits([line(7, 150_000, 'DH2026000123'), line(9, 150_000, 'DH2026000123 lan 2')], [A])
    expect(results[0]).toMatchObject({ status: 'matched', intentId: 'pi_A' })
    expect(results[1]).toMatchObject({
      status: 'ambiguous',
      reason: 'intent_already_claimed',
      candidates: [{ intentId: 'pi_A', reasons: ['memo', 'amount_equal', 'intent_already_claimed'], claimedByRow: 7 }],
    })
  })

  it('claims in statement order even when the claiming line comes after an amount-differs line', () => {
    const results = matchBankCredits([line(3, 100_000, 'DH2026000123'), line(4, 150_000, 'DH2026000123')], [A])
    expect(results[0]).toMatchObject({
      status: 'ambiguous',
      reason: 'amount_differs',
      candidates: [{ reasons: ['memo', 'amount_differs', 'intent_already_claimed'], claimedByRow: 4 }],
    })
    expect(results[1]).toMatchObject({ status: 'matched', intentId: 'pi_A' })
  })

  it('does not offer an intent claimed by a memo match as an amount-only candidate elsewhere', () => {
    const results = matchBankCredits([line(1, 150_000, 'chuyen khoan'), line(2, 150_000, 'DH2026000123')], [A, B])
    expect(results[0]).toMatchObject({ status: 'ambiguous', reason: 'amount_only', candidates: [{ intentId: 'pi_B' }] })
    expect(results[1]).toMatchObject({ status: 'matched', intentId: 'pi_A' })
  })

  it('returns one result per line, in order, and nothing for no lines', () => {
    expect(matchBankCredits([], [A])).toEqual([])
    const results = matchBankCredits([line(1, 1, 'a'), line(2, 2, 'b'), line(3, 3, 'c')], [])
    expect(results.map((r) => [r.line.rowNumber, r.status])).toEqual([
      [1, 'unmatched'],
      [2, 'unmatched'],
      [3, 'unmatched'],
    ])
  })
})

describe('lineFingerprint', () => {
  const base = line(7, 1_500_000, 'MBVCB.3278614721.DH2026000123.CT tu 0912345678', '5213 - 40123')

  it('is a sha256 hex string that ignores the row number and how the description is spaced or cased', () => {
    const fingerprint = lineFingerprint(base)
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/)
    const elsewhere: BankStatementLine = { ...base, rowNumber: 12 }
    expect(lineFingerprint(elsewhere)).toBe(fingerprint)
    expect(lineFingerprint({ ...base, description: 'mbvcb 3278614721 DH2026000123 CT tu 0912345678' })).toBe(fingerprint)
  })

  it('changes with the date, the amount, the reference or the words', () => {
    const fingerprint = lineFingerprint(base)
    expect(lineFingerprint({ ...base, date: '2026-03-06' })).not.toBe(fingerprint)
    expect(lineFingerprint({ ...base, amountVnd: vnd(1_500_001) })).not.toBe(fingerprint)
    expect(lineFingerprint({ ...base, reference: '5213 - 40124' })).not.toBe(fingerprint)
    expect(lineFingerprint({ ...base, reference: null })).not.toBe(fingerprint)
    expect(lineFingerprint({ ...base, description: 'DH2026000124' })).not.toBe(fingerprint)
  })

  it('keeps two identical transfers in one file apart, and gives the same list on a re-import', () => {
    const twice = [line(1, 100_000, 'ung ho'), line(2, 100_000, 'ung ho'), line(3, 200_000, 'x')]
    const first = lineFingerprints(twice)
    expect(new Set(first).size).toBe(3)
    expect(first[0]).toBe(lineFingerprint(twice[0]!))
    expect(lineFingerprints(twice.map((l) => ({ ...l, rowNumber: l.rowNumber + 5 })))).toEqual(first)
  })
})

describe('memo lookup', () => {
  it('names exactly the intents descriptionContainsMemo would, line by line', () => {
    const memoArb = fc.tuple(fc.constantFrom('DH', 'dh-', 'DH '), fc.integer({ min: 2025, max: 2027 }), fc.integer({ min: 1, max: 40 }), fc.option(fc.constantFrom('L2', 'L3'), { nil: '' }))
      .map(([prefix, year, seq, suffix]) => `${prefix}${year}${String(seq).padStart(6, '0')}${suffix}`)
    const descriptionArb = fc
      .array(fc.oneof(memoArb, fc.constantFrom('MBVCB.', '.CT tu ', ' 150000', '9', 'chuyển khoản', '-', ' ')), { maxLength: 6 })
      .map((parts) => parts.join(''))
    fc.assert(
      fc.property(fc.array(memoArb, { minLength: 1, maxLength: 8 }), fc.array(descriptionArb, { minLength: 1, maxLength: 8 }), (memos, descriptions) => {
        const intents = memos.map((memo, i) => ({ intentId: `pi_${i}`, orderNumber: `DH-2026-${i}`, memo, amountDueVnd: 1000 as Vnd }))
        const lines = descriptions.map((description, i) => ({ rowNumber: i + 2, date: '2026-11-28', amountVnd: 2000 as Vnd, description, reference: null }))
        const results = matchBankCredits(lines, intents)
        results.forEach((r, i) => {
          const named = r.candidates.filter((c) => c.reasons.includes('memo')).map((c) => c.intentId)
          const expected = intents.filter((intent) => descriptionContainsMemo(descriptions[i]!, intent.memo)).map((intent) => intent.intentId)
          expect(named).toEqual(expected)
        })
      }),
      { numRuns: 300 },
    )
  })
})
