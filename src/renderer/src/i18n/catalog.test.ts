import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '@shared/contract/errors'
import { LOT_ERROR_REASONS, LOT_WARNING_REASONS } from '@shared/domain/lot'
import { CERTIFICATE_ERROR_REASONS, CERTIFICATE_WARNING_REASONS } from '@shared/domain/ocop-certificate'
import { ORDER_TOTAL_REASONS } from '@shared/domain/order-totals'
import { TRACE_TEMPLATE_ISSUES } from '@shared/domain/trace'
import { en } from './en'
import { vi } from './vi'

type Tree = { readonly [key: string]: string | Tree }

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of leaves(value, path)) out.set(k, v)
  }
  return out
}

const viTexts = leaves(vi)
const enTexts = leaves(en)

/** Codes the backend may send (see src/shared/contract and src/main/catalog/catalog.import.ts). */
const IMPORT_ROW_CODES = [
  'missing_column',
  'duplicate_column',
  'no_rows',
  'too_many_rows',
  'empty_file',
  'encoding',
  'csv_syntax',
  'unreadable_file',
  'xls_not_supported',
  'file_type',
  'required',
  'too_long',
  'price_format',
  'weight_format',
  'status_value',
  'unknown_seller',
  'no_default_seller',
  'sku_repeated',
  'sku_in_other_product',
  'product_claimed_twice',
]
const ISSUE_CODES = [
  'invalid_type',
  'invalid_value',
  'invalid_format',
  'sku_format',
  'sku_repeated',
  'sku_taken',
  'compare_at_not_higher',
  'phone_format',
  'tax_code_format',
  'tax_code_taken',
  'email_format',
  'barcode_format',
  'bank_account_format',
]
/** zod's too_small / too_big are read by their origin (string, number, array). */
const SIZE_KEYS = ['required', 'min_length', 'max_length', 'min_items', 'max_items', 'min_value', 'max_value']
const REASONS = [
  'version_mismatch',
  'product_archived',
  'no_default_seller',
  'certificate_number_taken',
  'lot_code_taken',
  'lot_code_exhausted',
  'variant_archived',
  'trace_code_invalid',
  'media.empty',
  'media.too_large',
  'media.too_many_pixels',
  'media.too_small',
  'media.corrupt',
  'media.unsupported_format',
  'media.heic_unsupported',
  'media.too_many_files',
  'media.too_many_images',
  'media.order_mismatch',
  'labels.empty',
  'labels.too_many',
  'labels.unknown_layout',
  'labels.invalid_start_position',
  'labels.qr_payload_too_long',
  'trace_template.unknown_placeholder',
  'trace_template.missing_value',
  'insufficient_stock',
  'only_expired_lots',
  'order_transition_not_allowed',
  'order_not_editable',
  'external_ref_taken',
  'return_exceeds_issued',
  'stock_reserved',
  'lot_stock_short',
  'unlotted_stock_short',
  'stocktake_open',
  'stocktake_closed',
  'stocktake_incomplete',
]
/** Rules shared with the backend (src/shared/domain): every reason they can give must read well. */
const DOMAIN_ISSUES = [
  ...CERTIFICATE_ERROR_REASONS,
  ...CERTIFICATE_WARNING_REASONS,
  ...LOT_ERROR_REASONS,
  ...LOT_WARNING_REASONS,
  ...TRACE_TEMPLATE_ISSUES,
  ...ORDER_TOTAL_REASONS,
  'ward_unknown',
  'address_required',
  'variant_unknown',
  'variant_archived',
  'line_unknown',
  'return_exceeds_sold',
  'cash_short',
  'delta_zero',
  'stocktake_line_unknown',
  'certificate_number_taken',
  'lot_code_taken',
  'growing_area_code_duplicate',
  'trace_code_invalid',
  'range_reversed',
  'trace.selection_required',
  'date_format',
  // Payments: contract rules and the VietQR payload builder (shared/domain/vietqr.ts).
  'bank_bin_format',
  'cash_only',
  'vnpay_only',
  'intent_or_order',
  'bin_invalid',
  'account_invalid',
  'amount_invalid',
  'amount_over_limit',
  'memo_too_long',
]

describe('the interface catalogues', () => {
  it('have exactly the same keys in Vietnamese and English', () => {
    expect([...enTexts.keys()].sort()).toEqual([...viTexts.keys()].sort())
  })

  it('have no empty text in either language', () => {
    for (const [key, text] of [...viTexts, ...enTexts]) expect(text.trim(), key).not.toBe('')
  })

  it('use the same interpolation parameters in both languages', () => {
    const params = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort()
    for (const [key, text] of viTexts) expect(params(enTexts.get(key) ?? ''), key).toEqual(params(text))
  })

  it('word every error code of the contract, plus the client’s NETWORK', () => {
    for (const code of [...ERROR_CODES, 'NETWORK']) {
      expect(viTexts.has(`errors.code.${code}`), code).toBe(true)
      expect(enTexts.has(`errors.code.${code}`), code).toBe(true)
    }
  })

  it('word every import row problem, every field issue and every conflict reason', () => {
    const expected = [
      ...IMPORT_ROW_CODES.map((c) => `errors.importRow.${c}`),
      ...ISSUE_CODES.map((c) => `errors.issue.${c}`),
      ...SIZE_KEYS.map((c) => `errors.issue.${c}`),
      ...DOMAIN_ISSUES.map((c) => `errors.issue.${c}`),
      ...REASONS.map((c) => `errors.reason.${c}`),
    ]
    for (const key of expected) {
      expect(viTexts.has(key), key).toBe(true)
      expect(enTexts.has(key), key).toBe(true)
    }
  })

  it('call things by the glossary’s Vietnamese names', () => {
    expect(vi.nav.products).toBe('Sản phẩm')
    expect(vi.nav.sellers).toBe('Chủ thể')
    expect(vi.nav.settings).toBe('Cài đặt')
    expect(vi.productForm.unit).toBe('Đơn vị tính')
    expect(vi.productForm.price).toBe('Giá bán')
  })
})
