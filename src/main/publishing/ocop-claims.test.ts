import { describe, expect, it } from 'vitest'
import { claimLine, stripUnbackedClaims } from './ocop-claims'

describe('OCOP star claims in what we send', () => {
  it('keeps a claim the certificate backs, and takes out any other', () => {
    expect(stripUnbackedClaims('Mật ong hoa nhãn OCOP 4 sao', 4)).toBe('Mật ong hoa nhãn OCOP 4 sao')
    expect(stripUnbackedClaims('Mật ong hoa nhãn OCOP 5 sao', 4)).toBe('Mật ong hoa nhãn')
    expect(stripUnbackedClaims('Mật ong hoa nhãn - OCOP 4★', null)).toBe('Mật ong hoa nhãn')
    expect(stripUnbackedClaims('Gạo nếp 3 sao OCOP, thơm dẻo', null)).toBe('Gạo nếp, thơm dẻo')
    expect(stripUnbackedClaims('Trà xanh ocop-4 sao', null)).toBe('Trà xanh')
  })

  it('leaves text without a star claim alone', () => {
    expect(stripUnbackedClaims('Khách sạn 5 sao dùng gạo của HTX', null)).toBe('Khách sạn 5 sao dùng gạo của HTX')
    expect(stripUnbackedClaims('Sản phẩm tham gia chương trình OCOP', null)).toBe('Sản phẩm tham gia chương trình OCOP')
  })

  it('states the claim from the certificate, with its expiry as people write dates', () => {
    expect(claimLine({ stars: 4, certificateNumber: '1234/QĐ-UBND', expiryDate: '2028-03-01' })).toBe('Sản phẩm OCOP 4 sao – giấy chứng nhận số 1234/QĐ-UBND, hiệu lực đến 01/03/2028.')
  })
})
