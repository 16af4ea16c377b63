/**
 * Receipts (phiếu bán hàng) and delivery notes for an order, from the order as stored: the lines
 * as they were sold (snapshots), the seller that is the shop's default, and the order's received
 * payments: the cash handed over at the counter, or how it was paid; a delivery note asks the
 * courier to collect only what is still owed.
 */
import type { z } from 'zod'
import { AppError } from '@shared/contract/errors'
import type { ExportFileDto } from '@shared/contract/dto'
import type { orderDocumentInput } from '@shared/contract/orders'
import type { Clock } from '../clock'
import type { Db } from '../db/connection'
import { findDefaultSellerId, findSeller } from '../sellers/sellers.repo'
import type { OrdersService } from './orders.service'
import { renderReceiptPdf } from './receipt-pdf'

type OrderDocument = z.output<typeof orderDocumentInput>

const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  counter: 'Bán tại quầy',
  phone: 'Điện thoại',
  zalo: 'Zalo',
  facebook: 'Facebook',
  website: 'Website',
  shopee: 'Shopee',
  lazada: 'Lazada',
  tiktok: 'TikTok Shop',
  ntm_portal: 'Sàn nông thôn mới',
  other: 'Khác',
}

const METHOD_LABELS: Readonly<Record<string, string>> = {
  cash: 'Tiền mặt',
  vietqr: 'Chuyển khoản (VietQR)',
  vnpay: 'VNPay',
  cod: 'Thu hộ (COD)',
}

export function createOrderDocuments(deps: { db: Db; clock: Clock }, orders: OrdersService) {
  const { db, clock } = deps
  return {
    async render(input: OrderDocument): Promise<ExportFileDto> {
      const order = await orders.get(input.id)
      const sellerId = await findDefaultSellerId(db)
      const seller = sellerId ? await findSeller(db, sellerId) : undefined
      if (!seller) throw new AppError('NOT_FOUND', 'There is no default seller to print on the receipt', { reason: 'no_default_seller' })
      const received = await db
        .selectFrom('payment_intent')
        .select(['method', 'cash_tendered_vnd', 'change_vnd'])
        .where('order_id', '=', order.id)
        .where('status', '=', 'succeeded')
        .orderBy('seq')
        .execute()
      const netPaid = order.paidVnd - order.refundedVnd
      // "Khách đưa / tiền thối" only for a sale paid in one go with cash counted at the counter.
      const counted = received.length === 1 && received[0]!.method === 'cash' && received[0]!.cash_tendered_vnd !== null ? received[0]! : null
      const methods = [...new Set(received.map((r) => METHOD_LABELS[r.method] ?? r.method))].join(', ')
      const pdf = await renderReceiptPdf(
        {
          kind: input.kind,
          seller: { name: seller.name, address: seller.address, phone: seller.phone, taxCode: seller.taxCode },
          orderNumber: order.number,
          createdAt: order.createdAt,
          channelLabel: CHANNEL_LABELS[order.channel] ?? order.channel,
          customer: order.customerName ? { name: order.customerName, phone: order.customerPhone, address: order.deliveryAddress?.text ?? null } : null,
          lines: order.lines.map((l) => ({
            name: l.productName,
            variantLabel: l.variantLabel,
            sku: l.sku,
            unit: l.unit,
            quantity: l.quantity,
            unitPriceVnd: l.unitPriceVnd,
            discountVnd: l.discountVnd,
            totalVnd: l.totalVnd,
            lotCodes: l.lots.map((x) => x.lotCode),
          })),
          subtotalVnd: order.subtotalVnd,
          orderDiscountVnd: order.orderDiscountVnd,
          shippingFeeVnd: order.shippingFeeVnd,
          totalVnd: order.totalVnd,
          paidVnd: input.kind === 'receipt' ? (counted?.cash_tendered_vnd ?? null) : netPaid > 0 ? netPaid : null,
          changeVnd: input.kind === 'receipt' ? (counted?.change_vnd ?? null) : null,
          paymentMethodLabel: methods || null,
          notes: order.notes,
          footer: input.kind === 'receipt' ? 'Cảm ơn quý khách!' : null,
        },
        input.format,
        { creationDate: new Date(clock.now()) },
      )
      const prefix = input.kind === 'receipt' ? 'phieu-ban-hang' : 'phieu-giao-hang'
      return { fileName: `${prefix}-${order.number}.pdf`, mimeType: 'application/pdf', contentBase64: pdf.toString('base64'), rowCount: order.lines.length }
    },
  }
}
