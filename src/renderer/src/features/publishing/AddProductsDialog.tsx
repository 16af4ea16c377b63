/**
 * "Thêm sản phẩm vào kênh": pick products from the catalogue (search without diacritics, by name
 * or SKU) and each becomes a draft listing on the channel; nothing is sent until "Đăng bán".
 */
import { App, Flex, Form, Modal, Typography } from 'antd'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ChannelAccountDto } from '@shared/contract/publishing'
import { publishingErrorText } from './PublishingBits'
import { AddListingsFailure, useAddListings } from './publishing.queries'
import { ProductPicker } from './ProductPicker'

export function AddProductsDialog({ account, listedProductIds, onClose }: { account: ChannelAccountDto; listedProductIds: ReadonlySet<string>; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const [chosen, setChosen] = useState<string[]>([])
  const add = useAddListings()
  // Names of what is chosen, for the message when one cannot be added.
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map())

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
            <ProductPicker
              id="add-listing-products"
              value={chosen}
              unavailableIds={listedProductIds}
              onChange={(ids, picked) => {
                setChosen(ids)
                setNames(picked)
              }}
            />
          </Form.Item>
        </Form>
      </Flex>
    </Modal>
  )
}
