/**
 * "Đăng nhiều sản phẩm lên nhiều kênh" (scenario 5: ten products to Shopee and the portal in
 * one action). Products not yet on a channel get a listing from that channel's usual category
 * and settings; the backend checks everything together and queues all of it, or none.
 */
import { Alert, App, Checkbox, Flex, Form, Modal, Select, Typography } from 'antd'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ChannelAccountDto } from '@shared/contract/publishing'
import { useDebouncedValue } from '../../components/useDebouncedValue'
import { publishingErrorText, publishProblemTexts } from './PublishingBits'
import { usePublishProducts, useProductSearch } from './publishing.queries'

const SEARCH_DEBOUNCE_MS = 250

export function PublishManyDialog({ accounts, onClose }: { accounts: readonly ChannelAccountDto[]; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [typed, setTyped] = useState('')
  const query = useDebouncedValue(typed.trim(), SEARCH_DEBOUNCE_MS)
  const search = useProductSearch(query, true)
  const [products, setProducts] = useState<string[]>([])
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map())
  const [channels, setChannels] = useState<string[]>([])
  const [problems, setProblems] = useState<string[]>([])
  const publish = usePublishProducts()
  const options = useMemo(() => (search.data?.items ?? []).map((p) => ({ value: p.id, label: p.name, title: p.name })), [search.data])

  const submit = () => {
    setProblems([])
    publish.mutate(
      { productIds: products, channelAccountIds: channels },
      {
        onSuccess: (listings) => {
          void message.success(t('publishing.publishMany.queued', { count: listings.length }))
          onClose()
        },
        onError: (error) => {
          const texts = publishProblemTexts(error)
          if (texts.length > 0) setProblems(texts)
          else void message.error(publishingErrorText(error))
        },
      },
    )
  }

  return (
    <Modal
      open
      title={t('publishing.publishMany.title')}
      okText={t('publishing.publishMany.submit', { products: products.length, channels: channels.length })}
      okButtonProps={{ disabled: products.length === 0 || channels.length === 0 }}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={publish.isPending}
      destroyOnHidden
      width={680}
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">{t('publishing.publishMany.hint')}</Typography.Text>
        <Form layout="vertical">
          <Form.Item label={t('publishing.publishMany.products')} htmlFor="publish-many-products">
            <Select
              id="publish-many-products"
              mode="multiple"
              showSearch={{ filterOption: false, onSearch: setTyped, searchValue: typed }}
              value={products}
              onChange={(ids: string[]) => {
                setProducts(ids)
                setNames((previous) => new Map([...previous, ...options.filter((o) => ids.includes(o.value)).map((o) => [o.value, o.label] as const)]))
              }}
              onSelect={() => setTyped('')}
              options={options}
              popupMatchSelectWidth
              labelRender={(selected) => names.get(String(selected.value)) ?? selected.label}
              placeholder={t('publishing.addProducts.placeholder')}
              loading={search.isFetching}
              notFoundContent={search.isFetching ? undefined : null}
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item label={t('publishing.publishMany.channels')} style={{ margin: 0 }}>
            <Checkbox.Group value={channels} onChange={(ids) => setChannels(ids)}>
              <Flex vertical gap={4}>
                {accounts.map((a) => (
                  <Checkbox key={a.id} value={a.id}>
                    {a.displayName} · {t(`publishing.kinds.${a.kind}`)}
                  </Checkbox>
                ))}
              </Flex>
            </Checkbox.Group>
          </Form.Item>
        </Form>
        {problems.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title={t('publishing.listings.publishProblems')}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            }
          />
        )}
      </Flex>
    </Modal>
  )
}
