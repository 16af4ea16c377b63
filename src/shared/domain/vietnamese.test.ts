import { describe, expect, it } from 'vitest'
import { foldVietnamese, searchTokens } from './vietnamese'

describe('foldVietnamese', () => {
  it.each([
    ['Nước mắm Phú Quốc', 'nuoc mam phu quoc'],
    ['Đậu phộng rang muối', 'dau phong rang muoi'],
    ['ĐẶC SẢN ĐỒNG THÁP', 'dac san dong thap'],
    ['Mật ong hoa nhãn Hưng Yên', 'mat ong hoa nhan hung yen'],
    ['Chè Shan tuyết cổ thụ', 'che shan tuyet co thu'],
    ['Gạo ST25 – Sóc Trăng', 'gao st25 – soc trang'],
    ['Bưởi Diễn', 'buoi dien'],
    ['Lụa Vạn Phúc', 'lua van phuc'],
    ['Miến dong Bắc Kạn', 'mien dong bac kan'],
    ['  Tương   Bần  ', 'tuong ban'],
  ])('folds %s', (input, expected) => {
    expect(foldVietnamese(input)).toBe(expected)
  })

  it('gives the same result for NFC and NFD input', () => {
    const nfc = 'Nước mắm Đà Nẵng'.normalize('NFC')
    const nfd = 'Nước mắm Đà Nẵng'.normalize('NFD')
    expect(nfc).not.toBe(nfd)
    expect(foldVietnamese(nfc)).toBe(foldVietnamese(nfd))
    expect(foldVietnamese(nfd)).toBe('nuoc mam da nang')
  })

  it('folds đ and Đ to d, which stripping combining marks alone does not do', () => {
    expect('đ'.normalize('NFD')).toBe('đ')
    expect(foldVietnamese('đường Đỏ')).toBe('duong do')
  })
})

describe('searchTokens', () => {
  it('splits on anything that is not a letter or a digit', () => {
    expect(searchTokens('Gạo ST25 (túi 5kg), loại-1')).toEqual(['gao', 'st25', 'tui', '5kg', 'loai', '1'])
  })
  it('returns nothing for punctuation only', () => {
    expect(searchTokens(' -- / ')).toEqual([])
  })
})
