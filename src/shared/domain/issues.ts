/** What the domain rules answer: problems per field, with stable reason codes the UI translates. */
import { isIsoDate } from './calendar'

/** A problem found by validation: which input field, a stable reason code, and values for the message. */
export interface Issue<Reason extends string = string> {
  field: string
  reason: Reason
  params?: Record<string, string | number>
}

export interface ValidationResult<Reason extends string = string> {
  /** Refuse to save while there is any. */
  errors: Issue<Reason>[]
  /** Show, let the user save anyway. */
  warnings: Issue<Reason>[]
}

/** The date if valid; otherwise records date_required / date_format and returns null. */
export function checkDate<Reason extends string>(
  value: string | null | undefined,
  field: string,
  required: boolean,
  errors: Issue<Reason | 'date_required' | 'date_format'>[],
): string | null {
  if (value == null || (typeof value === 'string' && value.trim() === '')) {
    if (required) errors.push({ field, reason: 'date_required' })
    return null
  }
  if (!isIsoDate(value)) {
    errors.push({ field, reason: 'date_format' })
    return null
  }
  return value
}
