/**
 * Picking products from the catalogue for a channel: typed without diacritics, by name or SKU,
 * searched after a pause, several at a time. The names of what is picked are kept when a later
 * search no longer returns them, and handed to the caller with the ids (for its messages).
 */
import { Alert, Flex, Select, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDebouncedValue } from '../../components/useDebouncedValue'
import { publishingErrorText } from './PublishingBits'
import { useProductSearch } from './publishing.queries'

const SEARCH_DEBOUNCE_MS = 250

export function ProductPicker(props: {
  readonly id: string
  readonly value: readonly string[]
  onChange(ids: string[], names: ReadonlyMap<string, string>): void
  /** Products that cannot be picked (already on the channel), shown greyed with a reason. */
  readonly unavailableIds?: ReadonlySet<string>
}) {
  const { t } = useTranslation()
  const [typed, setTyped] = useState('')
  const query = useDebouncedValue(typed.trim(), SEARCH_DEBOUNCE_MS)
  const search = useProductSearch(query, true)
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map())
  const { unavailableIds } = props

  const options = useMemo(
    () =>
      (search.data?.items ?? []).map((p) => ({
        value: p.id,
        label: p.name,
        title: p.name,
        disabled: unavailableIds?.has(p.id) ?? false,
        sku: p.skus.join(', '),
      })),
    [search.data, unavailableIds],
  )

  return (
    <Flex vertical gap={8}>
      <Select
        id={props.id}
        mode="multiple"
        showSearch={{ filterOption: false, onSearch: setTyped, searchValue: typed }}
        value={[...props.value]}
        onChange={(ids: string[]) => {
          const next = new Map([...names, ...options.filter((o) => ids.includes(o.value)).map((o) => [o.value, o.label] as const)])
          setNames(next)
          props.onChange(ids, next)
        }}
        onSelect={() => setTyped('')}
        options={options}
        optionRender={(option) => (
          <Flex justify="space-between" gap={12}>
            <span>{option.data.label}</span>
            <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
              {option.data.disabled ? t('publishing.addProducts.alreadyListed') : option.data.sku}
            </Typography.Text>
          </Flex>
        )}
        popupMatchSelectWidth
        labelRender={(selected) => names.get(String(selected.value)) ?? selected.label}
        placeholder={t('publishing.addProducts.placeholder')}
        loading={search.isFetching}
        notFoundContent={search.isFetching ? undefined : null}
        style={{ width: '100%' }}
      />
      {search.error && <Alert type="error" showIcon title={publishingErrorText(search.error)} />}
    </Flex>
  )
}
