/**
 * Scenario 7, the end of it: the commune coordinator collects every seller's figures file and
 * prints the commune report. Two sellers' files are made here the way their own installations
 * would make them (their own Ed25519 keys, figures with known numbers); the third is this app's
 * own, made on "Số liệu gửi xã" and downloaded as a seller would. The coordinator imports them
 * on "Điều phối xã", sees a repeat counted once and a changed file refused, and downloads the
 * commune report, whose per-seller sheet must add up to exactly the figures sent.
 */
import { readFile } from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import ExcelJS from 'exceljs'
import { createInstallationIdentity, serializeBundle, signBundle } from '../../src/main/reports/bundle'
import { BUNDLE_FORMAT, type BundleBody, type BundleFile, type SellerFigures } from '../../src/shared/contract/reports'
import { addDays, formatDateVi, todayInVietnam } from '../../src/shared/domain/calendar'
import { formatVnd } from '../../src/shared/domain/money'
import { api, ensureSeller, openApp, uniqueSuffix } from './support'

test.use({ viewport: { width: 1366, height: 768 } })

test.beforeEach(async ({ request }) => {
  await ensureSeller(request)
})

/** The calendar month before this one: the "Tháng trước" preset, and what communes usually ask for. */
function lastMonth(): { from: string; to: string } {
  const today = todayInVietnam(Date.now())
  const lastDay = addDays(`${today.slice(0, 8)}01`, -1)
  return { from: `${lastDay.slice(0, 8)}01`, to: lastDay }
}

function figures(change: { byChannel: SellerFigures['sales']['byChannel']; collections: SellerFigures['collections']; onlineSellers: SellerFigures['onlineSellers'] }): SellerFigures {
  return {
    onlineSellers: change.onlineSellers,
    ocop: { byStar: { '3': 1, '4': 1, '5': 0 }, listedOn: { shopee: 1, lazada: 0, tiktok: 0, ntm_portal: 2, file_export: 0 } },
    products: { active: 12, withTraceability: 7, listedOnline: 4 },
    sales: {
      byChannel: change.byChannel,
      total: { orders: change.byChannel.reduce((s, c) => s + c.orders, 0), netVnd: change.byChannel.reduce((s, c) => s + c.netVnd, 0) },
    },
    collections: change.collections,
  }
}

/** A figures file as another seller's installation makes it: its own key, its own id. */
function sellerFile(seller: BundleBody['seller'], period: { from: string; to: string }, sellerFigures: SellerFigures): { file: BundleFile; text: string } {
  const identity = createInstallationIdentity()
  const body: BundleBody = {
    format: BUNDLE_FORMAT,
    installationId: identity.installationId,
    seller,
    period,
    generatedAt: new Date().toISOString(),
    appVersion: '1.0.0',
    figures: sellerFigures,
  }
  const file = signBundle(body, identity.privateKeyPem)
  return { file, text: serializeBundle(file) }
}

const asUpload = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') })

async function importFiles(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await page.getByRole('region', { name: 'Nhập tệp số liệu' }).locator('input[type=file]').setInputFiles(files)
}

function resultRow(page: Page, fileName: string) {
  return page.getByRole('table', { name: 'Kết quả nhập tệp' }).getByRole('row').filter({ hasText: fileName })
}

test.describe('the commune coordinator (Điều phối xã)', () => {
  test('imports three sellers’ figures files, counts a repeat once, refuses a changed one, and downloads the commune report', async ({ page, request }, testInfo) => {
    const suffix = uniqueSuffix()
    const period = lastMonth()
    const periodText = `${formatDateVi(period.from)} – ${formatDateVi(period.to)}`
    const before = await api(request, 'commune.listBundles', period)

    const honey = sellerFile({ name: `HTX Mật ong Sóc Sơn ${suffix}`, kind: 'cooperative', taxCode: '0108123456', address: 'Xã Bắc Sơn, Sóc Sơn, Hà Nội' }, period, figures({
      onlineSellers: { cooperatives: 1, households: 2, enterprises: 0, groups: 0 },
      byChannel: [
        { channel: 'counter', orders: 5, netVnd: 1_200_000 },
        { channel: 'shopee', orders: 3, netVnd: 900_000 },
      ],
      collections: [
        { method: 'cash', amountVnd: 1_200_000 },
        { method: 'marketplace', amountVnd: 900_000 },
      ],
    }))
    const rice = sellerFile({ name: `Hộ kinh doanh Gạo nếp Dương Xá ${suffix}`, kind: 'household', taxCode: null, address: 'Xã Dương Xá, Gia Lâm, Hà Nội' }, period, figures({
      onlineSellers: { cooperatives: 0, households: 1, enterprises: 0, groups: 0 },
      byChannel: [
        { channel: 'phone', orders: 2, netVnd: 350_000 },
        { channel: 'facebook', orders: 4, netVnd: 650_000 },
      ],
      collections: [
        { method: 'cod', amountVnd: 350_000 },
        { method: 'vietqr', amountVnd: 650_000 },
      ],
    }))

    // The third seller is this app itself: "Số liệu gửi xã", last month, "Tạo tệp số liệu".
    const identity = await api(request, 'reports.getIdentity', {})
    await openApp(page)
    await page.getByRole('navigation').getByRole('link', { name: 'Báo cáo', exact: true }).click()
    await page.getByRole('tab', { name: 'Số liệu gửi xã' }).click()
    await expect(page).toHaveURL(/#\/reports\/commune-bundle/)
    await expect(page.getByRole('region', { name: 'Dấu khóa của máy này' })).toContainText(identity.fingerprint)
    await expect(page.getByLabel('Kỳ báo cáo')).toHaveValue(formatDateVi(period.from))
    const made = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Tạo tệp số liệu' }).click()
    const ownDownload = await made
    const ownText = await readFile(await ownDownload.path(), 'utf8')
    const own = JSON.parse(ownText) as BundleFile
    expect(own.body.period).toEqual(period)
    const sent = page.getByRole('region', { name: 'Số liệu trong tệp vừa tạo' })
    const sentSales = sent.getByRole('table', { name: 'Đơn hàng và doanh thu thuần theo kênh bán' })
    // This database's sales are all from today, so last month may well have none.
    if (own.body.figures.sales.total.orders === 0) await expect(sentSales).toContainText('Không có đơn nào trong kỳ.')
    else await expect(sentSales.getByRole('row').filter({ hasText: 'Tổng cộng' })).toContainText(formatVnd(own.body.figures.sales.total.netVnd))
    await expect(sent.getByRole('table', { name: 'Tiền thu theo hình thức' }).getByRole('row').filter({ hasText: 'Tiền mặt' })).toContainText(
      formatVnd(own.body.figures.collections.find((c) => c.method === 'cash')!.amountVnd),
    )
    await testInfo.attach('seller-bundle-1366x768', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' })

    // The coordinator's screen opens on last month.
    await page.getByRole('navigation').getByRole('link', { name: 'Điều phối xã' }).click()
    await expect(page.getByRole('heading', { name: 'Điều phối xã', level: 2 })).toBeVisible()
    await expect(page.getByLabel('Kỳ báo cáo')).toHaveValue(formatDateVi(period.from))
    const files = [asUpload(`so-lieu-mat-ong-${suffix}.json`, honey.text), asUpload(`so-lieu-gao-nep-${suffix}.json`, rice.text), asUpload(ownDownload.suggestedFilename(), ownText)]
    await importFiles(page, files)
    for (const file of files) await expect(resultRow(page, file.name).getByText('Đã nhập', { exact: true })).toBeVisible()
    await expect(resultRow(page, files[0]!.name)).toContainText(`${honey.file.body.seller.name}, kỳ ${periodText}`)

    const received = page.getByRole('region', { name: `Số liệu đã nhận cho kỳ ${periodText}` })
    const sellers = before.length + 3
    await expect(received.getByText(`${sellers} cơ sở đã gửi số liệu`)).toBeVisible()
    const honeyRow = received.getByRole('row').filter({ hasText: honey.file.body.seller.name })
    await expect(honeyRow).toContainText('Hợp tác xã · MST 0108123456')
    await expect(honeyRow).toContainText(formatVnd(2_100_000))
    await testInfo.attach('commune-1366x768', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' })

    // The same file again changes nothing.
    await importFiles(page, [asUpload(`gui-lai-${suffix}.json`, honey.text)])
    await expect(resultRow(page, `gui-lai-${suffix}.json`).getByText('Đã có, không đổi', { exact: true })).toBeVisible()
    await expect(received.getByText(`${sellers} cơ sở đã gửi số liệu`)).toBeVisible()

    // One digit changed after signing: refused, with what to do about it.
    const tampered = honey.text.replace('"netVnd": 1200000', '"netVnd": 1200001')
    expect(tampered).not.toBe(honey.text)
    await importFiles(page, [asUpload(`da-sua-${suffix}.json`, tampered)])
    const refused = resultRow(page, `da-sua-${suffix}.json`)
    await expect(refused.getByText('Bị từ chối', { exact: true })).toBeVisible()
    await expect(refused).toContainText('Tệp đã bị sửa sau khi ứng dụng của người bán ký: không dùng được. Hãy xin người bán gửi lại.')
    await expect(received.getByText(`${sellers} cơ sở đã gửi số liệu`)).toBeVisible()

    // The commune report: a row per seller, and totals that are the sums of what was sent.
    const kept = await api(request, 'commune.listBundles', period)
    expect(kept).toHaveLength(sellers)
    const expected = [...before.map((b) => b.figures), honey.file.body.figures, rice.file.body.figures, own.body.figures]
    const totalOrders = expected.reduce((s, f) => s + f.sales.total.orders, 0)
    const totalNet = expected.reduce((s, f) => s + f.sales.total.netVnd, 0)
    const excel = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Tải báo cáo xã (Excel)' }).click()
    const xlsx = await excel
    expect(xlsx.suggestedFilename()).toBe(`bao-cao-xa-${period.from}_${period.to}.xlsx`)
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(await xlsx.path())
    const sheet = book.getWorksheet('Theo đơn vị')
    expect(sheet, 'the per-seller sheet').toBeDefined()
    let header = 0
    let totals = 0
    sheet!.eachRow((row, number) => {
      if (row.getCell(1).value === 'Đơn vị') header = number
      if (row.getCell(1).value === 'Tổng cộng') totals = number
    })
    expect(header).toBeGreaterThan(0)
    const titles: string[] = []
    sheet!.getRow(header).eachCell((cell, column) => (titles[column - 1] = String(cell.value)))
    const column = (title: string) => titles.indexOf(title) + 1
    expect(column('Số đơn')).toBeGreaterThan(0)
    expect(column('Doanh thu thuần (đ)')).toBeGreaterThan(0)
    expect(totals - header - 1).toBe(sellers)
    const rowOf = (name: string) => {
      for (let n = header + 1; n < totals; n++) if (sheet!.getRow(n).getCell(1).value === name) return sheet!.getRow(n)
      throw new Error(`no row for ${name}`)
    }
    expect(rowOf(honey.file.body.seller.name).getCell(column('Doanh thu thuần (đ)')).value).toBe(2_100_000)
    expect(rowOf(honey.file.body.seller.name).getCell(column('Số đơn')).value).toBe(8)
    expect(rowOf(rice.file.body.seller.name).getCell(column('Doanh thu thuần (đ)')).value).toBe(1_000_000)
    expect(rowOf(own.body.seller.name).getCell(column('Doanh thu thuần (đ)')).value).toBe(own.body.figures.sales.total.netVnd)
    expect(sheet!.getRow(totals).getCell(column('Số đơn')).value).toBe(totalOrders)
    expect(sheet!.getRow(totals).getCell(column('Doanh thu thuần (đ)')).value).toBe(totalNet)

    const pdf = page.waitForEvent('download')
    await page.getByRole('button', { name: 'Tải báo cáo xã (PDF)' }).click()
    expect((await readFile(await (await pdf).path())).subarray(0, 5).toString('latin1')).toBe('%PDF-')

    // A seller's file sent by mistake can be removed; the count follows.
    await received.getByRole('button', { name: `Xóa số liệu của ${rice.file.body.seller.name}` }).click()
    await page.getByRole('button', { name: 'Xóa', exact: true }).click()
    await expect(received.getByText(`${sellers - 1} cơ sở đã gửi số liệu`)).toBeVisible()
  })

  test('says plainly that there is no commune report for a period nobody sent figures for, and leads to the periods that have some', async ({ page }) => {
    const period = lastMonth()
    const periodText = `${formatDateVi(period.from)} – ${formatDateVi(period.to)}`
    const suffix = uniqueSuffix()
    const { text } = sellerFile({ name: `Tổ hợp tác Rau an toàn Văn Đức ${suffix}`, kind: 'cooperative_group', taxCode: null, address: null }, period, figures({
      onlineSellers: { cooperatives: 0, households: 0, enterprises: 0, groups: 1 },
      byChannel: [{ channel: 'zalo', orders: 1, netVnd: 80_000 }],
      collections: [{ method: 'vietqr', amountVnd: 80_000 }],
    }))
    await openApp(page)
    // Years before anyone used this database.
    await page.goto('/#/commune?from=2020-01-01&to=2020-01-31')
    const received = page.getByRole('region', { name: 'Số liệu đã nhận cho kỳ 01/01/2020 – 31/01/2020' })
    await expect(received.getByText('0 cơ sở đã gửi số liệu')).toBeVisible()
    await expect(received.getByText('Chưa có cơ sở nào gửi số liệu cho kỳ này.')).toBeVisible()
    await received.getByRole('button', { name: 'Tải báo cáo xã (Excel)' }).click()
    await expect(received.getByText(/^Chưa có cơ sở nào gửi số liệu đúng kỳ 01\/01\/2020 – 31\/01\/2020, nên chưa lập được báo cáo xã\./)).toBeVisible()

    // A file for another period is kept, and the screen says where to find it.
    await importFiles(page, [asUpload(`rau-${suffix}.json`, text)])
    const row = resultRow(page, `rau-${suffix}.json`)
    await expect(row.getByText('Đã nhập', { exact: true })).toBeVisible()
    await expect(row).toContainText('Tệp thuộc kỳ khác với kỳ đang xem.')
    await expect(received.getByText('0 cơ sở đã gửi số liệu')).toBeVisible()
    await received.getByRole('button', { name: new RegExp(`^${periodText} \\(\\d+ cơ sở\\)$`) }).click()
    await expect(page).toHaveURL(new RegExp(`from=${period.from}&to=${period.to}`))
    await expect(page.getByRole('region', { name: `Số liệu đã nhận cho kỳ ${periodText}` }).getByRole('row').filter({ hasText: `Tổ hợp tác Rau an toàn Văn Đức ${suffix}` })).toContainText('Tổ hợp tác')
  })
})
