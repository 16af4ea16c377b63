import { Tag } from 'antd'
import { useTranslation } from 'react-i18next'
import type { ProductStatus } from '@shared/contract/dto'

const COLORS: Record<ProductStatus, string> = { active: 'green', draft: 'gold', archived: 'default' }

export function StatusTag({ status }: { status: ProductStatus }) {
  const { t } = useTranslation()
  return <Tag color={COLORS[status]}>{t(`status.${status}`)}</Tag>
}
