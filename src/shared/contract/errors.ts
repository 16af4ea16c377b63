/**
 * The closed list of error codes that may cross any boundary (IPC, HTTP).
 * Codes are English and stable; the renderer turns them into Vietnamese.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'UNKNOWN_OPERATION',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface ErrorBody {
  readonly code: ErrorCode
  readonly message: string
  readonly details?: unknown
}

export type Envelope<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: ErrorBody }

/** Domain code throws this; the boundary turns it into `{ ok: false, error }`. */
export class AppError extends Error {
  override readonly name = 'AppError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_OPERATION: 404,
  CONFLICT: 409,
  INTERNAL: 500,
}

/** One field-level problem, as sent in `details.issues` of a VALIDATION error. */
export interface ValidationIssue {
  /** Path into the input, e.g. `["variants", 1, "priceVnd"]`. */
  readonly path: readonly (string | number)[]
  /** A stable, translatable reason, e.g. `too_small`, `sku_taken`. */
  readonly code: string
  readonly message: string
  readonly params?: Readonly<Record<string, string | number>>
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`)
}
