import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ApplyStatementInput, PreviewStatementInput, StatementKind } from '@shared/contract/payments'
import { call } from '../../api/client'
import { orderKeys } from '../orders/orders.queries'
import { paymentKeys } from '../payments/payments.queries'

/** A preview is stored by the backend (recording uses exactly what was shown), so it is a mutation. */
export function usePreviewStatement() {
  return useMutation({ mutationFn: (input: PreviewStatementInput) => call('payments.previewStatement', input) })
}

/** Recording moves money on many orders at once: every order and payment on screen is asked again. */
export function useApplyStatement() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: ApplyStatementInput) => call('payments.applyStatement', input),
    onSuccess: async () => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: orderKeys.all }), queryClient.invalidateQueries({ queryKey: paymentKeys.all })])
    },
  })
}

const PROFILE_KEY = (kind: StatementKind) => `ocop.statementProfile.${kind}`

/** The bank or carrier chosen last time on this computer: the accountant reads the same ones every month. */
export function rememberedProfile(kind: StatementKind): string | null {
  try {
    const value = window.localStorage.getItem(PROFILE_KEY(kind))
    return value && value.trim() !== '' ? value : null
  } catch {
    return null
  }
}

export function rememberProfile(kind: StatementKind, profile: string): void {
  try {
    window.localStorage.setItem(PROFILE_KEY(kind), profile)
  } catch {
    // Private windows may refuse storage; the choice is then asked again next time.
  }
}
