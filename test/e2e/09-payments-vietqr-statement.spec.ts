import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { api, ensureSeller, openApp, uniqueSuffix } from './support'

/** The shop's day, as the bank prints it on the statement. */
const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date())

test.beforeEach(async ({ request }) => {
  // Transfers go to the default seller's account: VietQR needs its bank and account number.
  const seller = await ensureSeller(request)
  await api(request, 'sellers.updateSeller', { id: seller.id, bankBin: '970436', bankAccountNumber: '0011004455667', bankAccountName: 'HTX THU NGHIEM DA TON' })
})

/** A confirmed phone order of `quantity` jars at 120.000 ₫, from stock received for it. */
async function confirmedOrder(request: APIRequestContext, suffix: string, quantity: number) {
  const product = await api(request, 'catalog.createProduct', {
    name: `Mật ong hoa nhãn ${suffix}`,
    status: 'active',
    variants: [{ sku: `MN-${suffix}`, optionLabel: 'Hũ 500 g', unit: 'hũ', priceVnd: 120000 }],
  })
  const variantId = product.variants[0]!.id
  await api(request, 'stock.receiveStock', { variantId, quantity: 10 })
  return api(request, 'orders.createOrder', { channel: 'phone', lines: [{ variantId, quantity }], confirm: true })
}

function csvFile(name: string, lines: readonly string[]) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8') }
}

/** Cells with a comma are quoted, as Excel writes them. */
function csvRow(cells: readonly string[]): string {
  return cells.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')
}

async function openStatements(page: Page) {
  await openApp(page)
  await page.getByRole('navigation').getByRole('link', { name: 'Đối soát' }).click()
  await expect(page.getByRole('heading', { name: 'Đối soát sao kê' })).toBeVisible()
}

function summaryChip(page: Page, text: string) {
  return page.getByRole('group', { name: 'Kết quả đối chiếu' }).getByRole('checkbox', { name: text, exact: true })
}

test.describe('reconciling statements', () => {
  test('a Vietcombank statement marks the VietQR transfer with the order’s memo as paid, and only once', async ({ page, request }, testInfo) => {
    const suffix = uniqueSuffix()
    const order = await confirmedOrder(request, suffix, 1)
    const memo = order.number.replace(/-/g, '')

    // Scenario 3: the phone order is confirmed; show a VietQR for the exact amount.
    await openApp(page)
    await page.goto(`/#/orders/${order.id}`)
    await expect(page.getByRole('heading', { name: `Đơn ${order.number}` })).toBeVisible()
    await expect(page.getByText('Chưa thanh toán', { exact: true }).first()).toBeVisible()
    await page.getByRole('button', { name: 'Thu tiền' }).click()
    const collect = page.getByRole('dialog', { name: `Thu tiền – đơn ${order.number}` })
    await collect.getByText('Chuyển khoản VietQR', { exact: true }).click()
    await collect.getByRole('button', { name: 'Tạo mã VietQR' }).click()
    const modal = page.getByTestId('vietqr-modal')
    await expect(modal.getByTestId('vietqr-code')).toBeVisible()
    await expect(modal.getByTestId('vietqr-memo')).toHaveText(memo)
    await expect(modal).toContainText('Vietcombank')
    await expect(modal).toContainText('0011004455667')
    // The QR carries the EMVCo payload: Vietcombank's BIN, the account, 120.000 ₫ and the memo, CRC last.
    const payload = (await modal.getByTestId('vietqr-code').getAttribute('data-payload')) ?? ''
    expect(payload).toContain('0006970436011300110044556670208QRIBFTTA')
    expect(payload).toContain('5406120000')
    expect(payload).toContain(`0812${memo}`)
    expect(payload).toMatch(/6304[0-9A-F]{4}$/)
    await modal.getByRole('button', { name: 'Để sau' }).click()
    const [intent] = (await api(request, 'payments.orderPayments', { orderId: order.id })).intents
    expect(intent).toMatchObject({ method: 'vietqr', status: 'requires_action', providerRef: memo, amountVnd: 120000 })

    const statement = csvFile('saoke-vietcombank.csv', [
      'NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM',
      'SAO KÊ TÀI KHOẢN',
      'Số tài khoản: 0011004455667',
      `Từ ngày ${today} đến ngày ${today}`,
      '',
      'Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Mô tả',
      csvRow([today, `FT${suffix}1`, '', '120.000', `MBVCB.9988.${memo}.CT tu 0912345678 NGUYEN VAN AN`]),
      csvRow([today, `FT${suffix}2`, '', '77.777', `NGUYEN THI BINH chuyen tien ${suffix}`]),
      csvRow([today, `FT${suffix}3`, '15.000', '', 'Phi SMS Banking']),
    ])

    await page.getByRole('navigation').getByRole('link', { name: 'Đối soát' }).click()
    await expect(page.getByRole('heading', { name: 'Đối soát sao kê' })).toBeVisible()
    await expect(page.getByRole('radio', { name: 'Sao kê ngân hàng (chuyển khoản VietQR)' })).toBeChecked()
    // The seller's own bank is offered first.
    await expect(page.getByLabel('Ngân hàng', { exact: true })).toHaveValue('Vietcombank')
    await page.locator('input[type="file"]').setInputFiles(statement)
    await expect(page.getByText('File: saoke-vietcombank.csv')).toBeVisible()

    // Nothing is recorded yet: the preview says what matched.
    await expect(page.getByRole('heading', { name: '3. Xem trước: chưa ghi nhận gì' })).toBeVisible()
    await expect(summaryChip(page, 'Khớp: 1')).toBeVisible()
    await expect(summaryChip(page, 'Không khớp: 1')).toBeVisible()
    await expect(summaryChip(page, 'Cần xem lại: 0')).toBeVisible()
    await expect(page.getByText('Tổng tiền khớp: 120.000 ₫')).toBeVisible()
    await expect(page.getByText('Đã bỏ qua 1 khoản tiền ra (ghi nợ)', { exact: false })).toBeVisible()
    // The columns were recognised, so their step stays folded.
    await expect(page.getByRole('button', { name: /Cột đã nhận diện/ })).toHaveAttribute('aria-expanded', 'false')

    const lines = page.getByRole('region', { name: 'Các khoản tiền trong file' })
    const matchedRow = lines.getByRole('row').filter({ hasText: memo })
    await expect(matchedRow).toContainText('Khớp')
    await expect(matchedRow.getByRole('link', { name: order.number })).toBeVisible()
    await expect(matchedRow.getByRole('checkbox', { name: 'Ghi nhận dòng 7' })).toBeChecked()
    const strangerRow = lines.getByRole('row').filter({ hasText: `NGUYEN THI BINH chuyen tien ${suffix}` })
    await expect(strangerRow).toContainText('Không khớp')
    await expect(strangerRow.getByRole('checkbox', { name: 'Ghi nhận dòng 8' })).toBeDisabled()
    expect((await api(request, 'orders.getOrder', { id: order.id })).paymentStatus).toBe('unpaid')
    await page.getByRole('region', { name: '3. Xem trước: chưa ghi nhận gì' }).screenshot({ path: testInfo.outputPath('statement-preview.png') })

    await page.getByRole('button', { name: 'Ghi nhận 1 dòng (tổng 120.000 ₫)' }).click()
    await expect(page.getByText('Đã ghi nhận 1 dòng, tổng 120.000 ₫')).toBeVisible()
    const applied = page.getByRole('table', { name: 'Các đơn đã nhận tiền' })
    await expect(applied.getByRole('row').filter({ hasText: order.number })).toContainText('120.000 ₫')
    expect(await api(request, 'payments.getIntent', { id: intent!.id })).toMatchObject({ status: 'succeeded', amountReceivedVnd: 120000 })

    // The same statement read again changes nothing: its line was reconciled before.
    await page.getByRole('button', { name: 'Đối soát file khác' }).click()
    await page.locator('input[type="file"]').setInputFiles(statement)
    await expect(summaryChip(page, 'Đã đối soát trước đó: 1')).toBeVisible()
    await expect(summaryChip(page, 'Khớp: 0')).toBeVisible()
    await expect(page.getByRole('button', { name: /Ghi nhận 0 dòng/ })).toBeDisabled()

    await page.goto(`/#/orders/${order.id}`)
    await expect(page.getByRole('heading', { name: `Đơn ${order.number}` })).toBeVisible()
    await expect(page.getByText('Đã thanh toán', { exact: true }).first()).toBeVisible()
    expect((await api(request, 'orders.getOrder', { id: order.id })).paymentStatus).toBe('paid')
  })

  test('a GHTK COD remittance file settles the shipped parcel it names', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const order = await confirmedOrder(request, suffix, 2)
    const trackingCode = `S${suffix}`
    await api(request, 'orders.transitionOrder', { id: order.id, action: 'ship', carrier: 'GHTK', trackingCode })

    await openStatements(page)
    await page.getByText('Đối soát COD (đơn vị vận chuyển)').click()
    await expect(page.getByRole('radio', { name: 'Đối soát COD (đơn vị vận chuyển)' })).toBeChecked()
    const carrier = page.getByLabel('Đơn vị vận chuyển', { exact: true })
    await carrier.fill('GHTK')
    await carrier.press('Escape')
    await page.locator('input[type="file"]').setInputFiles(
      csvFile('doi-soat-ghtk.csv', [
        'Mã đơn hàng,Mã vận đơn,Tiền thu hộ,Phí,Ngày đối soát',
        csvRow([order.number, trackingCode, '240.000', '22.000', today]),
        csvRow(['', `GHTK${suffix}X`, '99.000', '22.000', today]),
      ]),
    )
    await expect(page.getByText('File: doi-soat-ghtk.csv')).toBeVisible()
    await expect(summaryChip(page, 'Khớp: 1')).toBeVisible()
    await expect(summaryChip(page, 'Không khớp: 1')).toBeVisible()

    const lines = page.getByRole('region', { name: 'Các khoản tiền trong file' })
    const parcel = lines.getByRole('row').filter({ hasText: trackingCode })
    await expect(parcel).toContainText('Khớp')
    await expect(parcel).toContainText('22.000 ₫')
    await expect(parcel.getByRole('link', { name: order.number })).toBeVisible()

    await page.getByRole('button', { name: 'Ghi nhận 1 dòng (tổng 240.000 ₫)' }).click()
    await expect(page.getByText('Đã ghi nhận 1 dòng, tổng 240.000 ₫')).toBeVisible()
    await page.getByRole('table', { name: 'Các đơn đã nhận tiền' }).getByRole('link', { name: order.number }).click()
    await expect(page.getByRole('heading', { name: `Đơn ${order.number}` })).toBeVisible()
    await expect(page.getByText('Đã thanh toán', { exact: true }).first()).toBeVisible()
    const money = await api(request, 'payments.orderPayments', { orderId: order.id })
    expect(money).toMatchObject({ paymentStatus: 'paid', paidVnd: 240000, outstandingVnd: 0 })
    expect(money.intents[0]).toMatchObject({ method: 'cod', status: 'succeeded', amountReceivedVnd: 240000 })
  })
})
