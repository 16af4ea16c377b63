import type { dashboardVi } from './dashboard.vi'

type Same<T> = { readonly [K in keyof T]: T[K] extends string ? string : Same<T[K]> }

/** English words of the home screen; the same keys as `dashboard.vi.ts`. */
export const dashboardEn: Same<typeof dashboardVi> = {
  title: 'Overview',
  updating: 'Updating the figures…',
  loadFailed: 'The overview could not be loaded: {{reason}}',
  windows: {
    today: 'Net sales today',
    last7: 'Net sales, 7 days',
    last30: 'Net sales, 30 days',
    orders: 'Orders: {{count}}',
    hint: 'Net sales: goods after discounts, less goods returned; shipping not included. An order counts on the day it was confirmed, unless cancelled.',
  },
  totals: {
    title: 'From {{from}} to {{to}}',
    net: 'Net sales',
    returns: 'Returns',
    shipping: 'Shipping charged',
    orders: 'Orders',
    gross: 'Goods sold: {{amount}}',
  },
  view: {
    label: 'Show {{chart}} as',
    chart: 'Chart',
    table: 'Table',
  },
  money: {
    thousand: '{{value}}K',
    million: '{{value}}M',
    billion: '{{value}}B',
  },
  columns: {
    day: 'Day',
    month: 'Month',
    orders: 'Orders',
    gross: 'Goods sold',
    returns: 'Returns',
    net: 'Net sales',
    shipping: 'Shipping',
    channel: 'Channel',
    status: 'Status',
    method: 'Method',
    amount: 'Amount',
    share: 'Share',
    product: 'Product',
    quantity: 'Quantity',
    total: 'Total',
  },
  charts: {
    byDay: {
      title: 'Net sales by day',
      label: 'Chart of net sales by day',
    },
    byMonth: {
      title: 'Net sales, 12 months',
      label: 'Chart of net sales by month',
      tick: '{{month}}/{{year}}',
      month: '{{month}}/{{year}}',
    },
    byChannel: {
      title: 'Orders by channel',
      label: 'Chart of orders by channel',
      none: 'No order was confirmed in the period.',
    },
    collections: {
      title: 'Payment methods',
      label: 'Chart of money collected by payment method',
      cashless: 'Cashless',
      none: 'No money was collected in the period.',
      hint: 'Money received in the period, less refunds to customers.',
      marketplace: 'Collected by the marketplace',
    },
    byStatus: {
      title: 'Orders by status',
      label: 'Chart of orders by status',
      hint: 'Orders created in the period, by their current status.',
    },
  },
  topProducts: {
    title: 'Best-selling products',
    none: 'No product was sold in the period.',
  },
  attention: {
    lowStock: {
      title: 'Running low',
      available: 'Available',
      threshold: 'threshold {{count}}',
      none: 'No variant is below its low-stock threshold.',
      open: 'Open stock',
    },
    lots: {
      title: 'Lots expiring soon',
      lot: 'Lot',
      expiry: 'Best before',
      none: 'No lot with stock has expired or expires in the next 30 days.',
      open: 'Open lots',
    },
    certificates: {
      title: 'OCOP certificates expiring soon',
      expiry: 'Expires',
      none: 'No certificate has expired or expires in the next 90 days.',
      open: 'Open OCOP certificates',
    },
    channels: {
      title: 'Sales channels',
      pending: 'Changes waiting to be sent',
      dead: 'Failed',
      summary: 'Sales channels: {{pending}} changes waiting, {{dead}} failed',
      allSent: 'Every change has been sent to the channels.',
      deadHint: 'Some changes could not be sent: open Sales channels to see why and send them again.',
      open: 'Open sales channels',
    },
  },
  empty: {
    title: 'No orders in this period yet',
    hint: 'Counter sales, phone orders and marketplace orders appear here once confirmed. Pick another period or take a new order.',
    createOrder: 'New order',
    counter: 'Counter sale',
  },
}
