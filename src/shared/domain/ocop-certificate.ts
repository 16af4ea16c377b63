/**
 * OCOP certificate rules: stars, issuing level, validity, sub-groups of the food group, score
 * bands, validation before saving, and the expiry state that decides what a product may claim.
 *
 * Sources (see ../shared/reference/marketplaces-ocop.md, "5. OCOP programme facts"):
 * - Decision 148/QĐ-TTg (2023): 6 groups; only 3★–5★ products are "OCOP products".
 * - The province's People's Committee certifies 3★–4★; 5★ goes through the central council.
 * - A certificate is valid for 36 months from its issue date.
 * - Score bands 5★ 90–100, 4★ 70–89, 3★ 50–69 come from a page about the pre-2023 criteria and
 *   were not re-checked against the 148 text, so a score outside its star's band is only a
 *   warning: the star printed on the certificate is what counts.
 *
 * Dates are 'YYYY-MM-DD' calendar dates in Vietnam (see ./calendar). Validation returns stable
 * English reason codes with parameters; the UI translates them. Date parameters are ISO dates,
 * for the UI to show with `formatDateVi`.
 */
import { addMonthsClamped, daysBetween, isIsoDate, vietnamDateOf } from './calendar'
import { checkDate, type Issue, type ValidationResult } from './issues'
import { isOcopGroup, type OcopGroup } from './ocop'

export const OCOP_STARS = [3, 4, 5] as const
export type OcopStar = (typeof OCOP_STARS)[number]

export function isOcopStar(value: unknown): value is OcopStar {
  return (OCOP_STARS as readonly unknown[]).includes(value)
}

/** 'province': the provincial People's Committee (3★–4★); 'central': the central council (5★). */
export const OCOP_ISSUING_LEVELS = ['province', 'central'] as const
export type OcopIssuingLevel = (typeof OCOP_ISSUING_LEVELS)[number]

export function isOcopIssuingLevel(value: unknown): value is OcopIssuingLevel {
  return (OCOP_ISSUING_LEVELS as readonly unknown[]).includes(value)
}

export function issuingLevelForStar(stars: OcopStar): OcopIssuingLevel {
  return stars === 5 ? 'central' : 'province'
}

export const DEFAULT_VALIDITY_MONTHS = 36

/**
 * Issue date + 36 months, same day of the month, clamped to the month's last day
 * (29 Feb 2024 → 28 Feb 2027). This matches how the Civil Code 2015 (art. 147–148) counts a
 * period in months: the issue day itself is not counted and the period ends at the end of the
 * corresponding day of the last month. The certificate is valid THROUGH this date (see
 * `certificateState`). The weekend/holiday extension of art. 148 is not applied: the date is
 * what the UI proposes, and the date printed on the certificate always wins.
 */
export function defaultExpiry(issueDate: string): string {
  return addMonthsClamped(issueDate, DEFAULT_VALIDITY_MONTHS)
}

/**
 * Official sub-groups of the food group (Decision 148/QĐ-TTg annex), with the annex's numbering
 * in `ref` (1 fresh, 2 raw/pre-processed, 3 processed). Codes are stable identifiers stored in
 * the database; names are for display. The Vietnamese names are translated from the reference's
 * English summary, not copied from the annex, and may differ from its exact wording.
 *
 * The other five groups have sub-groups too, but the full annex (26 product sets) was not
 * retrieved, so for them the sub-group is free text typed by the user.
 */
export const OCOP_SUBGROUPS = {
  'food.fresh.produce': {
    group: 'ocop.food',
    ref: '1a',
    vi: 'Rau, củ, quả, hạt tươi',
    en: 'Fresh vegetables, tubers, fruit and nuts',
  },
  'food.fresh.animal': {
    group: 'ocop.food',
    ref: '1b',
    vi: 'Thịt, thủy sản, trứng, sữa tươi',
    en: 'Fresh meat, seafood, eggs and milk',
  },
  'food.raw.grain': {
    group: 'ocop.food',
    ref: '2a',
    vi: 'Gạo, ngũ cốc và các loại hạt sơ chế khác',
    en: 'Rice, cereals and other pre-processed grains',
  },
  'food.raw.honey': {
    group: 'ocop.food',
    ref: '2b',
    vi: 'Mật ong, các loại mật khác và nông sản thực phẩm sơ chế khác',
    en: 'Honey, other syrups and other pre-processed agri-food',
  },
  'food.processed.fast': {
    group: 'ocop.food',
    ref: '3a',
    vi: 'Thực phẩm ăn nhanh',
    en: 'Fast food',
  },
  'food.processed.grain': {
    group: 'ocop.food',
    ref: '3b',
    vi: 'Chế biến từ gạo, ngũ cốc',
    en: 'Processed from rice and cereals',
  },
  'food.processed.plant': {
    group: 'ocop.food',
    ref: '3c',
    vi: 'Chế biến từ rau, củ, quả, hạt',
    en: 'Processed from vegetables, fruit and nuts',
  },
  'food.processed.animal': {
    group: 'ocop.food',
    ref: '3d',
    vi: 'Chế biến từ thịt, trứng, sữa, thủy sản, mật ong',
    en: 'Processed from meat, eggs, milk, seafood and honey',
  },
} as const satisfies Record<string, { group: OcopGroup; ref: string; vi: string; en: string }>

export type OcopSubgroup = keyof typeof OCOP_SUBGROUPS

export function isOcopSubgroup(value: unknown): value is OcopSubgroup {
  return typeof value === 'string' && Object.hasOwn(OCOP_SUBGROUPS, value)
}

/** The known sub-group codes of a group, in annex order (empty for groups with free-text sub-groups). */
export function subgroupsOf(group: OcopGroup): OcopSubgroup[] {
  return (Object.keys(OCOP_SUBGROUPS) as OcopSubgroup[]).filter((code) => OCOP_SUBGROUPS[code].group === group)
}

/** Total-score band (out of 100) of each star; pre-2023 thresholds, see the file comment. */
export const SCORE_BANDS: Readonly<Record<OcopStar, { readonly min: number; readonly max: number }>> = {
  5: { min: 90, max: 100 },
  4: { min: 70, max: 89 },
  3: { min: 50, max: 69 },
}

/** The star a total score falls in, or null below 50 (1★–2★ are not OCOP products). */
export function starForScore(score: number): OcopStar | null {
  for (const star of [5, 4, 3] as const) {
    if (score >= SCORE_BANDS[star].min && score <= SCORE_BANDS[star].max) return star
  }
  return null
}

export type { Issue, ValidationResult } from './issues'

/** Every reason code `validateCertificate` can return, for the i18n catalogue and its tests. */
export const CERTIFICATE_ERROR_REASONS = [
  'certificate_number_required',
  'star_range',
  'score_range',
  'group_required',
  'subgroup_mismatch',
  'issuing_level_invalid',
  'level_for_star',
  'date_required',
  'date_format',
  'expiry_before_issue',
  'decision_date_after_issue',
  'issue_in_future',
] as const
export const CERTIFICATE_WARNING_REASONS = ['score_star_mismatch', 'validity_unusual', 'already_expired'] as const
export type CertificateReason =
  | (typeof CERTIFICATE_ERROR_REASONS)[number]
  | (typeof CERTIFICATE_WARNING_REASONS)[number]

/** What the certificate form sends; field names are the `field` of the issues. */
export interface CertificateInput {
  certificateNumber: string
  /** 3, 4 or 5. */
  stars: number
  /** Total evaluation score out of 100, if the certificate or decision states it. */
  totalScore?: number | null
  /** One of OCOP_GROUPS. */
  ocopGroup: string
  /** A code of OCOP_SUBGROUPS, or free text for groups whose sub-groups are not listed. */
  subgroup?: string | null
  /** 'province' or 'central'. */
  issuingLevel: string
  issueDate: string
  /** The date printed on the certificate; the form proposes `defaultExpiry(issueDate)`. */
  expiryDate: string
  decisionNumber?: string | null
  decisionDate?: string | null
}

/**
 * Checks a certificate before it is saved. `today` is the Vietnam date (`todayInVietnam`).
 * Dependent checks (e.g. expiry after issue) only run when the dates they need are valid, so one
 * mistake gives one error.
 */
export function validateCertificate(
  input: CertificateInput,
  { today }: { today: string },
): ValidationResult<CertificateReason> {
  assertDate(today, 'today')
  const errors: Issue<CertificateReason>[] = []
  const warnings: Issue<CertificateReason>[] = []

  if (typeof input.certificateNumber !== 'string' || input.certificateNumber.trim() === '') {
    errors.push({ field: 'certificateNumber', reason: 'certificate_number_required' })
  }

  const stars = isOcopStar(input.stars) ? input.stars : null
  if (stars === null) errors.push({ field: 'stars', reason: 'star_range', params: { min: 3, max: 5 } })

  const score = input.totalScore ?? null
  const scoreValid = score !== null && Number.isInteger(score) && score >= 0 && score <= 100
  if (score !== null && !scoreValid) {
    errors.push({ field: 'totalScore', reason: 'score_range', params: { min: 0, max: 100 } })
  }

  const group = isOcopGroup(input.ocopGroup) ? input.ocopGroup : null
  if (group === null) errors.push({ field: 'ocopGroup', reason: 'group_required' })

  const subgroup = input.subgroup?.trim() ?? ''
  // Only a known code can contradict the group; free text is the user's own wording.
  if (group !== null && isOcopSubgroup(subgroup) && OCOP_SUBGROUPS[subgroup].group !== group) {
    errors.push({
      field: 'subgroup',
      reason: 'subgroup_mismatch',
      params: { subgroup, group, expectedGroup: OCOP_SUBGROUPS[subgroup].group },
    })
  }

  if (!isOcopIssuingLevel(input.issuingLevel)) {
    errors.push({ field: 'issuingLevel', reason: 'issuing_level_invalid' })
  } else if (stars !== null && input.issuingLevel !== issuingLevelForStar(stars)) {
    errors.push({
      field: 'issuingLevel',
      reason: 'level_for_star',
      params: { stars, expected: issuingLevelForStar(stars) },
    })
  }

  const issueDate = checkDate(input.issueDate, 'issueDate', true, errors)
  const expiryDate = checkDate(input.expiryDate, 'expiryDate', true, errors)
  const decisionDate = checkDate(input.decisionDate, 'decisionDate', false, errors)

  if (issueDate !== null && expiryDate !== null && expiryDate <= issueDate) {
    errors.push({ field: 'expiryDate', reason: 'expiry_before_issue', params: { issueDate } })
  }
  if (issueDate !== null && decisionDate !== null && decisionDate > issueDate) {
    errors.push({ field: 'decisionDate', reason: 'decision_date_after_issue', params: { issueDate } })
  }
  if (issueDate !== null && issueDate > today) {
    errors.push({ field: 'issueDate', reason: 'issue_in_future', params: { today } })
  }

  if (stars !== null && scoreValid && starForScore(score) !== stars) {
    const band = SCORE_BANDS[stars]
    warnings.push({
      field: 'totalScore',
      reason: 'score_star_mismatch',
      params: { score, stars, min: band.min, max: band.max },
    })
  }
  if (issueDate !== null && expiryDate !== null && expiryDate > issueDate) {
    const expected = defaultExpiry(issueDate)
    if (expiryDate !== expected) {
      warnings.push({
        field: 'expiryDate',
        reason: 'validity_unusual',
        params: { expected, months: DEFAULT_VALIDITY_MONTHS },
      })
    }
  }
  // Kept for the product's history, but it no longer lets the product claim its stars.
  if (expiryDate !== null && expiryDate < today) {
    warnings.push({ field: 'expiryDate', reason: 'already_expired', params: { expiryDate } })
  }

  return { errors, warnings }
}

/** Alert windows before expiry, in days, largest first. */
export const EXPIRY_WINDOWS = [180, 90, 30] as const
export type ExpiryWindow = (typeof EXPIRY_WINDOWS)[number]

export type CertificateStateName = 'valid' | 'expiring' | 'expired' | 'revoked'

export interface CertificateState {
  state: CertificateStateName
  /** Days from today to the expiry date: 0 on the last valid day, negative once expired. */
  daysLeft: number
  /** The smallest alert window daysLeft falls in, only while 'expiring'. */
  window: ExpiryWindow | null
}

/**
 * Where a certificate stands on `today` (a Vietnam date).
 *
 * A certificate is valid THROUGH its expiry date and expired from the next day: on the expiry
 * date daysLeft is 0 and the state is 'expiring' (window 30). This follows the Civil Code rule
 * that a period ends at the END of its last day.
 *
 * - 'valid': more than 180 days left.
 * - 'expiring': 0–180 days left; window is 30 (0–30 days), 90 (31–90) or 180 (91–180).
 * - 'expired': past the expiry date.
 * - 'revoked': `revokedAt` is on or before today. It takes a date or a stored UTC timestamp
 *   (turned into its Vietnam date); a revocation dated in the future does not apply yet.
 */
export function certificateState(
  expiryDate: string,
  today: string,
  options: { revokedAt?: string | null } = {},
): CertificateState {
  assertDate(expiryDate, 'expiryDate')
  assertDate(today, 'today')
  const daysLeft = daysBetween(today, expiryDate)
  const revokedAt = options.revokedAt ? vietnamDateOf(options.revokedAt) : null
  if (revokedAt !== null && revokedAt <= today) return { state: 'revoked', daysLeft, window: null }
  if (daysLeft < 0) return { state: 'expired', daysLeft, window: null }
  // EXPIRY_WINDOWS is largest first; the last window that still holds daysLeft is the smallest.
  let window: ExpiryWindow | null = null
  for (const w of EXPIRY_WINDOWS) if (daysLeft <= w) window = w
  return { state: window === null ? 'valid' : 'expiring', daysLeft, window }
}

/** What `effectiveOcopCertificate` needs of a certificate. */
export interface ClaimableCertificate {
  stars: number
  expiryDate: string
  /** When given, a certificate issued after today does not count yet. */
  issueDate?: string | null
  revokedAt?: string | null
}

/**
 * The certificate a product may claim today: the highest star among certificates that are
 * 'valid' or 'expiring' (not expired, not revoked, already issued); on equal stars the one that
 * runs longest. Malformed rows (bad star or date) are skipped rather than trusted, because a
 * wrong claim on a label is worse than a missing one.
 */
export function effectiveOcopCertificate<C extends ClaimableCertificate>(
  certificates: readonly C[],
  today: string,
): C | null {
  assertDate(today, 'today')
  let best: C | null = null
  for (const cert of certificates) {
    if (!isOcopStar(cert.stars) || !isIsoDate(cert.expiryDate)) continue
    if (cert.issueDate != null && !(isIsoDate(cert.issueDate) && cert.issueDate <= today)) continue
    let state: CertificateStateName
    try {
      state = certificateState(cert.expiryDate, today, { revokedAt: cert.revokedAt }).state
    } catch {
      continue // an unreadable revocation date: treat as revoked
    }
    if (state !== 'valid' && state !== 'expiring') continue
    if (best === null || cert.stars > best.stars || (cert.stars === best.stars && cert.expiryDate > best.expiryDate)) {
      best = cert
    }
  }
  return best
}

/** The star labels, exports and listings may claim today, or null when no certificate is in force. */
export function effectiveOcopStars(certificates: readonly ClaimableCertificate[], today: string): OcopStar | null {
  const cert = effectiveOcopCertificate(certificates, today)
  return cert === null ? null : (cert.stars as OcopStar)
}

function assertDate(value: string, name: string): void {
  if (!isIsoDate(value)) throw new RangeError(`${name} is not a date in YYYY-MM-DD form: ${String(value)}`)
}
