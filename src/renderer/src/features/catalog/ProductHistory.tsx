import { Alert, Card, Empty, Timeline, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { AuditEntryDto, ProductDto } from '@shared/contract/dto'
import { useFormat } from '../../components/format'
import { describeError } from '../../i18n/error-text'
import { hasText, translateDynamic } from '../../i18n'
import { useProductHistory } from './catalog.queries'

type ChangedField = 'name' | 'description' | 'category' | 'status' | 'seller' | 'variants' | 'prices'

function asProduct(value: unknown): ProductDto | null {
  return typeof value === 'object' && value !== null && 'variants' in value && Array.isArray((value as ProductDto).variants) ? (value as ProductDto) : null
}

/** Which parts of the product an entry changed, from its before/after snapshots. */
function changedFields(entry: AuditEntryDto): ChangedField[] {
  const before = asProduct(entry.before)
  const after = asProduct(entry.after)
  if (!before || !after) return []
  const fields: ChangedField[] = []
  if (before.name !== after.name) fields.push('name')
  if (before.description !== after.description) fields.push('description')
  if (before.category !== after.category) fields.push('category')
  if (before.status !== after.status) fields.push('status')
  if (before.sellerId !== after.sellerId) fields.push('seller')
  const prices = (p: ProductDto) => JSON.stringify(p.variants.map((v) => [v.id, v.priceVnd, v.compareAtPriceVnd]))
  const shape = (p: ProductDto) => JSON.stringify(p.variants.map(({ priceVnd: _p, compareAtPriceVnd: _c, ...rest }) => rest))
  if (shape(before) !== shape(after)) fields.push('variants')
  if (prices(before) !== prices(after)) fields.push('prices')
  return fields
}

export function ProductHistory({ productId }: { productId: string }) {
  const { t } = useTranslation()
  const format = useFormat()
  const history = useProductHistory(productId)

  const actionText = (action: string) => translateDynamic(`history.actions.${action}`, undefined, 'history.actions.other')
  const actorText = (actor: string) => (hasText(`history.actors.${actor}`) ? translateDynamic(`history.actors.${actor}`) : t('history.actors.other', { actor }))

  return (
    <Card title={t('history.title')} size="small" loading={history.isLoading}>
      {history.error ? (
        <Alert type="error" showIcon title={describeError(history.error)} />
      ) : history.data && history.data.length > 0 ? (
        <Timeline
          items={history.data.map((entry) => {
            const fields = changedFields(entry)
            return {
              key: entry.id,
              title: format.dateTime(entry.at),
              content: (
                <>
                  <Typography.Text strong>{actionText(entry.action)}</Typography.Text>{' '}
                  <Typography.Text type="secondary">{t('history.by', { actor: actorText(entry.actor) })}</Typography.Text>
                  {fields.length > 0 && (
                    <div>
                      <Typography.Text type="secondary">
                        {t('history.changed', { fields: fields.map((f) => t(`history.fields.${f}`)).join(t('common.listSeparator')) })}
                      </Typography.Text>
                    </div>
                  )}
                </>
              ),
            }
          })}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.empty')} />
      )}
    </Card>
  )
}
