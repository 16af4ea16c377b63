/**
 * "Đăng nhiều sản phẩm lên nhiều kênh" (scenario 5: ten products to Shopee and the portal in
 * one action). Products not yet on a channel get a listing from that channel's usual category
 * and settings; the backend checks everything together and queues all of it, or none.
 */
import { Alert, App, Checkbox, Flex, Form, Modal, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ChannelAccountDto } from '@shared/contract/publishing'
import { publishingErrorText, publishProblemTexts } from './PublishingBits'
import { usePublishProducts } from './publishing.queries'
import { ProductPicker } from './ProductPicker'

export function PublishManyDialog({ accounts, onClose }: { accounts: readonly ChannelAccountDto[]; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [products, setProducts] = useState<string[]>([])
  const [channels, setChannels] = useState<string[]>([])
  const [problems, setProblems] = useState<string[]>([])
  const publish = usePublishProducts()

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
            <ProductPicker id="publish-many-products" value={products} onChange={(ids) => setProducts(ids)} />
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
