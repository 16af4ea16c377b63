/**
 * Pieces the reconciliation screen shares: the match tags and their colours, and the words for
 * what the backend says about a line (reasons, candidate reasons, unreadable rows) and about a
 * refused apply. Codes arrive as they are on the wire; unknown ones fall back to a plain word.
 */
import { Badge, Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import type { StatementKind, StatementLineDto } from '@shared/contract/payments'
import { formatVnd } from '@shared/domain/money'
import { ApiError, issuesOf, reasonOf } from '../../api/errors'
import { currentLanguage, hasText, translateDynamic } from '../../i18n'
import { describeError } from '../../i18n/error-text'

export type LineMatch = StatementLineDto['match']

export const LINE_MATCHES: readonly LineMatch[] = ['matched', 'ambiguous', 'difference', 'unmatched', 'duplicate', 'already_applied']

export const MATCH_COLOR: Readonly<Record<LineMatch, string>> = {
  matched: 'green',
  ambiguous: 'gold',
  difference: 'orange',
  unmatched: 'red',
  duplicate: 'purple',
  already_applied: 'blue',
}

export function MatchTag({ match }: { match: LineMatch }) {
  const { t } = useTranslation()
  return (
    <Tag color={MATCH_COLOR[match]} style={{ marginInlineEnd: 0 }}>
      {t(`statements.match.${match}`)}
    </Tag>
  )
}

export function MatchDot({ match }: { match: LineMatch }) {
  return <Badge color={MATCH_COLOR[match]} />
}

/** Carriers whose COD remittance files people bring; any other name can be typed. */
export const CARRIERS = ['GHTK', 'GHN', 'Viettel Post', 'J&T Express', 'VNPost', 'Ninja Van', 'Best Express'] as const

function vnd(amount: number): string {
  return formatVnd(amount, currentLanguage())
}

/** A field of a statement by its name in the contract (`credit`, `codAmount`…). */
export function fieldLabel(kind: StatementKind, field: string): string {
  const key = `statements.fields.${kind}.${field}`
  return hasText(key) ? translateDynamic(key) : field
}

/** 'YYYY-MM-DD' as a person writes it, day first. */
export function formatStatementDate(date: string | null): string {
  if (!date) return translateDynamic('common.empty')
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  return parts ? `${parts[3]}/${parts[2]}/${parts[1]}` : date
}

/** One reason of `line.reasons` in words: the plain codes, and `delta:<n>` / `first_row:<n>`. */
export function lineReasonText(reason: string): string {
  const delta = /^delta:(-?\d+)$/.exec(reason)
  if (delta) {
    const n = Number(delta[1])
    return translateDynamic(n < 0 ? 'statements.reasons.deltaShort' : 'statements.reasons.deltaOver', { amount: vnd(Math.abs(n)) })
  }
  const firstRow = /^first_row:(\d+)$/.exec(reason)
  if (firstRow) return translateDynamic('statements.reasons.firstRow', { row: firstRow[1] })
  const key = `statements.reasons.${reason}`
  return /^\w+$/.test(reason) && hasText(key) ? translateDynamic(key) : reason
}

/** Why the line stands where it does, as sentences for under its tag. */
export function lineExplanation(line: Pick<StatementLineDto, 'match' | 'reasons'>): string[] {
  if (line.reasons.length > 0) return line.reasons.map(lineReasonText)
  if (line.match === 'already_applied') return [translateDynamic('statements.reasons.alreadyApplied')]
  return []
}

export function candidateReasonText(reason: string): string {
  const key = `statements.candidateReasons.${reason}`
  return /^\w+$/.test(reason) && hasText(key) ? translateDynamic(key) : reason
}

/** An unreadable row's problem; column_missing names the field. */
export function rowErrorText(kind: StatementKind, error: { readonly code: string; readonly column: string | null }): string {
  const key = `statements.rowErrors.${error.code}`
  if (!/^\w+$/.test(error.code) || !hasText(key)) return translateDynamic('statements.rowErrors.other')
  return translateDynamic(key, { column: error.column ? fieldLabel(kind, error.column) : '' })
}

/** Why reading the file failed: the app-wide words for unreadable files, plus our own reasons. */
export function previewErrorText(error: unknown): string {
  const reason = reasonOf(error)
  if (reason === 'empty_file') return translateDynamic('statements.applyErrors.empty_file')
  return describeError(error)
}

/**
 * Why recording was refused (nothing was recorded: it is all or nothing). A line's problem names
 * its row as the file shows it (`params.row`).
 */
export function applyErrorText(error: unknown): string {
  if (!(error instanceof ApiError)) return describeError(error)
  if (error.code === 'NOT_FOUND') return translateDynamic('statements.applyErrors.import_missing')
  const reason = reasonOf(error)
  if (reason && /^\w+$/.test(reason) && hasText(`statements.applyErrors.${reason}`)) return translateDynamic(`statements.applyErrors.${reason}`)
  const issue = issuesOf(error).find((i) => /^\w+$/.test(i.code) && hasText(`statements.applyErrors.${i.code}`))
  if (issue) return translateDynamic(`statements.applyErrors.${issue.code}`, { row: issue.params?.['row'] ?? '?' })
  return describeError(error)
}

/** Whether reading the file again is the way out of an apply error (the preview went stale). */
export function isStalePreview(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false
  if (error.code === 'NOT_FOUND' || error.code === 'CONFLICT') return true
  return issuesOf(error).some((i) => ['line_unknown', 'line_already_applied', 'candidate_unknown', 'order_unknown'].includes(i.code))
}
