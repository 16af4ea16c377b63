/**
 * VietQR: the NAPAS 247 bank-transfer QR, an EMVCo merchant-presented payload.
 *
 * Layout follows "Technical Specifications on NAPAS QR Switching v1.5.2, Part IV" as summarised in
 * our payments fact sheet, section 4 (/work/shared/reference/payments.md):
 *   00 payload format "01" · 01 point of initiation (11 static, 12 dynamic) · 38 NAPAS merchant
 *   account {00 GUID A000000727, 01 beneficiary {00 BIN, 01 account}, 02 service} · 53 currency 704
 *   · 54 amount · 58 country VN · 62 additional data {08 purpose} · 63 CRC.
 * Fields 52/59/60 are left out on purpose: every public IBFT sample omits them, and banking apps
 * read those samples; the fact sheet records that the sources disagree about requiring them.
 *
 * A VietQR is only a pre-filled transfer: no callback ever tells us it was paid. The order's memo
 * (`orderMemo`) travels in 62/08 so a bank statement line can be matched back (`memoMatches`).
 */
import { AppError, type ValidationIssue } from '../contract/errors'
import type { Issue } from './issues'
import type { Vnd } from './money'
import { formatOrderNumber, parseOrderNumber } from './order-number'

/** NAPAS's application identifier for VietQR (field 38, sub-field 00). */
export const NAPAS_GUID = 'A000000727'
/** Transfer to an account number; QRIBFTTC is the same transfer addressed to a card number. */
export const SERVICE_TO_ACCOUNT = 'QRIBFTTA'
/** News coverage cited in the fact sheet: VietQR transfers are capped at 500 million đồng each. */
export const VIETQR_MAX_AMOUNT_VND = 500_000_000
/** Purpose of transaction (62/08): 25 characters per giautm's field table; subiz cuts there too. */
export const VIETQR_MEMO_MAX_LENGTH = 25

const BIN_PATTERN = /^\d{6}$/
/** Banks use digits and, at a few banks, letters (virtual accounts); 19 is NAPAS's maximum. */
const ACCOUNT_PATTERN = /^[0-9A-Za-z]{1,19}$/

export interface VietQrInput {
  /** The bank's 6-digit NAPAS BIN, e.g. '970436' for Vietcombank (see banks.ts). */
  bin: string
  accountNumber: string
  /** Whole đồng. Present → a dynamic (one-payment) QR with field 54; absent → a static QR. */
  amountVnd?: number | null
  /** Transfer note. De-accented and stripped to [A-Za-z0-9 ] here (see `normalizeTransferMemo`). */
  memo?: string | null
}

export type VietQrInputErrorCode = 'bin_invalid' | 'account_invalid' | 'amount_invalid' | 'amount_over_limit' | 'memo_too_long'

export type VietQrInputIssue = Issue<VietQrInputErrorCode>

export type VietQrBuildResult = { ok: true; payload: string } | { ok: false; errors: VietQrInputIssue[] }

export type VietQrParseErrorCode =
  | 'not_ascii'
  | 'malformed_tlv'
  | 'crc_missing'
  | 'crc_mismatch'
  | 'format_indicator_invalid'
  | 'not_napas'
  | 'bin_invalid'
  | 'account_invalid'
  | 'currency_not_vnd'
  | 'amount_invalid'

export interface ParsedVietQr {
  bin: string
  accountNumber: string
  /** Null for a static QR (no field 54): the payer types the amount. */
  amountVnd: Vnd | null
  /** Field 62/08, or null when absent. */
  memo: string | null
  /** Field 38/02: 'QRIBFTTA' (account), 'QRIBFTTC' (card), or whatever else the QR declares. */
  service: string
  initiation: 'static' | 'dynamic'
}

export type VietQrParseResult = { ok: true; value: ParsedVietQr } | { ok: false; code: VietQrParseErrorCode }

/**
 * CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, xorout 0) over the UTF-8 bytes of
 * `text`, as 4 upper-case hex digits. Check value: "123456789" → "29B1".
 */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0')
}

/**
 * What a transfer note may contain: "Chuyển khoản đơn #12" → "Chuyen khoan don 12".
 * Banking apps garble or reject non-ASCII notes, and a TLV length counts characters, so the note
 * is folded to ASCII letters, digits and single spaces. `đ`/`Đ` are letters of their own in
 * Unicode (not `d` plus a mark), so they are replaced explicitly. Case is kept, as subiz does.
 */
export function normalizeTransferMemo(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/\s/g, ' ')
    .replace(/[^A-Za-z0-9 ]/g, '')
    .replace(/ +/g, ' ')
    .trim()
}

/** Every problem with the input, each with a stable code; empty when a payload can be built. */
export function validateVietQrInput(input: VietQrInput): VietQrInputIssue[] {
  const errors: VietQrInputIssue[] = []
  if (typeof input.bin !== 'string' || !BIN_PATTERN.test(input.bin)) errors.push({ field: 'bin', reason: 'bin_invalid' })
  if (typeof input.accountNumber !== 'string' || !ACCOUNT_PATTERN.test(input.accountNumber)) {
    errors.push({ field: 'accountNumber', reason: 'account_invalid' })
  }
  const amount = input.amountVnd
  if (amount !== undefined && amount !== null) {
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
      errors.push({ field: 'amountVnd', reason: 'amount_invalid' })
    } else if (amount > VIETQR_MAX_AMOUNT_VND) {
      errors.push({ field: 'amountVnd', reason: 'amount_over_limit', params: { max: VIETQR_MAX_AMOUNT_VND } })
    }
  }
  if (input.memo !== undefined && input.memo !== null) {
    // Refused rather than cut: a cut note could lose the order code the statement is matched by.
    const length = normalizeTransferMemo(input.memo).length
    if (length > VIETQR_MEMO_MAX_LENGTH) {
      errors.push({ field: 'memo', reason: 'memo_too_long', params: { max: VIETQR_MEMO_MAX_LENGTH, length } })
    }
  }
  return errors
}

/** The payload, or the list of input problems. */
export function tryBuildVietQrPayload(input: VietQrInput): VietQrBuildResult {
  const errors = validateVietQrInput(input)
  if (errors.length > 0) return { ok: false, errors }
  const dynamic = input.amountVnd !== undefined && input.amountVnd !== null
  const memo = input.memo == null ? '' : normalizeTransferMemo(input.memo)
  const beneficiary = tlv('00', input.bin) + tlv('01', input.accountNumber)
  const merchantAccount = tlv('00', NAPAS_GUID) + tlv('01', beneficiary) + tlv('02', SERVICE_TO_ACCOUNT)
  const body =
    tlv('00', '01') +
    tlv('01', dynamic ? '12' : '11') +
    tlv('38', merchantAccount) +
    tlv('53', '704') +
    (dynamic ? tlv('54', String(input.amountVnd)) : '') +
    tlv('58', 'VN') +
    (memo === '' ? '' : tlv('62', tlv('08', memo))) +
    '6304'
  // The CRC covers its own tag and length ("6304"), per the EMVCo layout liopay's README follows.
  return { ok: true, payload: body + crc16CcittFalse(body) }
}

/**
 * The VietQR payload string for a transfer to `accountNumber` at the bank `bin`.
 * Throws AppError VALIDATION (details.issues with the codes of `validateVietQrInput`) on bad input.
 */
export function buildVietQrPayload(input: VietQrInput): string {
  const result = tryBuildVietQrPayload(input)
  if (result.ok) return result.payload
  const issues: ValidationIssue[] = result.errors.map((e) => ({
    path: [e.field],
    code: e.reason,
    message: `Invalid ${e.field} (${e.reason})`,
    ...(e.params && { params: e.params }),
  }))
  throw new AppError('VALIDATION', `Cannot build a VietQR: ${result.errors.map((e) => e.reason).join(', ')}`, { issues })
}

/**
 * Reads a VietQR payload back (what a scanner read, or what we built): decodes the TLV, checks
 * the CRC first (a mis-scan must never produce a plausible account number), then the NAPAS fields.
 */
export function parseVietQrPayload(text: string): VietQrParseResult {
  if (typeof text !== 'string' || !/^[\x20-\x7e]*$/.test(text)) return fail('not_ascii')
  const top = decodeTlv(text)
  if (top === null) return fail('malformed_tlv')
  const crcField = top[top.length - 1]
  if (crcField === undefined || crcField.id !== '63' || crcField.value.length !== 4) return fail('crc_missing')
  // Exact comparison: the spec asks for upper-case hex, and a lower-case CRC is not what we emit.
  if (crc16CcittFalse(text.slice(0, text.length - 4)) !== crcField.value) return fail('crc_mismatch')

  const fields = new Map(top.map((f) => [f.id, f.value]))
  if (top[0]?.id !== '00' || top[0].value !== '01') return fail('format_indicator_invalid')
  const merchant = decodeTlv(fields.get('38') ?? '')
  if (merchant === null) return fail('not_napas')
  const merchantFields = new Map(merchant.map((f) => [f.id, f.value]))
  if (merchantFields.get('00') !== NAPAS_GUID) return fail('not_napas')
  const beneficiary = decodeTlv(merchantFields.get('01') ?? '')
  if (beneficiary === null) return fail('not_napas')
  const beneficiaryFields = new Map(beneficiary.map((f) => [f.id, f.value]))
  const bin = beneficiaryFields.get('00') ?? ''
  const accountNumber = beneficiaryFields.get('01') ?? ''
  if (!BIN_PATTERN.test(bin)) return fail('bin_invalid')
  if (!ACCOUNT_PATTERN.test(accountNumber)) return fail('account_invalid')

  const currency = fields.get('53')
  if (currency !== undefined && currency !== '704') return fail('currency_not_vnd')
  const amountText = fields.get('54')
  let amountVnd: Vnd | null = null
  if (amountText !== undefined) {
    // VND has no minor unit, so an amount is plain digits; "180000.00" is not what NAPAS issues.
    if (!/^\d{1,13}$/.test(amountText) || Number(amountText) <= 0) return fail('amount_invalid')
    amountVnd = Number(amountText) as Vnd
  }
  const additional = decodeTlv(fields.get('62') ?? '')
  if (additional === null) return fail('malformed_tlv')
  const memo = additional.find((f) => f.id === '08')?.value ?? null

  return {
    ok: true,
    value: {
      bin,
      accountNumber,
      amountVnd,
      memo,
      service: merchantFields.get('02') ?? '',
      initiation: fields.get('01') === '12' ? 'dynamic' : 'static',
    },
  }
}

interface TlvField {
  id: string
  value: string
}

function tlv(id: string, value: string): string {
  // The builder only ever passes validated ASCII, so a length above 99 is a programming error.
  if (value.length > 99) throw new RangeError(`TLV value of ${id} is longer than 99 characters`)
  return `${id}${String(value.length).padStart(2, '0')}${value}`
}

/** Splits `text` into consecutive ID-length-value objects; null if it does not split exactly. */
function decodeTlv(text: string): TlvField[] | null {
  const fields: TlvField[] = []
  let at = 0
  while (at < text.length) {
    const header = text.slice(at, at + 4)
    if (!/^\d{4}$/.test(header)) return null
    const length = Number(header.slice(2))
    const value = text.slice(at + 4, at + 4 + length)
    if (value.length !== length) return null
    fields.push({ id: header.slice(0, 2), value })
    at += 4 + length
  }
  return fields
}

function fail(code: VietQrParseErrorCode): VietQrParseResult {
  return { ok: false, code }
}

// ---------------------------------------------------------------------------------------------
// Order memos and matching them in bank statements

/**
 * The transfer note for an order: 'DH-2026-000123' → 'DH2026000123'.
 * Letters and digits only, because banks drop or mangle every other character; the canonical
 * compact form of the order number keeps it unambiguous (the sequence is zero-padded, so order
 * 123 of 2026 can never read as another order) and short (12 characters, 25 allowed).
 * A text that is not one of our order numbers is reduced the same way, if anything is left.
 */
export function orderMemo(orderNumber: string): string {
  const parts = parseOrderNumber(orderNumber)
  const memo = parts ? formatOrderNumber(parts.year, parts.seq).replace(/-/g, '') : compactForMatching(orderNumber)
  if (memo === '' || memo.length > VIETQR_MEMO_MAX_LENGTH) {
    throw new RangeError(`Cannot make a transfer memo of ${JSON.stringify(orderNumber)}`)
  }
  return memo
}

/**
 * Does a bank statement description carry this order's memo?
 * Banks upper-case the note, insert or remove spaces and dashes, and wrap it in their own text
 * ("MBVCB.1234.DH2026000123.CT tu 0123 NGUYEN VAN A"), so both sides are reduced to upper-case
 * ASCII letters and digits before searching. A hit followed by another digit is refused:
 * 'DH2026000123' inside 'DH20260001234' is a different order. The price of that rule is that a
 * note glued to further digits ("DH2026000123 150000" → "...123150000") does not match and is
 * left to a person, which is the safe way to be wrong.
 */
export function memoMatches(description: string, orderNumber: string): boolean {
  return descriptionContainsMemo(description, orderMemo(orderNumber))
}

/** `memoMatches` for a memo already derived (e.g. stored on a payment intent). */
export function descriptionContainsMemo(description: string, memo: string): boolean {
  const needle = compactForMatching(memo)
  if (needle === '') return false
  const haystack = compactForMatching(description)
  const needleEndsInDigit = /\d$/.test(needle)
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    if (!(needleEndsInDigit && /\d/.test(haystack.charAt(at + needle.length)))) return true
  }
  return false
}

/** "Mã đơn: dh-2026/000123" → "MADONDH2026000123": the form statements are compared in. */
export function compactForMatching(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
}
