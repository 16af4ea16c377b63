import { describe, expect, it } from 'vitest'
import {
  GROWING_AREA_CODE_PATTERN,
  LOT_CERT_KINDS,
  LOT_CERT_KIND_NAMES,
  LOT_CODE_PATTERN,
  LOT_ERROR_REASONS,
  LOT_WARNING_REASONS,
  certificationState,
  compareForPicking,
  isGrowingAreaCode,
  lotCodeKey,
  normaliseGrowingAreaCode,
  resolveExpiry,
  suggestLotCode,
  validateLot,
  validateLotCertification,
  type LotInput,
  type PickableLot,
} from './lot'

const TODAY = '2026-11-28'

function lot(overrides: Partial<LotInput> = {}): LotInput {
  return {
    lotCode: 'MOHN-261120-01',
    dateKind: 'harvest',
    harvestDate: '2026-11-20',
    expiryDate: null,
    shelfLifeDays: 365,
    quantity: 120,
    growingAreaCodes: ['VN-HNOI-0123'],
    ...overrides,
  }
}

describe('lot codes', () => {
  it.each(['MOHN-260915-01', 'a', 'lot_2026.09', 'X'.repeat(40), '123'])('accepts %s', (code) => {
    expect(LOT_CODE_PATTERN.test(code)).toBe(true)
  })

  it.each(['', 'MOHN 01', 'MOHN/01', 'Mật-01', 'X'.repeat(41), 'A#1'])('refuses %s', (code) => {
    expect(LOT_CODE_PATTERN.test(code)).toBe(false)
  })

  it('compares codes case-insensitively, like the database', () => {
    expect(lotCodeKey(' mohn-01 ')).toBe(lotCodeKey('MOHN-01'))
  })

  it('suggests SKU-YYMMDD-NN', () => {
    expect(suggestLotCode('MOHN', '2026-09-15', 1)).toBe('MOHN-260915-01')
    expect(suggestLotCode('MOHN', '2026-09-15', 12)).toBe('MOHN-260915-12')
    expect(suggestLotCode('MOHN', '2026-09-15', 123)).toBe('MOHN-260915-123')
    expect(suggestLotCode('MOHN', '2000-01-01', 1)).toBe('MOHN-000101-01')
  })

  it('folds a Vietnamese or messy SKU into a valid code', () => {
    expect(suggestLotCode('mật ong hoa nhãn', '2026-09-15', 1)).toBe('MAT-ONG-HOA-NHAN-260915-01')
    expect(suggestLotCode('  Đậu/phộng (500g) ', '2026-09-15', 2)).toBe('DAU-PHONG-500G-260915-02')
    expect(suggestLotCode('---', '2026-09-15', 1)).toBe('LOT-260915-01')
    expect(suggestLotCode('', '2026-09-15', 1)).toBe('LOT-260915-01')
  })

  it('shortens a long SKU so the code fits in 40 characters', () => {
    const code = suggestLotCode('GAO-ST25-'.repeat(10), '2026-09-15', 7)
    expect(code.length).toBeLessThanOrEqual(40)
    expect(code.endsWith('-260915-07')).toBe(true)
    expect(code).not.toMatch(/--/)
    for (const sku of ['A'.repeat(100), 'mật ong '.repeat(20), 'x.y_z-'.repeat(20)]) {
      expect(LOT_CODE_PATTERN.test(suggestLotCode(sku, '2026-09-15', 99))).toBe(true)
    }
  })

  it('refuses a bad date or sequence', () => {
    expect(() => suggestLotCode('MOHN', '15/09/2026', 1)).toThrow(RangeError)
    expect(() => suggestLotCode('MOHN', '2026-09-15', 0)).toThrow(RangeError)
    expect(() => suggestLotCode('MOHN', '2026-09-15', 1.5)).toThrow(RangeError)
  })
})

describe('resolveExpiry', () => {
  it('prefers the explicit expiry date', () => {
    expect(resolveExpiry({ harvestDate: '2026-09-15', expiryDate: '2026-10-01', shelfLifeDays: 10 })).toBe('2026-10-01')
  })

  it('adds the shelf life to the harvest date', () => {
    expect(resolveExpiry({ harvestDate: '2026-09-15', shelfLifeDays: 10 })).toBe('2026-09-25')
    expect(resolveExpiry({ harvestDate: '2026-12-25', shelfLifeDays: 10 })).toBe('2027-01-04')
    expect(resolveExpiry({ harvestDate: '2028-02-20', shelfLifeDays: 10 })).toBe('2028-03-01')
    expect(resolveExpiry({ harvestDate: '2026-09-15', expiryDate: '', shelfLifeDays: 1 })).toBe('2026-09-16')
  })

  it('gives null when there is nothing to go on or the input cannot give a date', () => {
    expect(resolveExpiry({ harvestDate: '2026-09-15' })).toBeNull()
    expect(resolveExpiry({ harvestDate: '2026-09-15', expiryDate: null, shelfLifeDays: null })).toBeNull()
    expect(resolveExpiry({ harvestDate: '2026-09-15', shelfLifeDays: 0 })).toBeNull()
    expect(resolveExpiry({ harvestDate: '2026-09-15', shelfLifeDays: 2.5 })).toBeNull()
    expect(resolveExpiry({ harvestDate: '2026-09-15', expiryDate: '2026-09-31' })).toBeNull()
    expect(resolveExpiry({ harvestDate: '', shelfLifeDays: 10 })).toBeNull()
  })
})

describe('growing-area codes', () => {
  it.each(['VN-HNOI-0123', 'HN-0123-001', '12345', 'VN.DL.001', '01/2024/VT-BVTV', 'ABC', 'X'.repeat(40)])(
    'accepts %s',
    (code) => {
      expect(GROWING_AREA_CODE_PATTERN.test(code)).toBe(true)
    },
  )

  it.each(['AB', 'X'.repeat(41), 'VN HNOI 0123', 'VN_HNOI', '-VN01', 'VN01-', 'vn-hnoi-0123', 'ĐL-001'])(
    'refuses %s as stored',
    (code) => {
      expect(GROWING_AREA_CODE_PATTERN.test(code)).toBe(false)
    },
  )

  it('normalises by trimming and upper-casing', () => {
    expect(normaliseGrowingAreaCode('  vn-hnoi-0123 ')).toBe('VN-HNOI-0123')
    expect(isGrowingAreaCode('  vn-hnoi-0123 ')).toBe(true)
  })
})

describe('validateLot', () => {
  it('accepts a well-formed lot', () => {
    expect(validateLot(lot(), { today: TODAY })).toEqual({ errors: [], warnings: [] })
  })

  it('accepts a lot with no expiry and no growing area (e.g. handicrafts)', () => {
    const input = lot({ shelfLifeDays: null, growingAreaCodes: [], dateKind: 'production' })
    expect(validateLot(input, { today: TODAY })).toEqual({ errors: [], warnings: [] })
  })

  it('requires a lot code in the allowed characters', () => {
    expect(validateLot(lot({ lotCode: '  ' }), { today: TODAY }).errors).toEqual([
      { field: 'lotCode', reason: 'lot_code_required' },
    ])
    expect(validateLot(lot({ lotCode: 'LÔ 01' }), { today: TODAY }).errors).toEqual([
      { field: 'lotCode', reason: 'lot_code_format', params: { max: 40 } },
    ])
    expect(validateLot(lot({ lotCode: ' MOHN-01 ' }), { today: TODAY }).errors).toEqual([])
  })

  it('refuses a harvest date after today; today is fine', () => {
    expect(validateLot(lot({ harvestDate: '2026-11-29' }), { today: TODAY }).errors).toEqual([
      { field: 'harvestDate', reason: 'harvest_in_future', params: { today: TODAY, dateKind: 'harvest' } },
    ])
    expect(validateLot(lot({ harvestDate: TODAY }), { today: TODAY }).errors).toEqual([])
  })

  it('requires a valid harvest date', () => {
    expect(validateLot(lot({ harvestDate: '' }), { today: TODAY }).errors).toEqual([
      { field: 'harvestDate', reason: 'date_required' },
    ])
    expect(validateLot(lot({ harvestDate: '2026-02-29' }), { today: TODAY }).errors).toEqual([
      { field: 'harvestDate', reason: 'date_format' },
    ])
  })

  it('refuses an expiry before the harvest date; the same day is fine', () => {
    const before = validateLot(lot({ shelfLifeDays: null, expiryDate: '2026-11-19' }), { today: TODAY })
    expect(reasons(before).errors).toEqual(['expiry_before_harvest'])
    const sameDay = validateLot(lot({ shelfLifeDays: null, expiryDate: '2026-11-20' }), { today: TODAY })
    expect(sameDay.errors).toEqual([])
  })

  it.each([0, -3, 3651, 2.5])('refuses a shelf life of %d days', (shelfLifeDays) => {
    expect(validateLot(lot({ shelfLifeDays }), { today: TODAY }).errors).toEqual([
      { field: 'shelfLifeDays', reason: 'shelf_life_range', params: { min: 1, max: 3650 } },
    ])
  })

  it('accepts expiry and shelf life together only when they agree', () => {
    expect(validateLot(lot({ shelfLifeDays: 10, expiryDate: '2026-11-30' }), { today: TODAY }).errors).toEqual([])
    expect(validateLot(lot({ shelfLifeDays: 10, expiryDate: '2026-12-01' }), { today: TODAY }).errors).toEqual([
      { field: 'expiryDate', reason: 'expiry_xor_shelf_life', params: { expected: '2026-11-30' } },
    ])
  })

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a quantity of %d', (quantity) => {
    expect(validateLot(lot({ quantity }), { today: TODAY }).errors).toEqual([
      { field: 'quantity', reason: 'quantity_positive' },
    ])
  })

  it('checks each growing-area code after normalising it', () => {
    const result = validateLot(lot({ growingAreaCodes: [' vn-hnoi-0123', 'VN HNOI', 'VN-HNOI-0123', 'HN-0123-001'] }), {
      today: TODAY,
    })
    expect(result.errors).toEqual([
      { field: 'growingAreaCodes.1', reason: 'growing_area_code_format', params: { code: 'VN HNOI', min: 3, max: 40 } },
      { field: 'growingAreaCodes.2', reason: 'growing_area_code_duplicate', params: { code: 'VN-HNOI-0123' } },
    ])
  })

  it('warns, but allows, recording a lot that has already expired', () => {
    const input = lot({ harvestDate: '2026-11-01', shelfLifeDays: 7 })
    expect(validateLot(input, { today: TODAY })).toEqual({
      errors: [],
      warnings: [{ field: 'expiryDate', reason: 'already_expired', params: { expiryDate: '2026-11-08' } }],
    })
    // Good through its expiry date.
    expect(validateLot(input, { today: '2026-11-08' }).warnings).toEqual([])
  })

  it('refuses an unknown date kind', () => {
    expect(reasons(validateLot(lot({ dateKind: 'planting' }), { today: TODAY })).errors).toEqual(['date_kind_invalid'])
  })

  it('only returns the reason codes it declares', () => {
    const result = validateLot(
      {
        lotCode: 'bad code',
        dateKind: 'x',
        harvestDate: '2027-01-01',
        expiryDate: '2026-01-01',
        shelfLifeDays: 0,
        quantity: 0,
        growingAreaCodes: ['?', '?'],
      },
      { today: TODAY },
    )
    for (const issue of result.errors) expect(LOT_ERROR_REASONS).toContain(issue.reason)
    for (const issue of result.warnings) expect(LOT_WARNING_REASONS).toContain(issue.reason)
  })
})

describe('lot certifications', () => {
  it('names every kind in both languages', () => {
    expect(LOT_CERT_KINDS).toEqual(['vietgap', 'organic', 'food_safety', 'globalgap', 'other'])
    for (const kind of LOT_CERT_KINDS) {
      expect(LOT_CERT_KIND_NAMES[kind].vi.length).toBeGreaterThan(0)
      expect(LOT_CERT_KIND_NAMES[kind].en.length).toBeGreaterThan(0)
    }
  })

  it('validates kind and dates', () => {
    const ok = { kind: 'vietgap', number: 'VietGAP-TT-01-23', issueDate: '2025-01-10', expiryDate: '2028-01-10' }
    expect(validateLotCertification(ok, { today: TODAY })).toEqual({ errors: [], warnings: [] })
    expect(validateLotCertification({ kind: 'food_safety' }, { today: TODAY })).toEqual({ errors: [], warnings: [] })
    expect(reasons(validateLotCertification({ ...ok, kind: 'iso' }, { today: TODAY })).errors).toEqual([
      'cert_kind_invalid',
    ])
    expect(reasons(validateLotCertification({ ...ok, expiryDate: '2025-01-10' }, { today: TODAY })).errors).toEqual([
      'expiry_before_issue',
    ])
    expect(reasons(validateLotCertification({ ...ok, issueDate: '2026-12-01' }, { today: TODAY })).errors).toEqual([
      'issue_in_future',
    ])
    expect(reasons(validateLotCertification({ ...ok, expiryDate: '2026-11-27' }, { today: TODAY })).warnings).toEqual([
      'already_expired',
    ])
  })

  it('has the same states and windows as an OCOP certificate', () => {
    expect(certificationState('2026-12-28', TODAY)).toEqual({ state: 'expiring', daysLeft: 30, window: 30 })
    expect(certificationState('2026-11-28', TODAY)).toEqual({ state: 'expiring', daysLeft: 0, window: 30 })
    expect(certificationState('2026-11-27', TODAY)).toEqual({ state: 'expired', daysLeft: -1, window: null })
    expect(certificationState('2027-12-31', TODAY).state).toBe('valid')
    expect(certificationState('2027-12-31', TODAY, { revokedAt: '2026-11-01' }).state).toBe('revoked')
  })
})

describe('compareForPicking', () => {
  const codes = (lots: PickableLot[]) => [...lots].sort(compareForPicking).map((l) => l.lotCode)

  it('picks the earliest expiry first, whatever the harvest date', () => {
    expect(
      codes([
        { lotCode: 'B', harvestDate: '2026-09-01', expiryDate: '2026-12-31' },
        { lotCode: 'A', harvestDate: '2026-10-01', expiryDate: '2026-12-01' },
      ]),
    ).toEqual(['A', 'B'])
  })

  it('breaks an expiry tie by harvest date, then lot code', () => {
    expect(
      codes([
        { lotCode: 'C', harvestDate: '2026-10-02', expiryDate: '2026-12-01' },
        { lotCode: 'b', harvestDate: '2026-10-01', expiryDate: '2026-12-01' },
        { lotCode: 'A', harvestDate: '2026-10-01', expiryDate: '2026-12-01' },
      ]),
    ).toEqual(['A', 'b', 'C'])
  })

  it('puts lots without expiry last, oldest harvest first, then by code', () => {
    expect(
      codes([
        { lotCode: 'N2', harvestDate: '2026-08-01' },
        { lotCode: 'E2', harvestDate: '2026-10-01', expiryDate: '2027-06-01' },
        { lotCode: 'N1', harvestDate: '2026-07-01', expiryDate: null },
        { lotCode: 'E1', harvestDate: '2026-10-01', expiryDate: '2027-01-01' },
        { lotCode: 'N0', harvestDate: '2026-07-01' },
      ]),
    ).toEqual(['E1', 'E2', 'N0', 'N1', 'N2'])
  })

  it('uses the shelf life when the expiry date is not stored', () => {
    expect(
      codes([
        { lotCode: 'Stored', harvestDate: '2026-10-01', expiryDate: '2026-10-20' },
        { lotCode: 'Shelf', harvestDate: '2026-10-05', shelfLifeDays: 10 },
      ]),
    ).toEqual(['Shelf', 'Stored'])
  })

  it('is a total order: codes equal but for case still sort the same way every time', () => {
    const a = { lotCode: 'lot-1', harvestDate: '2026-10-01' }
    const b = { lotCode: 'LOT-1', harvestDate: '2026-10-01' }
    expect(compareForPicking(a, b)).toBe(-compareForPicking(b, a))
    expect(compareForPicking(a, b)).not.toBe(0)
    expect(compareForPicking(a, { ...a })).toBe(0)
  })
})

function reasons(result: { errors: { reason: string }[]; warnings: { reason: string }[] }) {
  return { errors: result.errors.map((i) => i.reason), warnings: result.warnings.map((i) => i.reason) }
}
