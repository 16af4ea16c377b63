/**
 * The life of an order, as data: which action moves an order from which statuses to which, and
 * what each move does to stock. Services apply these rules; the UI asks `allowedActions` which
 * buttons to show. Nothing here touches a database.
 *
 *   draft ─confirm─▶ confirmed ─pack─▶ packed ─ship─▶ shipped ─deliver─▶ delivered ─complete─▶ completed
 *                    confirmed ─ship──────────────▶ shipped ─complete──────────────────────▶ completed
 *   draft | confirmed | packed ─cancel─▶ cancelled
 *   shipped | delivered | completed ─return─▶ returned
 *
 * Decisions:
 * - `ship` is allowed from confirmed as well as packed: a counter sale or a quick ship has no
 *   separate packing step.
 * - `complete` is allowed from delivered and from shipped. From shipped is for goods handed over
 *   at once (counter sale, pickup), where "delivered" would be a step nobody performs; the counter
 *   sale service runs confirm → ship → complete in one transaction. The machine does not know the
 *   channel, so keeping courier orders on the shipped → delivered → completed path is the
 *   service's choice, not enforced here.
 * - `cancel` only before shipping (draft, confirmed, packed). Once goods have left, undoing the
 *   sale is a return, which has to say what happens to the goods.
 * - `return` is a WHOLE return and moves the order to returned. A partial return keeps the status
 *   and is only recorded as an event (see `isPartialReturnAllowed`).
 * - cancelled and returned are terminal. completed is not: goods can still come back.
 * - `return` is also allowed from shipped: a parcel refused at the door (common with cash on
 *   delivery) comes back without ever being delivered.
 */

export const ORDER_STATUSES = [
  'draft',
  'confirmed',
  'packed',
  'shipped',
  'delivered',
  'completed',
  'cancelled',
  'returned',
] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

/** In the order the UI shows their buttons: the way forward first, cancel and return last. */
export const ORDER_ACTIONS = ['confirm', 'pack', 'ship', 'deliver', 'complete', 'cancel', 'return'] as const
export type OrderAction = (typeof ORDER_ACTIONS)[number]

export function isOrderStatus(value: unknown): value is OrderStatus {
  return (ORDER_STATUSES as readonly unknown[]).includes(value)
}

export function isOrderAction(value: unknown): value is OrderAction {
  return (ORDER_ACTIONS as readonly unknown[]).includes(value)
}

export interface OrderTransition {
  from: readonly OrderStatus[]
  to: OrderStatus
}

/** The state machine. Each action has one target; each (from, to) pair is reached by at most one action. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderAction, Readonly<OrderTransition>>> = {
  confirm: { from: ['draft'], to: 'confirmed' },
  pack: { from: ['confirmed'], to: 'packed' },
  ship: { from: ['confirmed', 'packed'], to: 'shipped' },
  deliver: { from: ['shipped'], to: 'delivered' },
  complete: { from: ['shipped', 'delivered'], to: 'completed' },
  cancel: { from: ['draft', 'confirmed', 'packed'], to: 'cancelled' },
  return: { from: ['shipped', 'delivered', 'completed'], to: 'returned' },
}

/**
 * What a transition does to stock:
 * - reserve: hold the ordered quantities (available goes down, on hand does not);
 * - release: give a reservation back;
 * - issue: the goods leave — the reservation is consumed and on hand goes down, lot by lot;
 * - restock_or_writeoff: goods come back; the user says per return whether they are sellable
 *   (back on hand) or damaged/spoiled (written off);
 * - none.
 */
export const STOCK_EFFECTS = ['reserve', 'release', 'issue', 'restock_or_writeoff', 'none'] as const
export type StockEffect = (typeof STOCK_EFFECTS)[number]

/**
 * Stock effect per action and per status it is taken from. It depends on `from` for cancel only:
 * a draft holds no reservation, so cancelling it changes nothing, while a confirmed or packed
 * order gives its reservation back. The keys of each entry are exactly the `from` of
 * ORDER_TRANSITIONS (a test checks it).
 */
export const ORDER_STOCK_EFFECTS: Readonly<Record<OrderAction, Readonly<Partial<Record<OrderStatus, StockEffect>>>>> = {
  confirm: { draft: 'reserve' },
  pack: { confirmed: 'none' },
  ship: { confirmed: 'issue', packed: 'issue' },
  deliver: { shipped: 'none' },
  complete: { shipped: 'none', delivered: 'none' },
  cancel: { draft: 'none', confirmed: 'release', packed: 'release' },
  return: { shipped: 'restock_or_writeoff', delivered: 'restock_or_writeoff', completed: 'restock_or_writeoff' },
}

/** A partial return moves goods back the same way a whole return does, without changing the status. */
export const PARTIAL_RETURN_STOCK_EFFECT: StockEffect = 'restock_or_writeoff'

export function canTransition(from: OrderStatus, action: OrderAction): boolean {
  return ORDER_TRANSITIONS[action].from.includes(from)
}

/**
 * The status after `action`, or null when the action is not allowed from `from`. Null rather
 * than an exception so the UI and property tests can ask freely; services that must refuse use
 * `requireNextStatus`, which throws an `OrderTransitionError`.
 */
export function nextStatus(from: OrderStatus, action: OrderAction): OrderStatus | null {
  return canTransition(from, action) ? ORDER_TRANSITIONS[action].to : null
}

/** Stable reason code of a refused transition, for the i18n catalogue. */
export const ORDER_TRANSITION_REASON = 'order_transition_not_allowed'

/** Thrown by `requireNextStatus`: carries a reason code and the values for the message. */
export class OrderTransitionError extends Error {
  readonly reason = ORDER_TRANSITION_REASON
  readonly params: { from: OrderStatus; action: OrderAction }

  constructor(from: OrderStatus, action: OrderAction) {
    super(`An order that is ${from} cannot ${action}`)
    this.name = 'OrderTransitionError'
    this.params = { from, action }
  }
}

/** `nextStatus` for services: the new status, or an `OrderTransitionError`. */
export function requireNextStatus(from: OrderStatus, action: OrderAction): OrderStatus {
  const to = nextStatus(from, action)
  if (to === null) throw new OrderTransitionError(from, action)
  return to
}

/** The stock effect of taking `action` from `from`, or null when the action is not allowed there. */
export function stockEffect(from: OrderStatus, action: OrderAction): StockEffect | null {
  return ORDER_STOCK_EFFECTS[action][from] ?? null
}

/** The actions allowed from `status`, in ORDER_ACTIONS order (the order of the buttons). */
export function allowedActions(status: OrderStatus): OrderAction[] {
  return ORDER_ACTIONS.filter((action) => canTransition(status, action))
}

/** No action leads out: cancelled and returned. */
export function isTerminal(status: OrderStatus): boolean {
  return allowedActions(status).length === 0
}

/** The one action that moves `from` to `to`, or null when no single step does. */
export function actionBetween(from: OrderStatus, to: OrderStatus): OrderAction | null {
  return ORDER_ACTIONS.find((action) => ORDER_TRANSITIONS[action].to === to && canTransition(from, action)) ?? null
}

/**
 * Whether some of the goods may come back without returning the whole order: once they have
 * left the shop (shipped — a parcel refused at the door, in whole or in part, "hoàn hàng" —
 * delivered or completed), the same statuses a whole return starts from.
 */
export function isPartialReturnAllowed(status: OrderStatus): boolean {
  return canTransition(status, 'return')
}
