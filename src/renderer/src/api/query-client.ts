import { QueryClient } from '@tanstack/react-query'
import { isApiError } from './errors'

/**
 * A desktop app over a local database: answers are fast and nobody else edits behind our
 * back often, so no refetch on focus; only a missing answer (NETWORK) is worth retrying.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        staleTime: 5_000,
        retry: (failureCount, error) => isApiError(error, 'NETWORK') && failureCount < 2,
      },
      mutations: { retry: false },
    },
  })
}
