import { describe, expect, it } from 'vitest'
import type { StatementLineDto } from '@shared/contract/payments'
import { columnLetter, completeMapping, isFieldMissing, missingFields } from './statement-columns'
import { applyLines, canRecord, chooseOrder, initialSelection, paymentClashes, selectedTotal, tickAll, tickLine } from './statement-selection'

type Candidate = StatementLineDto['candidates'][number]

function candidate(orderNumber: string, expectedVnd: number, intentId: string | null = `pi_${orderNumber}`): Candidate {
  return { intentId, orderId: `ord_${orderNumber}`, orderNumber, expectedVnd, reasons: ['memo', 'amount_equal'] }
}

function line(index: number, match: StatementLineDto['match'], amountVnd: number, candidates: Candidate[] = []): StatementLineDto {
  return { index, rowNumber: index + 7, date: '2026-11-28', amountVnd, feeVnd: null, description: `dong ${index}`, reference: null, match, reasons: [], candidates }
}

const matched = line(0, 'matched', 120_000, [candidate('A', 120_000)])
const ambiguous = line(1, 'ambiguous', 240_000, [candidate('B', 240_000), candidate('C', 240_000)])
const difference = line(2, 'difference', 300_000, [candidate('D', 360_000)])
const unmatched = line(3, 'unmatched', 55_000)
const duplicate = line(4, 'duplicate', 120_000, [candidate('E', 120_000)])
const before = line(5, 'already_applied', 80_000, [candidate('F', 80_000)])
const lines = [matched, ambiguous, difference, unmatched, duplicate, before]

describe('choosing the lines of a statement to record', () => {
  it('ticks matched lines from the start and nothing else', () => {
    const selection = initialSelection(lines)
    expect([...selection.checked]).toEqual([0])
    expect(selectedTotal(lines, selection)).toEqual({ lines: 1, amountVnd: 120_000 })
    expect(applyLines(lines, selection)).toEqual([{ index: 0, orderId: 'ord_A', intentId: 'pi_A' }])
  })

  it('lets an ambiguous or different line be ticked only once its order is picked, and ticks it then', () => {
    let selection = initialSelection(lines)
    expect(canRecord(ambiguous, selection)).toBe(false)
    expect(tickLine(selection, ambiguous, true)).toBe(selection)
    selection = chooseOrder(selection, ambiguous, 1)
    selection = chooseOrder(selection, difference, 0)
    expect(applyLines(lines, selection)).toEqual([
      { index: 0, orderId: 'ord_A', intentId: 'pi_A' },
      { index: 1, orderId: 'ord_C', intentId: 'pi_C' },
      { index: 2, orderId: 'ord_D', intentId: 'pi_D' },
    ])
    expect(selectedTotal(lines, selection)).toEqual({ lines: 3, amountVnd: 660_000 })
    // Clearing the pick unticks the line.
    selection = chooseOrder(selection, ambiguous, null)
    expect(selection.checked.has(1)).toBe(false)
    expect(canRecord(ambiguous, selection)).toBe(false)
  })

  it('never records duplicates, lines recorded before, or lines without an order, even with "select all"', () => {
    const none = tickAll(initialSelection(lines), lines, false)
    expect(selectedTotal(lines, none).lines).toBe(0)
    const all = tickAll(none, lines, true)
    expect([...all.checked]).toEqual([0])
    for (const l of [unmatched, duplicate, before]) expect(tickLine(all, l, true).checked.has(l.index)).toBe(false)
  })

  it('sends no intent for a COD order that has no open payment', () => {
    const cod = line(0, 'matched', 99_000, [candidate('G', 99_000, null)])
    expect(applyLines([cod], initialSelection([cod]))).toEqual([{ index: 0, orderId: 'ord_G' }])
  })

  it('names the rows that would pay one open payment twice', () => {
    const again = line(6, 'ambiguous', 120_000, [{ ...candidate('A', 120_000), reasons: ['memo', 'amount_equal', 'intent_already_claimed'] }])
    const all = [...lines, again]
    const selection = chooseOrder(initialSelection(all), again, 0)
    expect(paymentClashes(all, selection)).toEqual(new Map([[6, { row: 7, orderNumber: 'A' }]]))
    expect(paymentClashes(all, tickLine(selection, matched, false)).size).toBe(0)
  })
})

describe('the columns of a statement', () => {
  it('asks for what the backend asks for: date, money in and description; or the COD amount and a way to find the order', () => {
    expect(missingFields('bank', completeMapping('bank', {}))).toEqual(['date', 'credit', 'description'])
    expect(missingFields('bank', { date: 0, amount: 1, description: 2 })).toEqual([])
    expect(missingFields('cod', completeMapping('cod', {}))).toEqual(['orderNumber', 'codAmount'])
    expect(missingFields('cod', { trackingCode: 0, codAmount: 1 })).toEqual([])
    expect(isFieldMissing('bank', 'amount', ['credit'])).toBe(true)
    expect(isFieldMissing('bank', 'debit', ['credit'])).toBe(false)
  })

  it('names columns the way Excel does', () => {
    expect([0, 1, 25, 26, 27, 51, 52].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA'])
  })
})
