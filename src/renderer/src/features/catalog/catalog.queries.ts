import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ProductDto } from '@shared/contract/dto'
import type { CreateProductInput, UpdateProductInput } from '@shared/contract/inputs'
import { call } from '../../api/client'
import { sellerKeys } from '../sellers/sellers.queries'
import { searchInput, type ProductFilters } from './filters'

/** One page of the list: big enough to fill a tall screen, small enough to answer at once. */
export const PAGE_SIZE = 100

export const productKeys = {
  all: ['products'] as const,
  list: (filters: ProductFilters) => ['products', 'list', filters] as const,
  detail: (id: string) => ['products', 'detail', id] as const,
  history: (id: string) => ['audit', id] as const,
}

export function useProductPages(filters: ProductFilters) {
  return useInfiniteQuery({
    queryKey: productKeys.list(filters),
    queryFn: ({ pageParam }) => call('catalog.searchProducts', { ...searchInput(filters), limit: PAGE_SIZE, offset: pageParam }),
    initialPageParam: 0,
    getNextPageParam: (last, pages) => {
      const loaded = pages.reduce((n, p) => n + p.items.length, 0)
      return loaded < last.total && last.items.length > 0 ? loaded : undefined
    },
    // While the user types, keep showing the previous answer instead of flashing an empty table.
    placeholderData: keepPreviousData,
  })
}

export function useProduct(id: string) {
  return useQuery({ queryKey: productKeys.detail(id), queryFn: () => call('catalog.getProduct', { id }) })
}

export function useProductHistory(id: string) {
  return useQuery({ queryKey: productKeys.history(id), queryFn: () => call('audit.listEntries', { entityId: id, limit: 50 }) })
}

function useProductSaved() {
  const queryClient = useQueryClient()
  return async (product: ProductDto) => {
    queryClient.setQueryData(productKeys.detail(product.id), product)
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['products', 'list'] }),
      queryClient.invalidateQueries({ queryKey: productKeys.history(product.id) }),
      queryClient.invalidateQueries({ queryKey: sellerKeys.all }),
    ])
  }
}

export function useCreateProduct() {
  const saved = useProductSaved()
  return useMutation({ mutationFn: (input: CreateProductInput) => call('catalog.createProduct', input), onSuccess: saved })
}

export function useUpdateProduct() {
  const saved = useProductSaved()
  return useMutation({ mutationFn: (input: UpdateProductInput) => call('catalog.updateProduct', input), onSuccess: saved })
}

export function useArchiveProduct() {
  const saved = useProductSaved()
  return useMutation({ mutationFn: (id: string) => call('catalog.archiveProduct', { id }), onSuccess: saved })
}

export function useRestoreProduct() {
  const saved = useProductSaved()
  return useMutation({ mutationFn: (id: string) => call('catalog.restoreProduct', { id }), onSuccess: saved })
}

/** After an import many products changed at once: drop every cached product. */
export function useInvalidateCatalog() {
  const queryClient = useQueryClient()
  return () => Promise.all([queryClient.invalidateQueries({ queryKey: productKeys.all }), queryClient.invalidateQueries({ queryKey: sellerKeys.all })])
}
