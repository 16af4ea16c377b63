/**
 * "Thêm sản phẩm vào kênh": pick products from the catalogue (search without diacritics, by name
 * or SKU) and each becomes a draft listing on the channel; nothing is sent until "Đăng bán".
 */
import { Alert, App, Flex, Form, Modal, Select, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ChannelAccountDto } from '@shared/contract/publishing'
import { useDebouncedValue } from '../../components/useDebouncedValue'
import { publishingErrorText } from './PublishingBits'
import { AddListingsFailure, useAddListings, useProductSearch } from './publishing.queries'

const SEARCH_DEBOUNCE_MS = 250

export function AddProductsDialog({ account, listedProductIds, onClose }: { account: ChannelAccountDto; listedProductIds: ReadonlySet<string>; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [typed, setTyped] = useState('')
  const query = useDebouncedValue(typed.trim(), SEARCH_DEBOUNCE_MS)
  const search = useProductSearch(query, true)
  const [chosen, setChosen] = useState<string[]>([])
  const add = useAddListings()
  // Names of what is chosen, kept when a later search no longer returns them.
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map())

  const options = useMemo(
    () =>
      (search.data?.items ?? []).map((p) => ({
        value: p.id,
        label: p.name,
        disabled: listedProductIds.has(p.id),
        title: p.name,
        sku: p.skus.join(', '),
      })),
    [search.data, listedProductIds],
  )

  const submit = () => {
    if (chosen.length === 0) return
    add.mutate(
      { channelAccountId: account.id, productIds: chosen },
      {
        onSuccess: (added) => {
          void message.success(t('publishing.addProducts.added', { count: added.length }))
          onClose()
        },
        onError: (error) => {
          if (error instanceof AddListingsFailure) {
            void message.error(
              t('publishing.addProducts.partlyAdded', {
                done: error.added,
                total: chosen.length,
                product: names.get(error.productId) ?? error.productId,
                reason: publishingErrorText(error.cause),
              }),
              8,
            )
            setChosen(chosen.slice(error.added))
          } else void message.error(publishingErrorText(error))
        },
      },
    )
  }

  return (
    <Modal
      open
      title={t('publishing.addProducts.title', { channel: account.displayName })}
      okText={t('publishing.addProducts.add', { count: chosen.length })}
      okButtonProps={{ disabled: chosen.length === 0 }}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={add.isPending}
      destroyOnHidden
      width={640}
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('publishing.addProducts.hint')}</Typography.Text>
        <Form layout="vertical">
          <Form.Item label={t('publishing.addProducts.products')} htmlFor="add-listing-products" style={{ margin: 0 }}>
            <Select
              id="add-listing-products"
              mode="multiple"
              showSearch={{ filterOption: false, onSearch: setTyped, searchValue: typed }}
              value={chosen}
              onChange={(ids: string[]) => {
                setChosen(ids)
                setNames((previous) => new Map([...previous, ...options.filter((o) => ids.includes(o.value)).map((o) => [o.value, o.label] as const)]))
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
              labelRender={(selected) => names.get(String(selected.value)) ?? selected.label}
              placeholder={t('publishing.addProducts.placeholder')}
              loading={search.isFetching}
              notFoundContent={search.isFetching ? undefined : null}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Form>
        {search.error && <Alert type="error" showIcon title={publishingErrorText(search.error)} />}
      </Flex>
    </Modal>
  )
}
