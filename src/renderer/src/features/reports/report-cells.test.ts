import { describe, expect, it } from 'vitest'
import { REPORT_KINDS } from '@shared/contract/reports'
import { compareCells, formatCell } from './report-cells'
import { kindFromSearch, REPORT_GROUPS } from './report-kinds'

describe('report cells on screen', () => {
  it('read as the report files print them, in Vietnamese and in English', () => {
    expect(formatCell('vnd', 1_250_000, 'vi')).toBe('1.250.000 ₫')
    expect(formatCell('int', 1250, 'vi')).toBe('1.250')
    expect(formatCell('int', 1250, 'en')).toBe('1,250')
    expect(formatCell('share', 0.425, 'vi')).toBe('42,5\u00a0%')
    expect(formatCell('share', 0.425, 'en')).toBe('42.5%')
    expect(formatCell('share', 1, 'vi')).toBe('100,0\u00a0%')
    expect(formatCell('day', '2026-11-03', 'vi')).toBe('03/11/2026')
    expect(formatCell('text', 'Khách lẻ', 'vi')).toBe('Khách lẻ')
  })

  it('show a dash for an empty cell, and keep a negative amount’s sign', () => {
    expect(formatCell('share', null, 'vi')).toBe('—')
    expect(formatCell('text', '', 'vi')).toBe('—')
    expect(formatCell('vnd', -50_000, 'vi')).toContain('-50.000')
  })

  it('sort numbers as numbers, days by date, Vietnamese names alphabetically, and empty cells last', () => {
    expect([900, null, 10_000, 25].sort((a, b) => compareCells('vnd', a, b))).toEqual([25, 900, 10_000, null])
    expect(['2026-12-01', '2026-02-28'].sort((a, b) => compareCells('day', a, b))).toEqual(['2026-02-28', '2026-12-01'])
    expect(['Đường', 'Gạo', 'Dưa'].sort((a, b) => compareCells('text', a, b))).toEqual(['Dưa', 'Đường', 'Gạo'])
  })
})

describe('the report picker', () => {
  it('offers every report the backend makes, once', () => {
    const offered = REPORT_GROUPS.flatMap((group) => group.kinds)
    expect([...offered].sort()).toEqual([...REPORT_KINDS].sort())
  })

  it('opens sales by product when the address names no report it knows', () => {
    expect(kindFromSearch(new URLSearchParams('kind=payments'))).toBe('payments')
    expect(kindFromSearch(new URLSearchParams('kind=profit'))).toBe('sales_by_product')
    expect(kindFromSearch(new URLSearchParams(''))).toBe('sales_by_product')
  })
})
