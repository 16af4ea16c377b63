import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { CreateSellerInput, UpdateSellerInput } from '@shared/contract/inputs'
import { call } from '../../api/client'

export const sellerKeys = {
  all: ['sellers'] as const,
}

export function useSellers() {
  return useQuery({ queryKey: sellerKeys.all, queryFn: () => call('sellers.listSellers') })
}

function useInvalidateSellers() {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: sellerKeys.all }),
      // Product rows show the seller's name.
      queryClient.invalidateQueries({ queryKey: ['products'] }),
    ])
}

export function useCreateSeller() {
  const invalidate = useInvalidateSellers()
  return useMutation({ mutationFn: (input: CreateSellerInput) => call('sellers.createSeller', input), onSuccess: invalidate })
}

export function useUpdateSeller() {
  const invalidate = useInvalidateSellers()
  return useMutation({ mutationFn: (input: UpdateSellerInput) => call('sellers.updateSeller', input), onSuccess: invalidate })
}

export function useSetDefaultSeller() {
  const invalidate = useInvalidateSellers()
  return useMutation({ mutationFn: (id: string) => call('sellers.setDefaultSeller', { id }), onSuccess: invalidate })
}
