/**
 * Order money: line totals, the order discount, shipping, and what a returned line is worth.
 *
 * Everything is whole đồng. Rules:
 * - A line's gross is quantity × unit price. Its discount is either an amount off the WHOLE line
 *   (not per unit) or a percentage of the gross; it may not exceed the gross (a free line is fine).
 * - The subtotal is the sum of line totals (after line discounts). The order discount is an
 *   amount or a percentage of that subtotal and may not exceed it. Shipping is never discounted
 *   by it: free shipping is a fee of 0.
 * - total = subtotal − order discount + shipping.
 * - A percentage has at most two decimals (12.5 %, 33.33 %) and gives
 *   amount × percent / 100 rounded half up to the đồng: 5 % of 10.010 ₫ is 500,5 → 501 ₫. Half
 *   up is the rounding people do by hand on a receipt, and the arithmetic is done on integers
 *   (basis points, bigint) so no float ever decides a đồng.
 * - Every amount (gross, subtotal, total) stays ≤ MAX_VND.
 *
 * The order discount stays one number on the order; `allocateOrderDiscount` spreads it over the
 * lines only when a line's share matters (returns, refunds, per-line reports).
 */
import type { Issue, ValidationResult } from './issues'
import { MAX_VND, type Vnd } from './money'

export type Discount = { kind: 'amount'; vnd: number } | { kind: 'percent'; percent: number }
/** The same shape, under the name the order service uses. */
export type DiscountInput = Discount

export const DISCOUNT_PERCENT_MAX_DECIMALS = 2

export interface OrderLineAmounts {
  /** Whole units, > 0. */
  quantity: number
  /** Whole đồng, ≥ 0. */
  unitPriceVnd: number
  discount?: Discount | null
}

export interface OrderTotalsInput {
  lines: readonly OrderLineAmounts[]
  orderDiscount?: Discount | null
  /** Whole đồng, ≥ 0; 0 when omitted. */
  shippingFeeVnd?: number | null
}

export interface LineTotals {
  grossVnd: Vnd
  discountVnd: Vnd
  /** grossVnd − discountVnd. */
  totalVnd: Vnd
}

export interface OrderTotals {
  lines: LineTotals[]
  /** Σ line totals. */
  subtotalVnd: Vnd
  orderDiscountVnd: Vnd
  shippingFeeVnd: Vnd
  /** subtotalVnd − orderDiscountVnd + shippingFeeVnd. */
  totalVnd: Vnd
}

/** Every reason code `validateOrderTotals` can return, for the i18n catalogue. */
export const ORDER_TOTAL_REASONS = [
  'quantity_positive',
  'unit_price_invalid',
  'discount_kind_invalid',
  'discount_amount_invalid',
  'discount_percent_invalid',
  'discount_exceeds_line',
  'discount_exceeds_subtotal',
  'shipping_fee_invalid',
  'amount_too_large',
] as const
export type OrderTotalReason = (typeof ORDER_TOTAL_REASONS)[number]

export interface OrderTotalsResult extends ValidationResult<OrderTotalReason> {
  /** The totals when there is no error, else null. */
  totals: OrderTotals | null
}

/** Thrown by `computeOrderTotals` on invalid input; `errors` are the same issues `validateOrderTotals` gives. */
export class OrderTotalsError extends Error {
  readonly errors: Issue<OrderTotalReason>[]

  constructor(errors: Issue<OrderTotalReason>[]) {
    super(`Invalid order amounts: ${errors.map((e) => `${e.field} ${e.reason}`).join(', ')}`)
    this.name = 'OrderTotalsError'
    this.errors = errors
  }
}

const MAX = BigInt(MAX_VND)
const BP_PER_WHOLE = 10_000n // basis points in 100 %

/**
 * Checks the amounts of an order and works out its totals. Lenient on purpose so a form can show
 * every problem at once: each line is checked on its own, and the subtotal checks run only when
 * every line could be worked out. Fields: `lines.<i>.quantity`, `lines.<i>.unitPriceVnd`,
 * `lines.<i>.discount`, `lines.<i>` (gross too large), `lines` (subtotal too large),
 * `orderDiscount`, `shippingFeeVnd`, `totalVnd` (total too large).
 */
export function validateOrderTotals(input: OrderTotalsInput): OrderTotalsResult {
  const errors: Issue<OrderTotalReason>[] = []
  const lines: LineTotals[] = []
  let linesOk = true

  input.lines.forEach((line, index) => {
    const field = `lines.${index}`
    const before = errors.length
    if (!(Number.isSafeInteger(line.quantity) && line.quantity > 0)) {
      errors.push({ field: `${field}.quantity`, reason: 'quantity_positive' })
    }
    if (!isVndAmount(line.unitPriceVnd)) {
      errors.push({ field: `${field}.unitPriceVnd`, reason: 'unit_price_invalid' })
    } else if (line.unitPriceVnd > MAX_VND) {
      errors.push({ field: `${field}.unitPriceVnd`, reason: 'amount_too_large', params: { max: MAX_VND } })
    }
    const discountOk = checkDiscount(line.discount, `${field}.discount`, errors)
    if (errors.length > before || !discountOk) {
      linesOk = false
      return
    }
    const gross = BigInt(line.quantity) * BigInt(line.unitPriceVnd)
    if (gross > MAX) {
      errors.push({ field, reason: 'amount_too_large', params: { max: MAX_VND } })
      linesOk = false
      return
    }
    const discount = discountOf(line.discount, gross)
    if (discount > gross) {
      errors.push({ field: `${field}.discount`, reason: 'discount_exceeds_line', params: { grossVnd: Number(gross) } })
      linesOk = false
      return
    }
    lines.push({ grossVnd: toVnd(gross), discountVnd: toVnd(discount), totalVnd: toVnd(gross - discount) })
  })

  const orderDiscountOk = checkDiscount(input.orderDiscount, 'orderDiscount', errors)

  const shippingFee = input.shippingFeeVnd ?? 0
  let shippingOk = false
  if (!isVndAmount(shippingFee)) errors.push({ field: 'shippingFeeVnd', reason: 'shipping_fee_invalid' })
  else if (shippingFee > MAX_VND) {
    errors.push({ field: 'shippingFeeVnd', reason: 'amount_too_large', params: { max: MAX_VND } })
  } else shippingOk = true

  if (!linesOk) return { errors, warnings: [], totals: null }

  const subtotal = lines.reduce((sum, line) => sum + BigInt(line.totalVnd), 0n)
  if (subtotal > MAX) {
    errors.push({ field: 'lines', reason: 'amount_too_large', params: { max: MAX_VND } })
    return { errors, warnings: [], totals: null }
  }
  if (!orderDiscountOk) return { errors, warnings: [], totals: null }
  const orderDiscount = discountOf(input.orderDiscount, subtotal)
  if (orderDiscount > subtotal) {
    errors.push({ field: 'orderDiscount', reason: 'discount_exceeds_subtotal', params: { subtotalVnd: Number(subtotal) } })
    return { errors, warnings: [], totals: null }
  }
  if (!shippingOk) return { errors, warnings: [], totals: null }
  const total = subtotal - orderDiscount + BigInt(shippingFee)
  if (total > MAX) {
    errors.push({ field: 'totalVnd', reason: 'amount_too_large', params: { max: MAX_VND } })
    return { errors, warnings: [], totals: null }
  }
  if (errors.length > 0) return { errors, warnings: [], totals: null }

  return {
    errors,
    warnings: [],
    totals: {
      lines,
      subtotalVnd: toVnd(subtotal),
      orderDiscountVnd: toVnd(orderDiscount),
      shippingFeeVnd: toVnd(BigInt(shippingFee)),
      totalVnd: toVnd(total),
    },
  }
}

/** The totals of valid amounts; throws an `OrderTotalsError` otherwise (services, after validation). */
export function computeOrderTotals(input: OrderTotalsInput): OrderTotals {
  const { errors, totals } = validateOrderTotals(input)
  if (totals === null) throw new OrderTotalsError(errors)
  return totals
}

/**
 * The discount in đồng of `discount` on `baseVnd`, rounded half up; 0 for no discount. Does not
 * cap: callers compare with the base (amounts above it are errors, not silently reduced).
 * Throws a RangeError for a malformed discount or base.
 */
export function discountAmount(discount: Discount | null | undefined, baseVnd: number): Vnd {
  if (!isVndAmount(baseVnd)) throw new RangeError(`Not a whole number of đồng ≥ 0: ${baseVnd}`)
  const errors: Issue<OrderTotalReason>[] = []
  if (!checkDiscount(discount, 'discount', errors)) throw new RangeError(`Invalid discount: ${JSON.stringify(discount)}`)
  return toVnd(discountOf(discount, BigInt(baseVnd)))
}

/**
 * Spreads `discountVnd` over lines worth `lineTotalsVnd` in proportion to their totals, using the
 * largest-remainder method: each line gets the whole đồng of its exact share, and the đồng left
 * over go one each to the lines with the largest fractions (ties: the larger line, then the
 * earlier one, so the result is the same on every run). The parts sum exactly to the discount,
 * each part is ≤ its line total and within 1 đồng of the exact share.
 *
 * Throws a RangeError when an amount is not a whole number of đồng ≥ 0 or the discount exceeds
 * the sum of the lines (validation refuses such an order first).
 */
export function allocateOrderDiscount(lineTotalsVnd: readonly number[], discountVnd: number): Vnd[] {
  for (const amount of [...lineTotalsVnd, discountVnd]) {
    if (!isVndAmount(amount)) throw new RangeError(`Not a whole number of đồng ≥ 0: ${amount}`)
  }
  const totals = lineTotalsVnd.map((amount) => BigInt(amount))
  const sum = totals.reduce((a, b) => a + b, 0n)
  const discount = BigInt(discountVnd)
  if (discount > sum) throw new RangeError(`Discount ${discountVnd} exceeds the lines' total ${sum}`)
  if (discount === 0n) return totals.map(() => toVnd(0n))

  const parts = totals.map((total) => (discount * total) / sum)
  const remainders = totals.map((total) => (discount * total) % sum)
  let left = discount - parts.reduce((a, b) => a + b, 0n)
  // `left` < number of lines with a non-zero remainder + 1, so each gets at most one đồng, and a
  // line with a remainder has a part strictly below its total: the extra đồng never overfills it.
  const order = totals
    .map((_, index) => index)
    .sort((a, b) => compareBig(remainders[b]!, remainders[a]!) || compareBig(totals[b]!, totals[a]!) || a - b)
  for (const index of order) {
    if (left === 0n) break
    parts[index]! += 1n
    left -= 1n
  }
  return parts.map(toVnd)
}

export interface ReturnRefundInput {
  /** The line total after its own discount (LineTotals.totalVnd). */
  lineTotalVnd: number
  /** The line's share of the order discount (from `allocateOrderDiscount`). */
  allocatedDiscountVnd: number
  /** Units on the line. */
  quantity: number
  /** Units coming back now. */
  returnedQty: number
  /** Units already returned earlier (0 when omitted). */
  alreadyReturnedQty?: number
}

/**
 * What to refund for `returnedQty` units of a line: the line paid `lineTotalVnd −
 * allocatedDiscountVnd`, and n returned units are worth that × n / quantity rounded half up.
 * The refund is worth(already + returned) − worth(already), so returns made in any number of
 * steps add up to exactly what the line paid once every unit is back, and never to more.
 *
 * Throws a RangeError for amounts that are not whole đồng, a discount larger than the line, or
 * quantities that do not fit (returning more than is left on the line).
 */
export function refundForReturn(input: ReturnRefundInput): Vnd {
  const { lineTotalVnd, allocatedDiscountVnd, quantity, returnedQty } = input
  const alreadyReturnedQty = input.alreadyReturnedQty ?? 0
  if (!isVndAmount(lineTotalVnd) || !isVndAmount(allocatedDiscountVnd)) {
    throw new RangeError(`Not whole đồng ≥ 0: ${lineTotalVnd}, ${allocatedDiscountVnd}`)
  }
  if (allocatedDiscountVnd > lineTotalVnd) {
    throw new RangeError(`Allocated discount ${allocatedDiscountVnd} exceeds the line total ${lineTotalVnd}`)
  }
  if (!(Number.isSafeInteger(quantity) && quantity > 0)) throw new RangeError(`Not a positive quantity: ${quantity}`)
  for (const qty of [returnedQty, alreadyReturnedQty]) {
    if (!(Number.isSafeInteger(qty) && qty >= 0)) throw new RangeError(`Not a whole quantity ≥ 0: ${qty}`)
  }
  if (alreadyReturnedQty + returnedQty > quantity) {
    throw new RangeError(`Returning ${returnedQty} after ${alreadyReturnedQty} of ${quantity} units`)
  }
  const paid = BigInt(lineTotalVnd) - BigInt(allocatedDiscountVnd)
  const worth = (units: number): bigint => divideHalfUp(paid * BigInt(units), BigInt(quantity))
  return toVnd(worth(alreadyReturnedQty + returnedQty) - worth(alreadyReturnedQty))
}

// ---------------------------------------------------------------------------------------------

function isVndAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/** Validates the shape of a discount (absent is fine); records an issue and returns false if malformed. */
function checkDiscount(discount: Discount | null | undefined, field: string, errors: Issue<OrderTotalReason>[]): boolean {
  if (discount == null) return true
  switch (discount.kind) {
    case 'amount':
      if (isVndAmount(discount.vnd)) return true
      errors.push({ field, reason: 'discount_amount_invalid' })
      return false
    case 'percent':
      if (percentToBasisPoints(discount.percent) !== null) return true
      errors.push({ field, reason: 'discount_percent_invalid', params: { min: 0, max: 100, decimals: DISCOUNT_PERCENT_MAX_DECIMALS } })
      return false
    default:
      errors.push({ field, reason: 'discount_kind_invalid' })
      return false
  }
}

/**
 * 12.5 → 1250. A percentage typed in a form arrives as a float (33.33 is 33.329999…), so it is
 * scaled and rounded, then accepted only if it was that close to two decimals to begin with.
 */
function percentToBasisPoints(percent: unknown): bigint | null {
  if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent > 100) return null
  const scaled = percent * 100
  const bp = Math.round(scaled)
  return Math.abs(scaled - bp) < 1e-6 ? BigInt(bp) : null
}

/** The discount on `base`, for a discount already checked by `checkDiscount`. */
function discountOf(discount: Discount | null | undefined, base: bigint): bigint {
  if (discount == null) return 0n
  if (discount.kind === 'amount') return BigInt(discount.vnd)
  return divideHalfUp(base * (percentToBasisPoints(discount.percent) ?? 0n), BP_PER_WHOLE)
}

/** numerator / denominator rounded half up, both ≥ 0. */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator)
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function toVnd(amount: bigint): Vnd {
  return Number(amount) as Vnd
}
