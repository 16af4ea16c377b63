/**
 * Matching a carrier's COD remittance statement (GHN, GHTK, Viettel Post …) to our orders. Pure.
 *
 * A line is found by our order number or by the carrier's tracking code, whichever columns the
 * statement has. Carriers copy the shop's order code in their own way ("DH2026000123",
 * "dh-2026-123", "S1234.DH2026000123"), so order numbers are compared in the compact form of
 * transfer memos (`compactForMatching`, digits may not run on past the number); tracking codes
 * are compared whole, in the same compact form, and may sit in either column because some carriers
 * title their own code "Mã đơn hàng".
 */
import type { Vnd } from '@shared/domain/money'
import type { OrderStatus } from '@shared/domain/order-state'
import { parseOrderNumber } from '@shared/domain/order-number'
import { compactForMatching, orderMemo } from '@shared/domain/vietqr'
import type { CodStatementLine } from './statement-table'

export interface CodOrder {
  readonly orderId: string
  readonly orderNumber: string
  readonly trackingCode: string | null
  /** What the carrier should have collected. */
  readonly codDueVnd: Vnd
  /** Carried into the result so the UI can flag e.g. money collected for a cancelled order. */
  readonly status: OrderStatus
}

export type CodMatchedBy = 'order_number' | 'tracking_code'

interface CodOrderRef {
  readonly orderId: string
  readonly orderNumber: string
  readonly orderStatus: OrderStatus
  readonly matchedBy: CodMatchedBy
}

interface CodAmounts {
  readonly expectedVnd: Vnd
  readonly gotVnd: Vnd
  /** got − expected: negative when the carrier remitted less than due. */
  readonly deltaVnd: number
}

export type CodMatchResult =
  /** One order, amount as due. */
  | ({ readonly status: 'matched'; readonly line: CodStatementLine; readonly feeVnd: Vnd | null } & CodOrderRef & CodAmounts)
  /** One order, another amount: a person checks (partial delivery, changed order, carrier error). */
  | ({ readonly status: 'difference'; readonly line: CodStatementLine; readonly feeVnd: Vnd | null } & CodOrderRef & CodAmounts)
  /** The order was already on an earlier line of this file; applying both would count it twice. */
  | ({ readonly status: 'duplicate'; readonly line: CodStatementLine; readonly feeVnd: Vnd | null; readonly firstRowNumber: number } & CodOrderRef)
  /** The line names several of our orders (e.g. one cell with two order numbers): a person picks. */
  | { readonly status: 'ambiguous'; readonly line: CodStatementLine; readonly feeVnd: Vnd | null; readonly candidates: readonly CodOrderRef[] }
  | { readonly status: 'unmatched'; readonly line: CodStatementLine; readonly feeVnd: Vnd | null }

/** One result per line, in order; the first line naming an order gets it, later ones are duplicates. */
export function matchCodLines(lines: readonly CodStatementLine[], orders: readonly CodOrder[]): CodMatchResult[] {
  const byMemo = new Map<string, CodOrder>()
  const byTracking = new Map<string, CodOrder>()
  const byId = new Map<string, CodOrder>()
  for (const order of orders) {
    byId.set(order.orderId, order)
    const memo = memoOf(order.orderNumber)
    if (memo !== null) byMemo.set(memo, order)
    const tracking = order.trackingCode === null ? '' : compactForMatching(order.trackingCode)
    if (tracking !== '') byTracking.set(tracking, order)
  }

  const firstRowOf = new Map<string, number>()
  return lines.map((line): CodMatchResult => {
    const found = new Map<string, CodOrderRef>()
    const add = (order: CodOrder | undefined, matchedBy: CodMatchedBy) => {
      if (order !== undefined && !found.has(order.orderId)) {
        found.set(order.orderId, { orderId: order.orderId, orderNumber: order.orderNumber, orderStatus: order.status, matchedBy })
      }
    }
    for (const memo of memosIn(line.orderNumber)) add(byMemo.get(memo), 'order_number')
    for (const cell of [line.trackingCode, line.orderNumber]) {
      if (cell !== null) add(byTracking.get(compactForMatching(cell)), 'tracking_code')
    }

    const feeVnd = line.feeVnd
    if (found.size === 0) return { status: 'unmatched', line, feeVnd }
    if (found.size > 1) return { status: 'ambiguous', line, feeVnd, candidates: [...found.values()] }
    const ref = [...found.values()][0]!
    const first = firstRowOf.get(ref.orderId)
    if (first !== undefined) return { status: 'duplicate', line, feeVnd, firstRowNumber: first, ...ref }
    firstRowOf.set(ref.orderId, line.rowNumber)

    const expectedVnd = byId.get(ref.orderId)!.codDueVnd
    const amounts: CodAmounts = { expectedVnd, gotVnd: line.codAmountVnd, deltaVnd: line.codAmountVnd - expectedVnd }
    return amounts.deltaVnd === 0 ? { status: 'matched', line, feeVnd, ...ref, ...amounts } : { status: 'difference', line, feeVnd, ...ref, ...amounts }
  })
}

function memoOf(orderNumber: string): string | null {
  try {
    return orderMemo(orderNumber)
  } catch {
    return null
  }
}

/**
 * The order memos a cell may stand for: the cell read as one order number ('dh-2026-123'), every
 * "DH" + digits run in its compact form (a carrier prefix glued on: 'S1234.DH2026000123'; the whole
 * digit run is taken, so 'DH20260001234' is never read as 'DH2026000123'), and the compact cell
 * itself (order numbers not in our current format).
 */
function memosIn(cell: string | null): Set<string> {
  const memos = new Set<string>()
  if (cell === null) return memos
  if (parseOrderNumber(cell) !== null) memos.add(orderMemo(cell))
  const compact = compactForMatching(cell)
  for (const run of compact.matchAll(/DH\d+/g)) memos.add(run[0])
  if (compact !== '') memos.add(compact)
  return memos
}
