import { App, Button, Flex, Popconfirm, Table, Typography, type TableColumnsType } from 'antd'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { ProductListItemDto } from '@shared/contract/dto'
import { StatusTag } from '../../components/StatusTag'
import { useFormat } from '../../components/format'
import { MediaImage } from '../../components/media'
import { useElementHeight } from '../../components/useElementHeight'
import { ProductOcopCell } from '../ocop/OcopBits'
import { describeError } from '../../i18n/error-text'
import { useArchiveProduct, useRestoreProduct } from './catalog.queries'

/** Start loading the next page while this many pixels of rows are still below the fold. */
const PREFETCH_DISTANCE_PX = 800
/** The table's header row; the body gets the rest of the container. */
const HEADER_HEIGHT_PX = 56

interface ProductTableProps {
  readonly items: readonly ProductListItemDto[]
  readonly loading: boolean
  readonly hasMore: boolean
  readonly loadingMore: boolean
  readonly onLoadMore: () => void
}

function RowActions({ product }: { product: ProductListItemDto }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const archive = useArchiveProduct()
  const restore = useRestoreProduct()
  if (product.status === 'archived') {
    return (
      <Button
        size="small"
        loading={restore.isPending}
        onClick={() =>
          restore.mutate(product.id, {
            onSuccess: (p) => void message.success(t('products.restored', { name: p.name })),
            onError: (error) => void message.error(describeError(error)),
          })
        }
      >
        {t('products.restore')}
      </Button>
    )
  }
  return (
    <Popconfirm
      title={t('products.archiveConfirmTitle', { name: product.name })}
      description={t('products.archiveConfirmText')}
      okText={t('products.archiveConfirmOk')}
      cancelText={t('common.cancel')}
      onConfirm={() =>
        archive.mutateAsync(product.id).then(
          (p) => void message.success(t('products.archived', { name: p.name })),
          (error: unknown) => void message.error(describeError(error)),
        )
      }
    >
      <Button size="small" loading={archive.isPending}>
        {t('products.archive')}
      </Button>
    </Popconfirm>
  )
}

/**
 * Virtualised: only the rows on screen exist in the DOM, and pages of 100 arrive as the user
 * scrolls towards them, so a catalogue of 100,000 products scrolls as smoothly as one of ten.
 */
export function ProductTable({ items, loading, hasMore, loadingMore, onLoadMore }: ProductTableProps) {
  const { t } = useTranslation()
  const format = useFormat()
  const [containerRef, height] = useElementHeight<HTMLDivElement>()
  const separator = t('common.listSeparator')

  const columns: TableColumnsType<ProductListItemDto> = [
    {
      key: 'photo',
      title: t('ocop.photo'),
      width: 52,
      render: (_, p) =>
        p.coverMediaKey ? <MediaImage mediaKey={p.coverMediaKey} alt={p.name} width={40} preview={false} /> : <div style={{ width: 40, height: 40, background: '#f5f5f5', borderRadius: 4 }} />,
    },
    {
      key: 'name',
      title: t('products.columns.name'),
      width: 205,
      render: (_, p) => (
        <Link to={`/products/${p.id}`}>
          <Typography.Text strong ellipsis={{ tooltip: p.name }} style={{ color: 'inherit', maxWidth: 180 }}>
            {p.name}
          </Typography.Text>
        </Link>
      ),
    },
    { key: 'skus', title: t('products.columns.skus'), width: 120, ellipsis: true, render: (_, p) => p.skus.join(separator) },
    { key: 'category', title: t('products.columns.category'), width: 135, ellipsis: true, render: (_, p) => format.category(p.category) ?? t('common.empty') },
    { key: 'price', title: t('products.columns.price'), width: 160, align: 'right', render: (_, p) => format.priceRange(p.minPriceVnd, p.maxPriceVnd) },
    { key: 'units', title: t('products.columns.units'), width: 90, ellipsis: true, render: (_, p) => p.units.join(separator) },
    { key: 'ocop', title: t('ocop.column'), width: 110, render: (_, p) => <ProductOcopCell ocop={p.ocop} /> },
    { key: 'status', title: t('products.columns.status'), width: 95, render: (_, p) => <StatusTag status={p.status} /> },
    { key: 'seller', title: t('products.columns.seller'), width: 120, ellipsis: true, render: (_, p) => p.sellerName },
    { key: 'updatedAt', title: t('products.columns.updatedAt'), width: 125, render: (_, p) => format.dateTime(p.updatedAt) },
    { key: 'actions', title: t('common.actions'), width: 105, render: (_, p) => <RowActions product={p} /> },
  ]
  // The virtual body is made of <div>s: give rows and cells their roles back for assistive tech.
  const accessibleColumns = columns.map((column) => ({ ...column, onCell: () => ({ role: 'cell' }) }))
  const totalWidth = columns.reduce((sum, c) => sum + Number(c.width ?? 0), 0)

  return (
    <Flex vertical style={{ flex: 1, minHeight: 0 }}>
      <div ref={containerRef} style={{ flex: 1, minHeight: 240 }} aria-busy={loading}>
        <Table<ProductListItemDto>
          virtual
          rowKey="id"
          size="middle"
          columns={accessibleColumns}
          onRow={() => ({ role: 'row' })}
          dataSource={items as ProductListItemDto[]}
          loading={loading}
          pagination={false}
          scroll={{ x: totalWidth, y: Math.max(160, height - HEADER_HEIGHT_PX) }}
          locale={{ emptyText: t('products.empty') }}
          onScroll={(event) => {
            const el = event.currentTarget
            if (hasMore && !loadingMore && el.scrollHeight - el.scrollTop - el.clientHeight < PREFETCH_DISTANCE_PX) onLoadMore()
          }}
        />
      </div>
      {loadingMore && (
        <Typography.Text type="secondary" role="status">
          {t('products.loadingMore')}
        </Typography.Text>
      )}
    </Flex>
  )
}
