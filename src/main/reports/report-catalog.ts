/**
 * The reports a manager opens and exports (docs/reports.md): each one a ReportDocument, shown as
 * a table by the UI and written as XLSX or PDF by report-files.ts, so the screen and the files
 * always say the same thing. Headers come in the language asked for.
 */
import { sql } from 'kysely'
import type { ReportKind } from '@shared/contract/reports'
import { COLLECTION_METHODS, ONLINE_CHANNELS } from '@shared/contract/reports'
import { ORDER_CHANNELS } from '@shared/contract/orders'
import { daysBetween, formatDateVi, todayInVietnam } from '@shared/domain/calendar'
import type { ServiceDeps } from '../context'
import { findDefaultSellerId } from '../sellers/sellers.repo'
import type { ReportCell, ReportColumn, ReportDocument, ReportTable } from './report-document'
import { dayRange, refreshRollups, returnsBetween } from './rollups'
import { salesByProduct } from './sales-reports'
import { writeReportPdf, writeReportXlsx } from './report-files'

type Language = 'vi' | 'en'
type Labels = Record<string, { vi: string; en: string }>

const L: Labels = {
  product: { vi: 'Sản phẩm', en: 'Product' },
  sku: { vi: 'SKU', en: 'SKU' },
  variant: { vi: 'Phân loại', en: 'Variant' },
  seller: { vi: 'Người bán', en: 'Seller' },
  quantity: { vi: 'Số lượng bán', en: 'Quantity sold' },
  returnedQuantity: { vi: 'Số lượng trả', en: 'Quantity returned' },
  gross: { vi: 'Tiền hàng (đ)', en: 'Goods (VND)' },
  returns: { vi: 'Hàng trả lại (đ)', en: 'Returns (VND)' },
  net: { vi: 'Doanh thu thuần (đ)', en: 'Net sales (VND)' },
  share: { vi: 'Tỷ trọng', en: 'Share' },
  channel: { vi: 'Kênh bán', en: 'Channel' },
  orders: { vi: 'Số đơn', en: 'Orders' },
  shipping: { vi: 'Phí vận chuyển (đ)', en: 'Shipping (VND)' },
  online: { vi: 'Trực tuyến', en: 'Online' },
  customer: { vi: 'Khách hàng', en: 'Customer' },
  phone: { vi: 'Điện thoại', en: 'Phone' },
  method: { vi: 'Hình thức', en: 'Method' },
  received: { vi: 'Đã thu (đ)', en: 'Received (VND)' },
  refunded: { vi: 'Đã hoàn (đ)', en: 'Refunded (VND)' },
  netMoney: { vi: 'Thực thu (đ)', en: 'Net collected (VND)' },
  onHand: { vi: 'Tồn kho', en: 'On hand' },
  reserved: { vi: 'Đang giữ cho đơn', en: 'Reserved' },
  available: { vi: 'Có thể bán', en: 'Available' },
  price: { vi: 'Giá bán (đ)', en: 'Price (VND)' },
  value: { vi: 'Giá trị theo giá bán (đ)', en: 'Value at selling price (VND)' },
  receivedQty: { vi: 'Nhập', en: 'Received' },
  issuedQty: { vi: 'Xuất bán', en: 'Sold' },
  returnQty: { vi: 'Khách trả', en: 'Returned' },
  writeOffQty: { vi: 'Hủy, hỏng', en: 'Written off' },
  adjustedQty: { vi: 'Điều chỉnh, kiểm kê', en: 'Adjusted, counted' },
  netQty: { vi: 'Chênh lệch', en: 'Net change' },
  stars: { vi: 'Hạng sao', en: 'Stars' },
  certificate: { vi: 'Số chứng nhận', en: 'Certificate' },
  issueDate: { vi: 'Ngày cấp', en: 'Issued' },
  expiryDate: { vi: 'Hết hạn', en: 'Expires' },
  daysLeft: { vi: 'Còn (ngày)', en: 'Days left' },
  status: { vi: 'Tình trạng', en: 'Status' },
  total: { vi: 'Tổng cộng', en: 'Total' },
  walkIn: { vi: 'Khách lẻ', en: 'Walk-in customers' },
  unit: { vi: 'Đơn vị', en: 'Seller' },
  period: { vi: 'Kỳ báo cáo', en: 'Period' },
  asOf: { vi: 'Tính đến', en: 'As of' },
}

const TITLES: Record<ReportKind, { vi: string; en: string }> = {
  sales_by_product: { vi: 'Doanh thu theo sản phẩm', en: 'Sales by product' },
  sales_by_variant: { vi: 'Doanh thu theo phân loại', en: 'Sales by variant' },
  sales_by_channel: { vi: 'Doanh thu theo kênh bán', en: 'Sales by channel' },
  sales_by_customer: { vi: 'Doanh thu theo khách hàng', en: 'Sales by customer' },
  sales_by_seller: { vi: 'Doanh thu theo hộ thành viên', en: 'Sales by member seller' },
  payments: { vi: 'Thu tiền và hoàn tiền', en: 'Payments and refunds' },
  stock_valuation: { vi: 'Giá trị tồn kho', en: 'Stock value' },
  stock_movements: { vi: 'Nhập xuất tồn', en: 'Stock movements' },
  ocop_certificates: { vi: 'Lịch chứng nhận OCOP', en: 'OCOP certificate calendar' },
}

const NOTES: Partial<Record<ReportKind, { vi: string; en: string }>> = {
  sales_by_product: { vi: 'Doanh thu tính theo ngày xác nhận đơn, trừ đơn đã hủy; hàng trả tính theo ngày trả; không gồm phí vận chuyển.', en: 'Sales count on the day the order was confirmed, cancelled orders excluded; returns on the day they came back; shipping excluded.' },
  sales_by_customer: { vi: 'Khách không lưu tên (bán tại quầy) gộp thành “Khách lẻ”.', en: 'Sales without a named customer (at the counter) are grouped as “Walk-in customers”.' },
  payments: { vi: 'Tiền tính theo ngày nhận; hoàn tiền theo ngày hoàn; đơn trên sàn do sàn thu hộ tính theo ngày xác nhận đơn.', en: 'Money counts on the day it was received, refunds on the day they were paid; marketplace orders count on the day they were confirmed.' },
  stock_valuation: { vi: 'Ứng dụng chưa lưu giá vốn: giá trị tính theo giá bán hiện tại.', en: 'The app keeps no cost price: stock is valued at the current selling price.' },
}

const METHOD_LABELS: Record<(typeof COLLECTION_METHODS)[number], { vi: string; en: string }> = {
  cash: { vi: 'Tiền mặt', en: 'Cash' },
  cod: { vi: 'Thu hộ (COD)', en: 'Cash on delivery' },
  vietqr: { vi: 'Chuyển khoản VietQR', en: 'VietQR transfer' },
  vnpay: { vi: 'VNPay', en: 'VNPay' },
  marketplace: { vi: 'Sàn TMĐT thu hộ', en: 'Collected by marketplaces' },
}

const CHANNEL_LABELS: Record<(typeof ORDER_CHANNELS)[number], { vi: string; en: string }> = {
  counter: { vi: 'Bán tại quầy', en: 'Counter' },
  phone: { vi: 'Điện thoại', en: 'Phone' },
  zalo: { vi: 'Zalo', en: 'Zalo' },
  facebook: { vi: 'Facebook', en: 'Facebook' },
  website: { vi: 'Website', en: 'Website' },
  shopee: { vi: 'Shopee', en: 'Shopee' },
  lazada: { vi: 'Lazada', en: 'Lazada' },
  tiktok: { vi: 'TikTok Shop', en: 'TikTok Shop' },
  ntm_portal: { vi: 'Cổng NTM/OCOP', en: 'NTM/OCOP portal' },
  other: { vi: 'Khác', en: 'Other' },
}

const STATUS_LABELS = {
  valid: { vi: 'Còn hiệu lực', en: 'In force' },
  expiring: { vi: 'Sắp hết hạn', en: 'Expiring' },
  expired: { vi: 'Đã hết hạn', en: 'Expired' },
}

const YES = { vi: 'Có', en: 'Yes' }
const NO = { vi: 'Không', en: 'No' }

export interface ReportRequest {
  readonly kind: ReportKind
  readonly from: string
  readonly to: string
  readonly language: Language
}

function col(key: string, label: keyof typeof L, kind: ReportColumn['kind'], language: Language, width?: number): ReportColumn {
  return { key, header: L[label]![language], kind, ...(width !== undefined && { width }) }
}

const sumOf = (rows: readonly Record<string, ReportCell>[], key: string) => rows.reduce((total, r) => total + (typeof r[key] === 'number' ? (r[key] as number) : 0), 0)

export async function buildReport(deps: ServiceDeps, request: ReportRequest): Promise<ReportDocument> {
  const { db, clock } = deps
  const lang = request.language
  const period = { from: request.from, to: request.to }
  await refreshRollups(db)
  const sellerId = await findDefaultSellerId(db)
  const seller = sellerId ? await db.selectFrom('seller').select('name').where('id', '=', sellerId).executeTakeFirst() : undefined
  const today = todayInVietnam(clock.now())
  const periodMeta = { label: L.period![lang], value: `${formatDateVi(period.from)} – ${formatDateVi(period.to)}` }
  const asOfMeta = { label: L.asOf![lang], value: formatDateVi(today) }
  const base = (table: ReportTable, usesPeriod = true): ReportDocument => ({
    title: TITLES[request.kind][lang],
    language: lang,
    meta: [...(seller ? [{ label: L.unit![lang], value: seller.name }] : []), usesPeriod ? periodMeta : asOfMeta],
    tables: [{ ...table, ...(NOTES[request.kind] && { note: NOTES[request.kind]![lang] }) }],
  })
  const title = TITLES[request.kind][lang]

  switch (request.kind) {
    case 'sales_by_product':
    case 'sales_by_variant':
    case 'sales_by_seller': {
      const byVariant = request.kind === 'sales_by_variant'
      const rows = await salesByProduct(db, period, byVariant ? 'variant' : 'product')
      if (request.kind === 'sales_by_seller') {
        const bySeller = new Map<string, { seller: string; quantity: number; returnedQuantity: number; gross: number; returns: number; net: number }>()
        for (const r of rows) {
          const key = r.sellerId ?? ''
          const entry = bySeller.get(key) ?? { seller: r.sellerName ?? '', quantity: 0, returnedQuantity: 0, gross: 0, returns: 0, net: 0 }
          entry.quantity += r.quantity
          entry.returnedQuantity += r.returnedQuantity
          entry.gross += r.grossVnd
          entry.returns += r.returnsVnd
          entry.net += r.netVnd
          bySeller.set(key, entry)
        }
        const sellerRows = [...bySeller.values()].sort((a, b) => b.net - a.net)
        const columns = [col('seller', 'seller', 'text', lang, 32), col('quantity', 'quantity', 'int', lang), col('returnedQuantity', 'returnedQuantity', 'int', lang), col('gross', 'gross', 'vnd', lang), col('returns', 'returns', 'vnd', lang), col('net', 'net', 'vnd', lang)]
        return base({ title, columns, rows: sellerRows, totals: { seller: L.total![lang], quantity: sumOf(sellerRows, 'quantity'), returnedQuantity: sumOf(sellerRows, 'returnedQuantity'), gross: sumOf(sellerRows, 'gross'), returns: sumOf(sellerRows, 'returns'), net: sumOf(sellerRows, 'net') } })
      }
      const net = rows.reduce((total, r) => total + r.netVnd, 0)
      const tableRows = rows.map((r) => ({
        product: r.productName,
        ...(byVariant && { sku: r.sku, variant: r.optionLabel }),
        seller: r.sellerName,
        quantity: r.quantity,
        returnedQuantity: r.returnedQuantity,
        gross: r.grossVnd,
        returns: r.returnsVnd,
        net: r.netVnd,
        share: net > 0 ? r.netVnd / net : null,
      }))
      const columns = [
        col('product', 'product', 'text', lang, 34),
        ...(byVariant ? [col('sku', 'sku', 'text', lang, 14), col('variant', 'variant', 'text', lang, 14)] : []),
        col('seller', 'seller', 'text', lang, 20),
        col('quantity', 'quantity', 'int', lang),
        col('returnedQuantity', 'returnedQuantity', 'int', lang),
        col('gross', 'gross', 'vnd', lang),
        col('returns', 'returns', 'vnd', lang),
        col('net', 'net', 'vnd', lang),
        col('share', 'share', 'share', lang, 9),
      ]
      return base({
        title,
        columns,
        rows: tableRows,
        totals: { product: L.total![lang], quantity: sumOf(tableRows, 'quantity'), returnedQuantity: sumOf(tableRows, 'returnedQuantity'), gross: sumOf(tableRows, 'gross'), returns: sumOf(tableRows, 'returns'), net, share: net > 0 ? 1 : null },
      })
    }

    case 'sales_by_channel': {
      const rows = await db
        .selectFrom('report_sales_day')
        .select([
          'channel',
          (eb) => eb.fn.sum<number>('orders').as('orders'),
          (eb) => eb.fn.sum<number>('gross_vnd').as('gross'),
          (eb) => eb.fn.sum<number>('returns_vnd').as('returns'),
          (eb) => eb.fn.sum<number>('shipping_vnd').as('shipping'),
        ])
        .where('day', '>=', period.from)
        .where('day', '<=', period.to)
        .groupBy('channel')
        .execute()
      const net = rows.reduce((total, r) => total + Number(r.gross) - Number(r.returns), 0)
      const tableRows = rows
        .map((r) => {
          const channel = r.channel as (typeof ORDER_CHANNELS)[number]
          const rowNet = Number(r.gross) - Number(r.returns)
          return {
            channel: CHANNEL_LABELS[channel]?.[lang] ?? r.channel,
            online: (ONLINE_CHANNELS as readonly string[]).includes(r.channel) ? YES[lang] : NO[lang],
            orders: Number(r.orders),
            gross: Number(r.gross),
            returns: Number(r.returns),
            net: rowNet,
            shipping: Number(r.shipping),
            share: net > 0 ? rowNet / net : null,
          }
        })
        .sort((a, b) => b.net - a.net)
      const columns = [col('channel', 'channel', 'text', lang, 20), col('online', 'online', 'text', lang, 10), col('orders', 'orders', 'int', lang), col('gross', 'gross', 'vnd', lang), col('returns', 'returns', 'vnd', lang), col('net', 'net', 'vnd', lang), col('shipping', 'shipping', 'vnd', lang), col('share', 'share', 'share', lang, 9)]
      return base({ title, columns, rows: tableRows, totals: { channel: L.total![lang], orders: sumOf(tableRows, 'orders'), gross: sumOf(tableRows, 'gross'), returns: sumOf(tableRows, 'returns'), net, shipping: sumOf(tableRows, 'shipping'), share: net > 0 ? 1 : null } })
    }

    case 'sales_by_customer': {
      const { start } = dayRange(period.from)
      const { end } = dayRange(period.to)
      const sold = await db
        .selectFrom('sales_order as o')
        .leftJoin('customer as c', 'c.id', 'o.customer_id')
        .select([
          'o.customer_id',
          'c.name',
          'c.phone',
          (eb) => eb.fn.countAll<number>().as('orders'),
          sql<number>`sum(o.subtotal_vnd - o.order_discount_vnd)`.as('gross'),
        ])
        .where('o.confirmed_at', '>=', start)
        .where('o.confirmed_at', '<', end)
        .where('o.status', 'not in', ['cancelled', 'draft'])
        .groupBy('o.customer_id')
        .execute()
      const returnsBy = new Map<string, number>()
      for (const back of await returnsBetween(db, start, end)) returnsBy.set(back.customerId ?? '', (returnsBy.get(back.customerId ?? '') ?? 0) + back.valueVnd)
      const names = new Map(sold.map((r) => [r.customer_id ?? '', { name: r.name, phone: r.phone }]))
      const missing = [...returnsBy.keys()].filter((id) => id !== '' && !names.has(id))
      if (missing.length > 0) for (const c of await db.selectFrom('customer').select(['id', 'name', 'phone']).where('id', 'in', missing).execute()) names.set(c.id, { name: c.name, phone: c.phone })
      const keys = new Set([...sold.map((r) => r.customer_id ?? ''), ...returnsBy.keys()])
      const soldBy = new Map(sold.map((r) => [r.customer_id ?? '', r]))
      const tableRows = [...keys]
        .map((key) => {
          const s = soldBy.get(key)
          const gross = Number(s?.gross ?? 0)
          const returns = returnsBy.get(key) ?? 0
          return { customer: key === '' ? L.walkIn![lang] : (names.get(key)?.name ?? key), phone: key === '' ? null : (names.get(key)?.phone ?? null), orders: Number(s?.orders ?? 0), gross, returns, net: gross - returns }
        })
        .sort((a, b) => b.net - a.net)
      const columns = [col('customer', 'customer', 'text', lang, 30), col('phone', 'phone', 'text', lang, 14), col('orders', 'orders', 'int', lang), col('gross', 'gross', 'vnd', lang), col('returns', 'returns', 'vnd', lang), col('net', 'net', 'vnd', lang)]
      return base({ title, columns, rows: tableRows, totals: { customer: L.total![lang], orders: sumOf(tableRows, 'orders'), gross: sumOf(tableRows, 'gross'), returns: sumOf(tableRows, 'returns'), net: sumOf(tableRows, 'net') } })
    }

    case 'payments': {
      const rows = await db
        .selectFrom('report_collection_day')
        .select(['method', (eb) => eb.fn.sum<number>('received_vnd').as('received'), (eb) => eb.fn.sum<number>('refunded_vnd').as('refunded')])
        .where('day', '>=', period.from)
        .where('day', '<=', period.to)
        .groupBy('method')
        .execute()
      const byMethod = new Map(rows.map((r) => [r.method, r]))
      const all = COLLECTION_METHODS.reduce((total, m) => total + Number(byMethod.get(m)?.received ?? 0) - Number(byMethod.get(m)?.refunded ?? 0), 0)
      const tableRows = COLLECTION_METHODS.map((m) => {
        const received = Number(byMethod.get(m)?.received ?? 0)
        const refunded = Number(byMethod.get(m)?.refunded ?? 0)
        return { method: METHOD_LABELS[m][lang], received, refunded, net: received - refunded, share: all > 0 ? (received - refunded) / all : null }
      })
      const columns = [col('method', 'method', 'text', lang, 26), col('received', 'received', 'vnd', lang), col('refunded', 'refunded', 'vnd', lang), col('net', 'netMoney', 'vnd', lang), col('share', 'share', 'share', lang, 9)]
      return base({ title, columns, rows: tableRows, totals: { method: L.total![lang], received: sumOf(tableRows, 'received'), refunded: sumOf(tableRows, 'refunded'), net: all, share: all > 0 ? 1 : null } })
    }

    case 'stock_valuation': {
      const rows = await db
        .selectFrom('product_variant as v')
        .innerJoin('product as p', 'p.id', 'v.product_id')
        .leftJoin('stock_level as s', 's.variant_id', 'v.id')
        .select(['p.name', 'v.sku', 'v.option_label', 'v.price_vnd', sql<number>`ifnull(s.on_hand, 0)`.as('on_hand'), sql<number>`ifnull(s.reserved, 0)`.as('reserved')])
        .where('v.archived_at', 'is', null)
        .where('p.status', '!=', 'archived')
        .where(sql<boolean>`ifnull(s.on_hand, 0) <> 0`)
        .orderBy('p.name_folded')
        .orderBy('v.sku')
        .execute()
      const tableRows = rows.map((r) => ({
        product: r.name,
        sku: r.sku,
        variant: r.option_label,
        onHand: Number(r.on_hand),
        reserved: Number(r.reserved),
        available: Number(r.on_hand) - Number(r.reserved),
        price: r.price_vnd,
        value: Number(r.on_hand) * r.price_vnd,
      }))
      const columns = [col('product', 'product', 'text', lang, 32), col('sku', 'sku', 'text', lang, 14), col('variant', 'variant', 'text', lang, 14), col('onHand', 'onHand', 'int', lang), col('reserved', 'reserved', 'int', lang), col('available', 'available', 'int', lang), col('price', 'price', 'vnd', lang), col('value', 'value', 'vnd', lang)]
      return base({ title, columns, rows: tableRows, totals: { product: L.total![lang], onHand: sumOf(tableRows, 'onHand'), reserved: sumOf(tableRows, 'reserved'), available: sumOf(tableRows, 'available'), value: sumOf(tableRows, 'value') } }, false)
    }

    case 'stock_movements': {
      const { start } = dayRange(period.from)
      const { end } = dayRange(period.to)
      const rows = await db
        .selectFrom('stock_movement as m')
        .innerJoin('product_variant as v', 'v.id', 'm.variant_id')
        .innerJoin('product as p', 'p.id', 'v.product_id')
        .select([
          'p.name',
          'v.sku',
          sql<number>`sum(case when m.kind = 'receive' then m.on_hand_delta else 0 end)`.as('received'),
          sql<number>`sum(case when m.kind = 'issue' then -m.on_hand_delta else 0 end)`.as('issued'),
          sql<number>`sum(case when m.kind = 'return' then m.on_hand_delta else 0 end)`.as('returned'),
          sql<number>`sum(case when m.kind = 'write_off' then -m.on_hand_delta else 0 end)`.as('written_off'),
          sql<number>`sum(case when m.kind in ('adjustment', 'stocktake', 'lot_correction') then m.on_hand_delta else 0 end)`.as('adjusted'),
          sql<number>`sum(m.on_hand_delta)`.as('net'),
        ])
        .where('m.at', '>=', start)
        .where('m.at', '<', end)
        .groupBy('v.id')
        .having(sql<boolean>`sum(abs(m.on_hand_delta)) > 0`)
        .orderBy('p.name_folded')
        .orderBy('v.sku')
        .execute()
      const tableRows = rows.map((r) => ({ product: r.name, sku: r.sku, received: Number(r.received), issued: Number(r.issued), returned: Number(r.returned), writtenOff: Number(r.written_off), adjusted: Number(r.adjusted), net: Number(r.net) }))
      const columns = [col('product', 'product', 'text', lang, 32), col('sku', 'sku', 'text', lang, 14), col('received', 'receivedQty', 'int', lang), col('issued', 'issuedQty', 'int', lang), col('returned', 'returnQty', 'int', lang), col('writtenOff', 'writeOffQty', 'int', lang), col('adjusted', 'adjustedQty', 'int', lang), col('net', 'netQty', 'int', lang)]
      return base({ title, columns, rows: tableRows, totals: { product: L.total![lang], received: sumOf(tableRows, 'received'), issued: sumOf(tableRows, 'issued'), returned: sumOf(tableRows, 'returned'), writtenOff: sumOf(tableRows, 'writtenOff'), adjusted: sumOf(tableRows, 'adjusted'), net: sumOf(tableRows, 'net') } })
    }

    case 'ocop_certificates': {
      const rows = await db
        .selectFrom('ocop_certificate as c')
        .innerJoin('product as p', 'p.id', 'c.product_id')
        .select(['p.name', 'c.stars', 'c.certificate_number', 'c.issue_date', 'c.expiry_date'])
        .where('p.status', '!=', 'archived')
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('ocop_certificate as newer').select('newer.id').whereRef('newer.product_id', '=', 'c.product_id').whereRef('newer.expiry_date', '>', 'c.expiry_date'))),
        )
        .orderBy('c.expiry_date')
        .orderBy('p.name_folded')
        .execute()
      const tableRows = rows.map((r) => {
        const daysLeft = daysBetween(today, r.expiry_date)
        const status = daysLeft < 0 ? 'expired' : daysLeft <= 90 ? 'expiring' : 'valid'
        return { product: r.name, stars: r.stars, certificate: r.certificate_number, issueDate: r.issue_date, expiryDate: r.expiry_date, daysLeft, status: STATUS_LABELS[status][lang] }
      })
      const columns = [col('product', 'product', 'text', lang, 32), col('stars', 'stars', 'int', lang, 8), col('certificate', 'certificate', 'text', lang, 18), col('issueDate', 'issueDate', 'day', lang), col('expiryDate', 'expiryDate', 'day', lang), col('daysLeft', 'daysLeft', 'int', lang, 9), col('status', 'status', 'text', lang, 14)]
      return base({ title, columns, rows: tableRows }, false)
    }
  }
}

const FILE_SLUGS: Record<ReportKind, string> = {
  sales_by_product: 'doanh-thu-theo-san-pham',
  sales_by_variant: 'doanh-thu-theo-phan-loai',
  sales_by_channel: 'doanh-thu-theo-kenh',
  sales_by_customer: 'doanh-thu-theo-khach-hang',
  sales_by_seller: 'doanh-thu-theo-ho-thanh-vien',
  payments: 'thu-tien-hoan-tien',
  stock_valuation: 'gia-tri-ton-kho',
  stock_movements: 'nhap-xuat-ton',
  ocop_certificates: 'lich-chung-nhan-ocop',
}

/** The report as a file: XLSX (values, Vietnamese headers, đồng formats) or PDF. */
export async function exportReport(deps: ServiceDeps, request: ReportRequest & { readonly format: 'xlsx' | 'pdf' }) {
  const document = await buildReport(deps, request)
  const bytes = request.format === 'xlsx' ? await writeReportXlsx(document) : await writeReportPdf(document)
  return {
    fileName: `${FILE_SLUGS[request.kind]}-${request.from}_${request.to}.${request.format}`,
    mimeType: request.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'application/pdf',
    contentBase64: Buffer.from(bytes).toString('base64'),
    rowCount: document.tables.reduce((total, t) => total + t.rows.length, 0),
  }
}
