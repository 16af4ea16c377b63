/**
 * Orders from every channel. An order is a draft until confirmed; confirming reserves stock,
 * cancelling releases it, shipping issues it from lots earliest-expiry-first, returns put it
 * back (or write it off). Every change of status is an order event; every multi-row write is one
 * transaction, so an order is never half-written. The state machine is domain/order-state.ts.
 */
import { sql } from 'kysely'
import type { z } from 'zod'
import { AppError } from '@shared/contract/errors'
import type {
  counterSaleInput,
  createOrderInput,
  listOrdersInput,
  orderActionInput,
  OrderDto,
  OrderListItemDto,
  returnOrderInput,
  updateOrderInput,
} from '@shared/contract/orders'
import { todayInVietnam } from '@shared/domain/calendar'
import { allowedActions, isPartialReturnAllowed, nextStatus, stockEffect, type OrderAction, type OrderStatus } from '@shared/domain/order-state'
import { validateOrderTotals, type DiscountInput } from '@shared/domain/order-totals'
import { formatOrderNumber, orderNumberSearchKey, parseOrderNumber } from '@shared/domain/order-number'
import { normalizeVietnamesePhone } from '@shared/domain/phone'
import { foldVietnamese, searchTokens } from '@shared/domain/vietnamese'
import type { CallContext, ServiceDeps } from '../context'
import type { Db } from '../db/connection'
import type { OrderLineRow, SalesOrderRow } from '../db/schema'
import type { AddressBook } from '../customers/address-book'
import type { CustomersService } from '../customers/customers.service'
import { issue, issuedLots, release, reserve, restock, type LedgerContext } from '../inventory/stock-ledger'
import { recordCashPayment } from '../payments/payments.repo'

type CreateOrder = z.output<typeof createOrderInput>
type UpdateOrder = z.output<typeof updateOrderInput>
type OrderActionIn = z.output<typeof orderActionInput>
type ReturnOrder = z.output<typeof returnOrderInput>
type CounterSale = z.output<typeof counterSaleInput>
type ListOrders = z.output<typeof listOrdersInput>
type LineDraft = CreateOrder['lines'][number]

interface PricedLine {
  readonly variantId: string
  readonly productId: string
  readonly productName: string
  readonly variantLabel: string | null
  readonly sku: string
  readonly unit: string
  readonly quantity: number
  readonly unitPriceVnd: number
  readonly discount: DiscountInput | null
  readonly discountVnd: number
  readonly totalVnd: number
}

const STATUS_TIMESTAMP: Partial<Record<OrderStatus, 'confirmed_at' | 'shipped_at' | 'completed_at' | 'cancelled_at'>> = {
  confirmed: 'confirmed_at',
  shipped: 'shipped_at',
  completed: 'completed_at',
  cancelled: 'cancelled_at',
}

function invalid(message: string, issues: { path: (string | number)[]; code: string; params?: Record<string, string | number> }[]): never {
  throw new AppError('VALIDATION', message, { issues: issues.map((i) => ({ ...i, message })) })
}

type SearchPlan = { kind: 'number'; number: string } | { kind: 'phone'; phone: string } | { kind: 'match'; match: string }

/** What a search box text asks for (see list()). */
export function searchPlan(query: string): SearchPlan | null {
  const text = query.trim()
  if (text === '') return null
  const parsed = parseOrderNumber(text)
  if (parsed) return { kind: 'number', number: formatOrderNumber(parsed.year, parsed.seq) }
  if (/^[\d\s.+()-]+$/.test(text)) {
    const phone = normalizeVietnamesePhone(text)
    if (phone) return { kind: 'phone', phone }
    const digits = text.replace(/\D/g, '')
    if (digits === '') return null
    // An order's number as typed (123 or 000123 for DH-2026-000123), or — from three digits on —
    // the start of a phone number or its last four digits.
    return { kind: 'match', match: digits.length >= 3 ? `{number} : "${digits}" OR {phone} : "${digits}"*` : `{number} : "${digits}"` }
  }
  const tokens = searchTokens(text)
  if (tokens.length === 0) return null
  return { kind: 'match', match: `{name} : ${tokens.map((t, i) => (i === tokens.length - 1 ? `"${t}"*` : `"${t}"`)).join(' ')}` }
}

/** What the orders service asks of payments: a cancelled order takes no more money. */
export interface OrderPaymentHooks {
  cancelOpenPayments(trx: Db, orderId: string, actor: string): Promise<void>
}

export function createOrdersService(deps: ServiceDeps, customers: CustomersService, addresses: AddressBook, payments?: OrderPaymentHooks) {
  const { db, clock, newId } = deps
  const ledger = (ctx: CallContext, at: string): LedgerContext & { today: string } => ({ newId, actor: ctx.actor, at, today: todayInVietnam(clock.now()) })

  /** Snapshots each line from the variant as it is now and works out the money. */
  async function priceLines(trx: Db, drafts: readonly LineDraft[], orderDiscount: DiscountInput | null, shippingFeeVnd: number) {
    const variantIds = [...new Set(drafts.map((l) => l.variantId))]
    const variants = await trx
      .selectFrom('product_variant as v')
      .innerJoin('product as p', 'p.id', 'v.product_id')
      .select(['v.id', 'v.sku', 'v.option_label', 'v.unit', 'v.price_vnd', 'v.archived_at', 'p.id as product_id', 'p.name', 'p.status'])
      .where('v.id', 'in', variantIds)
      .execute()
    const byId = new Map(variants.map((v) => [v.id, v]))
    drafts.forEach((l, i) => {
      const v = byId.get(l.variantId)
      if (!v) invalid(`No variant ${l.variantId}`, [{ path: ['lines', i, 'variantId'], code: 'variant_unknown' }])
      if (v.archived_at !== null || v.status === 'archived') invalid(`${v.sku} is archived`, [{ path: ['lines', i, 'variantId'], code: 'variant_archived', params: { sku: v.sku } }])
    })
    const checked = validateOrderTotals({
      lines: drafts.map((l) => ({ quantity: l.quantity, unitPriceVnd: l.unitPriceVnd ?? byId.get(l.variantId)!.price_vnd, discount: l.discount })),
      orderDiscount,
      shippingFeeVnd,
    })
    if (checked.totals === null) {
      invalid(
        'The order’s amounts do not add up',
        checked.errors.map((e) => ({ path: e.field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), code: e.reason, ...(e.params && { params: e.params }) })),
      )
    }
    const totals = checked.totals
    const lines: PricedLine[] = drafts.map((l, i) => {
      const v = byId.get(l.variantId)!
      return {
        variantId: v.id,
        productId: v.product_id,
        productName: v.name,
        variantLabel: v.option_label,
        sku: v.sku,
        unit: v.unit,
        quantity: l.quantity,
        unitPriceVnd: l.unitPriceVnd ?? v.price_vnd,
        discount: l.discount,
        discountVnd: totals.lines[i]!.discountVnd,
        totalVnd: totals.lines[i]!.totalVnd,
      }
    })
    return { lines, totals }
  }

  async function nextNumber(trx: Db): Promise<string> {
    const year = Number(todayInVietnam(clock.now()).slice(0, 4))
    const row = await trx
      .insertInto('order_number')
      .values({ year, last: 1 })
      .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql<number>`order_number.last + 1` }))
      .returning('last')
      .executeTakeFirstOrThrow()
    return formatOrderNumber(year, row.last)
  }

  /** Number (with and without its zero padding), the customer's folded name and phone digits. */
  async function index(trx: Db, order: { seq: number; number: string; customer_name: string | null; customer_phone: string | null }, replace: boolean) {
    if (replace) await sql`DELETE FROM order_search WHERE rowid = ${order.seq}`.execute(trx)
    const parsed = parseOrderNumber(order.number)
    // Tokens: dh, 2026, 000123 — plus 123 (typed without the zeros) and the compact DH2026000123.
    const numberText = `${order.number} ${parsed ? String(parsed.seq) : ''} ${orderNumberSearchKey(order.number) ?? ''}`
    // The phone, and its last four digits on their own: people read those out ("số đuôi 5678").
    const phone = order.customer_phone ? `${order.customer_phone} ${order.customer_phone.slice(-4)}` : ''
    await sql`INSERT INTO order_search (rowid, number, name, phone) VALUES (${order.seq}, ${foldVietnamese(numberText)}, ${foldVietnamese(order.customer_name ?? '')}, ${phone})`.execute(trx)
  }

  async function loadRow(trx: Db, id: string): Promise<SalesOrderRow> {
    const row = await trx.selectFrom('sales_order').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw new AppError('NOT_FOUND', `No order ${id}`, { entity: 'order', id })
    return row
  }

  async function event(trx: Db, orderId: string, ctx: CallContext, at: string, e: { kind: string; from?: string | null; to?: string | null; note?: string | null; data?: unknown }) {
    await trx
      .insertInto('order_event')
      .values({
        id: newId('orderEvent'),
        order_id: orderId,
        kind: e.kind,
        from_status: e.from ?? null,
        to_status: e.to ?? null,
        actor: ctx.actor,
        at,
        note: e.note ?? null,
        data_json: e.data === undefined ? null : JSON.stringify(e.data),
      })
      .execute()
  }

  function deliveryFrom(input: CreateOrder['deliveryAddress']) {
    if (!input) return null
    if (input.wardCode && !addresses.ward(input.wardCode)) {
      invalid(`Unknown commune/ward code ${input.wardCode}`, [{ path: ['deliveryAddress', 'wardCode'], code: 'ward_unknown', params: { code: input.wardCode } }])
    }
    return {
      recipientName: input.recipientName,
      recipientPhone: input.recipientPhone,
      street: input.street,
      wardCode: input.wardCode,
      legacyText: input.legacyText,
      text: addresses.format({ street: input.street, wardCode: input.wardCode, legacyText: input.legacyText }),
    }
  }

  async function writeLines(trx: Db, orderId: string, lines: readonly PricedLine[]) {
    await trx.deleteFrom('order_line').where('order_id', '=', orderId).execute()
    for (const [position, l] of lines.entries()) {
      await trx
        .insertInto('order_line')
        .values({
          id: newId('orderLine'),
          order_id: orderId,
          position,
          variant_id: l.variantId,
          product_id: l.productId,
          product_name: l.productName,
          variant_label: l.variantLabel,
          sku: l.sku,
          unit: l.unit,
          quantity: l.quantity,
          unit_price_vnd: l.unitPriceVnd,
          discount_json: l.discount ? JSON.stringify(l.discount) : null,
          discount_vnd: l.discountVnd,
          total_vnd: l.totalVnd,
        })
        .execute()
    }
  }

  /** Moves an order one step, with its stock effect and an event; refuses an illegal step. */
  async function applyAction(trx: Db, row: SalesOrderRow, action: OrderAction, ctx: CallContext, at: string, note: string | null): Promise<SalesOrderRow> {
    const from = row.status
    const to = nextStatus(from, action)
    if (to === null) {
      throw new AppError('CONFLICT', `An order that is ${from} cannot be ${action}ed`, {
        reason: 'order_transition_not_allowed',
        from,
        action,
        allowed: allowedActions(from).join(','),
      })
    }
    switch (stockEffect(from, action)) {
      case 'reserve': {
        const lines = await trx.selectFrom('order_line').select(['variant_id', 'quantity']).where('order_id', '=', row.id).execute()
        await reserve(trx, ledger(ctx, at), row.id, lines.map((l) => ({ variantId: l.variant_id, quantity: l.quantity })))
        break
      }
      case 'release':
        await release(trx, ledger(ctx, at), row.id)
        break
      case 'issue':
        await issue(trx, ledger(ctx, at), row.id)
        break
      default:
        break
    }
    const stamp = STATUS_TIMESTAMP[to]
    await trx
      .updateTable('sales_order')
      .set({ status: to, version: row.version + 1, updated_at: at, ...(stamp && { [stamp]: at }) })
      .where('id', '=', row.id)
      .execute()
    await event(trx, row.id, ctx, at, { kind: 'status', from, to, note })
    // In the same transaction: a QR or payment link of a cancelled order must not be paid later.
    if (to === 'cancelled') await payments?.cancelOpenPayments(trx, row.id, ctx.actor)
    return loadRow(trx, row.id)
  }

  async function toDto(trx: Db, row: SalesOrderRow): Promise<OrderDto> {
    const [lines, events, lots] = await Promise.all([
      trx.selectFrom('order_line').selectAll().where('order_id', '=', row.id).orderBy('position').execute(),
      trx.selectFrom('order_event').selectAll().where('order_id', '=', row.id).orderBy('seq').execute(),
      issuedLots(trx, row.id),
    ])
    const stored = row.delivery_address_json ? (JSON.parse(row.delivery_address_json) as Partial<NonNullable<OrderDto['deliveryAddress']>>) : null
    const delivery: OrderDto['deliveryAddress'] = stored
      ? {
          recipientName: stored.recipientName ?? null,
          recipientPhone: stored.recipientPhone ?? null,
          street: stored.street ?? null,
          wardCode: stored.wardCode ?? null,
          legacyText: stored.legacyText ?? null,
          text: stored.text ?? '',
        }
      : null
    // Lots are issued per variant; share them out over the lines of that variant, in line order.
    const lotsOfLine = new Map<string, { lotId: string; lotCode: string; quantity: number }[]>()
    const pool = new Map<string, { lotId: string; lotCode: string; quantity: number }[]>()
    for (const x of lots) pool.set(x.variantId, [...(pool.get(x.variantId) ?? []), { lotId: x.lotId, lotCode: x.lotCode, quantity: x.quantity }])
    for (const l of lines) {
      let need = l.quantity
      const mine: { lotId: string; lotCode: string; quantity: number }[] = []
      for (const lot of pool.get(l.variant_id) ?? []) {
        if (need === 0) break
        const take = Math.min(need, lot.quantity)
        if (take <= 0) continue
        mine.push({ ...lot, quantity: take })
        lot.quantity -= take
        need -= take
      }
      lotsOfLine.set(l.id, mine)
    }
    return {
      id: row.id,
      number: row.number,
      channel: row.channel as OrderDto['channel'],
      status: row.status,
      customerId: row.customer_id,
      customerName: row.customer_name,
      customerPhone: row.customer_phone,
      deliveryAddress: delivery,
      lines: lines.map((l: OrderLineRow) => ({
        id: l.id,
        position: l.position,
        variantId: l.variant_id,
        productId: l.product_id,
        productName: l.product_name,
        variantLabel: l.variant_label,
        sku: l.sku,
        unit: l.unit,
        quantity: l.quantity,
        unitPriceVnd: l.unit_price_vnd,
        discount: l.discount_json ? (JSON.parse(l.discount_json) as DiscountInput) : null,
        discountVnd: l.discount_vnd,
        totalVnd: l.total_vnd,
        returnedQuantity: l.returned_quantity,
        lots: lotsOfLine.get(l.id) ?? [],
      })),
      subtotalVnd: row.subtotal_vnd,
      orderDiscount: row.order_discount_json ? (JSON.parse(row.order_discount_json) as DiscountInput) : null,
      orderDiscountVnd: row.order_discount_vnd,
      shippingFeeVnd: row.shipping_fee_vnd,
      totalVnd: row.total_vnd,
      paymentStatus: row.payment_status as OrderDto['paymentStatus'],
      paidVnd: row.paid_vnd,
      refundedVnd: row.refunded_vnd,
      carrier: row.carrier,
      trackingCode: row.tracking_code,
      externalRef: row.external_ref,
      notes: row.notes,
      allowedActions: allowedActions(row.status),
      events: events.map((e) => ({
        id: e.id,
        kind: e.kind,
        fromStatus: e.from_status,
        toStatus: e.to_status,
        actor: e.actor,
        at: e.at,
        note: e.note,
        data: e.data_json ? (JSON.parse(e.data_json) as Record<string, unknown>) : null,
      })),
      version: row.version,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }
  }

  async function insertOrder(trx: Db, input: CreateOrder, ctx: CallContext, at: string): Promise<SalesOrderRow> {
    const customer = input.customerId ? await customers.snapshot(trx, input.customerId) : null
    const { lines, totals } = await priceLines(trx, input.lines, input.orderDiscount, input.shippingFeeVnd)
    const delivery = deliveryFrom(input.deliveryAddress)
    const id = newId('order')
    const number = await nextNumber(trx)
    if (input.externalRef) {
      const dup = await trx.selectFrom('sales_order').select('number').where('channel', '=', input.channel).where('external_ref', '=', input.externalRef).executeTakeFirst()
      if (dup) throw new AppError('CONFLICT', `Order ${input.externalRef} from ${input.channel} is already ${dup.number}`, { reason: 'external_ref_taken', number: dup.number })
    }
    await trx
      .insertInto('sales_order')
      .values({
        id,
        number,
        channel: input.channel,
        status: 'draft',
        customer_id: customer?.id ?? null,
        customer_name: customer?.name ?? delivery?.recipientName ?? null,
        customer_phone: customer?.phone ?? delivery?.recipientPhone ?? null,
        delivery_address_json: delivery ? JSON.stringify(delivery) : null,
        subtotal_vnd: totals.subtotalVnd,
        order_discount_json: input.orderDiscount ? JSON.stringify(input.orderDiscount) : null,
        order_discount_vnd: totals.orderDiscountVnd,
        shipping_fee_vnd: totals.shippingFeeVnd,
        total_vnd: totals.totalVnd,
        external_ref: input.externalRef,
        notes: input.notes,
        version: 1,
        created_at: at,
        updated_at: at,
        confirmed_at: null,
        shipped_at: null,
        completed_at: null,
        cancelled_at: null,
      })
      .execute()
    await writeLines(trx, id, lines)
    const row = await loadRow(trx, id)
    await index(trx, row, false)
    await event(trx, id, ctx, at, { kind: 'created', to: 'draft' })
    return row
  }

  return {
    async create(input: CreateOrder, ctx: CallContext): Promise<OrderDto> {
      return db.transaction().execute(async (trx) => {
        const at = clock.isoNow()
        let row = await insertOrder(trx, input, ctx, at)
        if (input.confirm) row = await applyAction(trx, row, 'confirm', ctx, at, null)
        return toDto(trx, row)
      })
    },

    async update(input: UpdateOrder, ctx: CallContext): Promise<OrderDto> {
      return db.transaction().execute(async (trx) => {
        const row = await loadRow(trx, input.id)
        if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) {
          throw new AppError('CONFLICT', 'Someone changed this order meanwhile; reload it', { reason: 'version_mismatch', current: row.version })
        }
        if (row.status !== 'draft') throw new AppError('CONFLICT', `Order ${row.number} is ${row.status}; only a draft can be edited`, { reason: 'order_not_editable', status: row.status })
        const at = clock.isoNow()
        const currentLines = await trx.selectFrom('order_line').selectAll().where('order_id', '=', row.id).orderBy('position').execute()
        const drafts: LineDraft[] =
          input.lines ??
          currentLines.map((l) => ({ variantId: l.variant_id, quantity: l.quantity, unitPriceVnd: l.unit_price_vnd, discount: l.discount_json ? (JSON.parse(l.discount_json) as DiscountInput) : null }))
        const orderDiscount = input.orderDiscount === undefined ? (row.order_discount_json ? (JSON.parse(row.order_discount_json) as DiscountInput) : null) : input.orderDiscount
        const { lines, totals } = await priceLines(trx, drafts, orderDiscount, input.shippingFeeVnd ?? row.shipping_fee_vnd)
        const customer = input.customerId === undefined ? null : input.customerId ? await customers.snapshot(trx, input.customerId) : null
        const delivery = input.deliveryAddress === undefined ? undefined : deliveryFrom(input.deliveryAddress)
        const channel = input.channel ?? row.channel
        const externalRef = input.externalRef === undefined ? row.external_ref : input.externalRef
        if (externalRef) {
          const dup = await trx
            .selectFrom('sales_order')
            .select('number')
            .where('channel', '=', channel)
            .where('external_ref', '=', externalRef)
            .where('id', '!=', row.id)
            .executeTakeFirst()
          if (dup) throw new AppError('CONFLICT', `Order ${externalRef} from ${channel} is already ${dup.number}`, { reason: 'external_ref_taken', number: dup.number })
        }
        // Without a customer the order is known by its recipient, as when it was created.
        const named =
          input.customerId !== undefined
            ? { customer_id: customer?.id ?? null, customer_name: customer?.name ?? delivery?.recipientName ?? null, customer_phone: customer?.phone ?? delivery?.recipientPhone ?? null }
            : row.customer_id === null && delivery !== undefined
              ? { customer_name: delivery?.recipientName ?? null, customer_phone: delivery?.recipientPhone ?? null }
              : {}
        await trx
          .updateTable('sales_order')
          .set({
            ...(input.channel && { channel: input.channel }),
            ...named,
            ...(delivery !== undefined && { delivery_address_json: delivery ? JSON.stringify(delivery) : null }),
            subtotal_vnd: totals.subtotalVnd,
            order_discount_json: orderDiscount ? JSON.stringify(orderDiscount) : null,
            order_discount_vnd: totals.orderDiscountVnd,
            shipping_fee_vnd: totals.shippingFeeVnd,
            total_vnd: totals.totalVnd,
            ...(input.externalRef !== undefined && { external_ref: input.externalRef }),
            ...(input.notes !== undefined && { notes: input.notes }),
            version: row.version + 1,
            updated_at: at,
          })
          .where('id', '=', row.id)
          .execute()
        await writeLines(trx, row.id, lines)
        const after = await loadRow(trx, row.id)
        await index(trx, after, true)
        await event(trx, row.id, ctx, at, { kind: 'edited' })
        return toDto(trx, after)
      })
    },

    async act(input: OrderActionIn, ctx: CallContext): Promise<OrderDto> {
      return db.transaction().execute(async (trx) => {
        const row = await loadRow(trx, input.id)
        if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) {
          throw new AppError('CONFLICT', 'Someone changed this order meanwhile; reload it', { reason: 'version_mismatch', current: row.version })
        }
        const after = await applyAction(trx, row, input.action, ctx, clock.isoNow(), input.note)
        if (input.action === 'ship' && (input.carrier || input.trackingCode)) {
          // The carrier's COD statement will name the parcel by this code.
          await trx.updateTable('sales_order').set({ carrier: input.carrier ?? null, tracking_code: input.trackingCode ?? null }).where('id', '=', row.id).execute()
          return toDto(trx, await loadRow(trx, row.id))
        }
        return toDto(trx, after)
      })
    },

    /**
     * Goods coming back after delivery: each line up to what is still out. Restocked goods go
     * back into the lots they left from; written-off goods do not return to stock. When every
     * unit is back the order becomes `returned`; otherwise it keeps its status.
     */
    async returnGoods(input: ReturnOrder, ctx: CallContext): Promise<OrderDto> {
      return db.transaction().execute(async (trx) => {
        const row = await loadRow(trx, input.id)
        if (!isPartialReturnAllowed(row.status)) {
          throw new AppError('CONFLICT', `An order that is ${row.status} has nothing to return`, { reason: 'order_transition_not_allowed', from: row.status, action: 'return' })
        }
        const lines = await trx.selectFrom('order_line').selectAll().where('order_id', '=', row.id).execute()
        const byId = new Map(lines.map((l) => [l.id, l]))
        const at = clock.isoNow()
        for (const [i, r] of input.lines.entries()) {
          const line = byId.get(r.lineId)
          if (!line) invalid(`Order ${row.number} has no line ${r.lineId}`, [{ path: ['lines', i, 'lineId'], code: 'line_unknown' }])
          const left = line.quantity - line.returned_quantity
          if (r.quantity > left) invalid(`Only ${left} of ${line.sku} can still be returned`, [{ path: ['lines', i, 'quantity'], code: 'return_exceeds_sold', params: { left } }])
          if (input.disposition === 'restock') await restock(trx, ledger(ctx, at), row.id, line.variant_id, r.quantity)
          await trx.updateTable('order_line').set({ returned_quantity: line.returned_quantity + r.quantity }).where('id', '=', line.id).execute()
          byId.set(line.id, { ...line, returned_quantity: line.returned_quantity + r.quantity })
        }
        const allBack = [...byId.values()].every((l) => l.returned_quantity === l.quantity)
        await event(trx, row.id, ctx, at, {
          kind: allBack ? 'returned' : 'partial_return',
          note: input.note,
          data: { disposition: input.disposition, lines: input.lines },
        })
        const after = allBack ? await applyAction(trx, row, 'return', ctx, at, input.note) : row
        if (!allBack) await trx.updateTable('sales_order').set({ version: row.version + 1, updated_at: at }).where('id', '=', row.id).execute()
        return toDto(trx, await loadRow(trx, after.id))
      })
    },

    /** The shop counter: the goods leave at once, so the order is confirmed, shipped and completed in one go. */
    async counterSale(input: CounterSale, ctx: CallContext): Promise<{ order: OrderDto; cashReceivedVnd: number | null; changeVnd: number | null }> {
      return db.transaction().execute(async (trx) => {
        const at = clock.isoNow()
        let row = await insertOrder(
          trx,
          { channel: 'counter', customerId: input.customerId, lines: input.lines, orderDiscount: input.orderDiscount, shippingFeeVnd: 0, deliveryAddress: null, externalRef: null, notes: input.notes, confirm: false },
          ctx,
          at,
        )
        if (input.cashReceivedVnd !== null && input.cashReceivedVnd < row.total_vnd) {
          invalid(`The cash received is less than the total`, [{ path: ['cashReceivedVnd'], code: 'cash_short', params: { total: row.total_vnd } }])
        }
        for (const action of ['confirm', 'ship', 'complete'] as const) row = await applyAction(trx, row, action, ctx, at, null)
        const change = input.cashReceivedVnd === null ? null : input.cashReceivedVnd - row.total_vnd
        if (input.cashReceivedVnd !== null) {
          // Cash in hand at the counter: a succeeded cash payment, in the same transaction as the sale.
          await event(trx, row.id, ctx, at, { kind: 'cash', data: { received: input.cashReceivedVnd, change } })
          if (row.total_vnd > 0) {
            await recordCashPayment(trx, newId, { orderId: row.id, amountVnd: row.total_vnd, tenderedVnd: input.cashReceivedVnd, changeVnd: change ?? 0, actor: ctx.actor, at })
          }
          row = await loadRow(trx, row.id)
        }
        return { order: await toDto(trx, row), cashReceivedVnd: input.cashReceivedVnd, changeVnd: change }
      })
    },

    async get(id: string): Promise<OrderDto> {
      return toDto(db, await loadRow(db, id))
    },

    /**
     * Newest first. What the search box holds decides the path, so each stays on an index at a
     * million orders: a whole order number is one unique-index lookup, a whole phone number the
     * phone index, other digits the number/phone columns of the search index, words the name
     * column. With no other filter the search index also gives the order and the page itself
     * (its rowid is the order's insertion sequence), so a common name never sorts every match.
     */
    async list(input: ListOrders): Promise<{ items: OrderListItemDto[]; total: number }> {
      let q = db.selectFrom('sales_order as o')
      const filtered = Boolean(input.status || input.channel || input.customerId || input.from || input.to)
      if (input.status) q = q.where('o.status', '=', input.status)
      if (input.channel) q = q.where('o.channel', '=', input.channel)
      if (input.customerId) q = q.where('o.customer_id', '=', input.customerId)
      if (input.from) q = q.where('o.created_at', '>=', input.from)
      if (input.to) q = q.where('o.created_at', '<', input.to)
      const search = searchPlan(input.query)
      let page: number[] | null = null
      let total: number
      if (search?.kind === 'number') q = q.where('o.number', '=', search.number)
      else if (search?.kind === 'phone') q = q.where('o.customer_phone', '=', search.phone)
      else if (search?.kind === 'match') {
        if (filtered) {
          q = q.where('o.seq', 'in', sql<number>`(SELECT rowid FROM order_search WHERE order_search MATCH ${search.match})`)
        } else {
          total = (await sql<{ n: number }>`SELECT count(*) AS n FROM order_search WHERE order_search MATCH ${search.match}`.execute(db)).rows[0]!.n
          page = (
            await sql<{ rowid: number }>`SELECT rowid FROM order_search WHERE order_search MATCH ${search.match} ORDER BY rowid DESC LIMIT ${input.limit} OFFSET ${input.offset}`.execute(db)
          ).rows.map((r) => r.rowid)
          q = q.where('o.seq', 'in', page.length > 0 ? page : [-1])
        }
      }
      total ??= (await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n
      let rowsQuery = q
        .select(['o.id', 'o.number', 'o.channel', 'o.status', 'o.customer_name', 'o.customer_phone', 'o.total_vnd', 'o.payment_status', 'o.created_at', 'o.seq'])
        .select((eb) => eb.selectFrom('order_line').select(sql<number>`count(*)`.as('n')).whereRef('order_line.order_id', '=', 'o.id').as('line_count'))
      rowsQuery = page ? rowsQuery.orderBy('o.seq', 'desc') : rowsQuery.orderBy('o.created_at', 'desc').orderBy('o.seq', 'desc').limit(input.limit).offset(input.offset)
      const rows = await rowsQuery.execute()
      return {
        total,
        items: rows.map((r) => ({
          id: r.id,
          number: r.number,
          channel: r.channel as OrderListItemDto['channel'],
          status: r.status,
          customerName: r.customer_name,
          customerPhone: r.customer_phone,
          totalVnd: r.total_vnd,
          paymentStatus: r.payment_status as OrderListItemDto['paymentStatus'],
          createdAt: r.created_at,
          lineCount: Number(r.line_count ?? 0),
        })),
      }
    },
  }
}

export type OrdersService = ReturnType<typeof createOrdersService>
