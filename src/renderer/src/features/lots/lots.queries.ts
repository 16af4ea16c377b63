import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useMemo, useSyncExternalStore } from 'react'
import type { CreateLotInput, ListLotsInput, LotDto, UpdateLotInput, UpdateSettingsInput } from '@shared/contract/lots'
import { call } from '../../api/client'
import { productKeys } from '../catalog/catalog.queries'

export const lotKeys = {
  all: ['lots'] as const,
  list: (filters: LotFilters, page: LotPage) => ['lots', 'list', filters, page] as const,
  detail: (id: string) => ['lots', 'detail', id] as const,
}

export const settingsKeys = {
  all: ['settings'] as const,
}

// ---------------------------------------------------------------------------------------------
// The list's filters

/** Quick "expiring within N days" choices; expired lots are always included by the backend. */
export const EXPIRY_WINDOWS = [7, 30, 90] as const
export type ExpiryWindow = (typeof EXPIRY_WINDOWS)[number]

export interface LotFilters {
  readonly query: string
  readonly productId: string | null
  /** Only to show the chosen product in the picker; never sent. */
  readonly productName: string | null
  /** 'YYYY-MM-DD', both or neither. */
  readonly harvestFrom: string | null
  readonly harvestTo: string | null
  readonly expiringWithinDays: ExpiryWindow | null
  readonly includeArchived: boolean
}

export interface LotPage {
  readonly page: number
  readonly pageSize: number
}

export const DEFAULT_LOT_FILTERS: LotFilters = {
  query: '',
  productId: null,
  productName: null,
  harvestFrom: null,
  harvestTo: null,
  expiringWithinDays: null,
  includeArchived: false,
}

/**
 * The filters live outside the screen, so opening a lot and coming back finds the list as it was
 * left (the catalogue does the same with a context above the routes).
 */
let currentFilters: LotFilters = DEFAULT_LOT_FILTERS
const listeners = new Set<() => void>()

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function setLotFilters(change: Partial<LotFilters>): void {
  currentFilters = { ...currentFilters, ...change }
  for (const listener of listeners) listener()
}

export function useLotFilters(): LotFilters {
  return useSyncExternalStore(subscribe, () => currentFilters)
}

export function listInput(filters: LotFilters): Omit<ListLotsInput, 'limit' | 'offset'> {
  return {
    query: filters.query.trim(),
    includeArchived: filters.includeArchived,
    ...(filters.productId && { productId: filters.productId }),
    ...(filters.harvestFrom && { harvestFrom: filters.harvestFrom }),
    ...(filters.harvestTo && { harvestTo: filters.harvestTo }),
    ...(filters.expiringWithinDays !== null && { expiringWithinDays: filters.expiringWithinDays }),
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

export function useLotList(filters: LotFilters, page: LotPage) {
  return useQuery({
    queryKey: lotKeys.list(filters, page),
    queryFn: () => call('lots.listLots', { ...listInput(filters), limit: page.pageSize, offset: (page.page - 1) * page.pageSize }),
    // While the user types or turns a page, keep the previous rows instead of flashing an empty table.
    placeholderData: keepPreviousData,
  })
}

export function useLot(id: string) {
  return useQuery({ queryKey: lotKeys.detail(id), queryFn: () => call('lots.getLot', { id }) })
}

export function useSettings() {
  return useQuery({ queryKey: settingsKeys.all, queryFn: () => call('settings.get') })
}

/** A product with its variants; nothing is asked until one is chosen. Shares the catalogue's cache. */
export function useProductDetail(id: string | undefined) {
  return useQuery({ queryKey: productKeys.detail(id ?? ''), queryFn: () => call('catalog.getProduct', { id: id! }), enabled: !!id })
}

/** Growing-area codes already used on a product's lots: most lots come from the same few fields. */
export function useGrowingAreaCodesOf(productId: string | undefined) {
  const recent = useQuery({
    queryKey: ['lots', 'list', 'growingAreas', productId] as const,
    queryFn: () => call('lots.listLots', { productId: productId!, includeArchived: true, limit: 200 }),
    enabled: !!productId,
    staleTime: 60_000,
  })
  return useMemo(() => {
    const codes = new Set<string>()
    for (const lot of recent.data?.items ?? []) for (const code of lot.growingAreaCodes) codes.add(code)
    return [...codes].sort()
  }, [recent.data])
}

/** Products to pick from while typing (diacritics optional, as everywhere in the app). */
export function useProductChoices(query: string, enabled = true) {
  return useQuery({
    queryKey: ['products', 'list', 'choices', query] as const,
    queryFn: () => call('catalog.searchProducts', { query: query.trim(), status: 'live', limit: 20 }),
    placeholderData: keepPreviousData,
    enabled,
  })
}

// ---------------------------------------------------------------------------------------------
// Writing

function useLotSaved() {
  const queryClient = useQueryClient()
  return async (lot: LotDto) => {
    queryClient.setQueryData(lotKeys.detail(lot.id), lot)
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['lots', 'list'] }),
      queryClient.invalidateQueries({ queryKey: ['audit', lot.id] }),
    ])
  }
}

export function useCreateLot() {
  const saved = useLotSaved()
  return useMutation({ mutationFn: (input: CreateLotInput) => call('lots.createLot', input), onSuccess: saved })
}

export function useUpdateLot() {
  const saved = useLotSaved()
  return useMutation({ mutationFn: (input: UpdateLotInput) => call('lots.updateLot', input), onSuccess: saved })
}

export function useArchiveLot() {
  const saved = useLotSaved()
  return useMutation({ mutationFn: (id: string) => call('lots.archiveLot', { id }), onSuccess: saved })
}

export function useRestoreLot() {
  const saved = useLotSaved()
  return useMutation({ mutationFn: (id: string) => call('lots.restoreLot', { id }), onSuccess: saved })
}

/** One file per call: a bad photo then fails alone, and the screen can count "3/20". */
export function useAddLotPhoto() {
  const saved = useLotSaved()
  return useMutation({
    mutationFn: (input: { lotId: string; file: { name: string; bytes: Uint8Array<ArrayBuffer> } }) =>
      call('lots.addLotPhotos', { lotId: input.lotId, files: [input.file] }),
    onSuccess: saved,
  })
}

export function useRemoveLotPhoto() {
  const saved = useLotSaved()
  return useMutation({
    mutationFn: (input: { lotId: string; mediaKey: string }) => call('lots.removeLotPhoto', input),
    onSuccess: saved,
  })
}

export function useLookupTraceCode() {
  return useMutation({ mutationFn: (code: string) => call('lots.lookupTraceCode', { code }) })
}

export function useUpdateSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: UpdateSettingsInput) => call('settings.update', input),
    onSuccess: async (settings) => {
      queryClient.setQueryData(settingsKeys.all, settings)
      // Every lot's QR payload and trace URL follow the template.
      await Promise.all([queryClient.invalidateQueries({ queryKey: settingsKeys.all }), queryClient.invalidateQueries({ queryKey: lotKeys.all })])
    },
  })
}
