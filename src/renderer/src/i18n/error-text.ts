/**
 * Turns contract errors into words. Codes and params come from the backend; the words
 * live only in the catalogues, so a code never reaches the user raw.
 */
import type { ImportRowErrorDto } from '@shared/contract/dto'
import { ApiError, importRowsOf, issuesOf, reasonOf } from '../api/errors'
import { currentLanguage, hasText, translateDynamic } from './index'

type Params = Readonly<Record<string, string | number>>

function formatLimit(value: string | number | undefined): string {
  const n = Number(value)
  return Number.isFinite(n) ? new Intl.NumberFormat(currentLanguage() === 'vi' ? 'vi-VN' : 'en-US').format(n) : String(value ?? '')
}

/** zod's size codes carry `origin` (string / number / array): each reads differently. */
function sizeKey(code: 'too_small' | 'too_big', params: Params): string {
  const origin = params['origin']
  const limit = Number(params['limit'])
  if (origin === 'string') return code === 'too_small' ? (limit <= 1 ? 'required' : 'min_length') : 'max_length'
  if (origin === 'array' || origin === 'set') return code === 'too_small' ? 'min_items' : 'max_items'
  return code === 'too_small' ? 'min_value' : 'max_value'
}

export function issueText(issue: { readonly code: string; readonly params?: Params | undefined }): string {
  const params = issue.params ?? {}
  let key = issue.code
  if (key === 'too_small' || key === 'too_big') key = sizeKey(key, params)
  return translateDynamic(`errors.issue.${key}`, { ...params, limit: formatLimit(params['limit']) }, 'errors.issue.unknown')
}

export function importRowText(row: Pick<ImportRowErrorDto, 'code' | 'params'>): string {
  const params = row.params ?? {}
  if (row.code === 'csv_syntax' && params['line'] !== undefined) return translateDynamic('errors.importRow.csv_syntax_line', params)
  if (row.code === 'too_many_rows') return translateDynamic('errors.importRow.too_many_rows', { ...params, max: formatLimit(params['max']) })
  const own = `errors.importRow.${row.code}`
  // Variant rules (sku_format, compare_at_not_higher, too_big…) are the form's rules: reuse their words.
  return hasText(own) ? translateDynamic(own, params) : issueText(row)
}

/** One sentence for a toast or an alert; form fields get their own messages separately. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return translateDynamic('errors.code.INTERNAL')
  const reason = reasonOf(error)
  if (reason && hasText(`errors.reason.${reason}`)) return translateDynamic(`errors.reason.${reason}`)
  const [first] = issuesOf(error)
  if (first && error.code !== 'VALIDATION') return issueText(first)
  const rows = importRowsOf(error)
  if (rows && rows.rows[0]) return importRowText(rows.rows[0])
  return translateDynamic(`errors.code.${error.code}`, undefined, 'errors.code.INTERNAL')
}
