/**
 * Harvest/production lot rules: lot codes, shelf life and expiry, validation before saving,
 * growing-area codes (mã số vùng trồng), the certifications a lot carries, and the
 * earliest-expiry-first order in which stock is picked.
 *
 * A lot is what was harvested or produced at once, of one variant. Dates are 'YYYY-MM-DD'
 * calendar dates in Vietnam (see ./calendar); a lot, like a certificate, is good THROUGH its
 * expiry date.
 */
import { addDays, isIsoDate } from './calendar'
import { checkDate, type Issue, type ValidationResult } from './issues'
import { certificateState, type CertificateState } from './ocop-certificate'
import { foldVietnamese } from './vietnamese'

// ---------------------------------------------------------------------------------------------
// Lot codes

export const LOT_CODE_MAX_LENGTH = 40

/**
 * 1–40 letters, digits, '-', '.' or '_', no spaces: codes get printed on labels and typed into
 * search and spreadsheets, where spaces and other symbols get lost. Uniqueness is per variant and
 * case-insensitive ('mohn-01' and 'MOHN-01' are the same lot); the database enforces it
 * (lot_code COLLATE NOCASE), `lotCodeKey` is the same comparison in code.
 */
export const LOT_CODE_PATTERN = /^[A-Za-z0-9._-]{1,40}$/

/** What is stored: the code as typed, without surrounding spaces. Case is kept. */
export function normaliseLotCode(code: string): string {
  return code.trim()
}

/** The key two lot codes are compared by; codes are ASCII, so upper-casing matches SQLite's NOCASE. */
export function lotCodeKey(code: string): string {
  return normaliseLotCode(code).toUpperCase()
}

/**
 * A proposed code: SKU, harvest date as YYMMDD, then a sequence number of at least two digits,
 * e.g. ('MOHN', '2026-09-15', 1) → 'MOHN-260915-01'. The SKU is folded to ASCII upper case
 * (Vietnamese letters lose their marks, other symbols become '-') and shortened so the whole code
 * fits in 40 characters. The caller picks `seq` (1 + the lots already on that date) and the
 * database still has the last word on uniqueness.
 */
export function suggestLotCode(sku: string, harvestDate: string, seq: number): string {
  if (!isIsoDate(harvestDate)) throw new RangeError(`Not a date in YYYY-MM-DD form: ${String(harvestDate)}`)
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`Not a positive sequence number: ${seq}`)
  const suffix = `-${harvestDate.slice(2, 4)}${harvestDate.slice(5, 7)}${harvestDate.slice(8, 10)}-${String(seq).padStart(2, '0')}`
  const folded = trimSeparators(
    foldVietnamese(sku)
      .toUpperCase()
      .replace(/[^A-Z0-9._-]+/g, '-')
      .replace(/-{2,}/g, '-'),
  )
  // The suffix is at most 24 characters (a safe integer has 16 digits), so the SKU always keeps
  // some room; cutting it may leave a separator at the end ('GAO-ST25-'), hence the second trim.
  const prefix = trimSeparators(folded.slice(0, LOT_CODE_MAX_LENGTH - suffix.length)) || 'LOT'
  return `${prefix}${suffix}`
}

function trimSeparators(text: string): string {
  return text.replace(/^[-._]+|[-._]+$/g, '')
}

// ---------------------------------------------------------------------------------------------
// Dates and shelf life

/** Whether `harvestDate` is the day it was harvested (fresh produce) or produced (processed goods). */
export const LOT_DATE_KINDS = ['harvest', 'production'] as const
export type LotDateKind = (typeof LOT_DATE_KINDS)[number]

export const SHELF_LIFE_MIN_DAYS = 1
export const SHELF_LIFE_MAX_DAYS = 3650 // 10 years: beyond any food; longer is a typo

export interface ShelfLifeInput {
  harvestDate: string
  expiryDate?: string | null
  shelfLifeDays?: number | null
}

/**
 * The lot's expiry: the explicit expiry date if given, else harvest date + shelf-life days, else
 * null (no expiry, e.g. handicrafts). "N days of shelf life" means usable through harvest + N
 * (harvested 15 Sep with 10 days → expiry 25 Sep), the way the Civil Code counts a period in days:
 * the starting day is not counted. Lenient on purpose, so a form can preview the result while
 * the user types: inputs that cannot give a date give null, and `validateLot` says why.
 */
export function resolveExpiry({ harvestDate, expiryDate, shelfLifeDays }: ShelfLifeInput): string | null {
  if (typeof expiryDate === 'string' && expiryDate.trim() !== '') return isIsoDate(expiryDate) ? expiryDate : null
  if (shelfLifeDays != null && isShelfLife(shelfLifeDays) && isIsoDate(harvestDate)) {
    return addDays(harvestDate, shelfLifeDays)
  }
  return null
}

function isShelfLife(days: number): boolean {
  return Number.isInteger(days) && days >= SHELF_LIFE_MIN_DAYS && days <= SHELF_LIFE_MAX_DAYS
}

// ---------------------------------------------------------------------------------------------
// Growing-area codes

/**
 * Mã số vùng trồng as issued by the plant-protection authorities come in several shapes
 * ('VN-HNOI-0123', 'HN-0123-001', plain numbers, some with '.' or '/'), and the current circular
 * was not checked, so the rule is loose: 3–40 upper-case letters, digits, '-', '.' or '/',
 * starting and ending with a letter or digit (a trailing separator is a cut-off paste).
 * Compare and store after `normaliseGrowingAreaCode`.
 */
export const GROWING_AREA_CODE_PATTERN = /^[A-Z0-9][A-Z0-9./-]{1,38}[A-Z0-9]$/

/** Trim and upper-case: codes are the same whatever case they were typed in. */
export function normaliseGrowingAreaCode(code: string): string {
  return code.trim().toUpperCase()
}

export function isGrowingAreaCode(code: string): boolean {
  return GROWING_AREA_CODE_PATTERN.test(normaliseGrowingAreaCode(code))
}

// ---------------------------------------------------------------------------------------------
// Validation

/** Every reason code `validateLot` and `validateLotCertification` can return, for the i18n catalogue. */
export const LOT_ERROR_REASONS = [
  'lot_code_required',
  'lot_code_format',
  'date_kind_invalid',
  'date_required',
  'date_format',
  'harvest_in_future',
  'expiry_before_harvest',
  'shelf_life_range',
  'expiry_xor_shelf_life',
  'quantity_positive',
  'growing_area_code_format',
  'growing_area_code_duplicate',
  'cert_kind_invalid',
  'expiry_before_issue',
  'issue_in_future',
] as const
export const LOT_WARNING_REASONS = ['already_expired'] as const
export type LotReason = (typeof LOT_ERROR_REASONS)[number] | (typeof LOT_WARNING_REASONS)[number]

/** What the lot form sends; field names are the `field` of the issues. */
export interface LotInput {
  lotCode: string
  /** 'harvest' (default) or 'production'; only changes the wording of messages. */
  dateKind?: string
  harvestDate: string
  expiryDate?: string | null
  shelfLifeDays?: number | null
  /**
   * How many of the variant's unit were received: a whole count of the unit the variant is
   * sold in (jars, 500 g bags, or kg when the variant is sold by the kg), never a weight of a
   * pack, so stock can be issued per lot without fractions.
   */
  quantity: number
  /** 0..n growing-area codes; issues point at `growingAreaCodes.<index>`. */
  growingAreaCodes?: readonly string[]
}

/**
 * Checks a lot before it is saved. `today` is the Vietnam date (`todayInVietnam`).
 *
 * - A harvest/production date after today is an error: a planned harvest is not a lot yet.
 *   Today itself is fine.
 * - Expiry on the harvest day is allowed (same-day produce), before it is not.
 * - Expiry date and shelf life may both be given only when they agree
 *   (harvest + shelf life = expiry); the form usually offers one or the other.
 * - An already-expired lot is only a warning, so past lots can be recorded for traceability.
 */
export function validateLot(input: LotInput, { today }: { today: string }): ValidationResult<LotReason> {
  assertDate(today)
  const errors: Issue<LotReason>[] = []
  const warnings: Issue<LotReason>[] = []

  const lotCode = typeof input.lotCode === 'string' ? normaliseLotCode(input.lotCode) : ''
  if (lotCode === '') errors.push({ field: 'lotCode', reason: 'lot_code_required' })
  else if (!LOT_CODE_PATTERN.test(lotCode)) {
    errors.push({ field: 'lotCode', reason: 'lot_code_format', params: { max: LOT_CODE_MAX_LENGTH } })
  }

  const dateKind = input.dateKind ?? 'harvest'
  if (!(LOT_DATE_KINDS as readonly string[]).includes(dateKind)) {
    errors.push({ field: 'dateKind', reason: 'date_kind_invalid' })
  }

  const harvestDate = checkDate(input.harvestDate, 'harvestDate', true, errors)
  const explicitExpiry = checkDate(input.expiryDate, 'expiryDate', false, errors)

  const shelfLifeDays = input.shelfLifeDays ?? null
  const shelfLifeValid = shelfLifeDays !== null && isShelfLife(shelfLifeDays)
  if (shelfLifeDays !== null && !shelfLifeValid) {
    errors.push({
      field: 'shelfLifeDays',
      reason: 'shelf_life_range',
      params: { min: SHELF_LIFE_MIN_DAYS, max: SHELF_LIFE_MAX_DAYS },
    })
  }

  if (harvestDate !== null && harvestDate > today) {
    errors.push({ field: 'harvestDate', reason: 'harvest_in_future', params: { today, dateKind } })
  }

  const expiryGiven = typeof input.expiryDate === 'string' && input.expiryDate.trim() !== ''
  let expiry: string | null = explicitExpiry
  if (harvestDate !== null && shelfLifeValid) {
    const fromShelfLife = addDays(harvestDate, shelfLifeDays)
    if (!expiryGiven) expiry = fromShelfLife
    else if (explicitExpiry !== null && explicitExpiry !== fromShelfLife) {
      errors.push({ field: 'expiryDate', reason: 'expiry_xor_shelf_life', params: { expected: fromShelfLife } })
    }
  }
  if (harvestDate !== null && expiry !== null && expiry < harvestDate) {
    errors.push({ field: 'expiryDate', reason: 'expiry_before_harvest', params: { harvestDate, dateKind } })
  }

  if (!(Number.isSafeInteger(input.quantity) && input.quantity > 0)) {
    errors.push({ field: 'quantity', reason: 'quantity_positive' })
  }

  const seen = new Set<string>()
  ;(input.growingAreaCodes ?? []).forEach((raw, index) => {
    const code = typeof raw === 'string' ? normaliseGrowingAreaCode(raw) : ''
    const field = `growingAreaCodes.${index}`
    if (!GROWING_AREA_CODE_PATTERN.test(code)) {
      errors.push({ field, reason: 'growing_area_code_format', params: { code, min: 3, max: 40 } })
    } else if (seen.has(code)) {
      errors.push({ field, reason: 'growing_area_code_duplicate', params: { code } })
    }
    seen.add(code)
  })

  if (expiry !== null && expiry < today) {
    warnings.push({ field: 'expiryDate', reason: 'already_expired', params: { expiryDate: expiry } })
  }

  return { errors, warnings }
}

// ---------------------------------------------------------------------------------------------
// Certifications carried by a lot

/**
 * Certifications a lot (or its producer) holds. 'food_safety' is the "Giấy chứng nhận cơ sở đủ
 * điều kiện an toàn thực phẩm" of the producing facility, which has its own expiry.
 */
export const LOT_CERT_KINDS = ['vietgap', 'organic', 'food_safety', 'globalgap', 'other'] as const
export type LotCertKind = (typeof LOT_CERT_KINDS)[number]

export function isLotCertKind(value: unknown): value is LotCertKind {
  return (LOT_CERT_KINDS as readonly unknown[]).includes(value)
}

export const LOT_CERT_KIND_NAMES: Readonly<Record<LotCertKind, { vi: string; en: string }>> = {
  vietgap: { vi: 'VietGAP', en: 'VietGAP' },
  organic: { vi: 'Hữu cơ', en: 'Organic' },
  food_safety: {
    vi: 'Giấy chứng nhận cơ sở đủ điều kiện ATTP',
    en: 'Food-safety certificate (facility meets food-safety conditions)',
  },
  globalgap: { vi: 'GlobalG.A.P.', en: 'GlobalG.A.P.' },
  other: { vi: 'Chứng nhận khác', en: 'Other certification' },
}

export interface LotCertificationInput {
  kind: string
  number?: string | null
  issuer?: string | null
  issueDate?: string | null
  expiryDate?: string | null
}

/**
 * Checks one certification of a lot. Its dates are optional (not every paper states both), but
 * when both are there the expiry must come after the issue date, as for OCOP certificates.
 */
export function validateLotCertification(
  input: LotCertificationInput,
  { today }: { today: string },
): ValidationResult<LotReason> {
  assertDate(today)
  const errors: Issue<LotReason>[] = []
  const warnings: Issue<LotReason>[] = []
  if (!isLotCertKind(input.kind)) errors.push({ field: 'kind', reason: 'cert_kind_invalid' })
  const issueDate = checkDate(input.issueDate, 'issueDate', false, errors)
  const expiryDate = checkDate(input.expiryDate, 'expiryDate', false, errors)
  if (issueDate !== null && expiryDate !== null && expiryDate <= issueDate) {
    errors.push({ field: 'expiryDate', reason: 'expiry_before_issue', params: { issueDate } })
  }
  if (issueDate !== null && issueDate > today) {
    errors.push({ field: 'issueDate', reason: 'issue_in_future', params: { today } })
  }
  if (expiryDate !== null && expiryDate < today) {
    warnings.push({ field: 'expiryDate', reason: 'already_expired', params: { expiryDate } })
  }
  return { errors, warnings }
}

/**
 * Where a lot certification stands today: the same states and alert windows (180/90/30 days) as
 * an OCOP certificate, valid through its expiry date. A certification without an expiry date has
 * no state; the caller shows it as "no expiry".
 */
export function certificationState(
  expiryDate: string,
  today: string,
  options: { revokedAt?: string | null } = {},
): CertificateState {
  return certificateState(expiryDate, today, options)
}

// ---------------------------------------------------------------------------------------------
// Picking order

/** What `compareForPicking` needs of a lot. */
export interface PickableLot {
  lotCode: string
  harvestDate: string
  expiryDate?: string | null
  /** Used when there is no expiry date, as in `resolveExpiry`. */
  shelfLifeDays?: number | null
}

/**
 * Earliest expiry first (FEFO): lots with an expiry by expiry date, then harvest date; then lots
 * without one, oldest harvest first; ties by lot code (case-insensitive, then exact, so the order
 * is total and stable across runs). For `Array.prototype.sort`.
 *
 * It only orders: leaving expired lots out of picking is the caller's decision. With the expiry
 * stored resolved, the SQL equivalent is
 * `ORDER BY expiry_date IS NULL, expiry_date, harvest_date, lot_code COLLATE NOCASE, lot_code`.
 */
export function compareForPicking(a: PickableLot, b: PickableLot): number {
  const expiryA = resolveExpiry(a)
  const expiryB = resolveExpiry(b)
  if (expiryA !== null && expiryB === null) return -1
  if (expiryA === null && expiryB !== null) return 1
  return (
    compareText(expiryA ?? '', expiryB ?? '') ||
    compareText(a.harvestDate, b.harvestDate) ||
    compareText(lotCodeKey(a.lotCode), lotCodeKey(b.lotCode)) ||
    compareText(a.lotCode, b.lotCode)
  )
}

/** Plain code-unit order: locale rules would make the order depend on the machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function assertDate(today: string): void {
  if (!isIsoDate(today)) throw new RangeError(`today is not a date in YYYY-MM-DD form: ${String(today)}`)
}
