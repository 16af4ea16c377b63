import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test'
import { todayInVietnam } from '../../src/shared/domain/calendar'
import { api, ensureSeller, openApp, uniqueSuffix } from './support'

test.beforeEach(async ({ request }) => {
  await ensureSeller(request)
})

/** Rice in 5 kg bags, kept without lots: it comes in with "Nhập kho". */
async function rice(request: APIRequestContext, suffix: string) {
  const name = `Gạo ST25 Mỹ Xuyên ${suffix}`
  const sku = `ST25-${suffix}`
  await api(request, 'catalog.createProduct', {
    name,
    status: 'active',
    variants: [{ sku, optionLabel: 'Túi 5 kg', unit: 'túi', priceVnd: 190000, weightGrams: 5000 }],
  })
  return { name, sku }
}

/** A cell of a row, found by its column's visible header rather than by position. */
async function cellUnder(page: Page, row: Locator, header: string): Promise<Locator> {
  const headers = (await page.getByRole('columnheader').allInnerTexts()).map((text) => text.trim())
  const index = headers.indexOf(header)
  expect(index, `column “${header}” among ${JSON.stringify(headers)}`).toBeGreaterThanOrEqual(0)
  return row.getByRole('cell').nth(index)
}

/** Searches and waits for the answer: a click on the rows shown before it would land on the loading veil. */
async function search(page: Page, text: string) {
  await page.getByRole('searchbox', { name: 'Tìm trong kho' }).fill(text)
  await expect(page).toHaveURL(new RegExp(`[?&]q=${text}(&|$)`))
  await expect(page.getByRole('tabpanel').locator('[aria-busy="true"]')).toHaveCount(0)
}

async function openStock(page: Page, text: string) {
  await openApp(page)
  await page.getByRole('navigation').getByRole('link', { name: 'Kho hàng' }).click()
  await expect(page.getByRole('heading', { name: 'Kho hàng', exact: true })).toBeVisible()
  await search(page, text)
}

async function onHandOf(request: APIRequestContext, sku: string): Promise<number | undefined> {
  const page = await api(request, 'stock.listStock', { query: sku })
  return page.items.find((level) => level.sku === sku)?.onHand
}

test.describe('stock (kho hàng)', () => {
  test('receives goods, corrects them with a reason, warns when running low and counts them in a stocktake', async ({ page, request }) => {
    // A whole working session (receive, adjust, threshold, a stocktake): longer than one form.
    test.setTimeout(60_000)
    const suffix = uniqueSuffix()
    const { name, sku } = await rice(request, suffix)

    await openStock(page, suffix)
    const row = page.getByRole('row').filter({ hasText: sku })
    await expect(row).toHaveCount(1)
    const onHand = await cellUnder(page, row, 'Tồn kho')
    await expect(onHand).toHaveText('0')

    // Goods in without a lot; the dialog points to the harvest-lot form for goods that have one.
    await row.getByRole('button', { name: 'Nhập kho' }).click()
    const receive = page.getByRole('dialog', { name: `Nhập kho: ${name}` })
    await expect(receive.getByRole('link', { name: `Ghi lô thu hoạch cho ${sku}` })).toBeVisible()
    await receive.getByRole('spinbutton', { name: 'Số lượng nhập' }).fill('20')
    await expect(receive.getByText('Sau khi nhập: 20 túi trong kho')).toBeVisible()
    await receive.getByRole('button', { name: 'Nhập kho' }).click()
    await expect(page.getByText(`Đã nhập 20 túi ${sku} vào kho (tồn kho: 20)`)).toBeVisible()
    await expect(receive).toBeHidden()
    await expect(onHand).toHaveText('20')
    await expect(await cellUnder(page, row, 'Có thể bán')).toHaveText('20')

    // A correction needs a reason; removing is the usual direction (breakage, spoilage).
    await row.getByRole('button', { name: 'Điều chỉnh' }).click()
    const adjust = page.getByRole('dialog', { name: `Điều chỉnh tồn kho: ${name}` })
    await expect(adjust.getByRole('radio', { name: 'Bớt khỏi kho' })).toBeChecked()
    await adjust.getByRole('spinbutton', { name: 'Số lượng' }).fill('3')
    await adjust.getByRole('button', { name: 'Lưu điều chỉnh' }).click()
    await expect(adjust.getByText('Hãy ghi lý do điều chỉnh')).toBeVisible()
    await adjust.getByRole('textbox', { name: 'Lý do' }).fill('Rách 3 túi khi bốc dỡ')
    await expect(adjust.getByText('Tồn kho sau điều chỉnh (−3): 17 túi.')).toBeVisible()
    await adjust.getByRole('button', { name: 'Lưu điều chỉnh' }).click()
    await expect(page.getByText(`Đã điều chỉnh ${sku} −3: tồn kho 17 túi`)).toBeVisible()
    await expect(adjust).toBeHidden()
    await expect(onHand).toHaveText('17')

    // The ledger of the variant, newest first, with the reason as typed.
    await row.getByRole('button', { name: 'Lịch sử' }).click()
    const history = page.getByRole('dialog').filter({ hasText: 'Lịch sử kho' })
    await expect(history.getByText(`${name} · ${sku}`)).toBeVisible()
    const adjustment = history.getByRole('row').filter({ hasText: 'Rách 3 túi khi bốc dỡ' })
    await expect(adjustment).toContainText('Điều chỉnh')
    await expect(adjustment).toContainText('−3')
    await expect(history.getByRole('row').filter({ hasText: 'Nhập kho' })).toContainText('+20')
    await page.keyboard.press('Escape')
    await expect(history).toBeHidden()

    // A low-stock level of 20: 17 available is running low.
    const threshold = row.getByRole('spinbutton', { name: `Mức báo sắp hết của ${sku}` })
    await threshold.fill('20')
    await threshold.press('Enter')
    await expect(page.getByText(`Đã đặt mức báo sắp hết của ${sku}: 20`)).toBeVisible()
    await expect(row.getByText('Sắp hết', { exact: true })).toBeVisible()
    await page.getByRole('tab', { name: /^Sắp hết hàng/ }).click()
    await expect(page.getByRole('tab', { name: /^Sắp hết hàng/ })).toHaveAttribute('aria-selected', 'true')
    const lowRow = page.getByRole('row').filter({ hasText: sku })
    await expect(lowRow).toHaveCount(1)
    await expect(await cellUnder(page, lowRow, 'Có thể bán')).toContainText('17')

    // A stocktake of just this product: the books say 17, the shelf holds 15.
    await page.getByRole('tab', { name: 'Kiểm kho' }).click()
    const scope = page.getByRole('radio', { name: new RegExp(`^Chỉ các mặt hàng tìm được theo “${suffix}” \\(1 mặt hàng\\)`) })
    await expect(scope).toBeChecked()
    await page.getByRole('button', { name: 'Mở phiếu kiểm kho' }).click()
    await expect(page.getByRole('heading', { level: 2, name: /^Phiếu kiểm kho ngày \d{2}\/\d{2}\/\d{4}/ })).toBeVisible()
    await expect(page.getByText('Đang kiểm', { exact: true })).toBeVisible()
    const line = page.getByRole('row').filter({ hasText: sku })
    await expect(line).toHaveCount(1)
    await expect(await cellUnder(page, line, 'Sổ sách')).toHaveText('17')
    const counted = line.getByRole('spinbutton', { name: `Số thực tế của ${sku}, Không theo lô` })
    await counted.fill('15')
    await counted.press('Enter')
    await expect(await cellUnder(page, line, 'Chênh lệch')).toHaveText('−2')
    await expect(page.getByText('Đã đếm 1/1 dòng')).toBeVisible()
    await expect(page.getByText('Đã lưu mọi số đếm')).toBeVisible()

    await page.getByRole('button', { name: 'Xác nhận kiểm kho' }).click()
    const confirm = page.getByRole('dialog').filter({ hasText: 'Xác nhận phiếu kiểm kho?' })
    await expect(confirm).toContainText('1 dòng chênh lệch')
    await confirm.getByRole('button', { name: 'Xác nhận', exact: true }).click()
    await expect(page.getByText('Đã xác nhận kiểm kho: 1 dòng chênh lệch đã được ghi vào kho')).toBeVisible()
    // The confirmed sheet is read-only and sums up the differences.
    await expect(page.getByText('Đã xác nhận', { exact: true })).toBeVisible()
    await expect(page.getByText('Phiếu đã xác nhận: 1 dòng chênh lệch đã được ghi vào kho.')).toBeVisible()
    await expect(page.getByRole('spinbutton')).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Xác nhận kiểm kho' })).toHaveCount(0)
    expect(await onHandOf(request, sku)).toBe(15)

    // Back in the storeroom: 15 on hand, and the stocktake is in the ledger.
    await page.getByRole('button', { name: 'Quay lại' }).click()
    await page.getByRole('tab', { name: 'Tồn kho' }).click()
    await search(page, suffix)
    const after = page.getByRole('row').filter({ hasText: sku })
    await expect(await cellUnder(page, after, 'Tồn kho')).toHaveText('15')
    await after.getByRole('button', { name: 'Lịch sử' }).click()
    const ledger = page.getByRole('dialog').filter({ hasText: 'Lịch sử kho' })
    const stocktake = ledger.getByRole('row').filter({ hasText: 'Theo phiếu kiểm kho' })
    await expect(stocktake).toContainText('Kiểm kho')
    await expect(stocktake).toContainText('−2')
  })

  test('refuses to remove what a confirmed order holds, says how much can go, and links the order from the ledger', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const { name, sku } = await rice(request, suffix)
    const level = (await api(request, 'stock.listStock', { query: sku })).items[0]!
    await api(request, 'stock.receiveStock', { variantId: level.variantId, quantity: 5 })

    await openStock(page, suffix)
    const row = page.getByRole('row').filter({ hasText: sku })
    await expect(await cellUnder(page, row, 'Tồn kho')).toHaveText('5')
    await row.getByRole('button', { name: 'Điều chỉnh' }).click()
    const adjust = page.getByRole('dialog', { name: `Điều chỉnh tồn kho: ${name}` })
    // Asking for more than is available is caught before it is sent.
    await adjust.getByRole('spinbutton', { name: 'Số lượng' }).fill('6')
    await adjust.getByRole('textbox', { name: 'Lý do' }).fill('Hỏng do ẩm')
    await adjust.getByRole('button', { name: 'Lưu điều chỉnh' }).click()
    await expect(adjust.getByText('Chỉ bớt được tối đa 5 túi: 0 túi đang giữ cho đơn đã xác nhận.')).toBeVisible()

    // Meanwhile a phone order for 2 bags is confirmed: the server refuses, with today's numbers.
    const order = await api(request, 'orders.createOrder', { channel: 'phone', lines: [{ variantId: level.variantId, quantity: 2 }], confirm: true })
    await adjust.getByRole('spinbutton', { name: 'Số lượng' }).fill('4')
    await adjust.getByRole('button', { name: 'Lưu điều chỉnh' }).click()
    await expect(adjust.getByText('Không bớt được: chỉ còn 3 có thể bán, 2 đang giữ cho các đơn đã xác nhận. Hãy giao, sửa hoặc hủy các đơn đó trước.')).toBeVisible()
    expect(await onHandOf(request, sku)).toBe(5)
    await adjust.getByRole('button', { name: 'Hủy' }).click()
    await expect(adjust).toBeHidden()

    // The row now shows what the order holds; the ledger names the order.
    await expect(await cellUnder(page, row, 'Đang giữ cho đơn')).toHaveText('2')
    await expect(await cellUnder(page, row, 'Có thể bán')).toHaveText('3')
    await row.getByRole('button', { name: 'Lịch sử' }).click()
    const history = page.getByRole('dialog').filter({ hasText: 'Lịch sử kho' })
    const held = history.getByRole('row').filter({ hasText: order.number })
    await expect(held).toContainText('Giữ cho đơn')
    await expect(held).toContainText('+2')
    await held.getByRole('link', { name: `Mở đơn hàng ${order.number}` }).click()
    await expect(page).toHaveURL(new RegExp(`#/orders/${order.id}$`))
  })

  test('drops a cancelled count sheet without touching stock, and moves down the sheet with Enter', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const sku = `ST25-${suffix}`
    const second = `ST25-${suffix}-10`
    const product = await api(request, 'catalog.createProduct', {
      name: `Gạo ST25 Mỹ Xuyên ${suffix}`,
      status: 'active',
      variants: [
        { sku, optionLabel: 'Túi 5 kg', unit: 'túi', priceVnd: 190000 },
        { sku: second, optionLabel: 'Bao 10 kg', unit: 'bao', priceVnd: 360000 },
      ],
    })
    for (const variant of product.variants) await api(request, 'stock.receiveStock', { variantId: variant.id, quantity: 9 })

    await openStock(page, suffix)
    await page.getByRole('tab', { name: 'Kiểm kho' }).click()
    await page.getByRole('button', { name: 'Mở phiếu kiểm kho' }).click()
    // Opening a sheet snapshots the whole stock, which by now holds every earlier spec's goods.
    await expect(page.getByText('Đã đếm 0/2 dòng')).toBeVisible({ timeout: 15_000 })
    const first = page.getByRole('spinbutton', { name: `Số thực tế của ${sku}, Không theo lô` })
    await first.fill('4')
    await first.press('Enter')
    await expect(page.getByRole('spinbutton', { name: `Số thực tế của ${second}, Không theo lô` })).toBeFocused()
    await page.keyboard.type('9')
    await page.keyboard.press('Enter')
    await expect(page.getByText('Đã đếm 2/2 dòng')).toBeVisible()

    await page.getByRole('button', { name: 'Hủy phiếu' }).click()
    await page.getByRole('tooltip').getByRole('button', { name: 'Hủy phiếu' }).click()
    await expect(page.getByText('Đã hủy phiếu kiểm kho')).toBeVisible()
    await expect(page.getByRole('heading', { name: 'Kho hàng', exact: true })).toBeVisible()
    expect(await onHandOf(request, sku)).toBe(9)
    // Nothing is left open: a new sheet can be started.
    await expect(page.getByText('Đang có một phiếu kiểm kho chưa xong')).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Mở phiếu kiểm kho' })).toBeEnabled()
  })

  test('lists a lot about to expire with what is left of it, and removes spoiled goods from that lot', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const sku = `RC-${suffix}`
    const product = await api(request, 'catalog.createProduct', {
      name: `Rau cải ngọt Văn Đức ${suffix}`,
      status: 'active',
      variants: [{ sku, optionLabel: 'Bó 500 g', unit: 'bó', priceVnd: 25000 }],
    })
    const lot = await api(request, 'lots.createLot', { variantId: product.variants[0]!.id, harvestDate: todayInVietnam(Date.now()), quantity: 12, shelfLifeDays: 5 })

    await openStock(page, suffix)
    const row = page.getByRole('row').filter({ hasText: sku }).first()
    await row.getByRole('button', { name: 'Mở rộng dòng' }).click()
    await expect(page.getByRole('link', { name: lot.lotCode })).toBeVisible()

    await page.getByRole('tab', { name: 'Lô sắp hết hạn' }).click()
    // The lot's own row (the levels tab's expanded row also names the lot, and may still be on screen while the tabs switch).
    const lotRow = page.getByRole('row', { name: new RegExp(`^${lot.lotCode.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`) })
    await expect(lotRow).toContainText('còn 5 ngày')
    await expect(await cellUnder(page, lotRow, 'Còn trong kho')).toHaveText('12 bó')
    await lotRow.getByRole('button', { name: 'Bớt khỏi kho' }).click()
    const adjust = page.getByRole('dialog', { name: `Điều chỉnh tồn kho: Rau cải ngọt Văn Đức ${suffix}` })
    await expect(adjust.getByText(`${lot.lotCode} (còn 12 bó)`)).toBeVisible()
    await adjust.getByRole('spinbutton', { name: 'Số lượng' }).fill('2')
    await adjust.getByRole('button', { name: 'Hàng hư hỏng, đổ vỡ' }).click()
    await expect(adjust.getByText(`Lô ${lot.lotCode} còn 10.`)).toBeVisible()
    await adjust.getByRole('button', { name: 'Lưu điều chỉnh' }).click()
    await expect(adjust).toBeHidden()
    await expect(await cellUnder(page, lotRow, 'Còn trong kho')).toHaveText('10 bó')
  })
})
