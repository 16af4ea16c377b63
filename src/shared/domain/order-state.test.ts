import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ORDER_ACTIONS,
  ORDER_STATUSES,
  ORDER_STOCK_EFFECTS,
  ORDER_TRANSITIONS,
  OrderTransitionError,
  actionBetween,
  allowedActions,
  canTransition,
  isOrderAction,
  isOrderStatus,
  isPartialReturnAllowed,
  isTerminal,
  nextStatus,
  requireNextStatus,
  stockEffect,
  type OrderAction,
  type OrderStatus,
  type StockEffect,
} from './order-state'

/**
 * The expected machine, written out by hand (never derived from the implementation), so any
 * change to ORDER_TRANSITIONS or ORDER_STOCK_EFFECTS fails here and has to be made on purpose.
 * Each table is a grid: a header row, then one row per status; '-' means "not allowed / none".
 */
function grid(text: string): Map<string, Map<string, string | null>> {
  const [[, ...header], ...rows] = text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/)) as [string[], ...string[][]]
  const result = new Map<string, Map<string, string | null>>()
  for (const [rowKey, ...cells] of rows) {
    expect(cells).toHaveLength(header.length)
    result.set(rowKey!, new Map(header.map((column, i) => [column, cells[i] === '-' ? null : cells[i]!])))
  }
  return result
}

function cell(table: Map<string, Map<string, string | null>>, row: string, column: string): string | null {
  const value = table.get(row)?.get(column)
  expect(value, `${row} × ${column} is in the table`).not.toBeUndefined()
  return value ?? null
}

// nextStatus(row, column)
const NEXT = grid(`
  status     confirm    pack    ship     deliver    complete   cancel     return
  draft      confirmed  -       -        -          -          cancelled  -
  confirmed  -          packed  shipped  -          -          cancelled  -
  packed     -          -       shipped  -          -          cancelled  -
  shipped    -          -       -        delivered  completed  -          returned
  delivered  -          -       -        -          completed  -          returned
  completed  -          -       -        -          -          -          returned
  cancelled  -          -       -        -          -          -          -
  returned   -          -       -        -          -          -          -
`)

// stockEffect(row, column)
const STOCK = grid(`
  status     confirm  pack  ship   deliver  complete  cancel   return
  draft      reserve  -     -      -        -         none     -
  confirmed  -        none  issue  -        -         release  -
  packed     -        -     issue  -        -         release  -
  shipped    -        -     -      none     none      -        restock_or_writeoff
  delivered  -        -     -      -        none      -        restock_or_writeoff
  completed  -        -     -      -        -         -        restock_or_writeoff
  cancelled  -        -     -      -        -         -        -
  returned   -        -     -      -        -         -        -
`)

// actionBetween(row = from, column = to)
const STEP = grid(`
  from       draft  confirmed  packed  shipped  delivered  completed  cancelled  returned
  draft      -      confirm    -       -        -          -          cancel     -
  confirmed  -      -          pack    ship     -          -          cancel     -
  packed     -      -          -       ship     -          -          cancel     -
  shipped    -      -          -       -        deliver    complete   -          return
  delivered  -      -          -       -        -          complete   -          return
  completed  -      -          -       -        -          -          -          return
  cancelled  -      -          -       -        -          -          -          -
  returned   -      -          -       -        -          -          -          -
`)

// The buttons, in the order they are shown.
const BUTTONS: Record<OrderStatus, OrderAction[]> = {
  draft: ['confirm', 'cancel'],
  confirmed: ['pack', 'ship', 'cancel'],
  packed: ['ship', 'cancel'],
  shipped: ['deliver', 'complete', 'return'],
  delivered: ['complete', 'return'],
  completed: ['return'],
  cancelled: [],
  returned: [],
}

const PAIRS = ORDER_STATUSES.flatMap((status) => ORDER_ACTIONS.map((action) => [status, action] as const))
const STATUS_PAIRS = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as const))

describe('the lists', () => {
  it('has the statuses and actions in their fixed order', () => {
    expect(ORDER_STATUSES).toEqual(['draft', 'confirmed', 'packed', 'shipped', 'delivered', 'completed', 'cancelled', 'returned'])
    expect(ORDER_ACTIONS).toEqual(['confirm', 'pack', 'ship', 'deliver', 'complete', 'cancel', 'return'])
  })

  it('recognises statuses and actions', () => {
    expect(ORDER_STATUSES.every(isOrderStatus)).toBe(true)
    expect(ORDER_ACTIONS.every(isOrderAction)).toBe(true)
    for (const value of ['', 'Draft', 'paid', 'ship', null, undefined, 1]) expect(isOrderStatus(value)).toBe(false)
    for (const value of ['', 'Confirm', 'refund', 'draft', null, undefined, 1]) expect(isOrderAction(value)).toBe(false)
  })

  it('the expected tables cover every status and action', () => {
    for (const table of [NEXT, STOCK]) expect([...table.keys()]).toEqual([...ORDER_STATUSES])
    expect([...STEP.keys()]).toEqual([...ORDER_STATUSES])
  })
})

describe('every (status, action) pair', () => {
  it.each(PAIRS)('%s × %s', (status, action) => {
    const expected = cell(NEXT, status, action) as OrderStatus | null
    expect(nextStatus(status, action)).toBe(expected)
    expect(canTransition(status, action)).toBe(expected !== null)
    expect(stockEffect(status, action)).toBe(cell(STOCK, status, action) as StockEffect | null)
    expect(allowedActions(status).includes(action)).toBe(expected !== null)
    if (expected === null) {
      expect(() => requireNextStatus(status, action)).toThrow(OrderTransitionError)
    } else {
      expect(requireNextStatus(status, action)).toBe(expected)
    }
  })

  it('a refused transition carries a reason code and its values', () => {
    try {
      requireNextStatus('shipped', 'cancel')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(OrderTransitionError)
      expect(error).toMatchObject({ reason: 'order_transition_not_allowed', params: { from: 'shipped', action: 'cancel' } })
    }
  })
})

describe('every (status, status) pair', () => {
  it.each(STATUS_PAIRS)('%s → %s', (from, to) => {
    const expected = cell(STEP, from, to) as OrderAction | null
    expect(actionBetween(from, to)).toBe(expected)
    if (expected !== null) expect(nextStatus(from, expected)).toBe(to)
    // No other action makes the same move: each (from, to) has at most one action.
    const actions = ORDER_ACTIONS.filter((action) => nextStatus(from, action) === to)
    expect(actions).toEqual(expected === null ? [] : [expected])
  })
})

describe('buttons, terminal states, partial returns', () => {
  it.each(ORDER_STATUSES)('%s', (status) => {
    expect(allowedActions(status)).toEqual(BUTTONS[status])
    expect(isTerminal(status)).toBe(status === 'cancelled' || status === 'returned')
    expect(isPartialReturnAllowed(status)).toBe(status === 'shipped' || status === 'delivered' || status === 'completed')
  })
})

describe('the data', () => {
  it('gives a stock effect for exactly the statuses each action is allowed from', () => {
    for (const action of ORDER_ACTIONS) {
      expect(Object.keys(ORDER_STOCK_EFFECTS[action]).sort()).toEqual([...ORDER_TRANSITIONS[action].from].sort())
    }
  })

  it('cannot be changed at run time by accident through the returned lists', () => {
    const actions = allowedActions('confirmed')
    actions.push('return')
    expect(allowedActions('confirmed')).toEqual(['pack', 'ship', 'cancel'])
  })
})

/** What the order holds of the stock in each status, if every stock effect was applied. */
const HOLDING: Record<OrderStatus, 'nothing' | 'reserved' | 'issued'> = {
  draft: 'nothing',
  confirmed: 'reserved',
  packed: 'reserved',
  shipped: 'issued',
  delivered: 'issued',
  completed: 'issued',
  cancelled: 'nothing',
  returned: 'nothing',
}

interface Walk {
  status: OrderStatus
  applied: OrderAction[]
  holding: 'nothing' | 'reserved' | 'issued'
}

/** Applies one action if allowed (a refused action changes nothing), checking the stock effect is coherent. */
function step(walk: Walk, action: OrderAction): Walk {
  const to = nextStatus(walk.status, action)
  if (to === null) {
    expect(stockEffect(walk.status, action)).toBeNull()
    return walk
  }
  const effect = stockEffect(walk.status, action)
  let holding = walk.holding
  switch (effect) {
    case 'reserve':
      expect(holding).toBe('nothing')
      holding = 'reserved'
      break
    case 'release':
      expect(holding).toBe('reserved')
      holding = 'nothing'
      break
    case 'issue':
      expect(holding).toBe('reserved')
      holding = 'issued'
      break
    case 'restock_or_writeoff':
      expect(holding).toBe('issued')
      holding = 'nothing'
      break
    case 'none':
      break
    default:
      throw new Error(`allowed transition without a stock effect: ${walk.status} × ${action}`)
  }
  return { status: to, applied: [...walk.applied, action], holding }
}

function checkInvariants(walk: Walk): void {
  expect(ORDER_STATUSES).toContain(walk.status)
  expect(walk.holding).toBe(HOLDING[walk.status])
  if (isTerminal(walk.status)) {
    expect(allowedActions(walk.status)).toEqual([])
    for (const action of ORDER_ACTIONS) expect(nextStatus(walk.status, action)).toBeNull()
  }
  if (walk.status === 'cancelled') expect(walk.applied).not.toContain('ship')
  if (walk.status === 'returned') expect(walk.applied).toContain('ship')
  // Only a draft may be cancelled without having been confirmed.
  if (walk.status !== 'draft' && walk.applied[0] !== 'cancel') expect(walk.applied[0]).toBe('confirm')
}

const START: Walk = { status: 'draft', applied: [], holding: 'nothing' }

describe('random walks from draft', () => {
  it('any sequence of actions stays in the machine and keeps stock coherent', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ORDER_ACTIONS), { maxLength: 40 }), (actions) => {
        let walk = START
        for (const action of actions) {
          walk = step(walk, action)
          checkInvariants(walk)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('walks that only take allowed actions reach every status and hold the same invariants', () => {
    const reached = new Set<OrderStatus>()
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (choices) => {
        let walk = START
        reached.add(walk.status)
        for (const choice of choices) {
          const actions = allowedActions(walk.status)
          if (actions.length === 0) break
          walk = step(walk, actions[choice % actions.length]!)
          checkInvariants(walk)
          reached.add(walk.status)
        }
      }),
      { numRuns: 500 },
    )
    expect([...reached].sort()).toEqual([...ORDER_STATUSES].sort())
  })
})
