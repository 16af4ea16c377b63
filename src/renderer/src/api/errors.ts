/**
 * What a failed call becomes in the renderer: one error class carrying the contract's code
 * and details, whichever transport answered. `NETWORK` is ours: the other side never answered.
 */
import type { ImportRowErrorDto } from '@shared/contract/dto'
import { isErrorCode, type ErrorCode, type ValidationIssue } from '@shared/contract/errors'

export type ClientErrorCode = ErrorCode | 'NETWORK'

export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export function toClientErrorCode(value: unknown): ErrorCode {
  return isErrorCode(value) ? value : 'INTERNAL'
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function detailsOf(error: unknown): Record<string, unknown> {
  return error instanceof ApiError && isRecord(error.details) ? error.details : {}
}

function isParams(value: unknown): value is Record<string, string | number> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string' || typeof v === 'number')
}

/** Field-level problems (`details.issues`), read defensively: details cross a process boundary. */
export function issuesOf(error: unknown): ValidationIssue[] {
  const issues = detailsOf(error)['issues']
  if (!Array.isArray(issues)) return []
  return issues.flatMap((issue): ValidationIssue[] => {
    if (!isRecord(issue) || typeof issue['code'] !== 'string' || !Array.isArray(issue['path'])) return []
    const path = (issue['path'] as unknown[]).filter((p): p is string | number => typeof p === 'string' || typeof p === 'number')
    return [
      {
        path,
        code: issue['code'],
        message: typeof issue['message'] === 'string' ? issue['message'] : '',
        ...(isParams(issue['params']) && { params: issue['params'] }),
      },
    ]
  })
}

/** Import problems (`details.rows` + `details.totalErrors`). */
export function importRowsOf(error: unknown): { rows: ImportRowErrorDto[]; totalErrors: number } | null {
  const details = detailsOf(error)
  const rows = details['rows']
  if (!Array.isArray(rows)) return null
  const parsed = rows.flatMap((row): ImportRowErrorDto[] => {
    if (!isRecord(row) || typeof row['row'] !== 'number' || typeof row['code'] !== 'string') return []
    return [
      {
        row: row['row'],
        column: typeof row['column'] === 'string' ? row['column'] : null,
        code: row['code'],
        message: typeof row['message'] === 'string' ? row['message'] : '',
        ...(isParams(row['params']) && { params: row['params'] }),
      },
    ]
  })
  const total = details['totalErrors']
  return { rows: parsed, totalErrors: typeof total === 'number' ? total : parsed.length }
}

/** `details.reason`, e.g. `version_mismatch`, `product_archived`, `no_default_seller`. */
export function reasonOf(error: unknown): string | undefined {
  const reason = detailsOf(error)['reason']
  return typeof reason === 'string' ? reason : undefined
}

export function isApiError(error: unknown, code?: ClientErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code)
}
