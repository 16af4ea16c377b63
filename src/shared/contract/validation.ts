import type { z } from 'zod'
import { AppError, type ValidationIssue } from './errors'

/** zod issues → our translatable issue list (path, stable code, English message, params). */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => {
    const params: Record<string, string | number> = {}
    let code: string = issue.code
    if (issue.code === 'custom' && issue.params && typeof issue.params['reason'] === 'string') {
      for (const [k, v] of Object.entries(issue.params)) {
        if (k !== 'reason' && (typeof v === 'string' || typeof v === 'number')) params[k] = v
      }
      code = issue.params['reason']
    } else if (issue.code === 'too_small' || issue.code === 'too_big') {
      const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum
      params['limit'] = Number(limit)
      params['origin'] = String(issue.origin)
    } else if (issue.code === 'invalid_value') {
      params['allowed'] = issue.values.map(String).join(', ')
    }
    return {
      path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
      code,
      message: issue.message,
      ...(Object.keys(params).length > 0 ? { params } : {}),
    }
  })
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (!result.success) {
    const issues = toValidationIssues(result.error)
    const first = issues[0]
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : ''
    throw new AppError('VALIDATION', `Invalid input${where}: ${first?.message ?? 'unknown problem'}`, { issues })
  }
  return result.data
}
