import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '@shared/contract/errors'
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
const REASONS = ['version_mismatch', 'product_archived', 'no_default_seller']

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
