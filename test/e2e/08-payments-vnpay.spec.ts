/**
 * Scenario 6: a larger buyer pays an order through VNPay, and part of it is refunded. VNPay is the
 * fake sandbox of test/fakes/vnpay-sandbox.ts, started by this spec on a free port; the app's
 * server talks to it over HTTP exactly as it would to VNPay's sandbox, signatures and all.
 */
import { expect, test, type APIRequestContext } from '@playwright/test'
import { FAKE_VNPAY_MERCHANT, startFakeVnpay, type FakeVnpay } from '../fakes/vnpay-sandbox'
import { api, ensureSeller, openApp, uniqueSuffix } from './support'

let vnpay: FakeVnpay

test.beforeAll(async () => {
  vnpay = await startFakeVnpay()
})

test.afterAll(async () => {
  await vnpay?.close()
})

test.beforeEach(async ({ request }) => {
  await ensureSeller(request)
})

/** A confirmed phone order of two 250.000 ₫ bags of rice, with stock to hold them. */
async function confirmedOrder(request: APIRequestContext, suffix: string) {
  const product = await api(request, 'catalog.createProduct', {
    name: `Gạo ST25 Sóc Trăng ${suffix}`,
    status: 'active',
    variants: [{ sku: `ST25-${suffix}`, optionLabel: 'Túi 5 kg', unit: 'túi', priceVnd: 250000 }],
  })
  const variantId = product.variants[0]!.id
  await api(request, 'stock.receiveStock', { variantId, quantity: 10 })
  const order = await api(request, 'orders.createOrder', { channel: 'phone', lines: [{ variantId, quantity: 2 }], confirm: true })
  expect(order.totalVnd).toBe(500000)
  return order
}

test.describe('VNPay payments', () => {
  test('sets up the VNPay terminal, takes an order’s payment on VNPay’s page, sees it paid without reloading, and refunds part of it', async ({
    page,
    context,
    request,
  }) => {
    const suffix = uniqueSuffix()
    const order = await confirmedOrder(request, suffix)

    // The terminal, entered in Settings as the co-op would copy it from VNPay's email.
    await openApp(page)
    await page.getByRole('navigation').getByRole('link', { name: 'Cài đặt' }).click()
    await expect(page.getByRole('heading', { name: 'Cài đặt' })).toBeVisible()
    // Browser mode seals the secret with a key file, and says so.
    await expect(page.getByText('Chế độ trình duyệt: khóa bí mật được mã hóa bằng một tệp khóa trong thư mục dữ liệu')).toBeVisible()
    await page.getByLabel('Mã website (TmnCode)').fill(FAKE_VNPAY_MERCHANT.tmnCode)
    await page.getByLabel('Khóa bí mật (HashSecret)').fill(FAKE_VNPAY_MERCHANT.hashSecret)
    await page.getByLabel('Địa chỉ trang thanh toán').fill(vnpay.paymentUrl)
    await page.getByLabel('Địa chỉ API (tra cứu, hoàn tiền)').fill(vnpay.apiUrl)
    await page.getByRole('button', { name: 'Lưu cài đặt VNPay' }).click()
    await expect(page.getByText('Đã lưu cài đặt VNPay')).toBeVisible()
    await expect(page.getByTestId('vnpay-config-status')).toContainText(`Đã cài đặt`)
    await expect(page.getByTestId('vnpay-config-status')).toContainText(`Mã website ${FAKE_VNPAY_MERCHANT.tmnCode}`)
    // The secret is write-only: it never comes back into the form.
    await expect(page.getByLabel('Khóa bí mật (HashSecret)')).toHaveValue('')
    expect((await api(request, 'payments.getSettings', {})).vnpay).toMatchObject({ tmnCode: FAKE_VNPAY_MERCHANT.tmnCode, apiUrl: vnpay.apiUrl })

    // Take the payment: Thu tiền → VNPay → open VNPay's page.
    await page.goto(`/#/orders/${order.id}`)
    await expect(page.getByRole('heading', { name: `Đơn ${order.number}` })).toBeVisible()
    await expect(page.getByTestId('payment-outstanding')).toHaveText('500.000 ₫')
    await page.getByRole('button', { name: 'Thu tiền' }).click()
    const collect = page.getByRole('dialog', { name: `Thu tiền – đơn ${order.number}` })
    await collect.getByText('VNPay', { exact: true }).click()
    await expect(collect.getByRole('radio', { name: 'VNPay' })).toBeChecked()
    await expect(collect.getByLabel('Số tiền thu')).toHaveValue('500.000')
    await collect.getByRole('button', { name: 'Tạo yêu cầu VNPay' }).click()

    const checkout = page.getByTestId('vnpay-modal')
    await expect(checkout).toContainText('Chờ khách thanh toán')
    const popupOpened = context.waitForEvent('page')
    await checkout.getByTestId('open-vnpay').click()
    const popup = await popupOpened
    await expect(popup.getByTestId('vnpay-page')).toBeVisible()
    await expect(popup.getByTestId('vnpay-amount')).toHaveText('500.000 ₫')
    await popup.getByTestId('vnpay-approve').click()
    // VNPay sends the customer back to the app's own result page.
    await expect(popup.getByRole('heading', { name: 'Thanh toán thành công' })).toBeVisible()
    expect(new URL(popup.url()).pathname).toBe('/vnpay/return')
    await expect(popup.getByTestId('order-number')).toHaveText(order.number)
    await popup.close()

    // Back on the order: paid, without reloading (the page asks again every few seconds).
    await expect(checkout.getByText('Thanh toán thành công')).toBeVisible({ timeout: 15_000 })
    // The footer's button (the corner's × has the same name).
    await checkout.getByRole('button', { name: 'Đóng' }).last().click()
    await expect(page.getByTestId('payment-outstanding')).toHaveText('0 ₫')
    await expect(page.getByTestId('payment-paid')).toHaveText('500.000 ₫')
    await expect(page.getByText('Đã thanh toán', { exact: true }).first()).toBeVisible()
    await expect(page.getByRole('button', { name: 'Thu tiền' })).toBeDisabled()
    const paid = await api(request, 'orders.getOrder', { id: order.id })
    expect(paid).toMatchObject({ paymentStatus: 'paid', paidVnd: 500000, refundedVnd: 0 })

    // Refund part of it through VNPay.
    await page.getByRole('button', { name: 'Hoàn tiền' }).click()
    const refund = page.getByRole('dialog', { name: 'Hoàn tiền – VNPay 500.000 ₫' })
    await expect(refund).toContainText('Tiền được hoàn qua VNPay')
    await expect(refund.getByLabel('Số tiền hoàn')).toHaveValue('500.000')
    await refund.getByLabel('Số tiền hoàn').fill('200000')
    await refund.getByLabel('Lý do').click()
    await page.getByTitle('Trả hàng', { exact: true }).click()
    await refund.getByLabel('Ghi chú').fill('Khách trả lại 1 túi gạo')
    await refund.getByRole('button', { name: 'Hoàn tiền' }).click()
    await expect(page.getByText(`VNPay đã nhận yêu cầu hoàn 200.000 ₫ cho đơn ${order.number}`)).toBeVisible()
    await expect(page.getByText('Hoàn tiền một phần', { exact: true }).first()).toBeVisible()
    await expect(page.getByTestId('payment-refunded')).toHaveText('200.000 ₫')
    await expect(page.getByText('Hoàn 200.000 ₫ · Trả hàng')).toBeVisible()

    const refunded = await api(request, 'orders.getOrder', { id: order.id })
    expect(refunded).toMatchObject({ paymentStatus: 'partially_refunded', paidVnd: 500000, refundedVnd: 200000 })
    const [intent] = (await api(request, 'payments.orderPayments', { orderId: order.id })).intents
    expect(intent).toMatchObject({ method: 'vnpay', status: 'succeeded', amountRefundedVnd: 200000, amountRefundableVnd: 300000 })
    // VNPay was asked for a partial refund (03) of exactly that amount.
    expect(vnpay.transaction(intent!.providerRef!)?.refunds).toEqual([expect.objectContaining({ amount: 200000, transactionType: '03' })])

    // The payment history shows the verified messages that got it there.
    await page.getByRole('button', { name: 'Lịch sử thanh toán' }).click()
    await expect(page.getByRole('cell', { name: 'Khách quay về từ trang VNPay' })).toBeVisible()
    await expect(page.getByRole('cell', { name: 'Gửi yêu cầu hoàn tiền tới VNPay' })).toBeVisible()
    await expect(page.getByRole('img', { name: 'Sai chữ ký' })).toHaveCount(0)
  })
})
