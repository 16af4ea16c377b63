import { readFileSync } from 'node:fs'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { api, ensureSeller, openApp, uniqueSuffix } from './support'
import { pdftotext } from '../../src/main/pdf/poppler.test-support'


test.beforeEach(async ({ request }) => {
  await ensureSeller(request)
})

/** One product, one variant, with `quantity` units received into stock (no lot). */
async function stockedProduct(request: APIRequestContext, suffix: string, quantity: number, priceVnd = 120000) {
  const name = `Mật ong rừng U Minh ${suffix}`
  const sku = `MR-${suffix}`
  const product = await api(request, 'catalog.createProduct', { name, status: 'active', variants: [{ sku, optionLabel: 'Hũ 500 g', unit: 'hũ', priceVnd }] })
  const variantId = product.variants[0]!.id
  await api(request, 'stock.receiveStock', { variantId, quantity })
  return { name, sku, variantId }
}

async function stockOf(request: APIRequestContext, variantId: string) {
  const page = await api(request, 'stock.listStock', { variantIds: [variantId] })
  const level = page.items[0]!
  return { onHand: level.onHand, reserved: level.reserved, available: level.available }
}

/** A mobile number no other test uses, so no "same phone as …" warning gets in the way. */
function uniquePhone(): string {
  return `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
}

function orderIdFromUrl(page: Page): string {
  const match = /#\/orders\/(ord_[a-z0-9]+)/.exec(page.url())
  expect(match, page.url()).not.toBeNull()
  return match![1]!
}

test.describe('orders, customers and the counter sale', () => {
  test('registers a customer in the new two-tier units, takes a phone order, confirms it and ships it', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const { name, sku, variantId } = await stockedProduct(request, suffix, 10)
    const customerName = `Chị Nguyễn Thị Hoa ${suffix}`
    const phone = uniquePhone()

    // The customer, with an address found by typing the ward without tone marks.
    await openApp(page)
    await page.getByRole('navigation').getByRole('link', { name: 'Khách hàng' }).click()
    await expect(page.getByRole('heading', { name: 'Khách hàng', exact: true })).toBeVisible()
    await page.getByRole('button', { name: 'Thêm khách hàng' }).click()
    await page.getByLabel('Tên khách hàng').fill(customerName)
    await page.getByLabel('Số điện thoại', { exact: true }).fill(phone.replace(/^0/, '+84 '))
    await page.getByLabel('Số nhà, đường / thôn, xóm').fill('Số 12, ngõ 5 Phú Diễn')
    const ward = page.getByLabel('Phường/xã (từ 1/7/2025)')
    await ward.click()
    await ward.fill('phu dien')
    await page.getByTitle('Phường Phú Diễn, Thành phố Hà Nội', { exact: true }).click()
    await page.getByRole('button', { name: 'Lưu', exact: true }).click()
    await expect(page.getByText(`Đã thêm khách hàng ${customerName}`)).toBeVisible()
    await expect(page.getByRole('heading', { name: customerName })).toBeVisible()
    const customerId = /#\/customers\/(cus_[a-z0-9]+)/.exec(page.url())![1]!
    const customer = await api(request, 'customers.getCustomer', { id: customerId })
    expect(customer.phone).toBe(phone)
    expect(customer.addresses[0]).toMatchObject({ wardName: 'Phường Phú Diễn', provinceName: 'Thành phố Hà Nội', isDefault: true })

    // The order: the customer found by phone, the product added by its SKU + Enter.
    await page.getByRole('navigation').getByRole('link', { name: 'Đơn hàng' }).click()
    await page.getByRole('button', { name: 'Tạo đơn' }).click()
    await expect(page.getByRole('heading', { name: 'Tạo đơn hàng' })).toBeVisible()
    await expect(page.getByLabel('Kênh bán')).toBeVisible()
    const customerPicker = page.getByLabel('Khách hàng', { exact: true })
    await customerPicker.click()
    await customerPicker.fill(phone.slice(-6))
    // The option in the list (once chosen, the picker itself carries the same title).
    await page.getByTitle(`${customerName} · ${phone}`).and(page.locator('.ant-select-item-option')).click()
    await expect(page.getByRole('radio', { name: /Phường Phú Diễn, Thành phố Hà Nội/ })).toBeChecked()

    const search = page.getByLabel('Thêm sản phẩm')
    await search.fill(sku.toLowerCase())
    await search.press('Enter')
    const row = page.getByRole('row').filter({ hasText: name })
    await expect(row).toContainText('còn 10')
    await row.getByRole('spinbutton', { name: `Số lượng ${sku}` }).fill('3')
    await expect(page.getByText('Tổng cộng: 360.000 ₫')).toBeVisible()
    await page.getByRole('button', { name: 'Xác nhận đơn' }).click()

    await expect(page.getByRole('heading', { name: /^Đơn DH-\d{4}-\d{6}$/ })).toBeVisible()
    const orderId = orderIdFromUrl(page)
    await expect(page.getByRole('toolbar', { name: 'Thao tác với đơn' }).getByRole('button', { name: 'Giao cho vận chuyển' })).toBeVisible()
    // Confirming holds the goods: available falls, on hand does not yet.
    expect(await stockOf(request, variantId)).toEqual({ onHand: 10, reserved: 3, available: 7 })
    await expect(page.getByTestId(`stock-${sku}`)).toHaveText('10 · 7')
    expect((await api(request, 'orders.getOrder', { id: orderId })).deliveryAddress?.text).toBe('Số 12, ngõ 5 Phú Diễn, Phường Phú Diễn, Thành phố Hà Nội')

    await page.getByRole('button', { name: 'Giao cho vận chuyển' }).click()
    const ship = page.getByRole('dialog', { name: /^Giao đơn DH-\d{4}-\d{6} cho vận chuyển$/ })
    await ship.getByLabel('Đơn vị vận chuyển').fill('GHTK')
    await ship.getByLabel('Mã vận đơn').fill('S21945.SG01.C8.123456789')
    await ship.getByRole('button', { name: 'Xuất kho và giao hàng' }).click()
    await expect(page.getByText(/đã giao cho vận chuyển; hàng đã xuất kho/)).toBeVisible()
    await expect(page.getByText('S21945.SG01.C8.123456789')).toBeVisible()
    await expect(page.getByText('Đã xác nhận → Đang giao')).toBeVisible()
    expect(await api(request, 'orders.getOrder', { id: orderId })).toMatchObject({ status: 'shipped', carrier: 'GHTK', trackingCode: 'S21945.SG01.C8.123456789' })
    expect(await stockOf(request, variantId)).toEqual({ onHand: 7, reserved: 0, available: 7 })
    await expect(page.getByTestId(`stock-${sku}`)).toHaveText('7 · 7')
  })

  test('cancels a confirmed order with a reason and gives its stock back', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const { sku, variantId } = await stockedProduct(request, suffix, 5)
    const order = await api(request, 'orders.createOrder', { channel: 'zalo', lines: [{ variantId, quantity: 2 }], confirm: true })
    expect(await stockOf(request, variantId)).toEqual({ onHand: 5, reserved: 2, available: 3 })

    await openApp(page)
    await page.goto(`/#/orders/${order.id}`)
    await expect(page.getByRole('heading', { name: `Đơn ${order.number}` })).toBeVisible()
    await expect(page.getByTestId(`stock-${sku}`)).toHaveText('5 · 3')
    await page.getByRole('button', { name: 'Hủy đơn' }).click()
    const dialog = page.getByRole('dialog', { name: `Hủy đơn ${order.number}?` })
    await expect(dialog).toContainText('trả lại kho')
    await dialog.getByLabel('Lý do hủy').fill('Khách đổi ý')
    await dialog.getByRole('button', { name: 'Hủy đơn' }).click()

    await expect(page.getByText(`Đã hủy đơn ${order.number}`)).toBeVisible()
    await expect(page.getByText('Đã xác nhận → Đã hủy')).toBeVisible()
    await expect(page.getByText('“Khách đổi ý”')).toBeVisible()
    await expect(page.getByRole('button', { name: 'Giao cho vận chuyển' })).toHaveCount(0)
    expect((await api(request, 'orders.getOrder', { id: order.id })).status).toBe('cancelled')
    expect(await stockOf(request, variantId)).toEqual({ onHand: 5, reserved: 0, available: 5 })
    await expect(page.getByTestId(`stock-${sku}`)).toHaveText('5 · 5')
  })

  test('sells at the counter by SKU + Enter, works out the change and prints an 80 mm receipt', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const { name, sku, variantId } = await stockedProduct(request, suffix, 10, 65000)

    await openApp(page)
    await page.getByRole('navigation').getByRole('link', { name: 'Bán tại quầy' }).click()
    await expect(page.getByRole('heading', { name: 'Bán tại quầy' })).toBeVisible()
    // The scan box has the focus: a barcode scanner types the code and presses Enter.
    const scan = page.getByLabel('Quét hoặc tìm sản phẩm')
    await expect(scan).toBeFocused()
    await page.keyboard.type(sku)
    await page.keyboard.press('Enter')
    await expect(page.getByRole('row').filter({ hasText: name })).toBeVisible()
    await expect(scan).toHaveValue('')
    await page.getByRole('button', { name: `Thêm một ${name}` }).click()
    await expect(page.getByRole('spinbutton', { name: `Số lượng ${sku}` })).toHaveValue('2')
    await expect(page.getByRole('status', { name: 'Tổng cộng 130.000 ₫' })).toBeVisible()

    await page.getByRole('button', { name: 'Khách đưa 200.000 ₫' }).click()
    await expect(page.getByLabel('Khách đưa', { exact: true })).toHaveValue('200.000')
    await expect(page.getByTestId('counter-change')).toHaveText('70.000 ₫')
    await page.keyboard.press('F9')

    await expect(page.getByText(/^Đã bán đơn DH-\d{4}-\d{6} · 130\.000 ₫$/)).toBeVisible()
    await expect(page.getByText('Khách đưa 200.000 ₫ · Tiền thừa: 70.000 ₫')).toBeVisible()
    expect(await stockOf(request, variantId)).toEqual({ onHand: 8, reserved: 0, available: 8 })
    const sales = await api(request, 'orders.listOrders', { query: '', channel: 'counter', limit: 1 })
    expect(sales.items[0]).toMatchObject({ status: 'completed', totalVnd: 130000 })

    const download = page.waitForEvent('download')
    await page.getByRole('button', { name: 'In phiếu (80 mm)' }).click()
    const pdfFile = await (await download).path()
    expect(readFileSync(pdfFile).subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const text = pdftotext(['-enc', 'UTF-8', pdfFile, '-']).normalize('NFC').replace(/\s+/g, ' ')
    expect(text).toContain('PHIẾU BÁN HÀNG')
    expect(text).toContain(name.normalize('NFC'))
    // Ready for the next customer.
    await expect(page.getByText('Quét mã vạch hoặc gõ tên sản phẩm để bắt đầu')).toBeVisible()
  })

  test('refuses to confirm more than is in stock, says what is short, and writes no order', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const { name, sku, variantId } = await stockedProduct(request, suffix, 2)
    const before = (await api(request, 'orders.listOrders', { query: '', limit: 1 })).total

    await openApp(page)
    await page.goto('/#/orders/new')
    await expect(page.getByRole('heading', { name: 'Tạo đơn hàng' })).toBeVisible()
    const search = page.getByLabel('Thêm sản phẩm')
    await search.fill(sku)
    await search.press('Enter')
    const row = page.getByRole('row').filter({ hasText: name })
    await row.getByRole('spinbutton', { name: `Số lượng ${sku}` }).fill('5')
    // Warned before trying…
    await expect(row).toContainText('Vượt tồn: còn 2')
    await page.getByRole('button', { name: 'Xác nhận đơn' }).click()

    // …and told exactly what is short when trying anyway.
    const alert = page.getByRole('alert').filter({ hasText: 'Không đủ hàng trong kho' })
    await expect(alert).toBeVisible()
    await expect(alert).toContainText(`${sku} – ${name}: còn 2, cần 5`)
    await expect(page.getByRole('heading', { name: 'Tạo đơn hàng' })).toBeVisible()
    expect((await api(request, 'orders.listOrders', { query: '', limit: 1 })).total).toBe(before)
    expect(await stockOf(request, variantId)).toEqual({ onHand: 2, reserved: 0, available: 2 })
  })
})
