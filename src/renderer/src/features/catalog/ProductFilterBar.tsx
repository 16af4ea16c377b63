import { Flex, Form, Radio, Select } from 'antd'
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { PRODUCT_OCOP_STATES, type ProductOcopState } from '@shared/contract/dto'
import { CategorySelect } from '../../components/CategorySelect'
import { SearchField } from '../../components/SearchField'
import { useSellers } from '../sellers/sellers.queries'
import { SORT_CHOICES, STATUS_FILTERS, useCatalogFilters, type SortChoice, type StatusFilter } from './filters'

/** Typing waits this long for a pause before asking the server: fast enough to feel live. */
const SEARCH_DEBOUNCE_MS = 200

const SORT_LABEL_KEYS = {
  relevance: 'products.sort.relevance',
  'name:asc': 'products.sort.nameAsc',
  'price:asc': 'products.sort.priceAsc',
  'price:desc': 'products.sort.priceDesc',
  'updatedAt:desc': 'products.sort.updatedDesc',
} as const satisfies Record<SortChoice, string>

export function ProductFilterBar() {
  const { t } = useTranslation()
  const { filters, setFilters } = useCatalogFilters()
  const setQuery = useCallback((query: string) => setFilters({ query }), [setFilters])
  const sellers = useSellers()

  return (
    <Form layout="vertical" component="div" aria-label={t('products.filters.label')} role="search">
      <Flex wrap gap={12} align="end">
        <Form.Item label={t('products.filters.search')} htmlFor="product-search" style={{ margin: 0, flex: '1 1 220px' }}>
          <SearchField id="product-search" debounceMs={SEARCH_DEBOUNCE_MS} query={filters.query} onQuery={setQuery} placeholder={t('products.filters.searchPlaceholder')} />
        </Form.Item>
        <Form.Item label={<span id="product-status-label">{t('products.filters.status')}</span>} style={{ margin: 0 }}>
          <Radio.Group
            aria-labelledby="product-status-label"
            role="radiogroup"
            optionType="button"
            value={filters.status}
            onChange={(e) => setFilters({ status: e.target.value as StatusFilter })}
            options={STATUS_FILTERS.map((status) => ({ value: status, label: t(`status.${status}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('products.filters.category')} htmlFor="product-category" style={{ margin: 0, width: 170 }}>
          <CategorySelect
            id="product-category"
            allowClear
            placeholder={t('products.filters.categoryAll')}
            value={filters.category}
            onChange={(category) => setFilters({ category })}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item label={t('products.filters.seller')} htmlFor="product-seller" style={{ margin: 0, width: 170 }}>
          <Select<string>
            id="product-seller"
            allowClear
            placeholder={t('products.filters.sellerAll')}
            value={filters.sellerId ?? undefined}
            onChange={(sellerId) => setFilters({ sellerId: sellerId ?? null })}
            options={(sellers.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item label={t('ocop.filters.stars')} htmlFor="product-ocop-stars" style={{ margin: 0, width: 130 }}>
          <Select<3 | 4 | 5>
            id="product-ocop-stars"
            allowClear
            placeholder={t('ocop.filters.starsAll')}
            value={filters.ocopStars ?? undefined}
            onChange={(ocopStars) => setFilters({ ocopStars: ocopStars ?? null })}
            options={([3, 4, 5] as const).map((n) => ({ value: n, label: t('ocop.stars', { count: n }) }))}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item label={t('ocop.filters.state')} htmlFor="product-ocop-state" style={{ margin: 0, width: 150 }}>
          <Select<ProductOcopState>
            id="product-ocop-state"
            allowClear
            placeholder={t('ocop.filters.stateAll')}
            value={filters.ocopState ?? undefined}
            onChange={(ocopState) => setFilters({ ocopState: ocopState ?? null })}
            options={PRODUCT_OCOP_STATES.map((state) => ({ value: state, label: t(`ocop.state.${state}`) }))}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item label={t('products.filters.sort')} htmlFor="product-sort" style={{ margin: 0, width: 150 }}>
          <Select<SortChoice>
            id="product-sort"
            value={filters.sort}
            onChange={(sort) => setFilters({ sort })}
            options={SORT_CHOICES.map((sort) => ({ value: sort, label: t(SORT_LABEL_KEYS[sort]) }))}
            style={{ width: '100%' }}
          />
        </Form.Item>
      </Flex>
    </Form>
  )
}
