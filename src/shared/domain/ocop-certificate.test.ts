import { describe, expect, it } from 'vitest'
import { OCOP_GROUPS } from './ocop'
import {
  CERTIFICATE_ERROR_REASONS,
  CERTIFICATE_WARNING_REASONS,
  DEFAULT_VALIDITY_MONTHS,
  EXPIRY_WINDOWS,
  OCOP_SUBGROUPS,
  SCORE_BANDS,
  certificateState,
  defaultExpiry,
  effectiveOcopCertificate,
  effectiveOcopStars,
  isOcopSubgroup,
  issuingLevelForStar,
  starForScore,
  subgroupsOf,
  validateCertificate,
  type CertificateInput,
} from './ocop-certificate'

const TODAY = '2026-11-28'

function cert(overrides: Partial<CertificateInput> = {}): CertificateInput {
  return {
    certificateNumber: '123/QĐ-UBND',
    stars: 4,
    totalScore: 78,
    ocopGroup: 'ocop.food',
    subgroup: 'food.raw.honey',
    issuingLevel: 'province',
    issueDate: '2025-03-15',
    expiryDate: '2028-03-15',
    decisionNumber: '1234/QĐ-UBND',
    decisionDate: '2025-03-10',
    ...overrides,
  }
}

function reasons(result: { errors: { reason: string }[]; warnings: { reason: string }[] }) {
  return { errors: result.errors.map((i) => i.reason), warnings: result.warnings.map((i) => i.reason) }
}

describe('defaultExpiry', () => {
  it('is the issue date plus 36 months, clamped to the end of the month', () => {
    expect(DEFAULT_VALIDITY_MONTHS).toBe(36)
    expect(defaultExpiry('2023-03-15')).toBe('2026-03-15')
    expect(defaultExpiry('2024-02-29')).toBe('2027-02-28')
    expect(defaultExpiry('2025-02-28')).toBe('2028-02-28')
    expect(defaultExpiry('2023-12-31')).toBe('2026-12-31')
  })
})

describe('issuing level and score bands', () => {
  it('sends 5★ to the central level and 3–4★ to the province', () => {
    expect(issuingLevelForStar(5)).toBe('central')
    expect(issuingLevelForStar(4)).toBe('province')
    expect(issuingLevelForStar(3)).toBe('province')
  })

  it.each([
    [100, 5],
    [90, 5],
    [89, 4],
    [70, 4],
    [69, 3],
    [50, 3],
    [49, null],
    [0, null],
  ])('a score of %d is %s★', (score, star) => {
    expect(starForScore(score)).toBe(star)
  })

  it('has bands that do not overlap and cover 50–100', () => {
    expect(SCORE_BANDS[3].max + 1).toBe(SCORE_BANDS[4].min)
    expect(SCORE_BANDS[4].max + 1).toBe(SCORE_BANDS[5].min)
    expect(SCORE_BANDS[5].max).toBe(100)
  })
})

describe('OCOP_SUBGROUPS', () => {
  it('lists the eight food sub-groups of the annex with both names', () => {
    expect(subgroupsOf('ocop.food').map((code) => OCOP_SUBGROUPS[code].ref)).toEqual([
      '1a',
      '1b',
      '2a',
      '2b',
      '3a',
      '3b',
      '3c',
      '3d',
    ])
    for (const entry of Object.values(OCOP_SUBGROUPS)) {
      expect(entry.vi.length).toBeGreaterThan(0)
      expect(entry.en.length).toBeGreaterThan(0)
      expect(OCOP_GROUPS).toContain(entry.group)
    }
  })

  it('has no list for the other groups (free text)', () => {
    expect(subgroupsOf('ocop.beverage')).toEqual([])
    expect(subgroupsOf('ocop.handicraft')).toEqual([])
  })

  it('knows its codes and nothing else', () => {
    expect(isOcopSubgroup('food.fresh.produce')).toBe(true)
    expect(isOcopSubgroup('Rượu vang')).toBe(false)
    expect(isOcopSubgroup('toString')).toBe(false)
  })
})

describe('validateCertificate', () => {
  it('accepts a well-formed 4★ certificate', () => {
    expect(validateCertificate(cert(), { today: TODAY })).toEqual({ errors: [], warnings: [] })
  })

  it('accepts a 5★ central certificate with no score, sub-group or decision', () => {
    const input = cert({
      stars: 5,
      issuingLevel: 'central',
      totalScore: null,
      subgroup: null,
      decisionNumber: null,
      decisionDate: null,
    })
    expect(validateCertificate(input, { today: TODAY })).toEqual({ errors: [], warnings: [] })
  })

  it('requires a certificate number', () => {
    const result = validateCertificate(cert({ certificateNumber: '   ' }), { today: TODAY })
    expect(result.errors).toEqual([{ field: 'certificateNumber', reason: 'certificate_number_required' }])
  })

  it.each([1, 2, 6, 0, 3.5, Number.NaN])('refuses %d stars', (stars) => {
    const result = validateCertificate(cert({ stars }), { today: TODAY })
    expect(result.errors).toContainEqual({ field: 'stars', reason: 'star_range', params: { min: 3, max: 5 } })
  })

  it.each([-1, 101, 78.5])('refuses a score of %d', (totalScore) => {
    const result = validateCertificate(cert({ totalScore }), { today: TODAY })
    expect(reasons(result).errors).toEqual(['score_range'])
    expect(reasons(result).warnings).toEqual([])
  })

  it('requires the issuing level that goes with the star', () => {
    expect(validateCertificate(cert({ stars: 5, totalScore: 92 }), { today: TODAY }).errors).toEqual([
      { field: 'issuingLevel', reason: 'level_for_star', params: { stars: 5, expected: 'central' } },
    ])
    expect(validateCertificate(cert({ stars: 3, totalScore: 60, issuingLevel: 'central' }), { today: TODAY }).errors).toEqual([
      { field: 'issuingLevel', reason: 'level_for_star', params: { stars: 3, expected: 'province' } },
    ])
    expect(reasons(validateCertificate(cert({ issuingLevel: 'district' }), { today: TODAY })).errors).toEqual([
      'issuing_level_invalid',
    ])
  })

  it('requires one of the six groups', () => {
    const result = validateCertificate(cert({ ocopGroup: 'Thực phẩm', subgroup: null }), { today: TODAY })
    expect(result.errors).toEqual([{ field: 'ocopGroup', reason: 'group_required' }])
  })

  it('refuses a known food sub-group under another group, but lets free text through', () => {
    const mismatch = validateCertificate(cert({ ocopGroup: 'ocop.beverage' }), { today: TODAY })
    expect(mismatch.errors).toEqual([
      {
        field: 'subgroup',
        reason: 'subgroup_mismatch',
        params: { subgroup: 'food.raw.honey', group: 'ocop.beverage', expectedGroup: 'ocop.food' },
      },
    ])
    const free = validateCertificate(cert({ ocopGroup: 'ocop.beverage', subgroup: 'Rượu, bia' }), { today: TODAY })
    expect(free.errors).toEqual([])
  })

  it('requires the expiry to be after the issue date', () => {
    for (const expiryDate of ['2025-03-15', '2025-03-14']) {
      const result = validateCertificate(cert({ expiryDate }), { today: TODAY })
      expect(result.errors).toEqual([
        { field: 'expiryDate', reason: 'expiry_before_issue', params: { issueDate: '2025-03-15' } },
      ])
    }
  })

  it('refuses a decision dated after the issue date; the same day is fine', () => {
    expect(validateCertificate(cert({ decisionDate: '2025-03-16' }), { today: TODAY }).errors).toEqual([
      { field: 'decisionDate', reason: 'decision_date_after_issue', params: { issueDate: '2025-03-15' } },
    ])
    expect(validateCertificate(cert({ decisionDate: '2025-03-15' }), { today: TODAY }).errors).toEqual([])
  })

  it('refuses an issue date after today; today itself is fine', () => {
    const future = validateCertificate(cert({ issueDate: '2026-11-29', expiryDate: '2029-11-29', decisionDate: null }), {
      today: TODAY,
    })
    expect(future.errors).toEqual([{ field: 'issueDate', reason: 'issue_in_future', params: { today: TODAY } }])
    const sameDay = validateCertificate(cert({ issueDate: TODAY, expiryDate: '2029-11-28', decisionDate: null }), {
      today: TODAY,
    })
    expect(sameDay.errors).toEqual([])
  })

  it('reports missing and malformed dates once, without the checks that depend on them', () => {
    const result = validateCertificate(cert({ issueDate: '', expiryDate: '15/03/2028', decisionDate: '2025-02-30' }), {
      today: TODAY,
    })
    expect(result.errors).toEqual([
      { field: 'issueDate', reason: 'date_required' },
      { field: 'expiryDate', reason: 'date_format' },
      { field: 'decisionDate', reason: 'date_format' },
    ])
    expect(result.warnings).toEqual([])
  })

  it('warns when the score is outside the band of the star', () => {
    const result = validateCertificate(cert({ totalScore: 91 }), { today: TODAY })
    expect(result.errors).toEqual([])
    expect(result.warnings).toEqual([
      { field: 'totalScore', reason: 'score_star_mismatch', params: { score: 91, stars: 4, min: 70, max: 89 } },
    ])
    expect(reasons(validateCertificate(cert({ totalScore: 45 }), { today: TODAY })).warnings).toEqual([
      'score_star_mismatch',
    ])
  })

  it('warns when the validity is not 36 months', () => {
    const result = validateCertificate(cert({ expiryDate: '2028-03-14' }), { today: TODAY })
    expect(result.errors).toEqual([])
    expect(result.warnings).toEqual([
      { field: 'expiryDate', reason: 'validity_unusual', params: { expected: '2028-03-15', months: 36 } },
    ])
  })

  it('accepts 29 Feb + 36 months = 28 Feb without a warning', () => {
    const input = cert({ issueDate: '2024-02-29', expiryDate: '2027-02-28', decisionDate: null })
    expect(validateCertificate(input, { today: TODAY })).toEqual({ errors: [], warnings: [] })
  })

  it('warns, but allows, saving a certificate that has already expired', () => {
    const input = cert({ issueDate: '2022-06-01', expiryDate: '2025-06-01', decisionDate: '2022-05-20' })
    expect(validateCertificate(input, { today: TODAY })).toEqual({
      errors: [],
      warnings: [{ field: 'expiryDate', reason: 'already_expired', params: { expiryDate: '2025-06-01' } }],
    })
    // On its expiry date it is still valid.
    expect(validateCertificate(input, { today: '2025-06-01' }).warnings).toEqual([])
  })

  it('only returns the reason codes it declares', () => {
    const result = validateCertificate(
      cert({
        certificateNumber: '',
        stars: 7,
        totalScore: 200,
        ocopGroup: 'x',
        issuingLevel: 'x',
        issueDate: '2027-01-01',
        expiryDate: '2026-01-01',
        decisionDate: '2027-02-01',
      }),
      { today: TODAY },
    )
    for (const issue of result.errors) expect(CERTIFICATE_ERROR_REASONS).toContain(issue.reason)
    for (const issue of result.warnings) expect(CERTIFICATE_WARNING_REASONS).toContain(issue.reason)
    expect(result.errors.length).toBeGreaterThanOrEqual(7)
  })

  it('refuses an invalid today (a programming error)', () => {
    expect(() => validateCertificate(cert(), { today: '28/11/2026' })).toThrow(RangeError)
  })
})

describe('certificateState', () => {
  const expiry = '2027-06-30'

  it.each([
    ['2026-12-31', 'valid', 181, null],
    ['2027-01-01', 'expiring', 180, 180],
    ['2027-04-01', 'expiring', 90, 90],
    ['2027-03-31', 'expiring', 91, 180],
    ['2027-05-31', 'expiring', 30, 30],
    ['2027-05-30', 'expiring', 31, 90],
    ['2027-06-30', 'expiring', 0, 30],
    ['2027-07-01', 'expired', -1, null],
    ['2028-01-01', 'expired', -185, null],
  ] as const)('on %s it is %s with %d days left (window %s)', (today, state, daysLeft, window) => {
    expect(certificateState(expiry, today)).toEqual({ state, daysLeft, window })
  })

  it('lists the windows largest first', () => {
    expect(EXPIRY_WINDOWS).toEqual([180, 90, 30])
  })

  it('is valid through its expiry date across a year boundary', () => {
    expect(certificateState('2026-12-31', '2026-12-31').state).toBe('expiring')
    expect(certificateState('2026-12-31', '2027-01-01').state).toBe('expired')
  })

  it('is revoked from the revocation date on, whatever the expiry', () => {
    expect(certificateState(expiry, '2026-12-01', { revokedAt: '2026-12-01' })).toEqual({
      state: 'revoked',
      daysLeft: 211,
      window: null,
    })
    expect(certificateState(expiry, '2026-11-30', { revokedAt: '2026-12-01' }).state).toBe('valid')
    expect(certificateState(expiry, '2026-12-01', { revokedAt: null }).state).toBe('valid')
  })

  it('reads a stored UTC revocation timestamp as its Vietnam date', () => {
    // 17:30 UTC on 30 Nov is already 1 Dec in Vietnam.
    expect(certificateState(expiry, '2026-12-01', { revokedAt: '2026-11-30T17:30:00.000Z' }).state).toBe('revoked')
    expect(certificateState(expiry, '2026-11-30', { revokedAt: '2026-11-30T17:30:00.000Z' }).state).toBe('valid')
  })

  it('refuses invalid dates (a programming error)', () => {
    expect(() => certificateState('2027-02-30', TODAY)).toThrow(RangeError)
    expect(() => certificateState(expiry, TODAY, { revokedAt: '2026-11-30T17:30:00' })).toThrow(RangeError)
  })
})

describe('effectiveOcopStars', () => {
  const three = { id: 'a', stars: 3, issueDate: '2024-01-10', expiryDate: '2027-01-10' }
  const four = { id: 'b', stars: 4, issueDate: '2022-05-01', expiryDate: '2025-05-01' }
  const fourRenewed = { id: 'c', stars: 4, issueDate: '2025-05-02', expiryDate: '2028-05-02' }

  it('claims the highest star among certificates in force', () => {
    expect(effectiveOcopStars([three, four], TODAY)).toBe(3) // the 4★ one has expired
    expect(effectiveOcopStars([three, four, fourRenewed], TODAY)).toBe(4)
    expect(effectiveOcopStars([], TODAY)).toBeNull()
  })

  it('still claims a certificate on its last day, not the day after', () => {
    expect(effectiveOcopStars([three], '2027-01-10')).toBe(3)
    expect(effectiveOcopStars([three], '2027-01-11')).toBeNull()
  })

  it('ignores revoked certificates and certificates not issued yet', () => {
    expect(effectiveOcopStars([{ ...fourRenewed, revokedAt: '2026-10-01' }, three], TODAY)).toBe(3)
    expect(effectiveOcopStars([{ ...fourRenewed, issueDate: '2026-12-01' }, three], TODAY)).toBe(3)
  })

  it('skips malformed rows rather than trusting them', () => {
    expect(effectiveOcopStars([{ stars: 5, expiryDate: 'soon' }, three], TODAY)).toBe(3)
    expect(effectiveOcopStars([{ stars: 6, expiryDate: '2030-01-01' }], TODAY)).toBeNull()
    expect(effectiveOcopStars([{ stars: 5, expiryDate: '2030-01-01', revokedAt: 'yesterday' }], TODAY)).toBeNull()
  })

  it('picks, on equal stars, the certificate that runs longest', () => {
    const older = { id: 'd', stars: 4, issueDate: '2024-01-01', expiryDate: '2027-01-01' }
    expect(effectiveOcopCertificate([older, fourRenewed], TODAY)?.id).toBe('c')
    expect(effectiveOcopCertificate([fourRenewed, older], TODAY)?.id).toBe('c')
  })
})
