import { describe, expect, it } from 'vitest'
import { VIETQR_BANKS, findBankByBin } from './banks'

describe('VIETQR_BANKS', () => {
  it('has the BINs of the payments fact sheet (section 4)', () => {
    const expected: Record<string, string> = {
      '970436': 'Vietcombank',
      '970415': 'VietinBank',
      '970418': 'BIDV',
      '970405': 'Agribank',
      '970446': 'Co-opBank',
      '970422': 'MB',
      '970407': 'Techcombank',
      '970416': 'ACB',
      '970403': 'Sacombank',
      '970432': 'VPBank',
      '970423': 'TPBank',
    }
    for (const [bin, shortName] of Object.entries(expected)) expect(findBankByBin(bin)?.shortName).toBe(shortName)
  })

  it('gives every bank a 6-digit BIN starting with 970, a short name and a Vietnamese full name', () => {
    for (const bank of VIETQR_BANKS) {
      expect(bank.bin).toMatch(/^970\d{3}$/)
      expect(bank.shortName.trim()).not.toBe('')
      expect(bank.name).toMatch(/^Ngân hàng /)
    }
  })

  it('never lists a BIN or a short name twice', () => {
    expect(new Set(VIETQR_BANKS.map((b) => b.bin)).size).toBe(VIETQR_BANKS.length)
    expect(new Set(VIETQR_BANKS.map((b) => b.shortName.toLowerCase())).size).toBe(VIETQR_BANKS.length)
  })

  it('keeps Vietcombank and VietinBank apart (a public list swaps them)', () => {
    expect(findBankByBin('970436')?.name).toBe('Ngân hàng TMCP Ngoại thương Việt Nam')
    expect(findBankByBin('970415')?.name).toBe('Ngân hàng TMCP Công thương Việt Nam')
  })
})

describe('findBankByBin', () => {
  it('finds a bank confirmed by two lists beyond the fact sheet', () => {
    expect(findBankByBin('970448')).toEqual({ bin: '970448', shortName: 'OCB', name: 'Ngân hàng TMCP Phương Đông' })
    expect(findBankByBin(' 970441 ')?.shortName).toBe('VIB')
  })

  it.each(['', '970401', '970410', '97043', '9704360', 'VCB', '970999'])('returns null for %j rather than guessing', (bin) => {
    expect(findBankByBin(bin)).toBeNull()
  })
})
