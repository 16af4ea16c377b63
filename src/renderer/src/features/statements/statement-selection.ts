/**
 * Which lines of a statement preview a person is about to record, and for which order. Pure, so
 * the rules are tested without a screen: a matched line is chosen from the start; an ambiguous or
 * different one only once a person has picked its order; duplicates, lines recorded before and
 * lines with no order are never recorded from here.
 *
 * Statements can hold tens of thousands of lines, so everything is keyed by `line.index` and
 * each change copies one Set and one Map, never the lines.
 */
import type { ApplyStatementInput, StatementLineDto } from '@shared/contract/payments'

type Candidate = StatementLineDto['candidates'][number]

export interface LineSelection {
  /** `line.index` of every line ticked for recording. */
  readonly checked: ReadonlySet<number>
  /** `line.index` → the index, in `line.candidates`, of the order a person picked. */
  readonly chosen: ReadonlyMap<number, number>
}

/** Lines that need a person to pick one of the offered orders. */
export function needsChoice(line: Pick<StatementLineDto, 'match'>): boolean {
  return line.match === 'ambiguous' || line.match === 'difference'
}

/** The order a line would be recorded against, or null when there is none (yet). */
export function chosenCandidate(line: StatementLineDto, selection: LineSelection): Candidate | null {
  if (line.match === 'matched') return line.candidates[0] ?? null
  if (!needsChoice(line)) return null
  const picked = selection.chosen.get(line.index)
  return picked === undefined ? null : (line.candidates[picked] ?? null)
}

/** Whether the line's checkbox can be ticked: it has an order to be recorded against. */
export function canRecord(line: StatementLineDto, selection: LineSelection): boolean {
  return chosenCandidate(line, selection) !== null
}

export function initialSelection(lines: readonly StatementLineDto[]): LineSelection {
  const checked = new Set<number>()
  for (const line of lines) if (line.match === 'matched' && line.candidates.length > 0) checked.add(line.index)
  return { checked, chosen: new Map() }
}

/** Picking an order ticks the line (that is why one picks it); clearing the pick unticks it. */
export function chooseOrder(selection: LineSelection, line: StatementLineDto, candidate: number | null): LineSelection {
  if (!needsChoice(line)) return selection
  const chosen = new Map(selection.chosen)
  const checked = new Set(selection.checked)
  if (candidate === null || line.candidates[candidate] === undefined) {
    chosen.delete(line.index)
    checked.delete(line.index)
  } else {
    chosen.set(line.index, candidate)
    checked.add(line.index)
  }
  return { checked, chosen }
}

export function tickLine(selection: LineSelection, line: StatementLineDto, tick: boolean): LineSelection {
  if (tick && !canRecord(line, selection)) return selection
  if (tick === selection.checked.has(line.index)) return selection
  const checked = new Set(selection.checked)
  if (tick) checked.add(line.index)
  else checked.delete(line.index)
  return { ...selection, checked }
}

/** Ticks (or unticks) every line that can be recorded, among `lines` (the ones on screen). */
export function tickAll(selection: LineSelection, lines: readonly StatementLineDto[], tick: boolean): LineSelection {
  const checked = new Set(selection.checked)
  for (const line of lines) {
    if (!tick) checked.delete(line.index)
    else if (canRecord(line, selection)) checked.add(line.index)
  }
  return { ...selection, checked }
}

/** The ticked lines, in file order, each with its order. */
function recorded(lines: readonly StatementLineDto[], selection: LineSelection): { line: StatementLineDto; candidate: Candidate }[] {
  const out: { line: StatementLineDto; candidate: Candidate }[] = []
  for (const line of lines) {
    if (!selection.checked.has(line.index)) continue
    const candidate = chosenCandidate(line, selection)
    if (candidate) out.push({ line, candidate })
  }
  return out
}

export function selectedTotal(lines: readonly StatementLineDto[], selection: LineSelection): { lines: number; amountVnd: number } {
  const chosen = recorded(lines, selection)
  return { lines: chosen.length, amountVnd: chosen.reduce((sum, c) => sum + c.line.amountVnd, 0) }
}

/**
 * Ticked lines whose payment is already taken by an earlier ticked line: `line.index` → the row
 * number of that earlier line. One open payment takes money once, so the backend would refuse the
 * whole statement; saying which rows clash lets the person untick one first.
 */
export function paymentClashes(lines: readonly StatementLineDto[], selection: LineSelection): Map<number, { row: number; orderNumber: string }> {
  const firstRow = new Map<string, number>()
  const clashes = new Map<number, { row: number; orderNumber: string }>()
  for (const { line, candidate } of recorded(lines, selection)) {
    if (candidate.intentId === null) continue
    const row = firstRow.get(candidate.intentId)
    if (row === undefined) firstRow.set(candidate.intentId, line.rowNumber)
    else clashes.set(line.index, { row, orderNumber: candidate.orderNumber })
  }
  return clashes
}

/** What `payments.applyStatement` takes for the ticked lines. */
export function applyLines(lines: readonly StatementLineDto[], selection: LineSelection): ApplyStatementInput['lines'] {
  return recorded(lines, selection).map(({ line, candidate }) => ({
    index: line.index,
    orderId: candidate.orderId,
    ...(candidate.intentId !== null && { intentId: candidate.intentId }),
  }))
}

/** What the customer or carrier sent minus what the order expected: negative when short. */
export function deltaVnd(line: Pick<StatementLineDto, 'amountVnd'>, candidate: Pick<Candidate, 'expectedVnd'>): number {
  return line.amountVnd - candidate.expectedVnd
}
