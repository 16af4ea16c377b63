/**
 * Scenario 7, the start of it: the co-op opens the app on "Tổng quan". Sales are made through
 * the API (a counter sale and a confirmed phone order); the screen must show exactly what
 * `reports.dashboard` answers, since other specs share the database and add sales of their own.
 */
import { expect, test, type APIRequestContext } from '@playwright/test'
import { addDays, formatDateVi, todayInVietnam } from '../../src/shared/domain/calendar'
import { formatVnd } from '../../src/shared/domain/money'
import { api, ensureSeller, openApp, uniqueSuffix } from './support'

test.use({ viewport: { width: 1366, height: 768 } })

test.beforeEach(async ({ request }) => {
  await ensureSeller(request)
})

const count = (n: number) => new Intl.NumberFormat('vi-VN').format(n)

async function stockedProduct(request: APIRequestContext, name: string, sku: string, priceVnd: number, quantity: number) {
  const product = await api(request, 'catalog.createProduct', { name, status: 'active', variants: [{ sku, optionLabel: 'Túi 1 kg', unit: 'túi', priceVnd }] })
  const variantId = product.variants[0]!.id
  await api(request, 'stock.receiveStock', { variantId, quantity })
  return { productId: product.id, variantId, name, sku }
}

const CHARTS = [
  'Biểu đồ doanh thu theo ngày',
  'Biểu đồ doanh thu theo tháng',
  'Biểu đồ đơn hàng theo kênh bán',
  'Biểu đồ tiền thu theo hình thức thanh toán',
  'Biểu đồ đơn hàng theo trạng thái',
]

test.describe('the overview (Tổng quan)', () => {
  test('opens as the home screen with today’s sales as the backend counts them, charts with their numbers one click away, and a period kept in the address', async ({ page, request }, testInfo) => {
    const suffix = uniqueSuffix()
    const honey = await stockedProduct(request, `Mật ong hoa nhãn ${suffix}`, `MO-${suffix}`, 150_000, 20)
    const rice = await stockedProduct(request, `Gạo nếp cái hoa vàng ${suffix}`, `GN-${suffix}`, 90_000, 3)
    // A threshold far above any stock puts the rice at the top of "Sắp hết hàng".
    await api(request, 'stock.setLowStockThreshold', { variantId: rice.variantId, threshold: 1_000_000 })
    await api(request, 'orders.counterSale', { lines: [{ variantId: honey.variantId, quantity: 2 }], cashReceivedVnd: 300_000 })
    await api(request, 'orders.createOrder', { channel: 'phone', lines: [{ variantId: rice.variantId, quantity: 1 }], confirm: true })

    const today = todayInVietnam(Date.now())
    const figures = await api(request, 'reports.dashboard', { from: addDays(today, -29), to: today })
    expect(figures.today).toBe(today)
    expect(figures.windows.today.netVnd).toBeGreaterThanOrEqual(2 * 150_000 + 90_000)
    expect(figures.windows.today.orders).toBeGreaterThanOrEqual(2)

    await openApp(page)
    await expect(page).toHaveURL(/#\/dashboard$/)
    await expect(page.getByRole('heading', { name: 'Tổng quan', level: 2 })).toBeVisible()
    await expect(page.getByRole('navigation').getByRole('link').first()).toHaveText('Tổng quan')

    // The fixed windows, exactly as the backend counts them.
    const todayCard = page.getByRole('group', { name: 'Doanh thu hôm nay' })
    await expect(todayCard).toContainText(formatVnd(figures.windows.today.netVnd))
    await expect(todayCard).toContainText(`${count(figures.windows.today.orders)} đơn`)
    await expect(page.getByRole('group', { name: 'Doanh thu 30 ngày' })).toContainText(formatVnd(figures.windows.last30.netVnd))
    // The default period is the last 30 days.
    await expect(page.getByRole('heading', { name: `Trong kỳ ${formatDateVi(addDays(today, -29))} – ${formatDateVi(today)}` })).toBeVisible()
    await expect(page.getByRole('group', { name: 'Doanh thu thuần', exact: true })).toContainText(formatVnd(figures.total.netVnd))
    await expect(page.getByRole('group', { name: 'Số đơn', exact: true })).toContainText(count(figures.total.orders))

    // Every chart is there, by its name, and has drawn something.
    for (const name of CHARTS) {
      const chart = page.getByRole('img', { name })
      await expect(chart).toBeVisible()
      await expect(chart.locator('svg').first()).toBeVisible()
      await expect.poll(() => chart.locator('svg .recharts-rectangle, svg .recharts-sector').count(), { message: name }).toBeGreaterThan(0)
    }
    await testInfo.attach('dashboard-1366x768', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' })

    // The numbers behind the chart: today's row reads exactly as the backend's figures.
    const byDay = page.getByRole('region', { name: 'Doanh thu theo ngày' })
    await byDay.getByText('Bảng số').click()
    await expect(byDay.getByRole('img', { name: 'Biểu đồ doanh thu theo ngày' })).toHaveCount(0)
    const day = figures.byDay.at(-1)!
    expect(day.day).toBe(today)
    await expect(byDay.getByRole('row').filter({ hasText: formatDateVi(today) }).getByRole('cell')).toHaveText([
      formatDateVi(today),
      count(day.orders),
      formatVnd(day.grossVnd),
      formatVnd(day.returnsVnd),
      formatVnd(day.netVnd),
      formatVnd(day.shippingVnd),
    ])
    await byDay.getByText('Biểu đồ', { exact: true }).click()
    await expect(byDay.getByRole('img', { name: 'Biểu đồ doanh thu theo ngày' })).toBeVisible()

    // Money by method, with the cashless share as the backend works it out.
    const collections = page.getByRole('region', { name: 'Hình thức thanh toán' })
    await collections.getByText('Bảng số').click()
    const cash = figures.collections.find((c) => c.method === 'cash')!
    await expect(collections.getByRole('row').filter({ hasText: 'Tiền mặt' }).getByRole('cell').nth(1)).toHaveText(formatVnd(cash.amountVnd))
    const share = figures.cashlessShare
    const shareText = share === null ? '—' : new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 }).format(share)
    await expect(collections.getByRole('group', { name: 'Không dùng tiền mặt' })).toContainText(shareText)

    // Orders by channel, named as the orders screens name them.
    const channels = page.getByRole('region', { name: 'Đơn hàng theo kênh bán' })
    await channels.getByText('Bảng số').click()
    const counter = figures.byChannel.find((c) => c.channel === 'counter')!
    await expect(channels.getByRole('row').filter({ hasText: 'Bán tại quầy' }).getByRole('cell')).toHaveText(['Bán tại quầy', count(counter.orders), formatVnd(counter.netVnd)])

    // What needs attention leads to where it is dealt with.
    const lowStock = page.getByRole('region', { name: 'Sắp hết hàng' })
    await lowStock.getByRole('link', { name: rice.name }).click()
    await expect(page).toHaveURL(new RegExp(`#/stock\\?tab=low&q=${rice.sku}$`))
    await expect(page.getByRole('heading', { name: 'Kho hàng', exact: true })).toBeVisible()
    await page.goBack()
    await expect(page.getByRole('heading', { name: 'Tổng quan', level: 2 })).toBeVisible()

    // A preset changes the period and the address; a reload keeps it.
    const weekFrom = addDays(today, -6)
    await page.getByLabel('Kỳ báo cáo').click()
    await page.getByText('7 ngày', { exact: true }).click()
    await expect(page).toHaveURL(new RegExp(`#/dashboard\\?from=${weekFrom}&to=${today}$`))
    const weekHeading = page.getByRole('heading', { name: `Trong kỳ ${formatDateVi(weekFrom)} – ${formatDateVi(today)}` })
    await expect(weekHeading).toBeVisible()
    const week = await api(request, 'reports.dashboard', { from: weekFrom, to: today })
    await expect(page.getByRole('group', { name: 'Doanh thu thuần', exact: true })).toContainText(formatVnd(week.total.netVnd))
    await page.reload()
    await expect(weekHeading).toBeVisible()
    await expect(page.getByLabel('Kỳ báo cáo')).toHaveValue(formatDateVi(weekFrom))
  })

  test('says so when nothing was sold in the period, and offers to take an order', async ({ page }) => {
    await openApp(page)
    // Years before anyone used this database.
    await page.goto('/#/dashboard?from=2020-01-01&to=2020-01-31')
    await expect(page.getByRole('heading', { name: 'Trong kỳ 01/01/2020 – 31/01/2020' })).toBeVisible()
    await expect(page.getByText('Chưa có đơn hàng nào trong kỳ này')).toBeVisible()
    await expect(page.getByRole('img', { name: 'Biểu đồ doanh thu theo ngày' })).toHaveCount(0)
    await page.getByRole('button', { name: 'Tạo đơn hàng' }).click()
    await expect(page.getByRole('heading', { name: 'Tạo đơn hàng' })).toBeVisible()
  })
})
