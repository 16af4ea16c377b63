/**
 * A product's photos: drop or choose several at once (one upload per file, so progress counts
 * up and one bad file does not sink the others), drag to reorder or use the arrow buttons, make
 * one the cover, describe each one. Every change is saved at once; it is not part of the
 * product form's Save.
 */
import { App, Button, Card, Empty, Flex, Form, Input, Modal, Popconfirm, Progress, Select, Space, Tag, Tooltip, Typography, Upload } from 'antd'
import { ArrowLeftOutlined, ArrowRightOutlined, DeleteOutlined, EditOutlined, InboxOutlined, StarOutlined } from '@ant-design/icons'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type DragEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ProductDto, ProductImageDto } from '@shared/contract/dto'
import { MAX_UPLOAD_FILE_BYTES, type ProductImagesDto } from '@shared/contract/media'
import { call } from '../../api/client'
import { useFormat } from '../../components/format'
import { MediaImage, toUploadFile, useMediaUrl } from '../../components/media'
import { describeError } from '../../i18n/error-text'
import { productKeys } from './catalog.queries'

function useImagesChanged(productId: string) {
  const queryClient = useQueryClient()
  return async (result: ProductImagesDto | ProductImageDto) => {
    if ('images' in result) {
      queryClient.setQueryData<ProductDto>(productKeys.detail(productId), (old) => (old ? { ...old, images: result.images } : old))
    }
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: productKeys.detail(productId) }),
      queryClient.invalidateQueries({ queryKey: ['products', 'list'] }),
      queryClient.invalidateQueries({ queryKey: productKeys.history(productId) }),
    ])
  }
}

function moved(ids: readonly string[], from: number, to: number): string[] {
  const next = [...ids]
  const [id] = next.splice(from, 1)
  next.splice(to, 0, id!)
  return next
}

function ImageDetails({ product, image, onClose }: { product: ProductDto; image: ProductImageDto; onClose: () => void }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const changed = useImagesChanged(product.id)
  const mediaUrl = useMediaUrl()
  const save = useMutation({
    mutationFn: (values: { altText: string; variantId: string | null }) => call('catalog.updateProductImage', { id: image.id, altText: values.altText, variantId: values.variantId }),
    onSuccess: changed,
  })
  return (
    <Form
      layout="vertical"
      initialValues={{ altText: image.altText ?? '', variantId: image.variantId }}
      onFinish={(values: { altText: string; variantId: string | null }) =>
        save.mutateAsync(values).then(
          () => {
            void message.success(t('images.detailsSaved'))
            onClose()
          },
          (e: unknown) => void message.error(describeError(e)),
        )
      }
    >
      <Flex gap={16} wrap>
        <MediaImage mediaKey={image.mediaKey} variant="card" alt={image.altText ?? product.name} width={220} />
        {mediaUrl && (
          <Flex vertical gap={4}>
            <Typography.Text type="secondary">{t('images.marketplace')}</Typography.Text>
            <a href={mediaUrl(image.mediaKey, 'market')} target="_blank" rel="noopener">
              <img src={mediaUrl(image.mediaKey, 'market')} alt={t('images.marketplace')} width={120} height={120} style={{ border: '1px solid #eee' }} />
            </a>
          </Flex>
        )}
      </Flex>
      <Form.Item name="altText" label={t('images.altText')} style={{ marginTop: 16 }} rules={[{ max: 250, message: t('errors.issue.max_length', { limit: 250 }) }]}>
        <Input placeholder={t('images.altPlaceholder')} maxLength={250} />
      </Form.Item>
      <Form.Item name="variantId" label={t('images.variant')}>
        <Select
          options={[{ value: null, label: t('images.variantAll') }, ...product.variants.map((v) => ({ value: v.id, label: `${v.sku}${v.optionLabel ? ` · ${v.optionLabel}` : ''}` }))]}
        />
      </Form.Item>
      <Flex justify="end" gap={8}>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('images.saveDetails')}
        </Button>
      </Flex>
    </Form>
  )
}

export function ProductImagesPanel({ product }: { product: ProductDto }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const format = useFormat()
  const changed = useImagesChanged(product.id)
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [dragging, setDragging] = useState<number | null>(null)
  const [details, setDetails] = useState<ProductImageDto | null>(null)
  const readOnly = product.status === 'archived'
  const images = product.images

  const reorder = useMutation({
    mutationFn: (imageIds: string[]) => call('catalog.reorderProductImages', { productId: product.id, imageIds }),
    onSuccess: changed,
    onError: (e) => void message.error(describeError(e)),
  })
  const remove = useMutation({
    mutationFn: (id: string) => call('catalog.removeProductImage', { id }),
    onSuccess: async (r) => {
      await changed(r)
      void message.success(t('images.removed'))
    },
    onError: (e) => void message.error(describeError(e)),
  })

  /** One call per file, in order: progress is honest and a bad file fails alone. */
  const upload = async (files: File[]) => {
    setProgress({ done: 0, total: files.length })
    let added = 0
    for (const [index, file] of files.entries()) {
      try {
        if (file.size > MAX_UPLOAD_FILE_BYTES) throw Object.assign(new Error('too large'), { tooLarge: true })
        const result = await call('catalog.addProductImages', { productId: product.id, files: [await toUploadFile(file)] })
        await changed(result)
        if (result.addedIds.length === 0) void message.info(t('images.duplicate', { file: file.name }))
        added += result.addedIds.length
      } catch (error) {
        const reason = (error as { tooLarge?: boolean }).tooLarge ? t('errors.reason.media.too_large', { maxMb: MAX_UPLOAD_FILE_BYTES / 1024 / 1024 }) : describeError(error)
        void message.error(t('images.failed', { file: file.name, reason }), 8)
      }
      setProgress({ done: index + 1, total: files.length })
    }
    if (added > 0) void message.success(t('images.uploaded', { count: added }))
    setProgress(null)
  }

  const ids = images.map((i) => i.id)
  const onDrop = (target: number) => (event: DragEvent) => {
    event.preventDefault()
    if (dragging !== null && dragging !== target) reorder.mutate(moved(ids, dragging, target))
    setDragging(null)
  }

  return (
    <Card size="small" title={t('images.title')}>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {t('images.hint')}
      </Typography.Paragraph>
      {images.length === 0 && !progress && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('images.empty')} />}
      <ul aria-label={t('images.title')} style={{ listStyle: 'none', padding: 0, margin: 0, display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(104px, 1fr))', gap: 8 }}>
        {images.map((image, index) => (
          <li
            key={image.id}
            data-testid="product-image"
            draggable={!readOnly}
            onDragStart={() => setDragging(index)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={onDrop(index)}
            onDragEnd={() => setDragging(null)}
            style={{ border: `1px solid ${index === 0 ? '#1677ff' : '#f0f0f0'}`, borderRadius: 6, padding: 4, opacity: dragging === index ? 0.5 : 1, cursor: readOnly ? 'default' : 'grab' }}
          >
            <Flex vertical align="center" gap={4}>
              <MediaImage mediaKey={image.mediaKey} alt={image.altText ?? t('images.imageOf', { position: index + 1, name: product.name })} width={92} />
              <Tooltip title={t('images.size', { width: image.width, height: image.height, bytes: format.bytes(image.bytes) })}>
                {index === 0 ? <Tag color="blue">{t('images.cover')}</Tag> : <Typography.Text type="secondary">{index + 1}</Typography.Text>}
              </Tooltip>
              {!readOnly && (
                <Space size={0} wrap style={{ justifyContent: 'center' }}>
                  <Button
                    size="small"
                    type="text"
                    icon={<ArrowLeftOutlined />}
                    disabled={index === 0 || reorder.isPending}
                    aria-label={`${t('images.moveLeft')} (${index + 1})`}
                    onClick={() => reorder.mutate(moved(ids, index, index - 1))}
                  />
                  <Button
                    size="small"
                    type="text"
                    icon={<StarOutlined />}
                    disabled={index === 0 || reorder.isPending}
                    aria-label={`${t('images.makeCover')} (${index + 1})`}
                    title={t('images.makeCover')}
                    onClick={() => reorder.mutate(moved(ids, index, 0))}
                  />
                  <Button
                    size="small"
                    type="text"
                    icon={<ArrowRightOutlined />}
                    disabled={index === images.length - 1 || reorder.isPending}
                    aria-label={`${t('images.moveRight')} (${index + 1})`}
                    onClick={() => reorder.mutate(moved(ids, index, index + 1))}
                  />
                  <Button size="small" type="text" icon={<EditOutlined />} aria-label={`${t('images.altText')} (${index + 1})`} onClick={() => setDetails(image)} />
                  <Popconfirm title={t('images.removeConfirm')} okText={t('images.remove')} cancelText={t('common.cancel')} onConfirm={() => remove.mutateAsync(image.id)}>
                    <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={`${t('images.remove')} (${index + 1})`} />
                  </Popconfirm>
                </Space>
              )}
            </Flex>
          </li>
        ))}
      </ul>
      {!readOnly && (
        <div style={{ marginTop: 12 }}>
          <Upload.Dragger
            multiple
            accept="image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"
            showUploadList={false}
            disabled={progress !== null}
            // Collect the whole selection, then upload it in order (antd calls this once per file).
            beforeUpload={(file, fileList) => {
              if (file === fileList[0]) void upload(fileList as File[])
              return Upload.LIST_IGNORE
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('images.drop')}</p>
            <p className="ant-upload-hint">{t('images.dropHint')}</p>
          </Upload.Dragger>
          {progress && (
            <div role="status" style={{ marginTop: 8 }}>
              <Typography.Text>{t('images.uploading', { done: Math.min(progress.done + 1, progress.total), total: progress.total })}</Typography.Text>
              <Progress percent={Math.round((progress.done / progress.total) * 100)} size="small" />
            </div>
          )}
        </div>
      )}
      <Modal open={details !== null} title={t('images.altText')} footer={null} width={560} destroyOnHidden onCancel={() => setDetails(null)}>
        {details && <ImageDetails product={product} image={details} onClose={() => setDetails(null)} />}
      </Modal>
    </Card>
  )
}
