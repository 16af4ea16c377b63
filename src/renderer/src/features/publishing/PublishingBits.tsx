/**
 * Pieces the channel screens share: the tags for a shop's connection and a listing's status, the
 * names of channel kinds and outbox jobs, and the words for what the backend refuses.
 */
import { Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import type { ChannelAccountDto, ChannelKind, ListingStatus } from '@shared/contract/publishing'
import { MARKETPLACE_KINDS } from '@shared/contract/publishing'
import { issuesOf, reasonOf } from '../../api/errors'
import { hasText, translateDynamic } from '../../i18n'
import { describeError } from '../../i18n/error-text'

export type AccountState = ChannelAccountDto['state']

const STATE_COLOR: Record<AccountState, string> = { not_connected: 'default', connected: 'green', expired: 'orange', error: 'red' }

export function AccountStateTag({ state }: { state: AccountState }) {
  const { t } = useTranslation()
  return (
    <Tag color={STATE_COLOR[state]} style={{ marginInlineEnd: 0 }}>
      {t(`publishing.accountState.${state}`)}
    </Tag>
  )
}

const STATUS_COLOR: Record<ListingStatus, string> = { draft: 'default', queued: 'gold', published: 'green', error: 'red', unlisted: 'purple' }

export function ListingStatusTag({ status }: { status: ListingStatus }) {
  const { t } = useTranslation()
  return (
    <Tag color={STATUS_COLOR[status]} style={{ marginInlineEnd: 0 }}>
      {t(`publishing.listingStatus.${status}`)}
    </Tag>
  )
}

export function isMarketplace(kind: ChannelKind): boolean {
  return (MARKETPLACE_KINDS as readonly string[]).includes(kind)
}

/** A job kind this screen has no words for shows as it is, for support to look up. */
export function jobKindText(kind: string): string {
  const key = `publishing.jobKinds.${kind}`
  return hasText(key) ? translateDynamic(key) : kind
}

/** The failure's class in words (null when there is none or the screen does not know it). */
export function errorKindText(kind: string | null): string | null {
  if (!kind) return null
  const key = `publishing.errorKinds.${kind}`
  return hasText(key) ? translateDynamic(key) : null
}

function issueParams(params: Readonly<Record<string, string | number>> | undefined): Record<string, string | number> {
  return { product: '', ...params }
}

/** Each reason `listings.publish` gives, one sentence per listing, for a list under the table. */
export function publishProblemTexts(error: unknown): string[] {
  const texts = issuesOf(error).flatMap((issue) => {
    const key = `publishing.errors.${issue.code}`
    return hasText(key) ? [translateDynamic(key, issueParams(issue.params))] : []
  })
  return [...new Set(texts)]
}

/** One sentence for a toast: the channel screens' own reasons first, then the app's. */
export function publishingErrorText(error: unknown): string {
  const reason = reasonOf(error)
  if (reason && hasText(`publishing.errors.${reason}`)) return translateDynamic(`publishing.errors.${reason}`)
  const [problem] = publishProblemTexts(error)
  return problem ?? describeError(error)
}
