import { expect, test } from '@playwright/test'
import { api, openApp } from './support'

test.describe('first run', () => {
  test('asks for the cooperative’s details, then opens the overview, with the product list one click away', async ({ page, request }) => {
    const sellers = await api(request, 'sellers.listSellers', {})
    expect(sellers, 'the first-run spec needs the empty database the e2e server starts with').toEqual([])

    await openApp(page)
    await expect(page.getByRole('heading', { name: 'Thiết lập hợp tác xã' })).toBeVisible()
    // The token has left the address bar.
    expect(page.url()).not.toContain('token')

    await page.getByLabel('Tên chủ thể').fill('HTX Nông nghiệp Dương Xá')
    await page.getByLabel('Mã số thuế').fill('12345')
    await page.getByLabel('Số điện thoại').fill('0912 345 678')
    await page.getByRole('button', { name: 'Lưu và bắt đầu' }).click()
    await expect(page.getByText('Mã số thuế gồm 10 số, 10 số-3 số (chi nhánh) hoặc 12 số (CCCD)')).toBeVisible()

    await page.getByLabel('Mã số thuế').fill('0101234567')
    await page.getByLabel('Người đại diện').fill('Nguyễn Thị Lan')
    await page.getByLabel('Địa chỉ').fill('Xã Dương Xá, huyện Gia Lâm, Hà Nội')
    // The bank is found by its Vietnamese name typed without tone marks.
    await page.getByLabel('Ngân hàng').fill('nong nghiep')
    await page.getByTitle('Agribank', { exact: true }).click()
    await page.getByLabel('Số tài khoản').fill('1500 2050 12345')
    await page.getByLabel('Chủ tài khoản').fill('HTX NONG NGHIEP DUONG XA')
    await expect(page.getByRole('img', { name: 'Mã VietQR tài khoản 1500205012345 tại Agribank' })).toBeVisible()
    await page.getByRole('button', { name: 'Lưu và bắt đầu' }).click()

    await expect(page.getByRole('heading', { name: 'Tổng quan', level: 2 })).toBeVisible()
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Chủ thể' })).toBeVisible()
    await page.getByRole('navigation').getByRole('link', { name: 'Sản phẩm' }).click()
    await expect(page.getByRole('heading', { name: 'Sản phẩm' })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Thêm sản phẩm' })).toBeVisible()

    const [seller] = await api(request, 'sellers.listSellers', {})
    expect(seller).toMatchObject({ name: 'HTX Nông nghiệp Dương Xá', kind: 'cooperative', taxCode: '0101234567', phone: '0912345678', isDefault: true })
    expect(seller).toMatchObject({ bankBin: '970405', bankName: 'Agribank', bankAccountNumber: '1500205012345' })
  })
})
