import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_VND } from './money'
import {
  ORDER_TOTAL_REASONS,
  OrderTotalsError,
  allocateOrderDiscount,
  computeOrderTotals,
  discountAmount,
  refundForReturn,
  validateOrderTotals,
  type Discount,
  type OrderLineAmounts,
  type OrderTotalsInput,
} from './order-totals'

const honey: OrderLineAmounts = { quantity: 3, unitPriceVnd: 150_000, discount: { kind: 'percent', percent: 10 } }
const tea: OrderLineAmounts = { quantity: 2, unitPriceVnd: 85_000, discount: { kind: 'amount', vnd: 5_000 } }

describe('worked examples', () => {
  it('3 hũ mật ong at 150.000 ₫, 10 % off, 20.000 ₫ off the order, 30.000 ₫ shipping', () => {
    expect(
      computeOrderTotals({ lines: [honey], orderDiscount: { kind: 'amount', vnd: 20_000 }, shippingFeeVnd: 30_000 }),
    ).toEqual({
      lines: [{ grossVnd: 450_000, discountVnd: 45_000, totalVnd: 405_000 }],
      subtotalVnd: 405_000,
      orderDiscountVnd: 20_000,
      shippingFeeVnd: 30_000,
      totalVnd: 415_000,
    })
  })

  it('adds 2 gói trà at 85.000 ₫ with 5.000 ₫ off the line', () => {
    const totals = computeOrderTotals({ lines: [honey, tea], orderDiscount: { kind: 'amount', vnd: 20_000 }, shippingFeeVnd: 30_000 })
    expect(totals.lines).toEqual([
      { grossVnd: 450_000, discountVnd: 45_000, totalVnd: 405_000 },
      { grossVnd: 170_000, discountVnd: 5_000, totalVnd: 165_000 },
    ])
    expect(totals.subtotalVnd).toBe(570_000)
    expect(totals.totalVnd).toBe(580_000)

    // 20.000 ₫ spread 405 : 165 → 14.210,53 and 5.789,47; the left-over đồng goes to the larger fraction.
    const shares = allocateOrderDiscount(
      totals.lines.map((line) => line.totalVnd),
      totals.orderDiscountVnd,
    )
    expect(shares).toEqual([14_211, 5_789])

    // The tea line paid 165.000 − 5.789 = 159.211 ₫: one packet back is 79.605,5 → 79.606 ₫, the second the rest.
    const first = refundForReturn({ lineTotalVnd: 165_000, allocatedDiscountVnd: 5_789, quantity: 2, returnedQty: 1 })
    const second = refundForReturn({ lineTotalVnd: 165_000, allocatedDiscountVnd: 5_789, quantity: 2, returnedQty: 1, alreadyReturnedQty: 1 })
    expect([first, second]).toEqual([79_606, 79_605])
    expect(first + second).toBe(159_211)

    // One jar of honey of three: 405.000 − 14.211 = 390.789 ₫ paid, a third is 130.263 ₫.
    expect(refundForReturn({ lineTotalVnd: 405_000, allocatedDiscountVnd: 14_211, quantity: 3, returnedQty: 1 })).toBe(130_263)
  })

  it('5 % off the whole order, free shipping', () => {
    const totals = computeOrderTotals({ lines: [honey, tea], orderDiscount: { kind: 'percent', percent: 5 } })
    expect(totals).toMatchObject({ subtotalVnd: 570_000, orderDiscountVnd: 28_500, shippingFeeVnd: 0, totalVnd: 541_500 })
  })

  it('an order without lines is worth its shipping', () => {
    expect(computeOrderTotals({ lines: [], shippingFeeVnd: 25_000 })).toEqual({
      lines: [],
      subtotalVnd: 0,
      orderDiscountVnd: 0,
      shippingFeeVnd: 25_000,
      totalVnd: 25_000,
    })
  })

  it('a line given away and an order discount equal to the subtotal are allowed', () => {
    const totals = computeOrderTotals({
      lines: [{ quantity: 1, unitPriceVnd: 75_000, discount: { kind: 'percent', percent: 100 } }, { quantity: 2, unitPriceVnd: 40_000 }],
      orderDiscount: { kind: 'amount', vnd: 80_000 },
      shippingFeeVnd: 15_000,
    })
    expect(totals.lines[0]).toEqual({ grossVnd: 75_000, discountVnd: 75_000, totalVnd: 0 })
    expect(totals).toMatchObject({ subtotalVnd: 80_000, orderDiscountVnd: 80_000, totalVnd: 15_000 })
  })
})

describe('percentages round half up to the đồng', () => {
  it.each([
    [10_010, 5, 501], // 500,5
    [10_001, 12.5, 1_250], // 1.250,125
    [100_000, 33.33, 33_330],
    [45_000, 0.01, 5], // 4,5
    [44_999, 0.01, 4], // 4,4999
    [99_999, 7.5, 7_500], // 7.499,925
    [1_000, 4.35, 44], // 43,5 — floats say 43.49999999999999
    [100, 1.15, 1], // 1,15
    [1_000_000, 1.15, 11_500], // floats say 11499.999999999998
    [75_000, 100, 75_000],
    [75_000, 0, 0],
    [0, 50, 0],
    [MAX_VND, 99.99, 999_899_999_999], // 999.899.999.999,0001
    [MAX_VND, 50, 500_000_000_000], // 499.999.999.999,5
  ])('%i ₫ × %d %% → %i ₫', (base, percent, expected) => {
    expect(discountAmount({ kind: 'percent', percent }, base)).toBe(expected)
    const line = computeOrderTotals({ lines: [{ quantity: 1, unitPriceVnd: base, discount: { kind: 'percent', percent } }] }).lines[0]
    expect(line).toEqual({ grossVnd: base, discountVnd: expected, totalVnd: base - expected })
  })

  it('accepts every percentage with two decimals from 0 to 100, as the contract does', () => {
    for (let hundredths = 0; hundredths <= 10_000; hundredths++) {
      const percent = hundredths / 100
      const expected = Number((2n * 1_000_000n * BigInt(hundredths) + 10_000n) / 20_000n)
      expect(discountAmount({ kind: 'percent', percent }, 1_000_000)).toBe(expected)
    }
  })

  it('an amount discount is taken as it is, off the whole line', () => {
    expect(discountAmount({ kind: 'amount', vnd: 5_000 }, 170_000)).toBe(5_000)
    expect(discountAmount(null, 170_000)).toBe(0)
    expect(discountAmount(undefined, 170_000)).toBe(0)
  })

  it('discountAmount refuses malformed input instead of guessing', () => {
    expect(() => discountAmount({ kind: 'percent', percent: 12.345 }, 1_000)).toThrow(RangeError)
    expect(() => discountAmount({ kind: 'amount', vnd: 1.5 }, 1_000)).toThrow(RangeError)
    expect(() => discountAmount({ kind: 'amount', vnd: 1 }, -1)).toThrow(RangeError)
  })
})

const line = (overrides: Partial<OrderLineAmounts> = {}): OrderLineAmounts => ({ quantity: 1, unitPriceVnd: 100_000, ...overrides })

/** [what, input, expected (field, reason) pairs]: every reason code appears at least once. */
const INVALID: Array<[string, OrderTotalsInput, Array<[string, string]>]> = [
  ...[0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53].map(
    (quantity): [string, OrderTotalsInput, Array<[string, string]>] => [
      `quantity ${quantity}`,
      { lines: [line({ quantity })] },
      [['lines.0.quantity', 'quantity_positive']],
    ],
  ),
  ...[-1, 0.5, Number.NaN].map((unitPriceVnd): [string, OrderTotalsInput, Array<[string, string]>] => [
    `unit price ${unitPriceVnd}`,
    { lines: [line({ unitPriceVnd })] },
    [['lines.0.unitPriceVnd', 'unit_price_invalid']],
  ]),
  ['negative amount discount', { lines: [line({ discount: { kind: 'amount', vnd: -1 } })] }, [['lines.0.discount', 'discount_amount_invalid']]],
  ['half a đồng discount', { lines: [line({ discount: { kind: 'amount', vnd: 0.5 } })] }, [['lines.0.discount', 'discount_amount_invalid']]],
  ...[-1, 100.01, 12.345, Number.NaN].map((percent): [string, OrderTotalsInput, Array<[string, string]>] => [
    `${percent} %`,
    { lines: [line({ discount: { kind: 'percent', percent } })] },
    [['lines.0.discount', 'discount_percent_invalid']],
  ]),
  ['unknown discount kind', { lines: [line({ discount: { kind: 'free' } as unknown as Discount })] }, [['lines.0.discount', 'discount_kind_invalid']]],
  ['150 % off the order', { lines: [line()], orderDiscount: { kind: 'percent', percent: 150 } }, [['orderDiscount', 'discount_percent_invalid']]],
  [
    'line discount above the line',
    { lines: [line({ quantity: 3, unitPriceVnd: 150_000, discount: { kind: 'amount', vnd: 450_001 } })] },
    [['lines.0.discount', 'discount_exceeds_line']],
  ],
  [
    'order discount above the subtotal',
    { lines: [line(), line()], orderDiscount: { kind: 'amount', vnd: 200_001 } },
    [['orderDiscount', 'discount_exceeds_subtotal']],
  ],
  ['negative shipping', { lines: [line()], shippingFeeVnd: -1 }, [['shippingFeeVnd', 'shipping_fee_invalid']]],
  ['shipping in half đồng', { lines: [line()], shippingFeeVnd: 1.5 }, [['shippingFeeVnd', 'shipping_fee_invalid']]],
  ['unit price above MAX_VND', { lines: [line({ unitPriceVnd: MAX_VND + 1 })] }, [['lines.0.unitPriceVnd', 'amount_too_large']]],
  ['line gross above MAX_VND', { lines: [line({ quantity: 1_000_000, unitPriceVnd: 1_000_000 })] }, [['lines.0', 'amount_too_large']]],
  [
    'subtotal above MAX_VND',
    { lines: [line({ unitPriceVnd: 600_000_000_000 }), line({ unitPriceVnd: 400_000_000_000 })] },
    [['lines', 'amount_too_large']],
  ],
  ['total above MAX_VND', { lines: [line({ unitPriceVnd: MAX_VND })], shippingFeeVnd: 1 }, [['totalVnd', 'amount_too_large']]],
  ['shipping above MAX_VND', { lines: [], shippingFeeVnd: MAX_VND + 1 }, [['shippingFeeVnd', 'amount_too_large']]],
  [
    'every broken line and field at once',
    {
      lines: [line({ quantity: 0 }), line(), line({ unitPriceVnd: -5, discount: { kind: 'percent', percent: 101 } })],
      orderDiscount: { kind: 'amount', vnd: -1 },
      shippingFeeVnd: -1,
    },
    [
      ['lines.0.quantity', 'quantity_positive'],
      ['lines.2.unitPriceVnd', 'unit_price_invalid'],
      ['lines.2.discount', 'discount_percent_invalid'],
      ['orderDiscount', 'discount_amount_invalid'],
      ['shippingFeeVnd', 'shipping_fee_invalid'],
    ],
  ],
]

describe('validation', () => {
  it.each(INVALID)('%s', (_what, input, expected) => {
    const result = validateOrderTotals(input)
    expect(result.errors.map((issue) => [issue.field, issue.reason])).toEqual(expected)
    expect(result.totals).toBeNull()
    expect(result.warnings).toEqual([])
    expect(() => computeOrderTotals(input)).toThrow(OrderTotalsError)
  })

  it('the reason list is exactly the reasons the cases produce', () => {
    const produced = new Set(INVALID.flatMap(([, input]) => validateOrderTotals(input).errors.map((issue) => issue.reason)))
    expect([...produced].sort()).toEqual([...ORDER_TOTAL_REASONS].sort())
  })

  it('edges that are allowed', () => {
    expect(validateOrderTotals({ lines: [line()], orderDiscount: { kind: 'amount', vnd: 100_000 } })).toMatchObject({ errors: [], warnings: [] })
    expect(computeOrderTotals({ lines: [line()], shippingFeeVnd: null }).shippingFeeVnd).toBe(0)
    // Exactly MAX_VND is fine, and a discount brings a large order back under.
    expect(computeOrderTotals({ lines: [line({ unitPriceVnd: MAX_VND })] }).totalVnd).toBe(MAX_VND)
    expect(
      computeOrderTotals({ lines: [line({ unitPriceVnd: MAX_VND })], orderDiscount: { kind: 'amount', vnd: 1 }, shippingFeeVnd: 1 }).totalVnd,
    ).toBe(MAX_VND)
  })

  it('an OrderTotalsError carries the issues', () => {
    try {
      computeOrderTotals({ lines: [line({ quantity: 0 })] })
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(OrderTotalsError)
      expect((error as OrderTotalsError).errors).toEqual([{ field: 'lines.0.quantity', reason: 'quantity_positive' }])
    }
  })
})

describe('allocating the order discount', () => {
  it('spreads by largest remainder, ties to the larger line, then the earlier one', () => {
    expect(allocateOrderDiscount([100, 100, 100], 100)).toEqual([34, 33, 33])
    expect(allocateOrderDiscount([100, 200], 100)).toEqual([33, 67])
    expect(allocateOrderDiscount([50, 0, 150], 200)).toEqual([50, 0, 150])
    expect(allocateOrderDiscount([1, 1, 1, 1], 3)).toEqual([1, 1, 1, 0])
    expect(allocateOrderDiscount([0, 0], 0)).toEqual([0, 0])
    expect(allocateOrderDiscount([], 0)).toEqual([])
    expect(allocateOrderDiscount([MAX_VND, MAX_VND], MAX_VND)).toEqual([500_000_000_000, 499_999_999_999])
  })

  it('refuses a discount above the lines or amounts that are not đồng', () => {
    expect(() => allocateOrderDiscount([100], 101)).toThrow(RangeError)
    expect(() => allocateOrderDiscount([], 1)).toThrow(RangeError)
    expect(() => allocateOrderDiscount([100.5], 1)).toThrow(RangeError)
    expect(() => allocateOrderDiscount([100], -1)).toThrow(RangeError)
  })
})

describe('refunds for returns', () => {
  it('never refund more than paid, nor return more units than the line had', () => {
    expect(refundForReturn({ lineTotalVnd: 100_000, allocatedDiscountVnd: 0, quantity: 3, returnedQty: 3 })).toBe(100_000)
    expect(refundForReturn({ lineTotalVnd: 100_000, allocatedDiscountVnd: 0, quantity: 3, returnedQty: 0 })).toBe(0)
    expect(refundForReturn({ lineTotalVnd: 0, allocatedDiscountVnd: 0, quantity: 3, returnedQty: 2 })).toBe(0)
    expect(() => refundForReturn({ lineTotalVnd: 100_000, allocatedDiscountVnd: 0, quantity: 3, returnedQty: 4 })).toThrow(RangeError)
    expect(() =>
      refundForReturn({ lineTotalVnd: 100_000, allocatedDiscountVnd: 0, quantity: 3, returnedQty: 2, alreadyReturnedQty: 2 }),
    ).toThrow(RangeError)
    expect(() => refundForReturn({ lineTotalVnd: 100, allocatedDiscountVnd: 101, quantity: 1, returnedQty: 1 })).toThrow(RangeError)
    expect(() => refundForReturn({ lineTotalVnd: 100, allocatedDiscountVnd: 0, quantity: 0, returnedQty: 0 })).toThrow(RangeError)
    expect(() => refundForReturn({ lineTotalVnd: 100, allocatedDiscountVnd: 0, quantity: 2, returnedQty: 0.5 })).toThrow(RangeError)
  })

  it('100.000 ₫ over 3 units: 33.333, 33.334, 33.333 one by one (rounded cumulative worth)', () => {
    const refunds = [0, 1, 2].map((already) =>
      refundForReturn({ lineTotalVnd: 100_000, allocatedDiscountVnd: 0, quantity: 3, returnedQty: 1, alreadyReturnedQty: already }),
    )
    expect(refunds).toEqual([33_333, 33_334, 33_333])
  })
})

// ---------------------------------------------------------------------------------------------
// Properties

const discountArb = (maxAmount: number): fc.Arbitrary<Discount | null> =>
  fc.oneof(
    fc.constant(null),
    fc.integer({ min: 0, max: maxAmount }).map((vnd): Discount => ({ kind: 'amount', vnd })),
    fc.integer({ min: 0, max: 10_000 }).map((hundredths): Discount => ({ kind: 'percent', percent: hundredths / 100 })),
  )

const lineArb: fc.Arbitrary<OrderLineAmounts> = fc
  .record({ quantity: fc.integer({ min: 1, max: 1_000 }), unitPriceVnd: fc.integer({ min: 0, max: 5_000_000 }) })
  .chain((line) => discountArb(line.quantity * line.unitPriceVnd).map((discount) => ({ ...line, discount })))

const orderArb: fc.Arbitrary<OrderTotalsInput> = fc
  .record({
    lines: fc.array(lineArb, { maxLength: 8 }),
    shippingFeeVnd: fc.integer({ min: 0, max: 500_000 }),
    orderDiscountShare: fc.integer({ min: 0, max: 10_000 }),
    orderDiscountKind: fc.constantFrom('none', 'amount', 'percent'),
  })
  .map(({ lines, shippingFeeVnd, orderDiscountShare, orderDiscountKind }) => {
    const subtotal = computeOrderTotals({ lines }).subtotalVnd
    const orderDiscount: Discount | null =
      orderDiscountKind === 'amount'
        ? { kind: 'amount', vnd: Math.floor((subtotal * orderDiscountShare) / 10_000) }
        : orderDiscountKind === 'percent'
          ? { kind: 'percent', percent: orderDiscountShare / 100 }
          : null
    return { lines, shippingFeeVnd, orderDiscount }
  })

/** rounded − exact lies in (−½, ½]: 2 × (rounded × 10000 − base × basisPoints) in (−10000, 10000], halves going up. */
function isHalfUp(rounded: number, base: number, percent: number): boolean {
  const diff = 2n * (BigInt(rounded) * 10_000n - BigInt(base) * BigInt(Math.round(percent * 100)))
  return diff > -10_000n && diff <= 10_000n
}

describe('properties', () => {
  it('total = Σ line totals − order discount + shipping, each line = gross − discount, all whole đồng', () => {
    fc.assert(
      fc.property(orderArb, (input) => {
        const totals = computeOrderTotals(input)
        expect(totals.lines).toHaveLength(input.lines.length)
        totals.lines.forEach((line, i) => {
          const given = input.lines[i]!
          expect(line.grossVnd).toBe(given.quantity * given.unitPriceVnd)
          expect(line.totalVnd).toBe(line.grossVnd - line.discountVnd)
          expect(line.discountVnd).toBeGreaterThanOrEqual(0)
          expect(line.discountVnd).toBeLessThanOrEqual(line.grossVnd)
          if (given.discount?.kind === 'percent') expect(isHalfUp(line.discountVnd, line.grossVnd, given.discount.percent)).toBe(true)
        })
        const sum = totals.lines.reduce((a, line) => a + line.totalVnd, 0)
        expect(totals.subtotalVnd).toBe(sum)
        expect(totals.orderDiscountVnd).toBeLessThanOrEqual(totals.subtotalVnd)
        if (input.orderDiscount?.kind === 'percent') {
          expect(isHalfUp(totals.orderDiscountVnd, totals.subtotalVnd, input.orderDiscount.percent)).toBe(true)
        }
        expect(totals.totalVnd).toBe(sum - totals.orderDiscountVnd + (input.shippingFeeVnd ?? 0))
        for (const amount of [totals.subtotalVnd, totals.orderDiscountVnd, totals.shippingFeeVnd, totals.totalVnd]) {
          expect(Number.isSafeInteger(amount)).toBe(true)
          expect(amount).toBeGreaterThanOrEqual(0)
          expect(amount).toBeLessThanOrEqual(MAX_VND)
        }
      }),
      { numRuns: 300 },
    )
  })

  const allocationArb = fc
    .array(fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: Math.floor(MAX_VND / 12) })), { maxLength: 12 })
    .chain((lines) => {
      const sum = lines.reduce((a, b) => a + b, 0)
      return fc.record({ lines: fc.constant(lines), discount: fc.integer({ min: 0, max: sum }) })
    })

  it('allocation parts sum exactly to the discount, each ≤ its line and within 1 đồng of its share', () => {
    fc.assert(
      fc.property(allocationArb, ({ lines, discount }) => {
        const parts = allocateOrderDiscount(lines, discount)
        expect(parts).toHaveLength(lines.length)
        expect(parts.reduce((a, b) => a + b, 0)).toBe(discount)
        const sum = BigInt(lines.reduce((a, b) => a + b, 0))
        parts.forEach((part, i) => {
          expect(part).toBeGreaterThanOrEqual(0)
          expect(part).toBeLessThanOrEqual(lines[i]!)
          // |part − discount × line / sum| < 1
          const error = BigInt(part) * sum - BigInt(discount) * BigInt(lines[i]!)
          expect(sum === 0n ? part === 0 : error < sum && -error < sum).toBe(true)
        })
      }),
      { numRuns: 500 },
    )
  })

  it('returning every unit one by one refunds exactly what the line was worth after allocation', () => {
    fc.assert(
      fc.property(orderArb, (input) => {
        const totals = computeOrderTotals(input)
        const shares = allocateOrderDiscount(
          totals.lines.map((line) => line.totalVnd),
          totals.orderDiscountVnd,
        )
        totals.lines.forEach((line, i) => {
          const quantity = input.lines[i]!.quantity
          const paid = line.totalVnd - shares[i]!
          let refunded = 0
          for (let already = 0; already < Math.min(quantity, 60); already++) {
            const refund = refundForReturn({
              lineTotalVnd: line.totalVnd,
              allocatedDiscountVnd: shares[i]!,
              quantity,
              returnedQty: already === 59 ? quantity - already : 1,
              alreadyReturnedQty: already,
            })
            expect(refund).toBeGreaterThanOrEqual(0)
            refunded += refund
            expect(refunded).toBeLessThanOrEqual(paid)
          }
          expect(refunded).toBe(paid)
        })
        // Everything refunded is what the customer paid for the goods; shipping is not in it.
        const paidForGoods = shares.reduce((sum, share, i) => sum + totals.lines[i]!.totalVnd - share, 0)
        expect(paidForGoods).toBe(totals.subtotalVnd - totals.orderDiscountVnd)
      }),
      { numRuns: 150 },
    )
  })

  it('returns split into any chunks add up to the same as one return of all of them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }),
        (lineTotalVnd, discountShare, chunks) => {
          const quantity = chunks.reduce((a, b) => a + b, 0)
          const allocatedDiscountVnd = Math.floor((lineTotalVnd * discountShare) / 10_000)
          let already = 0
          let refunded = 0
          for (const chunk of chunks) {
            refunded += refundForReturn({ lineTotalVnd, allocatedDiscountVnd, quantity, returnedQty: chunk, alreadyReturnedQty: already })
            already += chunk
          }
          expect(refunded).toBe(refundForReturn({ lineTotalVnd, allocatedDiscountVnd, quantity, returnedQty: quantity }))
          expect(refunded).toBe(lineTotalVnd - allocatedDiscountVnd)
        },
      ),
      { numRuns: 300 },
    )
  })
})
