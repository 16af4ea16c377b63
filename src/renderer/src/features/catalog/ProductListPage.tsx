import { Alert, Button, Flex, Typography } from 'antd'
import { PlusOutlined, UploadOutlined } from '@ant-design/icons'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { useFormat } from '../../components/format'
import { describeError } from '../../i18n/error-text'
import { useProductPages } from './catalog.queries'
import { ExportMenu } from './ExportMenu'
import { useCatalogFilters } from './filters'
import { ImportDialog } from './ImportDialog'
import { ProductFilterBar } from './ProductFilterBar'
import { ProductTable } from './ProductTable'

export function ProductListPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const format = useFormat()
  const { filters } = useCatalogFilters()
  const pages = useProductPages(filters)
  const [importing, setImporting] = useState(false)
  const items = pages.data?.pages.flatMap((p) => p.items) ?? []
  const total = pages.data?.pages[0]?.total

  return (
    <Flex vertical gap={16} style={{ height: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex align="baseline" gap={16} wrap>
          <Typography.Title level={2} style={{ margin: 0 }}>
            {t('products.title')}
          </Typography.Title>
          {total !== undefined && (
            <Typography.Text type="secondary" role="status">
              {t('products.total', { total: format.number(total) })}
            </Typography.Text>
          )}
        </Flex>
        <Flex gap={8} wrap>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/products/new')}>
            {t('products.add')}
          </Button>
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            {t('products.import')}
          </Button>
          <ExportMenu />
        </Flex>
      </Flex>
      <ProductFilterBar />
      {pages.error && <Alert type="error" showIcon title={describeError(pages.error)} action={<Button onClick={() => void pages.refetch()}>{t('common.retry')}</Button>} />}
      <ProductTable
        items={items}
        // A new search is on its way: grey out the previous answer rather than pass it off as the new one.
        loading={pages.isLoading || (pages.isFetching && pages.isPlaceholderData)}
        hasMore={pages.hasNextPage}
        loadingMore={pages.isFetchingNextPage}
        onLoadMore={() => void pages.fetchNextPage()}
      />
      {importing && <ImportDialog onClose={() => setImporting(false)} />}
    </Flex>
  )
}
