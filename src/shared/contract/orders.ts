/** Customers, orders and stock: inputs and DTOs. The rules are in domain/order-*.ts. */
import { z } from 'zod'
import { MAX_VND } from '../domain/money'
import { ORDER_PAYMENT_STATUSES } from '../domain/payment-state'
import { email, optionalText, phone, reason, requiredText, text } from './inputs'

export const ORDER_CHANNELS = ['counter', 'phone', 'zalo', 'facebook', 'website', 'shopee', 'lazada', 'tiktok', 'ntm_portal', 'other'] as const
export type OrderChannel = (typeof ORDER_CHANNELS)[number]

export const ORDER_STATUS_VALUES = ['draft', 'confirmed', 'packed', 'shipped', 'delivered', 'completed', 'cancelled', 'returned'] as const
export type OrderStatusValue = (typeof ORDER_STATUS_VALUES)[number]

export const ORDER_ACTION_VALUES = ['confirm', 'pack', 'ship', 'deliver', 'complete', 'cancel', 'return'] as const
export type OrderActionValue = (typeof ORDER_ACTION_VALUES)[number]

const vnd = z.number().int().min(0).max(MAX_VND)

// ---------------------------------------------------------------------------------------------
// Customers

export const addressInput = z
  .object({
    id: z.string().min(1).optional(),
    label: optionalText(60),
    recipientName: optionalText(120),
    recipientPhone: phone,
    /** House number, street, thôn / tổ dân phố. */
    street: optionalText(200),
    /** A commune/ward code of the two-tier units (1 July 2025); its province follows from it. */
    wardCode: z.string().regex(/^\d{5}$/).nullish().transform((v) => v ?? null),
    /** An address as the user typed it (e.g. the old three-tier form), kept as it is. */
    legacyText: optionalText(300),
    isDefault: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (!v.wardCode && !v.legacyText && !v.street) {
      ctx.addIssue({ code: 'custom', path: ['wardCode'], message: 'Choose a commune/ward or type the address', params: reason('address_required') })
    }
  })
export type AddressInput = z.input<typeof addressInput>

const customerFields = {
  name: requiredText(120),
  phone,
  email,
  notes: optionalText(1000),
  addresses: z.array(addressInput).max(10).default([]),
}

export const createCustomerInput = z.object(customerFields)
export type CreateCustomerInput = z.input<typeof createCustomerInput>

export const updateCustomerInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1).optional(),
  ...z.object(customerFields).partial().shape,
})
export type UpdateCustomerInput = z.input<typeof updateCustomerInput>

export const searchCustomersInput = z.object({
  /** Name (with or without diacritics) or phone digits. */
  query: text(100).default(''),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
})

export const addressDto = z.object({
  id: z.string(),
  label: z.string().nullable(),
  recipientName: z.string().nullable(),
  recipientPhone: z.string().nullable(),
  street: z.string().nullable(),
  wardCode: z.string().nullable(),
  wardName: z.string().nullable(),
  provinceCode: z.string().nullable(),
  provinceName: z.string().nullable(),
  legacyText: z.string().nullable(),
  isDefault: z.boolean(),
  /** One line, as it is written on a parcel. */
  text: z.string(),
})
export type AddressDto = z.infer<typeof addressDto>

export const customerDto = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  notes: z.string().nullable(),
  addresses: z.array(addressDto),
  /** Other customers with the same phone (shown as a warning, not an error). */
  samePhone: z.array(z.object({ id: z.string(), name: z.string() })),
  orderCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type CustomerDto = z.infer<typeof customerDto>

export const customerPageDto = z.object({ items: z.array(customerDto), total: z.number().int() })

// Administrative units (two tiers since 1 July 2025)

export const searchUnitsInput = z.object({
  /** Province or commune/ward name, with or without diacritics ("phu dien", "ha noi"). */
  query: text(100).default(''),
  provinceCode: z.string().regex(/^\d{2}$/).optional(),
  limit: z.number().int().min(1).max(100).default(20),
})

export const adminUnitDto = z.object({
  wardCode: z.string(),
  wardName: z.string(),
  provinceCode: z.string(),
  provinceName: z.string(),
})
export type AdminUnitDto = z.infer<typeof adminUnitDto>

export const provinceDto = z.object({ code: z.string(), name: z.string() })

// ---------------------------------------------------------------------------------------------
// Orders

const discount = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('amount'), vnd }),
    z.object({ kind: z.literal('percent'), percent: z.number().min(0).max(100).multipleOf(0.01) }),
  ])
  .nullish()
  .transform((v) => v ?? null)

export const orderLineInput = z.object({
  variantId: z.string().min(1),
  quantity: z.number().int().min(1).max(1_000_000),
  /** Omitted: the variant's price now. */
  unitPriceVnd: vnd.optional(),
  discount,
})

export const deliveryAddressInput = z.object({
  recipientName: optionalText(120),
  recipientPhone: phone,
  street: optionalText(200),
  wardCode: z.string().regex(/^\d{5}$/).nullish().transform((v) => v ?? null),
  legacyText: optionalText(300),
})

const orderFields = {
  channel: z.enum(ORDER_CHANNELS),
  customerId: z.string().min(1).nullish().transform((v) => v ?? null),
  lines: z.array(orderLineInput).min(1).max(200),
  orderDiscount: discount,
  shippingFeeVnd: vnd.default(0),
  deliveryAddress: deliveryAddressInput.nullish().transform((v) => v ?? null),
  /** The marketplace's own order number, when the order came from one. */
  externalRef: optionalText(80),
  notes: optionalText(2000),
}

export const createOrderInput = z.object({
  ...orderFields,
  /** Confirm at once (reserves stock); otherwise the order stays a draft. */
  confirm: z.boolean().default(false),
})
export type CreateOrderInput = z.input<typeof createOrderInput>

export const updateOrderInput = z.object({
  id: z.string().min(1),
  expectedVersion: z.number().int().min(1).optional(),
  ...z.object(orderFields).partial().shape,
})
export type UpdateOrderInput = z.input<typeof updateOrderInput>

export const orderActionInput = z.object({
  id: z.string().min(1),
  action: z.enum(ORDER_ACTION_VALUES).exclude(['return']),
  expectedVersion: z.number().int().min(1).optional(),
  note: optionalText(500),
  /** When shipping: who carries it (GHTK, GHN, Viettel Post…) and the parcel's tracking code. */
  carrier: optionalText(60),
  trackingCode: z
    .string()
    .trim()
    .max(40)
    .refine((v) => /^[A-Za-z0-9._-]*$/.test(v), { params: reason('tracking_code_format') })
    .nullish()
    .transform((v) => (v ? v : null)),
})
export type OrderActionInput = z.input<typeof orderActionInput>

export const returnOrderInput = z.object({
  id: z.string().min(1),
  lines: z.array(z.object({ lineId: z.string().min(1), quantity: z.number().int().min(1) })).min(1),
  /** Back into stock (sellable), or written off (damaged, spoiled). */
  disposition: z.enum(['restock', 'write_off']),
  note: optionalText(500),
})
export type ReturnOrderInput = z.input<typeof returnOrderInput>

export const counterSaleInput = z.object({
  customerId: z.string().min(1).nullish().transform((v) => v ?? null),
  lines: z.array(orderLineInput).min(1).max(200),
  orderDiscount: discount,
  /** Cash handed over; the change is worked out. */
  cashReceivedVnd: vnd.nullish().transform((v) => v ?? null),
  notes: optionalText(500),
})
export type CounterSaleInput = z.input<typeof counterSaleInput>

export const listOrdersInput = z.object({
  query: text(100).default(''),
  status: z.enum(ORDER_STATUS_VALUES).optional(),
  channel: z.enum(ORDER_CHANNELS).optional(),
  customerId: z.string().min(1).optional(),
  /** Created on or after this UTC instant. */
  from: z.iso.datetime().optional(),
  /** Created before this UTC instant. */
  to: z.iso.datetime().optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
})
export type ListOrdersInput = z.input<typeof listOrdersInput>

const discountDto = z.discriminatedUnion('kind', [z.object({ kind: z.literal('amount'), vnd: z.number().int() }), z.object({ kind: z.literal('percent'), percent: z.number() })])

export const orderLineDto = z.object({
  id: z.string(),
  position: z.number().int(),
  variantId: z.string(),
  productId: z.string(),
  productName: z.string(),
  variantLabel: z.string().nullable(),
  sku: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  unitPriceVnd: z.number().int(),
  /** The discount as it was given (so an edit keeps a percentage a percentage). */
  discount: discountDto.nullable(),
  discountVnd: z.number().int(),
  totalVnd: z.number().int(),
  returnedQuantity: z.number().int(),
  /** Lots the goods left from (after shipping), earliest expiry first. */
  lots: z.array(z.object({ lotId: z.string(), lotCode: z.string(), quantity: z.number().int() })),
})

export const orderEventDto = z.object({
  id: z.string(),
  kind: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  actor: z.string(),
  at: z.string(),
  note: z.string().nullable(),
  /** For a `cash` event: { received, change }. */
  data: z.record(z.string(), z.unknown()).nullable(),
})

export const orderDto = z.object({
  id: z.string(),
  number: z.string(),
  channel: z.enum(ORDER_CHANNELS),
  status: z.enum(ORDER_STATUS_VALUES),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  customerPhone: z.string().nullable(),
  deliveryAddress: z
    .object({
      recipientName: z.string().nullable(),
      recipientPhone: z.string().nullable(),
      street: z.string().nullable(),
      wardCode: z.string().nullable(),
      legacyText: z.string().nullable(),
      /** One line, as it is written on a parcel. */
      text: z.string(),
    })
    .nullable(),
  lines: z.array(orderLineDto),
  subtotalVnd: z.number().int(),
  orderDiscount: discountDto.nullable(),
  orderDiscountVnd: z.number().int(),
  shippingFeeVnd: z.number().int(),
  totalVnd: z.number().int(),
  paymentStatus: z.enum(ORDER_PAYMENT_STATUSES),
  /** Received over the order's payments, and given back (integer đồng). */
  paidVnd: z.number().int(),
  refundedVnd: z.number().int(),
  carrier: z.string().nullable(),
  trackingCode: z.string().nullable(),
  externalRef: z.string().nullable(),
  notes: z.string().nullable(),
  /** What the user may do next (buttons). */
  allowedActions: z.array(z.enum(ORDER_ACTION_VALUES)),
  events: z.array(orderEventDto),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type OrderDto = z.infer<typeof orderDto>

export const orderListItemDto = orderDto.pick({
  id: true,
  number: true,
  channel: true,
  status: true,
  customerName: true,
  customerPhone: true,
  totalVnd: true,
  paymentStatus: true,
  createdAt: true,
}).extend({ lineCount: z.number().int() })
export type OrderListItemDto = z.infer<typeof orderListItemDto>

export const orderPageDto = z.object({ items: z.array(orderListItemDto), total: z.number().int() })

export const counterSaleDto = z.object({
  order: orderDto,
  cashReceivedVnd: z.number().int().nullable(),
  changeVnd: z.number().int().nullable(),
})

export const orderDocumentInput = z.object({
  id: z.string().min(1),
  kind: z.enum(['receipt', 'delivery_note']),
  format: z.enum(['roll80', 'a5']),
})

// ---------------------------------------------------------------------------------------------
// Stock

export const stockLevelDto = z.object({
  variantId: z.string(),
  productId: z.string(),
  productName: z.string(),
  sku: z.string(),
  variantLabel: z.string().nullable(),
  unit: z.string(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  lowStockThreshold: z.number().int().nullable(),
  lots: z.array(z.object({ lotId: z.string(), lotCode: z.string(), expiryDate: z.string().nullable(), onHand: z.number().int() })),
})
export type StockLevelDto = z.infer<typeof stockLevelDto>

export const stockQueryInput = z.object({
  variantIds: z.array(z.string().min(1)).max(500).optional(),
  query: text(100).default(''),
  /** Only variants at or below their low-stock threshold. */
  lowOnly: z.boolean().default(false),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
})

export const stockPageDto = z.object({ items: z.array(stockLevelDto), total: z.number().int() })

export const receiveStockInput = z.object({
  variantId: z.string().min(1),
  quantity: z.number().int().min(1).max(10_000_000),
  note: optionalText(300),
})

export const adjustStockInput = z.object({
  variantId: z.string().min(1),
  lotId: z.string().min(1).nullish().transform((v) => v ?? null),
  /** Positive adds, negative removes. */
  delta: z
    .number()
    .int()
    .refine((v) => v !== 0, { params: reason('delta_zero') }),
  reason: requiredText(300),
})

export const setThresholdInput = z.object({ variantId: z.string().min(1), threshold: z.number().int().min(0).max(10_000_000).nullable() })

export const stockMovementDto = z.object({
  id: z.string(),
  kind: z.string(),
  lotCode: z.string().nullable(),
  onHandDelta: z.number().int(),
  reservedDelta: z.number().int(),
  orderId: z.string().nullable(),
  orderNumber: z.string().nullable(),
  stocktakeId: z.string().nullable(),
  reason: z.string().nullable(),
  actor: z.string(),
  at: z.string(),
})

export const stockHistoryInput = z.object({ variantId: z.string().min(1), limit: z.number().int().min(1).max(500).default(100) })

export const stocktakeDto = z.object({
  id: z.string(),
  status: z.enum(['counting', 'confirmed', 'cancelled']),
  note: z.string().nullable(),
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
  lines: z.array(
    z.object({
      variantId: z.string(),
      lotId: z.string().nullable(),
      lotCode: z.string().nullable(),
      productName: z.string(),
      sku: z.string(),
      unit: z.string(),
      expected: z.number().int(),
      counted: z.number().int().nullable(),
      difference: z.number().int().nullable(),
    }),
  ),
})
export type StocktakeDto = z.infer<typeof stocktakeDto>

export const startStocktakeInput = z.object({
  /** Omitted: every live variant with stock or a lot. */
  variantIds: z.array(z.string().min(1)).max(5000).optional(),
  note: optionalText(300),
})

export const countStocktakeInput = z.object({
  id: z.string().min(1),
  counts: z
    .array(z.object({ variantId: z.string().min(1), lotId: z.string().min(1).nullish().transform((v) => v ?? null), counted: z.number().int().min(0).nullable() }))
    .min(1)
    .max(5000),
})
