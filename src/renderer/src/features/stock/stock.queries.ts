import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useSyncExternalStore } from 'react'
import type { StocktakeDto } from '@shared/contract/orders'
import type { OperationInput, OperationOutput } from '@shared/contract/operations'
import { call } from '../../api/client'
import { ApiError, issuesOf, reasonOf } from '../../api/errors'
import { formatNumber } from '../../components/format'
import { currentLanguage, hasText, translateDynamic } from '../../i18n'
import { describeError } from '../../i18n/error-text'

export type StockMovement = OperationOutput<'stock.history'>[number]
type StockQuery = Omit<NonNullable<OperationInput<'stock.listStock'>>, 'limit' | 'offset'>

/**
 * Everything under `stock` moves together: a receipt, an adjustment or a confirmed stocktake
 * changes levels, lots on hand and the ledger at once, so writes drop the whole prefix.
 */
export const stockKeys = {
  all: ['stock'] as const,
  levels: (query: StockQuery, page: StockPage) => ['stock', 'levels', query, page] as const,
  levelsOf: (variantIds: readonly string[]) => ['stock', 'levelsOf', variantIds] as const,
  history: (variantId: string) => ['stock', 'history', variantId] as const,
  stocktake: (id: string) => ['stock', 'stocktake', id] as const,
}

export interface StockPage {
  readonly page: number
  readonly pageSize: number
}

/** A lot is "expiring soon" this many days ahead, the same window the lots list colours orange. */
export const EXPIRING_WITHIN_DAYS = 30
/** listStock and listLots answer at most this many rows per call. */
const MAX_ROWS_PER_CALL = 500
/** countStocktake takes up to 5,000 counts; smaller batches keep each write short and its failure local. */
export const COUNT_BATCH_SIZE = 200

// ---------------------------------------------------------------------------------------------
// Reading

export function useStockLevels(query: StockQuery, page: StockPage) {
  return useQuery({
    queryKey: stockKeys.levels(query, page),
    queryFn: () => call('stock.listStock', { ...query, limit: page.pageSize, offset: (page.page - 1) * page.pageSize }),
    // While the user types or turns a page, keep the previous rows instead of flashing an empty table.
    placeholderData: keepPreviousData,
  })
}

async function levelsOf(variantIds: readonly string[]) {
  const chunks: string[][] = []
  for (let i = 0; i < variantIds.length; i += MAX_ROWS_PER_CALL) chunks.push(variantIds.slice(i, i + MAX_ROWS_PER_CALL))
  const pages = await Promise.all(chunks.map((ids) => call('stock.listStock', { variantIds: ids, limit: MAX_ROWS_PER_CALL })))
  return pages.flatMap((p) => p.items)
}

/** The levels of given variants (a count sheet's, the expiring lots'), asked in chunks the contract accepts. */
export function useStockLevelsOf(variantIds: readonly string[]) {
  return useQuery({
    queryKey: stockKeys.levelsOf(variantIds),
    queryFn: () => levelsOf(variantIds),
    enabled: variantIds.length > 0,
  })
}

/** Every variant id a search finds, to count a stocktake of just those (the contract takes 5,000). */
export async function variantIdsMatching(query: StockQuery, max = 5000): Promise<string[]> {
  const ids: string[] = []
  for (let offset = 0; offset < max; offset += MAX_ROWS_PER_CALL) {
    const page = await call('stock.listStock', { ...query, limit: MAX_ROWS_PER_CALL, offset })
    ids.push(...page.items.map((level) => level.variantId))
    if (page.items.length < MAX_ROWS_PER_CALL || ids.length >= page.total) break
  }
  return ids.slice(0, max)
}

export function useStockHistory(variantId: string | undefined, limit: number) {
  return useQuery({
    queryKey: [...stockKeys.history(variantId ?? ''), limit] as const,
    queryFn: () => call('stock.history', { variantId: variantId!, limit }),
    enabled: !!variantId,
  })
}

/** Lots expiring within the window (expired ones included), earliest first; under `lots` so lot edits refresh it. */
export function useExpiringLots(query: string) {
  return useQuery({
    queryKey: ['lots', 'list', 'expiring', EXPIRING_WITHIN_DAYS, query] as const,
    queryFn: () => call('lots.listLots', { query: query.trim(), expiringWithinDays: EXPIRING_WITHIN_DAYS, limit: MAX_ROWS_PER_CALL }),
    placeholderData: keepPreviousData,
  })
}

export function useStocktake(id: string | undefined) {
  return useQuery({
    queryKey: stockKeys.stocktake(id ?? ''),
    queryFn: () => call('stock.getStocktake', { id: id! }),
    enabled: !!id,
    // A missing sheet (forgotten id, another data folder) is an answer, not a hiccup to retry.
    retry: (failures, error) => !(error instanceof ApiError && error.code === 'NOT_FOUND') && failures < 2,
  })
}

// ---------------------------------------------------------------------------------------------
// The open stocktake
//
// The contract has no "list stocktakes": the screen remembers the sheet it opened (and the one
// a refused start names) so the stock page can point back to it until it is confirmed or cancelled.

const OPEN_STOCKTAKE_KEY = 'ocop.stock.openStocktake'
const openListeners = new Set<() => void>()

function readOpenStocktake(): string | null {
  try {
    return window.localStorage.getItem(OPEN_STOCKTAKE_KEY)
  } catch {
    return null
  }
}

let openStocktake: string | null = readOpenStocktake()

function setOpenStocktake(id: string | null): void {
  openStocktake = id
  try {
    if (id === null) window.localStorage.removeItem(OPEN_STOCKTAKE_KEY)
    else window.localStorage.setItem(OPEN_STOCKTAKE_KEY, id)
  } catch {
    // Private windows may refuse storage; the sheet is then remembered for this session only.
  }
  for (const listener of openListeners) listener()
}

export function rememberOpenStocktake(id: string): void {
  if (openStocktake !== id) setOpenStocktake(id)
}

export function forgetOpenStocktake(id: string): void {
  if (openStocktake === id) setOpenStocktake(null)
}

export function useRememberedStocktakeId(): string | null {
  return useSyncExternalStore(
    (listener) => {
      openListeners.add(listener)
      return () => openListeners.delete(listener)
    },
    () => openStocktake,
  )
}

/** The id a refused start names: `CONFLICT stocktake_open` carries the open sheet's id. */
export function openStocktakeIdOf(error: unknown): string | null {
  if (!(error instanceof ApiError) || reasonOf(error) !== 'stocktake_open') return null
  const details = error.details as { id?: unknown } | undefined
  return typeof details?.id === 'string' ? details.id : null
}

// ---------------------------------------------------------------------------------------------
// Writing

function useStockChanged() {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: stockKeys.all })
}

export function useReceiveStock() {
  const changed = useStockChanged()
  return useMutation({ mutationFn: (input: OperationInput<'stock.receiveStock'>) => call('stock.receiveStock', input), onSuccess: changed })
}

export function useAdjustStock() {
  const changed = useStockChanged()
  return useMutation({
    mutationFn: (input: OperationInput<'stock.adjustStock'>) => call('stock.adjustStock', input),
    onSuccess: changed,
    // Refused for want of stock: what the screen showed is out of date (an order came in meanwhile).
    onError: (error) => (reasonOf(error) === 'stock_reserved' || reasonOf(error) === 'lot_stock_short' ? changed() : undefined),
  })
}

export function useSetThreshold() {
  const changed = useStockChanged()
  return useMutation({ mutationFn: (input: OperationInput<'stock.setLowStockThreshold'>) => call('stock.setLowStockThreshold', input), onSuccess: changed })
}

export function useStartStocktake() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: OperationInput<'stock.startStocktake'>) => call('stock.startStocktake', input),
    onSuccess: (sheet) => {
      queryClient.setQueryData(stockKeys.stocktake(sheet.id), sheet)
      rememberOpenStocktake(sheet.id)
    },
    onError: (error) => {
      const open = openStocktakeIdOf(error)
      if (open) rememberOpenStocktake(open)
    },
  })
}

/** Counts go in batches; each answer is the whole sheet, so the last one is what the server holds. */
export function useCountStocktake() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (input: { id: string; counts: { variantId: string; lotId: string | null; counted: number | null }[] }) => {
      let sheet: StocktakeDto | undefined
      for (let i = 0; i < input.counts.length; i += COUNT_BATCH_SIZE) {
        sheet = await call('stock.countStocktake', { id: input.id, counts: input.counts.slice(i, i + COUNT_BATCH_SIZE) })
        queryClient.setQueryData(stockKeys.stocktake(input.id), sheet)
      }
      return sheet
    },
  })
}

function useStocktakeClosed() {
  const queryClient = useQueryClient()
  const changed = useStockChanged()
  return async (sheet: StocktakeDto) => {
    queryClient.setQueryData(stockKeys.stocktake(sheet.id), sheet)
    forgetOpenStocktake(sheet.id)
    await changed()
  }
}

export function useConfirmStocktake() {
  const closed = useStocktakeClosed()
  return useMutation({ mutationFn: (id: string) => call('stock.confirmStocktake', { id }), onSuccess: closed })
}

export function useCancelStocktake() {
  const closed = useStocktakeClosed()
  return useMutation({ mutationFn: (id: string) => call('stock.cancelStocktake', { id }), onSuccess: closed })
}

// ---------------------------------------------------------------------------------------------
// Errors in words
//
// The stock reasons carry numbers (how many are available, held, missing): they read with them,
// under `stock.errors`. Anything else goes to the app-wide wording.

function numbersOf(error: ApiError): Record<string, string> {
  const details = typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {}
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(details)) {
    if (typeof value === 'number') out[key] = formatNumber(value, currentLanguage())
    else if (typeof value === 'string') out[key] = value
  }
  return out
}

export function stockErrorReason(error: unknown): string | undefined {
  const reason = reasonOf(error)
  if (reason && hasText(`stock.errors.${reason}`)) return reason
  return issuesOf(error).find((issue) => hasText(`stock.errors.${issue.code}`))?.code
}

export function stockErrorText(error: unknown): string {
  const reason = stockErrorReason(error)
  if (error instanceof ApiError && reason) return translateDynamic(`stock.errors.${reason}`, numbersOf(error))
  return describeError(error)
}
