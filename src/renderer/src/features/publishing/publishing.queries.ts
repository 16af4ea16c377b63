import { useMutation, useQuery, useQueryClient, type Query } from '@tanstack/react-query'
import type { ChannelAccountDto, CreateChannelAccountInput, ExportPortalListingsInput, ListingDto, UpsertListingInput } from '@shared/contract/publishing'
import { call } from '../../api/client'

export const publishingKeys = {
  all: ['publishing'] as const,
  accounts: ['publishing', 'accounts'] as const,
  listings: (channelAccountId: string) => ['publishing', 'listings', channelAccountId] as const,
  jobs: (status: 'pending' | 'dead') => ['publishing', 'jobs', status] as const,
  productSearch: (query: string) => ['publishing', 'productSearch', query] as const,
  product: (productId: string) => ['publishing', 'product', productId] as const,
}

/** While a change is on its way (the outbox drains every few seconds), ask again this often. */
export const BUSY_POLL_MS = 3_000
/**
 * Otherwise still ask now and then: a sale elsewhere queues a stock push, a marketplace order or
 * the background worker changes listings and accounts without this screen knowing.
 */
export const IDLE_POLL_MS = 15_000

type Polled<T> = Query<T, Error, T, readonly unknown[]>

export function accountsBusy(accounts: readonly ChannelAccountDto[] | undefined): boolean {
  return accounts?.some((a) => a.pendingJobs > 0) ?? false
}

export function listingsBusy(listings: readonly ListingDto[] | undefined): boolean {
  return listings?.some((l) => l.pendingJobs > 0 || l.status === 'queued') ?? false
}

export function useChannelAccounts(options: { waitingForConsent?: boolean } = {}) {
  return useQuery({
    queryKey: publishingKeys.accounts,
    queryFn: () => call('channels.listAccounts'),
    refetchInterval: (query: Polled<ChannelAccountDto[]>) => (options.waitingForConsent || accountsBusy(query.state.data) ? BUSY_POLL_MS : IDLE_POLL_MS),
    // The seller approves on the marketplace's page in another tab or the system browser.
    refetchIntervalInBackground: options.waitingForConsent ?? false,
  })
}

export function useListings(channelAccountId: string | null) {
  return useQuery({
    queryKey: publishingKeys.listings(channelAccountId ?? ''),
    queryFn: () => call('listings.listListings', { channelAccountId: channelAccountId ?? undefined }),
    enabled: channelAccountId !== null,
    refetchInterval: (query: Polled<ListingDto[]>) => (listingsBusy(query.state.data) ? BUSY_POLL_MS : IDLE_POLL_MS),
  })
}

export function useOutboxJobs(status: 'pending' | 'dead') {
  return useQuery({
    queryKey: publishingKeys.jobs(status),
    queryFn: () => call('outbox.listJobs', { status, limit: 200 }),
    // Waiting changes move every few seconds; failed ones only when someone acts on them.
    refetchInterval: status === 'pending' ? BUSY_POLL_MS : IDLE_POLL_MS,
  })
}

export function useProductSearch(query: string, enabled: boolean) {
  return useQuery({
    queryKey: publishingKeys.productSearch(query),
    queryFn: () => call('catalog.searchProducts', { query, limit: 30, status: 'live' }),
    enabled,
    placeholderData: (previous) => previous,
  })
}

/** The product behind a listing, for its variants' own prices and names. */
export function useListedProduct(productId: string) {
  return useQuery({ queryKey: publishingKeys.product(productId), queryFn: () => call('catalog.getProduct', { id: productId }) })
}

/** Any change here can move accounts' counters, listings and jobs at once: ask for all again. */
function useRefreshPublishing() {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: publishingKeys.all, predicate: (q) => q.queryKey[1] !== 'productSearch' && q.queryKey[1] !== 'product' })
}

export function useCreateChannelAccount() {
  const refresh = useRefreshPublishing()
  return useMutation({ mutationFn: (input: CreateChannelAccountInput) => call('channels.createAccount', input), onSuccess: refresh })
}

export function useStartAuthorization() {
  return useMutation({ mutationFn: (id: string) => call('channels.startAuthorization', { id }) })
}

/** The app's return address, which Lazada and TikTok Shop need registered; it does not change while the app runs. */
export function useRedirectUrl(enabled: boolean) {
  return useQuery({ queryKey: [...publishingKeys.accounts, 'redirect-url'], queryFn: () => call('channels.getRedirectUrl'), enabled, staleTime: Infinity })
}

export function usePullOrders() {
  const refresh = useRefreshPublishing()
  return useMutation({ mutationFn: (id: string) => call('channels.pullOrders', { id }), onSuccess: refresh })
}

export function useUpsertListing() {
  const refresh = useRefreshPublishing()
  return useMutation({ mutationFn: (input: UpsertListingInput) => call('listings.upsertListing', input), onSuccess: refresh })
}

/** Adding products one by one: the caller reports how far it got when one fails. */
export function useAddListings() {
  const refresh = useRefreshPublishing()
  return useMutation({
    mutationFn: async (input: { channelAccountId: string; productIds: readonly string[] }) => {
      const added: ListingDto[] = []
      for (const productId of input.productIds) {
        try {
          added.push(await call('listings.upsertListing', { channelAccountId: input.channelAccountId, productId }))
        } catch (error) {
          throw new AddListingsFailure(added.length, productId, error)
        }
      }
      return added
    },
    onSettled: refresh,
  })
}

export class AddListingsFailure extends Error {
  override readonly name = 'AddListingsFailure'
  constructor(
    readonly added: number,
    readonly productId: string,
    readonly cause: unknown,
  ) {
    super(`Stopped after ${added} listings`)
  }
}

export function usePublishListings() {
  const refresh = useRefreshPublishing()
  return useMutation({ mutationFn: (listingIds: string[]) => call('listings.publish', { listingIds }), onSettled: refresh })
}

export function usePublishProducts() {
  const refresh = useRefreshPublishing()
  return useMutation({
    mutationFn: (input: { productIds: string[]; channelAccountIds: string[] }) => call('listings.publishProducts', input),
    onSettled: refresh,
  })
}

export function useUnlistListings() {
  const refresh = useRefreshPublishing()
  return useMutation({ mutationFn: (listingIds: string[]) => call('listings.unlist', { listingIds }), onSettled: refresh })
}

export function useRetryJob() {
  const refresh = useRefreshPublishing()
  return useMutation({ mutationFn: (id: string) => call('outbox.retryJob', { id }), onSettled: refresh })
}

export function useDropJob() {
  const refresh = useRefreshPublishing()
  return useMutation({ mutationFn: (id: string) => call('outbox.dropJob', { id }), onSettled: refresh })
}

export function useExportPortalListings() {
  return useMutation({ mutationFn: (input: ExportPortalListingsInput) => call('publishing.exportPortalListings', input) })
}
