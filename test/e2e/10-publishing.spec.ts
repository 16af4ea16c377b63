/**
 * Scenario 5: a co-op lists its products on Shopee from "Kênh bán". Shopee is the fake Open
 * Platform of test/fakes/shopee.ts, started by this spec on a free port; the app's server signs
 * and sends its calls to it exactly as it would to Shopee's sandbox, and the fake's approval page
 * sends the browser back to the app's own callback, which stores the shop's tokens.
 * Publishing only queues outbox jobs; the server's worker drains them every few seconds.
 * A shop without API access gets the same products as a mass-upload workbook, read back here
 * with exceljs (docs/marketplace-mass-upload.md).
 */
import { expect, test, type APIRequestContext } from '@playwright/test'
import ExcelJS from 'exceljs'
import sharp from 'sharp'
import { todayInVietnam } from '../../src/shared/domain/calendar'
import { FAKE_SHOPEE_APP, FAKE_SHOPEE_SHOP_ID, startFakeShopee, type FakeShopee } from '../fakes/shopee'
import { api, ensureSeller, openApp, TOKEN, uniqueSuffix } from './support'

let shopee: FakeShopee

test.beforeAll(async () => {
  shopee = await startFakeShopee()
})

test.afterAll(async () => {
  await shopee?.close()
})

test.beforeEach(async ({ request }) => {
  await ensureSeller(request)
})

/** An active product with one variant, stock on hand and a photo: what a marketplace accepts. */
async function listableProduct(request: APIRequestContext, name: string, sku: string, quantity: number) {
  const product = await api(request, 'catalog.createProduct', {
    name,
    description: `${name}: đặc sản của hợp tác xã, đóng gói tại xã.`,
    status: 'active',
    variants: [{ sku, optionLabel: 'Hộp 500 g', unit: 'hộp', priceVnd: 120000, weightGrams: 600 }],
  })
  const jpeg = await sharp({ create: { width: 640, height: 640, channels: 3, background: { r: 190, g: 150, b: 40 } } })
    .jpeg({ quality: 85 })
    .toBuffer()
  // Uploads go as multipart in browser mode: the JSON input in `input`, each file in `files`.
  const upload = await request.post('/api/catalog.addProductImages', {
    headers: { Authorization: `Bearer ${TOKEN}` },
    multipart: { input: JSON.stringify({ productId: product.id }), files: { name: `${sku}.jpg`, mimeType: 'image/jpeg', buffer: jpeg } },
  })
  expect(((await upload.json()) as { ok: boolean }).ok).toBe(true)
  await api(request, 'stock.receiveStock', { variantId: product.variants[0]!.id, quantity })
  return product
}

/**
 * A platform's sheet of the mass-upload workbook, read the way the seller reads it: row 1 holds
 * the column titles, row 2 a note under each, and each later row is one variant, by title.
 */
function platformSheet(book: ExcelJS.Workbook, name: string) {
  const sheet = book.getWorksheet(name)
  expect(sheet, `sheet «${name}»`).toBeDefined()
  const titles: string[] = []
  sheet!.getRow(1).eachCell((cell, column) => (titles[column - 1] = String(cell.value)))
  const notes = Object.fromEntries(titles.map((title, i) => [title, sheet!.getRow(2).getCell(i + 1).value]))
  const rows: Record<string, ExcelJS.CellValue>[] = []
  sheet!.eachRow((row, n) => {
    if (n >= 3) rows.push(Object.fromEntries(titles.map((title, i) => [title, row.getCell(i + 1).value])))
  })
  return { titles, notes, rows }
}

test.describe('sales channels', () => {
  test('adds a Shopee shop, connects it on Shopee’s page, publishes two products in one action, pushes a stock change, exports the mass-upload workbook, and fetches a new order on demand', async ({ page, context, request }) => {
    test.setTimeout(120_000)
    const suffix = uniqueSuffix()
    const honey = await listableProduct(request, `Mật ong rừng U Minh ${suffix}`, `MO-${suffix}`, 20)
    const tea = await listableProduct(request, `Trà Shan tuyết ${suffix}`, `TRA-${suffix}`, 12)
    const channelName = `Shopee HTX ${suffix}`

    await openApp(page)
    await page.getByRole('navigation').getByRole('link', { name: 'Kênh bán' }).click()
    await expect(page.getByRole('heading', { name: 'Kênh bán', level: 2 })).toBeVisible()

    // The shop, as the co-op would copy it from Shopee's developer console (sandbox hosts).
    await page.getByRole('button', { name: 'Thêm kênh bán' }).first().click()
    const dialog = page.getByRole('dialog', { name: 'Thêm kênh bán' })
    await expect(dialog.getByText('Để trống để dùng máy chủ chính thức (live) của sàn.', { exact: false }).first()).toBeVisible()
    await dialog.getByLabel('Tên hiển thị').fill(channelName)
    await dialog.getByLabel('Partner ID / App key').fill(FAKE_SHOPEE_APP.partnerId)
    await dialog.getByLabel('Khóa bí mật (Partner key / App secret)').fill(FAKE_SHOPEE_APP.partnerKey)
    await dialog.getByLabel('Địa chỉ API').fill(shopee.url)
    await dialog.getByLabel('Địa chỉ trang ủy quyền').fill(shopee.url)
    await dialog.getByRole('button', { name: 'Thêm kênh' }).click()
    await expect(page.getByText(`Đã thêm kênh ${channelName}`)).toBeVisible()

    const card = page.getByRole('region', { name: channelName })
    await expect(card.getByText('Chưa kết nối')).toBeVisible()
    const [account] = (await api(request, 'channels.listAccounts', {})).filter((a) => a.displayName === channelName)
    // The secret is write-only: only the fact that there is one comes back.
    expect(account).toMatchObject({ kind: 'shopee', appKey: FAKE_SHOPEE_APP.partnerId, hasSecret: true, apiBase: shopee.url, authBase: shopee.url })
    expect(JSON.stringify(account)).not.toContain(FAKE_SHOPEE_APP.partnerKey)

    // Connect: Shopee's page opens in a tab, the seller approves, the app's callback keeps the tokens.
    const popupOpened = context.waitForEvent('page')
    await card.getByRole('button', { name: 'Kết nối cửa hàng' }).click()
    const popup = await popupOpened
    await expect(card.getByText('Đang chờ cửa hàng đồng ý…')).toBeVisible()
    await expect(popup.getByRole('heading', { name: 'Uỷ quyền cho ứng dụng' })).toBeVisible()
    await popup.getByRole('link', { name: 'Đồng ý' }).click()
    await expect(popup.getByRole('heading', { name: 'Đã kết nối cửa hàng' })).toBeVisible()
    await popup.close()
    // This screen notices by itself (it asks every 3 s while waiting).
    await expect(card.getByText('Đã kết nối', { exact: true })).toBeVisible({ timeout: 15_000 })
    await expect(card.getByText(FAKE_SHOPEE_SHOP_ID)).toBeVisible()
    await expect(card.getByText('Đang chờ cửa hàng đồng ý…')).toHaveCount(0)

    // Two products onto the channel, as drafts.
    await page.getByRole('button', { name: 'Thêm sản phẩm vào kênh' }).click()
    const picker = page.getByRole('dialog', { name: `Thêm sản phẩm vào ${channelName}` })
    const products = picker.getByLabel('Sản phẩm')
    for (const product of [honey, tea]) {
      await products.click()
      await products.pressSequentially(suffix)
      await page.getByTitle(product.name, { exact: true }).click()
    }
    // The list stays open for more picks: a click beside it closes it.
    await picker.getByText('Sản phẩm được thêm thành tin đăng nháp.', { exact: false }).click()
    await expect(picker.getByText('Thêm 2 sản phẩm')).toBeVisible()
    await picker.getByRole('button', { name: 'Thêm 2 sản phẩm' }).click()
    await expect(page.getByText('Đã thêm 2 sản phẩm vào kênh')).toBeVisible()

    const listings = page.getByRole('table', { name: 'Tin đăng' })
    const honeyRow = listings.getByRole('row', { name: new RegExp(honey.name) })
    const teaRow = listings.getByRole('row', { name: new RegExp(tea.name) })
    await expect(honeyRow.getByText('Nháp')).toBeVisible()
    await expect(teaRow.getByText('Nháp')).toBeVisible()

    // Publishing without Shopee's category is refused before anything is queued, product by product.
    await honeyRow.getByRole('checkbox').check()
    await page.getByRole('button', { name: 'Đăng bán (1)' }).click()
    await expect(page.getByText(`“${honey.name}”: chưa có mã ngành hàng của kênh.`)).toBeVisible()
    await honeyRow.getByRole('checkbox').uncheck()

    // What Shopee needs beyond the catalogue: its category and a shipping channel.
    for (const product of [honey, tea]) {
      await listings.getByRole('button', { name: `Sửa tin đăng ${product.name}` }).click()
      const editor = page.getByRole('dialog', { name: `Tin đăng: ${product.name}` })
      await editor.getByLabel('Mã ngành hàng của kênh').fill('100629')
      const logistics = editor.getByLabel('Mã kênh vận chuyển (Shopee)')
      await logistics.click()
      await logistics.pressSequentially('50011')
      await logistics.press('Enter')
      await expect(editor.getByLabel('Tên trên kênh')).toHaveAttribute('maxlength', '255')
      await editor.getByRole('button', { name: 'Lưu tin đăng' }).click()
      await expect(editor).toHaveCount(0)
    }
    const saved = await api(request, 'listings.listListings', { channelAccountId: account!.id })
    expect(saved.map((l) => ({ categoryId: l.categoryId, attributes: l.attributes }))).toEqual([
      { categoryId: '100629', attributes: { logistics: '50011' } },
      { categoryId: '100629', attributes: { logistics: '50011' } },
    ])

    // Both in one action; the worker sends them.
    await honeyRow.getByRole('checkbox').check()
    await teaRow.getByRole('checkbox').check()
    await page.getByRole('button', { name: 'Đăng bán (2)' }).click()
    await expect(page.getByText('Đã xếp 2 tin đăng chờ gửi')).toBeVisible()
    await expect(honeyRow.getByText('Đã đăng')).toBeVisible({ timeout: 30_000 })
    await expect(teaRow.getByText('Đã đăng')).toBeVisible({ timeout: 30_000 })
    await expect(honeyRow.getByTestId('pushed-stock')).toHaveText(`MO-${suffix}: 20`)
    await expect(teaRow.getByTestId('pushed-stock')).toHaveText(`TRA-${suffix}: 12`)

    const items = shopee.items()
    expect(items).toHaveLength(2)
    const honeyItem = items.find((i) => i.itemSku === `MO-${suffix}`)
    expect(honeyItem).toMatchObject({ itemName: honey.name, categoryId: 100629, logisticIds: [50011], stock: 20, price: 120000, status: 'NORMAL' })
    expect(honeyItem!.imageIds).toHaveLength(1)
    await expect(honeyRow.getByText(String(honeyItem!.itemId), { exact: true })).toBeVisible()

    // A delivery arrives: the new stock reaches Shopee without anyone touching the listing.
    await api(request, 'stock.receiveStock', { variantId: honey.variants[0]!.id, quantity: 5 })
    await expect(honeyRow.getByTestId('pushed-stock')).toHaveText(`MO-${suffix}: 25`, { timeout: 40_000 })
    expect(shopee.items().find((i) => i.itemSku === `MO-${suffix}`)?.stock).toBe(25)
    await expect(page.getByRole('table', { name: /^Đang chờ gửi/ }).getByText(honey.name)).toHaveCount(0)

    // For the platforms this shop has no API access to: the mass-upload workbook, from the product
    // list. It is a snapshot, so it must carry the stock as it is now, after the delivery.
    await page.getByRole('navigation').getByRole('link', { name: 'Sản phẩm', exact: true }).click()
    await expect(page.getByRole('heading', { name: 'Sản phẩm', exact: true })).toBeVisible()
    await page.getByRole('button', { name: 'Xuất file' }).click()
    const downloaded = page.waitForEvent('download')
    await page.getByRole('menuitem', { name: 'File đăng hàng loạt cho sàn (Excel)' }).click()
    const download = await downloaded
    const fileName = `dang-hang-loat-${todayInVietnam(Date.now()).replace(/-/g, '')}.xlsx`
    expect(download.suggestedFilename()).toBe(fileName)
    // The file holds every active product of the shared database: its row count is only known from the message.
    const done = page.getByText(new RegExp(`^Đã tạo ${fileName.replace(/\./g, '\\.')}: [\\d.]+ dòng phân loại cho mỗi sàn$`))
    await expect(done).toBeVisible()
    const rowCount = Number(/: ([\d.]+) dòng/.exec((await done.textContent()) ?? '')![1]!.replace(/\./g, ''))

    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(await download.path())
    expect(book.worksheets.map((s) => s.name)).toEqual(['Hướng dẫn', 'Shopee', 'Lazada', 'TikTok Shop'])
    const shopeeSheet = platformSheet(book, 'Shopee')
    // Shopee's Vietnamese template, in its order up to the package size, so the block pastes as one.
    expect(shopeeSheet.titles.slice(0, shopeeSheet.titles.indexOf('Chiều cao') + 1)).toEqual([
      'Ngành hàng',
      'Tên sản phẩm',
      'Mô tả sản phẩm',
      'SKU sản phẩm',
      'Mã sản phẩm',
      'Tên nhóm phân loại hàng 1',
      'Tên phân loại hàng cho nhóm phân loại hàng 1',
      'Hình ảnh mỗi phân loại',
      'Tên nhóm phân loại hàng 2',
      'Tên phân loại hàng cho nhóm phân loại hàng 2',
      'Giá',
      'Kho hàng',
      'SKU phân loại',
      'Size Chart Template',
      'Size Chart Image',
      'Ảnh bìa',
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `Hình ảnh sản phẩm ${n}`),
      'Cân nặng',
      'Chiều dài',
      'Chiều rộng',
      'Chiều cao',
    ])
    expect(shopeeSheet.notes['Giá']).toBe('Đồng, số nguyên.')

    // Each platform names the same facts its own way; the values must be the same everywhere.
    const columns = {
      Shopee: { sku: 'SKU sản phẩm', name: 'Tên sản phẩm', price: 'Giá', stock: 'Kho hàng', weight: 'Cân nặng', cover: 'Ảnh bìa' },
      Lazada: { sku: 'SKU người bán', name: 'Tên sản phẩm', price: 'Giá (đồng)', stock: 'Số lượng tồn kho', weight: 'Khối lượng gói hàng (kg)', cover: 'Ảnh 1 (ảnh chính)' },
      'TikTok Shop': {
        sku: 'SKU người bán (Seller SKU)',
        name: 'Tên sản phẩm (Product Name)',
        price: 'Giá bán lẻ, đồng (Retail Price)',
        stock: 'Số lượng (Quantity)',
        weight: 'Khối lượng gói hàng, kg (Package Weight)',
        cover: 'Ảnh chính (Main Product Image)',
      },
    } as const
    // Photos are files in the app: the seller uploads the cover and picks it on the platform.
    const coverOf = async (id: string) => `${(await api(request, 'catalog.getProduct', { id })).images[0]!.mediaKey}.jpg`
    const expected = [
      { product: honey, sku: `MO-${suffix}`, stock: 25, cover: await coverOf(honey.id) },
      { product: tea, sku: `TRA-${suffix}`, stock: 12, cover: await coverOf(tea.id) },
    ]
    for (const [sheetName, column] of Object.entries(columns)) {
      const { titles, rows } = sheetName === 'Shopee' ? shopeeSheet : platformSheet(book, sheetName)
      expect(titles, sheetName).toEqual(expect.arrayContaining(Object.values(column)))
      expect(rows, sheetName).toHaveLength(rowCount)
      for (const { product, sku, stock, cover } of expected) {
        const matching = rows.filter((r) => r[column.sku] === sku)
        expect(matching, `${sheetName} ${sku}`).toHaveLength(1)
        const row = matching[0]!
        expect({ name: row[column.name], price: row[column.price], stock: row[column.stock], weight: row[column.weight], cover: row[column.cover] }, `${sheetName} ${sku}`).toEqual({
          name: product.name,
          // Whole đồng, a number the platform's template takes as it is.
          price: 120000,
          stock,
          weight: 0.6,
          cover,
        })
      }
    }

    // A sale on Shopee: "Lấy đơn mới" brings it in now instead of at the next 10-minute round,
    // the order reserves the honey, and Shopee is told the lower stock.
    const orderSn = `2611${suffix}`.slice(0, 14)
    const shopeeOrdersBefore = (await api(request, 'orders.listOrders', { channel: 'shopee', limit: 200 })).items.length
    shopee.seedOrder({
      orderSn,
      status: 'READY_TO_SHIP',
      createdAtMs: Date.now(),
      buyerUsername: 'nguyenthilan88',
      lines: [{ itemId: honeyItem!.itemId, itemName: honey.name, itemSku: `MO-${suffix}`, modelId: 0, modelSku: '', quantity: 2, originalPrice: 120000, discountedPrice: 120000 }],
    })
    await page.getByRole('navigation').getByRole('link', { name: 'Kênh bán' }).click()
    await card.getByRole('button', { name: 'Lấy đơn mới' }).click()
    await expect(page.getByText(`Đang lấy đơn mới từ ${channelName}; đơn sẽ hiện ở mục Đơn hàng.`)).toBeVisible()
    const shopeeOrders = async () => (await api(request, 'orders.listOrders', { channel: 'shopee', limit: 200 })).items
    await expect.poll(async () => (await shopeeOrders()).length, { timeout: 30_000 }).toBe(shopeeOrdersBefore + 1)
    const [imported] = await shopeeOrders()
    expect(await api(request, 'orders.getOrder', { id: imported!.id })).toMatchObject({ externalRef: orderSn, status: 'confirmed', lines: [{ sku: `MO-${suffix}`, quantity: 2 }] })
    await expect(card.getByRole('button', { name: 'Lấy đơn mới' })).toBeEnabled({ timeout: 15_000 })
    await card.getByRole('button', { name: 'Xem tin đăng' }).click()
    await expect(honeyRow.getByTestId('pushed-stock')).toHaveText(`MO-${suffix}: 23`, { timeout: 40_000 })
    expect(shopee.items().find((i) => i.itemSku === `MO-${suffix}`)?.stock).toBe(23)
  })

  test('publishes a product on two channels in one action', async ({ page, request }) => {
    const suffix = uniqueSuffix()
    const rice = await listableProduct(request, `Gạo nếp cái hoa vàng ${suffix}`, `GN-${suffix}`, 8)
    const postmart = await api(request, 'channels.createAccount', { kind: 'file_export', displayName: `Postmart ${suffix}` })
    const voso = await api(request, 'channels.createAccount', { kind: 'file_export', displayName: `Voso ${suffix}` })
    await openApp(page)
    await page.goto('/#/channels')
    await page.getByRole('button', { name: 'Đăng nhiều sản phẩm lên nhiều kênh' }).click()
    const dialog = page.getByRole('dialog', { name: 'Đăng sản phẩm lên nhiều kênh cùng lúc' })
    // Typed without diacritics, as people do.
    const products = dialog.getByLabel('Sản phẩm')
    await products.click()
    await products.pressSequentially(`gao nep ${suffix.toLowerCase()}`)
    await page.getByTitle(rice.name, { exact: true }).click()
    // The list stays open for more picks: a click beside it closes it.
    await dialog.getByText('Sản phẩm chưa có trên một kênh', { exact: false }).click()
    await dialog.getByRole('checkbox', { name: `Postmart ${suffix} · Xuất file` }).check()
    await dialog.getByRole('checkbox', { name: `Voso ${suffix} · Xuất file` }).check()
    await dialog.getByRole('button', { name: 'Đăng 1 sản phẩm lên 2 kênh' }).click()
    await expect(page.getByText('Đã xếp 2 tin đăng chờ gửi')).toBeVisible()
    for (const account of [postmart, voso]) {
      const [listing] = await api(request, 'listings.listListings', { channelAccountId: account.id })
      expect(listing).toMatchObject({ productId: rice.id, status: 'published' })
    }
  })
})
