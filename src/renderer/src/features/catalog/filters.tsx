/**
 * The list's search and filters live above the routes, so opening a product and coming
 * back finds the list as it was left; export uses the very same values.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import type { ProductOcopState } from '@shared/contract/dto'
import type { ExportProductsInput, SearchProductsInput } from '@shared/contract/inputs'

export const STATUS_FILTERS = ['live', 'active', 'draft', 'archived'] as const
export type StatusFilter = (typeof STATUS_FILTERS)[number]

export const SORT_CHOICES = ['relevance', 'name:asc', 'price:asc', 'price:desc', 'updatedAt:desc'] as const
export type SortChoice = (typeof SORT_CHOICES)[number]

export interface ProductFilters {
  readonly query: string
  readonly status: StatusFilter
  readonly category: string | null
  readonly sellerId: string | null
  readonly sort: SortChoice
  readonly ocopStars: 3 | 4 | 5 | null
  readonly ocopState: ProductOcopState | null
}

export const DEFAULT_FILTERS: ProductFilters = { query: '', status: 'live', category: null, sellerId: null, sort: 'relevance', ocopStars: null, ocopState: null }

export function searchInput(filters: ProductFilters): Omit<SearchProductsInput, 'limit' | 'offset'> {
  const [sort, direction] = filters.sort.split(':') as [NonNullable<SearchProductsInput['sort']>, 'asc' | 'desc' | undefined]
  return {
    query: filters.query.trim(),
    status: filters.status,
    sort,
    ...(direction && { direction }),
    ...(filters.category && { category: filters.category }),
    ...(filters.sellerId && { sellerId: filters.sellerId }),
    ...(filters.ocopStars && { ocopStars: filters.ocopStars }),
    ...(filters.ocopState && { ocopState: filters.ocopState }),
  }
}

export function exportInput(filters: ProductFilters): Omit<ExportProductsInput, 'format' | 'headers'> {
  return {
    query: filters.query.trim(),
    status: filters.status,
    ...(filters.category && { category: filters.category }),
    ...(filters.sellerId && { sellerId: filters.sellerId }),
    ...(filters.ocopStars && { ocopStars: filters.ocopStars }),
    ...(filters.ocopState && { ocopState: filters.ocopState }),
  }
}

interface FiltersState {
  readonly filters: ProductFilters
  readonly setFilters: (change: Partial<ProductFilters>) => void
}

const FiltersContext = createContext<FiltersState | null>(null)

export function CatalogFiltersProvider({ children }: { children: ReactNode }) {
  const [filters, set] = useState<ProductFilters>(DEFAULT_FILTERS)
  const setFilters = useCallback((change: Partial<ProductFilters>) => set((current) => ({ ...current, ...change })), [])
  const value = useMemo<FiltersState>(() => ({ filters, setFilters }), [filters, setFilters])
  return <FiltersContext.Provider value={value}>{children}</FiltersContext.Provider>
}

export function useCatalogFilters(): FiltersState {
  const state = useContext(FiltersContext)
  if (!state) throw new Error('useCatalogFilters outside CatalogFiltersProvider')
  return state
}
