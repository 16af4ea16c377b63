import type { FormInstance } from 'antd'
import { useEffect, useRef } from 'react'
import type { ValidationIssue } from '@shared/contract/errors'
import { issuesOf } from '../api/errors'
import { issueText } from '../i18n/error-text'
import { useLanguage } from './format'

/**
 * Puts each server issue on the field its path names (`["variants", 1, "sku"]` is the second
 * variant's SKU, because the form's field names are the contract's). Returns the issues that
 * matched no visible field, for the caller to show some other way.
 */
export function showIssuesOnForm(form: FormInstance, error: unknown, knownFields?: (path: ValidationIssue['path']) => boolean): ValidationIssue[] {
  const issues = issuesOf(error)
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>()
  const unplaced: ValidationIssue[] = []
  for (const issue of issues) {
    if (issue.path.length === 0 || (knownFields && !knownFields(issue.path))) {
      unplaced.push(issue)
      continue
    }
    const key = JSON.stringify(issue.path)
    const entry = byField.get(key) ?? { name: [...issue.path], errors: [] }
    entry.errors.push(issueText(issue))
    byField.set(key, entry)
  }
  if (byField.size > 0) {
    form.setFields([...byField.values()])
    form.scrollToField([...byField.values()][0]!.name, { block: 'center' })
  }
  return unplaced
}

/**
 * antd keeps an error message as the string it was made with; when the user switches
 * language, check the fields again so their messages come back in the new language.
 */
export function useRevalidateOnLanguageChange(form: FormInstance): void {
  const language = useLanguage()
  const previous = useRef(language)
  useEffect(() => {
    if (previous.current === language) return
    previous.current = language
    const withErrors = form.getFieldsError().filter((field) => field.errors.length > 0).map((field) => field.name)
    if (withErrors.length > 0) form.validateFields(withErrors).catch(() => undefined)
  }, [form, language])
}
