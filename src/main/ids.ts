import { monotonicFactory } from 'ulid'

/** Prefixed ULIDs: an id says what it is in logs and support calls (prd_…, var_…). */
export const ID_PREFIXES = {
  seller: 'sel',
  product: 'prd',
  variant: 'var',
  audit: 'aud',
  image: 'img',
  certificate: 'ocp',
  lot: 'lot',
  lotCertification: 'lcr',
  customer: 'cus',
  address: 'adr',
  order: 'ord',
  orderLine: 'oln',
  orderEvent: 'oev',
  stockMovement: 'stm',
  stocktake: 'stk',
  paymentIntent: 'pi',
  refund: 're',
  paymentEvent: 'evt',
  statementImport: 'sti',
  channelAccount: 'cha',
  listing: 'lst',
  outboxJob: 'job',
  communeBundle: 'cbn',
} as const

export type IdKind = keyof typeof ID_PREFIXES

export type IdFactory = (kind: IdKind) => string

/** Monotonic, so ids made in the same millisecond still sort in creation order. */
export function createIdFactory(now: () => number = Date.now): IdFactory {
  const next = monotonicFactory()
  return (kind) => `${ID_PREFIXES[kind]}_${next(now()).toLowerCase()}`
}
