/** Small pieces every OCOP screen shares: the stars, the state tag, "n days left". */
import { Flex, Tag, Tooltip, Typography } from 'antd'
import { StarFilled } from '@ant-design/icons'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { ProductOcopDto } from '@shared/contract/dto'
import { formatDateVi } from '@shared/domain/calendar'

const STATE_COLOR = { valid: 'green', expiring: 'orange', expired: 'red', none: 'default' } as const

export function OcopStars({ stars }: { stars: number }) {
  const { t } = useTranslation()
  return (
    <span role="img" aria-label={t('ocop.stars', { count: stars })} title={t('ocop.stars', { count: stars })} style={{ color: '#d4a017', whiteSpace: 'nowrap' }}>
      {Array.from({ length: stars }, (_, i) => (
        <StarFilled key={i} />
      ))}
    </span>
  )
}

export function daysLeftText(t: TFunction, daysLeft: number): string {
  if (daysLeft < 0) return t('ocop.expiredDaysAgo', { count: -daysLeft })
  if (daysLeft === 0) return t('ocop.expiresToday')
  return t('ocop.daysLeft', { count: daysLeft })
}

export function OcopStateTag({ state, daysLeft }: { state: keyof typeof STATE_COLOR; daysLeft?: number | null }) {
  const { t } = useTranslation()
  return (
    <Tag color={STATE_COLOR[state]} style={{ marginInlineEnd: 0 }}>
      {t(`ocop.state.${state}`)}
      {daysLeft !== undefined && daysLeft !== null && state !== 'valid' && state !== 'none' ? ` · ${daysLeftText(t, daysLeft)}` : ''}
    </Tag>
  )
}

/** A product's standing in a list cell: the stars it may claim today, and one short tag when it needs attention. */
export function ProductOcopCell({ ocop }: { ocop: ProductOcopDto }) {
  const { t } = useTranslation()
  if (ocop.state === 'none') return <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>
  const detail = [t(`ocop.state.${ocop.state}`), ocop.expiryDate ? formatDateVi(ocop.expiryDate) : null, ocop.daysLeft !== null ? daysLeftText(t, ocop.daysLeft) : null]
  return (
    <Tooltip title={detail.filter(Boolean).join(' · ')}>
      <Flex vertical gap={2} align="start">
        {ocop.stars !== null && <OcopStars stars={ocop.stars} />}
        {ocop.state === 'expired' && (
          <Tag color={STATE_COLOR.expired} style={{ marginInlineEnd: 0 }}>
            {t('ocop.state.expired')}
          </Tag>
        )}
        {ocop.state === 'expiring' && ocop.daysLeft !== null && (
          <Tag color={STATE_COLOR.expiring} style={{ marginInlineEnd: 0 }}>
            {daysLeftText(t, ocop.daysLeft)}
          </Tag>
        )}
      </Flex>
    </Tooltip>
  )
}
