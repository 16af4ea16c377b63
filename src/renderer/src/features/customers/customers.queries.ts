import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { CreateCustomerInput, CustomerDto, UpdateCustomerInput } from '@shared/contract/orders'
import { call } from '../../api/client'

export const customerKeys = {
  all: ['customers'] as const,
  list: (query: string, page: { page: number; pageSize: number }) => ['customers', 'list', query, page] as const,
  choices: (query: string) => ['customers', 'choices', query] as const,
  detail: (id: string) => ['customers', 'detail', id] as const,
}

export const addressKeys = {
  units: (query: string, provinceCode: string | null) => ['addresses', 'units', query, provinceCode] as const,
  provinces: ['addresses', 'provinces'] as const,
}

// ---------------------------------------------------------------------------------------------
// Reading

export function useCustomerList(query: string, page: { page: number; pageSize: number }) {
  return useQuery({
    queryKey: customerKeys.list(query, page),
    queryFn: () => call('customers.searchCustomers', { query: query.trim(), limit: page.pageSize, offset: (page.page - 1) * page.pageSize }),
    // While the user types or turns a page, keep the previous rows instead of flashing an empty table.
    placeholderData: keepPreviousData,
  })
}

/** Customers to pick from while typing a name (diacritics optional) or a few digits of a phone. */
export function useCustomerChoices(query: string, enabled = true) {
  return useQuery({
    queryKey: customerKeys.choices(query.trim()),
    queryFn: () => call('customers.searchCustomers', { query: query.trim(), limit: 20 }),
    placeholderData: keepPreviousData,
    enabled,
  })
}

export function useCustomer(id: string | null | undefined) {
  return useQuery({ queryKey: customerKeys.detail(id ?? ''), queryFn: () => call('customers.getCustomer', { id: id! }), enabled: !!id })
}

/** Communes/wards of the two-tier units; the dataset is in memory on the other side, so every keystroke may ask. */
export function useUnitSearch(query: string, provinceCode: string | null, enabled = true) {
  return useQuery({
    queryKey: addressKeys.units(query.trim(), provinceCode),
    queryFn: () => call('addresses.searchUnits', { query: query.trim(), limit: 30, ...(provinceCode && { provinceCode }) }),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    enabled,
  })
}

export function useProvinces() {
  return useQuery({ queryKey: addressKeys.provinces, queryFn: () => call('addresses.listProvinces'), staleTime: Infinity })
}

// ---------------------------------------------------------------------------------------------
// Writing

function useCustomerSaved() {
  const queryClient = useQueryClient()
  return async (customer: CustomerDto) => {
    queryClient.setQueryData(customerKeys.detail(customer.id), customer)
    // Another customer's "same phone as …" warning may change too: refresh every list and card.
    await queryClient.invalidateQueries({ queryKey: customerKeys.all })
  }
}

export function useCreateCustomer() {
  const saved = useCustomerSaved()
  return useMutation({ mutationFn: (input: CreateCustomerInput) => call('customers.createCustomer', input), onSuccess: saved })
}

export function useUpdateCustomer() {
  const saved = useCustomerSaved()
  return useMutation({ mutationFn: (input: UpdateCustomerInput) => call('customers.updateCustomer', input), onSuccess: saved })
}
